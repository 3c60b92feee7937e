//! A row of `ledger_entry`. Never updated or deleted (a trigger refuses it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_entry")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub transaction_id: i64,
    /// The fund whose account this is, or none for the world outside (`account`).
    pub fund_id: Option<i64>,
    pub account: shared::LedgerAccount,
    pub phase: shared::EntryPhase,
    /// Signed: positive into the account, negative out of it.
    pub amount: i64,
    /// The transaction's kind, copied.
    pub kind: shared::TransactionKind,
    /// The transaction's donor, copied.
    pub donor_id: Option<i64>,
    /// The transaction's time, copied.
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
