//! One application as its applicant follows it: status, timeline, documents (upload), the
//! moves open to the applicant (submit, withdraw, answer a request for information), the
//! award once approved; and, for the program's staff, the review and decision panel.

use leptos::{html, prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_params_map};
use shared::{ApplicationAction, ApplicationStatus, ErrorCode};

use crate::{
    api::{
        self, ApiError,
        documents::{
            Application, SubmitApplication, WithdrawApplication, application, submit_application,
            withdraw_application,
        },
    },
    common::{
        confirm::{Ask, Confirm},
        form::{FormError, explain},
        mutation::Sending,
        status::{ErrorPanel, Loading, StatusStepper},
        upload::{chosen_file, post_file},
    },
    i18n::award_status_name,
    i18n::{Text, action_name, status_name, use_i18n},
    pages::{
        fund::{day_of, day_of_date},
        program::decisions::{StaffPanel, Tier},
    },
};

/// A document attached to an application, as the API lists it (for a blind reviewer, under
/// a name that does not give the learner away).
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: String,
    pub file_name: String,
    pub url: String,
}

/// An application's documents, each a download link under its type.
#[component]
pub fn DocumentList(documents: Vec<Document>) -> impl IntoView {
    view! {
        <ul>
            {documents.into_iter().map(|d| view! {
                <li>{d.kind} ": " <a href=d.url>{d.file_name}</a></li>
            }).collect_view()}
        </ul>
    }
}

/// The "other" evidence type, for documents the program did not name.
const OTHER: &str = "Khác";

#[component]
pub fn ApplicationPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move { api::run::<Application>(application::Variables { id }).await }
    });
    // Submitting without the documents the program asks for is refused as a validation.
    let sending = Sending::with(&[(ErrorCode::Validation, Text::MissingDocuments)]);
    let (error, busy) = (sending.error, sending.busy);
    // The applicant's answer to a request for information, sent with the resubmission.
    let response = RwSignal::new(String::new());
    // Withdrawing is final: it waits for its question to be confirmed.
    let asked = RwSignal::new(None::<(Ask, String)>);
    // Submitting (again, with the answer to a request for information), or withdrawing.
    let act = move |submit: bool, id: String| {
        let moved = move |answer: Option<()>| {
            asked.set(None);
            if answer.is_some() {
                response.set(String::new());
                data.refetch();
            }
        };
        if submit {
            let response = response.get_untracked();
            let variables = submit_application::Variables { id, response };
            sending.answer::<SubmitApplication>(variables, move |a| moved(a.map(drop)));
        } else {
            let variables = withdraw_application::Variables { id };
            sending.answer::<WithdrawApplication>(variables, move |a| moved(a.map(drop)));
        }
    };
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(application::ResponseData { application }) => {
                        let status = application.status;
                        let can_submit = application.next_actions.contains(&ApplicationAction::Submit);
                        let can_withdraw = application.next_actions.contains(&ApplicationAction::Withdraw);
                        let editable = matches!(status, ApplicationStatus::Draft | ApplicationStatus::NeedsInfo);
                        let (submit_id, withdraw_id) = (application.id.clone(), application.id.clone());
                        let (withdrawn_learner, withdrawn_program) = (application.learner.full_name.clone(), application.program.name.clone());
                        // What the program asked for, when it returned the application.
                        let request = (status == ApplicationStatus::NeedsInfo)
                            .then(|| application.timeline.iter().rev().find(|e| e.action == ApplicationAction::ReturnForInfo).and_then(|e| e.reason.clone()))
                            .flatten();
                        let needs_answer = status == ApplicationStatus::NeedsInfo;
                        let award = application.award.clone().map(|a| {
                            let state = a.status;
                            view! {
                                <p class="notice">
                                    {move || i18n.t(Text::AwardColumn)} ": " {format!("{} · {} ", a.tier_name, a.amount)}
                                    <span class="badge">{move || award_status_name(state, i18n.locale.get())}</span>
                                </p>
                            }
                        });
                        view! {
                            <p class="eyebrow">{move || status_name(status, i18n.locale.get())}</p>
                            <h1>{application.learner.full_name.clone()}</h1>
                            <p>
                                <A href=format!("/programs/{}", application.program.id)>{application.program.name.clone()}</A>
                                " · " {move || i18n.t(Text::Deadline)} " " {day_of_date(&application.program.closes_on)}
                            </p>
                            <StatusStepper status />
                            <section class="card">
                                <h2>{move || i18n.t(Text::DocumentsTitle)}</h2>
                                <DocumentList documents=application.evidence.iter().map(|d| Document { kind: d.kind.clone(), file_name: d.file_name.clone(), url: d.url.clone() }).collect() />
                                {editable.then(|| view! {
                                    <UploadForm
                                        application_id=application.id.clone()
                                        kinds=application.program.required_evidence.clone()
                                        on_done=Callback::new(move |()| data.refetch())
                                    />
                                })}
                            </section>
                            {award}
                            {request.map(|r| view! {
                                <div class="notice" role="status">
                                    <strong>{move || i18n.t(Text::InformationRequested)}</strong>
                                    <p>{r}</p>
                                </div>
                            })}
                            {needs_answer.then(|| view! {
                                <div class="field">
                                    <label for="response">{move || i18n.t(Text::YourAnswer)}</label>
                                    <textarea id="response" rows="3" bind:value=response></textarea>
                                </div>
                            })}
                            <FormError message=error.into() />
                            <div class="inline-form">
                                {can_submit.then(|| view! {
                                    <button disabled=move || busy.get() aria-busy=move || busy.get().to_string()
                                        on:click=move |_| act(true, submit_id.clone())>
                                        {move || if busy.get() { i18n.t(Text::Working) } else { i18n.t(Text::SubmitApplication) }}
                                    </button>
                                })}
                                {can_withdraw.then(|| view! {
                                    <button class="secondary" disabled=move || busy.get()
                                        on:click=move |_| asked.set(Some((
                                            Ask::Withdraw { learner: withdrawn_learner.clone(), program: withdrawn_program.clone() },
                                            withdraw_id.clone(),
                                        )))>
                                        {move || i18n.t(Text::WithdrawApplication)}
                                    </button>
                                })}
                            </div>
                            {move || asked.get().map(|(question, id)| view! {
                                <Confirm ask=question busy=busy
                                    on_confirm=move |()| act(false, id.clone())
                                    on_cancel=move |()| asked.set(None) />
                            })}
                            <StaffPanel
                                application_id=application.id.clone()
                                program_id=application.program.id.clone()
                                fund_id=application.program.fund_id.clone()
                                learner_name=application.learner.full_name.clone()
                                approved_amount=application.award.as_ref().map(|award| award.amount)
                                tiers=application.program.tiers.iter().map(|t| Tier { id: t.id.clone(), name: t.name.clone(), amount: t.amount }).collect()
                                next_actions=application.next_actions.clone()
                                on_moved=move |()| data.refetch()
                            />
                            <section class="card">
                                <h2>{move || i18n.t(Text::TimelineTitle)}</h2>
                                <ul class="org-tree">
                                    {application.timeline.into_iter().map(|event| {
                                        let (to, action, reason) = (event.to_status, event.action, event.reason);
                                        view! {
                                            <li>
                                                <span class="kind">{move || status_name(to, i18n.locale.get())}</span>
                                                <span>{day_of(&event.at)}</span>
                                                <span class="muted">{move || {
                                                    let done = action_name(action, i18n.locale.get());
                                                    match &reason {
                                                        Some(reason) => format!("{done} — {reason}"),
                                                        None => done.to_owned(),
                                                    }
                                                }}</span>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                        }.into_any()
                    }
                    Err(failure) => view! { <ErrorPanel error=failure on_retry=move |()| data.refetch() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Attaches a document: the program's evidence types (or "other") and a PDF, PNG or JPEG file.
#[component]
fn UploadForm(application_id: String, kinds: Vec<String>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(kinds.first().cloned().unwrap_or_else(|| OTHER.to_owned()));
    let file_input = NodeRef::<html::Input>::new();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let url = format!("/api/applications/{application_id}/evidence");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.locale.get_untracked();
        let Some(file) = chosen_file(file_input) else {
            return error.set(Some(Text::ChooseFile.get(locale).to_owned()));
        };
        let (url, kind) = (url.clone(), kind.get_untracked());
        busy.set(true);
        spawn_local(async move {
            let result = upload(&url, &kind, &file).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    error.set(None);
                    if let Some(input) = file_input.get_untracked() {
                        input.set_value("");
                    }
                    on_done.run(());
                }
                Err(failure) => error.set(Some(explain(
                    &failure,
                    locale,
                    &[(ErrorCode::Validation, Text::BadFile)],
                ))),
            }
        });
    };
    let kinds = kinds
        .into_iter()
        .chain(std::iter::once(OTHER.to_owned()))
        .collect::<Vec<_>>();
    view! {
        <form class="inline-form" on:submit=submit>
            <div class="field">
                <label for="evidence-kind">{move || i18n.t(Text::DocumentLabel)}</label>
                <select id="evidence-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    {kinds.into_iter().map(|k| view! { <option value=k.clone()>{k.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="evidence-file">{move || i18n.t(Text::FileLabel)}</label>
                <input id="evidence-file" type="file" accept="application/pdf,image/png,image/jpeg" node_ref=file_input />
            </div>
            <button type="submit" disabled=move || busy.get()>{move || i18n.t(Text::Upload)}</button>
            <FormError message=error.into() />
        </form>
    }
}

/// Posts the file with its kind, as the evidence endpoint expects.
async fn upload(url: &str, kind: &str, file: &web_sys::File) -> Result<(), ApiError> {
    post_file(url, &[("kind", kind)], file)
        .await
        .map(|_| ())
        .map_err(|refused| refused.error)
}
