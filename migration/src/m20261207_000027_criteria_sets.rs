//! A learning society's criteria (Plan 52/KH-UBND, DESIGN.md §9): per model and year, the
//! groups, items, points, pass mark and levels a registration is scored against, set by the
//! city association. A set is never changed: saving it again makes its next version, so that
//! an assessment keeps the one it was made under.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261129_000002_create_access::UserAccount;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CriteriaSet::Table)
                    .col(big_pk_auto(CriteriaSet::Id))
                    // `shared::society::RecognitionModel`.
                    .col(string_len(CriteriaSet::Model, 16))
                    .col(integer(CriteriaSet::Year))
                    .col(integer(CriteriaSet::Version))
                    .col(integer(CriteriaSet::PassMark))
                    // The groups with their items, and the levels, as `shared::society` types.
                    .col(text(CriteriaSet::Groups))
                    .col(text(CriteriaSet::Levels))
                    .col(boolean(CriteriaSet::Example))
                    .col(big_integer_null(CriteriaSet::CreatedBy))
                    .col(timestamp_with_time_zone(CriteriaSet::CreatedAt))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_criteria_set_created_by",
                        (CriteriaSet::Table, CriteriaSet::CreatedBy),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // A model's year's latest version, and one version of each number.
        manager
            .create_index(
                Index::create()
                    .name("ux_criteria_set_model_year_version")
                    .table(CriteriaSet::Table)
                    .col(CriteriaSet::Model)
                    .col(CriteriaSet::Year)
                    .col(CriteriaSet::Version)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CriteriaSet::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum CriteriaSet {
    Table,
    Id,
    Model,
    Year,
    Version,
    PassMark,
    Groups,
    Levels,
    Example,
    CreatedBy,
    CreatedAt,
}
