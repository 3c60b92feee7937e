//! A row of `donor`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "donor")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub kind: shared::DonorKind,
    pub name: String,
    pub anonymous: bool,
    pub contact: Option<String>,
    pub created_at: DateTimeUtc,
    /// The name folded (lower-case ASCII, no diacritics), which a search matches.
    pub search_text: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
