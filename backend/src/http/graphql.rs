//! `POST /graphql` and GraphiQL at `GET /graphql`.
//!
//! The request body is read by hand rather than by an extractor so that every way a request
//! can be wrong (not JSON, a batch, no query, too big, too slow) is answered in GraphQL's own
//! error shape with a stable `extensions.code`, never a bare 4xx text or a 500.

use async_graphql::{
    ErrorExtensionValues, ServerError,
    http::GraphiQLSource,
    parser::types::{ExecutableDocument, Selection, SelectionSet},
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

use super::{AppState, REQUEST_ID_HEADER};
use crate::service::{
    access::{self, SESSION_COOKIE},
    audit::RequestMeta,
};

pub async fn graphiql(State(state): State<AppState>) -> Response {
    if state.production {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    Html(
        GraphiQLSource::build()
            .endpoint("/graphql")
            .title("Khuyến học — GraphQL")
            .finish(),
    )
    .into_response()
}

/// The header a cookie-carrying request must have: a cross-site form or image cannot add a
/// custom header, so a request with it was sent by script from a page allowed to (CSRF).
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
        // The engine would quietly answer `null`; say plainly that the schema is not public.
        Ok(document) if state.production && asks_for_introspection(document) => {
            return refuse(
                StatusCode::OK,
                ErrorCode::Forbidden,
                "Introspection is disabled on this server.".into(),
            );
        }
        Ok(document) => {
            let aliases = count_aliases(document);
            if aliases > MAX_ALIASES {
                let message =
                    format!("The query uses {aliases} aliases; at most {MAX_ALIASES} are allowed.");
                return refuse(StatusCode::OK, ErrorCode::QueryTooComplex, message);
            }
        }
    }
    let token = session_token(&headers);
    if token.is_some() && headers.get(CSRF_HEADER).is_none() {
        return refuse(
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            format!("A signed-in request must carry the {CSRF_HEADER} header."),
        );
    }
    let viewer = match access::resolve(&state.db, &state.policy, token).await {
        Ok(viewer) => viewer,
        Err(error) => {
            tracing::error!(%error, "resolving the session failed");
            let body = json!({ "errors": [{
                "message": "Internal server error",
                "extensions": { "code": ErrorCode::Internal.as_str(), "requestId": request_id },
            }]});
            return (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response();
        }
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

/// Whether any operation selects `__schema` or `__type` at its root (directly or through
/// fragments), which is where introspection starts.
fn asks_for_introspection(document: &ExecutableDocument) -> bool {
    fn selects(document: &ExecutableDocument, set: &SelectionSet, depth: usize) -> bool {
        // Fragment cycles are refused by validation later; the bound keeps this walk finite.
        depth < 16
            && set.items.iter().any(|item| match &item.node {
                Selection::Field(field) => {
                    matches!(field.node.name.node.as_str(), "__schema" | "__type")
                }
                Selection::InlineFragment(fragment) => {
                    selects(document, &fragment.node.selection_set.node, depth + 1)
                }
                Selection::FragmentSpread(spread) => document
                    .fragments
                    .get(&spread.node.fragment_name.node)
                    .is_some_and(|fragment| {
                        selects(document, &fragment.node.selection_set.node, depth + 1)
                    }),
            })
    }
    document
        .operations
        .iter()
        .any(|(_, operation)| selects(document, &operation.node.selection_set.node, 0))
}

/// Most aliased fields a query may have: aliases multiply work without adding depth, and no
/// screen of ours needs more than a handful.
pub const MAX_ALIASES: usize = 50;

/// Aliased fields in every operation and fragment of the document.
fn count_aliases(document: &ExecutableDocument) -> usize {
    fn count(set: &SelectionSet) -> usize {
        set.items
            .iter()
            .map(|item| match &item.node {
                Selection::Field(field) => {
                    usize::from(field.node.alias.is_some()) + count(&field.node.selection_set.node)
                }
                Selection::InlineFragment(fragment) => count(&fragment.node.selection_set.node),
                Selection::FragmentSpread(_) => 0,
            })
            .sum()
    }
    let in_operations: usize = document
        .operations
        .iter()
        .map(|(_, operation)| count(&operation.node.selection_set.node))
        .sum();
    let in_fragments: usize = document
        .fragments
        .values()
        .map(|fragment| count(&fragment.node.selection_set.node))
        .sum();
    in_operations + in_fragments
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
    if matches!(extensions.get("code"), Some(async_graphql::Value::String(code)) if code == ErrorCode::Internal.as_str())
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

    fn introspects(query: &str) -> bool {
        asks_for_introspection(&async_graphql::parser::parse_query(query).expect("parses"))
    }

    #[test]
    fn introspection_is_recognised_however_it_is_spelled() {
        assert!(introspects("{ __schema { types { name } } }"));
        assert!(introspects(
            "query { a: __type(name: \"Organization\") { name } }"
        ));
        assert!(introspects(
            "{ ... on QueryRoot { __schema { queryType { name } } } }"
        ));
        assert!(introspects(
            "query { ...F } fragment F on QueryRoot { __schema { queryType { name } } }"
        ));
        assert!(!introspects("{ serverInfo { version __typename } }"));
    }

    #[test]
    fn aliases_are_counted_wherever_they_are() {
        let document = async_graphql::parser::parse_query(
            "query { a: serverInfo { v: version } ... on QueryRoot { b: me { id } } } fragment F on QueryRoot { c: me { id } }",
        )
        .expect("parses");
        assert_eq!(count_aliases(&document), 4);
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
