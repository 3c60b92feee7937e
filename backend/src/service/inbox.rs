//! The inbox: what each person is told about applications, written by the move it tells of in
//! that move's transaction (so no move goes untold and nothing is told of a move that did not
//! happen), and read a page at a time by its reader, with an unread count for every page's
//! header.
//!
//! Who is told what follows `shared::notification`: the applicant side hears the program's
//! answers, a reviewer their assignments, the treasurers of a fund the awards waiting for its
//! money. A task's notification counts as read once the task is done, by whoever did it.
//!
//! Built on the rows of applications, learners' managers, memberships, programs and funds
//! only: the services that move applications call it, and it calls none of them.

use chrono::Utc;
use sea_orm::{
    ActiveValue::NotSet,
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    FromQueryResult, PaginatorTrait, QueryFilter, QuerySelect, Set,
    sea_query::{Alias, Expr, ExprTrait as _, JoinType, Order, Query},
};
use shared::{ApplicationAction, NotificationKind, Role, ValidationError, ValidationReason};

use super::{
    Page,
    actor::{MONEY_ROLES, SignedIn},
    join_learner_of,
};
use crate::{
    entity::{
        application, award, fund, learner, learner_manager, membership, notification, organization,
        program, review,
    },
    error::{Error, Result},
};

/// Most notifications marked read by naming them, at once.
pub const MAX_MARKED_AT_ONCE: usize = 100;

/// A notification as its reader's inbox shows it, with what it is about.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Item {
    pub id: i64,
    pub kind: NotificationKind,
    pub application_id: i64,
    pub review_id: Option<i64>,
    pub created_at: chrono::DateTime<Utc>,
    pub read_at: Option<chrono::DateTime<Utc>>,
    pub program_id: i64,
    pub program_name: String,
    /// The learner's name; `None` for a reviewer's assignment, which names the application by
    /// its reference (a review may be blind).
    pub learner_name: Option<String>,
    /// The award's amount, once the application has one.
    pub amount: Option<i64>,
    /// The path of the organisation whose fund pays the program's awards: who keeps its money
    /// now is who may still read the learner's name in a wait for payment.
    pub fund_owner_path: String,
}

/// Tells the people concerned that `moved` was moved by `action` (by `actor_id`, who is not
/// told of their own move), and settles the tasks about it that the move answers.
pub async fn on_move(
    txn: &DatabaseTransaction,
    actor_id: i64,
    moved: &application::Model,
    action: ApplicationAction,
) -> Result<()> {
    settle(txn, moved.id, NotificationKind::settled_by(action)).await?;
    let mut told = Vec::new();
    if let Some(kind) = NotificationKind::for_applicant(action) {
        told.extend(
            applicant_side(txn, moved)
                .await?
                .into_iter()
                .map(|u| (u, kind)),
        );
    }
    if action == ApplicationAction::Approve {
        told.extend(
            money_keepers(txn, moved.program_id, actor_id)
                .await?
                .into_iter()
                .map(|u| (u, NotificationKind::AwaitingPayment)),
        );
    }
    told.retain(|(user, _)| *user != actor_id);
    write(txn, moved.id, None, told).await
}

/// Tells a reviewer of their assignment (unless they assigned themselves).
pub async fn on_review_assigned(
    txn: &DatabaseTransaction,
    actor_id: i64,
    assigned: &review::Model,
) -> Result<()> {
    if assigned.reviewer_id == actor_id {
        return Ok(());
    }
    write(
        txn,
        assigned.application_id,
        Some(assigned.id),
        vec![(assigned.reviewer_id, NotificationKind::ReviewAssigned)],
    )
    .await
}

/// Settles the assignment of a review its reviewer has scored or stepped down from (found
/// through its application's index).
pub async fn on_review_done(txn: &DatabaseTransaction, done: &review::Model) -> Result<()> {
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Utc::now()))
        .filter(notification::Column::ApplicationId.eq(done.application_id))
        .filter(notification::Column::Kind.eq(NotificationKind::ReviewAssigned))
        .filter(notification::Column::ReviewId.eq(done.id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

async fn settle(
    txn: &DatabaseTransaction,
    application_id: i64,
    kinds: &[NotificationKind],
) -> Result<()> {
    if kinds.is_empty() {
        return Ok(());
    }
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Utc::now()))
        .filter(notification::Column::ApplicationId.eq(application_id))
        .filter(notification::Column::Kind.is_in(kinds.iter().copied()))
        .filter(notification::Column::ReadAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

async fn write(
    txn: &DatabaseTransaction,
    application_id: i64,
    review_id: Option<i64>,
    mut told: Vec<(i64, NotificationKind)>,
) -> Result<()> {
    told.sort_unstable();
    told.dedup();
    if told.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    notification::Entity::insert_many(told.into_iter().map(|(user_id, kind)| {
        notification::ActiveModel {
            id: NotSet,
            user_id: Set(user_id),
            kind: Set(kind),
            application_id: Set(application_id),
            review_id: Set(review_id),
            created_at: Set(now),
            read_at: Set(None),
        }
    }))
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// Who applied, and who manages the learner now.
async fn applicant_side(db: &impl ConnectionTrait, moved: &application::Model) -> Result<Vec<i64>> {
    let mut users: Vec<i64> = learner_manager::Entity::find()
        .select_only()
        .column(learner_manager::Column::UserId)
        .filter(learner_manager::Column::LearnerId.eq(moved.learner_id))
        .into_tuple()
        .all(db)
        .await?;
    users.push(moved.submitted_by);
    Ok(users)
}

/// Who keeps the money of the program's fund, but `approver` (who may not pay what they
/// approved): the treasurers of the organisation that owns it, or its admins where it has
/// no other treasurer. Those of the levels above are not told of every award below them;
/// their home shows what waits.
async fn money_keepers(
    db: &impl ConnectionTrait,
    program_id: i64,
    approver: i64,
) -> Result<Vec<i64>> {
    let owner = Query::select()
        .column((fund::Entity, fund::Column::OrganizationId))
        .from(fund::Entity)
        .inner_join(
            program::Entity,
            Expr::col((program::Entity, program::Column::FundId))
                .equals((fund::Entity, fund::Column::Id)),
        )
        .and_where(Expr::col((program::Entity, program::Column::Id)).eq(program_id))
        .to_owned();
    let held: Vec<(i64, Role)> = membership::Entity::find()
        .select_only()
        .column(membership::Column::UserId)
        .column(membership::Column::Role)
        .filter(membership::Column::OrganizationId.in_subquery(owner))
        .filter(membership::Column::Role.is_in([Role::Treasurer, Role::Admin]))
        .into_tuple()
        .all(db)
        .await?;
    let held: Vec<(i64, Role)> = held.into_iter().filter(|(u, _)| *u != approver).collect();
    let role = if held.iter().any(|(_, r)| *r == Role::Treasurer) {
        Role::Treasurer
    } else {
        Role::Admin
    };
    Ok(held
        .into_iter()
        .filter(|(_, r)| *r == role)
        .map(|(user, _)| user)
        .collect())
}

/// A page of the actor's inbox, newest first, after the notification `before` if given; only
/// the unread ones if asked. One statement: what each is about comes joined.
#[tracing::instrument(skip(db, actor))]
pub async fn page(
    db: &DatabaseConnection,
    actor: &SignedIn,
    unread_only: bool,
    before: Option<i64>,
    first: u64,
) -> Result<Page<Item>> {
    let (n, a, p, l, w, f, o) = (
        Alias::new("n"),
        Alias::new("a"),
        Alias::new("p"),
        Alias::new("l"),
        Alias::new("w"),
        Alias::new("f"),
        Alias::new("o"),
    );
    let mut query = Query::select();
    query
        .columns([
            (n.clone(), notification::Column::Id),
            (n.clone(), notification::Column::Kind),
            (n.clone(), notification::Column::ApplicationId),
            (n.clone(), notification::Column::ReviewId),
            (n.clone(), notification::Column::CreatedAt),
            (n.clone(), notification::Column::ReadAt),
        ])
        .expr_as(
            Expr::col((a.clone(), application::Column::ProgramId)),
            Alias::new("program_id"),
        )
        .expr_as(
            Expr::col((p.clone(), program::Column::Name)),
            Alias::new("program_name"),
        )
        .expr_as(
            Expr::col((l.clone(), learner::Column::FullName)),
            Alias::new("learner_name"),
        )
        .expr_as(
            Expr::col((w.clone(), award::Column::Amount)),
            Alias::new("amount"),
        )
        .expr_as(
            Expr::col((o.clone(), organization::Column::Path)),
            Alias::new("fund_owner_path"),
        )
        .from_as(notification::Entity, n.clone())
        .join_as(
            JoinType::InnerJoin,
            application::Entity,
            a.clone(),
            Expr::col((a.clone(), application::Column::Id))
                .equals((n.clone(), notification::Column::ApplicationId)),
        )
        .join_as(
            JoinType::InnerJoin,
            program::Entity,
            p.clone(),
            Expr::col((p.clone(), program::Column::Id))
                .equals((a.clone(), application::Column::ProgramId)),
        )
        .join_as(
            JoinType::InnerJoin,
            fund::Entity,
            f.clone(),
            Expr::col((f.clone(), fund::Column::Id)).equals((p.clone(), program::Column::FundId)),
        )
        .join_as(
            JoinType::InnerJoin,
            organization::Entity,
            o.clone(),
            Expr::col((o.clone(), organization::Column::Id))
                .equals((f.clone(), fund::Column::OrganizationId)),
        )
        .join_as(
            JoinType::LeftJoin,
            award::Entity,
            w.clone(),
            Expr::col((w.clone(), award::Column::ApplicationId))
                .equals((a.clone(), application::Column::Id)),
        )
        .and_where(Expr::col((n.clone(), notification::Column::UserId)).eq(actor.user_id))
        .order_by((n.clone(), notification::Column::Id), Order::Desc)
        .limit(first + 1);
    join_learner_of(&mut query, &a, &l);
    if unread_only {
        query.and_where(Expr::col((n.clone(), notification::Column::ReadAt)).is_null());
    }
    if let Some(before) = before {
        query.and_where(Expr::col((n.clone(), notification::Column::Id)).lt(before));
    }
    let items = db
        .query_all(&query)
        .await?
        .iter()
        .map(|row| {
            let mut item = Item::from_query_result(row, "")?;
            // A review may be blind; and one who no longer keeps the fund's money is told of
            // the wait no more than that it was.
            let named = match item.kind {
                NotificationKind::ReviewAssigned => false,
                NotificationKind::AwaitingPayment => {
                    actor.holds_any(&MONEY_ROLES, &item.fund_owner_path)
                }
                _ => true,
            };
            if !named {
                item.learner_name = None;
            }
            Ok(item)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::from_overfetch(items, first))
}

/// How many of the actor's notifications are unread.
#[tracing::instrument(skip(db, actor))]
pub async fn unread_count(db: &DatabaseConnection, actor: &SignedIn) -> Result<u64> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(actor.user_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// Which notifications to mark read.
#[derive(Debug, Clone, Copy)]
pub enum Marked<'a> {
    /// These, each the actor's own (NOT_FOUND names the first that is not).
    These(&'a [i64]),
    /// Every unread one of the actor's.
    All,
}

/// Marks notifications of the actor's read; returns how many were unread until now. Marking
/// one already read changes nothing.
#[tracing::instrument(skip(db, actor))]
pub async fn mark_read(
    db: &DatabaseConnection,
    actor: &SignedIn,
    marked: Marked<'_>,
) -> Result<u64> {
    let mut update = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Utc::now()))
        .filter(notification::Column::UserId.eq(actor.user_id))
        .filter(notification::Column::ReadAt.is_null());
    if let Marked::These(ids) = marked {
        if ids.is_empty() {
            return Err(ValidationError::new("ids", ValidationReason::Empty).into());
        }
        if ids.len() > MAX_MARKED_AT_ONCE {
            return Err(ValidationError::new(
                "ids",
                ValidationReason::TooLarge {
                    max: format!("{MAX_MARKED_AT_ONCE} notifications"),
                },
            )
            .into());
        }
        let own: Vec<i64> = notification::Entity::find()
            .select_only()
            .column(notification::Column::Id)
            .filter(notification::Column::UserId.eq(actor.user_id))
            .filter(notification::Column::Id.is_in(ids.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        if let Some(missing) = ids.iter().find(|id| !own.contains(id)) {
            return Err(Error::NotFound {
                entity: "Notification",
                id: missing.to_string(),
            });
        }
        update = update.filter(notification::Column::Id.is_in(own));
    }
    Ok(update.exec(db).await?.rows_affected)
}
