//! A row of `import_file`: a file uploaded to be imported, read for its preview and kept as it
//! was given once imported.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_file")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The organisation the rows are for.
    pub organization_id: i64,
    /// What the rows are: `LEARNERS`, `ORGANIZATIONS`, `DONATIONS`.
    pub kind: String,
    pub file_name: String,
    /// SHA-256 of the content, lower-case hex.
    pub sha256: String,
    pub size: i64,
    pub content: Vec<u8>,
    pub uploaded_by: i64,
    pub uploaded_at: DateTimeUtc,
    pub imported_at: Option<DateTimeUtc>,
    /// The fund the rows are for (a cash book's donations).
    pub fund_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
