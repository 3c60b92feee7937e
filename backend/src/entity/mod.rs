//! sea-orm entities: the database's rows, one module per table. They never leave the service
//! and GraphQL layers' hands as API types; `graphql/` maps them to its own objects.

pub mod organization;
