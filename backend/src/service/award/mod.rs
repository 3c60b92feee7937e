//! Awards: approving an application (a tier, whose amount is reserved in the program's fund),
//! cancelling an approval (the reservation is voided), and paying awards one by one or as a
//! batch (the reservation is posted).
//!
//! Every one of these moves money, so each takes an idempotency key and runs in one database
//! transaction with its ledger movement, its application move and its audit entry. Limits hold
//! under concurrency: approvals of a program are serialised on the program's row (PostgreSQL
//! `FOR UPDATE`; SQLite's IMMEDIATE transactions serialise all writers), so a tier's quota and
//! the program's budget are counted by one approval at a time, and the fund's own conditional
//! update refuses a reservation beyond its available balance.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use shared::{
    ApplicationAction, ApplicationStatus, AwardStatus, AwardTie, IdempotencyKey, Money, Refusal,
    ValidationError, ValidationReason, application::transition,
};

use super::{
    actor::{MONEY_ROLES, SignedIn},
    application::{self as applications, move_in},
    audit::RequestMeta,
    fund as funds,
    idempotency::{self, Claim},
    learner as learners,
    ledger::{self, Movement},
    organization, parties, program as programs, sha256_hex,
};
use crate::{
    entity::{application, award, idempotency_key, learner, program},
    error::{Error, Result},
};

/// An approved application's award.
pub use crate::entity::award::Model as Award;

mod elsewhere;
mod lists;

pub use elsewhere::{AwardOf, OtherAward, PossibleDuplicate, duplicates_as, elsewhere_as};
pub use lists::{
    AwardLine, ProgramAwards, PublicRecipient, initials, of_program_as, recipients,
    require_award_reader, totals,
};

/// Approves an application under review with a tier: reserves the tier's amount in the
/// program's fund. Refused (CONFLICT) when the tier has no places left or the program's budget
/// would be exceeded, and (INSUFFICIENT_FUNDS) when the fund's available balance is too small.
#[tracing::instrument(skip(db, meta, actor), fields(key = key.as_str()))]
pub async fn approve_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    key: &IdempotencyKey,
    application_id: i64,
    tier_id: i64,
) -> Result<application::Model> {
    let hash =
        idempotency::request_hash(&json!({ "application": application_id, "tier": tier_id }))?;
    let (txn, key_id) = match idempotency::claim(db, actor.user_id, key, "APPROVE", &hash).await? {
        Claim::Done(_) => return applications::get(db, application_id).await,
        Claim::Fresh { txn, key_id } => (txn, key_id),
    };
    let current = applications::get(&txn, application_id).await?;
    // Approvals of a program count its quotas and budget one at a time.
    crate::db::lock_rows::<program::Entity>(&txn, program::Column::Id, [current.program_id])
        .await?;
    let program = programs::get(&txn, current.program_id).await?;
    let owner = organization::get(&txn, program.program.organization_id).await?;
    parties::require_decider(&txn, actor, &current, &owner).await?;
    let to = transition(current.status, ApplicationAction::Approve)?;
    if !matches!(
        program.status(),
        shared::ProgramStatus::Open | shared::ProgramStatus::Closed
    ) {
        return Err(Error::Conflict(format!(
            "a program that is {} makes no awards",
            program.status()
        )));
    }
    let tier = program
        .tiers
        .iter()
        .find(|t| t.id == tier_id)
        .ok_or_else(|| {
            ValidationError::new(
                "tierId",
                ValidationReason::Format {
                    expected: "a tier of the application's program".into(),
                },
            )
        })?;
    let holding = award::Entity::find()
        .filter(award::Column::ProgramId.eq(program.program.id))
        .filter(award::Column::Status.is_in([AwardStatus::Reserved, AwardStatus::Paid]))
        .all(&txn)
        .await?;
    let taken = holding.iter().filter(|a| a.tier_id == tier.id).count();
    if taken >= usize::try_from(tier.quota).unwrap_or(0) {
        return Err(Error::Refused(Refusal::TierFull {
            tier: tier.name.clone(),
            quota: tier.quota,
        }));
    }
    let committed: i64 = holding.iter().map(|a| a.amount).sum();
    if committed + tier.amount > program.program.budget {
        return Err(Error::Refused(Refusal::BudgetExceeded {
            budget: Money::from_dong(program.program.budget),
            committed: Money::from_dong(committed),
        }));
    }
    // One learner funded once: a program that blocks duplicates refuses a learner already
    // awarded this school year by a program of the same kind.
    if program.program.duplicate_policy == shared::DuplicatePolicy::Block {
        let others = elsewhere::elsewhere_locked(&txn, &current, &program.program.cycle).await?;
        elsewhere::refuse_duplicate(
            program.program.duplicate_policy,
            program.program.kind,
            &others,
        )?;
    }
    let learner = learners::get(&txn, current.learner_id).await?;
    let reservation = ledger::perform_in(
        &txn,
        meta,
        actor,
        Movement::Reserve {
            fund_id: program.program.fund_id,
            amount: Money::from_dong(tier.amount),
            memo: format!(
                "{} — {} — {} (hồ sơ {})",
                program.program.name, tier.name, learner.full_name, current.id
            ),
        },
    )
    .await?;
    award::ActiveModel {
        application_id: Set(current.id),
        program_id: Set(program.program.id),
        tier_id: Set(tier.id),
        amount: Set(tier.amount),
        status: Set(AwardStatus::Reserved),
        reservation_id: Set(reservation.transaction.id),
        decided_by: Set(actor.user_id),
        decided_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| Error::unique_violation_as_conflict(e, "the application already has an award"))?;
    application::Entity::update_many()
        .col_expr(
            application::Column::TierId,
            sea_orm::sea_query::Expr::value(tier.id),
        )
        .filter(application::Column::Id.eq(current.id))
        .exec(&txn)
        .await?;
    let reason = Some(format!("{}: {}", tier.name, Money::from_dong(tier.amount)));
    let moved = move_in(
        &txn,
        meta,
        actor,
        &current,
        ApplicationAction::Approve,
        to,
        reason,
        owner.id,
    )
    .await?;
    idempotency::finish(txn, key_id, reservation.transaction.id).await?;
    Ok(moved)
}

/// Cancels an approval before payment: the reservation is voided, the money is available
/// again, and the application ends CANCELLED.
#[tracing::instrument(skip(db, meta, actor, reason), fields(key = key.as_str()))]
pub async fn cancel_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    key: &IdempotencyKey,
    application_id: i64,
    reason: &str,
) -> Result<application::Model> {
    let reason = shared::ledger::memo("reason", reason, true)?;
    let hash =
        idempotency::request_hash(&json!({ "application": application_id, "reason": reason }))?;
    let (txn, key_id) = match idempotency::claim(db, actor.user_id, key, "CANCEL", &hash).await? {
        Claim::Done(_) => return applications::get(db, application_id).await,
        Claim::Fresh { txn, key_id } => (txn, key_id),
    };
    let current = applications::get(&txn, application_id).await?;
    let program = programs::get(&txn, current.program_id).await?;
    let owner = organization::get(&txn, program.program.organization_id).await?;
    parties::require_decider(&txn, actor, &current, &owner).await?;
    let to = transition(current.status, ApplicationAction::Cancel)?;
    let held = award_of(&txn, current.id).await?;
    let void = ledger::perform_in(
        &txn,
        meta,
        actor,
        Movement::Void {
            reservation_id: held.reservation_id,
            reason: reason.clone(),
        },
    )
    .await?;
    settle(
        &txn,
        held,
        AwardStatus::Cancelled,
        actor,
        void.transaction.id,
        Some(reason.clone()),
    )
    .await?;
    let moved = move_in(
        &txn,
        meta,
        actor,
        &current,
        ApplicationAction::Cancel,
        to,
        Some(reason),
        owner.id,
    )
    .await?;
    idempotency::finish(txn, key_id, void.transaction.id).await?;
    Ok(moved)
}

/// One line of a payout's receipt list, for the award ceremony.
#[derive(Debug, Clone)]
pub struct ReceiptLine {
    pub application_id: i64,
    pub learner_name: String,
    pub class_name: Option<String>,
    pub school: Option<String>,
    pub amount: Money,
}

/// Pays one approved award: the reservation is posted and the application ends DISBURSED.
/// For the treasurers and admins of the fund's organisation; never by whoever approved it.
#[tracing::instrument(skip(db, meta, actor), fields(key = key.as_str()))]
pub async fn pay_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    key: &IdempotencyKey,
    application_id: i64,
) -> Result<ReceiptLine> {
    let hash = idempotency::request_hash(&json!({ "application": application_id }))?;
    let (txn, key_id) = match idempotency::claim(db, actor.user_id, key, "PAY", &hash).await? {
        Claim::Done(_) => return receipt(db, application_id).await,
        Claim::Fresh { txn, key_id } => (txn, key_id),
    };
    let payment = pay_in(&txn, meta, actor, application_id).await?;
    idempotency::finish(txn, key_id, payment).await?;
    receipt(db, application_id).await
}

/// What a batch payout did.
#[derive(Debug, Default)]
pub struct BatchPayout {
    /// The awards paid now, by learner name: the receipt list.
    pub paid: Vec<ReceiptLine>,
    /// Approved awards left unpaid because the actor may not pay them (they approved them,
    /// applied for them or manage the learner): another treasurer pays those.
    pub skipped: Vec<i64>,
    /// Awards that could not be paid, with why (for a client, through
    /// [`Error::for_client`]).
    pub failed: Vec<(i64, Error)>,
}

/// Pays every approved award of a program, each in its own transaction (one failing leaves
/// the others paid). Run twice, the second run finds nothing left to pay.
#[tracing::instrument(skip(db, meta, actor), fields(key = key.as_str()))]
pub async fn pay_program_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    key: &IdempotencyKey,
    program_id: i64,
) -> Result<BatchPayout> {
    let program = programs::get(db, program_id).await?;
    let fund = funds::get_with_owner(db, program.program.fund_id).await?;
    actor.require_any(&MONEY_ROLES, &fund.owner, "pay this program's awards")?;
    // One key per award, derived from the batch's key and the program: a retried batch
    // replays each payment. Hashed, so that long keys sharing a beginning never collide.
    let prefix = format!(
        "batch:{}:",
        sha256_hex(format!("{program_id}:{}", key.as_str()).as_bytes())
            .get(..32)
            .unwrap_or_default()
    );
    let key_of = |application_id: i64| IdempotencyKey::parse(&format!("{prefix}{application_id}"));
    let awards = award::Entity::find()
        .filter(award::Column::ProgramId.eq(program_id))
        .filter(award::Column::Status.is_in([AwardStatus::Reserved, AwardStatus::Paid]))
        .order_by_asc(award::Column::Id)
        .all(db)
        .await?;
    // The awards this batch's key already paid (a retry after a lost answer) are on its
    // receipt list again; those paid by another run or another treasurer are not.
    let replayed: Vec<String> = idempotency_key::Entity::find()
        .filter(idempotency_key::Column::UserId.eq(actor.user_id))
        .filter(idempotency_key::Column::Key.starts_with(prefix.as_str()))
        .filter(idempotency_key::Column::TransactionId.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .map(|k| k.key)
        .collect();
    let applications = application::Entity::find()
        .filter(application::Column::ProgramId.eq(program_id))
        .filter(application::Column::Status.eq(ApplicationStatus::Approved))
        .all(db)
        .await?;
    let mut batch = BatchPayout::default();
    for held in awards {
        let each = key_of(held.application_id)?;
        if held.status == AwardStatus::Paid {
            if !replayed.iter().any(|k| k == each.as_str()) {
                continue;
            }
        } else if let Some(current) = applications.iter().find(|a| a.id == held.application_id) {
            // Awards the actor may not pay are left for another treasurer, not failed.
            if payer_bar(db, actor, current, &held).await?.is_some() {
                batch.skipped.push(held.application_id);
                continue;
            }
        }
        match pay_as(db, meta, actor, &each, held.application_id).await {
            Ok(line) => batch.paid.push(line),
            // One award failing (paid meanwhile by someone else, say) leaves the rest to pay.
            Err(error) => {
                tracing::warn!(application = held.application_id, %error, "award not paid");
                batch.failed.push((held.application_id, error));
            }
        }
    }
    batch
        .paid
        .sort_by(|a, b| a.learner_name.cmp(&b.learner_name));
    Ok(batch)
}

async fn pay_in(
    txn: &DatabaseTransaction,
    meta: &RequestMeta,
    actor: &SignedIn,
    application_id: i64,
) -> Result<i64> {
    let current = applications::get(txn, application_id).await?;
    let program = programs::get(txn, current.program_id).await?;
    let fund = funds::get_with_owner(txn, program.program.fund_id).await?;
    if !actor.holds_any(&MONEY_ROLES, &fund.owner.path) {
        let owner = organization::get(txn, program.program.organization_id).await?;
        if !parties::knows_of(txn, actor, &current, &owner).await? {
            return Err(applications::not_found(current.id));
        }
    }
    actor.require_any(&MONEY_ROLES, &fund.owner, "pay its awards")?;
    let to = transition(current.status, ApplicationAction::Disburse)?;
    let held = award_of(txn, current.id).await?;
    if let Some(tie) = payer_bar(txn, actor, &current, &held).await? {
        return Err(Error::Refused(Refusal::OwnAward { tie }));
    }
    let learner = learners::get(txn, current.learner_id).await?;
    let payment = ledger::perform_in(
        txn,
        meta,
        actor,
        Movement::Post {
            reservation_id: held.reservation_id,
            memo: format!("Chi trả: {} (hồ sơ {})", learner.full_name, current.id),
        },
    )
    .await?;
    settle(
        txn,
        held,
        AwardStatus::Paid,
        actor,
        payment.transaction.id,
        None,
    )
    .await?;
    move_in(
        txn,
        meta,
        actor,
        &current,
        ApplicationAction::Disburse,
        to,
        None,
        program.program.organization_id,
    )
    .await?;
    Ok(payment.transaction.id)
}

/// Why the actor may not pay this award, if they may not: they approved it, applied for it,
/// or manage the learner it goes to.
async fn payer_bar(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    current: &application::Model,
    held: &award::Model,
) -> Result<Option<AwardTie>> {
    Ok(if held.decided_by == actor.user_id {
        Some(AwardTie::Approved)
    } else if current.submitted_by == actor.user_id {
        Some(AwardTie::Applied)
    } else if learners::is_manager(db, actor.user_id, current.learner_id).await? {
        Some(AwardTie::ManagesLearner)
    } else {
        None
    })
}

async fn settle(
    txn: &DatabaseTransaction,
    held: award::Model,
    to: AwardStatus,
    actor: &SignedIn,
    settlement: i64,
    reason: Option<String>,
) -> Result<()> {
    let changed = award::Entity::update_many()
        .col_expr(award::Column::Status, sea_orm::sea_query::Expr::value(to))
        .col_expr(
            award::Column::SettledBy,
            sea_orm::sea_query::Expr::value(actor.user_id),
        )
        .col_expr(
            award::Column::SettledAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .col_expr(
            award::Column::SettlementId,
            sea_orm::sea_query::Expr::value(settlement),
        )
        .col_expr(
            award::Column::CancelReason,
            sea_orm::sea_query::Expr::value(reason),
        )
        .filter(award::Column::Id.eq(held.id))
        .filter(award::Column::Status.eq(AwardStatus::Reserved))
        .exec(txn)
        .await?;
    if changed.rows_affected != 1 {
        return Err(Error::Conflict("the award was settled meanwhile".into()));
    }
    Ok(())
}

/// The award of an approved application.
pub async fn award_of(db: &impl ConnectionTrait, application_id: i64) -> Result<award::Model> {
    award::Entity::find()
        .filter(award::Column::ApplicationId.eq(application_id))
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "Award",
            id: application_id.to_string(),
        })
}

/// The awards of these applications (one at most per application), by application id.
pub async fn of_applications(
    db: &impl ConnectionTrait,
    application_ids: &[i64],
) -> Result<Vec<award::Model>> {
    Ok(award::Entity::find()
        .filter(award::Column::ApplicationId.is_in(application_ids.iter().copied()))
        .order_by_asc(award::Column::ApplicationId)
        .all(db)
        .await?)
}

async fn receipt(db: &impl ConnectionTrait, application_id: i64) -> Result<ReceiptLine> {
    let current = applications::get(db, application_id).await?;
    let held = award_of(db, application_id).await?;
    let learner: learner::Model = learners::get(db, current.learner_id).await?;
    Ok(ReceiptLine {
        application_id,
        learner_name: learner.full_name,
        class_name: learner.class_name,
        school: learner.school,
        amount: Money::from_dong(held.amount),
    })
}
