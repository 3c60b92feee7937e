//! The staff's register of the year: registering households, clans, communities, units and
//! citizens, scoring them against the criteria (the total worked out as they type, by the
//! same rule the server uses), linking learners to their families, and the decision that
//! recognises those that passed, asked about first.

use leptos::prelude::*;
use shared::{
    ErrorCode,
    eligibility::FAMILY_MODELS,
    society::{
        CriteriaGroup, CriteriaItem, CriteriaSet, Level, RecognitionModel, RegistrationStatus,
        assess,
    },
};

use super::{
    super::fund::today,
    documents::{Document, DocumentLinks, DocumentsEditor},
    family::LinkLearner,
    this_year,
};
use crate::{
    api::{
        self, ApiError,
        documents::{
            AssessRegistration, CriteriaSets, RecogniseRegistrations, RecognitionRegistrations,
            RegisterForRecognition, WithdrawRecognition, assess_registration, criteria_sets,
            recognise_registrations, recognition_registrations, register_for_recognition,
            withdraw_recognition,
        },
    },
    common::{
        confirm::{Ask, AskFirst, Asking},
        form::{Field, FormError},
        mutation::Sending,
        status::{ErrorPanel, Loading},
    },
    i18n::{Text, model_name, registration_status_name, use_i18n},
};

const PAGE_SIZE: i64 = 50;

type RegistrationRow =
    recognition_registrations::RecognitionRegistrationsRecognitionRegistrationsNodes;

/// A row's documents, as the page shows them.
fn documents_of(row: &RegistrationRow) -> Vec<Document> {
    row.documents
        .iter()
        .map(|d| Document {
            id: d.id.clone(),
            file_name: d.file_name.clone(),
            url: d.url.clone(),
        })
        .collect()
}

/// Registering a household, clan, community, unit or citizen for the year.
#[component]
pub(super) fn RegisterForm(id: Signal<String>, changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let model = RwSignal::new(RecognitionModel::Household);
    let name = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let registered = RwSignal::new(None::<String>);
    let sending = Sending::with(&[(ErrorCode::Conflict, Text::SocietyAlreadyRegistered)]);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        registered.set(None);
        let variables = register_for_recognition::Variables {
            input: register_for_recognition::RegistrationInput {
                organization_id: id.get_untracked(),
                model: model.get_untracked(),
                year: this_year(),
                name: name.get_untracked(),
                address: Some(address.get_untracked()).filter(|a| !a.trim().is_empty()),
                for_myself: false,
            },
        };
        sending.send::<RegisterForRecognition>(variables, move |data| {
            name.set(String::new());
            address.set(String::new());
            registered.set(Some(data.register_for_recognition.name));
            changed.update(|n| *n += 1);
        });
    };
    view! {
        <section class="card" aria-labelledby="register-title">
            <h2 id="register-title">{move || i18n.t(Text::SocietyRegisterTitle)}</h2>
            <form on:submit=submit>
                <ModelSelect id="register-model" label=Text::SocietyModelLabel chosen=model />
                <Field id="register-name" label=Signal::derive(move || i18n.t(Text::SocietyUnitNameLabel)) value=name />
                <Field id="register-address" label=Signal::derive(move || i18n.t(Text::SocietyAddressLabel)) value=address />
                <FormError message=sending.error.into() />
                {move || registered.get().map(|who| view! {
                    <p class="notice" role="status">{move || format!("{}: {who}", i18n.t(Text::SocietyRegistered))}</p>
                })}
                <button type="submit" disabled=move || sending.busy.get()>{move || i18n.t(Text::SocietyRegister)}</button>
            </form>
        </section>
    }
}

/// A choice of model, labelled.
#[component]
pub(super) fn ModelSelect(
    id: &'static str,
    label: Text,
    chosen: RwSignal<RecognitionModel>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id>{move || i18n.t(label)}</label>
            <select id=id on:change=move |ev| {
                if let Some(model) = RecognitionModel::from_code(&event_target_value(&ev)) { chosen.set(model) }
            }>
                {RecognitionModel::ALL.iter().copied().map(|m| view! {
                    <option value=m.code() selected=move || chosen.get() == m>{move || model_name(m, i18n.locale.get())}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// The year's registrations of one model, each scored in place, those that passed chosen for
/// a decision.
#[component]
pub(super) fn Registrations(id: Signal<String>, changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let model = RwSignal::new(RecognitionModel::Household);
    let rows = RwSignal::new(Vec::<RegistrationRow>::new());
    let next = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let chosen = RwSignal::new(Vec::<String>::new());
    let scoring = RwSignal::new(None::<RegistrationRow>);
    let load = Action::new_local(move |after: &Option<String>| {
        let after = after.clone();
        let asked = (id.get_untracked(), model.get_untracked());
        let variables = recognition_registrations::Variables {
            organization_id: asked.0.clone(),
            year: this_year(),
            model: Some(asked.1),
            first: PAGE_SIZE,
            after: after.clone(),
        };
        async move {
            let result = api::run::<RecognitionRegistrations>(variables).await;
            (asked, after.is_some(), result)
        }
    });
    Effect::new(move |_| {
        if let Some((asked, appending, result)) = load.value().get() {
            // An answer for another organisation or model, overtaken by a later question.
            if asked != (id.get_untracked(), model.get_untracked()) {
                return;
            }
            match result {
                Ok(data) => {
                    let page = data.recognition_registrations;
                    next.set(
                        page.page_info
                            .end_cursor
                            .filter(|_| page.page_info.has_next_page),
                    );
                    rows.update(|rows| {
                        if !appending {
                            rows.clear();
                        }
                        rows.extend(page.nodes);
                    });
                    error.set(None);
                }
                Err(failure) => error.set(Some(failure)),
            }
        }
    });
    Effect::new(move |_| {
        changed.track();
        model.track();
        id.track();
        chosen.set(Vec::new());
        load.dispatch(None);
    });
    view! {
        <section class="card" aria-labelledby="registrations-title">
            <h2 id="registrations-title">{move || i18n.t(Text::SocietyRegistrationsTitle)}</h2>
            <ModelSelect id="list-model" label=Text::SocietyShowModel chosen=model />
            <ul class="plain registrations">
                <For each=move || rows.get() key=|row| (row.id.clone(), row.status, row.total, row.documents.len()) let:row>
                    <RegistrationItem row=row chosen=chosen scoring=scoring changed=changed />
                </For>
            </ul>
            <Show when=move || !load.pending().get() && error.get().is_none() && rows.with(Vec::is_empty)>
                <p class="muted">{move || i18n.t(Text::SocietyNoRegistrations)}</p>
            </Show>
            <Show when=move || load.pending().get()><Loading /></Show>
            {move || error.get().map(|failure| view! {
                <ErrorPanel error=failure on_retry=move |()| { load.dispatch(None); } />
            })}
            <Show when=move || next.get().is_some() && !load.pending().get()>
                <button class="secondary" on:click=move |_| { load.dispatch(next.get_untracked()); }>
                    {move || i18n.t(Text::LoadMore)}
                </button>
            </Show>
        </section>
        {move || scoring.get().map(|row| view! { <AssessForm row=row scoring=scoring changed=changed /> })}
        <DecisionForm id=id model=model chosen=chosen changed=changed />
    }
}

/// One registration: where it stands, its score, and what can be done with it now.
#[component]
fn RegistrationItem(
    row: RegistrationRow,
    chosen: RwSignal<Vec<String>>,
    scoring: RwSignal<Option<RegistrationRow>>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = row.status;
    let ready = status == RegistrationStatus::Assessed && row.passed == Some(true);
    let scorable = matches!(
        status,
        RegistrationStatus::Registered | RegistrationStatus::Assessed
    );
    let box_id = format!("choose-{}", row.id);
    let id = StoredValue::new(row.id.clone());
    let name = row.name.clone();
    let row_name = StoredValue::new(row.name.clone());
    let score = row.total.map(|total| {
        let level = row
            .level
            .clone()
            .map(|l| format!(" · {l}"))
            .unwrap_or_default();
        format!("{total} điểm{level}")
    });
    let item = row.clone();
    view! {
        <li>
            <strong>{row.name.clone()}</strong>
            {row.address.clone().map(|a| view! { <span class="muted small">{format!(" · {a}")}</span> })}
            <span class="badge">{move || registration_status_name(status, i18n.locale.get())}</span>
            {score.map(|s| view! { <span class="small score">{s}</span> })}
            <DocumentLinks documents=documents_of(&row) />
            <div class="actions">
                {scorable.then(|| view! {
                    <button class="secondary small" aria-label=move || format!("{} {}", i18n.t(Text::SocietyAssess), name)
                        on:click=move |_| scoring.set(Some(item.clone()))>
                        {move || i18n.t(Text::SocietyAssess)}
                    </button>
                })}
                {ready.then(|| view! {
                    <label for=box_id.clone() class="check">
                        <input id=box_id.clone() type="checkbox"
                            aria-label=move || format!("{} {}", i18n.t(Text::SocietyChoose), row_name.get_value())
                            prop:checked=move || chosen.with(|c| c.contains(&id.get_value()))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                chosen.update(|c| {
                                    c.retain(|x| *x != id.get_value());
                                    if on { c.push(id.get_value()) }
                                });
                            } />
                        {move || i18n.t(Text::SocietyChoose)}
                    </label>
                })}
                {(status == RegistrationStatus::Recognised).then(|| view! {
                    <Withdraw id=id.get_value() name=row.name.clone() changed=changed />
                })}
                {(FAMILY_MODELS.contains(&row.model) && status != RegistrationStatus::Withdrawn).then(|| view! {
                    <LinkLearner id=id.get_value() name=row_name.get_value() />
                })}
            </div>
        </li>
    }
}

/// Withdrawing a recognition, with a reason, asked about first.
#[component]
fn Withdraw(id: String, name: String, changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let asking = Asking::<WithdrawRecognition>::new();
    let field = format!("withdraw-{id}");
    let (id, name) = (StoredValue::new(id), StoredValue::new(name));
    view! {
        <button class="secondary small" aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)>{move || i18n.t(Text::SocietyWithdraw)}</button>
        <Show when=move || open.get()>
            <div class="field">
                <label for=field.clone()>{move || i18n.t(Text::SocietyWithdrawReason)}</label>
                <input id=field.clone() autocomplete="off" bind:value=reason />
            </div>
            <button class="small" on:click=move |_| asking.ask(
                Ask::WithdrawRecognition { name: name.get_value() },
                withdraw_recognition::Variables { registration_id: id.get_value(), reason: reason.get_untracked() },
            )>{move || i18n.t(Text::SocietyWithdrawSend)}</button>
            <AskFirst asking=asking on_done=move |()| changed.update(|n| *n += 1) />
            <FormError message=asking.sending.error.into() />
        </Show>
    }
}

/// A criteria set of the API as the shared rule reads it.
pub(super) fn criteria_of(found: &criteria_sets::CriteriaSetsCriteriaSets) -> CriteriaSet {
    let points = |p: i64| u32::try_from(p).unwrap_or(0);
    CriteriaSet {
        model: found.model,
        year: i32::try_from(found.year).unwrap_or(0),
        groups: found
            .groups
            .iter()
            .map(|group| CriteriaGroup {
                name: group.name.clone(),
                items: group
                    .items
                    .iter()
                    .map(|item| CriteriaItem {
                        code: item.code.clone(),
                        text: item.text.clone(),
                        points: points(item.points),
                    })
                    .collect(),
            })
            .collect(),
        pass_mark: points(found.pass_mark),
        levels: found
            .levels
            .iter()
            .map(|level| Level {
                name: level.name.clone(),
                min_total: points(level.min_total),
            })
            .collect(),
        example: found.example,
    }
}

/// Scoring one registration against its model's criteria of the year: one field per item,
/// the total and the result as they type.
#[component]
fn AssessForm(
    row: RegistrationRow,
    scoring: RwSignal<Option<RegistrationRow>>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let sets = LocalResource::new(move || async move {
        api::run::<CriteriaSets>(criteria_sets::Variables { year: this_year() }).await
    });
    let model = row.model;
    let registration = StoredValue::new(row.id.clone());
    let title = row.name.clone();
    let documents = documents_of(&row);
    view! {
        <section class="card" aria-labelledby="assess-title">
            <h2 id="assess-title">{move || format!("{}: {title}", i18n.t(Text::SocietyAssess))}</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match sets.await {
                        Ok(data) => match data.criteria_sets.iter().find(|s| s.model == model) {
                            Some(found) => view! {
                                <ScoreSheet set=criteria_of(found) registration=registration.get_value() scoring=scoring changed=changed />
                            }.into_any(),
                            None => view! { <p class="muted">{move || i18n.t(Text::SocietyNoCriteria)}</p> }.into_any(),
                        },
                        Err(failure) => view! {
                            <ErrorPanel error=failure on_retry=move |()| sets.refetch() />
                        }.into_any(),
                    }
                })}
            </Suspense>
            <DocumentsEditor registration=registration.get_value() documents=documents />
        </section>
    }
}

/// The items of a criteria set, each with its points field.
#[component]
fn ScoreSheet(
    set: CriteriaSet,
    registration: String,
    scoring: RwSignal<Option<RegistrationRow>>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let items: Vec<(CriteriaItem, RwSignal<String>)> = set
        .groups
        .iter()
        .flat_map(|g| g.items.iter().cloned())
        .map(|item| (item, RwSignal::new(String::new())))
        .collect();
    let fields = StoredValue::new(items.clone());
    let set = StoredValue::new(set);
    let scores = move || {
        fields.with_value(|fields| {
            fields
                .iter()
                .map(|(item, value)| {
                    Some((item.code.clone(), value.get().trim().parse::<u32>().ok()?))
                })
                .collect::<Option<std::collections::HashMap<_, _>>>()
        })
    };
    let result = move || {
        let locale = i18n.locale.get();
        let Some(scores) = scores() else {
            return Text::SocietyScoreEveryItem.get(locale).to_owned();
        };
        set.with_value(|set| match assess(set, &scores) {
            Ok(done) => {
                let verdict = if done.passed {
                    Text::SocietyPassed
                } else {
                    Text::SocietyNotPassed
                };
                let level = done.level.map(|l| format!(" · {l}")).unwrap_or_default();
                format!(
                    "{} {}/{} · {}{level}",
                    Text::SocietyTotal.get(locale),
                    done.total,
                    set.total(),
                    verdict.get(locale)
                )
            }
            Err(_) => Text::SocietyScoreTooHigh.get(locale).to_owned(),
        })
    };
    let sending = Sending::default();
    let registration = StoredValue::new(registration);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(given) = scores() else {
            return sending.error.set(Some(
                Text::SocietyScoreEveryItem
                    .get(i18n.locale.get_untracked())
                    .to_owned(),
            ));
        };
        let variables = assess_registration::Variables {
            registration_id: registration.get_value(),
            scores: given
                .into_iter()
                .map(|(code, points)| assess_registration::ItemScoreInput {
                    code,
                    points: i64::from(points),
                })
                .collect(),
            note: None,
        };
        sending.send::<AssessRegistration>(variables, move |_| {
            scoring.set(None);
            changed.update(|n| *n += 1);
        });
    };
    view! {
        {set.with_value(|s| s.example).then(|| view! { <p class="notice">{move || i18n.t(Text::SocietyExampleCriteria)}</p> })}
        <form on:submit=submit>
            {items.into_iter().enumerate().map(|(n, (item, value))| {
                let id = format!("score-{n}");
                view! {
                    <div class="field">
                        <label for=id.clone()>{format!("{} {} (≤ {})", item.code, item.text, item.points)}</label>
                        <input id=id inputmode="numeric" autocomplete="off" bind:value=value />
                    </div>
                }
            }).collect_view()}
            <p role="status" class="muted">{result}</p>
            <FormError message=sending.error.into() />
            <div class="actions">
                <button type="submit" disabled=move || sending.busy.get()>{move || i18n.t(Text::SocietySaveScore)}</button>
                <button type="button" class="secondary" on:click=move |_| scoring.set(None)>{move || i18n.t(Text::GoBack)}</button>
            </div>
        </form>
    }
}

/// The decision recognising the chosen registrations: its number, day and signer, asked
/// about first (it can be undone only by withdrawing each recognition).
#[component]
fn DecisionForm(
    id: Signal<String>,
    model: RwSignal<RecognitionModel>,
    chosen: RwSignal<Vec<String>>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let number = RwSignal::new(String::new());
    let signed_on = RwSignal::new(today().to_string());
    let signer = RwSignal::new(String::new());
    let done = RwSignal::new(None::<(String, i64)>);
    let mut asking = Asking::<RecogniseRegistrations>::new();
    asking.sending = Sending::with(&[(ErrorCode::Conflict, Text::SocietyDecisionRefused)]);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        let ids = chosen.get_untracked();
        if ids.is_empty() {
            return asking.sending.error.set(Some(
                Text::SocietyChooseFirst
                    .get(i18n.locale.get_untracked())
                    .to_owned(),
            ));
        }
        let variables = recognise_registrations::Variables {
            input: recognise_registrations::RecognitionDecisionInput {
                organization_id: id.get_untracked(),
                model: model.get_untracked(),
                year: this_year(),
                number: number.get_untracked(),
                signed_on: signed_on.get_untracked(),
                signer: signer.get_untracked(),
                registration_ids: ids.clone(),
            },
        };
        asking.ask(
            Ask::Recognise {
                count: ids.len(),
                model: model.get_untracked(),
                number: number.get_untracked().trim().to_owned(),
            },
            variables,
        );
    };
    let answered = Callback::new(move |data: recognise_registrations::ResponseData| {
        let made = data.recognise_registrations;
        done.set(Some((made.number, made.recognised)));
        number.set(String::new());
        changed.update(|n| *n += 1);
    });
    view! {
        <section class="card" aria-labelledby="decision-title">
            <h2 id="decision-title">{move || i18n.t(Text::SocietyDecisionTitle)}</h2>
            <p class="muted">{move || format!("{}: {}", i18n.t(Text::SocietyChosen), chosen.with(Vec::len))}</p>
            <form on:submit=submit>
                <Field id="decision-number" label=Signal::derive(move || i18n.t(Text::SocietyDecisionNumber)) value=number />
                <Field id="decision-day" kind="date" label=Signal::derive(move || i18n.t(Text::SocietyDecisionDay)) value=signed_on />
                <Field id="decision-signer" label=Signal::derive(move || i18n.t(Text::SocietyDecisionSigner)) value=signer />
                <FormError message=asking.sending.error.into() />
                {move || done.get().map(|(number, count)| view! {
                    <p class="notice" role="status">{move || format!("{} {number}: {count}", i18n.t(Text::SocietyDecided))}</p>
                })}
                <button type="submit" disabled=move || asking.sending.busy.get()>{move || i18n.t(Text::SocietyRecognise)}</button>
            </form>
            <AskFirst asking=asking on_done=move |()| () on_answer=answered />
        </section>
    }
}
