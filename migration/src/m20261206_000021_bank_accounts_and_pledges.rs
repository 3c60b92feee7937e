//! Money in the Vietnamese way, first part: a fund's bank accounts (what its VietQR codes pay
//! into) and pledges ("I will give X"), each with a reference code for the transfer's note.
//! A pledge is not money: nothing here touches the ledger.

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
                    .table(FundBankAccount::Table)
                    .col(big_pk_auto(FundBankAccount::Id))
                    .col(big_integer(FundBankAccount::FundId))
                    // The bank's NAPAS BIN (`seeds/banks.csv`).
                    .col(string_len(FundBankAccount::BankBin, 6))
                    .col(string_len(FundBankAccount::AccountNumber, 19))
                    .col(string_len(FundBankAccount::Holder, 70))
                    .col(big_integer(FundBankAccount::CreatedBy))
                    .col(timestamp_with_time_zone(FundBankAccount::CreatedAt))
                    // Kept, not deleted: pledges and bank statements point at it.
                    .col(timestamp_with_time_zone_null(FundBankAccount::RetiredAt))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_fund_bank_account_fund",
                        (FundBankAccount::Table, FundBankAccount::FundId),
                        (Fund::Table, Fund::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_fund_bank_account_created_by",
                        (FundBankAccount::Table, FundBankAccount::CreatedBy),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // An account is one fund's: a statement of it names the fund its lines belong to.
        manager
            .create_index(
                Index::create()
                    .name("ux_fund_bank_account_number")
                    .table(FundBankAccount::Table)
                    .col(FundBankAccount::BankBin)
                    .col(FundBankAccount::AccountNumber)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // A fund's accounts, on its public page.
        crate::create_index(
            manager,
            "ix_fund_bank_account_fund",
            FundBankAccount::Table,
            vec![FundBankAccount::FundId, FundBankAccount::Id],
        )
        .await?;

        // How long a fund's pledges wait for their transfer before they lapse.
        manager
            .alter_table(
                Table::alter()
                    .table(Fund::Table)
                    .add_column(
                        ColumnDef::new(Fund::PledgeDays)
                            .integer()
                            .not_null()
                            .default(14),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Pledge::Table)
                    .col(big_pk_auto(Pledge::Id))
                    // `KH` and six letters and digits, e.g. `KH7F3K9Q`: written in the transfer's
                    // note as `KH 7F3K9Q`, found in a bank line's description.
                    .col(string_len_uniq(Pledge::Reference, 12))
                    .col(big_integer(Pledge::FundId))
                    .col(big_integer(Pledge::BankAccountId))
                    .col(big_integer(Pledge::Amount))
                    .col(string_len_null(Pledge::DonorName, 200))
                    .col(boolean(Pledge::Anonymous))
                    .col(string_len_null(Pledge::Contact, 200))
                    // Where the pledge came from: what the hourly limit counts by.
                    .col(string_len(Pledge::Address, 64))
                    .col(timestamp_with_time_zone(Pledge::CreatedAt))
                    .col(timestamp_with_time_zone(Pledge::ExpiresAt))
                    // The donation that fulfilled it, once a bank line is matched.
                    .col(big_integer_null(Pledge::TransactionId))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_pledge_fund",
                        (Pledge::Table, Pledge::FundId),
                        (Fund::Table, Fund::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_pledge_bank_account",
                        (Pledge::Table, Pledge::BankAccountId),
                        (FundBankAccount::Table, FundBankAccount::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_pledge_transaction",
                        (Pledge::Table, Pledge::TransactionId),
                        (LedgerTransaction::Table, LedgerTransaction::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // The limit on pledges from one address within the hour.
        crate::create_index(
            manager,
            "ix_pledge_address",
            Pledge::Table,
            vec![Pledge::Address, Pledge::CreatedAt],
        )
        .await?;
        // A fund's pledges, newest first.
        crate::create_index(
            manager,
            "ix_pledge_fund",
            Pledge::Table,
            vec![Pledge::FundId, Pledge::Id],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Pledge::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Fund::Table)
                    .drop_column(Fund::PledgeDays)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(FundBankAccount::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Fund {
    Table,
    Id,
    PledgeDays,
}

#[derive(DeriveIden)]
enum LedgerTransaction {
    Table,
    Id,
}

#[derive(DeriveIden)]
pub enum FundBankAccount {
    Table,
    Id,
    FundId,
    BankBin,
    AccountNumber,
    Holder,
    CreatedBy,
    CreatedAt,
    RetiredAt,
}

#[derive(DeriveIden)]
enum Pledge {
    Table,
    Id,
    Reference,
    FundId,
    BankAccountId,
    Amount,
    DonorName,
    Anonymous,
    Contact,
    Address,
    CreatedAt,
    ExpiresAt,
    TransactionId,
}
