//! A learner is found by `search_text`: the name and the school folded (lower-case ASCII,
//! without diacritics: `shared::text::learner_search_text`), so that "trang" finds "Tráng"
//! and a search compares one stored column instead of lowering two on every row it reads.
//!
//! The roster's indexes hold it in place of the school: a commune's ~8,000 learners are still
//! searched in the index alone, now with one `LIKE` per entry (at city scale, lowering the
//! name and the school was 13 of the search's 15 ms).
//!
//! The learners already written get theirs here, a batch at a time.

use sea_orm_migration::{prelude::*, sea_orm::ConnectionTrait};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The roster's indexes, before and after: (name, columns before, columns after).
const INDEXES: &[(&str, &[&str], &[&str])] = &[
    (
        "ix_learner_commune_name",
        &["commune_id", "full_name", "id", "school", "personal_id"],
        &[
            "commune_id",
            "full_name",
            "id",
            "search_text",
            "personal_id",
        ],
    ),
    (
        "ix_learner_organization_name",
        &[
            "organization_id",
            "full_name",
            "id",
            "school",
            "personal_id",
        ],
        &[
            "organization_id",
            "full_name",
            "id",
            "search_text",
            "personal_id",
        ],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The schema changes as one script, on one connection: on SQLite, another connection
        // of the pool could still hold the schema from before a DROP (see migration 000015).
        let mut script =
            "ALTER TABLE learner ADD COLUMN search_text VARCHAR NOT NULL DEFAULT '';".to_owned();
        for (name, _, after) in INDEXES {
            script.push_str(&reindex(name, after));
        }
        manager.get_connection().execute_unprepared(&script).await?;
        fill(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut script = String::new();
        for (name, before, _) in INDEXES {
            script.push_str(&reindex(name, before));
        }
        script.push_str("ALTER TABLE learner DROP COLUMN search_text;");
        manager.get_connection().execute_unprepared(&script).await?;
        Ok(())
    }
}

/// The statements that make index `name` on `learner` hold `columns` instead: the same on
/// both engines.
fn reindex(name: &str, columns: &[&str]) -> String {
    format!(
        "DROP INDEX {name}; CREATE INDEX {name} ON learner ({});",
        columns.join(", ")
    )
}

/// Every learner's search text (the fold is `shared::text::learner_search_text`).
async fn fill(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    crate::fill_search_text(manager, "learner", "full_name, school", |row| {
        let name: String = row.try_get("", "full_name")?;
        let school: Option<String> = row.try_get("", "school")?;
        Ok(shared::text::learner_search_text(&name, school.as_deref()))
    })
    .await
}
