//! Open and closed programs, with their window and budget.

use leptos::prelude::*;
use leptos_router::components::A;
use serde::Deserialize;
use shared::{Money, ProgramKind, ProgramStatus, Role};

use crate::{
    api::{self, Connection},
    components::{
        paged::{PageFooter, Paged},
        status::{ErrorPanel, Loading},
    },
    i18n::{Text, program_kind_name, program_status_name, use_i18n},
    pages::fund::day_of_date,
    session::use_session,
};

const DRAFT_PROGRAMS: &str = include_str!("../../../graphql/draft_programs.graphql");
const PROGRAMS: &str = include_str!("../../../graphql/programs.graphql");

#[derive(Debug, Clone, Deserialize)]
struct ProgramsData {
    programs: Connection<ProgramRow>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProgramRow {
    id: String,
    name: String,
    kind: Option<ProgramKind>,
    cycle: String,
    status: Option<ProgramStatus>,
    opens_on: String,
    closes_on: String,
    budget: Money,
}

#[component]
pub fn ProgramsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let programs = LocalResource::new(|| {
        api::graphql::<_, ProgramsData>(PROGRAMS, serde_json::json!({ "first": 100 }))
    });
    view! {
        <h1>{move || i18n.t(Text::ProgramsTitle)}</h1>
        {move || {
            let me = session.me.get()?;
            let managed: Vec<String> = me
                .memberships
                .iter()
                .filter(|m| matches!(m.role, Role::ProgramManager | Role::Admin))
                .filter_map(|m| m.organization.as_ref().map(|o| o.id.clone()))
                .collect();
            (!managed.is_empty()).then(|| view! {
                <p><A href="/programs/new">{move || i18n.t(Text::NewProgramTitle)}</A></p>
                {managed.into_iter().map(|within| view! { <Drafts within /> }).collect_view()}
            })
        }}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match programs.await {
                    Ok(data) if data.programs.edges.is_empty() => {
                        view! { <p>{move || i18n.t(Text::NoPrograms)}</p> }.into_any()
                    }
                    Ok(data) => view! {
                        <table class="ledger stack">
                            <thead>
                                <tr>
                                    <th>{move || i18n.t(Text::ProgramsTitle)}</th>
                                    <th>{move || i18n.t(Text::WindowLabel)}</th>
                                    <th>{move || i18n.t(Text::StatusLabel)}</th>
                                    <th class="money">{move || i18n.t(Text::BudgetLabel)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {data.programs.edges.into_iter().map(|edge| {
                                    let program = edge.node;
                                    let (kind, status) = (program.kind, program.status);
                                    view! {
                                        <tr>
                                            <td>
                                                <A href=format!("/programs/{}", program.id)>{program.name}</A>
                                                <br />
                                                <small class="muted">
                                                    {move || kind.map(|k| program_kind_name(k, i18n.locale.get()))}
                                                    " · " {program.cycle}
                                                </small>
                                            </td>
                                            <td data-label=move || i18n.t(Text::WindowLabel)>{day_of_date(&program.opens_on)} " – " {day_of_date(&program.closes_on)}</td>
                                            <td data-label=move || i18n.t(Text::StatusLabel)>{move || status.map(|s| program_status_name(s, i18n.locale.get()))}</td>
                                            <td class="money" data-label=move || i18n.t(Text::BudgetLabel)>{program.budget.to_string()}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any(),
                    Err(failure) => view! {
                        <ErrorPanel error=failure on_retry=move |()| programs.refetch() />
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[derive(Debug, Clone, Deserialize)]
struct DraftsData {
    programs: Connection<Draft>,
}

#[derive(Debug, Clone, Deserialize)]
struct Draft {
    id: String,
    name: String,
    cycle: String,
}

/// A program manager's drafts in one organisation, each leading to its board (where it is
/// opened). Nothing when there are none.
#[component]
fn Drafts(within: String) -> impl IntoView {
    let i18n = use_i18n();
    let drafts = Paged::new(move |after: Option<String>| {
        let variables = serde_json::json!({ "within": within, "after": after });
        async move {
            api::graphql::<_, DraftsData>(DRAFT_PROGRAMS, variables)
                .await
                .map(|d| d.programs)
        }
    });
    view! {
        <Show when=move || drafts.rows.with(|rows| !rows.is_empty())>
            <section class="card">
                <h2>{move || i18n.t(Text::DraftsTitle)}</h2>
                <ul>
                    {move || drafts.rows.get().into_iter().map(|d| view! {
                        <li><A href=format!("/programs/{}/manage", d.id)>{d.name}</A> " · " {d.cycle}</li>
                    }).collect_view()}
                </ul>
                <PageFooter paged=drafts />
            </section>
        </Show>
    }
}
