//! The plan's own indicators on an organisation's learning-society page: where each stands
//! for the year against its target (a commune's or ward's own figures; the city's are its
//! communes' added up, with how many reported), and the staff's form to report the year's
//! figures with their source.

use leptos::prelude::*;
use shared::{OrganizationKind, indicator::IndicatorMeasure, text::grouped};

use crate::{
    api::{
        self,
        documents::{IndicatorProgress, ReportIndicator, indicator_progress, report_indicator},
    },
    common::{
        form::{Field, FormError},
        mutation::Sending,
        status::{ErrorPanel, Loading},
    },
    i18n::{Text, use_i18n},
};

type Row = indicator_progress::IndicatorProgressIndicatorProgress;
/// An organisation's indicators for a year, as fetched.
pub type Indicators = LocalResource<Result<indicator_progress::ResponseData, api::ApiError>>;

/// A share per thousand as a percent with one decimal, the Vietnamese way: `99,5%`.
fn percent(per_mille: i64) -> String {
    format!("{},{}%", per_mille / 10, per_mille % 10)
}

/// The year's indicators of an organisation, fetched again whenever `changed` moves: one
/// fetch for a page's section and its form alike.
pub fn progress(id: Signal<String>, year: i64, changed: RwSignal<u32>) -> Indicators {
    LocalResource::new(move || {
        changed.track();
        let id = id.get();
        async move { api::run::<IndicatorProgress>(indicator_progress::Variables { id, year }).await }
    })
}

/// What a row's value says: a share of people with its figures, whether a locality meets
/// the standard, or how many localities do.
fn result(row: &Row, own_level: bool, locale: crate::i18n::Locale) -> String {
    let (Some(numerator), Some(denominator), Some(per_mille)) =
        (row.numerator, row.denominator, row.per_mille)
    else {
        return "–".into();
    };
    match row.indicator.measure {
        IndicatorMeasure::People => format!(
            "{} ({} / {})",
            percent(per_mille),
            grouped(numerator),
            grouped(denominator)
        ),
        IndicatorMeasure::Localities if own_level => if numerator > 0 {
            Text::IndicatorMeetsStandard
        } else {
            Text::IndicatorBelowStandard
        }
        .get(locale)
        .to_owned(),
        IndicatorMeasure::Localities => format!(
            "{numerator} / {denominator} {}",
            Text::IndicatorLocalitiesMeeting.get(locale)
        ),
    }
}

/// Each indicator measured at or rolled up to the organisation, against its target. Nothing
/// for an organisation that reports none (a chapter).
#[component]
pub fn IndicatorSection(found: Indicators, year: i64) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(data) if data.indicator_progress.is_empty() => ().into_any(),
                    Ok(data) => {
                        let kind = data.organization.kind;
                        let report = format!("/api/organizations/{}/indicator-report?year={year}", data.organization.id);
                        view! {
                            <section class="card" aria-labelledby="indicators-title">
                                <h2 id="indicators-title">{move || format!("{} · {year}", i18n.t(Text::IndicatorsTitle))}</h2>
                                <p class="muted small">{move || i18n.t(Text::IndicatorsCaption)}</p>
                                <ul class="plain indicators">
                                    {data.indicator_progress.into_iter().map(|row| view! { <IndicatorItem row=row kind=kind /> }).collect_view()}
                                </ul>
                                <p><a class="button secondary" download href=report>{move || i18n.t(Text::IndicatorReport)}</a></p>
                            </section>
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

/// One indicator: its name, a bar, its result, target, standing, and how many reported.
#[component]
fn IndicatorItem(row: Row, kind: OrganizationKind) -> impl IntoView {
    let i18n = use_i18n();
    let own_level = row.indicator.level == kind;
    let name = row.indicator.name.clone();
    let target = format!(
        "≥ {} ({})",
        percent(row.indicator.target_per_mille),
        row.indicator.deadline
    );
    let standing = match (row.met, row.numerator) {
        (Some(true), _) => Text::IndicatorMet,
        (Some(false), _) => Text::IndicatorNotMet,
        // Some have reported, not all: no verdict on part of the figures.
        (None, Some(_)) => Text::IndicatorPartial,
        (None, None) => Text::IndicatorNotReported,
    };
    let label = name.clone();
    let shown = {
        let row = row.clone();
        move || result(&row, own_level, i18n.locale.get())
    };
    let reported = (row.expected > 1).then(|| format!("{} / {}", row.reported, row.expected));
    let source = row.own.as_ref().map(|own| own.source.clone());
    // Before any figure, one line: the target, and how many of those who report it did.
    let pending = row.numerator.is_none().then(|| {
        let target = target.clone();
        let reported = reported.clone();
        move || {
            let mut line = format!("{} {target}", i18n.t(Text::IndicatorTarget));
            if let Some(reported) = &reported {
                line.push_str(&format!(
                    " · {} {reported}",
                    i18n.t(Text::IndicatorReported)
                ));
            }
            line
        }
    });
    view! {
        <li class:met=row.met == Some(true)>
            <h3>
                <span class="muted small">{row.indicator.code.clone()}</span>" "{name}
                <span class="badge">{move || i18n.t(standing)}</span>
            </h3>
            {match pending {
                Some(line) => view! { <p class="muted small">{line}</p> }.into_any(),
                None => view! {
                    <progress max="1000" value=row.per_mille.unwrap_or(0).clamp(0, 1000)
                        aria-label=move || format!("{label}: {}", i18n.t(standing))></progress>
                    <dl class="figures">
                        <div><dt>{move || i18n.t(Text::IndicatorResult)}</dt><dd>{shown}</dd></div>
                        <div><dt>{move || i18n.t(Text::IndicatorTarget)}</dt><dd>{target}</dd></div>
                        {reported.map(|reported| view! {
                            <div><dt>{move || i18n.t(Text::IndicatorReported)}</dt><dd>{reported}</dd></div>
                        })}
                        {source.map(|source| view! {
                            <div class="wide"><dt>{move || i18n.t(Text::IndicatorSource)}</dt><dd>{source}</dd></div>
                        })}
                    </dl>
                }.into_any(),
            }}
        </li>
    }
}

/// The staff's report of the year's figures for one indicator measured at their level,
/// filled with what is reported already.
#[component]
pub fn IndicatorReportForm(
    id: Signal<String>,
    found: Indicators,
    year: i64,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(String::new());
    let numerator = RwSignal::new(String::new());
    let denominator = RwSignal::new(String::new());
    let meets = RwSignal::new(true);
    let source = RwSignal::new(String::new());
    let saved = RwSignal::new(false);
    let sending = Sending::default();
    // The indicators this organisation reports itself.
    let reportable = move || -> Vec<Row> {
        match found.get() {
            Some(Ok(data)) => {
                let kind = data.organization.kind;
                data.indicator_progress
                    .into_iter()
                    .filter(|row| row.indicator.level == kind)
                    .collect()
            }
            _ => Vec::new(),
        }
    };
    let current = move || {
        let chosen = chosen.get();
        reportable()
            .into_iter()
            .find(|row| row.indicator.id == chosen)
    };
    // The first indicator once read; then, for the one chosen, what is reported already.
    Effect::new(move |_| {
        let rows = reportable();
        if chosen.get_untracked().is_empty()
            && let Some(first) = rows.first()
        {
            chosen.set(first.indicator.id.clone());
        }
    });
    // Only when another indicator is chosen (or the first once read): a save elsewhere on the
    // page fetches again, and must not wipe what is being typed here.
    Effect::new(move |_| {
        chosen.track();
        let own = untrack(current).and_then(|row| row.own);
        let shown = |n: Option<i64>| n.map(grouped).unwrap_or_default();
        numerator.set(shown(own.as_ref().map(|own| own.numerator)));
        denominator.set(shown(own.as_ref().map(|own| own.denominator)));
        meets.set(own.as_ref().is_some_and(|own| own.numerator > 0));
        source.set(own.map(|own| own.source).unwrap_or_default());
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let Some(row) = current() else { return };
        let locale = i18n.locale.get_untracked();
        // A whole number, thousands dotted or not.
        let number = |text: String, refused: Text| {
            text.trim()
                .replace(['.', ' '], "")
                .parse::<i64>()
                .map_err(|_| refused.get(locale).to_owned())
        };
        let figures = match row.indicator.measure {
            IndicatorMeasure::Localities => Ok((i64::from(meets.get_untracked()), 1)),
            IndicatorMeasure::People => {
                number(numerator.get_untracked(), Text::InvalidIndicatorNumerator).and_then(|n| {
                    Ok((
                        n,
                        number(
                            denominator.get_untracked(),
                            Text::InvalidIndicatorDenominator,
                        )?,
                    ))
                })
            }
        };
        let (numerator_given, denominator_given) = match figures {
            Ok(figures) => figures,
            Err(text) => return sending.error.set(Some(text)),
        };
        let variables = report_indicator::Variables {
            input: report_indicator::IndicatorValueInput {
                indicator_id: row.indicator.id,
                organization_id: id.get_untracked(),
                year,
                numerator: numerator_given,
                denominator: denominator_given,
                source: source.get_untracked(),
            },
        };
        sending.send::<ReportIndicator>(variables, move |_| {
            saved.set(true);
            changed.update(|n| *n += 1);
        });
    };
    let people =
        move || current().is_some_and(|row| row.indicator.measure == IndicatorMeasure::People);
    view! {
        <Show when=move || !reportable().is_empty()>
            <section class="card" aria-labelledby="indicator-report-title">
                <h2 id="indicator-report-title">{move || i18n.t(Text::IndicatorReportTitle)}</h2>
                <form on:submit=submit>
                    <div class="field">
                        <label for="indicator">{move || i18n.t(Text::IndicatorLabel)}</label>
                        <select id="indicator" prop:value=move || chosen.get()
                            on:change=move |ev| { saved.set(false); chosen.set(event_target_value(&ev)) }>
                            {move || reportable().into_iter().map(|row| view! {
                                <option value=row.indicator.id.clone()>{format!("{} {}", row.indicator.code, row.indicator.name)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <Show when=people fallback=move || view! {
                        <div class="field">
                            <label class="check" for="indicator-meets">
                                <input id="indicator-meets" type="checkbox" prop:checked=move || meets.get()
                                    on:change=move |ev| meets.set(event_target_checked(&ev)) />
                                {move || i18n.t(Text::IndicatorMeetsLabel)}
                            </label>
                        </div>
                    }>
                        <div class="field">
                            <label for="indicator-numerator">{move || i18n.t(Text::IndicatorNumeratorLabel)}</label>
                            <input id="indicator-numerator" inputmode="numeric" autocomplete="off" bind:value=numerator />
                        </div>
                        <div class="field">
                            <label for="indicator-denominator">{move || i18n.t(Text::IndicatorDenominatorLabel)}</label>
                            <input id="indicator-denominator" inputmode="numeric" autocomplete="off" bind:value=denominator />
                        </div>
                    </Show>
                    <Field id="indicator-source" label=Signal::derive(move || i18n.t(Text::IndicatorSource)) value=source
                        hint=Signal::derive(move || i18n.t(Text::IndicatorSourceHint)) />
                    <FormError message=sending.error.into() />
                    {move || saved.get().then(|| view! { <p class="notice" role="status">{move || i18n.t(Text::Saved)}</p> })}
                    <button type="submit" disabled=move || sending.busy.get()>{move || i18n.t(Text::IndicatorSave)}</button>
                </form>
            </section>
        </Show>
    }
}
