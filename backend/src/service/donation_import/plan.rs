//! What each good row of a cash book would do, against the fund's book: its key, whether it is
//! recorded already (by its key, its receipt or its bank reference), its donor and campaign.

use std::collections::{HashMap, HashSet};

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Alias, Expr, ExprTrait as _, Func, JoinType, Query},
};
use serde_json::json;
use shared::{
    TransactionKind,
    donation_import::{Column, Donation, Reading},
    sheet::{CellProblem, ImportAction, Problem},
    text::folded,
};

use super::{CHUNK, Giver, Planned};
use crate::{
    entity::{donor, ledger_entry, ledger_transaction},
    error::Result,
    service::{campaign, fund::FundWithOwner},
};

/// The key a row is recorded by: the fund, what the row says, and its place among rows that
/// say the same (`nth`, from 0).
fn key(fund_id: i64, gift: &Donation, nth: usize) -> String {
    let text = |value: Option<&str>| folded(value.unwrap_or_default());
    // A JSON array, so that no text of one field can pass for another's.
    let content = json!([
        fund_id,
        gift.received_on,
        text(gift.receipt_number.as_deref()),
        folded(&gift.donor_name),
        text(gift.contact.as_deref()),
        gift.amount.dong(),
        gift.method.code(),
        text(gift.bank_reference.as_deref()),
        folded(&gift.memo),
        nth,
    ]);
    crate::service::sha256_hex(content.to_string().as_bytes())
}

/// A donation of the fund on record that a row may be: what it brought into the fund, and
/// whether it was reversed since.
struct OnRecord {
    amount: i64,
    reversed: bool,
}

/// The fund's donations whose `column` is one of `values` (compared in lower case), by that
/// value folded. One statement a chunk: the fund's entries joined to their transactions, so
/// that other funds' receipts and references are never read.
async fn donations_by(
    db: &impl ConnectionTrait,
    fund_id: i64,
    column: ledger_transaction::Column,
    values: Vec<String>,
) -> Result<HashMap<String, OnRecord>> {
    let (t, e, r) = (Alias::new("t"), Alias::new("e"), Alias::new("r"));
    let mut found = HashMap::new();
    for chunk in values.chunks(CHUNK) {
        let lowered: Vec<String> = chunk.iter().map(|v| v.to_lowercase()).collect();
        let query = Query::select()
            .expr_as(Expr::col((t.clone(), column)), Alias::new("value"))
            .expr_as(
                Expr::col((e.clone(), ledger_entry::Column::Amount)),
                Alias::new("amount"),
            )
            .expr_as(
                Expr::col((r.clone(), ledger_transaction::Column::Id)),
                Alias::new("reversal"),
            )
            .from_as(ledger_entry::Entity, e.clone())
            .join_as(
                JoinType::InnerJoin,
                ledger_transaction::Entity,
                t.clone(),
                Expr::col((t.clone(), ledger_transaction::Column::Id))
                    .equals((e.clone(), ledger_entry::Column::TransactionId)),
            )
            .join_as(
                JoinType::LeftJoin,
                ledger_transaction::Entity,
                r.clone(),
                Expr::col((r.clone(), ledger_transaction::Column::ReversesId))
                    .equals((t.clone(), ledger_transaction::Column::Id)),
            )
            .and_where(Expr::col((e.clone(), ledger_entry::Column::FundId)).eq(fund_id))
            .and_where(
                Expr::col((t.clone(), ledger_transaction::Column::Kind))
                    .eq(TransactionKind::Donation),
            )
            .and_where(Expr::expr(Func::lower(Expr::col((t.clone(), column)))).is_in(lowered))
            .to_owned();
        for row in db.query_all(&query).await? {
            let value: Option<String> = row.try_get("", "value")?;
            let reversal: Option<i64> = row.try_get("", "reversal")?;
            if let Some(value) = value {
                found.insert(
                    folded(&value),
                    OnRecord {
                        amount: row.try_get("", "amount")?,
                        reversed: reversal.is_some(),
                    },
                );
            }
        }
    }
    Ok(found)
}

/// A donation on record that still stands (not reversed).
fn standing(on: Option<&OnRecord>) -> Option<&OnRecord> {
    on.filter(|on| !on.reversed)
}

/// The organisation's donors with one of these folded names, by it.
async fn donors_named(
    db: &impl ConnectionTrait,
    organization_id: i64,
    names: Vec<String>,
) -> Result<HashMap<String, Vec<donor::Model>>> {
    let mut found: HashMap<String, Vec<donor::Model>> = HashMap::new();
    for chunk in names.chunks(CHUNK) {
        for row in donor::Entity::find()
            .filter(donor::Column::OrganizationId.eq(organization_id))
            .filter(donor::Column::SearchText.is_in(chunk.iter().cloned()))
            .all(db)
            .await?
        {
            found.entry(row.search_text.clone()).or_default().push(row);
        }
    }
    Ok(found)
}

/// Decides what each good row does: its key, whether it is on record (by its key, or by its
/// bank reference), its donor and its campaign.
pub(super) async fn plan(
    db: &impl ConnectionTrait,
    fund: &FundWithOwner,
    reading: Reading,
) -> Result<(Vec<Planned>, Vec<Problem>)> {
    let fund_id = fund.fund.id;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let keys: Vec<String> = reading
        .rows
        .iter()
        .map(|row| {
            let nth = seen.entry(key(fund_id, &row.donation, 0)).or_default();
            *nth += 1;
            key(fund_id, &row.donation, *nth - 1)
        })
        .collect();
    let values = |of: fn(&Donation) -> Option<&String>| -> Vec<String> {
        reading
            .rows
            .iter()
            .filter_map(|row| of(&row.donation))
            .cloned()
            .collect::<HashSet<_>>()
            .into_iter()
            .collect()
    };
    let by_key = donations_by(
        db,
        fund_id,
        ledger_transaction::Column::ImportKey,
        keys.clone(),
    )
    .await?;
    let receipts = donations_by(
        db,
        fund_id,
        ledger_transaction::Column::ReceiptNumber,
        values(|d| d.receipt_number.as_ref()),
    )
    .await?;
    let references = donations_by(
        db,
        fund_id,
        ledger_transaction::Column::BankReference,
        values(|d| d.bank_reference.as_ref()),
    )
    .await?;
    let names = reading.rows.iter().map(|r| folded(&r.donation.donor_name));
    let donors = donors_named(
        db,
        fund.owner.id,
        names.collect::<HashSet<_>>().into_iter().collect(),
    )
    .await?;
    let campaigns: HashMap<String, (i64, String)> = campaign::of_funds(db, &[fund_id])
        .await?
        .remove(&fund_id)
        .unwrap_or_default()
        .into_iter()
        .map(|c| (folded(&c.name), (c.id, c.name)))
        .collect();
    let mut problems = Vec::new();
    let mut planned = Vec::with_capacity(reading.rows.len());
    // Each new donor by name and contact, with the row that first names them.
    let mut new_donors: HashMap<(String, String), usize> = HashMap::new();
    for (row, key) in reading.rows.iter().zip(keys) {
        let gift = &row.donation;
        let refuse = |column, why, expected| reading.refused(row.row, column, why, expected);
        // Recorded already: by this row's key, or as the same gift under its receipt or its
        // bank reference (by hand, or from the bank's statement). A reversed gift holds
        // neither: it may be recorded again.
        let receipt = standing(
            gift.receipt_number
                .as_deref()
                .and_then(|r| receipts.get(&folded(r))),
        );
        let reference = standing(
            gift.bank_reference
                .as_deref()
                .and_then(|r| references.get(&folded(r))),
        );
        let recorded = by_key.contains_key(&key)
            || [receipt, reference]
                .into_iter()
                .flatten()
                .any(|on| on.amount == gift.amount.dong());
        if recorded {
            planned.push(Planned {
                row: row.row,
                action: ImportAction::Skip,
                donation: gift.clone(),
                giver: None,
                donor_name: gift.donor_name.clone(),
                campaign: None,
                key,
            });
            continue;
        }
        if receipt.is_some() {
            problems.push(refuse(
                Column::Receipt,
                CellProblem::ReceiptTaken,
                "a receipt number no other donation of the fund has",
            ));
            continue;
        }
        if reference.is_some() {
            problems.push(refuse(
                Column::BankReference,
                CellProblem::BankReferenceTaken,
                "a bank reference not on a donation of another amount",
            ));
            continue;
        }
        let campaign = match gift.campaign.as_deref() {
            None => None,
            Some(name) => match campaigns.get(&folded(name)) {
                Some(found) => Some(found.clone()),
                None => {
                    problems.push(refuse(
                        Column::Campaign,
                        CellProblem::CampaignNotFound,
                        "the name of one of the fund's campaigns",
                    ));
                    continue;
                }
            },
        };
        let name = folded(&gift.donor_name);
        let contact = folded(gift.contact.as_deref().unwrap_or_default());
        let named = donors.get(&name).map(Vec::as_slice).unwrap_or_default();
        let contact_of = |d: &donor::Model| folded(d.contact.as_deref().unwrap_or_default());
        // A contact tells apart people of one name: the donor with the row's contact, else
        // the one donor of the name (without a contact, or when the row gives none).
        let exact: Vec<&donor::Model> = named
            .iter()
            .filter(|d| !contact.is_empty() && contact_of(d) == contact)
            .collect();
        let same: Vec<&donor::Model> = if exact.is_empty() {
            named
                .iter()
                .filter(|d| contact.is_empty() || contact_of(d).is_empty())
                .collect()
        } else {
            exact
        };
        let (giver, donor_name) = match same.as_slice() {
            [one] => (Giver::Existing(one.id), one.name.clone()),
            [] => {
                let first = *new_donors.entry((name, contact)).or_insert(row.row);
                (Giver::New(first), gift.donor_name.clone())
            }
            [..] => {
                problems.push(refuse(
                    Column::Donor,
                    CellProblem::DonorAmbiguous,
                    "the name of one donor: several of the organisation's have it (give their \
                     contact)",
                ));
                continue;
            }
        };
        planned.push(Planned {
            row: row.row,
            action: ImportAction::Create,
            donation: gift.clone(),
            giver: Some(giver),
            donor_name,
            campaign,
            key,
        });
    }
    problems.extend(reading.problems);
    problems.sort_by_key(|p| p.row);
    Ok((planned, problems))
}
