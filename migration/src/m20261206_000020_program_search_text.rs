//! Programs are found by `search_text`: the name folded (lower-case ASCII, without
//! diacritics: `shared::text::folded`), so that "vuot kho" finds "Học bổng Vượt khó" on the
//! programs page.
//!
//! No index: a search reads the programs open or closed, a city's few thousand at most.
//!
//! The rows already written get theirs here, a batch at a time.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::add_name_search_text(manager, "program").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_search_text(manager, "program").await
    }
}
