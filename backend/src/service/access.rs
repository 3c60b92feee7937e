//! Accounts, sessions and sign-in: who a request comes from.
//!
//! Passwords are hashed with Argon2id at OWASP's parameters. A session is a random token in an
//! HttpOnly cookie; the database keeps only its SHA-256, with idle and absolute expiry, so any
//! server process can check it and sign-out ends it everywhere. Failed sign-ins are counted
//! in the database per login and per address, so throttling holds across processes too.

use argon2::{
    Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version,
    password_hash::SaltString,
};
use chrono::Utc;
use rand_core::OsRng;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, Set, sea_query::ExprTrait,
};
use serde_json::json;
use shared::{
    AuditAction, AuditObject, Login, NewPassword, Role, ValidationError, ValidationReason,
};

use super::{
    actor::SignedIn,
    audit::{self, AuditEntry, RequestMeta},
    session::{OpenedSession, open_session, revoke_sessions},
};
use crate::{
    config::AccessPolicy,
    entity::{membership, organization, session, sign_in_attempt, user_account},
    error::{Error, Result},
};

/// An account, as the service reads it.
pub use crate::entity::user_account::Model as Account;

/// What it takes to open an account.
#[derive(Debug)]
pub struct AccountForCreate {
    pub login: Login,
    pub display_name: String,
    pub password: NewPassword,
}

const DISPLAY_NAME_MAX_CHARS: usize = 120;

/// OWASP's recommended Argon2id parameters: 19 MiB of memory, 2 passes, 1 lane.
fn argon2() -> Result<Argon2<'static>> {
    let params = Params::new(19 * 1024, 2, 1, None)
        .map_err(|e| Error::Internal(format!("argon2 parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes off the async threads: a hash takes tens of milliseconds of CPU by design.
pub async fn hash_password(password: &NewPassword) -> Result<String> {
    let password = password.expose().to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()?
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| Error::Internal(format!("hashing a password: {e}")))
    })
    .await
    .map_err(|e| Error::Internal(format!("hashing task: {e}")))?
}

async fn verify_password(password: &str, hash: &str) -> Result<bool> {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    tokio::task::spawn_blocking(move || {
        let parsed =
            PasswordHash::new(&hash).map_err(|e| Error::Internal(format!("stored hash: {e}")))?;
        Ok(argon2()?
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await
    .map_err(|e| Error::Internal(format!("verifying task: {e}")))?
}

/// A hash to verify against when the login does not exist, so that an unknown login takes as
/// long to refuse as a wrong password (no account discovery by timing).
async fn dummy_hash() -> Result<String> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_try_init(|| async {
            hash_password(&NewPassword::parse("not-a-real-password").map_err(Error::Validation)?)
                .await
        })
        .await
        .cloned()
}

fn display_name(text: &str) -> Result<String> {
    Ok(shared::text::required_line(
        "displayName",
        text,
        DISPLAY_NAME_MAX_CHARS,
    )?)
}

pub async fn find_by_login(
    db: &impl ConnectionTrait,
    login: &Login,
) -> Result<Option<user_account::Model>> {
    let column = match login {
        Login::Email(_) => user_account::Column::Email,
        Login::Phone(_) => user_account::Column::Phone,
    };
    Ok(user_account::Entity::find()
        .filter(column.eq(login.as_str()))
        .one(db)
        .await?)
}

/// Creates an account inside `txn` (no session): for `create-admin` and the demo.
pub async fn create_account(
    txn: &impl ConnectionTrait,
    meta: &RequestMeta,
    input: AccountForCreate,
) -> Result<user_account::Model> {
    let display_name = display_name(&input.display_name)?;
    let password_hash = hash_password(&input.password).await?;
    insert_account(txn, meta, &input.login, display_name, password_hash).await
}

/// Writes a checked account with its password already hashed: the hash takes tens of
/// milliseconds by design, and is never made while a write transaction waits (on SQLite that
/// would hold up every other writer, sign-ins included).
async fn insert_account(
    txn: &impl ConnectionTrait,
    meta: &RequestMeta,
    login: &Login,
    display_name: String,
    password_hash: String,
) -> Result<user_account::Model> {
    if find_by_login(txn, login).await?.is_some() {
        return Err(Error::Conflict(
            "An account with this login already exists.".into(),
        ));
    }
    let now = Utc::now();
    let (email, phone) = match login {
        Login::Email(email) => (Some(email.as_str().to_owned()), None),
        Login::Phone(phone) => (None, Some(phone.as_str().to_owned())),
    };
    let user = user_account::ActiveModel {
        email: Set(email),
        phone: Set(phone),
        display_name: Set(display_name),
        password_hash: Set(password_hash),
        disabled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await
    .map_err(|e| {
        Error::unique_violation_as_conflict(e, "An account with this login already exists.")
    })?;
    audit::record(
        txn,
        meta,
        AuditEntry {
            actor_id: Some(user.id),
            action: AuditAction::AccountCreated,
            object_type: AuditObject::User,
            object_id: Some(user.id.to_string()),
            organization_id: None,
            before: json!(null),
            after: json!({ "login": login.as_str(), "displayName": user.display_name }),
        },
    )
    .await?;
    Ok(user)
}

/// Opens an account and signs it in.
#[tracing::instrument(skip_all)]
pub async fn sign_up(
    db: &DatabaseConnection,
    policy: &AccessPolicy,
    meta: &RequestMeta,
    input: AccountForCreate,
) -> Result<OpenedSession> {
    let display_name = display_name(&input.display_name)?;
    let password_hash = hash_password(&input.password).await?;
    let txn = crate::db::begin_write(db).await?;
    let user = insert_account(&txn, meta, &input.login, display_name, password_hash).await?;
    let token = open_session(&txn, policy, user.id).await?;
    txn.commit().await?;
    Ok(OpenedSession { user, token })
}

/// An attempt to prove who one is with a password (a sign-in, a password change), recorded
/// as failed before the password is checked and marked as a success only afterwards. So
/// parallel guesses are counted as they arrive, not as they finish: of any number of wrong
/// passwords sent at once, at most the limit are checked, in any number of server processes
/// (a right one, once checked, no longer counts against the login).
struct Attempt {
    id: i64,
}

impl Attempt {
    /// Records an attempt for `login` from the request's address, or refuses with
    /// `TOO_MANY_ATTEMPTS` (recording nothing) when either already has too many failures in
    /// the window. The count and the record are one transaction under a lock on the login
    /// and on the address, so no two attempts count the same failures.
    async fn begin(
        db: &DatabaseConnection,
        policy: &AccessPolicy,
        meta: &RequestMeta,
        login: &str,
    ) -> Result<Self> {
        let now = policy.clock.now();
        let since = now - policy.sign_in_window;
        let txn = crate::db::begin_write(db).await?;
        crate::db::lock_keys(
            &txn,
            &[
                format!("password attempts of login {login}"),
                format!("password attempts from {}", meta.address),
            ],
        )
        .await?;
        let failures = |column: sign_in_attempt::Column, value: String| {
            sign_in_attempt::Entity::find()
                .filter(column.eq(value))
                .filter(sign_in_attempt::Column::Succeeded.eq(false))
                .filter(sign_in_attempt::Column::At.gt(since))
                .count(&txn)
        };
        let by_login = failures(sign_in_attempt::Column::Login, login.to_owned()).await?;
        let by_address = failures(sign_in_attempt::Column::Address, meta.address.clone()).await?;
        if by_login >= policy.sign_in_max_failures
            || by_address >= policy.sign_in_max_failures_per_address
        {
            tracing::warn!(
                login_failures = by_login,
                address_failures = by_address,
                "password attempt throttled"
            );
            return Err(Error::TooManyAttempts {
                retry_after_secs: policy.sign_in_window.as_secs(),
            });
        }
        let attempt = sign_in_attempt::ActiveModel {
            login: Set(login.to_owned()),
            address: Set(meta.address.clone()),
            // A failure until the password is found right: an attempt whose check never
            // finishes (a crash, a dropped request) still counts.
            succeeded: Set(false),
            at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(Self { id: attempt.id })
    }

    /// Marks the attempt a success, inside the transaction that acts on it.
    async fn succeeded(self, txn: &impl ConnectionTrait) -> Result<()> {
        sign_in_attempt::Entity::update_many()
            .col_expr(
                sign_in_attempt::Column::Succeeded,
                sea_orm::sea_query::Expr::value(true),
            )
            .filter(sign_in_attempt::Column::Id.eq(self.id))
            .exec(txn)
            .await?;
        Ok(())
    }
}

/// Checks a login and password and opens a session. Refuses with `TOO_MANY_ATTEMPTS` while the
/// login or the address has too many recent failures, and records every attempt.
#[tracing::instrument(skip_all)]
pub async fn sign_in(
    db: &DatabaseConnection,
    policy: &AccessPolicy,
    meta: &RequestMeta,
    login: &str,
    password: &str,
) -> Result<OpenedSession> {
    let login = Login::parse(login)?;
    let attempt = Attempt::begin(db, policy, meta, login.as_str()).await?;

    let user = find_by_login(db, &login).await?;
    let hash = match &user {
        Some(user) => user.password_hash.clone(),
        None => dummy_hash().await?,
    };
    let password_ok = verify_password(password, &hash).await?;
    let user = user.filter(|user| password_ok && user.disabled_at.is_none());

    let txn = crate::db::begin_write(db).await?;
    let entry = |action, actor_id: Option<i64>| AuditEntry {
        actor_id,
        action,
        object_type: AuditObject::User,
        object_id: actor_id.map(|id| id.to_string()),
        organization_id: None,
        before: json!(null),
        after: json!({ "login": login.as_str(), "address": meta.address }),
    };
    let Some(user) = user else {
        // The attempt stays a failure: it is what throttling counts.
        audit::record(&txn, meta, entry(AuditAction::SignInFailed, None)).await?;
        txn.commit().await?;
        return Err(Error::Unauthenticated(
            "The login or password is wrong.".into(),
        ));
    };
    attempt.succeeded(&txn).await?;
    audit::record(&txn, meta, entry(AuditAction::SignedIn, Some(user.id))).await?;
    let token = open_session(&txn, policy, user.id).await?;
    txn.commit().await?;
    Ok(OpenedSession { user, token })
}

/// The login an account signs in with, as attempts are counted under it.
fn login_of(user: &user_account::Model) -> &str {
    user.email
        .as_deref()
        .or(user.phone.as_deref())
        .unwrap_or_default()
}

/// Changes the password after checking the current one, and ends every other session of the
/// account (someone who knew the old password may be signed in elsewhere).
#[tracing::instrument(skip_all)]
pub async fn change_password(
    db: &DatabaseConnection,
    policy: &AccessPolicy,
    meta: &RequestMeta,
    viewer: &SignedIn,
    current: &str,
    new: &NewPassword,
) -> Result<()> {
    let user = user_account::Entity::find_by_id(viewer.user_id)
        .one(db)
        .await?
        .ok_or_else(|| Error::Unauthenticated("Sign in to do this.".into()))?;
    // A stolen session must not become a way to guess the password: the current password is
    // checked under the same throttle as signing in with it.
    let attempt = Attempt::begin(db, policy, meta, login_of(&user)).await?;
    if !verify_password(current, &user.password_hash).await? {
        return Err(ValidationError::new("currentPassword", ValidationReason::Unknown).into());
    }
    let hash = hash_password(new).await?;
    let txn = crate::db::begin_write(db).await?;
    attempt.succeeded(&txn).await?;
    let mut active: user_account::ActiveModel = user.into();
    active.password_hash = Set(hash);
    active.updated_at = Set(Utc::now());
    active.update(&txn).await?;
    revoke_sessions(
        &txn,
        session::Column::UserId
            .eq(viewer.user_id)
            .and(session::Column::Id.ne(viewer.session_id)),
    )
    .await?;
    audit::record(
        &txn,
        meta,
        AuditEntry {
            actor_id: Some(viewer.user_id),
            action: AuditAction::PasswordChanged,
            object_type: AuditObject::User,
            object_id: Some(viewer.user_id.to_string()),
            organization_id: None,
            before: json!(null),
            after: json!({ "otherSessionsEnded": true }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn get_user(db: &impl ConnectionTrait, user_id: i64) -> Result<user_account::Model> {
    user_account::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "User",
            id: user_id.to_string(),
        })
}

/// Grants `role` on an organisation: the bootstrap path of `create-admin` (actor: none) and,
/// later, of admins granting roles. Granting a role already held is a no-op.
pub async fn grant_role(
    txn: &impl ConnectionTrait,
    meta: &RequestMeta,
    actor_id: Option<i64>,
    user_id: i64,
    organization_id: i64,
    role: Role,
) -> Result<membership::Model> {
    let existing = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .filter(membership::Column::OrganizationId.eq(organization_id))
        .filter(membership::Column::Role.eq(role))
        .one(txn)
        .await?;
    if let Some(existing) = existing {
        return Ok(existing);
    }
    let granted = membership::ActiveModel {
        user_id: Set(user_id),
        organization_id: Set(organization_id),
        role: Set(role),
        granted_by: Set(actor_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        meta,
        AuditEntry {
            actor_id,
            action: AuditAction::RoleGranted,
            object_type: AuditObject::Membership,
            object_id: Some(granted.id.to_string()),
            organization_id: Some(organization_id),
            before: json!(null),
            after: json!({ "userId": user_id, "organizationId": organization_id, "role": role }),
        },
    )
    .await?;
    Ok(granted)
}

/// What `create-admin` did.
#[derive(Debug)]
pub struct AdminReady {
    pub user_id: i64,
    pub organization_id: i64,
    /// Whether the account was created (rather than found).
    pub created: bool,
}

/// Bootstraps an administrator: finds or creates the account for `login` (a new one needs a
/// password) and grants it ADMIN on the organisation (default: the root), in one transaction.
pub async fn create_admin(
    db: &DatabaseConnection,
    login: &str,
    display_name: &str,
    password: Option<&str>,
    organization_id: Option<i64>,
) -> Result<AdminReady> {
    let login = Login::parse(login)?;
    let meta = RequestMeta {
        request_id: "create-admin".into(),
        address: "command line".into(),
    };
    let txn = crate::db::begin_write(db).await?;
    let organization = match organization_id {
        Some(id) => super::organization::get(&txn, id).await?,
        None => organization::Entity::find()
            .filter(organization::Column::ParentId.is_null())
            .one(&txn)
            .await?
            .ok_or_else(|| {
                Error::Conflict(
                    "There is no organisation yet: run `seed` first or pass --organization-id."
                        .into(),
                )
            })?,
    };
    let (user, created) = match find_by_login(&txn, &login).await? {
        Some(user) => (user, false),
        None => {
            let password = password
                .ok_or_else(|| ValidationError::new("password", ValidationReason::Empty))?;
            let account = AccountForCreate {
                login,
                display_name: display_name.to_owned(),
                password: NewPassword::parse(password)?,
            };
            (create_account(&txn, &meta, account).await?, true)
        }
    };
    grant_role(&txn, &meta, None, user.id, organization.id, Role::Admin).await?;
    txn.commit().await?;
    Ok(AdminReady {
        user_id: user.id,
        organization_id: organization.id,
        created,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_password_verifies_against_its_own_hash_only() {
        let password = NewPassword::parse("hoc-tap-suot-doi").unwrap();
        let hash = hash_password(&password).await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_password("hoc-tap-suot-doi", &hash).await.unwrap());
        assert!(!verify_password("hoc-tap-suot-doj", &hash).await.unwrap());
    }
}
