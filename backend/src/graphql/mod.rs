//! The GraphQL schema: one module per domain, merged here, with the limits every request obeys.

mod access;
mod application;
mod audit;
pub mod error;
mod fund;
mod guard;
mod learner;
mod organization;
mod program;
mod review;
mod scalars;
mod server;

use async_graphql::{
    EmptySubscription, MergedObject, Schema, SchemaBuilder, dataloader::DataLoader,
};
use sea_orm::DatabaseConnection;

use crate::config::AccessPolicy;

pub use organization::OrganizationLoader;

/// Deepest nesting a query may have. The deepest useful query today (a connection's edges →
/// node → parent → parent) is well inside it.
pub const MAX_DEPTH: usize = 12;
/// Largest cost a query may have; a list field costs its page size times its children.
pub const MAX_COMPLEXITY: usize = 5_000;

#[derive(MergedObject, Default)]
pub struct QueryRoot(
    server::ServerQuery,
    organization::OrganizationQuery,
    access::AccessQuery,
    access::MembershipQuery,
    audit::AuditQuery,
    fund::FundQuery,
    learner::LearnerQuery,
    program::ProgramQuery,
    application::ApplicationQuery,
    review::ReviewQuery,
);

#[derive(MergedObject, Default)]
pub struct MutationRoot(
    access::AccessMutation,
    access::MembershipMutation,
    organization::OrganizationMutation,
    fund::FundMutation,
    learner::LearnerMutation,
    program::ProgramMutation,
    application::ApplicationMutation,
    review::ReviewMutation,
);

pub type AppSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

/// The schema as clients see it, with the per-process data resolvers need.
pub fn build(db: DatabaseConnection, policy: AccessPolicy, production: bool) -> AppSchema {
    let loader = DataLoader::new(OrganizationLoader::new(db.clone()), tokio::spawn);
    let ledger_pages = DataLoader::new(fund::LedgerPageLoader::new(db.clone()), tokio::spawn)
        .max_batch_size(crate::service::ledger::MAX_PAGES_AT_ONCE);
    let mut builder = schema_builder()
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .limit_recursive_depth(32)
        .limit_directives(16)
        .data(db)
        .data(policy)
        .data(loader)
        .data(ledger_pages);
    if production {
        builder = builder.disable_introspection().disable_suggestions();
    }
    builder.finish()
}

/// The schema's SDL, as committed in `schema.graphql`.
pub fn sdl() -> String {
    schema_builder().finish().sdl()
}

/// The one definition of the schema's types, shared by the server and the exported SDL so
/// the two cannot drift apart.
fn schema_builder() -> SchemaBuilder<QueryRoot, MutationRoot, EmptySubscription> {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        EmptySubscription,
    )
}
