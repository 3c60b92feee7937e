//! Applications: created by a learner's manager for an open program, then moved through
//! `shared::application::transition`; every move is recorded in the application's timeline
//! and the audit log, in the same database transaction.
//!
//! This is the base the rest of an application's life builds on: who stands where towards
//! it (`parties`), its documents (`evidence`), its reviews and its award, and above them all
//! the dossier that submits, decides and shows it (`dossier`). Nothing here reaches up.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, Set, sea_query::Expr,
};
use serde_json::json;
use shared::{ApplicationAction, ApplicationStatus, AuditObject, ProgramStatus};

use super::{
    actor::SignedIn,
    audit::{self, AuditEntry, RequestMeta},
    inbox, learner as learners, program as programs,
};
use crate::{
    entity::{application, application_event},
    error::{Error, Result},
};
mod lists;

pub use lists::{ProgramApplications, Search, Summary, mine};

/// One move in an application's timeline.
pub use crate::entity::application_event::Model as Event;

const STATEMENT_MAX_CHARS: usize = 4000;

/// Starts a DRAFT application for a learner the actor manages, to an OPEN program. A learner
/// has at most one live application per program (the database holds it under concurrency).
#[tracing::instrument(skip(db, meta, actor, statement))]
pub async fn create_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    program_id: i64,
    learner_id: i64,
    statement: &str,
) -> Result<application::Model> {
    let statement = shared::text::paragraphs("statement", statement, STATEMENT_MAX_CHARS)?;
    let txn = crate::db::begin_write(db).await?;
    let learner = learners::get(&txn, learner_id).await?;
    if !learners::is_manager(&txn, actor.user_id, learner.id).await? {
        return Err(Error::Forbidden(
            "Only the people who manage a learner's profile apply for the learner.".into(),
        ));
    }
    let program = programs::get(&txn, program_id).await?;
    if program.status() != ProgramStatus::Open {
        return Err(Error::OutsideWindow(format!(
            "{} is not taking applications (it is {})",
            program.program.name,
            program.status()
        )));
    }
    let now = Utc::now();
    let created = application::ActiveModel {
        program_id: Set(program_id),
        learner_id: Set(learner_id),
        submitted_by: Set(actor.user_id),
        status: Set(ApplicationStatus::Draft),
        statement: Set(statement),
        tier_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        submitted_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        Error::unique_violation_as_conflict(
            e,
            "this learner already has an application to this program; continue that one",
        )
    })?;
    record(
        &txn,
        meta,
        actor,
        &created,
        ApplicationAction::Create,
        None,
        None,
        program.program.organization_id,
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Moves `current` to `to` by `action` inside the caller's transaction, recording the move in
/// the timeline and the audit log and telling those it concerns (`inbox`).
#[allow(clippy::too_many_arguments)]
pub async fn move_in(
    txn: &DatabaseTransaction,
    meta: &RequestMeta,
    actor: &SignedIn,
    current: &application::Model,
    action: ApplicationAction,
    to: ApplicationStatus,
    reason: Option<String>,
    organization_id: i64,
) -> Result<application::Model> {
    let moved = change_status(txn, current, to, action == ApplicationAction::Submit).await?;
    inbox::on_move(txn, actor.user_id, &moved, action).await?;
    record(
        txn,
        meta,
        actor,
        &moved,
        action,
        Some(current.status),
        reason,
        organization_id,
    )
    .await?;
    Ok(moved)
}

/// Writes the new status if the row still has the status it was read with: a concurrent
/// move in between is a CONFLICT, not a lost update.
async fn change_status(
    txn: &DatabaseTransaction,
    current: &application::Model,
    to: ApplicationStatus,
    submitted: bool,
) -> Result<application::Model> {
    let now = Utc::now();
    let mut update = application::Entity::update_many()
        .col_expr(application::Column::Status, Expr::value(to))
        .col_expr(application::Column::UpdatedAt, Expr::value(now))
        .filter(application::Column::Id.eq(current.id))
        .filter(application::Column::Status.eq(current.status));
    if submitted {
        update = update.col_expr(application::Column::SubmittedAt, Expr::value(now));
    }
    if update.exec(txn).await?.rows_affected != 1 {
        return Err(Error::Conflict(
            "the application changed meanwhile; reload it and try again".into(),
        ));
    }
    get(txn, current.id).await
}

#[allow(clippy::too_many_arguments)]
async fn record(
    txn: &DatabaseTransaction,
    meta: &RequestMeta,
    actor: &SignedIn,
    application: &application::Model,
    action: ApplicationAction,
    from: Option<ApplicationStatus>,
    reason: Option<String>,
    organization_id: i64,
) -> Result<()> {
    application_event::ActiveModel {
        application_id: Set(application.id),
        action: Set(action),
        from_status: Set(from),
        to_status: Set(application.status),
        actor_id: Set(actor.user_id),
        reason: Set(reason.clone()),
        at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action: action.into(),
            object_type: AuditObject::Application,
            object_id: Some(application.id.to_string()),
            organization_id: Some(organization_id),
            before: json!({ "status": from }),
            after: json!({ "status": application.status, "reason": reason }),
        },
    )
    .await
}

/// Whether the application was ever submitted: a draft withdrawn before submission stays the
/// applicant side's alone, like any draft.
pub fn was_submitted(application: &application::Model) -> bool {
    application.submitted_at.is_some()
}

/// An application's timeline: every move, oldest first.
pub async fn timeline(db: &impl ConnectionTrait, id: i64) -> Result<Vec<Event>> {
    Ok(application_event::Entity::find()
        .filter(application_event::Column::ApplicationId.eq(id))
        .order_by_asc(application_event::Column::Id)
        .all(db)
        .await?)
}

/// The answer about an application that does not exist, and about one the actor may not see.
pub fn not_found(id: i64) -> Error {
    Error::NotFound {
        entity: "Application",
        id: id.to_string(),
    }
}

/// One application by id, its row locked for the rest of the transaction (PostgreSQL; SQLite's
/// IMMEDIATE transaction already excludes other writers), so that what is checked about it
/// (its status) still holds when the transaction commits.
pub async fn get_locked(txn: &DatabaseTransaction, id: i64) -> Result<application::Model> {
    crate::db::lock_rows::<application::Entity>(txn, application::Column::Id, [id]).await?;
    get(txn, id).await
}

/// One application by id.
pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<application::Model> {
    application::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "Application",
            id: id.to_string(),
        })
}
