//! A row of `learner`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "learner")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub full_name: String,
    pub date_of_birth: Date,
    pub gender: shared::Gender,
    /// Twelve digits, when known. Personal data: see `service::learner` on who sees it.
    pub personal_id: Option<String>,
    pub education_level: shared::EducationLevel,
    pub school: Option<String>,
    pub class_name: Option<String>,
    pub commune_id: Option<i64>,
    /// The household's circumstances, kept comma-separated.
    pub circumstances: super::column::Codes<shared::Circumstance>,
    pub gpa_hundredths: Option<i32>,
    pub achievements: Option<String>,
    pub guardian_name: Option<String>,
    pub guardian_phone: Option<String>,
    pub organization_id: Option<i64>,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The name and the school, folded for search: `shared::text::learner_search_text`.
    /// Whatever writes either of them writes this too (today only registration does).
    pub search_text: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
