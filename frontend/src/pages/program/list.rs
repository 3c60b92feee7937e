//! Open and closed programs, with their window and budget.

use leptos::prelude::*;
use leptos_router::components::A;
use shared::Role;

use crate::{
    api::{
        self,
        documents::{DraftPrograms, Programs, draft_programs, programs},
    },
    common::{
        paged::{PageFooter, Paged},
        picker::SearchBox,
    },
    i18n::{Text, program_kind_name, program_status_name, use_i18n},
    pages::fund::day_of_date,
    session::use_session,
};

#[component]
pub fn ProgramsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // Programs whose name contains what is typed (with or without diacritics).
    let search = RwSignal::new(String::new());
    let programs = Paged::new(move |after: Option<String>| {
        let search = Some(search.get_untracked()).filter(|s| !s.trim().is_empty());
        async move {
            api::run::<Programs>(programs::Variables { after, search })
                .await
                .map(|data| api::page!(data.programs))
        }
    });
    programs.follow(search);
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
        <SearchBox id="programs-search" label=Signal::derive(move || i18n.t(Text::SearchPrograms)) search />
        <Show when=move || programs.is_empty()>
            <p>{move || i18n.t(Text::NoPrograms)}</p>
        </Show>
        <Show when=move || programs.rows.with(|rows| !rows.is_empty())>
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
                    {move || programs.rows.get().into_iter().map(|program| {
                        let (kind, status) = (program.kind, program.status);
                        view! {
                            <tr>
                                <td>
                                    <A href=format!("/programs/{}", program.id)>{program.name}</A>
                                    <br />
                                    <small class="muted">
                                        {move || program_kind_name(kind, i18n.locale.get())}
                                        " · " {program.cycle}
                                    </small>
                                </td>
                                <td data-label=move || i18n.t(Text::WindowLabel)>{day_of_date(&program.opens_on)} " – " {day_of_date(&program.closes_on)}</td>
                                <td data-label=move || i18n.t(Text::StatusLabel)>{move || program_status_name(status, i18n.locale.get())}</td>
                                <td class="money" data-label=move || i18n.t(Text::BudgetLabel)>{program.budget.to_string()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </Show>
        <PageFooter paged=programs />
    }
}

/// A program manager's drafts in one organisation, each leading to its board (where it is
/// opened). Nothing when there are none.
#[component]
fn Drafts(within: String) -> impl IntoView {
    let i18n = use_i18n();
    let drafts = Paged::new(move |after: Option<String>| {
        let variables = draft_programs::Variables {
            within: within.clone(),
            after,
        };
        async move {
            api::run::<DraftPrograms>(variables)
                .await
                .map(|d| api::page!(d.programs))
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
