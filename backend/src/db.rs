//! Connecting to the database and bringing its schema up to date.

use std::{
    path::Path,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

/// How many SQL statements a connection pool has sent since it opened: what the statement
/// budget of DESIGN.md §6 is measured with (by the tests, and by the benchmark through
/// `/metrics`). Transactions' `BEGIN` and `COMMIT` are not counted.
#[derive(Debug, Clone, Default)]
pub struct StatementCount(Arc<AtomicU64>);

impl StatementCount {
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Opens a connection pool, counting the statements it sends.
pub async fn connect_counted(url: &str) -> Result<(DatabaseConnection, StatementCount), DbErr> {
    let mut db = connect(url).await?;
    let count = StatementCount::default();
    let counter = count.0.clone();
    db.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::Relaxed);
    });
    Ok((db, count))
}

/// Opens a connection pool. SQLite runs in WAL mode so readers never wait for the writer,
/// with a generous busy timeout so that concurrent writers queue rather than fail.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let parent = sqlite_file(url)
        .and_then(|file| Path::new(file).parent())
        .filter(|p| !p.as_os_str().is_empty());
    if let Some(parent) = parent {
        std::fs::create_dir_all(parent)
            .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", parent.display())))?;
    }
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(if url.starts_with("sqlite:") { 8 } else { 20 })
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|opts| {
            use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
            opts.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(30))
        });
    Database::connect(options).await
}

/// Begins a transaction that will write. On SQLite it starts IMMEDIATE, taking the write lock
/// at BEGIN: a deferred transaction that reads first and writes later cannot wait for a
/// concurrent writer (its snapshot would be stale) and fails with "database is locked"
/// instead, whereas a BEGIN IMMEDIATE waits its turn under the busy timeout. PostgreSQL
/// ignores the option; there row locks and constraints do the serialising.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Begins a read-only transaction that sees one consistent state of the database throughout,
/// for reads made of several queries (a statement, the ledger check) that must agree with
/// each other while writers carry on. PostgreSQL needs REPEATABLE READ for that (its default
/// gives each statement its own snapshot); a SQLite transaction in WAL mode keeps the
/// snapshot of its first read anyway, and would only log a warning about the options.
pub async fn begin_snapshot(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    match db.get_database_backend() {
        DbBackend::Postgres => {
            db.begin_with_config(
                Some(sea_orm::IsolationLevel::RepeatableRead),
                Some(sea_orm::AccessMode::ReadOnly),
            )
            .await
        }
        _ => db.begin().await,
    }
}

/// Locks the rows of `E` whose `id_column` is in `ids`, in id order, for the rest of the
/// transaction. PostgreSQL only: there a check made under READ COMMITTED (a status, a quota,
/// a balance) must hold until commit; on SQLite the IMMEDIATE transaction already excludes
/// every other writer. One order for every caller means two transactions wait for each other
/// instead of deadlocking.
pub async fn lock_rows<E: sea_orm::EntityTrait>(
    txn: &DatabaseTransaction,
    id_column: E::Column,
    ids: impl IntoIterator<Item = i64>,
) -> Result<(), DbErr> {
    use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect};
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    E::find()
        .select_only()
        .column(id_column)
        .filter(id_column.is_in(ids))
        .order_by_asc(id_column)
        .lock_exclusive()
        .into_tuple::<i64>()
        .all(txn)
        .await?;
    Ok(())
}

/// Takes a lock on each of `keys` (any text: a login, an address) for the rest of the
/// transaction, so that a check-then-write on something that has no row of its own yet (the
/// failed sign-ins of a login) is made by one transaction at a time, in every process. On
/// PostgreSQL these are transaction-scoped advisory locks, taken in sorted order so that two
/// transactions wait for each other instead of deadlocking; on SQLite the IMMEDIATE
/// transaction already excludes every other writer.
pub async fn lock_keys(txn: &DatabaseTransaction, keys: &[String]) -> Result<(), DbErr> {
    use sea_orm::{ConnectionTrait, Statement};
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let mut keys: Vec<&String> = keys.iter().collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
            [key.as_str().into()],
        ))
        .await?;
    }
    Ok(())
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// The name of the database engine, as `serverInfo` reports it.
pub fn engine_name(db: &DatabaseConnection) -> &'static str {
    match db.get_database_backend() {
        DbBackend::Sqlite => "SQLite",
        DbBackend::Postgres => "PostgreSQL",
        DbBackend::MySql => "MySQL",
        _ => "unknown",
    }
}

/// The file path inside a `sqlite://` URL, if it names a file (not `:memory:`).
pub(crate) fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_of_a_sqlite_url_is_found() {
        assert_eq!(
            sqlite_file("sqlite://data/khuyenhoc.db?mode=rwc"),
            Some("data/khuyenhoc.db")
        );
        assert_eq!(sqlite_file("sqlite:///tmp/x.db"), Some("/tmp/x.db"));
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://localhost/x"), None);
    }
}
