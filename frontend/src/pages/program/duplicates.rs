//! An administrator's report of learners possibly funded twice in a school year, among the
//! awards of their organisation's programs and those beneath it (the city's report, for the
//! city): each pair of awards with why it looks like one learner.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::{AwardStatus, Money};

use crate::{
    api::{
        self,
        documents::{PossibleDuplicateFunding, possible_duplicate_funding},
    },
    common::{
        export::{ExportLinks, api_path, export_href},
        status::{ErrorPanel, Loading},
    },
    i18n::{Text, award_status_name, duplicate_match_name, use_i18n},
};

/// `/organizations/:id/duplicates`: the school year's possible duplicates, this year's first.
#[component]
pub fn DuplicatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let this_year = shared::program::cycle_of(crate::pages::fund::today());
    let years: Vec<String> = {
        let start: i32 = this_year
            .get(..4)
            .and_then(|y| y.parse().ok())
            .unwrap_or(2026);
        (0..3)
            .map(|back| format!("{}-{}", start - back, start - back + 1))
            .collect()
    };
    let cycle = RwSignal::new(this_year);
    let organization_id = move || params.read().get("id").unwrap_or_default();
    let found = LocalResource::new(move || {
        let organization_id = params.read().get("id").unwrap_or_default();
        let cycle = cycle.get();
        async move {
            let variables = possible_duplicate_funding::Variables {
                organization_id,
                cycle,
            };
            api::run::<PossibleDuplicateFunding>(variables).await
        }
    });
    view! {
        <p class="eyebrow">{move || i18n.t(Text::DuplicatesTitle)}</p>
        <div class="field filters">
            <label for="duplicates-year">{move || i18n.t(Text::SchoolYearLabel)}</label>
            <select id="duplicates-year" on:change=move |ev| cycle.set(event_target_value(&ev))>
                {years.into_iter().map(|year| view! { <option value=year.clone()>{year.clone()}</option> }).collect_view()}
            </select>
        </div>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(possible_duplicate_funding::ResponseData { organization, possible_duplicate_funding: pairs }) => {
                        let count = pairs.len();
                        view! {
                        <h1>{organization.name}</h1>
                        <p class="hint">{move || i18n.t(Text::DuplicatesIntro)}</p>
                        <section class="card" aria-labelledby="duplicates-title">
                            <h2 id="duplicates-title">{move || format!("{} · {}", i18n.t(Text::DuplicatesTitle), count)}</h2>
                            {if pairs.is_empty() {
                                view! { <p class="muted">{move || i18n.t(Text::NoDuplicates)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="plain duplicates">
                                        {pairs.into_iter().map(|pair| {
                                            let matched = pair.matched;
                                            let (first, second) = (pair.first, pair.second);
                                            view! {
                                                <li>
                                                    <p class="muted small">{move || duplicate_match_name(matched, i18n.locale.get())}</p>
                                                    <AwardLine learner=first.learner_name organization=first.award.organization_name
                                                        program=first.award.program_name amount=first.award.amount status=first.award.status />
                                                    <AwardLine learner=second.learner_name organization=second.award.organization_name
                                                        program=second.award.program_name amount=second.award.amount status=second.award.status />
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            <ExportLinks href=Signal::derive(move || export_href(
                                &api_path(&["organizations", &organization_id(), "duplicate-funding"]),
                                &[("cycle", &cycle.get())],
                            )) />
                        </section>
                        }
                        .into_any()
                    }
                    Err(failure) => view! {
                        <ErrorPanel error=failure on_retry=move |()| found.refetch() />
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// One award of a pair: the learner as their organisation keeps them, whose award, how much.
#[component]
fn AwardLine(
    learner: String,
    organization: String,
    program: String,
    amount: Money,
    status: AwardStatus,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="award-line">
            <strong>{learner}</strong>
            {format!(" · {organization} · {program} · ")}
            <span class="money">{amount.to_string()}</span>
            <span class="muted small">{move || format!(" ({})", award_status_name(status, i18n.locale.get()))}</span>
        </p>
    }
}
