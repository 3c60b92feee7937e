//! The treasurer's payouts for a program: the approved awards still to pay (one by one, or all
//! at once, each payment named and confirmed before it is made), and the receipt list of
//! those paid — name, class, school, amount and a column for the recipient's signature —
//! printed for the award ceremony.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};
use shared::{AwardStatus, Money};

use crate::{
    api::{
        self, ApiError,
        documents::{
            FundHeader, PayAward, PayProgramAwards, ProgramAwards, fund_header, pay_award,
            pay_program_awards, program_awards,
        },
    },
    common::{
        confirm::{Ask, Confirm},
        export::{ExportLinks, api_path, export_href},
        form::FormError,
        mutation::Sending,
        paged::{PageFooter, Paged},
        status::{ErrorPanel, Loading},
    },
    i18n::{Text, error_message, paper_date, use_i18n},
    session::use_session,
};

type AwardsData = program_awards::ResponseData;
type ProgramRef = program_awards::ProgramAwardsProgram;
type AwardLine = program_awards::ProgramAwardsProgramAwardsEdgesNode;

/// A page of a program's awards of one status (reserved, paid).
async fn awards_page(
    program: String,
    status: AwardStatus,
    after: Option<String>,
) -> Result<AwardsData, ApiError> {
    let variables = program_awards::Variables {
        id: program,
        status: Some(status),
        after,
    };
    api::run::<ProgramAwards>(variables).await
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
    let first = awards_page(program.clone(), AwardStatus::Paid, None).await?;
    let (heading, total, in_words) = (
        first.program,
        first.program_awards.total_amount,
        first.program_awards.total_amount_in_words.clone(),
    );
    let mut page = api::page!(first.program_awards);
    let mut lines = Vec::new();
    loop {
        lines.append(&mut page.rows);
        match page.next {
            Some(after) => {
                let next = awards_page(program.clone(), AwardStatus::Paid, Some(after)).await?;
                page = api::page!(next.program_awards);
            }
            None => break,
        }
    }
    let fund = api::run::<FundHeader>(fund_header::Variables {
        id: heading.fund_id.clone(),
    })
    .await?;
    Ok(Receipts {
        program: heading,
        fund_name: fund.fund.name,
        association: fund.fund.organization.map(|o| o.name).unwrap_or_default(),
        lines,
        total,
        in_words,
    })
}

/// A payment the treasurer asked for and has yet to confirm.
#[derive(Debug, Clone)]
struct Payment {
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
        let data = awards_page(program_id(), AwardStatus::Reserved, after).await?;
        let awards = data.program_awards;
        due_totals.set(Some((awards.total_count, awards.total_amount)));
        Ok(api::page!(awards))
    });
    let fund_name = move || {
        receipts
            .get()
            .and_then(|r| r.as_ref().ok().map(|r| r.fund_name.clone()))
            .unwrap_or_default()
    };
    let notice = RwSignal::new(None::<String>);
    let asked = RwSignal::new(None::<Payment>);
    // One place for the page's outcome; each payment keeps its own key while its outcome is
    // unknown, so a retry pays at most once.
    let sending = Sending::default();
    let (error, busy) = (sending.error, sending.busy);
    let payments = RwSignal::new(HashMap::<String, Sending>::new());
    let sending_for = move |target: &str| {
        if let Some(payment) = payments.with_untracked(|p| p.get(target).copied()) {
            return payment;
        }
        let payment = sending.beside();
        payments.update_untracked(|p| {
            p.insert(target.to_owned(), payment);
        });
        payment
    };
    // "Pay 2.000.000 ₫ to Lê Minh Anh from Quỹ Khuyến học xã Bát Tràng?"
    let ask = move |target: String, batch: bool, amount: Money, whom: String| {
        notice.set(None);
        asked.set(Some(Payment {
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
        let Payment { target, batch, .. } = payment;
        let sending = sending_for(&format!("{batch}:{target}"));
        let idempotency_key = sending.key();
        let paid =
            move |payout: Option<Option<pay_program_awards::PayProgramAwardsPayProgramAwards>>| {
                asked.set(None);
                // A batch says what it paid and what it could not; one award, nothing more.
                let Some(payout) = payout else { return };
                notice.set(payout.as_ref().map(|payout| {
                    let skipped = payout.skipped_application_ids.len();
                    let mut said = format!("{} {}", Text::BatchPaid.get(locale), payout.total);
                    if skipped > 0 {
                        said.push_str(&format!(
                            " · {} {skipped}",
                            Text::LeftForAnotherTreasurer.get(locale)
                        ));
                    }
                    said
                }));
                // The awards a batch could not pay are named, with why: a partial payout must not
                // read as a complete one.
                let failures: Vec<String> = payout
                    .map(|payout| {
                        payout
                            .failures
                            .into_iter()
                            .map(|f| {
                                // By the learner's name where the list on screen has it, and
                                // why in the reader's words, chosen by the refusal's code.
                                let whom = due.rows.with_untracked(|rows| {
                                    rows.iter()
                                        .find(|row| row.application_id == f.application_id)
                                        .map(|row| row.learner_name.clone())
                                });
                                format!(
                                    "{} {}: {}",
                                    Text::NotPaid.get(locale),
                                    whom.unwrap_or(f.application_id),
                                    error_message(Some(f.code), locale)
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                error.set((!failures.is_empty()).then(|| failures.join(" · ")));
                due.reload();
                receipts.refetch();
            };
        if batch {
            let variables = pay_program_awards::Variables {
                id: target,
                idempotency_key,
            };
            sending.answer::<PayProgramAwards>(variables, move |answer| {
                paid(answer.map(|data| Some(data.pay_program_awards)));
            });
        } else {
            let variables = pay_award::Variables {
                id: target,
                idempotency_key,
            };
            sending.answer::<PayAward>(variables, move |answer| paid(answer.map(|_| None)));
        }
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
                    let approved_it = me_id().is_some_and(|me| me == line.award.decided_by);
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
                                        on:click=move |_| ask(target.clone(), false, amount, whom.clone())>
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
                    ask(program_id(), true, total, whom);
                }>
                    {move || i18n.t(Text::PayAll)}
                </button>
            </Show>
            <ExportLinks what=Text::AwardsFile href=Signal::derive(move || export_href(
                &api_path(&["programs", &program_id(), "awards"]),
                &[("status", AwardStatus::Reserved.code())],
            )) />
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
                        <ExportLinks what=Text::ReceiptsFile href=api_path(&["programs", &program.id, "receipts"]) />
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
