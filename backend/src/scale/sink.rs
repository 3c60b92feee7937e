//! Writing rows in bulk: the tables in reference order, multi-row INSERTs, explicit ids.

use std::collections::BTreeMap;

use anyhow::Context as _;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, Statement, TransactionTrait, Value,
    sea_query::{Alias, Expr, Query},
};

/// The tables written here, in an order where every row's references come before it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Table {
    Organization,
    Fund,
    UserAccount,
    Membership,
    Learner,
    LearnerManager,
    Donor,
    LedgerTransaction,
    LedgerEntry,
    Application,
    ApplicationEvent,
    Review,
    Award,
    AuditEvent,
}

pub(super) const TABLES: [(&str, &[&str]); 14] = [
    (
        "organization",
        &[
            "id",
            "parent_id",
            "kind",
            "name",
            "path",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "fund",
        &["id", "organization_id", "name", "purpose", "created_at"],
    ),
    (
        "user_account",
        &[
            "id",
            "email",
            "display_name",
            "password_hash",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "membership",
        &["id", "user_id", "organization_id", "role", "created_at"],
    ),
    (
        "learner",
        &[
            "id",
            "full_name",
            "date_of_birth",
            "gender",
            "personal_id",
            "education_level",
            "school",
            "class_name",
            "commune_id",
            "circumstances",
            "gpa_hundredths",
            "organization_id",
            "created_by",
            "created_at",
            "updated_at",
        ],
    ),
    ("learner_manager", &["learner_id", "user_id", "created_at"]),
    (
        "donor",
        &[
            "id",
            "organization_id",
            "kind",
            "name",
            "anonymous",
            "created_at",
        ],
    ),
    (
        "ledger_transaction",
        &[
            "id",
            "kind",
            "memo",
            "donor_id",
            "method",
            "resolves_id",
            "created_by",
            "created_at",
        ],
    ),
    (
        "ledger_entry",
        &[
            "transaction_id",
            "fund_id",
            "account",
            "phase",
            "amount",
            "kind",
            "donor_id",
            "created_at",
        ],
    ),
    (
        "application",
        &[
            "id",
            "program_id",
            "learner_id",
            "submitted_by",
            "status",
            "statement",
            "tier_id",
            "created_at",
            "updated_at",
            "submitted_at",
        ],
    ),
    (
        "application_event",
        &[
            "application_id",
            "action",
            "from_status",
            "to_status",
            "actor_id",
            "at",
        ],
    ),
    (
        "review",
        &[
            "id",
            "application_id",
            "reviewer_id",
            "assigned_by",
            "assigned_at",
            "status",
            "scores",
            "score",
            "recommendation",
            "submitted_at",
        ],
    ),
    (
        "award",
        &[
            "id",
            "application_id",
            "program_id",
            "tier_id",
            "amount",
            "status",
            "reservation_id",
            "decided_by",
            "decided_at",
            "settled_by",
            "settled_at",
            "settlement_id",
            "cancel_reason",
        ],
    ),
    (
        "audit_event",
        &[
            "at",
            "actor_id",
            "action",
            "object_type",
            "object_id",
            "organization_id",
            "summary",
            "request_id",
        ],
    ),
];

/// Rows waiting to be written, sent as multi-row INSERTs of at most ~30,000 values (under
/// SQLite's and PostgreSQL's bind limits). When one table's rows fill up, every table is
/// written in `TABLES`' order, so no row reaches the database before what it refers to.
pub(super) struct Sink<'a> {
    pub(super) db: &'a DatabaseConnection,
    pub(super) rows: Vec<Vec<Vec<Value>>>,
    pub(super) written: BTreeMap<&'static str, u64>,
    /// Whether PostgreSQL lets this session skip triggers (a superuser's right).
    pub(super) unchecked: bool,
}

impl<'a> Sink<'a> {
    pub(super) async fn new(db: &'a DatabaseConnection) -> anyhow::Result<Self> {
        let unchecked = db.get_database_backend() == sea_orm::DatabaseBackend::Postgres
            && db
                .query_one_raw(Statement::from_string(
                    db.get_database_backend(),
                    "SELECT rolsuper FROM pg_roles WHERE rolname = current_user",
                ))
                .await?
                .map(|row| row.try_get::<bool>("", "rolsuper"))
                .transpose()?
                .unwrap_or(false);
        Ok(Self {
            db,
            rows: vec![Vec::new(); TABLES.len()],
            written: BTreeMap::new(),
            unchecked,
        })
    }

    pub(super) async fn push(&mut self, table: Table, row: Vec<Value>) -> anyhow::Result<()> {
        let (_, columns) = TABLES[table as usize];
        debug_assert_eq!(row.len(), columns.len());
        let rows = &mut self.rows[table as usize];
        rows.push(row);
        if rows.len() * columns.len() >= 30_000 {
            self.flush().await?;
        }
        Ok(())
    }

    /// Writes every table's waiting rows in one transaction. On PostgreSQL it commits without
    /// waiting for the disk: a crash would lose the last batches of a load that is started
    /// again anyway, and waiting would make the disk, not the database, set the pace.
    pub(super) async fn flush(&mut self) -> anyhow::Result<()> {
        let txn = self.db.begin().await?;
        if self.db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            txn.execute_unprepared("SET LOCAL synchronous_commit = off")
                .await?;
            if self.unchecked {
                // The rows come in an order where every reference exists (TABLES'), so the
                // per-row foreign-key triggers, most of PostgreSQL's work here, can rest.
                txn.execute_unprepared("SET LOCAL session_replication_role = replica")
                    .await?;
            }
        }
        for (rows, (table, columns)) in self.rows.iter_mut().zip(TABLES) {
            if rows.is_empty() {
                continue;
            }
            *self.written.entry(table).or_default() += rows.len() as u64;
            let mut insert = Query::insert();
            insert
                .into_table(Alias::new(table))
                .columns(columns.iter().map(|column| Alias::new(*column)));
            for row in rows.drain(..) {
                insert.values(row.into_iter().map(Expr::val))?;
            }
            txn.execute(&insert)
                .await
                .with_context(|| format!("inserting into {table}"))?;
        }
        txn.commit().await?;
        Ok(())
    }
}

/// The next id of each table, read once: rows are given their ids here, so that they can
/// refer to each other without reading anything back.
pub(super) struct Ids(Vec<i64>);

impl Ids {
    pub(super) async fn of(db: &DatabaseConnection) -> anyhow::Result<Self> {
        let mut next = Vec::new();
        for (table, _) in TABLES {
            let row = db
                .query_one_raw(Statement::from_string(
                    db.get_database_backend(),
                    format!("SELECT COALESCE(MAX(id), 0) + 1 AS next FROM {table}"),
                ))
                .await?
                .context("MAX(id) returns a row")?;
            next.push(row.try_get::<i64>("", "next")?);
        }
        Ok(Self(next))
    }

    pub(super) fn peek(&self, table: Table) -> i64 {
        self.0[table as usize]
    }

    pub(super) fn take(&mut self, table: Table) -> i64 {
        let id = self.0[table as usize];
        self.0[table as usize] += 1;
        id
    }
}

/// After explicit ids: PostgreSQL's sequences continue past them (SQLite's AUTOINCREMENT
/// already does), and both planners learn the new sizes.
pub(super) async fn after_bulk(db: &DatabaseConnection) -> anyhow::Result<()> {
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        for (table, _) in TABLES {
            db.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 (SELECT COALESCE(MAX(id), 1) FROM {table}))"
            ))
            .await?;
        }
    }
    db.execute_unprepared("ANALYZE").await?;
    Ok(())
}
