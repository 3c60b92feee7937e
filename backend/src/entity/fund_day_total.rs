//! A row of `fund_day_total`: a fund's posted entries of one day, kind and direction, summed.
//! Written by the ledger in the same transaction as the entries (see the migration).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fund_day_total")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub fund_id: i64,
    /// Vietnam's calendar day of the entries.
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: shared::TransactionKind,
    /// Money in (true) or out.
    #[sea_orm(primary_key, auto_increment = false)]
    pub receipt: bool,
    /// Signed, as the entries are.
    pub amount: i64,
    pub entries: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
