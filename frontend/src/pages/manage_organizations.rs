//! For administrators: adding, renaming, moving and archiving organisations in their subtrees.

use leptos::prelude::*;
use leptos_router::components::A;
use shared::{ErrorCode, OrganizationKind};

use crate::{
    api::documents::{
        ArchiveOrganization, CreateOrganization, MoveOrganization, RenameOrganization,
        archive_organization, create_organization, move_organization, rename_organization,
    },
    common::{
        confirm::{Ask, Confirm},
        form::{Field, FormError},
        mutation::Sending,
        picker::{OrganizationSelect, use_administered},
    },
    i18n::{Text, kind_name, use_i18n},
};

#[component]
pub fn ManageOrganizationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let administered = use_administered();
    let changed = Trigger::new();
    // One place for the outcome of whichever form was used last.
    let sending = Sending::with(&[(ErrorCode::Conflict, Text::NameTaken)]);
    let saved = RwSignal::new(false);
    let done = move || {
        saved.set(true);
        changed.notify();
    };

    let parent = RwSignal::new(String::new());
    let kind = RwSignal::new(OrganizationKind::Chapter.code().to_owned());
    let name = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(kind) = OrganizationKind::from_code(&kind.get_untracked()) else {
            return;
        };
        let variables = create_organization::Variables {
            input: create_organization::CreateOrganizationInput {
                parent_id: parent.get_untracked(),
                kind,
                name: name.get_untracked(),
                area_code: None,
            },
        };
        saved.set(false);
        sending.send::<CreateOrganization>(variables, move |_| {
            name.set(String::new());
            done();
        });
    };

    let target = RwSignal::new(String::new());
    let new_name = RwSignal::new(String::new());
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let variables = rename_organization::Variables {
            id: target.get_untracked(),
            name: new_name.get_untracked(),
        };
        saved.set(false);
        sending.send::<RenameOrganization>(variables, move |_| {
            new_name.set(String::new());
            done();
        });
    };
    // Archiving is for good: it is asked about first, naming the organisation.
    let target_name = RwSignal::new(String::new());
    let asked = RwSignal::new(None::<Ask>);
    let archive = move || {
        let variables = archive_organization::Variables {
            id: target.get_untracked(),
        };
        saved.set(false);
        sending.answer::<ArchiveOrganization>(variables, move |answer| {
            asked.set(None);
            if answer.is_some() {
                done();
            }
        });
    };

    // Moving an organisation (and everything under it) under another parent.
    let moving = RwSignal::new(String::new());
    let new_parent = RwSignal::new(String::new());
    let move_under = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let variables = move_organization::Variables {
            id: moving.get_untracked(),
            parent_id: new_parent.get_untracked(),
        };
        saved.set(false);
        sending.send::<MoveOrganization>(variables, move |_| done());
    };

    view! {
        <h1>{move || i18n.t(Text::NavOrganizationsAdmin)}</h1>
        <p><A href="/admin/organizations/import">{move || i18n.t(Text::ImportFromExcel)}</A></p>
        <FormError message=sending.error.into() />
        <Show when=move || saved.get()>
            <p class="notice" role="status">{move || i18n.t(Text::Saved)}</p>
        </Show>
        <section class="card narrow">
            <h2>{move || i18n.t(Text::AddOrganization)}</h2>
            <form on:submit=add>
                <OrganizationSelect id="new-parent" label=Signal::derive(move || i18n.t(Text::ParentLabel)) value=parent scope=administered changed />
                <div class="field">
                    <label for="new-kind">{move || i18n.t(Text::FilterKind)}</label>
                    <select id="new-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        {[OrganizationKind::Commune, OrganizationKind::Chapter, OrganizationKind::Clan, OrganizationKind::Other]
                            .into_iter()
                            .map(|k| view! {
                                <option value=k.code() selected=move || kind.get() == k.code()>{move || kind_name(k, i18n.locale.get())}</option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <Field id="new-name" label=Signal::derive(move || i18n.t(Text::NameLabel)) value=name />
                <button type="submit" disabled=move || sending.busy.get()>{move || i18n.t(Text::AddOrganization)}</button>
            </form>
        </section>
        <section class="card narrow">
            <h2>{move || i18n.t(Text::RenameOrArchive)}</h2>
            <form on:submit=rename>
                <OrganizationSelect id="target" label=Signal::derive(move || i18n.t(Text::OrganizationLabel)) value=target scope=administered changed chosen=target_name />
                <Field id="rename-to" label=Signal::derive(move || i18n.t(Text::NewNameLabel)) value=new_name />
                <div class="actions">
                    <button type="submit" disabled=move || sending.busy.get()>{move || i18n.t(Text::Rename)}</button>
                    <button type="button" class="secondary" disabled=move || sending.busy.get()
                        on:click=move |_| asked.set(Some(Ask::Archive { organization: target_name.get_untracked().trim().to_owned() }))>
                        {move || i18n.t(Text::Archive)}
                    </button>
                </div>
            </form>
            {move || asked.get().map(|question| view! {
                <Confirm ask=question busy=sending.busy
                    on_confirm=move |()| archive()
                    on_cancel=move |()| asked.set(None) />
            })}
        </section>
        <section class="card narrow">
            <h2>{move || i18n.t(Text::MoveOrganization)}</h2>
            <form on:submit=move_under>
                <OrganizationSelect id="move-target" label=Signal::derive(move || i18n.t(Text::OrganizationLabel)) value=moving scope=administered changed />
                <OrganizationSelect id="move-parent" label=Signal::derive(move || i18n.t(Text::NewParentLabel)) value=new_parent scope=administered changed />
                <p class="hint">{move || i18n.t(Text::MoveHint)}</p>
                <button type="submit" disabled=move || sending.busy.get()>{move || i18n.t(Text::MoveOrganizationButton)}</button>
            </form>
        </section>
    }
}
