//! Files taken away: a fund's statement with every entry, as a workbook and as CSV, read back
//! with calamine and csv and compared with what the API says of the same period.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde_json::{Value, json};
use tests::{TestApp, key, on_every_database, today};

const DONATE: &str = "mutation($i: RecordDonationInput!) { recordDonation(input: $i) { id } }";
const TRANSFER: &str = "mutation($i: TransferFundsInput!) { transferFunds(input: $i) { id } }";

/// A cash gift, an anonymous bank transfer and a transfer out of Bát Tràng's fund today;
/// (the treasurer, the fund).
async fn a_fund_with_three_movements(app: &TestApp) -> (String, String) {
    let admin = app.city_admin().await;
    let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
    let treasurer = app
        .staff(&admin, "thuquy@example.vn", &bat_trang, "TREASURER")
        .await;
    let fund = app.fund_id("Quỹ Khuyến học xã Bát Tràng").await;
    let city_fund = app
        .fund_id("Quỹ Khuyến học, Khuyến tài thành phố Hà Nội")
        .await;
    for (query, input) in [
        (
            DONATE,
            json!({
                "idempotencyKey": key(), "fundId": fund, "amount": 1_500_000, "method": "CASH",
                "memo": "Ủng hộ quỹ, dịp khai giảng",
                "newDonor": { "kind": "ORGANIZATION", "name": "Công ty Gốm sứ Minh Long" },
            }),
        ),
        (
            DONATE,
            json!({
                "idempotencyKey": key(), "fundId": fund, "amount": 500_000, "method": "BANK_TRANSFER",
                "bankReference": "FT26333123456",
                "newDonor": { "kind": "PERSON", "name": "Nguyễn Văn Kín", "anonymous": true },
            }),
        ),
        (
            TRANSFER,
            json!({
                "idempotencyKey": key(), "fromFundId": fund, "toFundId": city_fund, "amount": 300_000,
                "memo": "Nộp quỹ cấp trên",
            }),
        ),
    ] {
        let body = app.call(&treasurer, query, json!({ "i": input })).await;
        assert!(body["errors"].is_null(), "{body}");
    }
    (treasurer, fund)
}

/// The statement the API gives for today.
async fn statement_today(app: &TestApp, token: &str, fund: &str) -> Value {
    let body = app
        .call(
            token,
            "query($f: ID!, $d: NaiveDate!) { fund(id: $f) { statement(from: $d, to: $d) { opening totalReceipts totalPayments closing } } }",
            json!({ "f": fund, "d": today().to_string() }),
        )
        .await;
    body["data"]["fund"]["statement"].clone()
}

fn url(fund: &str, format: &str) -> String {
    format!(
        "/api/funds/{fund}/statement?from={day}&to={day}&format={format}",
        day = today()
    )
}

on_every_database! {
    async fn a_treasurer_downloads_the_statement_with_every_entry_as_a_workbook(app) {
        let (treasurer, fund) = a_fund_with_three_movements(&app).await;
        let (status, disposition, bytes) = app.download(&treasurer, &url(&fund, "xlsx")).await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
        assert!(disposition.unwrap_or_default().contains(".xlsx"));

        let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        let sheet = workbook.worksheet_range("Sổ chi tiết quỹ").unwrap();
        let cell = |row: u32, column: u32| sheet.get_value((row, column)).cloned().unwrap_or(Data::Empty);
        assert_eq!(cell(0, 0), Data::String("SỔ CHI TIẾT QUỸ: Quỹ Khuyến học xã Bát Tràng".into()));
        assert_eq!(cell(4, 0), Data::String("Ngày".into()));
        assert_eq!(cell(4, 7), Data::String("Thu (đồng)".into()));
        assert_eq!(cell(5, 3), Data::String("Số dư đầu kỳ".into()));
        assert_eq!(cell(5, 9), Data::Float(0.0));
        // Every entry, oldest first, with the balance after it.
        let rows: Vec<(String, String, Data, Data, Data)> = (6..9)
            .map(|row| {
                let text = |column| match cell(row, column) { Data::String(s) => s, Data::Empty => String::new(), other => format!("{other:?}") };
                (text(2), text(4), cell(row, 7), cell(row, 8), cell(row, 9))
            })
            .collect();
        assert_eq!(rows, [
            ("Ủng hộ".to_owned(), "Công ty Gốm sứ Minh Long".to_owned(), Data::Float(1_500_000.0), Data::Empty, Data::Float(1_500_000.0)),
            ("Ủng hộ".to_owned(), "Nguyễn Văn Kín (ẩn danh)".to_owned(), Data::Float(500_000.0), Data::Empty, Data::Float(2_000_000.0)),
            ("Chuyển quỹ".to_owned(), String::new(), Data::Empty, Data::Float(300_000.0), Data::Float(1_700_000.0)),
        ]);
        assert_eq!(cell(7, 6), Data::String("FT26333123456".into()));
        assert_eq!(cell(6, 3), Data::String("Ủng hộ quỹ, dịp khai giảng".into()));
        // A date is a date, shown as Vietnamese accountants write it.
        match cell(6, 0) {
            Data::DateTime(date) => assert_eq!(date.as_datetime().map(|d| d.date()), Some(today())),
            other => panic!("the day is not a date: {other:?}"),
        }
        // The totals agree with the statement the API gives.
        let api = statement_today(&app, &treasurer, &fund).await;
        assert_eq!(cell(9, 3), Data::String("Cộng phát sinh".into()));
        assert_eq!(cell(9, 7), Data::Float(api["totalReceipts"].as_f64().unwrap()));
        assert_eq!(cell(9, 8), Data::Float(api["totalPayments"].as_f64().unwrap()));
        assert_eq!(cell(10, 9), Data::Float(api["closing"].as_f64().unwrap()));
        assert_eq!(api["closing"], 1_700_000);
    }
}

on_every_database! {
    async fn the_statement_as_csv_has_every_entry_and_agrees_with_the_api(app) {
        let (treasurer, fund) = a_fund_with_three_movements(&app).await;
        let (status, disposition, bytes) = app.download(&treasurer, &url(&fund, "csv")).await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
        assert!(disposition.unwrap_or_default().contains(".csv"));
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark, for spreadsheet programs");
        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        let headers = reader.headers().unwrap().clone();
        assert_eq!(&headers[0], "Ngày");
        assert_eq!(&headers[9], "Tồn (đồng)");
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 6, "opening, three entries, totals, closing: {rows:?}");
        let day = today().format("%d/%m/%Y").to_string();
        assert_eq!(&rows[1][0], day.as_str());
        assert_eq!(&rows[1][3], "Ủng hộ quỹ, dịp khai giảng", "a memo with a comma stays one field");
        assert_eq!(&rows[2][5], "Chuyển khoản");
        assert_eq!(&rows[3][8], "300000");
        let api = statement_today(&app, &treasurer, &fund).await;
        assert_eq!(&rows[4][7], api["totalReceipts"].to_string().as_str());
        assert_eq!(&rows[4][8], api["totalPayments"].to_string().as_str());
        assert_eq!(&rows[5][9], api["closing"].to_string().as_str());
    }
}

on_every_database! {
    async fn a_statement_is_exported_only_for_the_funds_staff_and_for_a_real_period(app) {
        let (treasurer, fund) = a_fund_with_three_movements(&app).await;
        app.sign_up("phuhuynh@example.vn").await;
        let guardian = app.sign_in("phuhuynh@example.vn").await;
        let (status, _, body) = app.download(&guardian, &url(&fund, "xlsx")).await;
        assert_eq!(status, 403, "{}", String::from_utf8_lossy(&body));
        let (status, _, _) = app.download("not-a-session", &url(&fund, "xlsx")).await;
        assert_eq!(status, 401);
        for (query, field) in [
            (format!("from={}&to=2020-01-01", today()), "to"),
            ("from=01/12/2026&to=2026-12-31".to_owned(), "from"),
            (format!("from={d}&to={d}&format=pdf", d = today()), "format"),
        ] {
            let (status, _, body) = app.download(&treasurer, &format!("/api/funds/{fund}/statement?{query}")).await;
            assert_eq!(status, 400, "{query}");
            let body: Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(body["errors"][0]["extensions"]["code"], "VALIDATION", "{body}");
            assert_eq!(body["errors"][0]["extensions"]["field"], field, "{query}: {body}");
        }
        let (status, _, _) = app.download(&treasurer, &url("999999", "csv")).await;
        assert_eq!(status, 404);
    }
}
