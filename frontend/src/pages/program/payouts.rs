//! The treasurer's payouts for a program: the approved awards still to pay (one by one, or all
//! at once), and the receipt list of those paid — name, class, school, amount and a column for
//! the recipient's signature — printed for the award ceremony.

use std::collections::HashMap;

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_params_map};
use serde::Deserialize;
use shared::Money;

use super::board::AwardRef;
use crate::{
    api,
    components::{
        form::{FormError, explain_in_detail},
        status::{ErrorPanel, Loading},
    },
    i18n::{Text, use_i18n},
    pages::fund::{new_idempotency_key, renew_unless_unanswered},
    session::use_session,
};

const PROGRAM_AWARDS: &str = include_str!("../../../graphql/program_awards.graphql");
const PAY_AWARD: &str = include_str!("../../../graphql/pay_award.graphql");
const PAY_PROGRAM_AWARDS: &str = include_str!("../../../graphql/pay_program_awards.graphql");

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AwardsData {
    program: ProgramRef,
    program_awards: Vec<AwardLine>,
}

#[derive(Debug, Clone, Deserialize)]
struct ProgramRef {
    id: String,
    name: String,
    cycle: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AwardLine {
    application_id: String,
    learner_name: String,
    class_name: Option<String>,
    school: Option<String>,
    award: AwardRef,
}

/// `/programs/<id>/payouts`.
#[component]
pub fn PayoutsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let data = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move {
            api::graphql::<_, AwardsData>(PROGRAM_AWARDS, serde_json::json!({ "id": id })).await
        }
    });
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Each payment keeps its key while its outcome is unknown, so a retry pays at most once.
    let keys = RwSignal::new(HashMap::<String, RwSignal<String>>::new());
    let key_for = move |target: &str| {
        if let Some(key) = keys.with_untracked(|k| k.get(target).copied()) {
            return key;
        }
        let key = RwSignal::new(new_idempotency_key());
        keys.update_untracked(|k| {
            k.insert(target.to_owned(), key);
        });
        key
    };
    let pay = move |document: &'static str, target: String, batch: bool| {
        let locale = i18n.locale.get_untracked();
        let key = key_for(&format!("{batch}:{target}"));
        busy.set(true);
        spawn_local(async move {
            let variables =
                serde_json::json!({ "id": target, "idempotencyKey": key.get_untracked() });
            let result = api::graphql::<_, serde_json::Value>(document, variables).await;
            busy.set(false);
            match result {
                Ok(body) => {
                    key.set(new_idempotency_key());
                    let payout = &body["payProgramAwards"];
                    notice.set(payout["total"].as_i64().map(|total| {
                        let skipped = payout["skippedApplicationIds"]
                            .as_array()
                            .map_or(0, Vec::len);
                        let mut said = format!(
                            "{} {}",
                            Text::BatchPaid.get(locale),
                            Money::from_dong(total)
                        );
                        if skipped > 0 {
                            said.push_str(&format!(
                                " · {} {skipped}",
                                Text::LeftForAnotherTreasurer.get(locale)
                            ));
                        }
                        said
                    }));
                    // The awards a batch could not pay are named, with why: a partial payout
                    // must not read as a complete one.
                    let failures: Vec<String> = payout["failures"]
                        .as_array()
                        .map(|all| {
                            all.iter()
                                .map(|f| {
                                    format!(
                                        "{} {}: {}",
                                        Text::NotPaid.get(locale),
                                        f["applicationId"].as_str().unwrap_or_default(),
                                        f["message"].as_str().unwrap_or_default()
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    error.set((!failures.is_empty()).then(|| failures.join(" · ")));
                    data.refetch();
                }
                Err(failure) => {
                    renew_unless_unanswered(&failure, key);
                    error.set(Some(explain_in_detail(&failure, locale, &[])));
                }
            }
        });
    };
    let print = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(AwardsData { program, program_awards }) => {
                        let (due, paid): (Vec<AwardLine>, Vec<AwardLine>) = program_awards
                            .into_iter()
                            .filter(|l| l.award.status != "CANCELLED")
                            .partition(|l| l.award.status == "RESERVED");
                        let total = Money::checked_sum(paid.iter().map(|l| l.award.amount)).unwrap_or(Money::ZERO);
                        let program_id = program.id.clone();
                        let heading = format!("{} · {}", program.name, program.cycle);
                        let has_due = !due.is_empty();
                        let me_id = session.me.get_untracked().map(|me| me.id);
                        view! {
                            <p class="eyebrow no-print"><A href=format!("/programs/{}/manage", program.id)>{program.name.clone()}</A></p>
                            <h1 class="no-print">{move || i18n.t(Text::PayoutsTitle)}</h1>
                            <FormError message=error.into() />
                            {move || notice.get().map(|n| view! { <p class="notice no-print" role="status">{n}</p> })}
                            <section class="card no-print">
                                <h2>{move || i18n.t(Text::AwardsToPay)}</h2>
                                {if has_due {
                                    view! {
                                        <table class="ledger">
                                            <tbody>
                                                {due.into_iter().map(|line| {
                                                    let target = line.application_id.clone();
                                                    // Whoever approved an award does not pay it: the server refuses, so
                                                    // the button is not offered.
                                                    let approved_it = me_id.is_some() && line.award.decided_by == me_id;
                                                    view! {
                                                        <tr>
                                                            <td><A href=format!("/applications/{}", line.application_id)>{line.learner_name}</A></td>
                                                            <td>{line.class_name}</td>
                                                            <td>{line.school}</td>
                                                            <td>{line.award.tier_name}</td>
                                                            <td class="money">{line.award.amount.to_string()}</td>
                                                            <td>
                                                                {if approved_it {
                                                                    view! { <small class="loading">{move || i18n.t(Text::AnotherTreasurerPays)}</small> }.into_any()
                                                                } else {
                                                                    view! {
                                                                        <button class="small" disabled=move || busy.get()
                                                                            on:click=move |_| pay(PAY_AWARD, target.clone(), false)>
                                                                            {move || i18n.t(Text::Pay)}
                                                                        </button>
                                                                    }.into_any()
                                                                }}
                                                            </td>
                                                        </tr>
                                                    }
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                        <button disabled=move || busy.get() on:click=move |_| pay(PAY_PROGRAM_AWARDS, program_id.clone(), true)>
                                            {move || i18n.t(Text::PayAll)}
                                        </button>
                                    }.into_any()
                                } else {
                                    view! { <p class="loading">{move || i18n.t(Text::NothingToPay)}</p> }.into_any()
                                }}
                            </section>
                            <section class="card receipt-list">
                                <h2>{move || i18n.t(Text::ReceiptListTitle)}</h2>
                                <p>{heading}</p>
                                <table class="ledger receipts">
                                    <thead>
                                        <tr>
                                            <th>{move || i18n.t(Text::NumberColumn)}</th>
                                            <th>{move || i18n.t(Text::FullNameColumn)}</th>
                                            <th>{move || i18n.t(Text::ClassLabel)}</th>
                                            <th>{move || i18n.t(Text::SchoolLabel)}</th>
                                            <th class="money">{move || i18n.t(Text::AmountColumn)}</th>
                                            <th class="signature">{move || i18n.t(Text::SignatureColumn)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {paid.into_iter().enumerate().map(|(i, line)| view! {
                                            <tr>
                                                <td>{i + 1}</td>
                                                <td>{line.learner_name}</td>
                                                <td>{line.class_name}</td>
                                                <td>{line.school}</td>
                                                <td class="money">{line.award.amount.to_string()}</td>
                                                <td class="signature"></td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                    <tfoot>
                                        <tr>
                                            <td colspan="4">{move || i18n.t(Text::TotalLabel)}</td>
                                            <td class="money">{total.to_string()}</td>
                                            <td></td>
                                        </tr>
                                    </tfoot>
                                </table>
                                <button class="secondary no-print" on:click=print>{move || i18n.t(Text::PrintReceipts)}</button>
                            </section>
                        }.into_any()
                    }
                    Err(failure) => view! { <ErrorPanel error=failure on_retry=move |()| data.refetch() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
