//! The treasurer's dashboard of one fund: balances, receipts and payments by month, the
//! latest entries (with reversal), donation and transfer forms, and statements with CSV export.

use chrono::Datelike;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};
use shared::{DonationMethod, DonorKind, EntryPhase, ErrorCode, Money, TransactionKind};

use super::{day_of, day_of_date, public::Stat, today, typed_amount};
use crate::{
    api::{
        self,
        documents::{
            FundDashboard, FundHeader, FundStatement, RecordDonation, ReverseTransaction,
            TransferFunds, fund_dashboard, fund_header, fund_statement, record_donation,
            reverse_transaction, transfer_funds,
        },
    },
    common::{
        confirm::{Ask, AskFirst, Asking},
        export::{ExportLinks, api_path},
        form::{Field, FormError},
        mutation::Sending,
        picker::{DonorSelect, FundSelect},
        status::{ErrorPanel, Loading},
    },
    i18n::{Locale, Text, method_name, transaction_kind_name, use_i18n},
};

type MonthTotals = fund_dashboard::FundDashboardFundMonthlyTotals;
type EntryRow = fund_dashboard::FundDashboardFundLedgerEdgesNode;

#[component]
pub fn FundDashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let fund_id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let header = LocalResource::new(move || {
        let id = fund_id.get();
        async move { api::run::<FundHeader>(fund_header::Variables { id }).await }
    });
    // Refetched after every movement; the forms sit outside it, so they keep their state
    // (and their confirmation) while the figures reload.
    let figures = LocalResource::new(move || {
        let id = fund_id.get();
        async move { api::run::<FundDashboard>(fund_dashboard::Variables { id }).await }
    });
    let refresh = Callback::new(move |()| figures.refetch());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match header.await {
                    Ok(fund_header::ResponseData { fund }) => {
                        let public = format!("/funds/{}", fund.id);
                        let can_move = fund.can_move_money;
                        let fund_name = StoredValue::new(fund.name.clone());
                        view! {
                            <h1>{fund.name.clone()}</h1>
                            <p class="muted">
                                {fund.organization.clone().map(|o| o.name)} " · "
                                <A href=public>{move || i18n.t(Text::PublicPage)}</A>
                            </p>
                            <Transition fallback=Loading>
                                {move || Suspend::new(async move {
                                    match figures.await {
                                        Ok(fund_dashboard::ResponseData { fund }) => view! {
                                            <div class="stats" aria-live="polite">
                                                <Stat label=Text::PostedBalance value=fund.posted_balance />
                                                <Stat label=Text::ReservedBalance value=fund.reserved_balance />
                                                <Stat label=Text::AvailableBalance value=fund.available_balance />
                                            </div>
                                            <MonthlyChart months=fund.monthly_totals closing=fund.posted_balance />
                                            <RecentEntries
                                                entries=fund.ledger.edges.into_iter().map(|e| e.node).collect()
                                                fund_name=fund_name.get_value()
                                                can_reverse=can_move
                                                on_done=refresh
                                            />
                                        }
                                        .into_any(),
                                        Err(failure) => view! {
                                            <ErrorPanel error=failure on_retry=move |()| figures.refetch() />
                                        }
                                        .into_any(),
                                    }
                                })}
                            </Transition>
                            {if can_move {
                                let import = format!("/funds/{}/donations/import", fund.id);
                                view! {
                                    <p><A href=import>{move || i18n.t(Text::ImportDonationsLink)}</A></p>
                                    <div class="columns">
                                        <DonationForm
                                            fund_id=fund.id.clone()
                                            fund_name=fund.name.clone()
                                            organization_id=fund.organization.as_ref().map(|o| o.id.clone()).unwrap_or_default()
                                            campaigns=fund.campaigns.iter().map(|c| (c.id.clone(), c.name.clone())).collect()
                                            on_done=refresh
                                        />
                                        <TransferForm fund_id=fund.id.clone() fund_name=fund.name.clone() on_done=refresh />
                                    </div>
                                    <super::accounts::BankAccountsSection fund_id=fund.id.clone() fund_name=fund.name.clone() />
                                    <super::statements::StatementsSection fund_id=fund.id.clone() fund_name=fund.name.clone() />
                                    <super::campaign::CampaignForm fund_id=fund.id.clone() />
                                }.into_any()
                            } else {
                                view! { <p class="notice">{move || i18n.t(Text::ReadOnlyFund)}</p> }.into_any()
                            }}
                            <StatementSection fund_id=fund.id.clone() />
                        }
                        .into_any()
                    }
                    Err(failure) => view! {
                        <ErrorPanel error=failure on_retry=move |()| header.refetch() />
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// The charts' drawing, in the SVG's own units: the plot's height, the gutter on the left for
/// the amounts, and the width of one month.
const PLOT_HEIGHT: f64 = 120.0;
const GUTTER: f64 = 46.0;
const MONTH: f64 = 40.0;

/// The amounts marked on a chart's axis, with a line across the plot at each: round steps from
/// 0 past `largest`, labelled short in the reader's language (`5 tr`, `5M`). Returns the marks'
/// view and the top of the axis (the amount at the plot's top).
fn axis(largest: i64, width: f64) -> (impl IntoView, f64) {
    let i18n = use_i18n();
    let marks = shared::money::axis_marks(largest, 4);
    let top = marks.last().copied().unwrap_or(1).max(1) as f64;
    let view = marks
        .into_iter()
        .map(|mark| {
            let y = PLOT_HEIGHT - mark as f64 / top * PLOT_HEIGHT + 5.0;
            view! {
                <line class="grid" x1=GUTTER x2=width y1=y y2=y />
                <text class="mark" x=GUTTER - 4.0 y=y + 3.0 text-anchor="end">
                    {move || Money::from_dong(mark).short(i18n.locale.get() == Locale::Vi)}
                </text>
            }
        })
        .collect_view();
    (view, top)
}

/// Each month's label under its slot: `11/26`.
fn month_labels(months: &[MonthTotals]) -> impl IntoView + use<> {
    months
        .iter()
        .enumerate()
        .map(|(i, month)| {
            let x = GUTTER + i as f64 * MONTH + MONTH / 2.0;
            let label = match (month.month.get(5..7), month.month.get(2..4)) {
                (Some(m), Some(y)) => format!("{m}/{y}"),
                _ => month.month.clone(),
            };
            view! { <text x=x y=PLOT_HEIGHT + 20.0 text-anchor="middle">{label}</text> }
        })
        .collect_view()
}

/// Receipts and payments per month as paired bars, and the balance at the end of each month
/// as a line, each against amounts on its axis; the figures are in each bar's and point's
/// tooltip, and in a table for screen readers. The balances are worked back from `closing`
/// (the posted balance now) by the months' movements.
#[component]
fn MonthlyChart(months: Vec<MonthTotals>, closing: Money) -> impl IntoView {
    let i18n = use_i18n();
    let width = GUTTER + MONTH * months.len() as f64;
    // The balance at the end of each month: the one after it, less what moved after it.
    let mut balances = vec![closing.dong(); months.len()];
    for i in (0..months.len().saturating_sub(1)).rev() {
        let next = &months[i + 1];
        balances[i] = balances[i + 1] - next.receipts.dong() + next.payments.dong();
    }
    let largest = months
        .iter()
        .flat_map(|m| [m.receipts.dong(), m.payments.dong()])
        .max()
        .unwrap_or(0);
    let (flow_axis, flow_top) = axis(largest, width);
    let bar = move |value: Money| (value.dong() as f64 / flow_top * PLOT_HEIGHT).max(0.0);
    let (balance_axis, balance_top) = axis(balances.iter().copied().max().unwrap_or(0), width);
    let point = move |i: usize, balance: i64| {
        (
            GUTTER + i as f64 * MONTH + MONTH / 2.0,
            PLOT_HEIGHT - balance.max(0) as f64 / balance_top * PLOT_HEIGHT + 5.0,
        )
    };
    let line: String = balances
        .iter()
        .enumerate()
        .map(|(i, &balance)| {
            let (x, y) = point(i, balance);
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let (labels, labels_again) = (month_labels(&months), month_labels(&months));
    let view_box = format!("0 0 {width} {}", PLOT_HEIGHT + 25.0);
    let rows = months.clone();
    let row_balances = balances.clone();
    view! {
        <section class="card">
            <h2>{move || i18n.t(Text::ChartTitle)}</h2>
            <svg class="chart" viewBox=view_box.clone() aria-hidden="true">
                {flow_axis}
                {months.into_iter().enumerate().map(|(i, month)| {
                    let x = GUTTER + i as f64 * MONTH;
                    let (receipts, payments) = (bar(month.receipts), bar(month.payments));
                    view! {
                        <rect class="receipts" x=x + 6.0 y=PLOT_HEIGHT - receipts + 5.0 width="13" height=receipts>
                            <title>{format!("{} · {}", month.month, month.receipts)}</title>
                        </rect>
                        <rect class="payments" x=x + 21.0 y=PLOT_HEIGHT - payments + 5.0 width="13" height=payments>
                            <title>{format!("{} · −{}", month.month, month.payments)}</title>
                        </rect>
                    }
                }).collect_view()}
                {labels}
            </svg>
            <p class="legend">
                <span class="receipts">{move || i18n.t(Text::ReceiptsHeading)}</span>
                <span class="payments">{move || i18n.t(Text::PaymentsHeading)}</span>
            </p>
            <h3>{move || i18n.t(Text::BalanceChartTitle)}</h3>
            <svg class="chart" viewBox=view_box aria-hidden="true">
                {balance_axis}
                <polyline class="balance" points=line />
                {balances.iter().enumerate().map(|(i, &balance)| {
                    let (x, y) = point(i, balance);
                    view! {
                        <circle class="balance" cx=x cy=y r="2.5">
                            <title>{Money::from_dong(balance).to_string()}</title>
                        </circle>
                    }
                }).collect_view()}
                {labels_again}
            </svg>
            // The same figures, for those who do not see the charts.
            <div class="visually-hidden">
            <table>
                <caption>{move || i18n.t(Text::ChartTitle)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t(Text::MonthColumn)}</th>
                        <th scope="col">{move || i18n.t(Text::ReceiptsHeading)}</th>
                        <th scope="col">{move || i18n.t(Text::PaymentsHeading)}</th>
                        <th scope="col">{move || i18n.t(Text::BalanceChartTitle)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().zip(row_balances).map(|(month, balance)| view! {
                        <tr>
                            <th scope="row">{month.month}</th>
                            <td>{month.receipts.to_string()}</td>
                            <td>{month.payments.to_string()}</td>
                            <td>{Money::from_dong(balance).to_string()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </section>
    }
}

#[component]
fn DonationForm(
    fund_id: String,
    fund_name: String,
    /// The fund's organisation, whose donors on record may be chosen.
    organization_id: String,
    /// The fund's campaigns (id, name), one of which a gift may be for.
    campaigns: Vec<(String, String)>,
    on_done: Callback<()>,
) -> impl IntoView {
    let donors_href = api_path(&["organizations", &organization_id, "donors"]);
    let campaign = RwSignal::new(String::new());
    let i18n = use_i18n();
    let amount = RwSignal::new(String::new());
    // A donor on record (their id and name), or none: a new donor, named below.
    let known_donor = RwSignal::new(String::new());
    let known_name = RwSignal::new(String::new());
    let donor = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let is_organization = RwSignal::new(false);
    let anonymous = RwSignal::new(false);
    let method = RwSignal::new(DonationMethod::Cash);
    let reference = RwSignal::new(String::new());
    let memo = RwSignal::new(String::new());
    // The receipt given, and the day received when it was not today (yyyy-mm-dd).
    let receipt = RwSignal::new(String::new());
    let received_on = RwSignal::new(String::new());
    let done = RwSignal::new(false);
    // The donation read back to the treasurer before it is recorded, once per key.
    let asking = Asking::<RecordDonation>::new();
    let error = asking.sending.error;
    let fund_id = StoredValue::new(fund_id);
    let fund_name = StoredValue::new(fund_name);
    let recorded = move |()| {
        for field in [
            amount,
            donor,
            contact,
            reference,
            memo,
            receipt,
            received_on,
        ] {
            field.set(String::new());
        }
        anonymous.set(false);
        done.set(true);
        on_done.run(());
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        let locale = i18n.locale.get_untracked();
        let parsed = match typed_amount(&amount.get_untracked()) {
            Ok(parsed) => parsed,
            Err(text) => return error.set(Some(text.get(locale).to_owned())),
        };
        let known = Some(known_donor.get_untracked()).filter(|id| !id.is_empty());
        if known.is_none() && donor.get_untracked().trim().is_empty() {
            return error.set(Some(Text::NeedsDonorName.get(locale).to_owned()));
        }
        let variables = record_donation::Variables {
            input: record_donation::RecordDonationInput {
                idempotency_key: asking.key(),
                fund_id: fund_id.get_value(),
                amount: parsed,
                method: method.get_untracked(),
                bank_reference: Some(reference.get_untracked()).filter(|r| !r.trim().is_empty()),
                memo: memo.get_untracked(),
                new_donor: known.is_none().then(|| record_donation::NewDonorInput {
                    kind: if is_organization.get_untracked() {
                        DonorKind::Organization
                    } else {
                        DonorKind::Person
                    },
                    name: donor.get_untracked(),
                    anonymous: anonymous.get_untracked(),
                    contact: Some(contact.get_untracked()).filter(|c| !c.trim().is_empty()),
                }),
                donor_id: known,
                campaign_id: Some(campaign.get_untracked()).filter(|c| !c.is_empty()),
                receipt_number: Some(receipt.get_untracked()).filter(|r| !r.trim().is_empty()),
                received_on: Some(received_on.get_untracked()).filter(|d| !d.is_empty()),
            },
        };
        let named = if known_donor.get_untracked().is_empty() {
            donor.get_untracked().trim().to_owned()
        } else {
            known_name.get_untracked()
        };
        let ask = Ask::Donate {
            amount: parsed,
            donor: named,
            fund: fund_name.get_value(),
        };
        asking.ask(ask, variables);
    };
    view! {
        <section class="card">
            <h2>{move || i18n.t(Text::RecordDonation)}</h2>
            <form on:submit=submit>
                <Field id="donation-amount" label=Signal::derive(move || i18n.t(Text::AmountLabel)) value=amount />
                <DonorSelect
                    id="donation-known-donor"
                    label=Signal::derive(move || i18n.t(Text::KnownDonorLabel))
                    value=known_donor
                    chosen=known_name
                    organization=organization_id
                />
                // A donor not on record yet: who they are.
                <Show when=move || known_donor.with(String::is_empty)>
                    <Field id="donation-donor" label=Signal::derive(move || i18n.t(Text::DonorNameLabel)) value=donor />
                    <label class="check">
                        <input type="checkbox" bind:checked=is_organization />
                        {move || i18n.t(Text::DonorIsOrganization)}
                    </label>
                    <label class="check">
                        <input type="checkbox" bind:checked=anonymous />
                        {move || i18n.t(Text::DonorAnonymous)}
                    </label>
                    <Field id="donation-contact" label=Signal::derive(move || i18n.t(Text::DonorContactLabel)) value=contact />
                </Show>
                <div class="field">
                    <label for="donation-method">{move || i18n.t(Text::MethodLabel)}</label>
                    <select id="donation-method" on:change=move |ev| {
                        if let Some(m) = DonationMethod::from_code(&event_target_value(&ev)) {
                            method.set(m);
                        }
                    }>
                        {DonationMethod::ALL.iter().copied().map(|m| view! {
                            <option value=m.code() selected=move || method.get() == m>{move || method_name(m, i18n.locale.get())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Show when=move || method.get() == DonationMethod::BankTransfer>
                    <Field id="donation-reference" label=Signal::derive(move || i18n.t(Text::BankReferenceLabel)) value=reference />
                </Show>
                <Field id="donation-memo" label=Signal::derive(move || i18n.t(Text::MemoLabel)) value=memo />
                <Field id="donation-receipt" label=Signal::derive(move || i18n.t(Text::ReceiptNumberLabel)) value=receipt />
                <div class="field">
                    <label for="donation-received-on">{move || i18n.t(Text::ReceivedOnLabel)}</label>
                    <input id="donation-received-on" type="date" bind:value=received_on
                        max=today().to_string()
                        min=today().with_year(today().year() - shared::ledger::RECEIVED_YEARS_BACK).map(|d| d.to_string()) />
                    <small class="hint">{move || i18n.t(Text::ReceivedOnHint)}</small>
                </div>
                {(!campaigns.is_empty()).then(|| view! {
                    <div class="field">
                        <label for="donation-campaign">{move || i18n.t(Text::DonationCampaignLabel)}</label>
                        <select id="donation-campaign" on:change=move |ev| campaign.set(event_target_value(&ev)) prop:value=move || campaign.get()>
                            <option value="">"—"</option>
                            {campaigns.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                        </select>
                    </div>
                })}
                <FormError message=error.into() />
                <Show when=move || done.get()>
                    <p class="notice" role="status">{move || i18n.t(Text::DonationRecorded)}</p>
                </Show>
                <button type="submit" disabled=move || asking.sending.busy.get() || asking.asked.get().is_some()>{move || i18n.t(Text::RecordDonation)}</button>
            </form>
            <ExportLinks what=Text::DonorsFile href=donors_href />
            <AskFirst asking on_done=recorded />
        </section>
    }
}

#[component]
fn TransferForm(fund_id: String, fund_name: String, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let to = RwSignal::new(String::new());
    let to_name = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let memo = RwSignal::new(String::new());
    let done = RwSignal::new(false);
    // The transfer read back to the treasurer before it is made, once per key.
    let asking = Asking::<TransferFunds>::new();
    let error = asking.sending.error;
    let fund_id = StoredValue::new(fund_id);
    let fund_name = StoredValue::new(fund_name);
    let moved = move |()| {
        amount.set(String::new());
        memo.set(String::new());
        done.set(true);
        on_done.run(());
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        let locale = i18n.locale.get_untracked();
        let parsed = match typed_amount(&amount.get_untracked()) {
            Ok(parsed) => parsed,
            Err(text) => return error.set(Some(text.get(locale).to_owned())),
        };
        let variables = transfer_funds::Variables {
            input: transfer_funds::TransferFundsInput {
                idempotency_key: asking.key(),
                from_fund_id: fund_id.get_value(),
                to_fund_id: to.get_untracked(),
                amount: parsed,
                memo: memo.get_untracked(),
            },
        };
        if to.get_untracked().is_empty() {
            return error.set(Some(Text::ChooseTargetFund.get(locale).to_owned()));
        }
        let to_name = to_name.get_untracked();
        let ask = Ask::Transfer {
            amount: parsed,
            from: fund_name.get_value(),
            to: to_name,
        };
        asking.ask(ask, variables);
    };
    view! {
        <section class="card">
            <h2>{move || i18n.t(Text::TransferTitle)}</h2>
            <form on:submit=submit>
                <FundSelect
                    id="transfer-to"
                    label=Signal::derive(move || i18n.t(Text::ToFundLabel))
                    value=to
                    chosen=to_name
                    except=fund_id.get_value()
                />
                <Field id="transfer-amount" label=Signal::derive(move || i18n.t(Text::TransferAmountLabel)) value=amount />
                <Field id="transfer-memo" label=Signal::derive(move || i18n.t(Text::TransferMemoLabel)) value=memo />
                <FormError message=error.into() />
                <Show when=move || done.get()>
                    <p class="notice" role="status">{move || i18n.t(Text::TransferDone)}</p>
                </Show>
                <button type="submit" disabled=move || asking.sending.busy.get() || asking.asked.get().is_some()>{move || i18n.t(Text::Transfer)}</button>
            </form>
            <AskFirst asking on_done=moved />
        </section>
    }
}

/// The latest entries, each reversible (with a reason) by those who keep the fund's money.
#[component]
fn RecentEntries(
    entries: Vec<EntryRow>,
    fund_name: String,
    can_reverse: bool,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    // The transaction whose reversal is being confirmed, with its reason and key.
    let reversing = RwSignal::new(None::<String>);
    let reason = RwSignal::new(String::new());
    // A transaction already reversed (by someone else meanwhile) is said so.
    let sending = Sending::with(&[(ErrorCode::Conflict, Text::AlreadyDone)]);
    let (error, busy) = (sending.error, sending.busy);
    let fund_name = StoredValue::new(fund_name);
    let confirm = move |transaction_id: String| {
        let variables = reverse_transaction::Variables {
            input: reverse_transaction::ReverseTransactionInput {
                idempotency_key: sending.key(),
                transaction_id,
                reason: reason.get_untracked(),
            },
        };
        sending.send::<ReverseTransaction>(variables, move |_| {
            reversing.set(None);
            reason.set(String::new());
            on_done.run(());
        });
    };
    let empty = entries.is_empty();
    view! {
        <section class="card">
            <h2>{move || i18n.t(Text::RecentEntries)}</h2>
            <FormError message=error.into() />
            {if empty {
                view! { <p>{move || i18n.t(Text::NoEntries)}</p> }.into_any()
            } else {
                view! {
                    <table class="ledger stack">
                        <thead>
                            <tr>
                                <th>{move || i18n.t(Text::DateColumn)}</th>
                                <th>{move || i18n.t(Text::KindColumn)}</th>
                                <th>{move || i18n.t(Text::DonorColumn)}</th>
                                <th>{move || i18n.t(Text::MemoColumn)}</th>
                                <th class="money">{move || i18n.t(Text::AmountColumn)}</th>
                                <th></th>
                            </tr>
                        </thead>
                        <tbody>
                            {entries.into_iter().map(|entry| {
                                let kind = entry.kind;
                                let method = entry.method;
                                let reversible = can_reverse
                                    && entry.followed_by_transaction_id.is_none()
                                    && entry.phase == EntryPhase::Posted
                                    && matches!(kind, TransactionKind::Donation | TransactionKind::Transfer | TransactionKind::Disbursement);
                                let settled = entry.followed_by_transaction_id.is_some();
                                let pending = entry.phase == EntryPhase::Pending;
                                let transaction = StoredValue::new(entry.transaction_id.clone());
                                // What the reversal's question names: the amount, what it was, the fund.
                                let question = StoredValue::new(Ask::Reverse {
                                    amount: Money::from_dong(entry.amount.dong().saturating_abs()),
                                    what: [entry.donor.as_ref().map(|d| d.name.clone()), Some(entry.memo.clone())]
                                        .into_iter().flatten().filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" · "),
                                    fund: fund_name.get_value(),
                                });
                                let open = move || reversing.get().as_deref() == Some(transaction.get_value().as_str());
                                // A cash book's receipt, and the day received when it was not the day booked.
                                let booked = day_of(&entry.at);
                                let received = entry.received_on.as_deref().map(day_of_date).filter(|day| *day != booked);
                                let receipt = entry.receipt_number.clone();
                                let book_note = move || {
                                    let receipt = receipt.as_ref().map(|n| format!("{} {n}", i18n.t(Text::ReceiptShort)));
                                    let received = received.as_ref().map(|d| format!("{} {d}", i18n.t(Text::ReceivedOnShort)));
                                    [receipt, received].into_iter().flatten().collect::<Vec<_>>().join(" · ")
                                };
                                view! {
                                    <tr data-entry=entry.id>
                                        <td data-label=move || i18n.t(Text::DateColumn)>{day_of(&entry.at)}</td>
                                        <td data-label=move || i18n.t(Text::KindColumn)>
                                            {move || transaction_kind_name(kind, i18n.locale.get())}
                                            {move || method.map(|m| format!(" · {}", method_name(m, i18n.locale.get())))}
                                            {pending.then(|| view! { <span class="badge">{move || i18n.t(Text::PendingMark)}</span> })}
                                            {(settled && !pending).then(|| view! { <span class="badge">{move || i18n.t(Text::ReversedMark)}</span> })}
                                        </td>
                                        <td data-label=move || i18n.t(Text::DonorColumn)>{entry.donor.map(|d| d.name)}</td>
                                        <td data-label=move || i18n.t(Text::MemoColumn)>{entry.memo}{move || { let note = book_note(); (!note.is_empty()).then(|| view! { <div class="muted small">{note}</div> }) }}</td>
                                        <td class="money" data-label=move || i18n.t(Text::AmountColumn) class:negative=entry.amount.dong() < 0>{entry.amount.to_string()}</td>
                                        <td>
                                            {reversible.then(|| view! {
                                                <Show
                                                    when=open
                                                    fallback=move || view! {
                                                        <button class="secondary small" on:click=move |_| {
                                                            reason.set(String::new());
                                                            // Each transaction's reversal is its own request.
                                                            sending.renew();
                                                            reversing.set(Some(transaction.get_value()));
                                                        }>{move || i18n.t(Text::Reverse)}</button>
                                                    }
                                                >
                                                    <div class="inline-form confirm" role="alertdialog" aria-live="assertive">
                                                        <p>{move || question.with_value(|q| q.question(i18n.locale.get()))}</p>
                                                        <Field id="reverse-reason" label=Signal::derive(move || i18n.t(Text::ReasonLabel)) value=reason />
                                                        <button class="small" disabled=move || busy.get() aria-busy=move || busy.get().to_string()
                                                            on:click=move |_| confirm(transaction.get_value())>
                                                            {move || if busy.get() { i18n.t(Text::Working) } else { i18n.t(Text::ConfirmReverse) }}
                                                        </button>
                                                        <button class="secondary small" disabled=move || busy.get() on:click=move |_| reversing.set(None)>
                                                            {move || i18n.t(Text::GoBack)}
                                                        </button>
                                                    </div>
                                                </Show>
                                            })}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

/// A statement for a chosen period, and the same period's statement with every entry to
/// download (a workbook or CSV, written by the server).
#[component]
fn StatementSection(fund_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let today = today();
    let from = RwSignal::new(today.with_day0(0).unwrap_or(today).to_string());
    let to = RwSignal::new(today.to_string());
    let fund_id = StoredValue::new(fund_id);
    let request = RwSignal::new((from.get_untracked(), to.get_untracked()));
    let statement = LocalResource::new(move || {
        let (from, to) = request.get();
        let variables = fund_statement::Variables {
            id: fund_id.get_value(),
            from,
            to,
        };
        async move { api::run::<FundStatement>(variables).await }
    });
    view! {
        <section class="card">
            <h2>{move || i18n.t(Text::StatementTitle)}</h2>
            <form class="filters" on:submit=move |ev| {
                ev.prevent_default();
                request.set((from.get_untracked(), to.get_untracked()));
            }>
                <Field id="statement-from" kind="date" label=Signal::derive(move || i18n.t(Text::FromLabel)) value=from />
                <Field id="statement-to" kind="date" label=Signal::derive(move || i18n.t(Text::ToLabel)) value=to />
                <button type="submit">{move || i18n.t(Text::ShowStatement)}</button>
            </form>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match statement.await {
                        Ok(data) => {
                            let statement = data.fund.statement;
                            let file = |format: &str| format!(
                                "/api/funds/{}/statement?from={}&to={}&format={format}",
                                fund_id.get_value(), statement.from, statement.to,
                            );
                            let (xlsx, csv) = (file("xlsx"), file("csv"));
                            view! {
                                <table class="ledger statement">
                                    <tbody>
                                        <tr><th>{move || i18n.t(Text::Opening)}</th><td class="money">{statement.opening.to_string()}</td></tr>
                                        {statement.receipts.iter().map(|line| {
                                            let kind = line.kind;
                                            view! { <tr><td>{move || format!("{}: {}", i18n.t(Text::ReceiptsHeading), transaction_kind_name(kind, i18n.locale.get()))}</td><td class="money">{line.amount.to_string()}</td></tr> }
                                        }).collect_view()}
                                        <tr><th>{move || i18n.t(Text::TotalReceipts)}</th><td class="money">{statement.total_receipts.to_string()}</td></tr>
                                        {statement.payments.iter().map(|line| {
                                            let kind = line.kind;
                                            view! { <tr><td>{move || format!("{}: {}", i18n.t(Text::PaymentsHeading), transaction_kind_name(kind, i18n.locale.get()))}</td><td class="money">{line.amount.to_string()}</td></tr> }
                                        }).collect_view()}
                                        <tr><th>{move || i18n.t(Text::TotalPayments)}</th><td class="money">{statement.total_payments.to_string()}</td></tr>
                                        <tr><th>{move || i18n.t(Text::Closing)}</th><td class="money">{statement.closing.to_string()}</td></tr>
                                    </tbody>
                                </table>
                                <p class=if statement.reconciles { "notice" } else { "error" }>
                                    {move || i18n.t(if statement.reconciles { Text::Reconciles } else { Text::DoesNotReconcile })}
                                </p>
                                <p class="actions">
                                    <a class="button" href=xlsx download>{move || i18n.t(Text::ExportXlsx)}</a>
                                    <a class="button secondary" href=csv download>{move || i18n.t(Text::ExportCsv)}</a>
                                </p>
                            }
                            .into_any()
                        }
                        Err(failure) => view! {
                            <ErrorPanel error=failure on_retry=move |()| statement.refetch() />
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
