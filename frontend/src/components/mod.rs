//! Pieces shared by several pages.

pub mod confirm;
pub mod form;
pub mod guard;
pub mod layout;
pub mod paged;
pub mod picker;
pub mod status;
