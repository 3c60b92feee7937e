//! Whatever a client sends, the answer is a GraphQL error with a stable `extensions.code`:
//! never a panic, never a 500.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;
use tests::{AppOptions, Engine, TestApp, first_error_code, on_every_database};

async fn assert_refused(app: &TestApp, body: impl Into<reqwest::Body>, status: u16, code: &str) {
    let (actual_status, response) = app.post_graphql_body(body).await;
    assert_eq!(
        (actual_status, first_error_code(&response)),
        (status, Some(code)),
        "{response}"
    );
    assert!(
        response["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "a readable message: {response}"
    );
}

on_every_database! {
    async fn malformed_requests_get_a_graphql_error_with_a_code(app) {
        assert_refused(&app, "{\"query\": ", 400, "BAD_REQUEST").await;
        assert_refused(&app, "not json at all", 400, "BAD_REQUEST").await;
        assert_refused(&app, "{}", 400, "BAD_REQUEST").await;
        assert_refused(&app, r#"{"variables": {}}"#, 400, "BAD_REQUEST").await;
        assert_refused(&app, r#"{"query": 7}"#, 400, "BAD_REQUEST").await;
        assert_refused(&app, r#"{"query": "{ serverInfo { version } }", "variables": [1]}"#, 400, "BAD_REQUEST").await;
        assert_refused(&app, r#"[{"query": "{ serverInfo { version } }"}, {"query": "{ serverInfo { version } }"}]"#, 400, "BATCH_NOT_SUPPORTED").await;
        assert_refused(&app, r#"{"query": "{ serverInfo { version "}"#, 400, "GRAPHQL_PARSE_FAILED").await;
    }
}

on_every_database! {
    async fn queries_that_do_not_fit_the_schema_are_refused(app) {
        let (status, body) = app.graphql("{ serverInfo { version secretKey } }", json!({})).await;
        assert_eq!((status, first_error_code(&body)), (200, Some("GRAPHQL_VALIDATION_FAILED")));
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("secretKey"));
        let (_, body) = app.graphql("query($n: Int!) { organizations(first: $n) { edges { cursor } } }", json!({ "n": "many" })).await;
        assert!(first_error_code(&body).is_some(), "{body}");
    }
}

on_every_database! {
    async fn a_query_nested_past_the_depth_limit_is_refused(app) {
        let mut selection = String::from("name");
        for _ in 0..backend::graphql::MAX_DEPTH {
            selection = format!("parent {{ {selection} }}");
        }
        let query = format!("{{ organizations(first: 1) {{ edges {{ node {{ {selection} }} }} }} }}");
        let (status, body) = app.graphql(&query, json!({})).await;
        assert_eq!((status, first_error_code(&body)), (200, Some("QUERY_TOO_DEEP")), "{body}");
        assert!(body["data"].is_null(), "nothing of a refused query runs");
    }
}

on_every_database! {
    async fn a_query_costing_more_than_the_limit_is_refused(app) {
        // A list field costs its page size times its children: 20 aliases × 100 × ~6.
        let lists: String = (0..20)
            .map(|i| format!("o{i}: organizations(first: 100) {{ edges {{ cursor node {{ id name kind depth }} }} }} "))
            .collect();
        let (status, body) = app.graphql(&format!("{{ {lists} }}"), json!({})).await;
        assert_eq!((status, first_error_code(&body)), (200, Some("QUERY_TOO_COMPLEX")), "{body}");
    }
}

on_every_database! {
    async fn three_hundred_aliases_of_a_list_are_refused(app) {
        let aliases: String = (0..300).map(|i| format!("a{i}: organizations(first: 1) {{ edges {{ cursor }} }} ")).collect();
        let (status, body) = app.graphql(&format!("{{ {aliases} }}"), json!({})).await;
        assert_eq!((status, first_error_code(&body)), (200, Some("QUERY_TOO_COMPLEX")), "{body}");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("aliases"), "{body}");
    }
}

on_every_database! {
    async fn an_oversized_body_is_refused_before_it_is_read(app) {
        let padding = " ".repeat(backend::http::MAX_GRAPHQL_BODY_BYTES + 1);
        let body = format!(r#"{{"query": "{{ serverInfo {{ version }} }}{padding}"}}"#);
        assert_refused(&app, body, 413, "PAYLOAD_TOO_LARGE").await;
    }
}

#[tokio::test]
async fn production_mode_hides_the_schema_and_graphiql() {
    let app = TestApp::spawn(
        Engine::Sqlite,
        AppOptions {
            production: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let (_, body) = app
        .graphql("{ __schema { types { name } } }", json!({}))
        .await;
    assert_eq!(first_error_code(&body), Some("FORBIDDEN"), "{body}");
    assert!(body["data"].is_null(), "{body}");
    // Ordinary queries still work, and field suggestions are off.
    let (_, body) = app.graphql("{ serverInfo { versio } }", json!({})).await;
    assert_eq!(first_error_code(&body), Some("GRAPHQL_VALIDATION_FAILED"));
    assert!(
        !body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Did you mean"),
        "{body}"
    );
    let graphiql = app.http.get(app.url("/graphql")).send().await.unwrap();
    assert_eq!(graphiql.status(), 404);
}

#[tokio::test]
async fn development_mode_offers_graphiql_and_introspection() {
    let app = TestApp::spawn(Engine::Sqlite, AppOptions::default())
        .await
        .unwrap();
    let (_, body) = app
        .graphql("{ __schema { queryType { name } } }", json!({}))
        .await;
    assert_eq!(body["data"]["__schema"]["queryType"]["name"], "QueryRoot");
    let graphiql = app.http.get(app.url("/graphql")).send().await.unwrap();
    assert_eq!(graphiql.status(), 200);
    assert!(
        graphiql
            .text()
            .await
            .unwrap()
            .to_lowercase()
            .contains("graphiql")
    );
}
