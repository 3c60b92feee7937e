//! Every list taken away: a program's applications with scores, its ranking, its awards and
//! receipt list, its public recipients, an organisation's donors and learners, the audit log.
//! Each file is read back (a workbook with calamine, a CSV with csv) and compared with what
//! the API says of the same list.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde_json::{Value, json};
use tests::{
    TestApp,
    awarding::{World, approve, program, submitted, under_review, world},
    key, on_every_database,
};

/// The sheet of a workbook, as rows of cells.
fn sheet(bytes: Vec<u8>, name: &str) -> Vec<Vec<Data>> {
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = workbook.worksheet_range(name).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

/// The rows of a CSV file after its header (which must be `header`).
fn csv_rows(bytes: &[u8], header: &[&str]) -> Vec<Vec<String>> {
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a byte-order mark, for spreadsheet programs"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let found: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(found, header);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// The rows of a sheet below the header row that starts with `first`.
fn below_header<'a>(rows: &'a [Vec<Data>], first: &str) -> &'a [Vec<Data>] {
    let at = rows
        .iter()
        .position(|row| row.first().map(text).as_deref() == Some(first))
        .unwrap_or_else(|| panic!("no header row starting {first}: {rows:?}"));
    &rows[at + 1..]
}

/// A program of Bát Tràng with three applications: one scored 84 and approved and paid, one
/// approved, one still waiting; (world, program, the applications).
async fn a_program_with_awards(app: &TestApp) -> (World, String, Vec<String>) {
    let w = world(app, 10_000_000).await;
    let (program, tier) = program(app, &w, false, 1_000_000, 5, 5_000_000).await;
    let mut applications = Vec::new();
    for n in 1..=3 {
        applications.push(submitted(app, &w, &program, n).await);
    }
    for application in &applications[..2] {
        under_review(app, &w, application).await;
    }
    let queue = app
        .call(
            &w.reviewers[0].0,
            "{ myReviewQueue { nodes { review { id } reference } } }",
            json!({}),
        )
        .await;
    let first = shared_reference(&applications[0]);
    let task = queue["data"]["myReviewQueue"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["reference"] == first)
        .unwrap_or_else(|| panic!("{queue}"))
        .clone();
    let body = app.call(&w.reviewers[0].0, "mutation($r: ID!, $s: [Points!]!) { submitReview(reviewId: $r, scores: $s, recommendation: APPROVE) { status } }", json!({ "r": task["review"]["id"], "s": [9, 7] })).await;
    assert!(body["errors"].is_null(), "{body}");
    for application in &applications[..2] {
        let body = approve(app, &w.manager, application, &tier).await;
        assert!(body["errors"].is_null(), "{body}");
    }
    let paid = app.call(&w.treasurer, "mutation($a: ID!, $k: String!) { payAward(applicationId: $a, idempotencyKey: $k) { amount } }", json!({ "a": applications[0], "k": key() })).await;
    assert!(paid["errors"].is_null(), "{paid}");
    (w, program, applications)
}

fn shared_reference(id: &str) -> String {
    format!("HS-{:06}", id.parse::<i64>().unwrap())
}

on_every_database! {
    async fn a_programs_applications_ranking_and_awards_are_exported_as_the_api_lists_them(app) {
        let (w, program, applications) = a_program_with_awards(&app).await;

        // Applications, with their scores, in the order asked for.
        let listed = app.call(&w.manager, "query($p: ID!) { programApplications(programId: $p, order: BEST_SCORE) { nodes { id learnerName status } } }", json!({ "p": program })).await;
        let listed = listed["data"]["programApplications"]["nodes"].as_array().unwrap().clone();
        let (status, disposition, bytes) = app.download(&w.manager, &format!("/api/programs/{program}/applications?order=BEST_SCORE")).await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
        assert!(disposition.unwrap().contains("ho-so-chuong-trinh"));
        let rows = sheet(bytes, "Hồ sơ");
        assert_eq!(text(&rows[0][0]), "DANH SÁCH HỒ SƠ");
        let table = below_header(&rows, "Mã hồ sơ");
        assert_eq!(table.len(), listed.len());
        for (row, node) in table.iter().zip(&listed) {
            assert_eq!(text(&row[0]), shared_reference(node["id"].as_str().unwrap()));
            assert_eq!(text(&row[1]), node["learnerName"].as_str().unwrap());
        }
        assert_eq!(text(&table[0][2]), "Đã chi trả", "the paid one first, by its score");
        assert_eq!(table[0][5], Data::Float(82.0), "9/10×60 + 7/10×40");
        assert!(matches!(table[0][4], Data::DateTime(_)), "a submission day is a date: {:?}", table[0][4]);
        assert_eq!(table[2][5], Data::Empty, "no score yet");

        // Of one status, as CSV.
        let (status, _, bytes) = app.download(&w.manager, &format!("/api/programs/{program}/applications?status=SUBMITTED&format=csv")).await;
        assert_eq!(status, 200);
        let rows = csv_rows(&bytes, &["Mã hồ sơ", "Người học", "Trạng thái", "Ngày lập", "Ngày nộp", "Điểm trung bình (%)"]);
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(rows[0][0], shared_reference(&applications[2]));
        assert_eq!(rows[0][2], "Đã nộp");

        // The ranking, numbered, in the API's order.
        let ranking = app.call(&w.manager, "query($p: ID!) { programRanking(programId: $p) { nodes { applicationId score reviewsSubmitted reviewsAssigned } } }", json!({ "p": program })).await;
        let ranked: Vec<String> = ranking["data"]["programRanking"]["nodes"].as_array().unwrap().iter().map(|n| shared_reference(n["applicationId"].as_str().unwrap())).collect();
        let (status, _, bytes) = app.download(&w.manager, &format!("/api/programs/{program}/ranking?format=csv")).await;
        assert_eq!(status, 200);
        let rows = csv_rows(&bytes, &["Hạng", "Mã hồ sơ", "Người học", "Điểm trung bình (%)", "Số bài đã chấm", "Số bài được giao", "Trạng thái", "Mức khen thưởng", "Số tiền (đồng)"]);
        assert_eq!(rows.iter().map(|r| r[1].clone()).collect::<Vec<_>>(), ranked);
        assert_eq!(rows[0][..4], ["1", &ranked[0], "Lê Minh Anh 1", "82.00"].map(str::to_owned));
        let first = &ranking["data"]["programRanking"]["nodes"][0];
        assert_eq!(
            rows[0][4..6],
            [first["reviewsSubmitted"].to_string(), first["reviewsAssigned"].to_string()],
            "reviews counted in two numbers, not a date-like 1/2"
        );
        assert_eq!(rows[0][7..], ["Học bổng vượt khó", "1000000"].map(str::to_owned));

        // The awards, with their total; the receipt list of the paid ones, to sign.
        let awards = app.call(&w.treasurer, "query($p: ID!) { programAwards(programId: $p) { totalAmount nodes { learnerName } } }", json!({ "p": program })).await;
        let (status, _, bytes) = app.download(&w.treasurer, &format!("/api/programs/{program}/awards")).await;
        assert_eq!(status, 200);
        let rows = sheet(bytes, "Khen thưởng");
        let table = below_header(&rows, "STT");
        let names: Vec<String> = awards["data"]["programAwards"]["nodes"].as_array().unwrap().iter().map(|n| n["learnerName"].as_str().unwrap().to_owned()).collect();
        assert_eq!(table.iter().take(2).map(|r| text(&r[2])).collect::<Vec<_>>(), names);
        assert_eq!(table[0][7], Data::Float(1_000_000.0));
        assert_eq!(text(&table[0][8]), "Đã chi");
        assert_eq!(text(&table[1][8]), "Đã duyệt, chờ chi");
        assert_eq!(table[1][10], Data::Empty, "not paid yet");
        assert_eq!(text(&table[2][1]), "Tổng cộng: 2");
        assert_eq!(table[2][7], Data::Float(awards["data"]["programAwards"]["totalAmount"].as_f64().unwrap()));

        let (status, _, bytes) = app.download(&w.treasurer, &format!("/api/programs/{program}/receipts?format=csv")).await;
        assert_eq!(status, 200);
        let rows = csv_rows(&bytes, &["STT", "Họ và tên", "Lớp", "Trường", "Số tiền (đồng)", "Ký nhận", "Điểm chỉ"]);
        assert_eq!(rows[0][..5], ["1", "Lê Minh Anh 1", "8A", "Trường THCS Bát Tràng", "1000000"].map(str::to_owned));
        assert_eq!(rows[1][1], "Tổng cộng: 1");
        assert_eq!(rows[1][4], "1000000");
        assert_eq!(rows[2][1], "Bằng chữ: Một triệu đồng");

        // The public recipients, for anyone: initials, commune, amount.
        let (status, _, bytes) = app.download("", &format!("/api/programs/{program}/recipients?format=csv")).await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
        let rows = csv_rows(&bytes, &["STT", "Người nhận", "Xã, phường", "Số tiền (đồng)"]);
        assert_eq!(rows[0], ["1", "L. M. A. 1.", "Hội Khuyến học xã Bát Tràng", "1000000"].map(str::to_owned));
    }
}

on_every_database! {
    async fn a_list_is_exported_only_to_those_who_may_read_it_and_with_filters_that_exist(app) {
        let (w, program, _) = a_program_with_awards(&app).await;
        for path in ["applications", "ranking", "awards", "receipts"] {
            let url = format!("/api/programs/{program}/{path}");
            let (status, _, body) = app.download(&w.applicant, &url).await;
            assert_eq!(status, 403, "{path}: {}", String::from_utf8_lossy(&body));
            let (status, _, _) = app.download("not-a-session", &url).await;
            assert_eq!(status, 401, "{path}");
        }
        let (status, _, _) = app.download(&w.manager, &format!("/api/organizations/{}/donors", w.bat_trang)).await;
        assert_eq!(status, 403, "donors are for those who keep the money");
        let (status, _, _) = app.download(&w.treasurer, "/api/audit-events").await;
        assert_eq!(status, 403, "the log is for administrators");
        for (url, field) in [
            (format!("/api/programs/{program}/applications?status=SOMETIMES"), "status"),
            (format!("/api/programs/{program}/awards?format=pdf"), "format"),
            ("/api/audit-events?since=yesterday".to_owned(), "since"),
            ("/api/programs/abc/ranking".to_owned(), "id"),
        ] {
            let (status, _, body) = app.download(&w.city_admin, &url).await;
            assert_eq!(status, 400, "{url}");
            let body: Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(body["errors"][0]["extensions"]["code"], "VALIDATION", "{body}");
            assert_eq!(body["errors"][0]["extensions"]["field"], field, "{url}: {body}");
        }
        let (status, _, _) = app.download("", "/api/programs/999999/recipients").await;
        assert_eq!(status, 404);
    }
}

on_every_database! {
    async fn learners_exported_in_the_templates_columns_import_back_unchanged(app) {
        let w = world(&app, 0).await;
        // The commune's own record: three learners imported from its sheet.
        // An achievement written as a list item starts as a formula would.
        let sheet_of_three = "Họ và tên,Ngày sinh,Giới tính,Số định danh,Cấp học,Trường,Lớp,Hoàn cảnh,Điểm trung bình,Thành tích,Điện thoại người giám hộ\r\n\
            Lê Thị Ngọc,02/02/2013,Nữ,001313000777,THCS,Trường THCS Bát Tràng,7A,\"Hộ nghèo, Mồ côi\",8.75,- Giải nhì học sinh giỏi cấp xã,0912345678\r\n\
            Phạm Văn Hùng,15/06/2012,Nam,,THCS,Trường THCS Bát Tràng,8B,,,,\r\n\
            Đỗ Minh Châu,09/10/2008,Khác,,Đại học,,,,,,\r\n";
        let (status, body) = app.upload_learners(&w.manager, &w.bat_trang, "hoc-sinh.csv", sheet_of_three.as_bytes().to_vec()).await;
        assert_eq!(status, 201, "{body}");
        let imported = app.call(&w.manager, "mutation($f: ID!) { importLearners(fileId: $f) { created } }", json!({ "f": body["id"] })).await;
        assert_eq!(imported["data"]["importLearners"]["created"], 3, "{imported}");

        let roster = app.call(&w.manager, "query($o: ID!) { learners(organizationId: $o) { nodes { fullName } } }", json!({ "o": w.bat_trang })).await;
        let nodes = roster["data"]["learners"]["nodes"].as_array().unwrap_or_else(|| panic!("{roster}")).clone();
        let (status, _, bytes) = app.download(&w.manager, &format!("/api/organizations/{}/learners", w.bat_trang)).await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
        let rows = sheet(bytes.clone(), "Người học");
        let table = below_header(&rows, "Họ và tên");
        assert_eq!(table.iter().map(|r| text(&r[0])).collect::<Vec<_>>(), nodes.iter().map(|n| n["fullName"].as_str().unwrap().to_owned()).collect::<Vec<_>>(), "in the roster's order");
        let ngoc = table.iter().find(|r| text(&r[0]) == "Lê Thị Ngọc").unwrap();
        assert!(matches!(ngoc[1], Data::DateTime(_)), "a date of birth is a date: {:?}", ngoc[1]);
        assert_eq!(
            ngoc[2..].iter().map(text).collect::<Vec<_>>(),
            ["Nữ", "001313000777", "Trung học cơ sở", "Trường THCS Bát Tràng", "7A", "Hộ nghèo, Mồ côi", "8.75", "- Giải nhì học sinh giỏi cấp xã", "", "0912345678"],
            "a personal id and a phone keep their zeros"
        );

        // Corrected in a spreadsheet or not, it goes back in: nothing changes.
        let (status, body) = app.upload_learners(&w.manager, &w.bat_trang, "nguoi-hoc.xlsx", bytes).await;
        assert_eq!(status, 201, "{body}");
        let preview = app.call(&w.manager, "query($f: ID!) { learnerImportPreview(fileId: $f) { creates updates skips problems { row message } } }", json!({ "f": body["id"] })).await;
        assert_eq!(preview["data"]["learnerImportPreview"], json!({ "creates": 0, "updates": 0, "skips": 3, "problems": [] }), "{preview}");

        // As CSV too: the quote that keeps a spreadsheet from running the achievement as a
        // formula is not read back as part of it.
        let (status, _, csv) = app.download(&w.manager, &format!("/api/organizations/{}/learners?format=csv", w.bat_trang)).await;
        assert_eq!(status, 200);
        assert!(String::from_utf8_lossy(&csv).contains(",'- Giải nhì học sinh giỏi cấp xã,"), "guarded in the file");
        let (status, body) = app.upload_learners(&w.manager, &w.bat_trang, "nguoi-hoc.csv", csv).await;
        assert_eq!(status, 201, "{body}");
        let preview = app.call(&w.manager, "query($f: ID!) { learnerImportPreview(fileId: $f) { creates updates skips problems { row message } } }", json!({ "f": body["id"] })).await;
        assert_eq!(preview["data"]["learnerImportPreview"], json!({ "creates": 0, "updates": 0, "skips": 3, "problems": [] }), "{preview}");
    }
}

on_every_database! {
    async fn donors_and_the_audit_log_are_exported_with_the_screens_filters(app) {
        let (w, _, _) = a_program_with_awards(&app).await;
        let (status, _, bytes) = app.download(&w.treasurer, &format!("/api/organizations/{}/donors?format=csv&search=gom", w.bat_trang)).await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
        let rows = csv_rows(&bytes, &["Tên", "Loại", "Ẩn danh", "Liên hệ", "Ngày ghi nhận"]);
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(rows[0][..3], ["Công ty Gốm sứ Bát Tràng", "Tổ chức", ""].map(str::to_owned));

        let logged = app.call(&w.city_admin, "{ auditEvents(first: 100, filter: { action: APPLICATION_APPROVE }) { nodes { id actorName organizationName objectId } } }", json!({})).await;
        let logged = logged["data"]["auditEvents"]["nodes"].as_array().unwrap_or_else(|| panic!("{logged}")).clone();
        assert_eq!(logged.len(), 2);
        let (status, _, bytes) = app.download(&w.city_admin, "/api/audit-events?action=APPLICATION_APPROVE").await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
        let rows = sheet(bytes, "Nhật ký");
        let table = below_header(&rows, "Thời điểm");
        assert_eq!(table.len(), logged.len(), "newest first, as the screen lists them");
        for (row, event) in table.iter().zip(&logged) {
            assert!(matches!(row[0], Data::DateTime(_)), "{:?}", row[0]);
            assert_eq!(text(&row[1]), event["actorName"].as_str().unwrap());
            assert_eq!(text(&row[2]), "Duyệt hồ sơ");
            assert_eq!(text(&row[3]), "Hồ sơ");
            assert_eq!(text(&row[4]), event["objectId"].as_str().unwrap());
            assert_eq!(text(&row[5]), event["organizationName"].as_str().unwrap());
        }
    }
}
