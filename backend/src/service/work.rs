//! What awaits a person, for their home: their applications by state (the applicant side),
//! the programs of the organisations they manage with what waits there (to assign, under
//! review), and the awards waiting to be paid from the funds they keep, and those funds with
//! their balances. Each is one statement.
//!
//! A home counts what waits only up to [`COUNT_CAP`] (then it says "more than"): the city's
//! program of a million applications made an exact count take 300 ms, and under load the
//! city manager's home timed out (`scripts/bench.sh`). Counting up to the cap reads at most
//! that many index entries per program, whatever its size.
//!
//! "The organisations they manage" are those they hold the role on themselves, not the
//! subtree below: a city's program manager is not shown every chapter's program as theirs.
//! The levels below are one click away, in the lists.

use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult, Statement};
use shared::{ApplicationStatus, AwardStatus, ProgramStatus, Role};

use super::program as programs;

use super::actor::{MONEY_ROLES, PROGRAM_ROLES, SignedIn};
use crate::error::{Error, Result};

/// Most programs a home lists (the newest; the programs list has the rest).
pub const MAX_PROGRAMS: usize = 20;

/// Most funds a home lists (the oldest; the funds list has the rest).
pub const MAX_FUNDS: u64 = 20;

/// Counts on a home stop here: a count of `COUNT_CAP + 1` means "more than `COUNT_CAP`".
pub const COUNT_CAP: i64 = 1_000;

/// `COUNT(*)` of the rows `from_where` selects, read up to [`COUNT_CAP`] + 1 of them.
fn capped_count(from_where: &str) -> String {
    format!(
        "(SELECT COUNT(*) FROM (SELECT 1 FROM {from_where} LIMIT {}) capped)",
        COUNT_CAP + 1
    )
}

/// How many of the actor's applications are in one state.
#[derive(Debug, Clone, FromQueryResult)]
pub struct StatusCount {
    pub status: ApplicationStatus,
    pub count: i64,
}

/// A program of an organisation the actor manages, with what waits in it (each count up to
/// [`COUNT_CAP`] + 1).
#[derive(Debug, Clone, FromQueryResult)]
pub struct ProgramAwaiting {
    pub id: i64,
    pub name: String,
    pub status: ProgramStatus,
    /// Submitted and waiting to be taken up: new, or sent again after a request for
    /// information.
    pub to_assign: i64,
    /// With reviewers, waiting for scores or a decision.
    pub under_review: i64,
}

/// A program whose approved awards wait to be paid from a fund the actor keeps.
#[derive(Debug, Clone, FromQueryResult)]
pub struct PayoutAwaiting {
    pub program_id: i64,
    pub program_name: String,
    pub fund_name: String,
    /// How many awards wait, up to [`COUNT_CAP`] + 1.
    pub awards: i64,
    /// What they add up to: only while they are counted whole (the payouts page has the
    /// total of any number).
    pub amount: Option<i64>,
}

/// The organisations the actor holds one of `roles` on, as a list of ids for SQL, or `None`
/// when they hold none: then there is nothing to ask the database, and a home asks every
/// part of itself of everyone at no cost. Ids are the server's own integers, never user text.
fn organizations_held(actor: &SignedIn, roles: &[Role]) -> Option<String> {
    let mut ids: Vec<i64> = actor
        .grants
        .iter()
        .filter(|grant| roles.contains(&grant.role))
        .map(|grant| grant.organization_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    (!ids.is_empty()).then(|| {
        ids.iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    })
}

async fn rows<T: FromQueryResult>(db: &DatabaseConnection, sql: String) -> Result<Vec<T>> {
    let statement = Statement::from_string(db.get_database_backend(), sql);
    db.query_all_raw(statement)
        .await?
        .iter()
        .map(|row| T::from_query_result(row, "").map_err(Error::from))
        .collect()
}

/// The actor's applications (made by them or for learners they manage) counted by state.
#[tracing::instrument(skip(db, actor))]
pub async fn applications_by_status(
    db: &DatabaseConnection,
    actor: &SignedIn,
) -> Result<Vec<StatusCount>> {
    let user = actor.user_id;
    rows(
        db,
        format!(
            "SELECT status, COUNT(*) AS count FROM application WHERE id IN ( \
               SELECT id FROM application WHERE submitted_by = {user} \
               UNION SELECT a.id FROM application a JOIN learner_manager m \
                 ON m.learner_id = a.learner_id WHERE m.user_id = {user}) \
             GROUP BY status"
        ),
    )
    .await
}

/// The open and closed programs of the organisations the actor manages programs of, newest
/// first, with how many applications wait to be assigned and how many are under review.
#[tracing::instrument(skip(db, actor))]
pub async fn programs_awaiting(
    db: &DatabaseConnection,
    actor: &SignedIn,
) -> Result<Vec<ProgramAwaiting>> {
    let Some(held) = organizations_held(actor, &PROGRAM_ROLES) else {
        return Ok(Vec::new());
    };
    let (submitted, under_review) = (
        ApplicationStatus::Submitted.code(),
        ApplicationStatus::UnderReview.code(),
    );
    let (open, closed) = (ProgramStatus::Open.code(), ProgramStatus::Closed.code());
    let of_status = |status: &str| {
        capped_count(&format!(
            "application a WHERE a.program_id = p.id AND a.status = '{status}'"
        ))
    };
    rows(
        db,
        format!(
            "SELECT p.id, p.name, p.status, {} AS to_assign, {} AS under_review \
             FROM program p \
             WHERE p.organization_id IN ({held}) AND p.status IN ('{open}', '{closed}') \
             ORDER BY p.id DESC LIMIT {MAX_PROGRAMS}",
            of_status(submitted),
            of_status(under_review),
        ),
    )
    .await
}

/// The programs with approved awards still to pay from the funds of the organisations the
/// actor keeps money for, with how many and how much.
#[tracing::instrument(skip(db, actor))]
pub async fn payouts_awaiting(
    db: &DatabaseConnection,
    actor: &SignedIn,
) -> Result<Vec<PayoutAwaiting>> {
    #[derive(FromQueryResult)]
    struct Row {
        program_id: i64,
        program_name: String,
        fund_name: String,
        awards: i64,
        /// The sum of the awards counted (all of them while under the cap).
        amount: i64,
    }
    let Some(held) = organizations_held(actor, &MONEY_ROLES) else {
        return Ok(Vec::new());
    };
    let reserved = AwardStatus::Reserved.code();
    let waiting = format!("award w WHERE w.program_id = p.id AND w.status = '{reserved}'");
    let rows: Vec<Row> = rows(
        db,
        format!(
            "SELECT p.id AS program_id, p.name AS program_name, f.name AS fund_name, \
               {count} AS awards, \
               (SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM \
                 (SELECT w.amount FROM {waiting} LIMIT {cap}) counted) AS amount \
             FROM program p JOIN fund f ON f.id = p.fund_id \
             WHERE f.organization_id IN ({held}) AND EXISTS (SELECT 1 FROM {waiting}) \
             ORDER BY p.id DESC LIMIT {MAX_PROGRAMS}",
            count = capped_count(&waiting),
            cap = COUNT_CAP + 1,
        ),
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| PayoutAwaiting {
            program_id: row.program_id,
            program_name: row.program_name,
            fund_name: row.fund_name,
            amount: (row.awards <= COUNT_CAP).then_some(row.amount),
            awards: row.awards,
        })
        .collect())
}

/// The open funds of the organisations the actor keeps money for (oldest first, at most
/// [`MAX_FUNDS`]), each with its organisation: their balances are on the fund rows.
#[tracing::instrument(skip(db, actor))]
pub async fn funds_kept(
    db: &DatabaseConnection,
    actor: &SignedIn,
) -> Result<Vec<super::fund::FundWithOwner>> {
    use sea_orm::{
        ColumnTrait as _, EntityTrait as _, QueryFilter as _, QueryOrder as _, QuerySelect as _,
    };

    use crate::entity::{fund, organization};
    let held: Vec<i64> = actor
        .grants
        .iter()
        .filter(|grant| MONEY_ROLES.contains(&grant.role))
        .map(|grant| grant.organization_id)
        .collect();
    if held.is_empty() {
        return Ok(Vec::new());
    }
    fund::Entity::find()
        .find_also_related(organization::Entity)
        .filter(fund::Column::OrganizationId.is_in(held))
        .filter(fund::Column::ArchivedAt.is_null())
        .order_by_asc(fund::Column::Id)
        .limit(MAX_FUNDS)
        .all(db)
        .await?
        .into_iter()
        .map(super::fund::FundWithOwner::joined)
        .collect()
}

/// The states a program's staff see its applications in: every one but a draft.
const STAFF_SEE: [ApplicationStatus; 8] = [
    ApplicationStatus::Submitted,
    ApplicationStatus::NeedsInfo,
    ApplicationStatus::UnderReview,
    ApplicationStatus::Approved,
    ApplicationStatus::Disbursed,
    ApplicationStatus::Rejected,
    ApplicationStatus::Withdrawn,
    ApplicationStatus::Cancelled,
];

/// A program's awards of one tier in one state, and what they add up to.
#[derive(Debug, Clone, FromQueryResult)]
pub struct TierAwards {
    pub tier_id: i64,
    pub tier_name: String,
    pub status: AwardStatus,
    pub count: i64,
    pub amount: i64,
}

/// A program's figures, for its staff.
#[derive(Debug, Clone)]
pub struct ProgramFigures {
    /// How many of its applications are in each state that has any, drafts left out (each
    /// counted up to [`COUNT_CAP`] + 1, as on a home).
    pub applications: Vec<(ApplicationStatus, i64)>,
    /// Its awards by tier and state with their amounts (exact: they are money).
    pub awards: Vec<TierAwards>,
}

/// A program's figures; FORBIDDEN to anyone but its staff.
#[tracing::instrument(skip(db, actor))]
pub async fn program_figures(
    db: &DatabaseConnection,
    actor: &SignedIn,
    program_id: i64,
) -> Result<ProgramFigures> {
    programs::owner_for_staff(db, actor, program_id).await?;
    // One row: a capped count per state, each read from the index on (program_id, status).
    // Ids and codes are the server's own, never user text.
    let counts: Vec<String> = STAFF_SEE
        .iter()
        .enumerate()
        .map(|(n, status)| {
            let from_where = format!(
                "application a WHERE a.program_id = {program_id} AND a.status = '{}' \
                 AND a.submitted_at IS NOT NULL",
                status.code()
            );
            format!("{} AS c{n}", capped_count(&from_where))
        })
        .collect();
    let statement = Statement::from_string(
        db.get_database_backend(),
        format!("SELECT {}", counts.join(", ")),
    );
    let row = db
        .query_one_raw(statement)
        .await?
        .ok_or_else(|| Error::Internal("a SELECT of counts returned no row".into()))?;
    let mut applications = Vec::new();
    for (n, status) in STAFF_SEE.into_iter().enumerate() {
        let count: i64 = row.try_get("", &format!("c{n}"))?;
        if count > 0 {
            applications.push((status, count));
        }
    }
    let awards = rows(
        db,
        format!(
            "SELECT w.tier_id AS tier_id, t.name AS tier_name, w.status AS status, \
               COUNT(*) AS count, CAST(SUM(w.amount) AS BIGINT) AS amount \
             FROM award w JOIN award_tier t ON t.id = w.tier_id \
             WHERE w.program_id = {program_id} \
             GROUP BY w.tier_id, t.name, w.status ORDER BY w.tier_id, w.status"
        ),
    )
    .await?;
    Ok(ProgramFigures {
        applications,
        awards,
    })
}
