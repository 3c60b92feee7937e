//! The ledger: every movement of money, and the checks that keep it honest.
//!
//! The rules of DESIGN.md §4 and where each one holds:
//! 1. Entries sum to zero: every movement is built by [`Postings`], which only adds balanced
//!    pairs; [`fn@verify`] re-checks every transaction.
//! 2. Append-only: database triggers refuse UPDATE and DELETE on the ledger's tables; a
//!    mistake is undone by [`Movement::Reverse`], which points at what it reverses.
//! 3. Never overdrawn: a fund's balances change only through one conditional UPDATE that
//!    succeeds only while posted − reserved stays ≥ 0 (and CHECK constraints back it up), so
//!    the rule holds whatever number of processes write at once.
//! 4. Idempotent: the request's key is inserted first, in the same database transaction as the
//!    movement; a concurrent retry waits on it and then replays the stored result.
//! 5. Reservations are pending transactions; posting or voiding one is a new transaction, at
//!    most one per reservation (a unique column).
//! 6. Balances are recomputed from the entries by [`fn@verify`].
//! 7. Statements are computed from the entries by [`fn@statement`]; its test checks the sum.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use shared::{
    AuditAction, AuditObject, EntryPhase, IdempotencyKey, LedgerAccount, TransactionKind,
    ValidationError, ValidationReason,
};

use super::{
    actor::MONEY_ROLES,
    actor::SignedIn,
    audit::{self, AuditEntry, RequestMeta},
    campaign as campaigns, fund as funds,
    idempotency::{Claim, claim, finish, request_hash},
};
use crate::{
    entity::{fund, ledger_entry, ledger_transaction},
    error::{Error, Result},
};

mod balances;
mod day_totals;
mod entries;
mod movement;
mod statement;
mod statement_lines;
mod verify;

use balances::{archived, change_balances, open_fund};
pub use movement::{DonorRef, Movement, RECEIPT_NUMBER_MAX_CHARS, Received};
use movement::{Posting, Postings};

pub use day_totals::rebuild as rebuild_day_totals;
pub use entries::{EntryFilter, EntryLine, MAX_PAGES_AT_ONCE, PageRequest, entry_pages};
pub use statement::{MonthTotals, monthly_totals, statement};
pub use statement_lines::{After, StatementLine, statement_lines};
pub use verify::{LedgerCheck, Mismatch, verify};

/// A transaction and its entries, as a movement produced it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub transaction: ledger_transaction::Model,
    pub entries: Vec<ledger_entry::Model>,
}

/// Applies a money-moving request once per idempotency key (rule 4): the same key and input
/// again returns the first result; the same key with another input is a `CONFLICT`.
#[tracing::instrument(skip(db, meta, actor), fields(key = key.as_str()))]
pub async fn apply(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    key: &IdempotencyKey,
    movement: Movement,
) -> Result<Recorded> {
    let movement = movement.validated()?;
    let hash = request_hash(&movement)?;
    match claim(db, actor.user_id, key, movement.operation(), &hash).await? {
        Claim::Done(transaction_id) => get_recorded(db, transaction_id).await,
        Claim::Fresh { txn, key_id } => {
            let recorded = perform(&txn, meta, actor, &movement, Authority::Roles).await?;
            finish(txn, key_id, recorded.transaction.id).await?;
            Ok(recorded)
        }
    }
}

/// Who vouches that the actor may move the money.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Authority {
    /// The ledger checks: the actor must be a treasurer or admin of the funds concerned.
    Roles,
    /// The caller (the award workflow) has checked its own rules: a program manager's
    /// approval reserves money, a treasurer's payout posts it.
    Delegated,
}

/// Performs a validated movement inside the caller's transaction, for workflows that move
/// money as part of a larger change (approving an award reserves its amount).
pub async fn perform_in(
    txn: &DatabaseTransaction,
    meta: &RequestMeta,
    actor: &SignedIn,
    movement: Movement,
) -> Result<Recorded> {
    let movement = movement.validated()?;
    perform(txn, meta, actor, &movement, Authority::Delegated).await
}

/// Performs a movement inside the caller's transaction, checking roles as [`apply`] does but
/// without a key: for a batch that knows its rows again itself (`Received::import_key`).
pub async fn record_in(
    txn: &DatabaseTransaction,
    meta: &RequestMeta,
    actor: &SignedIn,
    movement: Movement,
) -> Result<Recorded> {
    let movement = movement.validated()?;
    perform(txn, meta, actor, &movement, Authority::Roles).await
}

/// Checks who may do it, then writes the transaction, its entries and the balances.
async fn perform(
    txn: &DatabaseTransaction,
    meta: &RequestMeta,
    actor: &SignedIn,
    movement: &Movement,
    authority: Authority,
) -> Result<Recorded> {
    let mut postings = Postings::default();
    let mut header = ledger_transaction::ActiveModel {
        memo: Set(String::new()),
        donor_id: Set(None),
        method: Set(None),
        bank_reference: Set(None),
        received_on: Set(None),
        receipt_number: Set(None),
        import_key: Set(None),
        reverses_id: Set(None),
        resolves_id: Set(None),
        delegated: Set(authority == Authority::Delegated),
        created_by: Set(actor.user_id),
        ..Default::default()
    };
    // The campaign the transaction counts toward.
    let mut campaign = None;
    let (kind, action, organization_id) = match movement {
        Movement::Donation {
            fund_id,
            amount,
            donor,
            method,
            bank_reference,
            memo,
            campaign_id,
            received,
        } => {
            let target = open_fund(
                txn,
                actor,
                authority,
                *fund_id,
                "fundId",
                "record donations to this fund",
            )
            .await?;
            let donor = match donor {
                DonorRef::Existing(id) => {
                    let donor = funds::get_donor(txn, *id).await?;
                    let keeper = super::organization::get(txn, donor.organization_id).await?;
                    actor.require_any(&MONEY_ROLES, &keeper, "use this donor")?;
                    donor
                }
                DonorRef::New(input) => funds::insert_donor(txn, target.owner.id, input).await?,
            };
            postings.pair(
                EntryPhase::Posted,
                (None, LedgerAccount::Donors),
                (Some(*fund_id), LedgerAccount::Fund),
                amount.dong(),
            );
            header.memo = Set(memo.clone());
            header.donor_id = Set(Some(donor.id));
            header.method = Set(Some(*method));
            header.bank_reference = Set(bank_reference.clone());
            if let Some(received) = received {
                received.stamp(&mut header);
            }
            if let Some(campaign_id) = campaign_id {
                campaign = Some(
                    campaigns::of_fund_by_id(txn, *fund_id, *campaign_id)
                        .await?
                        .id,
                );
            }
            (
                TransactionKind::Donation,
                AuditAction::DonationRecorded,
                target.owner.id,
            )
        }
        Movement::Transfer {
            from_fund_id,
            to_fund_id,
            amount,
            memo,
        } => {
            let source = open_fund(
                txn,
                actor,
                authority,
                *from_fund_id,
                "fromFundId",
                "transfer this fund's money",
            )
            .await?;
            let target = funds::get(txn, *to_fund_id).await?;
            if target.archived_at.is_some() {
                return Err(archived("toFundId"));
            }
            postings.pair(
                EntryPhase::Posted,
                (Some(*from_fund_id), LedgerAccount::Fund),
                (Some(*to_fund_id), LedgerAccount::Fund),
                amount.dong(),
            );
            header.memo = Set(memo.clone());
            (
                TransactionKind::Transfer,
                AuditAction::FundsTransferred,
                source.owner.id,
            )
        }
        Movement::Reserve {
            fund_id,
            amount,
            memo,
        } => {
            let source = open_fund(
                txn,
                actor,
                authority,
                *fund_id,
                "fundId",
                "reserve this fund's money",
            )
            .await?;
            postings.pair(
                EntryPhase::Pending,
                (Some(*fund_id), LedgerAccount::Fund),
                (None, LedgerAccount::Payees),
                amount.dong(),
            );
            header.memo = Set(memo.clone());
            (
                TransactionKind::Reservation,
                AuditAction::FundsReserved,
                source.owner.id,
            )
        }
        Movement::Post {
            reservation_id,
            memo,
        }
        | Movement::Void {
            reservation_id,
            reason: memo,
        } => {
            let posting = matches!(movement, Movement::Post { .. });
            let reservation = get_recorded_as(txn, actor, authority, *reservation_id).await?;
            if reservation.transaction.kind != TransactionKind::Reservation {
                return Err(ValidationError::new(
                    "reservationId",
                    ValidationReason::Format {
                        expected: "the id of a reservation".into(),
                    },
                )
                .into());
            }
            let (fund_id, amount) = reservation
                .entries
                .iter()
                .find(|entry| entry.account == LedgerAccount::Fund)
                .and_then(|entry| Some((entry.fund_id?, entry.amount.checked_neg()?)))
                .ok_or_else(|| {
                    Error::Internal(format!("reservation {reservation_id} has no fund entry"))
                })?;
            let owner = funds::get_with_owner(txn, fund_id).await?.owner;
            let verb = if posting {
                "pay out this fund's reservations"
            } else {
                "release this fund's reservations"
            };
            if authority == Authority::Roles {
                actor.require_any(&MONEY_ROLES, &owner, verb)?;
                // Money a workflow reserved is settled through it (an award is paid or
                // cancelled through its application), which keeps the two in step.
                if reservation.transaction.delegated {
                    return Err(Error::Conflict(format!(
                        "reservation {reservation_id} holds an award; pay or cancel it through \
                         its application"
                    )));
                }
            }
            if let Some(resolution) = resolution_of(txn, *reservation_id).await? {
                return Err(Error::Conflict(format!(
                    "reservation {reservation_id} was already {} (transaction {})",
                    if resolution.kind == TransactionKind::Void {
                        "voided"
                    } else {
                        "paid out"
                    },
                    resolution.id
                )));
            }
            // Undo the pending entries; a post then moves the money for real.
            postings.pair(
                EntryPhase::Pending,
                (None, LedgerAccount::Payees),
                (Some(fund_id), LedgerAccount::Fund),
                amount,
            );
            if posting {
                postings.pair(
                    EntryPhase::Posted,
                    (Some(fund_id), LedgerAccount::Fund),
                    (None, LedgerAccount::Payees),
                    amount,
                );
            }
            header.memo = Set(memo.clone());
            header.resolves_id = Set(Some(*reservation_id));
            if posting {
                (
                    TransactionKind::Disbursement,
                    AuditAction::ReservationPosted,
                    owner.id,
                )
            } else {
                (
                    TransactionKind::Void,
                    AuditAction::ReservationVoided,
                    owner.id,
                )
            }
        }
        Movement::Reverse {
            transaction_id,
            reason,
        } => {
            let original = get_recorded_as(txn, actor, authority, *transaction_id).await?;
            let mut organization_id = None;
            for fund_id in original.entries.iter().filter_map(|entry| entry.fund_id) {
                let owner = funds::get_with_owner(txn, fund_id).await?.owner;
                actor.require_any(&MONEY_ROLES, &owner, "reverse this transaction")?;
                organization_id.get_or_insert(owner.id);
            }
            if !matches!(
                original.transaction.kind,
                TransactionKind::Donation
                    | TransactionKind::Transfer
                    | TransactionKind::Disbursement
            ) {
                return Err(ValidationError::new(
                    "transactionId",
                    ValidationReason::Format {
                        expected: "a donation, transfer or disbursement (a reservation is \
                                   voided, not reversed)"
                            .into(),
                    },
                )
                .into());
            }
            // An award's payment is part of its application's record (DISBURSED, on the
            // public recipients list); undoing it behind the application's back would leave
            // the two disagreeing.
            if original.transaction.delegated {
                return Err(Error::Conflict(format!(
                    "transaction {transaction_id} pays an award; it cannot be reversed on its own"
                )));
            }
            if let Some(reversal) = reversal_of(txn, *transaction_id).await? {
                return Err(Error::Conflict(format!(
                    "transaction {transaction_id} was already reversed by transaction {}",
                    reversal.id
                )));
            }
            // The mirror image of what was posted; pending entries were already settled.
            postings.entries = mirror(&original.entries)?;
            header.memo = Set(reason.clone());
            header.donor_id = Set(original.transaction.donor_id);
            header.reverses_id = Set(Some(*transaction_id));
            // A reversed gift stops counting toward its campaign.
            campaign = campaigns::linked(txn, *transaction_id).await?;
            (
                TransactionKind::Reversal,
                AuditAction::TransactionReversed,
                organization_id.ok_or_else(|| {
                    Error::Internal(format!("transaction {transaction_id} touches no fund"))
                })?,
            )
        }
    };
    let changes = postings.fund_changes()?;
    // Locked in id order, so two transfers in opposite directions wait instead of
    // deadlocking.
    crate::db::lock_rows::<fund::Entity>(txn, fund::Column::Id, changes.keys().copied()).await?;
    // Stamped once the funds are ours, so that a transaction never carries a time earlier
    // than one it waited for (a statement of a closed day must not change afterwards).
    header.created_at = Set(Utc::now());
    header.kind = Set(kind);
    let transaction = header.insert(txn).await.map_err(|e| {
        Error::unique_violation_as_conflict(
            e,
            "that was already recorded: a transaction reversed, posted or voided twice, or a \
             row imported twice",
        )
    })?;
    change_balances(txn, &changes).await?;
    if let Some(campaign_id) = campaign {
        campaigns::link(txn, transaction.id, campaign_id).await?;
    }
    let mut entries = Vec::with_capacity(postings.entries.len());
    for (fund_id, account, phase, amount) in postings.entries {
        entries.push(
            ledger_entry::ActiveModel {
                transaction_id: Set(transaction.id),
                fund_id: Set(fund_id),
                account: Set(account.to_owned()),
                phase: Set(phase.to_owned()),
                amount: Set(amount),
                kind: Set(transaction.kind),
                donor_id: Set(transaction.donor_id),
                created_at: Set(transaction.created_at),
                ..Default::default()
            }
            .insert(txn)
            .await?,
        );
    }
    day_totals::add(txn, &entries).await?;
    audit::record(
        txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action,
            object_type: AuditObject::LedgerTransaction,
            object_id: Some(transaction.id.to_string()),
            organization_id: Some(organization_id),
            before: json!(null),
            after: json!({
                "kind": transaction.kind,
                "memo": transaction.memo,
                "entries": entries.iter().map(|e| json!({
                    "fundId": e.fund_id, "account": e.account, "phase": e.phase, "amount": e.amount,
                })).collect::<Vec<_>>(),
            }),
        },
    )
    .await?;
    Ok(Recorded {
        transaction,
        entries,
    })
}

/// The entries that undo `entries`' posted part: each posted entry negated.
fn mirror(entries: &[ledger_entry::Model]) -> Result<Vec<Posting>> {
    entries
        .iter()
        .filter(|entry| entry.phase == EntryPhase::Posted)
        .map(|entry| {
            let amount = entry
                .amount
                .checked_neg()
                .ok_or_else(|| Error::Internal("amount overflow".into()))?;
            Ok((entry.fund_id, entry.account, EntryPhase::Posted, amount))
        })
        .collect()
}

/// The post or void of a reservation, if it has one.
async fn resolution_of(
    db: &impl ConnectionTrait,
    reservation_id: i64,
) -> Result<Option<ledger_transaction::Model>> {
    Ok(ledger_transaction::Entity::find()
        .filter(ledger_transaction::Column::ResolvesId.eq(reservation_id))
        .one(db)
        .await?)
}

/// The reversal of a transaction, if it has one.
async fn reversal_of(
    db: &impl ConnectionTrait,
    transaction_id: i64,
) -> Result<Option<ledger_transaction::Model>> {
    Ok(ledger_transaction::Entity::find()
        .filter(ledger_transaction::Column::ReversesId.eq(transaction_id))
        .one(db)
        .await?)
}

/// A recorded transaction, for an actor who keeps the money of at least one of its funds (or
/// a workflow that vouches for them); to anyone else it answers exactly as one that does not
/// exist, so that what it is and what it pays are learnt only by those who may.
async fn get_recorded_as(
    txn: &DatabaseTransaction,
    actor: &SignedIn,
    authority: Authority,
    id: i64,
) -> Result<Recorded> {
    let recorded = get_recorded(txn, id).await?;
    if authority == Authority::Delegated {
        return Ok(recorded);
    }
    for fund_id in recorded.entries.iter().filter_map(|entry| entry.fund_id) {
        let owner = funds::get_with_owner(txn, fund_id).await?.owner;
        if actor.holds_any(&MONEY_ROLES, &owner.path) {
            return Ok(recorded);
        }
    }
    Err(Error::NotFound {
        entity: "Transaction",
        id: id.to_string(),
    })
}

/// A transaction with its entries.
pub async fn get_recorded(db: &impl ConnectionTrait, id: i64) -> Result<Recorded> {
    let transaction = ledger_transaction::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "Transaction",
            id: id.to_string(),
        })?;
    let entries = ledger_entry::Entity::find()
        .filter(ledger_entry::Column::TransactionId.eq(id))
        .order_by_asc(ledger_entry::Column::Id)
        .all(db)
        .await?;
    Ok(Recorded {
        transaction,
        entries,
    })
}
