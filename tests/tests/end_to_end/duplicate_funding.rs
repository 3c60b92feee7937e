//! One learner funded once: the decider of an application sees the awards the same learner
//! already holds this school year in other organisations (the same record, or by name, date of
//! birth and commune where a roster has no personal id), with nothing else of the other
//! record; a program that blocks duplicates refuses a second award of its kind; and an
//! administrator's report lists the possible duplicates beneath them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use tests::{
    TestApp,
    awarding::{World, approve, open_program, program_input, under_review, world},
    first_error_code, key, on_every_database,
};

const CLAN: &str = "Ban Khuyến học dòng họ Lê thôn Giang Cao";
const ELSEWHERE: &str = "query($a: ID!) { fundingElsewhere(applicationId: $a) { awardId organizationName programName programKind amount status matched } }";

/// Lê Thị Ngọc, born on 2 February 2013 in Bát Tràng, as a roster keeps her: by `token`,
/// with `personal_id` or none, kept by `organization` or by her guardian alone.
async fn register(
    app: &TestApp,
    token: &str,
    w: &World,
    name: &str,
    personal_id: Option<&str>,
    organization: Option<&str>,
) -> String {
    let body = app
        .call(token, "mutation($i: RegisterLearnerInput!) { registerLearner(input: $i) { id } }", json!({ "i": {
            "fullName": name, "dateOfBirth": "2013-02-02", "gender": "FEMALE",
            "educationLevel": "LOWER_SECONDARY", "school": "Trường THCS Bát Tràng", "className": "7A",
            "communeId": w.bat_trang, "gpa": "8.5", "personalId": personal_id, "organizationId": organization,
        }}))
        .await;
    body["data"]["registerLearner"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned()
}

/// A program of `organization` paid from `fund`, of `kind` in school year `cycle`, with one
/// tier of 1,000,000 đồng, blocking duplicates or not; (program, tier).
async fn a_program(
    app: &TestApp,
    w: &World,
    organization: &str,
    fund: &str,
    kind: &str,
    cycle: &str,
    policy: &str,
) -> (String, String) {
    let mut input = program_input(w, false, 1_000_000, 10, 10_000_000);
    input["organizationId"] = json!(organization);
    input["fundId"] = json!(fund);
    input["kind"] = json!(kind);
    input["cycle"] = json!(cycle);
    input["requiredEvidence"] = json!([]);
    input["duplicatePolicy"] = json!(policy);
    open_program(app, w, input).await
}

/// `learner` applied for `program` by `token`, submitted and put under review.
async fn under_review_for(
    app: &TestApp,
    w: &World,
    token: &str,
    program: &str,
    learner: &str,
) -> String {
    let body = app
        .call(
            token,
            "mutation($p: ID!, $l: ID!) { createApplication(programId: $p, learnerId: $l) { id } }",
            json!({ "p": program, "l": learner }),
        )
        .await;
    let application = body["data"]["createApplication"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned();
    let body = app
        .call(
            token,
            "mutation($a: ID!) { submitApplication(id: $a) { status } }",
            json!({ "a": application }),
        )
        .await;
    assert_eq!(
        body["data"]["submitApplication"]["status"], "SUBMITTED",
        "{body}"
    );
    under_review(app, w, &application).await;
    application
}

/// The clan under Bát Tràng and its fund, holding 5,000,000 đồng; the treasurer also keeps
/// the clan's roster (a program manager there).
async fn the_clan(app: &TestApp, w: &World) -> (String, String) {
    let clan = app.organization_id(CLAN).await;
    app.grant(&w.city_admin, "thuquy@example.vn", &clan, "PROGRAM_MANAGER")
        .await;
    let fund = app.fund_id("Quỹ Khuyến học dòng họ Lê").await;
    let body = app
        .call(
            &w.treasurer,
            "mutation($i: RecordDonationInput!) { recordDonation(input: $i) { id } }",
            json!({ "i": {
                "idempotencyKey": key(), "fundId": fund, "amount": 5_000_000, "method": "CASH",
                "newDonor": { "kind": "ORGANIZATION", "name": "Con cháu dòng họ Lê" },
            }}),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    (clan, fund)
}

fn approved(body: &Value) -> bool {
    body["data"]["approveApplication"]["status"] == "APPROVED"
}

on_every_database! {
    async fn the_decider_sees_the_learners_other_awards_of_the_school_year_and_only_whose_and_how_much(app) {
        let w = world(&app, 20_000_000).await;
        let (clan, clan_fund) = the_clan(&app, &w).await;
        let ngoc = register(&app, &w.applicant, &w, "Lê Thị Ngọc", Some("001313000777"), None).await;
        // The clan rewards her this year and rewarded her last year; the commune's
        // scholarship is to be decided.
        let (clan_program, clan_tier) = a_program(&app, &w, &clan, &clan_fund, "EXCELLENCE", "2026-2027", "WARN").await;
        let (last_year, last_tier) = a_program(&app, &w, &clan, &clan_fund, "EXCELLENCE", "2025-2026", "WARN").await;
        let (commune_program, commune_tier) = a_program(&app, &w, &w.bat_trang, &w.fund, "SCHOLARSHIP", "2026-2027", "WARN").await;
        let at_clan = under_review_for(&app, &w, &w.applicant, &clan_program, &ngoc).await;
        let before = under_review_for(&app, &w, &w.applicant, &last_year, &ngoc).await;
        let at_commune = under_review_for(&app, &w, &w.applicant, &commune_program, &ngoc).await;

        let nothing = app.call(&w.manager, ELSEWHERE, json!({ "a": at_commune })).await;
        assert_eq!(nothing["data"]["fundingElsewhere"], json!([]), "nothing awarded yet: {nothing}");
        assert!(approved(&approve(&app, &w.manager, &at_clan, &clan_tier).await));
        assert!(approved(&approve(&app, &w.manager, &before, &last_tier).await));

        let seen = app.call(&w.manager, ELSEWHERE, json!({ "a": at_commune })).await;
        let others = seen["data"]["fundingElsewhere"].as_array().unwrap_or_else(|| panic!("{seen}"));
        assert_eq!(others.len(), 1, "last school year's award is not this year's: {seen}");
        let other = &others[0];
        assert_eq!(
            (&other["organizationName"], &other["programKind"], &other["amount"], &other["status"], &other["matched"]),
            (&json!(CLAN), &json!("EXCELLENCE"), &json!(1_000_000), &json!("RESERVED"), &json!("SAME_LEARNER")),
            "{seen}"
        );
        let fields: Vec<&String> = other.as_object().unwrap().keys().collect();
        assert!(!fields.iter().any(|f| f.contains("learner") || f.contains("personal")), "nothing of the learner: {fields:?}");

        // The applicant and the reviewers know of the application, but the decision's
        // context is the program managers'; a stranger is told nothing exists.
        for token in [&w.applicant, &w.reviewers[0].0] {
            let refused = app.call(token, ELSEWHERE, json!({ "a": at_commune })).await;
            assert_eq!(first_error_code(&refused), Some("FORBIDDEN"), "{refused}");
        }
        app.sign_up("nguoila@example.vn").await;
        let stranger = app.sign_in("nguoila@example.vn").await;
        let hidden = app.call(&stranger, ELSEWHERE, json!({ "a": at_commune })).await;
        assert_eq!(first_error_code(&hidden), Some("NOT_FOUND"), "{hidden}");

        // The commune only warns: its manager, having seen it, approves.
        assert!(approved(&approve(&app, &w.manager, &at_commune, &commune_tier).await));
        let from_the_clan = app.call(&w.manager, ELSEWHERE, json!({ "a": at_clan })).await;
        let names: Vec<&str> = from_the_clan["data"]["fundingElsewhere"].as_array().unwrap().iter().map(|o| o["programName"].as_str().unwrap()).collect();
        assert_eq!(names.len(), 1, "seen from the clan's side too: {from_the_clan}");
    }
}

on_every_database! {
    async fn a_program_that_blocks_refuses_a_learner_already_funded_by_its_kind_under_another_record(app) {
        let w = world(&app, 20_000_000).await;
        let (clan, clan_fund) = the_clan(&app, &w).await;
        // Her guardian registered her with her personal id; the clan keeps her on its own
        // roster, without one and without diacritics.
        let ngoc = register(&app, &w.applicant, &w, "Lê Thị Ngọc", Some("001313000777"), None).await;
        let kept_by_clan = register(&app, &w.treasurer, &w, "LE THI NGOC", None, Some(&clan)).await;
        assert_ne!(ngoc, kept_by_clan, "two records");
        let (clan_program, clan_tier) = a_program(&app, &w, &clan, &clan_fund, "SCHOLARSHIP", "2026-2027", "WARN").await;
        let (strict, strict_tier) = a_program(&app, &w, &w.bat_trang, &w.fund, "SCHOLARSHIP", "2026-2027", "BLOCK").await;
        let at_clan = under_review_for(&app, &w, &w.treasurer, &clan_program, &kept_by_clan).await;
        let at_commune = under_review_for(&app, &w, &w.applicant, &strict, &ngoc).await;
        assert!(approved(&approve(&app, &w.manager, &at_clan, &clan_tier).await));

        let seen = app.call(&w.manager, ELSEWHERE, json!({ "a": at_commune })).await;
        assert_eq!(seen["data"]["fundingElsewhere"][0]["matched"], "NAME_BIRTH_COMMUNE", "{seen}");
        let before = app.balances(&w.fund).await;
        let refused = approve(&app, &w.manager, &at_commune, &strict_tier).await;
        assert_eq!(first_error_code(&refused), Some("DUPLICATE_FUNDING"), "{refused}");
        let refusal = &refused["errors"][0]["extensions"]["refusal"];
        assert_eq!(
            (&refusal["reason"], &refusal["organization"], &refusal["amount"], &refusal["match"]),
            (&json!("DUPLICATE_FUNDING"), &json!(CLAN), &json!(1_000_000), &json!("NAME_BIRTH_COMMUNE")),
            "the refusal names the other award: {refused}"
        );
        assert_eq!(app.balances(&w.fund).await, before, "nothing reserved");
        let status = app.call(&w.manager, "query($a: ID!) { application(id: $a) { status } }", json!({ "a": at_commune })).await;
        assert_eq!(status["data"]["application"]["status"], "UNDER_REVIEW", "{status}");

        // Once the clan's award is cancelled, nothing stands in the way.
        let cancelled = app.call(&w.manager, "mutation($a: ID!, $k: String!) { cancelApproval(id: $a, reason: \"trùng\", idempotencyKey: $k) { status } }", json!({ "a": at_clan, "k": key() })).await;
        assert_eq!(cancelled["data"]["cancelApproval"]["status"], "CANCELLED", "{cancelled}");
        assert!(approved(&approve(&app, &w.manager, &at_commune, &strict_tier).await), "a cancelled award funds no one");
    }
}

on_every_database! {
    async fn a_program_that_blocks_only_warns_of_an_award_of_another_kind(app) {
        let w = world(&app, 20_000_000).await;
        let (clan, clan_fund) = the_clan(&app, &w).await;
        let ngoc = register(&app, &w.applicant, &w, "Lê Thị Ngọc", Some("001313000777"), None).await;
        let (talent, talent_tier) = a_program(&app, &w, &clan, &clan_fund, "TALENT", "2026-2027", "WARN").await;
        let (strict, strict_tier) = a_program(&app, &w, &w.bat_trang, &w.fund, "SCHOLARSHIP", "2026-2027", "BLOCK").await;
        let for_talent = under_review_for(&app, &w, &w.applicant, &talent, &ngoc).await;
        let for_need = under_review_for(&app, &w, &w.applicant, &strict, &ngoc).await;
        assert!(approved(&approve(&app, &w.manager, &for_talent, &talent_tier).await));
        let body = approve(&app, &w.manager, &for_need, &strict_tier).await;
        assert!(approved(&body), "a talent award and a scholarship are two needs: {body}");
        let policy = app.call(&w.manager, "query($p: ID!) { program(id: $p) { duplicatePolicy } }", json!({ "p": strict })).await;
        assert_eq!(policy["data"]["program"]["duplicatePolicy"], "BLOCK", "{policy}");
    }
}

on_every_database! {
    async fn an_administrator_reads_the_possible_duplicates_beneath_them_for_a_school_year(app) {
        let w = world(&app, 20_000_000).await;
        let (clan, clan_fund) = the_clan(&app, &w).await;
        let ngoc = register(&app, &w.applicant, &w, "Lê Thị Ngọc", Some("001313000777"), None).await;
        let kept_by_clan = register(&app, &w.treasurer, &w, "Le Thi Ngoc", None, Some(&clan)).await;
        // Another girl of the same name and birthday, with her own personal id: not her.
        let namesake = register(&app, &w.treasurer, &w, "Lê Thị Ngọc", Some("001313000888"), None).await;
        let (clan_program, clan_tier) = a_program(&app, &w, &clan, &clan_fund, "SCHOLARSHIP", "2026-2027", "WARN").await;
        let (commune_program, commune_tier) = a_program(&app, &w, &w.bat_trang, &w.fund, "SCHOLARSHIP", "2026-2027", "WARN").await;
        let mut decided = Vec::new();
        for (token, program, learner, tier) in [
            (&w.treasurer, &clan_program, &kept_by_clan, &clan_tier),
            (&w.applicant, &commune_program, &ngoc, &commune_tier),
            (&w.treasurer, &commune_program, &namesake, &commune_tier),
        ] {
            let application = under_review_for(&app, &w, token, program, learner).await;
            assert!(approved(&approve(&app, &w.manager, &application, tier).await));
            decided.push(application);
        }
        const REPORT: &str = "query($o: ID!, $c: String!) { possibleDuplicateFunding(organizationId: $o, cycle: $c) { matched first { learnerName award { organizationName amount } } second { learnerName award { organizationName amount } } } }";
        let city = app.organization_id("Hội Khuyến học thành phố Hà Nội").await;
        let report = app.call(&w.city_admin, REPORT, json!({ "o": city, "c": "2026-2027" })).await;
        let pairs = report["data"]["possibleDuplicateFunding"].as_array().unwrap_or_else(|| panic!("{report}"));
        // The namesake's personal id differs from Ngọc's; with the clan's record (no personal
        // id) each looks alike by name, birthday and commune.
        let matched: Vec<(&str, &str, &str, &str)> = pairs.iter().map(|p| (
            p["first"]["award"]["organizationName"].as_str().unwrap(),
            p["second"]["award"]["organizationName"].as_str().unwrap(),
            p["second"]["learnerName"].as_str().unwrap(),
            p["matched"].as_str().unwrap(),
        )).collect();
        assert_eq!(matched, [
            (CLAN, "Hội Khuyến học xã Bát Tràng", "Lê Thị Ngọc", "NAME_BIRTH_COMMUNE"),
            (CLAN, "Hội Khuyến học xã Bát Tràng", "Lê Thị Ngọc", "NAME_BIRTH_COMMUNE"),
        ], "{report}");
        assert_eq!(pairs[0]["first"]["learnerName"], "Le Thi Ngoc", "{report}");

        // The report to take away says the same, pair by pair.
        let (status, _, bytes) = app.download(&w.city_admin, &format!("/api/organizations/{city}/duplicate-funding?cycle=2026-2027&format=csv")).await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
        let mut file = csv::Reader::from_reader(&bytes[3..]);
        let rows: Vec<csv::StringRecord> = file.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), pairs.len());
        for (row, pair) in rows.iter().zip(pairs) {
            assert_eq!(&row[1], "cùng họ tên, ngày sinh và xã/phường");
            assert_eq!(&row[2], pair["first"]["learnerName"].as_str().unwrap());
            assert_eq!(&row[3], pair["first"]["award"]["organizationName"].as_str().unwrap());
            assert_eq!(&row[5], pair["first"]["award"]["amount"].to_string().as_str());
            assert_eq!(&row[8], pair["second"]["award"]["organizationName"].as_str().unwrap());
        }
        let (status, _, _) = app.download(&w.manager, &format!("/api/organizations/{city}/duplicate-funding?cycle=2026-2027")).await;
        assert_eq!(status, 403, "for administrators");

        let other_year = app.call(&w.city_admin, REPORT, json!({ "o": city, "c": "2025-2026" })).await;
        assert_eq!(other_year["data"]["possibleDuplicateFunding"], json!([]), "{other_year}");
        let bad = app.call(&w.city_admin, REPORT, json!({ "o": city, "c": "2026" })).await;
        assert_eq!(first_error_code(&bad), Some("VALIDATION"), "{bad}");
        let not_theirs = app.call(&w.manager, REPORT, json!({ "o": city, "c": "2026-2027" })).await;
        assert_eq!(first_error_code(&not_theirs), Some("FORBIDDEN"), "for administrators: {not_theirs}");
    }
}
