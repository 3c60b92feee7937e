//! One module per page.

pub mod account;
pub mod applicant;
pub mod audit;
pub mod fund;
pub mod home;
pub mod inbox;
pub mod indicators;
pub mod learner_import;
pub mod manage_organizations;
pub mod members;
pub mod not_found;
pub mod organization_import;
pub mod organizations;
pub mod program;
pub mod review;
pub mod roster;
pub mod sign_in;
pub mod society;
pub mod work;
