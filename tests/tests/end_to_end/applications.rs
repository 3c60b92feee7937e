//! Learners, programs and applications over HTTP: registering a learner once, setting up and
//! opening a program, and an application's moves — each legal one recorded, every illegal one
//! refused with a code, ineligible and out-of-window submissions refused with their reasons.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use futures::future::join_all;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use tests::{TestApp, first_error_code, on_every_database, today};

const REGISTER: &str = "mutation($i: RegisterLearnerInput!) { registerLearner(input: $i) { id fullName personalId gpa circumstances } }";
const CREATE_PROGRAM: &str = "mutation($i: CreateProgramInput!) { createProgram(input: $i) { id status name tiers { name amount quota } eligibility { minGpa educationLevels } } }";
const CREATE_APPLICATION: &str = "mutation($p: ID!, $l: ID!) { createApplication(programId: $p, learnerId: $l, statement: \"Em học tốt, gia đình khó khăn.\") { id status } }";
const SUBMIT: &str = "mutation($a: ID!) { submitApplication(id: $a) { id status timeline { action fromStatus toStatus reason } nextActions } }";
const RETURN: &str =
    "mutation($a: ID!, $r: String!) { returnApplication(id: $a, reason: $r) { status } }";
const REJECT: &str =
    "mutation($a: ID!, $r: String!) { rejectApplication(id: $a, reason: $r) { status } }";
const WITHDRAW: &str = "mutation($a: ID!) { withdrawApplication(id: $a, reason: \"Gia đình chuyển nơi ở\") { status } }";

struct World {
    manager: String,
    applicant: String,
    other_applicant: String,
    bat_trang: String,
    fund: String,
}

async fn world(app: &TestApp) -> World {
    let admin = app.city_admin().await;
    let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
    let manager = app
        .staff(
            &admin,
            "quanly.battrang@example.vn",
            &bat_trang,
            "PROGRAM_MANAGER",
        )
        .await;
    app.sign_up("phuhuynh@example.vn").await;
    app.sign_up("hangxom@example.vn").await;
    World {
        manager,
        applicant: app.sign_in("phuhuynh@example.vn").await,
        other_applicant: app.sign_in("hangxom@example.vn").await,
        fund: app.fund_id("Quỹ Khuyến học xã Bát Tràng").await,
        bat_trang,
    }
}

fn learner_input(w: &World, personal_id: &str) -> Value {
    json!({
        "fullName": "Lê Minh Anh", "dateOfBirth": "2012-09-05", "gender": "FEMALE",
        "personalId": personal_id, "educationLevel": "LOWER_SECONDARY",
        "school": "Trường THCS Bát Tràng", "className": "8A", "communeId": w.bat_trang,
        "circumstances": ["NEAR_POOR"], "gpa": "8,75", "guardianName": "Lê Văn Hùng",
        "guardianPhone": "0912 345 678",
    })
}

fn program_input(
    w: &World,
    name: &str,
    opens: chrono::NaiveDate,
    closes: chrono::NaiveDate,
    rules: Value,
) -> Value {
    json!({
        "organizationId": w.bat_trang, "fundId": w.fund, "kind": "SCHOLARSHIP",
        "name": name, "cycle": "2026-2027", "opensOn": opens.to_string(), "closesOn": closes.to_string(),
        "budget": 20_000_000,
        "tiers": [{ "name": "Học bổng vượt khó", "amount": 2_000_000, "quota": 5 }, { "name": "Khuyến khích", "amount": 1_000_000, "quota": 10 }],
        "eligibility": rules,
        "rubric": [{ "name": "Kết quả học tập", "weight": 60, "maxScore": 10 }, { "name": "Hoàn cảnh gia đình", "weight": 40, "maxScore": 10 }],
    })
}

/// An open program, its window around today, with `rules`; its id.
async fn open_program(app: &TestApp, w: &World, name: &str, rules: Value) -> String {
    let input = program_input(
        w,
        name,
        today() - chrono::TimeDelta::days(10),
        today() + chrono::TimeDelta::days(30),
        rules,
    );
    let body = app
        .call(&w.manager, CREATE_PROGRAM, json!({ "i": input }))
        .await;
    let id = body["data"]["createProgram"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned();
    let body = app
        .call(
            &w.manager,
            "mutation($p: ID!) { openProgram(id: $p) { status } }",
            json!({ "p": id }),
        )
        .await;
    assert_eq!(body["data"]["openProgram"]["status"], "OPEN", "{body}");
    id
}

async fn register(app: &TestApp, token: &str, input: Value) -> Value {
    app.call(token, REGISTER, json!({ "i": input })).await
}

on_every_database! {
    async fn a_learner_is_registered_once_and_seen_whole_only_by_those_entitled(app) {
        let w = world(&app).await;
        let body = register(&app, &w.applicant, learner_input(&w, "001312345678")).await;
        let learner = &body["data"]["registerLearner"];
        assert_eq!(learner["personalId"], "001312345678", "{body}");
        assert_eq!(learner["gpa"], "8.75");
        assert_eq!(learner["circumstances"], json!(["NEAR_POOR"]));
        let id = learner["id"].as_str().unwrap().to_owned();

        let again = register(&app, &w.other_applicant, learner_input(&w, "001 312 345 678")).await;
        assert_eq!(first_error_code(&again), Some("CONFLICT"), "{again}");
        assert!(again["errors"][0]["message"].as_str().unwrap().contains("add you as a manager"), "{again}");

        let mut wrong_year = learner_input(&w, "001309345678");
        wrong_year["fullName"] = json!("Lê Minh Châu");
        let body = register(&app, &w.applicant, wrong_year).await;
        assert_eq!(body["errors"][0]["extensions"]["field"], "personalId", "the id's birth year must match: {body}");
        for (field, value) in [("gpa", json!("11")), ("guardianPhone", json!("12345")), ("fullName", json!(" "))] {
            let mut input = learner_input(&w, "001312999999");
            input[field] = value;
            let body = register(&app, &w.applicant, input).await;
            assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
        }

        let query = "query($l: ID!) { learner(id: $l) { fullName personalId } }";
        let stranger = app.call(&w.other_applicant, query, json!({ "l": id })).await;
        assert_eq!(first_error_code(&stranger), Some("NOT_FOUND"), "ids do not reveal who is registered");
        let staff = app.call(&w.manager, query, json!({ "l": id })).await;
        assert_eq!(staff["data"]["learner"]["personalId"], "001312345678", "the commune's program manager sees it whole: {staff}");
        let mine = app.call(&w.applicant, "{ myLearners { nodes { id fullName } } }", json!({})).await;
        assert_eq!(mine["data"]["myLearners"]["nodes"], json!([{ "id": id, "fullName": "Lê Minh Anh" }]));
        let theirs = app.call(&w.other_applicant, "{ myLearners { nodes { id } } }", json!({})).await;
        assert_eq!(theirs["data"]["myLearners"]["nodes"], json!([]));

        // Her details change: a new school year, a new school. The whole details are given,
        // as when registering; the staff's search finds her by the new school at once.
        const UPDATE: &str = "mutation($l: ID!, $i: RegisterLearnerInput!) { updateLearner(id: $l, input: $i) { fullName school className achievements commune { name } } }";
        let mut moved_on = learner_input(&w, "001312345678");
        moved_on["school"] = json!("Trường THPT Cao Bá Quát");
        moved_on["className"] = json!("10A1");
        moved_on["educationLevel"] = json!("UPPER_SECONDARY");
        moved_on["achievements"] = json!("Giải Nhì học sinh giỏi Toán cấp thành phố");
        let updated = app.call(&w.applicant, UPDATE, json!({ "l": id, "i": moved_on.clone() })).await;
        assert_eq!(
            updated["data"]["updateLearner"],
            json!({ "fullName": "Lê Minh Anh", "school": "Trường THPT Cao Bá Quát", "className": "10A1",
                    "achievements": "Giải Nhì học sinh giỏi Toán cấp thành phố", "commune": { "name": "Hội Khuyến học xã Bát Tràng" } }),
            "{updated}"
        );
        let found = app.call(&w.manager, "query($o: ID!) { learners(organizationId: $o, search: \"cao ba quat\") { nodes { id } } }", json!({ "o": w.bat_trang })).await;
        assert_eq!(found["data"]["learners"]["nodes"], json!([{ "id": id }]), "searched by the new school: {found}");
        // Only her managers and the staff may; another learner's personal id is refused.
        let stranger = app.call(&w.other_applicant, UPDATE, json!({ "l": id, "i": moved_on.clone() })).await;
        assert!(matches!(first_error_code(&stranger), Some("FORBIDDEN" | "NOT_FOUND")), "{stranger}");
        let other = register(&app, &w.other_applicant, learner_input(&w, "001312888888")).await;
        assert!(other["errors"].is_null(), "{other}");
        let mut taken = moved_on.clone();
        taken["personalId"] = json!("001312888888");
        let clash = app.call(&w.applicant, UPDATE, json!({ "l": id, "i": taken })).await;
        assert_eq!(first_error_code(&clash), Some("CONFLICT"), "{clash}");
        let staff = app.call(&w.manager, UPDATE, json!({ "l": id, "i": moved_on })).await;
        assert!(staff["errors"].is_null(), "the commune's program manager may too: {staff}");
    }
}

on_every_database! {
    async fn a_program_is_set_up_by_its_staff_in_draft_and_public_once_opened(app) {
        let w = world(&app).await;
        let input = program_input(&w, "Học bổng Vượt khó Bát Tràng", today(), today() + chrono::TimeDelta::days(30), json!({ "minGpa": "7.0" }));
        let forbidden = app.call(&w.applicant, CREATE_PROGRAM, json!({ "i": input.clone() })).await;
        assert_eq!(first_error_code(&forbidden), Some("FORBIDDEN"), "{forbidden}");
        for (field, value, expected) in [
            ("cycle", json!("2026"), "cycle"),
            ("rubric", json!([]), "rubric"),
            ("budget", json!(0), "budget"),
            ("closesOn", json!((today() - chrono::TimeDelta::days(1)).to_string()), "closesOn"),
            ("fundId", json!(app.fund_id("Quỹ Khuyến học xã Sóc Sơn").await), "fundId"),
        ] {
            let mut bad = input.clone();
            bad[field] = value;
            let body = app.call(&w.manager, CREATE_PROGRAM, json!({ "i": bad })).await;
            assert_eq!(body["errors"][0]["extensions"]["field"], expected, "{field}: {body}");
        }
        let body = app.call(&w.manager, CREATE_PROGRAM, json!({ "i": input })).await;
        let program = &body["data"]["createProgram"];
        assert_eq!(program["status"], "DRAFT", "{body}");
        assert_eq!(program["tiers"][0], json!({ "name": "Học bổng vượt khó", "amount": 2_000_000, "quota": 5 }));
        assert_eq!(program["eligibility"]["minGpa"], "7");
        let id = program["id"].as_str().unwrap().to_owned();

        let (_, public) = app.graphql("query($p: ID!) { program(id: $p) { name } }", json!({ "p": id })).await;
        assert_eq!(first_error_code(&public), Some("NOT_FOUND"), "a draft is not public");
        let (_, listed) = app.graphql("{ programs { edges { node { id } } } }", json!({})).await;
        assert_eq!(listed["data"]["programs"]["edges"], json!([]));
        let drafts = app.call(&w.manager, "query($w: ID!) { programs(statuses: [DRAFT], within: $w) { edges { node { id } } } }", json!({ "w": w.bat_trang })).await;
        assert_eq!(drafts["data"]["programs"]["edges"][0]["node"]["id"], id.as_str(), "{drafts}");

        let body = app.call(&w.manager, "mutation($p: ID!) { openProgram(id: $p) { status } }", json!({ "p": id })).await;
        assert_eq!(body["data"]["openProgram"]["status"], "OPEN");
        let (_, listed) = app.graphql("{ programs { edges { node { id name status } } } }", json!({})).await;
        assert_eq!(listed["data"]["programs"]["edges"][0]["node"]["name"], "Học bổng Vượt khó Bát Tràng", "{listed}");
        // Found by part of its name, typed without diacritics, and not by another's.
        for (search, found) in [("vuot KHO bat", 1), ("Vượt khó", 1), ("khen thuong", 0)] {
            let (_, listed) = app.graphql("query($s: String) { programs(search: $s) { edges { node { name } } } }", json!({ "s": search })).await;
            assert_eq!(listed["data"]["programs"]["edges"].as_array().map(Vec::len), Some(found), "{search}: {listed}");
        }
        let twice = app.call(&w.manager, "mutation($p: ID!) { openProgram(id: $p) { status } }", json!({ "p": id })).await;
        assert_eq!(first_error_code(&twice), Some("CONFLICT"));
    }
}

const UPDATE_PROGRAM: &str = "mutation($p: ID!, $i: CreateProgramInput!) { updateProgram(id: $p, input: $i) { id name status budget tiers { name amount quota } eligibility { communeIds communes { name } } } }";

on_every_database! {
    async fn a_draft_program_is_edited_by_its_staff_until_it_opens(app) {
        let w = world(&app).await;
        let input = program_input(&w, "Học bổng Bát Tràng (nháp)", today(), today() + chrono::TimeDelta::days(30), json!({}));
        let id = app.call(&w.manager, CREATE_PROGRAM, json!({ "i": input.clone() })).await["data"]["createProgram"]["id"].as_str().unwrap().to_owned();

        let mut edited = input.clone();
        edited["name"] = json!("Học bổng Vượt khó Bát Tràng");
        edited["budget"] = json!(30_000_000);
        edited["tiers"] = json!([{ "name": "Học bổng toàn phần", "amount": 3_000_000, "quota": 10 }]);
        edited["eligibility"] = json!({ "communeIds": [w.bat_trang] });
        let stranger = app.call(&w.applicant, UPDATE_PROGRAM, json!({ "p": id, "i": edited.clone() })).await;
        assert_eq!(first_error_code(&stranger), Some("FORBIDDEN"), "{stranger}");
        let mut over_budget = edited.clone();
        over_budget["tiers"][0]["amount"] = json!(40_000_000);
        let refused = app.call(&w.manager, UPDATE_PROGRAM, json!({ "p": id, "i": over_budget })).await;
        assert_eq!(refused["errors"][0]["extensions"]["field"], "tiers.0.amount", "an edit is checked as a setup is: {refused}");

        let body = app.call(&w.manager, UPDATE_PROGRAM, json!({ "p": id, "i": edited.clone() })).await;
        let program = &body["data"]["updateProgram"];
        assert_eq!(program["name"], "Học bổng Vượt khó Bát Tràng", "{body}");
        assert_eq!(program["status"], "DRAFT");
        assert_eq!(program["budget"], 30_000_000);
        assert_eq!(program["tiers"], json!([{ "name": "Học bổng toàn phần", "amount": 3_000_000, "quota": 10 }]), "the tiers are replaced");
        assert_eq!(program["eligibility"]["communes"], json!([{ "name": "Hội Khuyến học xã Bát Tràng" }]), "the communes come with their names");
        let audit = app.call(&app.city_admin().await, "{ auditEvents(filter: { action: PROGRAM_UPDATED }) { edges { node { summary } } } }", json!({})).await;
        let summary = audit["data"]["auditEvents"]["edges"][0]["node"]["summary"].as_str().unwrap_or_else(|| panic!("{audit}"));
        let event: Value = serde_json::from_str(summary).unwrap();
        assert_eq!(event["after"]["budget"], 30_000_000, "{event}");
        assert_eq!(event["before"]["tiers"][1]["name"], "Khuyến khích", "the audit keeps the tiers replaced");

        app.call(&w.manager, "mutation($p: ID!) { openProgram(id: $p) { status } }", json!({ "p": id })).await;
        let opened = app.call(&w.manager, UPDATE_PROGRAM, json!({ "p": id, "i": edited })).await;
        assert_eq!(first_error_code(&opened), Some("CONFLICT"), "an opened program keeps its terms: {opened}");
    }
}

on_every_database! {
    async fn an_application_moves_only_along_the_state_machine_and_every_move_is_recorded(app) {
        let w = world(&app).await;
        let program = open_program(&app, &w, "Học bổng Vượt khó 2026", json!({ "educationLevels": ["LOWER_SECONDARY"], "minGpa": "8" })).await;
        let learner = register(&app, &w.applicant, learner_input(&w, "001312345678")).await["data"]["registerLearner"]["id"].as_str().unwrap().to_owned();

        let stranger = app.call(&w.other_applicant, CREATE_APPLICATION, json!({ "p": program, "l": learner })).await;
        assert_eq!(first_error_code(&stranger), Some("FORBIDDEN"), "only the learner's managers apply");
        let body = app.call(&w.applicant, CREATE_APPLICATION, json!({ "p": program, "l": learner })).await;
        assert_eq!(body["data"]["createApplication"]["status"], "DRAFT", "{body}");
        let application = body["data"]["createApplication"]["id"].as_str().unwrap().to_owned();
        let second = app.call(&w.applicant, CREATE_APPLICATION, json!({ "p": program, "l": learner })).await;
        assert_eq!(first_error_code(&second), Some("CONFLICT"), "one live application per learner and program");

        let a = json!({ "a": application });
        let body = app.call(&w.applicant, SUBMIT, a.clone()).await;
        assert_eq!(body["data"]["submitApplication"]["status"], "SUBMITTED", "{body}");
        assert_eq!(body["data"]["submitApplication"]["nextActions"], json!(["START_REVIEW", "RETURN_FOR_INFO", "REJECT", "WITHDRAW"]));
        let again = app.call(&w.applicant, SUBMIT, a.clone()).await;
        assert_eq!(first_error_code(&again), Some("ILLEGAL_TRANSITION"), "{again}");
        let self_reject = app.call(&w.applicant, REJECT, json!({ "a": application, "r": "không" })).await;
        assert_eq!(first_error_code(&self_reject), Some("FORBIDDEN"));

        let body = app.call(&w.manager, RETURN, json!({ "a": application, "r": "Bổ sung giấy xác nhận hộ cận nghèo năm 2026" })).await;
        assert_eq!(body["data"]["returnApplication"]["status"], "NEEDS_INFO", "{body}");
        let answer = "Đã bổ sung giấy xác nhận của UBND xã";
        let body = app.call(&w.applicant, "mutation($a: ID!, $r: String!) { submitApplication(id: $a, response: $r) { status } }", json!({ "a": application, "r": answer })).await;
        assert_eq!(body["data"]["submitApplication"]["status"], "SUBMITTED", "resubmitted with an answer: {body}");
        let no_reason = app.call(&w.manager, REJECT, json!({ "a": application, "r": "  " })).await;
        assert_eq!(no_reason["errors"][0]["extensions"]["field"], "reason");
        let body = app.call(&w.manager, REJECT, json!({ "a": application, "r": "Hồ sơ không đủ điều kiện" })).await;
        assert_eq!(body["data"]["rejectApplication"]["status"], "REJECTED");
        for (query, token) in [(WITHDRAW, &w.applicant), (SUBMIT, &w.applicant)] {
            let body = app.call(token, query, a.clone()).await;
            assert_eq!(first_error_code(&body), Some("ILLEGAL_TRANSITION"), "nothing moves a rejected application: {body}");
        }

        let timeline = app.call(&w.applicant, "query($a: ID!) { application(id: $a) { status learner { fullName } timeline { action fromStatus toStatus reason actorId } } }", a.clone()).await;
        let events: Vec<(String, String)> = timeline["data"]["application"]["timeline"].as_array().unwrap().iter()
            .map(|e| (e["action"].as_str().unwrap().to_owned(), e["toStatus"].as_str().unwrap().to_owned())).collect();
        let expected: Vec<(String, String)> = [("CREATE", "DRAFT"), ("SUBMIT", "SUBMITTED"), ("RETURN_FOR_INFO", "NEEDS_INFO"), ("SUBMIT", "SUBMITTED"), ("REJECT", "REJECTED")]
            .iter().map(|(a, s)| ((*a).to_owned(), (*s).to_owned())).collect();
        assert_eq!(events, expected, "{timeline}");
        assert_eq!(timeline["data"]["application"]["timeline"][2]["reason"], "Bổ sung giấy xác nhận hộ cận nghèo năm 2026");
        assert_eq!(timeline["data"]["application"]["timeline"][3]["reason"], answer, "the applicant's answer is in the timeline");
        let hidden = app.call(&w.other_applicant, "query($a: ID!) { application(id: $a) { status } }", a.clone()).await;
        assert_eq!(first_error_code(&hidden), Some("NOT_FOUND"));

        // A rejected application makes room for a new one, which the applicant may withdraw.
        let body = app.call(&w.applicant, CREATE_APPLICATION, json!({ "p": program, "l": learner })).await;
        let fresh = body["data"]["createApplication"]["id"].as_str().unwrap_or_else(|| panic!("{body}")).to_owned();
        let body = app.call(&w.applicant, WITHDRAW, json!({ "a": fresh })).await;
        assert_eq!(body["data"]["withdrawApplication"]["status"], "WITHDRAWN", "{body}");
        let listed = app.call(&w.manager, "query($p: ID!) { programApplications(programId: $p) { edges { node { id status } } } }", json!({ "p": program })).await;
        assert_eq!(listed["data"]["programApplications"]["edges"].as_array().map(Vec::len), Some(1), "what was never submitted (a draft, a draft withdrawn) is not listed to staff; the rejected one is: {listed}");

        // Staff find an application by its reference (as printed, or its number) or by part of
        // the learner's name, typed with or without its diacritics (not by the school).
        let reference = format!("HS-{:06}", application.parse::<i64>().unwrap());
        for (search, found) in [(reference.as_str(), 1), (application.as_str(), 1), ("Minh", 1), ("le minh", 1), ("LÊ MINH ANH", 1), ("Châu", 0), ("HS-999999", 0), ("Bát Tràng", 0)] {
            let listed = app.call(&w.manager, "query($p: ID!, $s: String!) { programApplications(programId: $p, search: $s) { edges { node { id learnerName } } } }", json!({ "p": program, "s": search })).await;
            assert_eq!(listed["data"]["programApplications"]["edges"].as_array().map(Vec::len), Some(found), "{search}: {listed}");
        }
    }
}

on_every_database! {
    async fn ineligible_and_out_of_window_submissions_are_refused_with_their_reasons(app) {
        let w = world(&app).await;
        let strict = open_program(&app, &w, "Khen thưởng học sinh giỏi THPT", json!({ "educationLevels": ["UPPER_SECONDARY"], "minGpa": "9", "circumstances": ["POOR"] })).await;
        let learner = register(&app, &w.applicant, learner_input(&w, "001312345678")).await["data"]["registerLearner"]["id"].as_str().unwrap().to_owned();
        let body = app.call(&w.applicant, CREATE_APPLICATION, json!({ "p": strict, "l": learner })).await;
        let application = body["data"]["createApplication"]["id"].as_str().unwrap().to_owned();
        let body = app.call(&w.applicant, SUBMIT, json!({ "a": application })).await;
        assert_eq!(first_error_code(&body), Some("NOT_ELIGIBLE"), "{body}");
        let codes: Vec<&str> = body["errors"][0]["extensions"]["reasons"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap()).collect();
        assert_eq!(codes, ["EDUCATION_LEVEL", "GPA_TOO_LOW", "CIRCUMSTANCE"]);

        let open_to_all = open_program(&app, &w, "Học bổng Khuyến học", json!({})).await;
        let eligibility = app.call(&w.applicant, "query($l: ID!) { learnerEligibility(learnerId: $l) { nodes { program { id } eligible reasons { code message } } } }", json!({ "l": learner })).await;
        let rows = eligibility["data"]["learnerEligibility"]["nodes"].as_array().unwrap();
        let row = |id: &str| rows.iter().find(|r| r["program"]["id"] == id).unwrap();
        assert_eq!(row(&strict)["eligible"], false);
        assert_eq!(row(&strict)["reasons"].as_array().unwrap().len(), 3, "the same reasons the submission got");
        assert_eq!(row(&open_to_all)["eligible"], true);
        let (paged, sizes) = app.every_page(
            &w.applicant,
            "query($l: ID!, $after: String) { learnerEligibility(learnerId: $l, first: 1, after: $after) { nodes { program { id } eligible reasons { code message } } pageInfo { hasNextPage endCursor } } }",
            "learnerEligibility",
            json!({ "l": learner }),
        ).await;
        assert_eq!(sizes, vec![1; rows.len()], "one open program a page");
        assert_eq!(&paged, rows, "a page at a time, the same programs, oldest first");

        let input = program_input(&w, "Học bổng học kỳ sau", today() + chrono::TimeDelta::days(1), today() + chrono::TimeDelta::days(40), json!({}));
        let future = app.call(&w.manager, CREATE_PROGRAM, json!({ "i": input })).await["data"]["createProgram"]["id"].as_str().unwrap().to_owned();
        app.call(&w.manager, "mutation($p: ID!) { openProgram(id: $p) { status } }", json!({ "p": future })).await;
        let body = app.call(&w.applicant, CREATE_APPLICATION, json!({ "p": future, "l": learner })).await;
        let early = body["data"]["createApplication"]["id"].as_str().unwrap().to_owned();
        let body = app.call(&w.applicant, SUBMIT, json!({ "a": early })).await;
        assert_eq!(first_error_code(&body), Some("OUTSIDE_WINDOW"), "before the window opens: {body}");

        app.call(&w.manager, "mutation($p: ID!) { closeProgram(id: $p) { status } }", json!({ "p": open_to_all })).await;
        let body = app.call(&w.applicant, CREATE_APPLICATION, json!({ "p": open_to_all, "l": learner })).await;
        assert_eq!(first_error_code(&body), Some("OUTSIDE_WINDOW"), "a closed program takes nothing: {body}");
    }
}

on_every_database! {
    async fn ten_concurrent_applications_for_one_learner_to_one_program_make_one(app) {
        let w = world(&app).await;
        let program = open_program(&app, &w, "Học bổng Khuyến học", json!({})).await;
        let learner = register(&app, &w.applicant, learner_input(&w, "001312345678")).await["data"]["registerLearner"]["id"].as_str().unwrap().to_owned();
        let answers = join_all((0..10).map(|_| app.call(&w.applicant, CREATE_APPLICATION, json!({ "p": program, "l": learner })))).await;
        let created = answers.iter().filter(|b| b["errors"].is_null()).count();
        let conflicts = answers.iter().filter(|b| first_error_code(b) == Some("CONFLICT")).count();
        assert_eq!((created, conflicts), (1, 9), "{answers:?}");
    }
}

on_every_database! {
    async fn required_evidence_is_uploaded_checked_and_readable_only_by_those_allowed(app) {
        let w = world(&app).await;
        let mut input = program_input(&w, "Học bổng có hồ sơ", today() - chrono::TimeDelta::days(1), today() + chrono::TimeDelta::days(9), json!({}));
        input["requiredEvidence"] = json!(["Học bạ"]);
        let body = app.call(&w.manager, CREATE_PROGRAM, json!({ "i": input })).await;
        let program = body["data"]["createProgram"]["id"].as_str().unwrap().to_owned();
        app.call(&w.manager, "mutation($p: ID!) { openProgram(id: $p) { status } }", json!({ "p": program })).await;
        let learner = register(&app, &w.applicant, learner_input(&w, "001312345678")).await["data"]["registerLearner"]["id"].as_str().unwrap().to_owned();
        let body = app.call(&w.applicant, CREATE_APPLICATION, json!({ "p": program, "l": learner })).await;
        let application = body["data"]["createApplication"]["id"].as_str().unwrap().to_owned();

        let body = app.call(&w.applicant, SUBMIT, json!({ "a": application })).await;
        assert_eq!(body["errors"][0]["extensions"]["field"], "evidence", "the transcript is missing: {body}");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("Học bạ"));

        let pdf = b"%PDF-1.4\n% hoc ba lop 8\n".to_vec();
        let (status, body) = app.upload(Some(&w.applicant), &application, "Học bạ", "hoc-ba.txt", b"plain text".to_vec()).await;
        assert_eq!((status, body["errors"][0]["extensions"]["field"].as_str()), (400, Some("file")), "not a PDF or image: {body}");
        let (status, body) = app.upload(Some(&w.applicant), &application, "Bằng lái xe", "x.pdf", pdf.clone()).await;
        assert_eq!((status, body["errors"][0]["extensions"]["field"].as_str()), (400, Some("kind")), "{body}");
        let (status, _) = app.upload(None, &application, "Học bạ", "x.pdf", pdf.clone()).await;
        assert_eq!(status, 403, "no CSRF header, no session");
        let (status, body) = app.upload(Some(&w.other_applicant), &application, "Học bạ", "x.pdf", pdf.clone()).await;
        assert_eq!((status, body["errors"][0]["extensions"]["code"].as_str()), (404, Some("NOT_FOUND")), "as if there were no such application: {body}");
        let too_big = [b"%PDF-".to_vec(), vec![b'0'; 10 * 1024 * 1024]].concat();
        let (status, body) = app.upload(Some(&w.applicant), &application, "Học bạ", "big.pdf", too_big).await;
        assert_eq!((status, body["errors"][0]["extensions"]["field"].as_str()), (400, Some("file")), "just over 10 MB: {body}");
        // Far over the limit, the server answers 413 without reading the rest of the body; the
        // client may then see the answer or, still writing, a closed connection. Either way
        // nothing is stored (checked below: one document only).
        let form = reqwest::multipart::Form::new()
            .text("kind", "Học bạ")
            .part("file", reqwest::multipart::Part::bytes(vec![b'%'; 12 * 1024 * 1024]).file_name("huge.pdf"));
        // Its own client: the connection the server cuts must not go back to the shared pool.
        let sent = reqwest::Client::new().post(app.url(&format!("/api/applications/{application}/evidence")))
            .header("cookie", format!("kh_session={}", w.applicant)).header("x-khuyenhoc-client", "tests")
            .multipart(form).send().await;
        match sent {
            Ok(response) => assert_eq!(response.status().as_u16(), 413, "the body limit stops it early"),
            Err(error) => assert!(error.is_request(), "{error}"),
        }
        let (status, body) = app.upload(Some(&w.applicant), &application, "Học bạ", "../../học bạ.pdf", pdf.clone()).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(body["fileName"], "học bạ.pdf", "no path survives in the name");

        let view = app.call(&w.applicant, "query($a: ID!) { application(id: $a) { evidence { kind fileName size contentType url } } }", json!({ "a": application })).await;
        assert_eq!(view["data"]["application"]["evidence"].as_array().map(Vec::len), Some(1), "only the good upload was kept: {view}");
        let file = view["data"]["application"]["evidence"][0].clone();
        assert_eq!(file["contentType"], "application/pdf", "{view}");
        assert_eq!(file["size"], pdf.len());
        let url = file["url"].as_str().unwrap();
        let (status, disposition, bytes) = app.download(&w.applicant, url).await;
        assert_eq!((status, bytes), (200, pdf.clone()));
        assert_eq!(disposition.as_deref(), Some("attachment; filename*=UTF-8''h%E1%BB%8Dc%20b%E1%BA%A1.pdf"), "the applicant's own file name");
        assert_eq!(app.download(&w.manager, url).await.0, 404, "a draft's documents are the applicant side's alone");
        assert_eq!(app.download(&w.other_applicant, url).await.0, 404, "nobody else's either");

        let body = app.call(&w.applicant, SUBMIT, json!({ "a": application })).await;
        assert_eq!(body["data"]["submitApplication"]["status"], "SUBMITTED", "{body}");
        assert_eq!(app.download(&w.manager, url).await.0, 200, "once submitted, the program's staff read it");
        let (status, _) = app.upload(Some(&w.applicant), &application, "Khác", "late.pdf", pdf).await;
        assert_eq!(status, 409, "a submitted application's documents are fixed");
    }
}

const INVITE: &str = "mutation($l: ID!, $login: String!) { inviteLearnerManager(learnerId: $l, login: $login) { id } }";
const INVITATIONS: &str = "{ learnerInvitations { id learnerName invitedByName status } }";

on_every_database! {
    async fn a_second_guardian_is_invited_and_manages_the_learner_only_once_they_accept(app) {
        let w = world(&app).await;
        let learner = register(&app, &w.applicant, learner_input(&w, "001312345678")).await["data"]["registerLearner"]["id"].as_str().unwrap().to_owned();
        let stranger = app.call(&w.other_applicant, INVITE, json!({ "l": learner, "login": "hangxom@example.vn" })).await;
        assert_eq!(first_error_code(&stranger), Some("NOT_FOUND"), "only a manager invites others");

        let known = app.call(&w.applicant, INVITE, json!({ "l": learner, "login": "hangxom@example.vn" })).await;
        let unknown = app.call(&w.applicant, INVITE, json!({ "l": learner, "login": "ai.do@example.vn" })).await;
        assert!(known["errors"].is_null(), "{known}");
        assert_eq!(known, unknown, "whether a login has an account is not told");
        let again = app.call(&w.applicant, INVITE, json!({ "l": learner, "login": "HangXom@example.vn" })).await;
        assert_eq!(again, known, "inviting twice changes nothing");

        let theirs = app.call(&w.other_applicant, "{ myLearners { nodes { id } } }", json!({})).await;
        assert_eq!(theirs["data"]["myLearners"]["nodes"], json!([]), "nothing is linked before they accept");
        let waiting = app.call(&w.other_applicant, INVITATIONS, json!({})).await;
        let invitations = waiting["data"]["learnerInvitations"].as_array().unwrap().clone();
        assert_eq!(invitations.len(), 1, "one invitation, however often sent: {waiting}");
        assert_eq!(invitations[0]["learnerName"], "Lê Minh Anh");
        assert_eq!(invitations[0]["invitedByName"], "phuhuynh@example.vn");
        let invitation = invitations[0]["id"].as_str().unwrap().to_owned();

        let accept = "mutation($i: ID!) { acceptLearnerInvitation(id: $i) { status } }";
        let not_theirs = app.call(&w.manager, accept, json!({ "i": invitation })).await;
        assert_eq!(first_error_code(&not_theirs), Some("NOT_FOUND"), "an invitation is answered by its login only");
        let accepted = app.call(&w.other_applicant, accept, json!({ "i": invitation })).await;
        assert_eq!(accepted["data"]["acceptLearnerInvitation"]["status"], "ACCEPTED", "{accepted}");
        let theirs = app.call(&w.other_applicant, "{ myLearners { nodes { id personalId } } }", json!({})).await;
        assert_eq!(theirs["data"]["myLearners"]["nodes"], json!([{ "id": learner, "personalId": "001312345678" }]));
        let twice = app.call(&w.other_applicant, accept, json!({ "i": invitation })).await;
        assert_eq!(first_error_code(&twice), Some("CONFLICT"), "answered once");
        let left = app.call(&w.other_applicant, INVITATIONS, json!({})).await;
        assert_eq!(left["data"]["learnerInvitations"], json!([]));

        // An invitation to a login without an account waits for it, and can be declined.
        app.sign_up("ai.do@example.vn").await;
        let newcomer = app.sign_in("ai.do@example.vn").await;
        let waiting = app.call(&newcomer, INVITATIONS, json!({})).await;
        let invitation = waiting["data"]["learnerInvitations"][0]["id"].as_str().unwrap_or_else(|| panic!("{waiting}")).to_owned();
        let declined = app.call(&newcomer, "mutation($i: ID!) { declineLearnerInvitation(id: $i) { status } }", json!({ "i": invitation })).await;
        assert_eq!(declined["data"]["declineLearnerInvitation"]["status"], "DECLINED", "{declined}");
        let theirs = app.call(&newcomer, "{ myLearners { nodes { id } } }", json!({})).await;
        assert_eq!(theirs["data"]["myLearners"]["nodes"], json!([]));
    }
}

on_every_database! {
    async fn a_draft_is_the_applicant_sides_alone_until_it_is_submitted(app) {
        let w = world(&app).await;
        let program = open_program(&app, &w, "Học bổng nháp", json!({})).await;
        let learner = register(&app, &w.applicant, learner_input(&w, "001312345678")).await["data"]["registerLearner"]["id"].as_str().unwrap().to_owned();
        let body = app.call(&w.applicant, CREATE_APPLICATION, json!({ "p": program, "l": learner })).await;
        let draft = body["data"]["createApplication"]["id"].as_str().unwrap().to_owned();
        let view = "query($a: ID!) { application(id: $a) { id statement } }";

        let staff = app.call(&w.manager, view, json!({ "a": draft })).await;
        let nowhere = app.call(&w.manager, view, json!({ "a": "987654" })).await;
        assert_eq!(first_error_code(&staff), Some("NOT_FOUND"), "staff do not open a draft: {staff}");
        assert_eq!(first_error_code(&nowhere), Some("NOT_FOUND"));
        let reject = app.call(&w.manager, REJECT, json!({ "a": draft, "r": "Không đủ điều kiện" })).await;
        assert_eq!(first_error_code(&reject), Some("NOT_FOUND"), "nor act on one: {reject}");
        let theirs = app.call(&w.applicant, view, json!({ "a": draft })).await;
        assert_eq!(theirs["data"]["application"]["statement"], "Em học tốt, gia đình khó khăn.");

        app.call(&w.applicant, SUBMIT, json!({ "a": draft })).await;
        let staff = app.call(&w.manager, view, json!({ "a": draft })).await;
        assert_eq!(staff["data"]["application"]["id"], draft, "submitted, it is the staff's to see: {staff}");
    }
}

on_every_database! {
    async fn an_application_takes_at_most_twenty_documents_each_named_for_what_it_is(app) {
        let w = world(&app).await;
        let program = open_program(&app, &w, "Học bổng hồ sơ", json!({})).await;
        let learner = register(&app, &w.applicant, learner_input(&w, "001312345678")).await["data"]["registerLearner"]["id"].as_str().unwrap().to_owned();
        let body = app.call(&w.applicant, CREATE_APPLICATION, json!({ "p": program, "l": learner })).await;
        let application = body["data"]["createApplication"]["id"].as_str().unwrap().to_owned();
        let pdf = b"%PDF-1.4\n% giay xac nhan\n".to_vec();
        let png = b"\x89PNG\r\n\x1a\nanh".to_vec();

        let (status, body) = app.upload(Some(&w.applicant), &application, "Khác", "giay-xac-nhan.exe", pdf.clone()).await;
        assert_eq!((status, body["fileName"].as_str()), (201, Some("giay-xac-nhan.pdf")), "{body}");
        let (status, body) = app.upload(Some(&w.applicant), &application, "Khác", "anh.pdf", png).await;
        assert_eq!((status, body["fileName"].as_str()), (201, Some("anh.png")), "{body}");
        for page in 3..=20 {
            let (status, body) = app.upload(Some(&w.applicant), &application, "Khác", &format!("trang-{page}.pdf"), pdf.clone()).await;
            assert_eq!(status, 201, "document {page}: {body}");
        }
        let (status, body) = app.upload(Some(&w.applicant), &application, "Khác", "trang-21.pdf", pdf).await;
        assert_eq!((status, body["errors"][0]["extensions"]["code"].as_str()), (400, Some("VALIDATION")), "the 21st: {body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "file");
        let view = app.call(&w.applicant, "query($a: ID!) { application(id: $a) { evidence { id } } }", json!({ "a": application })).await;
        assert_eq!(view["data"]["application"]["evidence"].as_array().map(Vec::len), Some(20));
    }
}

/// A scanned transcript of `len` bytes that no other test's document repeats.
fn scanned_pdf(len: usize, seed: u8) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    let mut state = u32::from(seed) | 0x9e37_0000;
    while bytes.len() < len {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        bytes.push(state as u8);
    }
    bytes
}

on_every_database! {
    async fn a_document_uploaded_through_one_server_process_is_downloaded_through_another(app) {
        let w = world(&app).await;
        let program = open_program(&app, &w, "Học bổng hồ sơ số", json!({})).await;
        let learner = register(&app, &w.applicant, learner_input(&w, "001312345678")).await["data"]["registerLearner"]["id"].as_str().unwrap().to_owned();
        let body = app.call(&w.applicant, CREATE_APPLICATION, json!({ "p": program, "l": learner })).await;
        let application = body["data"]["createApplication"]["id"].as_str().unwrap().to_owned();
        // Several pieces of the store's 256 KiB and a part of one: 700 KB.
        let scan = scanned_pdf(700_000, 7);
        let (status, body) = app.upload(Some(&w.applicant), &application, "Khác", "hoc-ba.pdf", scan.clone()).await;
        assert_eq!(status, 201, "{body}");
        let url = format!("/api/evidence/{}", body["id"].as_str().unwrap());

        // Another process, with a data folder of its own: the bytes come from the database.
        let other = app.second_process().await;
        let (status, _, bytes) = other.download(&w.applicant, &url).await;
        assert_eq!(status, 200);
        assert!(bytes == scan, "the same {} bytes, got {}", scan.len(), bytes.len());

        // The same bytes attached again are stored once.
        let (status, _) = app.upload(Some(&w.applicant), &application, "Khác", "ban-sao.pdf", scan.clone()).await;
        assert_eq!(status, 201);
        let db = app.database().await;
        let stored = |sql: &'static str| {
            let db = db.clone();
            async move {
                let row = db.query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql)).await.unwrap().unwrap();
                row.try_get_by_index::<i64>(0).unwrap()
            }
        };
        assert_eq!(stored("SELECT COUNT(*) FROM evidence_content").await, 1, "one copy of the bytes");
        assert_eq!(stored("SELECT COUNT(*) FROM evidence_chunk").await, 3, "in three pieces");
    }
}

on_every_database! {
    async fn documents_kept_in_the_data_folder_before_are_moved_into_the_database(app) {
        let w = world(&app).await;
        let program = open_program(&app, &w, "Học bổng hồ sơ cũ", json!({})).await;
        let learner = register(&app, &w.applicant, learner_input(&w, "001312345678")).await["data"]["registerLearner"]["id"].as_str().unwrap().to_owned();
        let body = app.call(&w.applicant, CREATE_APPLICATION, json!({ "p": program, "l": learner })).await;
        let application = body["data"]["createApplication"]["id"].as_str().unwrap().to_owned();
        let scan = scanned_pdf(300_000, 11);
        let (status, body) = app.upload(Some(&w.applicant), &application, "Khác", "hoc-ba.pdf", scan.clone()).await;
        assert_eq!(status, 201, "{body}");
        let url = format!("/api/evidence/{}", body["id"].as_str().unwrap());

        // As an earlier version kept it: in the data folder, named by its hash, not in the
        // database.
        let db = app.database().await;
        let sha256 = db.query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), "SELECT sha256 FROM evidence"))
            .await.unwrap().unwrap().try_get_by_index::<String>(0).unwrap();
        db.execute_unprepared("DELETE FROM evidence_content").await.unwrap();
        let folder = app.data_dir().join("evidence").join(&sha256[..2]);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(&sha256), &scan).unwrap();
        let (status, _, bytes) = app.download(&w.applicant, &url).await;
        assert!(status == 200 && bytes == scan, "the process that kept it still serves it: {status}");
        let other = app.second_process().await;
        let (status, _, _) = other.download(&w.applicant, &url).await;
        assert_eq!(status, 500, "a process without the file cannot serve it yet");

        let moved = app.command(&["move-evidence"]).await;
        assert!(moved.success, "{moved:?}");
        let report: Value = serde_json::from_str(&moved.stdout).unwrap();
        assert_eq!(report["moved"], 1, "{report}");
        let (status, _, bytes) = other.download(&w.applicant, &url).await;
        assert!(status == 200 && bytes == scan, "now every process serves it: {status}");
        let again = app.command(&["move-evidence"]).await;
        let report: Value = serde_json::from_str(&again.stdout).unwrap();
        assert_eq!((report["moved"].as_u64(), report["already_stored"].as_u64()), (Some(0), Some(1)), "{report}");

        // A damaged file is reported, not moved.
        db.execute_unprepared("DELETE FROM evidence_content").await.unwrap();
        std::fs::write(folder.join(&sha256), b"%PDF-1.4 not what was uploaded").unwrap();
        let damaged = app.command(&["move-evidence"]).await;
        assert!(!damaged.success, "{damaged:?}");
        let report: Value = serde_json::from_str(&damaged.stdout).unwrap();
        assert_eq!(report["unreadable"], json!([sha256]), "{report}");
    }
}
