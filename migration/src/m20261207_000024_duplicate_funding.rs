//! One learner funded once: each program says whether a second award to the same learner in
//! the same school year, from a program of the same kind, only warns its deciders or is refused
//! (`shared::DuplicatePolicy`); and the learners of a commune are found by their date of birth,
//! for telling the same pupil on two rosters without a personal id.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use sea_orm::ConnectionTrait as _;
        manager
            .get_connection()
            .execute_unprepared(
                "ALTER TABLE program ADD COLUMN duplicate_policy VARCHAR(16) NOT NULL DEFAULT 'WARN';",
            )
            .await?;
        // The learners who may be the one being approved, without a personal id: those of the
        // same commune born the same day (the commune's roster index leads with the commune
        // and then the name, so it would read all of a commune's ~8,000 learners).
        crate::create_index(
            manager,
            "ix_learner_commune_birth",
            Alias::new("learner"),
            vec![Alias::new("commune_id"), Alias::new("date_of_birth")],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use sea_orm::ConnectionTrait as _;
        manager
            .drop_index(
                Index::drop()
                    .name("ix_learner_commune_birth")
                    .table(Alias::new("learner"))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared("ALTER TABLE program DROP COLUMN duplicate_policy;")
            .await?;
        Ok(())
    }
}
