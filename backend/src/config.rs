//! Settings of a server process, from flags and environment variables.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use crate::clock::Clock;

/// How a process is configured. Every setting has a flag and an environment variable; the
/// defaults run the demo on this machine with nothing to install.
#[derive(Debug, Clone, clap::Args)]
pub struct Settings {
    /// Where the server keeps its files: the default SQLite database (and documents uploaded
    /// by earlier builds, before they moved into the database).
    /// Created on first run.
    #[arg(long, env = "KH_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// The database, e.g. `postgres://user@127.0.0.1/khuyenhoc` or `sqlite://file.db?mode=rwc`.
    /// Default: a SQLite file in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// The address to listen on. Port 0 picks a free port.
    #[arg(long, env = "KH_BIND", default_value = "127.0.0.1:8080", global = true)]
    pub bind: SocketAddr,

    /// The built SPA (index.html, the wasm and its JS glue).
    #[arg(
        long,
        env = "KH_WEB_DIR",
        default_value = "frontend/dist",
        global = true
    )]
    pub web_dir: PathBuf,

    /// Log filter in `tracing` syntax, e.g. `info` or `backend=debug,info`.
    #[arg(long, env = "KH_LOG", default_value = "info", global = true)]
    pub log: String,

    /// Production mode: no GraphiQL, no introspection, no field suggestions.
    #[arg(long, env = "KH_PRODUCTION", global = true)]
    pub production: bool,

    /// A session ends after this many seconds without a request.
    #[arg(long, env = "KH_SESSION_IDLE_SECS", default_value_t = 2 * 60 * 60, global = true)]
    pub session_idle_secs: u64,

    /// A session ends this many seconds after sign-in, however active.
    #[arg(long, env = "KH_SESSION_MAX_SECS", default_value_t = 7 * 24 * 60 * 60, global = true)]
    pub session_max_secs: u64,

    /// The window, in seconds, over which failed sign-ins are counted.
    #[arg(long, env = "KH_SIGN_IN_WINDOW_SECS", default_value_t = 15 * 60, global = true)]
    pub sign_in_window_secs: u64,

    /// Failed sign-ins for one login within the window before further attempts are refused.
    #[arg(
        long,
        env = "KH_SIGN_IN_MAX_FAILURES",
        default_value_t = 5,
        global = true
    )]
    pub sign_in_max_failures: u64,

    /// Failed sign-ins from one address within the window before it is refused (higher: a
    /// school or an office shares one address).
    #[arg(
        long,
        env = "KH_SIGN_IN_MAX_FAILURES_PER_ADDRESS",
        default_value_t = 50,
        global = true
    )]
    pub sign_in_max_failures_per_address: u64,

    /// Pledges one address may make in an hour (a school or an office shares one address).
    #[arg(
        long,
        env = "KH_PLEDGES_PER_HOUR_PER_ADDRESS",
        default_value_t = 20,
        global = true
    )]
    pub pledges_per_hour_per_address: u64,

    /// Serve `GET /metrics` (Prometheus text: SQL statements sent so far), for the benchmark
    /// and for monitoring inside the operator's network. Off by default.
    #[arg(long, env = "KH_METRICS", global = true)]
    pub metrics: bool,

    /// Longest a request may take before it is cut off, in seconds.
    #[arg(long, env = "KH_REQUEST_TIMEOUT", default_value_t = 30, global = true)]
    pub request_timeout_secs: u64,

    /// The clock sessions and sign-in limits go by: the system's, unless a test or an embedder
    /// sets an adjustable one.
    #[arg(skip)]
    pub clock: Clock,
}

impl Settings {
    /// The database to use: `DATABASE_URL`, or the SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("khuyenhoc.db").display()
            )
        })
    }

    /// Where documents uploaded before their bytes moved into the database were kept.
    pub fn evidence_dir(&self) -> PathBuf {
        self.data_dir.join("evidence")
    }

    /// The session and sign-in rules these settings describe.
    pub fn access_policy(&self) -> AccessPolicy {
        AccessPolicy {
            session_idle: Duration::from_secs(self.session_idle_secs),
            session_max: Duration::from_secs(self.session_max_secs),
            sign_in_window: Duration::from_secs(self.sign_in_window_secs),
            sign_in_max_failures: self.sign_in_max_failures,
            sign_in_max_failures_per_address: self.sign_in_max_failures_per_address,
            secure_cookies: self.production,
            clock: self.clock.clone(),
        }
    }

    /// How pledges are limited.
    pub fn pledge_policy(&self) -> crate::service::pledge::PledgePolicy {
        crate::service::pledge::PledgePolicy {
            per_hour_per_address: self.pledges_per_hour_per_address,
            clock: self.clock.clone(),
        }
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    /// Settings for a server on a free port with the given database, the defaults otherwise:
    /// what tests and embedders start from.
    pub fn with_database(database_url: impl Into<String>) -> Self {
        use clap::Parser;
        #[derive(clap::Parser)]
        struct Defaults {
            #[command(flatten)]
            settings: Settings,
        }
        // Parsing an empty command line yields exactly the documented defaults, so they are
        // written down once (in the attributes above). Environment variables still apply,
        // which is what a test run configured from outside wants.
        let mut settings = Defaults::parse_from(["khuyenhoc"]).settings;
        settings.database_url = Some(database_url.into());
        settings.bind = SocketAddr::from(([127, 0, 0, 1], 0));
        settings
    }
}

/// How sessions and sign-ins are limited.
#[derive(Debug, Clone)]
pub struct AccessPolicy {
    pub session_idle: Duration,
    pub session_max: Duration,
    pub sign_in_window: Duration,
    pub sign_in_max_failures: u64,
    pub sign_in_max_failures_per_address: u64,
    /// Mark the session cookie `Secure` (production runs behind HTTPS).
    pub secure_cookies: bool,
    /// The time sessions expire and sign-in windows pass by.
    pub clock: Clock,
}
