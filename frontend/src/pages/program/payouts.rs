//! The treasurer's payouts for a program: the approved awards still to pay (one by one, or all
//! at once, each payment named and confirmed before it is made), and the receipt list of
//! those paid — name, class, school, amount and a column for the recipient's signature —
//! printed for the award ceremony.

use std::collections::HashMap;

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_params_map};
use serde::Deserialize;
use shared::Money;

use super::board::AwardRef;
use crate::{
    api::{self, ApiError, Connection},
    components::{
        confirm::{Ask, Confirm},
        form::{FormError, explain},
        paged::{PageFooter, Paged},
        status::{ErrorPanel, Loading},
    },
    i18n::{Text, paper_date, use_i18n},
    pages::fund::{new_idempotency_key, renew_unless_unanswered},
    session::use_session,
};

const PROGRAM_AWARDS: &str = include_str!("../../../graphql/program_awards.graphql");
const FUND_HEADER: &str = include_str!("../../../graphql/fund_header.graphql");
const PAY_AWARD: &str = include_str!("../../../graphql/pay_award.graphql");
const PAY_PROGRAM_AWARDS: &str = include_str!("../../../graphql/pay_program_awards.graphql");

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AwardsData {
    program: ProgramRef,
    program_awards: AwardsPage,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AwardsPage {
    #[serde(flatten)]
    page: Connection<AwardLine>,
    total_count: i64,
    total_amount: Money,
    total_amount_in_words: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProgramRef {
    id: String,
    name: String,
    cycle: String,
    fund_id: String,
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

#[derive(Debug, Clone, Deserialize)]
struct FundData {
    fund: FundName,
}

#[derive(Debug, Clone, Deserialize)]
struct FundName {
    name: String,
    organization: OrganizationName,
}

#[derive(Debug, Clone, Deserialize)]
struct OrganizationName {
    name: String,
}

/// A page of a program's awards of one status (`RESERVED`, `PAID`).
async fn awards_page(
    program: String,
    status: &'static str,
    after: Option<String>,
) -> Result<AwardsData, ApiError> {
    let variables = serde_json::json!({ "id": program, "status": status, "after": after });
    api::graphql(PROGRAM_AWARDS, variables).await
}

/// The receipt list: every paid award (all pages of them: a printed list is whole), with the
/// program and the fund they were paid from.
#[derive(Debug, Clone)]
struct Receipts {
    program: ProgramRef,
    fund_name: String,
    /// The association whose fund paid: it heads the paper.
    association: String,
    lines: Vec<AwardLine>,
    total: Money,
    /// The total in Vietnamese words, as the paper writes it under the figure.
    in_words: String,
}

async fn read_receipts(program: String) -> Result<Receipts, ApiError> {
    let first = awards_page(program.clone(), "PAID", None).await?;
    let (heading, total, in_words) = (
        first.program,
        first.program_awards.total_amount,
        first.program_awards.total_amount_in_words,
    );
    let mut page = first.program_awards.page;
    let mut lines = Vec::new();
    loop {
        lines.extend(page.edges.into_iter().map(|edge| edge.node));
        match page
            .page_info
            .end_cursor
            .filter(|_| page.page_info.has_next_page)
        {
            Some(after) => {
                page = awards_page(program.clone(), "PAID", Some(after))
                    .await?
                    .program_awards
                    .page
            }
            None => break,
        }
    }
    let fund: FundData =
        api::graphql(FUND_HEADER, serde_json::json!({ "id": heading.fund_id })).await?;
    Ok(Receipts {
        program: heading,
        fund_name: fund.fund.name,
        association: fund.fund.organization.name,
        lines,
        total,
        in_words,
    })
}

/// A payment the treasurer asked for and has yet to confirm.
#[derive(Debug, Clone)]
struct Payment {
    document: &'static str,
    /// The application (one award) or the program (all of them).
    target: String,
    batch: bool,
    /// What will happen: amount, recipient and fund.
    ask: Ask,
}

/// `/programs/<id>/payouts`.
#[component]
pub fn PayoutsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let program_id = move || params.read_untracked().get("id").unwrap_or_default();
    let receipts = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        read_receipts(id)
    });
    // The awards to pay, a page at a time, and how many and how much they are in all.
    let due_totals = RwSignal::new(None::<(i64, Money)>);
    let due = Paged::new(move |after: Option<String>| async move {
        let data = awards_page(program_id(), "RESERVED", after).await?;
        let awards = data.program_awards;
        due_totals.set(Some((awards.total_count, awards.total_amount)));
        Ok(awards.page)
    });
    let fund_name = move || {
        receipts
            .get()
            .and_then(|r| r.as_ref().ok().map(|r| r.fund_name.clone()))
            .unwrap_or_default()
    };
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let asked = RwSignal::new(None::<Payment>);
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
    // "Pay 2.000.000 ₫ to Lê Minh Anh from Quỹ Khuyến học xã Bát Tràng?"
    let ask =
        move |document: &'static str, target: String, batch: bool, amount: Money, whom: String| {
            notice.set(None);
            asked.set(Some(Payment {
                document,
                target,
                batch,
                ask: Ask::Pay {
                    amount,
                    whom,
                    fund: fund_name(),
                },
            }));
        };
    let pay = move |payment: Payment| {
        let locale = i18n.locale.get_untracked();
        let Payment {
            document,
            target,
            batch,
            ..
        } = payment;
        let key = key_for(&format!("{batch}:{target}"));
        busy.set(true);
        spawn_local(async move {
            let variables =
                serde_json::json!({ "id": target, "idempotencyKey": key.get_untracked() });
            let result = api::graphql::<_, serde_json::Value>(document, variables).await;
            busy.set(false);
            asked.set(None);
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
                    due.reload();
                    receipts.refetch();
                }
                Err(failure) => {
                    renew_unless_unanswered(&failure, key);
                    error.set(Some(explain(&failure, locale, &[])));
                }
            }
        });
    };
    let print = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    let me_id = move || session.me.get().map(|me| me.id);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                receipts.await.ok().map(|r| view! {
                    <p class="eyebrow no-print"><A href=format!("/programs/{}/manage", r.program.id)>{r.program.name.clone()}</A></p>
                })
            })}
        </Suspense>
        <h1 class="no-print">{move || i18n.t(Text::PayoutsTitle)}</h1>
        <FormError message=error.into() />
        {move || notice.get().map(|n| view! { <p class="notice no-print" role="status">{n}</p> })}
        <section class="card no-print">
            <h2>{move || i18n.t(Text::AwardsToPay)}</h2>
            <Show when=move || due.is_empty()>
                <p class="muted">{move || i18n.t(Text::NothingToPay)}</p>
            </Show>
            <ul class="org-tree payouts">
                {move || due.rows.get().into_iter().map(|line| {
                    let target = line.application_id.clone();
                    let whom = line.learner_name.clone();
                    let amount = line.award.amount;
                    // Whoever approved an award does not pay it: the server refuses, so the
                    // button is not offered.
                    let approved_it = me_id().is_some() && line.award.decided_by == me_id();
                    view! {
                        <li>
                            <span class="name"><A href=format!("/applications/{}", line.application_id)>{line.learner_name}</A></span>
                            <span class="muted">
                                {line.class_name} " · " {line.school} " · " {line.award.tier_name}
                            </span>
                            <span class="money">{amount.to_string()}</span>
                            {if approved_it {
                                view! { <small class="muted">{move || i18n.t(Text::AnotherTreasurerPays)}</small> }.into_any()
                            } else {
                                view! {
                                    <button class="small" disabled=move || busy.get()
                                        on:click=move |_| ask(PAY_AWARD, target.clone(), false, amount, whom.clone())>
                                        {move || i18n.t(Text::Pay)}
                                    </button>
                                }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <PageFooter paged=due />
            <Show when=move || !due.is_empty() && due.loaded.get()>
                <button disabled=move || busy.get() on:click=move |_| {
                    let (count, total) = due_totals.get_untracked().unwrap_or((0, Money::ZERO));
                    let whom = format!("{count} {}", Text::RecipientsAwaiting.get(i18n.locale.get_untracked()));
                    ask(PAY_PROGRAM_AWARDS, program_id(), true, total, whom);
                }>
                    {move || i18n.t(Text::PayAll)}
                </button>
            </Show>
            {move || asked.get().map(|payment| {
                let question = payment.ask.clone();
                let payment = StoredValue::new(payment);
                view! {
                    <Confirm ask=question busy=busy
                        on_confirm=move |()| pay(payment.get_value())
                        on_cancel=move |()| asked.set(None) />
                }
            })}
        </section>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match receipts.await {
                    Ok(Receipts { program, association, lines, total, in_words, .. }) => view! {
                        <ReceiptList association heading=format!("{} · {}", program.name, program.cycle) lines total in_words />
                        <button class="secondary no-print" on:click=print>{move || i18n.t(Text::PrintReceipts)}</button>
                    }.into_any(),
                    Err(failure) => view! { <ErrorPanel error=failure on_retry=move |()| receipts.refetch() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The list the recipients sign at the award ceremony, printed on paper.
#[component]
fn ReceiptList(
    association: String,
    heading: String,
    lines: Vec<AwardLine>,
    total: Money,
    in_words: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let printed_on = crate::pages::fund::today();
    view! {
        <section class="card receipt-list">
            <p class="association">{association}</p>
            <h2>{move || i18n.t(Text::ReceiptListTitle)}</h2>
            <p>{heading}</p>
            // On a phone the table scrolls within its card, not the page; on paper it is whole.
            // A keyboard reaches it to scroll it.
            <div class="scroll-x" tabindex="0" role="region" aria-label=move || i18n.t(Text::ReceiptListTitle)>
            <table class="ledger receipts">
                <thead>
                    <tr>
                        <th>{move || i18n.t(Text::NumberColumn)}</th>
                        <th>{move || i18n.t(Text::FullNameColumn)}</th>
                        <th>{move || i18n.t(Text::ClassLabel)}</th>
                        <th>{move || i18n.t(Text::SchoolLabel)}</th>
                        <th class="money">{move || i18n.t(Text::AmountColumn)}</th>
                        <th class="signature">{move || i18n.t(Text::SignatureColumn)}</th>
                        <th class="signature">{move || i18n.t(Text::FingerprintColumn)}</th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().enumerate().map(|(i, line)| view! {
                        <tr>
                            <td>{i + 1}</td>
                            <td>{line.learner_name}</td>
                            <td>{line.class_name}</td>
                            <td>{line.school}</td>
                            <td class="money">{line.award.amount.to_string()}</td>
                            <td class="signature"></td>
                            <td class="signature"></td>
                        </tr>
                    }).collect_view()}
                </tbody>
                <tfoot>
                    <tr>
                        <td colspan="4">{move || i18n.t(Text::TotalLabel)}</td>
                        <td class="money">{total.to_string()}</td>
                        <td colspan="2"></td>
                    </tr>
                </tfoot>
            </table>
            </div>
            <p>{move || i18n.t(Text::InWordsLabel)} " " <strong>{in_words}</strong></p>
            <p class="paper-date">{move || paper_date(printed_on, i18n.locale.get())}</p>
            // Those who made the list sign it, each over their name.
            <div class="makers">
                {[Text::PreparedBy, Text::AccountantSigns, Text::ChairSigns].into_iter().map(|who| view! {
                    <div>
                        <strong>{move || i18n.t(who)}</strong>
                        <small>{move || i18n.t(Text::SignHint)}</small>
                    </div>
                }).collect_view()}
            </div>
        </section>
    }
}
