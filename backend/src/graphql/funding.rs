//! One learner funded once, in the GraphQL API: the learner's other awards of the school year
//! for whoever decides on an application, and an administrator's report of possible
//! duplicates among their organisations' awards.

use async_graphql::{Context, ID, Object, SimpleObject};
use shared::{AwardStatus, DuplicateMatch, ProgramKind};

use super::{
    error::ApiResult,
    guard::SignedInGuard,
    organization::actor_context,
    scalars::{MoneyScalar, parse_id},
};
use crate::service::award::{self as awards, AwardOf};

/// Another award to the same learner in the same school year, as a decider may see it: whose
/// and how much, and why it is taken to be the same learner; nothing else of the other record.
#[derive(SimpleObject, Clone, Debug)]
pub struct OtherAward {
    award_id: ID,
    /// The organisation whose program made it.
    organization_name: String,
    program_name: String,
    program_kind: ProgramKind,
    amount: MoneyScalar,
    /// Reserved (approved) or paid.
    status: AwardStatus,
    /// Why it is taken to be for the same learner.
    matched: DuplicateMatch,
}

impl From<awards::OtherAward> for OtherAward {
    fn from(other: awards::OtherAward) -> Self {
        Self {
            award_id: ID(other.award_id.to_string()),
            organization_name: other.organization_name,
            program_name: other.program_name,
            program_kind: other.program_kind,
            amount: other.amount.into(),
            status: other.status,
            matched: other.matched,
        }
    }
}

/// An award of the report, with the learner's name as their organisation keeps it.
#[derive(SimpleObject, Clone, Debug)]
pub struct ReportedAward {
    award: OtherAward,
    learner_name: String,
}

impl From<AwardOf> for ReportedAward {
    fn from(of: AwardOf) -> Self {
        Self {
            award: of.award.into(),
            learner_name: of.learner_name,
        }
    }
}

/// Two awards of one school year that look like one learner funded twice.
#[derive(SimpleObject, Clone, Debug)]
pub struct PossibleDuplicate {
    /// The award made first.
    first: ReportedAward,
    second: ReportedAward,
    matched: DuplicateMatch,
}

#[derive(Default)]
pub struct FundingQuery;

#[Object]
impl FundingQuery {
    /// The awards the application's learner already holds (reserved or paid) in the program's
    /// school year, in any organisation: by the same record, the same personal id, or (without
    /// one) the same name, date of birth and commune. For the program's managers.
    #[graphql(guard = "SignedInGuard")]
    async fn funding_elsewhere(
        &self,
        ctx: &Context<'_>,
        application_id: ID,
    ) -> ApiResult<Vec<OtherAward>> {
        let (db, _, actor) = actor_context(ctx)?;
        let id = parse_id("applicationId", &application_id)?;
        let others = awards::elsewhere_as(db, actor, id).await?;
        Ok(others.into_iter().map(Into::into).collect())
    }

    /// The possible duplicates among the awards of a school year made by the organisation's
    /// programs and those of the organisations under it, with why each pair looks like one
    /// learner: for its administrators (the city's report, for the city).
    #[graphql(guard = "SignedInGuard")]
    async fn possible_duplicate_funding(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        #[graphql(desc = "The school year, `2026-2027`.")] cycle: String,
    ) -> ApiResult<Vec<PossibleDuplicate>> {
        let (db, _, actor) = actor_context(ctx)?;
        let id = parse_id("organizationId", &organization_id)?;
        let cycle = shared::program::parse_cycle(&cycle)?;
        let pairs = awards::duplicates_as(db, actor, id, &cycle).await?;
        Ok(pairs
            .into_iter()
            .map(|pair| PossibleDuplicate {
                first: pair.first.into(),
                second: pair.second.into(),
                matched: pair.matched,
            })
            .collect())
    }
}
