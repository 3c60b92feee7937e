//! Database migrations: append-only, one file per change, each written once for both SQLite
//! and PostgreSQL with sea-orm-migration's backend-neutral column helpers.

pub use sea_orm_migration::prelude::*;

mod m20261129_000001_create_organizations;
mod m20261129_000002_create_access;
mod m20261129_000003_create_ledger;
mod m20261129_000004_create_programs;
mod m20261129_000005_create_reviews_and_awards;
mod m20261129_000006_create_evidence;
mod m20261201_000007_create_learner_invitations;
mod m20261202_000008_scale_indexes;
mod m20261202_000009_evidence_in_database;
mod m20261202_000010_audit_object_codes;
mod m20261205_000011_subtree_indexes;
mod m20261205_000012_fund_day_totals;
mod m20261205_000013_application_rank_score;
mod m20261206_000014_list_order_indexes;
mod m20261206_000015_delegated_transactions;
mod m20261206_000016_learner_search_text;
mod m20261206_000017_notifications;
mod m20261206_000018_names_search_text;

pub use m20261205_000012_fund_day_totals::backfill as fund_day_totals_from_entries;

/// A foreign key that refuses to delete a referenced row: records of money and decisions are
/// kept, never cascaded away.
fn restrict_fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

/// Creates a plain (non-unique) index on `columns` of `table`, in that order.
async fn create_index<T: IntoIden, C: IntoIden>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: Vec<C>,
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column);
    }
    manager.create_index(index.to_owned()).await
}

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_create_organizations::Migration),
            Box::new(m20261129_000002_create_access::Migration),
            Box::new(m20261129_000003_create_ledger::Migration),
            Box::new(m20261129_000004_create_programs::Migration),
            Box::new(m20261129_000005_create_reviews_and_awards::Migration),
            Box::new(m20261129_000006_create_evidence::Migration),
            Box::new(m20261201_000007_create_learner_invitations::Migration),
            Box::new(m20261202_000008_scale_indexes::Migration),
            Box::new(m20261202_000009_evidence_in_database::Migration),
            Box::new(m20261202_000010_audit_object_codes::Migration),
            Box::new(m20261205_000011_subtree_indexes::Migration),
            Box::new(m20261205_000012_fund_day_totals::Migration),
            Box::new(m20261205_000013_application_rank_score::Migration),
            Box::new(m20261206_000014_list_order_indexes::Migration),
            Box::new(m20261206_000015_delegated_transactions::Migration),
            Box::new(m20261206_000016_learner_search_text::Migration),
            Box::new(m20261206_000017_notifications::Migration),
            Box::new(m20261206_000018_names_search_text::Migration),
        ]
    }
}
