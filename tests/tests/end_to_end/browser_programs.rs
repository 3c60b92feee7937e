//! Programs in the browser: the public finds an open program, its terms and its (still empty)
//! list of recipients, without signing in.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;
use tests::{
    Engine, TestApp,
    browser::{Browser, WAIT},
};

/// A program set up by `manager` with `input`, still a draft: its id.
async fn draft_program(app: &TestApp, manager: &str, input: serde_json::Value) -> String {
    let created = app
        .graphql_with_cookie(
            Some(manager),
            "mutation($i: CreateProgramInput!) { createProgram(input: $i) { id } }",
            json!({ "i": input }),
        )
        .await;
    created.body["data"]["createProgram"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{}", created.body))
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_finds_an_open_program_with_its_terms_and_recipients() {
    let app = TestApp::with_web_app(Engine::Sqlite).await.unwrap();
    let admin = app.city_admin().await;
    let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
    let manager = app
        .staff(&admin, "quanly@example.vn", &bat_trang, "PROGRAM_MANAGER")
        .await;
    let today = chrono::Utc::now().date_naive();
    let input = json!({
        "organizationId": bat_trang, "fundId": app.fund_id("Quỹ Khuyến học xã Bát Tràng").await,
        "kind": "SCHOLARSHIP", "name": "Học bổng Vượt khó Bát Tràng", "cycle": "2026-2027",
        "opensOn": today.to_string(), "closesOn": (today + chrono::TimeDelta::days(30)).to_string(),
        "budget": 20_000_000,
        "tiers": [{ "name": "Học bổng toàn phần", "amount": 2_000_000, "quota": 5 }],
        "eligibility": { "educationLevels": ["LOWER_SECONDARY"], "minGpa": "7.5" },
        "rubric": [{ "name": "Kết quả học tập", "weight": 100, "maxScore": 10 }],
        "requiredEvidence": ["Học bạ"],
    });
    let program = draft_program(&app, &manager, input).await;
    app.graphql_with_cookie(
        Some(&manager),
        "mutation($p: ID!) { openProgram(id: $p) { status } }",
        json!({ "p": program }),
    )
    .await;

    Browser::with(async |browser| {
        browser.client.goto(&app.url("/")).await?;
        browser.follow("Học bổng, giải thưởng").await?;
        browser
            .wait_for_text("Chương trình học bổng, khen thưởng")
            .await?;
        // Searched for as typed on a phone, without diacritics.
        browser
            .fill("Tìm chương trình theo tên", "vuot kho")
            .await?;
        browser.follow("Học bổng Vượt khó Bát Tràng").await?;
        browser.wait_for_text("Đang nhận hồ sơ").await?;
        browser.wait_for_text("Học bổng toàn phần").await?;
        browser.wait_for_text("Trung học cơ sở").await?;
        browser.wait_for_text("Học bạ").await?;
        browser.wait_for_text("Chưa có khoản chi trả nào.").await?;
        browser.screenshot("program-public").await?;
        Ok(())
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guardian_registers_a_learner_applies_with_a_document_and_submits() {
    let app = TestApp::with_web_app(Engine::Sqlite).await.unwrap();
    let admin = app.city_admin().await;
    let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
    let manager = app
        .staff(&admin, "quanly@example.vn", &bat_trang, "PROGRAM_MANAGER")
        .await;
    let today = chrono::Utc::now().date_naive();
    let input = json!({
        "organizationId": bat_trang, "fundId": app.fund_id("Quỹ Khuyến học xã Bát Tràng").await,
        "kind": "SCHOLARSHIP", "name": "Học bổng Vượt khó", "cycle": "2026-2027",
        "opensOn": (today - chrono::TimeDelta::days(1)).to_string(), "closesOn": (today + chrono::TimeDelta::days(30)).to_string(),
        "budget": 20_000_000, "tiers": [{ "name": "Toàn phần", "amount": 2_000_000, "quota": 5 }],
        "rubric": [{ "name": "Kết quả học tập", "weight": 100, "maxScore": 10 }],
        "requiredEvidence": ["Học bạ"],
    });
    let program = draft_program(&app, &manager, input.clone()).await;
    app.graphql_with_cookie(
        Some(&manager),
        "mutation($p: ID!) { openProgram(id: $p) { status } }",
        json!({ "p": program }),
    )
    .await;
    // A second, stricter program the learner does not qualify for: its reason shows.
    let mut strict = input.clone();
    strict["name"] = json!("Khen thưởng học sinh giỏi THPT");
    strict["eligibility"] = json!({ "educationLevels": ["UPPER_SECONDARY"] });
    let strict = draft_program(&app, &manager, strict).await;
    app.graphql_with_cookie(
        Some(&manager),
        "mutation($p: ID!) { openProgram(id: $p) { status } }",
        json!({ "p": strict }),
    )
    .await;
    app.sign_up("phuhuynh@example.vn").await;
    let transcript = tests::transcript_pdf();

    Browser::with(async |browser| {
        browser
            .sign_in(&app, "phuhuynh@example.vn", tests::PASSWORD)
            .await?;
        browser.follow("Người học của tôi").await?;
        browser.wait_for_text("Bạn chưa đăng ký người học nào.").await?;

        browser.fill("Họ và tên", "Lê Minh Anh").await?;
        // A date input is typed in the browser's own locale; set it as a person's picker does.
        browser
            .client
            .execute(
                "const d = document.getElementById('learner-dob'); d.value = '2012-09-05'; d.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![],
            )
            .await?;
        browser.fill("Số định danh cá nhân (12 số)", "00131234567").await?;
        browser.click("Đăng ký người học").await?;
        browser.wait_for_text("Số định danh cá nhân gồm 12 chữ số").await?;
        browser.fill("Số định danh cá nhân (12 số)", "8").await?;
        browser.fill("Điểm trung bình (thang 10)", "8,5").await?;
        browser.click("Đăng ký người học").await?;

        // The learner's page: the program they qualify for, and why not for the other.
        browser.wait_for_text("Các chương trình đang nhận hồ sơ").await?;
        browser.wait_for_text("Không đúng cấp học").await?;
        // Her details are changed on the same page: the school and class she now attends.
        browser
            .client
            .find(fantoccini::Locator::XPath(
                "//summary[normalize-space()='Sửa thông tin người học']",
            ))
            .await?
            .click()
            .await?;
        assert_eq!(
            browser.field("Họ và tên").await?.prop("value").await?.as_deref(),
            Some("Lê Minh Anh"),
            "the form starts from her details"
        );
        browser.fill("Trường", "Trường THCS Bát Tràng").await?;
        browser.fill("Lớp", "7A").await?;
        browser.client.set_window_size(360, 740).await?;
        browser.fits_the_screen("the learner's details being changed").await?;
        browser.client.set_window_size(1280, 800).await?;
        browser.click("Lưu thông tin").await?;
        browser.wait_for_text("Đã lưu.").await?;
        browser.click("Lập hồ sơ").await?;
        browser.wait_for_text("Giấy tờ kèm theo").await?;
        browser.click("Nộp hồ sơ").await?;
        browser.wait_for_text("Hồ sơ còn thiếu giấy tờ bắt buộc.").await?;
        browser.upload(transcript.path()).await?;
        browser.click("Nộp hồ sơ").await?;
        browser.wait_for_text("Đã nộp").await?;
        // Where it stands: sent, with the review, the decision and the payment ahead (the
        // page is read again after sending: waited for, not taken from the page before).
        let stepper = || async {
            let steps = browser
                .client
                .find_all(fantoccini::Locator::Css(".stepper li"))
                .await
                .ok()?;
            let current = browser
                .client
                .find(fantoccini::Locator::Css(".stepper [aria-current=step]"))
                .await
                .ok()?
                .text()
                .await
                .ok()?;
            (steps.len() == 5 && current == "Đã nộp").then_some(())
        };
        tests::eventually("the stepper at 'sent', of five steps", WAIT, stepper).await;
        browser.screenshot("application-submitted").await?;
        Ok(())
    })
    .await
    .unwrap();

    let token = app.sign_in("phuhuynh@example.vn").await;
    let mine = app
        .graphql_with_cookie(
            Some(&token),
            "{ myApplications { nodes { programName status } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        mine.body["data"]["myApplications"]["nodes"],
        json!([{ "programName": "Học bổng Vượt khó", "status": "SUBMITTED" }])
    );
    let learner = app
        .graphql_with_cookie(
            Some(&token),
            "{ myLearners { nodes { fullName school className personalId } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        learner.body["data"]["myLearners"]["nodes"],
        json!([{ "fullName": "Lê Minh Anh", "school": "Trường THCS Bát Tràng", "className": "7A", "personalId": "001312345678" }]),
        "changed where asked, kept elsewhere"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_program_manager_edits_a_draft_on_a_phone_and_its_terms_are_kept() {
    let app = TestApp::with_web_app(Engine::Sqlite).await.unwrap();
    let admin = app.city_admin().await;
    let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
    app.staff(&admin, "quanly@example.vn", &bat_trang, "PROGRAM_MANAGER")
        .await;
    let today = chrono::Utc::now().date_naive();
    let input = json!({
        "organizationId": bat_trang, "fundId": app.fund_id("Quỹ Khuyến học xã Bát Tràng").await,
        "kind": "SCHOLARSHIP", "name": "Học bổng nháp", "cycle": "2026-2027",
        "opensOn": today.to_string(), "closesOn": (today + chrono::TimeDelta::days(30)).to_string(),
        "budget": 20_000_000,
        "tiers": [{ "name": "Học bổng toàn phần", "amount": 2_000_000, "quota": 5 }],
        "eligibility": { "educationLevels": ["LOWER_SECONDARY"], "communeIds": [bat_trang] },
        "rubric": [{ "name": "Kết quả học tập", "weight": 100, "maxScore": 10 }],
        "blindReview": true,
    });
    let manager = app.sign_in("quanly@example.vn").await;
    let program = draft_program(&app, &manager, input).await;

    Browser::with(async |browser| {
        browser.client.set_window_size(360, 740).await?;
        browser
            .sign_in(&app, "quanly@example.vn", tests::PASSWORD)
            .await?;
        browser
            .client
            .goto(&app.url(&format!("/programs/{program}/manage")))
            .await?;
        browser.follow("Sửa bản nháp").await?;
        browser.wait_for_text("Sửa chương trình nháp").await?;
        // The form starts from the draft: its name, its tier, its commune by name.
        let name = browser.field("Tên chương trình").await?;
        assert_eq!(name.prop("value").await?.as_deref(), Some("Học bổng nháp"));
        assert_eq!(
            browser
                .field("Số suất")
                .await?
                .prop("value")
                .await?
                .as_deref(),
            Some("5")
        );
        browser.wait_for_text("Hội Khuyến học xã Bát Tràng").await?;
        browser.fits_the_screen("the draft's form").await?;
        let findings = browser.accessibility_findings().await?;
        assert!(findings.is_empty(), "{findings:#?}");

        name.clear().await?;
        name.send_keys("Học bổng Vượt khó Bát Tràng").await?;
        let quota = browser.field("Số suất").await?;
        quota.clear().await?;
        quota.send_keys("8").await?;
        browser.click("Lưu chương trình").await?;
        browser
            .wait_for_text("Học bổng toàn phần: 2.000.000 ₫ × 8")
            .await?;
        browser.screenshot("program-draft-edited").await?;
        Ok(())
    })
    .await
    .unwrap();

    let body = app
        .call(
            &manager,
            "query($p: ID!) { program(id: $p) { name blindReview tiers { quota } eligibility { educationLevels communeIds } } }",
            json!({ "p": program }),
        )
        .await;
    let saved = &body["data"]["program"];
    assert_eq!(saved["name"], "Học bổng Vượt khó Bát Tràng", "{body}");
    assert_eq!(saved["tiers"][0]["quota"], 8);
    assert_eq!(
        saved["blindReview"], true,
        "what the form was not asked to change stays as it was"
    );
    assert_eq!(
        saved["eligibility"]["educationLevels"],
        json!(["LOWER_SECONDARY"])
    );
    assert_eq!(saved["eligibility"]["communeIds"], json!([bat_trang]));
}
