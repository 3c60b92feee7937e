//! Reading the audit log: an admin's page of events, newest first, with filters, of the
//! organisations in their subtrees. Apart from `audit`, which every change writes through, so
//! that writing the log depends on nothing and reading it may use the organisation tree.

use chrono::Utc;
use shared::{AuditAction, AuditObject};

use super::organization;
use crate::{entity::audit_event, error::Result};

/// One entry of the audit log.
pub use super::audit::Event;

/// Which audit events a list returns.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<AuditAction>,
    pub actor_id: Option<i64>,
    pub object_type: Option<AuditObject>,
    pub object_id: Option<String>,
    pub since: Option<chrono::DateTime<Utc>>,
    pub until: Option<chrono::DateTime<Utc>>,
}

/// The audit events an admin may see, newest first, a page at a time: those of organisations
/// in their subtrees, and, for admins of a whole tree, those tied to no organisation
/// (sign-ins, accounts).
pub async fn list_as(
    db: &sea_orm::DatabaseConnection,
    actor: &super::actor::SignedIn,
    filter: &AuditFilter,
    before_id: Option<i64>,
    first: u64,
) -> Result<super::Page<audit_event::Model>> {
    use sea_orm::{
        ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    };
    use shared::Role;

    let admin_paths: Vec<&str> = actor
        .grants
        .iter()
        .filter(|grant| grant.role == Role::Admin)
        .map(|grant| grant.organization_path.as_str())
        .collect();
    if admin_paths.is_empty() {
        return Err(crate::Error::Forbidden(
            "Only administrators may read the audit log.".into(),
        ));
    }
    let mut wanted = Condition::all();
    if let Some(action) = filter.action {
        wanted = wanted.add(audit_event::Column::Action.eq(action));
    }
    if let Some(actor_id) = filter.actor_id {
        wanted = wanted.add(audit_event::Column::ActorId.eq(actor_id));
    }
    if let Some(object_type) = filter.object_type {
        wanted = wanted.add(audit_event::Column::ObjectType.eq(object_type));
    }
    if let Some(object_id) = &filter.object_id {
        wanted = wanted.add(audit_event::Column::ObjectId.eq(object_id.as_str()));
    }
    if let Some(since) = filter.since {
        wanted = wanted.add(audit_event::Column::At.gte(since));
    }
    if let Some(until) = filter.until {
        wanted = wanted.add(audit_event::Column::At.lt(until));
    }
    if let Some(before_id) = before_id {
        wanted = wanted.add(audit_event::Column::Id.lt(before_id));
    }
    // `/1/` is a root: one id between slashes. Its admins also see the events tied to no
    // organisation (sign-ins, accounts).
    let of_a_root = admin_paths
        .iter()
        .any(|path| path.matches('/').count() == 2);
    let small = if of_a_root {
        None
    } else {
        organization::small_subtrees(db, &admin_paths).await?
    };
    let items = match small {
        Some(ids) if !ids.is_empty() => newest_of(db, &ids, wanted, first + 1).await?,
        _ => {
            // A big subtree's events are most of the log: walking it newest first finds a
            // page at once.
            let mut in_subtrees = Condition::any();
            for path in &admin_paths {
                in_subtrees = in_subtrees.add(organization::within(path));
            }
            let subtree_ids = crate::entity::organization::Entity::find()
                .select_only()
                .column(crate::entity::organization::Column::Id)
                .filter(in_subtrees)
                .into_query();
            let mut visible =
                Condition::any().add(audit_event::Column::OrganizationId.in_subquery(subtree_ids));
            if of_a_root {
                visible = visible.add(audit_event::Column::OrganizationId.is_null());
            }
            audit_event::Entity::find()
                .filter(visible)
                .filter(wanted)
                .order_by_desc(audit_event::Column::Id)
                .limit(first + 1)
                .all(db)
                .await?
        }
    };
    Ok(super::Page::from_overfetch(items, first))
}

/// The newest `limit` events of the organisations `ids` that meet `wanted`, in one statement:
/// a small subtree's events are few and scattered through the log (walking it back from the
/// newest took a commune 110 ms at city scale), so each organisation's newest are read from
/// the `(organization_id, id)` index, at most `limit` each, and the union is ordered.
async fn newest_of(
    db: &sea_orm::DatabaseConnection,
    ids: &[i64],
    wanted: sea_orm::Condition,
    limit: u64,
) -> Result<Vec<audit_event::Model>> {
    use audit_event::Column;
    use sea_orm::{
        ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
        sea_query::{Alias, Asterisk, Expr, ExprTrait as _, Order, Query, UnionType},
    };
    let arm = |n: usize, id: i64| {
        // The organisation as a one-value range, so that only that index gives the order
        // (with `= id`, PostgreSQL may walk the primary key instead).
        let newest = audit_event::Entity::find()
            .select_only()
            .column(Column::Id)
            .filter(Column::OrganizationId.gte(id))
            .filter(Column::OrganizationId.lte(id))
            .filter(wanted.clone())
            .order_by_desc(Column::OrganizationId)
            .order_by_desc(Column::Id)
            .limit(limit)
            .into_query();
        Query::select()
            .column(Asterisk)
            .from_subquery(newest, Alias::new(format!("o{n}")))
            .to_owned()
    };
    let mut arms = ids.iter().enumerate().map(|(n, id)| arm(n, *id));
    let Some(mut picked) = arms.next() else {
        return Ok(Vec::new());
    };
    for other in arms {
        picked.union(UnionType::All, other);
    }
    let (p, e) = (Alias::new("picked"), Alias::new("e"));
    let mut query = Query::select();
    query
        .column((e.clone(), Asterisk))
        .from_subquery(picked, p.clone())
        .join_as(
            sea_orm::sea_query::JoinType::InnerJoin,
            audit_event::Entity,
            e.clone(),
            Expr::col((e.clone(), Column::Id)).equals((p.clone(), Column::Id)),
        )
        .order_by((e.clone(), Column::Id), Order::Desc)
        .limit(limit);
    let builder = db.get_database_backend();
    Ok(audit_event::Entity::find()
        .from_raw_sql(builder.build(&query))
        .all(db)
        .await?)
}
