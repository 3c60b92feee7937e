//! The inbox in the GraphQL API: your notifications a page at a time, how many are unread,
//! and marking them read.

use async_graphql::{
    Context, ID, Object, SimpleObject,
    connection::{Connection, CursorType},
};
use chrono::{DateTime, Utc};
use shared::{Money, NotificationKind};

use super::{
    error::ApiResult,
    guard::SignedInGuard,
    organization::actor_context,
    scalars::{
        DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MoneyScalar, connection, decode_cursor, page_size,
        parse_id,
    },
};
use crate::service::inbox::{self, Item, Marked};

/// Something you are told about an application: its kind says what happened (the app words
/// it in your language), the rest what it is about.
#[derive(SimpleObject, Clone, Debug)]
pub struct Notification {
    /// Stable identifier.
    id: ID,
    /// What happened: the app words it in the reader's language.
    kind: NotificationKind,
    /// The application it is about.
    application_id: ID,
    /// That application's reference, `HS-000123`.
    reference: String,
    /// The review it is about (`REVIEW_ASSIGNED`): open it at the reviewer's task.
    review_id: Option<ID>,
    /// The application's program.
    program_id: ID,
    /// That program's name.
    program_name: String,
    /// The learner's name; null for a review assignment (which names the application by its
    /// reference, as a blind review does).
    learner_name: Option<String>,
    /// The award's amount, once the application has one.
    amount: Option<MoneyScalar>,
    /// When it happened.
    created_at: DateTime<Utc>,
    /// Whether you opened it, or the task it set is done.
    read: bool,
}

impl From<Item> for Notification {
    fn from(item: Item) -> Self {
        Self {
            id: item.id.into(),
            kind: item.kind,
            application_id: item.application_id.into(),
            reference: shared::application::reference(item.application_id),
            review_id: item.review_id.map(ID::from),
            program_id: item.program_id.into(),
            program_name: item.program_name,
            learner_name: item.learner_name,
            amount: item.amount.map(|a| Money::from_dong(a).into()),
            created_at: item.created_at,
            read: item.read_at.is_some(),
        }
    }
}

#[derive(Default)]
pub struct InboxQuery;

#[Object]
impl InboxQuery {
    /// Your notifications, newest first, a page at a time; only the unread ones if asked.
    #[graphql(
        guard = "SignedInGuard",
        complexity = "first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE) as usize * child_complexity + 1"
    )]
    async fn my_notifications(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] unread_only: bool,
        #[graphql(desc = "How many to return (1–100, default 50).")] first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page.")] after: Option<String>,
    ) -> ApiResult<Connection<String, Notification>> {
        let (db, _, actor) = actor_context(ctx)?;
        let first = page_size(first)?;
        let after: Option<i64> = after.as_deref().map(decode_cursor).transpose()?;
        let page = inbox::page(db, actor, unread_only, after, first).await?;
        connection(page, after.is_some(), |item| {
            Ok((item.id.encode_cursor(), item.into()))
        })
    }

    /// How many of your notifications are unread (0 for someone told nothing yet).
    #[graphql(guard = "SignedInGuard")]
    async fn unread_notification_count(&self, ctx: &Context<'_>) -> ApiResult<u64> {
        let (db, _, actor) = actor_context(ctx)?;
        Ok(inbox::unread_count(db, actor).await?)
    }
}

#[derive(Default)]
pub struct InboxMutation;

#[Object]
impl InboxMutation {
    /// Marks these notifications of yours read (1–100 at once; NOT_FOUND for one that is not
    /// yours). Returns how many were unread until now.
    #[graphql(guard = "SignedInGuard")]
    async fn mark_notifications_read(&self, ctx: &Context<'_>, ids: Vec<ID>) -> ApiResult<u64> {
        let (db, _, actor) = actor_context(ctx)?;
        let ids = ids
            .iter()
            .map(|id| parse_id("ids", id))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(inbox::mark_read(db, actor, Marked::These(&ids)).await?)
    }

    /// Marks every notification of yours read. Returns how many were unread until now.
    #[graphql(guard = "SignedInGuard")]
    async fn mark_all_notifications_read(&self, ctx: &Context<'_>) -> ApiResult<u64> {
        let (db, _, actor) = actor_context(ctx)?;
        Ok(inbox::mark_read(db, actor, Marked::All).await?)
    }
}
