//! A row of `indicator_value`: what an organisation reported for one of the plan's indicators
//! in a year, with its source.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "indicator_value")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub indicator_id: i64,
    pub organization_id: i64,
    pub year: i32,
    pub numerator: i64,
    pub denominator: i64,
    pub source: String,
    pub reported_by: i64,
    pub reported_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
