//! The applicant's workspace: my learners, the programs each qualifies for (and why not),
//! applying with documents, and following each application.

pub mod application;
pub mod learners;
