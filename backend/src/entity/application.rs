//! A row of `application`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "application")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub program_id: i64,
    pub learner_id: i64,
    pub submitted_by: i64,
    pub status: shared::ApplicationStatus,
    /// The applicant's own words.
    pub statement: String,
    pub tier_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
    /// The mean of its submitted reviews' scores (hundredths, truncated), or −1 before the
    /// first: what the ranking orders by, kept by `service::ranking::rescore`.
    pub rank_score: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
