//! Form pieces: a labelled field, a list of checkboxes, and the way a refused request is
//! explained.

use leptos::prelude::*;
use shared::ErrorCode;

use crate::{
    api::ApiError,
    i18n::{Locale, Text, error_message, refusal_text, use_i18n},
};

/// A text input with a real `<label>`, so people (and tests) find it by its label.
#[component]
pub fn Field(
    id: &'static str,
    label: Signal<&'static str>,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<Signal<&'static str>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type=kind autocomplete=autocomplete bind:value=value />
            {hint.map(|hint| view! { <small class="hint">{hint}</small> })}
        </div>
    }
}

/// What to say about a refused request: by field for validation errors, by code otherwise.
/// `overrides` lets a page say something more precise for a code (a wrong password on the
/// sign-in page is not "please sign in").
pub fn explain(error: &ApiError, locale: Locale, overrides: &[(ErrorCode, Text)]) -> String {
    // The limit or duty the server named (a full tier, a budget, who may not pay what), in
    // the reader's words.
    if let Some(refusal) = &error.refusal {
        return refusal_text(refusal, locale);
    }
    if let Some(code) = error.code {
        if let Some((_, text)) = overrides.iter().find(|(c, _)| *c == code) {
            return text.get(locale).to_owned();
        }
        if code == ErrorCode::Validation {
            let text = match error.field.as_deref() {
                Some("login") => Some(Text::InvalidLogin),
                Some("password" | "newPassword") => Some(Text::InvalidPassword),
                Some("displayName") => Some(Text::InvalidDisplayName),
                Some("currentPassword") => Some(Text::WrongCurrentPassword),
                Some("name") => Some(Text::InvalidName),
                Some("amount") => Some(Text::InvalidAmount),
                Some("bankReference") => Some(Text::NeedsBankReference),
                Some("memo") => Some(Text::NeedsDescription),
                Some("reason") => Some(Text::NeedsReason),
                Some("donor.name") => Some(Text::NeedsDonorName),
                Some("bankBin") => Some(Text::UnknownBank),
                Some("accountNumber") => Some(Text::InvalidAccountNumber),
                Some("holder") => Some(Text::NeedsHolder),
                Some("days") => Some(Text::InvalidPledgeDays),
                Some("goal") => Some(Text::InvalidAmount),
                Some("endsOn" | "startsOn") => Some(Text::InvalidCampaignDates),
                Some("count") => Some(Text::InvalidPopulationCount),
                Some("targetPercent") => Some(Text::InvalidTargetPercent),
                Some("number") => Some(Text::NeedsDecisionNumber),
                Some("signer") => Some(Text::NeedsSigner),
                Some("signedOn") => Some(Text::InvalidDecisionDay),
                Some("numerator") => Some(Text::InvalidIndicatorNumerator),
                Some("denominator") => Some(Text::InvalidIndicatorDenominator),
                Some("source") => Some(Text::NeedsIndicatorSource),
                Some("eligibility.recognisedAs") => Some(Text::NeedsRecognisedFamily),
                Some(field) if field.starts_with("scores.") => Some(Text::InvalidScore),
                _ => None,
            };
            if let Some(text) = text {
                return text.get(locale).to_owned();
            }
        }
    }
    error_message(error.code, locale).to_owned()
}

/// A refusal or failure under a form, announced to screen readers.
#[component]
pub fn FormError(message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message
            .get()
            .map(|message| view! { <p class="error" role="alert">{message}</p> })
    }
}

/// A checkbox for each of `all`, named by `name` in the reader's language; `chosen` holds the
/// values ticked, in the order they were ticked.
#[component]
pub fn CheckList<T>(
    all: &'static [T],
    chosen: RwSignal<Vec<T>>,
    name: fn(T, Locale) -> &'static str,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let i18n = use_i18n();
    all.iter()
        .copied()
        .map(|value| {
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || chosen.with(|list| list.contains(&value))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen.update(|list| {
                                list.retain(|x| *x != value);
                                if on {
                                    list.push(value);
                                }
                            });
                        }
                    />
                    {move || name(value, i18n.locale.get())}
                </label>
            }
        })
        .collect_view()
}
