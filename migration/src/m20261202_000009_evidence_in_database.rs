//! Evidence bytes in the database, so that every server process behind the same database
//! serves every document: `evidence_content` names each distinct document by its SHA-256,
//! and `evidence_chunk` holds its bytes in pieces of at most 256 KiB, read back one piece at a
//! time when a document is downloaded (PostgreSQL `bytea`, SQLite `blob`). An `evidence` row
//! whose content is not here yet was uploaded before, to the data folder:
//! `khuyenhoc move-evidence` brings those in.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum EvidenceContent {
    Table,
    Sha256,
    Size,
    Chunks,
    StoredAt,
}

#[derive(DeriveIden)]
pub enum EvidenceChunk {
    Table,
    Sha256,
    Seq,
    Bytes,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(EvidenceContent::Table)
                    .col(string_len(EvidenceContent::Sha256, 64).primary_key())
                    .col(big_integer(EvidenceContent::Size))
                    .col(integer(EvidenceContent::Chunks))
                    .col(timestamp_with_time_zone(EvidenceContent::StoredAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EvidenceChunk::Table)
                    .col(string_len(EvidenceChunk::Sha256, 64))
                    .col(integer(EvidenceChunk::Seq))
                    .col(blob(EvidenceChunk::Bytes))
                    .primary_key(
                        Index::create()
                            .col(EvidenceChunk::Sha256)
                            .col(EvidenceChunk::Seq),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_evidence_chunk_content")
                            .from(EvidenceChunk::Table, EvidenceChunk::Sha256)
                            .to(EvidenceContent::Table, EvidenceContent::Sha256)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(EvidenceChunk::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(EvidenceContent::Table).to_owned())
            .await
    }
}
