//! The whole story of an award in the browser, with every person in their own browser: the
//! program manager sets a program up and opens it; a guardian applies with a transcript; the
//! program manager asks for more information and the guardian, told by their inbox on a
//! phone, answers; reviewers are assigned round-robin and two reviewers score; the manager
//! approves from the ranking; a treasurer, told by their inbox, pays the program's awards and
//! prints the receipt list (the association's paper, with the total in words and the makers'
//! signatures); and the public finds the recipient, masked, on the program's page.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use tests::{Engine, TestApp, browser::Browser, key};

/// The fund's posted and reserved balances, as the public API shows them.
async fn fund_state(app: &TestApp, fund: &str) -> Value {
    app.graphql(
        "query($f: ID!) { fund(id: $f) { postedBalance reservedBalance } }",
        json!({ "f": fund }),
    )
    .await
    .1["data"]["fund"]
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_applicant_two_reviewers_a_manager_and_a_treasurer_take_an_award_to_the_public_page() {
    let app = TestApp::with_web_app(Engine::Sqlite).await.unwrap();
    let admin = app.city_admin().await;
    let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
    let fund = app.fund_id("Quỹ Khuyến học xã Bát Tràng").await;
    app.staff(&admin, "quanly@example.vn", &bat_trang, "PROGRAM_MANAGER")
        .await;
    let treasurer = app
        .staff(&admin, "thuquy@example.vn", &bat_trang, "TREASURER")
        .await;
    for login in ["giamkhao1@example.vn", "giamkhao2@example.vn"] {
        app.staff(&admin, login, &bat_trang, "REVIEWER").await;
    }
    app.call_ok(
        &treasurer,
        "mutation($i: RecordDonationInput!) { recordDonation(input: $i) { id } }",
        json!({ "i": {
            "idempotencyKey": key(), "fundId": fund, "amount": 10_000_000,
            "method": "CASH", "newDonor": { "kind": "ORGANIZATION", "name": "Công ty Gốm sứ Bát Tràng" },
        }}),
    )
    .await;
    app.sign_up("phuhuynh@example.vn").await;
    let guardian = app.sign_in("phuhuynh@example.vn").await;
    app.call_ok(
        &guardian,
        "mutation($i: RegisterLearnerInput!) { registerLearner(input: $i) { id } }",
        json!({ "i": {
            "fullName": "Lê Minh Anh", "dateOfBirth": "2012-09-05", "gender": "FEMALE",
            "educationLevel": "LOWER_SECONDARY", "school": "Trường THCS Bát Tràng", "className": "8A",
            "communeId": bat_trang, "gpa": "8.5", "personalId": "001312345678",
        }}),
    )
    .await;
    let transcript = tests::transcript_pdf();

    // The manager sets the program up and opens it.
    let closes_on = (chrono::Utc::now().date_naive() + chrono::TimeDelta::days(30)).to_string();
    let mut manage = String::new();
    Browser::with(async |browser| {
        browser.sign_in(&app, "quanly@example.vn", tests::PASSWORD).await?;
        browser.follow("Học bổng, giải thưởng").await?;
        browser
            .follow("Tạo chương trình học bổng, khen thưởng")
            .await?;
        browser
            .fill("Tên chương trình", "Học bổng Vượt khó Bát Tràng")
            .await?;
        // A date input is typed in the browser's own locale; set it as a person's picker does.
        browser
            .client
            .execute(
                "const d = document.getElementById('program-closes'); d.value = arguments[0]; d.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![json!(closes_on)],
            )
            .await?;
        browser.fill("Ngân sách", "20.000.000").await?;
        browser.fill("Mức giải", "Toàn phần").await?;
        browser.fill("Số tiền (đồng)", "2.000.000").await?;
        browser.fill("Số suất", "5").await?;
        browser.fill("Tiêu chí", "Kết quả học tập").await?;
        browser.field("Trọng số (%)").await?.clear().await?;
        browser.fill("Trọng số (%)", "60").await?;
        // Learning results are scored by half points.
        browser
            .field("Bước điểm")
            .await?
            .select_by_value("HALF")
            .await?;
        browser.click("Thêm tiêu chí").await?;
        for (id, text) in [
            ("criterion-name-2", "Hoàn cảnh gia đình"),
            ("criterion-first-2", "40"),
        ] {
            browser
                .client
                .wait()
                .at_most(std::time::Duration::from_secs(10))
                .for_element(fantoccini::Locator::Id(id))
                .await?
                .send_keys(text)
                .await?;
        }
        browser
            .fill("Giấy tờ bắt buộc (cách nhau bởi dấu phẩy)", "Học bạ")
            .await?;
        // An age range out of order is refused before anything is sent.
        browser.fill("Từ tuổi (không bắt buộc)", "25").await?;
        browser.fill("Đến tuổi (không bắt buộc)", "6").await?;
        browser.click("Tạo chương trình (bản nháp)").await?;
        browser.wait_for_text("tuổi nhỏ nhất không lớn hơn tuổi lớn nhất").await?;
        browser.field("Từ tuổi (không bắt buộc)").await?.clear().await?;
        browser.fill("Từ tuổi (không bắt buộc)", "6").await?;
        browser.field("Đến tuổi (không bắt buộc)").await?.clear().await?;
        browser.fill("Đến tuổi (không bắt buộc)", "25").await?;
        browser.screenshot("program-setup").await?;
        browser.click("Tạo chương trình (bản nháp)").await?;
        browser.wait_for_text("Đang soạn").await?;
        // A draft is found again among the manager's drafts, and opened from its board.
        browser.follow("Học bổng, giải thưởng").await?;
        browser.wait_for_text("Chương trình đang soạn").await?;
        browser.follow("Học bổng Vượt khó Bát Tràng").await?;
        browser.click("Mở nhận hồ sơ").await?;
        browser.wait_for_text("Đang nhận hồ sơ").await?;
        manage = browser.client.current_url().await?.to_string();
        Ok(())
    })
    .await
    .unwrap();
    let program = manage
        .trim_end_matches("/manage")
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    let (_, created) = app
        .graphql(
            "query($p: ID!) { program(id: $p) { budget tiers { name amount quota } rubric { name weight maxScore step } requiredEvidence fundId eligibility { minAge maxAge communeIds } } }",
            json!({ "p": program }),
        )
        .await;
    assert_eq!(
        created["data"]["program"],
        json!({
            "budget": 20_000_000, "tiers": [{ "name": "Toàn phần", "amount": 2_000_000, "quota": 5 }],
            "rubric": [{ "name": "Kết quả học tập", "weight": 60, "maxScore": 10, "step": "HALF" }, { "name": "Hoàn cảnh gia đình", "weight": 40, "maxScore": 10, "step": "WHOLE" }],
            "requiredEvidence": ["Học bạ"], "fundId": fund,
            "eligibility": { "minAge": 6, "maxAge": 25, "communeIds": [] },
        }),
        "the program as set up in the browser"
    );

    // The guardian applies with the transcript.
    Browser::with(async |browser| {
        browser
            .sign_in(&app, "phuhuynh@example.vn", tests::PASSWORD)
            .await?;
        browser.follow("Người học của tôi").await?;
        browser.follow("Lê Minh Anh").await?;
        browser.click("Lập hồ sơ").await?;
        browser.upload(transcript.path()).await?;
        browser.click("Nộp hồ sơ").await?;
        browser.wait_for_text("Đã nộp").await?;
        Ok(())
    })
    .await
    .unwrap();

    // The manager asks for more information.
    Browser::with(async |browser| {
        browser
            .sign_in(&app, "quanly@example.vn", tests::PASSWORD)
            .await?;
        browser.client.goto(&manage).await?;
        browser.wait_for_text("Hồ sơ chờ phân công").await?;
        browser.follow("Lê Minh Anh").await?;
        browser
            .fill("Lý do quyết định", "Bổ sung xác nhận hoàn cảnh của UBND xã")
            .await?;
        browser.click("Yêu cầu bổ sung").await?;
        browser.wait_for_text("Cần bổ sung").await?;
        Ok(())
    })
    .await
    .unwrap();

    // The guardian, on a phone, finds the request in their inbox and answers it.
    Browser::with(async |browser| {
        browser.client.set_window_size(360, 740).await?;
        browser
            .sign_in(&app, "phuhuynh@example.vn", tests::PASSWORD)
            .await?;
        // The menu counts what is new (asked for once the page is up).
        tests::eventually(
            "the menu to count one new thing",
            tests::browser::WAIT,
            || async { (browser.unread_badge().await.ok()? == 1).then_some(()) },
        )
        .await;
        browser.click("Menu").await?;
        browser.follow("Hộp thư").await?;
        browser
            .wait_for_text("được trả lại để bổ sung thông tin")
            .await?;
        browser.screenshot("inbox-phone").await?;
        browser
            .follow_containing("được trả lại để bổ sung thông tin")
            .await?;
        browser.wait_for_text("Cần bổ sung").await?;
        tests::eventually(
            "the opened one to count as read",
            tests::browser::WAIT,
            || async { (browser.unread_badge().await.ok()? == 0).then_some(()) },
        )
        .await;
        browser
            .fits_the_screen("the application on a phone")
            .await?;
        // The history says what was done in words, with the association's reason.
        browser
            .wait_for_text("Yêu cầu bổ sung — Bổ sung xác nhận hoàn cảnh của UBND xã")
            .await?;
        browser.wait_for_text("Lập hồ sơ").await?;
        assert!(
            !browser.client.source().await?.contains("RETURN_FOR_INFO"),
            "no code of an action is shown"
        );
        browser
            .fill(
                "Nội dung bổ sung của bạn",
                "Gia đình đã nộp giấy xác nhận hộ nghèo tại xã",
            )
            .await?;
        browser.click("Nộp hồ sơ").await?;
        browser.wait_for_text("Đã nộp").await?;
        browser
            .wait_for_text("Gia đình đã nộp giấy xác nhận hộ nghèo tại xã")
            .await?;
        Ok(())
    })
    .await
    .unwrap();

    // The manager assigns reviewers round-robin.
    Browser::with(async |browser| {
        browser
            .sign_in(&app, "quanly@example.vn", tests::PASSWORD)
            .await?;
        browser.client.goto(&manage).await?;
        browser.click("Phân công tự động (lần lượt)").await?;
        browser.wait_for_text("Số lượt phân công mới: 2").await?;
        browser
            .wait_for_text("Không có hồ sơ nào chờ phân công.")
            .await?;
        Ok(())
    })
    .await
    .unwrap();

    // Two reviewers score it from their queues; the first criterion takes half points, written
    // with the Vietnamese decimal comma (8,5 × 6 + 8 × 4 = 83).
    for (login, scores, expected) in [
        ("giamkhao1@example.vn", ["8,5", "8"], "Điểm tổng hợp: 83"),
        ("giamkhao2@example.vn", ["7", "10"], "Điểm tổng hợp: 82"),
    ] {
        Browser::with(async |browser| {
            browser.sign_in(&app, login, tests::PASSWORD).await?;
            browser.follow("Chấm hồ sơ").await?;
            browser.wait_for_text("Hồ sơ cần chấm").await?;
            let task = browser.wait_for_text("Lê Minh Anh").await?;
            task.click().await?;
            browser.wait_for_text("Phiếu chấm").await?;
            browser.wait_for_text("Học bạ").await?;
            browser
                .fill("Kết quả học tập (0–10, bước 0,5, 60%)", scores[0])
                .await?;
            browser
                .fill("Hoàn cảnh gia đình (0–10, 40%)", scores[1])
                .await?;
            // The combined score is worked out in the browser by the server's own rule, and
            // written as people write it (no ".00").
            browser.wait_for_text(expected).await?;
            browser
                .field("Đề xuất")
                .await?
                .select_by_value("APPROVE")
                .await?;
            browser
                .fill("Nhận xét", "Hồ sơ đầy đủ, hoàn cảnh khó khăn")
                .await?;
            browser.click("Gửi phiếu chấm").await?;
            browser.wait_for_text("Đã lưu phiếu chấm. Điểm:").await?;
            browser.follow("Chấm hồ sơ").await?;
            browser
                .wait_for_text("Bạn không còn hồ sơ nào cần chấm.")
                .await?;
            Ok(())
        })
        .await
        .unwrap();
    }

    // The manager approves from the ranking board.
    Browser::with(async |browser| {
        browser
            .sign_in(&app, "quanly@example.vn", tests::PASSWORD)
            .await?;
        browser.client.goto(&manage).await?;
        browser.wait_for_text("Bảng xếp hạng").await?;
        // The mean of 83 and 82, in its column as people write it.
        browser
            .client
            .wait()
            .at_most(std::time::Duration::from_secs(10))
            .for_element(fantoccini::Locator::XPath("//td[normalize-space()='82,5']"))
            .await?;
        browser.follow("Lê Minh Anh").await?;
        browser
            .wait_for_text("Hồ sơ đầy đủ, hoàn cảnh khó khăn")
            .await?;
        browser.click("Duyệt").await?;
        // The approval says what it will hold, for whom and where, before it holds it.
        browser
            .wait_for_text("Duyệt hồ sơ của Lê Minh Anh với mức «Toàn phần»: giữ 2.000.000 ₫ trong Quỹ Khuyến học xã Bát Tràng?")
            .await?;
        assert_eq!(
            fund_state(&app, &fund).await,
            json!({ "postedBalance": 10_000_000, "reservedBalance": 0 }),
            "asked, nothing reserved yet"
        );
        browser.screenshot("approval-confirmation").await?;
        browser.click("Xác nhận duyệt").await?;
        browser.wait_for_text("Đã duyệt, chờ chi").await?;
        browser.screenshot("award-approved").await?;
        Ok(())
    })
    .await
    .unwrap();
    assert_eq!(
        fund_state(&app, &fund).await,
        json!({ "postedBalance": 10_000_000, "reservedBalance": 2_000_000 }),
        "the approval reserved the tier's amount"
    );

    // The treasurer pays the program's awards and has the receipt list to print.
    Browser::with(async |browser| {
        browser
            .sign_in(&app, "thuquy@example.vn", tests::PASSWORD)
            .await?;
        // Told by the inbox what waits for the fund's money.
        browser.follow("Hộp thư").await?;
        browser.follow_containing("chờ chi trả").await?;
        browser.wait_for_text("Giải thưởng chờ chi trả").await?;
        browser.wait_for_text("Lê Minh Anh").await?;
        browser.click("Chi trả tất cả").await?;
        // Nothing is paid before the treasurer has read what will be, and confirmed it.
        browser
            .wait_for_text(
                "Chi 2.000.000 ₫ cho 1 người đang chờ chi trả từ Quỹ Khuyến học xã Bát Tràng?",
            )
            .await?;
        browser.screenshot("payout-confirmation").await?;
        // On a phone, the list to pay and the confirmation fit the screen.
        browser.client.set_window_size(360, 740).await?;
        browser.fits_the_screen("the payouts page").await?;
        browser.screenshot("payout-confirmation-phone").await?;
        browser.click("Xác nhận chi trả").await?;
        browser
            .wait_for_text("Không còn giải thưởng nào chờ chi trả.")
            .await?;
        browser.wait_for_text("Danh sách ký nhận").await?;
        browser.wait_for_text("Lê Minh Anh").await?;
        browser.wait_for_text("Trường THCS Bát Tràng").await?;
        browser.wait_for_text("Ký nhận").await?;
        // A paper people sign: whose list, the total in words, the date, the makers.
        browser
            .client
            .find(fantoccini::Locator::XPath(
                "//p[@class='association' and normalize-space()='Hội Khuyến học xã Bát Tràng']",
            ))
            .await?;
        browser.wait_for_text("Điểm chỉ").await?;
        browser.wait_for_text("Hai triệu đồng").await?;
        browser.wait_for_text("Người lập danh sách").await?;
        browser.wait_for_text("Chủ tịch Hội").await?;
        // The receipt list scrolls within its card, not the page.
        browser.fits_the_screen("the receipt list").await?;
        browser.screenshot("receipt-list-phone").await?;
        browser.client.set_window_size(1280, 800).await?;
        browser.screenshot("receipt-list").await?;
        Ok(())
    })
    .await
    .unwrap();
    assert_eq!(
        fund_state(&app, &fund).await,
        json!({ "postedBalance": 8_000_000, "reservedBalance": 0 }),
        "the payment posted the reservation"
    );

    // Anyone finds the recipient, masked, on the program's public page.
    Browser::with(async |browser| {
        browser
            .client
            .goto(&app.url(&format!("/programs/{program}")))
            .await?;
        browser.wait_for_text("L. M. A.").await?;
        browser.wait_for_text("Hội Khuyến học xã Bát Tràng").await?;
        browser.screenshot("program-recipients").await?;
        let page = browser.client.source().await?;
        assert!(!page.contains("Lê Minh Anh"), "the full name is not public");
        Ok(())
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reviewer_scores_half_points_with_the_keyboard_alone() {
    use tests::awarding::{open_program, program_input, submitted, under_review, world};
    let app = TestApp::with_web_app(Engine::Sqlite).await.unwrap();
    let w = world(&app, 0).await;
    let mut input = program_input(&w, false, 1_000_000, 5, 10_000_000);
    input["rubric"][0]["step"] = json!("HALF");
    let (program, _) = open_program(&app, &w, input).await;
    let application = submitted(&app, &w, &program, 1).await;
    under_review(&app, &w, &application).await;
    let queue = app
        .call(
            &w.reviewers[0].0,
            "{ myReviewQueue { nodes { review { id } } } }",
            json!({}),
        )
        .await;
    let review = queue["data"]["myReviewQueue"]["nodes"][0]["review"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{queue}"))
        .to_owned();

    Browser::with(async |browser| {
        use fantoccini::key::Key;
        browser
            .sign_in(&app, "giamkhao1@example.vn", tests::PASSWORD)
            .await?;
        browser
            .client
            .goto(&app.url(&format!("/reviews/{review}")))
            .await?;
        browser.wait_for_text("Phiếu chấm").await?;
        browser
            .tab_to("the first score", "el.id === 'score-0'")
            .await?;
        browser.client.active_element().await?.send_keys("8,5").await?;
        browser
            .tab_to("the second score", "el.id === 'score-1'")
            .await?;
        browser.client.active_element().await?.send_keys("9").await?;
        // 8,5 × 6 + 9 × 4 = 87, worked out as they type.
        browser.wait_for_text("Điểm tổng hợp: 87").await?;
        browser
            .tab_to("the comment", "el.id === 'review-comment'")
            .await?;
        browser
            .client
            .active_element()
            .await?
            .send_keys("Hồ sơ đầy đủ")
            .await?;
        browser
            .tab_to(
                "the form's button",
                "el.tagName === 'BUTTON' && el.type === 'submit' && el.textContent.trim() === 'Gửi phiếu chấm'",
            )
            .await?;
        // The focus shows where it is.
        let outline = browser
            .client
            .execute(
                "return getComputedStyle(document.activeElement).outlineStyle;",
                vec![],
            )
            .await?;
        assert_ne!(outline, json!("none"), "a visible focus on the button");
        browser.press(Key::Enter).await?;
        browser.wait_for_text("Đã lưu phiếu chấm. Điểm:").await?;
        Ok(())
    })
    .await
    .unwrap();

    let body = app
        .call(
            &w.reviewers[0].0,
            "query($r: ID!) { reviewTask(reviewId: $r) { review { status scores comment } } }",
            json!({ "r": review }),
        )
        .await;
    assert_eq!(
        body["data"]["reviewTask"]["review"],
        json!({ "status": "SUBMITTED", "scores": [8.5, 9], "comment": "Hồ sơ đầy đủ" }),
        "scored by keyboard: {body}"
    );
}
