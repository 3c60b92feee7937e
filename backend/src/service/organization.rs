//! The organisation tree.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use shared::{OrganizationKind, ValidationError, ValidationReason};

use crate::{
    entity::organization::{self, Column, Entity as Organization},
    error::{Error, Result},
};

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
}

/// One page of a list, in id order, and whether more follow.
#[derive(Debug)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_next_page: bool,
}

/// The longest name we accept: what fits on a certificate and in the column.
const NAME_MAX_CHARS: usize = 255;

#[tracing::instrument(skip(db))]
pub async fn create(
    db: &DatabaseConnection,
    input: OrganizationForCreate,
) -> Result<organization::Model> {
    let name = input.name.trim().to_owned();
    if name.is_empty() {
        return Err(ValidationError::new("name", ValidationReason::Empty).into());
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return Err(ValidationError::new(
            "name",
            ValidationReason::TooLarge {
                max: format!("{NAME_MAX_CHARS} characters"),
            },
        )
        .into());
    }
    let txn = db.begin().await?;
    let parent_path = match input.parent_id {
        Some(parent_id) => Some(
            Organization::find_by_id(parent_id)
                .one(&txn)
                .await?
                .ok_or_else(|| Error::NotFound {
                    entity: "Organization",
                    id: parent_id.to_string(),
                })?
                .path,
        ),
        None => None,
    };
    if find_by_parent_and_name(&txn, input.parent_id, &name)
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
        kind: Set(input.kind.code().to_owned()),
        name: Set(name),
        path: Set(String::new()),
        area_code: Set(input.area_code.filter(|code| !code.trim().is_empty())),
        contact_email: Set(None),
        contact_phone: Set(None),
        archived_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let path = format!("{}{}/", parent_path.as_deref().unwrap_or("/"), inserted.id);
    let mut active: organization::ActiveModel = inserted.into();
    active.path = Set(path);
    let created = active.update(&txn).await?;
    txn.commit().await?;
    Ok(created)
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<organization::Model> {
    Organization::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "Organization",
            id: id.to_string(),
        })
}

/// Several organisations by id, in one query (for the DataLoader).
pub async fn get_many(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<organization::Model>> {
    Ok(Organization::find()
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
    Ok(Organization::find()
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
    let mut query = Organization::find().filter(Column::ArchivedAt.is_null());
    if let Some(kind) = filter.kind {
        query = query.filter(Column::Kind.eq(kind.code()));
    }
    if let Some(parent_id) = filter.parent_id {
        query = query.filter(Column::ParentId.eq(parent_id));
    }
    if let Some(root) = filter.within {
        let root_path = get(db, root).await?.path;
        query = query.filter(Column::Path.starts_with(root_path.as_str()));
    }
    if let Some(after) = after {
        query = query.filter(Column::Id.gt(after));
    }
    // One row more than asked tells whether another page follows, without a COUNT.
    let mut items = query
        .order_by_asc(Column::Id)
        .limit(first + 1)
        .all(db)
        .await?;
    let has_next_page = items.len() as u64 > first;
    items.truncate(usize::try_from(first).unwrap_or(usize::MAX));
    Ok(Page {
        items,
        has_next_page,
    })
}
