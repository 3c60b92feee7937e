//! A row of `review`: a reviewer's assignment to an application, and their scores once given.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "review")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub application_id: i64,
    pub reviewer_id: i64,
    pub assigned_by: i64,
    pub assigned_at: DateTimeUtc,
    /// ASSIGNED, SUBMITTED or CONFLICT.
    pub status: String,
    /// Scores in the rubric's order, as a JSON list.
    pub scores: Option<String>,
    /// Weighted score in hundredths of a percent.
    pub score: Option<i32>,
    /// A `shared::Recommendation` code.
    pub recommendation: Option<String>,
    pub comment: Option<String>,
    pub conflict_reason: Option<String>,
    pub submitted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
