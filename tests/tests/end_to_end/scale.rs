//! The scale data and the statement budget of DESIGN.md §6: `seed-scale` makes a city the
//! ledger check agrees with, and every question behind a main screen costs at most four SQL
//! statements, the same at any page size.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use backend::scale::{Manifest, Sizes};
use tests::{
    TestApp, on_every_database,
    questions::{self, QUESTIONS},
};

/// At most this many statements per request, whatever the page size or nesting.
const BUDGET: u64 = 4;

/// A city small enough for a test, in the same shapes as the benchmark's.
fn small_city() -> Sizes {
    Sizes {
        communes: 3,
        chapters_per_commune: 2,
        learners: 90,
        city_applications: 90,
        reviewers_per_commune: 2,
        donations: 300,
        busy_fund_donations: 80,
        audit_per_commune: 20,
    }
}

async fn seeded(app: &TestApp) -> Manifest {
    let db = app.database().await;
    backend::scale::load(&db, &small_city(), "scale data password")
        .await
        .expect("the scale data loads")
}

async fn signed_in(
    app: &TestApp,
    manifest: &Manifest,
    persona: questions::Persona,
) -> Option<String> {
    let login = persona.login(manifest)?;
    let answer = app
        .graphql_with_cookie(
            None,
            "mutation($l: String!, $p: String!) { signIn(login: $l, password: $p) { id } }",
            serde_json::json!({ "l": login, "p": manifest.password }),
        )
        .await;
    Some(
        answer
            .set_cookie
            .unwrap_or_else(|| panic!("{login} signs in: {}", answer.body)),
    )
}

on_every_database! {
    /// The ledger of the scale data agrees with its balances, with applications in every state.
    async fn scale_data_is_a_consistent_city(app) {
        let manifest = seeded(&app).await;
        let db = app.database().await;
        let check = backend::service::ledger::verify(&db).await.unwrap();
        assert!(check.mismatches.is_empty(), "{:?}", check.mismatches);
        assert!(check.transactions_checked > 300, "{check:?}");
        assert_eq!(manifest.rows["learner"], 90);
        assert_eq!(manifest.rows["application"], 180, "one to the city's program and one to the commune's per learner");
        assert!(manifest.rows["award"] > 0 && manifest.rows["review"] > 0, "{:?}", manifest.rows);
        let again = backend::scale::load(&db, &small_city(), "x").await;
        assert!(again.is_err(), "a second load is refused");
    }
}

on_every_database! {
    /// Each question behind a main screen costs at most four statements, at 5 and at 50 a page.
    async fn every_main_question_keeps_within_the_statement_budget(app) {
        let manifest = seeded(&app).await;
        let mut over = Vec::new();
        for question in QUESTIONS {
            let token = signed_in(&app, &manifest, question.persona).await;
            let mut spent = Vec::new();
            for page in [5, 50] {
                let before = app.statements_sent();
                let answer = app
                    .graphql_with_cookie(token.as_deref(), question.query, (question.variables)(&manifest, page))
                    .await;
                spent.push(app.statements_sent() - before);
                assert!(answer.body["errors"].is_null(), "{}: {}", question.name, answer.body);
            }
            // The counts in the log, for docs/benchmarks.md.
            eprintln!("statements {spent:?} at 5 and 50 a page: {}", question.name);
            if !(spent.iter().all(|&n| n <= BUDGET) && spent[0] == spent[1]) {
                over.push(format!("{}: {spent:?} statements at 5 and 50 a page", question.name));
            }
        }
        assert!(over.is_empty(), "over the budget:\n{}", over.join("\n"));
    }
}

/// How many applications of `program` are in `status`, counted whole.
async fn counted(app: &TestApp, program: i64, status: &str) -> i64 {
    use sea_orm::ConnectionTrait as _;
    let db = app.database().await;
    db.query_one_raw(sea_orm::Statement::from_string(
        db.get_database_backend(),
        format!("SELECT COUNT(*) AS n FROM application WHERE program_id = {program} AND status = '{status}'"),
    ))
    .await
    .unwrap()
    .unwrap()
    .try_get::<i64>("", "n")
    .unwrap()
}

/// What a program manager's home says of `program`'s applications to assign.
async fn to_assign_on_home(app: &TestApp, cookie: &str, program: i64) -> serde_json::Value {
    let id = program.to_string();
    let answer = app
        .graphql_with_cookie(
            Some(cookie),
            "{ myWork { programs { programId toAssign { count more } } } }",
            serde_json::json!({}),
        )
        .await;
    answer.body["data"]["myWork"]["programs"]
        .as_array()
        .unwrap_or_else(|| panic!("{}", answer.body))
        .iter()
        .find(|p| p["programId"].as_str() == Some(id.as_str()))
        .unwrap_or_else(|| panic!("{program} on the home: {}", answer.body))["toAssign"]
        .clone()
}

on_every_database! {
    /// A home counts what waits up to a thousand, so that a program of any size costs the
    /// same to show; beyond, it says there are more.
    async fn a_home_counts_what_waits_up_to_a_thousand(app) {
        let sizes = Sizes { learners: 3_500, city_applications: 3_500, ..small_city() };
        let db = app.database().await;
        let manifest = backend::scale::load(&db, &sizes, "scale data password").await.unwrap();
        let (city, commune) = (manifest.city_program_id, manifest.commune_program_id);
        let (many, few) = (counted(&app, city, "SUBMITTED").await, counted(&app, commune, "SUBMITTED").await);
        assert!(many > 1_000 && (1..=1_000).contains(&few), "{many} and {few}: the sizes make one of each");

        let cookie = signed_in(&app, &manifest, questions::Persona::CityManager).await.unwrap();
        assert_eq!(to_assign_on_home(&app, &cookie, city).await, serde_json::json!({ "count": 1_000, "more": true }));
        let cookie = signed_in(&app, &manifest, questions::Persona::CommuneManager).await.unwrap();
        assert_eq!(to_assign_on_home(&app, &cookie, commune).await, serde_json::json!({ "count": few, "more": false }));
    }
}
