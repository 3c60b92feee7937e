//! Evidence: documents attached to applications. The bytes live on disk under the data
//! directory, named by their SHA-256 (the same file uploaded twice is stored once); this table
//! says which application each belongs to, what kind it is and who uploaded it.

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
                    .table(Evidence::Table)
                    .col(big_pk_auto(Evidence::Id))
                    .col(big_integer(Evidence::ApplicationId))
                    // One of the program's required evidence types, or `Khác` (other).
                    .col(string_len(Evidence::Kind, 120))
                    .col(string_len(Evidence::FileName, 200))
                    .col(string_len(Evidence::ContentType, 64))
                    .col(big_integer(Evidence::Size))
                    .col(string_len(Evidence::Sha256, 64))
                    .col(big_integer(Evidence::UploadedBy))
                    .col(timestamp_with_time_zone(Evidence::UploadedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_evidence_application")
                            .from(Evidence::Table, Evidence::ApplicationId)
                            .to(Application::Table, Application::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_evidence_uploaded_by")
                            .from(Evidence::Table, Evidence::UploadedBy)
                            .to(UserAccount::Table, UserAccount::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_evidence_application")
                    .table(Evidence::Table)
                    .col(Evidence::ApplicationId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Evidence::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Application {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Evidence {
    Table,
    Id,
    ApplicationId,
    Kind,
    FileName,
    ContentType,
    Size,
    Sha256,
    UploadedBy,
    UploadedAt,
}
