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
mod m20261206_000019_donor_search_text;
mod m20261206_000020_program_search_text;
mod m20261206_000021_bank_accounts_and_pledges;
mod m20261206_000022_campaigns;
mod m20261207_000023_bank_statements;
mod m20261207_000024_duplicate_funding;
mod m20261207_000025_import_files;
mod m20261207_000026_cash_book;
mod m20261207_000027_criteria_sets;
mod m20261207_000028_recognitions;
mod m20261207_000029_plan_indicators;
mod m20261207_000030_family_learners;
mod m20261208_000031_registration_documents;

pub use m20261205_000012_fund_day_totals::backfill as fund_day_totals_from_entries;

/// Adds `table.search_text` and fills it with every row's `name` folded
/// (`shared::text::folded`): what a table found by name needs.
async fn add_name_search_text(manager: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    use sea_orm::ConnectionTrait as _;
    manager
        .get_connection()
        .execute_unprepared(&format!(
            "ALTER TABLE {table} ADD COLUMN search_text VARCHAR NOT NULL DEFAULT '';"
        ))
        .await?;
    fill_search_text(manager, table, "name", |row| {
        let name: String = row.try_get("", "name")?;
        Ok(shared::text::folded(&name))
    })
    .await
}

/// Drops `table.search_text`.
async fn drop_search_text(manager: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    use sea_orm::ConnectionTrait as _;
    manager
        .get_connection()
        .execute_unprepared(&format!("ALTER TABLE {table} DROP COLUMN search_text;"))
        .await?;
    Ok(())
}

/// Fills `table.search_text` for every row, in id order, `SEARCH_TEXT_BATCH` at a time: each
/// batch's `columns` (after `id`) read, folded here by `fold` (Rust's fold, the one the server
/// writes with) and written back in one `UPDATE … FROM (VALUES …)`, which both engines take as
/// it is (their `VALUES` columns are `column1`, …).
async fn fill_search_text(
    manager: &SchemaManager<'_>,
    table: &str,
    columns: &str,
    fold: impl Fn(&sea_orm::QueryResult) -> Result<String, DbErr>,
) -> Result<(), DbErr> {
    use sea_orm::{ConnectionTrait, Statement, Value};
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let postgres = backend == sea_orm::DatabaseBackend::Postgres;
    let mut after = 0_i64;
    loop {
        let rows = db
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                if postgres {
                    format!("SELECT id, {columns} FROM {table} WHERE id > $1 ORDER BY id LIMIT $2")
                } else {
                    format!("SELECT id, {columns} FROM {table} WHERE id > ? ORDER BY id LIMIT ?")
                },
                [after.into(), (SEARCH_TEXT_BATCH as i64).into()],
            ))
            .await?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.try_get("", "id")?;
        let mut values: Vec<Value> = Vec::with_capacity(rows.len() * 2);
        let mut tuples = Vec::with_capacity(rows.len());
        for (n, row) in rows.iter().enumerate() {
            let id: i64 = row.try_get("", "id")?;
            values.push(id.into());
            values.push(fold(row)?.into());
            tuples.push(if postgres {
                format!("(${}::bigint, ${})", 2 * n + 1, 2 * n + 2)
            } else {
                "(?, ?)".to_owned()
            });
        }
        let sql = format!(
            "UPDATE {table} SET search_text = v.column2 FROM (VALUES {}) AS v \
             WHERE {table}.id = v.column1",
            tuples.join(", ")
        );
        db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
    }
}

/// Rows [`fill_search_text`] fills per statement: two parameters each, far inside both
/// engines' limits.
const SEARCH_TEXT_BATCH: usize = 2_000;

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
            Box::new(m20261206_000019_donor_search_text::Migration),
            Box::new(m20261206_000020_program_search_text::Migration),
            Box::new(m20261206_000021_bank_accounts_and_pledges::Migration),
            Box::new(m20261206_000022_campaigns::Migration),
            Box::new(m20261207_000023_bank_statements::Migration),
            Box::new(m20261207_000024_duplicate_funding::Migration),
            Box::new(m20261207_000025_import_files::Migration),
            Box::new(m20261207_000026_cash_book::Migration),
            Box::new(m20261207_000027_criteria_sets::Migration),
            Box::new(m20261207_000028_recognitions::Migration),
            Box::new(m20261207_000029_plan_indicators::Migration),
            Box::new(m20261207_000030_family_learners::Migration),
            Box::new(m20261208_000031_registration_documents::Migration),
        ]
    }
}
