//! Signing in, and opening an account.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};
use shared::{ErrorCode, Login, NewPassword};

use crate::{
    api::{
        self,
        documents::{SignIn, SignUp, sign_in, sign_up},
    },
    common::{
        form::{Field, FormError, explain},
        mutation::Sending,
    },
    i18n::{Text, use_i18n},
    session::{Me, use_session},
};

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    // A wrong login or password is one answer: which of the two is not told.
    let sending = Sending::with(&[(ErrorCode::Unauthenticated, Text::WrongCredentials)]);
    let (error, busy) = (sending.error, sending.busy);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        let variables = sign_in::Variables {
            login: login.get_untracked(),
            password: password.get_untracked(),
        };
        sending.send::<SignIn>(variables, move |signed_in| {
            let me = Me::from(signed_in.sign_in);
            let landing = me.landing();
            session.me.set(Some(me));
            session.ready.set(true);
            navigate(landing, Default::default());
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
    let sending = Sending::with(&[(ErrorCode::Conflict, Text::LoginTaken)]);
    let (error, busy) = (sending.error, sending.busy);

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
        let variables = sign_up::Variables {
            input: sign_up::SignUpInput {
                login: login.get_untracked(),
                display_name: display_name.get_untracked(),
                password: password.get_untracked(),
            },
        };
        sending.send::<SignUp>(variables, move |_| {
            session.refresh();
            navigate("/account", Default::default());
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
