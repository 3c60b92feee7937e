//! A row of `learner_manager`: a user who keeps a learner's profile (a guardian, the learner).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "learner_manager")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub learner_id: i64,
    pub user_id: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
