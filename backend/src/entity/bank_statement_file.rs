//! A row of `bank_statement_file`: a statement file as a treasurer uploaded it, read for the
//! import's preview and kept as the bank gave it once imported.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bank_statement_file")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub fund_id: i64,
    pub bank_account_id: i64,
    pub file_name: String,
    /// SHA-256 of the content, lower-case hex.
    pub sha256: String,
    pub size: i64,
    pub content: Vec<u8>,
    pub uploaded_by: i64,
    pub uploaded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
