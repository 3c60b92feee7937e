//! A learning society in the browser, on a phone: a ward's staff enter how many households
//! the ward has, register one, score it against the criteria (the total worked out as they
//! type), recognise it in a decision after reading what it will do, and see the ward's
//! percentage move, on the register and on the public page; then report the plan's literacy
//! figure with its source, and see it against its target on both. A learner of the household
//! is linked to it by her personal id. A person registers their own household from the
//! ward's public page and follows it on their own. The city's administrator changes the
//! households' criteria, sees the total as they type, and puts them in force after reading
//! what that does.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use fantoccini::Locator;
use tests::{Engine, PASSWORD, TestApp, browser::Browser};

const STAFF: &str = "hoilongbien@example.vn";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_register_assess_and_recognise_a_household_and_the_wards_percentage_moves() {
    let app = TestApp::with_web_app(Engine::Sqlite).await.unwrap();
    let admin = app.city_admin().await;
    let ward = app.organization_id("Hội Khuyến học phường Long Biên").await;
    app.staff(&admin, STAFF, &ward, "PROGRAM_MANAGER").await;
    // A parent's child, living in the ward: the household's learner.
    app.sign_up("phuhuynh@example.vn").await;
    let parent = app.sign_in("phuhuynh@example.vn").await;
    let child = serde_json::json!({ "fullName": "Nguyễn Minh Anh", "dateOfBirth": "2012-09-05",
        "gender": "FEMALE", "educationLevel": "LOWER_SECONDARY", "communeId": ward,
        "personalId": "001312000001" });
    let registered = app
        .call(
            &parent,
            "mutation($i: RegisterLearnerInput!) { registerLearner(input: $i) { id } }",
            serde_json::json!({ "i": child }),
        )
        .await;
    assert!(registered["errors"].is_null(), "{registered}");
    let (_, indicators) = app
        .graphql("{ planIndicators { id code } }", serde_json::json!({}))
        .await;
    let literacy = indicators["data"]["planIndicators"]
        .as_array()
        .and_then(|rows| rows.iter().find(|row| row["code"] == "2.1.a.2"))
        .and_then(|row| row["id"].as_str())
        .expect("the plan's literacy indicator is seeded")
        .to_owned();

    Browser::with(async |browser| {
        browser.client.set_window_size(360, 740).await?;
        browser.sign_in(&app, STAFF, PASSWORD).await?;
        browser
            .client
            .goto(&app.url(&format!("/organizations/{ward}/society/manage")))
            .await?;
        browser.wait_for_text("Kết quả công nhận trong năm").await?;

        browser
            .fill("Tổng số (để trống: cộng từ các đơn vị trực thuộc)", "4")
            .await?;
        browser.click("Lưu").await?;
        browser.wait_for_text("Đã lưu.").await?;
        browser.wait_for_text("0 / 4").await?;

        browser
            .fill(
                "Tên hộ gia đình, dòng họ, cộng đồng, đơn vị hoặc công dân",
                "Hộ ông Nguyễn Văn An",
            )
            .await?;
        browser
            .fill("Địa chỉ (thôn, tổ dân phố)", "Tổ 3")
            .await?;
        browser.click("Đăng ký").await?;
        browser
            .wait_for_text("Đã đăng ký: Hộ ông Nguyễn Văn An")
            .await?;

        // The seeded example's eight household items, out of 100; the total as they type.
        browser.click("Chấm điểm").await?;
        browser
            .wait_for_text("Nhập điểm cho từng tiêu chí.")
            .await?;
        // The evidence the score rests on, attached beside the sheet.
        let minutes = tests::transcript_pdf();
        let name = minutes
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        browser.wait_for_text("Chưa có minh chứng nào.").await?;
        browser
            .field("Tệp minh chứng (PDF, PNG, JPEG, tối đa 10 MB)")
            .await?
            .send_keys(&minutes.path().display().to_string())
            .await?;
        browser.click("Đính kèm").await?;
        browser.wait_for_text(&name).await?;
        for (n, points) in [20, 10, 20, 10, 10, 10, 10, 5].into_iter().enumerate() {
            browser
                .client
                .find(Locator::Id(&format!("score-{n}")))
                .await?
                .send_keys(&points.to_string())
                .await?;
        }
        browser
            .wait_for_text("Tổng điểm 95/100 · Đạt · Xuất sắc")
            .await?;
        browser.fits_the_screen("the score sheet").await?;
        browser
            .client
            .execute(
                "document.getElementById('documents-title').scrollIntoView();",
                vec![],
            )
            .await?;
        browser.screenshot("assessment-with-evidence").await?;
        browser.click("Lưu kết quả chấm").await?;
        browser.wait_for_text("95 điểm · Xuất sắc").await?;
        // The row links the document for whoever decides.
        browser
            .client
            .wait()
            .at_most(tests::browser::WAIT)
            .for_element(Locator::Css(&format!(".registrations .documents a[download='{name}']")))
            .await?;

        browser.wait_for_text("Chọn để công nhận").await?;
        browser
            .client
            .find(Locator::Css(".registrations input[type=checkbox]"))
            .await?
            .click()
            .await?;
        browser.fill("Số quyết định", "12/QĐ-KH").await?;
        browser.fill("Người ký", "Nguyễn Thị Hoa").await?;
        browser.click("Công nhận").await?;
        // Nothing is decided before they have read what the decision does.
        browser
            .wait_for_text(
                "Công nhận 1 danh hiệu «Gia đình học tập» theo Quyết định số 12/QĐ-KH? Muốn bỏ phải thu hồi từng danh hiệu.",
            )
            .await?;
        browser.click("Xác nhận công nhận").await?;
        browser
            .wait_for_text("Đã công nhận theo quyết định 12/QĐ-KH: 1")
            .await?;
        browser.wait_for_text("1 / 4").await?;
        browser.wait_for_text("25,0%").await?;

        // The household's child, linked by her personal id: she may now apply to programs
        // for learning families.
        browser.click("Gắn người học").await?;
        browser.wait_for_text("Chưa gắn người học nào.").await?;
        browser
            .fill("Số định danh cá nhân của người học (12 số)", "001312000009")
            .await?;
        browser.click("Gắn với gia đình này").await?;
        browser
            .wait_for_text("Không tìm thấy người học có số định danh này trong phạm vi của hội.")
            .await?;
        browser
            .field("Số định danh cá nhân của người học (12 số)")
            .await?
            .clear()
            .await?;
        browser
            .fill("Số định danh cá nhân của người học (12 số)", "001312000001")
            .await?;
        browser.click("Gắn với gia đình này").await?;
        browser.wait_for_text("Đã gắn: Nguyễn Minh Anh").await?;
        // Listed under the family, with her birthday to tell her apart.
        browser.wait_for_text("Nguyễn Minh Anh · 05/09/2012").await?;

        // The plan's literacy indicator: the ward's figures, with their source.
        browser
            .field("Chỉ tiêu báo cáo")
            .await?
            .select_by_value(&literacy)
            .await?;
        browser.fill("Số người đạt", "9.950").await?;
        browser.fill("Trong tổng số", "10.000").await?;
        browser
            .fill("Nguồn số liệu", "Báo cáo phổ cập giáo dục của phường")
            .await?;
        browser.click("Lưu số liệu").await?;
        browser.wait_for_text("99,5% (9.950 / 10.000)").await?;
        browser.fits_the_screen("the register after the decision").await?;
        let findings = browser.accessibility_findings().await?;
        assert!(findings.is_empty(), "{findings:#?}");
        // The whole register at a phone's width, for a person to look at.
        browser.client.set_window_size(360, 2800).await?;
        browser.screenshot("society-register").await?;
        browser.client.set_window_size(360, 740).await?;

        // The public page shows the same numbers, and no household's name.
        browser
            .client
            .goto(&app.url(&format!("/organizations/{ward}/society")))
            .await?;
        browser.wait_for_text("25,0%").await?;
        browser.wait_for_text("Tỷ lệ công nhận qua các năm").await?;
        // This year's share, drawn on the trend's chart.
        browser
            .client
            .find(Locator::Css(".trend-chart circle.household"))
            .await?;
        browser
            .client
            .execute(
                "document.querySelector('.trend-chart').scrollIntoView()",
                Vec::new(),
            )
            .await?;
        browser.screenshot("society-trend").await?;
        browser.wait_for_text("99,5% (9.950 / 10.000)").await?;
        browser
            .wait_for_text("Báo cáo phổ cập giáo dục của phường")
            .await?;
        browser.fits_the_screen("the public page with its trend").await?;
        let page = browser.client.source().await?;
        assert!(!page.contains("Nguyễn Văn An"), "no names on the public page");
        Ok(())
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_registers_their_household_on_the_wards_page_and_follows_it_on_their_own() {
    let app = TestApp::with_web_app(Engine::Sqlite).await.unwrap();
    let ward = app.organization_id("Hội Khuyến học phường Long Biên").await;
    app.sign_up("giadinh@example.vn").await;
    let year = {
        use chrono::Datelike;
        tests::today().year()
    };

    Browser::with(async |browser| {
        browser.client.set_window_size(360, 740).await?;
        let page = app.url(&format!("/organizations/{ward}/society"));
        browser.client.goto(&page).await?;
        browser
            .follow("Đăng nhập để đăng ký gia đình mình hoặc bản thân")
            .await?;
        browser
            .sign_in(&app, "giadinh@example.vn", PASSWORD)
            .await?;
        browser.client.goto(&page).await?;
        browser
            .fill("Tên hộ (ví dụ: Hộ ông Nguyễn Văn A)", "Hộ ông Trần Văn Đức")
            .await?;
        browser.fill("Địa chỉ (thôn, tổ dân phố)", "Tổ 5").await?;
        browser
            .fits_the_screen("the invitation to register")
            .await?;
        browser.click(&format!("Đăng ký năm {year}")).await?;
        browser
            .wait_for_text("Đã đăng ký. Hội sẽ liên hệ để chấm điểm.")
            .await?;
        // Twice is refused, in words.
        browser
            .fill("Tên hộ (ví dụ: Hộ ông Nguyễn Văn A)", "Hộ ông Trần Văn Đức")
            .await?;
        browser.click(&format!("Đăng ký năm {year}")).await?;
        browser.wait_for_text("Bạn đã đăng ký rồi").await?;

        browser.follow("Xem các đăng ký của bạn").await?;
        browser
            .wait_for_text("Gia đình học tập, công dân học tập của tôi")
            .await?;
        browser.wait_for_text("Hộ ông Trần Văn Đức").await?;
        browser
            .wait_for_text("Hội Khuyến học phường Long Biên")
            .await?;
        browser
            .fits_the_screen("a person's own registrations")
            .await?;
        browser.screenshot("own-registrations").await?;
        let findings = browser.accessibility_findings().await?;
        assert!(findings.is_empty(), "{findings:#?}");
        Ok(())
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_city_changes_the_households_criteria_and_puts_them_in_force_after_being_asked() {
    let app = TestApp::with_web_app(Engine::Sqlite).await.unwrap();
    app.city_admin().await;
    let year = {
        use chrono::Datelike;
        tests::today().year()
    };

    Browser::with(async |browser| {
        browser.client.set_window_size(360, 740).await?;
        browser.sign_in(&app, "city@example.vn", PASSWORD).await?;
        browser.client.goto(&app.url("/society/criteria")).await?;
        browser.wait_for_text("Đây là bộ mẫu").await?;
        browser
            .wait_for_text("Tổng điểm tối đa 100 · đạt từ 70")
            .await?;
        let points = |group: usize, item: usize| format!("item-{group}-{item}-points");
        let first = browser.client.find(Locator::Id(&points(0, 0))).await?;
        first.clear().await?;
        first.send_keys("hai mươi").await?;
        browser
            .wait_for_text("Mỗi tiêu chí cần điểm tối đa là số nguyên từ 1 đến 1.000.")
            .await?;
        first.clear().await?;
        first.send_keys("30").await?;
        browser
            .wait_for_text("Tổng điểm tối đa 110 · đạt từ 70")
            .await?;
        browser.click("Thêm tiêu chí").await?;
        browser
            .client
            .find(Locator::Id("item-0-2-code"))
            .await?
            .send_keys("1.3")
            .await?;
        browser
            .client
            .find(Locator::Id("item-0-2-text"))
            .await?
            .send_keys("Con em tham gia câu lạc bộ đọc sách của thôn")
            .await?;
        browser
            .client
            .find(Locator::Id(&points(0, 2)))
            .await?
            .send_keys("5")
            .await?;
        browser
            .wait_for_text("Tổng điểm tối đa 115 · đạt từ 70")
            .await?;
        browser.fits_the_screen("the criteria editor").await?;
        browser.client.set_window_size(360, 1600).await?;
        browser.screenshot("criteria-editor").await?;
        browser.client.set_window_size(360, 740).await?;
        let question =
            format!("Áp dụng bộ tiêu chí «Gia đình học tập» năm {year} (115 điểm, đạt từ 70)?");
        // Going back puts nothing in force, and does not ask again.
        browser.click("Lưu thành phiên bản mới").await?;
        browser.wait_for_text(&question).await?;
        browser.click("Quay lại").await?;
        browser.wait_for_text_to_vanish(&question).await?;
        browser.click("Lưu thành phiên bản mới").await?;
        browser.wait_for_text(&question).await?;
        browser.click("Xác nhận áp dụng").await?;
        browser
            .wait_for_text("Đã lưu, đang áp dụng phiên bản 2")
            .await?;
        browser.wait_for_text("Đang áp dụng phiên bản 2").await?;
        let findings = browser.accessibility_findings().await?;
        assert!(findings.is_empty(), "{findings:#?}");
        Ok(())
    })
    .await
    .unwrap();

    let (_, sets) = app
        .graphql(
            "query($y: Int!) { criteriaSets(year: $y) { model version total example groups { items { code points } } } }",
            serde_json::json!({ "y": year }),
        )
        .await;
    let households = sets["data"]["criteriaSets"]
        .as_array()
        .and_then(|sets| sets.iter().find(|set| set["model"] == "HOUSEHOLD"))
        .cloned()
        .unwrap_or_else(|| panic!("{sets}"));
    assert_eq!(
        (
            households["version"].clone(),
            households["total"].clone(),
            households["example"].clone()
        ),
        (
            serde_json::json!(2),
            serde_json::json!(115),
            serde_json::json!(false)
        ),
        "{households}"
    );
    assert_eq!(
        households["groups"][0]["items"][2],
        serde_json::json!({ "code": "1.3", "points": 5 })
    );
}
