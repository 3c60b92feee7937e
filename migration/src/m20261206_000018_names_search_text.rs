//! Organisations and funds are found by `search_text`: the name folded (lower-case ASCII,
//! without diacritics: `shared::text::folded`), so that "giang cao" finds "Chi hội thôn Giang
//! Cao". The pickers of the web app search a city's thousands of organisations and funds by
//! it instead of listing the first hundred.
//!
//! No index: a search reads at most a city's few thousand organisations or funds.
//!
//! The rows already written get theirs here, a batch at a time.

use sea_orm_migration::{
    prelude::*,
    sea_orm::{ConnectionTrait, Statement, Value},
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables whose rows are found by name.
const TABLES: [&str; 2] = ["organization", "fund"];

/// Rows filled in per statement: two parameters each, far inside both engines'
/// limits.
const BATCH: usize = 2_000;

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

/// Every row's search text in `table`, in id order, `BATCH` at a time: read, folded here (the
/// server's own fold) and written back in one `UPDATE … FROM (VALUES …)`, as migration 000016
/// does for learners.
async fn fill(manager: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let postgres = backend == sea_orm::DatabaseBackend::Postgres;
    let mut after = 0_i64;
    loop {
        let rows = db
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                if postgres {
                    format!("SELECT id, name FROM {table} WHERE id > $1 ORDER BY id LIMIT $2")
                } else {
                    format!("SELECT id, name FROM {table} WHERE id > ? ORDER BY id LIMIT ?")
                },
                [after.into(), (BATCH as i64).into()],
            ))
            .await?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.try_get("", "id")?;
        let mut values: Vec<Value> = Vec::with_capacity(rows.len() * 2);
        let mut tuples = Vec::with_capacity(rows.len());
        for (n, row) in rows.iter().enumerate() {
            let id: i64 = row.try_get("", "id")?;
            let name: String = row.try_get("", "name")?;
            values.push(id.into());
            values.push(shared::text::folded(&name).into());
            tuples.push(if postgres {
                format!("(${}::bigint, ${})", 2 * n + 1, 2 * n + 2)
            } else {
                "(?, ?)".to_owned()
            });
        }
        let sql = format!(
            "UPDATE {table} SET search_text = v.column2 FROM (VALUES {}) AS v \
             WHERE {table}.id = v.column1",
            tuples.join(", ")
        );
        db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
    }
}
