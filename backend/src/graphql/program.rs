//! Programs in the GraphQL API: their setup, status, tiers, rules and rubric.

use async_graphql::{
    Context, ID, InputObject, Object, SimpleObject,
    connection::{Connection, CursorType},
    dataloader::DataLoader,
};
use chrono::NaiveDate;
use sea_orm::DatabaseConnection;
use shared::{
    Circumstance, DuplicatePolicy, EducationLevel, EligibilityRules, Gpa, ProgramKind,
    ProgramStatus, Role, RubricCriterion, ScoreStep, society::RecognitionModel,
};

use super::{
    error::ApiResult,
    guard::{RoleGuard, SignedInGuard},
    organization::{Organization, OrganizationLoader, actor_context},
    scalars::{
        DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MoneyScalar, connection, decode_cursor, name_search,
        page_size, parse_id,
    },
};
use crate::{
    error::Error,
    service::{
        actor::Viewer,
        program::{
            self as programs, ProgramFilter, ProgramForCreate, ProgramWithTiers, TierForCreate,
        },
    },
};

/// A scholarship or award program of an organisation, paid from one of its funds.
#[derive(SimpleObject, Clone, Debug)]
pub struct Program {
    /// Stable identifier.
    id: ID,
    /// The organisation running it.
    organization_id: ID,
    /// The fund its awards are paid from.
    fund_id: ID,
    kind: ProgramKind,
    name: String,
    /// School year, `2026-2027`.
    cycle: String,
    description: Option<String>,
    /// First day applications are taken (Vietnam time).
    opens_on: NaiveDate,
    /// Last day applications are taken (included).
    closes_on: NaiveDate,
    /// The most the program may award in total.
    budget: MoneyScalar,
    status: ProgramStatus,
    /// Award tiers, in order.
    tiers: Vec<AwardTier>,
    /// Who may apply.
    eligibility: Eligibility,
    /// How reviewers score.
    rubric: Vec<Criterion>,
    /// The kinds of document an application must carry.
    required_evidence: Vec<String>,
    /// How many reviewers score each application.
    reviewers_per_application: i32,
    /// Whether reviewers see applications without the learner's identity.
    blind_review: bool,
    /// What approving does when the learner was already awarded this school year by a
    /// program of the same kind: warn the decider, or refuse (`DUPLICATE_FUNDING`).
    duplicate_policy: DuplicatePolicy,
}

impl TryFrom<ProgramWithTiers> for Program {
    type Error = Error;

    fn try_from(found: ProgramWithTiers) -> Result<Self, Error> {
        let p = found.program;
        let (rules, rubric, evidence, status) =
            (p.eligibility.0, p.rubric.0, p.required_evidence.0, p.status);
        Ok(Self {
            id: ID(p.id.to_string()),
            organization_id: ID(p.organization_id.to_string()),
            fund_id: ID(p.fund_id.to_string()),
            kind: p.kind,
            name: p.name,
            cycle: p.cycle,
            description: p.description,
            opens_on: p.opens_on,
            closes_on: p.closes_on,
            budget: p.budget.into(),
            status,
            tiers: found
                .tiers
                .into_iter()
                .map(|t| AwardTier {
                    id: ID(t.id.to_string()),
                    name: t.name,
                    amount: t.amount.into(),
                    quota: t.quota,
                })
                .collect(),
            eligibility: Eligibility {
                education_levels: rules.education_levels,
                min_gpa: rules.min_gpa.map(|g| g.to_string()),
                circumstances: rules.circumstances,
                commune_ids: rules
                    .commune_ids
                    .iter()
                    .map(|id| ID(id.to_string()))
                    .collect(),
                min_age: rules.min_age.map(i32::from),
                max_age: rules.max_age.map(i32::from),
                recognised_as: rules.recognised_as,
            },
            rubric: rubric
                .into_iter()
                .map(|c| Criterion {
                    name: c.name,
                    weight: i32::from(c.weight),
                    max_score: i32::from(c.max_score),
                    step: c.step,
                })
                .collect(),
            required_evidence: evidence,
            reviewers_per_application: p.reviewers_per_application,
            blind_review: p.blind_review,
            duplicate_policy: p.duplicate_policy,
        })
    }
}

/// An award tier: an amount, and how many learners may receive it.
#[derive(SimpleObject, Clone, Debug)]
pub struct AwardTier {
    id: ID,
    name: String,
    amount: MoneyScalar,
    quota: i32,
}

/// A program's eligibility rules; an empty list or a null bound asks nothing.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(complex)]
pub struct Eligibility {
    education_levels: Vec<EducationLevel>,
    /// Minimum GPA on the 10-point scale.
    min_gpa: Option<String>,
    /// The household has at least one of these.
    circumstances: Vec<Circumstance>,
    /// The learner lives in one of these communes.
    commune_ids: Vec<ID>,
    min_age: Option<i32>,
    max_age: Option<i32>,
    /// The learner's household or clan is recognised as a learning one this year or last:
    /// one of these (HOUSEHOLD, CLAN).
    recognised_as: Vec<RecognitionModel>,
}

#[async_graphql::ComplexObject]
impl Eligibility {
    /// The communes of `communeIds`, with their names (one statement for every program asked).
    async fn communes(&self, ctx: &Context<'_>) -> ApiResult<Vec<Organization>> {
        let ids = self
            .commune_ids
            .iter()
            .map(|id| parse_id("communeIds", id))
            .collect::<Result<Vec<_>, _>>()?;
        let mut found = ctx
            .data::<DataLoader<OrganizationLoader>>()?
            .load_many(ids.iter().copied())
            .await?;
        Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
    }
}

/// One criterion of a rubric.
#[derive(SimpleObject, Clone, Debug)]
pub struct Criterion {
    name: String,
    weight: i32,
    max_score: i32,
    /// The finest score it takes: whole points, or halves, quarters or tenths.
    step: ScoreStep,
}

/// An award tier to set up.
#[derive(InputObject, Debug)]
pub struct AwardTierInput {
    name: String,
    amount: MoneyScalar,
    quota: i32,
}

/// Eligibility rules to set up.
#[derive(InputObject, Debug, Default)]
pub struct EligibilityInput {
    #[graphql(default)]
    education_levels: Vec<EducationLevel>,
    /// `8.0`, `8,5`.
    min_gpa: Option<String>,
    #[graphql(default)]
    circumstances: Vec<Circumstance>,
    #[graphql(default)]
    commune_ids: Vec<ID>,
    min_age: Option<i32>,
    max_age: Option<i32>,
    /// HOUSEHOLD, CLAN: the learner's family recognised as one this year or last.
    #[graphql(default)]
    recognised_as: Vec<RecognitionModel>,
}

/// A rubric criterion to set up.
#[derive(InputObject, Debug)]
pub struct CriterionInput {
    name: String,
    weight: i32,
    max_score: i32,
    /// Whole points unless said otherwise.
    #[graphql(default)]
    step: ScoreStep,
}

/// What it takes to set up a program.
#[derive(InputObject, Debug)]
pub struct CreateProgramInput {
    /// The organisation running it (one you manage programs for).
    organization_id: ID,
    /// One of that organisation's funds.
    fund_id: ID,
    kind: ProgramKind,
    name: String,
    /// School year, `2026-2027`.
    cycle: String,
    description: Option<String>,
    opens_on: NaiveDate,
    closes_on: NaiveDate,
    budget: MoneyScalar,
    tiers: Vec<AwardTierInput>,
    #[graphql(default)]
    eligibility: EligibilityInput,
    rubric: Vec<CriterionInput>,
    #[graphql(default)]
    required_evidence: Vec<String>,
    #[graphql(default = 2)]
    reviewers_per_application: i32,
    #[graphql(default)]
    blind_review: bool,
    /// Warn (the default) or refuse a second award this school year to the same learner
    /// from a program of the same kind.
    #[graphql(default_with = "DuplicatePolicy::DEFAULT")]
    duplicate_policy: DuplicatePolicy,
}

fn small(field: &str, value: Option<i32>, max: i32) -> ApiResult<Option<u8>> {
    value
        .map(|v| {
            u8::try_from(v)
                .ok()
                .filter(|v| i32::from(*v) <= max)
                .ok_or_else(|| {
                    shared::ValidationError::new(
                        field,
                        shared::ValidationReason::Format {
                            expected: format!("0 to {max}"),
                        },
                    )
                    .into()
                })
        })
        .transpose()
}

impl CreateProgramInput {
    fn into_service(self) -> ApiResult<ProgramForCreate> {
        let mut tiers = Vec::with_capacity(self.tiers.len());
        for (i, tier) in self.tiers.into_iter().enumerate() {
            tiers.push(TierForCreate {
                name: tier.name,
                amount: tier.amount.amount(&format!("tiers.{i}.amount"))?,
                quota: tier.quota,
            });
        }
        let mut rubric = Vec::with_capacity(self.rubric.len());
        for (i, criterion) in self.rubric.into_iter().enumerate() {
            rubric.push(RubricCriterion {
                name: criterion.name,
                weight: small(&format!("rubric.{i}.weight"), Some(criterion.weight), 100)?
                    .unwrap_or(0),
                max_score: u16::from(
                    small(
                        &format!("rubric.{i}.maxScore"),
                        Some(criterion.max_score),
                        100,
                    )?
                    .unwrap_or(0),
                ),
                step: criterion.step,
            });
        }
        let rules = self.eligibility;
        let eligibility = EligibilityRules {
            education_levels: rules.education_levels,
            min_gpa: rules
                .min_gpa
                .as_deref()
                .map(|g| Gpa::parse("eligibility.minGpa", g))
                .transpose()?,
            circumstances: rules.circumstances,
            commune_ids: rules
                .commune_ids
                .iter()
                .map(|id| parse_id("eligibility.communeIds", id))
                .collect::<Result<_, _>>()?,
            min_age: small("eligibility.minAge", rules.min_age, 120)?,
            max_age: small("eligibility.maxAge", rules.max_age, 120)?,
            recognised_as: rules.recognised_as,
        };
        Ok(ProgramForCreate {
            organization_id: parse_id("organizationId", &self.organization_id)?,
            fund_id: parse_id("fundId", &self.fund_id)?,
            kind: self.kind,
            name: self.name,
            cycle: self.cycle,
            description: self.description,
            opens_on: self.opens_on,
            closes_on: self.closes_on,
            budget: self.budget.amount("budget")?,
            tiers,
            eligibility,
            rubric,
            required_evidence: self.required_evidence,
            reviewers_per_application: self.reviewers_per_application,
            blind_review: self.blind_review,
            duplicate_policy: self.duplicate_policy,
        })
    }
}

#[derive(Default)]
pub struct ProgramQuery;

#[Object]
impl ProgramQuery {
    /// Programs, oldest first: by default those OPEN or CLOSED (public). Drafts are listed
    /// for their program managers, within an organisation they manage programs for.
    #[graphql(
        complexity = "first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE) as usize * child_complexity + 1"
    )]
    async fn programs(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return (1–100, default 50).")] first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page.")] after: Option<String>,
        #[graphql(desc = "Only these statuses (default OPEN and CLOSED).", default)] statuses: Vec<
            ProgramStatus,
        >,
        #[graphql(desc = "Only programs of this organisation and those under it.")] within: Option<
            ID,
        >,
        #[graphql(desc = "Part of the name, with or without diacritics.")] search: Option<String>,
    ) -> ApiResult<Connection<String, Program>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let actor = ctx.data::<Viewer>()?.user.as_ref();
        let first = page_size(first)?;
        let after = after.as_deref().map(decode_cursor).transpose()?;
        let filter = ProgramFilter {
            statuses,
            within: within
                .as_ref()
                .map(|id| parse_id("within", id))
                .transpose()?,
            search: name_search(search.as_deref())?,
        };
        let page = programs::list(db, actor, &filter, after, first).await?;
        connection(page, after.is_some(), |found| {
            Ok((found.program.id.encode_cursor(), Program::try_from(found)?))
        })
    }

    /// One program; a draft only for its program managers.
    async fn program(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Program> {
        let db = ctx.data::<DatabaseConnection>()?;
        let actor = ctx.data::<Viewer>()?.user.as_ref();
        Ok(programs::get_as(db, actor, parse_id("id", &id)?)
            .await?
            .try_into()?)
    }
}

#[derive(Default)]
pub struct ProgramMutation;

impl ProgramMutation {
    async fn move_to(ctx: &Context<'_>, id: &ID, to: ProgramStatus) -> ApiResult<Program> {
        let (db, meta, actor) = actor_context(ctx)?;
        Ok(programs::move_as(db, meta, actor, parse_id("id", id)?, to)
            .await?
            .try_into()?)
    }
}

#[Object]
impl ProgramMutation {
    /// Sets up a program, in DRAFT, for an organisation you manage programs for.
    #[graphql(guard = "SignedInGuard")]
    async fn create_program(
        &self,
        ctx: &Context<'_>,
        input: CreateProgramInput,
    ) -> ApiResult<Program> {
        let (db, meta, actor) = actor_context(ctx)?;
        let input = input.into_service()?;
        Ok(programs::create_as(db, meta, actor, input)
            .await?
            .try_into()?)
    }

    /// Rewrites a DRAFT program's terms and tiers, by the rules of `createProgram`. An opened
    /// program keeps the terms it was opened with (`CONFLICT`).
    #[graphql(guard = "SignedInGuard")]
    async fn update_program(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: CreateProgramInput,
    ) -> ApiResult<Program> {
        let (db, meta, actor) = actor_context(ctx)?;
        let id = parse_id("id", &id)?;
        let input = input.into_service()?;
        Ok(programs::update_as(db, meta, actor, id, input)
            .await?
            .try_into()?)
    }

    /// Opens a draft program: it becomes public and takes applications within its window.
    #[graphql(guard = "RoleGuard(Role::ProgramManager).or(RoleGuard(Role::Admin))")]
    async fn open_program(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Program> {
        Self::move_to(ctx, &id, ProgramStatus::Open).await
    }

    /// Closes an open program: no more applications; decisions and payouts go on.
    #[graphql(guard = "RoleGuard(Role::ProgramManager).or(RoleGuard(Role::Admin))")]
    async fn close_program(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Program> {
        Self::move_to(ctx, &id, ProgramStatus::Closed).await
    }

    /// Archives a closed program.
    #[graphql(guard = "RoleGuard(Role::ProgramManager).or(RoleGuard(Role::Admin))")]
    async fn archive_program(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Program> {
        Self::move_to(ctx, &id, ProgramStatus::Archived).await
    }
}
