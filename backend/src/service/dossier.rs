//! The dossier (hồ sơ) of an application, as the people around it handle it: the page about
//! it, with its timeline, documents and award; submitting it with the documents its program
//! asks for; withdrawing, returning and rejecting it.
//!
//! It sits above the modules it gathers: applications are the base that parties, evidence,
//! review and award build on, and none of them reaches up here.

use sea_orm::DatabaseConnection;
use shared::{
    ApplicationAction, ApplicationStatus, ProgramStatus, ValidationError, ValidationReason,
    application::transition, eligibility,
};

use super::{
    actor::SignedIn,
    application::{self as applications, Event},
    audit::RequestMeta,
    award::{self as awards, Award},
    evidence::{self, Evidence},
    learner::{self as learners, LearnerView},
    organization,
    parties::{may_read, require_applicant, require_decider},
    program::{self as programs, ProgramWithTiers},
};
use crate::{
    entity::application,
    error::{Error, Result},
};

/// An application with everything a page about it shows.
#[derive(Debug, Clone)]
pub struct Dossier {
    pub application: application::Model,
    pub program: ProgramWithTiers,
    pub learner: LearnerView,
    pub events: Vec<Event>,
    pub evidence: Vec<Evidence>,
    /// The award, once the application has been approved.
    pub award: Option<Award>,
}

impl Dossier {
    pub fn status(&self) -> ApplicationStatus {
        self.application.status
    }
}

/// An application as the actor may see it: its applicant and the learner's managers, and the
/// program's staff. NOT_FOUND for anyone else.
pub async fn view_as(db: &DatabaseConnection, actor: &SignedIn, id: i64) -> Result<Dossier> {
    let application = applications::get(db, id).await?;
    let program = programs::get(db, application.program_id).await?;
    let learner = learners::get(db, application.learner_id).await?;
    let owner = organization::get(db, program.program.organization_id).await?;
    if !may_read(db, actor, &application, &owner).await? {
        return Err(applications::not_found(id));
    }
    let access = learners::access_of(db, actor, &learner).await?;
    // The program's staff decide on the application and see the learner's details; the
    // whole personal id only when the learner is of their own subtree (`access`).
    Ok(Dossier {
        events: applications::timeline(db, id).await?,
        evidence: evidence::of_application(db, id).await?,
        award: awards::of_applications(db, &[id]).await?.pop(),
        application,
        program,
        learner: LearnerView { learner, access },
    })
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
    let current = applications::get_locked(&txn, id).await?;
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
    let facts =
        super::society::family::eligibility_facts(&txn, &learner, program.eligibility(), today)
            .await?;
    let reasons = eligibility::check(program.eligibility(), &facts, today);
    if !reasons.is_empty() {
        return Err(Error::NotEligible { reasons });
    }
    let missing = evidence::missing(&txn, current.id, program.required_evidence()).await?;
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
    let moved = applications::move_in(
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
    let current = applications::get_locked(&txn, id).await?;
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
    let moved = applications::move_in(
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
