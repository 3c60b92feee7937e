//! A cash book's donations imported into a fund: a book with two bad rows is previewed with each
//! bad cell named by row, column and reason while nothing is recorded; fixed, every gift is
//! recorded in one go with the day it was received and its receipt, a donor named on two rows
//! recorded once, a campaign's gift counted toward it; imported again it records nothing. A
//! transfer already recorded by hand is found by its bank reference; a receipt number is one
//! gift's. Only the fund's treasurers import, and the template reads back as one gift.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration, NaiveDate};
use serde_json::{Value, json};
use tests::{TestApp, first_error_code, key, on_every_database, today};

const PREVIEW: &str = "query($f: ID!) { donationImportPreview(fileId: $f) {
    fundName organizationName creates skips total
    rows { row action receivedOn receiptNumber donorName newDonor amount method campaignName }
    problems { row column header field problem otherRow message }
} }";
const IMPORT: &str = "mutation($f: ID!) { importDonations(fileId: $f) { created skipped total } }";
const LEDGER: &str = "query($f: ID!) { fund(id: $f) { ledger(first: 20) { nodes {
    amount receivedOn receiptNumber method bankReference donor { name kind } } } } }";
const DONORS: &str = "query($o: ID!, $s: String!) { donors(organizationId: $o, search: $s) { edges { node { name kind contact } } } }";
const CAMPAIGN: &str =
    "mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id name } }";
const PROGRESS: &str =
    "query($f: ID!) { fund(id: $f) { campaigns { name progress { received donors } } } }";

/// Bát Tràng's treasurer, the commune, and its fund.
async fn bat_trang(app: &TestApp) -> (String, String, String) {
    let admin = app.city_admin().await;
    let commune = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
    let treasurer = app
        .staff(&admin, "thuquy@example.vn", &commune, "TREASURER")
        .await;
    let fund = app.fund_id("Quỹ Khuyến học xã Bát Tràng").await;
    (treasurer, commune, fund)
}

/// `days` before today, as a cash book writes it.
fn day(days: i64) -> String {
    (today() - Duration::days(days))
        .format("%d/%m/%Y")
        .to_string()
}

fn iso(days: i64) -> String {
    (today() - Duration::days(days)).to_string()
}

/// A month of Bát Tràng's cash book in the book's own headers: two rows are wrong (a day
/// after today, a campaign the fund has not) unless `fixed`.
fn cash_book(fixed: bool) -> Vec<u8> {
    let (late, campaign) = if fixed {
        (day(4), "")
    } else {
        (
            (today() + Duration::days(1)).format("%d/%m/%Y").to_string(),
            "Chiến dịch không có",
        )
    };
    format!(
        "SỔ THU ỦNG HỘ QUỸ KHUYẾN HỌC XÃ BÁT TRÀNG,,,,,,,\r\n\
         Ngày chứng từ,Số hiệu chứng từ,Họ tên người nộp tiền,Loại,Số tiền thu,Hình thức,Mã giao dịch,Diễn giải,Chiến dịch\r\n\
         {},PT-001,Nguyễn Văn An,,500.000,Tiền mặt,,Ủng hộ quỹ,Tết vì học sinh nghèo\r\n\
         {},PT-002,Công ty Gốm sứ Bát Tràng,Tổ chức,\"2,000,000\",Chuyển khoản,FT26001,,\r\n\
         {},PT-003,NGUYEN VAN AN,,300000,,,Ủng hộ lần hai,\r\n\
         {late},PT-004,Trần Thị Cúc,,100000,,,,\r\n\
         {},PT-005,Lê Văn Dũng,,200000,,,,{campaign}\r\n\
         ,,Cộng,,3.100.000,,,,\r\n",
        day(6),
        day(5),
        day(5),
        day(3),
    )
    .into_bytes()
}

async fn preview(app: &TestApp, treasurer: &str, file: &Value) -> Value {
    let body = app.call(treasurer, PREVIEW, json!({ "f": file })).await;
    body["data"]["donationImportPreview"].clone()
}

fn problems(preview: &Value) -> Vec<(i64, String, String, Option<i64>)> {
    preview["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("{preview}"))
        .iter()
        .map(|p| {
            (
                p["row"].as_i64().unwrap(),
                p["column"].as_str().unwrap().to_owned(),
                p["problem"].as_str().unwrap().to_owned(),
                p["otherRow"].as_i64(),
            )
        })
        .collect()
}

on_every_database! {
    async fn a_cash_book_imports_with_bad_rows_named_then_fixed_then_again_unchanged(app) {
        let (treasurer, commune, fund) = bat_trang(&app).await;
        let starts: NaiveDate = today() - Duration::days(30);
        let campaign = json!({ "fundId": fund, "name": "Tết vì học sinh nghèo", "goal": 50_000_000,
            "startsOn": starts.to_string(), "endsOn": (today() + Duration::days(30)).to_string() });
        app.call_ok(&treasurer, CAMPAIGN, json!({ "i": campaign })).await;
        let (posted, _, _) = app.balances(&fund).await;

        let (status, body) = app.upload_donations(&treasurer, &fund, "so-thu.csv", cash_book(false)).await;
        assert_eq!(status, 201, "{body}");
        let first = preview(&app, &treasurer, &body["id"]).await;
        assert_eq!((first["fundName"].clone(), first["organizationName"].clone()),
            (json!("Quỹ Khuyến học xã Bát Tràng"), json!("Hội Khuyến học xã Bát Tràng")));
        assert_eq!(problems(&first), [
            (6, "A".into(), "RECEIVED_OUT_OF_RANGE".into(), None),
            (7, "I".into(), "CAMPAIGN_NOT_FOUND".into(), None),
        ], "{first}");
        assert_eq!((first["creates"].clone(), first["skips"].clone(), first["total"].clone()),
            (json!(3), json!(0), json!(2_800_000)), "the total's row is passed over");
        let rows = first["rows"].as_array().unwrap();
        assert_eq!((rows[0]["receivedOn"].clone(), rows[0]["campaignName"].clone(), rows[0]["newDonor"].clone()),
            (json!(iso(6)), json!("Tết vì học sinh nghèo"), json!(true)));
        assert_eq!((rows[1]["method"].clone(), rows[1]["amount"].clone()), (json!("BANK_TRANSFER"), json!(2_000_000)));
        assert_eq!(app.balances(&fund).await.0, posted, "a preview records nothing");

        let (_, body) = app.upload_donations(&treasurer, &fund, "so-thu.csv", cash_book(true)).await;
        let fixed = preview(&app, &treasurer, &body["id"]).await;
        assert_eq!(problems(&fixed), [], "{fixed}");
        let done = app.call(&treasurer, IMPORT, json!({ "f": body["id"] })).await;
        assert_eq!(done["data"]["importDonations"], json!({ "created": 5, "skipped": 0, "total": 3_100_000 }), "{done}");
        assert_eq!(app.balances(&fund).await.0, posted + 3_100_000);

        let ledger = app.call(&treasurer, LEDGER, json!({ "f": fund })).await;
        let entries = ledger["data"]["fund"]["ledger"]["nodes"].as_array().unwrap_or_else(|| panic!("{ledger}"));
        let transfer = entries.iter().find(|e| e["receiptNumber"] == "PT-002").unwrap_or_else(|| panic!("{ledger}"));
        assert_eq!((transfer["receivedOn"].clone(), transfer["bankReference"].clone(), transfer["donor"]["kind"].clone()),
            (json!(iso(5)), json!("FT26001"), json!("ORGANIZATION")));
        let donors = app.call(&treasurer, DONORS, json!({ "o": commune, "s": "Nguyễn Văn An" })).await;
        assert_eq!(donors["data"]["donors"]["edges"].as_array().map(Vec::len), Some(1),
            "one donor named on two rows, however written: {donors}");
        let progress = app.call(&treasurer, PROGRESS, json!({ "f": fund })).await;
        assert_eq!(progress["data"]["fund"]["campaigns"][0]["progress"]["received"], 500_000, "{progress}");
        let admin = app.city_admin().await;
        let logged = app.call(&admin, "{ auditEvents(first: 5, filter: { action: DONATIONS_IMPORTED }) { nodes { objectId } } }", json!({})).await;
        assert_eq!(logged["data"]["auditEvents"]["nodes"][0]["objectId"], fund.as_str(), "{logged}");

        // The same book again records nothing; a receipt number already given is refused.
        let (_, body) = app.upload_donations(&treasurer, &fund, "so-thu (1).csv", cash_book(true)).await;
        let again = preview(&app, &treasurer, &body["id"]).await;
        assert_eq!((again["creates"].clone(), again["skips"].clone(), again["total"].clone()), (json!(0), json!(5), json!(0)));
        let done = app.call(&treasurer, IMPORT, json!({ "f": body["id"] })).await;
        assert_eq!(done["data"]["importDonations"], json!({ "created": 0, "skipped": 5, "total": 0 }));
        assert_eq!(app.balances(&fund).await.0, posted + 3_100_000);
        let other = format!("Ngày thu,Số phiếu thu,Người ủng hộ,Số tiền\r\n{},PT-001,Phạm Thị Hoa,700000\r\n", day(1));
        let (_, body) = app.upload_donations(&treasurer, &fund, "pt.csv", other.into_bytes()).await;
        assert_eq!(problems(&preview(&app, &treasurer, &body["id"]).await), [(2, "B".into(), "RECEIPT_TAKEN".into(), None)]);
    }
}

on_every_database! {
    async fn a_transfer_recorded_by_hand_is_found_by_its_reference_and_only_treasurers_import(app) {
        let (treasurer, commune, fund) = bat_trang(&app).await;
        let admin = app.city_admin().await;
        let manager = app.staff(&admin, "chuongtrinh@example.vn", &commune, "PROGRAM_MANAGER").await;
        const RECORD: &str = "mutation($i: RecordDonationInput!) { recordDonation(input: $i) { id receivedOn receiptNumber } }";
        let gift = json!({ "idempotencyKey": key(), "fundId": fund, "amount": 1_000_000, "method": "BANK_TRANSFER",
            "bankReference": "FT26777", "newDonor": { "kind": "PERSON", "name": "Đỗ Minh Khoa" } });
        let transfer = app.call_ok(&treasurer, RECORD, json!({ "i": gift })).await;
        let transfer = transfer["data"]["recordDonation"]["id"].clone();
        let cash = json!({ "idempotencyKey": key(), "fundId": fund, "amount": 250_000, "method": "CASH",
            "receiptNumber": "PT-900", "receivedOn": iso(1), "newDonor": { "kind": "PERSON", "name": "Hoàng Thị Mai" } });
        let cash = app.call_ok(&treasurer, RECORD, json!({ "i": cash })).await;
        assert_eq!((cash["data"]["recordDonation"]["receivedOn"].clone(), cash["data"]["recordDonation"]["receiptNumber"].clone()),
            (json!(iso(1)), json!("PT-900")));
        let tomorrow = json!({ "idempotencyKey": key(), "fundId": fund, "amount": 250_000, "method": "CASH",
            "receivedOn": iso(-1), "newDonor": { "kind": "PERSON", "name": "Hoàng Thị Mai" } });
        let refused = app.call(&treasurer, RECORD, json!({ "i": tomorrow })).await;
        assert_eq!(first_error_code(&refused), Some("VALIDATION"), "a day received after today: {refused}");
        let (posted, _, _) = app.balances(&fund).await;

        let book = format!(
            "Ngày thu,Người ủng hộ,Số tiền,Hình thức,Mã giao dịch,Số phiếu thu\r\n\
             {},Đỗ Minh Khoa,1000000,CK,FT26777,\r\n\
             {},Đỗ Minh Khoa,900000,CK,ft26777 ,\r\n\
             {},Đỗ Minh Khoa,400000,CK,FT26778,\r\n\
             {},Hoàng Thị Mai,250000,,,pt-900\r\n",
            day(2), day(1), day(1), day(1));
        let (status, body) = app.upload_donations(&treasurer, &fund, "ck.csv", book.clone().into_bytes()).await;
        assert_eq!(status, 201, "{body}");
        let read = preview(&app, &treasurer, &body["id"]).await;
        assert_eq!(problems(&read), [(3, "E".into(), "BANK_REFERENCE_REPEATED".into(), Some(2))], "{read}");
        let actions: Vec<(Value, Value)> = read["rows"].as_array().unwrap().iter()
            .map(|r| (r["action"].clone(), r["newDonor"].clone())).collect();
        assert_eq!(actions, [(json!("SKIP"), json!(false)), (json!("CREATE"), json!(false)), (json!("SKIP"), json!(false))],
            "the transfer and the receipt on record are the rows' gifts; the donor is the one on record");
        let done = app.call(&treasurer, IMPORT, json!({ "f": body["id"] })).await;
        assert_eq!(done["data"]["importDonations"], json!({ "created": 1, "skipped": 2, "total": 400_000 }), "{done}");
        assert_eq!(app.balances(&fund).await.0, posted + 400_000);

        // A reversed transfer holds its reference no more: the book's row is then recorded.
        let reverse = json!({ "idempotencyKey": key(), "transactionId": transfer, "reason": "Ghi nhầm quỹ" });
        app.call_ok(&treasurer, "mutation($i: ReverseTransactionInput!) { reverseTransaction(input: $i) { id } }", json!({ "i": reverse })).await;
        let (_, body) = app.upload_donations(&treasurer, &fund, "ck (1).csv", book.clone().into_bytes()).await;
        let after = preview(&app, &treasurer, &body["id"]).await;
        let actions: Vec<Value> = after["rows"].as_array().unwrap().iter().map(|r| r["action"].clone()).collect();
        assert_eq!(actions, [json!("CREATE"), json!("SKIP"), json!("SKIP")], "{after}");

        let (status, body) = app.upload_donations(&manager, &fund, "ck.csv", book.clone().into_bytes()).await;
        assert_eq!((status, body["errors"][0]["extensions"]["code"].clone()), (403, json!("FORBIDDEN")), "{body}");
        let (_, body) = app.upload_donations(&treasurer, &fund, "ck.csv", book.into_bytes()).await;
        let refused = app.call(&manager, IMPORT, json!({ "f": body["id"] })).await;
        assert_eq!(first_error_code(&refused), Some("FORBIDDEN"), "{refused}");
        let (status, body) = app.upload_donations(&treasurer, &fund, "x.csv", b"Ngay thu,Nguoi ung ho\r\n01/12/2026,An\r\n".to_vec()).await;
        assert_eq!((status, body["errors"][0]["extensions"]["reason"].clone()), (400, json!("NO_HEADER")), "{body}");

        // The template, filled in with its example, reads as one gift of today.
        let (status, _, template) = app.download(&treasurer, "/api/templates/donations.xlsx").await;
        assert_eq!(status, 200);
        let (status, body) = app.upload_donations(&treasurer, &fund, "mau.xlsx", template).await;
        assert_eq!(status, 201, "{body}");
        let example = preview(&app, &treasurer, &body["id"]).await;
        assert_eq!(problems(&example), [], "{example}");
        assert_eq!((example["rows"][0]["receivedOn"].clone(), example["rows"][0]["amount"].clone()), (json!(iso(0)), json!(5_000_000)));
    }
}
