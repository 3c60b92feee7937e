//! Applications: created by a learner's manager, submitted inside the program's window when
//! the learner qualifies, withdrawn by the applicant, returned or rejected by the program's
//! staff. Every move goes through `shared::application::transition` and is recorded in the
//! application's timeline and the audit log, in the same database transaction.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, Set, sea_query::Expr,
};
use serde_json::json;
use shared::{
    ApplicationAction, ApplicationStatus, AuditObject, ProgramStatus, ReviewStatus,
    ValidationError, ValidationReason, application::transition, eligibility,
};

use super::{
    actor::SignedIn,
    audit::{self, AuditEntry, RequestMeta},
    learner::{self as learners, LearnerView},
    organization,
    program::{self as programs, ProgramWithTiers, require_program_role},
};
use crate::{
    entity::{application, application_event},
    error::{Error, Result},
};
mod lists;

pub use lists::{ProgramApplications, Search, Summary, mine};

/// One move in an application's timeline.
pub use crate::entity::application_event::Model as Event;

/// An application with everything a page about it shows.
#[derive(Debug, Clone)]
pub struct ApplicationView {
    pub application: application::Model,
    pub program: ProgramWithTiers,
    pub learner: LearnerView,
    pub events: Vec<application_event::Model>,
    pub evidence: Vec<crate::entity::evidence::Model>,
    /// The award, once the application has been approved.
    pub award: Option<crate::entity::award::Model>,
}

impl ApplicationView {
    pub fn status(&self) -> ApplicationStatus {
        self.application.status
    }
}

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

/// Submits (or resubmits, after a request for information) an application: only inside the
/// program's window, and only if the learner meets the program's rules today. `response` is
/// the applicant's answer to a request for information; it goes into the timeline.
#[tracing::instrument(skip(db, meta, actor, response))]
pub async fn submit_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    id: i64,
    response: &str,
) -> Result<application::Model> {
    let response = shared::ledger::memo("response", response, false)?;
    let txn = crate::db::begin_write(db).await?;
    let current = get_locked(&txn, id).await?;
    require_applicant(&txn, actor, &current).await?;
    let to = transition(current.status, ApplicationAction::Submit)?;
    let program = programs::get(&txn, current.program_id).await?;
    let today = programs::today();
    if program.status() != ProgramStatus::Open || !program.window_is_open(today) {
        return Err(Error::OutsideWindow(format!(
            "{} takes applications from {} to {} while open; today is {today} and it is {}",
            program.program.name,
            shared::VnDate::from(program.program.opens_on),
            shared::VnDate::from(program.program.closes_on),
            program.status()
        )));
    }
    let learner = learners::get(&txn, current.learner_id).await?;
    let reasons = eligibility::check(program.eligibility(), &learners::facts(&learner), today);
    if !reasons.is_empty() {
        return Err(Error::NotEligible { reasons });
    }
    let missing = super::evidence::missing(&txn, current.id, program.required_evidence()).await?;
    if !missing.is_empty() {
        return Err(ValidationError::new(
            "evidence",
            ValidationReason::Format {
                expected: format!(
                    "a document for each required type; missing: {}",
                    missing.join(", ")
                ),
            },
        )
        .into());
    }
    let moved = move_in(
        &txn,
        meta,
        actor,
        &current,
        ApplicationAction::Submit,
        to,
        Some(response).filter(|r| !r.is_empty()),
        program.program.organization_id,
    )
    .await?;
    txn.commit().await?;
    Ok(moved)
}

/// Moves an application by `action` with `reason`: WITHDRAW by its applicant; RETURN_FOR_INFO
/// and REJECT by the program's staff, who must give a reason.
#[tracing::instrument(skip(db, meta, actor, reason))]
pub async fn act_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    id: i64,
    action: ApplicationAction,
    reason: &str,
) -> Result<application::Model> {
    let reason = shared::ledger::memo("reason", reason, action != ApplicationAction::Withdraw)?;
    let txn = crate::db::begin_write(db).await?;
    let current = get_locked(&txn, id).await?;
    let program = programs::get(&txn, current.program_id).await?;
    match action {
        ApplicationAction::Withdraw => require_applicant(&txn, actor, &current).await?,
        ApplicationAction::ReturnForInfo | ApplicationAction::Reject => {
            let owner = organization::get(&txn, program.program.organization_id).await?;
            require_decider(&txn, actor, &current, &owner).await?;
        }
        other => {
            return Err(Error::Forbidden(format!(
                "{other} is not available here yet"
            )));
        }
    }
    let to = transition(current.status, action)?;
    let moved = move_in(
        &txn,
        meta,
        actor,
        &current,
        action,
        to,
        Some(reason).filter(|r| !r.is_empty()),
        program.program.organization_id,
    )
    .await?;
    txn.commit().await?;
    Ok(moved)
}

/// Moves `current` to `to` by `action` inside the caller's transaction, recording the move in
/// the timeline and the audit log.
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

/// Decisions are taken by the program's managers, never on an application they submitted,
/// for a learner they manage, or that they reviewed.
pub async fn require_decider(
    txn: &DatabaseTransaction,
    actor: &SignedIn,
    current: &application::Model,
    owner: &crate::entity::organization::Model,
) -> Result<()> {
    if !knows_of(txn, actor, current, owner).await? {
        return Err(not_found(current.id));
    }
    require_program_role(actor, owner)?;
    if current.submitted_by == actor.user_id
        || learners::is_manager(txn, actor.user_id, current.learner_id).await?
        || super::review::reviewed_by(txn, current.id, actor.user_id).await?
    {
        return Err(Error::Forbidden(
            "No one decides on an application they submitted, reviewed, or made for a \
             learner they manage."
                .into(),
        ));
    }
    Ok(())
}

/// Whether the actor is of the applicant side: they submitted it or manage the learner.
async fn is_applicant(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    application: &application::Model,
) -> Result<bool> {
    Ok(application.submitted_by == actor.user_id
        || learners::is_manager(db, actor.user_id, application.learner_id).await?)
}

/// Whether the application was ever submitted: a draft withdrawn before submission stays the
/// applicant side's alone, like any draft.
pub fn was_submitted(application: &application::Model) -> bool {
    application.submitted_at.is_some()
}

/// Whether the actor may read the application in full: the applicant side always, the staff
/// of the program's organisation (`owner`) once it is submitted (DESIGN §4: until then it is
/// the applicant side's alone).
pub async fn may_read(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    application: &application::Model,
    owner: &crate::entity::organization::Model,
) -> Result<bool> {
    let staff = was_submitted(application) && require_program_role(actor, owner).is_ok();
    Ok(staff || is_applicant(db, actor, application).await?)
}

/// Whether the actor knows of the application: those who may read it, and its reviewers (who
/// see it through their review, blind or not), but for one who declared a conflict. Whoever
/// does not is told nothing about it, not even that it exists: every refusal to them is
/// NOT_FOUND, as for an application that does not exist.
pub async fn knows_of(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    application: &application::Model,
    owner: &crate::entity::organization::Model,
) -> Result<bool> {
    if may_read(db, actor, application, owner).await? {
        return Ok(true);
    }
    Ok(super::review::of_application(db, application.id)
        .await?
        .iter()
        .any(|review| {
            review.reviewer_id == actor.user_id && review.status != ReviewStatus::Conflict
        }))
}

/// Only someone who manages the learner (or who submitted the application) acts as applicant.
async fn require_applicant(
    txn: &DatabaseTransaction,
    actor: &SignedIn,
    application: &application::Model,
) -> Result<()> {
    if is_applicant(txn, actor, application).await? {
        return Ok(());
    }
    let program = programs::get(txn, application.program_id).await?;
    let owner = organization::get(txn, program.program.organization_id).await?;
    if !knows_of(txn, actor, application, &owner).await? {
        return Err(not_found(application.id));
    }
    Err(Error::Forbidden(
        "Only the applicant or the learner's managers may do this.".into(),
    ))
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

/// An application as the actor may see it: its applicant and the learner's managers, and the
/// program's staff. NOT_FOUND for anyone else.
pub async fn view_as(
    db: &DatabaseConnection,
    actor: &SignedIn,
    id: i64,
) -> Result<ApplicationView> {
    let application = get(db, id).await?;
    let program = programs::get(db, application.program_id).await?;
    let learner = learners::get(db, application.learner_id).await?;
    let owner = organization::get(db, program.program.organization_id).await?;
    if !may_read(db, actor, &application, &owner).await? {
        return Err(not_found(id));
    }
    let access = learners::access_of(db, actor, &learner).await?;
    // The program's staff decide on the application and see the learner's details; the
    // whole personal id only when the learner is of their own subtree (`access`).
    let events = application_event::Entity::find()
        .filter(application_event::Column::ApplicationId.eq(id))
        .order_by_asc(application_event::Column::Id)
        .all(db)
        .await?;
    let evidence = super::evidence::of_application(db, id).await?;
    let award = super::award::of_applications(db, &[id]).await?.pop();
    Ok(ApplicationView {
        application,
        program,
        learner: LearnerView { learner, access },
        events,
        evidence,
        award,
    })
}
