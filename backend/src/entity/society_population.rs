//! A row of `society_population`: how many households (clans, …, adults, officials) an
//! organisation has in a year, and the percent of them it means to see recognised.

use sea_orm::entity::prelude::*;
use shared::society::Population;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "society_population")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub year: i32,
    pub population: Population,
    /// None: the organisations below it add up.
    pub count: Option<i64>,
    /// None: the organisation above it sets it, or the nation does.
    pub target_percent: Option<i16>,
    pub updated_by: i64,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
