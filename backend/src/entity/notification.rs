//! A row of `notification`: something a person is told about an application, in their inbox.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notification")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Whose inbox it is in.
    pub user_id: i64,
    pub kind: shared::NotificationKind,
    pub application_id: i64,
    /// The review it is about (`REVIEW_ASSIGNED`).
    pub review_id: Option<i64>,
    pub created_at: DateTimeUtc,
    /// When its reader opened it, or when the task it set was done; unread while `None`.
    pub read_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
