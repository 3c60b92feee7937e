//! Accounts and sessions in the GraphQL API: `me`, sign-up, sign-in, sign-out, password.

use async_graphql::{
    Context, ID, InputObject, Object, SimpleObject,
    connection::{Connection, CursorType},
};
use sea_orm::DatabaseConnection;
use shared::{Login, NewPassword, Role};

use super::{
    error::{ApiError, ApiResult},
    guard::{RoleGuard, SignedInGuard},
    organization::{Organization, OrganizationLoader, actor_context},
    scalars::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, connection, decode_cursor, page_size, parse_id},
};
use crate::{
    config::AccessPolicy,
    service::{
        access::{self, AccountForCreate},
        actor::Viewer,
        audit::RequestMeta,
        membership,
        session::{self, SESSION_COOKIE},
    },
};

/// The signed-in user.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(complex)]
pub struct Me {
    /// Stable identifier.
    id: ID,
    /// The name shown to others.
    display_name: String,
    /// The email address they sign in with, if any.
    email: Option<String>,
    /// The mobile number they sign in with, if any (national form, `0912345678`).
    phone: Option<String>,
    #[graphql(skip)]
    user_id: i64,
}

impl From<access::Account> for Me {
    fn from(user: access::Account) -> Self {
        Self {
            id: ID(user.id.to_string()),
            display_name: user.display_name,
            email: user.email,
            phone: user.phone,
            user_id: user.id,
        }
    }
}

/// A role held on an organisation, and so on everything under it.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(complex)]
pub struct Membership {
    /// Stable identifier.
    id: ID,
    /// What the role allows.
    role: Role,
    #[graphql(skip)]
    organization_id: i64,
}

#[async_graphql::ComplexObject]
impl Membership {
    /// The organisation the role is held on.
    async fn organization(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        Ok(ctx
            .data::<async_graphql::dataloader::DataLoader<OrganizationLoader>>()?
            .load_one(self.organization_id)
            .await?)
    }
}

#[async_graphql::ComplexObject]
impl Me {
    /// The roles they hold. Every signed-in user may also apply for learners.
    async fn memberships(&self, ctx: &Context<'_>) -> ApiResult<Vec<Membership>> {
        let db = ctx.data::<DatabaseConnection>()?;
        Ok(crate::service::actor::grants_of(db, self.user_id)
            .await?
            .into_iter()
            .map(|grant| Membership {
                id: ID(grant.membership_id.to_string()),
                role: grant.role,
                organization_id: grant.organization_id,
            })
            .collect())
    }
}

/// What it takes to open an account.
#[derive(InputObject, Debug)]
pub struct SignUpInput {
    /// An email address or a Vietnamese mobile number.
    login: String,
    /// The name shown to others.
    display_name: String,
    /// At least 10 characters.
    password: String,
}

#[derive(Default)]
pub struct AccessQuery;

#[Object]
impl AccessQuery {
    /// The signed-in user, or null for an anonymous visitor.
    async fn me(&self, ctx: &Context<'_>) -> ApiResult<Option<Me>> {
        let Some(user) = &ctx.data::<Viewer>()?.user else {
            return Ok(None);
        };
        let db = ctx.data::<DatabaseConnection>()?;
        Ok(Some(access::get_user(db, user.user_id).await?.into()))
    }
}

#[derive(Default)]
pub struct AccessMutation;

#[Object]
impl AccessMutation {
    /// Opens an account and signs it in (sets the session cookie).
    async fn sign_up(&self, ctx: &Context<'_>, input: SignUpInput) -> ApiResult<Me> {
        let (db, policy, meta) = (
            ctx.data::<DatabaseConnection>()?,
            ctx.data::<AccessPolicy>()?,
            ctx.data::<RequestMeta>()?,
        );
        let account = AccountForCreate {
            login: Login::parse(&input.login)?,
            display_name: input.display_name,
            password: NewPassword::parse(&input.password)?,
        };
        let opened = access::sign_up(db, policy, meta, account).await?;
        ctx.append_http_header("set-cookie", session_cookie(&opened.token, policy));
        Ok(opened.user.into())
    }

    /// Signs in with a login and password (sets the session cookie). Repeated failures for
    /// one login or from one address are refused for a while with `TOO_MANY_ATTEMPTS`.
    async fn sign_in(&self, ctx: &Context<'_>, login: String, password: String) -> ApiResult<Me> {
        let (db, policy, meta) = (
            ctx.data::<DatabaseConnection>()?,
            ctx.data::<AccessPolicy>()?,
            ctx.data::<RequestMeta>()?,
        );
        let opened = access::sign_in(db, policy, meta, &login, &password).await?;
        ctx.append_http_header("set-cookie", session_cookie(&opened.token, policy));
        Ok(opened.user.into())
    }

    /// Ends the current session on every device and server, and clears the cookie.
    #[graphql(guard = "SignedInGuard")]
    async fn sign_out(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let (db, meta, policy) = (
            ctx.data::<DatabaseConnection>()?,
            ctx.data::<RequestMeta>()?,
            ctx.data::<AccessPolicy>()?,
        );
        let viewer = ctx.data::<Viewer>()?.signed_in()?;
        session::sign_out(db, meta, viewer).await?;
        ctx.append_http_header("set-cookie", cleared_cookie(policy));
        Ok(true)
    }

    /// Changes the password and ends every other session of the account. Wrong current
    /// passwords count with failed sign-ins of the login: past the limit, `TOO_MANY_ATTEMPTS`.
    #[graphql(guard = "SignedInGuard")]
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        current_password: String,
        new_password: String,
    ) -> ApiResult<bool> {
        let (db, policy, meta) = (
            ctx.data::<DatabaseConnection>()?,
            ctx.data::<AccessPolicy>()?,
            ctx.data::<RequestMeta>()?,
        );
        let viewer = ctx.data::<Viewer>()?.signed_in()?;
        let new_password = NewPassword::parse(&new_password)
            .map_err(|e| ApiError::from(e.for_field("newPassword")))?;
        access::change_password(db, policy, meta, viewer, &current_password, &new_password).await?;
        Ok(true)
    }
}

/// Someone holding a role on an organisation, as its admins see them.
#[derive(SimpleObject, Clone, Debug)]
pub struct Member {
    /// The membership (to revoke it by).
    membership: Membership,
    /// The member's name.
    display_name: String,
    /// What they sign in with (email or mobile number).
    login: String,
}

#[derive(Default)]
pub struct MembershipQuery;

#[Object]
impl MembershipQuery {
    /// Who holds which role directly on an organisation you administer, in the order the
    /// roles were granted, a page at a time.
    #[graphql(
        guard = "RoleGuard(Role::Admin)",
        complexity = "first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE) as usize * child_complexity + 1"
    )]
    async fn members(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        #[graphql(desc = "How many to return (1–100, default 50).")] first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page.")] after: Option<String>,
    ) -> ApiResult<Connection<String, Member>> {
        let (db, _, actor) = actor_context(ctx)?;
        let first = page_size(first)?;
        let after: Option<i64> = after.as_deref().map(decode_cursor).transpose()?;
        let organization_id = parse_id("organizationId", &organization_id)?;
        let page = membership::members_of(db, actor, organization_id, after, first).await?;
        connection(page, after.is_some(), |member| {
            Ok::<_, crate::error::Error>((
                member.membership.id.encode_cursor(),
                Member {
                    membership: Membership::try_from(member.membership)?,
                    display_name: member.user.display_name,
                    login: member.user.email.or(member.user.phone).unwrap_or_default(),
                },
            ))
        })
        .map_err(Into::into)
    }
}

#[derive(Default)]
pub struct MembershipMutation;

#[Object]
impl MembershipMutation {
    /// Grants a role on an organisation you administer to the account with this login (email
    /// or mobile number). Granting a role already held changes nothing.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn grant_role(
        &self,
        ctx: &Context<'_>,
        login: String,
        organization_id: ID,
        role: Role,
    ) -> ApiResult<Membership> {
        let (db, meta, actor) = actor_context(ctx)?;
        let granted = membership::grant_as(
            db,
            meta,
            actor,
            &login,
            parse_id("organizationId", &organization_id)?,
            role,
        )
        .await?;
        Ok(Membership::try_from(granted)?)
    }

    /// Revokes a membership on an organisation you administer.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn revoke_role(&self, ctx: &Context<'_>, membership_id: ID) -> ApiResult<bool> {
        let (db, meta, actor) = actor_context(ctx)?;
        membership::revoke_as(db, meta, actor, parse_id("membershipId", &membership_id)?).await?;
        Ok(true)
    }
}

impl TryFrom<membership::Membership> for Membership {
    type Error = crate::error::Error;

    fn try_from(row: membership::Membership) -> Result<Self, Self::Error> {
        let role = row.role;
        Ok(Self {
            id: ID(row.id.to_string()),
            role,
            organization_id: row.organization_id,
        })
    }
}

fn cookie_attributes(policy: &AccessPolicy) -> &'static str {
    // Lax: the cookie is not sent on cross-site POSTs; the HTTP layer also requires a custom
    // header on cookie-carrying requests, which a cross-site form cannot add.
    if policy.secure_cookies {
        "; Path=/; HttpOnly; SameSite=Lax; Secure"
    } else {
        "; Path=/; HttpOnly; SameSite=Lax"
    }
}

fn session_cookie(token: &str, policy: &AccessPolicy) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Max-Age={}{}",
        policy.session_max.as_secs(),
        cookie_attributes(policy)
    )
}

fn cleared_cookie(policy: &AccessPolicy) -> String {
    format!("{SESSION_COOKIE}=; Max-Age=0{}", cookie_attributes(policy))
}
