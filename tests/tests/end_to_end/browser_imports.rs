//! Imports in the browser: a chapter's program manager, on a phone, uploads the chapter's list
//! of learners, reads the two bad cells the preview names, fixes the file, imports it (asked
//! first) and finds the learners on the roster; the same file again has nothing to import;
//! the roster's download holds them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use tests::{Engine, PASSWORD, TestApp, browser::Browser};

const MANAGER: &str = "chihoi.thcs@example.vn";
const CHAPTER: &str = "Chi hội Khuyến học Trường THCS Bát Tràng";

/// The chapter's list, as a CSV the way a spreadsheet saves one.
fn list(second_born: &str, fourth_gender: &str) -> String {
    format!(
        "Họ và tên,Ngày sinh,Giới tính,Cấp học,Lớp\r\n\
         Lê Thị Ngọc,02/02/2013,Nữ,THCS,7A\r\n\
         Phạm Văn Hùng,{second_born},Nam,THCS,8B\r\n\
         Đỗ Minh Châu,09/10/2013,Nữ,THCS,7A\r\n\
         Vũ Đức Anh,01/01/2014,{fourth_gender},Tiểu học,5C\r\n"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chapter_imports_its_learners_on_a_phone_after_fixing_two_bad_cells() {
    let app = TestApp::with_web_app(Engine::Sqlite).await.unwrap();
    let admin = app.city_admin().await;
    let chapter = app.organization_id(CHAPTER).await;
    app.staff(&admin, MANAGER, &chapter, "PROGRAM_MANAGER")
        .await;
    let folder = tempfile::tempdir().unwrap();
    let with_mistakes = folder.path().join("hoc-sinh.csv");
    std::fs::write(&with_mistakes, list("31/02/2012", "trai")).unwrap();
    let fixed = folder.path().join("hoc-sinh-da-sua.csv");
    std::fs::write(&fixed, list("15/06/2012", "Nam")).unwrap();

    let exported = std::sync::OnceLock::new();
    Browser::with(async |browser| {
        browser.sign_in(&app, MANAGER, PASSWORD).await?;
        browser.client.set_window_size(360, 740).await?;
        browser.client.goto(&app.url("/staff/learners")).await?;
        browser.follow("Nhập từ Excel").await?;
        browser.wait_for_text("Nhập người học từ Excel").await?;
        let read = async |file: &std::path::Path| {
            browser
                .field("Tệp danh sách người học")
                .await?
                .send_keys(&file.display().to_string())
                .await?;
            browser.click("Đọc tệp").await
        };

        read(&with_mistakes).await?;
        browser.wait_for_text("Các ô cần sửa").await?;
        browser.wait_for_text("Dòng 3 · cột B").await?;
        browser.wait_for_text("Dòng 5 · cột C").await?;
        // Each in the reader's words, not the API's English.
        browser.wait_for_text("(Ngày sinh): không phải ngày dạng dd/mm/yyyy").await?;
        browser.wait_for_text("(Giới tính): ghi Nam, Nữ hoặc Khác").await?;
        browser.fits_the_screen("the import's preview with bad cells").await?;
        let findings = browser.accessibility_findings().await?;
        assert!(findings.is_empty(), "{findings:#?}");
        let in_view = browser
            .client
            .execute(
                "const r = document.querySelector('.import-preview h2').getBoundingClientRect(); \
                 return r.top > -1 && r.top < window.innerHeight / 4;",
                vec![],
            )
            .await?;
        assert_eq!(in_view, serde_json::json!(true), "the preview is brought to the top of the screen");
        browser.screenshot("import-problems-phone").await?;

        read(&fixed).await?;
        browser.wait_for_text("hoc-sinh-da-sua.csv").await?;
        browser.click("Nhập danh sách").await?;
        let question = format!(
            "Nhập danh sách vào hồ sơ của {CHAPTER}? 4 người học được thêm mới, 0 người học được cập nhật. Không thể hoàn tác."
        );
        browser.wait_for_text(&question).await?;
        browser.click("Xác nhận nhập").await?;
        browser.wait_for_text("Đã thêm mới 4 · cập nhật 0 · giữ nguyên 0").await?;

        // The same file again: every row is already there, and there is nothing to import.
        read(&fixed).await?;
        browser.wait_for_text("Giữ nguyên").await?;
        let disabled = browser
            .client
            .execute(
                "return [...document.querySelectorAll('.import-preview button')] \
                 .find(b => b.textContent.includes('Nhập danh sách')).disabled;",
                vec![],
            )
            .await?;
        assert_eq!(disabled, serde_json::json!(true), "nothing to import");

        browser.client.goto(&app.url("/staff/learners")).await?;
        browser.wait_for_text("Vũ Đức Anh").await?;
        browser.fits_the_screen("the roster after the import").await?;
        // The roster offers its list to take away: the link the button follows.
        let link = browser
            .client
            .find(fantoccini::Locator::LinkText("Tải về (Excel)"))
            .await?;
        let _ = exported.set(link.attr("href").await?.unwrap_or_default());
        Ok(())
    })
    .await
    .unwrap();

    // What the button downloads: the four learners, in the template's columns.
    let href = exported.get().cloned().unwrap_or_default();
    assert_eq!(
        href,
        format!("/api/organizations/{chapter}/learners?format=xlsx")
    );
    let token = app.sign_in(MANAGER).await;
    let (status, _, bytes) = app.download(&token, &href).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut workbook, "Người học").unwrap();
    let mut names: Vec<String> = sheet
        .rows()
        .skip_while(|row| row[0] != "Họ và tên")
        .skip(1)
        .map(|row| row[0].to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["Lê Thị Ngọc", "Phạm Văn Hùng", "Vũ Đức Anh", "Đỗ Minh Châu"],
        "sorted by code point"
    );
}
