//! A row of `campaign`: a fund's drive, with a goal and a window.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub fund_id: i64,
    pub name: String,
    pub description: Option<String>,
    /// In đồng.
    pub goal: i64,
    pub starts_on: Date,
    /// The last day of the drive (inclusive).
    pub ends_on: Date,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The fund it raises money for.
    #[sea_orm(
        belongs_to = "super::fund::Entity",
        from = "Column::FundId",
        to = "super::fund::Column::Id"
    )]
    Fund,
}

impl ActiveModelBehavior for ActiveModel {}
