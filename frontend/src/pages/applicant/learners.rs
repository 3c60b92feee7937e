//! My learners: the list, registering one, and for each the programs they qualify for.

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_params_map},
};
use shared::{
    Circumstance, EducationLevel, EligibilityRules, Gender, Gpa, Ineligibility, IneligibilityCode,
    Login, OrganizationKind, PersonalId, VnDate,
    eligibility::{LearnerFacts, check},
};

use crate::{
    api::{
        self,
        documents::{
            CreateApplication, InviteLearnerManager, LearnerEligibility, MyApplications,
            MyLearners, OpenPrograms, RegisterLearner, UpdateLearner, create_application,
            invite_learner_manager, learner_eligibility, my_applications, my_learners,
            open_programs, register_learner, update_learner,
        },
    },
    common::{
        form::{CheckList, Field, FormError},
        mutation::Sending,
        paged::{PageFooter, Paged},
        picker::{OrganizationSelect, Scope},
        status::{ErrorPanel, Loading},
    },
    i18n::{Text, circumstance_name, education_level_name, status_name, use_i18n},
    pages::fund::day_of_date,
};

#[component]
pub fn MyLearnersPage() -> impl IntoView {
    let i18n = use_i18n();
    let learners = Paged::new(|after: Option<String>| async move {
        api::run::<MyLearners>(my_learners::Variables { after })
            .await
            .map(|data| api::page!(data.my_learners))
    });
    let applications = Paged::new(|after: Option<String>| async move {
        api::run::<MyApplications>(my_applications::Variables { after })
            .await
            .map(|data| api::page!(data.my_applications))
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
                                {move || education_level_name(level, i18n.locale.get())} " · "
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
                            <span class="kind">{move || status_name(status, i18n.locale.get())}</span>
                            <A href=format!("/applications/{}", row.id)>{row.program_name}</A>
                            <span class="muted">{row.learner_name}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <PageFooter paged=applications />
        </section>
        <crate::pages::society::MyRegistrations />
        <RegisterLearnerForm on_done=Callback::new(move |()| learners.reload()) />
    }
}

#[component]
fn RegisterLearnerForm(on_done: Callback<()>) -> impl IntoView {
    view! { <LearnerForm editing=None on_done /> }
}

/// The details of a learner as the form holds them, and as both registering and changing
/// them send them (each document has its own input type: `learner_input!` fills either).
#[derive(Debug, Clone)]
struct Details {
    full_name: String,
    date_of_birth: String,
    gender: Gender,
    personal_id: Option<String>,
    education_level: EducationLevel,
    school: Option<String>,
    class_name: Option<String>,
    commune_id: Option<String>,
    circumstances: Vec<Circumstance>,
    gpa: Option<String>,
    achievements: Option<String>,
    guardian_name: Option<String>,
    guardian_phone: Option<String>,
    organization_id: Option<String>,
}

/// The input of `$document` (`register_learner` or `update_learner`) from `Details`.
macro_rules! learner_input {
    ($document:ident, $details:expr) => {{
        let d: Details = $details;
        $document::RegisterLearnerInput {
            full_name: d.full_name,
            date_of_birth: d.date_of_birth,
            gender: d.gender,
            personal_id: d.personal_id,
            education_level: d.education_level,
            school: d.school,
            class_name: d.class_name,
            commune_id: d.commune_id,
            circumstances: d.circumstances,
            gpa: d.gpa,
            achievements: d.achievements,
            guardian_name: d.guardian_name,
            guardian_phone: d.guardian_phone,
            organization_id: d.organization_id,
        }
    }};
}

/// Registering a learner (`editing` none: the new learner's page opens after), or changing
/// the details of one (`editing`: the form starts from them; `on_done` reads the page again).
#[component]
fn LearnerForm(editing: Option<LearnerDetail>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let text = |value: Option<&String>| RwSignal::new(value.cloned().unwrap_or_default());
    let was = editing.as_ref();
    let full_name = text(was.map(|l| &l.full_name));
    let date_of_birth = text(was.map(|l| &l.date_of_birth));
    let gender = RwSignal::new(was.map_or(Gender::Female, |l| l.gender));
    let personal_id = text(was.and_then(|l| l.personal_id.as_ref()));
    let level = RwSignal::new(was.map_or(EducationLevel::Primary, |l| l.education_level));
    let school = text(was.and_then(|l| l.school.as_ref()));
    let class_name = text(was.and_then(|l| l.class_name.as_ref()));
    let commune = text(was.and_then(|l| l.commune_id.as_ref()));
    let commune_name = text(was.and_then(|l| l.commune.as_ref().map(|c| &c.name)));
    let circumstances = RwSignal::new(was.map(|l| l.circumstances.clone()).unwrap_or_default());
    let gpa = text(was.and_then(|l| l.gpa.as_ref()));
    let achievements = text(was.and_then(|l| l.achievements.as_ref()));
    let guardian_name = text(was.and_then(|l| l.guardian_name.as_ref()));
    let guardian_phone = text(was.and_then(|l| l.guardian_phone.as_ref()));
    // Who keeps the record is the staff's to set; a change of details keeps it.
    let keeper = was.and_then(|l| l.organization_id.clone());
    let learner_id = was.map(|l| l.id.clone());
    let editing = learner_id.is_some();
    let sending = Sending::default();
    let error = sending.error;
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
        let given =
            |field: RwSignal<String>| Some(field.get_untracked()).filter(|v| !v.trim().is_empty());
        let details = Details {
            full_name: full_name.get_untracked(),
            date_of_birth: date_of_birth.get_untracked(),
            gender: gender.get_untracked(),
            personal_id: Some(id).filter(|i| !i.trim().is_empty()),
            education_level: level.get_untracked(),
            school: Some(school.get_untracked()),
            class_name: Some(class_name.get_untracked()),
            commune_id: given(commune),
            circumstances: circumstances.get_untracked(),
            gpa: Some(gpa_text).filter(|g| !g.trim().is_empty()),
            achievements: given(achievements),
            guardian_name: given(guardian_name),
            guardian_phone: given(guardian_phone),
            organization_id: keeper.clone(),
        };
        match learner_id.clone() {
            Some(id) => {
                let input = learner_input!(update_learner, details);
                sending.send::<UpdateLearner>(update_learner::Variables { id, input }, move |_| {
                    on_done.run(());
                });
            }
            None => {
                let navigate = navigate.clone();
                let input = learner_input!(register_learner, details);
                sending.send::<RegisterLearner>(
                    register_learner::Variables { input },
                    move |data| {
                        on_done.run(());
                        navigate(
                            &format!("/learners/{}", data.register_learner.id),
                            Default::default(),
                        );
                    },
                );
            }
        }
    };
    view! {
        <section class="card">
            <h2>{move || i18n.t(if editing { Text::EditLearner } else { Text::RegisterLearner })}</h2>
            <form on:submit=submit>
                <Field id="learner-name" label=Signal::derive(move || i18n.t(Text::DisplayNameLabel)) value=full_name />
                <Field id="learner-dob" kind="date" label=Signal::derive(move || i18n.t(Text::DateOfBirthLabel)) value=date_of_birth />
                <div class="field">
                    <label for="learner-gender">{move || i18n.t(Text::GenderLabel)}</label>
                    <select id="learner-gender" on:change=move |ev| {
                        if let Some(g) = Gender::from_code(&event_target_value(&ev)) { gender.set(g) }
                    }>
                        <option value="FEMALE" selected=move || gender.get() == Gender::Female>{move || i18n.t(Text::Female)}</option>
                        <option value="MALE" selected=move || gender.get() == Gender::Male>{move || i18n.t(Text::Male)}</option>
                        <option value="OTHER" selected=move || gender.get() == Gender::Other>{move || i18n.t(Text::OtherGender)}</option>
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
                    chosen=commune_name
                    scope=Scope::Kind(OrganizationKind::Commune)
                    none=true
                />
                <fieldset class="field">
                    <legend>{move || i18n.t(Text::CircumstancesLabel)}</legend>
                    <CheckList all=Circumstance::ALL chosen=circumstances name=circumstance_name />
                </fieldset>
                <Field id="learner-gpa" label=Signal::derive(move || i18n.t(Text::GpaLabel)) value=gpa />
                <div class="field">
                    <label for="learner-achievements">{move || i18n.t(Text::AchievementsLabel)}</label>
                    <textarea id="learner-achievements" rows="2" bind:value=achievements></textarea>
                </div>
                <Field id="learner-guardian" label=Signal::derive(move || i18n.t(Text::GuardianNameLabel)) value=guardian_name autocomplete="off" />
                <Field id="learner-guardian-phone" kind="tel" label=Signal::derive(move || i18n.t(Text::GuardianPhoneLabel)) value=guardian_phone autocomplete="off" />
                <FormError message=error.into() />
                <button type="submit" disabled=move || sending.busy.get()>
                    {move || i18n.t(if editing { Text::SaveLearner } else { Text::RegisterLearner })}
                </button>
            </form>
        </section>
    }
}

type LearnerDetail = learner_eligibility::LearnerEligibilityLearner;

impl LearnerDetail {
    /// The facts eligibility looks at, as `shared` takes them.
    fn facts(&self) -> Option<LearnerFacts> {
        Some(LearnerFacts {
            education_level: self.education_level,
            gpa: self.gpa.as_deref().and_then(|g| Gpa::parse("gpa", g).ok()),
            circumstances: self.circumstances.clone(),
            commune_id: self.commune_id.as_deref().and_then(|c| c.parse().ok()),
            date_of_birth: VnDate::from(self.date_of_birth.parse::<chrono::NaiveDate>().ok()?),
            recognised: self.family_recognised_as.clone(),
        })
    }
}

type RulesData = open_programs::OpenProgramsProgramsEdgesNodeEligibility;

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
            min_age: self.min_age.and_then(|age| u8::try_from(age).ok()),
            max_age: self.max_age.and_then(|age| u8::try_from(age).ok()),
            recognised_as: self.recognised_as.clone(),
        }
    }
}

/// One learner: who they are, and the open programs, a page at a time, each with whether
/// they qualify and why not.
#[component]
pub fn LearnerPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move { api::run::<LearnerEligibility>(learner_eligibility::Variables { id }).await }
    });
    let programs = Paged::new(|after: Option<String>| async move {
        api::run::<OpenPrograms>(open_programs::Variables { after })
            .await
            .map(|data| api::page!(data.programs))
    });
    let sending = Sending::default();
    let error = sending.error;
    // Said above the page, which is read again (with the changed details) once they are saved.
    let details_saved = RwSignal::new(false);
    let navigate = use_navigate();
    let apply = move |program: String, learner: String| {
        let navigate = navigate.clone();
        let variables = create_application::Variables {
            program_id: program,
            learner_id: learner,
            statement: String::new(),
        };
        sending.send::<CreateApplication>(variables, move |created| {
            navigate(
                &format!("/applications/{}", created.create_application.id),
                Default::default(),
            );
        });
    };
    view! {
        <Show when=move || details_saved.get()>
            <p class="notice" role="status">{move || i18n.t(Text::Saved)}</p>
        </Show>
        <Suspense fallback=Loading>
            {move || {
                let apply = apply.clone();
                Suspend::new(async move {
                match data.await {
                    Ok(learner_eligibility::ResponseData { learner }) => {
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
                                {move || education_level_name(level, i18n.locale.get())} " · "
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
                                                        <button class="small" disabled=move || sending.busy.get() on:click=move |_| apply(program_id.clone(), learner_id.clone())>
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
                            <details class="card edit-learner">
                                <summary>{move || i18n.t(Text::EditLearner)}</summary>
                                <LearnerForm editing=Some(learner.clone()) on_done=Callback::new(move |()| {
                                    details_saved.set(true);
                                    data.refetch();
                                }) />
                            </details>
                            <InviteGuardian learner_id=learner.id.clone() />
                        }.into_any()
                    }
                    Err(failure) => view! { <ErrorPanel error=failure on_retry=move |()| data.refetch() /> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

/// Linking a second guardian: an invitation to their login (email or mobile number), which
/// they accept on their account page. The answer is the same whether or not the login has
/// an account yet.
#[component]
fn InviteGuardian(learner_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let login = RwSignal::new(String::new());
    let invited = RwSignal::new(None::<String>);
    let sending = Sending::default();
    let learner_id = StoredValue::new(learner_id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.locale.get_untracked();
        invited.set(None);
        if Login::parse(&login.get_untracked()).is_err() {
            return sending
                .error
                .set(Some(Text::InvalidLogin.get(locale).to_owned()));
        }
        let variables = invite_learner_manager::Variables {
            learner_id: learner_id.get_value(),
            login: login.get_untracked().trim().to_owned(),
        };
        sending.send::<InviteLearnerManager>(variables, move |_| {
            invited.set(Some(login.get_untracked().trim().to_owned()));
            login.set(String::new());
        });
    };
    view! {
        <section class="card narrow" aria-labelledby="invite-guardian">
            <h2 id="invite-guardian">{move || i18n.t(Text::InviteGuardianTitle)}</h2>
            <p class="muted">{move || i18n.t(Text::InviteGuardianIntro)}</p>
            <form on:submit=submit>
                <Field id="guardian-login" label=Signal::derive(move || i18n.t(Text::LoginLabel)) value=login autocomplete="off" />
                <FormError message=sending.error.into() />
                {move || invited.get().map(|who| view! {
                    <p class="notice" role="status">{move || format!("{} {who}", i18n.t(Text::InvitationSent))}</p>
                })}
                <button type="submit" disabled=move || sending.busy.get()>{move || i18n.t(Text::InviteGuardian)}</button>
            </form>
        </section>
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
        IneligibilityCode::NotRecognised => Text::ReasonNotRecognised,
    }
}
