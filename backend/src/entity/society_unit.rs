//! A row of `society_unit`: a household, clan, community, unit or citizen of an organisation,
//! registered for recognition in one year or several.

use sea_orm::entity::prelude::*;
use shared::society::RecognitionModel;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "society_unit")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub model: RecognitionModel,
    pub name: String,
    pub address: Option<String>,
    /// The SHA-256 (hex) of `shared::society::unit_key`: unique per organisation and model.
    pub unit_key: String,
    /// The person who registered their own household or themselves: one of each model.
    pub user_id: Option<i64>,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
