//! Funds and their ledger: funds with balances kept up to date, donors, ledger transactions
//! with their entries, and idempotency keys.
//!
//! The ledger follows the pending-transfer model: a reservation is a transaction whose entries
//! are PENDING; posting or voiding it is a *new* transaction that undoes the pending entries
//! (and, for a post, adds POSTED ones). So nothing is ever updated, and both balances can be
//! recomputed from the entries alone: posted = Σ POSTED amounts, reserved = −Σ PENDING amounts.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261129_000001_create_organizations::Organization;
use super::m20261129_000002_create_access::UserAccount;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Fund::Table)
                    .col(big_pk_auto(Fund::Id))
                    .col(big_integer(Fund::OrganizationId))
                    .col(string_len(Fund::Name, 200))
                    .col(text_null(Fund::Purpose))
                    // Kept up to date in the same database transaction as the entries that
                    // change them, so a read never sums 10M rows; `verifyLedger` recomputes
                    // them. The checks are the last line of defence for rule 3: whatever the
                    // code does, the database refuses a fund whose reservations exceed what
                    // it holds.
                    .col(big_integer(Fund::PostedBalance).default(0))
                    .col(big_integer(Fund::ReservedBalance).default(0))
                    .col(timestamp_with_time_zone(Fund::CreatedAt))
                    .col(timestamp_with_time_zone_null(Fund::ArchivedAt))
                    .check(Expr::col(Fund::ReservedBalance).gte(0))
                    .check(
                        Expr::col(Fund::PostedBalance)
                            .sub(Expr::col(Fund::ReservedBalance))
                            .gte(0),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_fund_organization")
                            .from(Fund::Table, Fund::OrganizationId)
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_fund_organization_name")
                    .table(Fund::Table)
                    .col(Fund::OrganizationId)
                    .col(Fund::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Donor::Table)
                    .col(big_pk_auto(Donor::Id))
                    // The organisation whose records hold the donor; its staff see them.
                    .col(big_integer(Donor::OrganizationId))
                    .col(string_len(Donor::Kind, 16))
                    .col(string_len(Donor::Name, 200))
                    // Shown to the public as an anonymous benefactor; staff still see the name.
                    .col(boolean(Donor::Anonymous).default(false))
                    .col(string_len_null(Donor::Contact, 200))
                    .col(timestamp_with_time_zone(Donor::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_donor_organization")
                            .from(Donor::Table, Donor::OrganizationId)
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_donor_organization_name")
                    .table(Donor::Table)
                    .col(Donor::OrganizationId)
                    .col(Donor::Name)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LedgerTransaction::Table)
                    .col(big_pk_auto(LedgerTransaction::Id))
                    .col(string_len(LedgerTransaction::Kind, 16))
                    .col(string_len(LedgerTransaction::Memo, 500))
                    .col(big_integer_null(LedgerTransaction::DonorId))
                    .col(string_len_null(LedgerTransaction::Method, 16))
                    .col(string_len_null(LedgerTransaction::BankReference, 100))
                    // Unique: a transaction is reversed at most once, and a reservation is
                    // posted or voided at most once (rule 5: an award is paid at most once).
                    .col(big_integer_null(LedgerTransaction::ReversesId).unique_key())
                    .col(big_integer_null(LedgerTransaction::ResolvesId).unique_key())
                    .col(big_integer(LedgerTransaction::CreatedBy))
                    .col(timestamp_with_time_zone(LedgerTransaction::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ledger_transaction_donor")
                            .from(LedgerTransaction::Table, LedgerTransaction::DonorId)
                            .to(Donor::Table, Donor::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ledger_transaction_reverses")
                            .from(LedgerTransaction::Table, LedgerTransaction::ReversesId)
                            .to(LedgerTransaction::Table, LedgerTransaction::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ledger_transaction_resolves")
                            .from(LedgerTransaction::Table, LedgerTransaction::ResolvesId)
                            .to(LedgerTransaction::Table, LedgerTransaction::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ledger_transaction_user")
                            .from(LedgerTransaction::Table, LedgerTransaction::CreatedBy)
                            .to(UserAccount::Table, UserAccount::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LedgerEntry::Table)
                    .col(big_pk_auto(LedgerEntry::Id))
                    .col(big_integer(LedgerEntry::TransactionId))
                    // A fund's account, or (when null) the world outside the funds: DONORS
                    // money comes from, PAYEES money goes to.
                    .col(big_integer_null(LedgerEntry::FundId))
                    .col(string_len(LedgerEntry::Account, 16))
                    .col(string_len(LedgerEntry::Phase, 8))
                    .col(big_integer(LedgerEntry::Amount))
                    // Copied from the transaction (rows never change, so the copies cannot go
                    // stale) so that a fund's ledger filtered by period and kind is one index
                    // range, without a join.
                    .col(string_len(LedgerEntry::Kind, 16))
                    .col(big_integer_null(LedgerEntry::DonorId))
                    .col(timestamp_with_time_zone(LedgerEntry::CreatedAt))
                    .check(Expr::col(LedgerEntry::Amount).ne(0))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ledger_entry_transaction")
                            .from(LedgerEntry::Table, LedgerEntry::TransactionId)
                            .to(LedgerTransaction::Table, LedgerTransaction::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ledger_entry_fund")
                            .from(LedgerEntry::Table, LedgerEntry::FundId)
                            .to(Fund::Table, Fund::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "ix_ledger_entry_fund_id",
                vec![LedgerEntry::FundId, LedgerEntry::Id],
            ),
            (
                "ix_ledger_entry_fund_created",
                vec![LedgerEntry::FundId, LedgerEntry::CreatedAt],
            ),
            (
                "ix_ledger_entry_fund_kind",
                vec![LedgerEntry::FundId, LedgerEntry::Kind, LedgerEntry::Id],
            ),
            (
                "ix_ledger_entry_donor",
                vec![LedgerEntry::DonorId, LedgerEntry::Id],
            ),
            (
                "ix_ledger_entry_transaction",
                vec![LedgerEntry::TransactionId],
            ),
        ] {
            crate::create_index(manager, name, LedgerEntry::Table, columns).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKey::Table)
                    .col(big_pk_auto(IdempotencyKey::Id))
                    // Keys are the client's, so they are scoped to the user who sent them.
                    .col(big_integer(IdempotencyKey::UserId))
                    .col(string_len(IdempotencyKey::Key, 100))
                    .col(string_len(IdempotencyKey::Operation, 40))
                    // SHA-256 of the request's input: the same key with another input is a
                    // client bug, answered with CONFLICT rather than a silent replay.
                    .col(string_len(IdempotencyKey::RequestHash, 64))
                    // Written first and filled in once the transaction exists: inserting the
                    // key before moving money makes a concurrent retry wait on the unique
                    // index (PostgreSQL) or the write lock (SQLite) instead of racing it.
                    .col(big_integer_null(IdempotencyKey::TransactionId))
                    .col(timestamp_with_time_zone(IdempotencyKey::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_idempotency_key_transaction")
                            .from(IdempotencyKey::Table, IdempotencyKey::TransactionId)
                            .to(LedgerTransaction::Table, LedgerTransaction::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_idempotency_key_user_key")
                    .table(IdempotencyKey::Table)
                    .col(IdempotencyKey::UserId)
                    .col(IdempotencyKey::Key)
                    .unique()
                    .to_owned(),
            )
            .await?;

        // Rule 2 in the database itself: the ledger's rows cannot be changed or removed, not
        // even by a bug or a hand-typed statement.
        let db = manager.get_connection();
        match manager.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION ledger_append_only() RETURNS trigger AS $$ \
                     BEGIN RAISE EXCEPTION 'the ledger is append-only: % on % refused', \
                     TG_OP, TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
                )
                .await?;
                for table in ["ledger_transaction", "ledger_entry"] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} \
                         FOR EACH ROW EXECUTE FUNCTION ledger_append_only()"
                    ))
                    .await?;
                    // Row triggers do not fire on TRUNCATE; this one does.
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} \
                         FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()"
                    ))
                    .await?;
                }
            }
            _ => {
                for table in ["ledger_transaction", "ledger_entry"] {
                    for operation in ["UPDATE", "DELETE"] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {table}_no_{op} BEFORE {operation} ON {table} \
                             BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END",
                            op = operation.to_lowercase()
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            IdempotencyKey::Table.into_iden(),
            LedgerEntry::Table.into_iden(),
            LedgerTransaction::Table.into_iden(),
            Donor::Table.into_iden(),
            Fund::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS ledger_append_only()")
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub enum Fund {
    Table,
    Id,
    OrganizationId,
    Name,
    Purpose,
    PostedBalance,
    ReservedBalance,
    CreatedAt,
    ArchivedAt,
}

#[derive(DeriveIden)]
enum Donor {
    Table,
    Id,
    OrganizationId,
    Kind,
    Name,
    Anonymous,
    Contact,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum LedgerTransaction {
    Table,
    Id,
    Kind,
    Memo,
    DonorId,
    Method,
    BankReference,
    ReversesId,
    ResolvesId,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LedgerEntry {
    Table,
    Id,
    TransactionId,
    FundId,
    Account,
    Phase,
    Amount,
    Kind,
    DonorId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum IdempotencyKey {
    Table,
    Id,
    UserId,
    Key,
    Operation,
    RequestHash,
    TransactionId,
    CreatedAt,
}
