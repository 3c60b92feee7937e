//! A row of `ledger_transaction`. Never updated or deleted (a trigger refuses it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_transaction")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: shared::TransactionKind,
    pub memo: String,
    pub donor_id: Option<i64>,
    /// How a donation arrived (donations only).
    pub method: Option<shared::DonationMethod>,
    pub bank_reference: Option<String>,
    /// The transaction this one reverses.
    pub reverses_id: Option<i64>,
    /// The reservation this one posts or voids.
    pub resolves_id: Option<i64>,
    /// Made on a workflow's authority (an award's approval, payment or cancellation): only
    /// that workflow settles or undoes it.
    pub delegated: bool,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
