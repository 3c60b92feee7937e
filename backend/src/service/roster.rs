//! A roster: the learners of a subtree (those living in its communes or kept on record by its
//! organisations), for the staff who look after them, by name, searchable and a page at a time.

use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect, QueryTrait,
    sea_query::{
        Alias, Asterisk, Expr, ExprTrait, JoinType, Order, Query, SelectStatement, UnionType,
    },
};
use shared::PersonalId;

use super::{
    Page,
    actor::{PROGRAM_ROLES, SignedIn},
    learner_mentions, organization,
};
use crate::{
    entity::{learner, organization as organization_row},
    error::Result,
};

/// Which learners a roster holds: those of a subtree, matching a search if there is one.
#[derive(Debug, Clone)]
pub struct Roster {
    /// The subtree's root path, `/1/7/`.
    path: String,
    /// The subtree's organisations, when it has few enough for their learners to be looked
    /// up by organisation (the indexes on `commune_id` and `organization_id`)…
    ids: Option<Vec<i64>>,
    /// …and, of those, its communes: a learner's commune is one (registration says so), and
    /// asking for its chapters' ids too made PostgreSQL expect a fifth of all learners and
    /// scan the table.
    communes: Option<Vec<i64>>,
    /// Part of a name or a school (in any case), or a whole personal id; tidied.
    search: Option<String>,
}

impl Roster {
    /// The roster of `organization_id`, for one of its staff (program managers and admins, who
    /// see its learners in full); FORBIDDEN for anyone else.
    pub async fn open_as(
        db: &DatabaseConnection,
        actor: &SignedIn,
        organization_id: i64,
        search: &str,
    ) -> Result<Self> {
        let search = shared::text::search("search", search)?;
        let organization::Subtree {
            root: owner,
            ids,
            communes,
        } = organization::subtree(db, organization_id).await?;
        actor.require_any(
            &PROGRAM_ROLES,
            &owner,
            "see the learners of this organisation",
        )?;
        Ok(Self {
            path: owner.path,
            ids,
            communes,
            search: Some(search).filter(|s| !s.is_empty()),
        })
    }

    /// Whether a learner matches the search, on columns the roster's indexes hold (so that a
    /// small subtree's learners are searched in the indexes alone).
    fn matches(&self) -> Condition {
        let mut matches = Condition::any();
        if let Some(search) = &self.search {
            matches = matches.add(learner_mentions(
                Expr::col(learner::Column::SearchText),
                search,
            ));
            if let Ok(id) = PersonalId::parse(search) {
                matches = matches.add(learner::Column::PersonalId.eq(id.as_str()));
            }
            Condition::all().add(matches)
        } else {
            Condition::all()
        }
    }

    /// The roster's learners as `(id, full_name)`: where the learner lives, or which of the
    /// subtree's organisations keeps the record. For a small subtree, a UNION of the two, each
    /// read from its index (`(commune_id | organization_id, full_name, id, school,
    /// personal_id)`) without the table; for a big one, one scan.
    fn matching(&self) -> SelectStatement {
        let arm = |inside: Condition| {
            learner::Entity::find()
                .select_only()
                .column(learner::Column::Id)
                .column(learner::Column::FullName)
                .filter(inside)
                .filter(self.matches())
                .into_query()
        };
        match (&self.ids, &self.communes) {
            (Some(ids), Some(communes)) => {
                let mut union = arm(Condition::all()
                    .add(learner::Column::OrganizationId.is_in(ids.iter().copied())));
                if !communes.is_empty() {
                    union.union(
                        UnionType::Distinct,
                        arm(Condition::all()
                            .add(learner::Column::CommuneId.is_in(communes.iter().copied()))),
                    );
                }
                union
            }
            _ => {
                let subtree = || {
                    organization_row::Entity::find()
                        .select_only()
                        .column(organization_row::Column::Id)
                        .filter(organization::within(&self.path))
                        .into_query()
                };
                arm(Condition::any()
                    .add(learner::Column::CommuneId.in_subquery(subtree()))
                    .add(learner::Column::OrganizationId.in_subquery(subtree())))
            }
        }
    }

    /// A page of the roster in name order (then id), after the learner `after` if given: the
    /// page's learners read whole, the order and the cursor on the matching names.
    pub async fn page(
        &self,
        db: &DatabaseConnection,
        after: Option<i64>,
        first: u64,
    ) -> Result<Page<learner::Model>> {
        let (page, _) = self.read(db, after, first, false).await?;
        Ok(page)
    }

    /// [`Self::page`] with how many learners the whole roster holds, counted in the same
    /// statement (the search is done once, not once for the page and again for the count).
    pub async fn page_with_total(
        &self,
        db: &DatabaseConnection,
        after: Option<i64>,
        first: u64,
    ) -> Result<(Page<learner::Model>, u64)> {
        match self.read(db, after, first, true).await? {
            (page, Some(total)) => Ok((page, total)),
            // A page past the last holds no row to carry the total.
            (page, None) if after.is_some() => Ok((page, self.count(db).await?)),
            (page, None) => Ok((page, 0)),
        }
    }

    async fn read(
        &self,
        db: &DatabaseConnection,
        after: Option<i64>,
        first: u64,
        with_total: bool,
    ) -> Result<(Page<learner::Model>, Option<u64>)> {
        use sea_orm::FromQueryResult;
        let m = Alias::new("m");
        let name = || Expr::col((m.clone(), learner::Column::FullName));
        let id = || Expr::col((m.clone(), learner::Column::Id));
        // The total over every match, before the cursor and the limit narrow them.
        let matching = if with_total {
            Query::select()
                .column(Asterisk)
                .expr_as(Expr::cust("COUNT(*) OVER ()"), Alias::new("total"))
                .from_subquery(self.matching(), Alias::new("s"))
                .to_owned()
        } else {
            self.matching()
        };
        let mut query = in_order(matching);
        query.limit(first + 1);
        if with_total {
            query.expr_as(
                Expr::col((m.clone(), Alias::new("total"))),
                Alias::new("total"),
            );
        }
        if let Some(after) = after {
            // Keyset on (name, id): the cursor is a learner's id, its name read in the query.
            let name_of_after = super::learner::name_of(after);
            query.cond_where(super::keyset_after(
                name,
                id(),
                || super::key_of_row(&name_of_after),
                after,
                &Order::Asc,
                &Order::Asc,
            ));
        }
        let mut items = Vec::new();
        let mut total = None;
        for row in db.query_all(&query).await? {
            if with_total {
                let n: i64 = row.try_get("", "total")?;
                total = Some(u64::try_from(n).unwrap_or(0));
            }
            items.push(learner::Model::from_query_result(&row, "")?);
        }
        Ok((Page::from_overfetch(items, first), total))
    }

    /// Every learner of the roster in name order (then id), read by one statement as its rows
    /// come: for an export, where paging by name would search a big subtree again for every
    /// page.
    pub async fn stream<'a>(
        &self,
        db: &'a DatabaseConnection,
    ) -> Result<impl futures_util::Stream<Item = Result<learner::Model>> + Send + 'a> {
        use futures_util::TryStreamExt as _;
        let statement = db.get_database_backend().build(&in_order(self.matching()));
        let rows = learner::Entity::find()
            .from_raw_sql(statement)
            .stream(db)
            .await?;
        Ok(rows.map_err(crate::error::Error::from))
    }

    /// How many learners the roster holds.
    pub async fn count(&self, db: &DatabaseConnection) -> Result<u64> {
        let query = Query::select()
            .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
            .from_subquery(self.matching(), Alias::new("m"))
            .to_owned();
        let n: i64 = db
            .query_one(&query)
            .await?
            .map(|row| row.try_get("", "n"))
            .transpose()?
            .unwrap_or(0);
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

/// The learners `matching` chooses (a select of their ids and names, aliased `m`), whole
/// (`l`), in name order and then by id: what a page and the stream both read.
fn in_order(matching: SelectStatement) -> SelectStatement {
    let (m, l) = (Alias::new("m"), Alias::new("l"));
    Query::select()
        .column((l.clone(), Asterisk))
        .from_subquery(matching, m.clone())
        .join_as(
            JoinType::InnerJoin,
            learner::Entity,
            l.clone(),
            Expr::col((l, learner::Column::Id)).equals((m.clone(), learner::Column::Id)),
        )
        .order_by((m.clone(), learner::Column::FullName), Order::Asc)
        .order_by((m, learner::Column::Id), Order::Asc)
        .to_owned()
}
