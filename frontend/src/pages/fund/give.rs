//! Giving by bank transfer, on a fund's public page: the fund's accounts with their VietQR
//! codes, and a pledge ("I will give X") that answers with a code for that amount and a
//! reference in the note. No sign-in; a pledge moves no money.

use leptos::prelude::*;
use shared::ErrorCode;

use super::{moment_of, typed_amount};
use crate::{
    api::documents::{Pledge, campaign, pledge, public_fund},
    common::{
        form::{Field, FormError},
        mutation::Sending,
    },
    i18n::{Text, use_i18n},
};

/// An SVG drawn by the server, as an image (no markup of ours is injected into the page).
fn svg_image(svg: &str) -> String {
    format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(svg))
    )
}

/// A value with a button that copies it, for the details a payer types into their bank app.
#[component]
fn Copyable(label: Text, value: String) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let text = StoredValue::new(value.clone());
    let copy = move |_| {
        if let Some(window) = web_sys::window() {
            // The promise is left to settle: the value is on the screen either way.
            let _ = window.navigator().clipboard().write_text(&text.get_value());
            copied.set(true);
        }
    };
    view! {
        <div class="copyable">
            <span class="label">{move || i18n.t(label)}</span>
            <strong class="value">{value}</strong>
            <button type="button" class="secondary small" on:click=copy
                aria-label=move || format!("{} {}", i18n.t(Text::CopyValue), i18n.t(label))>
                {move || if copied.get() { i18n.t(Text::CopiedValue) } else { i18n.t(Text::CopyValue) }}
            </button>
        </div>
    }
}

/// An account as the giving section shows it, whichever page's question read it.
#[derive(Debug, Clone)]
pub struct GiveTo {
    pub id: String,
    pub bank_short_name: String,
    pub bank_name: String,
    pub account_number: String,
    pub holder: String,
    pub qr_svg: String,
}

macro_rules! give_to_from {
    ($($account:ty),+) => {$(
        impl From<$account> for GiveTo {
            fn from(account: $account) -> Self {
                Self {
                    id: account.id,
                    bank_short_name: account.bank.short_name,
                    bank_name: account.bank.name,
                    account_number: account.account_number,
                    holder: account.holder,
                    qr_svg: account.qr.svg,
                }
            }
        }
    )+};
}

give_to_from!(
    public_fund::PublicFundFundBankAccounts,
    campaign::CampaignCampaignFundBankAccounts
);

/// The fund's accounts, each with its standing code, and the pledge form (for `campaign`, when
/// given: its pledges count toward it; none when it is not running).
#[component]
pub fn GiveByTransfer(
    fund_id: String,
    accounts: Vec<GiveTo>,
    #[prop(optional)] campaign: Option<String>,
    #[prop(default = true)] pledges: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    if accounts.is_empty() {
        return view! {
            <section class="card give">
                <h2>{move || i18n.t(Text::TransferToFund)}</h2>
                <p class="muted">{move || i18n.t(Text::NoBankAccountYet)}</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="card give" aria-labelledby="give-title">
            <h2 id="give-title">{move || i18n.t(Text::TransferToFund)}</h2>
            <p>{move || i18n.t(Text::ScanToGive)}</p>
            <div class="accounts">
                {accounts.into_iter().map(|account| {
                    let alt = format!("VietQR {} {}", account.bank_short_name, account.account_number);
                    view! {
                        <div class="account" data-account=account.id.clone()>
                            <img class="qr" src=svg_image(&account.qr_svg) alt=alt width="220" height="220" />
                            <Copyable label=Text::BankLabel value=account.bank_short_name.clone() />
                            <Copyable label=Text::AccountNumberLabel value=account.account_number.clone() />
                            <Copyable label=Text::AccountHolderLabel value=account.holder.clone() />
                            <p class="muted small">{account.bank_name.clone()}</p>
                        </div>
                    }
                }).collect_view()}
            </div>
            {pledges.then(|| view! { <PledgeForm fund_id campaign /> })}
        </section>
    }
    .into_any()
}

/// "I will give X": name (or not) and contact (or not); the answer is a code for this amount
/// with the pledge's reference in its note.
#[component]
fn PledgeForm(fund_id: String, campaign: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let amount = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let anonymous = RwSignal::new(false);
    let made = RwSignal::new(None::<pledge::PledgePledge>);
    let sending = Sending::with(&[(ErrorCode::TooManyAttempts, Text::TooManyPledges)]);
    let fund_id = StoredValue::new(fund_id);
    let campaign = StoredValue::new(campaign);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.locale.get_untracked();
        let parsed = match typed_amount(&amount.get_untracked()) {
            Ok(parsed) => parsed,
            Err(text) => return sending.error.set(Some(text.get(locale).to_owned())),
        };
        let optional = |text: String| Some(text).filter(|t| !t.trim().is_empty());
        let variables = pledge::Variables {
            input: pledge::PledgeInput {
                fund_id: fund_id.get_value(),
                amount: parsed,
                donor_name: optional(name.get_untracked()),
                anonymous: anonymous.get_untracked(),
                contact: optional(contact.get_untracked()),
                campaign_id: campaign.get_value(),
            },
        };
        sending.send::<Pledge>(variables, move |data| made.set(Some(data.pledge)));
    };
    view! {
        <div class="pledge">
            <h3>{move || i18n.t(Text::PledgeTitle)}</h3>
            {move || match made.get() {
                Some(pledge) => view! { <PledgeMade pledge /> }.into_any(),
                None => view! {
                    <p class="muted">{move || i18n.t(Text::PledgeIntro)}</p>
                    <form on:submit=submit>
                        <div class="field">
                            <label for="pledge-amount">{move || i18n.t(Text::AmountLabel)}</label>
                            <input id="pledge-amount" inputmode="numeric" autocomplete="off" bind:value=amount />
                        </div>
                        <Field id="pledge-name" label=Signal::derive(move || i18n.t(Text::PledgeNameLabel)) value=name autocomplete="name" />
                        <label class="check">
                            <input type="checkbox" bind:checked=anonymous />
                            {move || i18n.t(Text::PledgeAnonymous)}
                        </label>
                        <Field id="pledge-contact" label=Signal::derive(move || i18n.t(Text::PledgeContactLabel)) value=contact />
                        <FormError message=sending.error.into() />
                        <button type="submit" disabled=move || sending.busy.get()>
                            {move || if sending.busy.get() { i18n.t(Text::Working) } else { i18n.t(Text::MakePledge) }}
                        </button>
                    </form>
                }
                .into_any(),
            }}
        </div>
    }
}

/// A pledge just made: its code and the details to transfer with.
#[component]
fn PledgeMade(pledge: pledge::PledgePledge) -> impl IntoView {
    let i18n = use_i18n();
    let alt = format!(
        "VietQR {} {}",
        pledge.bank_account.bank.short_name, pledge.note
    );
    view! {
        <div class="pledge-made" role="status" data-reference=pledge.reference.clone()>
            <p class="notice">{move || i18n.t(Text::PledgeMade)}</p>
            <img class="qr" src=svg_image(&pledge.qr.svg) alt=alt width="220" height="220" />
            <Copyable label=Text::TransferNoteLabel value=pledge.note.clone() />
            <Copyable label=Text::AmountToTransfer value=pledge.amount.dong().to_string() />
            <Copyable label=Text::BankLabel value=pledge.bank_account.bank.short_name.clone() />
            <Copyable label=Text::AccountNumberLabel value=pledge.bank_account.account_number.clone() />
            <Copyable label=Text::AccountHolderLabel value=pledge.bank_account.holder.clone() />
            <p class="muted small">
                {move || i18n.t(Text::PledgeExpires)} " " {moment_of(&pledge.expires_at)}
            </p>
        </div>
    }
}
