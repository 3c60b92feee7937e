//! Learners and who manages them, programs with their award tiers, and applications with the
//! timeline of every move.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261129_000001_create_organizations::Organization;
use super::m20261129_000002_create_access::UserAccount;
use super::m20261129_000003_create_ledger::Fund;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Learner::Table)
                    .col(big_pk_auto(Learner::Id))
                    .col(string_len(Learner::FullName, 120))
                    .col(date(Learner::DateOfBirth))
                    .col(string_len(Learner::Gender, 8))
                    // One learner per personal id; optional for young children, and a unique
                    // index allows any number of NULLs on both engines.
                    .col(string_len_null(Learner::PersonalId, 12).unique_key())
                    .col(string_len(Learner::EducationLevel, 20))
                    .col(string_len_null(Learner::School, 200))
                    .col(string_len_null(Learner::ClassName, 50))
                    .col(big_integer_null(Learner::CommuneId))
                    // Codes of `shared::Circumstance`, comma-separated: few, fixed, and
                    // always read with the learner.
                    .col(string_len(Learner::Circumstances, 200).default(""))
                    // Hundredths of a point on the 10-point scale: exact, no floats.
                    .col(integer_null(Learner::GpaHundredths))
                    .col(text_null(Learner::Achievements))
                    .col(string_len_null(Learner::GuardianName, 120))
                    .col(string_len_null(Learner::GuardianPhone, 16))
                    // The chapter or association that keeps the learner's record, if any.
                    .col(big_integer_null(Learner::OrganizationId))
                    .col(big_integer(Learner::CreatedBy))
                    .col(timestamp_with_time_zone(Learner::CreatedAt))
                    .col(timestamp_with_time_zone(Learner::UpdatedAt))
                    .check(
                        Expr::col(Learner::GpaHundredths)
                            .is_null()
                            .or(Expr::col(Learner::GpaHundredths).between(0, 1000)),
                    )
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_learner_commune",
                        (Learner::Table, Learner::CommuneId),
                        (Organization::Table, Organization::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_learner_organization",
                        (Learner::Table, Learner::OrganizationId),
                        (Organization::Table, Organization::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_learner_created_by",
                        (Learner::Table, Learner::CreatedBy),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LearnerManager::Table)
                    .col(big_pk_auto(LearnerManager::Id))
                    .col(big_integer(LearnerManager::LearnerId))
                    .col(big_integer(LearnerManager::UserId))
                    .col(timestamp_with_time_zone(LearnerManager::CreatedAt))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_learner_manager_learner",
                        (LearnerManager::Table, LearnerManager::LearnerId),
                        (Learner::Table, Learner::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_learner_manager_user",
                        (LearnerManager::Table, LearnerManager::UserId),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_learner_manager")
                    .table(LearnerManager::Table)
                    .col(LearnerManager::UserId)
                    .col(LearnerManager::LearnerId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Program::Table)
                    .col(big_pk_auto(Program::Id))
                    .col(big_integer(Program::OrganizationId))
                    .col(big_integer(Program::FundId))
                    .col(string_len(Program::Kind, 24))
                    .col(string_len(Program::Name, 200))
                    .col(string_len(Program::Cycle, 20))
                    .col(text_null(Program::Description))
                    // Whole days in Vietnam, both included.
                    .col(date(Program::OpensOn))
                    .col(date(Program::ClosesOn))
                    .col(big_integer(Program::Budget))
                    // Rules, rubric and evidence types are data the program owns as a whole
                    // and that shared code reads: JSON, validated by `shared` on the way in.
                    .col(text(Program::Eligibility))
                    .col(text(Program::Rubric))
                    .col(text(Program::RequiredEvidence))
                    .col(integer(Program::ReviewersPerApplication))
                    .col(boolean(Program::BlindReview))
                    .col(string_len(Program::Status, 12))
                    .col(big_integer(Program::CreatedBy))
                    .col(timestamp_with_time_zone(Program::CreatedAt))
                    .col(timestamp_with_time_zone(Program::UpdatedAt))
                    .check(Expr::col(Program::Budget).gt(0))
                    .check(Expr::col(Program::ClosesOn).gte(Expr::col(Program::OpensOn)))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_program_organization",
                        (Program::Table, Program::OrganizationId),
                        (Organization::Table, Organization::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_program_fund",
                        (Program::Table, Program::FundId),
                        (Fund::Table, Fund::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_program_created_by",
                        (Program::Table, Program::CreatedBy),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_program_organization_name_cycle")
                    .table(Program::Table)
                    .col(Program::OrganizationId)
                    .col(Program::Name)
                    .col(Program::Cycle)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_program_status")
                    .table(Program::Table)
                    .col(Program::Status)
                    .col(Program::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AwardTier::Table)
                    .col(big_pk_auto(AwardTier::Id))
                    .col(big_integer(AwardTier::ProgramId))
                    .col(integer(AwardTier::Position))
                    .col(string_len(AwardTier::Name, 120))
                    .col(big_integer(AwardTier::Amount))
                    .col(integer(AwardTier::Quota))
                    .check(Expr::col(AwardTier::Amount).gt(0))
                    .check(Expr::col(AwardTier::Quota).gt(0))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_award_tier_program",
                        (AwardTier::Table, AwardTier::ProgramId),
                        (Program::Table, Program::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_award_tier_program")
                    .table(AwardTier::Table)
                    .col(AwardTier::ProgramId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Application::Table)
                    .col(big_pk_auto(Application::Id))
                    .col(big_integer(Application::ProgramId))
                    .col(big_integer(Application::LearnerId))
                    .col(big_integer(Application::SubmittedBy))
                    .col(string_len(Application::Status, 16))
                    .col(text(Application::Statement))
                    .col(big_integer_null(Application::TierId))
                    .col(timestamp_with_time_zone(Application::CreatedAt))
                    .col(timestamp_with_time_zone(Application::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Application::SubmittedAt))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_application_program",
                        (Application::Table, Application::ProgramId),
                        (Program::Table, Program::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_application_learner",
                        (Application::Table, Application::LearnerId),
                        (Learner::Table, Learner::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_application_submitted_by",
                        (Application::Table, Application::SubmittedBy),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_application_tier",
                        (Application::Table, Application::TierId),
                        (AwardTier::Table, AwardTier::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "ix_application_program_status",
                vec![Application::ProgramId, Application::Status, Application::Id],
            ),
            ("ix_application_learner", vec![Application::LearnerId]),
            (
                "ix_application_submitted_by",
                vec![Application::SubmittedBy],
            ),
        ] {
            crate::create_index(manager, name, Application::Table, columns).await?;
        }
        // One live application per learner per program, held by the database so that two
        // concurrent submissions cannot both pass: a partial unique index (same syntax on
        // SQLite and PostgreSQL) over the applications that are not refused, withdrawn or
        // cancelled.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_application_live ON application (program_id, learner_id) \
                 WHERE status NOT IN ('REJECTED', 'WITHDRAWN', 'CANCELLED')",
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApplicationEvent::Table)
                    .col(big_pk_auto(ApplicationEvent::Id))
                    .col(big_integer(ApplicationEvent::ApplicationId))
                    .col(string_len(ApplicationEvent::Action, 20))
                    .col(string_len_null(ApplicationEvent::FromStatus, 16))
                    .col(string_len(ApplicationEvent::ToStatus, 16))
                    .col(big_integer(ApplicationEvent::ActorId))
                    .col(text_null(ApplicationEvent::Reason))
                    .col(timestamp_with_time_zone(ApplicationEvent::At))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_application_event_application",
                        (ApplicationEvent::Table, ApplicationEvent::ApplicationId),
                        (Application::Table, Application::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_application_event_actor",
                        (ApplicationEvent::Table, ApplicationEvent::ActorId),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_application_event_application")
                    .table(ApplicationEvent::Table)
                    .col(ApplicationEvent::ApplicationId)
                    .col(ApplicationEvent::Id)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ApplicationEvent::Table.into_iden(),
            Application::Table.into_iden(),
            AwardTier::Table.into_iden(),
            Program::Table.into_iden(),
            LearnerManager::Table.into_iden(),
            Learner::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Learner {
    Table,
    Id,
    FullName,
    DateOfBirth,
    Gender,
    PersonalId,
    EducationLevel,
    School,
    ClassName,
    CommuneId,
    Circumstances,
    GpaHundredths,
    Achievements,
    GuardianName,
    GuardianPhone,
    OrganizationId,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum LearnerManager {
    Table,
    Id,
    LearnerId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Program {
    Table,
    Id,
    OrganizationId,
    FundId,
    Kind,
    Name,
    Cycle,
    Description,
    OpensOn,
    ClosesOn,
    Budget,
    Eligibility,
    Rubric,
    RequiredEvidence,
    ReviewersPerApplication,
    BlindReview,
    Status,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AwardTier {
    Table,
    Id,
    ProgramId,
    Position,
    Name,
    Amount,
    Quota,
}

#[derive(DeriveIden)]
enum Application {
    Table,
    Id,
    ProgramId,
    LearnerId,
    SubmittedBy,
    Status,
    Statement,
    TierId,
    CreatedAt,
    UpdatedAt,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum ApplicationEvent {
    Table,
    Id,
    ApplicationId,
    Action,
    FromStatus,
    ToStatus,
    ActorId,
    Reason,
    At,
}
