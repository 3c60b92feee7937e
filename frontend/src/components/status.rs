//! Loading and error states, the same on every page.

use leptos::prelude::*;

use crate::{
    api::ApiError,
    i18n::{Text, error_message, use_i18n},
};

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" role="status">{move || i18n.t(Text::Loading)}</p> }
}

/// An error in plain words, the code for support, and a way to try again.
#[component]
pub fn ErrorPanel(error: ApiError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let code = error.code;
    view! {
        <div class="error" role="alert">
            <strong>{move || i18n.t(Text::ErrorTitle)}</strong>
            <p>{move || error_message(code, i18n.locale.get())}</p>
            <p class="code">{code.map(|c| c.as_str()).unwrap_or("NETWORK")}</p>
            <button on:click=move |_| on_retry.run(())>{move || i18n.t(Text::Retry)}</button>
        </div>
    }
}
