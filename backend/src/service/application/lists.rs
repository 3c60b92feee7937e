//! Lists of applications: a guardian's own, and a program's for its staff (of a status,
//! searched, in the order asked for, with their total), each read in one statement.

use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection,
    sea_query::{Alias, Expr, ExprTrait, JoinType, Order, Query, SelectStatement},
};
use shared::{ApplicationOrder, ApplicationStatus};

use super::super::{
    Page, actor::SignedIn, join_learner_of, key_of_row, keyset_after, learner_named,
    program as programs,
};
use crate::{
    entity::{application, learner, learner_manager, program},
    error::{Error, Result},
};

/// An application as lists show it, with its program's and learner's names.
#[derive(Debug, Clone, sea_orm::FromQueryResult)]
pub struct Summary {
    pub id: i64,
    pub program_id: i64,
    pub program_name: String,
    pub learner_id: i64,
    pub learner_name: String,
    pub status: ApplicationStatus,
    pub created_at: chrono::DateTime<Utc>,
    pub submitted_at: Option<chrono::DateTime<Utc>>,
    /// The mean of its submitted reviews' scores in hundredths of a percent, or −1 while
    /// none is.
    pub rank_score: i64,
}

/// The summaries of the applications `filter` selects (on the table aliased `a`), in one
/// statement: the names come joined, not fetched per row or per page.
async fn summaries(
    db: &DatabaseConnection,
    filter: impl FnOnce(&mut SelectStatement),
    limit: u64,
) -> Result<Vec<Summary>> {
    use sea_orm::FromQueryResult;
    let (a, p, l) = (Alias::new("a"), Alias::new("p"), Alias::new("l"));
    let mut query = Query::select();
    join_learner_of(&mut query, &a, &l);
    query
        .columns([
            (a.clone(), application::Column::Id),
            (a.clone(), application::Column::ProgramId),
            (a.clone(), application::Column::LearnerId),
            (a.clone(), application::Column::Status),
            (a.clone(), application::Column::CreatedAt),
            (a.clone(), application::Column::SubmittedAt),
            (a.clone(), application::Column::RankScore),
        ])
        .expr_as(
            Expr::col((p.clone(), program::Column::Name)),
            Alias::new("program_name"),
        )
        .expr_as(
            Expr::col((l.clone(), learner::Column::FullName)),
            Alias::new("learner_name"),
        )
        .from_as(application::Entity, a.clone())
        .join_as(
            JoinType::InnerJoin,
            program::Entity,
            p.clone(),
            Expr::col((p.clone(), program::Column::Id))
                .equals((a.clone(), application::Column::ProgramId)),
        )
        .limit(limit);
    filter(&mut query);
    db.query_all(&query)
        .await?
        .iter()
        .map(|row| Summary::from_query_result(row, "").map_err(Error::from))
        .collect()
}

/// A page of the applications the actor made or that are for learners they manage, newest
/// first, before the application `before` if given.
///
/// The two ways of being theirs are a UNION of two index lookups: as one `OR` with a
/// subquery, PostgreSQL scanned all two million applications for it.
pub async fn mine(
    db: &DatabaseConnection,
    actor: &SignedIn,
    before: Option<i64>,
    first: u64,
) -> Result<Page<Summary>> {
    use sea_orm::sea_query::UnionType;
    let a = Alias::new("a");
    let managed = Query::select()
        .column(learner_manager::Column::LearnerId)
        .from(learner_manager::Entity)
        .and_where(learner_manager::Column::UserId.eq(actor.user_id))
        .to_owned();
    let theirs = Query::select()
        .column(application::Column::Id)
        .from(application::Entity)
        .and_where(application::Column::SubmittedBy.eq(actor.user_id))
        .union(
            UnionType::Distinct,
            Query::select()
                .column(application::Column::Id)
                .from(application::Entity)
                .and_where(application::Column::LearnerId.in_subquery(managed))
                .to_owned(),
        )
        .to_owned();
    let items = summaries(
        db,
        |query| {
            query
                .and_where(Expr::col((a.clone(), application::Column::Id)).in_subquery(theirs))
                .order_by((a.clone(), application::Column::Id), Order::Desc);
            if let Some(before) = before {
                query.and_where(Expr::col((a.clone(), application::Column::Id)).lt(before));
            }
        },
        first + 1,
    )
    .await?;
    Ok(Page::from_overfetch(items, first))
}

/// What a program's staff look for among its applications: a reference (`HS-000123`, or its
/// number) finds that application; any other text, the learners whose names contain it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Search {
    Everything,
    Reference(i64),
    LearnerName(String),
}

impl Search {
    pub fn parse(text: &str) -> Result<Self> {
        let text = shared::text::search("search", text)?;
        if text.is_empty() {
            return Ok(Self::Everything);
        }
        Ok(match shared::application::parse_reference(&text) {
            Some(id) => Self::Reference(id),
            None => Self::LearnerName(text),
        })
    }
}

/// Which of a program's applications its staff are looking at: those of one status (or every
/// status but drafts) that match a search. Opened by the program's staff only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramApplications {
    program_id: i64,
    status: Option<ApplicationStatus>,
    search: Search,
}

impl ProgramApplications {
    /// The applications of a program for its staff (one statement), refused to anyone else.
    pub async fn open_as(
        db: &DatabaseConnection,
        actor: &SignedIn,
        program_id: i64,
        status: Option<ApplicationStatus>,
        search: Search,
    ) -> Result<Self> {
        programs::owner_for_staff(db, actor, program_id).await?;
        Ok(Self {
            program_id,
            status,
            search,
        })
    }

    /// Narrows `query` (on the application aliased `a`, its learner aliased `l`) to these.
    fn narrow(&self, query: &mut SelectStatement) {
        let a = Alias::new("a");
        let column = |c: application::Column| Expr::col((a.clone(), c));
        // Submitted once, so not a draft: nothing moves back to DRAFT, and a draft has never
        // been submitted. Said this way, the count of a program's applications is read from
        // the index on (program_id, submitted_at, id) alone.
        query
            .and_where(column(application::Column::ProgramId).eq(self.program_id))
            .and_where(column(application::Column::SubmittedAt).is_not_null());
        if let Some(status) = self.status {
            query.and_where(column(application::Column::Status).eq(status));
        }
        match &self.search {
            Search::Everything => {}
            Search::Reference(id) => {
                query.and_where(column(application::Column::Id).eq(*id));
            }
            Search::LearnerName(name) => {
                let search_text = Expr::col((Alias::new("l"), learner::Column::SearchText));
                query.and_where(learner_named(search_text, name));
            }
        }
    }

    /// A page of them in `order`, after the application `after` (whose place in that order
    /// is read in the same statement).
    pub async fn page(
        &self,
        db: &DatabaseConnection,
        order: ApplicationOrder,
        after: Option<i64>,
        first: u64,
    ) -> Result<Page<Summary>> {
        let a = Alias::new("a");
        let id = || Expr::col((a.clone(), application::Column::Id));
        // Each order is that of an index: (program_id, id), (program_id, submitted_at, id),
        // (program_id, rank_score DESC, id).
        let (key, key_order, id_order) = match order {
            ApplicationOrder::Oldest => (None, Order::Asc, Order::Asc),
            ApplicationOrder::LatestSubmitted => (
                Some(application::Column::SubmittedAt),
                Order::Desc,
                Order::Desc,
            ),
            ApplicationOrder::BestScore => (
                Some(application::Column::RankScore),
                Order::Desc,
                Order::Asc,
            ),
        };
        let items = summaries(
            db,
            |query| {
                self.narrow(query);
                if let Some(key) = key {
                    query.order_by((a.clone(), key), key_order.clone());
                }
                query.order_by((a.clone(), application::Column::Id), id_order.clone());
                match (after, key) {
                    (None, _) => {}
                    (Some(after), None) => {
                        query.and_where(id().gt(after));
                    }
                    (Some(after), Some(key)) => {
                        let key_of_after = Query::select()
                            .column(key)
                            .from(application::Entity)
                            .and_where(application::Column::Id.eq(after))
                            .to_owned();
                        query.cond_where(keyset_after(
                            || Expr::col((a.clone(), key)),
                            id(),
                            || key_of_row(&key_of_after),
                            after,
                            &key_order,
                            &id_order,
                        ));
                    }
                }
            },
            first + 1,
        )
        .await?;
        Ok(Page::from_overfetch(items, first))
    }

    /// How many there are, on every page.
    pub async fn count(&self, db: &DatabaseConnection) -> Result<u64> {
        let (a, l) = (Alias::new("a"), Alias::new("l"));
        let mut query = Query::select();
        query
            .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
            .from_as(application::Entity, a.clone());
        if matches!(self.search, Search::LearnerName(_)) {
            join_learner_of(&mut query, &a, &l);
        }
        self.narrow(&mut query);
        let row = db.query_one(&query).await?;
        let n: i64 = row.map_or(Ok(0), |row| row.try_get("", "n"))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_is_a_reference_when_it_reads_as_one_and_otherwise_a_name() {
        assert_eq!(Search::parse("  ").ok(), Some(Search::Everything));
        assert_eq!(
            Search::parse("HS-000123").ok(),
            Some(Search::Reference(123))
        );
        assert_eq!(Search::parse("hs-42").ok(), Some(Search::Reference(42)));
        assert_eq!(Search::parse("123").ok(), Some(Search::Reference(123)));
        assert_eq!(
            Search::parse("Lê  Minh").ok(),
            Some(Search::LearnerName("Lê Minh".into()))
        );
        assert_eq!(
            Search::parse("HS-12a").ok(),
            Some(Search::LearnerName("HS-12a".into()))
        );
        assert_eq!(
            Search::parse("+5").ok(),
            Some(Search::LearnerName("+5".into()))
        );
        assert_eq!(
            Search::parse("0").ok(),
            Some(Search::LearnerName("0".into()))
        );
    }
}
