//! A fund's posted money per day: `fund_day_total` sums the posted entries of each fund by
//! the day they were made (Vietnam's calendar, UTC+7 without daylight saving), their kind and
//! their direction. Statements and the dashboard's months add up these rows instead of every
//! entry: a year of a fund with twenty thousand donations was twenty thousand rows per
//! statement (62 statements a second at city scale), and is now a few hundred.
//!
//! The ledger writes a row's change in the same transaction as the entries it sums (with the
//! funds locked), so the totals never disagree with the entries; `verify-ledger` checks them.
//! This migration fills the table from the entries already written.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FundDayTotal {
    Table,
    FundId,
    Day,
    Kind,
    Receipt,
    Amount,
    Entries,
}

#[derive(DeriveIden)]
enum Fund {
    Table,
    Id,
}

/// The sums of the posted entries already written, as rows of the table: the day is the
/// entry's UTC time moved seven hours on, each engine in its own words. Also what a bulk load
/// that wrote entries directly (`khuyenhoc seed-scale`) runs after emptying the table.
pub fn backfill(backend: sea_orm::DatabaseBackend) -> String {
    let day = match backend {
        sea_orm::DatabaseBackend::Postgres => {
            "CAST((created_at AT TIME ZONE 'UTC') + INTERVAL '7 hours' AS DATE)"
        }
        _ => "date(created_at, '+7 hours')",
    };
    format!(
        "INSERT INTO fund_day_total (fund_id, day, kind, receipt, amount, entries) \
         SELECT fund_id, {day}, kind, amount > 0, SUM(amount), COUNT(*) FROM ledger_entry \
         WHERE phase = 'POSTED' AND fund_id IS NOT NULL \
         GROUP BY fund_id, {day}, kind, amount > 0"
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FundDayTotal::Table)
                    .col(big_integer(FundDayTotal::FundId))
                    .col(date(FundDayTotal::Day))
                    .col(string_len(FundDayTotal::Kind, 16))
                    // Money in (true) or out (false): a statement lists them apart.
                    .col(boolean(FundDayTotal::Receipt))
                    .col(big_integer(FundDayTotal::Amount))
                    .col(big_integer(FundDayTotal::Entries))
                    .primary_key(
                        Index::create()
                            .col(FundDayTotal::FundId)
                            .col(FundDayTotal::Day)
                            .col(FundDayTotal::Kind)
                            .col(FundDayTotal::Receipt),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_fund_day_total_fund")
                            .from(FundDayTotal::Table, FundDayTotal::FundId)
                            .to(Fund::Table, Fund::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(&backfill(manager.get_database_backend()))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(FundDayTotal::Table).to_owned())
            .await
    }
}
