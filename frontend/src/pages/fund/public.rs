//! A fund's public disclosure page: no sign-in. Balance, this year's receipts and payments,
//! and the latest movements with donors named unless they asked to stay anonymous.

use chrono::Datelike;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::Money;

use super::{day_of, today};
use crate::{
    api::{
        self,
        documents::{PublicFund, public_fund},
    },
    common::status::{ErrorPanel, Loading},
    i18n::{Text, transaction_kind_name, use_i18n},
};

#[component]
pub fn PublicFundPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let fund = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        let today = today();
        let year_start = today
            .with_day(1)
            .and_then(|d| d.with_month(1))
            .unwrap_or(today);
        async move {
            let variables = public_fund::Variables {
                id,
                from: year_start.to_string(),
                to: today.to_string(),
            };
            api::run::<PublicFund>(variables).await
        }
    });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match fund.await {
                    Ok(public_fund::ResponseData { fund }) => view! {
                        <p class="eyebrow">{move || i18n.t(Text::PublicDisclosure)}</p>
                        <h1>{fund.name}</h1>
                        <p class="muted">{fund.organization.map(|o| o.name)}</p>
                        {fund.purpose.map(|purpose| view! { <p>{purpose}</p> })}
                        <div class="stats">
                            <Stat label=Text::PostedBalance value=fund.posted_balance />
                            <Stat label=Text::ReservedBalance value=fund.reserved_balance />
                            <Stat label=Text::AvailableBalance value=fund.available_balance />
                            <Stat label=Text::ReceiptsThisYear value=fund.statement.total_receipts />
                            <Stat label=Text::PaymentsThisYear value=fund.statement.total_payments />
                        </div>
                        <super::campaign::CampaignList campaigns=fund.campaigns />
                        <super::give::GiveByTransfer
                            fund_id=fund.id.clone()
                            accounts=fund.bank_accounts.into_iter().map(Into::into).collect()
                        />
                        <section class="card">
                            {if fund.public_ledger.edges.is_empty() {
                                view! { <p>{move || i18n.t(Text::NoEntries)}</p> }.into_any()
                            } else {
                                view! {
                                    <table class="ledger stack">
                                        <thead>
                                            <tr>
                                                <th>{move || i18n.t(Text::DateColumn)}</th>
                                                <th>{move || i18n.t(Text::KindColumn)}</th>
                                                <th>{move || i18n.t(Text::DonorColumn)}</th>
                                                <th class="money">{move || i18n.t(Text::AmountColumn)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {fund.public_ledger.edges.into_iter().map(|edge| {
                                                let entry = edge.node;
                                                let donor = match (entry.donor_name, entry.anonymous) {
                                                    (Some(name), _) => Some(name),
                                                    (None, true) => Some(i18n.t(Text::AnonymousDonor).to_owned()),
                                                    (None, false) => None,
                                                };
                                                let kind = entry.kind;
                                                view! {
                                                    <tr data-entry=entry.id>
                                                        <td data-label=move || i18n.t(Text::DateColumn)>{day_of(&entry.at)}</td>
                                                        <td data-label=move || i18n.t(Text::KindColumn)>{move || transaction_kind_name(kind, i18n.locale.get())}</td>
                                                        <td data-label=move || i18n.t(Text::DonorColumn)>{donor}</td>
                                                        <td class="money" data-label=move || i18n.t(Text::AmountColumn) class:negative=entry.amount.dong() < 0>{entry.amount.to_string()}</td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                        </section>
                    }
                    .into_any(),
                    Err(failure) => view! {
                        <ErrorPanel error=failure on_retry=move |()| fund.refetch() />
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// One figure with its label.
#[component]
pub fn Stat(label: Text, value: Money) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="stat">
            <div class="value">{value.to_string()}</div>
            <div class="label">{move || i18n.t(label)}</div>
        </div>
    }
}
