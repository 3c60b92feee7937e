//! Review: assigning reviewers (by hand or round-robin, with automatic exclusions), declared
//! conflicts, scores per rubric criterion, and the ranking they add up to.
//!
//! A reviewer is a user holding REVIEWER on the program's organisation (or above it). Nobody
//! reviews an application they submitted or one for a learner they manage; a reviewer may
//! declare any other conflict, which takes them off the application.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use shared::{
    ApplicationAction, ApplicationStatus, AuditAction, AuditObject, Points, Recommendation,
    ReviewStatus, Role, ValidationError, ValidationReason, application::transition,
    program::weighted_score,
};

use super::{
    actor::SignedIn,
    application as applications,
    audit::{self, AuditEntry, RequestMeta},
    inbox, learner as learners, organization, parties,
    program::{self as programs, require_program_role},
};
use crate::{
    entity::{application, column::Json, membership, review},
    error::{Error, Result},
};

/// A reviewer's assignment to an application, with their scores once submitted.
pub use crate::entity::review::Model as Review;

mod lists;

pub use lists::{
    Candidate, Queue, QueueCounts, Task, candidates_as, get_own, of_application, of_application_as,
    queue_counts, queue_view,
};

/// Why `reviewer` may not review `application`, if they may not.
async fn exclusion(
    db: &impl ConnectionTrait,
    application: &application::Model,
    reviewer: i64,
) -> Result<Option<&'static str>> {
    if application.submitted_by == reviewer {
        return Ok(Some("submitted the application"));
    }
    if learners::is_manager(db, reviewer, application.learner_id).await? {
        return Ok(Some("manages the learner's profile"));
    }
    Ok(None)
}

/// The users holding REVIEWER on the organisation at `path` or above it.
async fn reviewers_of(db: &impl ConnectionTrait, path: &str) -> Result<Vec<i64>> {
    let ancestors: Vec<i64> = path.split('/').filter_map(|id| id.parse().ok()).collect();
    let mut users: Vec<i64> = membership::Entity::find()
        .filter(membership::Column::Role.eq(Role::Reviewer))
        .filter(membership::Column::OrganizationId.is_in(ancestors))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    users.sort_unstable();
    users.dedup();
    Ok(users)
}

/// Assigns `reviewer_ids` to an application (program staff only). The first assignment starts
/// the review (SUBMITTED → UNDER_REVIEW).
#[tracing::instrument(skip(db, meta, actor))]
pub async fn assign_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    application_id: i64,
    reviewer_ids: &[i64],
) -> Result<Vec<review::Model>> {
    let txn = crate::db::begin_write(db).await?;
    let current = applications::get_locked(&txn, application_id).await?;
    let program = programs::get(&txn, current.program_id).await?;
    let owner = organization::get(&txn, program.program.organization_id).await?;
    if !parties::knows_of(&txn, actor, &current, &owner).await? {
        return Err(applications::not_found(application_id));
    }
    require_program_role(actor, &owner)?;
    if reviewer_ids.is_empty() {
        return Err(ValidationError::new("reviewerIds", ValidationReason::Empty).into());
    }
    let eligible = reviewers_of(&txn, &owner.path).await?;
    let mut created = Vec::new();
    for &reviewer in reviewer_ids {
        if !eligible.contains(&reviewer) {
            return Err(ValidationError::new(
                "reviewerIds",
                ValidationReason::Format {
                    expected: format!("reviewers of {}", owner.name),
                },
            )
            .into());
        }
        if let Some(why) = exclusion(&txn, &current, reviewer).await? {
            return Err(Error::Conflict(format!(
                "user {reviewer} cannot review this application: they {why}"
            )));
        }
        created.push(assign(&txn, meta, actor, &current, reviewer, owner.id).await?);
    }
    start_review(&txn, meta, actor, &current, owner.id).await?;
    txn.commit().await?;
    Ok(created)
}

/// Gives every submitted or reviewed application of a program the reviewers it still needs,
/// each time the eligible reviewer with the fewest assignments in the program, skipping
/// exclusions and declared conflicts. Returns how many assignments were made.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn assign_round_robin_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    program_id: i64,
) -> Result<usize> {
    let txn = crate::db::begin_write(db).await?;
    let (program, owner) = programs::get_as_staff(&txn, actor, program_id).await?;
    let pool = reviewers_of(&txn, &owner.path).await?;
    let open = application::Entity::find()
        .filter(application::Column::ProgramId.eq(program_id))
        .filter(
            application::Column::Status
                .is_in([ApplicationStatus::Submitted, ApplicationStatus::UnderReview]),
        )
        .order_by_asc(application::Column::Id)
        .all(&txn)
        .await?;
    let ids: Vec<i64> = open.iter().map(|a| a.id).collect();
    let existing = review::Entity::find()
        .filter(review::Column::ApplicationId.is_in(ids))
        .all(&txn)
        .await?;
    let mut load: HashMap<i64, usize> = pool.iter().map(|r| (*r, 0)).collect();
    for r in &existing {
        if r.status != ReviewStatus::Conflict {
            *load.entry(r.reviewer_id).or_default() += 1;
        }
    }
    let needed = usize::try_from(program.program.reviewers_per_application).unwrap_or(1);
    let mut made = 0;
    for current in &open {
        let mine: Vec<&review::Model> = existing
            .iter()
            .filter(|r| r.application_id == current.id)
            .collect();
        let active = mine
            .iter()
            .filter(|r| r.status != ReviewStatus::Conflict)
            .count();
        let mut candidates: Vec<i64> = Vec::new();
        for &reviewer in &pool {
            if mine.iter().any(|r| r.reviewer_id == reviewer) {
                continue;
            }
            if exclusion(&txn, current, reviewer).await?.is_none() {
                candidates.push(reviewer);
            }
        }
        // Least loaded first; ties by id, so the outcome is the same on every run.
        candidates.sort_by_key(|r| (load.get(r).copied().unwrap_or(0), *r));
        let mut reviewers_now = active;
        for reviewer in candidates.into_iter().take(needed.saturating_sub(active)) {
            assign(&txn, meta, actor, current, reviewer, owner.id).await?;
            *load.entry(reviewer).or_default() += 1;
            made += 1;
            reviewers_now += 1;
        }
        // Review starts only once someone reviews.
        if reviewers_now > 0 {
            start_review(&txn, meta, actor, current, owner.id).await?;
        }
    }
    txn.commit().await?;
    Ok(made)
}

async fn assign(
    txn: &DatabaseTransaction,
    meta: &RequestMeta,
    actor: &SignedIn,
    current: &application::Model,
    reviewer: i64,
    organization_id: i64,
) -> Result<review::Model> {
    if !matches!(
        current.status,
        ApplicationStatus::Submitted | ApplicationStatus::UnderReview
    ) {
        return Err(Error::IllegalTransition(shared::application::IllegalMove {
            from: current.status,
            action: ApplicationAction::StartReview,
        }));
    }
    let created = review::ActiveModel {
        application_id: Set(current.id),
        reviewer_id: Set(reviewer),
        assigned_by: Set(actor.user_id),
        assigned_at: Set(Utc::now()),
        status: Set(ReviewStatus::Assigned),
        ..Default::default()
    }
    .insert(txn)
    .await
    .map_err(|e| {
        Error::unique_violation_as_conflict(e, "this reviewer is already on the application")
    })?;
    inbox::on_review_assigned(txn, actor.user_id, &created).await?;
    audit::record(
        txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action: AuditAction::ReviewerAssigned,
            object_type: AuditObject::Application,
            object_id: Some(current.id.to_string()),
            organization_id: Some(organization_id),
            before: json!(null),
            after: json!({ "reviewerId": reviewer }),
        },
    )
    .await?;
    Ok(created)
}

/// Moves a submitted application to UNDER_REVIEW (once it has a reviewer).
async fn start_review(
    txn: &DatabaseTransaction,
    meta: &RequestMeta,
    actor: &SignedIn,
    current: &application::Model,
    organization_id: i64,
) -> Result<()> {
    let fresh = applications::get(txn, current.id).await?;
    if fresh.status == ApplicationStatus::Submitted {
        let to = transition(ApplicationStatus::Submitted, ApplicationAction::StartReview)?;
        applications::move_in(
            txn,
            meta,
            actor,
            &fresh,
            ApplicationAction::StartReview,
            to,
            None,
            organization_id,
        )
        .await?;
    }
    Ok(())
}

/// A review assigned to the actor.
async fn own_review(txn: &DatabaseTransaction, actor: &SignedIn, id: i64) -> Result<review::Model> {
    let found = review::Entity::find_by_id(id)
        .one(txn)
        .await?
        .filter(|r| r.reviewer_id == actor.user_id)
        .ok_or_else(|| Error::NotFound {
            entity: "Review",
            id: id.to_string(),
        })?;
    // Locked, so that a decision cannot slip in between this check and the review's commit.
    let current = applications::get_locked(txn, found.application_id).await?;
    if current.status != ApplicationStatus::UnderReview {
        return Err(Error::Conflict(
            "the application is no longer under review".into(),
        ));
    }
    Ok(found)
}

/// Scores an assigned application: one score per rubric criterion, a recommendation and a
/// comment. A reviewer may revise their review while the application is under review.
#[tracing::instrument(skip(db, meta, actor, comment))]
pub async fn submit_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    review_id: i64,
    scores: &[Points],
    recommendation: Recommendation,
    comment: &str,
) -> Result<review::Model> {
    let comment = shared::ledger::memo("comment", comment, false)?;
    let txn = crate::db::begin_write(db).await?;
    let found = own_review(&txn, actor, review_id).await?;
    if found.status == ReviewStatus::Conflict {
        return Err(Error::Conflict(
            "you declared a conflict of interest on this application".into(),
        ));
    }
    let current = applications::get(&txn, found.application_id).await?;
    // Exclusions are checked again: the reviewer may have become the learner's manager since.
    if let Some(why) = exclusion(&txn, &current, actor.user_id).await? {
        return Err(Error::Conflict(format!(
            "you cannot review this application: you {why}"
        )));
    }
    let program = programs::get(&txn, current.program_id).await?;
    let score = weighted_score(program.rubric(), scores)?;
    let mut active: review::ActiveModel = found.into();
    active.status = Set(ReviewStatus::Submitted);
    active.scores = Set(Some(Json(scores.to_vec())));
    active.score = Set(Some(i32::try_from(score).unwrap_or(i32::MAX)));
    active.recommendation = Set(Some(recommendation));
    active.comment = Set(Some(comment).filter(|c| !c.is_empty()));
    active.submitted_at = Set(Some(Utc::now()));
    let saved = active.update(&txn).await?;
    super::ranking::rescore(&txn, current.id).await?;
    inbox::on_review_done(&txn, &saved).await?;
    audit::record(
        &txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action: AuditAction::ReviewSubmitted,
            object_type: AuditObject::Application,
            object_id: Some(current.id.to_string()),
            organization_id: Some(program.program.organization_id),
            before: json!(null),
            after: json!({ "score": saved.score, "recommendation": saved.recommendation }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Declares a conflict of interest: the reviewer leaves the application.
#[tracing::instrument(skip(db, meta, actor, reason))]
pub async fn declare_conflict_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    review_id: i64,
    reason: &str,
) -> Result<review::Model> {
    let reason = shared::ledger::memo("reason", reason, true)?;
    let txn = crate::db::begin_write(db).await?;
    let found = own_review(&txn, actor, review_id).await?;
    let application_id = found.application_id;
    let mut active: review::ActiveModel = found.into();
    active.status = Set(ReviewStatus::Conflict);
    active.conflict_reason = Set(Some(reason.clone()));
    active.scores = Set(None);
    active.score = Set(None);
    active.recommendation = Set(None);
    let saved = active.update(&txn).await?;
    super::ranking::rescore(&txn, application_id).await?;
    inbox::on_review_done(&txn, &saved).await?;
    let current = applications::get(&txn, application_id).await?;
    let program = programs::get(&txn, current.program_id).await?;
    audit::record(
        &txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action: AuditAction::ReviewConflictDeclared,
            object_type: AuditObject::Application,
            object_id: Some(application_id.to_string()),
            organization_id: Some(program.program.organization_id),
            before: json!(null),
            after: json!({ "reason": reason }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}
