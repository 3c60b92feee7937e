//! Each application keeps the mean of its submitted reviews' scores (`rank_score`, hundredths
//! truncated, −1 before the first), written with every review that changes it, so that a
//! program's ranking is read in order from an index, a page at a time. Computed per request,
//! it grouped every candidate's reviews: a commune program's ~3,000 took 25–30 ms of the
//! database per page at city scale, and a million under review would take seconds.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Application {
    Table,
    ProgramId,
    RankScore,
    Id,
}

/// The mean of the submitted (not stepped-aside) reviews, as `service::ranking` computes it.
const BACKFILL: &str = "UPDATE application SET rank_score = (\
     SELECT CASE WHEN COUNT(score) > 0 THEN CAST(SUM(score) AS BIGINT) / COUNT(score) ELSE -1 END \
     FROM review WHERE review.application_id = application.id AND review.status <> 'CONFLICT') \
     WHERE id IN (SELECT application_id FROM review WHERE score IS NOT NULL)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Application::Table)
                    .add_column(
                        ColumnDef::new(Application::RankScore)
                            .big_integer()
                            .not_null()
                            .default(-1),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(BACKFILL)
            .await?;
        // A program's ranking: best first, then by application.
        manager
            .create_index(
                Index::create()
                    .name("ix_application_program_rank")
                    .table(Application::Table)
                    .col(Application::ProgramId)
                    .col((Application::RankScore, IndexOrder::Desc))
                    .col(Application::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_application_program_rank")
                    .table(Application::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Application::Table)
                    .drop_column(Application::RankScore)
                    .to_owned(),
            )
            .await
    }
}
