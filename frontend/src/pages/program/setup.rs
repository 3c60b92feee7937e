//! Setting up a program (program managers): organisation and fund, kind, cycle, window,
//! budget, tiers, who may apply, the rubric, required documents, reviewers per application and
//! blind review. It is created as a draft and opened from its board.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::use_navigate;
use shared::{
    Circumstance, EducationLevel, Gpa, Money, OrganizationKind, ProgramKind, Role,
    eligibility::validate_ages,
    program::{RubricCriterion, parse_cycle, validate_rubric},
};

use crate::{
    api::{
        self,
        documents::{CreateProgram, ProgramFunds, create_program, program_funds},
    },
    common::{
        form::{Field, FormError, explain},
        picker::{OrganizationSelect, Scope, use_organizations_held},
    },
    i18n::{Text, circumstance_name, education_level_name, program_kind_name, use_i18n},
    pages::fund::today,
};

/// A row of an editable list (a tier or a criterion): three text cells.
#[derive(Clone, Copy)]
struct Row {
    key: usize,
    name: RwSignal<String>,
    first: RwSignal<String>,
    second: RwSignal<String>,
}

impl Row {
    fn new(key: usize, name: &str, first: &str, second: &str) -> Self {
        Self {
            key,
            name: RwSignal::new(name.to_owned()),
            first: RwSignal::new(first.to_owned()),
            second: RwSignal::new(second.to_owned()),
        }
    }
}

/// `/programs/new`.
#[component]
pub fn ProgramSetupPage() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    // Where the person manages programs: where they hold the role, and everything under it.
    let organizations = use_organizations_held(&[Role::ProgramManager, Role::Admin]);
    let organization = RwSignal::new(String::new());
    // The organisation's own funds: a program pays from one of them.
    let funds = LocalResource::new(move || {
        let organization = organization.get();
        async move {
            if organization.is_empty() {
                return Vec::new();
            }
            api::run::<ProgramFunds>(program_funds::Variables { organization })
                .await
                .map(|d| d.funds.edges.into_iter().map(|e| e.node).collect())
                .unwrap_or_default()
        }
    });
    let fund = RwSignal::new(String::new());
    let kind = RwSignal::new(ProgramKind::Scholarship);
    let name = RwSignal::new(String::new());
    let year = chrono::Datelike::year(&today());
    let cycle = RwSignal::new(format!("{year}-{}", year + 1));
    let description = RwSignal::new(String::new());
    let opens_on = RwSignal::new(today().to_string());
    let closes_on = RwSignal::new(String::new());
    let budget = RwSignal::new(String::new());
    let next_key = StoredValue::new(2_usize);
    let tiers = RwSignal::new(vec![Row::new(0, "", "", "")]);
    let rubric = RwSignal::new(vec![Row::new(1, "", "100", "10")]);
    let levels = RwSignal::new(Vec::<EducationLevel>::new());
    let circumstances = RwSignal::new(Vec::<Circumstance>::new());
    let min_gpa = RwSignal::new(String::new());
    let (min_age, max_age) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    // The communes whose learners may apply (none: any), each with its name; and the one
    // being picked.
    let communes = RwSignal::new(Vec::<(String, String)>::new());
    let (commune, commune_name) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let evidence = RwSignal::new(String::new());
    let reviewers = RwSignal::new("2".to_owned());
    let blind = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let add_row = move |list: RwSignal<Vec<Row>>, first: &str, second: &str| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        list.update(|rows| rows.push(Row::new(key, "", first, second)));
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.locale.get_untracked();
        let say = |text: Text| error.set(Some(text.get(locale).to_owned()));
        // Checked here by the same `shared` rules the server applies, so mistakes show at once.
        let Ok(cycle_text) = parse_cycle(&cycle.get_untracked()) else {
            return say(Text::InvalidCycle);
        };
        let Ok(budget_amount) = Money::parse_amount("budget", &budget.get_untracked()) else {
            return say(Text::InvalidAmount);
        };
        let mut tier_inputs = Vec::new();
        for row in tiers.get_untracked() {
            let (Ok(amount), Ok(quota)) = (
                Money::parse_amount("amount", &row.first.get_untracked()),
                row.second.get_untracked().trim().parse::<i64>(),
            ) else {
                return say(Text::InvalidTier);
            };
            tier_inputs.push(create_program::AwardTierInput {
                name: row.name.get_untracked(),
                amount,
                quota,
            });
        }
        let mut criteria = Vec::new();
        for row in rubric.get_untracked() {
            let (Ok(weight), Ok(max_score)) = (
                row.first.get_untracked().trim().parse::<u8>(),
                row.second.get_untracked().trim().parse::<u16>(),
            ) else {
                return say(Text::InvalidRubric);
            };
            criteria.push(RubricCriterion {
                name: row.name.get_untracked().trim().to_owned(),
                weight,
                max_score,
            });
        }
        if validate_rubric(&criteria).is_err() {
            return say(Text::InvalidRubric);
        }
        let gpa = min_gpa.get_untracked();
        if !gpa.trim().is_empty() && Gpa::parse("minGpa", &gpa).is_err() {
            return say(Text::InvalidGpa);
        }
        // An age is a whole number of years; the range by the server's own rule.
        let age = |text: String| -> Result<Option<u8>, ()> {
            let text = text.trim().to_owned();
            if text.is_empty() {
                return Ok(None);
            }
            text.parse::<u8>().map(Some).map_err(drop)
        };
        let (Ok(youngest), Ok(oldest)) =
            (age(min_age.get_untracked()), age(max_age.get_untracked()))
        else {
            return say(Text::InvalidAge);
        };
        if validate_ages(youngest, oldest).is_err() {
            return say(Text::InvalidAge);
        }
        let input = create_program::CreateProgramInput {
            organization_id: organization.get_untracked(),
            fund_id: fund.get_untracked(),
            kind: kind.get_untracked(),
            name: name.get_untracked(),
            cycle: cycle_text,
            description: Some(description.get_untracked()).filter(|d| !d.trim().is_empty()),
            opens_on: opens_on.get_untracked(),
            closes_on: closes_on.get_untracked(),
            budget: budget_amount,
            tiers: tier_inputs,
            eligibility: create_program::EligibilityInput {
                education_levels: levels.get_untracked(),
                circumstances: circumstances.get_untracked(),
                min_gpa: Some(gpa.trim().to_owned()).filter(|g| !g.is_empty()),
                commune_ids: communes
                    .get_untracked()
                    .into_iter()
                    .map(|(id, _)| id)
                    .collect(),
                min_age: youngest.map(i64::from),
                max_age: oldest.map(i64::from),
            },
            rubric: criteria
                .into_iter()
                .map(|c| create_program::CriterionInput {
                    name: c.name,
                    weight: c.weight.into(),
                    max_score: c.max_score.into(),
                })
                .collect(),
            required_evidence: evidence
                .get_untracked()
                .split(',')
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(str::to_owned)
                .collect(),
            reviewers_per_application: reviewers.get_untracked().trim().parse().unwrap_or(2),
            blind_review: blind.get_untracked(),
        };
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::run::<CreateProgram>(create_program::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(created) => navigate(
                    &format!("/programs/{}/manage", created.create_program.id),
                    Default::default(),
                ),
                Err(failure) => {
                    let said = explain(&failure, locale, &[]);
                    error.set(Some(match failure.field {
                        Some(field) => format!("{said} ({field}: {})", failure.message),
                        None => said,
                    }));
                }
            }
        });
    };

    let rows_editor = move |list: RwSignal<Vec<Row>>,
                            prefix: &'static str,
                            labels: [Text; 4],
                            defaults: (&'static str, &'static str)| {
        view! {
            <For each=move || list.get() key=|row| row.key let(row)>
                <div class="inline-form">
                    <div class="field">
                        <label for=format!("{prefix}-name-{}", row.key)>{move || i18n.t(labels[0])}</label>
                        <input id=format!("{prefix}-name-{}", row.key) bind:value=row.name />
                    </div>
                    <div class="field">
                        <label for=format!("{prefix}-first-{}", row.key)>{move || i18n.t(labels[1])}</label>
                        <input id=format!("{prefix}-first-{}", row.key) inputmode="numeric" bind:value=row.first />
                    </div>
                    <div class="field">
                        <label for=format!("{prefix}-second-{}", row.key)>{move || i18n.t(labels[2])}</label>
                        <input id=format!("{prefix}-second-{}", row.key) inputmode="numeric" bind:value=row.second />
                    </div>
                    <button type="button" class="secondary small" on:click=move |_| list.update(|rows| {
                        if rows.len() > 1 { rows.retain(|r| r.key != row.key); }
                    })>{move || i18n.t(Text::RemoveRow)}</button>
                </div>
            </For>
            <button type="button" class="secondary small" on:click=move |_| add_row(list, defaults.0, defaults.1)>{move || i18n.t(labels[3])}</button>
        }
    };

    view! {
        <h1>{move || i18n.t(Text::NewProgramTitle)}</h1>
        <form class="card" on:submit=submit>
            <OrganizationSelect
                id="program-organization"
                label=Signal::derive(move || i18n.t(Text::OrganizationLabel))
                value=organization
                scope=organizations
            />
            <div class="field">
                <label for="program-fund">{move || i18n.t(Text::FundLabel)}</label>
                <select id="program-fund" on:change=move |ev| fund.set(event_target_value(&ev))>
                    <Suspense>
                        {move || Suspend::new(async move {
                            let choices = funds.await;
                            if let Some(first) = choices.first() {
                                if !choices.iter().any(|f| f.id == fund.get_untracked()) {
                                    fund.set(first.id.clone());
                                }
                            }
                            choices.into_iter().map(|f| {
                                let selected = f.id == fund.get_untracked();
                                view! { <option value=f.id selected=selected>{f.name}</option> }
                            }).collect_view()
                        })}
                    </Suspense>
                </select>
            </div>
            <div class="field">
                <label for="program-kind">{move || i18n.t(Text::ProgramKindLabel)}</label>
                <select id="program-kind" on:change=move |ev| {
                    if let Some(k) = ProgramKind::from_code(&event_target_value(&ev)) { kind.set(k); }
                }>
                    {ProgramKind::ALL.iter().map(|k| {
                        let k = *k;
                        view! { <option value=k.code()>{move || program_kind_name(k, i18n.locale.get())}</option> }
                    }).collect_view()}
                </select>
            </div>
            <Field id="program-name" label=Signal::derive(move || i18n.t(Text::ProgramNameLabel)) value=name />
            <Field id="program-cycle" label=Signal::derive(move || i18n.t(Text::CycleLabel)) value=cycle />
            <Field id="program-description" label=Signal::derive(move || i18n.t(Text::DescriptionLabel)) value=description />
            <div class="inline-form">
                <Field id="program-opens" kind="date" label=Signal::derive(move || i18n.t(Text::OpensOnLabel)) value=opens_on />
                <Field id="program-closes" kind="date" label=Signal::derive(move || i18n.t(Text::ClosesOnLabel)) value=closes_on />
            </div>
            <Field id="program-budget" label=Signal::derive(move || i18n.t(Text::BudgetLabel)) value=budget />
            <fieldset>
                <legend>{move || i18n.t(Text::TiersTitle)}</legend>
                {rows_editor(tiers, "tier", [Text::TierLabel, Text::AmountLabel, Text::QuotaLabel, Text::AddTier], ("", "1"))}
            </fieldset>
            <fieldset>
                <legend>{move || i18n.t(Text::RubricTitle)}</legend>
                {rows_editor(rubric, "criterion", [Text::CriterionLabel, Text::WeightLabel, Text::MaxScoreLabel, Text::AddCriterion], ("", "10"))}
            </fieldset>
            <fieldset>
                <legend>{move || i18n.t(Text::WhoMayApply)}</legend>
                {EducationLevel::ALL.iter().map(|l| {
                    let l = *l;
                    view! {
                        <label class="check">
                            <input type="checkbox" on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                levels.update(|v| { v.retain(|x| *x != l); if on { v.push(l); } });
                            } />
                            {move || education_level_name(l, i18n.locale.get())}
                        </label>
                    }
                }).collect_view()}
                {Circumstance::ALL.iter().map(|c| {
                    let c = *c;
                    view! {
                        <label class="check">
                            <input type="checkbox" on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                circumstances.update(|v| { v.retain(|x| *x != c); if on { v.push(c); } });
                            } />
                            {move || circumstance_name(c, i18n.locale.get())}
                        </label>
                    }
                }).collect_view()}
                <Field id="program-min-gpa" label=Signal::derive(move || i18n.t(Text::MinGpa)) value=min_gpa />
                <div class="inline-form">
                    <Field id="program-min-age" kind="number" label=Signal::derive(move || i18n.t(Text::MinAgeLabel)) value=min_age />
                    <Field id="program-max-age" kind="number" label=Signal::derive(move || i18n.t(Text::MaxAgeLabel)) value=max_age />
                </div>
                <OrganizationSelect
                    id="program-commune"
                    label=Signal::derive(move || i18n.t(Text::CommunesLabel))
                    value=commune
                    chosen=commune_name
                    scope=Scope::Kind(OrganizationKind::Commune)
                    none=true
                />
                <button type="button" class="secondary small" on:click=move |_| {
                    let (id, name) = (commune.get_untracked(), commune_name.get_untracked());
                    if !id.is_empty() && communes.with_untracked(|c| c.iter().all(|(known, _)| *known != id)) {
                        communes.update(|c| c.push((id, name.trim().to_owned())));
                    }
                }>{move || i18n.t(Text::AddCommune)}</button>
                <ul class="chosen">
                    {move || communes.get().into_iter().map(|(id, name)| view! {
                        <li>
                            {name.clone()} " "
                            <button type="button" class="secondary small"
                                aria-label=move || format!("{} {name}", i18n.t(Text::RemoveRow))
                                on:click=move |_| communes.update(|c| c.retain(|(known, _)| *known != id))>
                                "×"
                            </button>
                        </li>
                    }).collect_view()}
                </ul>
                <p class="hint">{move || i18n.t(Text::CommunesHint)}</p>
            </fieldset>
            <Field id="program-evidence" label=Signal::derive(move || i18n.t(Text::RequiredEvidenceLabel)) value=evidence />
            <Field id="program-reviewers" label=Signal::derive(move || i18n.t(Text::ReviewersPerApplication)) value=reviewers />
            <label class="check">
                <input type="checkbox" on:change=move |ev| blind.set(event_target_checked(&ev)) />
                {move || i18n.t(Text::BlindReview)}
            </label>
            <button type="submit" disabled=move || busy.get()>{move || i18n.t(Text::CreateProgram)}</button>
            <FormError message=error.into() />
        </form>
    }
}
