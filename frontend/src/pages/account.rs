//! My account: who I am, the roles I hold, invitations to manage a learner, changing my
//! password, signing out.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::use_navigate;

use crate::{
    api::{
        self,
        documents::{
            AcceptLearnerInvitation, ChangePassword, DeclineLearnerInvitation, LearnerInvitations,
            SignOut, accept_learner_invitation, change_password, decline_learner_invitation,
            learner_invitations, sign_out,
        },
    },
    common::{
        form::{Field, FormError},
        mutation::Sending,
        status::{ErrorPanel, Loading},
    },
    i18n::{Text, role_name, use_i18n},
    session::use_session,
};

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let sign_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            // Whatever the server says, this browser is done with the session.
            let _ = api::run::<SignOut>(sign_out::Variables).await;
            session.me.set(None);
            navigate("/sign-in", Default::default());
        });
    };
    view! {
        {move || session.me.get().map(|me| {
            let login = me.login().to_owned();
            let memberships = me.memberships.clone();
            view! {
                <section class="card">
                    <h1>{move || i18n.t(Text::AccountTitle)}</h1>
                    <p class="account-name"><strong>{me.display_name.clone()}</strong></p>
                    <p>{login}</p>
                </section>
                <section class="card">
                    <h2>{move || i18n.t(Text::MyRoles)}</h2>
                    {if memberships.is_empty() {
                        view! { <p>{move || i18n.t(Text::NoRoles)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="org-tree">
                                {memberships.into_iter().map(|membership| {
                                    let role = membership.role;
                                    view! {
                                        <li>
                                            <span class="kind">{move || role_name(role, i18n.locale.get())}</span>
                                            <span>{membership.organization.map(|o| o.name).unwrap_or_default()}</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            }
        })}
        <Invitations />
        <ChangePasswordForm />
        <button class="secondary" on:click=sign_out>{move || i18n.t(Text::SignOut)}</button>
    }
}

/// Invitations to manage a learner's profile, each accepted or declined here; shown only
/// when there are some.
#[component]
fn Invitations() -> impl IntoView {
    let i18n = use_i18n();
    let invitations =
        LocalResource::new(|| api::run::<LearnerInvitations>(learner_invitations::Variables));
    let sending = Sending::default();
    let answer = move |id: String, accept: bool| {
        if accept {
            let variables = accept_learner_invitation::Variables { id };
            sending.send::<AcceptLearnerInvitation>(variables, move |_| invitations.refetch());
        } else {
            let variables = decline_learner_invitation::Variables { id };
            sending.send::<DeclineLearnerInvitation>(variables, move |_| invitations.refetch());
        }
    };
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match invitations.await {
                    Ok(data) if data.learner_invitations.is_empty() => ().into_any(),
                    Ok(data) => view! {
                        <section class="card" aria-labelledby="invitations-title">
                            <h2 id="invitations-title">{move || i18n.t(Text::InvitationsTitle)}</h2>
                            <ul class="invitations">
                                {data.learner_invitations.into_iter().map(|invitation| {
                                    let (accept_id, decline_id) = (invitation.id.clone(), invitation.id);
                                    view! {
                                        <li>
                                            <strong>{invitation.learner_name}</strong>
                                            <span>{move || i18n.t(Text::InvitedBy)}": "{invitation.invited_by_name}</span>
                                            <span class="actions">
                                                <button class="small" disabled=move || sending.busy.get() on:click=move |_| answer(accept_id.clone(), true)>
                                                    {move || i18n.t(Text::AcceptInvitation)}
                                                </button>
                                                <button class="secondary small" disabled=move || sending.busy.get() on:click=move |_| answer(decline_id.clone(), false)>
                                                    {move || i18n.t(Text::DeclineInvitation)}
                                                </button>
                                            </span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <FormError message=sending.error.into() />
                        </section>
                    }.into_any(),
                    Err(failure) => view! { <ErrorPanel error=failure on_retry=move |()| invitations.refetch() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let sending = Sending::default();
    let done = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        let variables = change_password::Variables {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        sending.send::<ChangePassword>(variables, move |_| {
            current.set(String::new());
            new.set(String::new());
            done.set(true);
        });
    };
    view! {
        <section class="card narrow">
            <h2>{move || i18n.t(Text::ChangePassword)}</h2>
            <form on:submit=submit>
                <Field id="current-password" kind="password" label=Signal::derive(move || i18n.t(Text::CurrentPassword)) value=current autocomplete="current-password" />
                <Field
                    id="new-password"
                    kind="password"
                    label=Signal::derive(move || i18n.t(Text::NewPasswordLabel))
                    value=new
                    autocomplete="new-password"
                    hint=Signal::derive(move || i18n.t(Text::PasswordHint))
                />
                <FormError message=sending.error.into() />
                <Show when=move || done.get()>
                    <p class="notice" role="status">{move || i18n.t(Text::PasswordChanged)}</p>
                </Show>
                <button type="submit" disabled=move || sending.busy.get()>{move || i18n.t(Text::ChangePassword)}</button>
            </form>
        </section>
    }
}
