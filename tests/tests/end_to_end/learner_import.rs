//! Learners imported from a spreadsheet into a chapter's roster: a file with two bad rows is
//! previewed with each bad cell named by row, column and reason while nothing is written; fixed,
//! it imports in one go; imported again it changes nothing, and a changed detail updates one
//! learner. A file that is not a list of learners is refused whole, and only the roster's staff
//! import. The template reads back as a list of learners.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use rust_xlsxwriter::{Format, Formula, Workbook};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use tests::{TestApp, first_error_code, on_every_database};

const CHAPTER: &str = "Chi hội Khuyến học Trường THCS Bát Tràng";
const PREVIEW: &str = "query($f: ID!) { learnerImportPreview(fileId: $f) { fileName organizationName creates updates skips rows { row action fullName looksLikeAnother } problems { row column header field problem otherRow message } } }";
const IMPORT: &str = "mutation($f: ID!) { importLearners(fileId: $f) { created updated skipped } }";

/// A workbook as a chapter keeps it: a title, a blank row, then the headers in an order of
/// their own and without diacritics, and `rows` below.
fn workbook(rows: &[[&str; 7]]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(0, 0, "DANH SÁCH HỌC SINH ĐỀ NGHỊ HỖ TRỢ")
        .unwrap();
    for (column, header) in [
        "STT",
        "Ho va ten",
        "Gioi tinh",
        "Ngay sinh",
        "Cap hoc",
        "So dinh danh",
        "SDT phu huynh",
    ]
    .iter()
    .enumerate()
    {
        sheet
            .write_string(2, u16::try_from(column).unwrap(), *header)
            .unwrap();
    }
    for (n, row) in rows.iter().enumerate() {
        let at = u32::try_from(n).unwrap() + 3;
        for (column, value) in row.iter().enumerate() {
            sheet
                .write_string(at, u16::try_from(column).unwrap(), *value)
                .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

const GOOD: [[&str; 7]; 4] = [
    [
        "1",
        "Lê Thị Ngọc",
        "Nữ",
        "02/02/2013",
        "THCS",
        "001313000777",
        "0912345678",
    ],
    [
        "2",
        "Phạm Văn Hùng",
        "Nam",
        "15/06/2012",
        "Trung học cơ sở",
        "001212000456",
        "",
    ],
    ["3", "Đỗ Minh Châu", "Nữ", "09/10/2013", "THCS", "", ""],
    [
        "4",
        "Vũ Đức Anh",
        "Nam",
        "01/01/2014",
        "Tiểu học",
        "",
        "0987654321",
    ],
];

/// The chapter and one of its program managers.
async fn the_chapter(app: &TestApp) -> (String, String) {
    let admin = app.city_admin().await;
    let chapter = app.organization_id(CHAPTER).await;
    let manager = app
        .staff(&admin, "chihoi@example.vn", &chapter, "PROGRAM_MANAGER")
        .await;
    (chapter, manager)
}

async fn learners_kept_by(app: &TestApp, organization: &str) -> i64 {
    let db = app.database().await;
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT COUNT(*) FROM learner WHERE organization_id = {organization}"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

/// Uploads `bytes` and answers its preview.
async fn previewed(
    app: &TestApp,
    token: &str,
    organization: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (String, Value) {
    let (status, body) = app.upload_learners(token, organization, name, bytes).await;
    assert_eq!(status, 201, "{body}");
    let file = body["id"].as_str().unwrap().to_owned();
    let preview = app.call(token, PREVIEW, json!({ "f": file })).await;
    assert!(preview["errors"].is_null(), "{preview}");
    (file, preview["data"]["learnerImportPreview"].clone())
}

on_every_database! {
    async fn a_chapter_fixes_two_bad_rows_imports_its_learners_and_importing_again_changes_nothing(app) {
        let (chapter, manager) = the_chapter(&app).await;
        let mut with_mistakes = GOOD;
        with_mistakes[1][3] = "31/02/2012";
        with_mistakes[3][2] = "trai";
        with_mistakes[3][5] = "12345";
        let (file, preview) = previewed(&app, &manager, &chapter, "hoc-sinh.xlsx", workbook(&with_mistakes)).await;
        assert_eq!((&preview["organizationName"], &preview["creates"]), (&json!(CHAPTER), &json!(2)), "{preview}");
        let problems: Vec<(i64, &str, &str)> = preview["problems"].as_array().unwrap().iter()
            .map(|p| (p["row"].as_i64().unwrap(), p["column"].as_str().unwrap(), p["field"].as_str().unwrap())).collect();
        assert_eq!(problems, [(5, "D", "dateOfBirth"), (7, "C", "gender"), (7, "F", "personalId")], "each bad cell by its row and column: {preview}");
        assert_eq!(preview["problems"][1]["header"], "Giới tính", "named by the template's header");
        let why: Vec<&str> = preview["problems"].as_array().unwrap().iter().map(|p| p["problem"].as_str().unwrap()).collect();
        assert_eq!(why, ["NOT_A_DATE", "NOT_A_GENDER", "NOT_A_PERSONAL_ID"], "for the browser to word: {preview}");
        assert_eq!(learners_kept_by(&app, &chapter).await, 0, "a preview writes nothing");
        let partial = app.call(&manager, IMPORT, json!({ "f": file })).await;
        assert_eq!(partial["data"]["importLearners"], json!({ "created": 2, "updated": 0, "skipped": 0 }), "the good rows only: {partial}");

        // Fixed: the two imported rows are found again and left as they are, the two fixed
        // ones are created.
        let (file, preview) = previewed(&app, &manager, &chapter, "hoc-sinh-da-sua.xlsx", workbook(&GOOD)).await;
        let actions: Vec<&str> = preview["rows"].as_array().unwrap().iter().map(|r| r["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["SKIP", "CREATE", "SKIP", "CREATE"], "{preview}");
        assert_eq!(preview["problems"], json!([]));
        let done = app.call(&manager, IMPORT, json!({ "f": file })).await;
        assert_eq!(done["data"]["importLearners"], json!({ "created": 2, "updated": 0, "skipped": 2 }), "{done}");
        assert_eq!(learners_kept_by(&app, &chapter).await, 4);
        let again = app.call(&manager, IMPORT, json!({ "f": file })).await;
        assert_eq!(again["data"]["importLearners"], json!({ "created": 0, "updated": 0, "skipped": 4 }), "the same file again changes nothing: {again}");

        // A new phone number for one family updates that learner only.
        let mut changed = GOOD;
        changed[3][6] = "0901234567";
        let (file, preview) = previewed(&app, &manager, &chapter, "hoc-sinh-moi.xlsx", workbook(&changed)).await;
        assert_eq!((&preview["creates"], &preview["updates"], &preview["skips"]), (&json!(0), &json!(1), &json!(3)), "{preview}");
        app.call(&manager, IMPORT, json!({ "f": file })).await;
        let found = app.call(&manager, "query($o: ID!) { learners(organizationId: $o, search: \"vu duc anh\") { nodes { fullName guardianPhone } } }", json!({ "o": chapter })).await;
        assert_eq!(found["data"]["learners"]["nodes"], json!([{ "fullName": "Vũ Đức Anh", "guardianPhone": "0901 234 567" }]), "{found}");
        assert_eq!(learners_kept_by(&app, &chapter).await, 4);

        // A sheet that leaves the personal ids and phone numbers blank erases none of them.
        let bare: Vec<[&str; 7]> = changed.iter().map(|r| [r[0], r[1], r[2], r[3], r[4], "", ""]).collect();
        let (_, preview) = previewed(&app, &manager, &chapter, "ho-ten.xlsx", workbook(&bare)).await;
        assert_eq!((&preview["updates"], &preview["skips"]), (&json!(0), &json!(4)), "nothing to change: {preview}");
        let admin = app.city_admin().await;
        let audit = app.call(&admin, "{ auditEvents(first: 100) { edges { node { action } } } }", json!({})).await;
        let imports = audit["data"]["auditEvents"]["edges"].as_array().unwrap().iter().filter(|e| e["node"]["action"] == "LEARNERS_IMPORTED").count();
        assert_eq!(imports, 4, "each import audited once, however many rows: {audit}");
    }
}

on_every_database! {
    async fn a_file_that_is_not_a_plain_list_of_learners_is_refused_whole_and_only_the_rosters_staff_import(app) {
        let (chapter, manager) = the_chapter(&app).await;
        let reason = |body: &Value| body["errors"][0]["extensions"]["reason"].as_str().map(str::to_owned);

        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        for (column, header) in ["Họ và tên", "Ngày sinh", "Giới tính", "Cấp học", "Điểm trung bình"].iter().enumerate() {
            sheet.write_string(0, u16::try_from(column).unwrap(), *header).unwrap();
        }
        sheet.write_row(1, 0, ["An", "01/01/2013", "Nam", "THCS"]).unwrap();
        sheet.write_formula(1, 4, Formula::new("=7+1")).unwrap();
        let (status, body) = app.upload_learners(&manager, &chapter, "cong-thuc.xlsx", book.save_to_buffer().unwrap()).await;
        assert_eq!((status, reason(&body).as_deref()), (400, Some("FORMULA")), "{body}");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("E2"), "names the cell: {body}");

        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.merge_range(0, 0, 0, 3, "DANH SÁCH", &Format::new()).unwrap();
        for (column, header) in ["Họ và tên", "Ngày sinh", "Giới tính", "Cấp học"].iter().enumerate() {
            sheet.write_string(1, u16::try_from(column).unwrap(), *header).unwrap();
        }
        let (status, body) = app.upload_learners(&manager, &chapter, "gop-o.xlsx", book.save_to_buffer().unwrap()).await;
        assert_eq!((status, reason(&body).as_deref()), (400, Some("MERGED_CELLS")), "{body}");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("A1:D1"), "{body}");

        let (status, body) = app.upload_learners(&manager, &chapter, "ds.csv", "Họ và tên;Lớp\nAn;7A\n".as_bytes().to_vec()).await;
        assert_eq!((status, reason(&body).as_deref()), (400, Some("NO_HEADER")), "{body}");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("Ngày sinh"), "names what is missing: {body}");
        let (status, body) = app.upload_learners(&manager, &chapter, "anh.xlsx", b"PK\x03\x04 not really a workbook".to_vec()).await;
        assert_eq!((status, reason(&body).as_deref()), (400, Some("UNREADABLE")), "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "file");

        // A CSV in the template's columns reads as the workbook does.
        let csv = "Họ và tên;Ngày sinh;Giới tính;Cấp học\nLê Thị Ngọc;02/02/2013;Nữ;THCS\n";
        let (status, body) = app.upload_learners(&manager, &chapter, "ds.csv", csv.as_bytes().to_vec()).await;
        assert_eq!(status, 201, "{body}");
        let file = body["id"].as_str().unwrap().to_owned();

        let admin = app.city_admin().await;
        let other_commune = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
        let treasurer = app.staff(&admin, "thuquy@example.vn", &other_commune, "TREASURER").await;
        let (status, body) = app.upload_learners(&treasurer, &chapter, "ds.csv", csv.as_bytes().to_vec()).await;
        assert_eq!((status, first_error_code(&body)), (403, Some("FORBIDDEN")), "{body}");
        for query in [PREVIEW, IMPORT] {
            let refused = app.call(&treasurer, query, json!({ "f": file })).await;
            assert_eq!(first_error_code(&refused), Some("FORBIDDEN"), "{refused}");
        }
        assert_eq!(learners_kept_by(&app, &chapter).await, 0);
    }
}

on_every_database! {
    async fn a_learner_on_a_familys_record_is_not_taken_over_and_a_lookalike_is_flagged(app) {
        let (chapter, manager) = the_chapter(&app).await;
        let commune = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
        app.sign_up("phuhuynh@example.vn").await;
        let guardian = app.sign_in("phuhuynh@example.vn").await;
        let body = app.call(&guardian, "mutation($i: RegisterLearnerInput!) { registerLearner(input: $i) { id } }", json!({ "i": {
            "fullName": "Lê Thị Ngọc", "dateOfBirth": "2013-02-02", "gender": "FEMALE", "educationLevel": "LOWER_SECONDARY",
            "communeId": commune, "personalId": "001313000777",
        }})).await;
        assert!(body["errors"].is_null(), "{body}");
        let rows = [
            ["1", "Lê Thị Ngọc", "Nữ", "02/02/2013", "THCS", "001313000777", ""],
            ["2", "LE THI NGOC", "Nữ", "02/02/2013", "THCS", "", ""],
        ];
        let (_, preview) = previewed(&app, &manager, &chapter, "ds.xlsx", workbook(&rows)).await;
        assert_eq!(preview["problems"][0]["row"], 4, "{preview}");
        assert_eq!(
            (&preview["problems"][0]["column"], &preview["problems"][0]["problem"]),
            (&json!("F"), &json!("PERSONAL_ID_TAKEN")),
            "{preview}"
        );
        assert_eq!(preview["rows"], json!([{ "row": 5, "action": "CREATE", "fullName": "LE THI NGOC", "looksLikeAnother": true }]), "{preview}");
    }
}

on_every_database! {
    async fn the_template_reads_back_as_a_list_of_one_learner_and_ten_thousand_import_in_under_thirty_seconds(app) {
        let (chapter, manager) = the_chapter(&app).await;
        let (status, _, template) = app.download(&manager, "/api/templates/learners.xlsx").await;
        assert_eq!(status, 200);
        let (_, preview) = previewed(&app, &manager, &chapter, "mau.xlsx", template).await;
        assert_eq!((&preview["creates"], &preview["problems"]), (&json!(1), &json!([])), "{preview}");

        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        for (column, header) in ["Họ và tên", "Ngày sinh", "Giới tính", "Cấp học", "Lớp"].iter().enumerate() {
            sheet.write_string(0, u16::try_from(column).unwrap(), *header).unwrap();
        }
        for n in 1..=10_000_u32 {
            sheet.write_row(n, 0, [format!("Học sinh {n}"), format!("{:02}/{:02}/2013", n % 28 + 1, n % 12 + 1), "Nam".into(), "THCS".into(), format!("{}A", n % 9 + 1)]).unwrap();
        }
        let started = Instant::now();
        let (file, preview) = previewed(&app, &manager, &chapter, "ca-xa.xlsx", book.save_to_buffer().unwrap()).await;
        assert_eq!(preview["creates"], 10_000);
        let done = app.call(&manager, IMPORT, json!({ "f": file })).await;
        assert_eq!(done["data"]["importLearners"]["created"], 10_000, "{done}");
        let took = started.elapsed();
        assert!(took.as_secs() < 30, "10,000 learners uploaded, previewed and imported in {took:?}");
        println!("10,000 learners uploaded, previewed and imported in {took:?}");
    }
}
