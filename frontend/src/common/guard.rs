//! Pages only some people may see. The server refuses their data anyway; this spares people
//! a page of errors and sends them where they can act.

use leptos::prelude::*;
use leptos_router::components::A;
use shared::Role;

use crate::{
    common::status::Loading,
    i18n::{Text, use_i18n},
    session::use_session,
};

/// Shows `children` to signed-in users (holding `role`, if given); asks others to sign in.
#[component]
pub fn RequireSignIn(#[prop(optional)] role: Option<Role>, children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let children = StoredValue::new(children);
    move || {
        if !session.ready.get() {
            return view! { <Loading /> }.into_any();
        }
        match session.me.get() {
            None => view! {
                <section class="card narrow">
                    <p>{move || i18n.t(Text::SignInToContinue)}</p>
                    <A href="/sign-in">{move || i18n.t(Text::SignIn)}</A>
                </section>
            }
            .into_any(),
            Some(me) if role.is_some_and(|role| !me.holds(role)) => {
                view! { <p class="error" role="alert">{move || i18n.t(Text::NotAllowed)}</p> }
                    .into_any()
            }
            Some(_) => children.read_value()().into_any(),
        }
    }
}
