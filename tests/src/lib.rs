//! Helpers for the end-to-end tests: a real server on port 0 with its own fresh database
//! (SQLite or PostgreSQL, dropped afterwards), an HTTP GraphQL client, and headless Chromium.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test support: failing loudly is the point

pub mod awarding;
pub mod browser;
mod client;
pub mod questions;

pub use client::{Client, Session, key, today};

use std::{
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use backend::{Application, Settings};
use sea_orm::{ConnectionTrait, Database};
use serde_json::Value;
use tokio::{sync::oneshot, task::JoinHandle};

/// The repository's top folder.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A database that exists for one test only, dropped with it.
pub enum TestDatabase {
    Sqlite { _dir: tempfile::TempDir },
    Postgres { admin_url: String, name: String },
}

impl TestDatabase {
    /// A fresh, empty database and its URL; `None` when PostgreSQL is unreachable outside
    /// CI (in CI a missing PostgreSQL fails the test instead).
    pub async fn create(engine: Engine) -> Option<(Self, String)> {
        Self::create_from(engine, None).await
    }

    /// A fresh database, migrated and seeded as the server and `seeds/` would make it, and
    /// its URL: a copy of one made once per test process and engine (a copy takes a few
    /// milliseconds where migrating and seeding take a second on PostgreSQL).
    pub async fn create_seeded(engine: Engine) -> Option<(Self, String)> {
        let template = match engine {
            Engine::Sqlite => SEEDED_SQLITE.get_or_init(seeded_sqlite).await,
            Engine::Postgres => SEEDED_POSTGRES.get_or_init(seeded_postgres).await,
        };
        Self::create_from(engine, Some(template.as_ref()?)).await
    }

    /// A database copied from `template` (a SQLite file, a PostgreSQL database's name), or an
    /// empty one.
    async fn create_from(engine: Engine, template: Option<&str>) -> Option<(Self, String)> {
        match engine {
            Engine::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary folder");
                let file = dir.path().join("test.db");
                if let Some(template) = template {
                    std::fs::copy(template, &file).expect("copy the seeded database");
                }
                let url = format!("sqlite://{}?mode=rwc", file.display());
                Some((Self::Sqlite { _dir: dir }, url))
            }
            Engine::Postgres => {
                let admin_url = postgres_admin_url();
                let admin = match Database::connect(admin_url.as_str()).await {
                    Ok(admin) => admin,
                    Err(error) if std::env::var("CI").as_deref() == Ok("true") => {
                        panic!("PostgreSQL at {admin_url} is required in CI: {error}")
                    }
                    Err(error) => {
                        eprintln!("SKIPPED: PostgreSQL at {admin_url} is unreachable ({error})");
                        return None;
                    }
                };
                let name = format!("kh_test_{}", uuid::Uuid::new_v4().simple());
                let from = template.map_or(String::new(), |t| format!(" TEMPLATE {t}"));
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}{from}"))
                    .await
                    .expect("create the test database");
                // A test's database is thrown away after it: its commits need not wait for
                // the disk (a crash loses the last few, never leaves them half-written).
                admin
                    .execute_unprepared(&format!(
                        "ALTER DATABASE {name} SET synchronous_commit TO off"
                    ))
                    .await
                    .expect("set the test database's commits");
                admin.close().await.ok();
                let base = admin_url
                    .rsplit_once('/')
                    .map_or(admin_url.as_str(), |(base, _)| base);
                let url = format!("{base}/{name}");
                Some((Self::Postgres { admin_url, name }, url))
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Self::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs outside any runtime we may block, so the cleanup gets its own thread.
            let cleanup = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                runtime.block_on(async {
                    if let Ok(admin) = Database::connect(admin_url.as_str()).await {
                        let _ = admin
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            ))
                            .await;
                        admin.close().await.ok();
                    }
                });
            });
            let _ = cleanup.join();
        }
    }
}

/// The seeded SQLite file the seeded tests' databases are copied from.
static SEEDED_SQLITE: tokio::sync::OnceCell<Option<String>> = tokio::sync::OnceCell::const_new();
/// The seeded PostgreSQL database the seeded tests' databases are copied from.
static SEEDED_POSTGRES: tokio::sync::OnceCell<Option<String>> = tokio::sync::OnceCell::const_new();

/// Migrates and seeds the database at `url` as a seeded server's would be, and closes it.
async fn migrate_and_seed(url: &str) {
    let db = backend::db::connect(url)
        .await
        .expect("connect to the template");
    backend::db::migrate(&db)
        .await
        .expect("migrate the template");
    backend::seed::load(&db, &repo_root().join("seeds"))
        .await
        .expect("the seeds load");
    if url.starts_with("sqlite:") {
        // Everything into the main file, which is what gets copied.
        db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
            .await
            .expect("checkpoint the template");
    }
    db.close().await.expect("close the template");
}

/// Whether the test process `pid` (the one a template is named after) may still be running:
/// where there is no `/proc` to tell, it may.
fn running(pid: &str) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid).exists()
}

/// This process's seeded SQLite file, under `target/` (the ones of processes that have
/// ended are removed).
async fn seeded_sqlite() -> Option<String> {
    let folder = repo_root().join("target").join("seeded-databases");
    std::fs::create_dir_all(&folder).expect("a folder for the seeded databases");
    for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name.split(['-', '.']).nth(1).unwrap_or_default();
        if !running(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    let file = folder.join(format!("seeded-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&file);
    migrate_and_seed(&format!("sqlite://{}?mode=rwc", file.display())).await;
    Some(file.display().to_string())
}

/// This process's seeded PostgreSQL database (those of processes that have ended are
/// dropped); `None` when PostgreSQL is unreachable outside CI.
async fn seeded_postgres() -> Option<String> {
    let admin_url = postgres_admin_url();
    let admin = match Database::connect(admin_url.as_str()).await {
        Ok(admin) => admin,
        Err(error) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("PostgreSQL at {admin_url} is required in CI: {error}")
        }
        Err(_) => return None,
    };
    let stale = admin
        .query_all_raw(sea_orm::Statement::from_string(
            admin.get_database_backend(),
            "SELECT datname FROM pg_database WHERE datname LIKE 'kh\\_seeded\\_%'",
        ))
        .await
        .expect("list the seeded databases");
    for row in stale {
        let name: String = row.try_get("", "datname").expect("a database's name");
        if !running(name.trim_start_matches("kh_seeded_")) {
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await;
        }
    }
    let name = format!("kh_seeded_{}", std::process::id());
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .expect("drop an earlier template");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create the template");
    admin.close().await.ok();
    let base = admin_url
        .rsplit_once('/')
        .map_or(admin_url.as_str(), |(base, _)| base);
    migrate_and_seed(&format!("{base}/{name}")).await;
    Some(name)
}

/// Where the tests find PostgreSQL: `KH_TEST_POSTGRES_URL`, or the local server.
pub fn postgres_admin_url() -> String {
    std::env::var("KH_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// How a test's server is set up.
#[derive(Debug, Clone, Default)]
pub struct AppOptions {
    /// Load `seeds/` before serving.
    pub seeded: bool,
    /// Serve this folder as the web app; default: a small stand-in so that API tests do not
    /// depend on the wasm build.
    pub web_dir: Option<PathBuf>,
    pub production: bool,
    /// Adjusts the server's settings (short session or throttling windows, say).
    pub configure: Option<fn(&mut Settings)>,
}

/// A running server with its own database, stopped and cleaned up when dropped.
pub struct TestApp {
    pub client: Client,
    pub engine: Engine,
    database_url: String,
    settings: Settings,
    statements: backend::db::StatementCount,
    _server: Running,
    _web_dir: Option<tempfile::TempDir>,
    /// Evidence files and anything else the server keeps on disk.
    data_dir: tempfile::TempDir,
    // Declared last: dropped after the server has been told to stop.
    _database: TestDatabase,
}

impl TestApp {
    /// A server on `engine`, or `None` when that engine is not available here (PostgreSQL
    /// outside CI). In CI a missing PostgreSQL fails the test instead.
    pub async fn spawn(engine: Engine, options: AppOptions) -> Option<Self> {
        let (database, database_url) = if options.seeded {
            TestDatabase::create_seeded(engine).await?
        } else {
            TestDatabase::create(engine).await?
        };
        let (web_dir, web_dir_guard) = match options.web_dir {
            Some(dir) => (dir, None),
            None => {
                let dir = stand_in_web_dir();
                (dir.path().to_path_buf(), Some(dir))
            }
        };
        let data_dir = tempfile::tempdir().expect("a temporary data folder");
        let mut settings = Settings::with_database(database_url.clone());
        settings.web_dir = web_dir;
        settings.data_dir = data_dir.path().to_path_buf();
        settings.production = options.production;
        settings.clock = backend::clock::Clock::adjustable();
        if let Some(configure) = options.configure {
            configure(&mut settings);
        }
        let app = Application::build(&settings)
            .await
            .expect("the server starts");
        let statements = app.statements();
        let (address, server) = serve(app);
        Some(Self {
            client: Client::new(address),
            engine,
            database_url,
            settings,
            statements,
            _server: server,
            _web_dir: web_dir_guard,
            data_dir,
            _database: database,
        })
    }

    /// How many SQL statements the server has sent so far: what a test of the statement
    /// budget reads before and after one request (asked one at a time).
    pub fn statements_sent(&self) -> u64 {
        self.statements.get()
    }

    /// A second server process on the same database, as behind a load balancer.
    pub async fn sibling(&self) -> Sibling {
        let mut settings = self.settings.clone();
        settings.bind = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
        let app = Application::build(&settings)
            .await
            .expect("the second server starts");
        let (address, server) = serve(app);
        Sibling {
            client: self.client.at(address),
            _server: server,
        }
    }

    /// A connection of its own to the server's database, for what only an operator's command
    /// does (loading the demo's story, say).
    pub async fn database(&self) -> sea_orm::DatabaseConnection {
        Database::connect(self.database_url.as_str()).await.unwrap()
    }

    /// The server's clock, which a test moves forward instead of waiting for time to pass.
    pub fn clock(&self) -> &backend::clock::Clock {
        &self.settings.clock
    }

    /// Where this server keeps what it keeps on disk (`KH_DATA_DIR`).
    pub fn data_dir(&self) -> &Path {
        self.data_dir.path()
    }

    /// Runs an operator's command, `khuyenhoc <args>`, on this server's database and data
    /// folder, as the real binary.
    pub async fn command(&self, args: &[&str]) -> CommandOutput {
        run_khuyenhoc(&self.database_url, self.data_dir(), args).await
    }

    /// Drops the PostgreSQL database from under the running server, as an outage would.
    pub async fn lose_the_database(&self) {
        assert_eq!(
            self.engine,
            Engine::Postgres,
            "only a PostgreSQL database can be dropped from under the server"
        );
        let name = self.database_url.rsplit('/').next().unwrap().to_owned();
        let admin = Database::connect(postgres_admin_url().as_str())
            .await
            .unwrap();
        admin
            .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
            .await
            .unwrap();
        admin.close().await.unwrap();
    }

    pub fn database_url(&self) -> &str {
        &self.database_url
    }
}

/// A small PDF to upload as a learner's transcript; deleted when dropped.
pub fn transcript_pdf() -> tempfile::NamedTempFile {
    let file = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    std::fs::write(file.path(), b"%PDF-1.4\n% hoc ba\n").unwrap();
    file
}

/// The password of every account the tests make.
pub const PASSWORD: &str = "hoc-tap-suot-doi";

impl TestApp {
    /// A seeded server that serves the real, built web app (for the browser tests); `None`
    /// when `engine` is unavailable here.
    pub async fn with_web_app(engine: Engine) -> Option<Self> {
        let options = AppOptions {
            seeded: true,
            web_dir: Some(built_web_dir()),
            ..Default::default()
        };
        Self::spawn(engine, options).await
    }
}

impl TestApp {
    /// A session of `city@example.vn`, administrator of the root, bootstrapped as the
    /// `create-admin` command does it.
    pub async fn city_admin(&self) -> String {
        let db = Database::connect(self.database_url()).await.unwrap();
        backend::service::access::create_admin(
            &db,
            "city@example.vn",
            "Quản trị thành phố",
            Some(PASSWORD),
            None,
        )
        .await
        .unwrap();
        db.close().await.unwrap();
        self.sign_in("city@example.vn").await
    }
}

/// The `khuyenhoc` binary, as `cargo test` built it next to the test executables.
pub fn server_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test's own path");
    // target/<profile>/deps/<test> → target/<profile>/khuyenhoc
    let binary = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test runs from target/<profile>/deps")
        .join(format!("khuyenhoc{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.exists(),
        "{} is missing: `cargo test --workspace` builds it (or run `cargo build --bin khuyenhoc`)",
        binary.display()
    );
    binary
}

/// A `khuyenhoc serve` process on a test's database: a second server behind the same
/// load balancer, in its own process with its own connection pool. Killed when dropped.
pub struct ServerProcess {
    pub client: Client,
    child: std::process::Child,
    /// Its own data folder, deleted once the process is stopped.
    _data_dir: tempfile::TempDir,
}

impl TestApp {
    /// Starts the real binary on this test's database and waits until it answers.
    pub async fn second_process(&self) -> ServerProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let data_dir = tempfile::tempdir().expect("a data folder for the second process");
        let child = std::process::Command::new(server_binary())
            .env("DATABASE_URL", &self.database_url)
            .env("KH_BIND", format!("127.0.0.1:{port}"))
            .env("KH_DATA_DIR", data_dir.path())
            // Errors only: under deliberate overload the pool warns of slow acquisitions.
            .env("KH_LOG", "error")
            .env_remove("KH_PRODUCTION")
            .arg("serve")
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("the server binary starts");
        let process = ServerProcess {
            client: self.client.at(format!("http://127.0.0.1:{port}")),
            child,
            _data_dir: data_dir,
        };
        let health = format!("{}/healthz", process.address);
        eventually(
            "the second process to answer",
            Duration::from_secs(60),
            || {
                let health = health.clone();
                let http = self.http.clone();
                async move {
                    let response = http.get(&health).send().await.ok()?;
                    response.status().is_success().then_some(())
                }
            },
        )
        .await;
        process
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What an operator's command did.
#[derive(Debug)]
pub struct CommandOutput {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `khuyenhoc <args>` on the database at `database_url` with `data_dir` as its data
/// folder: the real binary, as an operator runs it. At most two minutes.
pub async fn run_khuyenhoc(database_url: &str, data_dir: &Path, args: &[&str]) -> CommandOutput {
    let run = tokio::process::Command::new(server_binary())
        .env("DATABASE_URL", database_url)
        .env("KH_DATA_DIR", data_dir)
        .env("KH_LOG", "warn")
        .env_remove("KH_PRODUCTION")
        .args(args)
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(120), run)
        .await
        .unwrap_or_else(|_| panic!("khuyenhoc {args:?} took over two minutes"))
        .expect("the khuyenhoc binary runs");
    CommandOutput {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Another server in the test's process, on the same database.
pub struct Sibling {
    pub client: Client,
    _server: Running,
}

macro_rules! a_client {
    ($($server:ty),*) => {$(
        /// A server is used as a client of itself.
        impl std::ops::Deref for $server {
            type Target = Client;

            fn deref(&self) -> &Client {
                &self.client
            }
        }
    )*};
}

a_client!(TestApp, Sibling, ServerProcess);

/// A server task, told to stop (and aborted, in case it lingers) when dropped.
struct Running {
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.task.abort();
    }
}

fn serve(app: Application) -> (String, Running) {
    let address = format!("http://{}", app.address());
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));
    (
        address,
        Running {
            stop: Some(stop),
            task,
        },
    )
}

/// How many migrations, from `name` on, to undo so that `name` is applied again by the next
/// `up` (with the data written before it).
pub fn migrations_since(name: &str) -> u32 {
    use migration::MigratorTrait as _;
    let all = migration::Migrator::migrations();
    let at = all
        .iter()
        .position(|m| m.name() == name)
        .unwrap_or_else(|| panic!("no migration {name}"));
    u32::try_from(all.len() - at).unwrap()
}

/// The web app as `scripts/build-frontend.sh` built it (`scripts/test.sh` builds it first).
pub fn built_web_dir() -> PathBuf {
    let web_dir = repo_root().join("frontend/dist");
    assert!(
        web_dir.join("index.html").exists(),
        "the web app is not built: run scripts/build-frontend.sh (scripts/test.sh does)"
    );
    web_dir
}

/// A web folder with just enough in it to test how files are served.
fn stand_in_web_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>Khuyến học</title><p>stand-in</p>",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("pkg")).unwrap();
    // Big and repetitive enough to be worth compressing.
    let wasm: Vec<u8> = b"\0asm\x01\0\0\0"
        .iter()
        .copied()
        .chain(std::iter::repeat_n(0u8, 4096))
        .collect();
    std::fs::write(dir.path().join("pkg/frontend_bg.wasm"), wasm).unwrap();
    dir
}

/// The `extensions.code` of the first error of a GraphQL response.
pub fn first_error_code(response: &Value) -> Option<&str> {
    response["errors"][0]["extensions"]["code"].as_str()
}

/// Polls `check` until it returns `Some`, or panics after `limit` saying what was awaited.
pub async fn eventually<T, F, Fut>(what: &str, limit: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + limit;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {limit:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Declares a test that runs once on SQLite and once on PostgreSQL, each with its own server
/// and fresh database: `mod <name> { on_sqlite, on_postgres }` in the test output.
#[macro_export]
macro_rules! on_every_database {
    ($(#[doc = $doc:literal])* async fn $name:ident($app:ident) $body:block) => {
        $(#[doc = $doc])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn scenario($app: $crate::TestApp) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_sqlite() {
                let app = $crate::TestApp::spawn($crate::Engine::Sqlite, $crate::AppOptions { seeded: true, ..Default::default() })
                    .await
                    .expect("SQLite is always available");
                scenario(app).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_postgres() {
                if let Some(app) = $crate::TestApp::spawn($crate::Engine::Postgres, $crate::AppOptions { seeded: true, ..Default::default() }).await {
                    scenario(app).await;
                }
            }
        }
    };
}
