//! The landing page: what Khuyến học is, and the association tree at a glance.

use leptos::prelude::*;
use shared::OrganizationKind;

use crate::{
    api::{
        self,
        documents::{Home, TopOrganizations, home, top_organizations},
    },
    common::{
        paged::{PageFooter, Paged},
        status::{ErrorPanel, Loading},
    },
    i18n::{Text, kind_name, use_i18n},
};

type HomeData = home::ResponseData;
type OrganizationSummary = top_organizations::TopOrganizationsOrganizationsEdgesNode;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let home = LocalResource::new(|| api::run::<Home>(home::Variables));
    view! {
        <section class="card">
            <h1>{move || i18n.t(Text::HomeTitle)}</h1>
            <p>{move || i18n.t(Text::HomeIntro)}</p>
        </section>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(data) => view! { <HomeSummary data /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error on_retry=move |()| home.refetch() /> }.into_any(),
                }
            })}
        </Suspense>
        <TopOfTree />
    }
}

/// How many organisations the tree holds, counted by the server.
#[component]
fn HomeSummary(data: HomeData) -> impl IntoView {
    let i18n = use_i18n();
    let count = |pred: fn(OrganizationKind) -> bool| -> i64 {
        data.organization_counts
            .iter()
            .filter(|c| pred(c.kind))
            .map(|c| c.count)
            .sum()
    };
    let total = count(|_| true);
    let communes = count(|k| k == OrganizationKind::Commune);
    let chapters = count(|k| matches!(k, OrganizationKind::Chapter | OrganizationKind::Clan));
    let version = format!(
        "{} · {}",
        data.server_info.version, data.server_info.database
    );
    view! {
        <section class="stats" aria-label=move || i18n.t(Text::StatOrganizations)>
            <div class="stat">
                <div class="value">{total}</div>
                <div class="label">{move || i18n.t(Text::StatOrganizations)}</div>
            </div>
            <div class="stat">
                <div class="value">{communes}</div>
                <div class="label">{move || i18n.t(Text::StatCommunes)}</div>
            </div>
            <div class="stat">
                <div class="value">{chapters}</div>
                <div class="label">{move || i18n.t(Text::StatChapters)}</div>
            </div>
        </section>
        <p class="hint">{move || i18n.t(Text::ServerVersion)} ": " {version}</p>
    }
}

/// The top of the tree: the city associations, then their communes a page at a time.
#[component]
fn TopOfTree() -> impl IntoView {
    let i18n = use_i18n();
    let level = |kind: OrganizationKind| {
        Paged::new(move |after: Option<String>| async move {
            api::run::<TopOrganizations>(top_organizations::Variables { kind, after })
                .await
                .map(|data| api::page!(data.organizations))
        })
    };
    let cities = level(OrganizationKind::City);
    let communes = level(OrganizationKind::Commune);
    let row = move |org: OrganizationSummary, depth: u8| {
        let kind = org.kind;
        view! {
            <li data-id=org.id style=format!("padding-left:{depth}rem")>
                <span class="kind">{move || kind_name(kind, i18n.locale.get())}</span>
                <span class="name">{org.name}</span>
            </li>
        }
    };
    view! {
        <section class="card" style="margin-top:1rem">
            <ul class="org-tree">
                {move || cities.rows.get().into_iter().map(|org| row(org, 0)).collect_view()}
                {move || communes.rows.get().into_iter().map(|org| row(org, 1)).collect_view()}
            </ul>
            <PageFooter paged=cities />
            <PageFooter paged=communes />
        </section>
    }
}
