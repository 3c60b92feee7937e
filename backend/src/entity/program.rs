//! A row of `program`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "program")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub fund_id: i64,
    pub kind: shared::ProgramKind,
    pub name: String,
    /// The name folded (`shared::text::folded`), for a search.
    pub search_text: String,
    /// The school year, `2026-2027`.
    pub cycle: String,
    pub description: Option<String>,
    pub opens_on: Date,
    pub closes_on: Date,
    pub budget: i64,
    /// Who may apply (kept as JSON).
    pub eligibility: super::column::Json<shared::EligibilityRules>,
    /// The rubric's criteria as JSON.
    pub rubric: super::column::Json<Vec<shared::RubricCriterion>>,
    /// Evidence types as a JSON list.
    pub required_evidence: super::column::Json<Vec<String>>,
    pub reviewers_per_application: i32,
    pub blind_review: bool,
    /// What approving does when the learner was already awarded this school year by a program
    /// of the same kind.
    pub duplicate_policy: shared::DuplicatePolicy,
    pub status: shared::ProgramStatus,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The program's award tiers.
    #[sea_orm(has_many = "super::award_tier::Entity")]
    Tiers,
}

impl Related<super::award_tier::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Tiers.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
