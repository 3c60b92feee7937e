//! A learning society's criteria (DESIGN.md §9): each model's criteria for a year, set by the
//! city association's administrators and kept as versions. Saving a model's year again makes
//! its next version; the earlier ones stay as they were, for the assessments made under them.
//! The seed writes the examples of `shared::society::example` for a year that has none, marked
//! as examples for the association to replace.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;
use shared::{
    AuditAction, AuditObject, Role,
    society::{CriteriaSet, RecognitionModel, example},
};

mod decision;
pub mod document;
pub mod family;
pub mod indicator;
mod own;
mod progress;
mod registration;

pub use decision::{Decided, DecisionForCreate, decide_as};
pub use own::{OwnRegistration, own_registrations};
pub use progress::{
    ModelProgress, PopulationForSet, Target, populations_of, progress_of, progress_over, report_of,
    set_population_as,
};

/// An organisation's denominator and target for a population in a year, as entered.
pub use crate::entity::society_population::Model as PopulationRow;
pub use registration::{
    Registration, RegistrationFilter, UnitForRegister, assess_as, register_as, registrations_of,
    withdraw_as,
};

use super::{
    actor::SignedIn,
    audit::{self, AuditEntry, RequestMeta},
};
use crate::{
    entity::{column::Json, criteria_set, organization},
    error::{Error, Result},
};

/// The years a set may be for: the plan's, and a few either side.
const YEARS: std::ops::RangeInclusive<i32> = 2020..=2035;

/// A saved version of a model's criteria for a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub id: i64,
    pub version: i32,
    pub set: CriteriaSet,
    pub created_at: chrono::DateTime<Utc>,
}

impl From<criteria_set::Model> for Saved {
    fn from(row: criteria_set::Model) -> Self {
        Self {
            id: row.id,
            version: row.version,
            set: CriteriaSet {
                model: row.model,
                year: row.year,
                groups: row.groups.0,
                pass_mark: u32::try_from(row.pass_mark).unwrap_or(0),
                levels: row.levels.0,
                example: row.example,
            },
            created_at: row.created_at,
        }
    }
}

/// The latest version of each model's criteria for `year`, in the models' order: one read
/// of one row per model, down the index on (model, year, version), however many versions
/// were saved.
pub async fn of_year(db: &impl ConnectionTrait, year: i32) -> Result<Vec<Saved>> {
    let mut found = Vec::with_capacity(RecognitionModel::ALL.len());
    for &model in RecognitionModel::ALL {
        if let Some(row) = latest(db, model, year).await? {
            found.push(row.into());
        }
    }
    Ok(found)
}

/// The latest version of `model`'s criteria for `year`, if any.
pub(super) async fn latest(
    db: &impl ConnectionTrait,
    model: RecognitionModel,
    year: i32,
) -> Result<Option<criteria_set::Model>> {
    Ok(criteria_set::Entity::find()
        .filter(criteria_set::Column::Model.eq(model))
        .filter(criteria_set::Column::Year.eq(year))
        .order_by_desc(criteria_set::Column::Version)
        .one(db)
        .await?)
}

/// Writes `set` as the next version of its model's year.
async fn insert(
    db: &impl ConnectionTrait,
    set: &CriteriaSet,
    created_by: Option<i64>,
) -> Result<criteria_set::Model> {
    let version = latest(db, set.model, set.year)
        .await?
        .map_or(1, |row| row.version + 1);
    criteria_set::ActiveModel {
        model: Set(set.model),
        year: Set(set.year),
        version: Set(version),
        pass_mark: Set(i32::try_from(set.pass_mark).unwrap_or(i32::MAX)),
        groups: Set(Json(set.groups.clone())),
        levels: Set(Json(set.levels.clone())),
        example: Set(set.example),
        created_by: Set(created_by),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| {
        Error::unique_violation_as_conflict(e, "another version of these criteria was just saved")
    })
}

/// The city the actor administers (an organisation without a parent); `FORBIDDEN` if none.
async fn city_administered(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    what: &str,
) -> Result<organization::Model> {
    let cities = organization::Entity::find()
        .filter(organization::Column::ParentId.is_null())
        .order_by_asc(organization::Column::Id)
        .all(db)
        .await?;
    if let Some(city) = cities
        .iter()
        .find(|city| actor.holds(Role::Admin, &city.path))
    {
        return Ok(city.clone());
    }
    Err(Error::Forbidden(format!(
        "To {what} you need the ADMIN role on the city association."
    )))
}

/// Saves `set` as the next version of its model's criteria for its year, for the city
/// association's administrators; checked first (`VALIDATION` naming the field at fault), and
/// audited. What is saved is the association's own: never an example.
#[tracing::instrument(skip(db, meta, actor, set), fields(model = %set.model, year = set.year))]
pub async fn save_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    mut set: CriteriaSet,
) -> Result<Saved> {
    let city = city_administered(db, actor, "set the criteria").await?;
    check_year(set.year)?;
    set.example = false;
    let set = set.checked()?;
    let txn = crate::db::begin_write(db).await?;
    // Two saves of one model's year take their version numbers one after the other.
    crate::db::lock_keys(&txn, &[versions_key(&set)]).await?;
    let row = insert(&txn, &set, Some(actor.user_id)).await?;
    audit::record(
        &txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action: AuditAction::CriteriaSetSaved,
            object_type: AuditObject::CriteriaSet,
            object_id: Some(row.id.to_string()),
            organization_id: Some(city.id),
            before: json!(null),
            after: json!({
                "model": set.model, "year": set.year, "version": row.version,
                "passMark": set.pass_mark, "total": set.total(),
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(row.into())
}

/// `VALIDATION` on `year` unless it is one of [`YEARS`].
pub(super) fn check_year(year: i32) -> Result<()> {
    if YEARS.contains(&year) {
        return Ok(());
    }
    Err(shared::ValidationError::new(
        "year",
        shared::ValidationReason::Format {
            expected: format!("a year from {} to {}", YEARS.start(), YEARS.end()),
        },
    )
    .into())
}

/// What serialises the saves of one model's year.
fn versions_key(set: &CriteriaSet) -> String {
    format!("criteria {} {}", set.model, set.year)
}

/// Writes each model's example criteria for `year` where the model has none: what a fresh
/// association starts from. The number written.
pub async fn seed_examples(db: &DatabaseConnection, year: i32) -> Result<usize> {
    let mut written = 0;
    for &model in RecognitionModel::ALL {
        let set = example(model, year);
        let txn = crate::db::begin_write(db).await?;
        crate::db::lock_keys(&txn, &[versions_key(&set)]).await?;
        if latest(&txn, model, year).await?.is_none() {
            insert(&txn, &set, None).await?;
            written += 1;
        }
        txn.commit().await?;
    }
    Ok(written)
}
