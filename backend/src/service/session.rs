//! Sessions: a random token in an HttpOnly cookie, of which the database keeps only the
//! SHA-256, with idle and absolute expiry, so that any server process can check it and
//! signing out ends it everywhere; and resolving a request's viewer from it.

use base64::Engine as _;
use chrono::{DateTime, Utc};
use rand_core::{OsRng, RngCore};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set, sea_query::ExprTrait,
};
use serde_json::json;
use shared::{AuditAction, AuditObject, Role};

use super::{
    actor::{Grant, SignedIn, Viewer},
    audit::{self, AuditEntry, RequestMeta},
};
use crate::{
    config::AccessPolicy,
    entity::{membership, organization, session, user_account},
    error::{Error, Result},
};

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "kh_session";

/// A session just opened: the account, and the token for its cookie (shown once, never stored).
#[derive(Debug)]
pub struct OpenedSession {
    pub user: user_account::Model,
    pub token: String,
}

pub(super) fn token_hash(token: &str) -> String {
    super::sha256_hex(token.as_bytes())
}

pub(super) async fn open_session(
    txn: &impl ConnectionTrait,
    policy: &AccessPolicy,
    user_id: i64,
) -> Result<String> {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let now = policy.clock.now();
    session::ActiveModel {
        token_hash: Set(token_hash(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + policy.session_max),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(token)
}

/// Ends the current session, everywhere.
#[tracing::instrument(skip_all)]
pub async fn sign_out(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    viewer: &SignedIn,
) -> Result<()> {
    let txn = crate::db::begin_write(db).await?;
    revoke_sessions(&txn, session::Column::Id.eq(viewer.session_id)).await?;
    audit::record(
        &txn,
        meta,
        AuditEntry {
            actor_id: Some(viewer.user_id),
            action: AuditAction::SignedOut,
            object_type: AuditObject::Session,
            object_id: Some(viewer.session_id.to_string()),
            organization_id: None,
            before: json!(null),
            after: json!(null),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub(super) async fn revoke_sessions(
    txn: &impl ConnectionTrait,
    which: sea_orm::sea_query::SimpleExpr,
) -> Result<()> {
    session::Entity::update_many()
        .col_expr(
            session::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(which)
        .filter(session::Column::RevokedAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

/// How often a session's `last_seen_at` is written: often enough for the idle timeout (at
/// most a quarter of it), not on every request.
fn touch_interval(policy: &AccessPolicy) -> chrono::TimeDelta {
    let interval = (policy.session_idle / 4).min(std::time::Duration::from_secs(30));
    chrono::TimeDelta::from_std(interval).unwrap_or(chrono::TimeDelta::zero())
}

/// The viewer a session token stands for: anonymous when the token is unknown, revoked,
/// idle too long, past its absolute end, or its account is disabled.
///
/// One statement finds the session, its account and the account's roles with their
/// organisations' paths (a row per membership); a second, at most every `touch_interval`,
/// marks the session as seen.
pub async fn resolve(
    db: &DatabaseConnection,
    policy: &AccessPolicy,
    token: Option<&str>,
) -> Result<Viewer> {
    use sea_orm::sea_query::{Alias, Expr, JoinType, Query};
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return Ok(Viewer::default());
    };
    let (s, u, m, o) = (
        Alias::new("s"),
        Alias::new("u"),
        Alias::new("m"),
        Alias::new("o"),
    );
    let query = Query::select()
        .expr_as(
            Expr::col((s.clone(), session::Column::Id)),
            Alias::new("session_id"),
        )
        .expr_as(
            Expr::col((s.clone(), session::Column::UserId)),
            Alias::new("user_id"),
        )
        .expr_as(
            Expr::col((s.clone(), session::Column::CreatedAt)),
            Alias::new("created_at"),
        )
        .expr_as(
            Expr::col((s.clone(), session::Column::LastSeenAt)),
            Alias::new("last_seen_at"),
        )
        .expr_as(
            Expr::col((s.clone(), session::Column::ExpiresAt)),
            Alias::new("expires_at"),
        )
        .expr_as(
            Expr::col((s.clone(), session::Column::RevokedAt)),
            Alias::new("revoked_at"),
        )
        .expr_as(
            Expr::col((u.clone(), user_account::Column::DisabledAt)),
            Alias::new("disabled_at"),
        )
        .expr_as(
            Expr::col((m.clone(), membership::Column::Id)),
            Alias::new("membership_id"),
        )
        .expr_as(
            Expr::col((m.clone(), membership::Column::OrganizationId)),
            Alias::new("organization_id"),
        )
        .expr_as(
            Expr::col((m.clone(), membership::Column::Role)),
            Alias::new("role"),
        )
        .expr_as(
            Expr::col((o.clone(), organization::Column::Path)),
            Alias::new("path"),
        )
        .from_as(session::Entity, s.clone())
        .join_as(
            JoinType::InnerJoin,
            user_account::Entity,
            u.clone(),
            Expr::col((u.clone(), user_account::Column::Id))
                .equals((s.clone(), session::Column::UserId)),
        )
        .join_as(
            JoinType::LeftJoin,
            membership::Entity,
            m.clone(),
            Expr::col((m.clone(), membership::Column::UserId))
                .equals((u.clone(), user_account::Column::Id)),
        )
        .join_as(
            JoinType::LeftJoin,
            organization::Entity,
            o.clone(),
            Expr::col((o.clone(), organization::Column::Id))
                .equals((m.clone(), membership::Column::OrganizationId)),
        )
        .and_where(Expr::col((s.clone(), session::Column::TokenHash)).eq(token_hash(token)))
        .to_owned();
    let rows = db.query_all(&query).await?;
    let Some(first) = rows.first() else {
        return Ok(Viewer::default());
    };
    let found = session::Model {
        id: first.try_get("", "session_id")?,
        token_hash: token_hash(token),
        user_id: first.try_get("", "user_id")?,
        created_at: first.try_get("", "created_at")?,
        last_seen_at: first.try_get("", "last_seen_at")?,
        expires_at: first.try_get("", "expires_at")?,
        revoked_at: first.try_get("", "revoked_at")?,
    };
    let disabled_at: Option<DateTime<Utc>> = first.try_get("", "disabled_at")?;
    let now = policy.clock.now();
    if !is_live(&found, policy, now) || disabled_at.is_some() {
        return Ok(Viewer::default());
    }
    let mut grants = Vec::new();
    for row in &rows {
        let Some(membership_id) = row.try_get::<Option<i64>>("", "membership_id")? else {
            continue;
        };
        let role: Role = row.try_get("", "role")?;
        let path: Option<String> = row.try_get("", "path")?;
        grants.push(Grant {
            membership_id,
            organization_id: row.try_get("", "organization_id")?,
            organization_path: path.ok_or_else(|| {
                Error::Internal(format!("membership {membership_id} has no organisation"))
            })?,
            role,
        });
    }
    grants.sort_by_key(|grant| grant.membership_id);
    if now - found.last_seen_at >= touch_interval(policy) {
        session::Entity::update_many()
            .col_expr(
                session::Column::LastSeenAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(session::Column::Id.eq(found.id))
            .exec(db)
            .await?;
    }
    Ok(Viewer {
        user: Some(SignedIn {
            user_id: found.user_id,
            session_id: found.id,
            grants,
        }),
    })
}

fn is_live(found: &session::Model, policy: &AccessPolicy, now: DateTime<Utc>) -> bool {
    found.revoked_at.is_none()
        && found.expires_at > now
        && found.last_seen_at + policy.session_idle > now
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_lives_until_it_is_revoked_idle_too_long_or_past_its_end() {
        let policy = AccessPolicy {
            session_idle: std::time::Duration::from_secs(60),
            session_max: std::time::Duration::from_secs(3600),
            sign_in_window: std::time::Duration::from_secs(60),
            sign_in_max_failures: 5,
            sign_in_max_failures_per_address: 50,
            secure_cookies: false,
            clock: crate::clock::Clock::system(),
        };
        let now = Utc::now();
        let fresh = session::Model {
            id: 1,
            token_hash: String::new(),
            user_id: 1,
            created_at: now,
            last_seen_at: now - chrono::TimeDelta::seconds(30),
            expires_at: now + chrono::TimeDelta::seconds(600),
            revoked_at: None,
        };
        assert!(is_live(&fresh, &policy, now));
        let idle = session::Model {
            last_seen_at: now - chrono::TimeDelta::seconds(61),
            ..fresh.clone()
        };
        assert!(!is_live(&idle, &policy, now), "idle too long");
        let ended = session::Model {
            expires_at: now - chrono::TimeDelta::seconds(1),
            ..fresh.clone()
        };
        assert!(
            !is_live(&ended, &policy, now),
            "past its absolute end, however active"
        );
        let revoked = session::Model {
            revoked_at: Some(now),
            ..fresh
        };
        assert!(!is_live(&revoked, &policy, now), "signed out");
    }

    #[test]
    fn tokens_are_stored_as_their_sha256() {
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
