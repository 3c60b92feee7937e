//! The app: shared state, the router and the page shell.

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

use crate::{
    components::layout::Shell,
    i18n::I18n,
    pages::{home::HomePage, not_found::NotFoundPage, organizations::OrganizationsPage},
};

#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/organizations") view=OrganizationsPage />
                </Routes>
            </Shell>
        </Router>
    }
}
