//! Donors are found by `search_text`: the name folded (lower-case ASCII, without diacritics:
//! `shared::text::folded`), so that a treasurer typing "thi hoa" on a phone finds "Bà Nguyễn
//! Thị Hoa" among the donors on record instead of writing her down a second time.
//!
//! No index: a search reads one organisation's donors, from the index on
//! (organization_id, name) that also gives their order.
//!
//! The rows already written get theirs here, a batch at a time.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::add_name_search_text(manager, "donor").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_search_text(manager, "donor").await
    }
}
