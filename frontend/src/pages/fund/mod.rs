//! Funds: the list, each fund's public disclosure page, and the treasurer's dashboard.

pub mod create;
pub mod dashboard;
pub mod list;
pub mod public;

use chrono::{DateTime, NaiveDate};
use leptos::prelude::{RwSignal, Set};
use shared::date::{day_month_year, vietnam, vietnam_day};

/// `2026-11-29T03:04:05Z` as `29/11/2026` in Vietnam.
pub fn day_of(at: &str) -> String {
    DateTime::parse_from_rfc3339(at)
        .map(|at| day_month_year(at.with_timezone(&vietnam()).date_naive()))
        .unwrap_or_else(|_| at.to_owned())
}

/// `2026-11-29T03:04:05Z` as `29/11/2026 10:04` in Vietnam.
pub fn moment_of(at: &str) -> String {
    DateTime::parse_from_rfc3339(at)
        .map(|at| {
            let local = at.with_timezone(&vietnam());
            format!(
                "{} {}",
                day_month_year(local.date_naive()),
                local.format("%H:%M")
            )
        })
        .unwrap_or_else(|_| at.to_owned())
}

/// `2026-11-29` as `29/11/2026`.
pub fn day_of_date(date: &str) -> String {
    date.parse::<NaiveDate>()
        .map(day_month_year)
        .unwrap_or_else(|_| date.to_owned())
}

/// Today in Vietnam, from the browser's clock.
pub fn today() -> NaiveDate {
    let millis = js_sys::Date::now() as i64;
    DateTime::from_timestamp_millis(millis)
        .map(vietnam_day)
        .unwrap_or_default()
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
pub fn renew_unless_unanswered(failure: &crate::api::ApiError, key: RwSignal<String>) {
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
