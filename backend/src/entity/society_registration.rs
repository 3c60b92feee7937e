//! A row of `society_registration`: a unit's registration for one year, its assessment, and
//! the decision that recognised it (or the withdrawal after).

use std::collections::BTreeMap;

use sea_orm::entity::prelude::*;
use shared::society::{RecognitionModel, RegistrationStatus};

use super::column::Json;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "society_registration")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub unit_id: i64,
    /// The unit's.
    pub organization_id: i64,
    pub model: RecognitionModel,
    pub year: i32,
    pub status: RegistrationStatus,
    /// The criteria it was scored under.
    pub criteria_set_id: Option<i64>,
    /// Item code → points given.
    pub scores: Option<Json<BTreeMap<String, u32>>>,
    pub total: Option<i32>,
    pub passed: Option<bool>,
    pub level: Option<String>,
    pub note: Option<String>,
    pub assessed_by: Option<i64>,
    pub assessed_at: Option<DateTimeUtc>,
    pub decision_id: Option<i64>,
    pub withdrawn_reason: Option<String>,
    pub withdrawn_by: Option<i64>,
    pub withdrawn_at: Option<DateTimeUtc>,
    pub registered_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::society_unit::Entity",
        from = "Column::UnitId",
        to = "super::society_unit::Column::Id"
    )]
    Unit,
}

impl Related<super::society_unit::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Unit.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
