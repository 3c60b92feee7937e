//! A person's home over HTTP: what awaits each of them. The guardian's applications by state,
//! the program manager's programs with what waits to be assigned and what is under review,
//! the treasurer's awards to pay and funds kept; each only for the organisations they hold
//! the role on. And a program's figures for its board.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;
use tests::{
    awarding::{approve, program, submitted, under_review, world},
    on_every_database,
};

const WORK: &str = "{ myWork { \
    applications { status count } \
    programs { programId name status toAssign { count more } underReview { count more } } \
    payouts { programId programName fundName awards { count more } amount } } }";

on_every_database! {
    async fn each_person_sees_what_awaits_them_and_no_more(app) {
        let w = world(&app, 10_000_000).await;
        let (program, tier) = program(&app, &w, false, 2_000_000, 5, 20_000_000).await;
        submitted(&app, &w, &program, 1).await;
        let reviewing = submitted(&app, &w, &program, 2).await;
        under_review(&app, &w, &reviewing).await;
        let approved = submitted(&app, &w, &program, 3).await;
        under_review(&app, &w, &approved).await;
        let body = app.call(&w.reviewers[0].0, "mutation($r: ID!) { submitReview(reviewId: $r, scores: [9, 8], recommendation: APPROVE) { status } }",
            json!({ "r": app.call(&w.reviewers[0].0, "{ myReviewQueue { nodes { review { id } reference } } }", json!({})).await["data"]["myReviewQueue"]["nodes"]
                .as_array().unwrap().iter().find(|t| t["reference"] == format!("HS-{:06}", approved.parse::<i64>().unwrap())).unwrap()["review"]["id"] })).await;
        assert!(body["errors"].is_null(), "{body}");
        let body = approve(&app, &w.manager, &approved, &tier).await;
        assert_eq!(body["data"]["approveApplication"]["status"], "APPROVED", "{body}");

        let before = app.statements_sent();
        let manager = app.call(&w.manager, WORK, json!({})).await;
        let spent = app.statements_sent() - before;
        assert!(spent <= 4, "the whole home in {spent} statements");
        let work = &manager["data"]["myWork"];
        assert_eq!(work["programs"], json!([{ "programId": program, "name": work["programs"][0]["name"], "status": "OPEN", "toAssign": { "count": 1, "more": false }, "underReview": { "count": 1, "more": false } }]), "{manager}");
        assert_eq!(work["payouts"], json!([]), "a program manager keeps no money: {manager}");
        assert_eq!(work["applications"], json!([]), "{manager}");

        let treasurer = app.call(&w.treasurer, WORK, json!({})).await;
        let work = &treasurer["data"]["myWork"];
        assert_eq!(
            (&work["payouts"][0]["programId"], &work["payouts"][0]["fundName"], &work["payouts"][0]["awards"], &work["payouts"][0]["amount"]),
            (&json!(program), &json!("Quỹ Khuyến học xã Bát Tràng"), &json!({ "count": 1, "more": false }), &json!(2_000_000)),
            "{treasurer}"
        );
        assert_eq!(work["programs"], json!([]), "{treasurer}");
        // The funds they keep, with what each holds: the approval's 2,000,000 is reserved.
        let funds = app.call(&w.treasurer, "{ myWork { funds { id name availableBalance reservedBalance } } }", json!({})).await;
        assert_eq!(
            funds["data"]["myWork"]["funds"],
            json!([{ "id": w.fund, "name": "Quỹ Khuyến học xã Bát Tràng", "availableBalance": 8_000_000, "reservedBalance": 2_000_000 }]),
            "{funds}"
        );

        // The program's figures on its board: applications by state, awards by tier.
        const FIGURES: &str = "query($p: ID!) { programFigures(programId: $p) { \
            applications { status count { count more } } awards { tierId tierName status count amount } } }";
        let before = app.statements_sent();
        let figures = app.call(&w.manager, FIGURES, json!({ "p": program })).await;
        let spent = app.statements_sent() - before;
        assert!(spent <= 4, "the figures in {spent} statements");
        assert_eq!(
            figures["data"]["programFigures"],
            json!({
                "applications": [
                    { "status": "SUBMITTED", "count": { "count": 1, "more": false } },
                    { "status": "UNDER_REVIEW", "count": { "count": 1, "more": false } },
                    { "status": "APPROVED", "count": { "count": 1, "more": false } },
                ],
                "awards": [{ "tierId": tier, "tierName": "Học bổng vượt khó", "status": "RESERVED", "count": 1, "amount": 2_000_000 }],
            }),
            "{figures}"
        );
        let refused = app.call(&w.applicant, FIGURES, json!({ "p": program })).await;
        assert_eq!(tests::first_error_code(&refused), Some("FORBIDDEN"), "{refused}");

        let guardian = app.call(&w.applicant, WORK, json!({})).await;
        let mut counts: Vec<(String, i64)> = guardian["data"]["myWork"]["applications"].as_array().unwrap().iter()
            .map(|c| (c["status"].as_str().unwrap().to_owned(), c["count"].as_i64().unwrap())).collect();
        counts.sort();
        assert_eq!(counts, [("APPROVED".to_owned(), 1), ("SUBMITTED".to_owned(), 1), ("UNDER_REVIEW".to_owned(), 1)], "{guardian}");
        assert_eq!(guardian["data"]["myWork"]["programs"], json!([]));
        // The web app asks every part of the home of everyone: the parts of roles a guardian
        // does not hold are answered empty without asking the database.
        const WHOLE_HOME: &str = "{ myWork { applications { status count } \
            programs { programId } funds { id } payouts { programId } } myReviewCounts { toReview } }";
        let before = app.statements_sent();
        let whole = app.call(&w.applicant, WHOLE_HOME, json!({})).await;
        let spent = app.statements_sent() - before;
        assert_eq!(
            (&whole["data"]["myWork"]["programs"], &whole["data"]["myWork"]["funds"], &whole["data"]["myWork"]["payouts"]),
            (&json!([]), &json!([]), &json!([])),
            "{whole}"
        );
        assert!(spent <= 3, "a guardian's whole home in {spent} statements: the session, their applications, their reviews");

        // The city's administrator holds their role on the city: a commune's program is not theirs.
        let city = app.call(&w.city_admin, WORK, json!({})).await;
        let theirs = city["data"]["myWork"]["programs"].as_array().unwrap();
        assert!(theirs.iter().all(|p| p["programId"] != json!(program)), "{city}");
        let (_, anonymous) = app.graphql(WORK, json!({})).await;
        assert_eq!(tests::first_error_code(&anonymous), Some("UNAUTHENTICATED"), "{anonymous}");
    }
}
