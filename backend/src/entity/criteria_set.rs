//! A row of `criteria_set`: one version of a model's criteria for a year. Never updated: a
//! change is saved as the next version.

use sea_orm::entity::prelude::*;
use shared::society::{CriteriaGroup, Level, RecognitionModel};

use super::column::Json;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "criteria_set")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub model: RecognitionModel,
    pub year: i32,
    /// From 1, the latest in force.
    pub version: i32,
    pub pass_mark: i32,
    pub groups: Json<Vec<CriteriaGroup>>,
    pub levels: Json<Vec<Level>>,
    /// An example to replace, not the association's own criteria.
    pub example: bool,
    /// None for the examples the seed wrote.
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
