//! Indexes for a small subtree's rows, found by their organisation's id: the service reads a
//! subtree's organisation ids first (`service::organization::subtree`) when it has a few
//! hundred at most, and then asks for `organization_id IN (…)`, which these serve. EXPLAIN on
//! the scale data (`docs/benchmarks.md`) showed each list walking or scanning the whole table
//! without them.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (name, table, columns)
const INDEXES: &[(&str, &str, &[&str])] = &[
    // A commune's roster: the learners living in its communes… With what a search looks at
    // (name, school, personal id), a commune's ~8,000 learners are searched in the index
    // alone: 66 ms through the table at city scale, 10 ms in the indexes.
    (
        "ix_learner_commune_name",
        "learner",
        &["commune_id", "full_name", "id", "school", "personal_id"],
    ),
    // …and those kept on record by its chapters.
    (
        "ix_learner_organization_name",
        "learner",
        &[
            "organization_id",
            "full_name",
            "id",
            "school",
            "personal_id",
        ],
    ),
    // A commune's audit log, newest first: without it, the log was walked from its newest
    // event back to the commune's (seconds, for a commune whose events are old).
    (
        "ix_audit_event_organization",
        "audit_event",
        &["organization_id", "id"],
    ),
    // A reviewer's queue, oldest first, a page at a time: with (reviewer_id, status) alone,
    // all of a reviewer's 468 tasks were joined with their applications and learners, then
    // sorted, for every page (7.6 ms). It serves what that index served, which it replaces.
    (
        "ix_review_reviewer_queue",
        "review",
        &["reviewer_id", "status", "id"],
    ),
];

/// The index the queue's replaces: (name, table, columns).
const REPLACED: (&str, &str, &[&str]) = (
    "ix_review_reviewer_status",
    "review",
    &["reviewer_id", "status"],
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

pub(crate) async fn create(
    manager: &SchemaManager<'_>,
    name: &str,
    table: &str,
    columns: &[&str],
) -> Result<(), DbErr> {
    crate::create_index(
        manager,
        name,
        Alias::new(table),
        columns.iter().map(|c| Alias::new(*c)).collect(),
    )
    .await
}

pub(crate) async fn drop(
    manager: &SchemaManager<'_>,
    name: &str,
    table: &str,
) -> Result<(), DbErr> {
    manager
        .drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
        .await
}
