//! For administrators: adding, renaming and archiving organisations in their subtrees.

use leptos::{prelude::*, task::spawn_local};
use serde::de::IgnoredAny;
use shared::{ErrorCode, OrganizationKind};

use crate::{
    api,
    components::{
        form::{Field, FormError, explain},
        picker::{OrganizationSelect, use_administered},
    },
    i18n::{Text, kind_name, use_i18n},
};

const CREATE: &str = include_str!("../../graphql/create_organization.graphql");
const RENAME: &str = include_str!("../../graphql/rename_organization.graphql");
const ARCHIVE: &str = include_str!("../../graphql/archive_organization.graphql");

#[component]
pub fn ManageOrganizationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let administered = use_administered();
    let changed = Trigger::new();
    // One place for the outcome of whichever form was used last.
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let run = move |document: &'static str, variables: serde_json::Value, after: Box<dyn Fn()>| {
        saved.set(false);
        spawn_local(async move {
            match api::graphql::<_, IgnoredAny>(document, variables).await {
                Ok(_) => {
                    error.set(None);
                    saved.set(true);
                    after();
                    changed.notify();
                }
                Err(failure) => {
                    let overrides = [(ErrorCode::Conflict, Text::NameTaken)];
                    error.set(Some(explain(
                        &failure,
                        i18n.locale.get_untracked(),
                        &overrides,
                    )));
                }
            }
        });
    };

    let parent = RwSignal::new(String::new());
    let kind = RwSignal::new(OrganizationKind::Chapter.code().to_owned());
    let name = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let variables = serde_json::json!({ "input": {
            "parentId": parent.get_untracked(),
            "kind": kind.get_untracked(),
            "name": name.get_untracked(),
        }});
        run(CREATE, variables, Box::new(move || name.set(String::new())));
    };

    let target = RwSignal::new(String::new());
    let new_name = RwSignal::new(String::new());
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let variables =
            serde_json::json!({ "id": target.get_untracked(), "name": new_name.get_untracked() });
        run(
            RENAME,
            variables,
            Box::new(move || new_name.set(String::new())),
        );
    };
    let archive = move |_| {
        let variables = serde_json::json!({ "id": target.get_untracked() });
        run(ARCHIVE, variables, Box::new(|| {}));
    };

    view! {
        <h1>{move || i18n.t(Text::NavOrganizationsAdmin)}</h1>
        <FormError message=error.into() />
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
                <button type="submit">{move || i18n.t(Text::AddOrganization)}</button>
            </form>
        </section>
        <section class="card narrow">
            <h2>{move || i18n.t(Text::RenameOrArchive)}</h2>
            <form on:submit=rename>
                <OrganizationSelect id="target" label=Signal::derive(move || i18n.t(Text::OrganizationLabel)) value=target scope=administered changed />
                <Field id="rename-to" label=Signal::derive(move || i18n.t(Text::NewNameLabel)) value=new_name />
                <div class="actions">
                    <button type="submit">{move || i18n.t(Text::Rename)}</button>
                    <button type="button" class="secondary" on:click=archive>{move || i18n.t(Text::Archive)}</button>
                </div>
            </form>
        </section>
    }
}
