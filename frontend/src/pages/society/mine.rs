//! A person's own part in the learning society: registering their household, or themselves
//! as a learning citizen, with their commune's association, and following each registration
//! from registered to scored to recognised, year after year.

use leptos::prelude::*;
use leptos_router::components::A;
use shared::{
    ErrorCode,
    society::{RecognitionModel, RegistrationStatus},
};

use super::{super::fund::day_of_date, this_year};
use crate::{
    api::{
        self,
        documents::{
            MyRecognitionRegistrations, RegisterForRecognition, my_recognition_registrations,
            register_for_recognition,
        },
    },
    common::{
        form::{Field, FormError},
        mutation::Sending,
        status::{ErrorPanel, Loading},
    },
    i18n::{Text, model_name, registration_status_name, use_i18n},
    session::use_session,
};

type OwnRow = my_recognition_registrations::MyRecognitionRegistrationsMyRecognitionRegistrations;

/// What a person may register for themselves.
const OWN_MODELS: [RecognitionModel; 2] = [RecognitionModel::Household, RecognitionModel::Citizen];

/// The errors a person's own registration meets, in words: registered already, or a name the
/// association has on its list.
fn own_sending() -> Sending {
    Sending::with(&[(ErrorCode::Conflict, Text::OwnAlreadyRegistered)])
}

/// Registering one's household, or oneself as a citizen, with the association `id` for this
/// year; a signed-out visitor is asked to sign in first.
#[component]
pub(super) fn SelfRegister(id: String, name: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let model = RwSignal::new(RecognitionModel::Household);
    let unit_name = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let done = RwSignal::new(false);
    let sending = own_sending();
    let organization_id = StoredValue::new(id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        let variables = register_for_recognition::Variables {
            input: register_for_recognition::RegistrationInput {
                organization_id: organization_id.get_value(),
                model: model.get_untracked(),
                year: this_year(),
                name: unit_name.get_untracked(),
                address: Some(address.get_untracked()).filter(|a| !a.trim().is_empty()),
                for_myself: true,
            },
        };
        sending.send::<RegisterForRecognition>(variables, move |_| {
            unit_name.set(String::new());
            address.set(String::new());
            done.set(true);
        });
    };
    let signed_in = move || session.me.get().is_some();
    view! {
        <section class="card" aria-labelledby="own-register-title">
            <h2 id="own-register-title">{move || i18n.t(Text::OwnRegisterTitle)}</h2>
            <p class="muted">{move || format!("{} {name}.", i18n.t(Text::OwnRegisterHint))}</p>
            <Show when=signed_in fallback=move || view! {
                <p><A href="/sign-in">{move || i18n.t(Text::OwnSignInToRegister)}</A></p>
            }>
                <form on:submit=submit>
                    <fieldset class="choices">
                        <legend>{move || i18n.t(Text::OwnRegisterWhat)}</legend>
                        {OWN_MODELS.into_iter().map(|m| {
                            let radio = format!("own-model-{}", m.code());
                            let label_for = radio.clone();
                            view! {
                                <label for=label_for class="check">
                                    <input id=radio type="radio" name="own-model" value=m.code()
                                        prop:checked=move || model.get() == m
                                        on:change=move |_| model.set(m) />
                                    {move || model_name(m, i18n.locale.get())}
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                    <Field id="own-name" value=unit_name label=Signal::derive(move || i18n.t(match model.get() {
                        RecognitionModel::Citizen => Text::OwnCitizenNameLabel,
                        _ => Text::OwnHouseholdNameLabel,
                    })) />
                    <Field id="own-address" value=address label=Signal::derive(move || i18n.t(Text::SocietyAddressLabel)) />
                    <FormError message=sending.error.into() />
                    <Show when=move || done.get()>
                        <p class="notice" role="status">{move || i18n.t(Text::OwnRegistered)}</p>
                    </Show>
                    <button type="submit" disabled=move || sending.busy.get()>
                        {move || format!("{} {}", i18n.t(Text::OwnRegisterFor), this_year())}
                    </button>
                </form>
                <p><A href="/learners">{move || i18n.t(Text::OwnSeeYours)}</A></p>
            </Show>
        </section>
    }
}

/// The household and citizen a person registered for themselves, every year's, each with
/// where it stands; one not yet registered this year can be registered again as it was.
#[component]
pub fn MyRegistrations() -> impl IntoView {
    let i18n = use_i18n();
    let changed = RwSignal::new(0u32);
    let found = LocalResource::new(move || {
        changed.track();
        async move {
            api::run::<MyRecognitionRegistrations>(my_recognition_registrations::Variables).await
        }
    });
    view! {
        <section class="card" aria-labelledby="own-title">
            <h2 id="own-title">{move || i18n.t(Text::OwnTitle)}</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(data) => own_list(data.my_recognition_registrations, changed).into_any(),
                        Err(failure) => view! {
                            <ErrorPanel error=failure on_retry=move |()| found.refetch() />
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The list, and for each of one's units last registered before this year, registering it
/// again.
fn own_list(rows: Vec<OwnRow>, changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! {
            <p class="muted">
                {move || i18n.t(Text::OwnNone)} " "
                <A href="/organizations">{move || i18n.t(Text::OwnFindCommune)}</A>
            </p>
        }
        .into_any();
    }
    // The latest year comes first, so the first row of each model is its latest.
    let again: Vec<OwnRow> = OWN_MODELS
        .iter()
        .filter_map(|&m| rows.iter().find(|row| row.registration.model == m))
        .filter(|row| row.registration.year < this_year())
        .cloned()
        .collect();
    view! {
        <ul class="plain registrations">
            {rows.into_iter().map(|row| view! { <OwnItem row=row /> }).collect_view()}
        </ul>
        {again.into_iter().map(|row| view! { <RegisterAgain row=row changed=changed /> }).collect_view()}
    }
    .into_any()
}

/// One registration: whose, where and when, its status, its score, and the decision that
/// recognised it or why it was withdrawn.
#[component]
fn OwnItem(row: OwnRow) -> impl IntoView {
    let i18n = use_i18n();
    let registration = row.registration;
    let (model, status, year) = (registration.model, registration.status, registration.year);
    let organization = row.organization_name;
    let score = registration.total.map(|total| {
        let level = registration
            .level
            .map(|l| format!(" · {l}"))
            .unwrap_or_default();
        (total, level)
    });
    let decision = row
        .decision_number
        .zip(row.decision_signed_on)
        .map(|(number, day)| (number, day_of_date(&day)));
    view! {
        <li>
            <strong>{registration.name}</strong>
            <span class="badge">{move || registration_status_name(status, i18n.locale.get())}</span>
            <div class="muted small">
                {move || format!("{} · {organization} · {year}", model_name(model, i18n.locale.get()))}
            </div>
            {score.map(|(total, level)| view! {
                <div class="small">{move || format!("{}: {total}{level}", i18n.t(Text::OwnScore))}</div>
            })}
            {(status == RegistrationStatus::Recognised).then_some(decision).flatten().map(|(number, day)| view! {
                <div class="small">{move || format!("{} {number}, {day}", i18n.t(Text::OwnDecision))}</div>
            })}
            {registration.withdrawn_reason.map(|why| view! {
                <div class="small">{move || format!("{}: {why}", i18n.t(Text::OwnWithdrawnBecause))}</div>
            })}
        </li>
    }
}

/// Registering a unit again for this year, with the association, name and address it had.
#[component]
fn RegisterAgain(row: OwnRow, changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let sending = own_sending();
    let registration = row.registration;
    let input = register_for_recognition::RegistrationInput {
        organization_id: registration.organization_id,
        model: registration.model,
        year: this_year(),
        name: registration.name.clone(),
        address: registration.address,
        for_myself: true,
    };
    let name = StoredValue::new(registration.name);
    let send = move |_| {
        let variables = register_for_recognition::Variables {
            input: input.clone(),
        };
        sending.send::<RegisterForRecognition>(variables, move |_| {
            changed.update(|n| *n += 1);
        });
    };
    view! {
        <div class="again">
            <FormError message=sending.error.into() />
            <button class="secondary" disabled=move || sending.busy.get() on:click=send>
                {move || format!("{} {}: {}", i18n.t(Text::OwnRegisterAgain), this_year(), name.get_value())}
            </button>
        </div>
    }
}
