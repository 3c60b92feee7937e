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
    // A commune's roster: the learners living in its communes…
    (
        "ix_learner_commune_name",
        "learner",
        &["commune_id", "full_name", "id"],
    ),
    // …and those kept on record by its chapters.
    (
        "ix_learner_organization_name",
        "learner",
        &["organization_id", "full_name", "id"],
    ),
    // A commune's audit log, newest first: without it, the log was walked from its newest
    // event back to the commune's (seconds, for a commune whose events are old).
    (
        "ix_audit_event_organization",
        "audit_event",
        &["organization_id", "id"],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
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
        Ok(())
    }
}
