//! A person's home in the GraphQL API: what awaits them, each part read only when asked.

use async_graphql::{Context, ID, Object, SimpleObject};
use shared::{ApplicationStatus, Money, ProgramStatus};

use super::{
    error::ApiResult, guard::SignedInGuard, organization::actor_context, scalars::MoneyScalar,
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

#[derive(Default)]
pub struct WorkQuery;

#[Object]
impl WorkQuery {
    /// What awaits you: the home each person lands on after signing in.
    #[graphql(guard = "SignedInGuard")]
    async fn my_work(&self) -> Work {
        Work
    }
}
