//! For administrators: adding, renaming and archiving organisations in their subtrees.

use leptos::prelude::*;
use shared::{ErrorCode, OrganizationKind};

use crate::{
    api::documents::{
        ArchiveOrganization, CreateOrganization, RenameOrganization, archive_organization,
        create_organization, rename_organization,
    },
    common::{
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
    let archive = move |_| {
        let variables = archive_organization::Variables {
            id: target.get_untracked(),
        };
        saved.set(false);
        sending.send::<ArchiveOrganization>(variables, move |_| done());
    };

    view! {
        <h1>{move || i18n.t(Text::NavOrganizationsAdmin)}</h1>
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
                <OrganizationSelect id="target" label=Signal::derive(move || i18n.t(Text::OrganizationLabel)) value=target scope=administered changed />
                <Field id="rename-to" label=Signal::derive(move || i18n.t(Text::NewNameLabel)) value=new_name />
                <div class="actions">
                    <button type="submit" disabled=move || sending.busy.get()>{move || i18n.t(Text::Rename)}</button>
                    <button type="button" class="secondary" disabled=move || sending.busy.get() on:click=archive>{move || i18n.t(Text::Archive)}</button>
                </div>
            </form>
        </section>
    }
}
