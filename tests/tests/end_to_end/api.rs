//! The GraphQL API over HTTP, on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use tests::{first_error_code, on_every_database, repo_root};

/// Every organisation name in `seeds/organizations.json`, depth first.
fn seeded_names() -> Vec<String> {
    fn walk(nodes: &Value, names: &mut Vec<String>) {
        for node in nodes.as_array().into_iter().flatten() {
            names.push(node["name"].as_str().unwrap().to_owned());
            walk(&node["children"], names);
        }
    }
    let text = std::fs::read_to_string(repo_root().join("seeds/organizations.json")).unwrap();
    let mut names = Vec::new();
    walk(&serde_json::from_str(&text).unwrap(), &mut names);
    names
}

const PAGE: &str = r"
query Page($first: Int, $after: String, $kind: OrganizationKind, $within: ID) {
  organizations(first: $first, after: $after, kind: $kind, within: $within) {
    edges { cursor node { id name kind depth parentId parent { id name } } }
    pageInfo { hasNextPage endCursor }
  }
}";

on_every_database! {
    async fn the_health_check_reports_the_database(app) {
        let response = app.http.get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.headers().contains_key("x-request-id"), "every response carries a request id");
        let body: Value = response.json().await.unwrap();
        let engine = match app.engine { tests::Engine::Sqlite => "SQLite", tests::Engine::Postgres => "PostgreSQL" };
        assert_eq!(body, json!({ "status": "ok", "database": engine }));
    }
}

on_every_database! {
    async fn server_info_names_the_version_and_the_database(app) {
        let (status, body) = app.graphql("{ serverInfo { version database } }", json!({})).await;
        assert_eq!(status, 200);
        let engine = match app.engine { tests::Engine::Sqlite => "SQLite", tests::Engine::Postgres => "PostgreSQL" };
        assert_eq!(body["data"]["serverInfo"], json!({ "version": env!("CARGO_PKG_VERSION"), "database": engine }));
    }
}

on_every_database! {
    async fn every_seeded_organization_is_listed_once_following_cursors(app) {
        let mut names = Vec::new();
        let mut after: Option<String> = None;
        let mut pages = 0;
        loop {
            let (_, body) = app.graphql(PAGE, json!({ "first": 5, "after": after })).await;
            let connection = &body["data"]["organizations"];
            assert!(body["errors"].is_null(), "{body}");
            let edges = connection["edges"].as_array().unwrap();
            assert!(edges.len() <= 5);
            names.extend(edges.iter().map(|edge| edge["node"]["name"].as_str().unwrap().to_owned()));
            pages += 1;
            if !connection["pageInfo"]["hasNextPage"].as_bool().unwrap() {
                break;
            }
            after = connection["pageInfo"]["endCursor"].as_str().map(str::to_owned);
            assert!(pages < 100, "pagination never ends");
        }
        let mut expected = seeded_names();
        let seeded = expected.len();
        expected.sort();
        names.sort();
        assert_eq!(names, expected, "each organisation exactly once");
        assert_eq!(pages, seeded.div_ceil(5));
    }
}

on_every_database! {
    async fn organizations_know_their_level_depth_and_parent(app) {
        let (_, body) = app.graphql(PAGE, json!({ "first": 100 })).await;
        let nodes: Vec<&Value> = body["data"]["organizations"]["edges"].as_array().unwrap().iter().map(|e| &e["node"]).collect();
        let by_name = |name: &str| *nodes.iter().find(|n| n["name"] == name).unwrap_or_else(|| panic!("{name} is listed"));
        let city = by_name("Hội Khuyến học thành phố Hà Nội");
        assert_eq!((city["kind"].as_str(), city["depth"].as_i64(), &city["parent"]), (Some("CITY"), Some(0), &Value::Null));
        let clan = by_name("Ban Khuyến học dòng họ Lê thôn Giang Cao");
        assert_eq!(clan["kind"], "CLAN");
        assert_eq!(clan["depth"], 3, "city → commune → chapter → clan");
        assert_eq!(clan["parent"]["name"], "Chi hội Khuyến học thôn Giang Cao");
        assert_eq!(clan["parentId"], clan["parent"]["id"]);
    }
}

on_every_database! {
    async fn organizations_filter_by_level_and_by_subtree(app) {
        let (_, body) = app.graphql(PAGE, json!({ "first": 100, "kind": "CLAN" })).await;
        let clans: Vec<&str> = body["data"]["organizations"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["name"].as_str().unwrap()).collect();
        assert_eq!(clans.len(), 2, "{clans:?}");
        assert!(clans.iter().all(|name| name.starts_with("Ban Khuyến học dòng họ")));

        let (_, body) = app.graphql("{ organizations(first: 100, kind: COMMUNE) { edges { node { id name } } } }", json!({})).await;
        let bat_trang = body["data"]["organizations"]["edges"].as_array().unwrap().iter()
            .find(|e| e["node"]["name"] == "Hội Khuyến học xã Bát Tràng").unwrap()["node"]["id"].clone();
        let (_, body) = app.graphql(PAGE, json!({ "first": 100, "within": bat_trang })).await;
        let mut subtree: Vec<&str> = body["data"]["organizations"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["name"].as_str().unwrap()).collect();
        subtree.sort_unstable();
        assert_eq!(subtree, vec![
            "Ban Khuyến học dòng họ Lê thôn Giang Cao",
            "Chi hội Khuyến học Trường THCS Bát Tràng",
            "Chi hội Khuyến học thôn Giang Cao",
            "Hội Khuyến học xã Bát Tràng",
        ]);
    }
}

on_every_database! {
    async fn an_organisation_is_found_by_its_name_typed_without_diacritics(app) {
        let names = |body: &Value| -> Vec<String> {
            body["data"]["organizations"]["edges"].as_array().unwrap().iter()
                .map(|e| e["node"]["name"].as_str().unwrap().to_owned()).collect()
        };
        let search = "query($search: String, $kind: OrganizationKind) { organizations(first: 100, search: $search, kind: $kind) { edges { node { name } } } }";
        let (_, body) = app.graphql(search, json!({ "search": "  GIANG cao " })).await;
        let mut found = names(&body);
        found.sort_unstable();
        assert_eq!(found, vec![
            "Ban Khuyến học dòng họ Lê thôn Giang Cao",
            "Chi hội Khuyến học thôn Giang Cao",
        ]);
        let (_, body) = app.graphql(search, json!({ "search": "bát tràng", "kind": "COMMUNE" })).await;
        assert_eq!(names(&body), vec!["Hội Khuyến học xã Bát Tràng"]);
        // A wildcard typed is a character sought, not anything.
        let (_, body) = app.graphql(search, json!({ "search": "%" })).await;
        assert_eq!(names(&body), Vec::<String>::new());
        let (_, body) = app.graphql(search, json!({ "search": "" })).await;
        assert_eq!(names(&body).len(), seeded_names().len(), "an empty search finds every one");
    }
}

on_every_database! {
    async fn the_tree_is_counted_by_level_without_listing_it(app) {
        let (_, body) = app.graphql("{ organizationCounts { kind count } }", json!({})).await;
        let counts = body["data"]["organizationCounts"].as_array().unwrap();
        let total: i64 = counts.iter().map(|c| c["count"].as_i64().unwrap()).sum();
        assert_eq!(total, seeded_names().len() as i64, "{counts:?}");
        let kinds: Vec<&str> = counts.iter().map(|c| c["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds.first(), Some(&"CITY"), "in the order of the levels: {kinds:?}");
        let clans = counts.iter().find(|c| c["kind"] == "CLAN").unwrap();
        assert_eq!(clans["count"], 2);
    }
}

on_every_database! {
    async fn a_fund_is_found_by_its_name_or_by_its_own_organisation(app) {
        let (_, body) = app.graphql("{ funds(first: 100) { edges { node { id name organizationId } } } }", json!({})).await;
        let funds = body["data"]["funds"]["edges"].as_array().unwrap().clone();
        assert!(funds.len() >= 2, "{body}");
        let first = &funds[0]["node"];
        let name = first["name"].as_str().unwrap();
        // Typed without its diacritics, in capitals.
        let typed: String = shared::text::folded(name).to_uppercase();
        let (_, body) = app.graphql("query($s: String) { funds(first: 100, search: $s) { edges { node { id } } } }", json!({ "s": typed })).await;
        let found: Vec<&Value> = body["data"]["funds"]["edges"].as_array().unwrap().iter().map(|e| &e["node"]["id"]).collect();
        assert!(found.contains(&&first["id"]), "{name} as {typed}: {body}");
        let owner = first["organizationId"].clone();
        let (_, body) = app.graphql("query($o: ID) { funds(first: 100, organizationId: $o) { edges { node { organizationId } } } }", json!({ "o": owner })).await;
        let owners: Vec<&Value> = body["data"]["funds"]["edges"].as_array().unwrap().iter().map(|e| &e["node"]["organizationId"]).collect();
        assert!(!owners.is_empty() && owners.iter().all(|o| **o == owner), "{body}");
    }
}

on_every_database! {
    async fn an_unknown_or_malformed_id_is_refused_with_a_code(app) {
        let (status, body) = app.graphql("{ organization(id: \"999999\") { name } }", json!({})).await;
        assert_eq!((status, first_error_code(&body)), (200, Some("NOT_FOUND")));
        let (_, body) = app.graphql("{ organization(id: \"abc\") { name } }", json!({})).await;
        assert_eq!(first_error_code(&body), Some("VALIDATION"));
        assert_eq!(body["errors"][0]["extensions"]["field"], "id");
    }
}

on_every_database! {
    async fn page_sizes_outside_one_to_a_hundred_are_refused_naming_the_argument(app) {
        for first in [0, -1, 101] {
            let (status, body) = app.graphql(PAGE, json!({ "first": first })).await;
            assert_eq!((status, first_error_code(&body)), (200, Some("VALIDATION")), "first: {first}");
            assert_eq!(body["errors"][0]["extensions"]["field"], "first");
        }
        let (_, body) = app.graphql(PAGE, json!({ "first": 5, "after": "not-a-cursor" })).await;
        assert_eq!(first_error_code(&body), Some("VALIDATION"));
        assert_eq!(body["errors"][0]["extensions"]["field"], "after");
    }
}
