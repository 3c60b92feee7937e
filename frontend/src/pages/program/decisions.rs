//! The program staff's panel on an application's page: its reviews, assigning reviewers, and
//! the decisions (approve with a tier, return for information, reject, cancel an approval).
//! Shown only to those the server lets read the reviews.

use leptos::prelude::*;
use shared::{ApplicationAction, ErrorCode, Money};

use crate::{
    api::{
        self,
        documents::{
            ApproveApplication, AssignReviewers, CancelApproval, RejectApplication,
            ReturnApplication, StaffPanel as StaffPanelDocument, approve_application,
            assign_reviewers, cancel_approval, reject_application, return_application, staff_panel,
        },
    },
    common::{
        confirm::{Ask, Confirm},
        form::FormError,
        mutation::Sending,
    },
    i18n::{
        Text, award_status_name, duplicate_match_name, program_kind_name, recommendation_name,
        review_status_name, score_text, use_i18n,
    },
};

/// A tier an approval can give, as the decision names it.
#[derive(Debug, Clone)]
pub struct Tier {
    pub id: String,
    pub name: String,
    pub amount: Money,
}

/// What the panel sends: each decision with what it carries.
#[derive(Debug, Clone)]
enum Decision {
    Assign { reviewer_ids: Vec<String> },
    Approve { tier_id: String },
    ReturnForInfo { reason: String },
    Reject { reason: String },
    Cancel { reason: String },
}

/// A decision asked about and not yet confirmed: its question, and the decision as it was
/// when asked (the tier or the reason the question was about, whatever the form holds by
/// the time it is confirmed).
#[derive(Debug, Clone)]
struct Asked {
    ask: Ask,
    decision: Decision,
}

#[component]
pub fn StaffPanel(
    application_id: String,
    program_id: String,
    /// The program's fund, which an approval reserves money in.
    fund_id: String,
    /// Whom the decisions are about, as their questions name them.
    learner_name: String,
    /// The amount an approval holds, once there is one (cancelling it releases this).
    approved_amount: Option<Money>,
    tiers: Vec<Tier>,
    next_actions: Vec<ApplicationAction>,
    #[prop(into)] on_moved: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(application_id);
    let data = LocalResource::new(move || {
        let (program_id, fund_id) = (program_id.clone(), fund_id.clone());
        async move {
            let variables = staff_panel::Variables {
                id: id.get_value(),
                program_id,
                fund_id,
            };
            api::run::<StaffPanelDocument>(variables).await
        }
    });
    // One place for the panel's outcome; a fund too low to approve from is said so.
    let sending = Sending::with(&[(ErrorCode::InsufficientFunds, Text::NotEnoughInFund)]);
    let (error, busy) = (sending.error, sending.busy);
    let chosen = RwSignal::new(Vec::<String>::new());
    let tier = RwSignal::new(tiers.first().map(|t| t.id.clone()).unwrap_or_default());
    let tiers = StoredValue::new(tiers);
    let reason = RwSignal::new(String::new());
    // A decision that moves money or is final, waiting for its confirmation: the question,
    // and the request it will send.
    let asked = RwSignal::new(None::<Asked>);
    let learner_name = StoredValue::new(learner_name);
    // Each money-moving decision (approving, cancelling) keeps its own key while it is retried
    // after an unknown outcome; only that decision's own answer renews it.
    let (approving, cancelling) = (sending.beside(), sending.beside());
    let send = move |decision: Decision| {
        let id = id.get_value();
        let moved = move |answer: Option<()>| {
            asked.set(None);
            if answer.is_some() {
                reason.set(String::new());
                chosen.set(Vec::new());
                data.refetch();
                on_moved.run(());
            }
        };
        match decision {
            Decision::Assign { reviewer_ids } => {
                let variables = assign_reviewers::Variables { id, reviewer_ids };
                sending.answer::<AssignReviewers>(variables, move |a| moved(a.map(drop)));
            }
            Decision::Approve { tier_id } => {
                let variables = approve_application::Variables {
                    id,
                    tier_id,
                    idempotency_key: approving.key(),
                };
                approving.answer::<ApproveApplication>(variables, move |a| moved(a.map(drop)));
            }
            Decision::ReturnForInfo { reason } => {
                let variables = return_application::Variables { id, reason };
                sending.answer::<ReturnApplication>(variables, move |a| moved(a.map(drop)));
            }
            Decision::Reject { reason } => {
                let variables = reject_application::Variables { id, reason };
                sending.answer::<RejectApplication>(variables, move |a| moved(a.map(drop)));
            }
            Decision::Cancel { reason } => {
                let variables = cancel_approval::Variables {
                    id,
                    reason,
                    idempotency_key: cancelling.key(),
                };
                cancelling.answer::<CancelApproval>(variables, move |a| moved(a.map(drop)));
            }
        }
    };
    let can = move |action: ApplicationAction| next_actions.contains(&action);
    let (can_assign, can_approve, can_return, can_reject, can_cancel) = (
        can(ApplicationAction::StartReview) || can(ApplicationAction::Approve),
        can(ApplicationAction::Approve),
        can(ApplicationAction::ReturnForInfo),
        can(ApplicationAction::Reject),
        can(ApplicationAction::Cancel),
    );
    // Returning for information moves no money and can be answered: it goes at once.
    let return_for_info = move || {
        send(Decision::ReturnForInfo {
            reason: reason.get_untracked(),
        });
    };
    // A reason is asked for before the question, which would otherwise be confirmed in vain.
    let ask_with_reason = move |decision: fn(String) -> Decision, ask: Ask| {
        if reason.get_untracked().trim().is_empty() {
            error.set(Some(
                Text::NeedsReason
                    .get(i18n.locale.get_untracked())
                    .to_owned(),
            ));
            return;
        }
        error.set(None);
        asked.set(Some(Asked {
            ask,
            decision: decision(reason.get_untracked()),
        }));
    };
    let confirm = move |asking: Asked| send(asking.decision);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                // Applicants (and anyone not on the program's staff) see no panel at all.
                let Ok(staff_panel::ResponseData { application_reviews, program_reviewers, fund, funding_elsewhere }) = data.await else {
                    return ().into_any();
                };
                let fund = StoredValue::new(fund.name);
                let name_of = |user: &str| program_reviewers.iter().find(|r| r.user_id == user)
                    .map(|r| r.display_name.clone()).unwrap_or_else(|| user.to_owned());
                let assigned: Vec<String> = application_reviews.iter().map(|r| r.reviewer_id.clone()).collect();
                let tiers = tiers.get_value();
                let tiers_all = StoredValue::new(tiers.clone());
                view! {
                    <section class="card staff-panel">
                        <h2>{move || i18n.t(Text::ReviewsTitle)}</h2>
                        // On a phone the reviews scroll within their card, not the page. A
                        // keyboard reaches them to scroll them.
                        <div class="scroll-x" tabindex="0" role="region" aria-label=move || i18n.t(Text::ReviewsTitle)>
                        <table class="ledger">
                            <tbody>
                                {application_reviews.iter().map(|r| {
                                    let note = r.conflict_reason.clone().or_else(|| r.comment.clone()).unwrap_or_default();
                                    let recommendation = r.recommendation;
                                    let status = r.status;
                                    view! {
                                        <tr data-review=r.id.clone()>
                                            <td>{name_of(&r.reviewer_id)}</td>
                                            <td>{move || review_status_name(status, i18n.locale.get())}</td>
                                            <td class="money">{let score = r.score.clone(); move || score.as_deref().map_or_else(|| "—".into(), |s| score_text(s, i18n.locale.get()))}</td>
                                            <td>{move || recommendation.map(|x| recommendation_name(x, i18n.locale.get()))}</td>
                                            <td>{note}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                        {can_assign.then(|| view! {
                            <fieldset class="reviewer-pick">
                                <legend>{move || i18n.t(Text::AssignReviewers)}</legend>
                                {program_reviewers.iter().filter(|r| !assigned.contains(&r.user_id)).map(|r| {
                                    let user = r.user_id.clone();
                                    let toggled = user.clone();
                                    view! {
                                        <label class="check">
                                            <input type="checkbox"
                                                prop:checked=move || chosen.get().contains(&user)
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    chosen.update(|c| {
                                                        c.retain(|x| x != &toggled);
                                                        if on { c.push(toggled.clone()); }
                                                    });
                                                } />
                                            {format!("{} ({})", r.display_name, r.assigned)}
                                        </label>
                                    }
                                }).collect_view()}
                                <button disabled=move || busy.get() || chosen.get().is_empty()
                                    on:click=move |_| send(Decision::Assign { reviewer_ids: chosen.get_untracked() })>
                                    {move || i18n.t(Text::Assign)}
                                </button>
                            </fieldset>
                        })}
                        <h2>{move || i18n.t(Text::DecisionTitle)}</h2>
                        {(!funding_elsewhere.is_empty()).then(|| view! { <FundedElsewhere others=funding_elsewhere /> })}
                        {can_approve.then(|| view! {
                            <div class="inline-form">
                                <div class="field">
                                    <label for="tier">{move || i18n.t(Text::TierLabel)}</label>
                                    <select id="tier" on:change=move |ev| tier.set(event_target_value(&ev))>
                                        {tiers.iter().map(|t| view! { <option value=t.id.clone()>{format!("{} · {}", t.name, t.amount)}</option> }).collect_view()}
                                    </select>
                                </div>
                                <button disabled=move || busy.get()
                                    on:click=move |_| {
                                        let chosen = tier.get_untracked();
                                        let Some(picked) = tiers_all.get_value().into_iter().find(|t| t.id == chosen) else { return };
                                        asked.set(Some(Asked {
                                            decision: Decision::Approve { tier_id: picked.id },
                                            ask: Ask::Approve {
                                                learner: learner_name.get_value(),
                                                tier: picked.name,
                                                amount: picked.amount,
                                                fund: fund.get_value(),
                                            },
                                        }));
                                    }>
                                    {move || i18n.t(Text::Approve)}
                                </button>
                            </div>
                        })}
                        {(can_return || can_reject || can_cancel).then(|| view! {
                            <div class="inline-form">
                                <div class="field">
                                    <label for="decision-reason">{move || i18n.t(Text::DecisionReasonLabel)}</label>
                                    <input id="decision-reason" bind:value=reason />
                                </div>
                                {can_return.then(|| view! { <button class="secondary" disabled=move || busy.get() on:click=move |_| return_for_info()>{move || i18n.t(Text::ReturnForInfo)}</button> })}
                                {can_reject.then(|| view! { <button class="secondary" disabled=move || busy.get()
                                    on:click=move |_| ask_with_reason(|reason| Decision::Reject { reason }, Ask::Reject { learner: learner_name.get_value() })>
                                    {move || i18n.t(Text::Reject)}
                                </button> })}
                                {can_cancel.then(|| view! { <button class="secondary" disabled=move || busy.get()
                                    on:click=move |_| ask_with_reason(|reason| Decision::Cancel { reason }, Ask::CancelApproval {
                                        learner: learner_name.get_value(),
                                        amount: approved_amount.unwrap_or(Money::ZERO),
                                        fund: fund.get_value(),
                                    })>
                                    {move || i18n.t(Text::CancelApproval)}
                                </button> })}
                            </div>
                        })}
                        {move || asked.get().map(|asking| {
                            let question = asking.ask.clone();
                            let asking = StoredValue::new(asking);
                            view! {
                                <Confirm ask=question busy=busy
                                    on_confirm=move |()| confirm(asking.get_value())
                                    on_cancel=move |()| asked.set(None) />
                            }
                        })}
                        <FormError message=error.into() />
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

/// The learner's other awards of the school year, in any organisation, where the decision is
/// taken: whose, how much, and why they are taken to be the same learner.
#[component]
fn FundedElsewhere(others: Vec<staff_panel::StaffPanelFundingElsewhere>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="notice warning funded-elsewhere" role="note" aria-labelledby="funded-elsewhere-title">
            <h3 id="funded-elsewhere-title">{move || i18n.t(Text::FundedElsewhereTitle)}</h3>
            <p class="hint">{move || i18n.t(Text::FundedElsewhereHint)}</p>
            <ul class="plain">
                {others.into_iter().map(|other| {
                    let (kind, status, matched) = (other.program_kind, other.status, other.matched);
                    view! {
                        <li data-award=other.award_id.clone()>
                            <strong>{other.organization_name.clone()}</strong>
                            {format!(" · {} · ", other.program_name)}
                            <span class="money">{other.amount.to_string()}</span>
                            <span class="muted small">
                                {move || {
                                    let locale = i18n.locale.get();
                                    format!(
                                        " ({}, {}; {})",
                                        program_kind_name(kind, locale),
                                        award_status_name(status, locale),
                                        duplicate_match_name(matched, locale),
                                    )
                                }}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}
