//! Accounts and sessions over HTTP, on SQLite and on PostgreSQL: sign-up, sign-in, sign-out,
//! expiry, throttling, CSRF, and sessions shared by several server processes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::{Value, json};
use tests::{AppOptions, Engine, TestApp, first_error_code, on_every_database};

const SIGN_UP: &str =
    "mutation($input: SignUpInput!) { signUp(input: $input) { id displayName email phone } }";
const SIGN_IN: &str = "mutation($login: String!, $password: String!) { signIn(login: $login, password: $password) { id displayName } }";
const SIGN_OUT: &str = "mutation { signOut }";
const ME: &str = "{ me { id displayName email phone memberships { role organization { name } } } }";
const PASSWORD: &str = "hoc-tap-suot-doi";

fn sign_up_input(login: &str) -> Value {
    json!({ "input": { "login": login, "displayName": "Nguyễn Thị Lan", "password": PASSWORD } })
}

/// Signs up `login` and returns the session token.
async fn signed_up(app: &TestApp, login: &str) -> String {
    let answer = app
        .graphql_with_cookie(None, SIGN_UP, sign_up_input(login))
        .await;
    assert!(answer.body["errors"].is_null(), "{}", answer.body);
    answer
        .set_cookie
        .expect("signing up sets the session cookie")
}

async fn me(app: &TestApp, token: &str) -> Value {
    app.graphql_with_cookie(Some(token), ME, json!({}))
        .await
        .body["data"]["me"]
        .clone()
}

/// Audit summaries of the test's database, to check what was recorded (and what was not).
async fn audit_rows(app: &TestApp) -> Vec<(String, String)> {
    let db = Database::connect(app.database_url()).await.unwrap();
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT action, summary FROM audit_event ORDER BY id",
        ))
        .await
        .unwrap();
    db.close().await.unwrap();
    rows.into_iter()
        .map(|row| {
            (
                row.try_get("", "action").unwrap(),
                row.try_get("", "summary").unwrap(),
            )
        })
        .collect()
}

on_every_database! {
    async fn signing_up_signs_in_and_me_shows_the_account(app) {
        let token = signed_up(&app, "Lan.Nguyen@Example.vn").await;
        let account = me(&app, &token).await;
        assert_eq!(account["displayName"], "Nguyễn Thị Lan");
        assert_eq!(account["email"], "lan.nguyen@example.vn", "logins are stored in canonical form");
        assert_eq!(account["memberships"], json!([]), "a new account is an applicant only");

        let anonymous = app.graphql_with_cookie(None, ME, json!({})).await;
        assert_eq!(anonymous.body["data"]["me"], Value::Null);

        // Signing in by phone works the same way, with the number written any usual way.
        app.graphql_with_cookie(None, SIGN_UP, sign_up_input("+84 912 345 678")).await;
        let answer = app.graphql_with_cookie(None, SIGN_IN, json!({ "login": "0912.345.678", "password": PASSWORD })).await;
        assert!(answer.set_cookie.is_some(), "{}", answer.body);
        assert_eq!(me(&app, &answer.set_cookie.unwrap()).await["phone"], "0912345678");
    }
}

on_every_database! {
    async fn a_login_can_open_only_one_account(app) {
        signed_up(&app, "lan@example.vn").await;
        let again = app.graphql_with_cookie(None, SIGN_UP, sign_up_input("LAN@example.vn")).await;
        assert_eq!(first_error_code(&again.body), Some("CONFLICT"), "{}", again.body);
        assert!(again.set_cookie.is_none());
    }
}

on_every_database! {
    async fn bad_sign_up_input_is_refused_naming_the_field(app) {
        for (input, field) in [
            (json!({ "login": "lan@", "displayName": "Lan", "password": PASSWORD }), "login"),
            (json!({ "login": "0243825123", "displayName": "Lan", "password": PASSWORD }), "login"),
            (json!({ "login": "lan@example.vn", "displayName": "  ", "password": PASSWORD }), "displayName"),
            (json!({ "login": "lan@example.vn", "displayName": "Lan", "password": "short" }), "password"),
        ] {
            let answer = app.graphql_with_cookie(None, SIGN_UP, json!({ "input": input })).await;
            assert_eq!(first_error_code(&answer.body), Some("VALIDATION"), "{}", answer.body);
            assert_eq!(answer.body["errors"][0]["extensions"]["field"], field);
        }
        assert_eq!(me_count(&app).await, 0, "nothing was half-written");
    }
}

async fn me_count(app: &TestApp) -> i64 {
    let db = Database::connect(app.database_url()).await.unwrap();
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COUNT(*) AS n FROM user_account",
        ))
        .await
        .unwrap()
        .unwrap();
    db.close().await.unwrap();
    row.try_get("", "n").unwrap()
}

on_every_database! {
    async fn a_wrong_password_is_refused_and_both_outcomes_are_audited_without_secrets(app) {
        let token = signed_up(&app, "lan@example.vn").await;
        let wrong = app.graphql_with_cookie(None, SIGN_IN, json!({ "login": "lan@example.vn", "password": "not-my-password" })).await;
        assert_eq!(first_error_code(&wrong.body), Some("UNAUTHENTICATED"));
        assert!(wrong.set_cookie.is_none());
        let unknown = app.graphql_with_cookie(None, SIGN_IN, json!({ "login": "nobody@example.vn", "password": PASSWORD })).await;
        assert_eq!(first_error_code(&unknown.body), Some("UNAUTHENTICATED"));
        assert_eq!(wrong.body["errors"][0]["message"], unknown.body["errors"][0]["message"], "no hint which logins exist");
        let right = app.graphql_with_cookie(None, SIGN_IN, json!({ "login": "lan@example.vn", "password": PASSWORD })).await;
        let second_token = right.set_cookie.expect("signed in");

        let rows = audit_rows(&app).await;
        let actions: Vec<&str> = rows.iter().map(|(action, _)| action.as_str()).collect();
        assert_eq!(actions, ["ACCOUNT_CREATED", "SIGN_IN_FAILED", "SIGN_IN_FAILED", "SIGNED_IN"]);
        for (action, summary) in &rows {
            for secret in [PASSWORD, "not-my-password", token.as_str(), second_token.as_str(), "argon2"] {
                assert!(!summary.contains(secret), "{action} leaks a secret: {summary}");
            }
        }
    }
}

on_every_database! {
    async fn signing_out_ends_the_session_and_clears_the_cookie(app) {
        let token = signed_up(&app, "lan@example.vn").await;
        let out = app.graphql_with_cookie(Some(&token), SIGN_OUT, json!({})).await;
        assert_eq!(out.body["data"]["signOut"], true);
        assert_eq!(out.set_cookie.as_deref(), Some(""), "the cookie is cleared");
        assert_eq!(me(&app, &token).await, Value::Null, "the old token no longer works");
        let again = app.graphql_with_cookie(Some(&token), SIGN_OUT, json!({})).await;
        assert_eq!(first_error_code(&again.body), Some("UNAUTHENTICATED"));
    }
}

on_every_database! {
    async fn changing_the_password_ends_the_other_sessions(app) {
        let here = signed_up(&app, "lan@example.vn").await;
        let elsewhere = app.graphql_with_cookie(None, SIGN_IN, json!({ "login": "lan@example.vn", "password": PASSWORD })).await.set_cookie.unwrap();
        let change = "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }";

        let wrong = app.graphql_with_cookie(Some(&here), change, json!({ "c": "not-it-at-all", "n": "mat-khau-moi-2026" })).await;
        assert_eq!(first_error_code(&wrong.body), Some("VALIDATION"));
        assert_eq!(wrong.body["errors"][0]["extensions"]["field"], "currentPassword");
        let weak = app.graphql_with_cookie(Some(&here), change, json!({ "c": PASSWORD, "n": "short" })).await;
        assert_eq!(weak.body["errors"][0]["extensions"]["field"], "newPassword");

        let changed = app.graphql_with_cookie(Some(&here), change, json!({ "c": PASSWORD, "n": "mat-khau-moi-2026" })).await;
        assert_eq!(changed.body["data"]["changePassword"], true, "{}", changed.body);
        assert!(!me(&app, &here).await.is_null(), "this session goes on");
        assert!(me(&app, &elsewhere).await.is_null(), "the other one is ended");
        let old = app.graphql_with_cookie(None, SIGN_IN, json!({ "login": "lan@example.vn", "password": PASSWORD })).await;
        assert_eq!(first_error_code(&old.body), Some("UNAUTHENTICATED"));
        let new = app.graphql_with_cookie(None, SIGN_IN, json!({ "login": "lan@example.vn", "password": "mat-khau-moi-2026" })).await;
        assert!(new.set_cookie.is_some());
    }
}

on_every_database! {
    async fn a_cookie_without_the_client_header_is_refused_as_csrf(app) {
        let token = signed_up(&app, "lan@example.vn").await;
        let response = app
            .http
            .post(app.url("/graphql"))
            .header("content-type", "application/json")
            .header("cookie", format!("kh_session={token}"))
            .body(json!({ "query": SIGN_OUT }).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403);
        let body: Value = response.json().await.unwrap();
        assert_eq!(first_error_code(&body), Some("FORBIDDEN"));
        assert!(!me(&app, &token).await.is_null(), "the forged sign-out did nothing");
    }
}

/// A quarter of an hour's window for sign-in failures and two hours' idle timeout, as served;
/// three failures instead of five, to keep the test short. The tests move the server's clock.
fn short_windows(settings: &mut backend::Settings) {
    settings.sign_in_window_secs = 15 * 60;
    settings.sign_in_max_failures = 3;
    settings.session_idle_secs = 2 * 3600;
}

async fn app_with_short_windows(engine: Engine) -> Option<TestApp> {
    TestApp::spawn(
        engine,
        AppOptions {
            configure: Some(short_windows),
            ..Default::default()
        },
    )
    .await
}

async fn repeated_wrong_passwords_are_throttled_until_the_window_passes(app: TestApp) {
    signed_up(&app, "lan@example.vn").await;
    for _ in 0..3 {
        let wrong = app
            .graphql_with_cookie(
                None,
                SIGN_IN,
                json!({ "login": "lan@example.vn", "password": "guess-guess-guess" }),
            )
            .await;
        assert_eq!(first_error_code(&wrong.body), Some("UNAUTHENTICATED"));
    }
    let sign_in_rightly = || {
        app.graphql_with_cookie(
            None,
            SIGN_IN,
            json!({ "login": "lan@example.vn", "password": PASSWORD }),
        )
    };
    let throttled = sign_in_rightly().await;
    assert_eq!(
        first_error_code(&throttled.body),
        Some("TOO_MANY_ATTEMPTS"),
        "even the right password waits"
    );
    assert!(throttled.set_cookie.is_none());

    app.clock().advance(Duration::from_secs(14 * 60));
    let still = sign_in_rightly().await;
    assert_eq!(
        first_error_code(&still.body),
        Some("TOO_MANY_ATTEMPTS"),
        "fourteen minutes later, the failures still count"
    );
    app.clock().advance(Duration::from_secs(2 * 60));
    let signed_in = sign_in_rightly().await;
    let token = signed_in
        .set_cookie
        .unwrap_or_else(|| panic!("once the window has passed: {}", signed_in.body));
    assert!(!me(&app, &token).await.is_null());
}

async fn an_idle_session_expires(app: TestApp) {
    let token = signed_up(&app, "lan@example.vn").await;
    // Used every half hour, the session outlives its two-hour idle timeout…
    for _ in 0..8 {
        assert!(
            !me(&app, &token).await.is_null(),
            "an active session stays open"
        );
        app.clock().advance(Duration::from_secs(30 * 60));
    }
    // …and left alone for longer than that, it is over.
    app.clock().advance(Duration::from_secs(2 * 3600 + 60));
    assert!(
        me(&app, &token).await.is_null(),
        "an idle session has expired"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_wrong_passwords_are_throttled_on_sqlite() {
    repeated_wrong_passwords_are_throttled_until_the_window_passes(
        app_with_short_windows(Engine::Sqlite).await.unwrap(),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_wrong_passwords_are_throttled_on_postgres() {
    if let Some(app) = app_with_short_windows(Engine::Postgres).await {
        repeated_wrong_passwords_are_throttled_until_the_window_passes(app).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_session_expires_on_sqlite() {
    an_idle_session_expires(app_with_short_windows(Engine::Sqlite).await.unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_session_expires_on_postgres() {
    if let Some(app) = app_with_short_windows(Engine::Postgres).await {
        an_idle_session_expires(app).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_work_across_two_server_processes_on_one_postgresql() {
    let Some(first) = TestApp::spawn(Engine::Postgres, AppOptions::default()).await else {
        return;
    };
    let second = first.sibling().await;

    let token = signed_up(&first, "lan@example.vn").await;
    let on_second = second
        .graphql_with_cookie(Some(&token), ME, json!({}))
        .await;
    assert_eq!(
        on_second.body["data"]["me"]["email"], "lan@example.vn",
        "signed in on one, known on the other"
    );

    let out = second
        .graphql_with_cookie(Some(&token), SIGN_OUT, json!({}))
        .await;
    assert_eq!(out.body["data"]["signOut"], true);
    assert!(
        me(&first, &token).await.is_null(),
        "signed out on the other, ended on this one too"
    );
}
