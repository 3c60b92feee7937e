//! Every open fund with its balance: the door to each one's public page (and, for those who
//! keep its money, its dashboard).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::{
        self,
        documents::{Funds, funds},
    },
    common::status::{ErrorPanel, Loading},
    i18n::{Text, use_i18n},
};

#[component]
pub fn FundsPage() -> impl IntoView {
    let i18n = use_i18n();
    let funds = LocalResource::new(|| {
        api::run::<Funds>(funds::Variables {
            first: Some(100),
            after: None,
        })
    });
    view! {
        <h1>{move || i18n.t(Text::FundsTitle)}</h1>
        <p>{move || i18n.t(Text::FundsIntro)}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match funds.await {
                    Ok(data) if data.funds.edges.is_empty() => {
                        view! { <p>{move || i18n.t(Text::NoFunds)}</p> }.into_any()
                    }
                    Ok(data) => view! {
                        <table class="ledger stack">
                            <thead>
                                <tr>
                                    <th>{move || i18n.t(Text::FundsTitle)}</th>
                                    <th class="money">{move || i18n.t(Text::PostedBalance)}</th>
                                    <th class="money">{move || i18n.t(Text::AvailableBalance)}</th>
                                    <th></th>
                                </tr>
                            </thead>
                            <tbody>
                                {data.funds.edges.into_iter().map(|edge| {
                                    let fund = edge.node;
                                    let public = format!("/funds/{}", fund.id);
                                    let manage = format!("/funds/{}/manage", fund.id);
                                    view! {
                                        <tr>
                                            <td>
                                                <A href=public>{fund.name}</A>
                                                <br />
                                                <small class="muted">{fund.organization.map(|o| o.name)}</small>
                                            </td>
                                            <td class="money" data-label=move || i18n.t(Text::PostedBalance)>{fund.posted_balance.to_string()}</td>
                                            <td class="money" data-label=move || i18n.t(Text::AvailableBalance)>{fund.available_balance.to_string()}</td>
                                            <td>
                                                {fund.can_move_money.then(|| view! {
                                                    <A href=manage>{move || i18n.t(Text::ManageFund)}</A>
                                                })}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any(),
                    Err(failure) => view! {
                        <ErrorPanel error=failure on_retry=move |()| funds.refetch() />
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}
