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
    /// When it was booked: statements and day totals are cut by it.
    pub created_at: DateTimeUtc,
    /// The day a donation's money was received, when given: a cash book's row, a bank's
    /// line, a form's day (it may be before the day it was booked).
    pub received_on: Option<Date>,
    /// The receipt (phiếu thu) a donation was given.
    pub receipt_number: Option<String>,
    /// The key of the imported row it records: the same row again is found by it.
    pub import_key: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
