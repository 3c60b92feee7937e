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
    pub status: shared::ReviewStatus,
    /// Scores in the rubric's order, as a JSON list.
    pub scores: Option<super::column::Json<Vec<shared::Points>>>,
    /// Weighted score in hundredths of a percent.
    pub score: Option<i32>,
    pub recommendation: Option<shared::Recommendation>,
    pub comment: Option<String>,
    pub conflict_reason: Option<String>,
    pub submitted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
