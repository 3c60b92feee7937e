//! Funds and the ledger over HTTP: donations, transfers, reservations, reversals, idempotency,
//! who may move money, what the public sees, and the ledger's own defences.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use tests::{TestApp, first_error_code, key, on_every_database, server_binary};

const CITY_FUND: &str = "Quỹ Khuyến học, Khuyến tài thành phố Hà Nội";
const BAT_TRANG_FUND: &str = "Quỹ Khuyến học xã Bát Tràng";
const SOC_SON_FUND: &str = "Quỹ Khuyến học xã Sóc Sơn";

const DONATE: &str = "mutation($i: RecordDonationInput!) { recordDonation(input: $i) { id kind amount entries { fundId account phase amount } } }";
const TRANSFER: &str =
    "mutation($i: TransferFundsInput!) { transferFunds(input: $i) { id kind amount } }";
const RESERVE: &str =
    "mutation($i: ReserveFundsInput!) { reserveFunds(input: $i) { id kind amount } }";
const POST: &str =
    "mutation($i: ResolveReservationInput!) { postReservation(input: $i) { id kind resolvesId } }";
const VOID: &str =
    "mutation($i: VoidReservationInput!) { voidReservation(input: $i) { id kind resolvesId } }";
const REVERSE: &str = "mutation($i: ReverseTransactionInput!) { reverseTransaction(input: $i) { id kind reversesId } }";
/// People and funds: a treasurer of Bát Tràng, one of the city, a reviewer of Bát Tràng.
struct World {
    city_admin: String,
    treasurer: String,
    city_treasurer: String,
    reviewer: String,
    bat_trang_fund: String,
    city_fund: String,
    soc_son_fund: String,
}

async fn world(app: &TestApp) -> World {
    let city_admin = app.city_admin().await;
    let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
    let city = app.organization_id("Hội Khuyến học thành phố Hà Nội").await;
    World {
        treasurer: app
            .staff(
                &city_admin,
                "thuquy.battrang@example.vn",
                &bat_trang,
                "TREASURER",
            )
            .await,
        city_treasurer: app
            .staff(&city_admin, "thuquy.hanoi@example.vn", &city, "TREASURER")
            .await,
        reviewer: app
            .staff(&city_admin, "giamkhao@example.vn", &bat_trang, "REVIEWER")
            .await,
        bat_trang_fund: app.fund_id(BAT_TRANG_FUND).await,
        city_fund: app.fund_id(CITY_FUND).await,
        soc_son_fund: app.fund_id(SOC_SON_FUND).await,
        city_admin,
    }
}

async fn run(app: &TestApp, token: Option<&str>, query: &str, input: Value) -> Value {
    app.graphql_with_cookie(token, query, json!({ "i": input }))
        .await
        .body
}

async fn cash(app: &TestApp, token: &str, fund: &str, amount: i64) -> Value {
    let input = json!({
        "idempotencyKey": key(), "fundId": fund, "amount": amount, "method": "CASH",
        "newDonor": { "kind": "PERSON", "name": "Trần Thị Hoa" },
    });
    let body = run(app, Some(token), DONATE, input).await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["recordDonation"].clone()
}

async fn verified(app: &TestApp, admin: &str) -> Value {
    let answer = app
        .graphql_with_cookie(
            Some(admin),
            "{ verifyLedger { ok fundsChecked transactionsChecked mismatches { check fundId expected actual } } }",
            json!({}),
        )
        .await;
    answer.body["data"]["verifyLedger"].clone()
}

on_every_database! {
    async fn a_donation_raises_the_balance_and_the_public_sees_it_without_anonymous_names(app) {
        let w = world(&app).await;
        let company = json!({
            "idempotencyKey": key(), "fundId": w.bat_trang_fund, "amount": 1_500_000, "method": "CASH",
            "newDonor": { "kind": "ORGANIZATION", "name": "Công ty Gốm sứ Minh Long", "contact": "0912345678" },
        });
        let body = run(&app, Some(&w.treasurer), DONATE, company).await;
        let donation = &body["data"]["recordDonation"];
        assert_eq!(donation["kind"], "DONATION", "{body}");
        assert_eq!(donation["amount"], 1_500_000);
        let sum: i64 = donation["entries"].as_array().unwrap().iter().map(|e| e["amount"].as_i64().unwrap()).sum();
        assert_eq!(sum, 0, "a transaction's entries sum to zero");
        let anonymous = json!({
            "idempotencyKey": key(), "fundId": w.bat_trang_fund, "amount": "500000", "method": "BANK_TRANSFER",
            "bankReference": "FT26333123456",
            "newDonor": { "kind": "PERSON", "name": "Nguyễn Văn Kín", "anonymous": true },
        });
        let body = run(&app, Some(&w.treasurer), DONATE, anonymous).await;
        assert!(body["errors"].is_null(), "{body}");

        assert_eq!(app.balances(&w.bat_trang_fund).await, (2_000_000, 0, 2_000_000));

        let public = "query($f: ID!) { fund(id: $f) { name organization { name } publicLedger(first: 10) { edges { node { kind amount donorName anonymous } } } } }";
        let (_, body) = app.graphql(public, json!({ "f": w.bat_trang_fund })).await;
        let entries = body["data"]["fund"]["publicLedger"]["edges"].as_array().unwrap();
        assert_eq!(entries.len(), 2, "{body}");
        assert_eq!(entries[0]["node"]["anonymous"], true, "newest first");
        assert!(entries[0]["node"]["donorName"].is_null());
        assert_eq!(entries[1]["node"]["donorName"], "Công ty Gốm sứ Minh Long");
        assert_eq!(body["data"]["fund"]["organization"]["name"], "Hội Khuyến học xã Bát Tràng");
        let text = body.to_string();
        assert!(!text.contains("Kín"), "no anonymous name in public: {text}");

        let staff = "query($f: ID!) { fund(id: $f) { ledger(first: 10) { edges { node { amount method bankReference donor { name contact anonymous } } } } } }";
        let answer = app.graphql_with_cookie(Some(&w.treasurer), staff, json!({ "f": w.bat_trang_fund })).await;
        let entries = answer.body["data"]["fund"]["ledger"]["edges"].as_array().unwrap().clone();
        assert_eq!(entries[0]["node"]["donor"]["name"], "Nguyễn Văn Kín", "staff see who gave");
        assert_eq!(entries[0]["node"]["bankReference"], "FT26333123456");
        assert_eq!(entries[1]["node"]["donor"]["contact"], "0912345678");
        let (_, anonymous_read) = app.graphql(staff, json!({ "f": w.bat_trang_fund })).await;
        assert_eq!(first_error_code(&anonymous_read), Some("UNAUTHENTICATED"));
        let reviewer_read = app.graphql_with_cookie(Some(&w.reviewer), staff, json!({ "f": w.bat_trang_fund })).await;
        assert_eq!(first_error_code(&reviewer_read.body), Some("FORBIDDEN"));

        let audit = app.graphql_with_cookie(Some(&w.city_admin), "{ auditEvents(first: 20, filter: { action: DONATION_RECORDED }) { edges { node { action objectType } } } }", json!({})).await;
        assert_eq!(audit.body["data"]["auditEvents"]["edges"].as_array().map(Vec::len), Some(2), "{}", audit.body);
    }
}

on_every_database! {
    async fn wrong_amounts_and_missing_details_are_refused_naming_the_field_and_nothing_is_written(app) {
        let w = world(&app).await;
        let donation = |amount: Value| json!({
            "idempotencyKey": key(), "fundId": w.bat_trang_fund, "amount": amount, "method": "CASH",
            "newDonor": { "kind": "PERSON", "name": "Lê Văn Tám" },
        });
        for amount in [json!(0), json!(-50_000), json!(1.5), json!(10_000_000_000_000_000_i64), json!(1e20), json!("-3")] {
            let body = run(&app, Some(&w.treasurer), DONATE, donation(amount.clone())).await;
            assert_eq!(first_error_code(&body), Some("VALIDATION"), "{amount}: {body}");
            assert_eq!(body["errors"][0]["extensions"]["field"], "amount", "{amount}: {body}");
        }
        let mut no_reference = donation(json!(100_000));
        no_reference["method"] = json!("BANK_TRANSFER");
        let body = run(&app, Some(&w.treasurer), DONATE, no_reference).await;
        assert_eq!(body["errors"][0]["extensions"]["field"], "bankReference", "{body}");
        let mut in_kind = donation(json!(2_000_000));
        in_kind["method"] = json!("IN_KIND");
        let body = run(&app, Some(&w.treasurer), DONATE, in_kind).await;
        assert_eq!(body["errors"][0]["extensions"]["field"], "memo", "goods need a description: {body}");
        let mut bad_key = donation(json!(100_000));
        bad_key["idempotencyKey"] = json!("x");
        let body = run(&app, Some(&w.treasurer), DONATE, bad_key).await;
        assert_eq!(body["errors"][0]["extensions"]["field"], "idempotencyKey", "{body}");
        let to_itself = json!({ "idempotencyKey": key(), "fromFundId": w.bat_trang_fund, "toFundId": w.bat_trang_fund, "amount": 10 });
        let body = run(&app, Some(&w.treasurer), TRANSFER, to_itself).await;
        assert_eq!(body["errors"][0]["extensions"]["field"], "toFundId", "{body}");

        assert_eq!(app.balances(&w.bat_trang_fund).await, (0, 0, 0));
        let ledger = app.graphql_with_cookie(Some(&w.treasurer), "query($f: ID!) { fund(id: $f) { ledger { edges { node { id } } } } }", json!({ "f": w.bat_trang_fund })).await;
        assert_eq!(ledger.body["data"]["fund"]["ledger"]["edges"], json!([]), "nothing half-written");
        let donors = app.graphql_with_cookie(Some(&w.treasurer), "query($o: ID!) { donors(organizationId: $o) { nodes { name } } }", json!({ "o": app.organization_id("Hội Khuyến học xã Bát Tràng").await })).await;
        assert_eq!(donors.body["data"]["donors"]["nodes"], json!([]), "no donor left behind by a refused donation: {}", donors.body);
    }
}

on_every_database! {
    async fn transfers_move_money_down_the_tree_never_overdraw_and_need_the_right_role(app) {
        let w = world(&app).await;
        cash(&app, &w.city_treasurer, &w.city_fund, 10_000_000).await;
        let transfer = |from: &str, to: &str, amount: i64| json!({ "idempotencyKey": key(), "fromFundId": from, "toFundId": to, "amount": amount, "memo": "Phân bổ học bổng năm học 2026-2027" });

        let body = run(&app, Some(&w.city_treasurer), TRANSFER, transfer(&w.city_fund, &w.bat_trang_fund, 4_000_000)).await;
        assert_eq!(body["data"]["transferFunds"]["kind"], "TRANSFER", "{body}");
        assert_eq!(app.balances(&w.city_fund).await, (6_000_000, 0, 6_000_000));
        assert_eq!(app.balances(&w.bat_trang_fund).await, (4_000_000, 0, 4_000_000));

        let body = run(&app, Some(&w.city_treasurer), TRANSFER, transfer(&w.city_fund, &w.soc_son_fund, 7_000_000)).await;
        assert_eq!(first_error_code(&body), Some("INSUFFICIENT_FUNDS"), "{body}");
        assert_eq!(app.balances(&w.city_fund).await.0, 6_000_000, "a refused transfer changes nothing");

        let upward = run(&app, Some(&w.treasurer), TRANSFER, transfer(&w.city_fund, &w.bat_trang_fund, 1)).await;
        assert_eq!(first_error_code(&upward), Some("FORBIDDEN"), "a commune's treasurer cannot spend the city's fund");
        let body = run(&app, Some(&w.treasurer), TRANSFER, transfer(&w.bat_trang_fund, &w.city_fund, 1_000_000)).await;
        assert!(body["errors"].is_null(), "a commune may send money to any fund: {body}");
        let body = run(&app, Some(&w.reviewer), TRANSFER, transfer(&w.bat_trang_fund, &w.city_fund, 1)).await;
        assert_eq!(first_error_code(&body), Some("FORBIDDEN"));
        let body = run(&app, None, TRANSFER, transfer(&w.bat_trang_fund, &w.city_fund, 1)).await;
        assert_eq!(first_error_code(&body), Some("UNAUTHENTICATED"));
        let check = verified(&app, &w.city_admin).await;
        assert_eq!(check["ok"], true, "{check}");
    }
}

on_every_database! {
    async fn a_reservation_holds_money_until_it_is_posted_or_voided_once(app) {
        let w = world(&app).await;
        cash(&app, &w.treasurer, &w.bat_trang_fund, 1_000_000).await;
        let reserve = |amount: i64| json!({ "idempotencyKey": key(), "fundId": w.bat_trang_fund, "amount": amount, "memo": "Học bổng em Lê Minh Anh" });
        let body = run(&app, Some(&w.treasurer), RESERVE, reserve(600_000)).await;
        let reservation = body["data"]["reserveFunds"]["id"].as_str().unwrap().to_owned();
        assert_eq!(app.balances(&w.bat_trang_fund).await, (1_000_000, 600_000, 400_000));

        let body = run(&app, Some(&w.treasurer), RESERVE, reserve(500_000)).await;
        assert_eq!(first_error_code(&body), Some("INSUFFICIENT_FUNDS"), "reserved money is not available: {body}");
        let body = run(&app, Some(&w.treasurer), TRANSFER, json!({ "idempotencyKey": key(), "fromFundId": w.bat_trang_fund, "toFundId": w.city_fund, "amount": 500_000 })).await;
        assert_eq!(first_error_code(&body), Some("INSUFFICIENT_FUNDS"), "{body}");

        let body = run(&app, Some(&w.treasurer), POST, json!({ "idempotencyKey": key(), "reservationId": reservation })).await;
        assert_eq!(body["data"]["postReservation"]["resolvesId"], reservation.as_str(), "{body}");
        assert_eq!(app.balances(&w.bat_trang_fund).await, (400_000, 0, 400_000));
        let again = run(&app, Some(&w.treasurer), POST, json!({ "idempotencyKey": key(), "reservationId": reservation })).await;
        assert_eq!(first_error_code(&again), Some("CONFLICT"), "an award is paid at most once: {again}");
        let void_paid = run(&app, Some(&w.treasurer), VOID, json!({ "idempotencyKey": key(), "reservationId": reservation, "reason": "nhầm" })).await;
        assert_eq!(first_error_code(&void_paid), Some("CONFLICT"));

        let body = run(&app, Some(&w.treasurer), RESERVE, reserve(300_000)).await;
        let second = body["data"]["reserveFunds"]["id"].as_str().unwrap().to_owned();
        let no_reason = run(&app, Some(&w.treasurer), VOID, json!({ "idempotencyKey": key(), "reservationId": second, "reason": " " })).await;
        assert_eq!(no_reason["errors"][0]["extensions"]["field"], "reason", "{no_reason}");
        let body = run(&app, Some(&w.treasurer), VOID, json!({ "idempotencyKey": key(), "reservationId": second, "reason": "Quyết định khen thưởng bị huỷ" })).await;
        assert_eq!(body["data"]["voidReservation"]["kind"], "VOID", "{body}");
        assert_eq!(app.balances(&w.bat_trang_fund).await, (400_000, 0, 400_000));
        let not_a_reservation = run(&app, Some(&w.treasurer), POST, json!({ "idempotencyKey": key(), "reservationId": body["data"]["voidReservation"]["id"] })).await;
        assert_eq!(not_a_reservation["errors"][0]["extensions"]["field"], "reservationId");
        assert_eq!(verified(&app, &w.city_admin).await["ok"], true);
    }
}

on_every_database! {
    async fn a_reversal_undoes_a_transaction_once_and_both_stay_on_the_record(app) {
        let w = world(&app).await;
        let donation = cash(&app, &w.treasurer, &w.bat_trang_fund, 800_000).await;
        let donation_id = donation["id"].as_str().unwrap().to_owned();
        let no_reason = run(&app, Some(&w.treasurer), REVERSE, json!({ "idempotencyKey": key(), "transactionId": donation_id, "reason": "" })).await;
        assert_eq!(no_reason["errors"][0]["extensions"]["field"], "reason");
        let body = run(&app, Some(&w.treasurer), REVERSE, json!({ "idempotencyKey": key(), "transactionId": donation_id, "reason": "Ghi nhầm quỹ" })).await;
        assert_eq!(body["data"]["reverseTransaction"]["reversesId"], donation_id.as_str(), "{body}");
        assert_eq!(app.balances(&w.bat_trang_fund).await, (0, 0, 0));
        let again = run(&app, Some(&w.treasurer), REVERSE, json!({ "idempotencyKey": key(), "transactionId": donation_id, "reason": "lần nữa" })).await;
        assert_eq!(first_error_code(&again), Some("CONFLICT"));

        let ledger = app.graphql_with_cookie(Some(&w.treasurer), "query($f: ID!) { fund(id: $f) { ledger { edges { node { kind amount memo reversesTransactionId followedByTransactionId } } } } }", json!({ "f": w.bat_trang_fund })).await;
        let entries = ledger.body["data"]["fund"]["ledger"]["edges"].as_array().unwrap().clone();
        assert_eq!(entries.len(), 2, "both the mistake and its correction stay: {}", ledger.body);
        assert_eq!(entries[0]["node"]["kind"], "REVERSAL");
        assert_eq!(entries[0]["node"]["amount"], -800_000);
        assert_eq!(entries[0]["node"]["memo"], "Ghi nhầm quỹ");
        assert_eq!(entries[0]["node"]["reversesTransactionId"], donation_id.as_str());
        assert_eq!(entries[1]["node"]["followedByTransactionId"], body["data"]["reverseTransaction"]["id"]);

        // Money already spent cannot be taken back out by reversing the donation that brought it.
        let second = cash(&app, &w.treasurer, &w.bat_trang_fund, 300_000).await;
        run(&app, Some(&w.treasurer), TRANSFER, json!({ "idempotencyKey": key(), "fromFundId": w.bat_trang_fund, "toFundId": w.city_fund, "amount": 200_000 })).await;
        let body = run(&app, Some(&w.treasurer), REVERSE, json!({ "idempotencyKey": key(), "transactionId": second["id"], "reason": "Ghi nhầm" })).await;
        assert_eq!(first_error_code(&body), Some("INSUFFICIENT_FUNDS"), "{body}");
        let reservation = run(&app, Some(&w.treasurer), RESERVE, json!({ "idempotencyKey": key(), "fundId": w.bat_trang_fund, "amount": 1 })).await;
        let body = run(&app, Some(&w.treasurer), REVERSE, json!({ "idempotencyKey": key(), "transactionId": reservation["data"]["reserveFunds"]["id"], "reason": "x" })).await;
        assert_eq!(body["errors"][0]["extensions"]["field"], "transactionId", "a reservation is voided, not reversed: {body}");
        assert_eq!(verified(&app, &w.city_admin).await["ok"], true);
    }
}

on_every_database! {
    async fn one_idempotency_key_applies_its_request_once_and_refuses_a_different_one(app) {
        let w = world(&app).await;
        let input = json!({
            "idempotencyKey": "donation-2026-11-29-0001", "fundId": w.bat_trang_fund, "amount": 250_000, "method": "CASH",
            "newDonor": { "kind": "PERSON", "name": "Phạm Thị Lụa" },
        });
        let first = run(&app, Some(&w.treasurer), DONATE, input.clone()).await;
        let second = run(&app, Some(&w.treasurer), DONATE, input.clone()).await;
        assert_eq!(first["data"]["recordDonation"]["id"], second["data"]["recordDonation"]["id"], "{first} {second}");
        assert_eq!(app.balances(&w.bat_trang_fund).await.0, 250_000, "applied once");

        let mut changed = input.clone();
        changed["amount"] = json!(2_500_000);
        let body = run(&app, Some(&w.treasurer), DONATE, changed).await;
        assert_eq!(first_error_code(&body), Some("CONFLICT"), "{body}");
        let as_transfer = json!({ "idempotencyKey": "donation-2026-11-29-0001", "fromFundId": w.bat_trang_fund, "toFundId": w.city_fund, "amount": 250_000 });
        let body = run(&app, Some(&w.treasurer), TRANSFER, as_transfer).await;
        assert_eq!(first_error_code(&body), Some("CONFLICT"), "{body}");
        // Keys belong to the user who sent them: another treasurer's same key is another request.
        let body = run(&app, Some(&w.city_treasurer), DONATE, json!({
            "idempotencyKey": "donation-2026-11-29-0001", "fundId": w.city_fund, "amount": 250_000, "method": "CASH",
            "newDonor": { "kind": "PERSON", "name": "Phạm Thị Lụa" },
        })).await;
        assert!(body["errors"].is_null(), "{body}");
        assert_eq!(app.balances(&w.bat_trang_fund).await.0, 250_000);
        assert_eq!(app.balances(&w.city_fund).await.0, 250_000);
    }
}

on_every_database! {
    async fn the_ledger_refuses_edits_in_sql_and_verification_catches_a_tampered_balance(app) {
        use sea_orm::ConnectionTrait;
        let w = world(&app).await;
        cash(&app, &w.treasurer, &w.bat_trang_fund, 700_000).await;
        let db = sea_orm::Database::connect(app.database_url()).await.unwrap();
        for statement in [
            "UPDATE ledger_entry SET amount = amount * 2",
            "DELETE FROM ledger_entry",
            "UPDATE ledger_transaction SET memo = 'sửa'",
            "DELETE FROM ledger_transaction",
        ] {
            let error = db.execute_unprepared(statement).await.expect_err(statement);
            assert!(error.to_string().contains("append-only"), "{statement}: {error}");
        }
        if app.engine == tests::Engine::Postgres {
            let error = db.execute_unprepared("TRUNCATE ledger_entry").await.expect_err("TRUNCATE");
            assert!(error.to_string().contains("append-only"), "{error}");
        }
        let overdraw = db.execute_unprepared("UPDATE fund SET reserved_balance = posted_balance + 1").await;
        assert!(overdraw.is_err(), "the database itself refuses an overdrawn fund");
        assert_eq!(verified(&app, &w.city_admin).await["ok"], true);

        let cli = |url: &str| std::process::Command::new(server_binary())
            .env("DATABASE_URL", url)
            .env("KH_LOG", "warn")
            .arg("verify-ledger")
            .output()
            .unwrap();
        let clean = cli(app.database_url());
        assert!(clean.status.success(), "{}", String::from_utf8_lossy(&clean.stderr));
        let report: Value = serde_json::from_slice(&clean.stdout).unwrap();
        assert_eq!(report["mismatches"], json!([]), "{report}");
        assert!(report["funds_checked"].as_u64().unwrap() >= 6);

        db.execute_unprepared(&format!("UPDATE fund SET posted_balance = posted_balance + 1000 WHERE id = {}", w.bat_trang_fund)).await.unwrap();
        let check = verified(&app, &w.city_admin).await;
        assert_eq!(check["ok"], false);
        assert_eq!(check["mismatches"][0]["check"], "POSTED_BALANCE", "{check}");
        assert_eq!(check["mismatches"][0]["fundId"], w.bat_trang_fund.as_str());
        assert_eq!(check["mismatches"][0]["expected"], 700_000);
        assert_eq!(check["mismatches"][0]["actual"], 701_000);
        let dirty = cli(app.database_url());
        assert!(!dirty.status.success(), "verify-ledger fails on a mismatch");
        assert!(String::from_utf8_lossy(&dirty.stdout).contains("POSTED_BALANCE"));
        db.close().await.unwrap();

        let treasurer_check = app.graphql_with_cookie(Some(&w.treasurer), "{ verifyLedger { ok } }", json!({})).await;
        assert_eq!(first_error_code(&treasurer_check.body), Some("FORBIDDEN"));
    }
}

on_every_database! {
    async fn a_statement_shows_opening_receipts_payments_and_closing_for_whole_days(app) {
        let w = world(&app).await;
        cash(&app, &w.treasurer, &w.bat_trang_fund, 900_000).await;
        run(&app, Some(&w.treasurer), TRANSFER, json!({ "idempotencyKey": key(), "fromFundId": w.bat_trang_fund, "toFundId": w.city_fund, "amount": 250_000 })).await;
        let reservation = run(&app, Some(&w.treasurer), RESERVE, json!({ "idempotencyKey": key(), "fundId": w.bat_trang_fund, "amount": 100_000 })).await;
        run(&app, Some(&w.treasurer), POST, json!({ "idempotencyKey": key(), "reservationId": reservation["data"]["reserveFunds"]["id"] })).await;
        let today = chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap()).date_naive();
        let query = "query($f: ID!, $from: NaiveDate!, $to: NaiveDate!) { fund(id: $f) { statement(from: $from, to: $to) { opening receipts { kind amount } totalReceipts payments { kind amount } totalPayments closing reconciles } } }";
        let (_, body) = app.graphql(query, json!({ "f": w.bat_trang_fund, "from": today.to_string(), "to": today.to_string() })).await;
        let statement = &body["data"]["fund"]["statement"];
        assert_eq!(statement["opening"], 0, "{body}");
        assert_eq!(statement["receipts"], json!([{ "kind": "DONATION", "amount": 900_000 }]));
        assert_eq!(statement["payments"], json!([{ "kind": "TRANSFER", "amount": 250_000 }, { "kind": "DISBURSEMENT", "amount": 100_000 }]));
        assert_eq!(statement["closing"], 550_000);
        assert_eq!(statement["reconciles"], true);
        let yesterday = today.pred_opt().unwrap();
        let (_, body) = app.graphql(query, json!({ "f": w.bat_trang_fund, "from": yesterday.to_string(), "to": yesterday.to_string() })).await;
        assert_eq!(body["data"]["fund"]["statement"]["closing"], 0, "nothing happened yesterday: {body}");
        let (_, body) = app.graphql(query, json!({ "f": w.bat_trang_fund, "from": today.to_string(), "to": yesterday.to_string() })).await;
        assert_eq!(body["errors"][0]["extensions"]["field"], "to", "{body}");

        let (_, body) = app.graphql("query($f: ID!) { fund(id: $f) { monthlyTotals(months: 3) { month receipts payments } } }", json!({ "f": w.bat_trang_fund })).await;
        let months = body["data"]["fund"]["monthlyTotals"].as_array().unwrap();
        assert_eq!(months.len(), 3, "{body}");
        assert_eq!(months[2]["month"], today.format("%Y-%m").to_string());
        assert_eq!(months[2]["receipts"], 900_000);
        assert_eq!(months[2]["payments"], 350_000);
        assert_eq!(months[0]["receipts"], 0);
    }
}

on_every_database! {
    async fn statement_days_and_chart_months_are_counted_in_vietnam_time(app) {
        use backend::entity::{ledger_entry, ledger_transaction};
        use chrono::{Datelike, TimeZone};
        use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
        use shared::{EntryPhase, LedgerAccount, TransactionKind};
        let w = world(&app).await;
        // Two donations either side of midnight in Vietnam at the start of this month, written
        // straight into the ledger (inserts are all it allows) at those exact moments.
        let vietnam = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
        let today = chrono::Utc::now().with_timezone(&vietnam).date_naive();
        let first_of_month = today.with_day(1).unwrap();
        let midnight = vietnam
            .from_local_datetime(&first_of_month.and_hms_opt(0, 0, 0).unwrap())
            .unwrap()
            .with_timezone(&chrono::Utc);
        let db = sea_orm::Database::connect(app.database_url()).await.unwrap();
        let user: i64 = db
            .query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), "SELECT id FROM user_account WHERE email = 'city@example.vn'"))
            .await.unwrap().unwrap().try_get_by_index(0).unwrap();
        let fund: i64 = w.soc_son_fund.parse().unwrap();
        for (at, amount) in [(midnight - chrono::TimeDelta::seconds(1), 100), (midnight, 200)] {
            let transaction = ledger_transaction::ActiveModel {
                kind: Set(TransactionKind::Donation),
                memo: Set(String::new()),
                created_by: Set(user),
                created_at: Set(at),
                ..Default::default()
            }
            .insert(&db)
            .await
            .unwrap();
            for (fund_id, account, amount) in [(Some(fund), LedgerAccount::Fund, amount), (None, LedgerAccount::Donors, -amount)] {
                ledger_entry::ActiveModel {
                    transaction_id: Set(transaction.id),
                    fund_id: Set(fund_id),
                    account: Set(account),
                    phase: Set(EntryPhase::Posted),
                    amount: Set(amount),
                    kind: Set(TransactionKind::Donation),
                    created_at: Set(at),
                    ..Default::default()
                }
                .insert(&db)
                .await
                .unwrap();
            }
        }
        db.execute_unprepared(&format!("UPDATE fund SET posted_balance = 300 WHERE id = {fund}")).await.unwrap();
        // Their days summed as after a bulk load: each engine finds the day in SQL.
        backend::service::ledger::rebuild_day_totals(&db).await.unwrap();
        db.close().await.unwrap();
        assert_eq!(verified(&app, &w.city_admin).await["ok"], true, "the hand-written entries balance");

        let query = "query($f: ID!, $from: NaiveDate!, $to: NaiveDate!) { fund(id: $f) { statement(from: $from, to: $to) { opening totalReceipts closing } } }";
        let day = |date: chrono::NaiveDate| json!({ "f": w.soc_son_fund, "from": date.to_string(), "to": date.to_string() });
        let last_of_previous = first_of_month.pred_opt().unwrap();
        let (_, body) = app.graphql(query, day(last_of_previous)).await;
        assert_eq!(body["data"]["fund"]["statement"], json!({ "opening": 0, "totalReceipts": 100, "closing": 100 }), "23:59:59 is still the previous day");
        let (_, body) = app.graphql(query, day(first_of_month)).await;
        assert_eq!(body["data"]["fund"]["statement"], json!({ "opening": 100, "totalReceipts": 200, "closing": 300 }), "00:00:00 starts the new day");

        let (_, body) = app.graphql("query($f: ID!) { fund(id: $f) { monthlyTotals(months: 2) { month receipts } } }", json!({ "f": w.soc_son_fund })).await;
        assert_eq!(
            body["data"]["fund"]["monthlyTotals"],
            json!([
                { "month": last_of_previous.format("%Y-%m").to_string(), "receipts": 100 },
                { "month": first_of_month.format("%Y-%m").to_string(), "receipts": 200 },
            ]),
            "{body}"
        );
        let (_, body) = app.graphql(query, json!({ "f": w.soc_son_fund, "from": "0001-01-01", "to": "2026-01-01" })).await;
        assert_eq!(body["errors"][0]["extensions"]["field"], "from", "{body}");
    }
}
