//! Writing rows in bulk: the tables in reference order, explicit ids, COPY on PostgreSQL and
//! multi-row INSERTs on SQLite.

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
    Notification,
    AuditEvent,
}

pub(super) const TABLES: [(&str, &[&str]); 15] = [
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
            "search_text",
        ],
    ),
    (
        "fund",
        &[
            "id",
            "organization_id",
            "name",
            "purpose",
            "created_at",
            "search_text",
        ],
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
            "search_text",
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
            "search_text",
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
            "delegated",
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
            "rank_score",
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
        "notification",
        &[
            "user_id",
            "kind",
            "application_id",
            "review_id",
            "created_at",
            "read_at",
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

/// Rows waiting to be written: sent as multi-row INSERTs of at most ~30,000 values on SQLite
/// (under its bind limit), with COPY in batches of ~200,000 on PostgreSQL. When one table's
/// rows fill up, every table is written in `TABLES`' order, so no row reaches the database
/// before what it refers to.
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
        let batch = if self.db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            200_000
        } else {
            30_000
        };
        if rows.len() * columns.len() >= batch {
            self.flush().await?;
        }
        Ok(())
    }

    /// Writes every table's waiting rows in one transaction. On PostgreSQL it commits without
    /// waiting for the disk: a crash would lose the last batches of a load that is started
    /// again anyway, and waiting would make the disk, not the database, set the pace.
    pub(super) async fn flush(&mut self) -> anyhow::Result<()> {
        if self.db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            return self.copy().await;
        }
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

impl Sink<'_> {
    /// PostgreSQL's [`Sink::flush`]: each table's rows in one `COPY … FROM STDIN` as text,
    /// which the server reads at a fraction of the cost of binding a multi-row INSERT's values
    /// (the load took 11 minutes with INSERTs).
    async fn copy(&mut self) -> anyhow::Result<()> {
        use sea_orm::sqlx;
        let mut txn = self.db.get_postgres_connection_pool().begin().await?;
        sqlx::query("SET LOCAL synchronous_commit = off")
            .execute(&mut *txn)
            .await?;
        if self.unchecked {
            sqlx::query("SET LOCAL session_replication_role = replica")
                .execute(&mut *txn)
                .await?;
        }
        for (rows, (table, columns)) in self.rows.iter_mut().zip(TABLES) {
            if rows.is_empty() {
                continue;
            }
            *self.written.entry(table).or_default() += rows.len() as u64;
            let mut text = String::with_capacity(rows.len() * columns.len() * 16);
            for row in rows.drain(..) {
                for (n, value) in row.into_iter().enumerate() {
                    if n > 0 {
                        text.push('\t');
                    }
                    copy_field(&mut text, value)
                        .with_context(|| format!("{table}.{}", columns[n]))?;
                }
                text.push('\n');
            }
            let mut copy = txn
                .copy_in_raw(&format!("COPY {table} ({}) FROM STDIN", columns.join(", ")))
                .await?;
            copy.send(text.into_bytes()).await?;
            copy.finish()
                .await
                .with_context(|| format!("copying into {table}"))?;
        }
        txn.commit().await?;
        Ok(())
    }
}

/// Writes one value as a field of COPY's text format: `\N` for NULL, and a backslash before
/// the characters that would end the field or the row.
fn copy_field(text: &mut String, value: Value) -> anyhow::Result<()> {
    use std::fmt::Write as _;
    fn escaped(text: &mut String, raw: &str) {
        for c in raw.chars() {
            match c {
                '\\' => text.push_str("\\\\"),
                '\t' => text.push_str("\\t"),
                '\n' => text.push_str("\\n"),
                '\r' => text.push_str("\\r"),
                c => text.push(c),
            }
        }
    }
    macro_rules! plain {
        ($value:expr) => {
            match $value {
                Some(v) => write!(text, "{v}")?,
                None => text.push_str("\\N"),
            }
        };
    }
    match value {
        Value::Bool(v) => plain!(v.map(|b| if b { "t" } else { "f" })),
        Value::SmallInt(v) => plain!(v),
        Value::Int(v) => plain!(v),
        Value::BigInt(v) => plain!(v),
        Value::String(Some(v)) => escaped(text, &v),
        Value::Json(Some(v)) => escaped(text, &v.to_string()),
        Value::ChronoDate(v) => plain!(v),
        Value::ChronoDateTimeUtc(v) => plain!(v.map(|at| at.to_rfc3339())),
        Value::String(None) | Value::Json(None) => text.push_str("\\N"),
        other => anyhow::bail!("no COPY text for {other:?}"),
    }
    Ok(())
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
    // PostgreSQL: VACUUM as after any bulk load, so that index-only scans need not visit the
    // table for rows written since (what autovacuum would do in its own time).
    let analyze = match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => "VACUUM ANALYZE",
        _ => "ANALYZE",
    };
    db.execute_unprepared(analyze).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(value: Value) -> String {
        let mut text = String::new();
        copy_field(&mut text, value).unwrap();
        text
    }

    #[test]
    fn copy_text_escapes_what_would_end_a_field_or_a_row_and_spells_null() {
        assert_eq!(field("Lê\tThu\nHà \\ 1".into()), "Lê\\tThu\\nHà \\\\ 1");
        assert_eq!(field(Value::String(None)), "\\N");
        assert_eq!(field(Some(7_i64).into()), "7");
        assert_eq!(field(Option::<i64>::None.into()), "\\N");
        assert_eq!(field(true.into()), "t");
    }
}
