//! The treasurer's decision on a line left unmatched: a pledge's donation, a donation from
//! the payer, a payout, or set aside with a reason. Once.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set, sea_query::Expr,
};
use serde_json::json;
use shared::{
    AuditAction, AuditObject, DonorKind,
    bank_statement::{BankLineStatus, StatementLine},
};

use super::{NOTE_MAX_CHARS, lock_key, plan, read::statement_line, record_donation, record_pledge};
use crate::{
    entity::{bank_line, pledge},
    error::{Error, Result},
    service::{
        actor::{MONEY_ROLES, SignedIn},
        audit::{self, AuditEntry, RequestMeta},
        fund::{self, DonorForCreate},
    },
};

/// What the treasurer decides for a line left unmatched.
#[derive(Debug, Clone)]
pub enum Resolution {
    /// The transfer is this pledge's (a payer who left out the reference, or mistyped it).
    Pledge(i64),
    /// A bank-transfer donation from this payer.
    Donation { donor_name: String, anonymous: bool },
    /// Money out: this payout (a disbursement of the fund, by its transaction).
    Payout(i64),
    /// Not the fund's book's business (bank fees, a transfer between the association's own
    /// accounts), with the reason.
    SetAside { note: String },
}

/// Decides an unmatched line, for the fund's treasurers, audited. The line changes from
/// unmatched exactly once: of two treasurers deciding it at once, the second is told it is
/// decided (`CONFLICT`) and nothing of theirs is recorded.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn resolve_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    line_id: i64,
    resolution: Resolution,
) -> Result<bank_line::Model> {
    let txn = crate::db::begin_write(db).await?;
    let line = get_line(&txn, line_id).await?;
    let found = fund::get_with_owner(&txn, line.fund_id).await?;
    actor.require_any(
        &MONEY_ROLES,
        &found.owner,
        "reconcile this fund's bank lines",
    )?;
    crate::db::lock_keys(&txn, &[lock_key(found.fund.id)]).await?;
    // Claimed first, conditionally: whoever comes second changes nothing.
    let status = match &resolution {
        Resolution::Pledge(_) => BankLineStatus::Pledge,
        Resolution::Donation { .. } => BankLineStatus::Donation,
        Resolution::Payout(_) => BankLineStatus::Payout,
        Resolution::SetAside { .. } => BankLineStatus::SetAside,
    };
    let now = Utc::now();
    let claimed = bank_line::Entity::update_many()
        .col_expr(bank_line::Column::Status, Expr::value(status.code()))
        .col_expr(bank_line::Column::ResolvedBy, Expr::value(actor.user_id))
        .col_expr(bank_line::Column::ResolvedAt, Expr::value(now))
        .filter(bank_line::Column::Id.eq(line.id))
        .filter(bank_line::Column::Status.eq(BankLineStatus::Unmatched.code()))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(Error::Conflict(
            "This bank line has already been reconciled.".into(),
        ));
    }
    let statement_line = StatementLine {
        bank_reference: line
            .bank_reference
            .clone()
            .or_else(|| Some(line.line_key.clone())),
        ..statement_line(&line)
    };
    let credit_only = || -> Result<()> {
        if line.amount > 0 {
            Ok(())
        } else {
            Err(Error::Conflict(
                "This line is money out: match it to a payout or set it aside.".into(),
            ))
        }
    };
    let (transaction_id, pledge_id, note) = match resolution {
        Resolution::Pledge(pledge_id) => {
            credit_only()?;
            let found_pledge = pledge::Entity::find_by_id(pledge_id)
                .one(&txn)
                .await?
                .filter(|p| p.fund_id == found.fund.id)
                .ok_or_else(|| Error::NotFound {
                    entity: "Pledge",
                    id: pledge_id.to_string(),
                })?;
            let donation = record_pledge(
                &txn,
                meta,
                actor,
                found.fund.id,
                &statement_line,
                &found_pledge,
            )
            .await?;
            (Some(donation), Some(pledge_id), None)
        }
        Resolution::Donation {
            donor_name,
            anonymous,
        } => {
            credit_only()?;
            let donor = DonorForCreate {
                kind: DonorKind::Person,
                name: donor_name,
                anonymous,
                contact: None,
            };
            let donation = record_donation(
                &txn,
                meta,
                actor,
                found.fund.id,
                &statement_line,
                donor,
                None,
                "Chuyển khoản theo sao kê ngân hàng".to_owned(),
            )
            .await?;
            (Some(donation), None, None)
        }
        Resolution::Payout(transaction_id) => {
            if line.amount >= 0 {
                return Err(Error::Conflict(
                    "This line is money in: it can't be a payout.".into(),
                ));
            }
            plan::check_payout(&txn, found.fund.id, transaction_id, -line.amount).await?;
            (Some(transaction_id), None, None)
        }
        Resolution::SetAside { note } => {
            let note = shared::text::required_line("note", &note, NOTE_MAX_CHARS)?;
            (None, None, Some(note))
        }
    };
    let mut changed: bank_line::ActiveModel = get_line(&txn, line.id).await?.into();
    changed.transaction_id = Set(transaction_id);
    changed.pledge_id = Set(pledge_id);
    changed.note = Set(note.clone());
    let changed = changed.update(&txn).await?;
    let entry = AuditEntry {
        actor_id: Some(actor.user_id),
        action: AuditAction::BankLineResolved,
        object_type: AuditObject::BankLine,
        object_id: Some(line.id.to_string()),
        organization_id: Some(found.owner.id),
        before: json!({ "status": BankLineStatus::Unmatched }),
        after: json!({
            "status": status,
            "transactionId": transaction_id,
            "pledgeId": pledge_id,
            "note": note,
        }),
    };
    audit::record(&txn, meta, entry).await?;
    txn.commit().await?;
    Ok(changed)
}

async fn get_line(db: &impl ConnectionTrait, id: i64) -> Result<bank_line::Model> {
    bank_line::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "BankLine",
            id: id.to_string(),
        })
}
