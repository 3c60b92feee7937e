//! The model types and pure rules of Khuyến học, shared by the server and the browser so
//! that both validate and format exactly alike. Nothing here touches a database or the network.

pub mod access;
pub mod date;
pub mod email;
pub mod error;
pub mod ledger;
pub mod money;
pub mod organization;
pub mod personal_id;
pub mod phone;

pub use access::{Login, NewPassword, Role};
pub use date::VnDate;
pub use email::Email;
pub use error::{ErrorCode, ValidationError, ValidationReason};
pub use ledger::{DonationMethod, DonorKind, IdempotencyKey, TransactionKind};
pub use money::Money;
pub use organization::OrganizationKind;
pub use personal_id::PersonalId;
pub use phone::PhoneNumber;
