//! Who may sign in, and with what: logins, passwords and roles.

use std::fmt;

use crate::{
    email::Email,
    error::{ValidationError, ValidationReason},
    phone::PhoneNumber,
};

/// What a person signs in with: an email address or a Vietnamese mobile number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Login {
    Email(Email),
    Phone(PhoneNumber),
}

impl Login {
    pub const FIELD: &'static str = "login";

    /// An `@` makes it an email; anything else must be a mobile number.
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ValidationError::new(Self::FIELD, ValidationReason::Empty));
        }
        if text.contains('@') {
            Email::parse(text)
                .map(Self::Email)
                .map_err(|e| e.for_field(Self::FIELD))
        } else {
            PhoneNumber::parse(text)
                .map(Self::Phone)
                .map_err(|e| e.for_field(Self::FIELD))
        }
    }

    /// The canonical form: what is stored, compared and throttled on.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Email(email) => email.as_str(),
            Self::Phone(phone) => phone.as_str(),
        }
    }
}

impl fmt::Display for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A new password that meets the policy: at least 10 characters (NIST SP 800-63B asks for
/// length, not composition rules), at most 128 so hashing stays bounded, and not only spaces.
/// Never `Debug`-printed or logged.
#[derive(Clone)]
pub struct NewPassword(String);

impl NewPassword {
    pub const FIELD: &'static str = "password";
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        let chars = text.chars().count();
        if text.trim().is_empty() {
            return Err(ValidationError::new(Self::FIELD, ValidationReason::Empty));
        }
        if chars < Self::MIN_CHARS {
            return Err(ValidationError::new(
                Self::FIELD,
                ValidationReason::TooSmall {
                    min: format!("{} characters", Self::MIN_CHARS),
                },
            ));
        }
        if chars > Self::MAX_CHARS {
            return Err(ValidationError::new(
                Self::FIELD,
                ValidationReason::TooLarge {
                    max: format!("{} characters", Self::MAX_CHARS),
                },
            ));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

coded_enum! {
    /// A role held on an organisation, and so on its whole subtree.
    pub enum Role {
        /// Manages the organisation tree and its members.
        Admin => "ADMIN",
        /// Sets up programs, assigns reviewers, decides on applications.
        ProgramManager => "PROGRAM_MANAGER",
        /// Records donations, moves and pays out money.
        Treasurer => "TREASURER",
        /// Scores applications assigned to them.
        Reviewer => "REVIEWER",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_is_an_email_or_a_mobile_number_in_canonical_form() {
        assert_eq!(
            Login::parse(" Lan@KhuyenHoc.vn ").map(|l| l.to_string()),
            Ok("lan@khuyenhoc.vn".into())
        );
        assert_eq!(
            Login::parse("+84 912 345 678").map(|l| l.to_string()),
            Ok("0912345678".into())
        );
        assert!(matches!(Login::parse("0912345678"), Ok(Login::Phone(_))));
        let error = Login::parse("lan@").expect_err("not an email");
        assert_eq!(error.field, "login");
        assert_eq!(
            Login::parse("").map_err(|e| e.reason),
            Err(ValidationReason::Empty)
        );
    }

    #[test]
    fn passwords_must_be_long_enough_but_not_unbounded() {
        assert!(NewPassword::parse("hoc-tap-suot-doi").is_ok());
        assert!(matches!(
            NewPassword::parse("short").map_err(|e| e.reason),
            Err(ValidationReason::TooSmall { .. })
        ));
        assert!(matches!(
            NewPassword::parse(&"x".repeat(129)).map_err(|e| e.reason),
            Err(ValidationReason::TooLarge { .. })
        ));
        assert!(matches!(
            NewPassword::parse("            ").map_err(|e| e.reason),
            Err(ValidationReason::Empty)
        ));
        assert_eq!(
            format!("{:?}", NewPassword::parse("hoc-tap-suot-doi")),
            "Ok(NewPassword(***))"
        );
    }

    #[test]
    fn every_role_round_trips_through_its_code() {
        for &role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("ROOT"), None);
    }
}
