//! Learners: education levels, household circumstances, and the GPA on the 10-point scale.

use std::fmt;

use chrono::{Datelike as _, NaiveDate};

use crate::{
    PersonalId, VnDate,
    error::{ValidationError, ValidationReason},
};

/// The longest text of each field of the learner form, in characters: the form and imports
/// take the same.
pub mod limits {
    pub const FULL_NAME: usize = 120;
    pub const SCHOOL: usize = 200;
    pub const CLASS_NAME: usize = 50;
    pub const ACHIEVEMENTS: usize = 2000;
    pub const GUARDIAN_NAME: usize = 120;
}

/// What a date of birth's error expects.
pub const BIRTH_RANGE: &str = "a date of birth in the past 120 years";

/// What a personal id's error expects when it is not of the year of birth.
pub const PERSONAL_ID_YEAR: &str = "the number of a person born in the year of the date of birth";

/// A date of birth as the learner form takes it on `today`: not in the future, and within 120
/// years.
pub fn check_birth(day: NaiveDate, today: NaiveDate) -> Result<(), ValidationError> {
    if day > today || VnDate::from(day).age_on(VnDate::from(today)) > 120 {
        return Err(ValidationError::new(
            "dateOfBirth",
            ValidationReason::Format {
                expected: BIRTH_RANGE.into(),
            },
        ));
    }
    Ok(())
}

/// A personal id as the learner form takes it with a date of birth: its digits say the year.
pub fn check_personal_id(id: &PersonalId, date_of_birth: NaiveDate) -> Result<(), ValidationError> {
    if id.birth_year() != date_of_birth.year() {
        return Err(ValidationError::new(
            "personalId",
            ValidationReason::Format {
                expected: PERSONAL_ID_YEAR.into(),
            },
        ));
    }
    Ok(())
}

coded_enum! {
    /// The level a learner studies at.
    pub enum EducationLevel {
        Preschool => "PRESCHOOL",
        Primary => "PRIMARY",
        LowerSecondary => "LOWER_SECONDARY",
        UpperSecondary => "UPPER_SECONDARY",
        Vocational => "VOCATIONAL",
        University => "UNIVERSITY",
        Adult => "ADULT",
    }
}

impl EducationLevel {
    /// Its name in Vietnamese, as forms and lists write it (and imports read it).
    pub const fn vietnamese_name(self) -> &'static str {
        match self {
            Self::Preschool => "Mầm non",
            Self::Primary => "Tiểu học",
            Self::LowerSecondary => "Trung học cơ sở",
            Self::UpperSecondary => "Trung học phổ thông",
            Self::Vocational => "Giáo dục nghề nghiệp",
            Self::University => "Đại học, cao đẳng",
            Self::Adult => "Người lớn",
        }
    }
}

coded_enum! {
    /// A circumstance of the learner's household that hardship scholarships look for.
    pub enum Circumstance {
        /// Hộ nghèo.
        Poor => "POOR",
        /// Hộ cận nghèo.
        NearPoor => "NEAR_POOR",
        /// Gia đình chính sách.
        PolicyFamily => "POLICY_FAMILY",
        Disability => "DISABILITY",
        /// Mồ côi.
        Orphan => "ORPHAN",
        /// Dân tộc thiểu số.
        EthnicMinority => "ETHNIC_MINORITY",
    }
}

impl Circumstance {
    /// Its name in Vietnamese, as forms and lists write it (and imports read it).
    pub const fn vietnamese_name(self) -> &'static str {
        match self {
            Self::Poor => "Hộ nghèo",
            Self::NearPoor => "Hộ cận nghèo",
            Self::PolicyFamily => "Gia đình chính sách",
            Self::Disability => "Khuyết tật",
            Self::Orphan => "Mồ côi",
            Self::EthnicMinority => "Dân tộc thiểu số",
        }
    }
}

coded_enum! {
    /// Where an invitation to manage a learner's profile stands.
    pub enum InvitationStatus {
        /// Waiting for the invited account to answer.
        Pending => "PENDING",
        /// Accepted: the account manages the learner.
        Accepted => "ACCEPTED",
        Declined => "DECLINED",
    }
}

coded_enum! {
    pub enum Gender {
        Female => "FEMALE",
        Male => "MALE",
        Other => "OTHER",
    }
}

impl Gender {
    /// Its name in Vietnamese, as forms and lists write it (and imports read it).
    pub const fn vietnamese_name(self) -> &'static str {
        match self {
            Self::Female => "Nữ",
            Self::Male => "Nam",
            Self::Other => "Khác",
        }
    }
}

/// A grade point average on Vietnam's 10-point scale, kept exactly in hundredths (8.75 is
/// 875): averages are compared with thresholds, so no floating point.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct Gpa(u16);

impl Gpa {
    pub const MAX: Self = Self(1000);

    pub const fn from_hundredths(hundredths: u16) -> Option<Self> {
        if hundredths <= Self::MAX.0 {
            Some(Self(hundredths))
        } else {
            None
        }
    }

    pub const fn hundredths(self) -> u16 {
        self.0
    }

    /// Reads `8.5`, `8,5`, `8.75` or `10` (at most two decimals, 0–10), as people type it.
    pub fn parse(field: &str, text: &str) -> Result<Self, ValidationError> {
        let text = text.trim().replace(',', ".");
        if text.is_empty() {
            return Err(ValidationError::new(field, ValidationReason::Empty));
        }
        let format = || {
            ValidationError::new(
                field,
                ValidationReason::Format {
                    expected: "a number from 0 to 10 with at most two decimals, e.g. 8.75".into(),
                },
            )
        };
        let hundredths = crate::decimal::parse_hundredths(&text)
            .and_then(|h| u16::try_from(h).ok())
            .ok_or_else(format)?;
        Self::from_hundredths(hundredths).ok_or_else(|| {
            ValidationError::new(field, ValidationReason::TooLarge { max: "10".into() })
        })
    }
}

impl fmt::Display for Gpa {
    /// `8.75`, `9.5`, `10`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::decimal::write_hundredths(f, u32::from(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_date_of_birth_is_in_the_past_120_years() {
        let today = day(2026, 12, 7);
        assert!(check_birth(day(2013, 2, 2), today).is_ok());
        assert!(check_birth(today, today).is_ok());
        assert!(check_birth(day(2026, 12, 8), today).is_err(), "tomorrow");
        assert!(
            check_birth(day(1906, 12, 7), today).is_ok(),
            "120 years ago"
        );
        assert!(
            check_birth(day(1905, 12, 7), today).is_err(),
            "121 years ago"
        );
    }

    #[test]
    fn a_personal_id_says_the_year_of_birth() {
        let id = PersonalId::parse("001313000777").unwrap();
        assert!(check_personal_id(&id, day(2013, 2, 2)).is_ok());
        let error = check_personal_id(&id, day(2012, 2, 2)).unwrap_err();
        assert_eq!(error.field, "personalId");
    }

    #[test]
    fn a_gpa_is_read_as_people_type_it_and_kept_exactly() {
        assert_eq!(Gpa::parse("gpa", "8.75").unwrap().hundredths(), 875);
        assert_eq!(Gpa::parse("gpa", "8,5").unwrap().hundredths(), 850);
        assert_eq!(Gpa::parse("gpa", "10").unwrap().hundredths(), 1000);
        assert_eq!(Gpa::parse("gpa", "0").unwrap().hundredths(), 0);
        assert_eq!(Gpa::parse("gpa", "9.5").unwrap().to_string(), "9.5");
        assert_eq!(Gpa::parse("gpa", "7.05").unwrap().to_string(), "7.05");
    }

    #[test]
    fn impossible_gpas_are_refused() {
        for text in ["10.5", "11", "-1", "8.755", "abc", ".5", ""] {
            assert!(Gpa::parse("gpa", text).is_err(), "{text}");
        }
        assert_eq!(Gpa::parse("gpa", "12").unwrap_err().field, "gpa");
    }

    #[test]
    fn codes_round_trip() {
        for level in EducationLevel::ALL {
            assert_eq!(EducationLevel::from_code(level.code()), Some(*level));
        }
        for circumstance in Circumstance::ALL {
            assert_eq!(
                Circumstance::from_code(circumstance.code()),
                Some(*circumstance)
            );
        }
    }
}
