//! Database migrations: append-only, one file per change, each written once for both SQLite
//! and PostgreSQL with sea-orm-migration's backend-neutral column helpers.

pub use sea_orm_migration::prelude::*;

mod m20261129_000001_create_organizations;
mod m20261129_000002_create_access;
mod m20261129_000003_create_ledger;
mod m20261129_000004_create_programs;
mod m20261129_000005_create_reviews_and_awards;
mod m20261129_000006_create_evidence;

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
        ]
    }
}
