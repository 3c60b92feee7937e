//! The landing page: what Khuyến học is, and the association tree at a glance.

use leptos::prelude::*;
use serde::Deserialize;
use shared::OrganizationKind;

use crate::{
    api::{self, Connection},
    components::status::{ErrorPanel, Loading},
    i18n::{Text, kind_name, use_i18n},
};

const HOME: &str = include_str!("../../graphql/home.graphql");

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct HomeData {
    server_info: ServerInfo,
    organizations: Connection<OrganizationSummary>,
}

#[derive(Debug, Clone, Deserialize)]
struct ServerInfo {
    version: String,
    database: String,
}

#[derive(Debug, Clone, Deserialize)]
struct OrganizationSummary {
    id: String,
    name: String,
    kind: OrganizationKind,
    depth: i32,
}

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let home = LocalResource::new(|| api::graphql::<_, HomeData>(HOME, serde_json::json!({})));
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
    }
}

#[component]
fn HomeSummary(data: HomeData) -> impl IntoView {
    let i18n = use_i18n();
    let organizations: Vec<OrganizationSummary> = data
        .organizations
        .edges
        .into_iter()
        .map(|edge| edge.node)
        .collect();
    let count =
        |pred: fn(OrganizationKind) -> bool| organizations.iter().filter(|o| pred(o.kind)).count();
    let total = organizations.len();
    let communes = count(|k| k == OrganizationKind::Commune);
    let chapters = count(|k| matches!(k, OrganizationKind::Chapter | OrganizationKind::Clan));
    let top: Vec<OrganizationSummary> =
        organizations.into_iter().filter(|o| o.depth <= 1).collect();
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
        <section class="card" style="margin-top:1rem">
            <ul class="org-tree">
                {top
                    .into_iter()
                    .map(|org| {
                        let kind = org.kind;
                        view! {
                            <li data-id=org.id style=format!("padding-left:{}rem", org.depth)>
                                <span class="kind">{move || kind_name(kind, i18n.locale.get())}</span>
                                <span class="name">{org.name}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <p class="hint">{move || i18n.t(Text::ServerVersion)} ": " {version}</p>
    }
}
