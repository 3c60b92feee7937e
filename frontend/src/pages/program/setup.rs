//! Setting up a program (program managers): organisation and fund, kind, cycle, window,
//! budget, tiers, who may apply, the rubric, required documents, reviewers per application and
//! blind review. It is created as a draft and opened from its board; until then the same form
//! edits it (`/programs/:id/edit`).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::{
    Circumstance, DuplicatePolicy, EducationLevel, Gpa, Money, OrganizationKind, ProgramKind,
    ProgramStatus, Role, ScoreStep,
    eligibility::{FAMILY_MODELS, validate_ages},
    program::{RubricCriterion, parse_cycle, validate_rubric},
    society::RecognitionModel,
};

use crate::{
    api::{
        self,
        documents::{
            CreateProgram, ProgramFunds, ProgramSetup, UpdateProgram, create_program,
            program_funds, program_setup, update_program,
        },
    },
    common::{
        form::{CheckList, Field, FormError},
        mutation::Sending,
        picker::{OrganizationSelect, Scope, use_organizations_held},
        status::{ErrorPanel, Loading},
    },
    i18n::{
        Text, circumstance_name, education_level_name, model_name, program_kind_name, score_text,
        use_i18n,
    },
    pages::fund::today,
};

/// A row of an editable list (a tier or a criterion): three text cells, and a criterion's
/// score step.
#[derive(Clone, Copy)]
struct Row {
    key: usize,
    name: RwSignal<String>,
    first: RwSignal<String>,
    second: RwSignal<String>,
    step: RwSignal<ScoreStep>,
}

impl Row {
    fn new(key: usize, name: &str, first: &str, second: &str) -> Self {
        Self {
            key,
            name: RwSignal::new(name.to_owned()),
            first: RwSignal::new(first.to_owned()),
            second: RwSignal::new(second.to_owned()),
            step: RwSignal::new(ScoreStep::Whole),
        }
    }

    fn stepped(self, step: ScoreStep) -> Self {
        self.step.set(step);
        self
    }
}

/// The program being edited, as the server keeps it.
type Draft = program_setup::ProgramSetupProgram;

/// A program's terms as the form checked them, before they are put in either document's
/// input (each document has its own input types: `program_input!` fills either).
struct Terms {
    organization_id: String,
    fund_id: String,
    kind: ProgramKind,
    name: String,
    cycle: String,
    description: Option<String>,
    opens_on: String,
    closes_on: String,
    budget: Money,
    tiers: Vec<(String, Money, i64)>,
    education_levels: Vec<EducationLevel>,
    circumstances: Vec<Circumstance>,
    recognised_as: Vec<RecognitionModel>,
    min_gpa: Option<String>,
    commune_ids: Vec<String>,
    min_age: Option<i64>,
    max_age: Option<i64>,
    rubric: Vec<RubricCriterion>,
    required_evidence: Vec<String>,
    reviewers_per_application: i64,
    blind_review: bool,
    duplicate_policy: DuplicatePolicy,
}

/// The `CreateProgramInput` of `$document` (`create_program` or `update_program`) from `Terms`.
macro_rules! program_input {
    ($document:ident, $terms:expr) => {{
        let t: Terms = $terms;
        $document::CreateProgramInput {
            organization_id: t.organization_id,
            fund_id: t.fund_id,
            kind: t.kind,
            name: t.name,
            cycle: t.cycle,
            description: t.description,
            opens_on: t.opens_on,
            closes_on: t.closes_on,
            budget: t.budget,
            tiers: t
                .tiers
                .into_iter()
                .map(|(name, amount, quota)| $document::AwardTierInput {
                    name,
                    amount,
                    quota,
                })
                .collect(),
            eligibility: $document::EligibilityInput {
                education_levels: t.education_levels,
                circumstances: t.circumstances,
                recognised_as: t.recognised_as,
                min_gpa: t.min_gpa,
                commune_ids: t.commune_ids,
                min_age: t.min_age,
                max_age: t.max_age,
            },
            rubric: t
                .rubric
                .into_iter()
                .map(|c| $document::CriterionInput {
                    name: c.name,
                    weight: c.weight.into(),
                    max_score: c.max_score.into(),
                    step: c.step,
                })
                .collect(),
            required_evidence: t.required_evidence,
            reviewers_per_application: t.reviewers_per_application,
            blind_review: t.blind_review,
            duplicate_policy: t.duplicate_policy,
        }
    }};
}

/// `/programs/new`, and `/programs/:id/edit` for a draft.
#[component]
pub fn ProgramSetupPage() -> impl IntoView {
    let params = use_params_map();
    let Some(id) = params.with_untracked(|p| p.get("id")) else {
        return view! { <ProgramForm editing=None /> }.into_any();
    };
    let found = LocalResource::new(move || {
        let id = id.clone();
        async move { api::run::<ProgramSetup>(program_setup::Variables { id }).await }
    });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(data) if data.program.status == ProgramStatus::Draft => {
                        view! { <ProgramForm editing=Some(data.program) /> }.into_any()
                    }
                    // An opened program keeps its terms: its board is where it is managed.
                    Ok(data) => view! {
                        <leptos_router::components::Redirect path=format!("/programs/{}/manage", data.program.id) />
                    }.into_any(),
                    Err(error) => view! { <ErrorPanel error on_retry=move || found.refetch() /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

/// The setup form: empty for a new program, or starting from the draft being edited.
#[component]
fn ProgramForm(editing: Option<Draft>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let was = editing.as_ref();
    let editing_id = was.map(|p| p.id.clone());
    // Where the person manages programs: where they hold the role, and everything under it.
    let organizations = use_organizations_held(&[Role::ProgramManager, Role::Admin]);
    let text = |value: Option<String>| RwSignal::new(value.unwrap_or_default());
    let organization = text(was.map(|p| p.organization_id.clone()));
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
    let fund = text(was.map(|p| p.fund_id.clone()));
    let kind = RwSignal::new(was.map_or(ProgramKind::Scholarship, |p| p.kind));
    let name = text(was.map(|p| p.name.clone()));
    let year = chrono::Datelike::year(&today());
    let cycle = text(Some(
        was.map_or(format!("{year}-{}", year + 1), |p| p.cycle.clone()),
    ));
    let description = text(was.and_then(|p| p.description.clone()));
    let opens_on = text(Some(
        was.map_or(today().to_string(), |p| p.opens_on.clone()),
    ));
    let closes_on = text(was.map(|p| p.closes_on.clone()));
    let budget = text(was.map(|p| p.budget.dong().to_string()));
    let tiers = RwSignal::new(match was {
        Some(p) => p
            .tiers
            .iter()
            .enumerate()
            .map(|(key, t)| {
                Row::new(
                    key,
                    &t.name,
                    &t.amount.dong().to_string(),
                    &t.quota.to_string(),
                )
            })
            .collect(),
        None => vec![Row::new(0, "", "", "")],
    });
    let rubric = RwSignal::new(match was {
        Some(p) => p
            .rubric
            .iter()
            .enumerate()
            .map(|(i, c)| {
                Row::new(
                    tiers.with_untracked(Vec::len) + i,
                    &c.name,
                    &c.weight.to_string(),
                    &c.max_score.to_string(),
                )
                .stepped(c.step)
            })
            .collect(),
        None => vec![Row::new(1, "", "100", "10")],
    });
    // Each row has its own key (tiers first, then criteria); rows added later take the next.
    let next_key =
        StoredValue::new(tiers.with_untracked(Vec::len) + rubric.with_untracked(Vec::len));
    let rules = was.map(|p| &p.eligibility);
    let levels = RwSignal::new(
        rules
            .map(|r| r.education_levels.clone())
            .unwrap_or_default(),
    );
    let circumstances = RwSignal::new(rules.map(|r| r.circumstances.clone()).unwrap_or_default());
    let recognised_as = RwSignal::new(rules.map(|r| r.recognised_as.clone()).unwrap_or_default());
    let min_gpa = text(rules.and_then(|r| r.min_gpa.clone()));
    let min_age = text(rules.and_then(|r| r.min_age.map(|a| a.to_string())));
    let max_age = text(rules.and_then(|r| r.max_age.map(|a| a.to_string())));
    // The communes whose learners may apply (none: any), each with its name; and the one
    // being picked.
    let communes: RwSignal<Vec<(String, String)>> = RwSignal::new(
        rules
            .map(|r| {
                r.communes
                    .iter()
                    .map(|c| (c.id.clone(), c.name.clone()))
                    .collect()
            })
            .unwrap_or_default(),
    );
    let (commune, commune_name) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let evidence = text(was.map(|p| p.required_evidence.join(", ")));
    let reviewers = text(Some(
        was.map_or(2, |p| p.reviewers_per_application).to_string(),
    ));
    let blind = RwSignal::new(was.is_some_and(|p| p.blind_review));
    let block_duplicates =
        RwSignal::new(was.is_some_and(|p| p.duplicate_policy == DuplicatePolicy::Block));
    let sending = Sending::default();
    let (error, busy) = (sending.error, sending.busy);
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
            tier_inputs.push((row.name.get_untracked(), amount, quota));
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
                step: row.step.get_untracked(),
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
        let terms = Terms {
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
            education_levels: levels.get_untracked(),
            circumstances: circumstances.get_untracked(),
            recognised_as: recognised_as.get_untracked(),
            min_gpa: Some(gpa.trim().to_owned()).filter(|g| !g.is_empty()),
            commune_ids: communes
                .get_untracked()
                .into_iter()
                .map(|(id, _)| id)
                .collect(),
            min_age: youngest.map(i64::from),
            max_age: oldest.map(i64::from),
            rubric: criteria,
            required_evidence: evidence
                .get_untracked()
                .split(',')
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(str::to_owned)
                .collect(),
            reviewers_per_application: reviewers.get_untracked().trim().parse().unwrap_or(2),
            blind_review: blind.get_untracked(),
            duplicate_policy: if block_duplicates.get_untracked() {
                DuplicatePolicy::Block
            } else {
                DuplicatePolicy::Warn
            },
        };
        let navigate = navigate.clone();
        let to_board =
            move |id: String| navigate(&format!("/programs/{id}/manage"), Default::default());
        match editing_id.clone() {
            Some(id) => {
                let input = program_input!(update_program, terms);
                sending.send::<UpdateProgram>(
                    update_program::Variables { id, input },
                    move |saved| {
                        to_board(saved.update_program.id);
                    },
                );
            }
            None => {
                let input = program_input!(create_program, terms);
                sending.send::<CreateProgram>(
                    create_program::Variables { input },
                    move |created| {
                        to_board(created.create_program.id);
                    },
                );
            }
        }
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
                    {(prefix == "criterion").then(|| view! {
                        <div class="field">
                            <label for=format!("{prefix}-step-{}", row.key)>{move || i18n.t(Text::StepLabel)}</label>
                            <select id=format!("{prefix}-step-{}", row.key) on:change=move |ev| {
                                if let Some(step) = ScoreStep::from_code(&event_target_value(&ev)) { row.step.set(step); }
                            }>
                                {ScoreStep::ALL.iter().map(|step| {
                                    let step = *step;
                                    view! {
                                        <option value=step.code() selected=move || row.step.get() == step>
                                            {move || if step.is_whole() {
                                                i18n.t(Text::WholePoints).to_owned()
                                            } else {
                                                score_text(&step.points().to_string(), i18n.locale.get())
                                            }}
                                        </option>
                                    }
                                }).collect_view()}
                            </select>
                        </div>
                    })}
                    <button type="button" class="secondary small" on:click=move |_| list.update(|rows| {
                        if rows.len() > 1 { rows.retain(|r| r.key != row.key); }
                    })>{move || i18n.t(Text::RemoveRow)}</button>
                </div>
            </For>
            <button type="button" class="secondary small" on:click=move |_| add_row(list, defaults.0, defaults.1)>{move || i18n.t(labels[3])}</button>
        }
    };

    let (title, action) = if editing.is_some() {
        (Text::EditProgramTitle, Text::SaveProgram)
    } else {
        (Text::NewProgramTitle, Text::CreateProgram)
    };
    view! {
        <h1>{move || i18n.t(title)}</h1>
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
                            if let Some(first) = choices.first()
                                && !choices.iter().any(|f| f.id == fund.get_untracked())
                            {
                                fund.set(first.id.clone());
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
                        view! { <option value=k.code() selected=move || kind.get() == k>{move || program_kind_name(k, i18n.locale.get())}</option> }
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
                <CheckList all=EducationLevel::ALL chosen=levels name=education_level_name />
                <CheckList all=Circumstance::ALL chosen=circumstances name=circumstance_name />
                <p class="hint small">{move || i18n.t(Text::RecognisedFamilyRule)}</p>
                <CheckList all=&FAMILY_MODELS chosen=recognised_as name=model_name />
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
                <input type="checkbox" prop:checked=move || blind.get() on:change=move |ev| blind.set(event_target_checked(&ev)) />
                {move || i18n.t(Text::BlindReview)}
            </label>
            <label class="check">
                <input type="checkbox" prop:checked=move || block_duplicates.get() on:change=move |ev| block_duplicates.set(event_target_checked(&ev)) />
                {move || i18n.t(Text::BlockDuplicates)}
            </label>
            <button type="submit" disabled=move || busy.get()>{move || i18n.t(action)}</button>
            <FormError message=error.into() />
        </form>
    }
}
