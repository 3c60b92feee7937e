//! Learners in the GraphQL API: registering, listing one's own, and which programs a learner
//! qualifies for (and, for the others, why not).

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::NaiveDate;
use shared::{Circumstance, EducationLevel, Gender, Gpa, PersonalId, PhoneNumber, eligibility};

use super::{
    error::ApiResult, guard::SignedInGuard, organization::actor_context, program::Program,
    scalars::parse_id,
};
use crate::service::{
    learner::{self as learners, LearnerForCreate, LearnerView},
    program::{self as programs, ProgramFilter},
};

/// A pupil, student or adult learner, as the viewer may see them.
#[derive(SimpleObject, Clone, Debug)]
pub struct Learner {
    /// Stable identifier.
    id: ID,
    /// Full name.
    full_name: String,
    /// Date of birth.
    date_of_birth: NaiveDate,
    gender: Option<Gender>,
    /// The 12-digit personal id: whole for the learner's managers and the staff of the
    /// learner's subtree, masked (`*********678`) for anyone else.
    personal_id: Option<String>,
    /// Level of study.
    education_level: Option<EducationLevel>,
    school: Option<String>,
    class_name: Option<String>,
    /// The commune (an organisation) the learner lives in.
    commune_id: Option<ID>,
    /// The household's circumstances.
    circumstances: Vec<Circumstance>,
    /// Latest GPA on the 10-point scale, e.g. `8.75`.
    gpa: Option<String>,
    achievements: Option<String>,
    guardian_name: Option<String>,
    guardian_phone: Option<String>,
    /// The chapter or association keeping the record.
    organization_id: Option<ID>,
}

impl From<LearnerView> for Learner {
    fn from(view: LearnerView) -> Self {
        let personal_id = view.personal_id();
        let facts = learners::facts(&view.learner);
        let row = view.learner;
        Self {
            id: ID(row.id.to_string()),
            full_name: row.full_name,
            date_of_birth: row.date_of_birth,
            gender: Gender::from_code(&row.gender),
            personal_id,
            education_level: EducationLevel::from_code(&row.education_level),
            school: row.school,
            class_name: row.class_name,
            commune_id: row.commune_id.map(|id| ID(id.to_string())),
            circumstances: facts.circumstances,
            gpa: facts.gpa.map(|g| g.to_string()),
            achievements: row.achievements,
            guardian_name: row.guardian_name,
            guardian_phone: row.guardian_phone,
            organization_id: row.organization_id.map(|id| ID(id.to_string())),
        }
    }
}

/// A learner to register.
#[derive(InputObject, Debug)]
pub struct RegisterLearnerInput {
    full_name: String,
    date_of_birth: NaiveDate,
    gender: Gender,
    /// 12 digits; optional for young children.
    personal_id: Option<String>,
    education_level: EducationLevel,
    school: Option<String>,
    class_name: Option<String>,
    /// The commune (an organisation id) the learner lives in.
    commune_id: Option<ID>,
    #[graphql(default)]
    circumstances: Vec<Circumstance>,
    /// Latest GPA on the 10-point scale: `8.75` or `8,75`.
    gpa: Option<String>,
    achievements: Option<String>,
    guardian_name: Option<String>,
    /// A Vietnamese mobile number.
    guardian_phone: Option<String>,
    /// A chapter or association you manage programs for, to keep the learner on its record.
    organization_id: Option<ID>,
}

/// One reason a learner does not qualify for a program.
#[derive(SimpleObject, Clone, Debug)]
pub struct IneligibilityReason {
    /// `EDUCATION_LEVEL`, `GPA_MISSING`, `GPA_TOO_LOW`, `CIRCUMSTANCE`, `COMMUNE`,
    /// `TOO_YOUNG` or `TOO_OLD`.
    code: String,
    /// The reason in words.
    message: String,
}

/// Whether a learner qualifies for an open program, and if not, why.
#[derive(SimpleObject, Clone, Debug)]
pub struct ProgramEligibility {
    program: Program,
    eligible: bool,
    reasons: Vec<IneligibilityReason>,
}

#[derive(Default)]
pub struct LearnerQuery;

#[Object]
impl LearnerQuery {
    /// The learners whose profiles you manage.
    #[graphql(guard = "SignedInGuard")]
    async fn my_learners(&self, ctx: &Context<'_>) -> ApiResult<Vec<Learner>> {
        let (db, _, actor) = actor_context(ctx)?;
        Ok(learners::managed_by(db, actor)
            .await?
            .into_iter()
            .map(|learner| {
                Learner::from(LearnerView {
                    learner,
                    access: Some(learners::Access::Manager),
                })
            })
            .collect())
    }

    /// One learner you manage, or one of your subtree if you are its program manager or admin.
    #[graphql(guard = "SignedInGuard")]
    async fn learner(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Learner> {
        let (db, _, actor) = actor_context(ctx)?;
        Ok(learners::get_as(db, actor, parse_id("id", &id)?)
            .await?
            .into())
    }

    /// Every open program with whether the learner qualifies today, and why not — judged by
    /// the same rules the server applies on submission.
    #[graphql(guard = "SignedInGuard")]
    async fn learner_eligibility(
        &self,
        ctx: &Context<'_>,
        learner_id: ID,
    ) -> ApiResult<Vec<ProgramEligibility>> {
        let (db, _, actor) = actor_context(ctx)?;
        let view = learners::get_as(db, actor, parse_id("learnerId", &learner_id)?).await?;
        let facts = learners::facts(&view.learner);
        let filter = ProgramFilter {
            statuses: vec![shared::ProgramStatus::Open],
            within: None,
        };
        let page = programs::list(db, Some(actor), &filter, None, 100).await?;
        let today = programs::today();
        page.items
            .into_iter()
            .map(|program| {
                let reasons = eligibility::check(&program.eligibility()?, &facts, today);
                Ok(ProgramEligibility {
                    eligible: reasons.is_empty(),
                    reasons: reasons
                        .iter()
                        .map(|r| IneligibilityReason {
                            code: r.code().to_owned(),
                            message: r.to_string(),
                        })
                        .collect(),
                    program: Program::try_from(program)?,
                })
            })
            .collect::<Result<_, crate::error::Error>>()
            .map_err(Into::into)
    }
}

#[derive(Default)]
pub struct LearnerMutation;

#[Object]
impl LearnerMutation {
    /// Adds another account (by email or phone) as a manager of a learner you manage (or of
    /// your subtree): the way to be linked to a learner already registered.
    #[graphql(guard = "SignedInGuard")]
    async fn add_learner_manager(
        &self,
        ctx: &Context<'_>,
        learner_id: ID,
        login: String,
    ) -> ApiResult<Learner> {
        let (db, meta, actor) = actor_context(ctx)?;
        let id = parse_id("learnerId", &learner_id)?;
        learners::add_manager_as(db, meta, actor, id, &login).await?;
        Ok(learners::get_as(db, actor, id).await?.into())
    }

    /// Registers a learner whose profile you will manage. A personal id already registered
    /// is refused with CONFLICT (ask that learner's managers to add you instead).
    #[graphql(guard = "SignedInGuard")]
    async fn register_learner(
        &self,
        ctx: &Context<'_>,
        input: RegisterLearnerInput,
    ) -> ApiResult<Learner> {
        let (db, meta, actor) = actor_context(ctx)?;
        let optional = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let input = LearnerForCreate {
            full_name: input.full_name.clone(),
            date_of_birth: input.date_of_birth,
            gender: input.gender,
            personal_id: optional(&input.personal_id)
                .map(|id| PersonalId::parse(&id))
                .transpose()?,
            education_level: input.education_level,
            school: input.school.clone(),
            class_name: input.class_name.clone(),
            commune_id: input
                .commune_id
                .as_ref()
                .map(|id| parse_id("communeId", id))
                .transpose()?,
            circumstances: input.circumstances.clone(),
            gpa: optional(&input.gpa)
                .map(|gpa| Gpa::parse("gpa", &gpa))
                .transpose()?,
            achievements: input.achievements.clone(),
            guardian_name: input.guardian_name.clone(),
            guardian_phone: optional(&input.guardian_phone)
                .map(|phone| {
                    PhoneNumber::parse(&phone).map_err(|mut e| {
                        e.field = "guardianPhone".into();
                        e
                    })
                })
                .transpose()?,
            organization_id: input
                .organization_id
                .as_ref()
                .map(|id| parse_id("organizationId", id))
                .transpose()?,
        };
        let created = learners::register(db, meta, actor, input).await?;
        Ok(Learner::from(LearnerView {
            learner: created,
            access: Some(learners::Access::Manager),
        }))
    }
}
