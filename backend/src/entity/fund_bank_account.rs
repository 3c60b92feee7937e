//! A row of `fund_bank_account`: an account a fund is paid into. Retired, never deleted.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fund_bank_account")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub fund_id: i64,
    /// The bank's NAPAS BIN (`shared::bank`).
    pub bank_bin: String,
    pub account_number: String,
    /// As the bank prints it: upper case, without diacritics.
    pub holder: String,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub retired_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
