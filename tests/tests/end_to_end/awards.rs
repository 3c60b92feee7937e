//! Review and awards over HTTP: the lifecycle from submission through two reviews, approval
//! and payment, with the fund, the ledger, the audit log and the timeline agreeing; the races
//! for a tier's last places and a fund's last money; separation of duties; blind review.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use futures::future::join_all;
use migration::MigratorTrait as _;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use tests::{
    awarding::{
        approve, open_program, program, program_input, submitted, under_review, user_id, world,
    },
    first_error_code, key, on_every_database,
};

on_every_database! {
    async fn an_application_goes_through_two_reviews_approval_and_payment_and_every_record_agrees(app) {
        let w = world(&app, 10_000_000).await;
        let (program, tier) = program(&app, &w, false, 2_000_000, 5, 20_000_000).await;
        let application = submitted(&app, &w, &program, 1).await;

        let made = app.call(&w.manager, "mutation($p: ID!) { assignReviewersRoundRobin(programId: $p) }", json!({ "p": program })).await;
        assert_eq!(made["data"]["assignReviewersRoundRobin"], 2, "two reviewers per application: {made}");
        // Who still owes the program reviews, as the manager's board shows it.
        const OWED: &str = "query($p: ID!) { programReviewers(programId: $p) { displayName assigned toScore } }";
        let owed = app.call(&w.manager, OWED, json!({ "p": program })).await;
        assert_eq!(
            owed["data"]["programReviewers"],
            json!([
                { "displayName": "giamkhao1@example.vn", "assigned": 1, "toScore": 1 },
                { "displayName": "giamkhao2@example.vn", "assigned": 1, "toScore": 1 },
            ]),
            "{owed}"
        );
        const COUNTS: &str = "{ myReviewCounts { toReview submitted conflicts } }";
        for (i, (token, _)) in w.reviewers.iter().enumerate() {
            let counts = app.call(token, COUNTS, json!({})).await;
            assert_eq!(counts["data"]["myReviewCounts"], json!({ "toReview": 1, "submitted": 0, "conflicts": 0 }), "{counts}");
            let queue = app.call(token, "{ myReviewQueue { nodes { review { id } reference learner { fullName personalId } } } }", json!({})).await;
            let tasks = queue["data"]["myReviewQueue"]["nodes"].as_array().unwrap();
            assert_eq!(tasks.len(), 1, "{queue}");
            assert_eq!(tasks[0]["learner"]["fullName"], "Lê Minh Anh 1", "not blind: the name shows");
            assert_eq!(tasks[0]["learner"]["personalId"], "*********001", "a reviewer never sees a whole personal id");
            let review = tasks[0]["review"]["id"].as_str().unwrap();
            let scores = if i == 0 { json!([9, 8]) } else { json!([7, 10]) };
            let body = app.call(token, "mutation($r: ID!, $s: [Points!]!) { submitReview(reviewId: $r, scores: $s, recommendation: APPROVE, comment: \"Hồ sơ tốt\") { score status } }", json!({ "r": review, "s": scores })).await;
            assert_eq!(body["data"]["submitReview"]["status"], "SUBMITTED", "{body}");
            let counts = app.call(token, COUNTS, json!({})).await;
            assert_eq!(counts["data"]["myReviewCounts"], json!({ "toReview": 0, "submitted": 1, "conflicts": 0 }), "the queue empties as scores go in: {counts}");
        }
        let nobody = app.call(&w.applicant, COUNTS, json!({})).await;
        assert_eq!(nobody["data"]["myReviewCounts"], json!({ "toReview": 0, "submitted": 0, "conflicts": 0 }), "{nobody}");
        let ranking = app.call(&w.manager, "query($p: ID!) { programRanking(programId: $p) { nodes { applicationId learnerName score reviewsSubmitted award { status } } } }", json!({ "p": program })).await;
        // (9/10×60 + 8/10×40 = 86) and (7/10×60 + 10/10×40 = 82): mean 84.
        assert_eq!(ranking["data"]["programRanking"]["nodes"][0], json!({ "applicationId": application, "learnerName": "Lê Minh Anh 1", "score": "84.00", "reviewsSubmitted": 2, "award": null }), "{ranking}");
        let pool = app.call(&w.manager, "query($p: ID!) { programReviewers(programId: $p) { userId displayName assigned } }", json!({ "p": program })).await;
        let pool: Vec<(String, i64)> = pool["data"]["programReviewers"].as_array().unwrap_or_else(|| panic!("{pool}")).iter()
            .map(|r| (r["displayName"].as_str().unwrap().to_owned(), r["assigned"].as_i64().unwrap())).collect();
        assert_eq!(pool, [("giamkhao1@example.vn".to_owned(), 1), ("giamkhao2@example.vn".to_owned(), 1)], "the program's reviewers and their load");
        let owed = app.call(&w.manager, OWED, json!({ "p": program })).await;
        let owing: Vec<&Value> = owed["data"]["programReviewers"].as_array().unwrap().iter().map(|r| &r["toScore"]).collect();
        assert_eq!(owing, [&json!(0), &json!(0)], "scored: nothing owed: {owed}");
        // The staff's views of a program are closed to its applicants and to its reviewers
        // (a reviewer in a blind review must not find the names there).
        for token in [&w.applicant, &w.reviewers[0].0] {
            for query in [
                "query($p: ID!) { programReviewers(programId: $p) { userId } }",
                "query($p: ID!) { programRanking(programId: $p) { nodes { learnerName } } }",
                "query($p: ID!) { programAwards(programId: $p) { nodes { learnerName } } }",
            ] {
                let hidden = app.call(token, query, json!({ "p": program })).await;
                assert_eq!(first_error_code(&hidden), Some("FORBIDDEN"), "{query}: {hidden}");
            }
        }
        let (_, none_yet) = app.graphql("query($p: ID!) { programRecipients(programId: $p) { edges { node { name } } totalCount totalAmount } }", json!({ "p": program })).await;
        assert_eq!(none_yet["data"]["programRecipients"], json!({ "edges": [], "totalCount": 0, "totalAmount": 0 }), "nothing paid yet: {none_yet}");

        let reviewer_decides = approve(&app, &w.reviewers[0].0, &application, &tier).await;
        assert_eq!(first_error_code(&reviewer_decides), Some("FORBIDDEN"), "reviewers do not decide");
        // Not even a reviewer who is also a program manager decides what they reviewed.
        app.grant(&w.city_admin, "giamkhao1@example.vn", &w.bat_trang, "PROGRAM_MANAGER").await;
        let reviewer_manager = app.sign_in("giamkhao1@example.vn").await;
        let body = approve(&app, &reviewer_manager, &application, &tier).await;
        assert_eq!(first_error_code(&body), Some("FORBIDDEN"), "{body}");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("reviewed"), "{body}");
        let body = approve(&app, &w.manager, &application, &tier).await;
        assert_eq!(body["data"]["approveApplication"]["status"], "APPROVED", "{body}");
        assert_eq!(app.balances(&w.fund).await, (10_000_000, 2_000_000, 8_000_000), "approval reserves");

        let paid = app.call(&w.treasurer, "mutation($a: ID!, $k: String!) { payAward(applicationId: $a, idempotencyKey: $k) { learnerName className school amount } }", json!({ "a": application, "k": key() })).await;
        assert_eq!(paid["data"]["payAward"], json!({ "learnerName": "Lê Minh Anh 1", "className": "8A", "school": "Trường THCS Bát Tràng", "amount": 2_000_000 }), "{paid}");
        assert_eq!(app.balances(&w.fund).await, (8_000_000, 0, 8_000_000), "payment posts");
        let again = app.call(&w.treasurer, "mutation($a: ID!, $k: String!) { payAward(applicationId: $a, idempotencyKey: $k) { amount } }", json!({ "a": application, "k": key() })).await;
        assert_eq!(first_error_code(&again), Some("ILLEGAL_TRANSITION"), "paid at most once: {again}");

        let timeline = app.call(&w.applicant, "query($a: ID!) { application(id: $a) { status award { tierName amount status settledAt } timeline { action toStatus } } }", json!({ "a": application })).await;
        let award = &timeline["data"]["application"]["award"];
        assert_eq!((&award["tierName"], &award["amount"], &award["status"]), (&json!("Học bổng vượt khó"), &json!(2_000_000), &json!("PAID")), "{timeline}");
        assert!(award["settledAt"].is_string(), "{timeline}");
        let actions: Vec<&str> = timeline["data"]["application"]["timeline"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["CREATE", "SUBMIT", "START_REVIEW", "APPROVE", "DISBURSE"], "{timeline}");
        assert_eq!(timeline["data"]["application"]["status"], "DISBURSED");
        let ledger = app.call(&w.treasurer, "query($f: ID!) { fund(id: $f) { ledger(kind: DISBURSEMENT) { edges { node { amount phase memo transactionId } } } } }", json!({ "f": w.fund })).await;
        let payment = ledger["data"]["fund"]["ledger"]["edges"].as_array().unwrap().iter().find(|e| e["node"]["phase"] == "POSTED").unwrap()["node"]["transactionId"].clone();
        let undo = app.call(&w.treasurer, "mutation($t: ID!, $k: String!) { reverseTransaction(input: { idempotencyKey: $k, transactionId: $t, reason: \"nhầm\" }) { id } }", json!({ "t": payment, "k": key() })).await;
        assert_eq!(first_error_code(&undo), Some("CONFLICT"), "an award's payment is not reversed behind its application: {undo}");
        let posted: Vec<i64> = ledger["data"]["fund"]["ledger"]["edges"].as_array().unwrap().iter().filter(|e| e["node"]["phase"] == "POSTED").map(|e| e["node"]["amount"].as_i64().unwrap()).collect();
        assert_eq!(posted, [-2_000_000], "{ledger}");
        let audit = app.call(&w.city_admin, "{ auditEvents(first: 100) { edges { node { action objectId } } } }", json!({})).await;
        let actions: Vec<&str> = audit["data"]["auditEvents"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["action"].as_str().unwrap()).collect();
        for expected in ["APPLICATION_APPROVE", "APPLICATION_DISBURSE", "FUNDS_RESERVED", "RESERVATION_POSTED", "REVIEW_SUBMITTED"] {
            assert!(actions.contains(&expected), "{expected} in {actions:?}");
        }
        let check = app.call(&w.city_admin, "{ verifyLedger { ok } }", json!({})).await;
        assert_eq!(check["data"]["verifyLedger"]["ok"], true);
        let (_, public) = app.graphql("query($p: ID!) { programRecipients(programId: $p) { edges { node { name commune amount } } totalCount totalAmount } }", json!({ "p": program })).await;
        assert_eq!(public["data"]["programRecipients"], json!({
            "edges": [{ "node": { "name": "L. M. A. 1.", "commune": "Hội Khuyến học xã Bát Tràng", "amount": 2_000_000 } }],
            "totalCount": 1, "totalAmount": 2_000_000,
        }), "the public sees initials, commune and amount: {public}");
    }
}

on_every_database! {
    async fn a_criterion_that_allows_half_points_takes_eight_and_a_half_and_nothing_finer(app) {
        let w = world(&app, 0).await;
        let mut input = program_input(&w, false, 1_000_000, 5, 10_000_000);
        input["rubric"][0]["step"] = json!("HALF");
        let (program, _) = open_program(&app, &w, input).await;
        let rubric = app.call(&w.manager, "query($p: ID!) { program(id: $p) { rubric { step } } }", json!({ "p": program })).await;
        assert_eq!(rubric["data"]["program"]["rubric"], json!([{ "step": "HALF" }, { "step": "WHOLE" }]), "{rubric}");
        let application = submitted(&app, &w, &program, 1).await;
        under_review(&app, &w, &application).await;
        let task = app.call(&w.reviewers[0].0, "{ myReviewQueue { nodes { review { id } } } }", json!({})).await;
        let review = task["data"]["myReviewQueue"]["nodes"][0]["review"]["id"].as_str().unwrap_or_else(|| panic!("{task}")).to_owned();
        const SUBMIT: &str = "mutation($r: ID!, $s: [Points!]!) { submitReview(reviewId: $r, scores: $s, recommendation: APPROVE) { score scores } }";

        for (scores, field) in [(json!([8.25, 9]), "scores.0"), (json!([8.5, 9.5]), "scores.1"), (json!([-1, 9]), "scores.0"), (json!(["tám", 9]), "scores.0")] {
            let refused = app.call(&w.reviewers[0].0, SUBMIT, json!({ "r": review, "s": scores })).await;
            assert_eq!(first_error_code(&refused), Some("VALIDATION"), "{scores}: {refused}");
            assert_eq!(refused["errors"][0]["extensions"]["field"], field, "{scores}: {refused}");
        }
        // 8.5/10 × 60 + 9/10 × 40 = 51 + 36 = 87; written as a person writes it, or as a number.
        for scores in [json!([8.5, 9]), json!(["8,5", "9"])] {
            let body = app.call(&w.reviewers[0].0, SUBMIT, json!({ "r": review, "s": scores })).await;
            assert_eq!(body["data"]["submitReview"], json!({ "score": "87.00", "scores": [8.5, 9] }), "{body}");
        }
    }
}

on_every_database! {
    async fn the_ranking_pages_from_the_best_score_down_with_ties_by_application_and_the_unscored_last(app) {
        let w = world(&app, 10_000_000).await;
        let (program, _) = program(&app, &w, false, 2_000_000, 5, 20_000_000).await;
        let mut applications = Vec::new();
        for n in 1..=5 {
            let application = submitted(&app, &w, &program, n).await;
            under_review(&app, &w, &application).await;
            applications.push(application);
        }
        // The guardian's applications, two at a time: all five, newest first.
        let (mine, pages) = app.every_page(
            &w.applicant,
            "query($after: String) { myApplications(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }",
            "myApplications",
            json!({}),
        ).await;
        assert_eq!(pages, [2, 2, 1], "pages of two, then the last one");
        let mine: Vec<&str> = mine.iter().map(|a| a["id"].as_str().unwrap()).collect();
        assert_eq!(mine, applications.iter().rev().collect::<Vec<_>>(), "newest first, each once");

        // The reviewer's queue, two at a time: all five, in the order they were assigned.
        let (queue, pages) = app.every_page(
            &w.reviewers[0].0,
            "query($after: String) { myReviewQueue(first: 2, after: $after) { nodes { review { id applicationId } } pageInfo { hasNextPage endCursor } } }",
            "myReviewQueue",
            json!({}),
        ).await;
        assert_eq!(pages, [2, 2, 1], "pages of two, then the last one");
        let queued: Vec<&str> = queue.iter().map(|task| task["review"]["applicationId"].as_str().unwrap()).collect();
        assert_eq!(queued, applications, "oldest first, each once");

        // 82, 86 and 86 for the first three; the last two not scored yet.
        for task in &queue {
            let n = applications.iter().position(|a| *a == task["review"]["applicationId"]).unwrap();
            let scores = match n { 0 => json!([7, 10]), 1 | 2 => json!([9, 8]), _ => continue };
            let body = app.call(&w.reviewers[0].0, "mutation($r: ID!, $s: [Points!]!) { submitReview(reviewId: $r, scores: $s, recommendation: APPROVE, comment: \"\") { status } }", json!({ "r": task["review"]["id"], "s": scores })).await;
            assert_eq!(body["data"]["submitReview"]["status"], "SUBMITTED", "{body}");
        }

        let mut seen = Vec::new();
        let mut after = Value::Null;
        for page in 1.. {
            let body = app.call(&w.manager, "query($p: ID!, $a: String) { programRanking(programId: $p, first: 2, after: $a) { nodes { applicationId score } pageInfo { hasNextPage endCursor } } }", json!({ "p": program, "a": after })).await;
            let ranking = &body["data"]["programRanking"];
            let nodes = ranking["nodes"].as_array().unwrap_or_else(|| panic!("{body}"));
            assert!(nodes.len() <= 2, "page {page} holds at most two: {body}");
            seen.extend(nodes.iter().map(|n| (n["applicationId"].as_str().unwrap().to_owned(), n["score"].clone())));
            if ranking["pageInfo"]["hasNextPage"] == false {
                break;
            }
            after = ranking["pageInfo"]["endCursor"].clone();
        }
        let expected: Vec<(String, Value)> = [(1, json!("86.00")), (2, json!("86.00")), (0, json!("82.00")), (3, Value::Null), (4, Value::Null)]
            .into_iter()
            .map(|(n, score)| (applications[n].clone(), score))
            .collect();
        assert_eq!(seen, expected, "best first, equal scores by application, the unscored last, each once");

        // The program's applications, two at a time, in the orders its staff sort them by,
        // with how many there are on every page.
        let in_order = |order: &'static str| {
            let (app, manager, program) = (&app, &w.manager, &program);
            async move {
                let (nodes, pages) = app.every_page(
                    manager,
                    &format!("query($p: ID!, $after: String) {{ programApplications(programId: $p, order: {order}, first: 2, after: $after) {{ nodes {{ id }} totalCount pageInfo {{ hasNextPage endCursor }} }} }}"),
                    "programApplications",
                    json!({ "p": program }),
                ).await;
                assert_eq!(pages, [2, 2, 1], "{order}: pages of two, then the last one");
                nodes.iter().map(|a| a["id"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
            }
        };
        let by_score: Vec<String> = expected.iter().map(|(id, _)| id.clone()).collect();
        assert_eq!(in_order("BEST_SCORE").await, by_score, "by score as the ranking has them");
        assert_eq!(in_order("LATEST_SUBMITTED").await, applications.iter().rev().cloned().collect::<Vec<_>>(), "last submitted first");
        assert_eq!(in_order("OLDEST").await, applications, "the order they came in");
        let counted = app.call_ok(&w.manager, "query($p: ID!) { programApplications(programId: $p, status: UNDER_REVIEW, search: \"anh 3\", first: 1) { totalCount } all: programApplications(programId: $p, first: 1) { totalCount } }", json!({ "p": program })).await;
        assert_eq!((&counted["data"]["programApplications"]["totalCount"], &counted["data"]["all"]["totalCount"]), (&json!(1), &json!(5)), "the total of what matches: {counted}");

        let refused = app.call(&w.manager, "query($p: ID!) { programRanking(programId: $p, after: \"not-a-cursor\") { nodes { applicationId } } }", json!({ "p": program })).await;
        assert_eq!(first_error_code(&refused), Some("VALIDATION"), "{refused}");

        // A revised review moves its application; stepping aside takes the score out.
        let review_of = |n: usize| queue.iter().find(|t| t["review"]["applicationId"] == applications[n].as_str()).unwrap()["review"]["id"].clone();
        let body = app.call(&w.reviewers[0].0, "mutation($r: ID!) { submitReview(reviewId: $r, scores: [10, 10], recommendation: APPROVE, comment: \"\") { status } }", json!({ "r": review_of(2) })).await;
        assert_eq!(body["data"]["submitReview"]["status"], "SUBMITTED", "{body}");
        let body = app.call(&w.reviewers[0].0, "mutation($r: ID!) { declareConflict(reviewId: $r, reason: \"Học sinh là cháu tôi\") { status } }", json!({ "r": review_of(0) })).await;
        assert_eq!(body["data"]["declareConflict"]["status"], "CONFLICT", "{body}");
        let body = app.call_ok(&w.manager, "query($p: ID!) { programRanking(programId: $p) { nodes { applicationId score } } }", json!({ "p": program })).await;
        let now: Vec<(String, Value)> = body["data"]["programRanking"]["nodes"].as_array().unwrap().iter()
            .map(|n| (n["applicationId"].as_str().unwrap().to_owned(), n["score"].clone()))
            .collect();
        let expected: Vec<(String, Value)> = [(2, json!("100.00")), (1, json!("86.00")), (0, Value::Null), (3, Value::Null), (4, Value::Null)]
            .into_iter()
            .map(|(n, score)| (applications[n].clone(), score))
            .collect();
        assert_eq!(now, expected, "the revised first, the one stepped aside from unscored");
    }
}

on_every_database! {
    async fn twenty_concurrent_approvals_for_five_places_approve_exactly_five(app) {
        let w = world(&app, 100_000_000).await;
        let (program, tier) = program(&app, &w, false, 1_000_000, 5, 50_000_000).await;
        let mut applications = Vec::new();
        for n in 0..20 {
            let application = submitted(&app, &w, &program, n).await;
            under_review(&app, &w, &application).await;
            applications.push(application);
        }
        let answers = join_all(applications.iter().map(|a| approve(&app, &w.manager, a, &tier))).await;
        let approved = answers.iter().filter(|b| b["errors"].is_null()).count();
        let refused: Vec<Option<&str>> = answers.iter().filter(|b| !b["errors"].is_null()).map(first_error_code).collect();
        assert_eq!(approved, 5, "{answers:?}");
        assert!(refused.iter().all(|c| *c == Some("CONFLICT")), "{refused:?}");
        // Each refusal names the limit, for the browser to word: the tier is full.
        for refusal in answers.iter().filter(|b| !b["errors"].is_null()).map(|b| &b["errors"][0]["extensions"]["refusal"]) {
            assert_eq!(refusal["reason"], "TIER_FULL", "{refusal}");
            assert_eq!(refusal["quota"], 5, "{refusal}");
        }
        assert_eq!(app.balances(&w.fund).await.1, 5_000_000, "five reservations");
    }
}

on_every_database! {
    async fn approvals_racing_for_the_last_money_never_overdraw_the_fund(app) {
        // The fund holds enough for three awards; quota and budget allow ten.
        let w = world(&app, 3_000_000).await;
        let (program, tier) = program(&app, &w, false, 1_000_000, 10, 10_000_000).await;
        let mut applications = Vec::new();
        for n in 0..8 {
            let application = submitted(&app, &w, &program, n).await;
            under_review(&app, &w, &application).await;
            applications.push(application);
        }
        let answers = join_all(applications.iter().map(|a| approve(&app, &w.manager, a, &tier))).await;
        let approved = answers.iter().filter(|b| b["errors"].is_null()).count();
        let short = answers.iter().filter(|b| first_error_code(b) == Some("INSUFFICIENT_FUNDS")).count();
        assert_eq!((approved, short), (3, 5), "{answers:?}");
        assert_eq!(app.balances(&w.fund).await, (3_000_000, 3_000_000, 0));
        let check = app.call(&w.city_admin, "{ verifyLedger { ok } }", json!({})).await;
        assert_eq!(check["data"]["verifyLedger"]["ok"], true);
    }
}

on_every_database! {
    async fn a_batch_payout_run_twice_pays_once_and_cancelling_releases_the_money(app) {
        let w = world(&app, 10_000_000).await;
        let (program, tier) = program(&app, &w, false, 1_000_000, 10, 10_000_000).await;
        let mut applications = Vec::new();
        for n in 0..3 {
            let application = submitted(&app, &w, &program, n).await;
            under_review(&app, &w, &application).await;
            let body = approve(&app, &w.manager, &application, &tier).await;
            assert!(body["errors"].is_null(), "{body}");
            applications.push(application);
        }
        let cancel = app.call(&w.manager, "mutation($a: ID!, $k: String!) { cancelApproval(id: $a, reason: \"Gia đình đã nhận học bổng khác\", idempotencyKey: $k) { status } }", json!({ "a": applications[2], "k": key() })).await;
        assert_eq!(cancel["data"]["cancelApproval"]["status"], "CANCELLED", "{cancel}");
        assert_eq!(app.balances(&w.fund).await, (10_000_000, 2_000_000, 8_000_000), "the cancelled reservation is voided");

        let batch = "mutation($p: ID!, $k: String!) { payProgramAwards(programId: $p, idempotencyKey: $k) { paid { learnerName amount } total skippedApplicationIds } }";
        // A treasurer of another commune sees none of this program's awards.
        let elsewhere = app.organization_id("Hội Khuyến học phường Cầu Giấy").await;
        let stranger = app.staff(&w.city_admin, "thuquy.caugiay@example.vn", &elsewhere, "TREASURER").await;
        let hidden = app.call(&stranger, "query($p: ID!) { programAwards(programId: $p) { nodes { learnerName } } }", json!({ "p": program })).await;
        assert_eq!(first_error_code(&hidden), Some("FORBIDDEN"), "{hidden}");
        let first_key = key();
        let first = app.call(&w.treasurer, batch, json!({ "p": program, "k": first_key })).await;
        assert_eq!(first["data"]["payProgramAwards"]["total"], 2_000_000, "{first}");
        let names = |body: &Value| -> Vec<String> { body["data"]["payProgramAwards"]["paid"].as_array().unwrap().iter().map(|l| l["learnerName"].as_str().unwrap().to_owned()).collect() };
        assert_eq!(names(&first), ["Lê Minh Anh 0", "Lê Minh Anh 1"], "the receipt list, by name");
        let retried = app.call(&w.treasurer, batch, json!({ "p": program, "k": first_key })).await;
        assert_eq!(retried["data"]["payProgramAwards"], first["data"]["payProgramAwards"], "a retry with the batch's key answers as the first run did");
        // Another treasurer's batch finds nothing of the first one's to list or to pay.
        let other = app.staff(&w.city_admin, "thuquy2@example.vn", &w.bat_trang, "TREASURER").await;
        let theirs = app.call(&other, batch, json!({ "p": program, "k": first_key })).await;
        assert_eq!(theirs["data"]["payProgramAwards"]["paid"], json!([]), "a key is one user's: {theirs}");
        let second = app.call(&w.treasurer, batch, json!({ "p": program, "k": key() })).await;
        assert_eq!(second["data"]["payProgramAwards"]["total"], 0, "nothing left to pay: {second}");
        assert_eq!(app.balances(&w.fund).await, (8_000_000, 0, 8_000_000), "paid once");

        let awards = app.call(&w.treasurer, "query($p: ID!) { programAwards(programId: $p) { nodes { learnerName className school award { status amount decidedBy } } } }", json!({ "p": program })).await;
        let lines: Vec<(String, String)> = awards["data"]["programAwards"]["nodes"].as_array().unwrap_or_else(|| panic!("{awards}")).iter()
            .map(|l| (l["learnerName"].as_str().unwrap().to_owned(), l["award"]["status"].as_str().unwrap().to_owned())).collect();
        assert_eq!(lines, [("Lê Minh Anh 0".to_owned(), "PAID".to_owned()), ("Lê Minh Anh 1".to_owned(), "PAID".to_owned()), ("Lê Minh Anh 2".to_owned(), "CANCELLED".to_owned())], "{awards}");
        assert_eq!(awards["data"]["programAwards"]["nodes"][0]["className"], "8A", "the receipt list names the class");
        let manager_id = user_id(&app, &w.manager).await;
        assert_eq!(awards["data"]["programAwards"]["nodes"][0]["award"]["decidedBy"], json!(manager_id), "who approved, so the treasurer's page knows who may not pay");
        // The receipt list, a page at a time, with how many and how much on every page.
        let (paid, pages) = app.every_page(
            &w.treasurer,
            "query($p: ID!, $after: String) { programAwards(programId: $p, status: PAID, first: 1, after: $after) { nodes { learnerName } totalCount totalAmount pageInfo { hasNextPage endCursor } } }",
            "programAwards",
            json!({ "p": program }),
        ).await;
        assert_eq!(pages, [1, 1], "one at a time");
        assert_eq!(paid, [json!({ "learnerName": "Lê Minh Anh 0" }), json!({ "learnerName": "Lê Minh Anh 1" })], "the paid ones only, in the order they were decided");
        let due = app.call_ok(&w.treasurer, "query($p: ID!) { paid: programAwards(programId: $p, status: PAID, first: 1) { totalCount totalAmount } due: programAwards(programId: $p, status: RESERVED) { nodes { learnerName } totalCount totalAmount } }", json!({ "p": program })).await;
        assert_eq!(due["data"], json!({
            "paid": { "totalCount": 2, "totalAmount": 2_000_000 },
            "due": { "nodes": [], "totalCount": 0, "totalAmount": 0 },
        }), "totals over every page, of the status asked for");
        // The public list of recipients comes a page at a time, with the totals of every page.
        let page = "query($p: ID!, $after: String) { programRecipients(programId: $p, first: 1, after: $after) { edges { node { name } } pageInfo { hasNextPage endCursor } totalCount totalAmount } }";
        let (_, first_page) = app.graphql(page, json!({ "p": program })).await;
        let recipients = &first_page["data"]["programRecipients"];
        assert_eq!((&recipients["edges"][0]["node"]["name"], &recipients["pageInfo"]["hasNextPage"]), (&json!("L. M. A. 0."), &json!(true)), "{first_page}");
        assert_eq!((&recipients["totalCount"], &recipients["totalAmount"]), (&json!(2), &json!(2_000_000)), "totals cover every page: {first_page}");
        let (_, second_page) = app.graphql(page, json!({ "p": program, "after": recipients["pageInfo"]["endCursor"] })).await;
        let recipients = &second_page["data"]["programRecipients"];
        assert_eq!((&recipients["edges"][0]["node"]["name"], &recipients["pageInfo"]["hasNextPage"]), (&json!("L. M. A. 1."), &json!(false)), "{second_page}");

        let hidden = app.call(&w.applicant, "query($p: ID!) { programAwards(programId: $p) { nodes { learnerName } } }", json!({ "p": program })).await;
        assert_eq!(first_error_code(&hidden), Some("FORBIDDEN"), "{hidden}");

        // The awards' money (three reservations, two payments, a void) is marked as held by
        // them, and so is it when the mark is added to a ledger written before it existed.
        let db = app.database().await;
        let marks = || async {
            let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), "SELECT kind, delegated FROM ledger_transaction ORDER BY id")).await.unwrap();
            rows.iter().map(|row| (row.try_get::<String>("", "kind").unwrap(), row.try_get::<bool>("", "delegated").unwrap())).collect::<Vec<_>>()
        };
        let expected: Vec<(String, bool)> = [("DONATION", false), ("RESERVATION", true), ("RESERVATION", true), ("RESERVATION", true), ("VOID", true), ("DISBURSEMENT", true), ("DISBURSEMENT", true)]
            .map(|(kind, delegated)| (kind.to_owned(), delegated)).into();
        assert_eq!(marks().await, expected, "as written");
        migration::Migrator::down(&db, Some(tests::migrations_since("m20261206_000015_delegated_transactions"))).await.unwrap();
        migration::Migrator::up(&db, None).await.unwrap();
        assert_eq!(marks().await, expected, "as the migration marks an older ledger");
        let refused = db.execute_unprepared("UPDATE ledger_transaction SET memo = 'sửa'").await;
        assert!(refused.is_err(), "the ledger is append-only again once marked");
    }
}

on_every_database! {
    async fn duties_stay_separate_and_a_blind_review_hides_the_learner_in_the_api(app) {
        let w = world(&app, 5_000_000).await;
        let (program, tier) = program(&app, &w, true, 1_000_000, 5, 5_000_000).await;
        let application = submitted(&app, &w, &program, 7).await;

        // The applicant is no reviewer of their own application, even holding the role.
        let city = app.organization_id("Hội Khuyến học thành phố Hà Nội").await;
        app.grant(&w.city_admin, "phuhuynh@example.vn", &city, "REVIEWER").await;
        let applicant_id = user_id(&app, &w.applicant).await;
        let body = app.call(&w.manager, "mutation($a: ID!, $r: [ID!]!) { assignReviewers(applicationId: $a, reviewerIds: $r) { id } }", json!({ "a": application, "r": [applicant_id] })).await;
        assert_eq!(first_error_code(&body), Some("CONFLICT"), "{body}");
        let made = app.call(&w.manager, "mutation($p: ID!) { assignReviewersRoundRobin(programId: $p) }", json!({ "p": program })).await;
        assert_eq!(made["data"]["assignReviewersRoundRobin"], 2, "round robin skips the applicant: {made}");

        let queue = app.call(&w.reviewers[0].0, "{ myReviewQueue { nodes { reference blind statement learner { fullName personalId school className achievements gpa age } review { id } evidence { fileName url } } } }", json!({})).await;
        let task = &queue["data"]["myReviewQueue"]["nodes"][0];
        assert_eq!(task["blind"], true, "{queue}");
        for hidden in ["fullName", "personalId", "school", "className", "achievements"] {
            assert!(task["learner"][hidden].is_null(), "{hidden}: {task}");
        }
        assert!(task["statement"].is_null(), "the applicant's own words may name the learner");
        assert_eq!(task["learner"]["gpa"], "8.5", "what the rubric needs still shows");
        assert!(!queue.to_string().contains("Lê Minh Anh"), "the name is nowhere in the response");
        let reference = task["reference"].as_str().unwrap();
        let file = &task["evidence"][0];
        assert!(file["fileName"].as_str().unwrap().starts_with(&format!("{reference}-")), "the file's own name is hidden: {task}");
        let (status, disposition, _) = app.download(&w.reviewers[0].0, file["url"].as_str().unwrap()).await;
        assert_eq!(status, 200, "the reviewer reads the document");
        let disposition = disposition.unwrap();
        assert!(disposition.contains(reference) && !disposition.contains("Anh"), "{disposition}");
        let (_, disposition, _) = app.download(&w.manager, file["url"].as_str().unwrap()).await;
        assert!(disposition.unwrap().contains("Anh"), "the program's staff see the real name");
        let peek = app.call(&w.reviewers[0].0, "query($a: ID!) { application(id: $a) { learner { fullName } } }", json!({ "a": application })).await;
        assert_eq!(first_error_code(&peek), Some("NOT_FOUND"), "a reviewer cannot read the application around the blind view");

        // A reviewer declares a conflict and leaves the queue; then cannot score.
        let review = task["review"]["id"].as_str().unwrap().to_owned();
        let body = app.call(&w.reviewers[0].0, "mutation($r: ID!) { declareConflict(reviewId: $r, reason: \"Học sinh là cháu tôi\") { status } }", json!({ "r": review })).await;
        assert_eq!(body["data"]["declareConflict"]["status"], "CONFLICT", "{body}");
        let body = app.call(&w.reviewers[0].0, "mutation($r: ID!) { submitReview(reviewId: $r, scores: [5, 5], recommendation: NEUTRAL) { status } }", json!({ "r": review })).await;
        assert_eq!(first_error_code(&body), Some("CONFLICT"));
        let counts = app.call(&w.reviewers[0].0, "{ myReviewCounts { toReview conflicts } }", json!({})).await;
        assert_eq!(counts["data"]["myReviewCounts"], json!({ "toReview": 0, "conflicts": 1 }), "{counts}");
        let left = app.call(&w.reviewers[0].0, "query($r: ID!) { reviewTask(reviewId: $r) { blind statement evidence { url } learner { fullName } } }", json!({ "r": review })).await;
        assert_eq!(left["data"]["reviewTask"]["evidence"], json!([]), "a reviewer who left sees no documents: {left}");
        assert!(left["data"]["reviewTask"]["learner"]["fullName"].is_null(), "{left}");
        let bad = app.call(&w.reviewers[1].0, "{ myReviewQueue { nodes { review { id } } } }", json!({})).await;
        let other = bad["data"]["myReviewQueue"]["nodes"][0]["review"]["id"].as_str().unwrap().to_owned();
        let body = app.call(&w.reviewers[1].0, "mutation($r: ID!) { submitReview(reviewId: $r, scores: [11, 5], recommendation: APPROVE) { status } }", json!({ "r": other })).await;
        assert_eq!(body["errors"][0]["extensions"]["field"], "scores.0", "{body}");

        // The manager approves; the same person may not pay: a treasurer who approved nothing pays.
        app.grant(&w.city_admin, "quanly@example.vn", &w.bat_trang, "TREASURER").await;
        let body = approve(&app, &w.manager, &application, &tier).await;
        assert_eq!(body["data"]["approveApplication"]["status"], "APPROVED", "{body}");
        let self_pay = app.call(&w.manager, "mutation($a: ID!, $k: String!) { payAward(applicationId: $a, idempotencyKey: $k) { amount } }", json!({ "a": application, "k": key() })).await;
        assert_eq!(first_error_code(&self_pay), Some("FORBIDDEN"), "no one pays an award they approved: {self_pay}");
        assert_eq!(self_pay["errors"][0]["extensions"]["refusal"], json!({ "reason": "OWN_AWARD", "tie": "APPROVED" }), "the duty, for the browser to word: {self_pay}");
        let self_batch = app.call(&w.manager, "mutation($p: ID!, $k: String!) { payProgramAwards(programId: $p, idempotencyKey: $k) { total skippedApplicationIds failures { message } } }", json!({ "p": program, "k": key() })).await;
        assert_eq!(self_batch["data"]["payProgramAwards"], json!({ "total": 0, "skippedApplicationIds": [application], "failures": [] }), "left for another treasurer, not failed: {self_batch}");
        let reservation = app.call(&w.treasurer, "query($f: ID!) { fund(id: $f) { ledger(kind: RESERVATION) { edges { node { transactionId } } } } }", json!({ "f": w.fund })).await;
        let reservation = reservation["data"]["fund"]["ledger"]["edges"][0]["node"]["transactionId"].as_str().unwrap().to_owned();
        let raw = app.call(&w.treasurer, "mutation($r: ID!, $k: String!) { postReservation(input: { idempotencyKey: $k, reservationId: $r }) { id } }", json!({ "r": reservation, "k": key() })).await;
        assert_eq!(first_error_code(&raw), Some("CONFLICT"), "an award is paid through its application: {raw}");
        let paid = app.call(&w.treasurer, "mutation($a: ID!, $k: String!) { payAward(applicationId: $a, idempotencyKey: $k) { amount } }", json!({ "a": application, "k": key() })).await;
        assert_eq!(paid["data"]["payAward"]["amount"], 1_000_000, "{paid}");
    }
}
