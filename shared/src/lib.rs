//! The model types and pure rules of Khuyến học, shared by the server and the browser so
//! that both validate and format exactly alike. Nothing here touches a database or the network.

/// Declares an enum stored in the database and sent on the wire by a stable code.
macro_rules! coded_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $code:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
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

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

pub mod access;
pub mod application;
pub mod date;
pub mod eligibility;
pub mod email;
pub mod error;
pub mod learner;
pub mod ledger;
pub mod money;
pub mod organization;
pub mod personal_id;
pub mod phone;
pub mod program;
pub mod text;

pub use access::{Login, NewPassword, Role};
pub use application::{ApplicationAction, ApplicationStatus};
pub use date::VnDate;
pub use eligibility::{EligibilityRules, Ineligibility};
pub use email::Email;
pub use error::{ErrorCode, ValidationError, ValidationReason};
pub use learner::{Circumstance, EducationLevel, Gender, Gpa, InvitationStatus};
pub use ledger::{DonationMethod, DonorKind, IdempotencyKey, TransactionKind};
pub use money::Money;
pub use organization::OrganizationKind;
pub use personal_id::PersonalId;
pub use phone::PhoneNumber;
pub use program::{ProgramKind, ProgramStatus, Recommendation, RubricCriterion};
