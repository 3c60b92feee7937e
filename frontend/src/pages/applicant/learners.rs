//! My learners: the list, registering one, and for each the programs they qualify for.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_params_map},
};
use serde::Deserialize;
use shared::{
    Circumstance, EducationLevel, EligibilityRules, Gender, Gpa, Ineligibility, IneligibilityCode,
    OrganizationKind, PersonalId, VnDate,
    eligibility::{LearnerFacts, check},
};

use crate::{
    api::{self, Connection},
    components::{
        form::{Field, FormError, explain},
        paged::{PageFooter, Paged},
        picker::{OrganizationSelect, Scope},
        status::{ErrorPanel, Loading},
    },
    i18n::{Text, circumstance_name, education_level_name, status_name, use_i18n},
    pages::fund::day_of_date,
};

const MY_LEARNERS: &str = include_str!("../../../graphql/my_learners.graphql");
const REGISTER_LEARNER: &str = include_str!("../../../graphql/register_learner.graphql");
const LEARNER_ELIGIBILITY: &str = include_str!("../../../graphql/learner_eligibility.graphql");
const OPEN_PROGRAMS: &str = include_str!("../../../graphql/open_programs.graphql");
const CREATE_APPLICATION: &str = include_str!("../../../graphql/create_application.graphql");
const MY_APPLICATIONS: &str = include_str!("../../../graphql/my_applications.graphql");

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MyLearnersData {
    my_learners: Connection<LearnerRow>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LearnerRow {
    id: String,
    full_name: String,
    date_of_birth: String,
    education_level: Option<EducationLevel>,
    school: Option<String>,
    class_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MyApplicationsData {
    my_applications: Connection<ApplicationRow>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApplicationRow {
    id: String,
    program_name: String,
    learner_name: String,
    status: Option<shared::ApplicationStatus>,
}

#[derive(Debug, Clone, Deserialize)]
struct Created {
    id: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RegisterData {
    register_learner: Created,
}

#[component]
pub fn MyLearnersPage() -> impl IntoView {
    let i18n = use_i18n();
    let learners = Paged::new(|after: Option<String>| async move {
        api::graphql::<_, MyLearnersData>(MY_LEARNERS, serde_json::json!({ "after": after }))
            .await
            .map(|data| data.my_learners)
    });
    let applications = Paged::new(|after: Option<String>| async move {
        api::graphql::<_, MyApplicationsData>(
            MY_APPLICATIONS,
            serde_json::json!({ "after": after }),
        )
        .await
        .map(|data| data.my_applications)
    });
    let rows = applications.rows;
    view! {
        <h1>{move || i18n.t(Text::MyLearnersTitle)}</h1>
        <section class="card">
            <Show when=move || learners.is_empty()>
                <p>{move || i18n.t(Text::NoLearners)}</p>
            </Show>
            <ul class="org-tree">
                {move || learners.rows.get().into_iter().map(|learner| {
                    let level = learner.education_level;
                    view! {
                        <li>
                            <A href=format!("/learners/{}", learner.id)>{learner.full_name}</A>
                            <span class="muted">
                                {day_of_date(&learner.date_of_birth)} " · "
                                {move || level.map(|l| education_level_name(l, i18n.locale.get()))} " · "
                                {learner.school.unwrap_or_default()} " " {learner.class_name.unwrap_or_default()}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <PageFooter paged=learners />
        </section>
        <section class="card">
            <h2>{move || i18n.t(Text::MyApplicationsTitle)}</h2>
            <Show when=move || applications.is_empty()>
                <p>{move || i18n.t(Text::NoApplications)}</p>
            </Show>
            <ul class="org-tree">
                {move || rows.get().into_iter().map(|row| {
                    let status = row.status;
                    view! {
                        <li>
                            <span class="kind">{move || status.map(|s| status_name(s, i18n.locale.get()))}</span>
                            <A href=format!("/applications/{}", row.id)>{row.program_name}</A>
                            <span class="muted">{row.learner_name}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <PageFooter paged=applications />
        </section>
        <RegisterLearnerForm on_done=Callback::new(move |()| learners.reload()) />
    }
}

#[component]
fn RegisterLearnerForm(on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let full_name = RwSignal::new(String::new());
    let date_of_birth = RwSignal::new(String::new());
    let gender = RwSignal::new(Gender::Female);
    let personal_id = RwSignal::new(String::new());
    let level = RwSignal::new(EducationLevel::Primary);
    let school = RwSignal::new(String::new());
    let class_name = RwSignal::new(String::new());
    let commune = RwSignal::new(String::new());
    let circumstances = RwSignal::new(Vec::<Circumstance>::new());
    let gpa = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.locale.get_untracked();
        // The same rules as the server, checked here first.
        let id = personal_id.get_untracked();
        if !id.trim().is_empty() && PersonalId::parse(&id).is_err() {
            return error.set(Some(Text::InvalidPersonalId.get(locale).to_owned()));
        }
        let gpa_text = gpa.get_untracked();
        if !gpa_text.trim().is_empty() && Gpa::parse("gpa", &gpa_text).is_err() {
            return error.set(Some(Text::InvalidGpa.get(locale).to_owned()));
        }
        let input = serde_json::json!({
            "fullName": full_name.get_untracked(),
            "dateOfBirth": date_of_birth.get_untracked(),
            "gender": gender.get_untracked(),
            "personalId": Some(id).filter(|i| !i.trim().is_empty()),
            "educationLevel": level.get_untracked(),
            "school": school.get_untracked(),
            "className": class_name.get_untracked(),
            "communeId": Some(commune.get_untracked()).filter(|c| !c.is_empty()),
            "circumstances": circumstances.get_untracked(),
            "gpa": Some(gpa_text).filter(|g| !g.trim().is_empty()),
        });
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::graphql::<_, RegisterData>(
                REGISTER_LEARNER,
                serde_json::json!({ "input": input }),
            )
            .await
            {
                Ok(data) => {
                    error.set(None);
                    on_done.run(());
                    navigate(
                        &format!("/learners/{}", data.register_learner.id),
                        Default::default(),
                    );
                }
                Err(failure) => error.set(Some(explain(&failure, locale, &[]))),
            }
        });
    };
    view! {
        <section class="card">
            <h2>{move || i18n.t(Text::RegisterLearner)}</h2>
            <form on:submit=submit>
                <Field id="learner-name" label=Signal::derive(move || i18n.t(Text::DisplayNameLabel)) value=full_name />
                <Field id="learner-dob" kind="date" label=Signal::derive(move || i18n.t(Text::DateOfBirthLabel)) value=date_of_birth />
                <div class="field">
                    <label for="learner-gender">{move || i18n.t(Text::GenderLabel)}</label>
                    <select id="learner-gender" on:change=move |ev| {
                        if let Some(g) = Gender::from_code(&event_target_value(&ev)) { gender.set(g) }
                    }>
                        <option value="FEMALE">{move || i18n.t(Text::Female)}</option>
                        <option value="MALE">{move || i18n.t(Text::Male)}</option>
                        <option value="OTHER">{move || i18n.t(Text::OtherGender)}</option>
                    </select>
                </div>
                <Field id="learner-personal-id" label=Signal::derive(move || i18n.t(Text::PersonalIdLabel)) value=personal_id />
                <div class="field">
                    <label for="learner-level">{move || i18n.t(Text::EducationLevelLabel)}</label>
                    <select id="learner-level" on:change=move |ev| {
                        if let Some(l) = EducationLevel::from_code(&event_target_value(&ev)) { level.set(l) }
                    }>
                        {EducationLevel::ALL.iter().copied().map(|l| view! {
                            <option value=l.code() selected=move || level.get() == l>{move || education_level_name(l, i18n.locale.get())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Field id="learner-school" label=Signal::derive(move || i18n.t(Text::SchoolLabel)) value=school />
                <Field id="learner-class" label=Signal::derive(move || i18n.t(Text::ClassLabel)) value=class_name />
                <OrganizationSelect
                    id="learner-commune"
                    label=Signal::derive(move || i18n.t(Text::CommuneColumn))
                    value=commune
                    scope=Scope::Kind(OrganizationKind::Commune)
                    none=true
                />
                <fieldset class="field">
                    <legend>{move || i18n.t(Text::CircumstancesLabel)}</legend>
                    {Circumstance::ALL.iter().copied().map(|c| view! {
                        <label class="check">
                            <input type="checkbox" on:change=move |ev| {
                                let checked = event_target_checked(&ev);
                                circumstances.update(|list| {
                                    list.retain(|x| *x != c);
                                    if checked { list.push(c) }
                                });
                            } />
                            {move || circumstance_name(c, i18n.locale.get())}
                        </label>
                    }).collect_view()}
                </fieldset>
                <Field id="learner-gpa" label=Signal::derive(move || i18n.t(Text::GpaLabel)) value=gpa />
                <FormError message=error.into() />
                <button type="submit">{move || i18n.t(Text::RegisterLearner)}</button>
            </form>
        </section>
    }
}

#[derive(Debug, Clone, Deserialize)]
struct EligibilityData {
    learner: LearnerDetail,
}

#[derive(Debug, Clone, Deserialize)]
struct OpenProgramsData {
    programs: Connection<OpenProgram>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LearnerDetail {
    id: String,
    full_name: String,
    personal_id: Option<String>,
    date_of_birth: String,
    education_level: Option<EducationLevel>,
    commune_id: Option<String>,
    gpa: Option<String>,
    circumstances: Vec<Circumstance>,
}

impl LearnerDetail {
    /// The facts eligibility looks at, as `shared` takes them.
    fn facts(&self) -> Option<LearnerFacts> {
        Some(LearnerFacts {
            education_level: self.education_level?,
            gpa: self.gpa.as_deref().and_then(|g| Gpa::parse("gpa", g).ok()),
            circumstances: self.circumstances.clone(),
            commune_id: self.commune_id.as_deref().and_then(|c| c.parse().ok()),
            date_of_birth: VnDate::from(self.date_of_birth.parse::<chrono::NaiveDate>().ok()?),
        })
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OpenProgram {
    id: String,
    name: String,
    cycle: String,
    closes_on: String,
    eligibility: RulesData,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RulesData {
    education_levels: Vec<EducationLevel>,
    min_gpa: Option<String>,
    circumstances: Vec<Circumstance>,
    commune_ids: Vec<String>,
    min_age: Option<u8>,
    max_age: Option<u8>,
}

impl RulesData {
    fn rules(&self) -> EligibilityRules {
        EligibilityRules {
            education_levels: self.education_levels.clone(),
            min_gpa: self
                .min_gpa
                .as_deref()
                .and_then(|g| Gpa::parse("minGpa", g).ok()),
            circumstances: self.circumstances.clone(),
            commune_ids: self
                .commune_ids
                .iter()
                .filter_map(|c| c.parse().ok())
                .collect(),
            min_age: self.min_age,
            max_age: self.max_age,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateData {
    create_application: Created,
}

/// One learner: who they are, and the open programs, a page at a time, each with whether
/// they qualify and why not.
#[component]
pub fn LearnerPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move {
            api::graphql::<_, EligibilityData>(LEARNER_ELIGIBILITY, serde_json::json!({ "id": id }))
                .await
        }
    });
    let programs = Paged::new(|after: Option<String>| async move {
        api::graphql::<_, OpenProgramsData>(OPEN_PROGRAMS, serde_json::json!({ "after": after }))
            .await
            .map(|data| data.programs)
    });
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let apply = move |program: String, learner: String| {
        let navigate = navigate.clone();
        let locale = i18n.locale.get_untracked();
        spawn_local(async move {
            let variables =
                serde_json::json!({ "programId": program, "learnerId": learner, "statement": "" });
            match api::graphql::<_, CreateData>(CREATE_APPLICATION, variables).await {
                Ok(created) => navigate(
                    &format!("/applications/{}", created.create_application.id),
                    Default::default(),
                ),
                Err(failure) => error.set(Some(explain(&failure, locale, &[]))),
            }
        });
    };
    view! {
        <Suspense fallback=Loading>
            {move || {
                let apply = apply.clone();
                Suspend::new(async move {
                match data.await {
                    Ok(EligibilityData { learner }) => {
                        let level = learner.education_level;
                        let learner_id = learner.id.clone();
                        // Judged here by the same pure function the server applies on
                        // submission, so what the page promises is what the server accepts.
                        let facts = learner.facts();
                        let today = VnDate::from(super::super::fund::today());
                        view! {
                            <h1>{learner.full_name.clone()}</h1>
                            <p class="muted">
                                {learner.personal_id.clone().unwrap_or_default()} " · "
                                {move || level.map(|l| education_level_name(l, i18n.locale.get()))} " · "
                                {learner.gpa.clone().map(|g| format!("GPA {g}")).unwrap_or_default()}
                            </p>
                            <section class="card">
                                <h2>{move || i18n.t(Text::ProgramsForLearner)}</h2>
                                <FormError message=error.into() />
                                <Show when=move || programs.is_empty()>
                                    <p>{move || i18n.t(Text::NoPrograms)}</p>
                                </Show>
                                <ul class="org-tree">
                                    {move || programs.rows.get().into_iter().map(|program| {
                                        let learner_id = learner_id.clone();
                                        let apply = apply.clone();
                                        let reasons = facts
                                            .as_ref()
                                            .map(|f| check(&program.eligibility.rules(), f, today))
                                            .unwrap_or_default();
                                        let eligible = reasons.is_empty();
                                        let codes: Vec<IneligibilityCode> = reasons.iter().map(Ineligibility::code).collect();
                                        view! {
                                            <li>
                                                <A href=format!("/programs/{}", program.id)>{program.name.clone()}</A>
                                                <span class="muted">{program.cycle.clone()} " · " {day_of_date(&program.closes_on)}</span>
                                                {if eligible {
                                                    let program_id = program.id.clone();
                                                    view! {
                                                        <button class="small" on:click=move |_| apply(program_id.clone(), learner_id.clone())>
                                                            {move || i18n.t(Text::Apply)}
                                                        </button>
                                                    }.into_any()
                                                } else {
                                                    view! {
                                                        <span class="error-inline">
                                                            {move || codes.iter().map(|&c| reason_text(c).get(i18n.locale.get())).collect::<Vec<_>>().join(" · ")}
                                                        </span>
                                                    }.into_any()
                                                }}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                                <PageFooter paged=programs />
                            </section>
                        }.into_any()
                    }
                    Err(failure) => view! { <ErrorPanel error=failure on_retry=move |()| data.refetch() /> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

/// Why a learner does not qualify, in words, by the server's stable code.
fn reason_text(code: IneligibilityCode) -> Text {
    match code {
        IneligibilityCode::EducationLevel => Text::ReasonEducationLevel,
        IneligibilityCode::GpaMissing => Text::ReasonGpaMissing,
        IneligibilityCode::GpaTooLow => Text::ReasonGpaTooLow,
        IneligibilityCode::Circumstance => Text::ReasonCircumstance,
        IneligibilityCode::Commune => Text::ReasonCommune,
        IneligibilityCode::TooYoung => Text::ReasonTooYoung,
        IneligibilityCode::TooOld => Text::ReasonTooOld,
    }
}
