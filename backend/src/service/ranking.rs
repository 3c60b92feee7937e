//! A program's ranking: its applications under review or decided, best combined score first,
//! read in order from an index and paginated by the database (DESIGN.md §6: nothing matched
//! or sorted in memory, no list of ids sent back). Each application keeps its mean score
//! (`rank_score`), written by [`rescore`] with every review that changes it.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect,
    sea_query::{Alias, Expr, ExprTrait as _, Func, JoinType, Order, Query, SubQueryStatement},
};
use shared::{ApplicationStatus, ReviewStatus};

use super::{Page, actor::SignedIn, program as programs};
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
    let ranking = Ranking::open_as(db, actor, program_id).await?;
    let tiers = award_tier::Entity::find()
        .filter(award_tier::Column::ProgramId.eq(program_id))
        .order_by_asc(award_tier::Column::Position)
        .all(db)
        .await?;
    let page = ranking.page(db, after, first).await?;
    Ok((tiers, page))
}

/// A program's ranking that someone may read: asked once, then read a page at a time (an
/// export reads many).
#[derive(Debug, Clone, Copy)]
pub struct Ranking {
    program_id: i64,
}

impl Ranking {
    /// For the program's staff.
    pub async fn open_as(
        db: &DatabaseConnection,
        actor: &SignedIn,
        program_id: i64,
    ) -> Result<Self> {
        programs::owner_for_staff(db, actor, program_id).await?;
        Ok(Self { program_id })
    }

    /// The lines after `after`, best first.
    pub async fn page(
        &self,
        db: &DatabaseConnection,
        after: Option<RankKey>,
        first: u64,
    ) -> Result<Page<Ranked>> {
        page(db, self.program_id, after, first).await
    }
}

async fn page(
    db: &impl ConnectionTrait,
    program_id: i64,
    after: Option<RankKey>,
    first: u64,
) -> Result<Page<Ranked>> {
    let (a, l, w) = (Alias::new("a"), Alias::new("l"), Alias::new("w"));
    let rank = || Expr::col((a.clone(), application::Column::RankScore));
    let id = || Expr::col((a.clone(), application::Column::Id));
    // How many of the line's reviews are submitted, and assigned in all (stepping aside
    // removes one): read for the page's lines only, through the index on the application.
    let reviews = |count: Expr| {
        Expr::SubQuery(
            None,
            Box::new(SubQueryStatement::SelectStatement(
                Query::select()
                    .expr(count)
                    .from(review::Entity)
                    .and_where(
                        Expr::col((review::Entity, review::Column::ApplicationId))
                            .equals((a.clone(), application::Column::Id)),
                    )
                    .and_where(review::Column::Status.ne(ReviewStatus::Conflict))
                    .to_owned(),
            )),
        )
    };
    let mut query = Query::select();
    super::join_learner_of(&mut query, &a, &l);
    super::select_prefixed::<application::Entity>(&mut query, &a, "a_");
    super::select_prefixed::<award::Entity>(&mut query, &w, "w_");
    query
        .expr_as(
            Expr::col((l.clone(), learner::Column::FullName)),
            Alias::new("learner_name"),
        )
        .expr_as(
            reviews(Func::count(Expr::col(review::Column::Score)).into()),
            Alias::new("submitted"),
        )
        .expr_as(
            reviews(Func::count(Expr::col(review::Column::Id)).into()),
            Alias::new("assigned"),
        )
        .from_as(application::Entity, a.clone())
        .join_as(
            JoinType::LeftJoin,
            award::Entity,
            w.clone(),
            Expr::col((w.clone(), award::Column::ApplicationId))
                .equals((a.clone(), application::Column::Id)),
        )
        .and_where(Expr::col((a.clone(), application::Column::ProgramId)).eq(program_id))
        .and_where(Expr::col((a.clone(), application::Column::Status)).is_in(RANKED))
        // The order of the index on (program_id, rank_score DESC, id).
        .order_by_expr(rank(), Order::Desc)
        .order_by_expr(id(), Order::Asc)
        .limit(first + 1);
    if let Some(after) = after {
        let score = after.score.map_or(UNSCORED, i64::from);
        query.cond_where(super::keyset_after(
            rank,
            id(),
            || Expr::value(score),
            after.application_id,
            &Order::Desc,
            &Order::Asc,
        ));
    }
    let mut ranked = Vec::new();
    for row in db.query_all(&query).await? {
        let submitted: i64 = row.try_get("", "submitted")?;
        let assigned: i64 = row.try_get("", "assigned")?;
        let application = application::Model::from_query_result(&row, "a_")?;
        let rank = application.rank_score;
        ranked.push(Ranked {
            learner_name: row.try_get("", "learner_name")?,
            award: award::Model::from_query_result_optional(&row, "w_")?,
            score: (rank != UNSCORED).then(|| i32::try_from(rank).unwrap_or(i32::MAX)),
            reviews_submitted: usize::try_from(submitted).unwrap_or(0),
            reviews_assigned: usize::try_from(assigned).unwrap_or(0),
            application,
        });
    }
    Ok(Page::from_overfetch(ranked, first))
}

/// Writes an application's [`application::Model::rank_score`] afresh from its reviews, in the
/// transaction that changed one: the mean of the submitted scores (integer division, as the
/// mean has always been truncated), or −1 while none is.
pub async fn rescore(db: &impl ConnectionTrait, application_id: i64) -> Result<()> {
    let of_application = || {
        review::Entity::find()
            .filter(review::Column::ApplicationId.eq(application_id))
            .filter(review::Column::Status.ne(ReviewStatus::Conflict))
    };
    let (total, submitted): (Option<i64>, i64) = of_application()
        .select_only()
        .column_as(super::sum_of("score"), "total")
        .column_as(review::Column::Score.count(), "submitted")
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or((None, 0));
    let rank = match (total, submitted) {
        (Some(total), submitted) if submitted > 0 => total / submitted,
        _ => UNSCORED,
    };
    application::Entity::update_many()
        .col_expr(application::Column::RankScore, Expr::value(rank))
        .filter(application::Column::Id.eq(application_id))
        .exec(db)
        .await?;
    Ok(())
}
