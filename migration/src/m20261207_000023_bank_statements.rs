//! Money in the Vietnamese way, second part: bank statements imported for a fund's account,
//! each of their lines kept once, and where each line stands in the fund's book.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261129_000002_create_access::UserAccount;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // A statement file as uploaded, before and after its import: the import's preview is
        // read from it, and it stays as the bank gave it for whoever audits the fund later.
        manager
            .create_table(
                Table::create()
                    .table(BankStatementFile::Table)
                    .col(big_pk_auto(BankStatementFile::Id))
                    .col(big_integer(BankStatementFile::FundId))
                    .col(big_integer(BankStatementFile::BankAccountId))
                    .col(string_len(BankStatementFile::FileName, 200))
                    // SHA-256 of the bytes, lower-case hex.
                    .col(string_len(BankStatementFile::Sha256, 64))
                    .col(big_integer(BankStatementFile::Size))
                    .col(blob(BankStatementFile::Content))
                    .col(big_integer(BankStatementFile::UploadedBy))
                    .col(timestamp_with_time_zone(BankStatementFile::UploadedAt))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_bank_statement_file_account",
                        (BankStatementFile::Table, BankStatementFile::BankAccountId),
                        (FundBankAccount::Table, FundBankAccount::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_bank_statement_file_uploaded_by",
                        (BankStatementFile::Table, BankStatementFile::UploadedBy),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // Files left unimported are cleared by their age.
        crate::create_index(
            manager,
            "ix_bank_statement_file_uploaded_at",
            BankStatementFile::Table,
            vec![BankStatementFile::UploadedAt],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(BankStatement::Table)
                    .col(big_pk_auto(BankStatement::Id))
                    .col(big_integer(BankStatement::FundId))
                    .col(big_integer(BankStatement::BankAccountId))
                    // The file it was read from: imported once.
                    .col(big_integer_uniq(BankStatement::FileId))
                    .col(date(BankStatement::FirstDay))
                    .col(date(BankStatement::LastDay))
                    // The bank's balance after the statement's last line, where it prints one.
                    .col(big_integer_null(BankStatement::ClosingBalance))
                    .col(integer(BankStatement::LineCount))
                    // Lines not in an earlier statement (an overlapping one adds only these).
                    .col(integer(BankStatement::NewLineCount))
                    .col(big_integer(BankStatement::ImportedBy))
                    .col(timestamp_with_time_zone(BankStatement::ImportedAt))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_bank_statement_fund",
                        (BankStatement::Table, BankStatement::FundId),
                        (Fund::Table, Fund::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_bank_statement_account",
                        (BankStatement::Table, BankStatement::BankAccountId),
                        (FundBankAccount::Table, FundBankAccount::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_bank_statement_file",
                        (BankStatement::Table, BankStatement::FileId),
                        (BankStatementFile::Table, BankStatementFile::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_bank_statement_imported_by",
                        (BankStatement::Table, BankStatement::ImportedBy),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // A fund's statements, newest first.
        crate::create_index(
            manager,
            "ix_bank_statement_fund",
            BankStatement::Table,
            vec![BankStatement::FundId, BankStatement::Id],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(BankLine::Table)
                    .col(big_pk_auto(BankLine::Id))
                    .col(big_integer(BankLine::FundId))
                    .col(big_integer(BankLine::BankAccountId))
                    // The statement that first brought the line in.
                    .col(big_integer(BankLine::StatementId))
                    // What makes a line the same line in another statement: the bank's
                    // transaction number, or a hash of its date, amount, description and
                    // running balance.
                    .col(string_len(BankLine::LineKey, 80))
                    .col(integer(BankLine::RowNumber))
                    .col(date(BankLine::BookedOn))
                    // Positive in, negative out.
                    .col(big_integer(BankLine::Amount))
                    .col(text(BankLine::Description))
                    .col(string_len_null(BankLine::BankReference, 100))
                    .col(big_integer_null(BankLine::Balance))
                    .col(string_len_null(BankLine::Counterparty, 200))
                    .col(string_len(BankLine::Status, 16))
                    // The donation recorded from it, or the payout it is.
                    .col(big_integer_null(BankLine::TransactionId))
                    .col(big_integer_null(BankLine::PledgeId))
                    // Why the treasurer left it aside.
                    .col(string_len_null(BankLine::Note, 500))
                    .col(big_integer_null(BankLine::ResolvedBy))
                    .col(timestamp_with_time_zone_null(BankLine::ResolvedAt))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_bank_line_statement",
                        (BankLine::Table, BankLine::StatementId),
                        (BankStatement::Table, BankStatement::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_bank_line_account",
                        (BankLine::Table, BankLine::BankAccountId),
                        (FundBankAccount::Table, FundBankAccount::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_bank_line_transaction",
                        (BankLine::Table, BankLine::TransactionId),
                        (LedgerTransaction::Table, LedgerTransaction::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_bank_line_pledge",
                        (BankLine::Table, BankLine::PledgeId),
                        (Pledge::Table, Pledge::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // Every line kept once per account.
        manager
            .create_index(
                Index::create()
                    .name("ux_bank_line_key")
                    .table(BankLine::Table)
                    .col(BankLine::BankAccountId)
                    .col(BankLine::LineKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // A statement's lines in order.
        crate::create_index(
            manager,
            "ix_bank_line_statement",
            BankLine::Table,
            vec![BankLine::StatementId, BankLine::Id],
        )
        .await?;
        // A payout (or donation) is one line's at most.
        crate::create_index(
            manager,
            "ix_bank_line_transaction",
            BankLine::Table,
            vec![BankLine::TransactionId],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BankLine::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(BankStatement::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(BankStatementFile::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Fund {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FundBankAccount {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum LedgerTransaction {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Pledge {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum BankStatementFile {
    Table,
    Id,
    FundId,
    BankAccountId,
    FileName,
    Sha256,
    Size,
    Content,
    UploadedBy,
    UploadedAt,
}

#[derive(DeriveIden)]
enum BankStatement {
    Table,
    Id,
    FundId,
    BankAccountId,
    FileId,
    FirstDay,
    LastDay,
    ClosingBalance,
    LineCount,
    NewLineCount,
    ImportedBy,
    ImportedAt,
}

#[derive(DeriveIden)]
enum BankLine {
    Table,
    Id,
    FundId,
    BankAccountId,
    StatementId,
    LineKey,
    RowNumber,
    BookedOn,
    Amount,
    Description,
    BankReference,
    Balance,
    Counterparty,
    Status,
    TransactionId,
    PledgeId,
    Note,
    ResolvedBy,
    ResolvedAt,
}
