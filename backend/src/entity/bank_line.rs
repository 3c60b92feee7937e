//! A row of `bank_line`: one line of a bank account's statements, kept once however many
//! statements repeat it, and where it stands in the fund's book.

use sea_orm::entity::prelude::*;
use shared::bank_statement::BankLineStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bank_line")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub fund_id: i64,
    pub bank_account_id: i64,
    /// The statement that first brought it in.
    pub statement_id: i64,
    /// The bank's transaction number, or a hash of the line (see `service::bank_statement`).
    pub line_key: String,
    pub row_number: i32,
    pub booked_on: Date,
    /// Positive in, negative out, in đồng.
    pub amount: i64,
    pub description: String,
    pub bank_reference: Option<String>,
    pub balance: Option<i64>,
    pub counterparty: Option<String>,
    pub status: BankLineStatus,
    /// The donation recorded from it, or the payout it is.
    pub transaction_id: Option<i64>,
    pub pledge_id: Option<i64>,
    /// Why it was left aside.
    pub note: Option<String>,
    pub resolved_by: Option<i64>,
    pub resolved_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
