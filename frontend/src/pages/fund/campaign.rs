//! Campaigns: their progress on the fund's public page, each campaign's own public page (with
//! the fund's codes and a pledge form that counts toward it), and opening one from the
//! treasurer's dashboard.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};
use shared::{ErrorCode, Money};

use super::{day_of, day_of_date, give::GiveByTransfer, typed_amount};
use crate::{
    api::{
        self,
        documents::{
            Campaign, CampaignsWithin, CreateCampaign, campaign, campaigns_within, create_campaign,
            public_fund,
        },
    },
    common::{
        form::{Field, FormError},
        mutation::Sending,
        status::{ErrorPanel, Loading},
    },
    i18n::{Text, use_i18n},
};

/// How far a campaign has come: received against the goal, as a bar with its figures.
#[component]
fn Progress(
    received: Money,
    goal: Money,
    pledged: Money,
    donors: i64,
    days_left: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="campaign-progress">
            <progress max=goal.dong() value=received.dong().min(goal.dong())
                aria-label=move || format!("{} {} / {} {}", i18n.t(Text::CampaignReceived), received, i18n.t(Text::CampaignGoal), goal)>
            </progress>
            <dl class="figures">
                <div><dt>{move || i18n.t(Text::CampaignReceived)}</dt><dd>{received.to_string()}</dd></div>
                <div><dt>{move || i18n.t(Text::CampaignGoal)}</dt><dd>{goal.to_string()}</dd></div>
                <div><dt>{move || i18n.t(Text::CampaignPledged)}</dt><dd>{pledged.to_string()}</dd></div>
                <div><dt>{move || i18n.t(Text::CampaignDonors)}</dt><dd>{donors}</dd></div>
                <div><dt>{move || i18n.t(Text::CampaignDaysLeft)}</dt><dd>{days_left}</dd></div>
            </dl>
        </div>
    }
}

/// The fund's campaigns on its public page, each leading to its own page.
#[component]
pub fn CampaignList(campaigns: Vec<public_fund::PublicFundFundCampaigns>) -> impl IntoView {
    let i18n = use_i18n();
    (!campaigns.is_empty()).then(|| {
        view! {
            <section class="card" aria-labelledby="campaigns-title">
                <h2 id="campaigns-title">{move || i18n.t(Text::CampaignsTitle)}</h2>
                <ul class="plain campaigns">
                    {campaigns.into_iter().map(|c| view! {
                        <li>
                            <A href=format!("/campaigns/{}", c.id)>{c.name.clone()}</A>
                            <Progress received=c.progress.received goal=c.goal pledged=c.progress.pledged
                                donors=c.progress.donors days_left=c.days_left />
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

/// The drives running beneath an organisation (a commune's chapters and clans, or the whole
/// city), summed, each leading to its page: no sign-in.
#[component]
pub fn CampaignsWithinPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let found = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move { api::run::<CampaignsWithin>(campaigns_within::Variables { id }).await }
    });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(campaigns_within::ResponseData { organization, campaigns_within: within }) => view! {
                        <p class="eyebrow">{move || i18n.t(Text::CampaignsRunningBeneath)}</p>
                        <h1>{organization.name.clone()}</h1>
                        <section class="card" aria-labelledby="sum-title">
                            <h2 id="sum-title">{move || format!("{} · {}", i18n.t(Text::CampaignsTitle), within.running)}</h2>
                            <Progress received=within.progress.received goal=within.goal pledged=within.progress.pledged
                                donors=within.progress.donors days_left=within.campaigns.iter().map(|c| c.days_left).max().unwrap_or(0) />
                        </section>
                        {if within.campaigns.is_empty() {
                            view! { <p class="muted">{move || i18n.t(Text::NoCampaignsRunning)}</p> }.into_any()
                        } else {
                            view! {
                                <section class="card">
                                    <ul class="plain campaigns">
                                        {within.campaigns.into_iter().map(|c| view! {
                                            <li>
                                                <A href=format!("/campaigns/{}", c.id)>{c.name.clone()}</A>
                                                <span class="muted small">{format!(" · {}", c.fund.name)}</span>
                                                <Progress received=c.progress.received goal=c.goal pledged=c.progress.pledged
                                                    donors=c.progress.donors days_left=c.days_left />
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            }.into_any()
                        }}
                    }
                    .into_any(),
                    Err(failure) => view! {
                        <ErrorPanel error=failure on_retry=move |()| found.refetch() />
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// A campaign's public page: no sign-in.
#[component]
pub fn CampaignPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let found = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move { api::run::<Campaign>(campaign::Variables { id }).await }
    });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(campaign::ResponseData { campaign: c }) => view! {
                        <p class="eyebrow">{move || i18n.t(Text::CampaignsTitle)}</p>
                        <h1>{c.name.clone()}</h1>
                        <p class="muted">
                            {format!("{} – {} · ", day_of_date(&c.starts_on), day_of_date(&c.ends_on))}
                            <A href=format!("/funds/{}", c.fund.id)>{c.fund.name.clone()}</A>
                        </p>
                        {c.description.clone().map(|text| view! { <p class="prose">{text}</p> })}
                        <section class="card">
                            <Progress received=c.progress.received goal=c.goal pledged=c.progress.pledged
                                donors=c.progress.donors days_left=c.days_left />
                            {(!c.running).then(|| view! { <p class="notice">{move || i18n.t(Text::CampaignEnded)}</p> })}
                        </section>
                        <GiveByTransfer
                            fund_id=c.fund.id.clone()
                            accounts=c.fund.bank_accounts.into_iter().map(Into::into).collect()
                            campaign=c.id.clone()
                            pledges=c.running
                        />
                        <section class="card" aria-labelledby="donors-title">
                            <h2 id="donors-title">{move || i18n.t(Text::LatestDonors)}</h2>
                            {if c.latest_donors.is_empty() {
                                view! { <p class="muted">{move || i18n.t(Text::NoNamedDonorsYet)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="plain donors">
                                        {c.latest_donors.into_iter().map(|gift| view! {
                                            <li><strong>{gift.name}</strong> <span class="money">{gift.amount.to_string()}</span>
                                                <span class="muted small">{day_of(&gift.at)}</span></li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </section>
                    }
                    .into_any(),
                    Err(failure) => view! {
                        <ErrorPanel error=failure on_retry=move |()| found.refetch() />
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// Opening a campaign from the treasurer's dashboard. It moves no money, so it is not asked
/// about; a campaign with a mistake is one the treasurer can see at once on its page.
#[component]
pub fn CampaignForm(fund_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let goal = RwSignal::new(String::new());
    let starts = RwSignal::new(String::new());
    let ends = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let opened = RwSignal::new(None::<String>);
    let sending = Sending::with(&[(ErrorCode::Conflict, Text::CampaignNameTaken)]);
    let fund_id = StoredValue::new(fund_id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        opened.set(None);
        let locale = i18n.locale.get_untracked();
        let amount = match typed_amount(&goal.get_untracked()) {
            Ok(amount) => amount,
            Err(text) => return sending.error.set(Some(text.get(locale).to_owned())),
        };
        let (from, to) = (starts.get_untracked(), ends.get_untracked());
        if from.is_empty() || to.is_empty() || to < from {
            return sending
                .error
                .set(Some(Text::InvalidCampaignDates.get(locale).to_owned()));
        }
        let variables = create_campaign::Variables {
            input: create_campaign::CreateCampaignInput {
                fund_id: fund_id.get_value(),
                name: name.get_untracked(),
                description: Some(description.get_untracked()).filter(|d| !d.trim().is_empty()),
                goal: amount,
                starts_on: from,
                ends_on: to,
            },
        };
        sending.send::<CreateCampaign>(variables, move |data| {
            for field in [name, goal, starts, ends, description] {
                field.set(String::new());
            }
            opened.set(Some(data.create_campaign.id));
        });
    };
    view! {
        <section class="card" aria-labelledby="new-campaign-title">
            <h2 id="new-campaign-title">{move || i18n.t(Text::NewCampaign)}</h2>
            <form on:submit=submit>
                <Field id="campaign-name" label=Signal::derive(move || i18n.t(Text::CampaignNameLabel)) value=name />
                <div class="field">
                    <label for="campaign-goal">{move || i18n.t(Text::CampaignGoalLabel)}</label>
                    <input id="campaign-goal" inputmode="numeric" autocomplete="off" bind:value=goal />
                </div>
                <Field id="campaign-starts" kind="date" label=Signal::derive(move || i18n.t(Text::CampaignStartsLabel)) value=starts />
                <Field id="campaign-ends" kind="date" label=Signal::derive(move || i18n.t(Text::CampaignEndsLabel)) value=ends />
                <div class="field">
                    <label for="campaign-description">{move || i18n.t(Text::CampaignDescriptionLabel)}</label>
                    <textarea id="campaign-description" rows="3" bind:value=description></textarea>
                </div>
                <FormError message=sending.error.into() />
                {move || opened.get().map(|id| view! {
                    <p class="notice" role="status">
                        {move || i18n.t(Text::CampaignOpened)} " "
                        <A href=format!("/campaigns/{id}")>{move || i18n.t(Text::PublicPage)}</A>
                    </p>
                })}
                <button type="submit" disabled=move || sending.busy.get()>{move || i18n.t(Text::NewCampaign)}</button>
            </form>
        </section>
    }
}
