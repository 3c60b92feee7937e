//! `/funds/new`, for administrators: opening a fund for one of their organisations. It starts
//! empty; its treasurers then record what comes in.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::ErrorCode;

use crate::{
    api::documents::{CreateFund, create_fund},
    common::{
        form::{Field, FormError},
        mutation::Sending,
        picker::{OrganizationSelect, use_administered},
    },
    i18n::{Text, use_i18n},
};

#[component]
pub fn FundCreatePage() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let organization = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let purpose = RwSignal::new(String::new());
    // Two open funds of one organisation may not share a name.
    let sending = Sending::with(&[(ErrorCode::Conflict, Text::FundNameTaken)]);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        let variables = create_fund::Variables {
            input: create_fund::CreateFundInput {
                organization_id: organization.get_untracked(),
                name: name.get_untracked(),
                purpose: Some(purpose.get_untracked()).filter(|p| !p.trim().is_empty()),
            },
        };
        sending.send::<CreateFund>(variables, move |created| {
            navigate(
                &format!("/funds/{}/manage", created.create_fund.id),
                Default::default(),
            );
        });
    };
    view! {
        <section class="card narrow">
            <h1>{move || i18n.t(Text::NewFundTitle)}</h1>
            <p class="muted">{move || i18n.t(Text::NewFundIntro)}</p>
            <form on:submit=submit>
                <OrganizationSelect
                    id="fund-organization"
                    label=Signal::derive(move || i18n.t(Text::OrganizationLabel))
                    value=organization
                    scope=use_administered()
                />
                <Field id="fund-name" label=Signal::derive(move || i18n.t(Text::FundNameLabel)) value=name />
                <Field id="fund-purpose" label=Signal::derive(move || i18n.t(Text::FundPurposeLabel)) value=purpose />
                <FormError message=sending.error.into() />
                <button type="submit" disabled=move || sending.busy.get()>
                    {move || if sending.busy.get() { i18n.t(Text::Working) } else { i18n.t(Text::CreateFund) }}
                </button>
            </form>
        </section>
    }
}
