//! Every open fund with its balance: the door to each one's public page (and, for those who
//! keep its money, its dashboard).

use leptos::prelude::*;
use leptos_router::components::A;
use shared::Role;

use crate::{
    api::{
        self,
        documents::{Funds, funds},
    },
    common::{
        paged::{PageFooter, Paged},
        picker::SearchBox,
    },
    i18n::{Text, use_i18n},
    session::use_session,
};

type FundRow = funds::FundsFundsEdgesNode;

#[component]
pub fn FundsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let search = RwSignal::new(String::new());
    let funds = Paged::new(move |after: Option<String>| async move {
        let search = Some(search.get_untracked()).filter(|s| !s.trim().is_empty());
        api::run::<Funds>(funds::Variables { search, after })
            .await
            .map(|data| api::page!(data.funds))
    });
    funds.follow(search);
    let administers = move || {
        session
            .me
            .with(|me| me.as_ref().is_some_and(|me| me.holds(Role::Admin)))
    };
    let row = move |fund: FundRow| {
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
    };
    view! {
        <h1>{move || i18n.t(Text::FundsTitle)}</h1>
        <p>{move || i18n.t(Text::FundsIntro)}</p>
        <Show when=administers>
            <p><A href="/funds/new">{move || i18n.t(Text::NewFundTitle)}</A></p>
        </Show>
        <SearchBox id="funds-search" label=Signal::derive(move || i18n.t(Text::SearchFunds)) search />
        <Show when=move || funds.is_empty()>
            <p>{move || i18n.t(Text::NoFunds)}</p>
        </Show>
        <Show when=move || funds.rows.with(|rows| !rows.is_empty())>
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
                    {move || funds.rows.get().into_iter().map(row).collect_view()}
                </tbody>
            </table>
        </Show>
        <PageFooter paged=funds />
    }
}
