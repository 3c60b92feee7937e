//! A fund's bank accounts: recorded and retired by the fund's treasurers, read by anyone (they
//! are on the fund's public page), and drawn as VietQR codes.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;
use shared::{
    AuditAction, AuditObject,
    bank::{Bank, BankAccountForCreate},
    vietqr::{TransferNote, VietQr},
};

use super::{
    actor::{MONEY_ROLES, SignedIn},
    audit::{self, AuditEntry, RequestMeta},
    fund,
};
use crate::{
    entity::fund_bank_account,
    error::{Error, Result},
};

/// An account as the service reads it, with its bank from the list.
#[derive(Debug, Clone)]
pub struct BankAccount {
    pub row: fund_bank_account::Model,
    pub bank: &'static Bank,
}

impl BankAccount {
    fn of(row: fund_bank_account::Model) -> Result<Self> {
        let bank = shared::bank::bank(&row.bank_bin).ok_or_else(|| {
            Error::Internal(format!(
                "bank account {} names bank {}, which is not on the list",
                row.id, row.bank_bin
            ))
        })?;
        Ok(Self { row, bank })
    }

    /// The code a payer scans to transfer to this account: with an amount and a note for one
    /// pledge, or without (the payer types them) on the fund's page.
    pub fn vietqr(&self, amount: Option<shared::Money>, note: Option<TransferNote>) -> VietQr {
        VietQr {
            bin: self.row.bank_bin.clone(),
            account: self.row.account_number.clone(),
            amount,
            note,
        }
    }
}

/// The fund's accounts as the audit log keeps them.
fn summary(row: &fund_bank_account::Model) -> serde_json::Value {
    json!({
        "fundId": row.fund_id,
        "bankBin": row.bank_bin,
        "accountNumber": row.account_number,
        "holder": row.holder,
    })
}

/// Records an account of a fund whose money the actor moves (treasurer or admin), and audits
/// it. An account is one fund's: one already recorded for another fund is `CONFLICT`, one
/// recorded and retired for this fund is taken back into use.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn add_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    fund_id: i64,
    account: BankAccountForCreate,
) -> Result<BankAccount> {
    let txn = crate::db::begin_write(db).await?;
    let found = fund::get_with_owner(&txn, fund_id).await?;
    actor.require_any(
        &MONEY_ROLES,
        &found.owner,
        "record this fund's bank accounts",
    )?;
    let existing = fund_bank_account::Entity::find()
        .filter(fund_bank_account::Column::BankBin.eq(account.bank.bin))
        .filter(fund_bank_account::Column::AccountNumber.eq(account.number.as_str()))
        .one(&txn)
        .await?;
    let (before, saved) = match existing {
        Some(row) if row.fund_id != fund_id => {
            return Err(Error::Conflict(
                "This account is already recorded for another fund: an account belongs to one fund."
                    .into(),
            ));
        }
        Some(row) if row.retired_at.is_none() => {
            return Err(Error::Conflict(
                "This account is already recorded for this fund.".into(),
            ));
        }
        Some(row) => {
            let before = summary(&row);
            let mut back: fund_bank_account::ActiveModel = row.into();
            back.holder = Set(account.holder);
            back.retired_at = Set(None);
            (before, back.update(&txn).await?)
        }
        None => {
            let row = fund_bank_account::ActiveModel {
                fund_id: Set(fund_id),
                bank_bin: Set(account.bank.bin.to_owned()),
                account_number: Set(account.number.as_str().to_owned()),
                holder: Set(account.holder),
                created_by: Set(actor.user_id),
                created_at: Set(Utc::now()),
                retired_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(|e| {
                Error::unique_violation_as_conflict(e, "This account was just recorded.")
            })?;
            (json!(null), row)
        }
    };
    let entry = AuditEntry {
        actor_id: Some(actor.user_id),
        action: AuditAction::BankAccountAdded,
        object_type: AuditObject::BankAccount,
        object_id: Some(saved.id.to_string()),
        organization_id: Some(found.owner.id),
        before,
        after: summary(&saved),
    };
    audit::record(&txn, meta, entry).await?;
    txn.commit().await?;
    BankAccount::of(saved)
}

/// Stops showing an account: its codes are no longer offered (pledges already made keep it),
/// and it is audited. Retiring a retired account is `CONFLICT`.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn retire_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    id: i64,
) -> Result<BankAccount> {
    let txn = crate::db::begin_write(db).await?;
    let row = fund_bank_account::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "BankAccount",
            id: id.to_string(),
        })?;
    let found = fund::get_with_owner(&txn, row.fund_id).await?;
    actor.require_any(
        &MONEY_ROLES,
        &found.owner,
        "retire this fund's bank accounts",
    )?;
    if row.retired_at.is_some() {
        return Err(Error::Conflict("This account is already retired.".into()));
    }
    let before = summary(&row);
    let mut retired: fund_bank_account::ActiveModel = row.into();
    retired.retired_at = Set(Some(Utc::now()));
    let retired = retired.update(&txn).await?;
    let entry = AuditEntry {
        actor_id: Some(actor.user_id),
        action: AuditAction::BankAccountRetired,
        object_type: AuditObject::BankAccount,
        object_id: Some(retired.id.to_string()),
        organization_id: Some(found.owner.id),
        before,
        after: json!({ "retiredAt": retired.retired_at }),
    };
    audit::record(&txn, meta, entry).await?;
    txn.commit().await?;
    BankAccount::of(retired)
}

/// The accounts in use of each of these funds, oldest first, in one statement.
pub async fn live_of_funds(
    db: &impl ConnectionTrait,
    fund_ids: &[i64],
) -> Result<HashMap<i64, Vec<BankAccount>>> {
    let rows = fund_bank_account::Entity::find()
        .filter(fund_bank_account::Column::FundId.is_in(fund_ids.iter().copied()))
        .filter(fund_bank_account::Column::RetiredAt.is_null())
        .order_by_asc(fund_bank_account::Column::FundId)
        .order_by_asc(fund_bank_account::Column::Id)
        .all(db)
        .await?;
    let mut by_fund: HashMap<i64, Vec<BankAccount>> = HashMap::new();
    for row in rows {
        by_fund
            .entry(row.fund_id)
            .or_default()
            .push(BankAccount::of(row)?);
    }
    Ok(by_fund)
}

/// One account by id, retired or not.
pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<BankAccount> {
    let row = fund_bank_account::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "BankAccount",
            id: id.to_string(),
        })?;
    BankAccount::of(row)
}

/// A code drawn as an SVG image: dark modules on white, with the quiet zone scanners need,
/// medium error correction (a phone's camera over a printed poster), and a title for screen
/// readers. No XML declaration, so it can sit inside an HTML page.
pub fn qr_svg(code: &VietQr, title: &str) -> Result<String> {
    use qrcode::{EcLevel, QrCode, render::svg};
    let payload = code.payload();
    let qr = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        .map_err(|e| Error::Internal(format!("a VietQR payload did not fit a QR code: {e}")))?;
    let image = qr
        .render::<svg::Color>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .build();
    let body = image
        .find("<svg")
        .map_or(image.as_str(), |start| &image[start..]);
    let escaped = title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    Ok(body.replacen(
        '>',
        &format!(
            " role=\"img\" aria-label=\"{}\"><title>{escaped}</title>",
            escaped.replace('"', "&quot;")
        ),
        1,
    ))
}
