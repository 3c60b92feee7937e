//! Loading and error states, the same on every page.

use leptos::prelude::*;
use shared::{ApplicationStatus, application::Step};

use crate::{
    api::ApiError,
    i18n::{Text, error_message, status_name, use_i18n},
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

/// Where an application stands on its way from a draft to a payment: the steps passed, the one
/// it is in (marked for screen readers as the current step), and those ahead. A request for
/// information stands out as asked of the reader; an end off the way (rejected, withdrawn,
/// cancelled) closes it.
#[component]
pub fn StatusStepper(status: ApplicationStatus) -> impl IntoView {
    let i18n = use_i18n();
    let stopped = status.is_final() && status != ApplicationStatus::Disbursed;
    view! {
        <ol class="stepper" aria-label=move || i18n.t(Text::StatusColumn)>
            {status.journey().into_iter().map(|(state, step)| {
                let current = step == Step::Current;
                view! {
                    <li
                        class:done=step == Step::Done
                        class:current=current
                        class:asked=current && state == ApplicationStatus::NeedsInfo
                        class:stopped=current && stopped
                        aria-current=current.then_some("step")
                    >
                        {move || status_name(state, i18n.locale.get())}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
