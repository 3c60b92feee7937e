//! A learning society, measured: an organisation's progress toward recognised learning
//! households, clans, communities, units and citizens (public: numbers only, with its trend
//! and the invitation to register one's own household or oneself), and the staff's page for
//! the year — the denominators and targets here, the register in `register`. A person's own
//! registrations are in `mine`, the city's criteria editor in `criteria`.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};
use shared::{OrganizationKind, Role, society::Population};

use super::{
    fund::today,
    indicators::{self, IndicatorReportForm, IndicatorSection},
};
use crate::{
    api::{
        self,
        documents::{
            SetSocietyPopulation, SocietyPopulations, SocietyProgress, set_society_population,
            society_populations, society_progress,
        },
    },
    common::{
        form::FormError,
        mutation::Sending,
        status::{ErrorPanel, Loading},
    },
    i18n::{Text, model_name, population_name, use_i18n},
    session::use_session,
};

mod criteria;
mod documents;
mod family;
mod mine;
mod register;
mod trend;

pub use criteria::CriteriaPage;
pub use mine::MyRegistrations;
use register::{RegisterForm, Registrations};
use trend::Trend;

/// The years a trend shows, this one the last.
const TREND_YEARS: i64 = 5;

/// A model's progress in a year; this year's is the trend's last.
type ProgressRow = society_progress::SocietyProgressSocietyTrendProgress;

/// The year the register is kept for: this one, in Vietnam.
pub(super) fn this_year() -> i64 {
    use chrono::Datelike;
    i64::from(today().year())
}

/// Each model's progress as a bar with its figures: recognised of the denominator, the
/// target and the gap.
#[component]
fn ProgressCards(rows: Vec<ProgressRow>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="plain society-progress">
            {rows.into_iter().map(|row| {
                let model = row.model;
                let percent = row.per_mille.map(|per_mille| format!("{},{}%", per_mille / 10, per_mille % 10));
                let of = row.denominator.map_or_else(|| row.recognised.to_string(), |d| format!("{} / {d}", row.recognised));
                let shown = percent.clone().unwrap_or_else(|| "–".into());
                view! {
                    <li>
                        <h3>{move || model_name(model, i18n.locale.get())}</h3>
                        <progress max="1000" value=row.per_mille.unwrap_or(0).min(1000)
                            aria-label=move || format!("{} {}", model_name(model, i18n.locale.get()), shown)></progress>
                        <dl class="figures">
                            <div><dt>{move || i18n.t(Text::SocietyRecognised)}</dt><dd>{of}</dd></div>
                            <div><dt>{move || i18n.t(Text::SocietyShare)}</dt><dd>{percent.unwrap_or_else(|| "–".into())}</dd></div>
                            <div><dt>{move || i18n.t(Text::SocietyTarget)}</dt><dd>{row.target_percent.map_or_else(|| "–".into(), |t| format!("{t}%"))}</dd></div>
                            <div><dt>{move || i18n.t(Text::SocietyGap)}</dt><dd>{row.gap.map_or_else(|| "–".into(), |g| g.to_string())}</dd></div>
                            <div><dt>{move || i18n.t(Text::SocietyRegistered)}</dt><dd>{row.registered}</dd></div>
                            <div><dt>{move || i18n.t(Text::SocietyAssessed)}</dt><dd>{row.assessed}</dd></div>
                        </dl>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// An organisation's progress this year, fetched again whenever `changed` moves; with
/// `invite`, a commune's (or a body's below it) invitation to register one's household or
/// oneself.
#[component]
fn ProgressSection(
    id: Signal<String>,
    changed: RwSignal<u32>,
    #[prop(optional)] invite: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let found = LocalResource::new(move || {
        changed.track();
        let id = id.get();
        async move {
            api::run::<SocietyProgress>(society_progress::Variables {
                id,
                year: this_year(),
                from_year: this_year() - TREND_YEARS + 1,
            })
            .await
        }
    });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(data) => {
                        let invitation = (invite && data.organization.kind != OrganizationKind::City).then(|| view! {
                            <mine::SelfRegister id=data.organization.id.clone() name=data.organization.name.clone() />
                        });
                        view! {
                        <p class="eyebrow">{move || format!("{} {}", i18n.t(Text::SocietyTitle), this_year())}</p>
                        <h1>{data.organization.name.clone()}</h1>
                        <section class="card" aria-labelledby="progress-title">
                            <h2 id="progress-title">{move || i18n.t(Text::SocietyProgressTitle)}</h2>
                            <ProgressCards rows=data.society_trend.last().map(|y| y.progress.clone()).unwrap_or_default() />
                            <p>
                                <a class="button secondary" download
                                    href=format!("/api/organizations/{}/society-report?year={}", data.organization.id, this_year())>
                                    {move || i18n.t(Text::SocietyReport)}
                                </a>
                            </p>
                        </section>
                        <Trend years=data.society_trend />
                        {invitation}
                    }.into_any()
                    }
                    Err(failure) => view! {
                        <ErrorPanel error=failure on_retry=move |()| found.refetch() />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// An organisation's learning-society progress: no sign-in, numbers only.
#[component]
pub fn SocietyPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let id = Signal::derive(move || params.read().get("id").unwrap_or_default());
    let staff = move || {
        session
            .me
            .get()
            .is_some_and(|me| me.holds(Role::ProgramManager) || me.holds(Role::Admin))
    };
    view! {
        <ProgressSection id=id changed=RwSignal::new(0) invite=true />
        <IndicatorSection found=indicators::progress(id, this_year(), RwSignal::new(0)) year=this_year() />
        {move || staff().then(|| view! {
            <p><A href=format!("/organizations/{}/society/manage", id.get())>{move || i18n.t(Text::SocietyManage)}</A></p>
        })}
    }
}

/// The staff's register of the year for an organisation.
#[component]
pub fn SocietyManagePage() -> impl IntoView {
    let params = use_params_map();
    let id = Signal::derive(move || params.read().get("id").unwrap_or_default());
    let changed = RwSignal::new(0u32);
    let found = indicators::progress(id, this_year(), changed);
    let i18n = use_i18n();
    let session = use_session();
    let admin = move || session.me.get().is_some_and(|me| me.holds(Role::Admin));
    view! {
        <ProgressSection id=id changed=changed />
        {move || admin().then(|| view! {
            <p><A href="/society/criteria">{move || i18n.t(Text::SocietyCriteriaLink)}</A></p>
        })}
        <PopulationForm id=id changed=changed />
        <RegisterForm id=id changed=changed />
        <Registrations id=id changed=changed />
        <IndicatorSection found=found year=this_year() />
        <IndicatorReportForm id=id found=found year=this_year() changed=changed />
    }
}

/// Setting a denominator (how many households, …) and a target for the year.
#[component]
fn PopulationForm(id: Signal<String>, changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let population = RwSignal::new(Population::Households);
    let count = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let saved = RwSignal::new(false);
    let sending = Sending::default();
    // What is entered now for the chosen population, in the fields: saving sets both, so
    // neither is lost by changing the other.
    let entered = LocalResource::new(move || {
        changed.track();
        let id = id.get();
        async move {
            api::run::<SocietyPopulations>(society_populations::Variables {
                id,
                year: this_year(),
            })
            .await
        }
    });
    Effect::new(move |_| {
        let chosen = population.get();
        if let Some(Ok(data)) = entered.get() {
            let row = data
                .society_populations
                .iter()
                .find(|row| row.population == chosen);
            let shown = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
            count.set(shown(row.and_then(|row| row.count)));
            target.set(shown(row.and_then(|row| row.target_percent)));
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let locale = i18n.locale.get_untracked();
        // Blank is none (the level below adds up, the level above sets the target); anything
        // else must be a whole number (thousands may be dotted).
        let number = |text: String, refused: Text| {
            let text = text.trim().replace('.', "");
            if text.is_empty() {
                return Ok(None);
            }
            text.parse::<i64>()
                .map(Some)
                .map_err(|_| refused.get(locale).to_owned())
        };
        let figures =
            number(count.get_untracked(), Text::InvalidPopulationCount).and_then(|count| {
                Ok((
                    count,
                    number(target.get_untracked(), Text::InvalidTargetPercent)?,
                ))
            });
        let (count_given, target_given) = match figures {
            Ok(figures) => figures,
            Err(text) => return sending.error.set(Some(text)),
        };
        let variables = set_society_population::Variables {
            input: set_society_population::PopulationInput {
                organization_id: id.get_untracked(),
                year: this_year(),
                population: population.get_untracked(),
                count: count_given,
                target_percent: target_given,
            },
        };
        sending.send::<SetSocietyPopulation>(variables, move |_| {
            saved.set(true);
            changed.update(|n| *n += 1);
        });
    };
    view! {
        <section class="card" aria-labelledby="population-title">
            <h2 id="population-title">{move || i18n.t(Text::SocietyPopulationTitle)}</h2>
            // The fields show what is entered once it is read, so nothing typed is overwritten.
            <Show when=move || entered.get().is_some() fallback=Loading>
            <form on:submit=submit>
                <div class="field">
                    <label for="population">{move || i18n.t(Text::SocietyPopulationLabel)}</label>
                    <select id="population" on:change=move |ev| {
                        if let Some(chosen) = Population::from_code(&event_target_value(&ev)) { population.set(chosen) }
                    }>
                        {Population::ALL.iter().copied().map(|p| view! {
                            <option value=p.code()>{move || population_name(p, i18n.locale.get())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="population-count">{move || i18n.t(Text::SocietyCountLabel)}</label>
                    <input id="population-count" inputmode="numeric" autocomplete="off" bind:value=count />
                </div>
                <div class="field">
                    <label for="population-target">{move || i18n.t(Text::SocietyTargetLabel)}</label>
                    <input id="population-target" inputmode="numeric" autocomplete="off" bind:value=target />
                    <small class="hint">{move || i18n.t(Text::SocietyTargetHint)}</small>
                </div>
                <FormError message=sending.error.into() />
                {move || saved.get().then(|| view! { <p class="notice" role="status">{move || i18n.t(Text::Saved)}</p> })}
                <button type="submit" disabled=move || sending.busy.get()>{move || i18n.t(Text::Save)}</button>
            </form>
            </Show>
        </section>
    }
}
