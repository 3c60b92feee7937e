//! Where the learning society meets the funds, on the API: a learner's family (the household
//! or clan the commune's staff link them to, or the household of a parent who manages them)
//! and what it is recognised as, and why a learner does not qualify for a program.

use async_graphql::{Context, ID, Object, SimpleObject};
use shared::{
    Circumstance, EducationLevel, Ineligibility, IneligibilityCode, society::RecognitionModel,
};

use super::{
    error::ApiResult, guard::SignedInGuard, organization::actor_context, scalars::parse_id,
};
use crate::service::{program as programs, society::family};

/// The models each learner's household and clan are recognised under this year or last,
/// read for every learner a response asks about at once.
pub struct FamilyRecognitionLoader {
    db: sea_orm::DatabaseConnection,
}

impl FamilyRecognitionLoader {
    pub fn new(db: sea_orm::DatabaseConnection) -> Self {
        Self { db }
    }
}

impl async_graphql::dataloader::Loader<i64> for FamilyRecognitionLoader {
    type Value = Vec<RecognitionModel>;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[i64],
    ) -> Result<std::collections::HashMap<i64, Self::Value>, Self::Error> {
        use chrono::Datelike;
        let year = programs::today().naive().year();
        crate::service::society::family::recognised_of(&self.db, keys, year)
            .await
            .map_err(|error| super::error::ApiError::from(error).into())
    }
}

/// One reason a learner does not qualify for a program, with the figures a client needs to
/// say it in its own words.
#[derive(SimpleObject, Clone, Debug)]
pub struct IneligibilityReason {
    /// The rule not met.
    code: IneligibilityCode,
    /// The reason in English words, for logs and clients without their own.
    message: String,
    /// The levels the program is for (`EDUCATION_LEVEL`).
    education_levels: Vec<EducationLevel>,
    /// The household circumstances the program looks for (`CIRCUMSTANCE`).
    circumstances: Vec<Circumstance>,
    /// The lowest GPA accepted (`GPA_MISSING`, `GPA_TOO_LOW`), on the 10-point scale.
    min_gpa: Option<String>,
    /// The learner's GPA (`GPA_TOO_LOW`).
    gpa: Option<String>,
    /// The age bound not met (`TOO_YOUNG`: the lowest; `TOO_OLD`: the highest).
    age_limit: Option<i32>,
    /// The learner's age in whole years (`TOO_YOUNG`, `TOO_OLD`).
    age: Option<i32>,
    /// What the learner's family is to be recognised as (`NOT_RECOGNISED`).
    recognised_as: Vec<RecognitionModel>,
}

impl From<&Ineligibility> for IneligibilityReason {
    fn from(reason: &Ineligibility) -> Self {
        let mut out = Self {
            code: reason.code(),
            message: reason.to_string(),
            education_levels: Vec::new(),
            circumstances: Vec::new(),
            min_gpa: None,
            gpa: None,
            age_limit: None,
            age: None,
            recognised_as: Vec::new(),
        };
        match reason {
            Ineligibility::EducationLevel { required } => out.education_levels = required.clone(),
            Ineligibility::Circumstance { required } => out.circumstances = required.clone(),
            Ineligibility::GpaMissing { min } => out.min_gpa = Some(min.to_string()),
            Ineligibility::GpaTooLow { min, actual } => {
                out.min_gpa = Some(min.to_string());
                out.gpa = Some(actual.to_string());
            }
            Ineligibility::Commune => {}
            Ineligibility::TooYoung { min_age, age } => {
                out.age_limit = Some(i32::from(*min_age));
                out.age = Some(*age);
            }
            Ineligibility::TooOld { max_age, age } => {
                out.age_limit = Some(i32::from(*max_age));
                out.age = Some(*age);
            }
            Ineligibility::NotRecognised { required } => out.recognised_as = required.clone(),
        }
        out
    }
}

/// A learner linked to a household's or a clan's family.
#[derive(SimpleObject, Clone, Debug)]
pub struct FamilyLink {
    learner_name: String,
    unit_name: String,
    model: RecognitionModel,
}

impl From<family::Linked> for FamilyLink {
    fn from(linked: family::Linked) -> Self {
        Self {
            learner_name: linked.learner_name,
            unit_name: linked.unit_name,
            model: linked.model,
        }
    }
}

#[derive(Default)]
pub struct FamilyMutation;

#[Object]
impl FamilyMutation {
    /// Links the learner of a personal id to the family of a registered household or clan, for
    /// its association's staff who may see the learner; a learner is of one household and one
    /// clan, so linking again moves them. Audited.
    #[graphql(guard = "SignedInGuard")]
    async fn link_learner_to_family(
        &self,
        ctx: &Context<'_>,
        registration_id: ID,
        #[graphql(desc = "The learner's 12-digit personal id.")] personal_id: String,
    ) -> ApiResult<FamilyLink> {
        let (db, meta, actor) = actor_context(ctx)?;
        let id = parse_id("registrationId", &registration_id)?;
        let linked = family::link_learner_as(db, meta, actor, id, &personal_id).await?;
        Ok(linked.into())
    }

    /// Unlinks the learner of a personal id from the family of a registered household or clan
    /// (a link made by mistake), for the same staff. Audited.
    #[graphql(guard = "SignedInGuard")]
    async fn unlink_learner_from_family(
        &self,
        ctx: &Context<'_>,
        registration_id: ID,
        #[graphql(desc = "The learner's 12-digit personal id.")] personal_id: String,
    ) -> ApiResult<FamilyLink> {
        let (db, meta, actor) = actor_context(ctx)?;
        let id = parse_id("registrationId", &registration_id)?;
        let unlinked = family::unlink_learner_as(db, meta, actor, id, &personal_id).await?;
        Ok(unlinked.into())
    }
}
