//! A cash book's donations imported into a fund (XLSX, XLS or CSV, in the template's columns or
//! the book's own), by the fund's treasurers, who may record each gift by hand too.
//!
//! Upload, preview, import, as for learners: the upload refuses a file that is not a list of
//! gifts; the preview says what each good row would do (record the gift; skip one already
//! recorded) and lists every bad cell with why, recording nothing; the import records every
//! good row in one transaction, each a donation as the form records one (its entries, the
//! fund's balance, its audit), and audits the import once.
//!
//! A row is known again by its key: a digest of the fund and of everything the row says (its
//! day, receipt, donor and contact, amount, way, bank reference and memo) and, for rows alike
//! in all of that, how many came before it. So the same file again records nothing, and two
//! equal gifts on one day are both recorded. A row whose receipt number or bank reference is
//! already on a donation of the fund of the same amount (recorded by hand, or from the bank's
//! statement) is that donation, and skipped; of another amount, it is refused
//! (`RECEIPT_TAKEN`, `BANK_REFERENCE_TAKEN`). A reversed donation holds neither.
//!
//! A donor is found among the organisation's by name (folded: without diacritics or case): the
//! one with the row's contact, else the one of that name without a contact (or any one, when
//! the row gives none); several → `DONOR_AMBIGUOUS`. A name and contact no donor has is one new
//! donor, however many rows name them. An import does not change a donor on record.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    sea_query::{Alias, Expr, ExprTrait as _, Func, JoinType, Query},
};
use serde_json::json;
use shared::{
    AuditAction, AuditObject, Money, TransactionKind,
    donation_import::{self as reader, Column, Donation, Reading},
    sheet::{CellProblem, ImportAction, Problem},
    text::folded,
};

use super::{
    actor::{MONEY_ROLES, SignedIn},
    audit::{self, AuditEntry, RequestMeta},
    campaign,
    fund::{self as funds, DonorForCreate, FundWithOwner},
    import_file as files,
    ledger::{self, DonorRef, Movement, Received},
};
use crate::{
    entity::{donor, fund as fund_row, import_file, ledger_entry, ledger_transaction},
    error::{Error, Result},
};

/// The largest file taken: 5,000 gifts are well under it.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// What an `import_file` of donations is.
const KIND: &str = "DONATIONS";

/// How many values one `IN (…)` list holds: far inside both engines' bind limits.
const CHUNK: usize = 500;

/// Who gave a row's gift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Giver {
    /// A donor on record.
    Existing(i64),
    /// A new donor, first named on this row (later rows naming them give the same row).
    New(usize),
}

/// What a good row would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub row: usize,
    pub action: ImportAction,
    pub donation: Donation,
    /// Who gave, for a gift to record.
    pub giver: Option<Giver>,
    /// The donor's name: as on record for a donor on record, as the row writes it otherwise.
    pub donor_name: String,
    /// The campaign the gift counts toward, and its name.
    pub campaign: Option<(i64, String)>,
    /// The key the row is recorded by.
    pub key: String,
}

/// What importing a file would do.
#[derive(Debug, Clone)]
pub struct Preview {
    pub file: import_file::Model,
    pub fund: FundWithOwner,
    pub planned: Vec<Planned>,
    pub problems: Vec<Problem>,
}

impl Preview {
    /// What the rows to record add up to.
    pub fn total(&self) -> Money {
        to_record(&self.planned)
    }
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub created: usize,
    pub skipped: usize,
    pub total: Money,
}

fn to_record(planned: &[Planned]) -> Money {
    Money::checked_sum(
        planned
            .iter()
            .filter(|p| p.action == ImportAction::Create)
            .map(|p| p.donation.amount),
    )
    .unwrap_or(Money::MAX_AMOUNT)
}

/// The fund, for one of its treasurers (or its organisation's administrators), while open.
async fn fund_for_treasurer(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    fund_id: i64,
) -> Result<FundWithOwner> {
    let found = funds::get_with_owner(db, fund_id).await?;
    actor.require_any(
        &MONEY_ROLES,
        &found.owner,
        "import donations into this fund",
    )?;
    if found.fund.archived_at.is_some() {
        return Err(Error::Conflict(
            "this fund is archived: nothing is recorded in it".into(),
        ));
    }
    Ok(found)
}

fn read(bytes: &[u8]) -> Result<Reading> {
    let today = shared::date::vietnam_day(Utc::now());
    files::read_as(bytes, |rows| reader::read(rows, today))
}

/// Keeps an uploaded file of a fund's donations, once it reads as one.
#[tracing::instrument(skip(db, actor, bytes), fields(size = bytes.len()))]
pub async fn upload_as(
    db: &DatabaseConnection,
    actor: &SignedIn,
    fund_id: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<import_file::Model> {
    super::sheet::at_most(&bytes, MAX_BYTES)?;
    let found = fund_for_treasurer(db, actor, fund_id).await?;
    read(&bytes)?;
    let owner = files::For {
        organization_id: found.owner.id,
        fund_id: Some(found.fund.id),
        kind: KIND,
    };
    files::keep(db, actor, owner, file_name, bytes).await
}

async fn file_for_treasurer(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    file_id: i64,
) -> Result<(import_file::Model, FundWithOwner)> {
    let file = files::find(db, file_id, KIND).await?;
    let fund_id = file
        .fund_id
        .ok_or_else(|| Error::Internal(format!("file {file_id} of donations names no fund")))?;
    let found = fund_for_treasurer(db, actor, fund_id).await?;
    Ok((file, found))
}

/// What importing an uploaded file would do, row by row; nothing is recorded.
pub async fn preview_as(
    db: &DatabaseConnection,
    actor: &SignedIn,
    file_id: i64,
) -> Result<Preview> {
    let (file, fund) = file_for_treasurer(db, actor, file_id).await?;
    let reading = read(&file.content)?;
    let (planned, problems) = plan(db, &fund, reading).await?;
    Ok(Preview {
        file,
        fund,
        planned,
        problems,
    })
}

/// Records every good row of an uploaded file in one transaction, in the file's order, and
/// audits it once.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn import_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    file_id: i64,
) -> Result<Imported> {
    let (file, fund) = file_for_treasurer(db, actor, file_id).await?;
    let reading = read(&file.content)?;
    let txn = crate::db::begin_write(db).await?;
    // The fund's row, locked before the plan: a second import, a donation by hand or from a
    // bank's statement waits until this one is done, and the plan sees everything before it.
    crate::db::lock_rows::<fund_row::Entity>(&txn, fund_row::Column::Id, [fund.fund.id]).await?;
    let (planned, _) = plan(&txn, &fund, reading).await?;
    let total = to_record(&planned);
    let mut new_donors: HashMap<usize, i64> = HashMap::new();
    let mut recorded = Vec::new();
    let mut skipped = 0;
    for line in planned {
        if line.action != ImportAction::Create {
            skipped += 1;
            continue;
        }
        let gift = line.donation;
        let Some(giver) = line.giver else {
            return Err(Error::Internal(format!(
                "row {} to record has no donor",
                line.row
            )));
        };
        let donor = match giver {
            Giver::Existing(id) => DonorRef::Existing(id),
            Giver::New(row) => match new_donors.get(&row) {
                Some(&id) => DonorRef::Existing(id),
                None => DonorRef::New(DonorForCreate {
                    kind: gift.donor_kind,
                    name: gift.donor_name.clone(),
                    anonymous: gift.anonymous,
                    contact: gift.contact.clone(),
                }),
            },
        };
        let done = ledger::record_in(
            &txn,
            meta,
            actor,
            Movement::Donation {
                fund_id: fund.fund.id,
                amount: gift.amount,
                donor,
                method: gift.method,
                bank_reference: gift.bank_reference,
                memo: gift.memo,
                campaign_id: line.campaign.map(|(id, _)| id),
                received: Some(Received {
                    on: Some(gift.received_on),
                    receipt_number: gift.receipt_number,
                    import_key: Some(line.key),
                }),
            },
        )
        .await?;
        if let (Giver::New(row), Some(donor_id)) = (giver, done.transaction.donor_id) {
            new_donors.entry(row).or_insert(donor_id);
        }
        recorded.push(done.transaction.id);
    }
    files::imported(&txn, file.id).await?;
    audit::record(
        &txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action: AuditAction::DonationsImported,
            object_type: AuditObject::Fund,
            object_id: Some(fund.fund.id.to_string()),
            organization_id: Some(fund.owner.id),
            before: json!(null),
            after: json!({
                "file": file.file_name, "sha256": file.sha256,
                "transactions": recorded, "total": total.dong(), "skipped": skipped,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Imported {
        created: recorded.len(),
        skipped,
        total,
    })
}

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
    super::sha256_hex(content.to_string().as_bytes())
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
async fn plan(
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
