//! The page shell: header with navigation and language switch, the page, a footer. On a
//! phone the header is one line: the navigation opens from a menu button, as a list, and
//! closes again once a page is chosen.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};

use shared::Role;

use crate::{
    common::status::Loading,
    i18n::{Locale, Text, use_i18n},
    pages::inbox::use_unread_count,
    session::use_session,
};

#[component]
pub fn Shell(
    /// Whether the next page is still on its way (a lazy page's code, fetched when it is
    /// first opened).
    is_routing: ReadSignal<bool>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let menu_open = RwSignal::new(false);
    let unread = use_unread_count();
    let location = use_location();
    // The unread count is asked again on every page change, for whoever is signed in; once
    // they sign out, the next person on the device sees none of it.
    Effect::new(move |_| {
        location.pathname.track();
        if session.me.with(Option::is_some) {
            unread.refresh();
        } else {
            unread.0.set(0);
        }
    });
    view! {
        <a class="skip-link" href="#main">{move || i18n.t(Text::SkipToContent)}</a>
        <header class="site-header">
            <div class="bar">
                <A href="/" attr:class="brand" attr:title=move || i18n.t(Text::Tagline)>
                    {move || i18n.t(Text::AppName)}
                </A>
                <button
                    type="button"
                    class="menu-button"
                    aria-controls="site-nav"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|open| *open = !*open)
                >
                    {move || i18n.t(Text::Menu)}
                    // On a phone the menu hides the inbox's link: its count shows here too.
                    {move || (unread.0.get() > 0).then(|| view! {
                        " "
                        <span class="badge">
                            {move || unread.0.get()}
                        </span>
                    })}
                </button>
                <nav
                    id="site-nav"
                    class="site-nav"
                    class:open=move || menu_open.get()
                    aria-label=move || i18n.t(Text::MainNavigation)
                    // A page chosen from the open menu closes it.
                    on:click=move |_| menu_open.set(false)
                >
                    <A href="/" exact=true>{move || i18n.t(Text::NavHome)}</A>
                    <A href="/organizations">{move || i18n.t(Text::NavOrganizations)}</A>
                    <A href="/funds">{move || i18n.t(Text::NavFunds)}</A>
                    <A href="/programs">{move || i18n.t(Text::NavPrograms)}</A>
                    {move || {
                        let me = session.me.get();
                        let is_admin = me.as_ref().is_some_and(|me| me.holds(Role::Admin));
                        let is_reviewer = me.as_ref().is_some_and(|me| me.holds(Role::Reviewer));
                        let is_manager = me.as_ref().is_some_and(|me| me.holds(Role::ProgramManager));
                        match me {
                            None => view! {
                                <A href="/sign-in">{move || i18n.t(Text::SignIn)}</A>
                                <A href="/sign-up">{move || i18n.t(Text::SignUp)}</A>
                            }
                            .into_any(),
                            Some(_) => view! {
                                <A href="/work">{move || i18n.t(Text::NavWork)}</A>
                                <A href="/inbox">
                                    {move || i18n.t(Text::NavInbox)}
                                    {move || (unread.0.get() > 0).then(|| view! {
                                        " "
                                        <span class="badge">
                                            {move || unread.0.get()}
                                        </span>
                                    })}
                                </A>
                                <A href="/learners">{move || i18n.t(Text::NavMyLearners)}</A>
                                {is_reviewer.then(|| view! { <A href="/reviews">{move || i18n.t(Text::NavReviews)}</A> })}
                                {(is_manager || is_admin).then(|| view! { <A href="/staff/learners">{move || i18n.t(Text::NavStaffLearners)}</A> })}
                                <A href="/account">{move || i18n.t(Text::NavAccount)}</A>
                                {is_admin.then(|| view! {
                                    <A href="/admin/members">{move || i18n.t(Text::NavMembers)}</A>
                                    <A href="/admin/organizations">{move || i18n.t(Text::NavOrganizationsAdmin)}</A>
                                    <A href="/admin/audit">{move || i18n.t(Text::NavAudit)}</A>
                                })}
                            }
                            .into_any(),
                        }
                    }}
                </nav>
                <LocaleSwitch />
            </div>
        </header>
        {move || is_routing.get().then(|| view! { <Loading /> })}
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">{move || i18n.t(Text::Footer)}</footer>
    }
}

#[component]
fn LocaleSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="locale-switch">
            <label for="locale">{move || i18n.t(Text::Language)}</label>
            <select
                id="locale"
                on:change=move |ev| {
                    if let Some(locale) = Locale::from_tag(&event_target_value(&ev)) {
                        i18n.locale.set(locale);
                    }
                }
            >
                {Locale::ALL
                    .into_iter()
                    .map(|locale| {
                        view! {
                            <option value=locale.tag() selected=move || i18n.locale.get() == locale>
                                {locale.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
