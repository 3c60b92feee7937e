//! Campaigns: a fund's drives ("Tết khuyến học 2027": a goal, a window, a description), opened
//! by the fund's treasurers. A donation recorded for a campaign, and a pledge made to it, count
//! toward it; its progress (received, pledged, donors) and its latest named donors are public.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    Set, Statement, Value,
};
use serde_json::json;
use shared::{AuditAction, AuditObject, Money, ValidationError, ValidationReason};

use super::{
    actor::{MONEY_ROLES, SignedIn},
    audit::{self, AuditEntry, RequestMeta},
    fund,
};
use crate::{
    entity::{campaign, campaign_donation},
    error::{Error, Result},
};

pub use campaign::Model as Campaign;

/// What it takes to open a campaign.
#[derive(Debug, Clone)]
pub struct CampaignForCreate {
    pub fund_id: i64,
    pub name: String,
    pub description: Option<String>,
    pub goal: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// What counts toward a campaign so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Posted donations for it, less their reversals.
    pub received: Money,
    /// Pledges to it still waiting for their transfer.
    pub pledged: Money,
    /// People and organisations who gave (a reversed gift does not count).
    pub donors: i64,
}

/// A named donor's gift, as a campaign's page thanks them.
#[derive(Debug, Clone)]
pub struct Thanked {
    pub name: String,
    pub amount: Money,
    pub at: DateTime<Utc>,
}

const NAME_MAX_CHARS: usize = 200;
const DESCRIPTION_MAX_CHARS: usize = 4_000;
/// The longest a drive may run: a school year and a bit.
const MAX_DAYS: i64 = 400;

/// Opens a campaign of a fund whose money the actor moves, audited.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn create_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    input: CampaignForCreate,
) -> Result<Campaign> {
    let name = shared::text::required_line("name", &input.name, NAME_MAX_CHARS)?;
    let description = shared::text::paragraphs(
        "description",
        input.description.as_deref().unwrap_or_default(),
        DESCRIPTION_MAX_CHARS,
    )?;
    let goal = Money::positive_amount("goal", input.goal)?;
    let days = (input.ends_on - input.starts_on).num_days();
    if days < 0 {
        return Err(ValidationError::new(
            "endsOn",
            ValidationReason::TooSmall {
                min: input.starts_on.to_string(),
            },
        )
        .into());
    }
    if days > MAX_DAYS {
        return Err(ValidationError::new(
            "endsOn",
            ValidationReason::TooLarge {
                max: format!("{MAX_DAYS} ngày"),
            },
        )
        .into());
    }
    let txn = crate::db::begin_write(db).await?;
    let found = fund::get_with_owner(&txn, input.fund_id).await?;
    actor.require_any(&MONEY_ROLES, &found.owner, "open a campaign for this fund")?;
    if found.fund.archived_at.is_some() {
        return Err(Error::Conflict("This fund is closed.".into()));
    }
    let created = campaign::ActiveModel {
        fund_id: Set(found.fund.id),
        name: Set(name),
        description: Set(Some(description).filter(|text| !text.is_empty())),
        goal: Set(goal.dong()),
        starts_on: Set(input.starts_on),
        ends_on: Set(input.ends_on),
        created_by: Set(actor.user_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        Error::unique_violation_as_conflict(e, "This fund already has a campaign of that name.")
    })?;
    let entry = AuditEntry {
        actor_id: Some(actor.user_id),
        action: AuditAction::CampaignCreated,
        object_type: AuditObject::Campaign,
        object_id: Some(created.id.to_string()),
        organization_id: Some(found.owner.id),
        before: json!(null),
        after: json!({
            "fundId": created.fund_id,
            "name": created.name,
            "goal": created.goal,
            "startsOn": created.starts_on,
            "endsOn": created.ends_on,
        }),
    };
    audit::record(&txn, meta, entry).await?;
    txn.commit().await?;
    Ok(created)
}

/// One campaign by id.
pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<Campaign> {
    campaign::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "Campaign",
            id: id.to_string(),
        })
}

/// Each fund's campaigns, the latest to start first: one statement for any number of funds
/// (a page of them, far inside the bind limits).
pub async fn of_funds(
    db: &impl ConnectionTrait,
    fund_ids: &[i64],
) -> Result<HashMap<i64, Vec<Campaign>>> {
    use sea_orm::ColumnTrait;
    let rows = campaign::Entity::find()
        .filter(campaign::Column::FundId.is_in(fund_ids.iter().copied()))
        .order_by_asc(campaign::Column::FundId)
        .order_by_desc(campaign::Column::StartsOn)
        .order_by_desc(campaign::Column::Id)
        .all(db)
        .await?;
    let mut by_fund: HashMap<i64, Vec<Campaign>> = HashMap::new();
    for row in rows {
        by_fund.entry(row.fund_id).or_default().push(row);
    }
    Ok(by_fund)
}

/// The campaigns running on `today` in the funds of an organisation's subtree (itself
/// included), the soonest to end first, with their progress summed: what a commune's or the
/// city's page shows of the drives beneath it. One statement for the campaigns, two for their
/// progress.
pub async fn running_within(
    db: &impl ConnectionTrait,
    organization_id: i64,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(Vec<(Campaign, Progress)>, Progress, Money)> {
    use sea_orm::{ColumnTrait, JoinType, QuerySelect, RelationTrait as _};
    let root = super::organization::get(db, organization_id).await?;
    let found = campaign::Entity::find()
        .join(JoinType::InnerJoin, campaign::Relation::Fund.def())
        .join(
            JoinType::InnerJoin,
            crate::entity::fund::Relation::Organization.def(),
        )
        .filter(super::organization::within(&root.path))
        .filter(campaign::Column::StartsOn.lte(today))
        .filter(campaign::Column::EndsOn.gte(today))
        .order_by_asc(campaign::Column::EndsOn)
        .order_by_asc(campaign::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = found.iter().map(|c| c.id).collect();
    let mut progress = self::progress(db, &ids, now).await?;
    let mut total = Progress::default();
    let mut goal = Money::ZERO;
    let mut running = Vec::with_capacity(found.len());
    for campaign in found {
        let of = progress.remove(&campaign.id).unwrap_or_default();
        total.received = total
            .received
            .checked_add(of.received)
            .unwrap_or(total.received);
        total.pledged = total
            .pledged
            .checked_add(of.pledged)
            .unwrap_or(total.pledged);
        total.donors += of.donors;
        goal = goal
            .checked_add(Money::from_dong(campaign.goal))
            .unwrap_or(goal);
        running.push((campaign, of));
    }
    Ok((running, total, goal))
}

/// The campaign a donation to `fund_id` is recorded for: it must be one of that fund's
/// (`VALIDATION` on `campaignId` otherwise). A late gift still counts, so the window is not
/// checked here; pledges, which are asked for, are only taken while it is open.
pub async fn of_fund_by_id(
    db: &impl ConnectionTrait,
    fund_id: i64,
    campaign_id: i64,
) -> Result<Campaign> {
    campaign::Entity::find_by_id(campaign_id)
        .one(db)
        .await?
        .filter(|campaign| campaign.fund_id == fund_id)
        .ok_or_else(|| ValidationError::new("campaignId", ValidationReason::Unknown).into())
}

/// Counts a transaction toward a campaign, in the transaction that records it.
pub async fn link(db: &impl ConnectionTrait, transaction_id: i64, campaign_id: i64) -> Result<()> {
    campaign_donation::ActiveModel {
        transaction_id: Set(transaction_id),
        campaign_id: Set(campaign_id),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The campaign a transaction counts toward, if any.
pub async fn linked(db: &impl ConnectionTrait, transaction_id: i64) -> Result<Option<i64>> {
    Ok(campaign_donation::Entity::find_by_id(transaction_id)
        .one(db)
        .await?
        .map(|link| link.campaign_id))
}

/// `$1` or `?`: the placeholder of this engine.
fn placeholder(db: &impl ConnectionTrait) -> &'static str {
    match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => "$1",
        _ => "?",
    }
}

/// Ids as a SQL list. They are integers this server read, never text from a request.
fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// The progress of each of these campaigns at `now`, in two statements.
pub async fn progress(
    db: &impl ConnectionTrait,
    ids: &[i64],
    now: DateTime<Utc>,
) -> Result<HashMap<i64, Progress>> {
    let mut found: HashMap<i64, Progress> =
        ids.iter().map(|id| (*id, Progress::default())).collect();
    if ids.is_empty() {
        return Ok(found);
    }
    let list = id_list(ids);
    let backend = db.get_database_backend();
    // What the fund's side of each linked transaction posted (a reversal posts the opposite),
    // and the donors of the gifts that were not reversed. (PostgreSQL sums a BIGINT as a
    // NUMERIC: cast back.)
    let received = format!(
        "SELECT cd.campaign_id AS campaign_id, \
                CAST(COALESCE(SUM(e.amount), 0) AS BIGINT) AS received, \
                COUNT(DISTINCT CASE WHEN t.kind = 'DONATION' AND NOT EXISTS \
                    (SELECT 1 FROM ledger_transaction r WHERE r.reverses_id = t.id) \
                    THEN t.donor_id END) AS donors \
         FROM campaign_donation cd \
         JOIN ledger_transaction t ON t.id = cd.transaction_id \
         JOIN ledger_entry e ON e.transaction_id = t.id AND e.fund_id IS NOT NULL \
              AND e.phase = 'POSTED' \
         WHERE cd.campaign_id IN ({list}) \
         GROUP BY cd.campaign_id"
    );
    for row in db
        .query_all_raw(Statement::from_string(backend, received))
        .await?
    {
        let id: i64 = row.try_get("", "campaign_id")?;
        let entry = found.entry(id).or_default();
        entry.received = Money::from_dong(row.try_get::<i64>("", "received")?);
        entry.donors = row.try_get("", "donors")?;
    }
    let pledged = format!(
        "SELECT campaign_id, CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS pledged FROM pledge \
         WHERE campaign_id IN ({list}) AND transaction_id IS NULL AND expires_at > {} \
         GROUP BY campaign_id",
        placeholder(db)
    );
    let statement = Statement::from_sql_and_values(backend, pledged, [Value::from(now)]);
    for row in db.query_all_raw(statement).await? {
        let id: i64 = row.try_get("", "campaign_id")?;
        found.entry(id).or_default().pledged = Money::from_dong(row.try_get::<i64>("", "pledged")?);
    }
    Ok(found)
}

/// A campaign's latest gifts from donors who agreed to be named, newest first (reversed gifts
/// left out).
pub async fn latest_named_donors(
    db: &impl ConnectionTrait,
    campaign_id: i64,
    limit: u64,
) -> Result<Vec<Thanked>> {
    let sql = format!(
        "SELECT d.name AS name, e.amount AS amount, t.created_at AS at \
         FROM campaign_donation cd \
         JOIN ledger_transaction t ON t.id = cd.transaction_id AND t.kind = 'DONATION' \
         JOIN donor d ON d.id = t.donor_id AND d.anonymous = {false_} \
         JOIN ledger_entry e ON e.transaction_id = t.id AND e.fund_id IS NOT NULL \
         WHERE cd.campaign_id = {campaign_id} \
           AND NOT EXISTS (SELECT 1 FROM ledger_transaction r WHERE r.reverses_id = t.id) \
         ORDER BY cd.transaction_id DESC LIMIT {limit}",
        false_ = match db.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => "FALSE",
            _ => "0",
        },
    );
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    rows.into_iter()
        .map(|row| {
            Ok(Thanked {
                name: row.try_get("", "name")?,
                amount: Money::from_dong(row.try_get::<i64>("", "amount")?),
                at: row.try_get("", "at")?,
            })
        })
        .collect()
}
