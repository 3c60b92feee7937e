//! A row of `society_unit_learner`: a learner of a household's or a clan's family.

use sea_orm::entity::prelude::*;
use shared::society::RecognitionModel;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "society_unit_learner")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub unit_id: i64,
    pub learner_id: i64,
    /// The unit's: HOUSEHOLD or CLAN.
    pub model: RecognitionModel,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
