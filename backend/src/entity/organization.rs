//! A row of `organization`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organization")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub parent_id: Option<i64>,
    pub kind: shared::OrganizationKind,
    pub name: String,
    /// Materialised path of ids, `/1/7/42/` (see the migration).
    pub path: String,
    pub area_code: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub archived_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The name folded, as it is searched (`shared::text::folded`).
    pub search_text: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
