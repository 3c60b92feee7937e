//! `/admin/audit`, for administrators: who did what, where and when in the organisations they
//! administer, newest first, a page at a time, by action; and, for those of a whole tree, the
//! check that every fund's balances follow from its ledger.

use leptos::prelude::*;
use shared::{AuditAction, AuditObject};

use crate::{
    api::{
        self, ApiError,
        documents::{AuditEvents, VerifyLedger, audit_events, verify_ledger},
    },
    common::{
        export::{ExportLinks, export_href},
        form::FormError,
        paged::{PageFooter, Paged},
    },
    i18n::{Locale, Text, error_message, use_i18n},
    pages::fund::moment_of,
};

/// An action of the log in words.
fn audit_action_name(action: AuditAction, locale: Locale) -> &'static str {
    use AuditAction as A;
    if let Locale::Vi = locale {
        return action.vietnamese_name();
    }
    match action {
        A::AccountCreated => "Account opened",
        A::SignedIn => "Signed in",
        A::SignInFailed => "Sign-in failed",
        A::SignedOut => "Signed out",
        A::PasswordChanged => "Password changed",
        A::RoleGranted => "Role granted",
        A::RoleRevoked => "Role revoked",
        A::OrganizationCreated => "Organisation added",
        A::OrganizationRenamed => "Organisation renamed",
        A::OrganizationMoved => "Organisation moved",
        A::OrganizationArchived => "Organisation archived",
        A::FundCreated => "Fund opened",
        A::FundPledgeDaysChanged => "Pledge period changed",
        A::BankAccountAdded => "Bank account added",
        A::BankStatementImported => "Bank statement imported",
        A::BankLineResolved => "Bank line reconciled",
        A::BankAccountRetired => "Bank account retired",
        A::CampaignCreated => "Campaign started",
        A::DonationRecorded => "Donation recorded",
        A::DonationsImported => "Cash book imported",
        A::FundsTransferred => "Funds transferred",
        A::FundsReserved => "Money reserved",
        A::ReservationPosted => "Reserved money paid",
        A::ReservationVoided => "Reservation released",
        A::TransactionReversed => "Transaction reversed",
        A::LearnerRegistered => "Learner registered",
        A::LearnerUpdated => "Learner's details changed",
        A::LearnersImported => "Learners imported",
        A::CriteriaSetSaved => "Criteria saved",
        A::RecognitionRegistered => "Registered for recognition",
        A::RegistrationAssessed => "Registration assessed",
        A::RecognitionDecided => "Recognition decided",
        A::RecognitionWithdrawn => "Recognition withdrawn",
        A::RegistrationDocumentAttached => "Assessment evidence attached",
        A::RegistrationDocumentRemoved => "Assessment evidence removed",
        A::PopulationSet => "Denominator or target set",
        A::IndicatorSaved => "Plan indicator saved",
        A::LearnerLinkedToFamily => "Learner linked to a family",
        A::LearnerUnlinkedFromFamily => "Learner unlinked from a family",
        A::IndicatorReported => "Plan indicator reported",
        A::OrganizationsImported => "Organisations imported",
        A::LearnerManagerInvited => "Guardian invited",
        A::LearnerManagerAdded => "Guardian added",
        A::LearnerInvitationDeclined => "Guardian invitation declined",
        A::ProgramCreated => "Program set up",
        A::ProgramUpdated => "Draft program edited",
        A::ProgramStatusChanged => "Program status changed",
        A::ApplicationCreate => "Application started",
        A::ApplicationSubmit => "Application submitted",
        A::ApplicationStartReview => "Review started",
        A::ApplicationReturnForInfo => "Returned for information",
        A::ApplicationApprove => "Application approved",
        A::ApplicationReject => "Application rejected",
        A::ApplicationWithdraw => "Application withdrawn",
        A::ApplicationCancel => "Approval cancelled",
        A::ApplicationDisburse => "Award paid",
        A::EvidenceAttached => "Document attached",
        A::ReviewerAssigned => "Reviewer assigned",
        A::ReviewSubmitted => "Review scored",
        A::ReviewConflictDeclared => "Conflict of interest declared",
    }
}

/// The kind of thing an action was done to, in words.
fn audit_object_name(object: AuditObject, locale: Locale) -> &'static str {
    use AuditObject as O;
    if let Locale::Vi = locale {
        return object.vietnamese_name();
    }
    match object {
        O::User => "Account",
        O::Session => "Session",
        O::Membership => "Role",
        O::Organization => "Organisation",
        O::Fund => "Fund",
        O::BankAccount => "Bank account",
        O::Campaign => "Campaign",
        O::CriteriaSet => "Criteria",
        O::Registration => "Registration",
        O::RecognitionDecision => "Recognition decision",
        O::PlanIndicator => "Plan indicator",
        O::BankStatement => "Bank statement",
        O::BankLine => "Bank line",
        O::LedgerTransaction => "Transaction",
        O::Learner => "Learner",
        O::Program => "Program",
        O::Application => "Application",
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = RwSignal::new(None::<AuditAction>);
    let events = Paged::new(move |after: Option<String>| async move {
        let filter = action
            .get_untracked()
            .map(|action| audit_events::AuditFilterInput {
                action: Some(action),
                actor_id: None,
                object_type: None,
                object_id: None,
                since: None,
                until: None,
            });
        api::run::<AuditEvents>(audit_events::Variables { filter, after })
            .await
            .map(|data| api::page!(data.audit_events))
    });
    events.follow(action);
    view! {
        <h1>{move || i18n.t(Text::AuditTitle)}</h1>
        <LedgerCheck />
        <section class="card" aria-labelledby="audit-events">
            <h2 id="audit-events">{move || i18n.t(Text::AuditEventsTitle)}</h2>
            <div class="field">
                <label for="audit-action">{move || i18n.t(Text::AuditActionFilter)}</label>
                <select id="audit-action" on:change=move |ev| {
                    action.set(AuditAction::from_code(&event_target_value(&ev)));
                }>
                    <option value="">{move || i18n.t(Text::AllActions)}</option>
                    {AuditAction::ALL.iter().copied().map(|a| view! {
                        <option value=a.code()>{move || audit_action_name(a, i18n.locale.get())}</option>
                    }).collect_view()}
                </select>
            </div>
            <ExportLinks href=Signal::derive(move || export_href(
                "/api/audit-events",
                &[("action", action.get().map(AuditAction::code).unwrap_or_default())],
            )) />
            <Show when=move || events.is_empty()>
                <p class="muted">{move || i18n.t(Text::NoAuditEvents)}</p>
            </Show>
            <ul class="audit">
                {move || events.rows.get().into_iter().map(|event| {
                    let (done, object) = (event.action, event.object_type);
                    let object_id = event.object_id.clone().map(|id| format!(" #{id}")).unwrap_or_default();
                    view! {
                        <li data-event=event.id>
                            <span class="when">{moment_of(&event.at)}</span>
                            <strong>{move || audit_action_name(done, i18n.locale.get())}</strong>
                            <span class="muted">
                                {move || format!("{}{object_id}", audit_object_name(object, i18n.locale.get()))}
                                {event.organization_name.map(|name| format!(" · {name}"))}
                            </span>
                            <span>
                                {move || i18n.t(Text::ByWhom)} " "
                                {event.actor_name.clone().unwrap_or_else(|| "—".into())}
                            </span>
                            <details>
                                <summary>{move || i18n.t(Text::AuditDetails)}</summary>
                                <pre>{event.summary}</pre>
                            </details>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <PageFooter paged=events />
        </section>
    }
}

/// Recomputing every fund's balances from its ledger, on demand: what was checked, and each
/// mismatch found. Only administrators of a whole tree may ask.
#[component]
fn LedgerCheck() -> impl IntoView {
    let i18n = use_i18n();
    let check = Action::new_local(|(): &()| api::run::<VerifyLedger>(verify_ledger::Variables));
    let failure = move || -> Option<String> {
        let refused: ApiError = check.value().get()?.err()?;
        Some(error_message(refused.code, i18n.locale.get()).to_owned())
    };
    view! {
        <section class="card" aria-labelledby="ledger-check">
            <h2 id="ledger-check">{move || i18n.t(Text::LedgerCheckTitle)}</h2>
            <p class="muted">{move || i18n.t(Text::LedgerCheckIntro)}</p>
            <button
                type="button"
                disabled=move || check.pending().get()
                aria-busy=move || check.pending().get().to_string()
                on:click=move |_| {
                    check.dispatch(());
                }
            >
                {move || if check.pending().get() { i18n.t(Text::Working) } else { i18n.t(Text::CheckLedger) }}
            </button>
            <FormError message=Signal::derive(failure) />
            <div aria-live="polite">
                {move || check.value().get().and_then(Result::ok).map(|found| {
                    let checked = found.verify_ledger;
                    let counts = format!(
                        "{} {} · {} {} · {} {}",
                        checked.funds_checked, i18n.t(Text::FundsCounted),
                        checked.transactions_checked, i18n.t(Text::TransactionsCounted),
                        checked.entries_checked, i18n.t(Text::EntriesCounted),
                    );
                    view! {
                        <p class=if checked.ok { "notice" } else { "error" } role="status">
                            {move || i18n.t(if checked.ok { Text::LedgerOk } else { Text::LedgerNotOk })}
                        </p>
                        <p>{counts}</p>
                        <ul>
                            {checked.mismatches.into_iter().map(|m| {
                                let place = [m.fund_id.map(|f| format!("{} #{f}", i18n.t(Text::FundLabelShort))), m.transaction_id.map(|t| format!("{} #{t}", i18n.t(Text::TransactionLabelShort)))]
                                    .into_iter().flatten().collect::<Vec<_>>().join(" · ");
                                view! {
                                    <li>
                                        <code>{m.check}</code> " " {place} ": "
                                        {format!("{} {}, {} {}", i18n.t(Text::Expected), m.expected, i18n.t(Text::Found), m.actual)}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                })}
            </div>
        </section>
    }
}
