//! The inbox over HTTP: each move of an application tells the people it concerns (and not who
//! made it), a task stops counting as unread once it is done, a failed move tells no one, and
//! nobody reads or marks another's notifications.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use tests::{
    TestApp,
    awarding::{approve, program, submitted, under_review, world},
    first_error_code, key, on_every_database,
};

const INBOX: &str = "query($unread: Boolean! = false, $n: Int, $after: String) { \
    unreadNotificationCount \
    myNotifications(unreadOnly: $unread, first: $n, after: $after) { \
      nodes { id kind applicationId reference reviewId programId programName learnerName amount read } \
      pageInfo { hasNextPage endCursor } } }";

/// A person's inbox: (unread count, notifications newest first).
async fn inbox(app: &TestApp, token: &str) -> (u64, Vec<Value>) {
    let body = app.call(token, INBOX, json!({})).await;
    assert!(body["errors"].is_null(), "{body}");
    (
        body["data"]["unreadNotificationCount"].as_u64().unwrap(),
        body["data"]["myNotifications"]["nodes"]
            .as_array()
            .unwrap()
            .clone(),
    )
}

/// The kinds of a person's notifications, newest first, each with whether it is read.
async fn kinds(app: &TestApp, token: &str) -> Vec<(String, bool)> {
    inbox(app, token)
        .await
        .1
        .iter()
        .map(|n| (n["kind"].as_str().unwrap().to_owned(), n["read"] == true))
        .collect()
}

fn told(kinds: &[(&str, bool)]) -> Vec<(String, bool)> {
    kinds.iter().map(|(k, r)| ((*k).to_owned(), *r)).collect()
}

on_every_database! {
    async fn each_move_tells_those_it_concerns_and_a_done_task_stops_counting(app) {
        let w = world(&app, 10_000_000).await;
        let (program, tier) = program(&app, &w, false, 2_000_000, 5, 20_000_000).await;
        let application = submitted(&app, &w, &program, 1).await;
        assert_eq!(inbox(&app, &w.applicant).await, (0, vec![]), "applying tells the applicant nothing");

        let body = app.call(&w.manager, "mutation($a: ID!) { returnApplication(id: $a, reason: \"Thiếu học bạ lớp 7\") { status } }", json!({ "a": application })).await;
        assert_eq!(body["data"]["returnApplication"]["status"], "NEEDS_INFO", "{body}");
        let (unread, notes) = inbox(&app, &w.applicant).await;
        assert_eq!(unread, 1);
        let returned = &notes[0];
        assert_eq!(
            (&returned["kind"], &returned["applicationId"], &returned["programId"], &returned["learnerName"], &returned["read"]),
            (&json!("RETURNED_FOR_INFORMATION"), &json!(application), &json!(program), &json!("Lê Minh Anh 1"), &json!(false)),
            "{returned}"
        );
        assert!(returned["reference"].as_str().unwrap().starts_with("HS-"), "{returned}");
        assert!(returned["programName"].as_str().unwrap().starts_with("Học bổng"), "{returned}");
        assert_eq!(inbox(&app, &w.manager).await, (0, vec![]), "no one is told of their own move");

        let body = app.call(&w.applicant, "mutation($a: ID!) { submitApplication(id: $a) { status } }", json!({ "a": application })).await;
        assert_eq!(body["data"]["submitApplication"]["status"], "SUBMITTED", "{body}");
        assert_eq!(kinds(&app, &w.applicant).await, told(&[("RETURNED_FOR_INFORMATION", true)]), "sending it again answers the request");

        under_review(&app, &w, &application).await;
        let (reviewer, _) = &w.reviewers[0];
        let (unread, notes) = inbox(&app, reviewer).await;
        assert_eq!((unread, &notes[0]["kind"]), (1, &json!("REVIEW_ASSIGNED")), "{notes:?}");
        assert_eq!(notes[0]["learnerName"], Value::Null, "an assignment names the application by its reference only");
        let review = notes[0]["reviewId"].as_str().unwrap();
        let body = app.call(reviewer, "mutation($r: ID!) { submitReview(reviewId: $r, scores: [9, 8], recommendation: APPROVE, comment: \"\") { status } }", json!({ "r": review })).await;
        assert_eq!(body["data"]["submitReview"]["status"], "SUBMITTED", "{body}");
        assert_eq!(inbox(&app, reviewer).await.0, 0, "a scored review is done");

        // The approver keeps the fund's money too: they are not told of their own approval
        // (and may not pay it); the other treasurer is.
        app.grant(&w.city_admin, "quanly@example.vn", &w.bat_trang, "TREASURER").await;
        let body = approve(&app, &w.manager, &application, &tier).await;
        assert_eq!(body["data"]["approveApplication"]["status"], "APPROVED", "{body}");
        assert_eq!(inbox(&app, &w.manager).await, (0, vec![]), "no one is told of their own move");
        let (unread, notes) = inbox(&app, &w.applicant).await;
        assert_eq!((unread, &notes[0]["kind"], &notes[0]["amount"]), (1, &json!("APPROVED"), &json!(2_000_000)), "{notes:?}");
        let (unread, notes) = inbox(&app, &w.treasurer).await;
        assert_eq!((unread, &notes[0]["kind"], &notes[0]["learnerName"]), (1, &json!("AWAITING_PAYMENT"), &json!("Lê Minh Anh 1")), "the fund's treasurer is told what waits for its money: {notes:?}");

        let body = app.call(&w.treasurer, "mutation($a: ID!, $k: String!) { payAward(applicationId: $a, idempotencyKey: $k) { amount } }", json!({ "a": application, "k": key() })).await;
        assert!(body["errors"].is_null(), "{body}");
        assert_eq!(kinds(&app, &w.treasurer).await, told(&[("AWAITING_PAYMENT", true)]), "a paid award waits no more");
        assert_eq!(
            kinds(&app, &w.applicant).await,
            told(&[("PAID", false), ("APPROVED", false), ("RETURNED_FOR_INFORMATION", true)]),
            "newest first"
        );

        // A page at a time, and the unread ones alone.
        let first = app.call(&w.applicant, INBOX, json!({ "n": 1 })).await;
        let page = &first["data"]["myNotifications"];
        assert_eq!((page["nodes"][0]["kind"].as_str(), &page["pageInfo"]["hasNextPage"]), (Some("PAID"), &json!(true)), "{first}");
        let rest = app.call(&w.applicant, INBOX, json!({ "n": 5, "after": page["pageInfo"]["endCursor"] })).await;
        let rest: Vec<&str> = rest["data"]["myNotifications"]["nodes"].as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap()).collect();
        assert_eq!(rest, ["APPROVED", "RETURNED_FOR_INFORMATION"]);
        let unread = app.call(&w.applicant, INBOX, json!({ "unread": true })).await;
        assert_eq!(unread["data"]["myNotifications"]["nodes"].as_array().unwrap().len(), 2, "{unread}");

        // Opening one marks it read; marking it again changes nothing.
        let paid = first["data"]["myNotifications"]["nodes"][0]["id"].clone();
        const MARK: &str = "mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) }";
        let marked = app.call(&w.applicant, MARK, json!({ "ids": [paid] })).await;
        assert_eq!(marked["data"]["markNotificationsRead"], 1, "{marked}");
        let again = app.call(&w.applicant, MARK, json!({ "ids": [paid] })).await;
        assert_eq!(again["data"]["markNotificationsRead"], 0, "{again}");
        assert_eq!(inbox(&app, &w.applicant).await.0, 1);

        // Nobody marks another's, and bad lists are refused before anything changes.
        let theirs = app.call(&w.manager, MARK, json!({ "ids": [paid] })).await;
        assert_eq!(first_error_code(&theirs), Some("NOT_FOUND"), "{theirs}");
        for ids in [json!([]), json!(["x"]), json!((1..=101).map(|i| i.to_string()).collect::<Vec<_>>())] {
            let refused = app.call(&w.applicant, MARK, json!({ "ids": ids })).await;
            assert_eq!(first_error_code(&refused), Some("VALIDATION"), "{refused}");
        }
        let all = app.call(&w.applicant, "mutation { markAllNotificationsRead }", json!({})).await;
        assert_eq!(all["data"]["markAllNotificationsRead"], 1, "{all}");
        assert_eq!(inbox(&app, &w.applicant).await.0, 0);

        // A treasurer who leaves the association keeps their inbox, but no longer the names
        // of the learners whose awards waited.
        let members = app.call(&w.city_admin, "query($o: ID!) { members(organizationId: $o) { nodes { login membership { id role } } } }", json!({ "o": w.bat_trang })).await;
        let membership = members["data"]["members"]["nodes"].as_array().unwrap_or_else(|| panic!("{members}")).iter()
            .find(|m| m["login"] == "thuquy@example.vn" && m["membership"]["role"] == "TREASURER").unwrap()["membership"]["id"].clone();
        let revoked = app.call(&w.city_admin, "mutation($m: ID!) { revokeRole(membershipId: $m) }", json!({ "m": membership })).await;
        assert_eq!(revoked["data"]["revokeRole"], true, "{revoked}");
        let (_, notes) = inbox(&app, &w.treasurer).await;
        assert_eq!((&notes[0]["kind"], &notes[0]["learnerName"]), (&json!("AWAITING_PAYMENT"), &Value::Null), "{notes:?}");

        let (status, anonymous) = app.graphql("{ unreadNotificationCount }", json!({})).await;
        assert_eq!((status, first_error_code(&anonymous)), (200, Some("UNAUTHENTICATED")), "{anonymous}");
    }
}

on_every_database! {
    async fn a_move_that_fails_tells_no_one_and_a_withdrawal_ends_the_reviews(app) {
        // An empty fund: the approval is refused, and with it everything it would have told.
        let w = world(&app, 0).await;
        let (program, tier) = program(&app, &w, true, 2_000_000, 5, 20_000_000).await;
        let application = submitted(&app, &w, &program, 2).await;
        under_review(&app, &w, &application).await;
        let refused = approve(&app, &w.manager, &application, &tier).await;
        assert_eq!(first_error_code(&refused), Some("INSUFFICIENT_FUNDS"), "{refused}");
        assert_eq!(inbox(&app, &w.applicant).await, (0, vec![]));
        assert_eq!(inbox(&app, &w.treasurer).await, (0, vec![]));
        let (reviewer, _) = &w.reviewers[0];
        assert_eq!(kinds(&app, reviewer).await, told(&[("REVIEW_ASSIGNED", false)]));

        let body = app.call(&w.applicant, "mutation($a: ID!) { withdrawApplication(id: $a) { status } }", json!({ "a": application })).await;
        assert_eq!(body["data"]["withdrawApplication"]["status"], "WITHDRAWN", "{body}");
        assert_eq!(kinds(&app, reviewer).await, told(&[("REVIEW_ASSIGNED", true)]), "a withdrawn application needs no review");
        assert_eq!(inbox(&app, &w.manager).await, (0, vec![]), "the program's staff follow their own lists, not the inbox");
    }
}
