//! The ledger: every movement of money, and the checks that keep it honest.
//!
//! The rules of DESIGN.md §4 and where each one holds:
//! 1. Entries sum to zero: every movement is built by [`Postings`], which only adds balanced
//!    pairs; [`verify`] re-checks every transaction.
//! 2. Append-only: database triggers refuse UPDATE and DELETE on the ledger's tables; a
//!    mistake is undone by [`Movement::Reverse`], which points at what it reverses.
//! 3. Never overdrawn: a fund's balances change only through one conditional UPDATE that
//!    succeeds only while posted − reserved stays ≥ 0 (and CHECK constraints back it up), so
//!    the rule holds whatever number of processes write at once.
//! 4. Idempotent: the request's key is inserted first, in the same database transaction as the
//!    movement; a concurrent retry waits on it and then replays the stored result.
//! 5. Reservations are pending transactions; posting or voiding one is a new transaction, at
//!    most one per reservation (a unique column).
//! 6. Balances are recomputed from the entries by [`verify`].
//! 7. Statements are computed from the entries by [`statement`]; its test checks the sum.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::{Expr, ExprTrait},
};
use serde_json::json;
use shared::{
    DonationMethod, IdempotencyKey, Money, TransactionKind, ValidationError, ValidationReason,
    ledger::{KindTotal, Statement, memo},
};

use super::{
    Page,
    access::SignedIn,
    audit::{self, AuditEntry, RequestMeta},
    fund::{self as funds, DonorForCreate, MONEY_ROLES, STAFF_ROLES},
};
use crate::{
    entity::{donor, fund, idempotency_key, ledger_entry, ledger_transaction},
    error::{Error, Result},
};

/// The longest bank reference kept: banks' own transaction numbers are well under it.
const BANK_REFERENCE_MAX_CHARS: usize = 100;
/// The account of an entry: a fund's, or one of the two sides of the world outside.
const FUND: &str = "FUND";
const DONORS: &str = "DONORS";
const PAYEES: &str = "PAYEES";
const POSTED: &str = "POSTED";
const PENDING: &str = "PENDING";

/// Who gave a donation: a donor already on record, or one recorded with it.
#[derive(Debug, Clone, serde::Serialize)]
pub enum DonorRef {
    Existing(i64),
    New(DonorForCreate),
}

/// A request to move money. Its JSON form is what an idempotency key's hash covers, so the
/// same key with any other input is recognised as a different request.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(tag = "operation", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Movement {
    Donation {
        fund_id: i64,
        amount: Money,
        donor: DonorRef,
        method: DonationMethod,
        bank_reference: Option<String>,
        memo: String,
    },
    Transfer {
        from_fund_id: i64,
        to_fund_id: i64,
        amount: Money,
        memo: String,
    },
    Reserve {
        fund_id: i64,
        amount: Money,
        memo: String,
    },
    Post {
        reservation_id: i64,
        memo: String,
    },
    Void {
        reservation_id: i64,
        reason: String,
    },
    Reverse {
        transaction_id: i64,
        reason: String,
    },
}

impl Movement {
    fn operation(&self) -> &'static str {
        match self {
            Self::Donation { .. } => "DONATION",
            Self::Transfer { .. } => "TRANSFER",
            Self::Reserve { .. } => "RESERVE",
            Self::Post { .. } => "POST",
            Self::Void { .. } => "VOID",
            Self::Reverse { .. } => "REVERSE",
        }
    }

    /// Checks and tidies the free-text fields, naming the one at fault.
    fn validated(mut self) -> Result<Self> {
        match &mut self {
            Self::Donation {
                method,
                bank_reference,
                memo: text,
                ..
            } => {
                *text = memo("memo", text, *method == DonationMethod::InKind)?;
                *bank_reference = shared::text::optional_line(
                    "bankReference",
                    bank_reference.as_deref().unwrap_or_default(),
                    BANK_REFERENCE_MAX_CHARS,
                )?;
                if *method == DonationMethod::BankTransfer && bank_reference.is_none() {
                    return Err(
                        ValidationError::new("bankReference", ValidationReason::Empty).into(),
                    );
                }
            }
            Self::Transfer {
                from_fund_id,
                to_fund_id,
                memo: text,
                ..
            } => {
                if from_fund_id == to_fund_id {
                    return Err(ValidationError::new(
                        "toFundId",
                        ValidationReason::Format {
                            expected: "a fund other than the one the money leaves".into(),
                        },
                    )
                    .into());
                }
                *text = memo("memo", text, false)?;
            }
            Self::Reserve { memo: text, .. } | Self::Post { memo: text, .. } => {
                *text = memo("memo", text, false)?;
            }
            Self::Void { reason, .. } | Self::Reverse { reason, .. } => {
                *reason = memo("reason", reason, true)?;
            }
        }
        Ok(self)
    }
}

/// The entries of one transaction under construction. Entries only come in pairs of equal and
/// opposite amounts, so whatever is built sums to zero (rule 1).
#[derive(Debug, Default)]
struct Postings {
    entries: Vec<Posting>,
}

/// One entry to write: (fund, account, phase, signed amount).
type Posting = (Option<i64>, &'static str, &'static str, i64);

impl Postings {
    /// `amount` moves from `from` to `to` in `phase`.
    fn pair(
        &mut self,
        phase: &'static str,
        from: (Option<i64>, &'static str),
        to: (Option<i64>, &'static str),
        amount: i64,
    ) {
        self.entries.push((from.0, from.1, phase, -amount));
        self.entries.push((to.0, to.1, phase, amount));
    }

    /// How each fund's posted and reserved balances change: (posted Δ, reserved Δ), in fund
    /// id order, which is also the order rows are locked in (so two transfers in opposite
    /// directions cannot deadlock).
    fn fund_changes(&self) -> Result<BTreeMap<i64, (i64, i64)>> {
        let mut changes: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
        for &(fund_id, _, phase, amount) in &self.entries {
            let Some(fund_id) = fund_id else { continue };
            let change = changes.entry(fund_id).or_default();
            // A POSTED entry changes what the fund holds; a PENDING one out of the fund is
            // money reserved (and one back into it, a reservation released).
            let (slot, delta) = if phase == POSTED {
                (&mut change.0, Some(amount))
            } else {
                (&mut change.1, amount.checked_neg())
            };
            *slot = delta
                .and_then(|delta| slot.checked_add(delta))
                .ok_or_else(|| Error::Internal("amount overflow".into()))?;
        }
        Ok(changes)
    }
}

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
        Claim::Done(recorded) => Ok(recorded),
        Claim::Fresh { txn, key_id } => {
            let recorded = perform(&txn, meta, actor, &movement, Authority::Roles).await?;
            finish(txn, key_id, recorded.transaction.id).await?;
            Ok(recorded)
        }
    }
}

/// What claiming an idempotency key found.
pub enum Claim {
    /// The key is new: it is claimed inside `txn`, where the request's work is to be done,
    /// then [`finish`]ed with the ledger transaction it produced.
    Fresh {
        txn: DatabaseTransaction,
        key_id: i64,
    },
    /// The same request was applied before: this is what it produced.
    Done(Recorded),
}

/// The hash an idempotency key's request is recognised by.
pub fn request_hash(request: &impl serde::Serialize) -> Result<String> {
    Ok(super::sha256_hex(
        &serde_json::to_vec(request).map_err(|e| Error::Internal(e.to_string()))?,
    ))
}

/// Claims `key` for a request (`operation`, `hash`) in a new write transaction, or finds what
/// the same request produced before; the same key with another request is a `CONFLICT`.
///
/// The key is inserted before any money moves: a concurrent retry then waits on the unique
/// index (PostgreSQL) or the write lock (SQLite) instead of racing the first attempt, and if
/// the first attempt fails, its claim rolls back with it and a retry starts afresh.
pub async fn claim(
    db: &DatabaseConnection,
    user_id: i64,
    key: &IdempotencyKey,
    operation: &str,
    hash: &str,
) -> Result<Claim> {
    // A second attempt is only needed when a concurrent request with the same key won the
    // race to insert it (PostgreSQL); the retry then finds its result and replays it.
    for _ in 0..3 {
        let txn = crate::db::begin_write(db).await?;
        if let Some(done) = find_key(&txn, user_id, key).await? {
            return Ok(Claim::Done(replay(&txn, &done, operation, hash).await?));
        }
        let claimed = idempotency_key::ActiveModel {
            user_id: Set(user_id),
            key: Set(key.as_str().to_owned()),
            operation: Set(operation.to_owned()),
            request_hash: Set(hash.to_owned()),
            transaction_id: Set(None),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await;
        match claimed {
            Ok(claimed) => {
                return Ok(Claim::Fresh {
                    txn,
                    key_id: claimed.id,
                });
            }
            Err(error) if is_unique_violation(&error) => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Err(Error::InProgress(
        "another request with this idempotency key is still being applied; retry shortly with the \
         same key"
            .into(),
    ))
}

/// Records what a claimed key's request produced, and commits its transaction.
pub async fn finish(txn: DatabaseTransaction, key_id: i64, transaction_id: i64) -> Result<()> {
    idempotency_key::Entity::update_many()
        .col_expr(
            idempotency_key::Column::TransactionId,
            Expr::value(transaction_id),
        )
        .filter(idempotency_key::Column::Id.eq(key_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
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

async fn find_key(
    txn: &DatabaseTransaction,
    user_id: i64,
    key: &IdempotencyKey,
) -> Result<Option<idempotency_key::Model>> {
    Ok(idempotency_key::Entity::find()
        .filter(idempotency_key::Column::UserId.eq(user_id))
        .filter(idempotency_key::Column::Key.eq(key.as_str()))
        .one(txn)
        .await?)
}

async fn replay(
    txn: &DatabaseTransaction,
    done: &idempotency_key::Model,
    operation: &str,
    request_hash: &str,
) -> Result<Recorded> {
    if done.operation != operation || done.request_hash != request_hash {
        return Err(Error::Conflict(
            "this idempotency key was already used for a different request; \
             use a new key for a new request"
                .into(),
        ));
    }
    let transaction_id = done
        .transaction_id
        .ok_or_else(|| Error::Internal(format!("idempotency key {} has no result", done.id)))?;
    tracing::info!(transaction_id, "replayed an idempotent request");
    get_recorded(txn, transaction_id).await
}

fn is_unique_violation(error: &sea_orm::DbErr) -> bool {
    matches!(
        error.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
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
        reverses_id: Set(None),
        resolves_id: Set(None),
        created_by: Set(actor.user_id),
        ..Default::default()
    };
    let (kind, action, organization_id) = match movement {
        Movement::Donation {
            fund_id,
            amount,
            donor,
            method,
            bank_reference,
            memo,
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
                POSTED,
                (None, DONORS),
                (Some(*fund_id), FUND),
                amount.dong(),
            );
            header.memo = Set(memo.clone());
            header.donor_id = Set(Some(donor.id));
            header.method = Set(Some(method.code().to_owned()));
            header.bank_reference = Set(bank_reference.clone());
            (
                TransactionKind::Donation,
                "DONATION_RECORDED",
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
                POSTED,
                (Some(*from_fund_id), FUND),
                (Some(*to_fund_id), FUND),
                amount.dong(),
            );
            header.memo = Set(memo.clone());
            (
                TransactionKind::Transfer,
                "FUNDS_TRANSFERRED",
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
                PENDING,
                (Some(*fund_id), FUND),
                (None, PAYEES),
                amount.dong(),
            );
            header.memo = Set(memo.clone());
            (
                TransactionKind::Reservation,
                "FUNDS_RESERVED",
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
            if reservation.transaction.kind != TransactionKind::Reservation.code() {
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
                .find(|entry| entry.account == FUND)
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
                // An award's reservation is settled through its application (paid or
                // cancelled), which keeps the application's status in step with the money.
                if let Some(award) = crate::entity::award::Entity::find()
                    .filter(crate::entity::award::Column::ReservationId.eq(*reservation_id))
                    .one(txn)
                    .await?
                {
                    return Err(Error::Conflict(format!(
                        "reservation {reservation_id} holds the award of application {}; pay or \
                         cancel it through the application",
                        award.application_id
                    )));
                }
            }
            if let Some(resolution) = resolution_of(txn, *reservation_id).await? {
                return Err(Error::Conflict(format!(
                    "reservation {reservation_id} was already {} (transaction {})",
                    if resolution.kind == TransactionKind::Void.code() {
                        "voided"
                    } else {
                        "paid out"
                    },
                    resolution.id
                )));
            }
            // Undo the pending entries; a post then moves the money for real.
            postings.pair(PENDING, (None, PAYEES), (Some(fund_id), FUND), amount);
            if posting {
                postings.pair(POSTED, (Some(fund_id), FUND), (None, PAYEES), amount);
            }
            header.memo = Set(memo.clone());
            header.resolves_id = Set(Some(*reservation_id));
            if posting {
                (
                    TransactionKind::Disbursement,
                    "RESERVATION_POSTED",
                    owner.id,
                )
            } else {
                (TransactionKind::Void, "RESERVATION_VOIDED", owner.id)
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
            // An award's payment is part of its application's record (DISBURSED, on the
            // public recipients list); undoing it behind the application's back would leave
            // the two disagreeing.
            if let Some(award) = crate::entity::award::Entity::find()
                .filter(crate::entity::award::Column::SettlementId.eq(*transaction_id))
                .one(txn)
                .await?
            {
                return Err(Error::Conflict(format!(
                    "transaction {transaction_id} pays the award of application {}; it cannot \
                     be reversed on its own",
                    award.application_id
                )));
            }
            let kind = TransactionKind::from_code(&original.transaction.kind);
            if !matches!(
                kind,
                Some(
                    TransactionKind::Donation
                        | TransactionKind::Transfer
                        | TransactionKind::Disbursement
                )
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
            (
                TransactionKind::Reversal,
                "TRANSACTION_REVERSED",
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
    header.kind = Set(kind.code().to_owned());
    let transaction = header.insert(txn).await.map_err(|e| {
        Error::unique_violation_as_conflict(
            e,
            "that transaction was already reversed, posted or voided",
        )
    })?;
    change_balances(txn, &changes).await?;
    let mut entries = Vec::with_capacity(postings.entries.len());
    for (fund_id, account, phase, amount) in postings.entries {
        entries.push(
            ledger_entry::ActiveModel {
                transaction_id: Set(transaction.id),
                fund_id: Set(fund_id),
                account: Set(account.to_owned()),
                phase: Set(phase.to_owned()),
                amount: Set(amount),
                kind: Set(transaction.kind.clone()),
                donor_id: Set(transaction.donor_id),
                created_at: Set(transaction.created_at),
                ..Default::default()
            }
            .insert(txn)
            .await?,
        );
    }
    audit::record(
        txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action,
            object_type: "LedgerTransaction",
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
        .filter(|entry| entry.phase == POSTED)
        .map(|entry| {
            let amount = entry
                .amount
                .checked_neg()
                .ok_or_else(|| Error::Internal("amount overflow".into()))?;
            Ok((entry.fund_id, account_of(&entry.account)?, POSTED, amount))
        })
        .collect()
}

fn account_of(code: &str) -> Result<&'static str> {
    [FUND, DONORS, PAYEES]
        .into_iter()
        .find(|account| *account == code)
        .ok_or_else(|| Error::Internal(format!("unknown ledger account {code:?}")))
}

fn archived(field: &str) -> Error {
    ValidationError::new(
        field,
        ValidationReason::Format {
            expected: "an open fund (this one is archived)".into(),
        },
    )
    .into()
}

/// A fund that is open and whose money the actor may move.
async fn open_fund(
    txn: &DatabaseTransaction,
    actor: &SignedIn,
    authority: Authority,
    fund_id: i64,
    field: &str,
    what: &str,
) -> Result<funds::FundWithOwner> {
    let found = funds::get_with_owner(txn, fund_id).await?;
    if authority == Authority::Roles {
        actor.require_any(&MONEY_ROLES, &found.owner, what)?;
    }
    if found.fund.archived_at.is_some() {
        return Err(archived(field));
    }
    Ok(found)
}

/// Applies each fund's change with one conditional UPDATE, in fund id order. The condition
/// is rule 3 itself, evaluated by the database on the row as it is when the write lands (on
/// PostgreSQL after waiting for any concurrent writer's lock), so no interleaving of
/// processes can overdraw a fund.
async fn change_balances(
    txn: &DatabaseTransaction,
    changes: &BTreeMap<i64, (i64, i64)>,
) -> Result<()> {
    use fund::Column::{Id, PostedBalance, ReservedBalance};
    for (&fund_id, &(posted, reserved)) in changes {
        if posted == 0 && reserved == 0 {
            continue;
        }
        let new_posted = Expr::col(PostedBalance).add(posted);
        let new_reserved = Expr::col(ReservedBalance).add(reserved);
        let mut update = fund::Entity::update_many()
            .col_expr(PostedBalance, new_posted.clone())
            .col_expr(ReservedBalance, new_reserved.clone())
            .filter(Id.eq(fund_id));
        if posted - reserved < 0 {
            // Available falls: it must stay ≥ 0, i.e. posted − reserved ≥ −(Δposted − Δreserved).
            update = update.filter(
                Expr::col(PostedBalance)
                    .sub(Expr::col(ReservedBalance))
                    .gte(reserved - posted),
            );
        }
        if posted > 0 {
            update = update.filter(Expr::col(PostedBalance).lte(i64::MAX - posted));
        }
        let result = update.exec(txn).await?;
        if result.rows_affected == 0 {
            return Err(refusal(txn, fund_id, posted, reserved).await);
        }
    }
    Ok(())
}

/// Why a fund's conditional UPDATE changed nothing.
async fn refusal(txn: &DatabaseTransaction, fund_id: i64, posted: i64, reserved: i64) -> Error {
    let fund = match funds::get(txn, fund_id).await {
        Ok(fund) => fund,
        Err(error) => return error,
    };
    // Decided by which condition of the UPDATE could have failed, not by comparing again:
    // the row may have changed since (on PostgreSQL), and a refusal for want of money must
    // not come back as anything else.
    let overflows = posted > 0 && fund.posted_balance > i64::MAX - posted;
    if overflows {
        return ValidationError::new("amount", ValidationReason::Overflow).into();
    }
    Error::InsufficientFunds {
        available: Money::from_dong(fund.posted_balance - fund.reserved_balance),
        fund: fund.name,
        requested: Money::from_dong(reserved - posted),
    }
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

/// Transactions by id, with whatever later transactions reversed or resolved them.
pub async fn get_transactions(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<Vec<ledger_transaction::Model>> {
    Ok(ledger_transaction::Entity::find()
        .filter(ledger_transaction::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

/// For each of `ids`, the transaction that reversed or resolved it, if any.
pub async fn followers(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<HashMap<i64, ledger_transaction::Model>> {
    let rows = ledger_transaction::Entity::find()
        .filter(
            ledger_transaction::Column::ReversesId
                .is_in(ids.iter().copied())
                .or(ledger_transaction::Column::ResolvesId.is_in(ids.iter().copied())),
        )
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| Some((row.reverses_id.or(row.resolves_id)?, row)))
        .collect())
}

/// Which of a fund's entries a ledger page returns.
#[derive(Debug, Clone, Default)]
pub struct EntryFilter {
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub kind: Option<TransactionKind>,
    pub donor_id: Option<i64>,
    /// Only POSTED entries (the public sees what happened, not what is pending).
    pub posted_only: bool,
}

/// A line of a fund's ledger as a page shows it, read in one statement: the entry, its
/// transaction's header, the transaction that reversed or resolved it, and its donor with
/// the path of the organisation that keeps the donor's record (whose money staff may see
/// the donor's contact).
#[derive(Debug, Clone, FromQueryResult)]
pub struct EntryLine {
    pub id: i64,
    pub transaction_id: i64,
    pub kind: String,
    pub phase: String,
    pub amount: i64,
    pub created_at: DateTime<Utc>,
    pub memo: String,
    pub method: Option<String>,
    pub bank_reference: Option<String>,
    pub reverses_id: Option<i64>,
    pub reversed_by: Option<i64>,
    pub resolved_by: Option<i64>,
    pub donor_id: Option<i64>,
    pub donor_kind: Option<String>,
    pub donor_name: Option<String>,
    pub donor_anonymous: Option<bool>,
    pub donor_contact: Option<String>,
    pub donor_keeper_path: Option<String>,
}

impl EntryLine {
    /// The transaction that reversed or resolved this entry's, if any.
    pub fn followed_by(&self) -> Option<i64> {
        self.reversed_by.or(self.resolved_by)
    }
}

/// The entries of a fund's ledger, newest first, a page at a time (before the cursor id).
/// `actor` must be staff of the fund's subtree; `None` is the public's view, which is always
/// limited to posted entries. Two statements: the fund with its owner, then the page.
pub async fn entries(
    db: &DatabaseConnection,
    actor: Option<&SignedIn>,
    fund_id: i64,
    filter: &EntryFilter,
    before_id: Option<i64>,
    first: u64,
) -> Result<Page<EntryLine>> {
    use ledger_entry::Column;
    use sea_orm::sea_query::{Alias, JoinType, Order, Query};
    let found = funds::get_with_owner(db, fund_id).await?;
    let (e, t, r, v, d, k) = (
        Alias::new("e"),
        Alias::new("t"),
        Alias::new("r"),
        Alias::new("v"),
        Alias::new("d"),
        Alias::new("k"),
    );
    let entry = |column: Column| Expr::col((e.clone(), column));
    let header = |column: ledger_transaction::Column| Expr::col((t.clone(), column));
    let mut query = Query::select();
    query
        .columns([
            (e.clone(), Column::Id),
            (e.clone(), Column::TransactionId),
            (e.clone(), Column::Kind),
            (e.clone(), Column::Phase),
            (e.clone(), Column::Amount),
            (e.clone(), Column::CreatedAt),
            (e.clone(), Column::DonorId),
        ])
        .columns([
            (t.clone(), ledger_transaction::Column::Memo),
            (t.clone(), ledger_transaction::Column::Method),
            (t.clone(), ledger_transaction::Column::BankReference),
            (t.clone(), ledger_transaction::Column::ReversesId),
        ])
        .expr_as(
            Expr::col((r.clone(), ledger_transaction::Column::Id)),
            Alias::new("reversed_by"),
        )
        .expr_as(
            Expr::col((v.clone(), ledger_transaction::Column::Id)),
            Alias::new("resolved_by"),
        )
        .expr_as(
            Expr::col((d.clone(), donor::Column::Kind)),
            Alias::new("donor_kind"),
        )
        .expr_as(
            Expr::col((d.clone(), donor::Column::Name)),
            Alias::new("donor_name"),
        )
        .expr_as(
            Expr::col((d.clone(), donor::Column::Anonymous)),
            Alias::new("donor_anonymous"),
        )
        .expr_as(
            Expr::col((d.clone(), donor::Column::Contact)),
            Alias::new("donor_contact"),
        )
        .expr_as(
            Expr::col((k.clone(), crate::entity::organization::Column::Path)),
            Alias::new("donor_keeper_path"),
        )
        .from_as(ledger_entry::Entity, e.clone())
        .join_as(
            JoinType::InnerJoin,
            ledger_transaction::Entity,
            t.clone(),
            header(ledger_transaction::Column::Id).equals((e.clone(), Column::TransactionId)),
        )
        .join_as(
            JoinType::LeftJoin,
            ledger_transaction::Entity,
            r.clone(),
            Expr::col((r.clone(), ledger_transaction::Column::ReversesId))
                .equals((t.clone(), ledger_transaction::Column::Id)),
        )
        .join_as(
            JoinType::LeftJoin,
            ledger_transaction::Entity,
            v.clone(),
            Expr::col((v.clone(), ledger_transaction::Column::ResolvesId))
                .equals((t.clone(), ledger_transaction::Column::Id)),
        )
        .join_as(
            JoinType::LeftJoin,
            donor::Entity,
            d.clone(),
            Expr::col((d.clone(), donor::Column::Id)).equals((e.clone(), Column::DonorId)),
        )
        .join_as(
            JoinType::LeftJoin,
            crate::entity::organization::Entity,
            k.clone(),
            Expr::col((k.clone(), crate::entity::organization::Column::Id))
                .equals((d.clone(), donor::Column::OrganizationId)),
        )
        .and_where(entry(Column::FundId).eq(fund_id));
    match actor {
        Some(actor) => {
            actor.require_any(&STAFF_ROLES, &found.owner, "read this fund's ledger")?;
            if filter.posted_only {
                query.and_where(entry(Column::Phase).eq(POSTED));
            }
        }
        None => {
            query.and_where(entry(Column::Phase).eq(POSTED));
        }
    }
    if let Some(since) = filter.since {
        query.and_where(entry(Column::CreatedAt).gte(since));
    }
    if let Some(until) = filter.until {
        query.and_where(entry(Column::CreatedAt).lt(until));
    }
    if let Some(kind) = filter.kind {
        query.and_where(entry(Column::Kind).eq(kind.code()));
    }
    if let Some(donor_id) = filter.donor_id {
        query.and_where(entry(Column::DonorId).eq(donor_id));
    }
    if let Some(before_id) = before_id {
        query.and_where(entry(Column::Id).lt(before_id));
    }
    query
        .order_by((e.clone(), Column::Id), Order::Desc)
        .limit(first + 1);
    let items = db
        .query_all(&query)
        .await?
        .iter()
        .map(|row| EntryLine::from_query_result(row, ""))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(Page::from_overfetch(items, first))
}

#[derive(Debug, FromQueryResult)]
struct KindSum {
    kind: String,
    positive: bool,
    total: Option<i64>,
}

#[derive(Debug, FromQueryResult)]
struct Balances {
    opening: Option<i64>,
    closing: Option<i64>,
}

/// A fund's statement for `[from, to)`, computed from its posted entries: the opening and
/// closing balances are each summed from the entries independently, so that the statement's
/// own reconciliation (rule 7) is a real check, not arithmetic on itself.
#[tracing::instrument(skip(db))]
pub async fn statement(
    db: &DatabaseConnection,
    fund_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Statement> {
    use ledger_entry::Column;
    if to < from {
        return Err(ValidationError::new(
            "to",
            ValidationReason::TooSmall {
                min: "the start of the period".into(),
            },
        )
        .into());
    }
    let txn = crate::db::begin_snapshot(db).await?;
    let db = &txn;
    funds::get(db, fund_id).await?;
    let posted = || {
        ledger_entry::Entity::find()
            .filter(Column::FundId.eq(fund_id))
            .filter(Column::Phase.eq(POSTED))
    };
    // Both balances in one statement, each its own sum over the entries before its instant.
    let before = |at: DateTime<Utc>| {
        use sea_orm::sea_query::Func;
        Expr::expr(Func::sum(
            Expr::case(
                Expr::col(Column::CreatedAt).lt(at),
                Expr::col(Column::Amount),
            )
            .finally(0),
        ))
        .cast_as("BIGINT")
    };
    let balances = posted()
        .select_only()
        .column_as(before(from), "opening")
        .column_as(before(to), "closing")
        .filter(Column::CreatedAt.lt(to))
        .into_model::<Balances>()
        .one(db)
        .await?;
    let (opening, closing) =
        balances.map_or((0, 0), |b| (b.opening.unwrap_or(0), b.closing.unwrap_or(0)));
    let (opening, closing) = (Money::from_dong(opening), Money::from_dong(closing));
    let sums = posted()
        .select_only()
        .column(Column::Kind)
        // Literal SQL: a bound `0` would be a different parameter in SELECT and GROUP BY,
        // which PostgreSQL does not accept as the same expression.
        .column_as(Expr::cust("amount > 0"), "positive")
        .column_as(sum_of("amount"), "total")
        .filter(Column::CreatedAt.gte(from))
        .filter(Column::CreatedAt.lt(to))
        .group_by(Column::Kind)
        .group_by(Expr::cust("amount > 0"))
        .into_model::<KindSum>()
        .all(db)
        .await?;
    let mut receipts = Vec::new();
    let mut payments = Vec::new();
    for sum in sums {
        let kind = TransactionKind::from_code(&sum.kind)
            .ok_or_else(|| Error::Internal(format!("unknown transaction kind {:?}", sum.kind)))?;
        let total = sum.total.unwrap_or(0);
        if sum.positive {
            receipts.push(KindTotal {
                kind,
                amount: Money::from_dong(total),
            });
        } else {
            payments.push(KindTotal {
                kind,
                amount: Money::from_dong(-total),
            });
        }
    }
    receipts.sort_by_key(|line| line.kind);
    payments.sort_by_key(|line| line.kind);
    txn.commit().await?;
    Ok(Statement {
        opening,
        receipts,
        payments,
        closing,
    })
}

/// Receipts and payments of one calendar month (Vietnam time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthTotals {
    /// `2026-11`.
    pub month: String,
    pub receipts: Money,
    pub payments: Money,
}

/// A fund's receipts and payments per month over the `months` months ending with the current
/// one, oldest first, empty months included (for the dashboard's chart).
pub async fn monthly_totals(
    db: &DatabaseConnection,
    fund_id: i64,
    months: u32,
) -> Result<Vec<MonthTotals>> {
    use chrono::{Datelike, NaiveDate, TimeZone};
    use ledger_entry::Column;

    let vietnam = shared::date::vietnam();
    let today = shared::date::vietnam_day(Utc::now());
    let mut labels = Vec::new();
    let (mut year, mut month) = (today.year(), today.month());
    for _ in 0..std::cmp::max(months, 1) {
        labels.push((year, month));
        (year, month) = if month == 1 {
            (year - 1, 12)
        } else {
            (year, month - 1)
        };
    }
    labels.reverse();
    let (first_year, first_month) = labels[0];
    let start = NaiveDate::from_ymd_opt(first_year, first_month, 1)
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .and_then(|start| vietnam.from_local_datetime(&start).single())
        .ok_or_else(|| Error::Internal("bad month".into()))?;
    // One narrow query over the period; bucketing in Vietnam time is done here because
    // SQLite and PostgreSQL have no common way to do it in SQL.
    let rows: Vec<(DateTime<Utc>, i64)> = ledger_entry::Entity::find()
        .select_only()
        .column(Column::CreatedAt)
        .column(Column::Amount)
        .filter(Column::FundId.eq(fund_id))
        .filter(Column::Phase.eq(POSTED))
        .filter(Column::CreatedAt.gte(start.with_timezone(&Utc)))
        .into_tuple()
        .all(db)
        .await?;
    let mut totals: BTreeMap<(i32, u32), (i64, i64)> =
        labels.iter().map(|label| (*label, (0, 0))).collect();
    for (at, amount) in rows {
        let local = at.with_timezone(&vietnam);
        if let Some(total) = totals.get_mut(&(local.year(), local.month())) {
            if amount > 0 {
                total.0 = total.0.saturating_add(amount);
            } else {
                total.1 = total.1.saturating_add(-amount);
            }
        }
    }
    Ok(totals
        .into_iter()
        .map(|((year, month), (receipts, payments))| MonthTotals {
            month: format!("{year:04}-{month:02}"),
            receipts: Money::from_dong(receipts),
            payments: Money::from_dong(payments),
        })
        .collect())
}

/// One thing [`verify`] found wrong.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Mismatch {
    /// What is wrong, e.g. `POSTED_BALANCE`, `RESERVED_BALANCE`, `OVERDRAWN`, `UNBALANCED`.
    pub check: &'static str,
    pub fund_id: Option<i64>,
    pub transaction_id: Option<i64>,
    /// What the entries say.
    pub expected: i64,
    /// What is stored.
    pub actual: i64,
}

/// What [`verify`] looked at and found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LedgerCheck {
    pub funds_checked: u64,
    pub transactions_checked: u64,
    pub entries_checked: u64,
    pub mismatches: Vec<Mismatch>,
}

#[derive(Debug, FromQueryResult)]
struct FundSums {
    fund_id: i64,
    posted: Option<i64>,
    pending: Option<i64>,
}

#[derive(Debug, FromQueryResult)]
struct TransactionSums {
    transaction_id: i64,
    total: Option<i64>,
    entries: i64,
}

/// Recomputes every fund's balances from the entries and checks every transaction (rules 1, 3
/// and 6). Runs in one read transaction so it sees a single consistent state.
#[tracing::instrument(skip(db))]
pub async fn verify(db: &DatabaseConnection) -> Result<LedgerCheck> {
    use ledger_entry::Column;
    use sea_orm::PaginatorTrait;
    let txn = crate::db::begin_snapshot(db).await?;
    let pending_sum = sum_of("CASE WHEN phase = 'PENDING' THEN amount ELSE 0 END");
    let posted_sum = sum_of("CASE WHEN phase = 'POSTED' THEN amount ELSE 0 END");
    let sums: HashMap<i64, FundSums> = ledger_entry::Entity::find()
        .select_only()
        .column(Column::FundId)
        .column_as(posted_sum, "posted")
        .column_as(pending_sum, "pending")
        .filter(Column::FundId.is_not_null())
        .group_by(Column::FundId)
        .into_model::<FundSums>()
        .all(&txn)
        .await?
        .into_iter()
        .map(|sums| (sums.fund_id, sums))
        .collect();
    let all_funds = fund::Entity::find().all(&txn).await?;
    let mut mismatches = Vec::new();
    for fund in &all_funds {
        let (posted, pending) = sums
            .get(&fund.id)
            .map(|s| (s.posted.unwrap_or(0), s.pending.unwrap_or(0)))
            .unwrap_or((0, 0));
        let mut check = |check, expected: i64, actual: i64| {
            if expected != actual {
                mismatches.push(Mismatch {
                    check,
                    fund_id: Some(fund.id),
                    transaction_id: None,
                    expected,
                    actual,
                });
            }
        };
        check("POSTED_BALANCE", posted, fund.posted_balance);
        check("RESERVED_BALANCE", -pending, fund.reserved_balance);
        if posted + pending < 0 {
            check("OVERDRAWN", 0, posted + pending);
        }
    }
    let unbalanced = ledger_entry::Entity::find()
        .select_only()
        .column(Column::TransactionId)
        .column_as(sum_of("amount"), "total")
        .column_as(Column::Id.count(), "entries")
        .group_by(Column::TransactionId)
        .having(Expr::cust("SUM(amount) <> 0 OR COUNT(id) < 2"))
        .into_model::<TransactionSums>()
        .all(&txn)
        .await?;
    for sums in unbalanced {
        mismatches.push(Mismatch {
            check: if sums.entries < 2 {
                "TOO_FEW_ENTRIES"
            } else {
                "UNBALANCED"
            },
            fund_id: None,
            transaction_id: Some(sums.transaction_id),
            expected: 0,
            actual: sums.total.unwrap_or(0),
        });
    }
    // A transaction with no entries at all has no group above.
    let transactions_checked = ledger_transaction::Entity::find().count(&txn).await?;
    let with_entries = ledger_entry::Entity::find()
        .select_only()
        .column(Column::TransactionId)
        .distinct()
        .count(&txn)
        .await?;
    if with_entries != transactions_checked {
        mismatches.push(Mismatch {
            check: "TRANSACTIONS_WITHOUT_ENTRIES",
            fund_id: None,
            transaction_id: None,
            expected: i64::try_from(transactions_checked).unwrap_or(i64::MAX),
            actual: i64::try_from(with_entries).unwrap_or(i64::MAX),
        });
    }
    let entries_checked = ledger_entry::Entity::find().count(&txn).await?;
    txn.commit().await?;
    Ok(LedgerCheck {
        funds_checked: all_funds.len() as u64,
        transactions_checked,
        entries_checked,
        mismatches,
    })
}

/// Donors by id (for a page of entries), as a map.
pub async fn donors_by_id(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, donor::Model>> {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(funds::get_donors(db, &ids)
        .await?
        .into_iter()
        .map(|donor| (donor.id, donor))
        .collect())
}

/// `SUM(expression)` as a 64-bit integer: PostgreSQL widens a sum of BIGINTs to NUMERIC,
/// which would not decode as `i64`.
fn sum_of(expression: &str) -> sea_orm::sea_query::SimpleExpr {
    Expr::cust(format!("CAST(SUM({expression}) AS BIGINT)"))
}
