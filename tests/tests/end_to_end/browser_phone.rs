//! Every page as each kind of user sees it on a small phone (360×740), with the demo's story
//! loaded so that the pages hold real lists, amounts and names: none scrolls sideways, and
//! axe-core finds nothing serious or critical for accessibility on any.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use fantoccini::Locator;
use sea_orm::{ConnectionTrait, Statement};
use tests::{
    Engine, TestApp,
    browser::{Browser, WAIT},
};

/// The demo accounts' password, as the demo is loaded here.
const DEMO_PASSWORD: &str = "khuyenhoc-demo";
/// The city's administrator, as `TestApp::city_admin` makes them.
const ADMIN: (&str, &str) = ("city@example.vn", tests::PASSWORD);

/// Who looks (in words, for the failure), how they sign in (login, password) if they do,
/// where they land when they have, and the pages of their own they visit besides the public
/// ones.
type Visitor = (
    &'static str,
    Option<(&'static str, &'static str)>,
    &'static str,
    Vec<String>,
);

/// The first id `sql` finds.
async fn id(app: &TestApp, sql: &str) -> i64 {
    let db = app.database().await;
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("nothing for {sql}"));
    row.try_get_by_index::<i64>(0).unwrap()
}

/// Opens `path` and waits until the app has started and nothing on the page is still loading.
async fn settle(browser: &Browser, app: &TestApp, path: &str) -> anyhow::Result<()> {
    browser.client.goto(&app.url(path)).await?;
    let deadline = Instant::now() + WAIT;
    loop {
        let state = browser
            .client
            .execute(
                "if (document.getElementById('boot')) return 'starting'; \
                 if (!document.querySelector('main')) return 'no page'; \
                 if (document.querySelector('.loading')) return 'loading'; \
                 return 'settled';",
                vec![],
            )
            .await?;
        if state == "settled" {
            return Ok(());
        }
        if Instant::now() > deadline {
            anyhow::bail!("{path} still {state} after {WAIT:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_scrolls_sideways_or_shuts_anyone_out_on_a_small_phone_whoever_looks() {
    let app = TestApp::with_web_app(Engine::Sqlite).await.unwrap();
    app.city_admin().await;
    let db = app.database().await;
    let backend::demo::Story::Created { program_id } =
        backend::demo::load(&db, DEMO_PASSWORD).await.unwrap()
    else {
        panic!("the demo's story is loaded once, here");
    };
    let fund = app.fund_id("Quỹ Khuyến học xã Bát Tràng").await;
    let application = id(
        &app,
        &format!("SELECT MIN(id) FROM application WHERE program_id = {program_id}"),
    )
    .await;
    let review = id(
        &app,
        "SELECT MIN(r.id) FROM review r JOIN user_account u ON u.id = r.reviewer_id \
         WHERE u.email = 'giamkhao2@khuyenhoc.local'",
    )
    .await;
    let learner = id(
        &app,
        "SELECT MIN(m.learner_id) FROM learner_manager m JOIN user_account u ON u.id = m.user_id \
         WHERE u.email = 'phuhuynh@khuyenhoc.local'",
    )
    .await;

    let campaign = id(&app, "SELECT MIN(id) FROM campaign").await;
    let commune = id(
        &app,
        &format!("SELECT organization_id FROM fund WHERE id = {fund}"),
    )
    .await;
    let statement = id(&app, "SELECT MIN(id) FROM bank_statement").await;
    // Lê Quốc Bảo's, whom his clan has already rewarded this school year.
    let funded_elsewhere = id(
        &app,
        &format!("SELECT MAX(id) FROM application WHERE program_id = {program_id}"),
    )
    .await;
    let city = id(&app, "SELECT id FROM organization WHERE parent_id IS NULL").await;
    let public = [
        "/".to_owned(),
        "/organizations".to_owned(),
        "/funds".to_owned(),
        format!("/funds/{fund}"),
        format!("/campaigns/{campaign}"),
        format!("/organizations/{commune}/campaigns"),
        "/programs".to_owned(),
        format!("/programs/{program_id}"),
    ];
    let people: [Visitor; 6] = [
        (
            "someone not signed in",
            None,
            "/",
            vec!["/sign-in".into(), "/sign-up".into()],
        ),
        (
            "a guardian",
            Some(("phuhuynh@khuyenhoc.local", DEMO_PASSWORD)),
            "/work",
            vec![
                "/work".into(),
                "/account".into(),
                "/inbox".into(),
                "/learners".into(),
                format!("/learners/{learner}"),
                format!("/applications/{application}"),
            ],
        ),
        (
            "a reviewer",
            Some(("giamkhao2@khuyenhoc.local", DEMO_PASSWORD)),
            "/work",
            vec![
                "/work".into(),
                "/reviews".into(),
                format!("/reviews/{review}"),
                "/inbox".into(),
            ],
        ),
        (
            "a program manager",
            Some(("quanly@khuyenhoc.local", DEMO_PASSWORD)),
            "/work",
            vec![
                "/work".into(),
                "/programs/new".into(),
                format!("/programs/{program_id}/manage"),
                format!("/applications/{application}"),
                format!("/applications/{funded_elsewhere}"),
                "/staff/learners".into(),
                "/staff/learners/import".into(),
            ],
        ),
        (
            "a treasurer",
            Some(("thuquy@khuyenhoc.local", DEMO_PASSWORD)),
            "/work",
            vec![
                "/work".into(),
                format!("/funds/{fund}/manage"),
                format!("/bank-statements/{statement}"),
                format!("/programs/{program_id}/payouts"),
                "/inbox".into(),
            ],
        ),
        (
            "the city's administrator",
            Some(ADMIN),
            "/work",
            vec![
                "/work".into(),
                "/admin/organizations".into(),
                "/admin/members".into(),
                "/admin/audit".into(),
                "/funds/new".into(),
                "/staff/learners".into(),
                format!("/funds/{fund}/manage"),
                format!("/organizations/{city}/duplicates"),
            ],
        ),
    ];

    let mut too_wide = Vec::new();
    let mut inaccessible = Vec::new();
    for (who, login, landing, own) in &people {
        Browser::with(async |browser| {
            if let Some((login, password)) = login {
                browser.sign_in(&app, login, password).await?;
                // Each lands where their work is, not on their account.
                let landed = browser.client.current_url().await?;
                assert_eq!(landed.path(), *landing, "{who} lands on their workspace");
            }
            browser.client.set_window_size(360, 740).await?;
            for path in public.iter().chain(own) {
                settle(browser, &app, path).await?;
                if path == "/work" {
                    browser
                        .screenshot(&format!("work-{}", who.replace(' ', "-")))
                        .await?;
                }
                // As on a phone, no scrollbar takes width from the page.
                let widths = browser
                    .client
                    .execute(
                        "return [window.innerWidth, document.documentElement.clientWidth];",
                        vec![],
                    )
                    .await?;
                assert_eq!(widths[0], widths[1], "{path}: {widths}");
                if let Err(error) = browser.fits_the_screen(&format!("{path} for {who}")).await {
                    let shot = format!("too-wide{}", path.replace('/', "-"));
                    browser.screenshot(&shot).await?;
                    too_wide.push(error.to_string());
                }
                for finding in browser.accessibility_findings().await? {
                    inaccessible.push(format!("{path} for {who}: {finding}"));
                }
            }
            if login.is_none() {
                // The header is one line; its menu opens the navigation and the language, and
                // choosing a page closes it.
                settle(browser, &app, "/").await?;
                let expanded = async || {
                    let button = browser.client.find(Locator::Css(".menu-button")).await?;
                    anyhow::Ok(button.attr("aria-expanded").await?)
                };
                assert_eq!(expanded().await?.as_deref(), Some("false"));
                browser.click("Menu").await?;
                assert_eq!(expanded().await?.as_deref(), Some("true"));
                browser.field("Ngôn ngữ").await?;
                browser.follow("Quỹ").await?;
                browser.wait_for_text("Quỹ Khuyến học xã Bát Tràng").await?;
                assert_eq!(
                    expanded().await?.as_deref(),
                    Some("false"),
                    "closed on arrival"
                );
                browser.screenshot("menu-phone").await?;

                // The first link of the page skips the header and stays on the page.
                let skipped = browser
                    .client
                    .execute(
                        "document.querySelector('.skip-link').click(); \
                         return [location.pathname, location.hash];",
                        vec![],
                    )
                    .await?;
                assert_eq!(skipped, serde_json::json!(["/funds", "#main"]), "{skipped}");
            }
            if *who == "a program manager" {
                // Above the decision on Bảo's scholarship: the award his clan already made.
                settle(browser, &app, &format!("/applications/{funded_elsewhere}")).await?;
                browser
                    .wait_for_text("Đã được hỗ trợ trong năm học này")
                    .await?;
                browser
                    .wait_for_text("Ban Khuyến học dòng họ Lê thôn Giang Cao")
                    .await?;
                browser
                    .client
                    .execute(
                        "document.querySelector('.funded-elsewhere').scrollIntoView();",
                        vec![],
                    )
                    .await?;
                browser.screenshot("funded-elsewhere-phone").await?;
            }
            if *who == "a guardian" {
                // What is new for them is theirs alone: once they sign out, the phone's
                // menu counts nothing for the next person.
                settle(browser, &app, "/account").await?;
                tests::eventually("the demo's news for the guardian", WAIT, || async {
                    (browser.unread_badge().await.ok()? > 0).then_some(())
                })
                .await;
                browser.click("Đăng xuất").await?;
                tests::eventually("the count to go with the session", WAIT, || async {
                    (browser.unread_badge().await.ok()? == 0).then_some(())
                })
                .await;
            }
            Ok(())
        })
        .await
        .unwrap();
    }
    assert!(too_wide.is_empty(), "{}", too_wide.join("\n"));
    assert!(inaccessible.is_empty(), "{}", inaccessible.join("\n"));
}
