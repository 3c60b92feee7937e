//! Funds in the GraphQL API: a fund with its balances and its ledger's pages, statements and
//! public disclosure (the lines themselves are in `ledger`), donors, and opening a fund.

use async_graphql::{
    ComplexObject, Context, ID, InputObject, Object, SimpleObject,
    connection::{Connection, CursorType},
    dataloader::{DataLoader, Loader},
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::DatabaseConnection;
use shared::{DonorKind, Role, TransactionKind};
use std::collections::HashMap;

use super::{
    error::{ApiError, ApiResult},
    guard::{RoleGuard, SignedInGuard},
    ledger::{FundStatement, LedgerEntry, MonthTotals, PublicEntry},
    organization::{Organization, OrganizationLoader, actor_context},
    scalars::{
        DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MoneyScalar, connection, decode_cursor, name_search,
        page_size, parse_id,
    },
};
use crate::{
    error::Error,
    service::{
        Page,
        actor::Viewer,
        actor::{FUND_STAFF_ROLES, MONEY_ROLES},
        fund::{self as funds, FundFilter, FundWithOwner},
        ledger::{self, EntryFilter, PageRequest},
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
    /// How many days a pledge to the fund waits for its transfer before it lapses.
    pledge_days: i32,
    #[graphql(skip)]
    key: i64,
    #[graphql(skip)]
    organization_key: i64,
    /// The owner, when the fund was read with it (a list of funds is): what the ledger's
    /// access check and `organization` need without another read.
    #[graphql(skip)]
    owner: Option<std::sync::Arc<crate::service::organization::Organization>>,
}

impl From<FundWithOwner> for Fund {
    fn from(found: FundWithOwner) -> Self {
        Self {
            owner: Some(std::sync::Arc::new(found.owner)),
            ..Self::from(found.fund)
        }
    }
}

impl From<funds::Fund> for Fund {
    fn from(row: funds::Fund) -> Self {
        Self {
            id: ID(row.id.to_string()),
            name: row.name,
            purpose: row.purpose,
            organization_id: ID(row.organization_id.to_string()),
            posted_balance: row.posted_balance.into(),
            reserved_balance: row.reserved_balance.into(),
            available_balance: (row.posted_balance - row.reserved_balance).into(),
            created_at: row.created_at,
            pledge_days: row.pledge_days,
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

    /// The accounts the fund is paid into, each with its VietQR code: public, as on the fund's
    /// page.
    async fn bank_accounts(&self, ctx: &Context<'_>) -> ApiResult<Vec<super::bank::BankAccount>> {
        super::bank::accounts_of(ctx, self.key).await
    }

    /// The fund's campaigns, the latest to start first: public, as on the fund's page.
    async fn campaigns(&self, ctx: &Context<'_>) -> ApiResult<Vec<super::campaign::Campaign>> {
        super::campaign::of_fund(ctx, self.key).await
    }

    /// The fund's pledges at `status` (all when none), newest first (at most `first`, 1–200):
    /// for its treasurers and admins.
    async fn pledges(
        &self,
        ctx: &Context<'_>,
        status: Option<shared::PledgeStatus>,
        #[graphql(default = 50)] first: i32,
    ) -> ApiResult<Vec<super::bank::FundPledge>> {
        let first = u64::try_from(first.clamp(1, 200)).unwrap_or(50);
        super::bank::pledges_of(ctx, self.key, status, first).await
    }

    /// The statements imported for the fund's bank accounts, newest first (at most `first`,
    /// 1–100): for its treasurers and admins.
    async fn bank_statements(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 12)] first: i32,
    ) -> ApiResult<Vec<super::statement::BankStatement>> {
        let first = u64::try_from(first.clamp(1, 100)).unwrap_or(12);
        super::statement::of_fund(ctx, self.key, first).await
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
        actor.require_any(&FUND_STAFF_ROLES, &owner, "read this fund's ledger")?;
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
    pub(super) id: ID,
    /// Person or organisation.
    pub(super) kind: DonorKind,
    /// Full name.
    pub(super) name: String,
    /// Shown to the public as an anonymous benefactor.
    pub(super) anonymous: bool,
    /// Phone, email or address: only for treasurers and administrators of the organisation
    /// that keeps the donor's record (null for anyone else).
    pub(super) contact: Option<String>,
}

impl From<funds::Donor> for Donor {
    fn from(row: funds::Donor) -> Self {
        Self {
            id: ID(row.id.to_string()),
            kind: row.kind,
            name: row.name,
            anonymous: row.anonymous,
            contact: row.contact,
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
        #[graphql(desc = "Only funds of this organisation itself.")] organization_id: Option<ID>,
        #[graphql(
            desc = "Only those whose name contains this, with or without diacritics, in any case."
        )]
        search: Option<String>,
    ) -> ApiResult<Connection<String, Fund>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let first = page_size(first)?;
        let after = after.as_deref().map(decode_cursor).transpose()?;
        let filter = FundFilter {
            within: within
                .as_ref()
                .map(|id| parse_id("within", id))
                .transpose()?,
            organization_id: organization_id
                .as_ref()
                .map(|id| parse_id("organizationId", id))
                .transpose()?,
            search: name_search(search.as_deref())?,
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

#[derive(Default)]
pub struct FundMutation;

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
}
