//! The HTTP surface: `/graphql`, `/healthz` and the SPA, with the layers every response passes
//! through (request id, tracing, compression, timeouts).

mod document;
mod evidence;
mod export;
mod graphql;
mod health;
mod import;
mod spa;

use std::{path::Path, time::Duration};

use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::{HeaderName, HeaderValue, Request, header},
    routing::get,
};
use sea_orm::DatabaseConnection;
use tower::ServiceBuilder;
use tower_http::{
    compression::CompressionLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
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
    /// The statement count `/metrics` reports, when the operator asked for it.
    pub statements: Option<crate::db::StatementCount>,
}

pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// A service error as an HTTP response outside the GraphQL engine (the session before a
/// query runs, the evidence endpoints), through the one mapping ([`crate::error::Error::
/// for_client`]), in the GraphQL errors' shape, with the status its code deserves.
pub(crate) fn error_response(
    error: &crate::error::Error,
    request_id: &str,
) -> axum::response::Response {
    use axum::{Json, http::StatusCode, response::IntoResponse};
    use shared::ErrorCode;
    let shown = error.for_client();
    let status = match shown.code {
        ErrorCode::Unauthenticated => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict => StatusCode::CONFLICT,
        ErrorCode::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::BAD_REQUEST,
    };
    let mut extensions = serde_json::json!({
        "code": shown.code.as_str(), "field": shown.field, "requestId": request_id,
    });
    // Why a file could not be read, and the cell at fault: as GraphQL says it.
    if let Some(file) = &shown.file {
        extensions["reason"] = file.reason.into();
        extensions["row"] = file.row.into();
        extensions["column"] = file.column.clone().into();
    }
    let body = serde_json::json!({ "errors": [{
        "message": shown.message,
        "extensions": extensions,
    }]});
    (status, Json(body)).into_response()
}

/// What every page may load and do: its own scripts and wasm (compiling wasm needs
/// `'wasm-unsafe-eval'`, which allows nothing else), its own styles (style attributes
/// included, which Leptos writes), images from itself or made in the page, requests to itself
/// only; never in a frame, never a plugin, never a `<base>` elsewhere.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; \
    connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

/// Headers every response carries, unless a handler set its own (GraphiQL's page loads its
/// scripts from a CDN and sets a policy of its own; it exists outside production only).
fn security_headers(production: bool) -> Vec<(HeaderName, HeaderValue)> {
    let mut headers = vec![
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ),
    ];
    if production {
        // Production is served over HTTPS (its cookies are `Secure`): a year, subdomains too.
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    headers
}

pub fn router(state: AppState, web_dir: &Path) -> Router {
    let security = security_headers(state.production);
    let mut router = Router::new()
        .route(
            "/graphql",
            get(graphql::graphiql)
                .post(graphql::execute)
                .layer(DefaultBodyLimit::max(MAX_GRAPHQL_BODY_BYTES)),
        )
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(health::metrics))
        .route(
            "/api/applications/{id}/evidence",
            axum::routing::post(evidence::upload).layer(DefaultBodyLimit::max(
                crate::service::evidence::MAX_BYTES + 64 * 1024,
            )),
        )
        .route("/api/evidence/{id}", get(evidence::download))
        .route(
            "/api/recognition-registrations/{id}/documents",
            axum::routing::post(evidence::upload_for_registration).layer(DefaultBodyLimit::max(
                crate::service::evidence::MAX_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/api/registration-documents/{id}",
            get(evidence::download_registration_document),
        )
        .route(
            "/api/bank-accounts/{id}/statement-files",
            axum::routing::post(import::upload).layer(DefaultBodyLimit::max(
                crate::service::bank_statement::MAX_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/api/organizations/{id}/learner-files",
            axum::routing::post(import::upload_learners).layer(DefaultBodyLimit::max(
                crate::service::learner_import::MAX_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/api/organizations/{id}/organization-files",
            axum::routing::post(import::upload_organizations).layer(DefaultBodyLimit::max(
                crate::service::organization_import::MAX_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/api/funds/{id}/donation-files",
            axum::routing::post(import::upload_donations).layer(DefaultBodyLimit::max(
                crate::service::donation_import::MAX_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/api/templates/donations.xlsx",
            get(import::donations_template),
        )
        .route(
            "/api/templates/learners.xlsx",
            get(import::learners_template),
        )
        .route(
            "/api/templates/organizations.xlsx",
            get(import::organizations_template),
        )
        .route("/api/funds/{id}/statement", get(export::fund_statement))
        .route(
            "/api/programs/{id}/applications",
            get(export::program_applications),
        )
        .route("/api/programs/{id}/ranking", get(export::program_ranking))
        .route("/api/programs/{id}/awards", get(export::program_awards))
        .route("/api/programs/{id}/receipts", get(export::program_receipts))
        .route(
            "/api/programs/{id}/recipients",
            get(export::program_recipients),
        )
        .route("/api/organizations/{id}/donors", get(export::donors))
        .route("/api/organizations/{id}/learners", get(export::learners))
        .route(
            "/api/organizations/{id}/duplicate-funding",
            get(export::duplicate_funding),
        )
        .route(
            "/api/organizations/{id}/society-report",
            get(export::society_report),
        )
        .route(
            "/api/organizations/{id}/indicator-report",
            get(export::indicator_report),
        )
        .route("/api/audit-events", get(export::audit_events))
        .fallback_service(
            ServiceBuilder::new()
                .layer(axum::middleware::from_fn(spa::with_cache_control))
                .service(spa::service(web_dir)),
        )
        .with_state(state);
    for (name, value) in security {
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    router.layer(
        // Outermost first: a client's own `x-request-id` is dropped (the id names our
        // log lines and audit events, so only we make it); ours is set before the span
        // that logs it is opened, and copied onto the response on the way out.
        ServiceBuilder::new()
            .map_request(|mut request: Request<axum::body::Body>| {
                request.headers_mut().remove(REQUEST_ID_HEADER);
                request
            })
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
