//! Learners in the GraphQL API: registering, listing one's own, and which programs a learner
//! qualifies for (and, for the others, why not).

use async_graphql::{
    Context, ID, InputObject, Object, SimpleObject,
    connection::{Connection, CursorType, EmptyFields},
};
use chrono::{DateTime, NaiveDate, Utc};
use shared::{
    Circumstance, EducationLevel, Gender, Gpa, InvitationStatus, PersonalId, PhoneNumber,
    eligibility,
};

use super::{
    error::ApiResult,
    guard::SignedInGuard,
    organization::actor_context,
    program::Program,
    scalars::{
        DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, connection, connection_name, connection_with,
        decode_cursor, page_size, parse_id,
    },
};
use crate::{
    error::Error,
    service::{
        invitation::{self as invitations, InvitationView},
        learner::{self as learners, LearnerForCreate, LearnerView},
        program::{self as programs, ProgramFilter},
        roster::Roster,
    },
};

/// What a page of a roster says about the whole of it.
pub struct RosterTotals {
    /// How many learners match: counted with the page when the query asked for it.
    total: Option<u64>,
    roster: Roster,
}

#[Object]
impl RosterTotals {
    /// How many learners match, on every page (counted only when asked for).
    async fn total_count(&self, ctx: &Context<'_>) -> ApiResult<u64> {
        if let Some(total) = self.total {
            return Ok(total);
        }
        let (db, _, _) = actor_context(ctx)?;
        Ok(self.roster.count(db).await?)
    }
}

connection_name!(
    /// The learners you manage, as a list apart from a roster (`LearnerConnection`, which
    /// has its total).
    ManagedLearners,
    "ManagedLearnerConnection"
);

/// An invitation to manage a learner's profile, as the invited account sees it.
#[derive(SimpleObject, Clone, Debug)]
pub struct LearnerInvitation {
    /// Stable identifier.
    id: ID,
    /// The learner whose profile you are invited to manage.
    learner_name: String,
    /// Who invited you.
    invited_by_name: String,
    status: InvitationStatus,
    created_at: DateTime<Utc>,
}

impl TryFrom<InvitationView> for LearnerInvitation {
    type Error = Error;

    fn try_from(view: InvitationView) -> Result<Self, Error> {
        let invitation = view.invitation;
        Ok(Self {
            id: invitation.id.into(),
            learner_name: view.learner_name,
            invited_by_name: view.invited_by_name,
            status: invitation.status,
            created_at: invitation.created_at,
        })
    }
}

/// A pupil, student or adult learner, as the viewer may see them.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(complex)]
pub struct Learner {
    /// Stable identifier.
    id: ID,
    /// Full name.
    full_name: String,
    /// Date of birth.
    date_of_birth: NaiveDate,
    gender: Gender,
    /// The 12-digit personal id: whole for the learner's managers and the staff of the
    /// learner's subtree, masked (`*********678`) for anyone else.
    personal_id: Option<String>,
    /// Level of study.
    education_level: EducationLevel,
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
    #[graphql(skip)]
    commune_key: Option<i64>,
}

#[async_graphql::ComplexObject]
impl Learner {
    /// What the learner's household and clan are recognised as, this year or last
    /// (HOUSEHOLD, CLAN): what a program for learning families asks.
    async fn family_recognised_as(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Vec<shared::society::RecognitionModel>> {
        let id = parse_id("id", &self.id)?;
        Ok(ctx
            .data::<async_graphql::dataloader::DataLoader<super::family::FamilyRecognitionLoader>>(
            )?
            .load_one(id)
            .await?
            .unwrap_or_default())
    }

    /// The commune the learner lives in, with its name.
    async fn commune(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Option<super::organization::Organization>> {
        let Some(commune) = self.commune_key else {
            return Ok(None);
        };
        Ok(ctx
            .data::<async_graphql::dataloader::DataLoader<super::OrganizationLoader>>()?
            .load_one(commune)
            .await?)
    }
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
            gender: row.gender,
            personal_id,
            education_level: row.education_level,
            school: row.school,
            class_name: row.class_name,
            commune_id: row.commune_id.map(|id| ID(id.to_string())),
            commune_key: row.commune_id,
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

/// Whether a learner qualifies for an open program, and if not, why.
#[derive(SimpleObject, Clone, Debug)]
pub struct ProgramEligibility {
    program: Program,
    eligible: bool,
    reasons: Vec<super::family::IneligibilityReason>,
}

#[derive(Default)]
pub struct LearnerQuery;

#[Object]
impl LearnerQuery {
    /// The learners whose profiles you manage, by name, a page at a time.
    #[graphql(
        guard = "SignedInGuard",
        complexity = "first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE) as usize * child_complexity + 1"
    )]
    async fn my_learners(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return (1–100, default 50).")] first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page.")] after: Option<String>,
    ) -> ApiResult<Connection<String, Learner, EmptyFields, EmptyFields, ManagedLearners>> {
        let (db, _, actor) = actor_context(ctx)?;
        let first = page_size(first)?;
        let after = after.as_deref().map(decode_cursor).transpose()?;
        let page = learners::managed_by(db, actor, after, first).await?;
        connection_with(page, after.is_some(), EmptyFields, |learner| {
            Ok((
                learner.id.encode_cursor(),
                Learner::from(LearnerView {
                    learner,
                    access: Some(learners::Access::Manager),
                }),
            ))
        })
    }

    /// The invitations to manage a learner that wait for your answer (sent to your email or
    /// mobile number), oldest first.
    #[graphql(guard = "SignedInGuard")]
    async fn learner_invitations(&self, ctx: &Context<'_>) -> ApiResult<Vec<LearnerInvitation>> {
        let (db, _, actor) = actor_context(ctx)?;
        invitations::pending_for(db, actor)
            .await?
            .into_iter()
            .map(|view| LearnerInvitation::try_from(view).map_err(Into::into))
            .collect()
    }

    /// One learner you manage, or one of your subtree if you are its program manager or admin.
    #[graphql(guard = "SignedInGuard")]
    async fn learner(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Learner> {
        let (db, _, actor) = actor_context(ctx)?;
        Ok(learners::get_as(db, actor, parse_id("id", &id)?)
            .await?
            .into())
    }

    /// The learners of an organisation's subtree (living in its communes or kept on record
    /// by its chapters), by name, for its program managers and admins: searched by part of a
    /// name or school, or a whole personal id.
    #[graphql(
        guard = "SignedInGuard",
        complexity = "first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE) as usize * child_complexity + 1"
    )]
    async fn learners(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        #[graphql(default)] search: String,
        #[graphql(desc = "How many to return (1–100, default 50).")] first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page.")] after: Option<String>,
    ) -> ApiResult<Connection<String, Learner, RosterTotals>> {
        let (db, _, actor) = actor_context(ctx)?;
        let first = page_size(first)?;
        let after = after.as_deref().map(decode_cursor).transpose()?;
        let organization_id = parse_id("organizationId", &organization_id)?;
        let roster = Roster::open_as(db, actor, organization_id, &search).await?;
        // The total, when the query asks for it, comes with the page: one search, not two.
        let (page, total) = if ctx.look_ahead().field("totalCount").exists() {
            let (page, total) = roster.page_with_total(db, after, first).await?;
            (page, Some(total))
        } else {
            (roster.page(db, after, first).await?, None)
        };
        let totals = RosterTotals { total, roster };
        connection_with(page, after.is_some(), totals, |learner| {
            Ok::<_, Error>((
                learner.id.encode_cursor(),
                Learner::from(LearnerView {
                    learner,
                    access: Some(learners::Access::Staff),
                }),
            ))
        })
        .map_err(Into::into)
    }

    /// The open programs, oldest first and a page at a time, each with whether the learner
    /// qualifies today and why not — judged by the same rules the server applies on
    /// submission.
    #[graphql(
        guard = "SignedInGuard",
        complexity = "first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE) as usize * child_complexity + 1"
    )]
    async fn learner_eligibility(
        &self,
        ctx: &Context<'_>,
        learner_id: ID,
        #[graphql(desc = "How many to return (1–100, default 50).")] first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page.")] after: Option<String>,
    ) -> ApiResult<Connection<String, ProgramEligibility>> {
        let (db, _, actor) = actor_context(ctx)?;
        let first = page_size(first)?;
        let after = after.as_deref().map(decode_cursor).transpose()?;
        let view = learners::get_as(db, actor, parse_id("learnerId", &learner_id)?).await?;
        let mut facts = learners::facts(&view.learner);
        let filter = ProgramFilter {
            statuses: vec![shared::ProgramStatus::Open],
            ..ProgramFilter::default()
        };
        let page = programs::list(db, Some(actor), &filter, after, first).await?;
        let today = programs::today();
        // The family's recognitions, read once, and only when a program of the page asks.
        if page
            .items
            .iter()
            .any(|program| !program.eligibility().recognised_as.is_empty())
        {
            use chrono::Datelike;
            let id = view.learner.id;
            facts.recognised =
                crate::service::society::family::recognised_of(db, &[id], today.naive().year())
                    .await?
                    .remove(&id)
                    .unwrap_or_default();
        }
        connection(page, after.is_some(), |program| {
            let reasons = eligibility::check(program.eligibility(), &facts, today);
            Ok::<_, Error>((
                program.program.id.encode_cursor(),
                ProgramEligibility {
                    eligible: reasons.is_empty(),
                    reasons: reasons.iter().map(Into::into).collect(),
                    program: Program::try_from(program)?,
                },
            ))
        })
        .map_err(Into::into)
    }
}

#[derive(Default)]
pub struct LearnerMutation;

#[Object]
impl LearnerMutation {
    /// Invites another login (email or mobile number) to manage a learner you manage (or of
    /// your subtree): the way a second guardian is linked to a learner already registered.
    /// The account with that login sees the invitation on its account page and accepts or
    /// declines it; nothing is linked before it accepts. The answer is the same whether or not
    /// the login has an account (an invitation waits for the account to be opened).
    #[graphql(guard = "SignedInGuard")]
    async fn invite_learner_manager(
        &self,
        ctx: &Context<'_>,
        learner_id: ID,
        login: String,
    ) -> ApiResult<Learner> {
        let (db, meta, actor) = actor_context(ctx)?;
        let id = parse_id("learnerId", &learner_id)?;
        invitations::invite_as(db, meta, actor, id, &login).await?;
        Ok(learners::get_as(db, actor, id).await?.into())
    }

    /// Accepts an invitation sent to your login: you then manage the learner's profile.
    #[graphql(guard = "SignedInGuard")]
    async fn accept_learner_invitation(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> ApiResult<LearnerInvitation> {
        answer(ctx, &id, true).await
    }

    /// Declines an invitation sent to your login.
    #[graphql(guard = "SignedInGuard")]
    async fn decline_learner_invitation(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> ApiResult<LearnerInvitation> {
        answer(ctx, &id, false).await
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
        let input = input.into_service()?;
        let created = learners::register(db, meta, actor, input).await?;
        Ok(Learner::from(LearnerView {
            learner: created,
            access: Some(learners::Access::Manager),
        }))
    }

    /// Changes a learner's details (given whole, as when registering): for the people who
    /// manage the profile and the program managers and admins of the learner's subtree. A
    /// personal id another learner holds is refused with CONFLICT.
    #[graphql(guard = "SignedInGuard")]
    async fn update_learner(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: RegisterLearnerInput,
    ) -> ApiResult<Learner> {
        let (db, meta, actor) = actor_context(ctx)?;
        let id = parse_id("id", &id)?;
        let input = input.into_service()?;
        Ok(Learner::from(
            learners::update(db, meta, actor, id, input).await?,
        ))
    }
}

impl RegisterLearnerInput {
    /// The details as the service takes them: blanks left out, numbers and ids parsed.
    fn into_service(self) -> ApiResult<LearnerForCreate> {
        let input = self;
        let optional = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        Ok(LearnerForCreate {
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
        })
    }
}

async fn answer(ctx: &Context<'_>, id: &ID, accept: bool) -> ApiResult<LearnerInvitation> {
    let (db, meta, actor) = actor_context(ctx)?;
    let invitation = invitations::answer_as(db, meta, actor, parse_id("id", id)?, accept).await?;
    let learner = learners::get(db, invitation.learner_id).await?;
    let inviter = crate::service::access::get_user(db, invitation.invited_by).await?;
    Ok(LearnerInvitation::try_from(InvitationView {
        invitation,
        learner_name: learner.full_name,
        invited_by_name: inviter.display_name,
    })?)
}
