//! The ledger under load: many concurrent requests, through more than one server process,
//! never overdraw a fund, and one idempotency key moves money once however often it is sent.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use futures::future::join_all;
use serde_json::{Value, json};
use tests::{AppOptions, Client, Engine, TestApp, first_error_code, key};

const TRANSFER: &str =
    "mutation($i: TransferFundsInput!) { transferFunds(input: $i) { id amount } }";

/// A treasurer of the city (so of every fund) and two funds, the first holding `balance`.
async fn two_funds(app: &TestApp, balance: i64) -> (String, String, String, String) {
    let admin = app.city_admin().await;
    let city = app.organization_id("Hội Khuyến học thành phố Hà Nội").await;
    let treasurer = app
        .staff(&admin, "thuquy@example.vn", &city, "TREASURER")
        .await;
    let (_, body) = app
        .graphql("{ funds(first: 2) { edges { node { id } } } }", json!({}))
        .await;
    let id = |n: usize| {
        body["data"]["funds"]["edges"][n]["node"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (from, to) = (id(0), id(1));
    let donation = json!({ "i": {
        "idempotencyKey": key(), "fundId": from, "amount": balance,
        "method": "CASH", "newDonor": { "kind": "ORGANIZATION", "name": "Ngân hàng Nhà nước" },
    }});
    let answer = app
        .graphql_with_cookie(
            Some(&treasurer),
            "mutation($i: RecordDonationInput!) { recordDonation(input: $i) { id } }",
            donation,
        )
        .await;
    assert!(answer.body["errors"].is_null(), "{}", answer.body);
    (admin, treasurer, from, to)
}

async fn posted(app: &TestApp, fund: &str) -> i64 {
    let (_, body) = app
        .graphql(
            "query($f: ID!) { fund(id: $f) { postedBalance availableBalance } }",
            json!({ "f": fund }),
        )
        .await;
    body["data"]["fund"]["postedBalance"].as_i64().unwrap()
}

async fn ledger_is_sound(app: &TestApp, admin: &str) {
    let answer = app
        .graphql_with_cookie(
            Some(admin),
            "{ verifyLedger { ok transactionsChecked mismatches { check fundId expected actual } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        answer.body["data"]["verifyLedger"]["ok"], true,
        "{}",
        answer.body
    );
}

/// Counts answers by outcome: the error code, or `OK`.
fn tally(answers: &[Value]) -> std::collections::BTreeMap<String, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for body in answers {
        let outcome = first_error_code(body).unwrap_or("OK").to_owned();
        if !matches!(outcome.as_str(), "OK" | "INSUFFICIENT_FUNDS" | "CONFLICT") {
            eprintln!("unexpected answer: {body}");
        }
        *counts.entry(outcome).or_insert(0) += 1;
    }
    counts
}

/// Sends `variables` to `server` as a client told "try again in a moment" does: while the
/// answer is `UNAVAILABLE` (the server's pool had no connection free in time), the same
/// request again, with the same idempotency key, at most five times. The last answer and how
/// many times it was sent again.
async fn with_retries(
    server: &Client,
    token: &str,
    query: &str,
    variables: Value,
) -> (Value, usize) {
    let mut retries = 0;
    loop {
        let answer = server.call(token, query, variables.clone()).await;
        if first_error_code(&answer) != Some("UNAVAILABLE") || retries == 5 {
            return (answer, retries);
        }
        retries += 1;
    }
}

/// 1,000 transfers of 10 out of a fund holding 5,000, all at once, spread over `servers`.
///
/// All of them wait for the one fund's lock, so the last in line waits for almost all the
/// others: on a loaded machine, longer than a server waits for a pooled connection. Those
/// are told `UNAVAILABLE` and sent again, as a real client does.
async fn a_thousand_transfers(app: &TestApp, second: Option<&tests::ServerProcess>) {
    let (admin, treasurer, from, to) = two_funds(app, 5_000).await;
    let started = Instant::now();
    let requests = (0..1_000).map(|n| {
        let variables = json!({ "i": {
            "idempotencyKey": format!("transfer-{n:04}-{}", uuid::Uuid::new_v4().simple()),
            "fromFundId": from, "toFundId": to, "amount": 10,
        }});
        let server: &Client = match second {
            Some(process) if n % 2 == 1 => process,
            _ => app,
        };
        with_retries(server, &treasurer, TRANSFER, variables)
    });
    let (answers, retries): (Vec<Value>, Vec<usize>) = join_all(requests).await.into_iter().unzip();
    let elapsed = started.elapsed();
    let counts = tally(&answers);
    eprintln!(
        "1,000 concurrent transfers on {:?} through {} process(es): {counts:?} in {elapsed:.2?}, \
         {} sent again",
        app.engine,
        if second.is_some() { 2 } else { 1 },
        retries.iter().sum::<usize>()
    );
    assert_eq!(counts.get("OK"), Some(&500), "{counts:?}");
    assert_eq!(counts.get("INSUFFICIENT_FUNDS"), Some(&500), "{counts:?}");
    assert_eq!(
        counts.len(),
        2,
        "no other outcome (no 'database is locked'): {counts:?}"
    );
    assert!(
        answers
            .iter()
            .all(|body| !body.to_string().contains("locked")),
        "no answer mentions a locked database"
    );
    assert_eq!(posted(app, &from).await, 0, "the fund ends at exactly 0");
    assert_eq!(posted(app, &to).await, 5_000);
    ledger_is_sound(app, &admin).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_transfers_through_two_processes_on_postgres_never_overdraw() {
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
    let second = app.second_process().await;
    a_thousand_transfers(&app, Some(&second)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_transfers_on_sqlite_never_overdraw_nor_hit_a_locked_database() {
    let app = TestApp::spawn(
        Engine::Sqlite,
        AppOptions {
            seeded: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    a_thousand_transfers(&app, None).await;
}

tests::on_every_database! {
    async fn fifty_concurrent_retries_with_one_key_move_the_money_once(app) {
        // The fund holds exactly one transfer's worth: a second application would be refused,
        // so any retry that did not replay the first would show as INSUFFICIENT_FUNDS.
        let (admin, treasurer, from, to) = two_funds(&app, 10).await;
        let second = app.second_process().await;
        let variables = json!({ "i": {
            "idempotencyKey": "one-transfer-retried-by-a-flaky-network",
            "fromFundId": from, "toFundId": to, "amount": 10,
        }});
        let answers = join_all((0..50).map(|n| {
            let server: &Client = if n % 2 == 0 { &app } else { &second };
            server.call(&treasurer, TRANSFER, variables.clone())
        }))
        .await;
        let ids: std::collections::BTreeSet<String> = answers
            .iter()
            .map(|body| {
                body["data"]["transferFunds"]["id"]
                    .as_str()
                    .unwrap_or_else(|| panic!("every retry gets the one result: {body}"))
                    .to_owned()
            })
            .collect();
        assert_eq!(ids.len(), 1, "one transaction for fifty requests: {ids:?}");
        assert_eq!(posted(&app, &from).await, 0);
        assert_eq!(posted(&app, &to).await, 10, "moved once");
        ledger_is_sound(&app, &admin).await;
    }
}

tests::on_every_database! {
    async fn concurrent_payouts_of_one_reservation_pay_it_once(app) {
        let (admin, treasurer, from, _) = two_funds(&app, 1_000).await;
        let reserved = app
            .graphql_with_cookie(
                Some(&treasurer),
                "mutation($i: ReserveFundsInput!) { reserveFunds(input: $i) { id } }",
                json!({ "i": { "idempotencyKey": key(), "fundId": from, "amount": 400 } }),
            )
            .await;
        let reservation = reserved.body["data"]["reserveFunds"]["id"].as_str().unwrap().to_owned();
        // Ten different requests (each its own key) race to pay the same award.
        let answers = join_all((0..10).map(|_| {
            let variables = json!({ "i": { "idempotencyKey": key(), "reservationId": reservation } });
            let (app, treasurer) = (&app, &treasurer);
            async move {
                app.graphql_with_cookie(
                    Some(treasurer),
                    "mutation($i: ResolveReservationInput!) { postReservation(input: $i) { id } }",
                    variables,
                )
                .await
                .body
            }
        }))
        .await;
        let counts = tally(&answers);
        assert_eq!(counts.get("OK"), Some(&1), "{counts:?}");
        assert_eq!(counts.get("CONFLICT"), Some(&9), "{counts:?}");
        assert_eq!(posted(&app, &from).await, 600, "paid once");
        ledger_is_sound(&app, &admin).await;
    }
}
