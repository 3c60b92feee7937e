//! The web app in headless Chromium, used as a person would: reading what is on screen,
//! finding fields by their labels. Needs the built app (`scripts/build-frontend.sh`), which
//! the test command builds first.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use tests::{Engine, TestApp, browser::Browser};

async fn seeded_app_with_the_real_web_app() -> TestApp {
    TestApp::with_web_app(Engine::Sqlite)
        .await
        .expect("SQLite is always available")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_page_shows_the_association_tree_from_the_api() {
    let app = seeded_app_with_the_real_web_app().await;
    Browser::with(async |browser| {
        browser.client.goto(&app.url("/")).await?;
        browser
            .wait_for_text("Hội Khuyến học thành phố Hà Nội")
            .await?;
        browser.wait_for_text("Hội Khuyến học xã Bát Tràng").await?;
        // The counts come from the API: 22 organisations in the seeds, 9 communes and wards.
        let stats = browser
            .client
            .find(fantoccini::Locator::Css(".stats"))
            .await?
            .text()
            .await?;
        assert!(
            stats.contains("22") && stats.contains('9'),
            "stats: {stats}"
        );
        assert!(
            browser.client.source().await?.contains("SQLite"),
            "the server's facts are shown"
        );
        let shot = browser.screenshot("home").await?;
        println!("screenshot: {}", shot.display());
        Ok(())
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_organisations_page_filters_by_level_and_switches_language() {
    let app = seeded_app_with_the_real_web_app().await;
    Browser::with(async |browser| {
        // A deep link works: the server hands client-side routes to the app.
        browser.client.goto(&app.url("/organizations")).await?;
        browser.wait_for_text("Các tổ chức hội").await?;
        browser
            .wait_for_text("Hội Khuyến học phường Cầu Giấy")
            .await?;

        browser
            .field("Cấp tổ chức")
            .await?
            .select_by_value("CLAN")
            .await?;
        browser
            .wait_for_text_to_vanish("Hội Khuyến học phường Cầu Giấy")
            .await?;
        browser
            .wait_for_text("Ban Khuyến học dòng họ Lê thôn Giang Cao")
            .await?;
        browser
            .wait_for_text("Ban Khuyến học dòng họ Đinh xã Ba Vì")
            .await?;

        browser
            .field("Ngôn ngữ")
            .await?
            .select_by_value("en")
            .await?;
        browser.wait_for_text("Organisations").await?;
        browser.field("Level").await?;
        let lang = browser
            .client
            .find(fantoccini::Locator::Css("html"))
            .await?
            .attr("lang")
            .await?;
        assert_eq!(lang.as_deref(), Some("en"));
        browser.screenshot("organizations-en").await?;
        Ok(())
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_phone_the_pages_fit_the_screen() {
    let app = seeded_app_with_the_real_web_app().await;
    Browser::with(async |browser| {
        browser.client.set_window_size(390, 844).await?;
        for (path, text) in [
            ("/", "Hội Khuyến học xã Bát Tràng"),
            ("/organizations", "Chi hội Khuyến học thôn Giang Cao"),
        ] {
            browser.client.goto(&app.url(path)).await?;
            browser.wait_for_text(text).await?;
            browser.fits_the_screen(path).await?;
        }
        browser.screenshot("organizations-phone").await?;
        Ok(())
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_the_server_fails_the_page_says_so_in_plain_words_and_offers_a_retry() {
    let Some(app) = TestApp::with_web_app(Engine::Postgres).await else {
        return;
    };
    app.lose_the_database().await;

    Browser::with(async |browser| {
        browser.client.goto(&app.url("/organizations")).await?;
        browser
            .wait_for_text(
                "Máy chủ tạm thời không truy cập được dữ liệu. Vui lòng thử lại sau giây lát.",
            )
            .await?;
        browser.wait_for_text("Thử lại").await?;
        browser.screenshot("organizations-error").await?;
        Ok(())
    })
    .await
    .unwrap();
}

/// Copies the folder `from` into `to`, every file and folder in it.
fn copy_folder(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_whose_file_fails_to_download_is_asked_for_again_and_the_app_keeps_running() {
    // The web app served from a copy whose lazy pages' files are missing for a while.
    let web = tempfile::tempdir().unwrap();
    copy_folder(&tests::built_web_dir(), web.path());
    let app_folder = std::fs::read_dir(web.path().join("pkg"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.is_dir())
        .expect("the app's folder under pkg/");
    let aside = tempfile::tempdir().unwrap();
    let chunks: Vec<_> = std::fs::read_dir(&app_folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("chunk_"))
        })
        .collect();
    assert!(!chunks.is_empty(), "lazy pages have files of their own");
    for chunk in &chunks {
        std::fs::rename(chunk, aside.path().join(chunk.file_name().unwrap())).unwrap();
    }
    let app = TestApp::spawn(
        Engine::Sqlite,
        tests::AppOptions {
            seeded: true,
            web_dir: Some(web.path().to_owned()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let fund = app.fund_id("Quỹ Khuyến học xã Bát Tràng").await;

    Browser::with(async |browser| {
        browser
            .client
            .goto(&app.url(&format!("/funds/{fund}")))
            .await?;
        browser
            .wait_for_text("Mất kết nối: đang thử tải lại trang…")
            .await?;
        // The app still runs: its menu still answers.
        browser.wait_for_text("Học bổng, giải thưởng").await?;
        for chunk in &chunks {
            std::fs::rename(aside.path().join(chunk.file_name().unwrap()), chunk)?;
        }
        browser.wait_for_text("Công khai tài chính").await?;
        browser
            .wait_for_text_to_vanish("Mất kết nối: đang thử tải lại trang…")
            .await?;
        Ok(())
    })
    .await
    .unwrap();
}
