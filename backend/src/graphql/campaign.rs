//! Campaigns in the GraphQL API: a fund's drives with their progress, public like the fund's
//! page, and opening one.

use std::collections::HashMap;

use async_graphql::{
    ComplexObject, Context, ID, InputObject, Object, SimpleObject,
    dataloader::{DataLoader, Loader},
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::DatabaseConnection;

use super::{
    error::{ApiError, ApiResult},
    fund::Fund,
    guard::SignedInGuard,
    organization::actor_context,
    scalars::{MoneyScalar, parse_id},
};
use crate::service::{
    campaign::{self as campaigns, CampaignForCreate, Progress},
    fund as funds,
    pledge::PledgePolicy,
};

/// A fund's drive: a goal in đồng and a window. Donations recorded for it and pledges made to
/// it count toward it.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(complex)]
pub struct Campaign {
    /// Stable identifier.
    id: ID,
    /// The fund it raises money for.
    fund_id: ID,
    /// e.g. `Tết khuyến học 2027`.
    name: String,
    /// What it is for.
    description: Option<String>,
    /// What it aims to raise.
    goal: MoneyScalar,
    /// Its first day.
    starts_on: NaiveDate,
    /// Its last day.
    ends_on: NaiveDate,
    #[graphql(skip)]
    key: i64,
    #[graphql(skip)]
    fund_key: i64,
}

impl From<campaigns::Campaign> for Campaign {
    fn from(row: campaigns::Campaign) -> Self {
        Self {
            id: ID(row.id.to_string()),
            fund_id: ID(row.fund_id.to_string()),
            name: row.name,
            description: row.description,
            goal: row.goal.into(),
            starts_on: row.starts_on,
            ends_on: row.ends_on,
            key: row.id,
            fund_key: row.fund_id,
        }
    }
}

/// What counts toward a campaign so far.
#[derive(SimpleObject, Clone, Debug)]
pub struct CampaignProgress {
    /// Donations recorded for it, less any reversed.
    received: MoneyScalar,
    /// Pledges to it still waiting for their transfer (not money yet).
    pledged: MoneyScalar,
    /// How many people and organisations gave.
    donors: i64,
}

impl From<Progress> for CampaignProgress {
    fn from(progress: Progress) -> Self {
        Self {
            received: progress.received.into(),
            pledged: progress.pledged.into(),
            donors: progress.donors,
        }
    }
}

/// A gift to a campaign from a donor who agreed to be named.
#[derive(SimpleObject, Clone, Debug)]
pub struct CampaignDonor {
    name: String,
    amount: MoneyScalar,
    at: DateTime<Utc>,
}

/// Batches the progress of the campaigns a response shows into two statements.
pub struct CampaignProgressLoader {
    db: DatabaseConnection,
    policy: PledgePolicy,
}

impl CampaignProgressLoader {
    pub fn new(db: DatabaseConnection, policy: PledgePolicy) -> Self {
        Self { db, policy }
    }
}

impl Loader<i64> for CampaignProgressLoader {
    type Value = Progress;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Progress>, Self::Error> {
        campaigns::progress(&self.db, keys, self.policy.clock.now())
            .await
            .map_err(|error| async_graphql::Error::from(ApiError::from(error)))
    }
}

#[ComplexObject]
impl Campaign {
    /// What has come in and been promised so far.
    async fn progress(&self, ctx: &Context<'_>) -> ApiResult<CampaignProgress> {
        Ok(ctx
            .data::<DataLoader<CampaignProgressLoader>>()?
            .load_one(self.key)
            .await?
            .unwrap_or_default()
            .into())
    }

    /// Days left, today included (Vietnam's calendar); 0 once it has ended.
    async fn days_left(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        let today = shared::date::vietnam_day(ctx.data::<PledgePolicy>()?.clock.now());
        Ok((self.ends_on - today).num_days().saturating_add(1).max(0))
    }

    /// Whether it takes pledges today.
    async fn running(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let today = shared::date::vietnam_day(ctx.data::<PledgePolicy>()?.clock.now());
        Ok(self.starts_on <= today && today <= self.ends_on)
    }

    /// The latest gifts from donors who agreed to be named, newest first.
    async fn latest_donors(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many (1–50, default 10).", default = 10)] first: i32,
    ) -> ApiResult<Vec<CampaignDonor>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let first = u64::try_from(first.clamp(1, 50)).unwrap_or(10);
        Ok(campaigns::latest_named_donors(db, self.key, first)
            .await?
            .into_iter()
            .map(|gift| CampaignDonor {
                name: gift.name,
                amount: gift.amount.into(),
                at: gift.at,
            })
            .collect())
    }

    /// The fund it raises money for, with its accounts.
    async fn fund(&self, ctx: &Context<'_>) -> ApiResult<Fund> {
        let db = ctx.data::<DatabaseConnection>()?;
        Ok(funds::get_with_owner(db, self.fund_key).await?.into())
    }
}

/// A fund's campaigns, the latest to start first (public, as on the fund's page).
pub(super) async fn of_fund(ctx: &Context<'_>, fund_id: i64) -> ApiResult<Vec<Campaign>> {
    Ok(ctx
        .data::<DataLoader<CampaignsLoader>>()?
        .load_one(fund_id)
        .await?
        .unwrap_or_default())
}

/// Batches the campaigns of the funds a response shows into one statement.
pub struct CampaignsLoader {
    db: DatabaseConnection,
}

impl CampaignsLoader {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

impl Loader<i64> for CampaignsLoader {
    type Value = Vec<Campaign>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Vec<Campaign>>, Self::Error> {
        let found = campaigns::of_funds(&self.db, keys)
            .await
            .map_err(|error| async_graphql::Error::from(ApiError::from(error)))?;
        Ok(found
            .into_iter()
            .map(|(fund, rows)| (fund, rows.into_iter().map(Into::into).collect()))
            .collect())
    }
}

#[derive(Default)]
pub struct CampaignQuery;

/// The drives running today in the funds beneath an organisation (itself included), summed:
/// what a commune's or the city's page shows.
#[derive(SimpleObject, Clone, Debug)]
pub struct CampaignsWithin {
    /// How many are running.
    running: i32,
    /// Their goals, summed.
    goal: MoneyScalar,
    /// Received, pledged and donors, summed (a donor who gave to two drives counts twice).
    progress: CampaignProgress,
    /// Every one of them, the soonest to end first.
    campaigns: Vec<Campaign>,
}

#[Object]
impl CampaignQuery {
    /// The drives running today beneath an organisation, for anyone.
    async fn campaigns_within(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
    ) -> ApiResult<CampaignsWithin> {
        let db = ctx.data::<DatabaseConnection>()?;
        let organization_id = parse_id("organizationId", &organization_id)?;
        let now = ctx.data::<PledgePolicy>()?.clock.now();
        let today = shared::date::vietnam_day(now);
        let (running, total, goal) =
            campaigns::running_within(db, organization_id, today, now).await?;
        Ok(CampaignsWithin {
            running: i32::try_from(running.len()).unwrap_or(i32::MAX),
            goal: goal.into(),
            progress: total.into(),
            campaigns: running.into_iter().map(|(row, _)| row.into()).collect(),
        })
    }

    /// A campaign, for anyone (its page is public).
    async fn campaign(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Campaign> {
        let db = ctx.data::<DatabaseConnection>()?;
        let id = parse_id("id", &id)?;
        Ok(campaigns::get(db, id).await?.into())
    }
}

/// What it takes to open a campaign.
#[derive(InputObject, Debug)]
pub struct CreateCampaignInput {
    /// The fund (one whose money you move).
    fund_id: ID,
    /// Its name, unique within the fund.
    name: String,
    /// What it is for.
    description: Option<String>,
    /// What it aims to raise, in đồng.
    goal: MoneyScalar,
    /// Its first day.
    starts_on: NaiveDate,
    /// Its last day (at most 400 days after the first).
    ends_on: NaiveDate,
}

#[derive(Default)]
pub struct CampaignMutation;

#[Object]
impl CampaignMutation {
    /// Opens a campaign of a fund whose money you move (treasurer or admin), audited.
    #[graphql(guard = "SignedInGuard")]
    async fn create_campaign(
        &self,
        ctx: &Context<'_>,
        input: CreateCampaignInput,
    ) -> ApiResult<Campaign> {
        let (db, meta, actor) = actor_context(ctx)?;
        let input = CampaignForCreate {
            fund_id: parse_id("fundId", &input.fund_id)?,
            name: input.name,
            description: input.description,
            goal: input.goal.amount("goal")?.dong(),
            starts_on: input.starts_on,
            ends_on: input.ends_on,
        };
        Ok(campaigns::create_as(db, meta, actor, input).await?.into())
    }
}
