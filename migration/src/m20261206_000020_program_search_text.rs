//! Programs are found by `search_text`: the name folded (lower-case ASCII, without
//! diacritics: `shared::text::folded`), so that "vuot kho" finds "Học bổng Vượt khó" on the
//! programs page.
//!
//! No index: a search reads the programs open or closed, a city's few thousand at most.
//!
//! The rows already written get theirs here, a batch at a time.

use sea_orm_migration::{prelude::*, sea_orm::ConnectionTrait};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(
                "ALTER TABLE program ADD COLUMN search_text VARCHAR NOT NULL DEFAULT '';",
            )
            .await?;
        crate::fill_search_text(manager, "program", "name", |row| {
            let name: String = row.try_get("", "name")?;
            Ok(shared::text::folded(&name))
        })
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("ALTER TABLE program DROP COLUMN search_text;")
            .await?;
        Ok(())
    }
}
