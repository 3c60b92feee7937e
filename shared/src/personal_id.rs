//! The 12-digit personal identification number (số định danh cá nhân, printed on the
//! citizen identity card).
//!
//! Layout: three digits of the province of birth registration, one digit for century and
//! gender, two digits of the year of birth, six serial digits. We check the length, the digits
//! and the province code; the birth-year digits are checked against the learner's date of birth
//! where both are known.

use std::fmt;

use crate::error::{ValidationError, ValidationReason};

/// Province codes in use on identification numbers (the 63 provinces before the 2025 merger;
/// numbers already issued keep them).
const PROVINCE_CODES: [u16; 63] = [
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37,
    38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77,
    79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
];

/// A valid personal identification number. The full number is personal data: show
/// [`PersonalId::masked`] to anyone who is not entitled to it.
#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonalId(String);

impl PersonalId {
    pub const FIELD: &'static str = "personalId";

    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.is_empty() {
            return Err(ValidationError::new(Self::FIELD, ValidationReason::Empty));
        }
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(ValidationError::new(
                Self::FIELD,
                ValidationReason::InvalidCharacter,
            ));
        }
        if digits.len() != 12 {
            return Err(ValidationError::new(
                Self::FIELD,
                ValidationReason::Length {
                    expected: "12 digits".into(),
                },
            ));
        }
        let province: u16 = digits[..3]
            .parse()
            .map_err(|_| ValidationError::new(Self::FIELD, ValidationReason::InvalidCharacter))?;
        if !PROVINCE_CODES.contains(&province) {
            return Err(ValidationError::new(Self::FIELD, ValidationReason::Unknown));
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The year of birth the number encodes: the century digit (0–1 → 1900s, 2–3 → 2000s,
    /// 4–5 → 2100s, …; even for men, odd for women) and the two year digits.
    pub fn birth_year(&self) -> i32 {
        let bytes = self.0.as_bytes();
        let century_digit = i32::from(bytes[3] - b'0');
        let year_digits = i32::from(bytes[4] - b'0') * 10 + i32::from(bytes[5] - b'0');
        1900 + (century_digit / 2) * 100 + year_digits
    }

    /// Only the last three digits shown: `*********789`.
    pub fn masked(&self) -> String {
        let visible = &self.0[self.0.len() - 3..];
        format!("{}{visible}", "*".repeat(self.0.len() - 3))
    }
}

impl TryFrom<String> for PersonalId {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PersonalId> for String {
    fn from(value: PersonalId) -> Self {
        value.0
    }
}

/// Debug never prints the number: it would end up in logs.
impl fmt::Debug for PersonalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PersonalId").field(&self.masked()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_twelve_digit_number_from_a_known_province_is_accepted() {
        let id = PersonalId::parse("001 209 012345").expect("valid");
        assert_eq!(id.as_str(), "001209012345");
    }

    #[test]
    fn the_birth_year_is_read_from_the_century_and_year_digits() {
        assert_eq!(
            PersonalId::parse("001209012345").map(|id| id.birth_year()),
            Ok(2009)
        );
        assert_eq!(
            PersonalId::parse("079185012345").map(|id| id.birth_year()),
            Ok(1985)
        );
        assert_eq!(
            PersonalId::parse("001312012345").map(|id| id.birth_year()),
            Ok(2012)
        );
    }

    #[test]
    fn wrong_lengths_letters_and_unknown_provinces_are_refused() {
        let reason = |text| PersonalId::parse(text).map_err(|e| e.reason);
        assert_eq!(reason(""), Err(ValidationReason::Empty));
        assert_eq!(
            reason("00120901234"),
            Err(ValidationReason::Length {
                expected: "12 digits".into()
            })
        );
        assert_eq!(
            reason("0012090123456"),
            Err(ValidationReason::Length {
                expected: "12 digits".into()
            })
        );
        assert_eq!(
            reason("00120901234a"),
            Err(ValidationReason::InvalidCharacter)
        );
        assert_eq!(reason("003209012345"), Err(ValidationReason::Unknown));
        assert_eq!(reason("097209012345"), Err(ValidationReason::Unknown));
    }

    #[test]
    fn the_masked_form_and_debug_output_hide_all_but_three_digits() {
        let id = PersonalId::parse("001209012345").expect("valid");
        assert_eq!(id.masked(), "*********345");
        assert!(!format!("{id:?}").contains("0012090"));
    }

    #[test]
    fn deserialising_validates_too() {
        assert!(serde_json::from_str::<PersonalId>("\"001209012345\"").is_ok());
        assert!(serde_json::from_str::<PersonalId>("\"123\"").is_err());
    }
}
