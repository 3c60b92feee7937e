//! The organisation tree.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use shared::{AuditAction, AuditObject, OrganizationKind, ValidationError, ValidationReason};

use serde_json::json;
use shared::Role;

use super::{
    Page,
    actor::SignedIn,
    audit::{self, AuditEntry, RequestMeta},
};
use crate::{
    entity::organization::{self, Column, Entity as Organizations},
    error::{Error, Result},
};

/// An organisation of the tree.
pub use crate::entity::organization::Model as Organization;

/// What it takes to create an organisation.
#[derive(Debug, Clone)]
pub struct OrganizationForCreate {
    pub parent_id: Option<i64>,
    pub kind: OrganizationKind,
    pub name: String,
    pub area_code: Option<String>,
}

/// Which organisations a list returns.
#[derive(Debug, Clone, Default)]
pub struct OrganizationFilter {
    pub kind: Option<OrganizationKind>,
    pub parent_id: Option<i64>,
    /// Only those in this organisation's subtree (itself included).
    pub within: Option<i64>,
    /// Only those whose name contains this, folded (`shared::text::folded`); empty for all.
    pub search: String,
}

/// Creates an organisation without checking who asks: for seeding and bootstrap.
#[tracing::instrument(skip(db))]
pub async fn create(
    db: &DatabaseConnection,
    input: OrganizationForCreate,
) -> Result<organization::Model> {
    let txn = crate::db::begin_write(db).await?;
    let created = insert(&txn, input).await?;
    txn.commit().await?;
    Ok(created)
}

/// Creates an organisation under one the actor administers, and audits it.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn create_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    input: OrganizationForCreate,
) -> Result<organization::Model> {
    let parent_id = input.parent_id.ok_or_else(|| {
        Error::Forbidden("A new organisation must be created under an existing one.".into())
    })?;
    let txn = crate::db::begin_write(db).await?;
    let parent = get(&txn, parent_id).await?;
    require_admin(actor, &parent)?;
    crate::db::lock_keys(&txn, &[tree_key(&parent.path)]).await?;
    let created = insert(&txn, input).await?;
    audit::record(
        &txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action: AuditAction::OrganizationCreated,
            object_type: AuditObject::Organization,
            object_id: Some(created.id.to_string()),
            organization_id: Some(created.id),
            before: json!(null),
            after: summary(&created),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Renames an organisation the actor administers.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn rename_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    id: i64,
    name: &str,
) -> Result<organization::Model> {
    let name = valid_name(name)?;
    let txn = crate::db::begin_write(db).await?;
    let current = get(&txn, id).await?;
    require_admin(actor, &current)?;
    if find_by_parent_and_name(&txn, current.parent_id, &name)
        .await?
        .is_some_and(|other| other.id != id)
    {
        return Err(Error::Conflict(format!(
            "an organization named \"{name}\" already exists there"
        )));
    }
    let before = summary(&current);
    let mut active: organization::ActiveModel = current.into();
    active.search_text = Set(shared::text::folded(&name));
    active.name = Set(name);
    active.updated_at = Set(Utc::now());
    let renamed = active.update(&txn).await.map_err(|e| {
        Error::unique_violation_as_conflict(
            e,
            "an organization with this name already exists there",
        )
    })?;
    audit_change(
        &txn,
        meta,
        actor,
        AuditAction::OrganizationRenamed,
        before,
        &renamed,
    )
    .await?;
    txn.commit().await?;
    Ok(renamed)
}

/// Moves an organisation (with everything under it) under another parent. The actor must
/// administer the organisation and the new parent; nothing may move under itself.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn move_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    id: i64,
    new_parent_id: i64,
) -> Result<organization::Model> {
    let txn = crate::db::begin_write(db).await?;
    let current = get(&txn, id).await?;
    let new_parent = get(&txn, new_parent_id).await?;
    require_admin(actor, &current)?;
    require_admin(actor, &new_parent)?;
    if new_parent.path.starts_with(&current.path) {
        return Err(ValidationError::new(
            "parentId",
            ValidationReason::Format {
                expected: "an organisation outside the one moved".into(),
            },
        )
        .into());
    }
    if find_by_parent_and_name(&txn, Some(new_parent_id), &current.name)
        .await?
        .is_some()
    {
        return Err(Error::Conflict(format!(
            "an organization named \"{}\" already exists there",
            current.name
        )));
    }
    let before = summary(&current);
    let old_prefix = current.path.clone();
    let new_prefix = format!("{}{}/", new_parent.path, current.id);
    // One statement rewrites the paths of the whole subtree: the new prefix, then what
    // followed the old one. `||` and SUBSTR mean the same on SQLite and PostgreSQL.
    let backend = txn.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => {
            "UPDATE organization SET path = $1 || SUBSTR(path, $2) WHERE path LIKE $3"
        }
        _ => "UPDATE organization SET path = ? || SUBSTR(path, ?) WHERE path LIKE ?",
    };
    let start =
        i32::try_from(old_prefix.len() + 1).map_err(|_| Error::Internal("path too long".into()))?;
    txn.execute_raw(sea_orm::Statement::from_sql_and_values(
        backend,
        sql,
        [
            new_prefix.clone().into(),
            start.into(),
            format!("{old_prefix}%").into(),
        ],
    ))
    .await?;
    let mut active: organization::ActiveModel = get(&txn, id).await?.into();
    active.parent_id = Set(Some(new_parent_id));
    active.updated_at = Set(Utc::now());
    let moved = active.update(&txn).await?;
    audit_change(
        &txn,
        meta,
        actor,
        AuditAction::OrganizationMoved,
        before,
        &moved,
    )
    .await?;
    txn.commit().await?;
    Ok(moved)
}

/// Archives an organisation the actor administers: it leaves lists, its history stays.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn archive_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    id: i64,
) -> Result<organization::Model> {
    let txn = crate::db::begin_write(db).await?;
    let current = get(&txn, id).await?;
    require_admin(actor, &current)?;
    if current.archived_at.is_some() {
        return Err(Error::Conflict(
            "The organisation is already archived.".into(),
        ));
    }
    let before = summary(&current);
    let mut active: organization::ActiveModel = current.into();
    active.archived_at = Set(Some(Utc::now()));
    active.updated_at = Set(Utc::now());
    let archived = active.update(&txn).await?;
    audit_change(
        &txn,
        meta,
        actor,
        AuditAction::OrganizationArchived,
        before,
        &archived,
    )
    .await?;
    txn.commit().await?;
    Ok(archived)
}

/// `FORBIDDEN` unless the actor is an admin of the organisation or of one above it.
pub fn require_admin(actor: &SignedIn, organization: &organization::Model) -> Result<()> {
    actor.require_any(&[Role::Admin], organization, "administer it")
}

fn summary(organization: &organization::Model) -> serde_json::Value {
    json!({
        "name": organization.name,
        "kind": organization.kind,
        "parentId": organization.parent_id,
        "path": organization.path,
        "archived": organization.archived_at.is_some(),
    })
}

async fn audit_change(
    txn: &impl ConnectionTrait,
    meta: &RequestMeta,
    actor: &SignedIn,
    action: AuditAction,
    before: serde_json::Value,
    after: &organization::Model,
) -> Result<()> {
    audit::record(
        txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action,
            object_type: AuditObject::Organization,
            object_id: Some(after.id.to_string()),
            organization_id: Some(after.id),
            before,
            after: summary(after),
        },
    )
    .await
}

fn valid_name(name: &str) -> Result<String> {
    Ok(shared::organization::valid_name(name)?)
}

fn valid_area_code(code: Option<&str>) -> Result<Option<String>> {
    Ok(shared::organization::valid_area_code(
        code.unwrap_or_default(),
    )?)
}

pub(super) async fn insert(
    txn: &impl ConnectionTrait,
    input: OrganizationForCreate,
) -> Result<organization::Model> {
    let name = valid_name(&input.name)?;
    let area_code = valid_area_code(input.area_code.as_deref())?;
    let parent_path = match input.parent_id {
        Some(parent_id) => Some(
            Organizations::find_by_id(parent_id)
                .one(txn)
                .await?
                .ok_or_else(|| Error::NotFound {
                    entity: "Organization",
                    id: parent_id.to_string(),
                })?
                .path,
        ),
        None => None,
    };
    if find_by_parent_and_name(txn, input.parent_id, &name)
        .await?
        .is_some()
    {
        return Err(Error::Conflict(format!(
            "an organization named \"{name}\" already exists there"
        )));
    }
    let now = Utc::now();
    // The path contains the row's own id, which only exists after the insert.
    let inserted = organization::ActiveModel {
        parent_id: Set(input.parent_id),
        kind: Set(input.kind),
        search_text: Set(shared::text::folded(&name)),
        name: Set(name),
        path: Set(String::new()),
        area_code: Set(area_code),
        contact_email: Set(None),
        contact_phone: Set(None),
        archived_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await
    .map_err(|error| match error.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
            Error::Conflict("an organization of that name was added there meanwhile".into())
        }
        _ => Error::Database(error),
    })?;
    let path = format!("{}{}/", parent_path.as_deref().unwrap_or("/"), inserted.id);
    let mut active: organization::ActiveModel = inserted.into();
    active.path = Set(path);
    let created = active.update(txn).await?;
    Ok(created)
}

/// The lock that adding organisations anywhere in one tree (a city's) takes, so that two
/// additions under one parent are planned one after the other.
pub(super) fn tree_key(path: &str) -> String {
    let root = path
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default();
    format!("organization tree {root}")
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<organization::Model> {
    Organizations::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "Organization",
            id: id.to_string(),
        })
}

/// The most organisations a subtree may hold for its rows to be looked up by organisation id
/// (`organization_id IN (…)` or an arm per organisation, served by an index on it, the ids
/// bound as values far below either engine's limits). A commune with its chapters is a few
/// dozen; a bigger subtree holds a large share of every table, so its rows are best found by
/// walking the list's own order and keeping those inside it.
pub const SMALL_SUBTREE: u64 = 100;

/// An organisation with its subtree's ids (itself included) when the subtree is small.
#[derive(Debug, Clone)]
pub struct Subtree {
    pub root: organization::Model,
    /// `None` when the subtree holds more than [`SMALL_SUBTREE`] organisations.
    pub ids: Option<Vec<i64>>,
    /// Of those, the communes (and wards): where learners live.
    pub communes: Option<Vec<i64>>,
}

/// The organisation `id` and its subtree's ids, in one statement: the subtree's rows in path
/// order, the root first (its path is every other's prefix), its range computed in SQL from
/// the root's path.
pub async fn subtree(db: &impl ConnectionTrait, id: i64) -> Result<Subtree> {
    use sea_orm::sea_query::{Expr, ExprTrait as _, Query, SubQueryStatement};
    // The root's path, and the same with its final `/` raised to `0` (see `within`).
    let of_root = |path: Expr| {
        Expr::SubQuery(
            None,
            Box::new(SubQueryStatement::SelectStatement(
                Query::select()
                    .expr(path)
                    .from(Organizations)
                    .and_where(Column::Id.eq(id))
                    .to_owned(),
            )),
        )
    };
    let rows = Organizations::find()
        .filter(Expr::col(Column::Path).gte(of_root(Expr::col(Column::Path))))
        .filter(Expr::col(Column::Path).lt(of_root(Expr::cust(
            "substr(path, 1, length(path) - 1) || '0'",
        ))))
        .order_by_asc(Column::Path)
        .limit(SMALL_SUBTREE + 1)
        .all(db)
        .await?;
    let Some(root) = rows.first().filter(|row| row.id == id).cloned() else {
        return Err(Error::NotFound {
            entity: "Organization",
            id: id.to_string(),
        });
    };
    let small = rows.len() as u64 <= SMALL_SUBTREE;
    let ids = small.then(|| rows.iter().map(|row| row.id).collect());
    let communes = small.then(|| {
        rows.iter()
            .filter(|row| row.kind == OrganizationKind::Commune)
            .map(|row| row.id)
            .collect()
    });
    Ok(Subtree {
        root,
        ids,
        communes,
    })
}

/// The ids of the organisations at or under any of `paths`, when there are at most
/// [`SMALL_SUBTREE`] of them; `None` for a bigger set. One statement.
pub async fn small_subtrees(db: &impl ConnectionTrait, paths: &[&str]) -> Result<Option<Vec<i64>>> {
    let mut any = sea_orm::Condition::any();
    for path in paths {
        any = any.add(within(path));
    }
    let ids: Vec<i64> = Organizations::find()
        .select_only()
        .column(Column::Id)
        .filter(any)
        .limit(SMALL_SUBTREE + 1)
        .into_tuple()
        .all(db)
        .await?;
    Ok((ids.len() as u64 <= SMALL_SUBTREE).then_some(ids))
}

/// Several organisations by id, in one query (for the DataLoader).
pub async fn get_many(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<organization::Model>> {
    Ok(Organizations::find()
        .filter(Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

/// Finds an organisation by its place in the tree: a parent (or none, for a root) and a name.
pub async fn find_by_parent_and_name(
    db: &impl ConnectionTrait,
    parent_id: Option<i64>,
    name: &str,
) -> Result<Option<organization::Model>> {
    Ok(Organizations::find()
        .filter(match parent_id {
            Some(parent_id) => Column::ParentId.eq(parent_id),
            None => Column::ParentId.is_null(),
        })
        .filter(Column::Name.eq(name))
        .one(db)
        .await?)
}

/// A page of organisations in id order, after the cursor `after` (an id).
#[tracing::instrument(skip(db))]
pub async fn list(
    db: &DatabaseConnection,
    filter: &OrganizationFilter,
    after: Option<i64>,
    first: u64,
) -> Result<Page<organization::Model>> {
    let mut query = Organizations::find().filter(Column::ArchivedAt.is_null());
    if let Some(kind) = filter.kind {
        query = query.filter(Column::Kind.eq(kind));
    }
    if let Some(parent_id) = filter.parent_id {
        query = query.filter(Column::ParentId.eq(parent_id));
    }
    if let Some(root) = filter.within {
        let root_path = get(db, root).await?.path;
        query = query.filter(within(&root_path));
    }
    if !filter.search.is_empty() {
        use sea_orm::sea_query::{Expr, ExprTrait as _};
        query = query.filter(Expr::col(Column::SearchText).like(super::containing(&filter.search)));
    }
    if let Some(after) = after {
        query = query.filter(Column::Id.gt(after));
    }
    let items = query
        .order_by_asc(Column::Id)
        .limit(first + 1)
        .all(db)
        .await?;
    Ok(Page::from_overfetch(items, first))
}

/// How many organisations (not archived) there are of each level that has any, in the
/// order of the levels: one grouped count.
#[tracing::instrument(skip(db))]
pub async fn count_by_kind(db: &DatabaseConnection) -> Result<Vec<(OrganizationKind, i64)>> {
    let mut counts: Vec<(OrganizationKind, i64)> = Organizations::find()
        .select_only()
        .column(Column::Kind)
        .column_as(Column::Id.count(), "count")
        .filter(Column::ArchivedAt.is_null())
        .group_by(Column::Kind)
        .into_tuple()
        .all(db)
        .await?;
    counts.sort_by_key(|(kind, _)| *kind);
    Ok(counts)
}

/// The organisations at or under the one at `path` (`/1/7/`), as a range of paths rather
/// than `LIKE '/1/7/%'`: every path in the subtree starts with the prefix and so sorts from
/// it up to the prefix with its final `/` raised to `0`, byte by byte. A plain b-tree
/// serves it on both engines (paths compare bytewise: SQLite's BINARY collation, and
/// PostgreSQL's column is declared `COLLATE "C"`).
pub fn within(path: &str) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(Column::Path.gte(path))
        .add(Column::Path.lt(path_upper_bound(path)))
}

/// The first path after every path of the subtree at `path` (see [`within`]).
pub fn path_upper_bound(path: &str) -> String {
    match path.strip_suffix('/') {
        Some(stem) => format!("{stem}0"),
        None => format!("{path}\u{10FFFF}"),
    }
}
