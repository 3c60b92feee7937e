//! Signing in, and opening an account.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_navigate};
use serde::de::IgnoredAny;
use shared::{ErrorCode, Login, NewPassword};

use crate::{
    api,
    components::form::{Field, FormError, explain},
    i18n::{Text, use_i18n},
    session::{Me, use_session},
};

const SIGN_IN: &str = include_str!("../../graphql/sign_in.graphql");
const SIGN_UP: &str = include_str!("../../graphql/sign_up.graphql");

/// The answer to signing in: who is now signed in.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignedIn {
    sign_in: Me,
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        busy.set(true);
        spawn_local(async move {
            let variables = serde_json::json!({ "login": login.get_untracked(), "password": password.get_untracked() });
            match api::graphql::<_, SignedIn>(SIGN_IN, variables).await {
                Ok(SignedIn { sign_in: me }) => {
                    error.set(None);
                    let landing = me.landing();
                    session.me.set(Some(me));
                    session.ready.set(true);
                    navigate(landing, Default::default());
                }
                Err(failure) => {
                    let overrides = [(ErrorCode::Unauthenticated, Text::WrongCredentials)];
                    error.set(Some(explain(
                        &failure,
                        i18n.locale.get_untracked(),
                        &overrides,
                    )));
                }
            }
            busy.set(false);
        });
    };

    view! {
        <section class="card narrow">
            <h1>{move || i18n.t(Text::SignIn)}</h1>
            <form on:submit=submit>
                <Field id="login" label=Signal::derive(move || i18n.t(Text::LoginLabel)) value=login autocomplete="username" />
                <Field
                    id="password"
                    kind="password"
                    label=Signal::derive(move || i18n.t(Text::PasswordLabel))
                    value=password
                    autocomplete="current-password"
                />
                <FormError message=error.into() />
                <button type="submit" disabled=move || busy.get()>
                    {move || if busy.get() { i18n.t(Text::Working) } else { i18n.t(Text::SignIn) }}
                </button>
            </form>
            <p>{move || i18n.t(Text::NoAccount)} " " <A href="/sign-up">{move || i18n.t(Text::SignUp)}</A></p>
        </section>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let display_name = RwSignal::new(String::new());
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.locale.get_untracked();
        // The same rules as the server's, from the shared crate: no round trip to learn that
        // a password is too short.
        let checked = Login::parse(&login.get_untracked())
            .and_then(|_| NewPassword::parse(&password.get_untracked()).map(|_| ()))
            .map_err(|e| api::ApiError {
                code: Some(ErrorCode::Validation),
                field: Some(e.field),
                refusal: None,
                message: String::new(),
            });
        if let Err(failure) = checked {
            error.set(Some(explain(&failure, locale, &[])));
            return;
        }
        let navigate = navigate.clone();
        busy.set(true);
        spawn_local(async move {
            let variables = serde_json::json!({ "input": {
                "login": login.get_untracked(),
                "displayName": display_name.get_untracked(),
                "password": password.get_untracked(),
            }});
            match api::graphql::<_, IgnoredAny>(SIGN_UP, variables).await {
                Ok(_) => {
                    error.set(None);
                    session.refresh();
                    navigate("/account", Default::default());
                }
                Err(failure) => error.set(Some(explain(
                    &failure,
                    locale,
                    &[(ErrorCode::Conflict, Text::LoginTaken)],
                ))),
            }
            busy.set(false);
        });
    };

    view! {
        <section class="card narrow">
            <h1>{move || i18n.t(Text::SignUpTitle)}</h1>
            <form on:submit=submit>
                <Field id="display-name" label=Signal::derive(move || i18n.t(Text::DisplayNameLabel)) value=display_name autocomplete="name" />
                <Field id="login" label=Signal::derive(move || i18n.t(Text::LoginLabel)) value=login autocomplete="username" />
                <Field
                    id="password"
                    kind="password"
                    label=Signal::derive(move || i18n.t(Text::PasswordLabel))
                    value=password
                    autocomplete="new-password"
                    hint=Signal::derive(move || i18n.t(Text::PasswordHint))
                />
                <FormError message=error.into() />
                <button type="submit" disabled=move || busy.get()>
                    {move || if busy.get() { i18n.t(Text::Working) } else { i18n.t(Text::CreateAccount) }}
                </button>
            </form>
            <p>{move || i18n.t(Text::HaveAccount)} " " <A href="/sign-in">{move || i18n.t(Text::SignIn)}</A></p>
        </section>
    }
}
