//! Which learners a recognised learning household or clan is the family of (DESIGN.md §9): so a
//! program may ask that a learner come from a family recognised as a learning one. A person's
//! own household counts for the learners they manage without a row here.

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
                    .table(SocietyUnitLearner::Table)
                    .col(big_pk_auto(SocietyUnitLearner::Id))
                    .col(big_integer(SocietyUnitLearner::UnitId))
                    .col(big_integer(SocietyUnitLearner::LearnerId))
                    // The unit's model (HOUSEHOLD or CLAN), kept beside it: a learner is of
                    // one household and one clan.
                    .col(string_len(SocietyUnitLearner::Model, 16))
                    .col(big_integer(SocietyUnitLearner::CreatedBy))
                    .col(timestamp_with_time_zone(SocietyUnitLearner::CreatedAt))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_society_unit_learner_unit",
                        (SocietyUnitLearner::Table, SocietyUnitLearner::UnitId),
                        (SocietyUnit::Table, SocietyUnit::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_society_unit_learner_learner",
                        (SocietyUnitLearner::Table, SocietyUnitLearner::LearnerId),
                        (Learner::Table, Learner::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_society_unit_learner_created_by",
                        (SocietyUnitLearner::Table, SocietyUnitLearner::CreatedBy),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // One household and one clan per learner; it also finds a learner's families.
        manager
            .create_index(
                Index::create()
                    .name("ux_society_unit_learner_model")
                    .table(SocietyUnitLearner::Table)
                    .col(SocietyUnitLearner::LearnerId)
                    .col(SocietyUnitLearner::Model)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SocietyUnitLearner::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SocietyUnit {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Learner {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SocietyUnitLearner {
    Table,
    Id,
    UnitId,
    LearnerId,
    Model,
    CreatedBy,
    CreatedAt,
}
