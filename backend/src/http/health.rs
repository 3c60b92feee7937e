//! `GET /healthz`: is this process able to serve? It is, if its database answers.

use std::time::Duration;

use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde_json::json;

use super::AppState;

/// How long the database gets to answer before the process reports itself unavailable.
const PING_TIMEOUT: Duration = Duration::from_secs(2);

pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    // The pool tests a connection before handing it out, so a connection the database dropped
    // (a restart, a failover) is mostly replaced unseen; one that breaks in between fails a
    // ping once. Only a second failure in a row says the database is really unreachable.
    let ping = async {
        match state.db.ping().await {
            Ok(()) => Ok(()),
            Err(_) => state.db.ping().await,
        }
    };
    match tokio::time::timeout(PING_TIMEOUT, ping).await {
        Ok(Ok(())) => (
            StatusCode::OK,
            Json(json!({ "status": "ok", "database": crate::db::engine_name(&state.db) })),
        ),
        Ok(Err(error)) => {
            tracing::warn!(%error, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable" })),
            )
        }
        Err(_) => {
            tracing::warn!("health check: database did not answer in time");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable" })),
            )
        }
    }
}

/// `GET /metrics`, in Prometheus' text format, when the server was started with `--metrics`
/// (404 otherwise, like any unknown path).
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    match &state.statements {
        Some(count) => (
            StatusCode::OK,
            [("content-type", "text/plain; version=0.0.4")],
            format!(
                "# HELP khuyenhoc_sql_statements_total SQL statements sent to the database.\n\
                 # TYPE khuyenhoc_sql_statements_total counter\n\
                 khuyenhoc_sql_statements_total {}\n",
                count.get()
            ),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
