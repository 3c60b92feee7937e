//! The GraphQL schema: one module per domain, merged here, with the limits every request obeys.

mod access;
mod application;
mod audit;
mod award;
mod bank;
mod campaign;
mod donation_import;
pub mod error;
mod family;
mod fund;
mod funding;
mod guard;
mod import;
mod inbox;
mod indicator;
mod learner;
mod learner_import;
mod ledger;
mod movement;
mod organization;
mod organization_import;
mod own_registration;
mod program;
mod recognition;
mod review;
mod scalars;
mod server;
mod society;
mod statement;
mod work;

use async_graphql::{
    EmptySubscription, MergedObject, Schema, SchemaBuilder, dataloader::DataLoader,
};
use sea_orm::DatabaseConnection;

use crate::{config::AccessPolicy, service::pledge::PledgePolicy};

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
    bank::BankQuery,
    campaign::CampaignQuery,
    statement::StatementQuery,
    ledger::LedgerQuery,
    learner::LearnerQuery,
    learner_import::LearnerImportQuery,
    organization_import::OrganizationImportQuery,
    donation_import::DonationImportQuery,
    SocietyQueries,
    program::ProgramQuery,
    application::ApplicationQuery,
    review::ReviewQuery,
    award::AwardQuery,
    funding::FundingQuery,
    inbox::InboxQuery,
    work::WorkQuery,
);

/// The learning society's queries, merged first so that the root's chain of merged objects
/// stays within the compiler's depth limit.
#[derive(MergedObject, Default)]
pub struct SocietyQueries(
    society::SocietyQuery,
    family::FamilyQuery,
    recognition::RecognitionQuery,
    own_registration::OwnRegistrationQuery,
    indicator::IndicatorQuery,
);

#[derive(MergedObject, Default)]
pub struct MutationRoot(
    access::AccessMutation,
    access::MembershipMutation,
    organization::OrganizationMutation,
    fund::FundMutation,
    bank::BankMutation,
    campaign::CampaignMutation,
    statement::StatementMutation,
    movement::LedgerMutation,
    learner::LearnerMutation,
    learner_import::LearnerImportMutation,
    organization_import::OrganizationImportMutation,
    donation_import::DonationImportMutation,
    society::SocietyMutation,
    recognition::RecognitionMutation,
    indicator::IndicatorMutation,
    family::FamilyMutation,
    program::ProgramMutation,
    application::ApplicationMutation,
    review::ReviewMutation,
    award::AwardMutation,
    inbox::InboxMutation,
);

pub type AppSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

/// The schema as clients see it, with the per-process data resolvers need.
pub fn build(
    db: DatabaseConnection,
    policy: AccessPolicy,
    pledges: PledgePolicy,
    production: bool,
) -> AppSchema {
    let loader = DataLoader::new(OrganizationLoader::new(db.clone()), tokio::spawn);
    let ledger_pages = DataLoader::new(fund::LedgerPageLoader::new(db.clone()), tokio::spawn)
        .max_batch_size(crate::service::ledger::MAX_PAGES_AT_ONCE);
    let names = DataLoader::new(audit::NameLoader::new(db.clone()), tokio::spawn);
    let families = DataLoader::new(
        family::FamilyRecognitionLoader::new(db.clone()),
        tokio::spawn,
    );
    let accounts = DataLoader::new(bank::BankAccountsLoader::new(db.clone()), tokio::spawn);
    let progress = DataLoader::new(
        campaign::CampaignProgressLoader::new(db.clone(), pledges.clone()),
        tokio::spawn,
    );
    let campaigns = DataLoader::new(campaign::CampaignsLoader::new(db.clone()), tokio::spawn);
    let mut builder = schema_builder()
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .limit_recursive_depth(32)
        .limit_directives(16)
        .data(db)
        .data(policy)
        .data(loader)
        .data(ledger_pages)
        .data(names)
        .data(families)
        .data(accounts)
        .data(progress)
        .data(campaigns)
        .data(pledges);
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

#[cfg(test)]
mod layering_tests {
    /// Resolvers speak to the services only: no file of the API layer names a table's
    /// entity module, so every read model and every access check stays behind the services.
    #[test]
    fn the_api_layer_never_names_an_entity() {
        // Spelt apart, so that this test does not find itself.
        let entity = ["enti", "ty"].concat();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/graphql");
        let mut offenders = Vec::new();
        for file in std::fs::read_dir(&dir).expect("the graphql folder") {
            let path = file.expect("a file of the graphql folder").path();
            let text = std::fs::read_to_string(&path).expect("a source file");
            for (n, line) in text.lines().enumerate() {
                let code = line.trim_start();
                let names_one = code.contains(&format!("{entity}::"))
                    || code.contains(&format!("crate::{{{entity}"))
                    || code.contains(&format!("{{{entity},"));
                if names_one && !code.starts_with("//") {
                    offenders.push(format!("{}:{}: {code}", path.display(), n + 1));
                }
            }
        }
        assert!(
            offenders.is_empty(),
            "the API layer names entities:\n{}",
            offenders.join("\n")
        );
    }
}
