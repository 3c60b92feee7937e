//! A row of `registration_document`: a document the association's staff attached to a
//! registration for recognition (its bytes are kept by content, as an application's are).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registration_document")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub registration_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    /// Hex SHA-256 of the bytes: the content it is kept under.
    pub sha256: String,
    pub uploaded_by: i64,
    pub uploaded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
