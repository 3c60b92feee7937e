//! Pieces shared by several pages: forms, sending a change, asking before money moves,
//! paged lists, pickers, the page frame.

pub mod confirm;
pub mod export;
pub mod form;
pub mod guard;
pub mod import;
pub mod layout;
pub mod mutation;
pub mod paged;
pub mod picker;
pub mod status;
pub mod upload;
