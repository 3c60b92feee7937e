//! Indexes for the shapes of the lists at city scale, each added because EXPLAIN on the
//! scale data (`khuyenhoc seed-scale`) showed a scan or a sort without it; the benchmark's
//! notes (`docs/benchmarks.md`) list them with the query each serves.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (name, table, columns)
const INDEXES: &[(&str, &str, &[&str])] = &[
    // A program's submitted applications, oldest first, of every status: the index on
    // (program_id, status, id) serves one status only, and sorting a million rows by id
    // to return fifty took 1.9 s.
    (
        "ix_application_program_id",
        "application",
        &["program_id", "id"],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Subtrees are path ranges (`service::organization::within`), which only mean
        // "starts with" when paths compare byte by byte: SQLite's default; on PostgreSQL the
        // column's collation says so, and the existing index on it is rebuilt to match.
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(
                    "ALTER TABLE organization ALTER COLUMN path TYPE varchar(1024) COLLATE \"C\"",
                )
                .await?;
        }
        for (name, table, columns) in INDEXES {
            let mut index = Index::create();
            index.name(*name).table(Alias::new(*table));
            for column in *columns {
                index.col(Alias::new(*column));
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, _) in INDEXES {
            manager
                .drop_index(
                    Index::drop()
                        .name(*name)
                        .table(Alias::new(*table))
                        .to_owned(),
                )
                .await?;
        }
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(
                    "ALTER TABLE organization ALTER COLUMN path TYPE varchar(1024) \
                     COLLATE \"default\"",
                )
                .await?;
        }
        Ok(())
    }
}
