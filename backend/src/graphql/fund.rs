//! Funds and the ledger in the GraphQL API: balances, ledger pages, statements, the public
//! disclosure, and the mutations that move money.

use async_graphql::{
    ComplexObject, Context, ID, InputObject, Object, SimpleObject,
    connection::{Connection, CursorType},
    dataloader::{DataLoader, Loader},
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::DatabaseConnection;
use shared::{
    DonationMethod, DonorKind, EntryPhase, IdempotencyKey, LedgerAccount, Role, TransactionKind,
};
use std::collections::HashMap;

use super::{
    error::{ApiError, ApiResult},
    guard::{RoleGuard, SignedInGuard},
    organization::{Organization, OrganizationLoader, actor_context},
    scalars::{
        DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MoneyScalar, connection, decode_cursor, page_size,
        parse_id,
    },
};
use crate::{
    entity::{donor, fund, organization as organization_row},
    error::Error,
    service::{
        Page,
        access::Viewer,
        fund::{self as funds, FundFilter, FundWithOwner, MONEY_ROLES, STAFF_ROLES},
        ledger::{self, DonorRef, EntryFilter, Movement, PageRequest, Recorded},
    },
};

/// A learning-promotion or talent fund of one organisation, with its balances.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(complex)]
pub struct Fund {
    /// Stable identifier.
    id: ID,
    /// Name, e.g. `Quỹ Khuyến học phường Cầu Giấy`.
    name: String,
    /// What the fund is for.
    purpose: Option<String>,
    /// The organisation that owns the fund.
    organization_id: ID,
    /// What the fund holds: the sum of its posted entries.
    posted_balance: MoneyScalar,
    /// What approved awards hold in it, not yet paid out.
    reserved_balance: MoneyScalar,
    /// What may still be spent or reserved: posted − reserved. Never negative.
    available_balance: MoneyScalar,
    /// When the fund was opened.
    created_at: DateTime<Utc>,
    #[graphql(skip)]
    key: i64,
    #[graphql(skip)]
    organization_key: i64,
    /// The owner, when the fund was read with it (a list of funds is): what the ledger's
    /// access check and `organization` need without another read.
    #[graphql(skip)]
    owner: Option<std::sync::Arc<organization_row::Model>>,
}

impl From<FundWithOwner> for Fund {
    fn from(found: FundWithOwner) -> Self {
        Self {
            owner: Some(std::sync::Arc::new(found.owner)),
            ..Self::from(found.fund)
        }
    }
}

impl From<fund::Model> for Fund {
    fn from(row: fund::Model) -> Self {
        Self {
            id: ID(row.id.to_string()),
            name: row.name,
            purpose: row.purpose,
            organization_id: ID(row.organization_id.to_string()),
            posted_balance: row.posted_balance.into(),
            reserved_balance: row.reserved_balance.into(),
            available_balance: (row.posted_balance - row.reserved_balance).into(),
            created_at: row.created_at,
            key: row.id,
            organization_key: row.organization_id,
            owner: None,
        }
    }
}

/// Batches the ledger pages a response asks for (a page of funds, each with its latest
/// entries) into one read: see [`ledger::entry_pages`]. It only reads; each field checks
/// its viewer's access first.
pub struct LedgerPageLoader {
    db: DatabaseConnection,
}

impl LedgerPageLoader {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

impl Loader<PageRequest> for LedgerPageLoader {
    type Value = std::sync::Arc<Page<ledger::EntryLine>>;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[PageRequest],
    ) -> Result<HashMap<PageRequest, Self::Value>, Self::Error> {
        let pages = ledger::entry_pages(&self.db, keys)
            .await
            .map_err(|error| async_graphql::Error::from(ApiError::from(error)))?;
        Ok(keys
            .iter()
            .cloned()
            .zip(pages.into_iter().map(std::sync::Arc::new))
            .collect())
    }
}

/// A ledger page through the response's batch.
async fn ledger_page(
    ctx: &Context<'_>,
    request: PageRequest,
) -> ApiResult<Page<ledger::EntryLine>> {
    let page = ctx
        .data::<DataLoader<LedgerPageLoader>>()?
        .load_one(request)
        .await?
        .ok_or_else(|| ApiError::from(Error::Internal("a ledger page went missing".into())))?;
    Ok(Page::clone(&page))
}

/// Ledger pages are newest first; the cursor is the last entry's id.
fn entry_connection<T: async_graphql::OutputType>(
    page: crate::service::Page<ledger::EntryLine>,
    after: bool,
    mut node: impl FnMut(ledger::EntryLine) -> T,
) -> Connection<String, T> {
    let infallible: Result<_, std::convert::Infallible> = connection(page, after, |entry| {
        Ok((entry.id.encode_cursor(), node(entry)))
    });
    match infallible {
        Ok(connection) => connection,
        Err(never) => match never {},
    }
}

/// The start of a day in Vietnam (UTC+7, which has no daylight saving). Statements cover
/// years 1900–2999: anything else is a typo, refused naming `field`.
/// A statement's day, within the years a statement can mean.
fn statement_day(field: &str, day: NaiveDate) -> ApiResult<NaiveDate> {
    use chrono::Datelike;
    if !(1900..=2999).contains(&day.year()) {
        return Err(ApiError::from(shared::ValidationError::new(
            field,
            shared::ValidationReason::Format {
                expected: "a date between 1900 and 2999".into(),
            },
        )));
    }
    Ok(day)
}

#[ComplexObject]
impl Fund {
    /// The organisation that owns the fund.
    async fn organization(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        if let Some(owner) = &self.owner {
            return Ok(Some(Organization::try_from(owner.as_ref().clone())?));
        }
        Ok(ctx
            .data::<DataLoader<OrganizationLoader>>()?
            .load_one(self.organization_key)
            .await?)
    }

    /// Whether the signed-in user may move this fund's money (record donations, transfer,
    /// reverse).
    async fn can_move_money(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let Some(user) = &ctx.data::<Viewer>()?.user else {
            return Ok(false);
        };
        if let Some(owner) = &self.owner {
            return Ok(user.holds_any(&MONEY_ROLES, &owner.path));
        }
        // Through the DataLoader: a list of funds costs one query for all their owners.
        let owner = ctx
            .data::<DataLoader<OrganizationLoader>>()?
            .load_one(self.organization_key)
            .await?;
        Ok(owner.is_some_and(|owner| user.holds_any(&MONEY_ROLES, &owner.path)))
    }

    /// The fund's ledger, newest first: every entry with its donor and memo. For the fund's
    /// treasurers, administrators and program managers.
    #[graphql(
        complexity = "first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE) as usize * child_complexity + 1"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn ledger(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return (1–100, default 50).")] first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page.")] after: Option<String>,
        #[graphql(desc = "Only entries at or after this time.")] since: Option<DateTime<Utc>>,
        #[graphql(desc = "Only entries before this time.")] until: Option<DateTime<Utc>>,
        #[graphql(desc = "Only entries of this kind.")] kind: Option<TransactionKind>,
        #[graphql(desc = "Only entries of this donor's donations.")] donor_id: Option<ID>,
        #[graphql(desc = "Leave out pending (reserved) entries.", default = false)]
        posted_only: bool,
    ) -> ApiResult<Connection<String, LedgerEntry>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let actor = ctx.data::<Viewer>()?.signed_in()?;
        let filter = EntryFilter {
            since,
            until,
            kind,
            donor_id: donor_id
                .as_ref()
                .map(|id| parse_id("donorId", id))
                .transpose()?,
            posted_only,
        };
        let first = page_size(first)?;
        let cursor = after.as_deref().map(decode_cursor).transpose()?;
        let owner = match &self.owner {
            Some(owner) => owner.clone(),
            None => std::sync::Arc::new(funds::get_with_owner(db, self.key).await?.owner),
        };
        actor.require_any(&STAFF_ROLES, &owner, "read this fund's ledger")?;
        let page = ledger_page(
            ctx,
            PageRequest {
                fund_id: self.key,
                public: false,
                filter,
                before_id: cursor,
                first,
            },
        )
        .await?;
        Ok(entry_connection(page, cursor.is_some(), |line| {
            // A donor's contact is for those who keep money where the donor's record is kept.
            let may_contact = line
                .donor_keeper_path
                .as_deref()
                .is_some_and(|path| actor.holds_any(&MONEY_ROLES, path));
            LedgerEntry::new(line, may_contact)
        }))
    }

    /// The fund's posted receipts and payments as the public may see them, newest first:
    /// donors by name unless they asked to stay anonymous; no contacts, no memos.
    #[graphql(
        complexity = "first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE) as usize * child_complexity + 1"
    )]
    async fn public_ledger(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return (1–100, default 50).")] first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page.")] after: Option<String>,
    ) -> ApiResult<Connection<String, PublicEntry>> {
        let first = page_size(first)?;
        let cursor = after.as_deref().map(decode_cursor).transpose()?;
        let page = ledger_page(
            ctx,
            PageRequest {
                fund_id: self.key,
                public: true,
                filter: EntryFilter::default(),
                before_id: cursor,
                first,
            },
        )
        .await?;
        Ok(entry_connection(page, cursor.is_some(), |line| {
            let anonymous = line.donor_anonymous.unwrap_or(false);
            PublicEntry {
                id: ID(line.id.to_string()),
                at: line.created_at,
                kind: line.kind,
                amount: line.amount.into(),
                anonymous,
                donor_name: line.donor_name.filter(|_| !anonymous),
            }
        }))
    }

    /// The statement for a period of whole days (Vietnam time), both ends included: opening
    /// balance, receipts and payments by kind, closing balance. Public, like the balances.
    async fn statement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "First day of the period.")] from: NaiveDate,
        #[graphql(desc = "Last day of the period (included).")] to: NaiveDate,
    ) -> ApiResult<FundStatement> {
        let db = ctx.data::<DatabaseConnection>()?;
        if to < from {
            return Err(shared::ValidationError::new(
                "to",
                shared::ValidationReason::TooSmall {
                    min: from.to_string(),
                },
            )
            .into());
        }
        let statement = ledger::statement(
            db,
            self.key,
            statement_day("from", from)?,
            statement_day("to", to)?,
        )
        .await?;
        Ok(FundStatement::new(from, to, statement))
    }

    /// Receipts and payments per month, oldest first, over the last `months` months (1–36)
    /// including the current one: the dashboard's chart.
    async fn monthly_totals(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 12)] months: i32,
    ) -> ApiResult<Vec<MonthTotals>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let months = u32::try_from(months)
            .ok()
            .filter(|m| (1..=36).contains(m))
            .ok_or_else(|| {
                ApiError::from(shared::ValidationError::new(
                    "months",
                    shared::ValidationReason::Format {
                        expected: "1 to 36".into(),
                    },
                ))
            })?;
        Ok(ledger::monthly_totals(db, self.key, months)
            .await?
            .into_iter()
            .map(|m| MonthTotals {
                month: m.month,
                receipts: m.receipts.into(),
                payments: m.payments.into(),
            })
            .collect())
    }
}

/// Someone who gives to the funds: a person or an organisation.
#[derive(SimpleObject, Clone, Debug)]
pub struct Donor {
    /// Stable identifier.
    id: ID,
    /// Person or organisation.
    kind: DonorKind,
    /// Full name.
    name: String,
    /// Shown to the public as an anonymous benefactor.
    anonymous: bool,
    /// Phone, email or address: only for treasurers and administrators of the organisation
    /// that keeps the donor's record (null for anyone else).
    contact: Option<String>,
}

impl From<donor::Model> for Donor {
    fn from(row: donor::Model) -> Self {
        Self {
            id: ID(row.id.to_string()),
            kind: row.kind,
            name: row.name,
            anonymous: row.anonymous,
            contact: row.contact,
        }
    }
}

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
    fn new(line: ledger::EntryLine, may_contact: bool) -> Self {
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
    id: ID,
    /// When it was recorded.
    at: DateTime<Utc>,
    /// Donation, transfer, disbursement or reversal.
    kind: TransactionKind,
    /// Signed: positive into the fund, negative out of it.
    amount: MoneyScalar,
    /// The donor's name; null when there is none or they asked to stay anonymous.
    donor_name: Option<String>,
    /// Whether the donor asked to stay anonymous.
    anonymous: bool,
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
    fn new(from: NaiveDate, to: NaiveDate, statement: shared::ledger::Statement) -> Self {
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
    month: String,
    /// Money in.
    receipts: MoneyScalar,
    /// Money out.
    payments: MoneyScalar,
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
pub struct FundQuery;

#[Object]
impl FundQuery {
    /// Open funds, oldest first, a page at a time. Public.
    #[graphql(
        complexity = "first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE) as usize * child_complexity + 1"
    )]
    async fn funds(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return (1–100, default 50).")] first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page.")] after: Option<String>,
        #[graphql(desc = "Only funds of this organisation and those under it.")] within: Option<ID>,
    ) -> ApiResult<Connection<String, Fund>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let first = page_size(first)?;
        let after = after.as_deref().map(decode_cursor).transpose()?;
        let filter = FundFilter {
            within: within
                .as_ref()
                .map(|id| parse_id("within", id))
                .transpose()?,
        };
        let page = funds::list(db, &filter, after, first).await?;
        connection(page, after.is_some(), |row| {
            Ok((row.fund.id.encode_cursor(), Fund::from(row)))
        })
    }

    /// One fund by id. Public.
    async fn fund(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Fund> {
        let db = ctx.data::<DatabaseConnection>()?;
        Ok(funds::get_with_owner(db, parse_id("id", &id)?)
            .await?
            .into())
    }

    /// Donors on record with an organisation whose money you keep, whose name contains
    /// `search`, by name, a page at a time.
    #[graphql(
        guard = "SignedInGuard",
        complexity = "first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE) as usize * child_complexity + 1"
    )]
    async fn donors(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        #[graphql(default, desc = "Part of a donor's name, in any case.")] search: String,
        #[graphql(desc = "How many to return (1–100, default 50).")] first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page.")] after: Option<String>,
    ) -> ApiResult<Connection<String, Donor>> {
        let (db, _, actor) = actor_context(ctx)?;
        let organization_id = parse_id("organizationId", &organization_id)?;
        let first = page_size(first)?;
        let after: Option<i64> = after.as_deref().map(decode_cursor).transpose()?;
        let page = funds::search_donors(db, actor, organization_id, &search, after, first).await?;
        connection(page, after.is_some(), |donor| {
            Ok::<_, ApiError>((donor.id.encode_cursor(), Donor::from(donor)))
        })
    }

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

/// What it takes to open a fund.
#[derive(InputObject, Debug)]
pub struct CreateFundInput {
    /// The organisation that will own it (one you administer).
    organization_id: ID,
    /// Its name, unique within the organisation.
    name: String,
    /// What it is for.
    purpose: Option<String>,
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
pub struct FundMutation;

async fn apply(ctx: &Context<'_>, key: &str, movement: Movement) -> ApiResult<LedgerTransaction> {
    let (db, meta, actor) = actor_context(ctx)?;
    let key = IdempotencyKey::parse(key)?;
    Ok(ledger::apply(db, meta, actor, &key, movement).await?.into())
}

#[Object]
impl FundMutation {
    /// Opens a fund for an organisation you administer.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn create_fund(&self, ctx: &Context<'_>, input: CreateFundInput) -> ApiResult<Fund> {
        let (db, meta, actor) = actor_context(ctx)?;
        let input = funds::FundForCreate {
            organization_id: parse_id("organizationId", &input.organization_id)?,
            name: input.name,
            purpose: input.purpose,
        };
        Ok(funds::create(db, meta, Some(actor), input).await?.into())
    }

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
