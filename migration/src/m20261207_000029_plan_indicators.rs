//! The plan's own indicators (Plan 52/KH-UBND, section II.2.1; DESIGN.md §9): each as data, and
//! the value each commune or ward (or the city, for the city's own) reports for a year, with
//! its source.

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
                    .table(PlanIndicator::Table)
                    .col(big_pk_auto(PlanIndicator::Id))
                    // Its place in the plan, e.g. `2.1.a.2`: the order they are shown in.
                    .col(string_len_uniq(PlanIndicator::Code, 20))
                    .col(string_len(PlanIndicator::GroupName, 200))
                    .col(string_len(PlanIndicator::Name, 300))
                    // `shared::indicator::IndicatorMeasure`.
                    .col(string_len(PlanIndicator::Measure, 16))
                    .col(small_integer(PlanIndicator::TargetPerMille))
                    .col(integer(PlanIndicator::Deadline))
                    // `shared::OrganizationKind`: CITY or COMMUNE.
                    .col(string_len(PlanIndicator::Level, 16))
                    // Written from the plan's text, not yet the association's own.
                    .col(boolean(PlanIndicator::Example))
                    .col(big_integer_null(PlanIndicator::UpdatedBy))
                    .col(timestamp_with_time_zone(PlanIndicator::UpdatedAt))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_plan_indicator_updated_by",
                        (PlanIndicator::Table, PlanIndicator::UpdatedBy),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(IndicatorValue::Table)
                    .col(big_pk_auto(IndicatorValue::Id))
                    .col(big_integer(IndicatorValue::IndicatorId))
                    .col(big_integer(IndicatorValue::OrganizationId))
                    .col(integer(IndicatorValue::Year))
                    // How many meet it out of how many it concerns (a locality: 1 or 0 of 1).
                    .col(big_integer(IndicatorValue::Numerator))
                    .col(big_integer(IndicatorValue::Denominator))
                    // Where the figures come from (a survey, a report's number).
                    .col(string_len(IndicatorValue::Source, 300))
                    .col(big_integer(IndicatorValue::ReportedBy))
                    .col(timestamp_with_time_zone(IndicatorValue::ReportedAt))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_indicator_value_indicator",
                        (IndicatorValue::Table, IndicatorValue::IndicatorId),
                        (PlanIndicator::Table, PlanIndicator::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_indicator_value_organization",
                        (IndicatorValue::Table, IndicatorValue::OrganizationId),
                        (Organization::Table, Organization::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_indicator_value_reported_by",
                        (IndicatorValue::Table, IndicatorValue::ReportedBy),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // One value per organisation, year and indicator; it also serves an organisation's
        // values of a year, and those of a subtree found by the organisations' paths.
        manager
            .create_index(
                Index::create()
                    .name("ux_indicator_value_org_year")
                    .table(IndicatorValue::Table)
                    .col(IndicatorValue::OrganizationId)
                    .col(IndicatorValue::Year)
                    .col(IndicatorValue::IndicatorId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            IndicatorValue::Table.into_iden(),
            PlanIndicator::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum PlanIndicator {
    Table,
    Id,
    Code,
    GroupName,
    Name,
    Measure,
    TargetPerMille,
    Deadline,
    Level,
    Example,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum IndicatorValue {
    Table,
    Id,
    IndicatorId,
    OrganizationId,
    Year,
    Numerator,
    Denominator,
    Source,
    ReportedBy,
    ReportedAt,
}
