//! Funds in the browser: a treasurer records a donation, sees the dashboard's balance change,
//! and the public page, opened without signing in, shows it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;
use tests::{Engine, PASSWORD, TestApp, browser::Browser};

const TREASURER: &str = "thuquy.battrang@example.vn";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_donation_recorded_by_a_treasurer_shows_on_the_dashboard_and_the_public_page() {
    let app = TestApp::with_web_app(Engine::Sqlite).await.unwrap();
    let admin = app.city_admin().await;
    let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
    app.staff(&admin, TREASURER, &bat_trang, "TREASURER").await;
    let fund = app.fund_id("Quỹ Khuyến học xã Bát Tràng").await;

    Browser::with(async |browser| {
        browser.sign_in(&app, TREASURER, PASSWORD).await?;

        // The funds list leads to the fund; the treasurer may manage it.
        browser.follow("Quỹ").await?;
        browser.wait_for_text("Quỹ Khuyến học xã Bát Tràng").await?;
        browser
            .client
            .goto(&app.url(&format!("/funds/{fund}/manage")))
            .await?;
        browser.wait_for_text("Thu và chi theo tháng").await?;

        // A wrong amount is refused in the browser with the server's own rule.
        browser.fill("Số tiền (đồng)", "0").await?;
        browser
            .fill("Tên người hoặc đơn vị ủng hộ", "Công ty Gốm sứ Bát Tràng")
            .await?;
        browser.click("Ghi nhận ủng hộ").await?;
        browser
            .wait_for_text("Hãy nhập số tiền là số nguyên dương")
            .await?;

        browser.field("Số tiền (đồng)").await?.clear().await?;
        browser.fill("Số tiền (đồng)", "1.500.000").await?;
        browser
            .fill("Nội dung", "Ủng hộ học bổng năm học 2026-2027")
            .await?;
        browser.click("Ghi nhận ủng hộ").await?;
        // Nothing is recorded before the treasurer has read it back and confirmed.
        browser
            .wait_for_text(
                "Ghi nhận Công ty Gốm sứ Bát Tràng ủng hộ 1.500.000 ₫ vào Quỹ Khuyến học xã Bát Tràng?",
            )
            .await?;
        assert_eq!(posted(&app, &fund).await, 0, "asked, not recorded");
        browser.click("Xác nhận ghi nhận").await?;
        browser.wait_for_text("Đã ghi nhận khoản ủng hộ.").await?;
        browser.wait_for_text("1.500.000 ₫").await?;
        browser.wait_for_text("Công ty Gốm sứ Bát Tràng").await?;
        browser.screenshot("fund-dashboard").await?;

        // The fund is found by its name typed without diacritics; the transfer names both
        // funds (and whose the receiving one is) and the amount; going back moves nothing.
        let to = "Quỹ Khuyến học dòng họ Lê · Ban Khuyến học dòng họ Lê thôn Giang Cao";
        browser
            .client
            .find(fantoccini::Locator::Id("transfer-to-search"))
            .await?
            .send_keys("dong ho le")
            .await?;
        // "—" and the clan's fund.
        tests::eventually(
            "the search narrows the funds to the clan's",
            std::time::Duration::from_secs(10),
            || async {
                let options = browser
                    .client
                    .find_all(fantoccini::Locator::Css("#transfer-to option"))
                    .await
                    .ok()?;
                (options.len() == 2).then_some(())
            },
        )
        .await;
        browser.field("Đến quỹ").await?.select_by_label(to).await?;
        browser.fill("Số tiền chuyển (đồng)", "500.000").await?;
        browser.fill("Nội dung chuyển", "Hỗ trợ quỹ dòng họ").await?;
        browser.click("Chuyển tiền").await?;
        let question =
            format!("Chuyển 500.000 ₫ từ Quỹ Khuyến học xã Bát Tràng sang {to}?");
        browser.wait_for_text(&question).await?;
        browser.client.set_window_size(360, 740).await?;
        browser.fits_the_screen("the fund dashboard asking").await?;
        browser.screenshot("transfer-confirmation-phone").await?;
        browser.click("Quay lại").await?;
        browser.wait_for_text_to_vanish(&question).await?;
        assert_eq!(posted(&app, &fund).await, 1_500_000, "going back moved nothing");
        browser.click("Chuyển tiền").await?;
        browser.wait_for_text(&question).await?;
        browser.click("Xác nhận chuyển tiền").await?;
        browser.wait_for_text("Đã chuyển tiền.").await?;
        assert_eq!(posted(&app, &fund).await, 1_000_000, "confirmed, moved once");

        // The statement with every entry downloads with the treasurer's session.
        let link = browser.wait_for_text("Tải sổ chi tiết quỹ (Excel)").await?;
        let href = link.attr("href").await?.unwrap_or_default();
        assert!(href.contains(&format!("/api/funds/{fund}/statement?")), "{href}");
        let fetched = browser
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 fetch(arguments[0]).then((r) => done([r.status, r.headers.get('content-type')]), \
                   (e) => done([0, String(e)]));",
                vec![json!(href)],
            )
            .await?;
        assert_eq!(
            fetched,
            json!([200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]),
        );

        // A reversal, newest entry first, says what it undoes before it does.
        browser.click("Đảo bút toán").await?;
        browser
            .wait_for_text("Đảo bút toán 500.000 ₫ (Hỗ trợ quỹ dòng họ) của Quỹ Khuyến học xã Bát Tràng?")
            .await?;
        browser.fill("Lý do đảo bút toán", "Chuyển nhầm quỹ").await?;
        browser.click("Xác nhận đảo").await?;
        browser
            .wait_for_text_to_vanish("Đảo bút toán 500.000 ₫ (Hỗ trợ quỹ dòng họ)")
            .await?;
        assert_eq!(posted(&app, &fund).await, 1_500_000, "the transfer undone");

        // The public, signed out, sees the donation and the balance.
        browser.client.delete_all_cookies().await?;
        browser
            .client
            .goto(&app.url(&format!("/funds/{fund}")))
            .await?;
        browser.wait_for_text("Công khai tài chính").await?;
        browser.wait_for_text("Công ty Gốm sứ Bát Tràng").await?;
        browser.wait_for_text("1.500.000 ₫").await?;
        assert!(
            !browser.client.source().await?.contains("Ghi nhận ủng hộ"),
            "the public page has no treasurer's forms"
        );
        browser.screenshot("fund-public").await?;
        Ok(())
    })
    .await
    .unwrap();

    let (_, body) = app
        .graphql(
            "query($f: ID!) { fund(id: $f) { postedBalance } }",
            json!({ "f": fund }),
        )
        .await;
    assert_eq!(body["data"]["fund"]["postedBalance"], 1_500_000, "{body}");
}

/// A fund's posted balance, as the public sees it.
async fn posted(app: &TestApp, fund: &str) -> i64 {
    let (_, body) = app
        .graphql(
            "query($f: ID!) { fund(id: $f) { postedBalance } }",
            json!({ "f": fund }),
        )
        .await;
    body["data"]["fund"]["postedBalance"].as_i64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_opens_a_fund_takes_a_second_gift_from_a_donor_on_record_and_reads_the_log()
 {
    let app = TestApp::with_web_app(Engine::Sqlite).await.unwrap();
    let admin = app.city_admin().await;
    const FUND: &str = "Quỹ Khuyến tài thành phố";
    const DONOR: &str = "Bà Nguyễn Thị Hoa";

    Browser::with(async |browser| {
        browser.sign_in(&app, "city@example.vn", PASSWORD).await?;

        // The list of funds leads an administrator to opening one; it starts empty.
        browser.follow("Quỹ").await?;
        browser.follow("Lập quỹ mới").await?;
        browser.fill("Tên quỹ", FUND).await?;
        browser
            .fill(
                "Mục đích của quỹ (không bắt buộc)",
                "Khen thưởng học sinh giỏi cấp thành phố",
            )
            .await?;
        browser.click("Lập quỹ").await?;
        browser.wait_for_text("Thu và chi theo tháng").await?;
        browser.wait_for_text(FUND).await?;
        let fund = browser
            .client
            .current_url()
            .await?
            .path()
            .trim_start_matches("/funds/")
            .trim_end_matches("/manage")
            .to_owned();
        assert_eq!(posted(&app, &fund).await, 0, "a new fund holds nothing");

        // A first gift from a new donor…
        browser.fill("Số tiền (đồng)", "2.000.000").await?;
        browser.fill("Tên người hoặc đơn vị ủng hộ", DONOR).await?;
        browser.click("Ghi nhận ủng hộ").await?;
        browser.click("Xác nhận ghi nhận").await?;
        browser.wait_for_text("Đã ghi nhận khoản ủng hộ.").await?;

        // …and a second from the same donor, chosen from those on record by a part of the
        // name typed without diacritics: the donor is not written down twice.
        browser
            .client
            .find(fantoccini::Locator::Id("donation-known-donor-search"))
            .await?
            .send_keys("thi hoa")
            .await?;
        tests::eventually(
            "the donor on record is offered",
            std::time::Duration::from_secs(10),
            || async {
                let options = browser
                    .client
                    .find_all(fantoccini::Locator::Css("#donation-known-donor option"))
                    .await
                    .ok()?;
                (options.len() == 2).then_some(())
            },
        )
        .await;
        browser
            .field("Nhà hảo tâm đã có trong sổ (để trống nếu là người mới)")
            .await?
            .select_by_label(DONOR)
            .await?;
        browser
            .wait_for_text_to_vanish("Tên người hoặc đơn vị ủng hộ")
            .await?;
        browser.field("Số tiền (đồng)").await?.clear().await?;
        browser.fill("Số tiền (đồng)", "1.000.000").await?;
        browser.click("Ghi nhận ủng hộ").await?;
        browser
            .wait_for_text(&format!("Ghi nhận {DONOR} ủng hộ 1.000.000 ₫ vào {FUND}?"))
            .await?;
        browser.click("Xác nhận ghi nhận").await?;
        browser.wait_for_text("3.000.000 ₫").await?;
        assert_eq!(posted(&app, &fund).await, 3_000_000);

        // The list finds the new fund by a part of its name, without diacritics.
        browser.follow("Quỹ").await?;
        browser.wait_for_text("Quỹ Khuyến học xã Bát Tràng").await?;
        browser.fill("Tìm quỹ theo tên", "khuyen tai").await?;
        browser
            .wait_for_text_to_vanish("Quỹ Khuyến học xã Bát Tràng")
            .await?;
        browser.wait_for_text(FUND).await?;

        // The log says who did it; the ledger check finds every balance in order.
        browser.client.goto(&app.url("/admin/audit")).await?;
        browser.wait_for_text("Lập quỹ").await?;
        browser.wait_for_text("Ghi nhận ủng hộ").await?;
        browser.wait_for_text("Quản trị thành phố").await?;
        browser.click("Kiểm tra ngay").await?;
        browser
            .wait_for_text("Sổ quỹ khớp: không phát hiện sai lệch.")
            .await?;
        browser.client.set_window_size(360, 740).await?;
        browser.fits_the_screen("the audit log").await?;
        browser.screenshot("audit-phone").await?;
        Ok(())
    })
    .await
    .unwrap();

    let (_, found) = app
        .graphql(
            "query($s: String) { funds(search: $s) { nodes { name organization { id } } } }",
            json!({ "s": FUND }),
        )
        .await;
    let funds = &found["data"]["funds"]["nodes"];
    assert_eq!(funds[0]["name"], FUND, "{found}");
    let donors = app
        .call(
            &admin,
            "query($o: ID!) { donors(organizationId: $o, search: \"Hoa\") { nodes { name } } }",
            json!({ "o": funds[0]["organization"]["id"] }),
        )
        .await;
    assert_eq!(
        donors["data"]["donors"]["nodes"],
        json!([{ "name": DONOR }]),
        "one donor on record for two gifts: {donors}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_treasurer_signs_in_and_records_a_donation_with_the_keyboard_alone() {
    let app = TestApp::with_web_app(Engine::Sqlite).await.unwrap();
    let admin = app.city_admin().await;
    let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
    app.staff(&admin, TREASURER, &bat_trang, "TREASURER").await;
    let fund = app.fund_id("Quỹ Khuyến học xã Bát Tràng").await;

    Browser::with(async |browser| {
        use fantoccini::key::Key;
        browser.client.goto(&app.url("/sign-in")).await?;
        browser.wait_for_text("Chưa có tài khoản?").await?;
        browser.tab_to("the login", "el.id === 'login'").await?;
        browser.client.active_element().await?.send_keys(TREASURER).await?;
        browser.tab_to("the password", "el.id === 'password'").await?;
        browser.client.active_element().await?.send_keys(PASSWORD).await?;
        browser.press(Key::Enter).await?;
        tests::eventually("signed in, at work", std::time::Duration::from_secs(10), || async {
            let url = browser.client.current_url().await.ok()?;
            (url.path() == "/work").then_some(())
        })
        .await;

        browser
            .client
            .goto(&app.url(&format!("/funds/{fund}/manage")))
            .await?;
        browser.wait_for_text("Thu và chi theo tháng").await?;
        browser.tab_to("the donation's amount", "el.id === 'donation-amount'").await?;
        browser.client.active_element().await?.send_keys("250.000").await?;
        browser.tab_to("the donor's name", "el.id === 'donation-donor'").await?;
        browser
            .client
            .active_element()
            .await?
            .send_keys("Hội Cựu giáo chức xã Bát Tràng")
            .await?;
        // Enter sends the form; the question that follows is answered by keyboard too.
        browser.press(Key::Enter).await?;
        browser
            .wait_for_text("Ghi nhận Hội Cựu giáo chức xã Bát Tràng ủng hộ 250.000 ₫ vào Quỹ Khuyến học xã Bát Tràng?")
            .await?;
        browser.tab_to(
            "the confirmation",
            "el.tagName === 'BUTTON' && el.textContent.trim() === 'Xác nhận ghi nhận'",
        )
        .await?;
        browser.press(Key::Enter).await?;
        browser.wait_for_text("Đã ghi nhận khoản ủng hộ.").await?;
        Ok(())
    })
    .await
    .unwrap();
    assert_eq!(
        posted(&app, &fund).await,
        250_000,
        "recorded once, by keyboard"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_treasurer_adds_the_funds_account_and_a_campaign_and_a_visitor_on_a_phone_pledges_to_it()
{
    let app = TestApp::with_web_app(Engine::Sqlite).await.unwrap();
    let admin = app.city_admin().await;
    let bat_trang = app.organization_id("Hội Khuyến học xã Bát Tràng").await;
    app.staff(&admin, TREASURER, &bat_trang, "TREASURER").await;
    let fund = app.fund_id("Quỹ Khuyến học xã Bát Tràng").await;

    Browser::with(async |browser| {
        browser.client.set_window_size(360, 740).await?;
        browser.sign_in(&app, TREASURER, PASSWORD).await?;
        browser
            .client
            .goto(&app.url(&format!("/funds/{fund}/manage")))
            .await?;
        browser.wait_for_text("Tài khoản ngân hàng của quỹ").await?;

        // The account is read back before it is shown to the public.
        browser
            .field("Ngân hàng")
            .await?
            .select_by_value("970436")
            .await?;
        browser.fill("Số tài khoản", "0011 0019 32418").await?;
        browser
            .fill("Chủ tài khoản", "Hội Khuyến học xã Bát Tràng")
            .await?;
        browser.click("Thêm tài khoản").await?;
        let question = "Thêm tài khoản Vietcombank 0011001932418 (HOI KHUYEN HOC XA BAT TRANG) cho Quỹ Khuyến học xã Bát Tràng?";
        browser.wait_for_text(question).await?;
        browser.fits_the_screen("the account's question").await?;
        browser.click("Xác nhận thêm tài khoản").await?;
        browser.wait_for_text_to_vanish(question).await?;
        browser
            .wait_for_text("Vietcombank 0011001932418 · HOI KHUYEN HOC XA BAT TRANG")
            .await?;

        // A campaign for Tết, from today for a month.
        let today = tests::today();
        browser.fill("Tên đợt vận động", "Tết khuyến học 2027").await?;
        browser.fill("Mục tiêu (đồng)", "50.000.000").await?;
        for (id, day) in [
            ("campaign-starts", today),
            ("campaign-ends", today + chrono::Days::new(30)),
        ] {
            // A date input takes the day as the browser's locale types it; set it as a value.
            browser
                .client
                .execute(
                    "const field = document.getElementById(arguments[0]); field.value = arguments[1]; \
                     field.dispatchEvent(new Event('input', { bubbles: true }));",
                    vec![json!(id), json!(day.to_string())],
                )
                .await?;
        }
        browser.click("Mở đợt vận động").await?;
        browser.wait_for_text("Đã mở đợt vận động.").await?;

        // A visitor, signed out, on a phone: the account with its code, the campaign, and a
        // pledge made on the campaign's page.
        browser.client.delete_all_cookies().await?;
        browser
            .client
            .goto(&app.url(&format!("/funds/{fund}")))
            .await?;
        browser.wait_for_text("Chuyển khoản ủng hộ").await?;
        browser.wait_for_text("0011001932418").await?;
        browser
            .client
            .find(fantoccini::Locator::Css("img.qr[alt='VietQR Vietcombank 0011001932418']"))
            .await?;
        browser.fits_the_screen("the fund's public page").await?;
        browser.follow("Tết khuyến học 2027").await?;
        // The campaign's own page (its progress is on the fund's page too).
        browser.wait_for_text("Những người ủng hộ gần đây").await?;
        browser.fill("Số tiền (đồng)", "500.000").await?;
        browser.fill("Tên của bạn (không bắt buộc)", "Nguyễn Thị Hoa").await?;
        browser.click("Nhận mã chuyển khoản").await?;
        let made = browser
            .client
            .wait()
            .at_most(std::time::Duration::from_secs(10))
            .for_element(fantoccini::Locator::Css(".pledge-made"))
            .await?;
        let reference = made.attr("data-reference").await?.unwrap_or_default();
        assert!(reference.starts_with("KH") && reference.len() == 8, "{reference}");
        browser
            .wait_for_text(&format!("KH {}", &reference[2..]))
            .await?;
        browser.fits_the_screen("the public page with a pledge").await?;
        let findings = browser.accessibility_findings().await?;
        assert!(findings.is_empty(), "{findings:#?}");
        browser.screenshot("pledge-phone").await?;
        assert_eq!(posted(&app, &fund).await, 0, "a pledge is not money");
        let (_, campaigns) = app
            .graphql(
                "query($f: ID!) { fund(id: $f) { campaigns { progress { pledged received } } } }",
                json!({ "f": fund }),
            )
            .await;
        assert_eq!(
            campaigns["data"]["fund"]["campaigns"][0]["progress"],
            json!({ "pledged": 500_000, "received": 0 }),
            "the pledge counts toward the campaign it was made on"
        );

        // The bank's statement comes in: the treasurer, on the phone too, reads it before
        // anything is recorded, imports it, and leaves the bank's fee aside.
        let day = today.format("%d/%m/%Y");
        let statement = tempfile::Builder::new().suffix(".csv").tempfile()?;
        std::fs::write(
            statement.path(),
            format!(
                "Số tài khoản: 0011001932418\r\n\
                 STT,Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Số dư,Mô tả\r\n\
                 1,{day},5213.30001,,500.000,500.000,MBVCB.3278.KH {code}.CT tu 0451000123456 NGUYEN THI HOA\r\n\
                 2,{day},5213.30002,11.000,,489.000,Phi quan ly tai khoan\r\n",
                code = &reference[2..]
            ),
        )?;
        browser.sign_in(&app, TREASURER, PASSWORD).await?;
        browser
            .client
            .goto(&app.url(&format!("/funds/{fund}/manage")))
            .await?;
        browser.wait_for_text("Sao kê ngân hàng").await?;
        browser
            .field("Tệp sao kê ngân hàng xuất (XLSX, XLS hoặc CSV)")
            .await?
            .send_keys(&statement.path().display().to_string())
            .await?;
        browser.click("Đọc sao kê").await?;
        browser.wait_for_text("Xem trước: chưa có gì được ghi").await?;
        browser.wait_for_text(&reference).await?;
        browser.fits_the_screen("the statement's preview").await?;
        assert_eq!(posted(&app, &fund).await, 0, "a preview records nothing");
        browser.click("Nhập sao kê").await?;
        let question = "Nhập sao kê vào sổ của Quỹ Khuyến học xã Bát Tràng? 2 dòng mới được lưu; 1 khoản chuyển theo cam kết được ghi thành tiền ủng hộ, tổng 500.000 ₫. Không thể hoàn tác.";
        browser.wait_for_text(question).await?;
        browser.click("Xác nhận nhập sao kê").await?;
        browser.wait_for_text_to_vanish(question).await?;
        browser.follow_containing(".csv").await?;
        browser.wait_for_text("Đối chiếu").await?;
        browser.fill("Lý do để riêng", "Phí ngân hàng").await?;
        browser.click("Để riêng").await?;
        browser
            .wait_for_text("Để riêng dòng -11.000 ₫, không ghi vào sổ của Quỹ Khuyến học xã Bát Tràng? Không thể hoàn tác.")
            .await?;
        browser.click("Xác nhận để riêng").await?;
        browser.wait_for_text("Phí ngân hàng").await?;
        browser.fits_the_screen("the statement's reconciliation").await?;
        let findings = browser.accessibility_findings().await?;
        assert!(findings.is_empty(), "{findings:#?}");
        browser.screenshot("statement-phone").await?;

        // The pledge's donation is on the public page, counted toward its campaign.
        browser.client.delete_all_cookies().await?;
        browser
            .client
            .goto(&app.url(&format!("/funds/{fund}")))
            .await?;
        browser.wait_for_text("Chuyển khoản ủng hộ").await?;
        browser.wait_for_text("Nguyễn Thị Hoa").await?;
        assert_eq!(posted(&app, &fund).await, 500_000);
        let (_, campaigns) = app
            .graphql(
                "query($f: ID!) { fund(id: $f) { campaigns { progress { pledged received } } } }",
                json!({ "f": fund }),
            )
            .await;
        assert_eq!(
            campaigns["data"]["fund"]["campaigns"][0]["progress"]["received"],
            500_000,
            "the matched pledge's money counts toward its campaign"
        );

        // The city's page sums the campaigns beneath it, the commune's among them, as the
        // API does.
        let city = app.organization_id("Hội Khuyến học thành phố Hà Nội").await;
        let (_, within) = app
            .graphql(
                "query($o: ID!) { campaignsWithin(organizationId: $o) { progress { received } } }",
                json!({ "o": city }),
            )
            .await;
        let received = within["data"]["campaignsWithin"]["progress"]["received"]
            .as_i64()
            .unwrap_or_else(|| panic!("{within}"));
        assert!(received >= 500_000, "{within}");
        browser
            .client
            .goto(&app.url(&format!("/organizations/{city}/campaigns")))
            .await?;
        browser.wait_for_text("Tết khuyến học 2027").await?;
        let summed = browser
            .client
            .find(fantoccini::Locator::Css("section[aria-labelledby='sum-title'] dd"))
            .await?
            .text()
            .await?;
        assert_eq!(summed, shared::Money::from_dong(received).to_string(), "received beneath the city");
        browser.fits_the_screen("the city's campaigns").await?;
        Ok(())
    })
    .await
    .unwrap();
}
