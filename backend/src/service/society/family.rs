//! Where the learning society meets the funds: a learner's family. A household or clan
//! registered for recognition is the family of the learners its association's staff link to
//! it (by their personal id); a person's own household is the family of the learners they
//! manage. A program may then ask that a learner's household or clan be recognised, in the
//! year of submission or the year before (recognitions are decided late in the year).

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, JoinType,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use shared::{
    AuditAction, PersonalId, ValidationError, ValidationReason,
    eligibility::FAMILY_MODELS,
    society::{RecognitionModel, RegistrationStatus},
};

use super::{
    super::{Page, actor::SignedIn, audit::RequestMeta, learner as learners},
    registration::{record, staffed},
};
use crate::{
    entity::{learner, learner_manager, society_registration, society_unit, society_unit_learner},
    error::{Error, Result},
};

/// A learner linked to a family, as the association's staff see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyLearner {
    pub learner_id: i64,
    pub full_name: String,
    pub date_of_birth: chrono::NaiveDate,
    pub personal_id: Option<String>,
}

/// The learners the association's staff linked to the family of the registration's household
/// or clan (not those a person registering their own household manages: they are of it
/// without a link), for the staff of its organisation or one above, in the order of their
/// records, a page at a time after the learner `after`. Three statements.
pub async fn learners_of_as(
    db: &DatabaseConnection,
    actor: &SignedIn,
    registration_id: i64,
    after: Option<i64>,
    first: u64,
) -> Result<Page<FamilyLearner>> {
    let (_, unit, _) = staffed(db, actor, registration_id, "see a family's learners").await?;
    let linked = sea_orm::sea_query::Query::select()
        .column(society_unit_learner::Column::LearnerId)
        .from(society_unit_learner::Entity)
        .and_where(society_unit_learner::Column::UnitId.eq(unit.id))
        .to_owned();
    let mut query = learner::Entity::find().filter(learner::Column::Id.in_subquery(linked));
    if let Some(after) = after {
        query = query.filter(learner::Column::Id.gt(after));
    }
    let rows: Vec<(i64, String, chrono::NaiveDate, Option<String>)> = query
        .select_only()
        .column(learner::Column::Id)
        .column(learner::Column::FullName)
        .column(learner::Column::DateOfBirth)
        .column(learner::Column::PersonalId)
        .order_by_asc(learner::Column::Id)
        .limit(first + 1)
        .into_tuple()
        .all(db)
        .await?;
    let page = Page::from_overfetch(rows, first);
    Ok(Page {
        items: page
            .items
            .into_iter()
            .map(
                |(learner_id, full_name, date_of_birth, personal_id)| FamilyLearner {
                    learner_id,
                    full_name,
                    date_of_birth,
                    personal_id,
                },
            )
            .collect(),
        has_next_page: page.has_next_page,
    })
}

/// A learner linked to a household's or a clan's family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    pub learner_name: String,
    pub unit_name: String,
    pub model: RecognitionModel,
}

/// Links the learner of `personal_id` to the family of the registration's household or clan,
/// for the staff of its organisation (or above) who may also see the learner. A learner is of
/// one household and one clan: linking again moves them. `VALIDATION` on a registration of
/// another model or a malformed id; `NOT_FOUND` for a learner the actor may not see. Audited
/// on the registration.
#[tracing::instrument(skip(db, meta, actor, personal_id))]
pub async fn link_learner_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    registration_id: i64,
    personal_id: &str,
) -> Result<Linked> {
    let (row, unit, found) = family_and_learner(db, actor, registration_id, personal_id).await?;
    let txn = crate::db::begin_write(db).await?;
    let before = society_unit_learner::Entity::find()
        .filter(society_unit_learner::Column::LearnerId.eq(found.id))
        .filter(society_unit_learner::Column::Model.eq(unit.model))
        .one(&txn)
        .await?;
    let was = before
        .as_ref()
        .map_or(json!(null), |link| json!({ "unitId": link.unit_id }));
    let mut link = match before {
        Some(link) => link.into(),
        None => society_unit_learner::ActiveModel {
            learner_id: Set(found.id),
            model: Set(unit.model),
            ..Default::default()
        },
    };
    link.unit_id = Set(unit.id);
    link.created_by = Set(actor.user_id);
    link.created_at = Set(Utc::now());
    link.save(&txn).await.map_err(|e| {
        Error::unique_violation_as_conflict(e, "this learner was just linked to a family")
    })?;
    let after = json!({ "learnerId": found.id, "unitId": unit.id });
    record(
        &txn,
        meta,
        actor,
        &row,
        AuditAction::LearnerLinkedToFamily,
        was,
        after,
    )
    .await?;
    txn.commit().await?;
    Ok(Linked {
        learner_name: found.full_name,
        unit_name: unit.name,
        model: unit.model,
    })
}

/// Unlinks the learner of `personal_id` from the family of the registration's household or
/// clan, for the same staff as [`link_learner_as`]: a link made by mistake. `NOT_FOUND` when
/// the learner is not linked to it. Audited on the registration.
#[tracing::instrument(skip(db, meta, actor, personal_id))]
pub async fn unlink_learner_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    registration_id: i64,
    personal_id: &str,
) -> Result<Linked> {
    let (row, unit, found) = family_and_learner(db, actor, registration_id, personal_id).await?;
    let txn = crate::db::begin_write(db).await?;
    let removed = society_unit_learner::Entity::delete_many()
        .filter(society_unit_learner::Column::LearnerId.eq(found.id))
        .filter(society_unit_learner::Column::UnitId.eq(unit.id))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(Error::NotFound {
            entity: "Family link",
            id: "personalId".into(),
        });
    }
    let before = json!({ "learnerId": found.id, "unitId": unit.id });
    let action = AuditAction::LearnerUnlinkedFromFamily;
    record(&txn, meta, actor, &row, action, before, json!(null)).await?;
    txn.commit().await?;
    Ok(Linked {
        learner_name: found.full_name,
        unit_name: unit.name,
        model: unit.model,
    })
}

/// The registration `registration_id` of a household or clan, its unit, and the learner of
/// `personal_id`, when the actor is staff of the registration and may see the learner.
async fn family_and_learner(
    db: &DatabaseConnection,
    actor: &SignedIn,
    registration_id: i64,
    personal_id: &str,
) -> Result<(
    society_registration::Model,
    society_unit::Model,
    learner::Model,
)> {
    let (row, unit, _) = staffed(db, actor, registration_id, "link learners to a family").await?;
    if !FAMILY_MODELS.contains(&unit.model) {
        return Err(ValidationError::new(
            "registrationId",
            ValidationReason::Format {
                expected: "a household's or a clan's registration".into(),
            },
        )
        .into());
    }
    let personal_id = PersonalId::parse(personal_id).map_err(|mut e| {
        e.field = "personalId".into();
        e
    })?;
    let not_found = || Error::NotFound {
        entity: "Learner",
        id: "personalId".into(),
    };
    let found = learner::Entity::find()
        .filter(learner::Column::PersonalId.eq(personal_id.as_str()))
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    // Someone the actor may not see is not there for them, as if the id were unknown.
    let found = learners::get_as(db, actor, found.id)
        .await
        .map_err(|e| match e {
            Error::NotFound { .. } => not_found(),
            other => other,
        })?
        .learner;
    Ok((row, unit, found))
}

/// The models each of `learner_ids`' household and clan are recognised under in `year` or
/// the year before: their linked families and the own households of those who manage them.
/// Three statements however many learners.
pub async fn recognised_of(
    db: &impl ConnectionTrait,
    learner_ids: &[i64],
    year: i32,
) -> Result<HashMap<i64, Vec<RecognitionModel>>> {
    let mut found: HashMap<i64, Vec<RecognitionModel>> = HashMap::new();
    if learner_ids.is_empty() {
        return Ok(found);
    }
    let mut families: Vec<(i64, i64)> = society_unit_learner::Entity::find()
        .select_only()
        .column(society_unit_learner::Column::LearnerId)
        .column(society_unit_learner::Column::UnitId)
        .filter(society_unit_learner::Column::LearnerId.is_in(learner_ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    let own: Vec<(i64, i64)> = learner_manager::Entity::find()
        .select_only()
        .column(learner_manager::Column::LearnerId)
        .column_as(society_unit::Column::Id, "unit_id")
        // The households they registered themselves (`society_unit.user_id`).
        .join(
            JoinType::InnerJoin,
            learner_manager::Entity::belongs_to(society_unit::Entity)
                .from(learner_manager::Column::UserId)
                .to(society_unit::Column::UserId)
                .into(),
        )
        .filter(learner_manager::Column::LearnerId.is_in(learner_ids.iter().copied()))
        .filter(society_unit::Column::Model.eq(RecognitionModel::Household))
        .into_tuple()
        .all(db)
        .await?;
    families.extend(own);
    if families.is_empty() {
        return Ok(found);
    }
    let units: HashSet<i64> = families.iter().map(|(_, unit)| *unit).collect();
    let recognised: Vec<(i64, RecognitionModel)> = society_registration::Entity::find()
        .select_only()
        .column(society_registration::Column::UnitId)
        .column(society_registration::Column::Model)
        .filter(society_registration::Column::UnitId.is_in(units))
        .filter(society_registration::Column::Year.is_in([year - 1, year]))
        .filter(society_registration::Column::Status.eq(RegistrationStatus::Recognised))
        .into_tuple()
        .all(db)
        .await?;
    for (learner_id, unit_id) in families {
        for (_, model) in recognised.iter().filter(|(unit, _)| *unit == unit_id) {
            let models = found.entry(learner_id).or_default();
            if !models.contains(model) {
                models.push(*model);
            }
        }
    }
    for models in found.values_mut() {
        models.sort();
    }
    Ok(found)
}

/// The facts `rules` judge `learner` by on `on`: the learner's own, and when the rules ask for
/// a recognised family, the recognitions of the learner's household and clan.
pub async fn eligibility_facts(
    db: &impl ConnectionTrait,
    learner: &learner::Model,
    rules: &shared::EligibilityRules,
    on: shared::VnDate,
) -> Result<shared::eligibility::LearnerFacts> {
    let mut facts = learners::facts(learner);
    if !rules.recognised_as.is_empty() {
        use chrono::Datelike;
        facts.recognised = recognised_of(db, &[learner.id], on.naive().year())
            .await?
            .remove(&learner.id)
            .unwrap_or_default();
    }
    Ok(facts)
}
