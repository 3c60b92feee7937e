//! A learning society's recognitions (Plan 52/KH-UBND, DESIGN.md §9): the households, clans,
//! communities, units and citizens of an organisation, their registration each year, the
//! assessment of each against the criteria it was scored under, the association's decisions
//! recognising them, and each organisation's denominators and targets for a year.

use sea_orm_migration::{prelude::*, schema::*};

use super::{
    m20261129_000001_create_organizations::Organization,
    m20261129_000002_create_access::UserAccount,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SocietyUnit::Table)
                    .col(big_pk_auto(SocietyUnit::Id))
                    .col(big_integer(SocietyUnit::OrganizationId))
                    // `shared::society::RecognitionModel`.
                    .col(string_len(SocietyUnit::Model, 16))
                    .col(string_len(SocietyUnit::Name, 200))
                    .col(string_len_null(SocietyUnit::Address, 300))
                    // The SHA-256 (hex) of `shared::society::unit_key`, the folded name and
                    // address: folding spells some characters out as words, so the key itself
                    // may be longer than the name.
                    .col(string_len(SocietyUnit::UnitKey, 64))
                    // The person who registered their own household or themselves.
                    .col(big_integer_null(SocietyUnit::UserId))
                    .col(big_integer(SocietyUnit::CreatedBy))
                    .col(timestamp_with_time_zone(SocietyUnit::CreatedAt))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_society_unit_organization",
                        (SocietyUnit::Table, SocietyUnit::OrganizationId),
                        (Organization::Table, Organization::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_society_unit_user",
                        (SocietyUnit::Table, SocietyUnit::UserId),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_society_unit_created_by",
                        (SocietyUnit::Table, SocietyUnit::CreatedBy),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // One unit of a name and address per organisation and model.
        manager
            .create_index(
                Index::create()
                    .name("ux_society_unit_key")
                    .table(SocietyUnit::Table)
                    .col(SocietyUnit::OrganizationId)
                    .col(SocietyUnit::Model)
                    .col(SocietyUnit::UnitKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RecognitionDecision::Table)
                    .col(big_pk_auto(RecognitionDecision::Id))
                    .col(big_integer(RecognitionDecision::OrganizationId))
                    .col(string_len(RecognitionDecision::Model, 16))
                    .col(integer(RecognitionDecision::Year))
                    .col(string_len(RecognitionDecision::Number, 50))
                    .col(date(RecognitionDecision::SignedOn))
                    .col(string_len(RecognitionDecision::Signer, 200))
                    .col(big_integer(RecognitionDecision::CreatedBy))
                    .col(timestamp_with_time_zone(RecognitionDecision::CreatedAt))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_recognition_decision_organization",
                        (
                            RecognitionDecision::Table,
                            RecognitionDecision::OrganizationId,
                        ),
                        (Organization::Table, Organization::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_recognition_decision_created_by",
                        (RecognitionDecision::Table, RecognitionDecision::CreatedBy),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // A decision's number is the association's own for the year.
        manager
            .create_index(
                Index::create()
                    .name("ux_recognition_decision_number")
                    .table(RecognitionDecision::Table)
                    .col(RecognitionDecision::OrganizationId)
                    .col(RecognitionDecision::Year)
                    .col(RecognitionDecision::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SocietyRegistration::Table)
                    .col(big_pk_auto(SocietyRegistration::Id))
                    .col(big_integer(SocietyRegistration::UnitId))
                    // The unit's, kept beside it for the lists and counts of a subtree.
                    .col(big_integer(SocietyRegistration::OrganizationId))
                    .col(string_len(SocietyRegistration::Model, 16))
                    .col(integer(SocietyRegistration::Year))
                    // `shared::society::RegistrationStatus`.
                    .col(string_len(SocietyRegistration::Status, 16))
                    // The assessment: the criteria it was scored under, the points given
                    // (JSON, item code → points), the total, whether it passed, its level.
                    .col(big_integer_null(SocietyRegistration::CriteriaSetId))
                    .col(text_null(SocietyRegistration::Scores))
                    .col(integer_null(SocietyRegistration::Total))
                    .col(boolean_null(SocietyRegistration::Passed))
                    .col(string_len_null(SocietyRegistration::Level, 200))
                    .col(text_null(SocietyRegistration::Note))
                    .col(big_integer_null(SocietyRegistration::AssessedBy))
                    .col(timestamp_with_time_zone_null(
                        SocietyRegistration::AssessedAt,
                    ))
                    .col(big_integer_null(SocietyRegistration::DecisionId))
                    .col(text_null(SocietyRegistration::WithdrawnReason))
                    .col(big_integer_null(SocietyRegistration::WithdrawnBy))
                    .col(timestamp_with_time_zone_null(
                        SocietyRegistration::WithdrawnAt,
                    ))
                    .col(big_integer(SocietyRegistration::RegisteredBy))
                    .col(timestamp_with_time_zone(SocietyRegistration::CreatedAt))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_society_registration_unit",
                        (SocietyRegistration::Table, SocietyRegistration::UnitId),
                        (SocietyUnit::Table, SocietyUnit::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_society_registration_organization",
                        (
                            SocietyRegistration::Table,
                            SocietyRegistration::OrganizationId,
                        ),
                        (Organization::Table, Organization::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_society_registration_criteria_set",
                        (
                            SocietyRegistration::Table,
                            SocietyRegistration::CriteriaSetId,
                        ),
                        (CriteriaSet::Table, CriteriaSet::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_society_registration_decision",
                        (SocietyRegistration::Table, SocietyRegistration::DecisionId),
                        (RecognitionDecision::Table, RecognitionDecision::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_society_registration_registered_by",
                        (
                            SocietyRegistration::Table,
                            SocietyRegistration::RegisteredBy,
                        ),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // One household and one citizen registered by each person for themselves.
        manager
            .create_index(
                Index::create()
                    .name("ux_society_unit_user_model")
                    .table(SocietyUnit::Table)
                    .col(SocietyUnit::UserId)
                    .col(SocietyUnit::Model)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // One registration per unit per year.
        manager
            .create_index(
                Index::create()
                    .name("ux_society_registration_unit_year")
                    .table(SocietyRegistration::Table)
                    .col(SocietyRegistration::UnitId)
                    .col(SocietyRegistration::Year)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // An organisation's registrations of a year, by model and status: its lists and its
        // counts.
        crate::create_index(
            manager,
            "ix_society_registration_org_year",
            SocietyRegistration::Table,
            vec![
                SocietyRegistration::OrganizationId,
                SocietyRegistration::Year,
                SocietyRegistration::Model,
                SocietyRegistration::Status,
            ],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(SocietyPopulation::Table)
                    .col(big_pk_auto(SocietyPopulation::Id))
                    .col(big_integer(SocietyPopulation::OrganizationId))
                    .col(integer(SocietyPopulation::Year))
                    // `shared::society::Population`.
                    .col(string_len(SocietyPopulation::Population, 16))
                    // How many there are (none: the organisations below it add up).
                    .col(big_integer_null(SocietyPopulation::Count))
                    // The percent to recognise (none: the one above it, or the nation's).
                    .col(small_integer_null(SocietyPopulation::TargetPercent))
                    .col(big_integer(SocietyPopulation::UpdatedBy))
                    .col(timestamp_with_time_zone(SocietyPopulation::UpdatedAt))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_society_population_organization",
                        (SocietyPopulation::Table, SocietyPopulation::OrganizationId),
                        (Organization::Table, Organization::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_society_population_updated_by",
                        (SocietyPopulation::Table, SocietyPopulation::UpdatedBy),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_society_population_org_year")
                    .table(SocietyPopulation::Table)
                    .col(SocietyPopulation::OrganizationId)
                    .col(SocietyPopulation::Year)
                    .col(SocietyPopulation::Population)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SocietyPopulation::Table.into_iden(),
            SocietyRegistration::Table.into_iden(),
            RecognitionDecision::Table.into_iden(),
            SocietyUnit::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum CriteriaSet {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SocietyUnit {
    Table,
    Id,
    OrganizationId,
    Model,
    Name,
    Address,
    UnitKey,
    UserId,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RecognitionDecision {
    Table,
    Id,
    OrganizationId,
    Model,
    Year,
    Number,
    SignedOn,
    Signer,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SocietyRegistration {
    Table,
    Id,
    UnitId,
    OrganizationId,
    Model,
    Year,
    Status,
    CriteriaSetId,
    Scores,
    Total,
    Passed,
    Level,
    Note,
    AssessedBy,
    AssessedAt,
    DecisionId,
    WithdrawnReason,
    WithdrawnBy,
    WithdrawnAt,
    RegisteredBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SocietyPopulation {
    Table,
    Id,
    OrganizationId,
    Year,
    Population,
    Count,
    TargetPercent,
    UpdatedBy,
    UpdatedAt,
}
