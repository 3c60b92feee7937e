//! The ledger in the GraphQL API: a fund's lines as its keepers and the public see them,
//! statements and monthly totals, transactions, and the ledger's check. The mutations that
//! move money are in `movement`.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use shared::{DonationMethod, EntryPhase, LedgerAccount, Role, TransactionKind};

use super::{
    error::ApiResult, fund::Donor, guard::RoleGuard, organization::actor_context,
    scalars::MoneyScalar,
};
use crate::{
    error::Error,
    service::ledger::{self, Recorded},
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
    /// The day a donation's money was received, when given (it may be before it was
    /// recorded: a cash book typed in later, a bank's line).
    received_on: Option<chrono::NaiveDate>,
    /// The receipt (phiếu thu) a donation was given.
    receipt_number: Option<String>,
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
            received_on: line.received_on,
            receipt_number: line.receipt_number,
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
    /// The day a donation's money was received, when given (a cash book's row, a bank's
    /// line); it may be before the day it was recorded.
    received_on: Option<chrono::NaiveDate>,
    /// The receipt (phiếu thu) a donation was given.
    receipt_number: Option<String>,
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
            received_on: t.received_on,
            receipt_number: t.receipt_number,
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
