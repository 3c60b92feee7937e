//! Pieces shared by several pages.

pub mod administered;
pub mod confirm;
pub mod form;
pub mod guard;
pub mod layout;
pub mod paged;
pub mod status;
