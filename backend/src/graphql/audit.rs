//! The audit log in the GraphQL API, for administrators.

use std::collections::HashMap;

use async_graphql::{
    ComplexObject, Context, ID, InputObject, Object, SimpleObject,
    connection::{Connection, CursorType},
    dataloader::{DataLoader, Loader},
};
use chrono::{DateTime, Utc};
use shared::{AuditAction, AuditObject, Role};

use sea_orm::DatabaseConnection;

use super::{
    error::{ApiError, ApiResult},
    guard::RoleGuard,
    organization::actor_context,
    scalars::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, connection, decode_cursor, page_size, parse_id},
};
use crate::service::{
    audit_log as audit,
    membership::{self, Named},
};

/// One recorded action: who did what to which object, when, with a before/after summary.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(complex)]
pub struct AuditEvent {
    /// Stable identifier.
    id: ID,
    /// When it happened (UTC).
    at: DateTime<Utc>,
    /// Who did it; null for anonymous actions such as a failed sign-in.
    actor_id: Option<ID>,
    #[graphql(skip)]
    actor_key: Option<i64>,
    #[graphql(skip)]
    organization_key: Option<i64>,
    /// What was done.
    action: AuditAction,
    /// The kind of object it was done to.
    object_type: AuditObject,
    /// The object's id.
    object_id: Option<String>,
    /// The organisation whose subtree the event belongs to.
    organization_id: Option<ID>,
    /// JSON `{"before": …, "after": …}`.
    summary: String,
    /// The request that did it, to find its log lines.
    request_id: Option<String>,
}

impl From<audit::Event> for AuditEvent {
    fn from(row: audit::Event) -> Self {
        Self {
            id: ID(row.id.to_string()),
            at: row.at,
            actor_id: row.actor_id.map(|id| ID(id.to_string())),
            actor_key: row.actor_id,
            organization_key: row.organization_id,
            action: row.action,
            object_type: row.object_type,
            object_id: row.object_id,
            organization_id: row.organization_id.map(|id| ID(id.to_string())),
            summary: row.summary,
            request_id: row.request_id,
        }
    }
}

/// Which events to list.
#[ComplexObject]
impl AuditEvent {
    /// The name of who did it (none for an anonymous action such as a failed sign-in).
    async fn actor_name(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        name_of(ctx, self.actor_key.map(Named::Person)).await
    }

    /// The name of the organisation it happened in (none for sign-ins and accounts).
    async fn organization_name(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        name_of(ctx, self.organization_key.map(Named::Organization)).await
    }
}

async fn name_of(ctx: &Context<'_>, named: Option<Named>) -> ApiResult<Option<String>> {
    let Some(named) = named else {
        return Ok(None);
    };
    Ok(ctx
        .data::<DataLoader<NameLoader>>()?
        .load_one(named)
        .await?)
}

/// Batches the names a page of the audit log needs, people's and organisations' alike, into
/// one statement.
pub struct NameLoader {
    db: DatabaseConnection,
}

impl NameLoader {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

impl Loader<Named> for NameLoader {
    type Value = String;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Named]) -> Result<HashMap<Named, String>, Self::Error> {
        membership::names_of(&self.db, keys)
            .await
            .map_err(|error| ApiError::from(error).into())
    }
}

#[derive(InputObject, Debug, Default)]
pub struct AuditFilterInput {
    /// Only this action.
    action: Option<AuditAction>,
    /// Only this actor.
    actor_id: Option<ID>,
    /// Only objects of this type…
    object_type: Option<AuditObject>,
    /// …and this id.
    object_id: Option<String>,
    /// From this instant (inclusive).
    since: Option<DateTime<Utc>>,
    /// Until this instant (exclusive).
    until: Option<DateTime<Utc>>,
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// The audit log of the organisations you administer, newest first, a page at a time.
    #[graphql(
        guard = "RoleGuard(Role::Admin)",
        complexity = "first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE) as usize * child_complexity + 1"
    )]
    async fn audit_events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return (1–100, default 50).")] first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page.")] after: Option<String>,
        filter: Option<AuditFilterInput>,
    ) -> ApiResult<Connection<String, AuditEvent>> {
        let (db, _, actor) = actor_context(ctx)?;
        let first = page_size(first)?;
        let after = after.as_deref().map(decode_cursor).transpose()?;
        let filter = filter.unwrap_or_default();
        let filter = audit::AuditFilter {
            action: filter.action,
            actor_id: filter
                .actor_id
                .as_ref()
                .map(|id| parse_id("actorId", id))
                .transpose()?,
            object_type: filter.object_type,
            object_id: filter.object_id,
            since: filter.since,
            until: filter.until,
        };
        let page = audit::list_as(db, actor, &filter, after, first).await?;
        connection(page, after.is_some(), |row| {
            Ok((row.id.encode_cursor(), AuditEvent::from(row)))
        })
    }
}
