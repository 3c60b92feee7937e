//! Files uploaded to be imported (learners of a chapter or commune, for now): kept from the
//! upload through the preview to the import, as uploaded, for whoever audits the import later.

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
                    .table(ImportFile::Table)
                    .col(big_pk_auto(ImportFile::Id))
                    // The organisation the rows are for.
                    .col(big_integer(ImportFile::OrganizationId))
                    // What the rows are (`LEARNERS`).
                    .col(string_len(ImportFile::Kind, 16))
                    .col(string_len(ImportFile::FileName, 200))
                    .col(string_len(ImportFile::Sha256, 64))
                    .col(big_integer(ImportFile::Size))
                    .col(blob(ImportFile::Content))
                    .col(big_integer(ImportFile::UploadedBy))
                    .col(timestamp_with_time_zone(ImportFile::UploadedAt))
                    .col(timestamp_with_time_zone_null(ImportFile::ImportedAt))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_import_file_uploaded_by",
                        (ImportFile::Table, ImportFile::UploadedBy),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // Files left unimported are cleared by their age.
        crate::create_index(
            manager,
            "ix_import_file_uploaded_at",
            ImportFile::Table,
            vec![ImportFile::UploadedAt],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ImportFile::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ImportFile {
    Table,
    Id,
    OrganizationId,
    Kind,
    FileName,
    Sha256,
    Size,
    Content,
    UploadedBy,
    UploadedAt,
    ImportedAt,
}
