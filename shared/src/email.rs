//! Email addresses used as logins.
//!
//! Deliberately modest: one `@`, a non-empty local part, a dotted domain, no spaces, at most
//! 254 characters. Whether the address really receives mail is for a confirmation message to
//! find out, not for a pattern. Stored lower-cased so that logins compare case-insensitively.

use std::fmt;

use crate::error::{ValidationError, ValidationReason};

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub const FIELD: &'static str = "email";

    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        let address = text.trim().to_lowercase();
        if address.is_empty() {
            return Err(ValidationError::new(Self::FIELD, ValidationReason::Empty));
        }
        if address.chars().count() > 254 {
            return Err(ValidationError::new(
                Self::FIELD,
                ValidationReason::TooLarge {
                    max: "254 characters".into(),
                },
            ));
        }
        if address.chars().any(crate::text::is_forbidden) {
            return Err(ValidationError::new(
                Self::FIELD,
                ValidationReason::InvalidCharacter,
            ));
        }
        let well_formed = match address.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
                    && !address.chars().any(char::is_whitespace)
            }
            None => false,
        };
        if !well_formed {
            return Err(ValidationError::new(
                Self::FIELD,
                ValidationReason::Format {
                    expected: "name@example.vn".into(),
                },
            ));
        }
        Ok(Self(address))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Lan.Nguyen@KhuyenHoc.VN ").map(|e| e.to_string()),
            Ok("lan.nguyen@khuyenhoc.vn".into())
        );
    }

    #[test]
    fn addresses_without_a_dotted_domain_or_with_spaces_are_refused() {
        for text in [
            "lan",
            "lan@",
            "@khuyenhoc.vn",
            "lan@khuyenhoc",
            "lan nguyen@khuyenhoc.vn",
            "a@b@c.vn",
            "lan@.vn",
            "lan@khuyenhoc..vn",
        ] {
            assert!(Email::parse(text).is_err(), "{text}");
        }
        assert_eq!(
            Email::parse("").map_err(|e| e.reason),
            Err(ValidationReason::Empty)
        );
    }
}
