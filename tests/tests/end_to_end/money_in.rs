//! Money in by bank transfer: a fund's bank accounts with their VietQR codes (drawn, then read
//! back off the image as a phone would), and pledges from the public page, which wait for
//! their transfer, lapse, and never count as money.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use serde_json::{Value, json};
use shared::vietqr::VietQr;
use tests::{TestApp, first_error_code, on_every_database};

const ADD_ACCOUNT: &str = "mutation($f: ID!, $i: BankAccountInput!) {
    addFundBankAccount(fundId: $f, input: $i) { id bank { bin shortName } accountNumber holder retired qr { payload svg } }
}";
const RETIRE_ACCOUNT: &str = "mutation($id: ID!) { retireFundBankAccount(id: $id) { id retired } }";
const PUBLIC_FUND: &str = "query($f: ID!) {
    fund(id: $f) { name postedBalance availableBalance pledgeDays bankAccounts { id bank { shortName } accountNumber holder qr { payload svg } } }
}";
const PLEDGE: &str = "mutation($i: PledgeInput!) {
    pledge(input: $i) { reference note amount donorName anonymous status expiresAt fundName bankAccount { accountNumber bank { bin } } qr { payload svg } }
}";
const PLEDGE_BY_REFERENCE: &str =
    "query($r: String!) { pledge(reference: $r) { reference status amount donorName } }";

/// Bát Tràng's treasurer and fund.
async fn bat_trang(app: &TestApp) -> (String, String) {
    let admin = app.city_admin().await;
    let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
    let treasurer = app
        .staff(&admin, "thuquy@example.vn", &bat_trang, "TREASURER")
        .await;
    (treasurer, app.fund_id("Quỹ Khuyến học xã Bát Tràng").await)
}

/// Records Bát Tràng's Vietcombank account; the account as the API answers it.
async fn with_an_account(app: &TestApp, treasurer: &str, fund: &str) -> Value {
    let input = json!({ "bankBin": "970436", "accountNumber": "0011 0019 32418", "holder": "Hội Khuyến học xã Bát Tràng" });
    let body = app
        .call_ok(treasurer, ADD_ACCOUNT, json!({ "f": fund, "i": input }))
        .await;
    body["data"]["addFundBankAccount"].clone()
}

/// What a phone's camera reads off a code's SVG: the image drawn, then decoded.
fn scanned(svg: &str) -> String {
    let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default())
        .expect("the code is an SVG image");
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).expect("a size");
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    let width = pixmap.width() as usize;
    let pixels = pixmap.data().to_vec();
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, pixmap.height() as usize, |x, y| {
            pixels[(y * width + x) * 4]
        });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the image");
    grids[0].decode().expect("a readable QR code").1
}

/// A pledge as anyone holding its reference sees it.
async fn pledge_by_reference(app: &TestApp, reference: &str) -> Value {
    let (_, body) = app
        .graphql(PLEDGE_BY_REFERENCE, json!({ "r": reference }))
        .await;
    body["data"]["pledge"].clone()
}

/// A pledge input for Bát Tràng's fund.
fn pledge(fund: &str, amount: i64, name: Option<&str>) -> Value {
    json!({ "i": { "fundId": fund, "amount": amount, "donorName": name, "contact": "0912 345 678" } })
}

on_every_database! {
    async fn a_treasurer_records_the_funds_account_and_the_public_sees_it_with_a_code_that_scans(app) {
        let (treasurer, fund) = bat_trang(&app).await;

        let account = with_an_account(&app, &treasurer, &fund).await;

        assert_eq!(account["bank"], json!({ "bin": "970436", "shortName": "Vietcombank" }));
        assert_eq!(account["accountNumber"], "0011001932418");
        assert_eq!(account["holder"], "HOI KHUYEN HOC XA BAT TRANG");
        let (_, public) = app.graphql(PUBLIC_FUND, json!({ "f": fund })).await;
        let shown = &public["data"]["fund"]["bankAccounts"][0];
        assert_eq!(shown["accountNumber"], "0011001932418");
        let payload = shown["qr"]["payload"].as_str().unwrap();
        assert_eq!(scanned(shown["qr"]["svg"].as_str().unwrap()), payload);
        let code = VietQr::parse(payload).unwrap();
        assert_eq!((code.bin.as_str(), code.account.as_str()), ("970436", "0011001932418"));
        assert_eq!((code.amount, code.note), (None, None));
        let audit = app
            .call_ok(&app.city_admin().await, "{ auditEvents(filter: { action: BANK_ACCOUNT_ADDED }) { nodes { objectType objectId } } }", json!({}))
            .await;
        assert_eq!(
            audit["data"]["auditEvents"]["nodes"][0],
            json!({ "objectType": "BANK_ACCOUNT", "objectId": account["id"] })
        );
    }
}

on_every_database! {
    async fn an_account_belongs_to_one_fund_and_a_retired_one_is_no_longer_shown(app) {
        let (treasurer, fund) = bat_trang(&app).await;
        let account = with_an_account(&app, &treasurer, &fund).await;
        let admin = app.city_admin().await;
        let city_fund = app.fund_id("Quỹ Khuyến học, Khuyến tài thành phố Hà Nội").await;
        let same = json!({ "bankBin": "970436", "accountNumber": "0011001932418", "holder": "Hội Khuyến học Hà Nội" });

        let elsewhere = app.call(&admin, ADD_ACCOUNT, json!({ "f": city_fund, "i": same })).await;
        let again = app.call(&treasurer, ADD_ACCOUNT, json!({ "f": fund, "i": same })).await;
        app.call_ok(&treasurer, RETIRE_ACCOUNT, json!({ "id": account["id"] })).await;
        let (_, public) = app.graphql(PUBLIC_FUND, json!({ "f": fund })).await;

        assert_eq!(first_error_code(&elsewhere), Some("CONFLICT"), "{elsewhere}");
        assert_eq!(first_error_code(&again), Some("CONFLICT"), "{again}");
        assert_eq!(public["data"]["fund"]["bankAccounts"], json!([]));
        let back = app.call_ok(&treasurer, ADD_ACCOUNT, json!({ "f": fund, "i": same })).await;
        assert_eq!(back["data"]["addFundBankAccount"]["id"], account["id"], "taken back into use");
    }
}

on_every_database! {
    async fn a_bank_we_do_not_know_a_bad_number_or_someone_elses_fund_is_refused(app) {
        let (treasurer, fund) = bat_trang(&app).await;
        let city_fund = app.fund_id("Quỹ Khuyến học, Khuyến tài thành phố Hà Nội").await;
        let input = |bin: &str, number: &str| json!({ "bankBin": bin, "accountNumber": number, "holder": "A" });

        let unknown = app.call(&treasurer, ADD_ACCOUNT, json!({ "f": fund, "i": input("123456", "12345678") })).await;
        let letters = app.call(&treasurer, ADD_ACCOUNT, json!({ "f": fund, "i": input("970436", "12/34/5678") })).await;
        let not_theirs = app.call(&treasurer, ADD_ACCOUNT, json!({ "f": city_fund, "i": input("970436", "12345678") })).await;
        let (_, anonymous) = app.graphql(ADD_ACCOUNT, json!({ "f": fund, "i": input("970436", "12345678") })).await;

        assert_eq!(first_error_code(&unknown), Some("VALIDATION"));
        assert_eq!(unknown["errors"][0]["extensions"]["field"], "bankBin", "{unknown}");
        assert_eq!(letters["errors"][0]["extensions"]["field"], "accountNumber", "{letters}");
        assert_eq!(first_error_code(&not_theirs), Some("FORBIDDEN"));
        assert_eq!(first_error_code(&anonymous), Some("UNAUTHENTICATED"));
    }
}

on_every_database! {
    async fn anyone_pledges_and_gets_a_code_with_the_amount_and_a_reference_but_no_money_moves(app) {
        let (treasurer, fund) = bat_trang(&app).await;
        let no_account_yet = app.graphql(PLEDGE, pledge(&fund, 500_000, None)).await.1;
        with_an_account(&app, &treasurer, &fund).await;
        let (_, before) = app.graphql(PUBLIC_FUND, json!({ "f": fund })).await;

        let (_, made) = app.graphql(PLEDGE, pledge(&fund, 500_000, Some("Nguyễn Thị Hoa"))).await;

        assert_eq!(first_error_code(&no_account_yet), Some("CONFLICT"), "{no_account_yet}");
        let made = &made["data"]["pledge"];
        let reference = made["reference"].as_str().unwrap();
        assert!(reference.len() == 8 && reference.starts_with("KH"), "{made}");
        assert_eq!(made["note"], format!("KH {}", &reference[2..]));
        assert_eq!((made["status"].as_str(), made["donorName"].as_str()), (Some("PENDING"), Some("Nguyễn Thị Hoa")));
        let payload = made["qr"]["payload"].as_str().unwrap();
        assert_eq!(scanned(made["qr"]["svg"].as_str().unwrap()), payload);
        let code = VietQr::parse(payload).unwrap();
        assert_eq!(code.amount, Some(shared::Money::from_dong(500_000)));
        assert_eq!(code.note.unwrap().as_str(), made["note"]);
        assert_eq!(code.account, "0011001932418");
        let (_, after) = app.graphql(PUBLIC_FUND, json!({ "f": fund })).await;
        assert_eq!(after["data"]["fund"]["postedBalance"], before["data"]["fund"]["postedBalance"]);
        assert_eq!(after["data"]["fund"]["availableBalance"], before["data"]["fund"]["availableBalance"]);
        let (_, found) = app.graphql(PLEDGE_BY_REFERENCE, json!({ "r": made["note"].as_str().unwrap().to_lowercase() })).await;
        assert_eq!(found["data"]["pledge"]["reference"], reference, "{found}");
    }
}

on_every_database! {
    async fn a_pledge_lapses_after_the_funds_period_and_an_anonymous_one_is_never_named(app) {
        let (treasurer, fund) = bat_trang(&app).await;
        with_an_account(&app, &treasurer, &fund).await;
        let days = app.call_ok(&treasurer, "mutation($f: ID!) { setFundPledgeDays(fundId: $f, days: 3) { pledgeDays } }", json!({ "f": fund })).await;
        let too_long = app.call(&treasurer, "mutation($f: ID!) { setFundPledgeDays(fundId: $f, days: 400) { pledgeDays } }", json!({ "f": fund })).await;
        let mut input = pledge(&fund, 200_000, Some("Trần Văn Kín"));
        input["i"]["anonymous"] = json!(true);
        let (_, made) = app.graphql(PLEDGE, input).await;
        let reference = made["data"]["pledge"]["reference"].as_str().unwrap().to_owned();

        let pending = pledge_by_reference(&app, &reference).await;
        app.clock().advance(Duration::from_secs(3 * 24 * 60 * 60 + 1));
        let lapsed = pledge_by_reference(&app, &reference).await;

        assert_eq!(days["data"]["setFundPledgeDays"]["pledgeDays"], 3);
        assert_eq!(first_error_code(&too_long), Some("VALIDATION"));
        assert_eq!(pending["status"], "PENDING");
        assert_eq!(pending["donorName"], Value::Null, "anonymous: {pending}");
        assert_eq!(lapsed["status"], "EXPIRED");
    }
}

on_every_database! {
    async fn one_address_may_pledge_only_so_often_and_bad_pledges_say_why(app) {
        let (treasurer, fund) = bat_trang(&app).await;
        with_an_account(&app, &treasurer, &fund).await;
        let zero = app.graphql(PLEDGE, pledge(&fund, 0, None)).await.1;
        let nowhere = app.graphql(PLEDGE, pledge("999999", 1_000, None)).await.1;
        let unknown = app.graphql(PLEDGE_BY_REFERENCE, json!({ "r": "KH 234567" })).await.1;
        let garbled = app.graphql(PLEDGE_BY_REFERENCE, json!({ "r": "hello" })).await.1;

        for _ in 0..20 {
            let (_, made) = app.graphql(PLEDGE, pledge(&fund, 100_000, None)).await;
            assert!(made["errors"].is_null(), "{made}");
        }
        let (_, one_more) = app.graphql(PLEDGE, pledge(&fund, 100_000, None)).await;
        app.clock().advance(Duration::from_secs(60 * 60 + 1));
        let (_, an_hour_later) = app.graphql(PLEDGE, pledge(&fund, 100_000, None)).await;

        assert_eq!(first_error_code(&zero), Some("VALIDATION"));
        assert_eq!(zero["errors"][0]["extensions"]["field"], "amount");
        assert_eq!(first_error_code(&nowhere), Some("NOT_FOUND"));
        assert_eq!(first_error_code(&unknown), Some("NOT_FOUND"));
        assert_eq!(first_error_code(&garbled), Some("VALIDATION"));
        assert_eq!(first_error_code(&one_more), Some("TOO_MANY_ATTEMPTS"), "{one_more}");
        assert!(an_hour_later["errors"].is_null(), "{an_hour_later}");
    }
}

const CREATE_CAMPAIGN: &str = "mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id name goal startsOn endsOn } }";
const CAMPAIGN: &str = "query($c: ID!) {
    campaign(id: $c) { name goal daysLeft running progress { received pledged donors } latestDonors { name amount } fund { name } }
}";
const DONATE: &str = "mutation($i: RecordDonationInput!) { recordDonation(input: $i) { id } }";

/// Records a gift of `amount` to `fund`, for `campaign` when given: the answer.
async fn give(
    app: &TestApp,
    treasurer: &str,
    fund: &str,
    campaign: Option<&str>,
    amount: i64,
    donor: &str,
    anonymous: bool,
) -> Value {
    let input = json!({
        "idempotencyKey": tests::key(), "fundId": fund, "amount": amount, "method": "CASH",
        "newDonor": { "kind": "PERSON", "name": donor, "anonymous": anonymous },
        "campaignId": campaign,
    });
    app.call(treasurer, DONATE, json!({ "i": input })).await
}

/// Tết khuyến học 2027 of Bát Tràng's fund, running from yesterday for a month; its id.
async fn tet_campaign(app: &TestApp, treasurer: &str, fund: &str) -> String {
    let today = tests::today();
    let input = json!({
        "fundId": fund, "name": "Tết khuyến học 2027", "goal": 50_000_000,
        "description": "Quà Tết cho học sinh vượt khó",
        "startsOn": (today - chrono::Days::new(1)).to_string(),
        "endsOn": (today + chrono::Days::new(29)).to_string(),
    });
    let body = app
        .call_ok(treasurer, CREATE_CAMPAIGN, json!({ "i": input }))
        .await;
    body["data"]["createCampaign"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

on_every_database! {
    async fn gifts_and_pledges_for_a_campaign_count_toward_it_and_a_reversed_gift_stops_counting(app) {
        let (treasurer, fund) = bat_trang(&app).await;
        with_an_account(&app, &treasurer, &fund).await;
        let campaign = tet_campaign(&app, &treasurer, &fund).await;

        give(&app, &treasurer, &fund, Some(&campaign), 2_000_000, "Công ty Gốm Minh Long", false).await;
        give(&app, &treasurer, &fund, Some(&campaign), 1_000_000, "Người giấu tên", true).await;
        let mistaken = give(&app, &treasurer, &fund, Some(&campaign), 700_000, "Trần Văn Nhầm", false).await;
        give(&app, &treasurer, &fund, None, 300_000, "Ngoài đợt", false).await;
        let mut promise = pledge(&fund, 400_000, Some("Lê Thị Hứa"));
        promise["i"]["campaignId"] = json!(campaign);
        let (_, promised) = app.graphql(PLEDGE, promise).await;
        assert!(promised["errors"].is_null(), "{promised}");
        let reverse = json!({ "i": { "idempotencyKey": tests::key(), "transactionId": mistaken["data"]["recordDonation"]["id"], "reason": "Ghi nhầm đợt" } });
        app.call_ok(&treasurer, "mutation($i: ReverseTransactionInput!) { reverseTransaction(input: $i) { id } }", reverse).await;

        let (_, page) = app.graphql(CAMPAIGN, json!({ "c": campaign })).await;

        let page = &page["data"]["campaign"];
        assert_eq!(page["progress"], json!({ "received": 3_000_000, "pledged": 400_000, "donors": 2 }), "{page}");
        assert_eq!(page["latestDonors"], json!([{ "name": "Công ty Gốm Minh Long", "amount": 2_000_000 }]));
        assert_eq!((page["daysLeft"].as_i64(), page["running"].as_bool()), (Some(30), Some(true)));
        assert_eq!(page["fund"]["name"], "Quỹ Khuyến học xã Bát Tràng");
        app.clock().advance(Duration::from_secs(31 * 24 * 60 * 60));
        let (_, later) = app.graphql(CAMPAIGN, json!({ "c": campaign })).await;
        assert_eq!(later["data"]["campaign"]["daysLeft"], 0);
        let mut late = pledge(&fund, 100_000, None);
        late["i"]["campaignId"] = json!(campaign);
        let (_, refused) = app.graphql(PLEDGE, late).await;
        assert_eq!(first_error_code(&refused), Some("CONFLICT"), "a campaign over takes no pledges");
    }
}

on_every_database! {
    async fn a_campaign_needs_a_goal_and_a_window_and_a_gift_can_only_count_toward_its_own_funds(app) {
        let (treasurer, fund) = bat_trang(&app).await;
        let campaign = tet_campaign(&app, &treasurer, &fund).await;
        let admin = app.city_admin().await;
        let city_fund = app.fund_id("Quỹ Khuyến học, Khuyến tài thành phố Hà Nội").await;
        let today = tests::today();
        let input = |name: &str, goal: i64, ends: chrono::NaiveDate| json!({ "i": {
            "fundId": fund, "name": name, "goal": goal,
            "startsOn": today.to_string(), "endsOn": ends.to_string(),
        } });

        let backwards = app.call(&treasurer, CREATE_CAMPAIGN, input("Ngược", 1_000, today - chrono::Days::new(1))).await;
        let no_goal = app.call(&treasurer, CREATE_CAMPAIGN, input("Không mục tiêu", 0, today)).await;
        let same_name = app.call(&treasurer, CREATE_CAMPAIGN, input("Tết khuyến học 2027", 1_000, today)).await;
        let elsewhere = give(&app, &admin, &city_fund, Some(&campaign), 100_000, "Nhầm quỹ", false).await;

        assert_eq!(backwards["errors"][0]["extensions"]["field"], "endsOn", "{backwards}");
        assert_eq!(no_goal["errors"][0]["extensions"]["field"], "goal", "{no_goal}");
        assert_eq!(first_error_code(&same_name), Some("CONFLICT"));
        assert_eq!(elsewhere["errors"][0]["extensions"]["field"], "campaignId", "{elsewhere}");
        let (_, page) = app.graphql(CAMPAIGN, json!({ "c": campaign })).await;
        assert_eq!(page["data"]["campaign"]["progress"]["received"], 0, "nothing half-written");
    }
}

on_every_database! {
    async fn a_communes_and_the_citys_pages_sum_the_campaigns_running_beneath_them(app) {
        let (treasurer, fund) = bat_trang(&app).await;
        let admin = app.city_admin().await;
        let campaign = tet_campaign(&app, &treasurer, &fund).await;
        let city_fund = app.fund_id("Quỹ Khuyến học, Khuyến tài thành phố Hà Nội").await;
        let today = tests::today();
        let city_drive = json!({
            "fundId": city_fund, "name": "Áo ấm cho em", "goal": 20_000_000,
            "startsOn": today.to_string(), "endsOn": (today + chrono::Days::new(9)).to_string(),
        });
        let city_campaign = app.call_ok(&admin, CREATE_CAMPAIGN, json!({ "i": city_drive })).await["data"]["createCampaign"]["id"].clone();
        give(&app, &treasurer, &fund, Some(&campaign), 2_000_000, "Công ty Gốm Minh Long", false).await;
        give(&app, &admin, &city_fund, city_campaign.as_str(), 500_000, "Nguyễn Văn Ấm", false).await;
        let query = "query($o: ID!) { campaignsWithin(organizationId: $o) { running goal progress { received pledged donors } campaigns { name } } }";
        let bat_trang_org = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
        let city = app.organization_id("Hội Khuyến học thành phố Hà Nội").await;

        let (_, commune) = app.graphql(query, json!({ "o": bat_trang_org })).await;
        let (_, whole_city) = app.graphql(query, json!({ "o": city })).await;

        assert_eq!(
            commune["data"]["campaignsWithin"],
            json!({ "running": 1, "goal": 50_000_000, "progress": { "received": 2_000_000, "pledged": 0, "donors": 1 }, "campaigns": [{ "name": "Tết khuyến học 2027" }] })
        );
        assert_eq!(
            whole_city["data"]["campaignsWithin"],
            json!({ "running": 2, "goal": 70_000_000, "progress": { "received": 2_500_000, "pledged": 0, "donors": 2 },
                    "campaigns": [{ "name": "Áo ấm cho em" }, { "name": "Tết khuyến học 2027" }] }),
            "the soonest to end first"
        );
        app.clock().advance(Duration::from_secs(31 * 24 * 60 * 60));
        let (_, later) = app.graphql(query, json!({ "o": city })).await;
        assert_eq!(later["data"]["campaignsWithin"]["running"], 0, "campaigns over are not counted");
    }
}

on_every_database! {
    async fn a_treasurer_sees_the_funds_pledges_by_status_with_their_contacts(app) {
        let (treasurer, fund) = bat_trang(&app).await;
        with_an_account(&app, &treasurer, &fund).await;
        app.graphql(PLEDGE, pledge(&fund, 300_000, Some("Lê Thị Lan"))).await;
        app.graphql(PLEDGE, json!({ "i": { "fundId": fund, "amount": 200_000, "donorName": "Trần Văn Ẩn", "anonymous": true } })).await;
        let query = "query($f: ID!, $s: PledgeStatus) { fund(id: $f) { pledges(status: $s) { amount donorName anonymous contact status } } }";

        let pending = app.call_ok(&treasurer, query, json!({ "f": fund, "s": "PENDING" })).await;
        let (_, public) = app.graphql(query, json!({ "f": fund, "s": "PENDING" })).await;
        app.clock().advance(Duration::from_secs(15 * 24 * 60 * 60));
        // (The session has lapsed meanwhile too.)
        let treasurer = app.sign_in("thuquy@example.vn").await;
        let expired = app.call_ok(&treasurer, query, json!({ "f": fund, "s": "EXPIRED" })).await;
        let still_pending = app.call_ok(&treasurer, query, json!({ "f": fund, "s": "PENDING" })).await;

        assert_eq!(
            pending["data"]["fund"]["pledges"],
            json!([
                { "amount": 200_000, "donorName": "Trần Văn Ẩn", "anonymous": true, "contact": null, "status": "PENDING" },
                { "amount": 300_000, "donorName": "Lê Thị Lan", "anonymous": false, "contact": "0912 345 678", "status": "PENDING" },
            ]),
            "newest first; the treasurer knows whom to thank"
        );
        assert_eq!(first_error_code(&public), Some("UNAUTHENTICATED"), "not for the public: {public}");
        assert_eq!(expired["data"]["fund"]["pledges"].as_array().map(Vec::len), Some(2));
        assert_eq!(still_pending["data"]["fund"]["pledges"], json!([]));
    }
}
