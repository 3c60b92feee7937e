//! A learning society in the browser, on a phone: a ward's staff enter how many households
//! the ward has, register one, score it against the criteria (the total worked out as they
//! type), recognise it in a decision after reading what it will do, and see the ward's
//! percentage move, on the register and on the public page; then report the plan's literacy
//! figure with its source, and see it against its target on both. A learner of the household
//! is linked to it by her personal id.

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
        browser.click("Lưu kết quả chấm").await?;
        browser.wait_for_text("95 điểm · Xuất sắc").await?;

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
