//! A row of `fund`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fund")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub name: String,
    pub purpose: Option<String>,
    /// Σ of the fund's POSTED entries, kept up to date.
    pub posted_balance: i64,
    /// −Σ of the fund's PENDING entries: what approved awards hold.
    pub reserved_balance: i64,
    pub created_at: DateTimeUtc,
    pub archived_at: Option<DateTimeUtc>,
    /// The name folded, as it is searched (`shared::text::folded`).
    pub search_text: String,
    /// How many days a pledge to the fund waits for its transfer before it lapses.
    pub pledge_days: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The organisation that keeps the fund.
    #[sea_orm(
        belongs_to = "super::organization::Entity",
        from = "Column::OrganizationId",
        to = "super::organization::Column::Id"
    )]
    Organization,
}

impl Related<super::organization::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organization.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
