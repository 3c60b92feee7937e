//! Talking to the server's `/graphql`. Every document sent lives in `frontend/graphql/` and is
//! checked against the server's schema by a test (`tests/tests/graphql_documents.rs`).

use gloo_net::http::Request;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use shared::{ErrorCode, Refusal};

/// Why a request failed, as the page needs it: a code to choose a message by, and the
/// server's own words for those who want detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// `None` only when the server could not be reached: no answer came.
    pub code: Option<ErrorCode>,
    /// The input a `VALIDATION` error is about.
    pub field: Option<String>,
    /// The limit or duty behind a `CONFLICT` or `FORBIDDEN`, when the server names one.
    pub refusal: Option<Refusal>,
    pub message: String,
}

#[derive(Serialize)]
struct GraphqlRequest<'a, V> {
    query: &'a str,
    variables: V,
}

#[derive(Deserialize)]
struct GraphqlResponse<T> {
    data: Option<T>,
    #[serde(default)]
    errors: Vec<GraphqlError>,
}

#[derive(Deserialize)]
struct GraphqlError {
    message: String,
    #[serde(default)]
    extensions: Option<ErrorExtensions>,
}

#[derive(Deserialize)]
struct ErrorExtensions {
    code: Option<String>,
    field: Option<String>,
    #[serde(default)]
    refusal: Option<Refusal>,
}

/// Sends one operation and decodes its data. A response with errors is a failure (the first
/// error is reported), even when partial data came with it.
pub async fn graphql<V: Serialize, T: DeserializeOwned>(
    document: &str,
    variables: V,
) -> Result<T, ApiError> {
    let network = |error: gloo_net::Error| ApiError {
        code: None,
        field: None,
        refusal: None,
        message: error.to_string(),
    };
    let response = Request::post("/graphql")
        // The server requires it on every request that carries the session cookie (CSRF).
        .header("x-khuyenhoc-client", "web")
        .json(&GraphqlRequest {
            query: document,
            variables,
        })
        .map_err(network)?
        .send()
        .await
        .map_err(network)?;
    // An answer that is not GraphQL (a proxy's error page, a cut-off body) is the server's
    // failure, not the network's: the request got there.
    let status = response.status();
    let body: GraphqlResponse<T> = response.json().await.map_err(|error| ApiError {
        code: Some(ErrorCode::Internal),
        field: None,
        refusal: None,
        message: format!("HTTP {status}: {error}"),
    })?;
    if let Some(error) = body.errors.into_iter().next() {
        let (code, field, refusal) = error
            .extensions
            .map(|e| (e.code, e.field, e.refusal))
            .unwrap_or_default();
        let code = code
            .as_deref()
            .and_then(ErrorCode::parse)
            .or(Some(ErrorCode::Internal));
        return Err(ApiError {
            code,
            field,
            refusal,
            message: error.message,
        });
    }
    body.data.ok_or_else(|| ApiError {
        code: Some(ErrorCode::Internal),
        field: None,
        refusal: None,
        message: "the response has no data".into(),
    })
}

/// A Relay connection, as every list field returns it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection<T> {
    pub edges: Vec<Edge<T>>,
    pub page_info: PageInfo,
}

/// An empty list: what a page shows before there is anything to ask for.
impl<T> Default for Connection<T> {
    fn default() -> Self {
        Self {
            edges: Vec::new(),
            page_info: PageInfo::default(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Edge<T> {
    pub node: T,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageInfo {
    pub has_next_page: bool,
    pub end_cursor: Option<String>,
}
