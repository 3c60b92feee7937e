//! A ledger transaction says whether it was made on a workflow's authority (an award's
//! approval, payment or cancellation). Only that workflow settles or undoes such money, and
//! the ledger refuses a treasurer's post, void or reversal of it by this mark instead of by
//! looking into the awards.
//!
//! The ledger is append-only (its triggers refuse UPDATE), so the mark of the transactions
//! already written is set with the trigger lifted inside this migration's transaction.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LedgerTransaction {
    Table,
    Delegated,
}

/// Every transaction an award holds: its reservation, and the payment or void that resolves it.
const MARK_AWARDS: &str = "UPDATE ledger_transaction SET delegated = TRUE \
     WHERE id IN (SELECT reservation_id FROM award WHERE reservation_id IS NOT NULL) \
     OR resolves_id IN (SELECT reservation_id FROM award WHERE reservation_id IS NOT NULL)";

/// SQLite's trigger refusing UPDATE, as the ledger's migration created it.
const SQLITE_TRIGGER: &str = "CREATE TRIGGER ledger_transaction_no_update BEFORE UPDATE ON \
     ledger_transaction BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(LedgerTransaction::Table)
                    .add_column(
                        ColumnDef::new(LedgerTransaction::Delegated)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await?;
        // One string, so that the trigger is lifted, the rows marked and the trigger restored
        // on one connection, in that order (a second connection of the pool could still hold
        // SQLite's schema from before the DROP) and, on PostgreSQL, in one transaction.
        let script = match manager.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => format!(
                "ALTER TABLE ledger_transaction DISABLE TRIGGER ledger_transaction_append_only; \
                 {MARK_AWARDS}; \
                 ALTER TABLE ledger_transaction ENABLE TRIGGER ledger_transaction_append_only;"
            ),
            _ => format!(
                "DROP TRIGGER ledger_transaction_no_update; {MARK_AWARDS}; {SQLITE_TRIGGER};"
            ),
        };
        manager.get_connection().execute_unprepared(&script).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(LedgerTransaction::Table)
                    .drop_column(LedgerTransaction::Delegated)
                    .to_owned(),
            )
            .await
    }
}
