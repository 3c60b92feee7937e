//! How the server serves the web app and reports its health.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use tests::{AppOptions, Engine, TestApp, eventually};

async fn app() -> TestApp {
    TestApp::spawn(Engine::Sqlite, AppOptions::default())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_app_is_served_at_the_root_as_html() {
    let app = app().await;
    let response = app.http.get(app.url("/")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(response.text().await.unwrap().contains("stand-in"));
}

#[tokio::test]
async fn client_side_routes_get_the_app_so_links_and_reloads_work() {
    let app = app().await;
    for path in [
        "/organizations",
        "/funds/12/statement",
        "/deeply/nested/route",
    ] {
        let response = app.http.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert!(
            response.text().await.unwrap().contains("stand-in"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_missing_file_is_a_404_not_the_app() {
    let app = app().await;
    let response = app
        .http
        .get(app.url("/pkg/missing.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn wasm_is_served_with_its_content_type_and_compressed() {
    let app = app().await;
    let plain = reqwest::Client::builder().no_gzip().build().unwrap();
    let response = plain
        .get(app.url("/pkg/frontend_bg.wasm"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/wasm");
    assert_eq!(response.headers()["content-encoding"], "gzip");
    let compressed = response.bytes().await.unwrap();
    assert!(
        compressed.len() < 4096,
        "4 KB of zeros compress to {} bytes",
        compressed.len()
    );
}

#[tokio::test]
async fn every_response_carries_a_request_id_of_the_servers_own_making() {
    let app = app().await;
    let response = app.http.get(app.url("/healthz")).send().await.unwrap();
    let generated = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(generated.len(), 36, "a UUID: {generated}");
    // A client's own id would end up in the logs and the audit log as if it were ours.
    let response = app
        .http
        .get(app.url("/healthz"))
        .header("x-request-id", "trace-me-42")
        .send()
        .await
        .unwrap();
    let id = response.headers()["x-request-id"].to_str().unwrap();
    assert_ne!(id, "trace-me-42");
    assert_eq!(id.len(), 36, "a UUID: {id}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_turns_unavailable_when_the_database_is_gone() {
    let Some(app) = TestApp::spawn(Engine::Postgres, AppOptions::default()).await else {
        return;
    };
    assert_eq!(
        app.http
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let signed_up = app
        .graphql_with_cookie(
            None,
            "mutation($i: SignUpInput!) { signUp(input: $i) { id } }",
            serde_json::json!({ "i": { "login": "lan@example.vn", "displayName": "Lan", "password": "hoc-tap-suot-doi" } }),
        )
        .await;
    let token = signed_up.set_cookie.expect("signed up");

    let name = app.database_url().rsplit('/').next().unwrap().to_owned();
    app.lose_the_database().await;

    let status = eventually(
        "the health check to notice",
        Duration::from_secs(15),
        || async {
            let status = app
                .http
                .get(app.url("/healthz"))
                .send()
                .await
                .ok()?
                .status();
            (status == 503).then_some(status)
        },
    )
    .await;
    assert_eq!(status, 503);

    // A query that needs the database now fails as UNAVAILABLE (retry later), with the
    // request id to find the log line by, and without the database's own words.
    let response = app
        .http
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .header("x-khuyenhoc-client", "tests")
        .body(r#"{"query": "{ organizations(first: 1) { edges { cursor } } }"}"#)
        .send()
        .await
        .unwrap();
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        tests::first_error_code(&body),
        Some("UNAVAILABLE"),
        "{body}"
    );
    assert_eq!(
        body["errors"][0]["extensions"]["requestId"],
        request_id.as_str()
    );
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        !message.contains(&name) && !message.to_lowercase().contains("database"),
        "{message}"
    );

    // A signed-in request cannot even have its session checked: the same UNAVAILABLE, with
    // the request id.
    let answer = app
        .graphql_with_cookie(Some(&token), "{ me { id } }", serde_json::json!({}))
        .await;
    assert_eq!(answer.status, 503);
    assert_eq!(
        tests::first_error_code(&answer.body),
        Some("UNAVAILABLE"),
        "{}",
        answer.body
    );
    assert!(
        answer.body["errors"][0]["extensions"]["requestId"]
            .as_str()
            .is_some_and(|id| !id.is_empty())
    );
}

/// The paths under `/pkg/` that `text` names (in quotes, as index.html and the boot script
/// name them).
fn pkg_paths(text: &str) -> Vec<String> {
    text.split('"')
        .filter(|part| part.starts_with("/pkg/"))
        .map(str::to_owned)
        .collect()
}

/// What a phone on a slow line gets: at once, a page that says the app is loading; then the
/// app's files, compressed beforehand, under names that change with their content so the
/// browser keeps them for a year, and the wasm loaded at start within its budget, the pages
/// of staff and the public pages of a fund or program coming apart, when first opened.
#[tokio::test]
async fn the_built_app_arrives_precompressed_cached_by_content_and_within_budget() {
    let web_dir = tests::built_web_dir();
    let options = AppOptions {
        web_dir: Some(web_dir.clone()),
        ..Default::default()
    };
    let app = TestApp::spawn(Engine::Sqlite, options).await.unwrap();
    let plain = reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .build()
        .unwrap();
    let index = plain.get(app.url("/")).send().await.unwrap();
    assert_eq!(index.status(), 200);
    assert_eq!(
        index.headers()["cache-control"],
        "no-cache",
        "it names the current files"
    );
    let html = index.text().await.unwrap();
    assert!(
        html.contains("id=\"boot\"") && html.contains("Đang tải"),
        "{html}"
    );
    assert!(html.contains("href=\"/favicon.svg\""), "{html}");
    let named = pkg_paths(&html);
    for ending in [".css", ".js", ".wasm"] {
        assert!(
            named.iter().any(|path| path.ends_with(ending)),
            "{ending} in {named:?}"
        );
    }

    // The pages the app fetches only when they are first opened lie beside its glue.
    let glue = named
        .iter()
        .find(|path| path.ends_with("/frontend.js"))
        .unwrap();
    let app_folder = glue.trim_end_matches("frontend.js");
    let lazy: Vec<String> = std::fs::read_dir(web_dir.join(app_folder.trim_start_matches('/')))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".wasm") && name != "frontend_bg.wasm")
        .map(|name| format!("{app_folder}{name}"))
        .collect();
    assert!(
        lazy.len() >= 2,
        "the staff's pages load apart from the app: {lazy:?}"
    );

    for path in named.iter().chain(&lazy) {
        let name = path.trim_start_matches("/pkg/");
        // A file is named by its content, or lies in a folder named by the content of all.
        let named_by = match name.split_once('/') {
            Some((folder, _)) => folder,
            None => name.rsplit_once('.').unwrap().0,
        };
        let hash = named_by.rsplit_once('-').unwrap().1;
        assert!(
            hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()),
            "{name}"
        );
        let on_disk = std::fs::read(web_dir.join(path.trim_start_matches('/'))).unwrap();
        for (accepted, suffix) in [("br", ".br"), ("gzip", ".gz")] {
            let response = plain
                .get(app.url(path))
                .header("accept-encoding", accepted)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{path}");
            assert_eq!(response.headers()["content-encoding"], accepted, "{path}");
            assert_eq!(
                response.headers()["cache-control"],
                "public, max-age=31536000, immutable",
                "{path}"
            );
            assert!(
                response.headers().get_all("vary").iter().any(|v| v
                    .to_str()
                    .unwrap()
                    .to_lowercase()
                    .contains("accept-encoding")),
                "a cache in between keeps one copy per encoding: {path}"
            );
            let sent = response.bytes().await.unwrap();
            let precompressed =
                std::fs::read(web_dir.join(format!("{}{suffix}", path.trim_start_matches('/'))))
                    .unwrap();
            assert_eq!(
                sent.as_ref(),
                precompressed.as_slice(),
                "{path} as built, not again"
            );
            assert!(
                sent.len() < on_disk.len(),
                "{path} is smaller {accepted}-compressed"
            );
            if named.contains(path) && path.ends_with(".wasm") && accepted == "br" {
                assert!(
                    sent.len() <= 400 * 1024,
                    "the wasm loaded at start is {} KB with brotli, over its 400 KB budget",
                    sent.len() / 1024
                );
            }
        }
        // A browser that takes neither gets the file as it is.
        let raw = plain.get(app.url(path)).send().await.unwrap();
        assert!(raw.headers().get("content-encoding").is_none(), "{path}");
        assert_eq!(
            raw.bytes().await.unwrap().as_ref(),
            on_disk.as_slice(),
            "{path}"
        );
    }

    // The boot script starts the very glue and wasm the page preloads.
    let boot = named.iter().find(|path| path.contains("/boot-")).unwrap();
    let script = plain
        .get(app.url(boot))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for started in pkg_paths(&script) {
        assert!(
            named.contains(&started),
            "{started} is preloaded: {named:?}"
        );
    }

    let icon = plain.get(app.url("/favicon.svg")).send().await.unwrap();
    assert_eq!(icon.status(), 200);
    assert_eq!(icon.headers()["content-type"], "image/svg+xml");
}
