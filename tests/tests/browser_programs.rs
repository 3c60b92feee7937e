//! Programs in the browser: the public finds an open program, its terms and its (still empty)
//! list of recipients, without signing in.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;
use tests::{AppOptions, Engine, TestApp, browser::Browser, repo_root};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_finds_an_open_program_with_its_terms_and_recipients() {
    let web_dir = repo_root().join("frontend/dist");
    assert!(
        web_dir.join("pkg/frontend_bg.wasm").exists(),
        "the web app is not built: run scripts/build-frontend.sh"
    );
    let options = AppOptions {
        seeded: true,
        web_dir: Some(web_dir),
        ..Default::default()
    };
    let app = TestApp::spawn(Engine::Sqlite, options).await.unwrap();
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
    let created = app
        .graphql_with_cookie(
            Some(&manager),
            "mutation($i: CreateProgramInput!) { createProgram(input: $i) { id } }",
            json!({ "i": input }),
        )
        .await;
    let program = created.body["data"]["createProgram"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{}", created.body))
        .to_owned();
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
