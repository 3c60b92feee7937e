//! One program for the public: its terms (window, tiers, who may apply, documents) and the
//! recipients paid so far, shown by initials, commune and amount.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_params_map};
use shared::{Money, Role};

use crate::{
    api::{
        self,
        documents::{ProgramRecipients, PublicProgram, program_recipients, public_program},
    },
    common::{
        export::{ExportLinks, api_path},
        status::{ErrorPanel, Loading},
    },
    i18n::{
        Text, circumstance_name, education_level_name, model_name, program_kind_name,
        program_status_name, use_i18n,
    },
    pages::fund::day_of_date,
    session::use_session,
};

type Recipient = program_recipients::ProgramRecipientsProgramRecipientsEdgesNode;

/// For the association's staff: the way to the program's board and to its payouts (the server
/// decides what they may do there).
#[component]
fn StaffLinks(program_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    move || {
        let me = session.me.get()?;
        let manages = me.holds(Role::ProgramManager) || me.holds(Role::Admin);
        let pays = me.holds(Role::Treasurer) || me.holds(Role::Admin);
        (manages || pays).then(|| view! {
            <p class="inline-form">
                {manages.then(|| view! { <A href=format!("/programs/{program_id}/manage")>{move || i18n.t(Text::ManageProgram)}</A> })}
                {pays.then(|| view! { <A href=format!("/programs/{program_id}/payouts")>{move || i18n.t(Text::PayoutsTitle)}</A> })}
            </p>
        })
    }
}

#[component]
pub fn PublicProgramPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let program = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move { api::run::<PublicProgram>(public_program::Variables { id }).await }
    });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match program.await {
                    Ok(public_program::ResponseData { program }) => {
                        let (kind, status) = (program.kind, program.status);
                        let rules = program.eligibility.clone();
                        view! {
                            <p class="eyebrow">{move || program_kind_name(kind, i18n.locale.get())} " · " {program.cycle.clone()}</p>
                            <h1>{program.name.clone()}</h1>
                            {program.description.clone().map(|d| view! { <p>{d}</p> })}
                            <StaffLinks program_id=program.id.clone() />
                            <div class="stats">
                                <div class="stat">
                                    <div class="value">{move || program_status_name(status, i18n.locale.get())}</div>
                                    <div class="label">{day_of_date(&program.opens_on)} " – " {day_of_date(&program.closes_on)}</div>
                                </div>
                                <div class="stat">
                                    <div class="value">{program.budget.to_string()}</div>
                                    <div class="label">{move || i18n.t(Text::BudgetLabel)}</div>
                                </div>
                            </div>
                            <div class="columns">
                                <section class="card">
                                    <h2>{move || i18n.t(Text::TiersTitle)}</h2>
                                    <ul>
                                        {program.tiers.iter().map(|tier| view! {
                                            <li>{tier.name.clone()} ": " {tier.amount.to_string()} " × " {tier.quota}</li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                                <section class="card">
                                    <h2>{move || i18n.t(Text::WhoMayApply)}</h2>
                                    <ul>
                                        {(!rules.education_levels.is_empty()).then(|| {
                                            let levels = rules.education_levels.clone();
                                            view! { <li>{move || levels.iter().map(|l| education_level_name(*l, i18n.locale.get())).collect::<Vec<_>>().join(", ")}</li> }
                                        })}
                                        {rules.min_gpa.clone().map(|gpa| view! { <li>{move || format!("{} {gpa}", i18n.t(Text::MinGpa))}</li> })}
                                        {(!rules.circumstances.is_empty()).then(|| {
                                            let circumstances = rules.circumstances.clone();
                                            view! { <li>{move || circumstances.iter().map(|c| circumstance_name(*c, i18n.locale.get())).collect::<Vec<_>>().join(", ")}</li> }
                                        })}
                                        {(!rules.recognised_as.is_empty()).then(|| {
                                            let models = rules.recognised_as.clone();
                                            view! { <li>{move || models.iter().map(|m| model_name(*m, i18n.locale.get())).collect::<Vec<_>>().join(", ")}</li> }
                                        })}
                                        {match (rules.min_age, rules.max_age) {
                                            (None, None) => None,
                                            (min, max) => Some(view! { <li>{move || i18n.t(Text::AgeLabel)} " " {min.map(|m| m.to_string()).unwrap_or_default()} "–" {max.map(|m| m.to_string()).unwrap_or_default()}</li> }),
                                        }}
                                        {program.required_evidence.iter().map(|e| {
                                            let e = e.clone();
                                            view! { <li>{move || format!("{}: {e}", i18n.t(Text::DocumentLabel))}</li> }
                                        }).collect_view()}
                                    </ul>
                                </section>
                            </div>
                            <Recipients program_id=program.id.clone() />
                        }
                        .into_any()
                    }
                    Err(failure) => view! {
                        <ErrorPanel error=failure on_retry=move |()| program.refetch() />
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// The recipients paid so far, a hundred at a time, with the total of them all.
#[component]
fn Recipients(program_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(program_id);
    let rows = RwSignal::new(Vec::<Recipient>::new());
    let totals = RwSignal::new(None::<(i64, Money)>);
    let next = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<api::ApiError>);
    let busy = RwSignal::new(false);
    let load = move |after: Option<String>| {
        // One page at a time: a second click while one loads would append it twice.
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let variables = program_recipients::Variables {
                id: id.get_value(),
                after,
            };
            let result = api::run::<ProgramRecipients>(variables).await;
            busy.set(false);
            match result {
                Ok(program_recipients::ResponseData {
                    program_recipients: page,
                }) => {
                    error.set(None);
                    rows.update(|r| r.extend(page.edges.into_iter().map(|e| e.node)));
                    totals.set(Some((page.total_count, page.total_amount)));
                    next.set(
                        page.page_info
                            .has_next_page
                            .then_some(page.page_info.end_cursor)
                            .flatten(),
                    );
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    load(None);
    view! {
        <section class="card">
            <h2>{move || i18n.t(Text::RecipientsTitle)}</h2>
            {move || totals.get().map(|(count, amount)| view! {
                <div class="stats">
                    <div class="stat">
                        <div class="value">{amount.to_string()}</div>
                        <div class="label">{move || i18n.t(Text::PaidSoFar)}</div>
                    </div>
                    <div class="stat">
                        <div class="value">{count}</div>
                        <div class="label">{move || i18n.t(Text::RecipientsCount)}</div>
                    </div>
                </div>
            })}
            {move || error.get().map(|failure| view! { <ErrorPanel error=failure on_retry=move |()| { rows.set(Vec::new()); load(None); } /> })}
            {move || if totals.get().is_some_and(|(count, _)| count == 0) {
                view! { <p>{move || i18n.t(Text::NoRecipients)}</p> }.into_any()
            } else {
                view! {
                    <table class="ledger">
                        <thead>
                            <tr>
                                <th>{move || i18n.t(Text::RecipientColumn)}</th>
                                <th>{move || i18n.t(Text::CommuneColumn)}</th>
                                <th class="money">{move || i18n.t(Text::AmountColumn)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || rows.get().into_iter().map(|r| view! {
                                <tr>
                                    <td>{r.name}</td>
                                    <td>{r.commune}</td>
                                    <td class="money">{r.amount.to_string()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            {move || next.get().map(|cursor| view! {
                <button class="secondary" disabled=move || busy.get() on:click=move |_| load(Some(cursor.clone()))>{move || i18n.t(Text::ShowMore)}</button>
            })}
            <Show when=move || totals.get().is_some_and(|(count, _)| count > 0)>
                <ExportLinks what=Text::RecipientsFile href=api_path(&["programs", &id.get_value(), "recipients"]) />
            </Show>
        </section>
    }
}
