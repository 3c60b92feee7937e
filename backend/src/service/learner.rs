//! Learners: registering them, who may see them, and who sees their personal id.
//!
//! A learner is kept by the users who manage the profile (a guardian, or the learner) and may
//! be kept on record by a chapter. Managers, and program managers and admins of the subtree
//! the learner belongs to (the commune or the keeping organisation), see the learner in full;
//! anyone else who meets the learner (a reviewer, later) sees the personal id masked.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;
use shared::{
    AuditAction, AuditObject, Circumstance, EducationLevel, Gender, Gpa, PersonalId, PhoneNumber,
    ValidationError, ValidationReason, VnDate, eligibility::LearnerFacts, learner::limits,
};

use super::{
    actor::PROGRAM_ROLES,
    actor::SignedIn,
    audit::{self, AuditEntry, RequestMeta},
    organization,
};
use crate::{
    entity::{column::Codes, learner, learner_manager},
    error::{Error, Result},
};

/// What it takes to register a learner.
#[derive(Debug, Clone)]
pub struct LearnerForCreate {
    pub full_name: String,
    pub date_of_birth: NaiveDate,
    pub gender: Gender,
    pub personal_id: Option<PersonalId>,
    pub education_level: EducationLevel,
    pub school: Option<String>,
    pub class_name: Option<String>,
    pub commune_id: Option<i64>,
    pub circumstances: Vec<Circumstance>,
    pub gpa: Option<Gpa>,
    pub achievements: Option<String>,
    pub guardian_name: Option<String>,
    pub guardian_phone: Option<PhoneNumber>,
    /// The chapter or association keeping the record; the registrant must be its staff.
    pub organization_id: Option<i64>,
}

/// How a viewer relates to a learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Manages the profile.
    Manager,
    /// Program manager or admin of the learner's subtree.
    Staff,
}

/// A learner with what the viewer may see of them.
#[derive(Debug, Clone)]
pub struct LearnerView {
    pub learner: learner::Model,
    /// `None` when the viewer may see the learner only through an application (masked).
    pub access: Option<Access>,
}

impl LearnerView {
    /// The personal id as this viewer may see it: whole for managers and staff, masked for
    /// anyone else.
    pub fn personal_id(&self) -> Option<String> {
        let id = self.learner.personal_id.as_deref()?;
        Some(match self.access {
            Some(_) => id.to_owned(),
            None => PersonalId::parse(id).map_or_else(|_| "************".into(), |p| p.masked()),
        })
    }
}

/// Registers a learner managed by the actor. A personal id already registered is refused
/// with CONFLICT, saying how to be linked to the existing learner instead.
#[tracing::instrument(skip(db, meta, actor, input))]
pub async fn register(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    input: LearnerForCreate,
) -> Result<learner::Model> {
    let txn = crate::db::begin_write(db).await?;
    let mut active = <learner::ActiveModel as Default>::default();
    let now = Utc::now();
    set_details(&txn, actor, &mut active, &input, None).await?;
    active.created_by = Set(actor.user_id);
    active.created_at = Set(now);
    active.updated_at = Set(now);
    let created = active.insert(&txn).await.map_err(duplicate_or)?;
    learner_manager::ActiveModel {
        learner_id: Set(created.id),
        user_id: Set(actor.user_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // No personal id in the log: it is personal data, and the log is read widely.
    let after = json!({ "educationLevel": created.education_level });
    record(
        &txn,
        meta,
        actor,
        AuditAction::LearnerRegistered,
        &created,
        json!(null),
        after,
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Changes a learner's details, as they were given when registering: for the people who
/// manage the profile and the staff of the learner's subtree. A personal id another learner
/// holds is refused with CONFLICT. The name and school are searched again by their new text.
/// The learner comes back as the actor now sees them.
#[tracing::instrument(skip(db, meta, actor, input))]
pub async fn update(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    id: i64,
    input: LearnerForCreate,
) -> Result<LearnerView> {
    use sea_orm::IntoActiveModel;
    let txn = crate::db::begin_write(db).await?;
    let before = get(&txn, id).await?;
    if access_of(&txn, actor, &before).await?.is_none() {
        return Err(Error::Forbidden(
            "Only the people who manage this learner's profile, or the association's staff, \
             may change it."
                .into(),
        ));
    }
    let mut active = before.clone().into_active_model();
    set_details(&txn, actor, &mut active, &input, Some(id)).await?;
    active.updated_at = Set(Utc::now());
    let updated = active.update(&txn).await.map_err(duplicate_or)?;
    // What changed, without the personal data the log must not hold.
    let summary = |learner: &learner::Model| {
        json!({
            "educationLevel": learner.education_level,
            "communeId": learner.commune_id,
            "organizationId": learner.organization_id,
        })
    };
    record(
        &txn,
        meta,
        actor,
        AuditAction::LearnerUpdated,
        &updated,
        summary(&before),
        summary(&updated),
    )
    .await?;
    // As the actor sees it now: staff who moved the learner out of their reach see it masked.
    let access = access_of(&txn, actor, &updated).await?;
    txn.commit().await?;
    Ok(LearnerView {
        learner: updated,
        access,
    })
}

/// A personal id registered once already: say how to be linked to that learner instead.
fn duplicate() -> Error {
    Error::Conflict(
        "A learner with this personal id is already registered. Ask one of the people who \
         manage that learner's profile, or the association's staff, to add you as a manager \
         of it instead of registering the learner again."
            .into(),
    )
}

/// A unique personal id broken by a write: the same CONFLICT as when it is found first.
fn duplicate_or(error: sea_orm::DbErr) -> Error {
    match error.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => duplicate(),
        _ => Error::Database(error),
    }
}

/// Checks a learner's details by the rules of registering and sets them on `active`, with
/// the text a search matches. `learner` is the learner being changed, if any (its own
/// personal id is not a duplicate).
async fn set_details(
    txn: &impl ConnectionTrait,
    actor: &SignedIn,
    active: &mut learner::ActiveModel,
    input: &LearnerForCreate,
    learner: Option<i64>,
) -> Result<()> {
    // The rules of the form are `shared`'s, which imports check rows by too.
    let full_name =
        text("fullName", &input.full_name, limits::FULL_NAME, true)?.unwrap_or_default();
    shared::learner::check_birth(input.date_of_birth, super::program::today().naive())?;
    if let Some(id) = &input.personal_id {
        shared::learner::check_personal_id(id, input.date_of_birth)?;
    }
    if let Some(commune_id) = input.commune_id {
        let commune = organization::get(txn, commune_id).await?;
        if commune.kind != shared::OrganizationKind::Commune {
            return Err(ValidationError::new(
                "communeId",
                ValidationReason::Format {
                    expected: "a commune or ward".into(),
                },
            )
            .into());
        }
    }
    if let Some(organization_id) = input.organization_id {
        let keeper = organization::get(txn, organization_id).await?;
        actor.require_any(&PROGRAM_ROLES, &keeper, "keep learners on its record")?;
    }
    if let Some(id) = &input.personal_id {
        let mut holder =
            learner::Entity::find().filter(learner::Column::PersonalId.eq(id.as_str()));
        if let Some(learner) = learner {
            holder = holder.filter(learner::Column::Id.ne(learner));
        }
        if holder.one(txn).await?.is_some() {
            return Err(duplicate());
        }
    }
    let school = text(
        "school",
        input.school.as_deref().unwrap_or(""),
        limits::SCHOOL,
        false,
    )?;
    active.search_text = Set(shared::text::learner_search_text(
        &full_name,
        school.as_deref(),
    ));
    active.full_name = Set(full_name);
    active.date_of_birth = Set(input.date_of_birth);
    active.gender = Set(input.gender);
    active.personal_id = Set(input.personal_id.as_ref().map(|p| p.as_str().to_owned()));
    active.education_level = Set(input.education_level);
    active.school = Set(school);
    active.class_name = Set(text(
        "className",
        input.class_name.as_deref().unwrap_or(""),
        limits::CLASS_NAME,
        false,
    )?);
    active.commune_id = Set(input.commune_id);
    active.circumstances = Set(Codes(input.circumstances.clone()));
    active.gpa_hundredths = Set(input.gpa.map(|g| i32::from(g.hundredths())));
    active.achievements = Set(text(
        "achievements",
        input.achievements.as_deref().unwrap_or(""),
        limits::ACHIEVEMENTS,
        false,
    )?);
    active.guardian_name = Set(text(
        "guardianName",
        input.guardian_name.as_deref().unwrap_or(""),
        limits::GUARDIAN_NAME,
        false,
    )?);
    active.guardian_phone = Set(input.guardian_phone.as_ref().map(ToString::to_string));
    active.organization_id = Set(input.organization_id);
    Ok(())
}

/// How `actor` relates to `learner`, if at all.
pub async fn access_of(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    learner: &learner::Model,
) -> Result<Option<Access>> {
    let manages = learner_manager::Entity::find()
        .filter(learner_manager::Column::LearnerId.eq(learner.id))
        .filter(learner_manager::Column::UserId.eq(actor.user_id))
        .one(db)
        .await?
        .is_some();
    if manages {
        return Ok(Some(Access::Manager));
    }
    for organization_id in [learner.commune_id, learner.organization_id]
        .into_iter()
        .flatten()
    {
        let owner = organization::get(db, organization_id).await?;
        if actor.holds_any(&PROGRAM_ROLES, &owner.path) {
            return Ok(Some(Access::Staff));
        }
    }
    Ok(None)
}

/// One learner by id.
pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<learner::Model> {
    learner::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "Learner",
            id: id.to_string(),
        })
}

/// The learners of these ids (those that exist), in no particular order.
pub async fn get_many(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> Result<Vec<learner::Model>> {
    Ok(learner::Entity::find()
        .filter(learner::Column::Id.is_in(ids))
        .all(db)
        .await?)
}

/// A learner the actor manages or is staff for; NOT_FOUND for anyone else, so that ids do not
/// reveal who is registered.
pub async fn get_as(db: &DatabaseConnection, actor: &SignedIn, id: i64) -> Result<LearnerView> {
    let learner = get(db, id).await?;
    match access_of(db, actor, &learner).await? {
        Some(access) => Ok(LearnerView {
            learner,
            access: Some(access),
        }),
        None => Err(Error::NotFound {
            entity: "Learner",
            id: id.to_string(),
        }),
    }
}

/// A page of the learners the actor manages, by name (then id), after the learner `after`.
pub async fn managed_by(
    db: &DatabaseConnection,
    actor: &SignedIn,
    after: Option<i64>,
    first: u64,
) -> Result<super::Page<learner::Model>> {
    use sea_orm::{
        QuerySelect, QueryTrait,
        sea_query::{Expr, Order},
    };
    let mine = learner_manager::Entity::find()
        .select_only()
        .column(learner_manager::Column::LearnerId)
        .filter(learner_manager::Column::UserId.eq(actor.user_id))
        .into_query();
    let mut query = learner::Entity::find().filter(learner::Column::Id.in_subquery(mine));
    if let Some(after) = after {
        let name_of_after = name_of(after);
        query = query.filter(super::keyset_after(
            || Expr::col((learner::Entity, learner::Column::FullName)),
            Expr::col((learner::Entity, learner::Column::Id)),
            || super::key_of_row(&name_of_after),
            after,
            &Order::Asc,
            &Order::Asc,
        ));
    }
    let items = query
        .order_by_asc(learner::Column::FullName)
        .order_by_asc(learner::Column::Id)
        .limit(first + 1)
        .all(db)
        .await?;
    Ok(super::Page::from_overfetch(items, first))
}

/// The statement that reads a learner's name: where a list by name carries on after them.
pub(super) fn name_of(id: i64) -> sea_orm::sea_query::SelectStatement {
    use sea_orm::{QuerySelect, QueryTrait};
    learner::Entity::find()
        .select_only()
        .column(learner::Column::FullName)
        .filter(learner::Column::Id.eq(id))
        .into_query()
}

/// Whether the user manages the learner.
pub async fn is_manager(db: &impl ConnectionTrait, user_id: i64, learner_id: i64) -> Result<bool> {
    Ok(learner_manager::Entity::find()
        .filter(learner_manager::Column::LearnerId.eq(learner_id))
        .filter(learner_manager::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .is_some())
}

/// Records a change to a learner in the audit log, under the subtree the learner belongs to
/// (the keeping organisation, else the commune), so that its admins see it.
pub async fn record(
    txn: &impl ConnectionTrait,
    meta: &RequestMeta,
    actor: &SignedIn,
    action: AuditAction,
    learner: &learner::Model,
    before: serde_json::Value,
    after: serde_json::Value,
) -> Result<()> {
    audit::record(
        txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action,
            object_type: AuditObject::Learner,
            object_id: Some(learner.id.to_string()),
            organization_id: learner.organization_id.or(learner.commune_id),
            before,
            after,
        },
    )
    .await
}

/// The facts eligibility looks at.
pub fn facts(learner: &learner::Model) -> LearnerFacts {
    LearnerFacts {
        education_level: learner.education_level,
        gpa: learner
            .gpa_hundredths
            .and_then(|g| u16::try_from(g).ok())
            .and_then(Gpa::from_hundredths),
        circumstances: learner.circumstances.0.clone(),
        commune_id: learner.commune_id,
        date_of_birth: VnDate::from(learner.date_of_birth),
        // Read only where a program asks: `society::family::eligibility_facts`.
        recognised: Vec::new(),
    }
}

/// A free-text field on one line: `None` when empty (`VALIDATION` if `required`).
fn text(field: &str, value: &str, max: usize, required: bool) -> Result<Option<String>> {
    Ok(if required {
        Some(shared::text::required_line(field, value, max)?)
    } else {
        shared::text::optional_line(field, value, max)?
    })
}
