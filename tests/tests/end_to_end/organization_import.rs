//! Organisations imported from a spreadsheet below a commune: a file with two bad rows is
//! previewed with each bad cell named by row, column and reason while nothing is written; fixed,
//! it imports in one go, parents before their children (a row may name an organisation already
//! there, or one on an earlier row, as its parent); imported again it changes nothing. Only the
//! commune's administrators import, and the template reads back as a list of organisations.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use tests::{TestApp, first_error_code, on_every_database};

const PREVIEW: &str = "query($f: ID!) { organizationImportPreview(fileId: $f) { organizationName creates updates skips rows { row action name kind areaCode parentName } problems { row column header field problem otherRow message } } }";
const IMPORT: &str =
    "mutation($f: ID!) { importOrganizations(fileId: $f) { created updated skipped } }";
const BELOW: &str = "query($o: ID!) { organizations(within: $o, first: 100) { edges { node { name kind areaCode parent { name } } } } }";

/// A commune's list of its chapters, as a CSV file: two rows are wrong (a commune's kind, a
/// parent that is nowhere) unless `fixed`.
fn chapters(fixed: bool) -> Vec<u8> {
    let (kind, parent) = if fixed {
        ("Chi hội", "Chi hội Khuyến học thôn Kim Lan")
    } else {
        ("Hội xã", "Chi hội thôn Đâu Đó")
    };
    format!(
        "Tên tổ chức,Loại,Trực thuộc,Mã địa bàn\r\n\
         Chi hội Khuyến học thôn Kim Lan,Chi hội,,10012-3\r\n\
         Chi hội Khuyến học xóm 1 thôn Kim Lan,,Chi hội Khuyến học thôn Kim Lan,\r\n\
         Ban Khuyến học dòng họ Nguyễn thôn Giang Cao,Dòng họ,Chi hoi Khuyen hoc thon Giang Cao,\r\n\
         Chi hội Khuyến học Trường THCS Bát Tràng,Chi hội,,10012\r\n\
         Chi hội Khuyến học Trường Tiểu học Bát Tràng,{kind},,\r\n\
         Chi hội Khuyến học xóm 2 thôn Kim Lan,Chi hội,{parent},\r\n"
    )
    .into_bytes()
}

async fn preview(app: &TestApp, admin: &str, file: &Value) -> Value {
    let body = app.call(admin, PREVIEW, json!({ "f": file })).await;
    body["data"]["organizationImportPreview"].clone()
}

async fn below(app: &TestApp, admin: &str, commune: &str) -> Vec<Value> {
    let body = app.call(admin, BELOW, json!({ "o": commune })).await;
    body["data"]["organizations"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|edge| edge["node"].clone())
        .collect()
}

on_every_database! {
    async fn a_communes_chapters_import_from_a_sheet_with_bad_rows_named_then_fixed_then_again_unchanged(app) {
        let city = app.city_admin().await;
        let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
        let admin = app.staff(&city, "hoixa@example.vn", &bat_trang, "ADMIN").await;
        let before = below(&app, &admin, &bat_trang).await;

        let (status, body) = app.upload_organizations(&admin, &bat_trang, "chi-hoi.csv", chapters(false)).await;
        assert_eq!(status, 201, "{body}");
        let first = preview(&app, &admin, &body["id"]).await;
        assert_eq!(first["organizationName"], "Hội Khuyến học xã Bát Tràng");
        let problems: Vec<(i64, &str, &str)> = first["problems"].as_array().unwrap().iter()
            .map(|p| (p["row"].as_i64().unwrap(), p["column"].as_str().unwrap(), p["problem"].as_str().unwrap())).collect();
        assert_eq!(problems, [(6, "B", "NOT_A_KIND"), (7, "C", "PARENT_NOT_FOUND")], "{first}");
        assert_eq!((first["creates"].clone(), first["updates"].clone(), first["skips"].clone()), (json!(3), json!(1), json!(0)));
        let rows = first["rows"].as_array().unwrap();
        assert_eq!(rows[1]["parentName"], "Chi hội Khuyến học thôn Kim Lan", "a parent on an earlier row");
        assert_eq!(rows[2]["parentName"], "Chi hội Khuyến học thôn Giang Cao", "a parent on record, named without diacritics");
        assert_eq!((rows[3]["action"].clone(), rows[3]["areaCode"].clone()), (json!("UPDATE"), json!("10012")));
        assert_eq!(below(&app, &admin, &bat_trang).await, before, "a preview writes nothing");

        let (status, body) = app.upload_organizations(&admin, &bat_trang, "chi-hoi.csv", chapters(true)).await;
        assert_eq!(status, 201, "{body}");
        let fixed = preview(&app, &admin, &body["id"]).await;
        assert_eq!(fixed["problems"], json!([]), "{fixed}");
        let done = app.call(&admin, IMPORT, json!({ "f": body["id"] })).await;
        assert_eq!(done["data"]["importOrganizations"], json!({ "created": 5, "updated": 1, "skipped": 0 }), "{done}");

        let tree = below(&app, &admin, &bat_trang).await;
        assert_eq!(tree.len(), before.len() + 5);
        let named = |name: &str| tree.iter().find(|o| o["name"] == name).unwrap_or_else(|| panic!("{name}: {tree:?}")).clone();
        assert_eq!(named("Chi hội Khuyến học xóm 2 thôn Kim Lan")["parent"]["name"], "Chi hội Khuyến học thôn Kim Lan");
        let clan = named("Ban Khuyến học dòng họ Nguyễn thôn Giang Cao");
        assert_eq!((clan["kind"].clone(), clan["parent"]["name"].clone()), (json!("CLAN"), json!("Chi hội Khuyến học thôn Giang Cao")));
        assert_eq!(named("Chi hội Khuyến học Trường THCS Bát Tràng")["areaCode"], "10012");
        let logged = app.call(&admin, "{ auditEvents(first: 5, filter: { action: ORGANIZATIONS_IMPORTED }) { nodes { objectId } } }", json!({})).await;
        assert_eq!(logged["data"]["auditEvents"]["nodes"][0]["objectId"], bat_trang.as_str(), "{logged}");

        // The same file again changes nothing.
        let (_, body) = app.upload_organizations(&admin, &bat_trang, "chi-hoi (1).csv", chapters(true)).await;
        let again = preview(&app, &admin, &body["id"]).await;
        assert_eq!((again["creates"].clone(), again["updates"].clone(), again["skips"].clone()), (json!(0), json!(0), json!(6)));
        let done = app.call(&admin, IMPORT, json!({ "f": body["id"] })).await;
        assert_eq!(done["data"]["importOrganizations"], json!({ "created": 0, "updated": 0, "skipped": 6 }));
        assert_eq!(below(&app, &admin, &bat_trang).await.len(), tree.len());
    }
}

on_every_database! {
    async fn only_the_communes_administrators_import_and_a_file_without_names_is_refused(app) {
        let city = app.city_admin().await;
        let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
        let soc_son = app.organization_id("Hội Khuyến học xã Sóc Sơn").await;
        let admin = app.staff(&city, "hoixa@example.vn", &bat_trang, "ADMIN").await;
        let manager = app.staff(&city, "chuongtrinh@example.vn", &bat_trang, "PROGRAM_MANAGER").await;

        let (status, body) = app.upload_organizations(&manager, &bat_trang, "chi-hoi.csv", chapters(true)).await;
        assert_eq!((status, body["errors"][0]["extensions"]["code"].clone()), (403, json!("FORBIDDEN")), "{body}");
        let (status, _) = app.upload_organizations(&admin, &soc_son, "chi-hoi.csv", chapters(true)).await;
        assert_eq!(status, 403, "another commune");
        let (status, body) = app.upload_organizations(&admin, &bat_trang, "x.csv", b"Loai,Ma dia ban\r\nChi hoi,1\r\n".to_vec()).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["errors"][0]["extensions"]["reason"], "NO_HEADER", "{body}");

        let (_, body) = app.upload_organizations(&admin, &bat_trang, "chi-hoi.csv", chapters(true)).await;
        let refused = app.call(&manager, IMPORT, json!({ "f": body["id"] })).await;
        assert_eq!(first_error_code(&refused), Some("FORBIDDEN"), "{refused}");

        // The template, filled in with its example, reads as one organisation.
        let (status, _, template) = app.download(&admin, "/api/templates/organizations.xlsx").await;
        assert_eq!(status, 200);
        let (status, body) = app.upload_organizations(&admin, &bat_trang, "mau.xlsx", template).await;
        assert_eq!(status, 201, "{body}");
        let read = preview(&app, &admin, &body["id"]).await;
        assert_eq!(read["problems"], json!([]));
        assert_eq!(read["rows"].as_array().unwrap().len(), 1);
    }
}

on_every_database! {
    async fn a_blank_cell_keeps_what_is_on_record_and_a_row_that_cannot_be_placed_once_is_refused(app) {
        let city = app.city_admin().await;
        let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
        let admin = app.staff(&city, "hoixa@example.vn", &bat_trang, "ADMIN").await;
        let upload = async |text: &str| {
            let (status, body) = app.upload_organizations(&admin, &bat_trang, "to-chuc.csv", text.as_bytes().to_vec()).await;
            assert_eq!(status, 201, "{body}");
            body["id"].clone()
        };
        // The clan council gets an area code; a chapter is archived.
        let coded = upload("Tên tổ chức,Loại,Trực thuộc,Mã địa bàn\r\nBan Khuyến học dòng họ Lê thôn Giang Cao,Dòng họ,Chi hội Khuyến học thôn Giang Cao,10012-9\r\n").await;
        let done = app.call(&admin, IMPORT, json!({ "f": coded })).await;
        assert_eq!(done["data"]["importOrganizations"], json!({ "created": 0, "updated": 1, "skipped": 0 }), "{done}");
        let school = app.organization_id("Chi hội Khuyến học Trường THCS Bát Tràng").await;
        let archived = app.call(&admin, "mutation($id: ID!) { archiveOrganization(id: $id) { id } }", json!({ "id": school })).await;
        assert!(archived["errors"].is_null(), "{archived}");

        let file = upload(
            "Tên tổ chức,Loại,Trực thuộc,Mã địa bàn\r\n\
             Ban Khuyến học dòng họ Lê thôn Giang Cao,,Chi hội Khuyến học thôn Giang Cao,\r\n\
             Chi hội Khuyến học xóm Chợ,,,\r\n\
             chi hoi khuyen hoc xom cho,,Hội Khuyến học xã Bát Tràng,\r\n\
             Chi hội Khuyến học xóm Chợ,,Chi hội Khuyến học thôn Giang Cao,\r\n\
             Chi hội Khuyến học xóm Đình,,Chi hội Khuyến học xóm Chợ,\r\n\
             Chi hội Khuyến học Trường THCS Bát Tràng,Chi hội,,\r\n",
        )
        .await;
        let read = preview(&app, &admin, &file).await;

        let rows: Vec<(i64, &str, &str, Option<&str>)> = read["rows"].as_array().unwrap().iter()
            .map(|r| (r["row"].as_i64().unwrap(), r["action"].as_str().unwrap(), r["kind"].as_str().unwrap(), r["areaCode"].as_str())).collect();
        assert_eq!(rows, [
            (2, "SKIP", "CLAN", Some("10012-9")),
            (3, "CREATE", "CHAPTER", None),
            (5, "CREATE", "CHAPTER", None),
        ], "a blank kind or area code keeps the record's; a new one is a chapter: {read}");
        let problems: Vec<(i64, &str, &str, Value)> = read["problems"].as_array().unwrap().iter()
            .map(|p| (p["row"].as_i64().unwrap(), p["column"].as_str().unwrap(), p["problem"].as_str().unwrap(), p["otherRow"].clone())).collect();
        assert_eq!(problems, [
            (4, "A", "NAME_REPEATED", json!(3)),
            (6, "C", "PARENT_NOT_FOUND", Value::Null),
            (7, "A", "NAME_ARCHIVED", Value::Null),
        ], "the same place written two ways, a parent two rows could be, an archived name: {read}");
    }
}
