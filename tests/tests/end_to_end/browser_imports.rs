//! Imports in the browser: a chapter's program manager, on a phone, uploads the chapter's list
//! of learners, reads the two bad cells the preview names, fixes the file, imports it (asked
//! first) and finds the learners on the roster; the same file again has nothing to import;
//! the roster's download holds them. A commune's administrator imports its chapters the same
//! way, a child row naming its parent on the row above; and a fund's treasurer a cash book,
//! asked first with the count, the total and the fund.

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_commune_imports_its_chapters_on_a_phone_after_fixing_a_parent() {
    const COMMUNE_ADMIN: &str = "hoixa@example.vn";
    let app = TestApp::with_web_app(Engine::Sqlite).await.unwrap();
    let admin = app.city_admin().await;
    let commune = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
    app.staff(&admin, COMMUNE_ADMIN, &commune, "ADMIN").await;
    let folder = tempfile::tempdir().unwrap();
    let chapters = |parent: &str| {
        format!(
            "Tên tổ chức,Loại,Trực thuộc\r\n\
             Chi hội Khuyến học thôn Kim Lan,Chi hội,\r\n\
             Chi hội Khuyến học xóm 1 thôn Kim Lan,Chi hội,{parent}\r\n"
        )
    };
    let with_mistake = folder.path().join("chi-hoi.csv");
    std::fs::write(&with_mistake, chapters("Chi hội thôn Kim Lan")).unwrap();
    let fixed = folder.path().join("chi-hoi-da-sua.csv");
    std::fs::write(&fixed, chapters("Chi hội Khuyến học thôn Kim Lan")).unwrap();

    Browser::with(async |browser| {
        browser.sign_in(&app, COMMUNE_ADMIN, PASSWORD).await?;
        browser.client.set_window_size(360, 740).await?;
        browser.client.goto(&app.url("/admin/organizations")).await?;
        browser.follow("Nhập từ Excel").await?;
        browser.wait_for_text("Nhập tổ chức từ Excel").await?;
        let read = async |file: &std::path::Path| {
            browser
                .field("Tệp danh sách tổ chức")
                .await?
                .send_keys(&file.display().to_string())
                .await?;
            browser.click("Đọc tệp").await
        };

        read(&with_mistake).await?;
        browser.wait_for_text("Dòng 3 · cột C").await?;
        browser
            .wait_for_text("(Trực thuộc): không thấy tổ chức này trực thuộc đơn vị đang nhập, hoặc ở một dòng phía trên")
            .await?;
        browser.fits_the_screen("the organisations' preview with a bad cell").await?;
        let findings = browser.accessibility_findings().await?;
        assert!(findings.is_empty(), "{findings:#?}");
        browser.screenshot("organization-import-phone").await?;

        read(&fixed).await?;
        browser.wait_for_text("chi-hoi-da-sua.csv").await?;
        browser.wait_for_text("Chi hội · trực thuộc Chi hội Khuyến học thôn Kim Lan").await?;
        browser.click("Nhập danh sách").await?;
        browser
            .wait_for_text("Nhập danh sách tổ chức trực thuộc Hội Khuyến học xã Bát Tràng? 2 tổ chức được thêm mới, 0 tổ chức được cập nhật. Không thể hoàn tác.")
            .await?;
        browser.click("Xác nhận nhập").await?;
        browser.wait_for_text("Đã thêm mới 2 · cập nhật 0 · giữ nguyên 0").await?;
        browser.fits_the_screen("the organisations imported").await?;
        Ok(())
    })
    .await
    .unwrap();

    let found = app
        .graphql(
            "query($o: ID!) { organizations(within: $o, search: \"xom 1\") { edges { node { name parent { name } } } } }",
            serde_json::json!({ "o": commune }),
        )
        .await
        .1;
    assert_eq!(
        found["data"]["organizations"]["edges"][0]["node"]["parent"]["name"],
        "Chi hội Khuyến học thôn Kim Lan",
        "{found}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_treasurer_imports_a_cash_book_on_a_phone_after_fixing_an_amount() {
    const TREASURER: &str = "thuquy@example.vn";
    let app = TestApp::with_web_app(Engine::Sqlite).await.unwrap();
    let admin = app.city_admin().await;
    let commune = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
    app.staff(&admin, TREASURER, &commune, "TREASURER").await;
    let fund = app.fund_id("Quỹ Khuyến học xã Bát Tràng").await;
    let (posted, _, _) = app.balances(&fund).await;
    let folder = tempfile::tempdir().unwrap();
    let day = |days: i64| {
        (tests::today() - chrono::Duration::days(days))
            .format("%d/%m/%Y")
            .to_string()
    };
    let book = |second: &str| {
        format!(
            "Ngày thu,Số phiếu thu,Người ủng hộ,Số tiền,Nội dung\r\n\
             {},PT-101,Nguyễn Thị Hằng,1.000.000,Ủng hộ quỹ\r\n\
             {},PT-102,Bùi Văn Toàn,{second},Ủng hộ quỹ\r\n",
            day(3),
            day(2),
        )
    };
    let with_mistake = folder.path().join("so-thu.csv");
    std::fs::write(&with_mistake, book("năm trăm nghìn")).unwrap();
    let fixed = folder.path().join("so-thu-da-sua.csv");
    std::fs::write(&fixed, book("500.000")).unwrap();

    Browser::with(async |browser| {
        browser.sign_in(&app, TREASURER, PASSWORD).await?;
        browser.client.set_window_size(360, 740).await?;
        browser
            .client
            .goto(&app.url(&format!("/funds/{fund}/manage")))
            .await?;
        browser.follow("Nhập sổ thu từ Excel").await?;
        browser.wait_for_text("Nhập sổ thu ủng hộ từ Excel").await?;
        let read = async |file: &std::path::Path| {
            browser
                .field("Tệp sổ thu (XLSX, XLS hoặc CSV)")
                .await?
                .send_keys(&file.display().to_string())
                .await?;
            browser.click("Đọc tệp").await
        };

        read(&with_mistake).await?;
        browser.wait_for_text("Dòng 3 · cột D").await?;
        browser
            .wait_for_text("(Số tiền): số tiền là số đồng lớn hơn 0, ví dụ 500.000")
            .await?;
        browser
            .fits_the_screen("the cash book's preview with a bad cell")
            .await?;
        let findings = browser.accessibility_findings().await?;
        assert!(findings.is_empty(), "{findings:#?}");
        browser.screenshot("donation-import-phone").await?;

        read(&fixed).await?;
        browser.wait_for_text("so-thu-da-sua.csv").await?;
        browser
            .wait_for_text("Tổng số tiền sẽ ghi vào quỹ: 1.500.000 ₫")
            .await?;
        browser.wait_for_text("Bùi Văn Toàn").await?;
        browser.click("Nhập danh sách").await?;
        browser
            .wait_for_text(
                "Ghi 2 khoản ủng hộ, tổng cộng 1.500.000 ₫, vào Quỹ Khuyến học xã Bát Tràng?",
            )
            .await?;
        browser.click("Xác nhận nhập").await?;
        browser
            .wait_for_text("Đã ghi 2 · 1.500.000 ₫ · giữ nguyên 0")
            .await?;
        browser.fits_the_screen("the cash book imported").await?;

        // The fund's books show each gift with its receipt and the day it came in.
        browser
            .client
            .goto(&app.url(&format!("/funds/{fund}/manage")))
            .await?;
        browser
            .wait_for_text(&format!("Phiếu thu PT-102 · thu ngày {}", day(2)))
            .await?;
        browser
            .fits_the_screen("the fund's books with a cash book's gifts")
            .await?;
        Ok(())
    })
    .await
    .unwrap();

    assert_eq!(app.balances(&fund).await.0, posted + 1_500_000);
}
