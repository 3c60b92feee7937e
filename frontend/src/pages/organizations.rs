//! The organisation tree: every association, filterable by level, a page at a time.

use leptos::prelude::*;
use leptos_router::components::A;
use shared::{OrganizationKind, Role};

use crate::{
    api::{
        self, ApiError,
        documents::{Organizations, organizations},
    },
    common::status::{ErrorPanel, Loading},
    i18n::{Text, kind_name, use_i18n},
    session::use_session,
};

const PAGE_SIZE: i64 = 25;

type OrganizationRow = organizations::OrganizationsOrganizationsEdgesNode;

/// A page request: which level, and after which cursor (`None` for the first page).
type PageRequest = (Option<OrganizationKind>, Option<String>);

#[component]
pub fn OrganizationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // Administrators also find each organisation's report of learners possibly funded twice.
    let is_admin = move || session.me.get().is_some_and(|me| me.holds(Role::Admin));
    let kind = RwSignal::new(None::<OrganizationKind>);
    let rows = RwSignal::new(Vec::<OrganizationRow>::new());
    let next_cursor = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);

    let load = Action::new_local(|request: &PageRequest| {
        let (kind, after) = request.clone();
        async move {
            let appending = after.is_some();
            let variables = organizations::Variables {
                first: PAGE_SIZE,
                after,
                kind,
            };
            (appending, api::run::<Organizations>(variables).await)
        }
    });
    Effect::new(move |_| {
        if let Some((appending, result)) = load.value().get() {
            match result {
                Ok(data) => {
                    let page = data.organizations;
                    next_cursor.set(
                        page.page_info
                            .end_cursor
                            .filter(|_| page.page_info.has_next_page),
                    );
                    let fresh = page.edges.into_iter().map(|edge| edge.node);
                    rows.update(|rows| {
                        if !appending {
                            rows.clear();
                        }
                        rows.extend(fresh);
                    });
                    error.set(None);
                }
                Err(failure) => error.set(Some(failure)),
            }
        }
    });
    // The first page, again whenever the level filter changes.
    Effect::new(move |_| {
        load.dispatch((kind.get(), None));
    });

    view! {
        <h1>{move || i18n.t(Text::OrganizationsTitle)}</h1>
        <div class="filters">
            <div class="field">
                <label for="kind-filter">{move || i18n.t(Text::FilterKind)}</label>
                <select
                    id="kind-filter"
                    on:change=move |ev| kind.set(OrganizationKind::from_code(&event_target_value(&ev)))
                >
                    <option value="">{move || i18n.t(Text::AllKinds)}</option>
                    {OrganizationKind::ALL
                        .iter()
                        .copied()
                        .map(|k| view! { <option value=k.code()>{move || kind_name(k, i18n.locale.get())}</option> })
                        .collect_view()}
                </select>
            </div>
        </div>
        <section class="card">
            <ul class="org-tree">
                <For each=move || rows.get() key=|row| row.id.clone() let:row>
                    <li>
                        <span class="kind">{move || kind_name(row.kind, i18n.locale.get())}</span>
                        <span class="name">{row.name.clone()}</span>
                        <A href=format!("/organizations/{}/campaigns", row.id)>{move || i18n.t(Text::CampaignsTitle)}</A>
                        <A href=format!("/organizations/{}/society", row.id)>{move || i18n.t(Text::NavSociety)}</A>
                        {let duplicates = format!("/organizations/{}/duplicates", row.id);
                        move || is_admin().then(|| view! {
                            <A href=duplicates.clone()>{move || i18n.t(Text::DuplicatesTitle)}</A>
                        })}
                        {row.parent.clone().map(|parent| view! {
                            <span class="muted">{move || i18n.t(Text::UnderParent)} ": " {parent.name}</span>
                        })}
                    </li>
                </For>
            </ul>
            <Show when=move || !load.pending().get() && error.get().is_none() && rows.with(Vec::is_empty)>
                <p>{move || i18n.t(Text::NoOrganizations)}</p>
            </Show>
        </section>
        <Show when=move || load.pending().get()>
            <Loading />
        </Show>
        {move || error.get().map(|failure| view! {
            <ErrorPanel error=failure on_retry=move |()| { load.dispatch((kind.get_untracked(), next_cursor.get_untracked())); } />
        })}
        <Show when=move || next_cursor.get().is_some() && !load.pending().get()>
            <button on:click=move |_| { load.dispatch((kind.get_untracked(), next_cursor.get_untracked())); }>
                {move || i18n.t(Text::LoadMore)}
            </button>
        </Show>
    }
}
