//! Vietnamese mobile numbers.
//!
//! Since the 2018 renumbering, mobile numbers are ten digits: `0` then a network prefix
//! beginning 3, 5, 7, 8 or 9. People write them with `+84` or `84` in front, with spaces, dots
//! or dashes; we keep one canonical form, `0xxxxxxxxx`.

use std::fmt;

use crate::error::{ValidationError, ValidationReason};

/// A valid Vietnamese mobile number in its national form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub const FIELD: &'static str = "phone";

    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        let compact: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
            .collect();
        if compact.is_empty() {
            return Err(ValidationError::new(Self::FIELD, ValidationReason::Empty));
        }
        let national = if let Some(rest) = compact.strip_prefix("+84") {
            format!("0{rest}")
        } else if compact.len() == 11 && compact.starts_with("84") {
            format!("0{}", &compact[2..])
        } else {
            compact
        };
        if !national.chars().all(|c| c.is_ascii_digit()) {
            return Err(ValidationError::new(
                Self::FIELD,
                ValidationReason::InvalidCharacter,
            ));
        }
        if national.len() != 10 {
            return Err(ValidationError::new(
                Self::FIELD,
                ValidationReason::Length {
                    expected: "10 digits".into(),
                },
            ));
        }
        let bytes = national.as_bytes();
        if bytes[0] != b'0' || !matches!(bytes[1], b'3' | b'5' | b'7' | b'8' | b'9') {
            return Err(ValidationError::new(
                Self::FIELD,
                ValidationReason::Format {
                    expected: "03x, 05x, 07x, 08x or 09x".into(),
                },
            ));
        }
        Ok(Self(national))
    }

    /// The national form, `0912345678`: what we store and compare.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The international form, `+84912345678`, for SMS gateways.
    pub fn e164(&self) -> String {
        format!("+84{}", &self.0[1..])
    }
}

/// Grouped as people read it aloud: `0912 345 678`.
impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", &self.0[..4], &self.0[4..7], &self.0[7..])
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PhoneNumber> for String {
    fn from(value: PhoneNumber) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ways_people_write_a_number_all_become_one_form() {
        for text in [
            "0912345678",
            "0912 345 678",
            "0912.345.678",
            "+84 912 345 678",
            "84912345678",
            "+84-912-345-678",
        ] {
            assert_eq!(
                PhoneNumber::parse(text).map(|p| p.as_str().to_owned()),
                Ok("0912345678".to_owned()),
                "{text}"
            );
        }
    }

    #[test]
    fn a_number_is_shown_grouped_and_sent_in_international_form() {
        let phone = PhoneNumber::parse("0389123456").expect("valid");
        assert_eq!(phone.to_string(), "0389 123 456");
        assert_eq!(phone.e164(), "+84389123456");
    }

    #[test]
    fn landlines_old_eleven_digit_numbers_and_letters_are_refused() {
        let reason = |text| PhoneNumber::parse(text).map_err(|e| e.reason);
        assert!(
            matches!(reason("0243825123"), Err(ValidationReason::Format { .. })),
            "Hanoi landline"
        );
        assert!(
            matches!(reason("01234567890"), Err(ValidationReason::Length { .. })),
            "pre-2018 number"
        );
        assert_eq!(
            reason("09123x5678"),
            Err(ValidationReason::InvalidCharacter)
        );
        assert_eq!(reason("   "), Err(ValidationReason::Empty));
        assert!(matches!(
            reason("1912345678"),
            Err(ValidationReason::Format { .. })
        ));
    }
}
