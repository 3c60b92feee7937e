//! The authorization matrix: every mutation and every sensitive query, run as each kind of
//! user, against a table of who may do what. Zero unexpected allows or denials.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use tests::{TestApp, first_error_code, on_every_database};

async fn sign_in(app: &TestApp, login: &str) -> String {
    app.sign_in(login).await
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Actor {
    Anonymous,
    Applicant,
    Reviewer,
    Treasurer,
    ProgramManager,
    AdminElsewhere,
    Admin,
}

const ACTORS: [Actor; 7] = [
    Actor::Anonymous,
    Actor::Applicant,
    Actor::Reviewer,
    Actor::Treasurer,
    Actor::ProgramManager,
    Actor::AdminElsewhere,
    Actor::Admin,
];

impl Actor {
    fn login(self) -> Option<&'static str> {
        match self {
            Self::Anonymous => None,
            Self::Applicant => Some("applicant@example.vn"),
            Self::Reviewer => Some("reviewer@example.vn"),
            Self::Treasurer => Some("treasurer@example.vn"),
            Self::ProgramManager => Some("manager@example.vn"),
            Self::AdminElsewhere => Some("admin.socson@example.vn"),
            Self::Admin => Some("admin.battrang@example.vn"),
        }
    }
}

/// What an actor gets: allowed, or refused with a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Allowed,
    Unauthenticated,
    Forbidden,
}
use Outcome::{Allowed as A, Forbidden as F, Unauthenticated as U};

/// Who may do what: one row per operation, one column per actor in `ACTORS` order.
fn expected(operation: &str) -> [Outcome; 7] {
    match operation {
        "me" => [A, A, A, A, A, A, A],
        "members"
        | "createOrganization"
        | "renameOrganization"
        | "moveOrganization"
        | "archiveOrganization"
        | "grantRole"
        | "revokeRole" => [U, F, F, F, F, F, A],
        // An admin elsewhere may read the log, but only of their own subtree (checked below).
        "auditEvents" => [U, F, F, F, F, A, A],
        "createFund" => [U, F, F, F, F, F, A],
        // Money moves only for treasurers and admins of the fund's subtree.
        "recordDonation" | "transferFunds" | "reserveFunds" => [U, F, F, A, F, F, A],
        // The full ledger (donors' names and contacts) is for the fund's staff.
        "fundLedger" => [U, F, F, A, A, F, A],
        // Only an administrator of a whole tree (the city) verifies the whole ledger.
        "verifyLedger" => [U, F, F, F, F, F, F],
        "changePassword" | "signOut" => [U, A, A, A, A, A, A],
        other => panic!("no row for {other}"),
    }
}

fn outcome(body: &Value) -> Outcome {
    match first_error_code(body) {
        None => A,
        Some("UNAUTHENTICATED") => U,
        Some("FORBIDDEN") => F,
        Some(other) => panic!("unexpected error {other}: {body}"),
    }
}

struct World {
    tokens: Vec<(Actor, Option<String>)>,
    bat_trang: String,
    giang_cao: String,
    clan: String,
    school: String,
    spare_membership: String,
    fund: String,
    city_fund: String,
}

/// Accounts for every actor, roles on Bát Tràng (and Sóc Sơn for the admin elsewhere),
/// granted by a city administrator bootstrapped as `create-admin` does it.
async fn world(app: &TestApp) -> World {
    for login in ACTORS
        .iter()
        .filter_map(|a| a.login())
        .chain(["spare@example.vn"])
    {
        app.sign_up(login).await;
    }
    let city = app.city_admin().await;

    let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
    let soc_son = app.organization_id("Hội Khuyến học xã Sóc Sơn").await;
    app.grant(&city, "admin.battrang@example.vn", &bat_trang, "ADMIN")
        .await;
    app.grant(&city, "admin.socson@example.vn", &soc_son, "ADMIN")
        .await;
    app.grant(&city, "reviewer@example.vn", &bat_trang, "REVIEWER")
        .await;
    app.grant(&city, "treasurer@example.vn", &bat_trang, "TREASURER")
        .await;
    app.grant(&city, "manager@example.vn", &bat_trang, "PROGRAM_MANAGER")
        .await;
    let spare_membership = app
        .grant(&city, "spare@example.vn", &bat_trang, "REVIEWER")
        .await;

    let mut tokens = Vec::new();
    for actor in ACTORS {
        let token = match actor.login() {
            Some(login) => Some(sign_in(app, login).await),
            None => None,
        };
        tokens.push((actor, token));
    }
    World {
        tokens,
        giang_cao: app
            .organization_id("Chi hội Khuyến học thôn Giang Cao")
            .await,
        clan: app
            .organization_id("Ban Khuyến học dòng họ Lê thôn Giang Cao")
            .await,
        school: app
            .organization_id("Chi hội Khuyến học Trường THCS Bát Tràng")
            .await,
        bat_trang,
        spare_membership,
        fund: app.fund_id("Quỹ Khuyến học xã Bát Tràng").await,
        city_fund: app
            .fund_id("Quỹ Khuyến học, Khuyến tài thành phố Hà Nội")
            .await,
    }
}

on_every_database! {
    async fn every_operation_is_allowed_exactly_to_those_the_table_names(app) {
        let world = world(&app).await;
        let operations: Vec<(&str, &str, Value)> = vec![
            ("me", "{ me { id memberships { role } } }", json!({})),
            ("members", "query($o: ID!) { members(organizationId: $o) { nodes { login } } }", json!({ "o": world.bat_trang })),
            ("auditEvents", "{ auditEvents(first: 100) { edges { node { action organizationId } } } }", json!({})),
            ("createOrganization", "mutation($p: ID!) { createOrganization(input: { parentId: $p, kind: CHAPTER, name: \"Chi hội Khuyến học thôn Bát Tràng\" }) { id } }", json!({ "p": world.bat_trang })),
            ("renameOrganization", "mutation($o: ID!) { renameOrganization(id: $o, name: \"Chi hội Khuyến học thôn Giang Cao (mới)\") { name } }", json!({ "o": world.giang_cao })),
            ("moveOrganization", "mutation($o: ID!, $p: ID!) { moveOrganization(id: $o, parentId: $p) { depth } }", json!({ "o": world.clan, "p": world.bat_trang })),
            ("archiveOrganization", "mutation($o: ID!) { archiveOrganization(id: $o) { id } }", json!({ "o": world.school })),
            ("grantRole", "mutation($o: ID!) { grantRole(login: \"applicant@example.vn\", organizationId: $o, role: REVIEWER) { id } }", json!({ "o": world.bat_trang })),
            ("revokeRole", "mutation($m: ID!) { revokeRole(membershipId: $m) }", json!({ "m": world.spare_membership })),
            ("createFund", "mutation($o: ID!) { createFund(input: { organizationId: $o, name: \"Quỹ Khuyến tài thôn Giang Cao\" }) { id } }", json!({ "o": world.giang_cao })),
            ("recordDonation", "mutation($f: ID!) { recordDonation(input: { idempotencyKey: \"matrix-donation-1\", fundId: $f, amount: 100000, method: CASH, newDonor: { kind: PERSON, name: \"Hoàng Văn Thụ\" } }) { id } }", json!({ "f": world.fund })),
            ("reserveFunds", "mutation($f: ID!) { reserveFunds(input: { idempotencyKey: \"matrix-reserve-1\", fundId: $f, amount: 1000 }) { id } }", json!({ "f": world.fund })),
            ("transferFunds", "mutation($f: ID!, $t: ID!) { transferFunds(input: { idempotencyKey: \"matrix-transfer-1\", fromFundId: $f, toFundId: $t, amount: 1000 }) { id } }", json!({ "f": world.fund, "t": world.city_fund })),
            ("fundLedger", "query($f: ID!) { fund(id: $f) { ledger(first: 5) { edges { node { amount donor { name contact } } } } } }", json!({ "f": world.fund })),
            ("verifyLedger", "{ verifyLedger { ok } }", json!({})),
        ];
        let mut surprises = Vec::new();
        for (name, query, variables) in &operations {
            for (index, (actor, token)) in world.tokens.iter().enumerate() {
                let answer = app.graphql_with_cookie(token.as_deref(), query, variables.clone()).await;
                let got = outcome(&answer.body);
                if got != expected(name)[index] {
                    surprises.push(format!("{name} as {actor:?}: expected {:?}, got {got:?} ({})", expected(name)[index], answer.body));
                }
            }
        }
        // Ending sessions comes last: each actor uses a fresh session of its own.
        for (name, query) in [
            ("changePassword", "mutation { changePassword(currentPassword: \"hoc-tap-suot-doi\", newPassword: \"hoc-tap-suot-doi\") }"),
            ("signOut", "mutation { signOut }"),
        ] {
            for (index, actor) in ACTORS.iter().enumerate() {
                let token = match actor.login() {
                    Some(login) => Some(sign_in(&app, login).await),
                    None => None,
                };
                let got = outcome(&app.graphql_with_cookie(token.as_deref(), query, json!({})).await.body);
                if got != expected(name)[index] {
                    surprises.push(format!("{name} as {actor:?}: expected {:?}, got {got:?}", expected(name)[index]));
                }
            }
        }
        assert!(surprises.is_empty(), "{} unexpected outcomes:\n{}", surprises.len(), surprises.join("\n"));
    }
}

on_every_database! {
    async fn what_an_admin_changes_takes_effect_and_an_admin_elsewhere_sees_none_of_it(app) {
        let world = world(&app).await;
        let token = |actor: Actor| world.tokens.iter().find(|(a, _)| *a == actor).unwrap().1.clone().unwrap();
        let admin = token(Actor::Admin);

        let moved = app.graphql_with_cookie(Some(&admin), "mutation($o: ID!, $p: ID!) { moveOrganization(id: $o, parentId: $p) { depth parent { id } } }", json!({ "o": world.clan, "p": world.bat_trang })).await;
        assert_eq!(moved.body["data"]["moveOrganization"]["depth"], 2, "{}", moved.body);
        assert_eq!(moved.body["data"]["moveOrganization"]["parent"]["id"], world.bat_trang.as_str());
        let (_, within) = app.graphql("query($w: ID!) { organizations(first: 100, within: $w) { edges { node { id } } } }", json!({ "w": world.giang_cao })).await;
        assert_eq!(within["data"]["organizations"]["edges"].as_array().unwrap().len(), 1, "the clan left Giang Cao's subtree");

        let into_itself = app.graphql_with_cookie(Some(&admin), "mutation($o: ID!, $p: ID!) { moveOrganization(id: $o, parentId: $p) { id } }", json!({ "o": world.bat_trang, "p": world.giang_cao })).await;
        assert!(first_error_code(&into_itself.body).is_some(), "nothing moves under itself (or above its admin's reach)");

        let members = app.graphql_with_cookie(Some(&admin), "query($o: ID!) { members(organizationId: $o) { nodes { login membership { role } } } }", json!({ "o": world.bat_trang })).await;
        let logins: Vec<&str> = members.body["data"]["members"]["nodes"].as_array().unwrap().iter().map(|m| m["login"].as_str().unwrap()).collect();
        assert!(logins.contains(&"treasurer@example.vn") && logins.contains(&"admin.battrang@example.vn"), "{logins:?}");
        let (paged, sizes) = app.every_page(
            &admin,
            "query($o: ID!, $after: String) { members(organizationId: $o, first: 1, after: $after) { nodes { login membership { role } } pageInfo { hasNextPage endCursor } } }",
            "members",
            json!({ "o": world.bat_trang }),
        ).await;
        assert!(sizes.iter().all(|n| *n == 1), "a page of one at a time: {sizes:?}");
        assert_eq!(&Value::Array(paged), &members.body["data"]["members"]["nodes"], "a page at a time, the same members in the same order");

        let elsewhere = app.graphql_with_cookie(Some(&token(Actor::AdminElsewhere)), "{ auditEvents(first: 100) { edges { node { action organizationId } } } }", json!({})).await;
        let seen: Vec<&Value> = elsewhere.body["data"]["auditEvents"]["edges"].as_array().unwrap().iter().map(|e| &e["node"]).collect();
        assert!(seen.iter().all(|event| event["organizationId"] != world.bat_trang.as_str() && event["organizationId"] != world.clan.as_str()), "{seen:?}");
        assert!(seen.iter().all(|event| !event["organizationId"].is_null()), "sign-ins belong to the city's admins only");
        assert!(!seen.is_empty(), "granting them their role is in their commune's log");
        let (paged, sizes) = app.every_page(
            &token(Actor::AdminElsewhere),
            "query($after: String) { auditEvents(first: 1, after: $after) { nodes { action organizationId } pageInfo { hasNextPage endCursor } } }",
            "auditEvents",
            json!({}),
        ).await;
        assert!(sizes.iter().all(|n| *n == 1), "a page of one at a time: {sizes:?}");
        assert_eq!(paged.iter().collect::<Vec<_>>(), seen, "a page at a time, the same events newest first");
        let mine = app.graphql_with_cookie(Some(&admin), "{ auditEvents(first: 100) { edges { node { action } } } }", json!({})).await;
        let actions: Vec<&str> = mine.body["data"]["auditEvents"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["action"].as_str().unwrap()).collect();
        assert_eq!(actions.first(), Some(&"ORGANIZATION_MOVED"), "newest first: {actions:?}");
        assert!(actions.contains(&"ROLE_GRANTED"));
        // Each event names who did it and where, read for the whole page at once.
        const NAMED: &str = "query($n: Int) { auditEvents(first: $n) { nodes { action actorId actorName organizationId organizationName } } }";
        for n in [5, 100] {
            let before = app.statements_sent();
            let named = app.graphql_with_cookie(Some(&admin), NAMED, json!({ "n": n })).await;
            let spent = app.statements_sent() - before;
            assert!(spent <= 4, "{n} events with their people and places in {spent} statements");
            let moved = &named.body["data"]["auditEvents"]["nodes"][0];
            assert_eq!(moved["action"], "ORGANIZATION_MOVED", "{}", named.body);
            assert!(moved["actorName"].as_str().is_some_and(|name| !name.is_empty()), "{moved}");
            assert!(moved["organizationName"].as_str().is_some_and(|name| !name.is_empty()), "{moved}");
        }
    }
}
