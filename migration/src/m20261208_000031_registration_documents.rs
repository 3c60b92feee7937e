//! Documents attached to a registration for recognition by the association's staff (DESIGN.md
//! §9): the evidence an assessment rests on (a household's certificates, the hamlet's minutes).
//! Their bytes are kept by content in `evidence_content`, as an application's are. And the
//! learners linked to a family, found by the family: the link's only index led by the learner.

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
                    .table(RegistrationDocument::Table)
                    .col(big_pk_auto(RegistrationDocument::Id))
                    .col(big_integer(RegistrationDocument::RegistrationId))
                    .col(string_len(RegistrationDocument::FileName, 255))
                    .col(string_len(RegistrationDocument::ContentType, 64))
                    .col(big_integer(RegistrationDocument::Size))
                    .col(string_len(RegistrationDocument::Sha256, 64))
                    .col(big_integer(RegistrationDocument::UploadedBy))
                    .col(timestamp_with_time_zone(RegistrationDocument::UploadedAt))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_registration_document_registration",
                        (
                            RegistrationDocument::Table,
                            RegistrationDocument::RegistrationId,
                        ),
                        (SocietyRegistration::Table, SocietyRegistration::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_registration_document_content",
                        (RegistrationDocument::Table, RegistrationDocument::Sha256),
                        (EvidenceContent::Table, EvidenceContent::Sha256),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_registration_document_uploaded_by",
                        (
                            RegistrationDocument::Table,
                            RegistrationDocument::UploadedBy,
                        ),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // A page of registrations reads its documents by registration, in the order attached.
        manager
            .create_index(
                Index::create()
                    .name("ix_registration_document_registration")
                    .table(RegistrationDocument::Table)
                    .col(RegistrationDocument::RegistrationId)
                    .col(RegistrationDocument::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_society_unit_learner_unit")
                    .table(SocietyUnitLearner::Table)
                    .col(SocietyUnitLearner::UnitId)
                    .col(SocietyUnitLearner::LearnerId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_society_unit_learner_unit")
                    .table(SocietyUnitLearner::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(RegistrationDocument::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SocietyRegistration {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SocietyUnitLearner {
    Table,
    UnitId,
    LearnerId,
}

#[derive(DeriveIden)]
enum EvidenceContent {
    Table,
    Sha256,
}

#[derive(DeriveIden)]
enum RegistrationDocument {
    Table,
    Id,
    RegistrationId,
    FileName,
    ContentType,
    Size,
    Sha256,
    UploadedBy,
    UploadedAt,
}
