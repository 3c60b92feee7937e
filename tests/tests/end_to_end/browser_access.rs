//! Accounts in the browser: the story of a new member, from sign-up to a role granted by an
//! administrator, and out again.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;
use tests::{Engine, TestApp, browser::Browser};

const ADMIN: &str = "city@example.vn";
const ADMIN_PASSWORD: &str = "quan-tri-thanh-pho";
const LAN: &str = "lan.nguyen@example.vn";
const LAN_PASSWORD: &str = "hoc-tap-suot-doi";

/// The real web app on a seeded SQLite database, with the city's administrator bootstrapped
/// the way `create-admin` does it.
async fn seeded_app_with_a_city_admin() -> TestApp {
    let app = TestApp::with_web_app(Engine::Sqlite).await.unwrap();
    let db = sea_orm::Database::connect(app.database_url())
        .await
        .unwrap();
    backend::service::access::create_admin(
        &db,
        ADMIN,
        "Quản trị thành phố",
        Some(ADMIN_PASSWORD),
        None,
    )
    .await
    .unwrap();
    db.close().await.unwrap();
    app
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_member_signs_up_is_granted_a_role_by_an_admin_and_signs_out() {
    let app = seeded_app_with_a_city_admin().await;
    let bat_trang = app
        .find_organization("Hội Khuyến học xã Bát Tràng")
        .await
        .unwrap();

    Browser::with(async |browser| {
        // Sign up: the browser checks the password with the server's own rules first.
        browser.client.goto(&app.url("/sign-up")).await?;
        browser.fill("Họ và tên", "Nguyễn Thị Lan").await?;
        browser.fill("Email hoặc số điện thoại", LAN).await?;
        browser.fill("Mật khẩu", "ngan").await?;
        browser.click("Tạo tài khoản").await?;
        browser
            .wait_for_text("Mật khẩu cần từ 10 đến 128 ký tự.")
            .await?;
        browser.field("Mật khẩu").await?.clear().await?;
        browser.fill("Mật khẩu", LAN_PASSWORD).await?;
        browser.click("Tạo tài khoản").await?;
        browser.wait_for_text("Tài khoản của tôi").await?;
        browser.wait_for_text("Nguyễn Thị Lan").await?;
        browser.click("Đăng xuất").await?;

        // Sign in, land on my home (nothing waits yet), and see my account: no roles yet, so
        // no administration page.
        browser.wait_for_text("Chưa có tài khoản?").await?;
        browser.fill("Email hoặc số điện thoại", LAN).await?;
        browser.fill("Mật khẩu", "wrong-password!").await?;
        browser.click("Đăng nhập").await?;
        browser
            .wait_for_text("Email/số điện thoại hoặc mật khẩu không đúng.")
            .await?;
        browser.field("Mật khẩu").await?.clear().await?;
        browser.fill("Mật khẩu", LAN_PASSWORD).await?;
        browser.click("Đăng nhập").await?;
        browser.wait_for_text("Bạn chưa có hồ sơ nào.").await?;
        assert_eq!(browser.client.current_url().await?.path(), "/work");
        browser.follow("Tài khoản").await?;
        browser.wait_for_text("Tài khoản của tôi").await?;
        browser
            .wait_for_text("Bạn có thể nộp hồ sơ cho người học.")
            .await?;
        assert!(
            !browser
                .client
                .source()
                .await?
                .contains("Quản trị thành viên"),
            "no administration page yet"
        );
        browser.screenshot("account").await?;
        browser.click("Đăng xuất").await?;

        // The city's administrator grants her a role.
        browser.wait_for_text("Chưa có tài khoản?").await?;
        browser.sign_in(&app, ADMIN, ADMIN_PASSWORD).await?;
        browser.follow("Quản trị thành viên").await?;
        browser.wait_for_text("Thành viên và vai trò").await?;
        // The city's administrator administers every commune below it: pick Bát Tràng.
        browser.wait_for_text("Hội Khuyến học xã Bát Tràng").await?;
        browser
            .field("Tổ chức")
            .await?
            .select_by_value(&bat_trang)
            .await?;
        browser
            .fill("Email hoặc số điện thoại của thành viên", LAN)
            .await?;
        browser
            .field("Vai trò")
            .await?
            .select_by_value("ADMIN")
            .await?;
        browser.click("Cấp vai trò").await?;
        browser.wait_for_text("Đã cấp vai trò.").await?;
        browser.wait_for_text(LAN).await?;
        browser.screenshot("members").await?;
        browser.client.goto(&app.url("/account")).await?;
        browser.click("Đăng xuất").await?;
        browser.wait_for_text("Chưa có tài khoản?").await?;

        // Back as herself, the new page is there.
        browser.sign_in(&app, LAN, LAN_PASSWORD).await?;
        browser.follow("Tài khoản").await?;
        browser.wait_for_text("Quản trị viên").await?;
        browser.wait_for_text("Hội Khuyến học xã Bát Tràng").await?;
        browser.follow("Quản trị thành viên").await?;
        browser.wait_for_text("Thành viên và vai trò").await?;
        browser.wait_for_text("Nguyễn Thị Lan").await?;
        // Her subtree is hers to manage, the city is not: it is not offered.
        browser
            .wait_for_text("Chi hội Khuyến học thôn Giang Cao")
            .await?;
        assert!(
            !browser
                .client
                .source()
                .await?
                .contains("Hội Khuyến học thành phố Hà Nội")
        );

        // Sign out: the header offers signing in again and the account page asks for it.
        browser.client.goto(&app.url("/account")).await?;
        browser.click("Đăng xuất").await?;
        browser.wait_for_text("Chưa có tài khoản?").await?;
        browser.client.goto(&app.url("/account")).await?;
        browser.wait_for_text("Hãy đăng nhập để tiếp tục.").await?;
        Ok(())
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_adds_renames_and_archives_an_organisation() {
    let app = seeded_app_with_a_city_admin().await;
    let bat_trang = app
        .find_organization("Hội Khuyến học xã Bát Tràng")
        .await
        .unwrap();

    Browser::with(async |browser| {
        browser.sign_in(&app, ADMIN, ADMIN_PASSWORD).await?;
        browser.follow("Quản lý tổ chức").await?;
        browser.wait_for_text("Thêm tổ chức").await?;
        browser.wait_for_text("Hội Khuyến học xã Bát Tràng").await?;
        browser
            .field("Trực thuộc")
            .await?
            .select_by_value(&bat_trang)
            .await?;
        browser
            .field("Cấp tổ chức")
            .await?
            .select_by_value("CHAPTER")
            .await?;
        browser
            .fill("Tên tổ chức", "Chi hội Khuyến học thôn Kim Lan")
            .await?;
        browser.click("Thêm tổ chức").await?;
        browser.wait_for_text("Đã lưu.").await?;
        let created = app
            .find_organization("Chi hội Khuyến học thôn Kim Lan")
            .await
            .expect("created through the page");

        browser
            .wait_for_text("Chi hội Khuyến học thôn Kim Lan")
            .await?;
        browser
            .field("Tổ chức")
            .await?
            .select_by_value(&created)
            .await?;
        browser
            .fill("Tên mới", "Chi hội Khuyến học xóm Kim Lan")
            .await?;
        browser.click("Đổi tên").await?;
        browser
            .wait_for_text("Chi hội Khuyến học xóm Kim Lan")
            .await?;
        assert_eq!(
            app.find_organization("Chi hội Khuyến học xóm Kim Lan")
                .await
                .as_deref(),
            Some(created.as_str())
        );

        // Moved, with all it holds, under another commune.
        let ba_dinh = app
            .find_organization("Hội Khuyến học phường Ba Đình")
            .await
            .unwrap();
        browser
            .field("Cấp trên mới")
            .await?
            .select_by_value(&ba_dinh)
            .await?;
        browser
            .client
            .find(fantoccini::Locator::Id("move-target"))
            .await?
            .select_by_value(&created)
            .await?;
        browser.click("Chuyển").await?;
        tests::eventually(
            "the chapter is under Ba Đình",
            std::time::Duration::from_secs(10),
            || async {
                let (_, body) = app
                    .graphql(
                        "query($id: ID!) { organization(id: $id) { parent { id } } }",
                        serde_json::json!({ "id": created }),
                    )
                    .await;
                (body["data"]["organization"]["parent"]["id"] == ba_dinh.as_str()).then_some(())
            },
        )
        .await;

        // Archiving is for good: asked about first, naming the organisation.
        browser
            .field("Tổ chức")
            .await?
            .select_by_value(&created)
            .await?;
        browser.click("Lưu trữ").await?;
        browser
            .wait_for_text("Lưu trữ Chi hội Khuyến học xóm Kim Lan?")
            .await?;
        assert!(
            app.find_organization("Chi hội Khuyến học xóm Kim Lan")
                .await
                .is_some(),
            "asked, not archived"
        );
        browser.click("Lưu trữ vĩnh viễn").await?;
        browser
            .wait_for_text_to_vanish("Chi hội Khuyến học xóm Kim Lan")
            .await?;
        assert_eq!(
            app.find_organization("Chi hội Khuyến học xóm Kim Lan")
                .await,
            None,
            "archived: out of the lists"
        );
        browser.screenshot("manage-organizations").await?;
        Ok(())
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_guardian_accepts_an_invitation_on_their_phone() {
    let app = seeded_app_with_a_city_admin().await;
    // A guardian registers her son and invites his father, who has just opened an account.
    app.sign_up("me@example.vn").await;
    let mother = app.sign_in("me@example.vn").await;
    let register = "mutation($i: RegisterLearnerInput!) { registerLearner(input: $i) { id } }";
    let learner = json!({ "fullName": "Trần Minh Khoa", "dateOfBirth": "2013-04-02", "gender": "MALE", "educationLevel": "LOWER_SECONDARY" });
    let body = app
        .graphql_with_cookie(Some(&mother), register, json!({ "i": learner }))
        .await
        .body;
    let id = body["data"]["registerLearner"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.sign_up(LAN).await;

    Browser::with(async |browser| {
        browser.client.set_window_size(360, 780).await?;
        // The mother invites him from her son's page, on her phone.
        browser
            .sign_in(&app, "me@example.vn", tests::PASSWORD)
            .await?;
        browser
            .client
            .goto(&app.url(&format!("/learners/{id}")))
            .await?;
        browser.wait_for_text("Thêm người giám hộ").await?;
        browser.fill("Email hoặc số điện thoại", LAN).await?;
        browser.click("Gửi lời mời").await?;
        browser
            .wait_for_text(&format!("Đã gửi lời mời tới {LAN}"))
            .await?;
        browser
            .fits_the_screen("the learner page with its invitation")
            .await?;
        browser.client.delete_all_cookies().await?;

        browser.sign_in(&app, LAN, tests::PASSWORD).await?;
        // On a phone the account is in the menu.
        browser.click("Menu").await?;
        browser.follow("Tài khoản").await?;
        browser
            .wait_for_text("Lời mời quản lý hồ sơ người học")
            .await?;
        browser.wait_for_text("Trần Minh Khoa").await?;
        browser.wait_for_text("Người mời").await?;
        assert!(
            browser.client.source().await?.contains("me@example.vn"),
            "who invited them"
        );
        let width: i64 = browser
            .client
            .execute("return document.documentElement.scrollWidth", vec![])
            .await?
            .as_i64()
            .unwrap_or_default();
        assert!(
            width <= 360,
            "the account page fits a 360 px phone: {width}"
        );
        browser
            .client
            .execute(
                "document.querySelector('.invitations').scrollIntoView()",
                vec![],
            )
            .await?;
        browser.screenshot("account-invitation-360").await?;
        browser.click("Nhận lời").await?;
        browser
            .wait_for_text_to_vanish("Lời mời quản lý hồ sơ người học")
            .await?;
        browser.client.goto(&app.url("/learners")).await?;
        browser.wait_for_text("Trần Minh Khoa").await?;
        Ok(())
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_phone_the_members_and_the_learners_pages_fit_the_screen() {
    let app = seeded_app_with_a_city_admin().await;
    Browser::with(async |browser| {
        browser.client.set_window_size(360, 740).await?;
        browser.sign_in(&app, ADMIN, ADMIN_PASSWORD).await?;
        // The organisation's choice holds names deep in the tree, wider than the phone.
        for (path, text, shot) in [
            ("/admin/members", ADMIN, "members-phone"),
            ("/learners", "Người học của tôi", "learners-phone"),
        ] {
            browser.client.goto(&app.url(path)).await?;
            browser.wait_for_text(text).await?;
            browser.fits_the_screen(path).await?;
            browser.screenshot(shot).await?;
        }
        Ok(())
    })
    .await
    .unwrap();
}
