//! `POST /graphql` and GraphiQL at `GET /graphql`.
//!
//! The request body is read by hand rather than by an extractor so that every way a request
//! can be wrong (not JSON, a batch, no query, too big, too slow) is answered in GraphQL's own
//! error shape with a stable `extensions.code`, never a bare 4xx text or a 500.

use async_graphql::{ErrorExtensionValues, ServerError, http::GraphiQLSource};
use axum::{
    Json,
    body::Bytes,
    extract::{State, rejection::BytesRejection},
    http::{HeaderMap, StatusCode},
    response::{Html, IntoResponse, Response},
};
use serde_json::{Value, json};
use shared::ErrorCode;

use super::{AppState, REQUEST_ID_HEADER};

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

pub async fn execute(
    State(state): State<AppState>,
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
    if let Err(error) = request.parsed_query() {
        return refuse(
            StatusCode::BAD_REQUEST,
            ErrorCode::GraphqlParseFailed,
            error.message,
        );
    }
    match tokio::time::timeout(state.request_timeout, state.schema.execute(request)).await {
        Ok(mut response) => {
            for error in &mut response.errors {
                classify(error, &request_id);
            }
            Json(response).into_response()
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
    if matches!(extensions.get("code"), Some(async_graphql::Value::String(code)) if code == ErrorCode::Internal.as_str())
    {
        extensions.set("requestId", request_id);
    }
}

/// A request refused before it reached the schema, in the shape of a GraphQL response.
fn refuse(status: StatusCode, code: ErrorCode, message: String) -> Response {
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
