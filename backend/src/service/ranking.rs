//! A program's ranking: its applications under review or decided, best combined score first,
//! computed, ordered and paginated by the database (DESIGN.md §6: nothing matched or sorted
//! in memory, no list of ids sent back).

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder,
    sea_query::{
        Alias, Asterisk, CaseStatement, Expr, ExprTrait as _, Func, JoinType, Order, Query,
        SelectStatement,
    },
};
use shared::{ApplicationStatus, ReviewStatus};

use super::{Page, access::SignedIn, program as programs};
use crate::{
    entity::{application, award, award_tier, learner, review},
    error::Result,
};

/// One line of a program's ranking.
#[derive(Debug, Clone)]
pub struct Ranked {
    pub application: application::Model,
    pub learner_name: String,
    /// The award, once approved.
    pub award: Option<award::Model>,
    /// Mean of the submitted reviews' scores, in hundredths of a percent.
    pub score: Option<i32>,
    pub reviews_submitted: usize,
    pub reviews_assigned: usize,
}

impl Ranked {
    /// Where this line stands: what the next page starts after.
    pub fn key(&self) -> RankKey {
        RankKey {
            score: self.score,
            application_id: self.application.id,
        }
    }
}

/// A place in a ranking: a score (none, for the unscored, who come last) and, among equal
/// scores, the application's id (lowest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RankKey {
    pub score: Option<i32>,
    pub application_id: i64,
}

/// The statuses of the applications a ranking lists.
const RANKED: [ApplicationStatus; 3] = [
    ApplicationStatus::UnderReview,
    ApplicationStatus::Approved,
    ApplicationStatus::Disbursed,
];

/// What the ranking orders by: the mean score, or −1 for an application with no submitted
/// review (scores are never negative).
const UNSCORED: i64 = -1;

/// A page of a program's ranking after `after`, for its staff; with the program's tiers,
/// which the awards name. One statement for the tiers, one for the page.
pub async fn ranking_as(
    db: &DatabaseConnection,
    actor: &SignedIn,
    program_id: i64,
    after: Option<RankKey>,
    first: u64,
) -> Result<(Vec<award_tier::Model>, Page<Ranked>)> {
    programs::owner_for_staff(db, actor, program_id).await?;
    let tiers = award_tier::Entity::find()
        .filter(award_tier::Column::ProgramId.eq(program_id))
        .order_by_asc(award_tier::Column::Position)
        .all(db)
        .await?;
    let page = page(db, program_id, after, first).await?;
    Ok((tiers, page))
}

async fn page(
    db: &impl ConnectionTrait,
    program_id: i64,
    after: Option<RankKey>,
    first: u64,
) -> Result<Page<Ranked>> {
    let (t, top, a, l, w) = (
        Alias::new("t"),
        Alias::new("top"),
        Alias::new("a"),
        Alias::new("l"),
        Alias::new("w"),
    );
    let rank = || Expr::col((t.clone(), Alias::new("rank")));
    let id = || Expr::col((t.clone(), Alias::new("a_id")));
    // The page's candidates first, from the applications and their reviews alone…
    let mut best = Query::select();
    best.column((t.clone(), Asterisk))
        .from_subquery(candidates(program_id), t.clone())
        .order_by_expr(rank(), Order::Desc)
        .order_by_expr(id(), Order::Asc)
        .limit(first + 1);
    if let Some(after) = after {
        let score = after.score.map_or(UNSCORED, i64::from);
        best.and_where(
            rank()
                .lt(score)
                .or(rank().eq(score).and(id().gt(after.application_id))),
        );
    }
    // …then only theirs joined with the application, the learner's name and the award.
    let on_top = |column: &str| Expr::col((top.clone(), Alias::new(column)));
    let mut query = Query::select();
    super::select_prefixed::<application::Entity>(&mut query, &a, "a_");
    super::select_prefixed::<award::Entity>(&mut query, &w, "w_");
    query
        .expr_as(
            Expr::col((l.clone(), learner::Column::FullName)),
            Alias::new("learner_name"),
        )
        .expr_as(on_top("rank"), Alias::new("rank"))
        .expr_as(on_top("submitted"), Alias::new("submitted"))
        .expr_as(on_top("assigned"), Alias::new("assigned"))
        .from_subquery(best, top.clone())
        .join_as(
            JoinType::InnerJoin,
            application::Entity,
            a.clone(),
            Expr::col((a.clone(), application::Column::Id))
                .equals((top.clone(), Alias::new("a_id"))),
        )
        .join_as(
            JoinType::InnerJoin,
            learner::Entity,
            l.clone(),
            Expr::col((l.clone(), learner::Column::Id))
                .equals((a.clone(), application::Column::LearnerId)),
        )
        .join_as(
            JoinType::LeftJoin,
            award::Entity,
            w.clone(),
            Expr::col((w.clone(), award::Column::ApplicationId))
                .equals((a.clone(), application::Column::Id)),
        )
        .order_by_expr(on_top("rank"), Order::Desc)
        .order_by_expr(on_top("a_id"), Order::Asc);
    let mut ranked = Vec::new();
    for row in db.query_all(&query).await? {
        let rank: i64 = row.try_get("", "rank")?;
        let submitted: i64 = row.try_get("", "submitted")?;
        let assigned: i64 = row.try_get("", "assigned")?;
        ranked.push(Ranked {
            application: application::Model::from_query_result(&row, "a_")?,
            learner_name: row.try_get("", "learner_name")?,
            award: award::Model::from_query_result_optional(&row, "w_")?,
            score: (rank != UNSCORED).then(|| i32::try_from(rank).unwrap_or(i32::MAX)),
            reviews_submitted: usize::try_from(submitted).unwrap_or(0),
            reviews_assigned: usize::try_from(assigned).unwrap_or(0),
        });
    }
    Ok(Page::from_overfetch(ranked, first))
}

/// Each candidate of the program (`a_id`) with its reviews summed up (`rank`, `submitted`,
/// `assigned`): from the applications and the reviews only (found through the index on
/// `review.application_id`), so that ordering every candidate reads nothing else.
fn candidates(program_id: i64) -> SelectStatement {
    let (a, r) = (Alias::new("a"), Alias::new("r"));
    let review_column = |column: review::Column| Expr::col((r.clone(), column));
    let submitted = || Func::count(review_column(review::Column::Score));
    // Integer division on both engines, as the mean has always been truncated.
    let mean = Expr::expr(Func::sum(review_column(review::Column::Score)))
        .cast_as("BIGINT")
        .div(submitted());
    let rank = CaseStatement::new()
        .case(Expr::expr(submitted()).gt(0), mean)
        .finally(Expr::val(UNSCORED));
    Query::select()
        .expr_as(
            Expr::col((a.clone(), application::Column::Id)),
            Alias::new("a_id"),
        )
        .expr_as(rank, Alias::new("rank"))
        .expr_as(submitted(), Alias::new("submitted"))
        .expr_as(
            Func::count(review_column(review::Column::Id)),
            Alias::new("assigned"),
        )
        .from_as(application::Entity, a.clone())
        .join_as(
            JoinType::LeftJoin,
            review::Entity,
            r.clone(),
            review_column(review::Column::ApplicationId)
                .equals((a.clone(), application::Column::Id))
                .and(review_column(review::Column::Status).ne(ReviewStatus::Conflict)),
        )
        .and_where(Expr::col((a.clone(), application::Column::ProgramId)).eq(program_id))
        .and_where(Expr::col((a.clone(), application::Column::Status)).is_in(RANKED))
        .group_by_col((a.clone(), application::Column::Id))
        .to_owned()
}
