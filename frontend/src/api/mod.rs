//! Talking to the server's `/graphql`. Every document sent lives in `frontend/graphql/`, and is
//! compiled into Rust types by graphql_client against the committed schema (`documents`). A
//! test checks that the committed schema is the server's and that each document is valid
//! against it and sent by a page (`tests/tests/graphql_contract.rs`).

pub mod documents;

use gloo_net::http::Request;
use graphql_client::GraphQLQuery;
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

/// Sends one document (`documents`) with its variables and decodes its answer. A response
/// with errors is a failure (the first error is reported), even when partial data came with
/// it.
pub async fn run<Q: GraphQLQuery>(variables: Q::Variables) -> Result<Q::ResponseData, ApiError> {
    send(&Q::build_query(variables)).await
}

async fn send<B: Serialize, T: DeserializeOwned>(body: &B) -> Result<T, ApiError> {
    let network = |error: gloo_net::Error| ApiError {
        code: None,
        field: None,
        refusal: None,
        message: error.to_string(),
    };
    let response = Request::post("/graphql")
        // The server requires it on every request that carries the session cookie (CSRF).
        .header("x-khuyenhoc-client", "web")
        .json(body)
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

/// One page of a list: its rows, and the cursor to ask for the next page when one follows.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub next: Option<String>,
}

/// Reads a connection of a generated answer (`edges { node }` and `pageInfo { hasNextPage
/// endCursor }`) as a `Page` of its nodes.
macro_rules! page {
    ($connection:expr) => {{
        let connection = $connection;
        $crate::api::Page {
            rows: connection.edges.into_iter().map(|edge| edge.node).collect(),
            next: connection
                .page_info
                .end_cursor
                .filter(|_| connection.page_info.has_next_page),
        }
    }};
}
pub(crate) use page;
