//! Calendar dates as Vietnamese readers expect them: `dd/mm/yyyy`.
//!
//! On the wire (GraphQL, JSON) a date is ISO 8601 (`2009-05-31`) so that machines never have
//! to guess the order; people see and type `31/05/2009`.

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Offset as _, TimeZone as _, Utc};

use crate::error::{ValidationError, ValidationReason};

/// Vietnam's time zone: UTC+7, with no daylight saving. Days, windows, ages, statements and
/// monthly totals are all counted in it.
pub fn vietnam() -> FixedOffset {
    // 7 h is within ±24 h, so this is always `Some`; UTC only satisfies the type.
    FixedOffset::east_opt(7 * 3600).unwrap_or(Utc.fix())
}

/// `date` as Vietnamese write it: `05/09/2026` (day, month, year). Formatted here rather
/// than with chrono's `format`, whose pattern interpreter the browser would otherwise download.
pub fn day_month_year(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

/// The day it is in Vietnam at `at`.
pub fn vietnam_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&vietnam()).date_naive()
}

/// The instant a day starts in Vietnam (midnight there, 17:00 UTC the day before).
pub fn start_of_vietnam_day(day: NaiveDate) -> Option<DateTime<Utc>> {
    vietnam()
        .from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .single()
        .map(|at| at.with_timezone(&Utc))
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct VnDate(NaiveDate);

impl VnDate {
    pub const FIELD: &'static str = "date";

    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, day).map(Self)
    }

    /// Reads `31/05/2009` (also `31-05-2009`, `31.05.2009`, `1/6/2009`).
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ValidationError::new(Self::FIELD, ValidationReason::Empty));
        }
        let format_error = || {
            ValidationError::new(
                Self::FIELD,
                ValidationReason::Format {
                    expected: "dd/mm/yyyy".into(),
                },
            )
        };
        let parts: Vec<&str> = text.split(['/', '-', '.']).collect();
        let [day, month, year] = parts.as_slice() else {
            return Err(format_error());
        };
        if year.len() != 4 || day.is_empty() || day.len() > 2 || month.is_empty() || month.len() > 2
        {
            return Err(format_error());
        }
        let number = |s: &str| {
            s.parse::<u32>()
                .map_err(|_| ValidationError::new(Self::FIELD, ValidationReason::InvalidCharacter))
        };
        let (day, month, year) = (number(day)?, number(month)?, number(year)?);
        let year = i32::try_from(year).map_err(|_| format_error())?;
        Self::from_ymd(year, month, day)
            .ok_or_else(|| ValidationError::new(Self::FIELD, ValidationReason::Unknown))
    }

    pub fn naive(self) -> NaiveDate {
        self.0
    }

    /// Whole years of age on `on`, as used by age-range rules.
    pub fn age_on(self, on: Self) -> i32 {
        let mut age = on.0.year() - self.0.year();
        if (on.0.month(), on.0.day()) < (self.0.month(), self.0.day()) {
            age -= 1;
        }
        age
    }
}

impl From<NaiveDate> for VnDate {
    fn from(value: NaiveDate) -> Self {
        Self(value)
    }
}

impl fmt::Display for VnDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}/{:02}/{:04}",
            self.0.day(),
            self.0.month(),
            self.0.year()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_reads_day_month_year_with_leading_zeros() {
        let date = NaiveDate::from_ymd_opt(2026, 9, 5).unwrap();
        assert_eq!(day_month_year(date), "05/09/2026");
    }

    #[test]
    fn a_vietnamese_day_starts_at_seventeen_hundred_utc_the_day_before() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let start = start_of_vietnam_day(day).unwrap();
        assert_eq!(start.to_rfc3339(), "2025-12-31T17:00:00+00:00");
        assert_eq!(vietnam_day(start), day);
        assert_eq!(
            vietnam_day(start - chrono::TimeDelta::seconds(1)),
            day.pred_opt().unwrap()
        );
    }

    fn date(y: i32, m: u32, d: u32) -> VnDate {
        VnDate::from_ymd(y, m, d).expect("a real date")
    }

    #[test]
    fn dates_are_shown_day_first_with_leading_zeros() {
        assert_eq!(date(2009, 5, 3).to_string(), "03/05/2009");
        assert_eq!(date(2025, 12, 31).to_string(), "31/12/2025");
    }

    #[test]
    fn dates_are_read_day_first_whatever_the_separator() {
        for text in [
            "03/05/2009",
            "3/5/2009",
            "03-05-2009",
            "03.05.2009",
            " 03/05/2009 ",
        ] {
            assert_eq!(VnDate::parse(text), Ok(date(2009, 5, 3)), "{text}");
        }
    }

    #[test]
    fn impossible_or_ambiguous_dates_are_refused() {
        let reason = |text| VnDate::parse(text).map_err(|e| e.reason);
        assert_eq!(reason("31/02/2010"), Err(ValidationReason::Unknown));
        assert_eq!(reason("29/02/2023"), Err(ValidationReason::Unknown));
        assert_eq!(
            VnDate::parse("29/02/2024"),
            Ok(date(2024, 2, 29)),
            "a leap day is real"
        );
        assert!(
            matches!(reason("2009-05-03"), Err(ValidationReason::Format { .. })),
            "ISO order is not what people type"
        );
        assert!(
            matches!(reason("03/05/09"), Err(ValidationReason::Format { .. })),
            "two-digit years are ambiguous"
        );
        assert_eq!(
            reason("aa/05/2009"),
            Err(ValidationReason::InvalidCharacter)
        );
        assert_eq!(reason(""), Err(ValidationReason::Empty));
    }

    #[test]
    fn age_counts_whole_years_and_turns_on_the_birthday() {
        let born = date(2010, 9, 5);
        assert_eq!(born.age_on(date(2025, 9, 4)), 14);
        assert_eq!(born.age_on(date(2025, 9, 5)), 15);
    }

    #[test]
    fn dates_travel_in_iso_form() {
        assert_eq!(
            serde_json::to_string(&date(2009, 5, 3)).ok().as_deref(),
            Some("\"2009-05-03\"")
        );
    }
}
