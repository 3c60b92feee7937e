//! The audit log's object types become codes like every other coded value (`LEDGER_TRANSACTION`,
//! not `LedgerTransaction`), so the code stored is the code sent (`shared::AuditObject`).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (the name written until now, its code)
const OBJECTS: &[(&str, &str)] = &[
    ("User", "USER"),
    ("Session", "SESSION"),
    ("Membership", "MEMBERSHIP"),
    ("Organization", "ORGANIZATION"),
    ("Fund", "FUND"),
    ("LedgerTransaction", "LEDGER_TRANSACTION"),
    ("Learner", "LEARNER"),
    ("Program", "PROGRAM"),
    ("Application", "APPLICATION"),
];

/// One UPDATE that renames every object type at once (`from` → `to` for each pair), touching
/// only the rows it changes.
fn rename(pairs: impl Iterator<Item = (&'static str, &'static str)> + Clone) -> String {
    let cases: String = pairs
        .clone()
        .map(|(from, to)| format!(" WHEN '{from}' THEN '{to}'"))
        .collect();
    let names: Vec<String> = pairs.map(|(from, _)| format!("'{from}'")).collect();
    format!(
        "UPDATE audit_event SET object_type = CASE object_type{cases} END \
         WHERE object_type IN ({})",
        names.join(", ")
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(&rename(OBJECTS.iter().copied()))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(&rename(OBJECTS.iter().map(|&(name, code)| (code, name))))
            .await?;
        Ok(())
    }
}
