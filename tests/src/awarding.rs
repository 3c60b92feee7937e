//! The story every award test tells: a commune's program manager, treasurer, reviewers and a
//! guardian; a program with a tier; learners applied for, submitted, reviewed and approved.

use serde_json::{Value, json};

use crate::{TestApp, key, today};

/// The people and places of an award's story in Bát Tràng.
pub struct World {
    pub manager: String,
    pub treasurer: String,
    pub applicant: String,
    pub reviewers: Vec<(String, String)>,
    pub bat_trang: String,
    pub fund: String,
    pub city_admin: String,
}

pub async fn user_id(app: &TestApp, token: &str) -> String {
    app.call(token, "{ me { id } }", json!({})).await["data"]["me"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A program manager, a treasurer, two reviewers and an applicant of Bát Tràng; the fund
/// holds `balance`.
pub async fn world(app: &TestApp, balance: i64) -> World {
    let city_admin = app.city_admin().await;
    let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
    let manager = app
        .staff(
            &city_admin,
            "quanly@example.vn",
            &bat_trang,
            "PROGRAM_MANAGER",
        )
        .await;
    let treasurer = app
        .staff(&city_admin, "thuquy@example.vn", &bat_trang, "TREASURER")
        .await;
    let mut reviewers = Vec::new();
    for login in ["giamkhao1@example.vn", "giamkhao2@example.vn"] {
        let token = app.staff(&city_admin, login, &bat_trang, "REVIEWER").await;
        let id = user_id(app, &token).await;
        reviewers.push((token, id));
    }
    app.sign_up("phuhuynh@example.vn").await;
    let applicant = app.sign_in("phuhuynh@example.vn").await;
    let fund = app.fund_id("Quỹ Khuyến học xã Bát Tràng").await;
    if balance > 0 {
        let body = app
            .call(
                &treasurer,
                "mutation($i: RecordDonationInput!) { recordDonation(input: $i) { id } }",
                json!({ "i": {
                    "idempotencyKey": key(), "fundId": fund, "amount": balance, "method": "CASH",
                    "newDonor": { "kind": "ORGANIZATION", "name": "Công ty Gốm sứ Bát Tràng" },
                }}),
            )
            .await;
        assert!(body["errors"].is_null(), "{body}");
    }
    World {
        manager,
        treasurer,
        applicant,
        reviewers,
        bat_trang,
        fund,
        city_admin,
    }
}

/// An open program with one tier of `amount` × `quota` and budget `budget`; (program, tier).
pub async fn program(
    app: &TestApp,
    w: &World,
    blind: bool,
    amount: i64,
    quota: i32,
    budget: i64,
) -> (String, String) {
    open_program(app, w, program_input(w, blind, amount, quota, budget)).await
}

/// What [`program`] sets up: its rubric scores two criteria in whole points.
pub fn program_input(w: &World, blind: bool, amount: i64, quota: i32, budget: i64) -> Value {
    json!({
        "organizationId": w.bat_trang, "fundId": w.fund, "kind": "SCHOLARSHIP",
        "name": format!("Học bổng {}", key()), "cycle": "2026-2027",
        "opensOn": (today() - chrono::TimeDelta::days(5)).to_string(), "closesOn": (today() + chrono::TimeDelta::days(30)).to_string(),
        "budget": budget, "tiers": [{ "name": "Học bổng vượt khó", "amount": amount, "quota": quota }],
        "rubric": [{ "name": "Kết quả học tập", "weight": 60, "maxScore": 10 }, { "name": "Hoàn cảnh", "weight": 40, "maxScore": 10 }],
        "requiredEvidence": ["Học bạ"], "reviewersPerApplication": 2, "blindReview": blind,
    })
}

/// The program `input` sets up, opened; (program, its first tier).
pub async fn open_program(app: &TestApp, w: &World, input: Value) -> (String, String) {
    let body = app
        .call(
            &w.manager,
            "mutation($i: CreateProgramInput!) { createProgram(input: $i) { id tiers { id } } }",
            json!({ "i": input }),
        )
        .await;
    let id = body["data"]["createProgram"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned();
    let tier = body["data"]["createProgram"]["tiers"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.call(
        &w.manager,
        "mutation($p: ID!) { openProgram(id: $p) { status } }",
        json!({ "p": id }),
    )
    .await;
    (id, tier)
}

/// A learner (the `n`th) registered by the applicant, applied with a transcript and
/// submitted; the application.
pub async fn submitted(app: &TestApp, w: &World, program: &str, n: u32) -> String {
    let input = json!({
        "fullName": format!("Lê Minh Anh {n}"), "dateOfBirth": "2012-09-05", "gender": "FEMALE",
        "educationLevel": "LOWER_SECONDARY", "school": "Trường THCS Bát Tràng", "className": "8A",
        "communeId": w.bat_trang, "gpa": "8.5", "personalId": format!("0013120{n:05}"),
    });
    let (_, application) = applied(app, w, program, input).await;
    let body = app
        .call(
            &w.applicant,
            "mutation($a: ID!) { submitApplication(id: $a) { status } }",
            json!({ "a": application }),
        )
        .await;
    assert_eq!(
        body["data"]["submitApplication"]["status"], "SUBMITTED",
        "{body}"
    );
    application
}

/// The learner `input` (a `RegisterLearnerInput`) registered by the applicant and applied for
/// `program` with a transcript, not yet submitted: (learner, application).
pub async fn applied(app: &TestApp, w: &World, program: &str, input: Value) -> (String, String) {
    let name = input["fullName"].as_str().unwrap_or_default().to_owned();
    let body = app
        .call(
            &w.applicant,
            "mutation($i: RegisterLearnerInput!) { registerLearner(input: $i) { id } }",
            json!({ "i": input }),
        )
        .await;
    let learner = body["data"]["registerLearner"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned();
    let body = app
        .call(
            &w.applicant,
            "mutation($p: ID!, $l: ID!) { createApplication(programId: $p, learnerId: $l) { id } }",
            json!({ "p": program, "l": learner }),
        )
        .await;
    let application = body["data"]["createApplication"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, body) = app
        .upload(
            Some(&w.applicant),
            &application,
            "Học bạ",
            &format!("Học bạ {name}.pdf"),
            b"%PDF-1.4\n".to_vec(),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    (learner, application)
}

/// Puts an application under review with one reviewer (the first).
pub async fn under_review(app: &TestApp, w: &World, application: &str) {
    let body = app.call(&w.manager, "mutation($a: ID!, $r: [ID!]!) { assignReviewers(applicationId: $a, reviewerIds: $r) { id } }", json!({ "a": application, "r": [w.reviewers[0].1] })).await;
    assert!(body["errors"].is_null(), "{body}");
}

pub async fn approve(app: &TestApp, token: &str, application: &str, tier: &str) -> Value {
    app.call(token, "mutation($a: ID!, $t: ID!, $k: String!) { approveApplication(id: $a, tierId: $t, idempotencyKey: $k) { status } }", json!({ "a": application, "t": tier, "k": key() })).await
}
