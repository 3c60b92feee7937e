//! Backups: `khuyenhoc backup --out FILE` and `khuyenhoc restore --from FILE`.
//!
//! - SQLite: `VACUUM INTO` writes a consistent copy of the database while the server keeps
//!   serving (it reads inside one transaction; writers go on). Restoring checks the copy and
//!   moves it into place in one rename, with the server stopped.
//! - PostgreSQL: `pg_dump --format=custom` (a consistent snapshot, taken while the server
//!   serves), restored with `pg_restore --single-transaction`: all of it or nothing. Both come
//!   with PostgreSQL's client tools, which must be on the `PATH` (the major version of the
//!   server or newer). `--replace` drops the schema and restores into a new one in the same
//!   transaction (through `psql --single-transaction`).
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
    if database_url.starts_with("sqlite:") {
        let path = crate::db::sqlite_file(database_url)
            .context("an in-memory SQLite database has nothing to back up or restore into")?;
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
            // Written under another name and renamed once whole: a copy cut short never
            // looks like a backup.
            let partial = partial_path(out);
            let quoted = partial
                .to_str()
                .context("the backup's path is not valid UTF-8")?
                .replace('\'', "''");
            if let Err(error) = db
                .execute_unprepared(&format!("VACUUM INTO '{quoted}'"))
                .await
            {
                let _ = tokio::fs::remove_file(&partial).await;
                return Err(error)
                    .with_context(|| format!("copying the database into {}", out.display()));
            }
            tokio::fs::rename(&partial, out)
                .await
                .with_context(|| format!("naming the backup {}", out.display()))?;
        }
        Target::Postgres(url) => {
            let partial = partial_path(out);
            let status = pg_tool("pg_dump", &url)
                .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
                .arg(&partial)
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
/// running server would go on with what it had; on SQLite the restore refuses while one
/// has the file open for writing). Nothing changes unless the whole backup restores; a
/// replaced SQLite file is kept beside it as `<file>.before-restore-<time>`.
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
            // Checked as a copy next to the database, on disk, then moved into place.
            let incoming = partial_path(&path);
            tokio::fs::copy(from, &incoming)
                .await
                .with_context(|| format!("copying {} to {}", from.display(), incoming.display()))?;
            let checked = async {
                check_sqlite_copy(&incoming).await?;
                tokio::fs::File::open(&incoming).await?.sync_all().await?;
                anyhow::Ok(())
            };
            if let Err(error) = checked.await {
                let _ = tokio::fs::remove_file(&incoming).await;
                return Err(error);
            }
            if tokio::fs::try_exists(&path).await?
                && let Err(error) = set_aside(database_url, &path).await
            {
                let _ = tokio::fs::remove_file(&incoming).await;
                return Err(error);
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
            if replace {
                replace_postgres(&url, from).await?;
            } else {
                let status = pg_tool("pg_restore", &url)
                    .args([
                        "--single-transaction",
                        "--no-owner",
                        "--no-privileges",
                        "--exit-on-error",
                    ])
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
    }
    Ok(())
}

/// PostgreSQL's tool `program` aimed at the database at `url`. The password goes in the
/// environment (`PGPASSWORD`), not on the command line, where any local user could read it.
fn pg_tool(program: &str, url: &str) -> tokio::process::Command {
    let (url, password) = without_password(url);
    let mut command = tokio::process::Command::new(program);
    command.arg("--dbname").arg(url);
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    command
}

/// A PostgreSQL URL without its password, and the password (percent-decoded).
fn without_password(url: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = url.split_once("://") else {
        return (url.to_owned(), None);
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let Some((credentials, host)) = authority.rsplit_once('@') else {
        return (url.to_owned(), None);
    };
    let Some((user, password)) = credentials.split_once(':') else {
        return (url.to_owned(), None);
    };
    (
        format!("{scheme}://{user}@{host}{tail}"),
        Some(percent_decoded(password)),
    )
}

fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Replaces everything a PostgreSQL database holds with the backup, in one transaction: the
/// schema is dropped and made anew (so nothing a newer migration added survives beside the
/// backup's tables), then the backup's statements run, all through `psql --single-transaction`;
/// any error rolls it all back.
async fn replace_postgres(url: &str, from: &Path) -> anyhow::Result<()> {
    use std::process::Stdio;
    use tokio::io::AsyncWriteExt;
    let mut script = tokio::process::Command::new("pg_restore")
        .args(["--no-owner", "--no-privileges", "--file=-"])
        .arg(from)
        .stdout(Stdio::piped())
        .spawn()
        .context("running pg_restore (PostgreSQL's client tools must be installed)")?;
    let mut apply = pg_tool("psql", url)
        .args([
            "--quiet",
            "--no-psqlrc",
            "--single-transaction",
            "-v",
            "ON_ERROR_STOP=1",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .context("running psql (PostgreSQL's client tools must be installed)")?;
    let mut input = apply.stdin.take().context("psql's input")?;
    let mut output = script.stdout.take().context("pg_restore's output")?;
    input
        .write_all(b"DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n")
        .await?;
    // A write error means psql stopped early; its status below says why.
    let _ = tokio::io::copy(&mut output, &mut input).await;
    drop(input);
    let (listed, applied) = (script.wait().await?, apply.wait().await?);
    ensure!(
        listed.success(),
        "pg_restore could not read the backup ({listed}); nothing was restored"
    );
    ensure!(
        applied.success(),
        "restoring failed ({applied}); nothing was restored"
    );
    Ok(())
}

/// Moves the SQLite database at `path` (and its `-wal` and `-shm` files) aside, to
/// `<path>.before-restore-<time>`, once no other connection has it open: one connection
/// takes the file for itself (exclusive locking mode, which every other connection's shared
/// lock refuses), folds the write-ahead log into it, and lets go. A server still running
/// makes this refuse.
async fn set_aside(database_url: &str, path: &Path) -> anyhow::Result<()> {
    let mut options = sea_orm::ConnectOptions::new(database_url);
    options
        .max_connections(1)
        .min_connections(1)
        .sqlx_logging(false);
    let db = Database::connect(options)
        .await
        .context("opening the database to replace")?;
    let taken = async {
        for statement in [
            "PRAGMA locking_mode = EXCLUSIVE",
            "BEGIN EXCLUSIVE",
            "COMMIT",
            "PRAGMA wal_checkpoint(TRUNCATE)",
        ] {
            db.execute_unprepared(statement).await?;
        }
        anyhow::Ok(())
    };
    let outcome = taken.await;
    db.close().await.ok();
    outcome.with_context(|| {
        format!(
            "{} is in use: stop the server before restoring over its database",
            path.display()
        )
    })?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
    for suffix in ["", "-wal", "-shm"] {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        let side = PathBuf::from(side);
        if tokio::fs::try_exists(&side).await? {
            let mut aside = side.as_os_str().to_owned();
            aside.push(format!(".before-restore-{stamp}"));
            tokio::fs::rename(&side, PathBuf::from(aside))
                .await
                .with_context(|| format!("moving {} aside", side.display()))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url_for_the_environment() {
        assert_eq!(
            without_password("postgres://kh:s%40cret:x@db.local:5432/khuyenhoc?sslmode=require"),
            (
                "postgres://kh@db.local:5432/khuyenhoc?sslmode=require".to_owned(),
                Some("s@cret:x".to_owned())
            )
        );
        assert_eq!(
            without_password("postgres://postgres@127.0.0.1:5432/kh"),
            ("postgres://postgres@127.0.0.1:5432/kh".to_owned(), None)
        );
    }
}
