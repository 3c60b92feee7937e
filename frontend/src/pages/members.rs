//! For administrators: who holds which role on the organisations they administer; granting
//! and revoking roles.

use leptos::prelude::*;
use shared::{ErrorCode, Role};

use crate::{
    api::{
        self, Page,
        documents::{GrantRole, Members, RevokeRole, grant_role, members, revoke_role},
    },
    common::{
        form::{Field, FormError},
        mutation::Sending,
        paged::{PageFooter, Paged},
        picker::{OrganizationSelect, use_administered},
    },
    i18n::{Text, role_name, use_i18n},
};

#[component]
pub fn MembersPage() -> impl IntoView {
    let i18n = use_i18n();
    let organization = RwSignal::new(String::new());
    let members = Paged::new(move |after: Option<String>| async move {
        let organization_id = organization.get_untracked();
        if organization_id.is_empty() {
            return Ok(Page {
                rows: Vec::new(),
                next: None,
            });
        }
        let variables = members::Variables {
            organization_id,
            after,
        };
        api::run::<Members>(variables)
            .await
            .map(|data| api::page!(data.members))
    });
    // Another organisation chosen: its members, from their first page.
    members.follow(organization);

    let login = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Reviewer.code().to_owned());
    // A login nobody signed up with is not found.
    let sending = Sending::with(&[(ErrorCode::NotFound, Text::UnknownMember)]);
    let granted = RwSignal::new(false);
    let grant = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        granted.set(false);
        let Some(role) = Role::from_code(&role.get_untracked()) else {
            return;
        };
        let variables = grant_role::Variables {
            login: login.get_untracked(),
            organization_id: organization.get_untracked(),
            role,
        };
        sending.send::<GrantRole>(variables, move |_| {
            login.set(String::new());
            granted.set(true);
            members.reload();
        });
    };
    let revoke = move |membership_id: String| {
        let variables = revoke_role::Variables { membership_id };
        sending.send::<RevokeRole>(variables, move |_| members.reload());
    };

    view! {
        <h1>{move || i18n.t(Text::MembersTitle)}</h1>
        <div class="filters">
            <OrganizationSelect
                id="members-organization"
                label=Signal::derive(move || i18n.t(Text::OrganizationLabel))
                value=organization
                scope=use_administered()
            />
        </div>
        <section class="card">
            <Show when=move || members.is_empty()>
                <p>{move || i18n.t(Text::NoMembers)}</p>
            </Show>
            <ul class="org-tree">
                {move || members.rows.get().into_iter().map(|member| {
                    let role = member.membership.role;
                    let id = member.membership.id.clone();
                    view! {
                        <li>
                            <span class="kind">{move || role_name(role, i18n.locale.get())}</span>
                            <span class="name">{member.display_name}</span>
                            <span class="muted">{member.login}</span>
                            <button class="secondary small" on:click=move |_| revoke(id.clone())>
                                {move || i18n.t(Text::Revoke)}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <PageFooter paged=members />
        </section>
        <section class="card narrow">
            <h2>{move || i18n.t(Text::GrantRole)}</h2>
            <form on:submit=grant>
                <Field id="member-login" label=Signal::derive(move || i18n.t(Text::MemberLoginLabel)) value=login />
                <div class="field">
                    <label for="member-role">{move || i18n.t(Text::RoleLabel)}</label>
                    <select id="member-role" on:change=move |ev| role.set(event_target_value(&ev))>
                        {Role::ALL.iter().copied().map(|r| view! {
                            <option value=r.code() selected=move || role.get() == r.code()>{move || role_name(r, i18n.locale.get())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <FormError message=sending.error.into() />
                <Show when=move || granted.get()>
                    <p class="notice" role="status">{move || i18n.t(Text::RoleGranted)}</p>
                </Show>
                <button type="submit" disabled=move || sending.busy.get()>{move || i18n.t(Text::GrantRole)}</button>
            </form>
        </section>
    }
}
