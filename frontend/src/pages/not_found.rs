//! Shown for any path the router does not know.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Text, use_i18n};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{move || i18n.t(Text::NotFoundTitle)}</h1>
        <p>{move || i18n.t(Text::NotFoundBody)}</p>
        <A href="/">{move || i18n.t(Text::BackHome)}</A>
    }
}
