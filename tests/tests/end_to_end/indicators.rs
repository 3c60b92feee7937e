//! The plan's own indicators (Plan 52/KH-UBND, section II.2.1): seeded from the plan as
//! examples, changed only by the city association's administrators; each ward's staff report
//! its values for the year with their source, and the city's value is its wards' added up,
//! never by district. Bad input is refused and nothing is written: more people meeting an
//! indicator than it concerns, a locality's value other than 1 or 0 of 1, no source, a value
//! reported at a level the indicator is not measured at. The yearly report lists every ward's
//! figures under the city's.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use chrono::Datelike;
use serde_json::{Value, json};
use tests::{TestApp, on_every_database, today};

const INDICATORS: &str =
    "{ planIndicators { id code measure targetPerMille deadline level example } }";
const REPORT: &str = "mutation($i: IndicatorValueInput!) { reportIndicator(input: $i) {
    numerator denominator source } }";
const SAVE: &str = "mutation($i: PlanIndicatorInput!) { savePlanIndicator(input: $i) {
    code targetPerMille example } }";
const PROGRESS: &str =
    "query($o: ID!, $y: Int!) { indicatorProgress(organizationId: $o, year: $y) {
    indicator { code } numerator denominator perMille met reported expected own { source } } }";

const LONG_BIEN: &str = "Hội Khuyến học phường Long Biên";
const HA_DONG: &str = "Hội Khuyến học phường Hà Đông";
const CITY: &str = "Hội Khuyến học thành phố Hà Nội";

fn code(body: &Value) -> Value {
    body["errors"][0]["extensions"]["code"].clone()
}

fn field(body: &Value) -> Value {
    body["errors"][0]["extensions"]["field"].clone()
}

/// The id of the indicator of `code`.
async fn indicator(app: &TestApp, code: &str) -> String {
    let (_, body) = app.graphql(INDICATORS, json!({})).await;
    body["data"]["planIndicators"]
        .as_array()
        .and_then(|rows| rows.iter().find(|row| row["code"] == code))
        .and_then(|row| row["id"].as_str())
        .unwrap_or_else(|| panic!("no indicator {code}: {body}"))
        .to_owned()
}

/// An organisation's row of `code` this year.
async fn standing(app: &TestApp, organization: &str, code: &str) -> Value {
    let (_, body) = app
        .graphql(PROGRESS, json!({ "o": organization, "y": today().year() }))
        .await;
    body["data"]["indicatorProgress"]
        .as_array()
        .and_then(|rows| rows.iter().find(|row| row["indicator"]["code"] == code))
        .cloned()
        .unwrap_or(Value::Null)
}

/// The cells of an organisation's yearly indicator report, as text, from its header on.
async fn report_rows(app: &TestApp, organization: &str, year: i32) -> Vec<Vec<String>> {
    let (status, file, bytes) = app
        .download(
            "",
            &format!("/api/organizations/{organization}/indicator-report?year={year}"),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        file.unwrap(),
        format!("attachment; filename=\"chi-tieu-ke-hoach-52-{organization}-{year}.xlsx\"")
    );
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let sheet = workbook.worksheet_range("Chỉ tiêu").unwrap();
    sheet
        .rows()
        .map(|row| row.iter().map(ToString::to_string).collect())
        .collect()
}

async fn report(
    app: &TestApp,
    token: &str,
    organization: &str,
    indicator: &str,
    (numerator, denominator): (i64, i64),
    source: &str,
) -> Value {
    let input = json!({ "indicatorId": indicator, "organizationId": organization,
        "year": today().year(), "numerator": numerator, "denominator": denominator, "source": source });
    app.call(token, REPORT, json!({ "i": input })).await
}

on_every_database! {
    async fn each_ward_reports_the_plans_indicators_and_the_city_adds_them_up(app) {
        let admin = app.city_admin().await;
        let (ward, other, city) = (app.organization_id(LONG_BIEN).await, app.organization_id(HA_DONG).await,
            app.organization_id(CITY).await);
        let staff = app.staff(&admin, "hoilongbien@example.vn", &ward, "PROGRAM_MANAGER").await;
        let other_staff = app.staff(&admin, "hoihadong@example.vn", &other, "PROGRAM_MANAGER").await;

        let (_, listed) = app.graphql(INDICATORS, json!({})).await;
        let rows = listed["data"]["planIndicators"].as_array().unwrap();
        assert_eq!(rows.len(), 15, "the plan's section II.2.1: {listed}");
        assert_eq!(rows[1], json!({ "id": rows[1]["id"], "code": "2.1.a.2", "measure": "PEOPLE", "targetPerMille": 995,
            "deadline": 2025, "level": "COMMUNE", "example": true }), "{listed}");
        assert!(rows.iter().all(|row| row["level"] == "COMMUNE" || row["level"] == "CITY"), "never by district: {listed}");

        let literacy = indicator(&app, "2.1.a.2").await;
        let lower_secondary = indicator(&app, "2.1.a.6").await;
        let reported = report(&app, &staff, &ward, &literacy, (9_950, 10_000), "  Báo cáo phổ cập giáo dục   năm 2026 ").await;
        assert_eq!(reported["data"]["reportIndicator"], json!({ "numerator": 9950, "denominator": 10000,
            "source": "Báo cáo phổ cập giáo dục năm 2026" }), "{reported}");
        report(&app, &other_staff, &other, &literacy, (4_900, 5_000), "Điều tra dân số").await;
        report(&app, &staff, &ward, &lower_secondary, (1, 1), "Quyết định công nhận chuẩn PCGD THCS").await;
        report(&app, &other_staff, &other, &lower_secondary, (0, 1), "Báo cáo của phường").await;

        let own = standing(&app, &ward, "2.1.a.2").await;
        assert_eq!(own, json!({ "indicator": { "code": "2.1.a.2" }, "numerator": 9950, "denominator": 10000,
            "perMille": 995, "met": true, "reported": 1, "expected": 1,
            "own": { "source": "Báo cáo phổ cập giáo dục năm 2026" } }), "{own}");
        assert_eq!(standing(&app, &ward, "2.1.b.8").await, Value::Null, "a ward sees no indicator measured at the city");
        let city_literacy = standing(&app, &city, "2.1.a.2").await;
        assert_eq!((city_literacy["numerator"].clone(), city_literacy["denominator"].clone(), city_literacy["perMille"].clone(),
            city_literacy["met"].clone(), city_literacy["reported"].clone(), city_literacy["own"].clone()),
            (json!(14850), json!(15000), json!(990), json!(null), json!(2), json!(null)),
            "no verdict on two wards' figures: {city_literacy}");
        let (_, counts) = app.graphql("{ organizationCounts { kind count } }", json!({})).await;
        let communes = counts["data"]["organizationCounts"].as_array().unwrap().iter()
            .find(|row| row["kind"] == "COMMUNE").map(|row| row["count"].clone());
        assert_eq!(Some(city_literacy["expected"].clone()), communes, "every open commune and ward is expected: {counts}");
        let city_standard = standing(&app, &city, "2.1.a.6").await;
        assert_eq!((city_standard["numerator"].clone(), city_standard["denominator"].clone(), city_standard["perMille"].clone()),
            (json!(1), json!(2), json!(500)), "one ward of the two that reported meets it: {city_standard}");

        let again = report(&app, &staff, &ward, &literacy, (9_900, 10_000), "Báo cáo bổ sung").await;
        assert_eq!(again["data"]["reportIndicator"]["numerator"], 9900, "reporting again replaces: {again}");
        assert_eq!(standing(&app, &city, "2.1.a.2").await["numerator"], 14800);

        for (value, source, at) in [((10_001, 10_000), "Báo cáo", "numerator"), ((-1, 10_000), "Báo cáo", "numerator"),
            ((0, 0), "Báo cáo", "denominator"), ((1, 1), "   ", "source")] {
            let refused = report(&app, &staff, &ward, &literacy, value, source).await;
            assert_eq!((code(&refused), field(&refused)), (json!("VALIDATION"), json!(at)), "{refused}");
        }
        let two_of_two = report(&app, &staff, &ward, &lower_secondary, (2, 2), "Báo cáo").await;
        assert_eq!(field(&two_of_two), "denominator", "a locality meets a standard or not: {two_of_two}");
        let at_city = report(&app, &admin, &city, &literacy, (1, 1), "Báo cáo").await;
        assert_eq!(field(&at_city), "organizationId", "measured by ward, added up at the city: {at_city}");
        let officials = indicator(&app, "2.1.b.8").await;
        let at_ward = report(&app, &staff, &ward, &officials, (1, 1), "Báo cáo").await;
        assert_eq!(field(&at_ward), "organizationId", "the city's officials are the city's: {at_ward}");
        let outside = report(&app, &other_staff, &ward, &literacy, (1, 1), "Báo cáo").await;
        assert_eq!(code(&outside), "FORBIDDEN", "another ward's staff: {outside}");
        let input = json!({ "indicatorId": "999999", "organizationId": ward, "year": today().year(),
            "numerator": 1, "denominator": 1, "source": "Báo cáo" });
        let unknown = app.call(&staff, REPORT, json!({ "i": input })).await;
        assert_eq!(code(&unknown), "NOT_FOUND", "{unknown}");
        let input = json!({ "indicatorId": literacy, "organizationId": ward, "year": 1999,
            "numerator": 1, "denominator": 1, "source": "Báo cáo" });
        let too_early = app.call(&staff, REPORT, json!({ "i": input })).await;
        assert_eq!(field(&too_early), "year", "{too_early}");
        let kept = standing(&app, &ward, "2.1.a.2").await;
        assert_eq!((kept["numerator"].clone(), kept["own"]["source"].clone()), (json!(9900), json!("Báo cáo bổ sung")),
            "nothing refused was written: {kept}");

        // The city's yearly report: each indicator against its target, and under the ones it
        // adds up, every ward's own figures, a ward that has not reported listed blank.
        let year = today().year();
        let rows = report_rows(&app, &city, year).await;
        let at = rows.iter().position(|row| row[1] == "2.1.a.2").expect("the literacy indicator's line");
        assert_eq!((&rows[at][3], &rows[at][4], &rows[at][5], &rows[at][9], &rows[at][10]),
            (&CITY.to_owned(), &"14800".to_owned(), &"15000".to_owned(), &"Chưa đủ báo cáo".to_owned(), &format!("2/{}", city_literacy["expected"])),
            "{:?}", rows[at]);
        let wards: Vec<&Vec<String>> = rows[at + 1..].iter().take_while(|row| row[1].is_empty()).collect();
        assert_eq!(wards.len().to_string(), city_literacy["expected"].to_string(), "a line per open ward: {wards:?}");
        let long_bien = wards.iter().find(|row| row[3] == LONG_BIEN).expect("Long Biên's line");
        assert_eq!((&long_bien[4], &long_bien[5], &long_bien[9], &long_bien[11]),
            (&"9900".to_owned(), &"10000".to_owned(), &"Chưa đạt".to_owned(), &"Báo cáo bổ sung".to_owned()), "{long_bien:?}");
        assert!(wards.iter().any(|row| row[9] == "Chưa báo cáo" && row[4].is_empty()), "a ward yet to report: {wards:?}");
        let ward_rows = report_rows(&app, &ward, year).await;
        assert!(ward_rows.iter().all(|row| row[1] != "2.1.b.8"), "a ward's report has no city indicator");
        let (status, _, _) = app.download("", &format!("/api/organizations/{ward}/indicator-report?year=abc")).await;
        assert_eq!(status, 400, "a year that is not one");

        // A ward merged away (archived) no longer counts toward the city, nor is expected.
        let expected = standing(&app, &city, "2.1.a.2").await["expected"].as_i64().unwrap();
        let archived = app.call(&admin, "mutation($o: ID!) { archiveOrganization(id: $o) { id } }", json!({ "o": other })).await;
        assert!(archived["errors"].is_null(), "{archived}");
        let city_literacy = standing(&app, &city, "2.1.a.2").await;
        assert_eq!((city_literacy["numerator"].clone(), city_literacy["reported"].clone(), city_literacy["expected"].clone()),
            (json!(9900), json!(1), json!(expected - 1)), "{city_literacy}");

        let logged = app.call(&admin, "{ auditEvents(first: 10, filter: { action: INDICATOR_REPORTED }) { nodes { objectType } } }", json!({})).await;
        assert_eq!(logged["data"]["auditEvents"]["nodes"].as_array().map(Vec::len), Some(5), "{logged}");
    }
}

on_every_database! {
    async fn only_the_citys_administrators_change_the_plan_and_report_the_citys_own(app) {
        let admin = app.city_admin().await;
        let (ward, city) = (app.organization_id(LONG_BIEN).await, app.organization_id(CITY).await);
        let staff = app.staff(&admin, "hoilongbien@example.vn", &ward, "ADMIN").await;
        let trained = json!({ "code": "2.1.b.1", "group": "Năng lực cơ bản và trình độ của người dân",
            "name": "Lao động được qua đào tạo", "measure": "PEOPLE", "targetPerMille": 800, "deadline": 2025, "level": "COMMUNE" });

        let refused = app.call(&staff, SAVE, json!({ "i": trained })).await;
        assert_eq!(code(&refused), "FORBIDDEN", "a ward's admin keeps no plan: {refused}");
        let saved = app.call(&admin, SAVE, json!({ "i": trained })).await;
        assert_eq!(saved["data"]["savePlanIndicator"], json!({ "code": "2.1.b.1", "targetPerMille": 800, "example": false }),
            "the range's upper end, now the city's own: {saved}");
        let mut new = trained.clone();
        new["code"] = json!("2.2.b.1");
        new["deadline"] = json!(2030);
        let added = app.call(&admin, SAVE, json!({ "i": new })).await;
        assert_eq!(added["data"]["savePlanIndicator"]["code"], "2.2.b.1", "{added}");
        let (_, listed) = app.graphql(INDICATORS, json!({})).await;
        assert_eq!(listed["data"]["planIndicators"].as_array().map(Vec::len), Some(16), "{listed}");
        for (key, bad, at) in [("targetPerMille", json!(0), "targetPerMille"), ("targetPerMille", json!(70_000), "targetPerMille"),
            ("level", json!("CHAPTER"), "level"), ("name", json!(" "), "name"), ("deadline", json!(2019), "deadline")] {
            let mut input = trained.clone();
            input[key] = bad;
            let refused = app.call(&admin, SAVE, json!({ "i": input })).await;
            assert_eq!((code(&refused), field(&refused)), (json!("VALIDATION"), json!(at)), "{refused}");
        }

        let officials = indicator(&app, "2.1.b.8").await;
        let reported = report(&app, &admin, &city, &officials, (45_000, 50_000), "Sở Nội vụ").await;
        assert_eq!(reported["data"]["reportIndicator"]["numerator"], 45000, "{reported}");
        let standing = standing(&app, &city, "2.1.b.8").await;
        assert_eq!((standing["perMille"].clone(), standing["met"].clone(), standing["reported"].clone(), standing["expected"].clone()),
            (json!(900), json!(false), json!(1), json!(1)), "{standing}");
        // Once reported, what an indicator counts and where stay: the target may change.
        let officials = json!({ "code": "2.1.b.8", "group": "Năng lực cơ bản và trình độ của người dân",
            "name": "Cán bộ, công chức, viên chức được bồi dưỡng kỹ năng số cơ bản", "measure": "PEOPLE",
            "targetPerMille": 950, "deadline": 2025, "level": "CITY" });
        let mut moved = officials.clone();
        moved["level"] = json!("COMMUNE");
        let refused = app.call(&admin, SAVE, json!({ "i": moved })).await;
        assert_eq!(code(&refused), "CONFLICT", "{refused}");
        let retargeted = app.call(&admin, SAVE, json!({ "i": officials })).await;
        assert_eq!(retargeted["data"]["savePlanIndicator"]["targetPerMille"], 950, "{retargeted}");
    }
}
