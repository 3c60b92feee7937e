//! A learning society's criteria: the seed gives each of the five models an example set for the
//! year, marked as one; the city association's administrators save their own as the next
//! version, checked whole (a pass mark above the total, an item without points are refused with
//! the field at fault); a commune's administrators may not; anyone may read what is in force.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Datelike;
use serde_json::{Value, json};
use tests::{on_every_database, today};

const SETS: &str = "query($y: Int!) { criteriaSets(year: $y) {
    model year version total passMark example groups { name items { code points } } levels { name minTotal }
} }";
const SAVE: &str = "mutation($i: CriteriaSetInput!) { saveCriteriaSet(input: $i) {
    model year version total passMark example
} }";

/// The association's own household criteria: 60 points, `pass_mark` to pass, 55 for the top
/// grade.
fn households(year: i32, pass_mark: u32) -> Value {
    json!({
        "model": "HOUSEHOLD", "year": year, "passMark": pass_mark,
        "groups": [
            { "name": "Học tập của trẻ em", "items": [
                { "code": "1", "text": "Trẻ em đến trường đủ", "points": 30 } ] },
            { "name": "Học tập của người lớn", "items": [
                { "code": "2", "text": "Người lớn học tập thường xuyên", "points": 30 } ] },
        ],
        "levels": [ { "name": "Xuất sắc", "minTotal": 55 } ],
    })
}

on_every_database! {
    async fn the_city_sets_its_criteria_as_versions_over_the_seeded_examples(app) {
        let year = today().year();
        let seeded = app.graphql(SETS, json!({ "y": year })).await.1;
        let sets = seeded["data"]["criteriaSets"].as_array().unwrap_or_else(|| panic!("{seeded}"));
        let models: Vec<&str> = sets.iter().map(|s| s["model"].as_str().unwrap()).collect();
        assert_eq!(models, ["HOUSEHOLD", "CLAN", "COMMUNITY", "UNIT", "CITIZEN"]);
        assert!(sets.iter().all(|s| s["example"] == true && s["total"] == 100 && s["version"] == 1), "{seeded}");

        let admin = app.city_admin().await;
        let saved = app.call(&admin, SAVE, json!({ "i": households(year, 45) })).await;
        assert_eq!(saved["data"]["saveCriteriaSet"],
            json!({ "model": "HOUSEHOLD", "year": year, "version": 2, "total": 60, "passMark": 45, "example": false }), "{saved}");
        let again = app.call(&admin, SAVE, json!({ "i": households(year, 50) })).await;
        assert_eq!(again["data"]["saveCriteriaSet"]["version"], 3, "{again}");
        let now = app.graphql(SETS, json!({ "y": year })).await.1;
        let household = &now["data"]["criteriaSets"][0];
        assert_eq!((household["version"].clone(), household["passMark"].clone(), household["example"].clone()),
            (json!(3), json!(50), json!(false)));
        assert_eq!(now["data"]["criteriaSets"][1]["example"], true, "the other models keep their examples");
        let logged = app.call(&admin, "{ auditEvents(first: 5, filter: { action: CRITERIA_SET_SAVED }) { nodes { objectType } } }", json!({})).await;
        assert_eq!(logged["data"]["auditEvents"]["nodes"].as_array().map(Vec::len), Some(2), "{logged}");
    }
}

on_every_database! {
    async fn criteria_that_cannot_score_and_a_communes_administrator_are_refused(app) {
        let year = today().year();
        let admin = app.city_admin().await;
        let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
        let commune_admin = app.staff(&admin, "hoixa@example.vn", &bat_trang, "ADMIN").await;

        let refused = app.call(&commune_admin, SAVE, json!({ "i": households(year, 45) })).await;
        assert_eq!(refused["errors"][0]["extensions"]["code"], "FORBIDDEN", "{refused}");
        let field = |body: &Value| (body["errors"][0]["extensions"]["code"].clone(), body["errors"][0]["extensions"]["field"].clone());
        let above = app.call(&admin, SAVE, json!({ "i": households(year, 61) })).await;
        assert_eq!(field(&above), (json!("VALIDATION"), json!("passMark")), "{above}");
        let mut no_points = households(year, 45);
        no_points["groups"][0]["items"][0]["points"] = json!(0);
        let body = app.call(&admin, SAVE, json!({ "i": no_points })).await;
        assert_eq!(field(&body), (json!("VALIDATION"), json!("items.points")), "{body}");
        let mut repeated = households(year, 45);
        repeated["groups"][1]["items"][0]["code"] = json!("1");
        let body = app.call(&admin, SAVE, json!({ "i": repeated })).await;
        assert_eq!(field(&body), (json!("VALIDATION"), json!("items.code")), "{body}");
        let body = app.call(&admin, SAVE, json!({ "i": households(1999, 45) })).await;
        assert_eq!(field(&body), (json!("VALIDATION"), json!("year")), "{body}");

        let sets = app.graphql(SETS, json!({ "y": year })).await.1;
        assert_eq!(sets["data"]["criteriaSets"][0]["version"], 1, "nothing refused was saved: {sets}");
    }
}
