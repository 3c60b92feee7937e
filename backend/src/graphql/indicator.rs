//! The plan's own indicators on the API: the list (public), where each stands for a commune or
//! the city in a year (public: figures and their sources only), reporting a value, for the
//! organisation's staff, and changing an indicator, for the city association's
//! administrators.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use shared::{
    OrganizationKind,
    indicator::{Indicator, IndicatorMeasure},
};

use super::{
    error::ApiResult, guard::SignedInGuard, organization::actor_context, scalars::parse_id,
};
use crate::service::society::indicator as service;

/// One of the plan's indicators.
#[derive(SimpleObject, Clone, Debug)]
pub struct PlanIndicator {
    id: ID,
    /// Its place in the plan, e.g. `2.1.a.2`.
    code: String,
    /// The plan's heading it sits under.
    group: String,
    name: String,
    measure: IndicatorMeasure,
    /// The share to reach, per thousand (99.5% is 995).
    target_per_mille: i32,
    /// The year it is to be reached by.
    deadline: i32,
    /// Where it is measured: CITY, or COMMUNE (each commune or ward reports; the city adds
    /// up).
    level: OrganizationKind,
    /// Written from the plan's text, not yet the association's own.
    example: bool,
}

impl From<service::IndicatorRow> for PlanIndicator {
    fn from(row: service::IndicatorRow) -> Self {
        Self {
            id: ID(row.id.to_string()),
            code: row.code,
            group: row.group_name,
            name: row.name,
            measure: row.measure,
            target_per_mille: i32::from(row.target_per_mille),
            deadline: row.deadline,
            level: row.level,
            example: row.example,
        }
    }
}

/// A value an organisation reported.
#[derive(SimpleObject, Clone, Debug)]
pub struct IndicatorValue {
    indicator_id: ID,
    organization_id: ID,
    year: i32,
    /// How many meet it (a locality: 1 when it meets the standard).
    numerator: i64,
    /// How many it concerns (a locality: 1).
    denominator: i64,
    /// Where the figures come from.
    source: String,
    reported_at: DateTime<Utc>,
}

impl From<service::ValueRow> for IndicatorValue {
    fn from(row: service::ValueRow) -> Self {
        Self {
            indicator_id: ID(row.indicator_id.to_string()),
            organization_id: ID(row.organization_id.to_string()),
            year: row.year,
            numerator: row.numerator,
            denominator: row.denominator,
            source: row.source,
            reported_at: row.reported_at,
        }
    }
}

/// Where one indicator stands for an organisation in a year.
#[derive(SimpleObject, Clone, Debug)]
pub struct IndicatorProgress {
    indicator: PlanIndicator,
    /// The organisation's own value, or its communes' added up; none before any reported.
    numerator: Option<i64>,
    denominator: Option<i64>,
    /// The share, per thousand, rounded down.
    per_mille: Option<i32>,
    /// Whether the value reaches the target (compared exactly, not on the rounded share);
    /// none until every organisation that reports it did.
    met: Option<bool>,
    /// What the organisation itself reported, with the source.
    own: Option<IndicatorValue>,
    /// How many of those that report it did (a commune: itself; the city: its open
    /// communes), and how many there are.
    reported: i64,
    expected: i64,
}

impl From<service::IndicatorProgress> for IndicatorProgress {
    fn from(found: service::IndicatorProgress) -> Self {
        let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        Self {
            numerator: found.value.map(|v| v.numerator),
            denominator: found.value.map(|v| v.denominator),
            per_mille: found
                .value
                .map(|v| i32::try_from(v.per_mille()).unwrap_or(i32::MAX)),
            met: found.met(),
            own: found.own.map(Into::into),
            reported: count(found.reported),
            expected: count(found.expected),
            indicator: found.indicator.into(),
        }
    }
}

/// An indicator to add to the plan, or to change (by its code).
#[derive(InputObject, Debug)]
pub struct PlanIndicatorInput {
    code: String,
    group: String,
    name: String,
    measure: IndicatorMeasure,
    target_per_mille: i32,
    deadline: i32,
    level: OrganizationKind,
}

/// A value to report for an organisation and year.
#[derive(InputObject, Debug)]
pub struct IndicatorValueInput {
    indicator_id: ID,
    organization_id: ID,
    year: i32,
    numerator: i64,
    denominator: i64,
    source: String,
}

/// What one organisation's indicators cost against a query's complexity: four statements
/// over the values of its subtree.
const PROGRESS_COST: usize = 20;

#[derive(Default)]
pub struct IndicatorQuery;

#[Object]
impl IndicatorQuery {
    /// The plan's indicators, in the plan's order. Public.
    async fn plan_indicators(&self, ctx: &Context<'_>) -> ApiResult<Vec<PlanIndicator>> {
        let db = ctx.data::<sea_orm::DatabaseConnection>()?;
        Ok(service::indicators(db)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Where the plan's indicators stand for an organisation in a year: a commune's or
    /// ward's own values, or the city's (its own, and its communes' added up). Public.
    #[graphql(complexity = "child_complexity + PROGRESS_COST")]
    async fn indicator_progress(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        year: i32,
    ) -> ApiResult<Vec<IndicatorProgress>> {
        let db = ctx.data::<sea_orm::DatabaseConnection>()?;
        let id = parse_id("organizationId", &organization_id)?;
        Ok(service::progress_of(db, id, year)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }
}

#[derive(Default)]
pub struct IndicatorMutation;

#[Object]
impl IndicatorMutation {
    /// Adds an indicator to the plan or changes the one of its code, for the city
    /// association's administrators. Audited.
    #[graphql(guard = "SignedInGuard")]
    async fn save_plan_indicator(
        &self,
        ctx: &Context<'_>,
        input: PlanIndicatorInput,
    ) -> ApiResult<PlanIndicator> {
        let (db, meta, actor) = actor_context(ctx)?;
        let indicator = Indicator {
            code: input.code,
            group: input.group,
            name: input.name,
            measure: input.measure,
            // Out of range on either side is refused by the check, as 0 is.
            target_per_mille: u16::try_from(input.target_per_mille).unwrap_or(0),
            deadline: input.deadline,
            level: input.level,
        };
        Ok(service::save_as(db, meta, actor, indicator).await?.into())
    }

    /// Reports an organisation's value of an indicator for a year, with its source; again
    /// replaces it. For the staff of the commune or ward (or the city, for the city's own
    /// indicators). Audited.
    #[graphql(guard = "SignedInGuard")]
    async fn report_indicator(
        &self,
        ctx: &Context<'_>,
        input: IndicatorValueInput,
    ) -> ApiResult<IndicatorValue> {
        let (db, meta, actor) = actor_context(ctx)?;
        let report = service::ValueForReport {
            indicator_id: parse_id("indicatorId", &input.indicator_id)?,
            organization_id: parse_id("organizationId", &input.organization_id)?,
            year: input.year,
            numerator: input.numerator,
            denominator: input.denominator,
            source: input.source,
        };
        Ok(service::report_as(db, meta, actor, report).await?.into())
    }
}
