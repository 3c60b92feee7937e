//! The fund's bank accounts on the treasurer's dashboard: the accounts donors transfer to
//! (added and retired, each asked about first: they show on the public page), and how long a
//! pledge waits for its transfer.

use leptos::prelude::*;
use shared::{ErrorCode, bank::banks};

use crate::{
    api::{
        self,
        documents::{
            AddFundBankAccount, FundAccounts, RetireFundBankAccount, SetFundPledgeDays,
            add_fund_bank_account, fund_accounts, retire_fund_bank_account, set_fund_pledge_days,
        },
    },
    common::{
        confirm::{Ask, AskFirst, Asking},
        form::{Field, FormError},
        mutation::Sending,
        status::{ErrorPanel, Loading},
    },
    i18n::{Text, use_i18n},
};

#[component]
pub fn BankAccountsSection(fund_id: String, fund_name: String) -> impl IntoView {
    let i18n = use_i18n();
    let fund_id = StoredValue::new(fund_id);
    let fund_name = StoredValue::new(fund_name);
    let accounts = LocalResource::new(move || {
        let id = fund_id.get_value();
        async move { api::run::<FundAccounts>(fund_accounts::Variables { id }).await }
    });
    let reload = Callback::new(move |()| accounts.refetch());
    let mut retiring = Asking::<RetireFundBankAccount>::new();
    retiring.sending = Sending::with(&[(ErrorCode::Conflict, Text::AlreadyDone)]);
    view! {
        <section class="card" aria-labelledby="accounts-title">
            <h2 id="accounts-title">{move || i18n.t(Text::BankAccountsTitle)}</h2>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match accounts.await {
                        Ok(fund_accounts::ResponseData { fund }) => view! {
                            {if fund.bank_accounts.is_empty() {
                                view! { <p class="muted">{move || i18n.t(Text::NoAccountsRecorded)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="plain accounts-list">
                                        {fund.bank_accounts.into_iter().map(|account| {
                                            let ask = Ask::RetireAccount {
                                                bank: account.bank.short_name.clone(),
                                                number: account.account_number.clone(),
                                                fund: fund_name.get_value(),
                                            };
                                            let variables = retire_fund_bank_account::Variables { id: account.id.clone() };
                                            view! {
                                                <li data-account=account.id.clone()>
                                                    <span>{format!("{} {} · {}", account.bank.short_name, account.account_number, account.holder)}</span>
                                                    <button type="button" class="secondary small"
                                                        disabled=move || retiring.asked.get().is_some()
                                                        on:click=move |_| retiring.ask(ask.clone(), variables.clone())>
                                                        {move || i18n.t(Text::RetireBankAccount)}
                                                    </button>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            <FormError message=retiring.sending.error.into() />
                            <AskFirst asking=retiring on_done=reload />
                            <AddAccountForm fund_id=fund_id.get_value() fund_name=fund_name.get_value() on_done=reload />
                            <PledgeDaysForm fund_id=fund_id.get_value() days=fund.pledge_days />
                        }
                        .into_any(),
                        Err(failure) => view! {
                            <ErrorPanel error=failure on_retry=move |()| accounts.refetch() />
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn AddAccountForm(fund_id: String, fund_name: String, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let bin = RwSignal::new(String::new());
    let number = RwSignal::new(String::new());
    let holder = RwSignal::new(String::new());
    let mut asking = Asking::<AddFundBankAccount>::new();
    asking.sending = Sending::with(&[(ErrorCode::Conflict, Text::AccountTaken)]);
    let error = asking.sending.error;
    let fund_id = StoredValue::new(fund_id);
    let fund_name = StoredValue::new(fund_name);
    let added = move |()| {
        for field in [bin, number, holder] {
            field.set(String::new());
        }
        on_done.run(());
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.locale.get_untracked();
        // The same rules the server applies, so a slip is said before the question.
        let checked = shared::bank::BankAccountForCreate::parse(
            &bin.get_untracked(),
            &number.get_untracked(),
            &holder.get_untracked(),
        );
        let account = match checked {
            Ok(account) => account,
            Err(refused) => {
                let text = match refused.field.as_str() {
                    "bankBin" => Text::UnknownBank,
                    "accountNumber" => Text::InvalidAccountNumber,
                    _ => Text::NeedsHolder,
                };
                return error.set(Some(text.get(locale).to_owned()));
            }
        };
        let ask = Ask::AddAccount {
            bank: account.bank.short_name.to_owned(),
            number: account.number.as_str().to_owned(),
            holder: account.holder.clone(),
            fund: fund_name.get_value(),
        };
        let variables = add_fund_bank_account::Variables {
            fund_id: fund_id.get_value(),
            input: add_fund_bank_account::BankAccountInput {
                bank_bin: account.bank.bin.to_owned(),
                account_number: account.number.as_str().to_owned(),
                holder: holder.get_untracked(),
            },
        };
        asking.ask(ask, variables);
    };
    view! {
        <form class="add-account" on:submit=submit>
            <h3>{move || i18n.t(Text::AddBankAccount)}</h3>
            <div class="field">
                <label for="account-bank">{move || i18n.t(Text::BankLabel)}</label>
                <select id="account-bank" on:change=move |ev| bin.set(event_target_value(&ev)) prop:value=move || bin.get()>
                    <option value="">{move || i18n.t(Text::ChooseBank)}</option>
                    {banks().iter().map(|bank| view! {
                        <option value=bank.bin>{format!("{} – {}", bank.short_name, bank.name)}</option>
                    }).collect_view()}
                </select>
            </div>
            <Field id="account-number" label=Signal::derive(move || i18n.t(Text::AccountNumberLabel)) value=number />
            <Field id="account-holder" label=Signal::derive(move || i18n.t(Text::AccountHolderLabel)) value=holder />
            <FormError message=error.into() />
            <button type="submit" disabled=move || asking.sending.busy.get() || asking.asked.get().is_some()>
                {move || i18n.t(Text::AddBankAccount)}
            </button>
            <AskFirst asking on_done=added />
        </form>
    }
}

#[component]
fn PledgeDaysForm(fund_id: String, days: i64) -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(days.to_string());
    let saved = RwSignal::new(false);
    let sending = Sending::default();
    let fund_id = StoredValue::new(fund_id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let locale = i18n.locale.get_untracked();
        let Some(days) = typed
            .get_untracked()
            .trim()
            .parse::<i32>()
            .ok()
            .and_then(|days| shared::pledge::pledge_days("days", days).ok())
        else {
            return sending
                .error
                .set(Some(Text::InvalidPledgeDays.get(locale).to_owned()));
        };
        let variables = set_fund_pledge_days::Variables {
            fund_id: fund_id.get_value(),
            days: i64::from(days),
        };
        sending.send::<SetFundPledgeDays>(variables, move |_| saved.set(true));
    };
    view! {
        <form class="pledge-days" on:submit=submit>
            <div class="field">
                <label for="pledge-days">{move || i18n.t(Text::PledgeDaysLabel)}</label>
                <input id="pledge-days" inputmode="numeric" autocomplete="off" bind:value=typed />
            </div>
            <FormError message=sending.error.into() />
            <Show when=move || saved.get()>
                <p class="notice" role="status">{move || i18n.t(Text::SavedNotice)}</p>
            </Show>
            <button type="submit" class="secondary" disabled=move || sending.busy.get()>
                {move || i18n.t(Text::SavePledgeDays)}
            </button>
        </form>
    }
}
