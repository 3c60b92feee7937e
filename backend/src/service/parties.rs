//! Who stands where towards an application: its applicant side (who submitted it and the
//! learner's managers), the program's staff, its reviewers, and who may decide on it.
//!
//! Built on applications, learners' managers, program roles and the rows of reviews; evidence,
//! review, award and the dossier ask it who may do what, so that each answers alike.

use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use shared::ReviewStatus;

use super::{
    actor::SignedIn,
    application::{not_found, was_submitted},
    learner as learners, organization,
    program::{self as programs, require_program_role},
};
use crate::{
    entity::{application, review},
    error::{Error, Result},
};

/// Whether the actor is of the applicant side: they submitted it or manage the learner.
pub async fn is_applicant(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    application: &application::Model,
) -> Result<bool> {
    Ok(application.submitted_by == actor.user_id
        || learners::is_manager(db, actor.user_id, application.learner_id).await?)
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

/// Whether the actor reviews the application: assigned to it (scored or not) and not taken off
/// it by a declared conflict.
pub async fn reviews(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    application_id: i64,
) -> Result<bool> {
    Ok(review::Entity::find()
        .filter(review::Column::ApplicationId.eq(application_id))
        .filter(review::Column::ReviewerId.eq(actor.user_id))
        .filter(review::Column::Status.ne(ReviewStatus::Conflict))
        .one(db)
        .await?
        .is_some())
}

/// Whether `user` is (or was) a reviewer of the application, conflicts included.
async fn reviewed_by(db: &impl ConnectionTrait, application_id: i64, user: i64) -> Result<bool> {
    Ok(review::Entity::find()
        .filter(review::Column::ApplicationId.eq(application_id))
        .filter(review::Column::ReviewerId.eq(user))
        .one(db)
        .await?
        .is_some())
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
    Ok(
        may_read(db, actor, application, owner).await?
            || reviews(db, actor, application.id).await?,
    )
}

/// Only someone who manages the learner (or who submitted the application) acts as applicant.
pub async fn require_applicant(
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
        || reviewed_by(txn, current.id, actor.user_id).await?
    {
        return Err(Error::Forbidden(
            "No one decides on an application they submitted, reviewed, or made for a \
             learner they manage."
                .into(),
        ));
    }
    Ok(())
}
