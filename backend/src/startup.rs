//! Building and running the server: what `khuyenhoc serve` and every test start.

use std::{future::Future, net::SocketAddr};

use anyhow::Context as _;
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;

use crate::{
    config::Settings,
    db, graphql,
    http::{self, AppState},
};

/// A server bound to its port with its database migrated, ready to run.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    address: SocketAddr,
    db: DatabaseConnection,
    statements: db::StatementCount,
}

impl Application {
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        let (db, statements) = db::connect_counted(&settings.database_url())
            .await
            .context("connecting to the database")?;
        db::migrate(&db).await.context("migrating the database")?;
        let state = AppState {
            schema: graphql::build(
                db.clone(),
                settings.access_policy(),
                settings.pledge_policy(),
                settings.production,
            ),
            db: db.clone(),
            production: settings.production,
            policy: settings.access_policy(),
            request_timeout: settings.request_timeout(),
            evidence_dir: settings.evidence_dir(),
            statements: settings.metrics.then(|| statements.clone()),
        };
        let router = http::router(state, &settings.web_dir);
        let listener = TcpListener::bind(settings.bind)
            .await
            .with_context(|| format!("binding {}", settings.bind))?;
        let address = listener.local_addr()?;
        Ok(Self {
            listener,
            router,
            address,
            db,
            statements,
        })
    }

    /// Where it listens (with the real port when port 0 was asked for).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// The SQL statements this server has sent so far.
    pub fn statements(&self) -> db::StatementCount {
        self.statements.clone()
    }

    /// Serves until SIGINT or SIGTERM, then lets requests in flight finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `stop` completes, then lets requests in flight finish.
    pub async fn run_until(
        self,
        stop: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        tracing::info!(address = %self.address, "serving");
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(stop)
        .await?;
        self.db.close_by_ref().await.ok();
        tracing::info!("stopped");
        Ok(())
    }
}

async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => tracing::info!("interrupted, shutting down"),
        () = terminate => tracing::info!("terminated, shutting down"),
    }
}
