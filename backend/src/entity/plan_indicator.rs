//! A row of `plan_indicator`: one of the plan's indicators, as the city association keeps it.

use sea_orm::entity::prelude::*;
use shared::{OrganizationKind, indicator::IndicatorMeasure};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_indicator")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    pub group_name: String,
    pub name: String,
    pub measure: IndicatorMeasure,
    pub target_per_mille: i16,
    pub deadline: i32,
    pub level: OrganizationKind,
    /// Written from the plan's text by the seed, not yet changed by the association.
    pub example: bool,
    /// None for what the seed wrote.
    pub updated_by: Option<i64>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
