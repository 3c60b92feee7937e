//! Indexes for the orders a list can be read in, a page at a time: a program's awards in the
//! order they were decided (of one status, the payouts page's "to pay" and receipt list, or
//! all), and a program's applications by when they were last submitted. Without them each
//! page sorts every award or application of the program (`docs/benchmarks.md`).

use sea_orm_migration::prelude::*;

use crate::m20261205_000011_subtree_indexes::{create, drop};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (name, table, columns)
const INDEXES: &[(&str, &str, &[&str])] = &[
    // A program's awards of one status, decided first first. It serves what the index on
    // (program_id, status) served, which it replaces.
    (
        "ix_award_program_status_id",
        "award",
        &["program_id", "status", "id"],
    ),
    // …and of every status.
    ("ix_award_program_id", "award", &["program_id", "id"]),
    // A program's applications, last submitted first (read backwards).
    (
        "ix_application_program_submitted",
        "application",
        &["program_id", "submitted_at", "id"],
    ),
];

/// The index the first one replaces: (name, table, columns).
const REPLACED: (&str, &str, &[&str]) = (
    "ix_award_program_status",
    "award",
    &["program_id", "status"],
);

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, columns) in INDEXES {
            create(manager, name, table, columns).await?;
        }
        drop(manager, REPLACED.0, REPLACED.1).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create(manager, REPLACED.0, REPLACED.1, REPLACED.2).await?;
        for (name, table, _) in INDEXES {
            drop(manager, name, table).await?;
        }
        Ok(())
    }
}
