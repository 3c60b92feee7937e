//! Sending a change: one helper owns whether it is on its way, how it was refused (worded by
//! its code in the reader's language) and its idempotency key. The key is kept while the
//! outcome is unknown, so a retry is applied at most once, and renewed once the server has
//! answered. (A change that moves money is asked about first: `confirm::Asking` holds the
//! question and sends through this.)

use graphql_client::GraphQLQuery;
use leptos::{prelude::*, task::spawn_local};
use shared::ErrorCode;

use crate::{
    api::{self, ApiError},
    common::form::explain,
    i18n::{Locale, Text, use_i18n},
};

/// A change on its way, its refusal, and the key its next request carries.
#[derive(Debug, Clone, Copy)]
pub struct Sending {
    /// While a request is out: the form's button says so and waits.
    pub busy: RwSignal<bool>,
    /// Why the last request was refused, in words.
    pub error: RwSignal<Option<String>>,
    key: RwSignal<String>,
    /// What a page says instead of the usual words for a code (a taken name, a wrong
    /// password).
    overrides: &'static [(ErrorCode, Text)],
    /// The reader's language, taken where the form is made (an event handler has no
    /// context to find it in).
    locale: RwSignal<Locale>,
}

impl Default for Sending {
    fn default() -> Self {
        Self::with(&[])
    }
}

impl Sending {
    /// With the page's own words for some codes.
    pub fn with(overrides: &'static [(ErrorCode, Text)]) -> Self {
        Self {
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            key: RwSignal::new(new_idempotency_key()),
            overrides,
            locale: use_i18n().locale,
        }
    }

    /// Another change shown in the same place (the same busy state and error), with its own
    /// idempotency key: several actions of one panel, each retried with its own.
    pub fn beside(self) -> Self {
        Self {
            key: RwSignal::new(new_idempotency_key()),
            ..self
        }
    }

    /// Another change shown in the same place, whose refusals are worded with other words.
    pub fn saying(self, overrides: &'static [(ErrorCode, Text)]) -> Self {
        Self {
            overrides,
            ..self.beside()
        }
    }

    /// The idempotency key the next request carries.
    pub fn key(&self) -> String {
        self.key.get_untracked()
    }

    /// Starts another request (another transaction's reversal, say): the next one carries a
    /// fresh key, whatever became of the last.
    pub fn renew(&self) {
        self.key.set(new_idempotency_key());
    }

    /// Sends `Q` with `variables`; `done` runs with the answer once it is recorded.
    pub fn send<Q: GraphQLQuery + 'static>(
        self,
        variables: Q::Variables,
        done: impl FnOnce(Q::ResponseData) + 'static,
    ) {
        self.answer::<Q>(variables, move |answer| {
            if let Some(data) = answer {
                done(data);
            }
        });
    }

    /// Sends `Q` with `variables`; `answered` runs with the answer, or `None` once a refusal
    /// is said. A request sent while one is out is dropped (a double tap sends once).
    pub fn answer<Q: GraphQLQuery + 'static>(
        self,
        variables: Q::Variables,
        answered: impl FnOnce(Option<Q::ResponseData>) + 'static,
    ) {
        if self.busy.get_untracked() {
            return;
        }
        let locale = self.locale.get_untracked();
        self.busy.set(true);
        spawn_local(async move {
            let result = api::run::<Q>(variables).await;
            self.busy.set(false);
            match result {
                Ok(data) => {
                    self.error.set(None);
                    self.key.set(new_idempotency_key());
                    answered(Some(data));
                }
                Err(failure) => {
                    renew_unless_unanswered(&failure, self.key);
                    self.error
                        .set(Some(explain(&failure, locale, self.overrides)));
                    answered(None);
                }
            }
        });
    }
}

/// A fresh idempotency key for one money-moving request (kept for its retries).
pub fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|window| window.crypto().ok())
        .map(|crypto| crypto.random_uuid())
        .unwrap_or_else(|| {
            // Older browsers: time and randomness are unique enough for one user's keys.
            format!(
                "k-{}-{}",
                js_sys::Date::now() as u64,
                (js_sys::Math::random() * 1e15) as u64
            )
        })
}

/// After a failure, whether to keep the request's idempotency key. When the outcome is
/// unknown (no answer, a timeout, a server failure, the same key still being applied) the
/// request may have been applied, so a retry must carry the same key and is then applied at
/// most once. When the server refused it,
/// nothing was applied, and the next attempt — with corrected input, say — is a new request
/// that needs a new key (the old one would answer CONFLICT).
pub fn renew_unless_unanswered(failure: &ApiError, key: RwSignal<String>) {
    let unknown = matches!(
        failure.code,
        None | Some(
            shared::ErrorCode::Timeout
                | shared::ErrorCode::Unavailable
                | shared::ErrorCode::Internal
                | shared::ErrorCode::InProgress
        )
    );
    if !unknown {
        key.set(new_idempotency_key());
    }
}
