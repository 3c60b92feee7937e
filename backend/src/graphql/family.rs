//! Where the learning society meets the funds, on the API: a learner's family (the household
//! or clan the commune's staff link them to, or the household of a parent who manages them)
//! and what it is recognised as, and why a learner does not qualify for a program.

use async_graphql::{
    Context, ID, Object, SimpleObject,
    connection::{Connection, CursorType},
};
use shared::{
    Circumstance, EducationLevel, Ineligibility, IneligibilityCode, society::RecognitionModel,
};

use super::{
    error::ApiResult,
    guard::SignedInGuard,
    organization::actor_context,
    scalars::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, connection, decode_cursor, page_size, parse_id},
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

/// A learner the association's staff linked to a household's or a clan's family.
#[derive(SimpleObject, Clone, Debug)]
pub struct FamilyLearner {
    learner_id: ID,
    full_name: String,
    /// What tells two learners of one name apart on the list.
    date_of_birth: chrono::NaiveDate,
    /// The 12-digit personal id, which the link was made by.
    personal_id: Option<String>,
}

impl From<family::FamilyLearner> for FamilyLearner {
    fn from(found: family::FamilyLearner) -> Self {
        Self {
            learner_id: ID(found.learner_id.to_string()),
            full_name: found.full_name,
            date_of_birth: found.date_of_birth,
            personal_id: found.personal_id,
        }
    }
}

#[derive(Default)]
pub struct FamilyQuery;

#[Object]
impl FamilyQuery {
    /// The learners linked to the family of a registered household or clan, for its
    /// association's staff, a page at a time.
    #[graphql(
        guard = "SignedInGuard",
        complexity = "first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE) as usize * child_complexity + 1"
    )]
    async fn family_learners(
        &self,
        ctx: &Context<'_>,
        registration_id: ID,
        #[graphql(desc = "How many to return (1–100, default 50).")] first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page.")] after: Option<String>,
    ) -> ApiResult<Connection<String, FamilyLearner>> {
        let (db, _, actor) = actor_context(ctx)?;
        let first = page_size(first)?;
        let after: Option<i64> = after.as_deref().map(decode_cursor).transpose()?;
        let id = parse_id("registrationId", &registration_id)?;
        let page = family::learners_of_as(db, actor, id, after, first).await?;
        connection(page, after.is_some(), |found| {
            Ok::<_, crate::error::Error>((found.learner_id.encode_cursor(), found.into()))
        })
        .map_err(Into::into)
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
