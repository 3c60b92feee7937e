//! Backups: `khuyenhoc backup --out FILE` and `khuyenhoc restore --from FILE`.
//!
//! - SQLite: `VACUUM INTO` writes a consistent copy of the database while the server keeps
//!   serving (it reads inside one transaction; writers go on). Restoring checks the copy and
//!   moves it into place in one rename, with the server stopped.
//! - PostgreSQL: `pg_dump --format=custom` (a consistent snapshot, taken while the server
//!   serves), restored with `pg_restore --single-transaction`: all of it or nothing. Both come
//!   with PostgreSQL's client tools, which must be on the `PATH` (the major version of the
//!   server or newer).
//!
//! Evidence is in the database, so a backup holds the documents too, except those uploaded
//! before they moved there: `khuyenhoc move-evidence` brings them in first.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail, ensure};
use sea_orm::{ConnectionTrait, Database, DatabaseBackend, DatabaseConnection};

/// What a backup file starts with, by engine.
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
const PG_DUMP_MAGIC: &[u8] = b"PGDMP";

/// Where a database URL points.
enum Target {
    SqliteFile(PathBuf),
    Postgres(String),
}

fn target_of(database_url: &str) -> anyhow::Result<Target> {
    if let Some(rest) = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
    {
        let path = rest.split('?').next().unwrap_or_default();
        ensure!(
            !path.is_empty() && !path.starts_with(":memory:"),
            "an in-memory SQLite database has nothing to back up or restore into"
        );
        return Ok(Target::SqliteFile(PathBuf::from(path)));
    }
    ensure!(
        database_url.starts_with("postgres://") || database_url.starts_with("postgresql://"),
        "backups are for SQLite and PostgreSQL databases"
    );
    Ok(Target::Postgres(database_url.to_owned()))
}

/// Writes a consistent copy of the database at `database_url` to `out`, which must not exist
/// yet (a backup never overwrites another). The server may keep running meanwhile.
pub async fn backup(db: &DatabaseConnection, database_url: &str, out: &Path) -> anyhow::Result<()> {
    ensure!(
        !out.exists(),
        "{} exists already: a backup never overwrites another",
        out.display()
    );
    warn_of_evidence_on_disk(db).await?;
    match target_of(database_url)? {
        Target::SqliteFile(_) => {
            ensure!(
                db.get_database_backend() == DatabaseBackend::Sqlite,
                "the database is not SQLite"
            );
            let path = out
                .to_str()
                .context("the backup's path is not valid UTF-8")?
                .replace('\'', "''");
            db.execute_unprepared(&format!("VACUUM INTO '{path}'"))
                .await
                .with_context(|| format!("copying the database into {}", out.display()))?;
        }
        Target::Postgres(url) => {
            let partial = partial_path(out);
            let status = tokio::process::Command::new("pg_dump")
                .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
                .arg(&partial)
                .arg("--dbname")
                .arg(&url)
                .status()
                .await
                .context("running pg_dump (PostgreSQL's client tools must be installed)")?;
            if !status.success() {
                let _ = tokio::fs::remove_file(&partial).await;
                bail!("pg_dump failed ({status})");
            }
            // Only a finished dump bears the backup's name.
            tokio::fs::rename(&partial, out)
                .await
                .with_context(|| format!("naming the backup {}", out.display()))?;
        }
    }
    Ok(())
}

/// Restores the backup `from` into the database at `database_url`. That database must be
/// empty, unless `replace` says to replace what it holds; the server must be stopped (a
/// running server would go on with what it had). Nothing changes unless the whole backup
/// restores.
pub async fn restore(database_url: &str, from: &Path, replace: bool) -> anyhow::Result<()> {
    let head = read_head(from).await?;
    match target_of(database_url)? {
        Target::SqliteFile(path) => {
            ensure!(
                head.starts_with(SQLITE_MAGIC),
                "{} is not a SQLite backup",
                from.display()
            );
            if !replace && holds_tables(database_url).await? {
                bail!(
                    "{} holds a database already: restore into an empty one, or pass --replace",
                    path.display()
                );
            }
            // Checked as a copy next to the database, then moved into place in one rename.
            let incoming = partial_path(&path);
            tokio::fs::copy(from, &incoming)
                .await
                .with_context(|| format!("copying {} to {}", from.display(), incoming.display()))?;
            if let Err(error) = check_sqlite_copy(&incoming).await {
                let _ = tokio::fs::remove_file(&incoming).await;
                return Err(error);
            }
            for suffix in ["-wal", "-shm"] {
                let mut side = path.clone().into_os_string();
                side.push(suffix);
                let _ = tokio::fs::remove_file(PathBuf::from(side)).await;
            }
            tokio::fs::rename(&incoming, &path)
                .await
                .with_context(|| format!("moving the restored database to {}", path.display()))?;
        }
        Target::Postgres(url) => {
            ensure!(
                head.starts_with(PG_DUMP_MAGIC),
                "{} is not a PostgreSQL backup (pg_dump's custom format)",
                from.display()
            );
            if !replace && holds_tables(database_url).await? {
                bail!(
                    "the database holds tables already: restore into an empty one, or pass --replace"
                );
            }
            let mut command = tokio::process::Command::new("pg_restore");
            command.args([
                "--single-transaction",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
            ]);
            if replace {
                command.args(["--clean", "--if-exists"]);
            }
            let status = command
                .arg("--dbname")
                .arg(&url)
                .arg(from)
                .status()
                .await
                .context("running pg_restore (PostgreSQL's client tools must be installed)")?;
            ensure!(
                status.success(),
                "pg_restore failed ({status}); nothing was restored"
            );
        }
    }
    Ok(())
}

/// The name a file is written under until it is whole.
fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".partial-{}", uuid::Uuid::new_v4().simple()));
    PathBuf::from(name)
}

async fn read_head(from: &Path) -> anyhow::Result<Vec<u8>> {
    use tokio::io::AsyncReadExt;
    let mut file = tokio::fs::File::open(from)
        .await
        .with_context(|| format!("opening {}", from.display()))?;
    let mut head = vec![0; SQLITE_MAGIC.len()];
    let read = file.read(&mut head).await?;
    head.truncate(read);
    Ok(head)
}

/// Whether the database at `database_url` has any table of its own yet.
async fn holds_tables(database_url: &str) -> anyhow::Result<bool> {
    let db = Database::connect(database_url)
        .await
        .context("connecting to the database to restore into")?;
    let sql = match db.get_database_backend() {
        DatabaseBackend::Sqlite => {
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%'"
        }
        _ => {
            "SELECT COUNT(*) AS n FROM information_schema.tables \
             WHERE table_schema = current_schema()"
        }
    };
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql,
        ))
        .await?
        .context("counting the database's tables")?;
    let tables: i64 = row.try_get("", "n")?;
    db.close().await.ok();
    Ok(tables > 0)
}

/// A restored SQLite file must be whole and be this application's database.
async fn check_sqlite_copy(path: &Path) -> anyhow::Result<()> {
    let url = format!("sqlite://{}?mode=ro", path.display());
    let db = Database::connect(url.as_str())
        .await
        .context("opening the backup")?;
    let backend = db.get_database_backend();
    let integrity = db
        .query_one_raw(sea_orm::Statement::from_string(
            backend,
            "PRAGMA integrity_check",
        ))
        .await?
        .context("checking the backup's integrity")?;
    let verdict: String = integrity.try_get_by_index(0)?;
    ensure!(verdict == "ok", "the backup is damaged: {verdict}");
    let migrations = db
        .query_one_raw(sea_orm::Statement::from_string(
            backend,
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'seaql_migrations'",
        ))
        .await?
        .context("looking for the backup's migrations")?;
    let found: i64 = migrations.try_get("", "n")?;
    db.close().await.ok();
    ensure!(
        found == 1,
        "the file is a SQLite database, but not a Khuyến học one"
    );
    Ok(())
}

/// A backup leaves out documents still in the data folder: say so, and what to run.
async fn warn_of_evidence_on_disk(db: &DatabaseConnection) -> anyhow::Result<()> {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            backend,
            "SELECT COUNT(*) AS n FROM evidence e WHERE NOT EXISTS \
             (SELECT 1 FROM evidence_content c WHERE c.sha256 = e.sha256)",
        ))
        .await?
        .context("counting documents kept outside the database")?;
    let outside: i64 = row.try_get("", "n")?;
    if outside > 0 {
        tracing::warn!(
            documents = outside,
            "some documents are still in the data folder and are not in this backup: run \
             `khuyenhoc move-evidence` first"
        );
    }
    Ok(())
}
