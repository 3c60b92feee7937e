//! `POST /graphql` and GraphiQL at `GET /graphql`.
//!
//! The request body is read by hand rather than by an extractor so that every way a request
//! can be wrong (not JSON, a batch, no query, too big, too slow) is answered in GraphQL's own
//! error shape with a stable `extensions.code`, never a bare 4xx text or a 500.

use async_graphql::{
    ErrorExtensionValues, ServerError, http::GraphiQLSource, parser::types::ExecutableDocument,
};
use axum::{
    Json,
    body::Bytes,
    extract::{ConnectInfo, State, rejection::BytesRejection},
    http::{HeaderMap, StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use std::net::SocketAddr;

use serde_json::{Value, json};
use shared::ErrorCode;

use super::{
    AppState, REQUEST_ID_HEADER,
    document::{self, FragmentCycle, MAX_ALIASES, MAX_SELECTIONS},
};
use crate::service::{
    audit::RequestMeta,
    session::{self, SESSION_COOKIE},
};

pub async fn graphiql(State(state): State<AppState>) -> Response {
    if state.production {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    let page = Html(
        GraphiQLSource::build()
            .endpoint("/graphql")
            .title("Khuyến học — GraphQL")
            .finish(),
    );
    // GraphiQL (development only) is an inline script loading React from a CDN.
    let policy = "default-src 'self' https://unpkg.com; script-src 'self' 'unsafe-inline' \
        https://unpkg.com; style-src 'self' 'unsafe-inline' https://unpkg.com; \
        img-src 'self' data:; frame-ancestors 'none'";
    ([(header::CONTENT_SECURITY_POLICY, policy)], page).into_response()
}

/// The header every POST must have (unless its `Origin` is this site): a cross-site form or
/// image cannot add a custom header, so a request with it was sent by script from a page
/// allowed to (CSRF).
pub const CSRF_HEADER: &str = "x-khuyenhoc-client";

pub async fn execute(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let request_id = headers
        .get(REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if let Err(refusal) = sent_by_a_page_of_ours(&headers) {
        return refusal;
    }
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::PayloadTooLarge,
                format!(
                    "The request body is larger than {} bytes.",
                    super::MAX_GRAPHQL_BODY_BYTES
                ),
            );
        }
        Err(rejection) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                ErrorCode::BadRequest,
                rejection.body_text(),
            );
        }
    };
    let mut request = match parse_request(&body) {
        Ok(request) => request,
        Err((code, message)) => return refuse(StatusCode::BAD_REQUEST, code, message),
    };
    match request.parsed_query() {
        Err(error) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                ErrorCode::GraphqlParseFailed,
                error.message,
            );
        }
        Ok(document) => {
            if let Err(refusal) = admit(document, state.production) {
                return refusal;
            }
        }
    }
    let token = session_token(&headers);
    let viewer = match session::resolve(&state.db, &state.policy, token).await {
        Ok(viewer) => viewer,
        Err(error) => return super::error_response(&error, &request_id),
    };
    let meta = RequestMeta {
        request_id: request_id.clone(),
        address: peer.ip().to_string(),
    };
    let request = request.data(viewer).data(meta);
    match tokio::time::timeout(state.request_timeout, state.schema.execute(request)).await {
        Ok(mut response) => {
            for error in &mut response.errors {
                classify(error, &request_id);
            }
            let cookies = std::mem::take(&mut response.http_headers);
            let mut http = Json(response).into_response();
            http.headers_mut().extend(cookies);
            http
        }
        Err(_) => {
            tracing::warn!(timeout = ?state.request_timeout, "GraphQL request timed out");
            refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::Timeout,
                "The request took too long and was stopped.".into(),
            )
        }
    }
}

/// Refuses a POST that another site could have made a visitor's browser send (CSRF, login
/// CSRF included): a cross-site form can only send `text/plain`, urlencoded or multipart
/// bodies and no custom header, and a cross-site script that sets either is stopped by the
/// browser's preflight, which this server never approves. So the body must be JSON, and the
/// request must carry our client header or an `Origin` naming this very host.
#[allow(clippy::result_large_err)] // the refusal is the response, built once
fn sent_by_a_page_of_ours(headers: &HeaderMap) -> Result<(), Response> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Err(refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "Send the GraphQL request as `Content-Type: application/json`.".into(),
        ));
    }
    if headers.contains_key(CSRF_HEADER) || same_origin(headers) {
        return Ok(());
    }
    Err(refuse(
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
        format!(
            "A request must carry the {CSRF_HEADER} header (or come from this site's own pages)."
        ),
    ))
}

/// Whether the `Origin` header names the host the request was sent to.
fn same_origin(headers: &HeaderMap) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|value: &header::HeaderValue| value.to_str().ok())
    };
    let (Some(origin), Some(host)) = (text(header::ORIGIN), text(header::HOST)) else {
        return false;
    };
    origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .is_some_and(|authority| authority.eq_ignore_ascii_case(host))
}

/// The session token from the `Cookie` header, if any.
pub(super) fn session_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, token)| token)
        .filter(|token| !token.is_empty())
}

/// Refuses a document before the engine expands it: too many selections or aliases once its
/// fragments are spread (counted without spreading them), a fragment cycle, or introspection
/// in production.
#[allow(clippy::result_large_err)] // the refusal is the response, built once
fn admit(document: &ExecutableDocument, production: bool) -> Result<(), Response> {
    let measure = match document::measure(document) {
        Ok(measure) => measure,
        Err(FragmentCycle(name)) => {
            return Err(refuse(
                StatusCode::OK,
                ErrorCode::GraphqlValidationFailed,
                format!("The fragment {name} spreads itself, so it can never be expanded."),
            ));
        }
    };
    if measure.selections > MAX_SELECTIONS {
        return Err(refuse(
            StatusCode::OK,
            ErrorCode::QueryTooComplex,
            format!(
                "With its fragments spread, the query selects {} fields; at most {MAX_SELECTIONS} are allowed.",
                readable_count(measure.selections)
            ),
        ));
    }
    if measure.aliases > MAX_ALIASES {
        return Err(refuse(
            StatusCode::OK,
            ErrorCode::QueryTooComplex,
            format!(
                "The query uses {} aliases; at most {MAX_ALIASES} are allowed.",
                measure.aliases
            ),
        ));
    }
    // The engine would quietly answer `null`; say plainly that the schema is not public.
    if production && measure.introspects {
        return Err(refuse(
            StatusCode::OK,
            ErrorCode::Forbidden,
            "Introspection is disabled on this server.".into(),
        ));
    }
    Ok(())
}

/// A count as a person reads it; a saturated one is simply more than can be counted.
fn readable_count(count: u64) -> String {
    if count == u64::MAX {
        "more than 10¹⁹".into()
    } else {
        count.to_string()
    }
}

/// Reads one GraphQL request from a JSON body, or says why it is not one.
fn parse_request(body: &[u8]) -> Result<async_graphql::Request, (ErrorCode, String)> {
    let value: Value = serde_json::from_slice(body).map_err(|error| {
        (
            ErrorCode::BadRequest,
            format!("The request body is not valid JSON: {error}."),
        )
    })?;
    match &value {
        Value::Array(_) => {
            return Err((
                ErrorCode::BatchNotSupported,
                "Batched requests are not supported: send one operation per request.".into(),
            ));
        }
        Value::Object(fields) => match fields.get("query") {
            Some(Value::String(query)) if !query.trim().is_empty() => {}
            Some(Value::String(_)) | None | Some(Value::Null) => {
                return Err((ErrorCode::BadRequest, "The request has no `query`.".into()));
            }
            Some(_) => return Err((ErrorCode::BadRequest, "`query` must be a string.".into())),
        },
        _ => {
            return Err((
                ErrorCode::BadRequest,
                "The request body must be a JSON object with a `query`.".into(),
            ));
        }
    }
    serde_json::from_value(value).map_err(|error| {
        (
            ErrorCode::BadRequest,
            format!("The request is malformed: {error}."),
        )
    })
}

/// Gives every error a code. Ours already carry one; those raised by the GraphQL engine itself
/// (validation, limits, input coercion) do not, and are named here.
fn classify(error: &mut ServerError, request_id: &str) {
    let extensions = error
        .extensions
        .get_or_insert_with(ErrorExtensionValues::default);
    if extensions.get("code").is_none() {
        let code = match error.message.as_str() {
            "Query is nested too deep." => ErrorCode::QueryTooDeep,
            "Query is too complex." => ErrorCode::QueryTooComplex,
            // Errors with a path were raised while resolving a field: the engine refusing an
            // argument's value.
            _ if !error.path.is_empty() => ErrorCode::Validation,
            _ => ErrorCode::GraphqlValidationFailed,
        };
        extensions.set("code", code.as_str());
    }
    let traceable = [ErrorCode::Internal, ErrorCode::Unavailable].map(ErrorCode::as_str);
    if matches!(extensions.get("code"), Some(async_graphql::Value::String(code)) if traceable.contains(&code.as_str()))
    {
        extensions.set("requestId", request_id);
    }
}

/// A request refused before it reached the schema, in the shape of a GraphQL response.
pub(super) fn refuse(status: StatusCode, code: ErrorCode, message: String) -> Response {
    (
        status,
        Json(
            json!({ "errors": [{ "message": message, "extensions": { "code": code.as_str() } }] }),
        ),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(body: &str) -> Option<ErrorCode> {
        parse_request(body.as_bytes()).err().map(|(code, _)| code)
    }

    #[test]
    fn the_session_token_is_found_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            "theme=dark; kh_session=abc123; lang=vi".parse().unwrap(),
        );
        assert_eq!(session_token(&headers), Some("abc123"));
        headers.insert(header::COOKIE, "kh_session=".parse().unwrap());
        assert_eq!(session_token(&headers), None);
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    header::HeaderName::from_static(name),
                    header::HeaderValue::from_static(value),
                )
            })
            .collect()
    }

    #[test]
    fn only_json_from_our_client_or_our_own_origin_is_taken() {
        let ours = |pairs| sent_by_a_page_of_ours(&headers(pairs)).is_ok();
        let status = |pairs| {
            sent_by_a_page_of_ours(&headers(pairs))
                .err()
                .map(|response| response.status())
        };
        assert!(ours(&[
            ("content-type", "application/json"),
            ("x-khuyenhoc-client", "web")
        ]));
        assert!(ours(&[
            ("content-type", "application/json; charset=utf-8"),
            ("origin", "https://khuyenhoc.example.vn"),
            ("host", "khuyenhoc.example.vn"),
        ]));
        assert_eq!(
            status(&[
                ("content-type", "text/plain"),
                ("x-khuyenhoc-client", "web")
            ]),
            Some(StatusCode::UNSUPPORTED_MEDIA_TYPE)
        );
        assert_eq!(status(&[]), Some(StatusCode::UNSUPPORTED_MEDIA_TYPE));
        assert_eq!(
            status(&[("content-type", "application/json")]),
            Some(StatusCode::FORBIDDEN),
            "no header, no origin"
        );
        assert_eq!(
            status(&[
                ("content-type", "application/json"),
                ("origin", "https://attacker.example"),
                ("host", "khuyenhoc.example.vn"),
            ]),
            Some(StatusCode::FORBIDDEN),
            "another site"
        );
        assert_eq!(
            status(&[
                ("content-type", "application/json"),
                ("origin", "null"),
                ("host", "khuyenhoc.example.vn"),
            ]),
            Some(StatusCode::FORBIDDEN),
            "a sandboxed frame"
        );
    }

    #[test]
    fn a_request_with_a_query_is_accepted() {
        assert!(
            parse_request(br#"{"query":"{ serverInfo { version } }","variables":{"a":1}}"#).is_ok()
        );
    }

    #[test]
    fn malformed_bodies_are_refused_with_a_code() {
        assert_eq!(refusal("{not json"), Some(ErrorCode::BadRequest));
        assert_eq!(refusal("{}"), Some(ErrorCode::BadRequest));
        assert_eq!(refusal(r#"{"query":"  "}"#), Some(ErrorCode::BadRequest));
        assert_eq!(refusal(r#"{"query":42}"#), Some(ErrorCode::BadRequest));
        assert_eq!(refusal(r#""query""#), Some(ErrorCode::BadRequest));
        assert_eq!(
            refusal(r#"{"query":"{ a }","variables":"x"}"#),
            Some(ErrorCode::BadRequest)
        );
        assert_eq!(
            refusal(r#"[{"query":"{ a }"}]"#),
            Some(ErrorCode::BatchNotSupported)
        );
    }
}
