//! A row of `bank_statement`: a statement of a fund's bank account, imported once the
//! treasurer confirmed its preview.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bank_statement")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub fund_id: i64,
    pub bank_account_id: i64,
    /// The file it was read from.
    pub file_id: i64,
    pub first_day: Date,
    pub last_day: Date,
    /// The bank's balance after the last line, where the statement prints balances.
    pub closing_balance: Option<i64>,
    pub line_count: i32,
    /// Lines that no earlier statement had.
    pub new_line_count: i32,
    pub imported_by: i64,
    pub imported_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
