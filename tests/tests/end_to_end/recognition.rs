//! A learning society's recognitions: a ward's staff register households for the year, score
//! them against the seeded example criteria, and recognise those that passed in a decision;
//! the ward's percentage of its households moves, and the city's with it. Bad input is
//! refused whole: a score above an item's points, a registration made twice, a decision on a
//! registration not assessed or not passed, a denominator below the recognised count. A
//! person registers their own household, not a clan; staff act only inside their subtree; a
//! target set above a ward is the ward's until it sets its own.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use chrono::Datelike;
use serde_json::{Value, json};
use tests::{TestApp, on_every_database, today};

const REGISTER: &str = "mutation($i: RegistrationInput!) { registerForRecognition(input: $i) {
    id name status selfRegistered } }";
const ASSESS: &str = "mutation($r: ID!, $s: [ItemScoreInput!]!) { assessRegistration(registrationId: $r, scores: $s) {
    status total passed level } }";
const RECOGNISE: &str =
    "mutation($i: RecognitionDecisionInput!) { recogniseRegistrations(input: $i) {
    number recognised } }";
const WITHDRAW: &str =
    "mutation($r: ID!, $why: String!) { withdrawRecognition(registrationId: $r, reason: $why) {
    status withdrawnReason } }";
const POPULATION: &str =
    "mutation($i: PopulationInput!) { setSocietyPopulation(input: $i) { count targetPercent } }";
const PROGRESS: &str = "query($o: ID!, $y: Int!) { societyProgress(organizationId: $o, year: $y) {
    model registered assessed passed recognised withdrawn denominator targetPercent targetSetBy perMille gap } }";
const LIST: &str = "query($o: ID!, $y: Int!, $s: RegistrationStatus) {
    recognitionRegistrations(organizationId: $o, year: $y, status: $s) { nodes { name status total } } }";

const LONG_BIEN: &str = "Hội Khuyến học phường Long Biên";
const HA_DONG: &str = "Hội Khuyến học phường Hà Đông";
const CITY: &str = "Hội Khuyến học thành phố Hà Nội";

/// The seeded example's household items, each given `points` (capped at the item's own).
fn household_scores(given: [u32; 8]) -> Value {
    let codes = ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2"];
    json!(
        codes
            .iter()
            .zip(given)
            .map(|(code, points)| json!({ "code": code, "points": points }))
            .collect::<Vec<_>>()
    )
}

fn code(body: &Value) -> Value {
    body["errors"][0]["extensions"]["code"].clone()
}

async fn register(
    app: &TestApp,
    token: &str,
    organization: &str,
    model: &str,
    name: &str,
) -> Value {
    let input = json!({ "organizationId": organization, "model": model, "year": today().year(),
        "name": name, "address": "Tổ 3" });
    app.call(token, REGISTER, json!({ "i": input })).await
}

/// The households' row of an organisation's progress this year.
async fn households(app: &TestApp, organization: &str) -> Value {
    let (_, body) = app
        .graphql(PROGRESS, json!({ "o": organization, "y": today().year() }))
        .await;
    body["data"]["societyProgress"]
        .as_array()
        .and_then(|rows| rows.iter().find(|row| row["model"] == "HOUSEHOLD"))
        .cloned()
        .unwrap_or_else(|| panic!("{body}"))
}

on_every_database! {
    async fn a_ward_recognises_the_households_that_passed_and_its_percentage_moves(app) {
        let year = today().year();
        let admin = app.city_admin().await;
        let ward = app.organization_id(LONG_BIEN).await;
        let city = app.organization_id(CITY).await;
        let staff = app.staff(&admin, "hoilongbien@example.vn", &ward, "PROGRAM_MANAGER").await;
        let city_before = households(&app, &city).await;

        let set = app.call(&staff, POPULATION, json!({ "i": { "organizationId": ward, "year": year,
            "population": "HOUSEHOLDS", "count": 10 } })).await;
        assert_eq!(set["data"]["setSocietyPopulation"], json!({ "count": 10, "targetPercent": null }), "{set}");
        let mut ids = Vec::new();
        for name in ["Hộ ông Nguyễn Văn An", "Hộ bà Lê Thị Bình", "Hộ ông Phạm Văn Cường", "Hộ ông Đỗ Văn Dũng"] {
            let body = register(&app, &staff, &ward, "HOUSEHOLD", name).await;
            assert_eq!(body["data"]["registerForRecognition"]["status"], "REGISTERED", "{body}");
            ids.push(body["data"]["registerForRecognition"]["id"].as_str().unwrap().to_owned());
        }
        let again = register(&app, &staff, &ward, "HOUSEHOLD", "ho ong NGUYEN van an").await;
        assert_eq!(code(&again), "CONFLICT", "one registration per household and year: {again}");
        let progress = households(&app, &ward).await;
        assert_eq!((progress["registered"].clone(), progress["recognised"].clone(), progress["denominator"].clone(),
            progress["targetPercent"].clone(), progress["targetSetBy"].clone(), progress["perMille"].clone(), progress["gap"].clone()),
            (json!(4), json!(0), json!(10), json!(70), json!(null), json!(0), json!(7)), "the nation's 70%: {progress}");

        let above = app.call(&staff, ASSESS, json!({ "r": ids[0], "s": household_scores([21, 10, 20, 10, 10, 10, 10, 10]) })).await;
        assert_eq!((code(&above), above["errors"][0]["extensions"]["field"].clone()), (json!("VALIDATION"), json!("scores.1.1")), "{above}");
        let an = app.call(&staff, ASSESS, json!({ "r": ids[0], "s": household_scores([20, 10, 20, 10, 10, 10, 10, 10]) })).await;
        assert_eq!(an["data"]["assessRegistration"], json!({ "status": "ASSESSED", "total": 100, "passed": true, "level": "Xuất sắc" }), "{an}");
        let binh = app.call(&staff, ASSESS, json!({ "r": ids[1], "s": household_scores([20, 10, 20, 0, 10, 0, 10, 10]) })).await;
        assert_eq!(binh["data"]["assessRegistration"], json!({ "status": "ASSESSED", "total": 80, "passed": true, "level": null }), "{binh}");
        let cuong = app.call(&staff, ASSESS, json!({ "r": ids[2], "s": household_scores([10, 5, 10, 5, 5, 5, 5, 5]) })).await;
        assert_eq!(cuong["data"]["assessRegistration"]["passed"], false, "{cuong}");

        let decision = |number: &str, which: &[&String]| json!({ "i": { "organizationId": ward, "model": "HOUSEHOLD",
            "year": year, "number": number, "signedOn": today().to_string(), "signer": "Chủ tịch Hội Nguyễn Thị Hoa",
            "registrationIds": which } });
        for (which, why) in [([&ids[0], &ids[2]], "did not reach the pass mark"), ([&ids[0], &ids[3]], "has not been assessed")] {
            let refused = app.call(&staff, RECOGNISE, decision("12/QĐ-KH", &which)).await;
            assert_eq!(code(&refused), "CONFLICT", "{refused}");
            assert!(refused["errors"][0]["message"].as_str().unwrap().contains(why), "{refused}");
        }
        let mut last_year = decision("12/QĐ-KH", &[&ids[0]]);
        last_year["i"]["signedOn"] = json!(format!("{}-12-31", year - 1));
        let early = app.call(&staff, RECOGNISE, last_year).await;
        assert_eq!(early["errors"][0]["extensions"]["field"], "signedOn", "signed before its year: {early}");
        assert_eq!(households(&app, &ward).await["recognised"], 0, "nothing of a refused decision was written");
        let made = app.call(&staff, RECOGNISE, decision("12/QĐ-KH", &[&ids[0], &ids[1]])).await;
        assert_eq!(made["data"]["recogniseRegistrations"], json!({ "number": "12/QĐ-KH", "recognised": 2 }), "{made}");
        let twice = app.call(&staff, RECOGNISE, decision("12/QĐ-KH", &[&ids[1]])).await;
        assert_eq!(code(&twice), "CONFLICT", "{twice}");
        let progress = households(&app, &ward).await;
        assert_eq!((progress["recognised"].clone(), progress["perMille"].clone(), progress["gap"].clone()),
            (json!(2), json!(200), json!(5)), "{progress}");
        let city_after = households(&app, &city).await;
        assert_eq!(city_after["recognised"].as_u64().unwrap(), city_before["recognised"].as_u64().unwrap() + 2,
            "the city counts its wards' recognitions: {city_after}");
        assert_eq!(city_after["denominator"].as_u64().unwrap(), city_before["denominator"].as_u64().unwrap_or(0) + 10,
            "and adds up their households: {city_after}");

        let rescored = app.call(&staff, ASSESS, json!({ "r": ids[0], "s": household_scores([0; 8]) })).await;
        assert_eq!(code(&rescored), "CONFLICT", "a recognised household keeps its assessment: {rescored}");
        let below = app.call(&staff, POPULATION, json!({ "i": { "organizationId": ward, "year": year,
            "population": "HOUSEHOLDS", "count": 1 } })).await;
        assert_eq!((code(&below), below["errors"][0]["extensions"]["field"].clone()), (json!("VALIDATION"), json!("count")), "{below}");

        let withdrawn = app.call(&staff, WITHDRAW, json!({ "r": ids[1], "why": "Gia đình chuyển đi nơi khác" })).await;
        assert_eq!(withdrawn["data"]["withdrawRecognition"]["status"], "WITHDRAWN", "{withdrawn}");
        let again = app.call(&staff, WITHDRAW, json!({ "r": ids[1], "why": "Lần nữa" })).await;
        assert_eq!(code(&again), "CONFLICT", "{again}");
        let progress = households(&app, &ward).await;
        assert_eq!((progress["recognised"].clone(), progress["withdrawn"].clone(), progress["gap"].clone()),
            (json!(1), json!(1), json!(6)), "{progress}");
        let recognised = app.call(&staff, LIST, json!({ "o": ward, "y": year, "s": "RECOGNISED" })).await;
        assert_eq!(recognised["data"]["recognitionRegistrations"]["nodes"],
            json!([{ "name": "Hộ ông Nguyễn Văn An", "status": "RECOGNISED", "total": 100 }]), "{recognised}");
        let logged = app.call(&admin, "{ auditEvents(first: 5, filter: { action: RECOGNITION_DECIDED }) { nodes { objectType } } }", json!({})).await;
        assert_eq!(logged["data"]["auditEvents"]["nodes"], json!([{ "objectType": "RECOGNITION_DECISION" }]), "{logged}");

        // The yearly report, as the ward sends it upward: its households' row, in numbers.
        let (status, file, bytes) = app.download("", &format!("/api/organizations/{ward}/society-report?year={year}")).await;
        assert_eq!(status, 200);
        assert_eq!(file.unwrap(), format!("attachment; filename=\"xa-hoi-hoc-tap-{ward}-{year}.xlsx\""));
        let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        let sheet = workbook.worksheet_range("Xã hội học tập").unwrap();
        let households: Vec<String> = sheet.rows()
            .find(|row| row[1] == LONG_BIEN && row[2] == "Gia đình học tập")
            .expect("the ward's households")
            .iter().map(ToString::to_string).collect();
        assert_eq!(&households[3..], ["10", "4", "3", "1", "1", "10", "70", "6"], "the withdrawn one no longer passed: {households:?}");
        let (status, _, _) = app.download("", &format!("/api/organizations/{ward}/society-report?year=abc")).await;
        assert_eq!(status, 400, "a year that is not one");

        // The trend: each year's share, the years before this one without recognitions.
        const TREND: &str = "query($o: ID!, $f: Int!, $t: Int!) { societyTrend(organizationId: $o, fromYear: $f, toYear: $t) {
            year progress { model recognised } } }";
        let (_, trend) = app.graphql(TREND, json!({ "o": ward, "f": year - 1, "t": year })).await;
        let households: Vec<(Value, Value)> = trend["data"]["societyTrend"].as_array().unwrap().iter()
            .map(|y| (y["year"].clone(), y["progress"][0]["recognised"].clone())).collect();
        assert_eq!(households, [(json!(year - 1), json!(0)), (json!(year), json!(1))], "{trend}");
        let (_, too_long) = app.graphql(TREND, json!({ "o": ward, "f": i32::MIN, "t": i32::MAX })).await;
        assert_eq!(too_long["errors"][0]["extensions"]["field"], "fromYear", "{too_long}");
    }
}

on_every_database! {
    async fn people_register_themselves_staff_act_in_their_subtree_and_targets_come_from_above(app) {
        let year = today().year();
        let admin = app.city_admin().await;
        let ward = app.organization_id(LONG_BIEN).await;
        let other = app.organization_id(HA_DONG).await;
        let city = app.organization_id(CITY).await;
        let other_staff = app.staff(&admin, "hoihadong@example.vn", &other, "ADMIN").await;
        app.sign_up("giadinh@example.vn").await;
        let person = app.sign_in("giadinh@example.vn").await;

        let own = register(&app, &person, &ward, "HOUSEHOLD", "Hộ ông Trần Văn Đức").await;
        assert_eq!((own["data"]["registerForRecognition"]["status"].clone(), own["data"]["registerForRecognition"]["selfRegistered"].clone()),
            (json!("REGISTERED"), json!(true)), "{own}");
        let second = register(&app, &person, &other, "HOUSEHOLD", "Hộ ông Trần Văn Hải").await;
        assert_eq!(code(&second), "CONFLICT", "one household of one's own: {second}");
        let clan = register(&app, &person, &ward, "CLAN", "Dòng họ Trần").await;
        assert_eq!(code(&clan), "FORBIDDEN", "a clan is the association's to register: {clan}");
        let list = app.call(&person, LIST, json!({ "o": ward, "y": year })).await;
        assert_eq!(code(&list), "FORBIDDEN", "{list}");
        let id = own["data"]["registerForRecognition"]["id"].as_str().unwrap();
        let outside = app.call(&other_staff, ASSESS, json!({ "r": id, "s": household_scores([20, 10, 20, 10, 10, 10, 10, 10]) })).await;
        assert_eq!(code(&outside), "FORBIDDEN", "{outside}");
        let at_city = register(&app, &admin, &city, "UNIT", "Sở Giáo dục và Đào tạo").await;
        assert_eq!(at_city["errors"][0]["extensions"]["field"], "organizationId", "{at_city}");

        let target = |organization: &str, percent: i64| json!({ "i": { "organizationId": organization, "year": year,
            "population": "HOUSEHOLDS", "targetPercent": percent } });
        let zero = app.call(&admin, POPULATION, target(&city, 0)).await;
        assert_eq!(zero["errors"][0]["extensions"]["field"], "targetPercent", "{zero}");
        app.call_ok(&admin, POPULATION, target(&city, 80)).await;
        let progress = households(&app, &ward).await;
        assert_eq!((progress["targetPercent"].clone(), progress["targetSetBy"].clone()), (json!(80), json!(city)), "{progress}");
        app.call_ok(&admin, POPULATION, target(&ward, 75)).await;
        let progress = households(&app, &ward).await;
        assert_eq!((progress["targetPercent"].clone(), progress["targetSetBy"].clone()), (json!(75), json!(ward)), "{progress}");
        let other_progress = households(&app, &other).await;
        assert_eq!(other_progress["targetPercent"], 80, "{other_progress}");
        let outside = app.call(&other_staff, POPULATION, target(&ward, 90)).await;
        assert_eq!(code(&outside), "FORBIDDEN", "{outside}");
    }
}

const MINE: &str = "{ myRecognitionRegistrations { registration { model year status name total }
    organizationName decisionNumber decisionSignedOn } }";

on_every_database! {
    async fn a_person_follows_their_own_household_from_registered_to_recognised_and_registers_it_again(app) {
        let year = today().year();
        let admin = app.city_admin().await;
        let ward = app.organization_id(LONG_BIEN).await;
        app.sign_up("tranduc@example.vn").await;
        let person = app.sign_in("tranduc@example.vn").await;
        app.sign_up("hangxom@example.vn").await;
        let neighbour = app.sign_in("hangxom@example.vn").await;
        let (_, signed_out) = app.graphql(MINE, json!({})).await;
        assert_eq!(code(&signed_out), "UNAUTHENTICATED", "{signed_out}");
        let none = app.call_ok(&person, MINE, json!({})).await;
        assert_eq!(none["data"]["myRecognitionRegistrations"], json!([]), "{none}");

        let own = register(&app, &person, &ward, "HOUSEHOLD", "Hộ ông Trần Văn Đức").await;
        let id = own["data"]["registerForRecognition"]["id"].as_str().unwrap().to_owned();
        let mine = app.call_ok(&person, MINE, json!({})).await;
        assert_eq!(mine["data"]["myRecognitionRegistrations"], json!([{
            "registration": { "model": "HOUSEHOLD", "year": year, "status": "REGISTERED", "name": "Hộ ông Trần Văn Đức", "total": null },
            "organizationName": LONG_BIEN, "decisionNumber": null, "decisionSignedOn": null }]), "{mine}");

        let scored = app.call(&admin, ASSESS, json!({ "r": id, "s": household_scores([20, 10, 20, 10, 10, 10, 10, 10]) })).await;
        assert_eq!(scored["data"]["assessRegistration"]["passed"], true, "{scored}");
        app.call_ok(&admin, RECOGNISE, json!({ "i": { "organizationId": ward, "model": "HOUSEHOLD", "year": year,
            "number": "7/QĐ-KH", "signedOn": today().to_string(), "signer": "Chủ tịch Hội Nguyễn Thị Hoa",
            "registrationIds": [id] } })).await;
        register(&app, &person, &ward, "CITIZEN", "Trần Văn Đức").await;
        let next_year = app.call(&person, REGISTER, json!({ "i": { "organizationId": ward, "model": "HOUSEHOLD",
            "year": year + 1, "name": "Hộ ông Trần Văn Đức", "address": "Tổ 3" } })).await;
        assert_eq!(next_year["data"]["registerForRecognition"]["status"], "REGISTERED", "the same household, found again: {next_year}");

        let mine = app.call_ok(&person, MINE, json!({})).await;
        let rows = mine["data"]["myRecognitionRegistrations"].as_array().unwrap();
        let seen: Vec<(Value, Value, Value)> = rows.iter().map(|row| (row["registration"]["model"].clone(),
            row["registration"]["year"].clone(), row["registration"]["status"].clone())).collect();
        assert_eq!(seen, [(json!("HOUSEHOLD"), json!(year + 1), json!("REGISTERED")),
            (json!("HOUSEHOLD"), json!(year), json!("RECOGNISED")), (json!("CITIZEN"), json!(year), json!("REGISTERED"))],
            "the latest year first: {mine}");
        assert_eq!((rows[1]["registration"]["total"].clone(), rows[1]["decisionNumber"].clone(), rows[1]["decisionSignedOn"].clone()),
            (json!(100), json!("7/QĐ-KH"), json!(today().to_string())), "{mine}");
        let theirs = app.call_ok(&neighbour, MINE, json!({})).await;
        assert_eq!(theirs["data"]["myRecognitionRegistrations"], json!([]), "another person's registrations are theirs: {theirs}");
        let staffs = app.call_ok(&admin, MINE, json!({})).await;
        assert_eq!(staffs["data"]["myRecognitionRegistrations"], json!([]), "what staff register is not their own: {staffs}");
        let own = |model: &str, name: &str| json!({ "i": { "organizationId": ward, "model": model, "year": year,
            "name": name, "forMyself": true } });
        let clan = app.call(&admin, REGISTER, own("CLAN", "Dòng họ Nguyễn")).await;
        assert_eq!(clan["errors"][0]["extensions"]["field"], "model", "a clan is nobody's own: {clan}");
        let household = app.call(&admin, REGISTER, own("HOUSEHOLD", "Hộ bà Quản trị")).await;
        assert_eq!(household["data"]["registerForRecognition"]["selfRegistered"], true, "{household}");
        let staffs = app.call_ok(&admin, MINE, json!({})).await;
        assert_eq!(staffs["data"]["myRecognitionRegistrations"][0]["registration"]["name"], "Hộ bà Quản trị",
            "staff register their own household as anyone does: {staffs}");
    }
}
