//! Where the learning society meets the funds: a program for learning families takes only
//! learners whose household is recognised as a learning one. The commune's staff link a
//! learner to a registered household by the learner's personal id; a parent's own household,
//! registered by themselves, is the family of the learners they manage. Until the household
//! is recognised in a decision the learner is refused with the reason, and the program cannot
//! be set up without asking for the recognition it rewards.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Datelike;
use serde_json::{Value, json};
use tests::{
    TestApp,
    awarding::{self, World, open_program, program_input, world},
    on_every_database, today,
};

const REGISTER: &str =
    "mutation($i: RegistrationInput!) { registerForRecognition(input: $i) { id } }";
const ASSESS: &str = "mutation($r: ID!, $s: [ItemScoreInput!]!) { assessRegistration(registrationId: $r, scores: $s) { passed } }";
const RECOGNISE: &str =
    "mutation($i: RecognitionDecisionInput!) { recogniseRegistrations(input: $i) { recognised } }";
const LINK: &str =
    "mutation($r: ID!, $p: String!) { linkLearnerToFamily(registrationId: $r, personalId: $p) {
    learnerName unitName model } }";
const ELIGIBILITY: &str = "query($l: ID!) { learner(id: $l) { familyRecognisedAs }
    learnerEligibility(learnerId: $l) { nodes { program { id } eligible reasons { code recognisedAs } } } }";
const UNLINK: &str = "mutation($r: ID!, $p: String!) { unlinkLearnerFromFamily(registrationId: $r, personalId: $p) { learnerName } }";
const SUBMIT: &str = "mutation($a: ID!) { submitApplication(id: $a) { status } }";
const FAMILY: &str = "query($r: ID!) { familyLearners(registrationId: $r, first: 1) {
    nodes { fullName dateOfBirth personalId } pageInfo { hasNextPage } } }";

fn code(body: &Value) -> Value {
    body["errors"][0]["extensions"]["code"].clone()
}

/// A learner of the applicant's in Bát Tràng, applied for `program`, not yet submitted:
/// (learner, application).
async fn applied(
    app: &TestApp,
    w: &World,
    program: &str,
    name: &str,
    personal_id: &str,
) -> (String, String) {
    let input = json!({ "fullName": name, "dateOfBirth": "2012-09-05", "gender": "FEMALE",
        "educationLevel": "LOWER_SECONDARY", "communeId": w.bat_trang, "personalId": personal_id });
    awarding::applied(app, w, program, input).await
}

/// Whether `learner` qualifies for `program`, with its reasons, and its family's recognitions.
async fn standing(app: &TestApp, w: &World, learner: &str, program: &str) -> (Value, Value, Value) {
    let body = app
        .call(&w.applicant, ELIGIBILITY, json!({ "l": learner }))
        .await;
    let row = body["data"]["learnerEligibility"]["nodes"]
        .as_array()
        .and_then(|rows| rows.iter().find(|row| row["program"]["id"] == program))
        .cloned()
        .unwrap_or_else(|| panic!("{body}"));
    (
        body["data"]["learner"]["familyRecognisedAs"].clone(),
        row["eligible"].clone(),
        row["reasons"].clone(),
    )
}

/// The registration of a household, scored with every item's full points.
async fn assessed(app: &TestApp, w: &World, token: &str, name: &str) -> String {
    let input = json!({ "organizationId": w.bat_trang, "model": "HOUSEHOLD", "year": today().year(),
        "name": name, "address": "Thôn Giang Cao" });
    let body = app.call(token, REGISTER, json!({ "i": input })).await;
    let id = body["data"]["registerForRecognition"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned();
    let scores: Vec<Value> = [
        ("1.1", 20),
        ("1.2", 10),
        ("2.1", 20),
        ("2.2", 10),
        ("3.1", 10),
        ("3.2", 10),
        ("4.1", 10),
        ("4.2", 10),
    ]
    .into_iter()
    .map(|(code, points)| json!({ "code": code, "points": points }))
    .collect();
    let body = app
        .call(&w.manager, ASSESS, json!({ "r": id, "s": scores }))
        .await;
    assert_eq!(body["data"]["assessRegistration"]["passed"], true, "{body}");
    id
}

async fn recognise(app: &TestApp, w: &World, number: &str, registration: &str) {
    let input = json!({ "organizationId": w.bat_trang, "model": "HOUSEHOLD", "year": today().year(), "number": number,
        "signedOn": today().to_string(), "signer": "Chủ tịch Hội Nguyễn Văn Quản", "registrationIds": [registration] });
    let body = app.call(&w.manager, RECOGNISE, json!({ "i": input })).await;
    assert_eq!(
        body["data"]["recogniseRegistrations"]["recognised"], 1,
        "{body}"
    );
}

on_every_database! {
    async fn a_program_for_learning_families_takes_only_learners_of_a_recognised_household(app) {
        let w = world(&app, 0).await;
        let mut input = program_input(&w, false, 500_000, 5, 2_500_000);
        input["kind"] = json!("LEARNING_FAMILY");
        input["name"] = json!("Khen thưởng con em gia đình học tập");
        let create = "mutation($i: CreateProgramInput!) { createProgram(input: $i) { id } }";
        for rules in [json!({}), json!({ "recognisedAs": ["UNIT"] })] {
            input["eligibility"] = rules;
            let refused = app.call(&w.manager, create, json!({ "i": input })).await;
            assert_eq!((code(&refused), refused["errors"][0]["extensions"]["field"].clone()),
                (json!("VALIDATION"), json!("eligibility.recognisedAs")), "{refused}");
        }
        input["eligibility"] = json!({ "recognisedAs": ["HOUSEHOLD"] });
        let (program, _) = open_program(&app, &w, input).await;

        let (linked, linked_application) = applied(&app, &w, &program, "Lê Minh Anh", "001312000001").await;
        let (own, own_application) = applied(&app, &w, &program, "Lê Thu Hà", "001312000002").await;
        assert_eq!(standing(&app, &w, &linked, &program).await,
            (json!([]), json!(false), json!([{ "code": "NOT_RECOGNISED", "recognisedAs": ["HOUSEHOLD"] }])));
        let refused = app.call(&w.applicant, SUBMIT, json!({ "a": linked_application })).await;
        assert_eq!(code(&refused), "NOT_ELIGIBLE", "{refused}");

        // The commune's staff register Mr Lê Văn Bình's household and link his grandchild to it.
        let household = assessed(&app, &w, &w.manager, "Hộ ông Lê Văn Bình").await;
        let link = app.call(&w.manager, LINK, json!({ "r": household, "p": "001312000001" })).await;
        assert_eq!(link["data"]["linkLearnerToFamily"], json!({ "learnerName": "Lê Minh Anh",
            "unitName": "Hộ ông Lê Văn Bình", "model": "HOUSEHOLD" }), "{link}");
        for (personal_id, expected) in [("12345", "VALIDATION"), ("001312099999", "NOT_FOUND")] {
            let refused = app.call(&w.manager, LINK, json!({ "r": household, "p": personal_id })).await;
            assert_eq!(code(&refused), expected, "{refused}");
        }
        let ha_dong = app.organization_id("Hội Khuyến học phường Hà Đông").await;
        let outsider = app.staff(&w.city_admin, "hoihadong@example.vn", &ha_dong, "PROGRAM_MANAGER").await;
        let refused = app.call(&outsider, LINK, json!({ "r": household, "p": "001312000001" })).await;
        assert_eq!(code(&refused), "FORBIDDEN", "another ward's staff: {refused}");
        // The family's learners, as its staff see them; nobody else's to read.
        let family = app.call(&w.manager, FAMILY, json!({ "r": household })).await;
        assert_eq!(family["data"]["familyLearners"], json!({ "nodes": [{ "fullName": "Lê Minh Anh",
            "dateOfBirth": "2012-09-05", "personalId": "001312000001" }], "pageInfo": { "hasNextPage": false } }), "{family}");
        assert_eq!(code(&app.call(&outsider, FAMILY, json!({ "r": household })).await), "FORBIDDEN");
        // A learner of another ward is not there for the commune's staff, as if unknown.
        let elsewhere = json!({ "fullName": "Trần Văn Nam", "dateOfBirth": "2012-09-05", "gender": "MALE",
            "educationLevel": "LOWER_SECONDARY", "communeId": ha_dong, "personalId": "001212000003" });
        let body = app.call(&w.applicant, "mutation($i: RegisterLearnerInput!) { registerLearner(input: $i) { id } }",
            json!({ "i": elsewhere })).await;
        assert!(body["errors"].is_null(), "{body}");
        let hidden = app.call(&w.manager, LINK, json!({ "r": household, "p": "001212000003" })).await;
        assert_eq!((code(&hidden), hidden["errors"][0]["message"].clone()),
            (json!("NOT_FOUND"), app.call(&w.manager, LINK, json!({ "r": household, "p": "001312099999" })).await["errors"][0]["message"].clone()),
            "{hidden}");
        let refused = app.call(&w.applicant, SUBMIT, json!({ "a": linked_application })).await;
        assert_eq!(code(&refused), "NOT_ELIGIBLE", "assessed is not yet recognised: {refused}");

        recognise(&app, &w, "21/QĐ-KH", &household).await;
        assert_eq!(standing(&app, &w, &linked, &program).await, (json!(["HOUSEHOLD"]), json!(true), json!([])));
        let submitted = app.call(&w.applicant, SUBMIT, json!({ "a": linked_application })).await;
        assert_eq!(submitted["data"]["submitApplication"]["status"], "SUBMITTED", "{submitted}");
        // A link made by mistake is undone, and only once.
        let unlinked = app.call(&w.manager, UNLINK, json!({ "r": household, "p": "001312000001" })).await;
        assert_eq!(unlinked["data"]["unlinkLearnerFromFamily"]["learnerName"], "Lê Minh Anh", "{unlinked}");
        assert_eq!(standing(&app, &w, &linked, &program).await.1, json!(false));
        let again = app.call(&w.manager, UNLINK, json!({ "r": household, "p": "001312000001" })).await;
        assert_eq!(code(&again), "NOT_FOUND", "{again}");
        let family = app.call(&w.manager, FAMILY, json!({ "r": household })).await;
        assert_eq!(family["data"]["familyLearners"]["nodes"], json!([]), "{family}");
        app.call(&w.manager, LINK, json!({ "r": household, "p": "001312000001" })).await;
        assert_eq!(standing(&app, &w, &linked, &program).await.1, json!(true));
        // A recognition withdrawn no longer makes a learning family.
        let withdrawn = app.call(&w.manager, "mutation($r: ID!) { withdrawRecognition(registrationId: $r, reason: \"Nhầm hồ sơ\") { status } }",
            json!({ "r": household })).await;
        assert_eq!(withdrawn["data"]["withdrawRecognition"]["status"], "WITHDRAWN", "{withdrawn}");
        assert_eq!(standing(&app, &w, &linked, &program).await.1, json!(false));

        // The parent registers their own household; once it is recognised, the learners they
        // manage come from a learning family without any link.
        assert_eq!(standing(&app, &w, &own, &program).await.1, json!(false));
        let their_own = assessed(&app, &w, &w.applicant, "Hộ bà Nguyễn Thị Lan").await;
        recognise(&app, &w, "22/QĐ-KH", &their_own).await;
        assert_eq!(standing(&app, &w, &own, &program).await, (json!(["HOUSEHOLD"]), json!(true), json!([])));
        let submitted = app.call(&w.applicant, SUBMIT, json!({ "a": own_application })).await;
        assert_eq!(submitted["data"]["submitApplication"]["status"], "SUBMITTED", "{submitted}");
    }
}
