//! Programs as the public sees them: the list, and each program's terms and recipients.

pub mod list;
pub mod public;
