//! A row of `recognition_decision`: an association's decision recognising a batch of one
//! model's registrations for a year.

use sea_orm::entity::prelude::*;
use shared::society::RecognitionModel;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recognition_decision")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub model: RecognitionModel,
    pub year: i32,
    /// The association's own number, e.g. `12/QĐ-KH`; unique for it in the year.
    pub number: String,
    pub signed_on: Date,
    /// Who signed it, as the decision writes them.
    pub signer: String,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
