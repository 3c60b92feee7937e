//! A person's home in the GraphQL API: what awaits them, each part read only when asked.

use async_graphql::{Context, ID, Object, SimpleObject};
use shared::{ApplicationStatus, AwardStatus, Money, ProgramStatus};

use super::{
    error::ApiResult,
    fund::Fund,
    guard::SignedInGuard,
    organization::actor_context,
    scalars::{MoneyScalar, parse_id},
};
use crate::service::work;

/// How many of your applications are in one state.
#[derive(SimpleObject, Clone, Debug)]
pub struct ApplicationStatusCount {
    /// The state.
    status: ApplicationStatus,
    /// How many of your applications are in it.
    count: i64,
}

/// A count on a home, which stops at 1,000: `more` says there are more than `count`.
#[derive(SimpleObject, Clone, Copy, Debug)]
pub struct Tally {
    /// How many, up to 1,000.
    count: i64,
    /// Whether there are more than `count` (then `count` is 1,000).
    more: bool,
}

impl Tally {
    fn of(counted: i64) -> Self {
        Self {
            count: counted.min(work::COUNT_CAP),
            more: counted > work::COUNT_CAP,
        }
    }
}

/// A program of an organisation you manage programs of, with what waits in it.
#[derive(SimpleObject, Clone, Debug)]
pub struct ProgramAwaiting {
    /// The program (its board is where the work is done).
    program_id: ID,
    /// Its name.
    name: String,
    /// Open or closed.
    status: ProgramStatus,
    /// Submitted applications waiting to be taken up: new (to assign reviewers to), or sent
    /// again after a request for information.
    to_assign: Tally,
    /// Applications with reviewers, waiting for scores or a decision.
    under_review: Tally,
}

/// A program whose approved awards wait to be paid from a fund you keep.
#[derive(SimpleObject, Clone, Debug)]
pub struct PayoutAwaiting {
    /// The program (its payouts page is where the awards are paid).
    program_id: ID,
    /// Its name.
    program_name: String,
    /// The fund the awards are paid from.
    fund_name: String,
    /// How many awards wait.
    awards: Tally,
    /// What they add up to; null when there are more than 1,000 (the payouts page has the
    /// total of any number).
    amount: Option<MoneyScalar>,
}

/// What awaits you, by the part you play. Each field is read only when asked for.
pub struct Work;

#[Object]
impl Work {
    /// Your applications (made by you, or for learners you manage) counted by state; states
    /// with none are left out.
    async fn applications(&self, ctx: &Context<'_>) -> ApiResult<Vec<ApplicationStatusCount>> {
        let (db, _, actor) = actor_context(ctx)?;
        Ok(work::applications_by_status(db, actor)
            .await?
            .into_iter()
            .map(|c| ApplicationStatusCount {
                status: c.status,
                count: c.count,
            })
            .collect())
    }

    /// The open and closed programs of the organisations you manage programs of (the 20
    /// newest), with what waits in each.
    async fn programs(&self, ctx: &Context<'_>) -> ApiResult<Vec<ProgramAwaiting>> {
        let (db, _, actor) = actor_context(ctx)?;
        Ok(work::programs_awaiting(db, actor)
            .await?
            .into_iter()
            .map(|p| ProgramAwaiting {
                program_id: p.id.into(),
                name: p.name,
                status: p.status,
                to_assign: Tally::of(p.to_assign),
                under_review: Tally::of(p.under_review),
            })
            .collect())
    }

    /// The open funds of the organisations you keep money for, with their balances (the 20
    /// oldest; the list of funds has them all).
    async fn funds(&self, ctx: &Context<'_>) -> ApiResult<Vec<Fund>> {
        let (db, _, actor) = actor_context(ctx)?;
        Ok(work::funds_kept(db, actor)
            .await?
            .into_iter()
            .map(Fund::from)
            .collect())
    }

    /// The programs with approved awards to pay from the funds of the organisations you keep
    /// money for (the 20 newest).
    async fn payouts(&self, ctx: &Context<'_>) -> ApiResult<Vec<PayoutAwaiting>> {
        let (db, _, actor) = actor_context(ctx)?;
        Ok(work::payouts_awaiting(db, actor)
            .await?
            .into_iter()
            .map(|p| PayoutAwaiting {
                program_id: p.program_id.into(),
                program_name: p.program_name,
                fund_name: p.fund_name,
                awards: Tally::of(p.awards),
                amount: p.amount.map(|a| Money::from_dong(a).into()),
            })
            .collect())
    }
}

/// How many of a program's applications are in one state, up to 1,000.
#[derive(SimpleObject, Clone, Debug)]
pub struct StatusTally {
    /// The state.
    status: ApplicationStatus,
    /// How many.
    count: Tally,
}

/// A program's awards of one tier in one state.
#[derive(SimpleObject, Clone, Debug)]
pub struct TierAwards {
    /// The tier.
    tier_id: ID,
    /// Its name.
    tier_name: String,
    /// Reserved (approved, not yet paid), paid, or cancelled.
    status: AwardStatus,
    /// How many.
    count: i64,
    /// What they add up to.
    amount: MoneyScalar,
}

/// A program's figures for its staff.
#[derive(SimpleObject, Clone, Debug)]
pub struct ProgramFigures {
    /// Its applications by state (drafts are the applicants' own and left out; states with
    /// none too), each counted up to 1,000.
    applications: Vec<StatusTally>,
    /// Its awards by tier and state, with their amounts, to the đồng.
    awards: Vec<TierAwards>,
}

#[derive(Default)]
pub struct WorkQuery;

#[Object]
impl WorkQuery {
    /// What awaits you: the home each person lands on after signing in.
    #[graphql(guard = "SignedInGuard")]
    async fn my_work(&self) -> Work {
        Work
    }

    /// A program's figures: applications by state and awards by tier. For its staff.
    #[graphql(guard = "SignedInGuard")]
    async fn program_figures(
        &self,
        ctx: &Context<'_>,
        program_id: ID,
    ) -> ApiResult<ProgramFigures> {
        let (db, _, actor) = actor_context(ctx)?;
        let figures = work::program_figures(db, actor, parse_id("programId", &program_id)?).await?;
        Ok(ProgramFigures {
            applications: figures
                .applications
                .into_iter()
                .map(|(status, count)| StatusTally {
                    status,
                    count: Tally::of(count),
                })
                .collect(),
            awards: figures
                .awards
                .into_iter()
                .map(|a| TierAwards {
                    tier_id: a.tier_id.into(),
                    tier_name: a.tier_name,
                    status: a.status,
                    count: a.count,
                    amount: Money::from_dong(a.amount).into(),
                })
                .collect(),
        })
    }
}
