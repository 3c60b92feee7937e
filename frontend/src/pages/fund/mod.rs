//! Funds: the list, each fund's public disclosure page, and the treasurer's dashboard.

pub mod accounts;
pub mod campaign;
pub mod create;
pub mod dashboard;
pub mod give;
pub mod import;
pub mod list;
pub mod public;
pub mod statements;

use chrono::{DateTime, NaiveDate};
use shared::{
    Money,
    date::{day_month_year, vietnam, vietnam_day},
};

use crate::i18n::Text;

/// An amount of money as typed (`1.500.000`), checked by the server's own rule: a positive
/// whole number of đồng; the words to say otherwise.
pub fn typed_amount(text: &str) -> Result<Money, Text> {
    Money::parse_amount("amount", text)
        .and_then(|money| Money::positive_amount("amount", money.dong()))
        .map_err(|_| Text::InvalidAmount)
}

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
