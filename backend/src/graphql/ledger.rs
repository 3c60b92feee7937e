//! The ledger in the GraphQL API: a fund's lines as its keepers and the public see them,
//! statements and monthly totals, the mutations that move money, and the ledger's check.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use shared::{
    DonationMethod, DonorKind, EntryPhase, IdempotencyKey, LedgerAccount, Role, TransactionKind,
};

use super::{
    error::ApiResult,
    fund::Donor,
    guard::{RoleGuard, SignedInGuard},
    organization::actor_context,
    scalars::{MoneyScalar, parse_id},
};
use crate::{
    error::Error,
    service::{
        fund as funds,
        ledger::{self, DonorRef, Movement, Recorded},
    },
};

/// One line of a fund's ledger.
#[derive(SimpleObject, Clone, Debug)]
pub struct LedgerEntry {
    /// Stable identifier.
    id: ID,
    /// The transaction it belongs to.
    transaction_id: ID,
    /// What the transaction did.
    kind: TransactionKind,
    /// Posted or pending.
    phase: EntryPhase,
    /// Signed: positive into the fund, negative out of it.
    amount: MoneyScalar,
    /// When it was recorded.
    at: DateTime<Utc>,
    /// The transaction's memo or reason.
    memo: String,
    /// How a donation arrived.
    method: Option<DonationMethod>,
    /// The bank's reference of a bank transfer.
    bank_reference: Option<String>,
    /// Who gave, for donations and their reversals.
    donor: Option<Donor>,
    /// The transaction this one reverses, if it is a reversal.
    reverses_transaction_id: Option<ID>,
    /// The transaction that reversed, paid out or released this one, if any.
    followed_by_transaction_id: Option<ID>,
}

impl LedgerEntry {
    /// The line as staff see it; the donor's contact only when `may_contact`.
    pub(super) fn new(line: ledger::EntryLine, may_contact: bool) -> Self {
        let followed_by = line.followed_by();
        let donor = match (line.donor_id, line.donor_name, line.donor_kind) {
            (Some(id), Some(name), Some(kind)) => Some(Donor {
                id: ID(id.to_string()),
                kind,
                name,
                anonymous: line.donor_anonymous.unwrap_or(false),
                contact: line.donor_contact.filter(|_| may_contact),
            }),
            _ => None,
        };
        Self {
            id: ID(line.id.to_string()),
            transaction_id: ID(line.transaction_id.to_string()),
            kind: line.kind,
            phase: line.phase,
            amount: line.amount.into(),
            at: line.created_at,
            memo: line.memo,
            method: line.method,
            bank_reference: line.bank_reference,
            donor,
            reverses_transaction_id: line.reverses_id.map(|id| ID(id.to_string())),
            followed_by_transaction_id: followed_by.map(|id| ID(id.to_string())),
        }
    }
}

/// A receipt or payment of a fund as the public sees it.
#[derive(SimpleObject, Clone, Debug)]
pub struct PublicEntry {
    /// Stable identifier.
    pub(super) id: ID,
    /// When it was recorded.
    pub(super) at: DateTime<Utc>,
    /// Donation, transfer, disbursement or reversal.
    pub(super) kind: TransactionKind,
    /// Signed: positive into the fund, negative out of it.
    pub(super) amount: MoneyScalar,
    /// The donor's name; null when there is none or they asked to stay anonymous.
    pub(super) donor_name: Option<String>,
    /// Whether the donor asked to stay anonymous.
    pub(super) anonymous: bool,
}

/// The total of one kind of transaction in a statement.
#[derive(SimpleObject, Clone, Debug)]
pub struct KindTotal {
    /// The kind of transaction.
    kind: TransactionKind,
    /// Its total, always positive.
    amount: MoneyScalar,
}

/// A fund's statement for a period.
#[derive(SimpleObject, Clone, Debug)]
pub struct FundStatement {
    /// First day of the period.
    from: NaiveDate,
    /// Last day of the period (included).
    to: NaiveDate,
    /// Posted balance at the start of the first day.
    opening: MoneyScalar,
    /// Money in, by kind.
    receipts: Vec<KindTotal>,
    /// Total money in.
    total_receipts: MoneyScalar,
    /// Money out, by kind.
    payments: Vec<KindTotal>,
    /// Total money out.
    total_payments: MoneyScalar,
    /// Posted balance at the end of the last day.
    closing: MoneyScalar,
    /// Whether opening + receipts − payments = closing. Always true unless the ledger is
    /// damaged; shown so that a reader need not take it on trust.
    reconciles: bool,
}

impl FundStatement {
    pub(super) fn new(
        from: NaiveDate,
        to: NaiveDate,
        statement: shared::ledger::Statement,
    ) -> Self {
        let lines = |lines: &[shared::ledger::KindTotal]| {
            lines
                .iter()
                .map(|line| KindTotal {
                    kind: line.kind,
                    amount: line.amount.into(),
                })
                .collect()
        };
        Self {
            from,
            to,
            opening: statement.opening.into(),
            receipts: lines(&statement.receipts),
            total_receipts: statement.total_receipts().unwrap_or_default().into(),
            payments: lines(&statement.payments),
            total_payments: statement.total_payments().unwrap_or_default().into(),
            closing: statement.closing.into(),
            reconciles: statement.reconciles(),
        }
    }
}

/// A month's receipts and payments.
#[derive(SimpleObject, Clone, Debug)]
pub struct MonthTotals {
    /// The month, `2026-11`.
    pub(super) month: String,
    /// Money in.
    pub(super) receipts: MoneyScalar,
    /// Money out.
    pub(super) payments: MoneyScalar,
}

/// One entry of a transaction.
#[derive(SimpleObject, Clone, Debug)]
pub struct TransactionEntry {
    /// The fund, or null for the world outside the funds.
    fund_id: Option<ID>,
    /// The fund's own account, or the world outside: where donations come from, where
    /// payments go.
    account: LedgerAccount,
    /// Posted or pending.
    phase: EntryPhase,
    /// Signed amount; a transaction's entries sum to zero.
    amount: MoneyScalar,
}

/// A movement of money: a transaction of two or more entries that sum to zero.
#[derive(SimpleObject, Clone, Debug)]
pub struct LedgerTransaction {
    /// Stable identifier.
    id: ID,
    /// What it did.
    kind: TransactionKind,
    /// Its memo or reason.
    memo: String,
    /// The amount moved.
    amount: MoneyScalar,
    /// When it was recorded.
    at: DateTime<Utc>,
    /// Its entries.
    entries: Vec<TransactionEntry>,
    /// The transaction it reverses.
    reverses_id: Option<ID>,
    /// The reservation it posts or voids.
    resolves_id: Option<ID>,
    /// The donor, for a donation.
    donor_id: Option<ID>,
}

impl From<Recorded> for LedgerTransaction {
    fn from(recorded: Recorded) -> Self {
        let t = recorded.transaction;
        Self {
            id: ID(t.id.to_string()),
            kind: t.kind,
            memo: t.memo,
            amount: recorded
                .entries
                .iter()
                .map(|e| e.amount.saturating_abs())
                .max()
                .unwrap_or(0)
                .into(),
            at: t.created_at,
            entries: recorded
                .entries
                .into_iter()
                .map(|e| TransactionEntry {
                    fund_id: e.fund_id.map(|id| ID(id.to_string())),
                    account: e.account,
                    phase: e.phase,
                    amount: e.amount.into(),
                })
                .collect(),
            reverses_id: t.reverses_id.map(|id| ID(id.to_string())),
            resolves_id: t.resolves_id.map(|id| ID(id.to_string())),
            donor_id: t.donor_id.map(|id| ID(id.to_string())),
        }
    }
}

/// Something `verifyLedger` found wrong.
#[derive(SimpleObject, Clone, Debug)]
pub struct LedgerMismatch {
    /// `POSTED_BALANCE`, `RESERVED_BALANCE`, `OVERDRAWN`, `UNBALANCED`, `TOO_FEW_ENTRIES`
    /// or `TRANSACTIONS_WITHOUT_ENTRIES`.
    check: String,
    /// The fund concerned.
    fund_id: Option<ID>,
    /// The transaction concerned.
    transaction_id: Option<ID>,
    /// What the entries say.
    expected: MoneyScalar,
    /// What is stored.
    actual: MoneyScalar,
}

/// The result of recomputing every balance from the entries.
#[derive(SimpleObject, Clone, Debug)]
pub struct LedgerCheck {
    /// Whether nothing was found wrong.
    ok: bool,
    /// Funds checked.
    funds_checked: u64,
    /// Transactions checked.
    transactions_checked: u64,
    /// Entries checked.
    entries_checked: u64,
    /// What was found wrong.
    mismatches: Vec<LedgerMismatch>,
}

impl From<ledger::LedgerCheck> for LedgerCheck {
    fn from(check: ledger::LedgerCheck) -> Self {
        Self {
            ok: check.mismatches.is_empty(),
            funds_checked: check.funds_checked,
            transactions_checked: check.transactions_checked,
            entries_checked: check.entries_checked,
            mismatches: check
                .mismatches
                .into_iter()
                .map(|m| LedgerMismatch {
                    check: m.check.to_owned(),
                    fund_id: m.fund_id.map(|id| ID(id.to_string())),
                    transaction_id: m.transaction_id.map(|id| ID(id.to_string())),
                    expected: m.expected.into(),
                    actual: m.actual.into(),
                })
                .collect(),
        }
    }
}

#[derive(Default)]
pub struct LedgerQuery;

#[Object]
impl LedgerQuery {
    /// Recomputes every fund's balances from the ledger's entries and checks that every
    /// transaction balances. For administrators of a whole tree (a city).
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn verify_ledger(&self, ctx: &Context<'_>) -> ApiResult<LedgerCheck> {
        let (db, _, actor) = actor_context(ctx)?;
        // It reads every fund's ledger: for the administrators of a whole tree, not of a
        // commune.
        let of_a_root = actor.grants.iter().any(|grant| {
            grant.role == Role::Admin && grant.organization_path.matches('/').count() == 2
        });
        if !of_a_root {
            return Err(Error::Forbidden(
                "Only an administrator of a city (the top of a tree) may verify the ledger.".into(),
            )
            .into());
        }
        Ok(ledger::verify(db).await?.into())
    }
}

/// A donor recorded together with their donation.
#[derive(InputObject, Debug)]
pub struct NewDonorInput {
    /// Person or organisation.
    kind: DonorKind,
    /// Full name.
    name: String,
    /// Show them to the public as an anonymous benefactor.
    #[graphql(default)]
    anonymous: bool,
    /// Phone, email or address (never public).
    contact: Option<String>,
}

/// A donation to record.
#[derive(InputObject, Debug)]
pub struct RecordDonationInput {
    /// Chosen by the client, new for each donation; a retry with the same key is applied once.
    idempotency_key: String,
    /// The fund receiving it.
    fund_id: ID,
    /// The amount, or the value of goods given in kind.
    amount: MoneyScalar,
    /// How it arrived.
    method: DonationMethod,
    /// The bank's reference; required for a bank transfer.
    bank_reference: Option<String>,
    /// A donor already on record…
    donor_id: Option<ID>,
    /// …or a new one (exactly one of the two).
    new_donor: Option<NewDonorInput>,
    /// A note; required for a gift in kind (what was given).
    #[graphql(default)]
    memo: String,
}

/// Money to move from one fund to another.
#[derive(InputObject, Debug)]
pub struct TransferFundsInput {
    /// Chosen by the client, new for each transfer.
    idempotency_key: String,
    /// The fund the money leaves (one whose money you keep).
    from_fund_id: ID,
    /// The fund it goes to.
    to_fund_id: ID,
    /// The amount.
    amount: MoneyScalar,
    /// What it is for.
    #[graphql(default)]
    memo: String,
}

/// Money to set aside in a fund for an approved award.
#[derive(InputObject, Debug)]
pub struct ReserveFundsInput {
    /// Chosen by the client, new for each reservation.
    idempotency_key: String,
    /// The fund.
    fund_id: ID,
    /// The amount.
    amount: MoneyScalar,
    /// What it is for.
    #[graphql(default)]
    memo: String,
}

/// A reservation to pay out.
#[derive(InputObject, Debug)]
pub struct ResolveReservationInput {
    /// Chosen by the client, new for each request.
    idempotency_key: String,
    /// The reservation (the id of its transaction).
    reservation_id: ID,
    /// A note.
    #[graphql(default)]
    memo: String,
}

/// A reservation to release.
#[derive(InputObject, Debug)]
pub struct VoidReservationInput {
    /// Chosen by the client, new for each request.
    idempotency_key: String,
    /// The reservation (the id of its transaction).
    reservation_id: ID,
    /// Why it is released (required; it stays on the record).
    reason: String,
}

/// A transaction to undo.
#[derive(InputObject, Debug)]
pub struct ReverseTransactionInput {
    /// Chosen by the client, new for each request.
    idempotency_key: String,
    /// The donation, transfer or disbursement to reverse.
    transaction_id: ID,
    /// Why (required; it stays on the record).
    reason: String,
}

#[derive(Default)]
pub struct LedgerMutation;

async fn apply(ctx: &Context<'_>, key: &str, movement: Movement) -> ApiResult<LedgerTransaction> {
    let (db, meta, actor) = actor_context(ctx)?;
    let key = IdempotencyKey::parse(key)?;
    Ok(ledger::apply(db, meta, actor, &key, movement).await?.into())
}

#[Object]
impl LedgerMutation {
    /// Records a donation into a fund whose money you keep.
    #[graphql(guard = "SignedInGuard")]
    async fn record_donation(
        &self,
        ctx: &Context<'_>,
        input: RecordDonationInput,
    ) -> ApiResult<LedgerTransaction> {
        let donor = match (input.donor_id, input.new_donor) {
            (Some(id), None) => DonorRef::Existing(parse_id("donorId", &id)?),
            (None, Some(new)) => DonorRef::New(funds::DonorForCreate {
                kind: new.kind,
                name: new.name,
                anonymous: new.anonymous,
                contact: new.contact,
            }),
            _ => {
                return Err(shared::ValidationError::new(
                    "donorId",
                    shared::ValidationReason::Format {
                        expected: "either donorId or newDonor".into(),
                    },
                )
                .into());
            }
        };
        let movement = Movement::Donation {
            fund_id: parse_id("fundId", &input.fund_id)?,
            amount: input.amount.amount("amount")?,
            donor,
            method: input.method,
            bank_reference: input.bank_reference,
            memo: input.memo,
        };
        apply(ctx, &input.idempotency_key, movement).await
    }

    /// Moves money from a fund whose money you keep to another fund.
    #[graphql(guard = "SignedInGuard")]
    async fn transfer_funds(
        &self,
        ctx: &Context<'_>,
        input: TransferFundsInput,
    ) -> ApiResult<LedgerTransaction> {
        let movement = Movement::Transfer {
            from_fund_id: parse_id("fromFundId", &input.from_fund_id)?,
            to_fund_id: parse_id("toFundId", &input.to_fund_id)?,
            amount: input.amount.amount("amount")?,
            memo: input.memo,
        };
        apply(ctx, &input.idempotency_key, movement).await
    }

    /// Sets money aside in a fund (a pending payment), as an approved award does.
    #[graphql(guard = "SignedInGuard")]
    async fn reserve_funds(
        &self,
        ctx: &Context<'_>,
        input: ReserveFundsInput,
    ) -> ApiResult<LedgerTransaction> {
        let movement = Movement::Reserve {
            fund_id: parse_id("fundId", &input.fund_id)?,
            amount: input.amount.amount("amount")?,
            memo: input.memo,
        };
        apply(ctx, &input.idempotency_key, movement).await
    }

    /// Pays out a reservation: the money leaves the fund. At most once.
    #[graphql(guard = "SignedInGuard")]
    async fn post_reservation(
        &self,
        ctx: &Context<'_>,
        input: ResolveReservationInput,
    ) -> ApiResult<LedgerTransaction> {
        let movement = Movement::Post {
            reservation_id: parse_id("reservationId", &input.reservation_id)?,
            memo: input.memo,
        };
        apply(ctx, &input.idempotency_key, movement).await
    }

    /// Releases a reservation: the money is available again. At most once.
    #[graphql(guard = "SignedInGuard")]
    async fn void_reservation(
        &self,
        ctx: &Context<'_>,
        input: VoidReservationInput,
    ) -> ApiResult<LedgerTransaction> {
        let movement = Movement::Void {
            reservation_id: parse_id("reservationId", &input.reservation_id)?,
            reason: input.reason,
        };
        apply(ctx, &input.idempotency_key, movement).await
    }

    /// Undoes a donation, transfer or disbursement with its mirror image, keeping both on
    /// the record. At most once per transaction.
    #[graphql(guard = "SignedInGuard")]
    async fn reverse_transaction(
        &self,
        ctx: &Context<'_>,
        input: ReverseTransactionInput,
    ) -> ApiResult<LedgerTransaction> {
        let movement = Movement::Reverse {
            transaction_id: parse_id("transactionId", &input.transaction_id)?,
            reason: input.reason,
        };
        apply(ctx, &input.idempotency_key, movement).await
    }
}
