//! The command line: `serve` (the default), `migrate`, `seed`, `create-admin`,
//! `seed-scale`, `verify-ledger`, `move-evidence`, `backup`, `restore`, `export-schema`.

use std::{path::PathBuf, process::ExitCode};

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::{
    Application,
    config::Settings,
    db, graphql, seed,
    service::{access, evidence_content, ledger},
    telemetry,
};

#[derive(Debug, Parser)]
#[command(
    name = "khuyenhoc",
    version,
    about = "Khuyến học: learning-promotion funds and awards"
)]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply migrations and serve the API and the web app (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate {
        /// Instead, undo the newest N migrations (for comparing with an older build on the
        /// same data, as `scripts/bench.sh` does; it drops what they added).
        #[arg(long)]
        down: Option<u32>,
    },
    /// Apply migrations, then load demo and reference data (idempotent).
    Seed {
        /// The folder holding the seed files.
        #[arg(long, default_value = "seeds")]
        dir: PathBuf,
    },
    /// Load the demo's story (staff and a guardian of Bát Tràng, donations, a scholarship
    /// program with applications at every stage) after `seed`. Idempotent. Every demo
    /// account's password is read from `KH_DEMO_PASSWORD`.
    SeedDemo,
    /// Fill the database with a city's worth of data for benchmarks (after `seed`): communes,
    /// chapters, staff, guardians, learners, programs with applications in every state,
    /// reviews, awards and a ledger `verify-ledger` agrees with. Every account's password is
    /// `KH_SCALE_PASSWORD` (default `khuyenhoc-scale`). Writes what the benchmark needs to
    /// find its way as JSON.
    SeedScale {
        #[command(flatten)]
        sizes: crate::scale::Sizes,
        /// Where to write the manifest (ids and logins).
        #[arg(long)]
        manifest: PathBuf,
    },
    /// Create the first administrator (or make an existing account one) of an organisation.
    /// The password is read from `KH_ADMIN_PASSWORD`, so it never appears in the shell history.
    CreateAdmin {
        /// Email address or Vietnamese mobile number to sign in with.
        #[arg(long)]
        login: String,
        /// The name shown to others (for a new account).
        #[arg(long, default_value = "Quản trị viên")]
        name: String,
        /// The organisation to administer; default: the root of the tree.
        #[arg(long)]
        organization_id: Option<i64>,
    },
    /// Recompute every fund's balances from the ledger's entries and check every transaction
    /// balances. Prints the findings as JSON; exits with status 1 when anything is wrong.
    VerifyLedger,
    /// Move the bytes of documents uploaded before they were kept in the database from the
    /// data folder into the database, checking each against its SHA-256. Safe to run again
    /// and while the server runs; the files are left for you to delete. Prints what it did
    /// as JSON; exits with status 1 when a file is missing or does not match.
    MoveEvidence,
    /// Write a consistent copy of the database to a new file while the server keeps serving
    /// (SQLite: `VACUUM INTO`; PostgreSQL: `pg_dump --format=custom`, which must be on the
    /// PATH).
    Backup {
        /// The backup file to write; it must not exist yet.
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup into the configured database, with the server stopped. The database
    /// must be empty unless `--replace` is given; nothing changes unless all of it restores.
    Restore {
        /// The backup file, as `backup` wrote it.
        #[arg(long)]
        from: PathBuf,
        /// Replace what the database holds.
        #[arg(long)]
        replace: bool,
    },
    /// Print the GraphQL schema (SDL), or write it to a file.
    ExportSchema {
        /// Write here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

pub fn main(cli: Cli) -> ExitCode {
    telemetry::init(&cli.settings.log);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            tracing::error!(%error, "cannot start the async runtime");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = cli.settings;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            Application::build(&settings)
                .await?
                .run_until_stopped()
                .await?
        }
        Command::Migrate { down } => {
            let db = db::connect(&settings.database_url())
                .await
                .context("connecting to the database")?;
            match down {
                None => {
                    db::migrate(&db).await.context("migrating the database")?;
                    tracing::info!("migrations applied");
                }
                Some(steps) => {
                    use migration::MigratorTrait as _;
                    migration::Migrator::down(&db, Some(steps))
                        .await
                        .context("undoing migrations")?;
                    tracing::info!(steps, "migrations undone");
                }
            }
        }
        Command::Seed { dir } => {
            let db = db::connect(&settings.database_url())
                .await
                .context("connecting to the database")?;
            db::migrate(&db).await.context("migrating the database")?;
            let report = seed::load(&db, &dir).await?;
            tracing::info!(
                created = report.organizations_created,
                kept = report.organizations_kept,
                funds = report.funds_created,
                "organizations and funds seeded"
            );
        }
        Command::SeedDemo => {
            let db = db::connect(&settings.database_url())
                .await
                .context("connecting to the database")?;
            db::migrate(&db).await.context("migrating the database")?;
            let password = std::env::var("KH_DEMO_PASSWORD")
                .context("KH_DEMO_PASSWORD holds the demo accounts' password")?;
            match crate::demo::load(&db, &password).await? {
                crate::demo::Story::Created { program_id } => {
                    tracing::info!(program = program_id, "demo story loaded");
                }
                crate::demo::Story::AlreadyThere => tracing::info!("demo story already there"),
            }
        }
        Command::SeedScale { sizes, manifest } => {
            let db = db::connect(&settings.database_url())
                .await
                .context("connecting to the database")?;
            db::migrate(&db).await.context("migrating the database")?;
            let password =
                std::env::var("KH_SCALE_PASSWORD").unwrap_or_else(|_| "khuyenhoc-scale".into());
            let started = std::time::Instant::now();
            let written = crate::scale::load(&db, &sizes, &password).await?;
            std::fs::write(&manifest, serde_json::to_string_pretty(&written)?)
                .with_context(|| format!("writing {}", manifest.display()))?;
            tracing::info!(
                seconds = started.elapsed().as_secs(),
                rows = ?written.rows,
                "scale data loaded"
            );
        }
        Command::CreateAdmin {
            login,
            name,
            organization_id,
        } => {
            let db = db::connect(&settings.database_url())
                .await
                .context("connecting to the database")?;
            db::migrate(&db).await.context("migrating the database")?;
            let password = std::env::var("KH_ADMIN_PASSWORD").ok();
            let admin =
                access::create_admin(&db, &login, &name, password.as_deref(), organization_id)
                    .await?;
            tracing::info!(
                user = admin.user_id,
                organization = admin.organization_id,
                created = admin.created,
                "administrator ready"
            );
        }
        Command::VerifyLedger => {
            let db = db::connect(&settings.database_url())
                .await
                .context("connecting to the database")?;
            let check = ledger::verify(&db).await?;
            // The report is the command's output, for a person or a script to read.
            println!("{}", serde_json::to_string_pretty(&check)?);
            if !check.mismatches.is_empty() {
                anyhow::bail!("the ledger has {} mismatch(es)", check.mismatches.len());
            }
            tracing::info!(
                funds = check.funds_checked,
                transactions = check.transactions_checked,
                "the ledger agrees with its balances"
            );
        }
        Command::MoveEvidence => {
            let db = db::connect(&settings.database_url())
                .await
                .context("connecting to the database")?;
            db::migrate(&db).await.context("migrating the database")?;
            let moved = evidence_content::move_from_disk(&db, &settings.evidence_dir()).await?;
            println!("{}", serde_json::to_string_pretty(&moved)?);
            if !moved.unreadable.is_empty() {
                anyhow::bail!(
                    "{} document(s) could not be moved: their files are missing or damaged",
                    moved.unreadable.len()
                );
            }
        }
        Command::Backup { out } => {
            let url = settings.database_url();
            let db = db::connect(&url)
                .await
                .context("connecting to the database")?;
            crate::backup::backup(&db, &url, &out).await?;
            tracing::info!(file = %out.display(), "backup written");
        }
        Command::Restore { from, replace } => {
            crate::backup::restore(&settings.database_url(), &from, replace).await?;
            tracing::info!(file = %from.display(), "backup restored");
        }
        Command::ExportSchema { out } => {
            let sdl = graphql::sdl();
            match out {
                Some(path) => std::fs::write(&path, sdl)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => print!("{sdl}"),
            }
        }
    }
    Ok(())
}
