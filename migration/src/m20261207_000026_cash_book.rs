//! Donations from a cash book: a donation says the day the money was received when that is
//! not the day it is recorded (a cash book typed in at the month's end), the receipt (phiếu
//! thu) it was given, and, when it came from an imported file, the key its row is known by,
//! so that importing the same file again records nothing twice. A file kept to be imported
//! says which fund it is for, when it is for one.
//!
//! The transaction keeps its `created_at` as the moment it was booked: statements and day
//! totals are cut by it, so that a statement of a closed day never changes afterwards.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LedgerTransaction {
    Table,
    ReceivedOn,
    ReceiptNumber,
    ImportKey,
}

#[derive(DeriveIden)]
enum ImportFile {
    Table,
    FundId,
}

const IMPORT_KEY_INDEX: &str = "ux_ledger_transaction_import_key";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        for column in [
            date_null(LedgerTransaction::ReceivedOn),
            string_len_null(LedgerTransaction::ReceiptNumber, 50),
            string_len_null(LedgerTransaction::ImportKey, 64),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(LedgerTransaction::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        // A row imported twice at once: the second insert fails on this, not in the books.
        manager
            .create_index(
                Index::create()
                    .name(IMPORT_KEY_INDEX)
                    .table(LedgerTransaction::Table)
                    .col(LedgerTransaction::ImportKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ImportFile::Table)
                    .add_column(big_integer_null(ImportFile::FundId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ImportFile::Table)
                    .drop_column(ImportFile::FundId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(IMPORT_KEY_INDEX)
                    .table(LedgerTransaction::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            LedgerTransaction::ImportKey,
            LedgerTransaction::ReceiptNumber,
            LedgerTransaction::ReceivedOn,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(LedgerTransaction::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
