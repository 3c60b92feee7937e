//! Organisations and funds are found by `search_text`: the name folded (lower-case ASCII,
//! without diacritics: `shared::text::folded`), so that "giang cao" finds "Chi hội thôn Giang
//! Cao". The pickers of the web app search a city's thousands of organisations and funds by
//! it instead of listing the first hundred.
//!
//! No index: a search reads at most a city's few thousand organisations or funds.
//!
//! The rows already written get theirs here, a batch at a time.

use sea_orm_migration::{prelude::*, sea_orm::ConnectionTrait};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables whose rows are found by name.
const TABLES: [&str; 2] = ["organization", "fund"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The schema changes as one script, on one connection (see migration 000016).
        let script: String = TABLES
            .iter()
            .map(|table| {
                format!("ALTER TABLE {table} ADD COLUMN search_text VARCHAR NOT NULL DEFAULT '';")
            })
            .collect();
        manager.get_connection().execute_unprepared(&script).await?;
        for table in TABLES {
            fill(manager, table).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let script: String = TABLES
            .iter()
            .map(|table| format!("ALTER TABLE {table} DROP COLUMN search_text;"))
            .collect();
        manager.get_connection().execute_unprepared(&script).await?;
        Ok(())
    }
}

/// Every row's search text in `table`: its name folded.
async fn fill(manager: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    crate::fill_search_text(manager, table, "name", |row| {
        let name: String = row.try_get("", "name")?;
        Ok(shared::text::folded(&name))
    })
    .await
}
