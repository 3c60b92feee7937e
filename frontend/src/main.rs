//! The Khuyến học web app: a Leptos single-page app rendered in the browser.

mod api;
mod app;
mod common;
mod i18n;
mod pages;
mod session;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
