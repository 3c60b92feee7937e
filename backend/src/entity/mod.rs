//! sea-orm entities: the database's rows, one module per table. They never leave the service
//! and GraphQL layers' hands as API types; `graphql/` maps them to its own objects.

pub mod audit_event;
pub mod membership;
pub mod organization;
pub mod session;
pub mod sign_in_attempt;
pub mod user_account;
