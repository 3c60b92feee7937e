//! Reviews (an assignment of a reviewer to an application, then their scores) and awards (an
//! approval's tier and amount, tied to its reservation in the ledger and, once paid, to the
//! payment).

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261129_000002_create_access::UserAccount;
use super::m20261129_000003_create_ledger::LedgerTransaction;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Review::Table)
                    .col(big_pk_auto(Review::Id))
                    .col(big_integer(Review::ApplicationId))
                    .col(big_integer(Review::ReviewerId))
                    .col(big_integer(Review::AssignedBy))
                    .col(timestamp_with_time_zone(Review::AssignedAt))
                    // ASSIGNED, SUBMITTED, or CONFLICT (declared by the reviewer).
                    .col(string_len(Review::Status, 12))
                    // Scores per rubric criterion, in the rubric's order, as JSON.
                    .col(text_null(Review::Scores))
                    // The weighted score in hundredths of a percent (0–10 000).
                    .col(integer_null(Review::Score))
                    .col(string_len_null(Review::Recommendation, 12))
                    .col(text_null(Review::Comment))
                    .col(text_null(Review::ConflictReason))
                    .col(timestamp_with_time_zone_null(Review::SubmittedAt))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_review_application",
                        (Review::Table, Review::ApplicationId),
                        (Application::Table, Application::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_review_reviewer",
                        (Review::Table, Review::ReviewerId),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_review_assigned_by",
                        (Review::Table, Review::AssignedBy),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_review_application_reviewer")
                    .table(Review::Table)
                    .col(Review::ApplicationId)
                    .col(Review::ReviewerId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_review_reviewer_status")
                    .table(Review::Table)
                    .col(Review::ReviewerId)
                    .col(Review::Status)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Award::Table)
                    .col(big_pk_auto(Award::Id))
                    // One award per application: an approval is made once (a cancelled one
                    // ends the application).
                    .col(big_integer(Award::ApplicationId).unique_key())
                    .col(big_integer(Award::ProgramId))
                    .col(big_integer(Award::TierId))
                    .col(big_integer(Award::Amount))
                    // RESERVED, PAID or CANCELLED.
                    .col(string_len(Award::Status, 12))
                    .col(big_integer(Award::ReservationId).unique_key())
                    .col(big_integer(Award::DecidedBy))
                    .col(timestamp_with_time_zone(Award::DecidedAt))
                    .col(big_integer_null(Award::SettledBy))
                    .col(timestamp_with_time_zone_null(Award::SettledAt))
                    .col(big_integer_null(Award::SettlementId).unique_key())
                    .col(text_null(Award::CancelReason))
                    .check(Expr::col(Award::Amount).gt(0))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_award_application",
                        (Award::Table, Award::ApplicationId),
                        (Application::Table, Application::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_award_program",
                        (Award::Table, Award::ProgramId),
                        (Program::Table, Program::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_award_tier",
                        (Award::Table, Award::TierId),
                        (AwardTier::Table, AwardTier::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_award_reservation",
                        (Award::Table, Award::ReservationId),
                        (LedgerTransaction::Table, LedgerTransaction::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_award_settlement",
                        (Award::Table, Award::SettlementId),
                        (LedgerTransaction::Table, LedgerTransaction::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_award_decided_by",
                        (Award::Table, Award::DecidedBy),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "ix_award_program_status",
                vec![Award::ProgramId, Award::Status],
            ),
            ("ix_award_tier_status", vec![Award::TierId, Award::Status]),
        ] {
            crate::create_index(manager, name, Award::Table, columns).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [Award::Table.into_iden(), Review::Table.into_iden()] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Application {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Program {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AwardTier {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Review {
    Table,
    Id,
    ApplicationId,
    ReviewerId,
    AssignedBy,
    AssignedAt,
    Status,
    Scores,
    Score,
    Recommendation,
    Comment,
    ConflictReason,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum Award {
    Table,
    Id,
    ApplicationId,
    ProgramId,
    TierId,
    Amount,
    Status,
    ReservationId,
    DecidedBy,
    DecidedAt,
    SettledBy,
    SettledAt,
    SettlementId,
    CancelReason,
}
