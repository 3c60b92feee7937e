//! Pieces shared by several pages.

pub mod form;
pub mod guard;
pub mod layout;
pub mod status;
