//! The demo's story (`khuyenhoc seed-demo`): every workspace has something to show on a first
//! run, and everything it leaves is what real use through the API would leave — the fund, the
//! ledger, the ranking, the reviewers' queues and the public page agree.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use tests::{TestApp, on_every_database};

const PASSWORD: &str = "khuyenhoc-demo";

async fn as_user(app: &TestApp, login: &str, query: &str, variables: Value) -> Value {
    let signed_in = app
        .graphql_with_cookie(
            None,
            "mutation($l: String!, $p: String!) { signIn(login: $l, password: $p) { id } }",
            json!({ "l": login, "p": PASSWORD }),
        )
        .await;
    let token = signed_in
        .set_cookie
        .unwrap_or_else(|| panic!("{}", signed_in.body));
    let body = app
        .graphql_with_cookie(Some(&token), query, variables)
        .await
        .body;
    assert!(body["errors"].is_null(), "{body}");
    body
}

on_every_database! {
    async fn the_demo_story_shows_every_workspace_at_work_and_loads_once(app) {
        let db = app.database().await;
        let story = backend::demo::load(&db, PASSWORD).await.unwrap();
        let backend::demo::Story::Created { program_id } = story else { panic!("{story:?}") };
        assert_eq!(backend::demo::load(&db, PASSWORD).await.unwrap(), backend::demo::Story::AlreadyThere, "loaded once");
        let program = program_id.to_string();

        let ranking = as_user(&app, "quanly@khuyenhoc.local", "query($p: ID!) { programRanking(programId: $p) { nodes { learnerName status reviewsSubmitted } } }", json!({ "p": program })).await;
        let statuses: Vec<(String, String, i64)> = ranking["data"]["programRanking"]["nodes"].as_array().unwrap().iter()
            .map(|r| (r["learnerName"].as_str().unwrap().to_owned(), r["status"].as_str().unwrap().to_owned(), r["reviewsSubmitted"].as_i64().unwrap())).collect();
        let mut sorted = statuses.clone();
        sorted.sort();
        assert_eq!(sorted, [
            ("Lê Minh Anh".to_owned(), "DISBURSED".to_owned(), 2),
            ("Lê Quốc Bảo".to_owned(), "UNDER_REVIEW".to_owned(), 1),
            ("Lê Thu Hà".to_owned(), "APPROVED".to_owned(), 2),
        ], "an application at every stage: {ranking}");

        // Bảo's clan rewarded him this school year, on its own roster: his decider sees it.
        let bao = as_user(&app, "quanly@khuyenhoc.local", "query($p: ID!) { programRanking(programId: $p) { nodes { applicationId learnerName } } }", json!({ "p": program })).await;
        let bao = bao["data"]["programRanking"]["nodes"].as_array().unwrap().iter().find(|r| r["learnerName"] == "Lê Quốc Bảo").unwrap()["applicationId"].clone();
        let elsewhere = as_user(&app, "quanly@khuyenhoc.local", "query($a: ID!) { fundingElsewhere(applicationId: $a) { organizationName amount matched } }", json!({ "a": bao })).await;
        assert_eq!(elsewhere["data"]["fundingElsewhere"], json!([
            { "organizationName": "Ban Khuyến học dòng họ Lê thôn Giang Cao", "amount": 500_000, "matched": "NAME_BIRTH_COMMUNE" },
        ]), "{elsewhere}");

        let queue = as_user(&app, "giamkhao2@khuyenhoc.local", "{ myReviewQueue { nodes { learner { fullName } } } }", json!({})).await;
        assert_eq!(queue["data"]["myReviewQueue"]["nodes"], json!([{ "learner": { "fullName": "Lê Quốc Bảo" } }]), "the second reviewer has one to score");
        let payouts = as_user(&app, "thuquy@khuyenhoc.local", "query($p: ID!) { programAwards(programId: $p) { nodes { learnerName award { status } } } }", json!({ "p": program })).await;
        assert_eq!(payouts["data"]["programAwards"]["nodes"], json!([
            { "learnerName": "Lê Minh Anh", "award": { "status": "PAID" } },
            { "learnerName": "Lê Thu Hà", "award": { "status": "RESERVED" } },
        ]), "one award for the treasurer to pay");
        let mine = as_user(&app, "phuhuynh@khuyenhoc.local", "{ myLearners { nodes { fullName } } }", json!({})).await;
        assert_eq!(mine["data"]["myLearners"]["nodes"].as_array().map(Vec::len), Some(3), "{mine}");
        let mut paged = Vec::new();
        let mut after = Value::Null;
        for expected_size in [2, 1] {
            let page = as_user(&app, "phuhuynh@khuyenhoc.local", "query($a: String) { myLearners(first: 2, after: $a) { nodes { fullName } pageInfo { hasNextPage endCursor } } }", json!({ "a": after })).await;
            let connection = &page["data"]["myLearners"];
            assert_eq!(connection["nodes"].as_array().map(Vec::len), Some(expected_size), "{page}");
            paged.extend(connection["nodes"].as_array().into_iter().flatten().cloned());
            after = connection["pageInfo"]["endCursor"].clone();
        }
        assert_eq!(&Value::Array(paged), &mine["data"]["myLearners"]["nodes"], "two pages, the same learners by name");

        // Giang Cao village's households, clan and community: the commune's page shows real
        // progress, and work left for its next decision.
        let commune = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
        let year = chrono::Datelike::year(&tests::today());
        let (_, progress) = app.graphql("query($o: ID!, $y: Int!) { societyProgress(organizationId: $o, year: $y) {
            model registered assessed passed recognised denominator perMille gap } }", json!({ "o": commune, "y": year })).await;
        assert_eq!(progress["data"]["societyProgress"], json!([
            { "model": "HOUSEHOLD", "registered": 6, "assessed": 5, "passed": 4, "recognised": 3, "denominator": 12, "perMille": 250, "gap": 6 },
            { "model": "CLAN", "registered": 1, "assessed": 1, "passed": 1, "recognised": 1, "denominator": 2, "perMille": 500, "gap": 1 },
            { "model": "COMMUNITY", "registered": 1, "assessed": 1, "passed": 1, "recognised": 0, "denominator": 1, "perMille": 0, "gap": 1 },
            { "model": "UNIT", "registered": 0, "assessed": 0, "passed": 0, "recognised": 0, "denominator": null, "perMille": null, "gap": null },
            { "model": "CITIZEN", "registered": 0, "assessed": 0, "passed": 0, "recognised": 0, "denominator": null, "perMille": null, "gap": null },
        ]), "{progress}");
        // Lê Văn Bình's household is a learning family: his linked grandchildren may apply to
        // the commune's program for learning families, Lê Quốc Bảo (not linked) may not.
        let mine = as_user(&app, "phuhuynh@khuyenhoc.local", "{ myLearners { nodes { id fullName familyRecognisedAs } } }", json!({})).await;
        let family: Vec<(String, Value)> = mine["data"]["myLearners"]["nodes"].as_array().unwrap().iter()
            .map(|l| (l["fullName"].as_str().unwrap().to_owned(), l["familyRecognisedAs"].clone())).collect();
        assert_eq!(family, [("Lê Minh Anh".to_owned(), json!(["HOUSEHOLD"])), ("Lê Quốc Bảo".to_owned(), json!([])),
            ("Lê Thu Hà".to_owned(), json!(["HOUSEHOLD"]))], "{mine}");
        for (learner, eligible) in mine["data"]["myLearners"]["nodes"].as_array().unwrap().iter().map(|l| (l["id"].clone(), l["fullName"] != "Lê Quốc Bảo")) {
            let body = as_user(&app, "phuhuynh@khuyenhoc.local", "query($l: ID!) { learnerEligibility(learnerId: $l) { nodes { program { name } eligible } } }", json!({ "l": learner })).await;
            let row = body["data"]["learnerEligibility"]["nodes"].as_array().unwrap().iter()
                .find(|row| row["program"]["name"] == "Khen thưởng con em gia đình học tập").cloned();
            assert_eq!(row.map(|row| row["eligible"].clone()), Some(json!(eligible)), "{body}");
        }
        // And five of the plan's indicators, two short of their targets or just met.
        let (_, indicators) = app.graphql("query($o: ID!, $y: Int!) { indicatorProgress(organizationId: $o, year: $y) {
            indicator { code } perMille met } }", json!({ "o": commune, "y": year })).await;
        let reported: Vec<_> = indicators["data"]["indicatorProgress"].as_array().unwrap().iter()
            .filter(|row| !row["met"].is_null()).cloned().collect();
        assert_eq!(reported, [
            json!({ "indicator": { "code": "2.1.a.1" }, "perMille": 1000, "met": true }),
            json!({ "indicator": { "code": "2.1.a.2" }, "perMille": 996, "met": true }),
            json!({ "indicator": { "code": "2.1.a.6" }, "perMille": 1000, "met": true }),
            json!({ "indicator": { "code": "2.1.b.1" }, "perMille": 741, "met": false }),
            json!({ "indicator": { "code": "2.1.b.4" }, "perMille": 517, "met": true }),
        ], "{indicators}");

        let fund = app.fund_id("Quỹ Khuyến học xã Bát Tràng").await;
        let (_, balances) = app.graphql("query($f: ID!) { fund(id: $f) { postedBalance reservedBalance } }", json!({ "f": fund })).await;
        assert_eq!(balances["data"]["fund"], json!({ "postedBalance": 40_200_000, "reservedBalance": 2_000_000 }), "42 million given and a pledge's 200,000 transferred, 2 paid, 2 reserved");
        let statements = as_user(&app, "thuquy@khuyenhoc.local", "query($f: ID!) { fund(id: $f) { bankStatements { lines { status suggestions { donorName } } } } }", json!({ "f": fund })).await;
        assert_eq!(
            statements["data"]["fund"]["bankStatements"][0]["lines"],
            json!([
                { "status": "PLEDGE", "suggestions": [] },
                { "status": "UNMATCHED", "suggestions": [{ "donorName": "Lê Thị Lan" }] },
                { "status": "UNMATCHED", "suggestions": [] },
                { "status": "UNMATCHED", "suggestions": [] },
            ]),
            "an imported statement: matched, suggested and unmatched lines"
        );
        let (_, giving) = app.graphql("query($f: ID!) { fund(id: $f) { bankAccounts { accountNumber qr { payload } } } }", json!({ "f": fund })).await;
        let accounts = giving["data"]["fund"]["bankAccounts"].as_array().unwrap_or_else(|| panic!("{giving}")).clone();
        assert_eq!(accounts.len(), 1, "the fund's account, on its public page");
        assert!(accounts[0]["qr"]["payload"].as_str().is_some_and(|p| p.starts_with("000201")), "with its VietQR code: {giving}");
        let pending = as_user(&app, "thuquy@khuyenhoc.local", "query($f: ID!) { fund(id: $f) { pledges(status: PENDING) { donorName } } }", json!({ "f": fund })).await;
        assert!(!pending["data"]["fund"]["pledges"].as_array().unwrap_or_else(|| panic!("{pending}")).is_empty(), "a pending pledge: {pending}");
        let (_, public) = app.graphql("query($p: ID!) { programRecipients(programId: $p) { edges { node { name amount } } } }", json!({ "p": program })).await;
        assert_eq!(public["data"]["programRecipients"]["edges"], json!([{ "node": { "name": "L. M. A.", "amount": 2_000_000 } }]));
        let admin = app.city_admin().await;
        let check = app.graphql_with_cookie(Some(&admin), "{ verifyLedger { ok } }", json!({})).await;
        assert_eq!(check.body["data"]["verifyLedger"]["ok"], true, "{}", check.body);
    }
}
