//! A roster: the learners of a subtree (those living in its communes or kept on record by its
//! organisations), for the staff who look after them, by name, searchable and a page at a time.

use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait,
    sea_query::{Expr, ExprTrait, QueryStatementBuilder},
};
use shared::PersonalId;

use super::{Page, access::SignedIn, contains_text, learner::STAFF_ROLES, organization};
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
    /// up by organisation (the indexes on `commune_id` and `organization_id`).
    ids: Option<Vec<i64>>,
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
        let organization::Subtree { root: owner, ids } =
            organization::subtree(db, organization_id).await?;
        actor.require_any(
            &STAFF_ROLES,
            &owner,
            "see the learners of this organisation",
        )?;
        Ok(Self {
            path: owner.path,
            ids,
            search: Some(search).filter(|s| !s.is_empty()),
        })
    }

    fn condition(&self) -> Condition {
        let subtree = || {
            organization_row::Entity::find()
                .select_only()
                .column(organization_row::Column::Id)
                .filter(organization::within(&self.path))
                .into_query()
        };
        // Where the learner lives, or which of the subtree's organisations keeps the record.
        let inside = match &self.ids {
            Some(ids) => Condition::any()
                .add(learner::Column::CommuneId.is_in(ids.iter().copied()))
                .add(learner::Column::OrganizationId.is_in(ids.iter().copied())),
            None => Condition::any()
                .add(learner::Column::CommuneId.in_subquery(subtree()))
                .add(learner::Column::OrganizationId.in_subquery(subtree())),
        };
        let mut condition = Condition::all().add(inside);
        if let Some(search) = &self.search {
            let mut matches = Condition::any()
                .add(contains_text(Expr::col(learner::Column::FullName), search))
                .add(contains_text(Expr::col(learner::Column::School), search));
            if let Ok(id) = PersonalId::parse(search) {
                matches = matches.add(learner::Column::PersonalId.eq(id.as_str()));
            }
            condition = condition.add(matches);
        }
        condition
    }

    /// A page of the roster in name order (then id), after the learner `after` if given.
    pub async fn page(
        &self,
        db: &DatabaseConnection,
        after: Option<i64>,
        first: u64,
    ) -> Result<Page<learner::Model>> {
        let mut query = learner::Entity::find().filter(self.condition());
        if let Some(after) = after {
            // Keyset on (name, id): the cursor is a learner's id, its name read in the query.
            let name = || {
                Expr::SubQuery(
                    None,
                    Box::new(
                        learner::Entity::find()
                            .select_only()
                            .column(learner::Column::FullName)
                            .filter(learner::Column::Id.eq(after))
                            .into_query()
                            .into_sub_query_statement(),
                    ),
                )
            };
            query = query.filter(
                Condition::any()
                    .add(Expr::col(learner::Column::FullName).gt(name()))
                    .add(
                        Condition::all()
                            .add(Expr::col(learner::Column::FullName).eq(name()))
                            .add(learner::Column::Id.gt(after)),
                    ),
            );
        }
        let items = query
            .order_by_asc(learner::Column::FullName)
            .order_by_asc(learner::Column::Id)
            .limit(first + 1)
            .all(db)
            .await?;
        Ok(Page::from_overfetch(items, first))
    }

    /// How many learners the roster holds.
    pub async fn count(&self, db: &DatabaseConnection) -> Result<u64> {
        Ok(learner::Entity::find()
            .filter(self.condition())
            .count(db)
            .await?)
    }
}
