//! Roles on organisations: admins grant and revoke them within their subtree.

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, ModelTrait, QueryFilter, QueryOrder};
use serde_json::json;
use shared::{AuditAction, AuditObject, Login, Role};

use super::{
    access,
    actor::SignedIn,
    audit::{self, AuditEntry, RequestMeta},
    organization::{self as organizations, require_admin},
};
use crate::{
    entity::{membership, user_account},
    error::{Error, Result},
};

/// A role held directly on an organisation.
pub use crate::entity::membership::Model as Membership;

/// A membership with the member's name, for the members list.
#[derive(Debug, Clone)]
pub struct Member {
    pub membership: membership::Model,
    pub user: user_account::Model,
}

/// Grants `role` on an organisation the actor administers to the account with `login`.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn grant_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    login: &str,
    organization_id: i64,
    role: Role,
) -> Result<membership::Model> {
    let login = Login::parse(login)?;
    let txn = crate::db::begin_write(db).await?;
    let organization = organizations::get(&txn, organization_id).await?;
    require_admin(actor, &organization)?;
    let user = access::find_by_login(&txn, &login)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "User",
            id: login.as_str().to_owned(),
        })?;
    let granted = access::grant_role(
        &txn,
        meta,
        Some(actor.user_id),
        user.id,
        organization.id,
        role,
    )
    .await?;
    txn.commit().await?;
    Ok(granted)
}

/// Revokes a membership on an organisation the actor administers.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn revoke_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    membership_id: i64,
) -> Result<()> {
    let txn = crate::db::begin_write(db).await?;
    let found = membership::Entity::find_by_id(membership_id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "Membership",
            id: membership_id.to_string(),
        })?;
    let organization = organizations::get(&txn, found.organization_id).await?;
    require_admin(actor, &organization)?;
    let before = json!({ "userId": found.user_id, "organizationId": found.organization_id, "role": found.role });
    let (id, organization_id) = (found.id, found.organization_id);
    found.delete(&txn).await?;
    audit::record(
        &txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action: AuditAction::RoleRevoked,
            object_type: AuditObject::Membership,
            object_id: Some(id.to_string()),
            organization_id: Some(organization_id),
            before,
            after: json!(null),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Who holds which role directly on an organisation the actor administers.
pub async fn members_of(
    db: &DatabaseConnection,
    actor: &SignedIn,
    organization_id: i64,
    after: Option<i64>,
    first: u64,
) -> Result<super::Page<Member>> {
    use sea_orm::QuerySelect;
    let organization = organizations::get(db, organization_id).await?;
    require_admin(actor, &organization)?;
    let mut query =
        membership::Entity::find().filter(membership::Column::OrganizationId.eq(organization_id));
    if let Some(after) = after {
        query = query.filter(membership::Column::Id.gt(after));
    }
    let rows = query
        .order_by_asc(membership::Column::Id)
        .limit(first + 1)
        .find_also_related(user_account::Entity)
        .all(db)
        .await?;
    let rows = super::Page::from_overfetch(rows, first);
    let items = rows
        .items
        .into_iter()
        .map(|(membership, user)| {
            let user = user.ok_or_else(|| {
                Error::Internal(format!("membership {} has no user", membership.id))
            })?;
            Ok(Member { membership, user })
        })
        .collect::<Result<_>>()?;
    Ok(super::Page {
        items,
        has_next_page: rows.has_next_page,
    })
}

/// Something the audit log names: a person (an account) or an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Named {
    Person(i64),
    Organization(i64),
}

/// The names of several people and organisations by id, in one statement (for the
/// DataLoader that names who did what, and where, in the audit log).
pub async fn names_of(
    db: &DatabaseConnection,
    wanted: &[Named],
) -> Result<std::collections::HashMap<Named, String>> {
    use sea_orm::{
        ConnectionTrait, ExprTrait as _,
        sea_query::{Alias, Expr, Query, UnionType},
    };

    use crate::entity::organization;
    let (mut people, mut organizations) = (Vec::new(), Vec::new());
    for named in wanted {
        match *named {
            Named::Person(id) => people.push(id),
            Named::Organization(id) => organizations.push(id),
        }
    }
    let (kind, name) = (Alias::new("kind"), Alias::new("name"));
    let mut query = Query::select()
        .expr_as(Expr::val("P"), kind.clone())
        .column(user_account::Column::Id)
        .expr_as(Expr::col(user_account::Column::DisplayName), name.clone())
        .from(user_account::Entity)
        .and_where(Expr::col(user_account::Column::Id).is_in(people))
        .to_owned();
    query.union(
        UnionType::All,
        Query::select()
            .expr_as(Expr::val("O"), kind)
            .column(organization::Column::Id)
            .expr_as(Expr::col(organization::Column::Name), name)
            .from(organization::Entity)
            .and_where(Expr::col(organization::Column::Id).is_in(organizations))
            .to_owned(),
    );
    let mut names = std::collections::HashMap::new();
    for row in db.query_all(&query).await? {
        let (kind, id, name): (String, i64, String) = (
            row.try_get("", "kind")?,
            row.try_get("", "id")?,
            row.try_get("", "name")?,
        );
        let key = if kind == "P" {
            Named::Person(id)
        } else {
            Named::Organization(id)
        };
        names.insert(key, name);
    }
    Ok(names)
}
