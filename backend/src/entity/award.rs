//! A row of `award`: an approved application's tier and amount, its reservation in the ledger,
//! and how it was settled (paid, or cancelled and voided).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "award")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub application_id: i64,
    pub program_id: i64,
    pub tier_id: i64,
    pub amount: i64,
    pub status: shared::AwardStatus,
    /// The ledger transaction that reserved the amount.
    pub reservation_id: i64,
    pub decided_by: i64,
    pub decided_at: DateTimeUtc,
    /// Who paid it (or cancelled it), and when.
    pub settled_by: Option<i64>,
    pub settled_at: Option<DateTimeUtc>,
    /// The ledger transaction that posted (paid) or voided the reservation.
    pub settlement_id: Option<i64>,
    pub cancel_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
