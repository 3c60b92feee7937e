//! Who is acting: the viewer of a request, the roles a signed-in user holds (on an
//! organisation and so on its subtree), and the sets of roles the services ask for, each
//! under one name.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use shared::Role;

use crate::{
    entity::{membership, organization},
    error::{Error, Result},
};

/// Who keeps a fund's money: records donations, transfers, pays awards.
pub const MONEY_ROLES: [Role; 2] = [Role::Treasurer, Role::Admin];
/// Who runs programs and looks after the learners of their subtree.
pub const PROGRAM_ROLES: [Role; 2] = [Role::ProgramManager, Role::Admin];
/// Who may read a fund's books (its donors, its non-public entries).
pub const FUND_STAFF_ROLES: [Role; 3] = [Role::Treasurer, Role::Admin, Role::ProgramManager];
/// Who keeps a learning society's registers: registers households, clans, communities, units
/// and citizens, assesses them, decides their recognition, sets denominators and targets.
pub const SOCIETY_ROLES: [Role; 2] = [Role::ProgramManager, Role::Admin];

/// Who a request comes from, resolved once per request from its session cookie.
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    pub user: Option<SignedIn>,
}

/// A signed-in user and the roles they hold.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user_id: i64,
    pub session_id: i64,
    pub grants: Vec<Grant>,
}

/// A role held on an organisation (and so on its subtree).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub membership_id: i64,
    pub organization_id: i64,
    /// The organisation's materialised path, `/1/7/`.
    pub organization_path: String,
    pub role: Role,
}

impl Viewer {
    /// The signed-in user, or `UNAUTHENTICATED`.
    pub fn signed_in(&self) -> Result<&SignedIn> {
        self.user
            .as_ref()
            .ok_or_else(|| Error::Unauthenticated("Sign in to do this.".into()))
    }
}

impl SignedIn {
    /// Whether they hold `role` on the organisation at `path` or on one above it.
    pub fn holds(&self, role: Role, path: &str) -> bool {
        self.grants
            .iter()
            .any(|grant| grant.role == role && path.starts_with(&grant.organization_path))
    }

    /// Whether they hold one of `roles` on the organisation at `path` (or above it).
    pub fn holds_any(&self, roles: &[Role], path: &str) -> bool {
        roles.iter().any(|role| self.holds(*role, path))
    }

    /// `FORBIDDEN`, naming the roles and the organisation, unless they hold one of `roles` on
    /// `owner` or an organisation above it. `what` is what they were trying to do.
    pub fn require_any(
        &self,
        roles: &[Role],
        owner: &organization::Model,
        what: &str,
    ) -> Result<()> {
        if self.holds_any(roles, &owner.path) {
            return Ok(());
        }
        let roles: Vec<&str> = roles.iter().map(|role| role.code()).collect();
        Err(Error::Forbidden(format!(
            "To {what} you need the {} role on {} or an organisation above it.",
            roles.join(" or "),
            owner.name
        )))
    }

    /// Whether they hold `role` anywhere.
    pub fn holds_anywhere(&self, role: Role) -> bool {
        self.grants.iter().any(|grant| grant.role == role)
    }
}

/// The roles a user holds, with the paths of their organisations (two queries, whatever the
/// number of memberships).
pub async fn grants_of(db: &impl ConnectionTrait, user_id: i64) -> Result<Vec<Grant>> {
    let memberships = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .all(db)
        .await?;
    let organization_ids: Vec<i64> = memberships.iter().map(|m| m.organization_id).collect();
    let paths: HashMap<i64, String> = organization::Entity::find()
        .filter(organization::Column::Id.is_in(organization_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|org| (org.id, org.path))
        .collect();
    memberships
        .into_iter()
        .map(|m| {
            let role = m.role;
            let path = paths.get(&m.organization_id).cloned().ok_or_else(|| {
                Error::Internal(format!("membership {} has no organisation", m.id))
            })?;
            Ok(Grant {
                membership_id: m.id,
                organization_id: m.organization_id,
                organization_path: path,
                role,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(path: &str, role: Role) -> Grant {
        Grant {
            membership_id: 1,
            organization_id: 1,
            organization_path: path.into(),
            role,
        }
    }

    #[test]
    fn a_role_holds_on_the_whole_subtree_and_nowhere_else() {
        let user = SignedIn {
            user_id: 1,
            session_id: 1,
            grants: vec![grant("/1/7/", Role::Admin)],
        };
        assert!(user.holds(Role::Admin, "/1/7/"));
        assert!(user.holds(Role::Admin, "/1/7/42/99/"));
        assert!(!user.holds(Role::Admin, "/1/"), "not above");
        assert!(
            !user.holds(Role::Admin, "/1/70/"),
            "not a sibling whose id starts alike"
        );
        assert!(
            !user.holds(Role::Treasurer, "/1/7/42/"),
            "only the role granted"
        );
    }
}
