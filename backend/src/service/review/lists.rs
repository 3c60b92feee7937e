//! Reading reviews: a reviewer's queue a page at a time and its counts by state, an
//! application's reviews, and the reviewers a program's staff may assign.

use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};
use shared::{ApplicationStatus, ReviewStatus};

use super::{
    super::{
        Page,
        actor::SignedIn,
        application as applications, join_learner_of, organization, parties,
        program::{self as programs, ProgramWithTiers, require_program_role},
        select_prefixed,
    },
    reviewers_of,
};
use crate::{
    entity::{application, review, user_account},
    error::{Error, Result},
};

/// A page of a reviewer's queue with what each task shows: the reviews with their
/// applications and learners (one statement), the programs with their tiers (one), the
/// page's documents (one).
#[derive(Debug, Clone, Default)]
pub struct Queue {
    pub tasks: Vec<Task>,
    pub has_next_page: bool,
    pub programs: HashMap<i64, ProgramWithTiers>,
    pub evidence: HashMap<i64, Vec<crate::entity::evidence::Model>>,
}

/// One review with the application and learner it is about.
#[derive(Debug, Clone)]
pub struct Task {
    pub review: review::Model,
    pub application: application::Model,
    pub learner: crate::entity::learner::Model,
}

/// A page of the actor's reviews still to do, oldest first, after the review `after`, with
/// everything their page shows.
pub async fn queue_view(
    db: &DatabaseConnection,
    actor: &SignedIn,
    after: Option<i64>,
    first: u64,
) -> Result<Queue> {
    use crate::entity::{evidence, learner};
    use sea_orm::{
        FromQueryResult,
        sea_query::{Alias, Expr, ExprTrait as _, JoinType, Order, Query},
    };
    let (r, a, l) = (Alias::new("r"), Alias::new("a"), Alias::new("l"));
    let mut query = Query::select();
    select_prefixed::<review::Entity>(&mut query, &r, "r_");
    select_prefixed::<application::Entity>(&mut query, &a, "a_");
    select_prefixed::<learner::Entity>(&mut query, &l, "l_");
    query
        .from_as(review::Entity, r.clone())
        .join_as(
            JoinType::InnerJoin,
            application::Entity,
            a.clone(),
            Expr::col((a.clone(), application::Column::Id))
                .equals((r.clone(), review::Column::ApplicationId)),
        )
        .and_where(Expr::col((r.clone(), review::Column::ReviewerId)).eq(actor.user_id))
        .and_where(Expr::col((r.clone(), review::Column::Status)).eq(ReviewStatus::Assigned))
        .and_where(
            Expr::col((a.clone(), application::Column::Status)).eq(ApplicationStatus::UnderReview),
        )
        .order_by((r.clone(), review::Column::Id), Order::Asc)
        .limit(first + 1);
    join_learner_of(&mut query, &a, &l);
    if let Some(after) = after {
        query.and_where(Expr::col((r.clone(), review::Column::Id)).gt(after));
    }
    let mut tasks = Vec::new();
    for row in db.query_all(&query).await? {
        tasks.push(Task {
            review: review::Model::from_query_result(&row, "r_")?,
            application: application::Model::from_query_result(&row, "a_")?,
            learner: learner::Model::from_query_result(&row, "l_")?,
        });
    }
    let Page {
        items: tasks,
        has_next_page,
    } = Page::from_overfetch(tasks, first);
    if tasks.is_empty() {
        return Ok(Queue::default());
    }
    let mut program_ids: Vec<i64> = tasks.iter().map(|t| t.application.program_id).collect();
    program_ids.sort_unstable();
    program_ids.dedup();
    let programs = programs::get_many(db, program_ids)
        .await?
        .into_iter()
        .map(|program| (program.program.id, program))
        .collect();
    let mut evidence: HashMap<i64, Vec<evidence::Model>> = HashMap::new();
    // At most a page of ids.
    let of_page = tasks.iter().map(|task| task.application.id);
    for file in evidence::Entity::find()
        .filter(evidence::Column::ApplicationId.is_in(of_page))
        .order_by_asc(evidence::Column::Id)
        .all(db)
        .await?
    {
        evidence.entry(file.application_id).or_default().push(file);
    }
    Ok(Queue {
        tasks,
        has_next_page,
        programs,
        evidence,
    })
}

/// How a reviewer's assignments stand: what waits in the queue, what is scored, and where
/// they stepped aside.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueCounts {
    pub to_review: u64,
    pub submitted: u64,
    pub conflicts: u64,
}

/// The actor's [`QueueCounts`], in one statement (the reviewer's index serves it).
pub async fn queue_counts(db: &DatabaseConnection, actor: &SignedIn) -> Result<QueueCounts> {
    use sea_orm::{
        FromQueryResult,
        sea_query::{Alias, Expr, ExprTrait as _, Func, JoinType, Query},
    };
    #[derive(FromQueryResult)]
    struct Row {
        status: ReviewStatus,
        n: i64,
    }
    let (r, a) = (Alias::new("r"), Alias::new("a"));
    let status = Expr::col((r.clone(), review::Column::Status));
    let query = Query::select()
        .expr_as(status.clone(), Alias::new("status"))
        .expr_as(
            Func::count(Expr::col((r.clone(), review::Column::Id))),
            Alias::new("n"),
        )
        .from_as(review::Entity, r.clone())
        .join_as(
            JoinType::InnerJoin,
            application::Entity,
            a.clone(),
            Expr::col((a.clone(), application::Column::Id))
                .equals((r.clone(), review::Column::ApplicationId)),
        )
        .and_where(Expr::col((r.clone(), review::Column::ReviewerId)).eq(actor.user_id))
        // An assignment waits only while its application is under review (as in the queue).
        .and_where(status.clone().ne(ReviewStatus::Assigned).or(
            Expr::col((a.clone(), application::Column::Status)).eq(ApplicationStatus::UnderReview),
        ))
        .group_by_col((r.clone(), review::Column::Status))
        .to_owned();
    let mut counts = QueueCounts::default();
    for row in db.query_all(&query).await? {
        let row = Row::from_query_result(&row, "")?;
        let n = u64::try_from(row.n).unwrap_or(0);
        match row.status {
            ReviewStatus::Assigned => counts.to_review = n,
            ReviewStatus::Submitted => counts.submitted = n,
            ReviewStatus::Conflict => counts.conflicts = n,
        }
    }
    Ok(counts)
}

/// One review by id, for its reviewer.
pub async fn get_own(db: &DatabaseConnection, actor: &SignedIn, id: i64) -> Result<review::Model> {
    review::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|r| r.reviewer_id == actor.user_id)
        .ok_or_else(|| Error::NotFound {
            entity: "Review",
            id: id.to_string(),
        })
}

/// The reviews of an application.
/// The reviews of an application, for the staff of its program once it is submitted;
/// NOT_FOUND for whoever does not know of it, FORBIDDEN for others who do (its applicant, its
/// reviewers).
pub async fn of_application_as(
    db: &DatabaseConnection,
    actor: &SignedIn,
    application_id: i64,
) -> Result<Vec<review::Model>> {
    let current = applications::get(db, application_id).await?;
    let program = programs::get(db, current.program_id).await?;
    let owner = organization::get(db, program.program.organization_id).await?;
    if !parties::knows_of(db, actor, &current, &owner).await? {
        return Err(applications::not_found(application_id));
    }
    require_program_role(actor, &owner)?;
    of_application(db, application_id).await
}

pub async fn of_application(
    db: &impl ConnectionTrait,
    application_id: i64,
) -> Result<Vec<review::Model>> {
    Ok(review::Entity::find()
        .filter(review::Column::ApplicationId.eq(application_id))
        .order_by_asc(review::Column::Id)
        .all(db)
        .await?)
}

/// A reviewer who may be assigned to a program's applications.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub user_id: i64,
    pub display_name: String,
    /// Reviews of the program assigned to them, declared conflicts left out.
    pub assigned: usize,
    /// Of those, the ones they have still to score: what they owe the program.
    pub to_score: usize,
}

/// The reviewers of a program's organisation (or above it), least loaded first, for the
/// program's staff choosing whom to assign.
pub async fn candidates_as(
    db: &DatabaseConnection,
    actor: &SignedIn,
    program_id: i64,
) -> Result<Vec<Candidate>> {
    use sea_orm::{QuerySelect, QueryTrait};
    let (_, owner) = programs::get_as_staff(db, actor, program_id).await?;
    let pool = reviewers_of(db, &owner.path).await?;
    let of_program = application::Entity::find()
        .select_only()
        .column(application::Column::Id)
        .filter(application::Column::ProgramId.eq(program_id))
        .into_query();
    // Counted by reviewer and state in the database: a program of a million applications has
    // millions of reviews, which are not read into memory to be counted.
    let counts: Vec<(i64, ReviewStatus, i64)> = review::Entity::find()
        .select_only()
        .column(review::Column::ReviewerId)
        .column(review::Column::Status)
        .column_as(review::Column::Id.count(), "n")
        .filter(review::Column::ApplicationId.in_subquery(of_program))
        .filter(review::Column::Status.ne(ReviewStatus::Conflict))
        .group_by(review::Column::ReviewerId)
        .group_by(review::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let users = user_account::Entity::find()
        .filter(user_account::Column::Id.is_in(pool))
        .all(db)
        .await?;
    let mut load: HashMap<i64, (usize, usize)> = HashMap::new();
    for (reviewer, status, n) in counts {
        let n = usize::try_from(n).unwrap_or_default();
        let (assigned, to_score) = load.entry(reviewer).or_default();
        *assigned += n;
        if status == ReviewStatus::Assigned {
            *to_score += n;
        }
    }
    let mut candidates: Vec<Candidate> = users
        .into_iter()
        .map(|user| {
            let (assigned, to_score) = load.get(&user.id).copied().unwrap_or_default();
            Candidate {
                assigned,
                to_score,
                user_id: user.id,
                display_name: user.display_name,
            }
        })
        .collect();
    candidates.sort_by_key(|c| (c.assigned, c.user_id));
    Ok(candidates)
}
