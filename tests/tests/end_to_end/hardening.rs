//! What an attacker tries against a running server, and what they get: documents that would
//! expand to millions of fields refused before any work, password guesses counted even when
//! sent all at once, no login from another site, nothing learnt about what one may not see,
//! no forged request ids, safe headers, and a database outage answered as one.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use futures::future::join_all;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use tests::{AppOptions, Engine, TestApp, eventually, first_error_code, key, on_every_database};

const SIGN_IN: &str = "mutation($login: String!, $password: String!) { signIn(login: $login, password: $password) { id } }";
const PASSWORD: &str = tests::PASSWORD;

/// `{...L<levels>}` where each fragment spreads the one below it ten times: 10^levels fields
/// in a few hundred bytes.
fn fan_out(levels: usize) -> String {
    let mut query = "fragment L0 on QueryRoot { serverInfo { version } }".to_owned();
    for level in 1..=levels {
        let spreads = format!("...L{} ", level - 1).repeat(10);
        query.push_str(&format!(" fragment L{level} on QueryRoot {{ {spreads}}}"));
    }
    format!("{{ ...L{levels} }} {query}")
}

async fn sqlite_app() -> TestApp {
    TestApp::spawn(Engine::Sqlite, AppOptions::default())
        .await
        .unwrap()
}

/// The time a debug build gets for what a release build does in well under 50 ms.
const QUICKLY: Duration = Duration::from_millis(500);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_that_expand_beyond_the_limit_are_refused_before_they_are_expanded() {
    let app = sqlite_app().await;
    let wide_aliases = format!(
        "{{ {} }} fragment F on QueryRoot {{ {} }}",
        "...F ".repeat(10),
        (0..10)
            .map(|i| format!("a{i}: serverInfo {{ version }} "))
            .collect::<String>()
    );
    let deep = {
        // Each level selects `me` twice through its own fragment: 2^30 fields, 30 deep.
        let mut query = "fragment D0 on User { id }".to_owned();
        for level in 1..=30 {
            query.push_str(&format!(
                " fragment D{level} on User {{ id ...D{} ...D{} }}",
                level - 1,
                level - 1
            ));
        }
        format!("{{ me {{ ...D30 }} }} {query}")
    };
    let shapes = [
        ("a fan-out of 10⁷", fan_out(7), "QUERY_TOO_COMPLEX"),
        ("a fan-out of 10¹⁷", fan_out(17), "QUERY_TOO_COMPLEX"),
        ("deep nesting through fragments", deep, "QUERY_TOO_COMPLEX"),
        ("wide aliases inside fragments", wide_aliases, "QUERY_TOO_COMPLEX"),
        (
            "a fragment cycle",
            "{ ...A } fragment A on QueryRoot { ...B } fragment B on QueryRoot { serverInfo { version } ...A }".to_owned(),
            "GRAPHQL_VALIDATION_FAILED",
        ),
    ];
    for (shape, query, code) in shapes {
        let started = Instant::now();
        let (status, body) = app.graphql(&query, json!({})).await;
        let took = started.elapsed();
        assert_eq!(first_error_code(&body), Some(code), "{shape}: {body}");
        assert_eq!(status, 200, "{shape}");
        assert!(took < QUICKLY, "{shape} took {took:?}");
    }
    let (_, body) = app
        .graphql(
            "{ ...A } fragment A on QueryRoot { serverInfo { version } }",
            json!({}),
        )
        .await;
    assert!(
        body["data"]["serverInfo"]["version"].is_string(),
        "a fragment of a normal size runs: {body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cheap_query_is_not_held_up_by_expensive_documents_sent_alongside() {
    let app = sqlite_app().await;
    let attack = fan_out(17);
    let attacks = join_all((0..8).map(|_| app.graphql(&attack, json!({}))));
    let cheap = async {
        let started = Instant::now();
        let (_, body) = app.graphql("{ serverInfo { version } }", json!({})).await;
        (started.elapsed(), body)
    };
    let (refused, (took, body)) = tokio::join!(attacks, cheap);
    assert!(
        refused
            .iter()
            .all(|(_, body)| first_error_code(body) == Some("QUERY_TOO_COMPLEX"))
    );
    assert!(body["data"]["serverInfo"]["version"].is_string(), "{body}");
    assert!(took < QUICKLY, "the cheap query waited {took:?}");
}

/// Sends 20 sign-ins for one login at once, alternating between `servers`; how many were
/// checked (answered as a wrong or right password) and how many refused unchecked.
async fn twenty_at_once(
    app: &TestApp,
    servers: &[String],
    right_one: Option<usize>,
) -> (usize, usize) {
    let attempts = (0..20).map(|i| {
        let address = servers[i % servers.len()].clone();
        let password = if Some(i) == right_one { PASSWORD } else { "doan-mo-mat-khau" };
        let http = app.http.clone();
        async move {
            let response = http
                .post(format!("{address}/graphql"))
                .header("content-type", "application/json")
                .header("x-khuyenhoc-client", "tests")
                .body(json!({ "query": SIGN_IN, "variables": { "login": "lan@example.vn", "password": password } }).to_string())
                .send()
                .await
                .unwrap();
            let body: Value = response.json().await.unwrap();
            first_error_code(&body).map(str::to_owned)
        }
    });
    let codes = join_all(attempts).await;
    let checked = codes
        .iter()
        .filter(|code| matches!(code.as_deref(), None | Some("UNAUTHENTICATED")))
        .count();
    let refused = codes
        .iter()
        .filter(|code| code.as_deref() == Some("TOO_MANY_ATTEMPTS"))
        .count();
    assert_eq!(checked + refused, 20, "nothing else: {codes:?}");
    (checked, refused)
}

on_every_database! {
    async fn of_twenty_password_guesses_sent_at_once_at_most_five_are_checked(app) {
        app.sign_up("lan@example.vn").await;
        let (checked, refused) = twenty_at_once(&app, std::slice::from_ref(&app.address), None).await;
        assert!(checked <= 5, "{checked} checked");
        assert!(refused >= 15, "{refused} refused");
        let after = app.graphql_with_cookie(None, SIGN_IN, json!({ "login": "lan@example.vn", "password": PASSWORD })).await;
        assert_eq!(first_error_code(&after.body), Some("TOO_MANY_ATTEMPTS"), "the limit holds afterwards too");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_password_limit_holds_across_two_server_processes_on_postgres() {
    let Some(app) = TestApp::spawn(Engine::Postgres, AppOptions::default()).await else {
        return;
    };
    app.sign_up("lan@example.vn").await;
    let other = app.second_process().await;
    let (checked, refused) =
        twenty_at_once(&app, &[app.address.clone(), other.address.clone()], None).await;
    assert!(checked <= 5, "{checked} checked across two processes");
    assert!(refused >= 15);
}

on_every_database! {
    async fn wrong_current_passwords_are_throttled_like_sign_ins(app) {
        app.sign_up("lan@example.vn").await;
        let token = app.sign_in("lan@example.vn").await;
        let change = "mutation($c: String!) { changePassword(currentPassword: $c, newPassword: \"mat-khau-moi-2026\") }";
        for _ in 0..5 {
            let wrong = app.graphql_with_cookie(Some(&token), change, json!({ "c": "doan-mo-mat-khau" })).await;
            assert_eq!(first_error_code(&wrong.body), Some("VALIDATION"), "{}", wrong.body);
        }
        let right = app.graphql_with_cookie(Some(&token), change, json!({ "c": PASSWORD })).await;
        assert_eq!(first_error_code(&right.body), Some("TOO_MANY_ATTEMPTS"), "even the right one waits: {}", right.body);
        let sign_in = app.graphql_with_cookie(None, SIGN_IN, json!({ "login": "lan@example.vn", "password": PASSWORD })).await;
        assert_eq!(first_error_code(&sign_in.body), Some("TOO_MANY_ATTEMPTS"), "the guesses count for the login");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_site_cannot_sign_a_visitor_in() {
    let app = sqlite_app().await;
    app.sign_up("ke.gian@example.vn").await;
    let body = json!({ "query": SIGN_IN, "variables": { "login": "ke.gian@example.vn", "password": PASSWORD } }).to_string();
    let post = |content_type: &'static str, extra: Vec<(&'static str, String)>| {
        let mut request = app
            .http
            .post(app.url("/graphql"))
            .header("content-type", content_type)
            .body(body.clone());
        for (name, value) in extra {
            request = request.header(name, value);
        }
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let cookie = response.headers().contains_key("set-cookie");
            let body: Value = response.json().await.unwrap();
            (status, first_error_code(&body).map(str::to_owned), cookie)
        }
    };
    let host = app.address.trim_start_matches("http://").to_owned();
    let from_a_form = post(
        "text/plain",
        vec![("origin", "https://attacker.example".into())],
    )
    .await;
    assert_eq!(
        from_a_form,
        (415, Some("UNSUPPORTED_MEDIA_TYPE".into()), false)
    );
    let urlencoded = post("application/x-www-form-urlencoded", vec![]).await;
    assert_eq!(urlencoded.0, 415);
    let no_header = post("application/json", vec![]).await;
    assert_eq!(no_header, (403, Some("FORBIDDEN".into()), false));
    let other_origin = post(
        "application/json",
        vec![
            ("origin", "https://attacker.example".into()),
            ("host", host.clone()),
        ],
    )
    .await;
    assert_eq!(other_origin, (403, Some("FORBIDDEN".into()), false));
    let same_origin = post("application/json", vec![("origin", app.address.clone())]).await;
    assert_eq!(
        same_origin,
        (200, None, true),
        "our own pages may, by their Origin"
    );
    let our_client = post(
        "application/json",
        vec![("x-khuyenhoc-client", "web".into())],
    )
    .await;
    assert_eq!(our_client, (200, None, true));
}

on_every_database! {
    async fn a_donor_search_matches_what_it_says_and_refuses_what_no_one_types(app) {
        let admin = app.city_admin().await;
        let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
        let treasurer = app.staff(&admin, "thuquy@example.vn", &bat_trang, "TREASURER").await;
        let fund = app.fund_id("Quỹ Khuyến học xã Bát Tràng").await;
        for name in ["Công ty 100% Việt", "Trần Thị Hoa"] {
            let donate = "mutation($i: RecordDonationInput!) { recordDonation(input: $i) { id } }";
            let input = json!({ "idempotencyKey": key(), "fundId": fund, "amount": 500_000, "method": "CASH", "newDonor": { "kind": "PERSON", "name": name } });
            let body = app.graphql_with_cookie(Some(&treasurer), donate, json!({ "i": input })).await.body;
            assert!(body["errors"].is_null(), "{body}");
        }
        let search = "query($o: ID!, $s: String!) { donors(organizationId: $o, search: $s) { nodes { name } } }";
        let names = |body: &Value| body["data"]["donors"]["nodes"].as_array().map(|donors| donors.iter().map(|d| d["name"].as_str().unwrap().to_owned()).collect::<Vec<_>>());
        for (term, expected) in [("%", vec!["Công ty 100% Việt"]), ("_", vec![]), ("Hoa", vec!["Trần Thị Hoa"]), ("", vec!["Công ty 100% Việt", "Trần Thị Hoa"]),
            // As typed on a phone: without diacritics, in any case.
            ("tran thi hoa", vec!["Trần Thị Hoa"]), ("CÔNG TY", vec!["Công ty 100% Việt"]), ("viet", vec!["Công ty 100% Việt"])] {
            let body = app.graphql_with_cookie(Some(&treasurer), search, json!({ "o": bat_trang, "s": term })).await.body;
            assert_eq!(names(&body), Some(expected.into_iter().map(str::to_owned).collect()), "{term:?}: {body}");
        }
        // A page at a time, by name.
        let (paged, sizes) = app.every_page(
            &treasurer,
            "query($o: ID!, $after: String) { donors(organizationId: $o, first: 1, after: $after) { nodes { name } pageInfo { hasNextPage endCursor } } }",
            "donors",
            json!({ "o": bat_trang }),
        ).await;
        assert_eq!(sizes, [1, 1], "one a page");
        assert_eq!(paged, [json!({ "name": "Công ty 100% Việt" }), json!({ "name": "Trần Thị Hoa" })]);
        let long = app.graphql_with_cookie(Some(&treasurer), search, json!({ "o": bat_trang, "s": "a".repeat(49_999) })).await.body;
        assert_eq!(first_error_code(&long), Some("VALIDATION"), "{long}");
        assert_eq!(long["errors"][0]["extensions"]["field"], "search");
    }
}

/// Every free-text input of the API, and a value for each that fills it correctly.
fn free_text_inputs(
    bat_trang: &str,
    fund: &str,
) -> Vec<(&'static str, &'static str, Value, &'static str)> {
    let program = |field: &str, value: Value| {
        let mut input = json!({
            "organizationId": bat_trang, "fundId": fund, "kind": "SCHOLARSHIP", "name": "Học bổng",
            "cycle": "2026-2027", "opensOn": "2026-12-01", "closesOn": "2026-12-31", "budget": 1_000_000,
            "tiers": [{ "name": "Mức một", "amount": 500_000, "quota": 2 }],
            "rubric": [{ "name": "Học tập", "weight": 100, "maxScore": 10 }],
        });
        input[field] = value;
        input
    };
    let learner = |field: &str, value: &str| {
        let mut input = json!({ "fullName": "Lê Minh Anh", "dateOfBirth": "2012-09-05", "gender": "FEMALE", "educationLevel": "LOWER_SECONDARY" });
        input[field] = json!(value);
        input
    };
    let create_program = "mutation($v: CreateProgramInput!) { createProgram(input: $v) { id } }";
    let register = "mutation($v: RegisterLearnerInput!) { registerLearner(input: $v) { id } }";
    let create_fund = "mutation($v: CreateFundInput!) { createFund(input: $v) { id } }";
    let create_org =
        "mutation($v: CreateOrganizationInput!) { createOrganization(input: $v) { id } }";
    let sign_up = "mutation($v: SignUpInput!) { signUp(input: $v) { id } }";
    let mut inputs = vec![
        (
            "programName",
            create_program,
            program("name", json!("{}")),
            "name",
        ),
        (
            "programDescription",
            create_program,
            program("description", json!("{}")),
            "description",
        ),
        (
            "tierName",
            create_program,
            program(
                "tiers",
                json!([{ "name": "{}", "amount": 500_000, "quota": 2 }]),
            ),
            "tiers.0.name",
        ),
        (
            "criterionName",
            create_program,
            program(
                "rubric",
                json!([{ "name": "{}", "weight": 100, "maxScore": 10 }]),
            ),
            "rubric.0.name",
        ),
        (
            "requiredEvidence",
            create_program,
            program("requiredEvidence", json!(["{}"])),
            "requiredEvidence.0",
        ),
        (
            "fundName",
            create_fund,
            json!({ "organizationId": bat_trang, "name": "{}" }),
            "name",
        ),
        (
            "fundPurpose",
            create_fund,
            json!({ "organizationId": bat_trang, "name": "Quỹ mới", "purpose": "{}" }),
            "purpose",
        ),
        (
            "organizationName",
            create_org,
            json!({ "parentId": bat_trang, "kind": "CHAPTER", "name": "{}" }),
            "name",
        ),
        (
            "areaCode",
            create_org,
            json!({ "parentId": bat_trang, "kind": "CHAPTER", "name": "Chi hội mới", "areaCode": "{}" }),
            "areaCode",
        ),
        (
            "displayName",
            sign_up,
            json!({ "login": "moi@example.vn", "displayName": "{}", "password": PASSWORD }),
            "displayName",
        ),
        (
            "login",
            sign_up,
            json!({ "login": "{}", "displayName": "Người mới", "password": PASSWORD }),
            "login",
        ),
    ];
    for field in [
        "fullName",
        "school",
        "className",
        "achievements",
        "guardianName",
    ] {
        inputs.push((
            field,
            register,
            json!({ "v": learner(field, "{}") })["v"].clone(),
            field,
        ));
    }
    inputs
}

on_every_database! {
    async fn every_free_text_input_refuses_what_no_person_types(app) {
        let admin = app.city_admin().await;
        let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
        let fund = app.fund_id("Quỹ Khuyến học xã Bát Tràng").await;
        let bad_values = [
            ("NUL", "An\u{0}Bình".to_owned(), "INVALID"),
            ("a bidi override", "\u{202E}nA".to_owned(), "INVALID"),
            ("only zero-width spaces", "\u{200B}\u{200B}".to_owned(), "INVALID"),
            ("only spaces", "   ".to_owned(), "EMPTY"),
            ("100,000 characters", "a".repeat(100_000), "LONG"),
        ];
        for (input, mutation, template, field) in free_text_inputs(&bat_trang, &fund) {
            for (what, value, _) in &bad_values {
                // Optional fields may be left blank; everything else is refused.
                let blank_is_fine = *what == "only spaces"
                    && ["programDescription", "requiredEvidence", "fundPurpose", "areaCode", "school", "className", "achievements", "guardianName"].contains(&input);
                let text = template.to_string().replace("{}", serde_json::to_string(value).unwrap().trim_matches('"'));
                let variables = json!({ "v": serde_json::from_str::<Value>(&text).unwrap() });
                let body = app.graphql_with_cookie(Some(&admin), mutation, variables).await.body;
                if blank_is_fine {
                    assert!(first_error_code(&body) != Some("INTERNAL"), "{input} with {what}: {body}");
                    continue;
                }
                assert_eq!(first_error_code(&body), Some("VALIDATION"), "{input} with {what}: {body}");
                assert_eq!(body["errors"][0]["extensions"]["field"], field, "{input} with {what}: {body}");
            }
        }
    }
}

on_every_database! {
    async fn an_outsider_learns_nothing_about_a_transaction_they_may_not_see(app) {
        let admin = app.city_admin().await;
        let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
        let soc_son = app.organization_id("Hội Khuyến học xã Sóc Sơn").await;
        let treasurer = app.staff(&admin, "thuquy@example.vn", &bat_trang, "TREASURER").await;
        let outsider = app.staff(&admin, "thuquy.socson@example.vn", &soc_son, "TREASURER").await;
        let fund = app.fund_id("Quỹ Khuyến học xã Bát Tràng").await;
        let donate = "mutation($i: RecordDonationInput!) { recordDonation(input: $i) { id } }";
        let input = json!({ "idempotencyKey": key(), "fundId": fund, "amount": 5_000_000, "method": "CASH", "newDonor": { "kind": "PERSON", "name": "Trần Thị Hoa" } });
        app.graphql_with_cookie(Some(&treasurer), donate, json!({ "i": input })).await;
        let reserve = "mutation($i: ReserveFundsInput!) { reserveFunds(input: $i) { id } }";
        let input = json!({ "idempotencyKey": key(), "fundId": fund, "amount": 1_000_000 });
        let body = app.graphql_with_cookie(Some(&treasurer), reserve, json!({ "i": input })).await.body;
        let reservation = body["data"]["reserveFunds"]["id"].as_str().unwrap_or_else(|| panic!("{body}")).to_owned();

        let reverse = "mutation($i: ReverseTransactionInput!) { reverseTransaction(input: $i) { id } }";
        let void = "mutation($i: VoidReservationInput!) { voidReservation(input: $i) { id } }";
        for (mutation, field) in [(reverse, "transactionId"), (void, "reservationId")] {
            let attempt = |id: &str| {
                let mut input = json!({ "idempotencyKey": key(), "reason": "Thử" });
                input[field] = json!(id);
                app.graphql_with_cookie(Some(&outsider), mutation, json!({ "i": input }))
            };
            let real = attempt(&reservation).await.body;
            let none = attempt("999999").await.body;
            assert_eq!(first_error_code(&real), Some("NOT_FOUND"), "{real}");
            assert_eq!(
                real["errors"][0]["message"].as_str().unwrap().replace(&reservation, "#"),
                none["errors"][0]["message"].as_str().unwrap().replace("999999", "#"),
                "the same words as for a transaction that does not exist"
            );
        }
        let body = app.graphql_with_cookie(Some(&treasurer), reverse, json!({ "i": { "idempotencyKey": key(), "transactionId": reservation, "reason": "Thử" } })).await.body;
        assert_eq!(body["errors"][0]["extensions"]["field"], "transactionId", "its own treasurer is told why: {body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_makes_its_own_request_ids() {
    let app = sqlite_app().await;
    let response = app
        .http
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .header("x-khuyenhoc-client", "tests")
        .header("x-request-id", "forged-id-in-the-audit-log")
        .body(json!({ "query": "mutation { signUp(input: { login: \"lan@example.vn\", displayName: \"Lan\", password: \"hoc-tap-suot-doi\" }) { id } }" }).to_string())
        .send()
        .await
        .unwrap();
    let id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(id, "forged-id-in-the-audit-log");
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
    let db = app.database().await;
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT request_id FROM audit_event WHERE action = 'ACCOUNT_CREATED'",
        ))
        .await
        .unwrap()
        .unwrap();
    let logged: String = row.try_get("", "request_id").unwrap();
    assert_eq!(logged, id, "the audit log has the server's id");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_says_what_a_browser_may_do_with_it() {
    for production in [false, true] {
        let options = AppOptions {
            production,
            ..Default::default()
        };
        let app = TestApp::spawn(Engine::Sqlite, options).await.unwrap();
        for path in ["/", "/programs", "/healthz"] {
            let response = app.http.get(app.url(path)).send().await.unwrap();
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .map(|v| v.to_str().unwrap().to_owned())
            };
            let policy =
                header("content-security-policy").unwrap_or_else(|| panic!("{path}: no CSP"));
            assert!(
                policy.contains("frame-ancestors 'none'")
                    && policy.contains("script-src 'self' 'wasm-unsafe-eval'"),
                "{policy}"
            );
            assert_eq!(header("x-frame-options").as_deref(), Some("DENY"), "{path}");
            assert_eq!(
                header("x-content-type-options").as_deref(),
                Some("nosniff"),
                "{path}"
            );
            assert!(header("referrer-policy").is_some(), "{path}");
            assert_eq!(
                header("strict-transport-security").is_some(),
                production,
                "{path}: HSTS only in production"
            );
        }
        let (_, _) = app.graphql("{ serverInfo { version } }", json!({})).await;
    }
}

/// Ends every connection the server holds to its database, as a restart or failover does.
async fn terminate_connections(app: &TestApp) {
    let admin = sea_orm::Database::connect(tests::postgres_admin_url().as_str())
        .await
        .unwrap();
    let name = app.database_url().rsplit('/').next().unwrap().to_owned();
    admin
        .execute_raw(Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            [name.into()],
        ))
        .await
        .unwrap();
    admin.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_database_connections_answer_unavailable_and_the_pool_recovers() {
    let Some(app) = TestApp::spawn(
        Engine::Postgres,
        AppOptions {
            seeded: true,
            ..Default::default()
        },
    )
    .await
    else {
        return;
    };
    let admin = app.city_admin().await;
    let query = "{ organizations(first: 20) { edges { node { id name } } } me { id } }";
    // Rounds of load with every connection cut in the middle, until some request was caught
    // in flight (usually within a few rounds).
    let mut codes = Vec::new();
    for _ in 0..40 {
        let load =
            join_all((0..12).map(|_| app.graphql_with_cookie(Some(&admin), query, json!({}))));
        let ((), answers) = tokio::join!(terminate_connections(&app), load);
        codes.extend(answers.into_iter().map(|answer| {
            (
                answer.status,
                first_error_code(&answer.body).map(str::to_owned),
            )
        }));
        if codes.iter().any(|(_, code)| code.is_some()) {
            break;
        }
    }
    assert!(
        codes.iter().any(|(_, code)| code.is_some()),
        "no request was ever caught by a dropped connection"
    );
    assert!(
        codes
            .iter()
            .all(|(_, code)| code.is_none() || code.as_deref() == Some("UNAVAILABLE")),
        "a dropped connection is UNAVAILABLE, never INTERNAL: {codes:?}"
    );
    // The pool replaces what it lost by itself, and the health check never cried wolf.
    eventually("the pool to recover", Duration::from_secs(10), || async {
        let answer = app
            .graphql_with_cookie(Some(&admin), query, json!({}))
            .await;
        answer.body["errors"].is_null().then_some(())
    })
    .await;
    terminate_connections(&app).await;
    let health = app.http.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(
        health.status(),
        200,
        "the database is up: the health check says so"
    );
}
