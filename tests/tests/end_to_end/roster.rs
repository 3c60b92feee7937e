//! The learners of a subtree, for its staff: by name, a page at a time with a total, searched
//! by part of a name or school (with or without diacritics) or a whole personal id, and for no
//! one else.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use migration::MigratorTrait as _;
use serde_json::{Value, json};
use tests::{TestApp, first_error_code, on_every_database};

const REGISTER: &str = "mutation($i: RegisterLearnerInput!) { registerLearner(input: $i) { id } }";
const ROSTER: &str = "query($o: ID!, $s: String!, $n: Int, $a: String) { learners(organizationId: $o, search: $s, first: $n, after: $a) \
                      { nodes { fullName school personalId } totalCount pageInfo { hasNextPage endCursor } } }";

/// A guardian's learner living in `commune`, kept on no chapter's record.
fn learner(name: &str, personal_id: &str, school: &str, commune: &str) -> Value {
    json!({
        "fullName": name, "dateOfBirth": "2012-09-05", "gender": "FEMALE",
        "personalId": personal_id, "educationLevel": "LOWER_SECONDARY",
        "school": school, "communeId": commune, "circumstances": [],
    })
}

async fn roster(
    app: &TestApp,
    token: &str,
    organization: &str,
    search: &str,
    first: i32,
    after: Option<&str>,
) -> Value {
    let answer = app
        .graphql_with_cookie(
            Some(token),
            ROSTER,
            json!({ "o": organization, "s": search, "n": first, "a": after }),
        )
        .await;
    answer.body
}

fn names(body: &Value) -> Vec<&str> {
    body["data"]["learners"]["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|node| node["fullName"].as_str().unwrap())
        .collect()
}

on_every_database! {
    async fn staff_page_through_their_subtrees_learners_by_name_and_search_them(app) {
        let admin = app.city_admin().await;
        let city = app.organization_id("Hội Khuyến học thành phố Hà Nội").await;
        let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
        let long_bien = app.organization_id("Hội Khuyến học phường Long Biên").await;
        let manager = app.staff(&admin, "quanly.battrang@example.vn", &bat_trang, "PROGRAM_MANAGER").await;
        let reviewer = app.staff(&admin, "giamkhao.battrang@example.vn", &bat_trang, "REVIEWER").await;
        app.sign_up("phuhuynh@example.vn").await;
        let guardian = app.sign_in("phuhuynh@example.vn").await;
        for (name, id, school, commune) in [
            ("Trần Thị Chi", "001312000003", "Trường THCS Bát Tràng", &bat_trang),
            ("Lê Minh Anh", "001312000001", "Trường THCS Bát Tràng", &bat_trang),
            ("Nguyễn Văn Bình", "001312000002", "Trường Tiểu học Giang Cao", &bat_trang),
            ("Lê Văn Dũng", "001312000004", "Trường THCS Long Biên", &long_bien),
        ] {
            let body = app.graphql_with_cookie(Some(&guardian), REGISTER, json!({ "i": learner(name, id, school, commune) })).await.body;
            assert!(body["errors"].is_null(), "{body}");
        }

        // A learner lives in a commune or ward, not in the city or a chapter.
        let elsewhere = app.graphql_with_cookie(Some(&guardian), REGISTER, json!({ "i": learner("Phạm Thu Hà", "001312000005", "Trường THCS Bát Tràng", &city) })).await.body;
        assert_eq!(first_error_code(&elsewhere), Some("VALIDATION"), "{elsewhere}");
        assert_eq!(elsewhere["errors"][0]["extensions"]["field"], "communeId", "{elsewhere}");

        // By name, two at a time, the total on every page; Long Biên's learner is not Bát Tràng's.
        let first = roster(&app, &manager, &bat_trang, "", 2, None).await;
        assert_eq!(names(&first), ["Lê Minh Anh", "Nguyễn Văn Bình"], "{first}");
        assert_eq!(first["data"]["learners"]["totalCount"], 3);
        assert_eq!(first["data"]["learners"]["pageInfo"]["hasNextPage"], true);
        assert_eq!(first["data"]["learners"]["nodes"][0]["personalId"], "001312000001", "staff see the id whole");
        let cursor = first["data"]["learners"]["pageInfo"]["endCursor"].as_str().unwrap().to_owned();
        let second = roster(&app, &manager, &bat_trang, "", 2, Some(&cursor)).await;
        assert_eq!(names(&second), ["Trần Thị Chi"], "{second}");
        assert_eq!(second["data"]["learners"]["pageInfo"]["hasNextPage"], false);
        assert_eq!(second["data"]["learners"]["totalCount"], 3);
        // After the last learner: no one left, the total still told.
        let last = second["data"]["learners"]["pageInfo"]["endCursor"].as_str().unwrap().to_owned();
        let past = roster(&app, &manager, &bat_trang, "", 2, Some(&last)).await;
        assert_eq!((names(&past), &past["data"]["learners"]["totalCount"]), (Vec::<&str>::new(), &json!(3)), "{past}");

        // Part of a name, part of a school, a whole personal id (as typed, with spaces).
        assert_eq!(names(&roster(&app, &manager, &bat_trang, "Bình", 50, None).await), ["Nguyễn Văn Bình"]);
        assert_eq!(names(&roster(&app, &manager, &bat_trang, "nguyễn văn", 50, None).await), ["Nguyễn Văn Bình"], "in any case");
        assert_eq!(names(&roster(&app, &manager, &bat_trang, "thcs bát", 50, None).await), ["Lê Minh Anh", "Trần Thị Chi"]);
        assert_eq!(names(&roster(&app, &manager, &bat_trang, "0013 1200 0003", 50, None).await), ["Trần Thị Chi"]);
        // With or without diacritics, as people type on a phone: "tran thi" is Trần Thị, "bat
        // trang" Bát Tràng; a search never runs on from the name into the school.
        assert_eq!(names(&roster(&app, &manager, &bat_trang, "tran thi", 50, None).await), ["Trần Thị Chi"]);
        assert_eq!(names(&roster(&app, &manager, &bat_trang, "THCS BAT TRANG", 50, None).await), ["Lê Minh Anh", "Trần Thị Chi"]);
        assert_eq!(names(&roster(&app, &manager, &bat_trang, "Nguyen Van Binh Truong", 50, None).await), Vec::<&str>::new());
        let none = roster(&app, &manager, &bat_trang, "Dũng", 50, None).await;
        assert_eq!(names(&none), Vec::<&str>::new());
        assert_eq!(none["data"]["learners"]["totalCount"], 0);
        // A search for `%` finds names containing it, not every name.
        assert_eq!(names(&roster(&app, &manager, &bat_trang, "%", 50, None).await), Vec::<&str>::new());

        // The city's admin sees the whole city.
        let city_roster = roster(&app, &admin, &city, "Lê", 50, None).await;
        assert_eq!(names(&city_roster), ["Lê Minh Anh", "Lê Văn Dũng"], "{city_roster}");

        // Nobody else: not a reviewer, not a guardian, not staff of another commune.
        for (who, organization) in [(&reviewer, &bat_trang), (&guardian, &bat_trang), (&manager, &long_bien)] {
            let refused = roster(&app, who, organization, "", 50, None).await;
            assert_eq!(first_error_code(&refused), Some("FORBIDDEN"), "{refused}");
        }
        let too_many = roster(&app, &manager, &bat_trang, "", 101, None).await;
        assert_eq!(first_error_code(&too_many), Some("VALIDATION"), "{too_many}");

        // Learners registered before the search text existed get theirs from the migration
        // that adds it, and are found as well as the others.
        let db = app.database().await;
        migration::Migrator::down(&db, Some(tests::migrations_since("m20261206_000016_learner_search_text"))).await.unwrap();
        migration::Migrator::up(&db, None).await.unwrap();
        assert_eq!(names(&roster(&app, &manager, &bat_trang, "tran thi", 50, None).await), ["Trần Thị Chi"]);
        assert_eq!(names(&roster(&app, &manager, &bat_trang, "THCS BAT TRANG", 50, None).await), ["Lê Minh Anh", "Trần Thị Chi"]);
    }
}
