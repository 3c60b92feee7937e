//! The HTTP surface: `/graphql`, `/healthz` and the SPA, with the layers every response passes
//! through (request id, tracing, compression, timeouts).

mod evidence;
mod graphql;
mod health;
mod spa;

use std::{path::Path, time::Duration};

use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::{HeaderName, Request},
    routing::get,
};
use sea_orm::DatabaseConnection;
use tower::ServiceBuilder;
use tower_http::{
    compression::CompressionLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::Level;

use crate::graphql::AppSchema;

/// Largest GraphQL request body accepted. Real queries are a few kilobytes; uploads will go
/// through their own endpoint with their own limit.
pub const MAX_GRAPHQL_BODY_BYTES: usize = 256 * 1024;

/// What handlers share: cheap to clone (pools and `Arc`s inside).
#[derive(Clone)]
pub struct AppState {
    pub schema: AppSchema,
    pub db: DatabaseConnection,
    pub production: bool,
    pub policy: crate::config::AccessPolicy,
    pub request_timeout: Duration,
    /// Where evidence files are kept (`<data dir>/evidence`).
    pub evidence_dir: std::path::PathBuf,
}

pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

pub fn router(state: AppState, web_dir: &Path) -> Router {
    Router::new()
        .route(
            "/graphql",
            get(graphql::graphiql)
                .post(graphql::execute)
                .layer(DefaultBodyLimit::max(MAX_GRAPHQL_BODY_BYTES)),
        )
        .route("/healthz", get(health::healthz))
        .route(
            "/api/applications/{id}/evidence",
            axum::routing::post(evidence::upload).layer(DefaultBodyLimit::max(
                crate::service::evidence::MAX_BYTES + 64 * 1024,
            )),
        )
        .route("/api/evidence/{id}", get(evidence::download))
        .fallback_service(spa::service(web_dir))
        .with_state(state)
        .layer(
            // Outermost first: the id is set before the span that logs it is opened, and
            // copied onto the response on the way out.
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID_HEADER, MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .on_response(DefaultOnResponse::new().level(Level::INFO))
                        .make_span_with(|request: &Request<_>| {
                            let request_id = request
                                .headers()
                                .get(REQUEST_ID_HEADER)
                                .and_then(|value| value.to_str().ok())
                                .unwrap_or("-");
                            tracing::info_span!(
                                "request",
                                method = %request.method(),
                                path = %request.uri().path(),
                                request_id = %request_id,
                            )
                        }),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID_HEADER))
                .layer(CompressionLayer::new()),
        )
}
