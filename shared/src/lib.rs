//! The model types and pure rules of Khuyến học, shared by the server and the browser so
//! that both validate and format exactly alike. Nothing here touches a database or the network.

/// Declares an enum stored in the database and sent on the wire by a stable code. With the
/// `sea-orm` feature it is also a column type (kept as its code in a text column), so entities
/// hold the enum itself and a code is read or written in one place only.
macro_rules! coded_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $code:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
        #[cfg_attr(feature = "sea-orm", derive(sea_orm::DeriveValueType))]
        #[cfg_attr(feature = "sea-orm", sea_orm(value_type = "String"))]
        pub enum $name { $($(#[$vmeta])* $variant,)+ }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            /// The stable code stored in the database and used on the wire.
            pub const fn code(self) -> &'static str {
                match self { $(Self::$variant => $code,)+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|value| value.code() == code)
            }
        }

        // A code can be part of a primary key (sea-orm asks every key part to be readable
        // from an auto-increment id, which a code never is).
        #[cfg(feature = "sea-orm")]
        impl sea_orm::TryFromU64 for $name {
            fn try_from_u64(_: u64) -> Result<Self, sea_orm::DbErr> {
                Err(sea_orm::DbErr::ConvertFromU64(stringify!($name)))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::UnknownCode;

            fn from_str(code: &str) -> Result<Self, Self::Err> {
                Self::from_code(code).ok_or_else(|| $crate::UnknownCode {
                    of: stringify!($name),
                    code: code.to_owned(),
                })
            }
        }
    };
}

/// A code that names no value of a coded enum: what reading a row written by a newer (or
/// corrupted) database gives, instead of a guess.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code:?} is not a code of {of}")]
pub struct UnknownCode {
    pub of: &'static str,
    pub code: String,
}

pub mod access;
pub mod application;
pub mod audit;
pub mod bank;
pub mod bank_statement;
pub mod date;
mod decimal;
pub mod donation_import;
pub mod eligibility;
pub mod email;
pub mod error;
pub mod funding;
pub mod indicator;
pub mod learner;
pub mod learner_import;
pub mod ledger;
pub mod money;
pub mod notification;
pub mod organization;
pub mod organization_import;
pub mod personal_id;
pub mod phone;
pub mod pledge;
pub mod program;
pub mod score;
pub mod sheet;
pub mod society;
pub mod text;
pub mod vietqr;

pub use access::{Login, NewPassword, Role};
pub use application::{ApplicationAction, ApplicationOrder, ApplicationStatus};
pub use audit::{AuditAction, AuditObject};
pub use bank_statement::{BankLineAction, BankLineOutcome, BankLineStatus};
pub use date::VnDate;
pub use eligibility::{EligibilityRules, Ineligibility, IneligibilityCode};
pub use email::Email;
pub use error::{AwardTie, ErrorCode, Refusal, ValidationError, ValidationReason};
pub use funding::{DuplicateMatch, DuplicatePolicy};
pub use learner::{Circumstance, EducationLevel, Gender, Gpa, InvitationStatus};
pub use ledger::{
    DonationMethod, DonorKind, EntryPhase, IdempotencyKey, LedgerAccount, TransactionKind,
};
pub use money::Money;
pub use notification::NotificationKind;
pub use organization::OrganizationKind;
pub use personal_id::PersonalId;
pub use phone::PhoneNumber;
pub use pledge::{PledgeReference, PledgeStatus};
pub use program::{
    AwardStatus, ProgramKind, ProgramStatus, Recommendation, ReviewStatus, RubricCriterion,
};
pub use score::{Points, ScoreStep};
pub use sheet::{CellProblem, ImportAction};

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde and GraphQL send is what the database keeps: one code per value, everywhere.
    fn codes_are_what_is_sent<
        T: serde::Serialize
            + std::str::FromStr
            + PartialEq
            + std::fmt::Debug
            + Copy
            + std::fmt::Display,
    >(
        all: &[T],
    ) where
        T::Err: std::fmt::Debug,
    {
        for &value in all {
            let code = value.to_string();
            assert_eq!(
                serde_json::to_value(value).ok(),
                Some(serde_json::Value::String(code.clone()))
            );
            assert_eq!(code.parse::<T>().ok(), Some(value));
        }
    }

    #[test]
    fn every_coded_value_is_sent_and_stored_as_its_code() {
        codes_are_what_is_sent(Role::ALL);
        codes_are_what_is_sent(ApplicationStatus::ALL);
        codes_are_what_is_sent(ApplicationAction::ALL);
        codes_are_what_is_sent(AuditAction::ALL);
        codes_are_what_is_sent(AuditObject::ALL);
        codes_are_what_is_sent(IneligibilityCode::ALL);
        codes_are_what_is_sent(Circumstance::ALL);
        codes_are_what_is_sent(EducationLevel::ALL);
        codes_are_what_is_sent(Gender::ALL);
        codes_are_what_is_sent(InvitationStatus::ALL);
        codes_are_what_is_sent(NotificationKind::ALL);
        codes_are_what_is_sent(DonationMethod::ALL);
        codes_are_what_is_sent(DonorKind::ALL);
        codes_are_what_is_sent(EntryPhase::ALL);
        codes_are_what_is_sent(LedgerAccount::ALL);
        codes_are_what_is_sent(TransactionKind::ALL);
        codes_are_what_is_sent(OrganizationKind::ALL);
        codes_are_what_is_sent(AwardStatus::ALL);
        codes_are_what_is_sent(ProgramKind::ALL);
        codes_are_what_is_sent(ProgramStatus::ALL);
        codes_are_what_is_sent(Recommendation::ALL);
        codes_are_what_is_sent(ReviewStatus::ALL);
        assert_eq!(
            "POOR_ISH".parse::<Circumstance>(),
            Err(UnknownCode {
                of: "Circumstance",
                code: "POOR_ISH".into()
            })
        );
    }
}
