//! A learning society's criteria on the API: each model's criteria for a year (public: what a
//! household or a clan is scored on is no secret), and saving a new version of them, for the
//! city association's administrators.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use shared::society::{self, RecognitionModel};

use super::{error::ApiResult, guard::SignedInGuard, organization::actor_context};
use crate::service::society as service;

/// One thing a registration is scored on.
#[derive(SimpleObject, InputObject, Clone, Debug)]
#[graphql(input_name = "CriteriaItemInput")]
pub struct CriteriaItem {
    /// Unique within the set, e.g. `1.2`.
    code: String,
    text: String,
    /// The most it may get.
    points: u32,
}

/// Items scored together.
#[derive(SimpleObject, InputObject, Clone, Debug)]
#[graphql(input_name = "CriteriaGroupInput")]
pub struct CriteriaGroup {
    name: String,
    items: Vec<CriteriaItem>,
}

/// A grade above passing.
#[derive(SimpleObject, InputObject, Clone, Debug)]
#[graphql(input_name = "CriteriaLevelInput")]
pub struct CriteriaLevel {
    name: String,
    /// The least total that reaches it.
    min_total: u32,
}

/// One version of a model's criteria for a year.
#[derive(SimpleObject, Clone, Debug)]
pub struct CriteriaSet {
    id: ID,
    model: RecognitionModel,
    year: i32,
    /// From 1; the latest is in force.
    version: i32,
    groups: Vec<CriteriaGroup>,
    /// The most a registration can score.
    total: u32,
    /// The total a registration needs to be recognised.
    pass_mark: u32,
    /// Grades above passing, lowest first.
    levels: Vec<CriteriaLevel>,
    /// A worked example for the association to replace with its own.
    example: bool,
    saved_at: DateTime<Utc>,
}

impl From<service::Saved> for CriteriaSet {
    fn from(saved: service::Saved) -> Self {
        let total = saved.set.total();
        let set = saved.set;
        Self {
            id: ID(saved.id.to_string()),
            model: set.model,
            year: set.year,
            version: saved.version,
            total,
            pass_mark: set.pass_mark,
            example: set.example,
            groups: set
                .groups
                .into_iter()
                .map(|group| CriteriaGroup {
                    name: group.name,
                    items: group
                        .items
                        .into_iter()
                        .map(|item| CriteriaItem {
                            code: item.code,
                            text: item.text,
                            points: item.points,
                        })
                        .collect(),
                })
                .collect(),
            levels: set
                .levels
                .into_iter()
                .map(|level| CriteriaLevel {
                    name: level.name,
                    min_total: level.min_total,
                })
                .collect(),
            saved_at: saved.created_at,
        }
    }
}

/// A model's criteria for a year, to save as its next version.
#[derive(InputObject, Debug)]
pub struct CriteriaSetInput {
    model: RecognitionModel,
    year: i32,
    groups: Vec<CriteriaGroup>,
    pass_mark: u32,
    #[graphql(default)]
    levels: Vec<CriteriaLevel>,
}

impl From<CriteriaSetInput> for society::CriteriaSet {
    fn from(input: CriteriaSetInput) -> Self {
        let text = |s: String| s.trim().to_owned();
        Self {
            model: input.model,
            year: input.year,
            groups: input
                .groups
                .into_iter()
                .map(|group| society::CriteriaGroup {
                    name: text(group.name),
                    items: group
                        .items
                        .into_iter()
                        .map(|item| society::CriteriaItem {
                            code: text(item.code),
                            text: text(item.text),
                            points: item.points,
                        })
                        .collect(),
                })
                .collect(),
            pass_mark: input.pass_mark,
            levels: input
                .levels
                .into_iter()
                .map(|level| society::Level {
                    name: text(level.name),
                    min_total: level.min_total,
                })
                .collect(),
            example: false,
        }
    }
}

#[derive(Default)]
pub struct SocietyQuery;

#[Object]
impl SocietyQuery {
    /// The latest version of each model's criteria for `year` (the seeded examples, marked
    /// `example`, until the association saves its own).
    async fn criteria_sets(&self, ctx: &Context<'_>, year: i32) -> ApiResult<Vec<CriteriaSet>> {
        let db = ctx.data::<sea_orm::DatabaseConnection>()?;
        Ok(service::of_year(db, year)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }
}

#[derive(Default)]
pub struct SocietyMutation;

#[Object]
impl SocietyMutation {
    /// Saves a model's criteria for a year as its next version (the earlier ones stay, for the
    /// assessments made under them). For the city association's administrators; audited.
    #[graphql(guard = "SignedInGuard")]
    async fn save_criteria_set(
        &self,
        ctx: &Context<'_>,
        input: CriteriaSetInput,
    ) -> ApiResult<CriteriaSet> {
        let (db, meta, actor) = actor_context(ctx)?;
        Ok(service::save_as(db, meta, actor, input.into())
            .await?
            .into())
    }
}
