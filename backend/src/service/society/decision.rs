//! An association's decision recognising a batch of one model's registrations for a year:
//! its number and day, who signed it, and the registrations it recognises, each assessed and
//! passed, in the association's subtree. All of them or none.

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    sea_query::Expr,
};
use serde_json::json;
use shared::{
    AuditAction, AuditObject, ValidationError, ValidationReason,
    society::{RecognitionModel, RegistrationStatus},
};

use super::super::{
    actor::{SOCIETY_ROLES, SignedIn},
    audit::{self, AuditEntry, RequestMeta},
    organization as organizations,
};
use crate::{
    entity::{organization, recognition_decision, society_registration, society_unit},
    error::{Error, Result},
};

/// What it takes to record a decision.
#[derive(Debug, Clone)]
pub struct DecisionForCreate {
    pub organization_id: i64,
    pub model: RecognitionModel,
    pub year: i32,
    pub number: String,
    pub signed_on: NaiveDate,
    pub signer: String,
    pub registration_ids: Vec<i64>,
}

/// A decision recorded, and how many registrations it recognised.
#[derive(Debug, Clone)]
pub struct Decided {
    pub decision: recognition_decision::Model,
    pub recognised: usize,
}

/// The most registrations one decision recognises: far below either engine's bind limit.
pub const MAX_RECOGNISED: usize = 500;
const NUMBER_MAX_CHARS: usize = 50;
const SIGNER_MAX_CHARS: usize = 200;

/// Records a decision of the association `organization_id` recognising registrations of its
/// subtree, for its staff (or staff above it): each of the decision's model and year,
/// assessed and passed. `CONFLICT` naming the first that is not, or when the number is the
/// association's already for the year; nothing is written then. Audited.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn decide_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    input: DecisionForCreate,
) -> Result<Decided> {
    let number = shared::text::required_line("number", &input.number, NUMBER_MAX_CHARS)?;
    let signer = shared::text::required_line("signer", &input.signer, SIGNER_MAX_CHARS)?;
    super::check_year(input.year)?;
    let today = shared::date::vietnam_day(Utc::now());
    if input.signed_on > today {
        return Err(ValidationError::new(
            "signedOn",
            ValidationReason::TooLarge {
                max: today.to_string(),
            },
        )
        .into());
    }
    // A year's recognitions are decided in that year, or after it.
    if input.signed_on.year() < input.year {
        return Err(ValidationError::new(
            "signedOn",
            ValidationReason::TooSmall {
                min: format!("{}-01-01", input.year),
            },
        )
        .into());
    }
    let ids: BTreeSet<i64> = input.registration_ids.iter().copied().collect();
    if ids.is_empty() || ids.len() > MAX_RECOGNISED {
        return Err(ValidationError::new(
            "registrationIds",
            ValidationReason::Format {
                expected: format!("1 to {MAX_RECOGNISED} registrations"),
            },
        )
        .into());
    }
    let txn = crate::db::begin_write(db).await?;
    let owner = organizations::get(&txn, input.organization_id).await?;
    actor.require_any(&SOCIETY_ROLES, &owner, "recognise registrations")?;
    if owner.archived_at.is_some() {
        return Err(Error::Conflict(format!("{} is archived.", owner.name)));
    }
    crate::db::lock_keys(&txn, &[super::progress::recognitions_key(input.year)]).await?;
    let found: HashMap<i64, (society_registration::Model, Option<society_unit::Model>)> =
        society_registration::Entity::find()
            .filter(society_registration::Column::Id.is_in(ids.iter().copied()))
            .find_also_related(society_unit::Entity)
            .all(&txn)
            .await?
            .into_iter()
            .map(|(row, unit)| (row.id, (row, unit)))
            .collect();
    let places: HashMap<i64, String> = organization::Entity::find()
        .filter(organization::Column::Id.is_in(found.values().map(|(row, _)| row.organization_id)))
        .all(&txn)
        .await?
        .into_iter()
        .map(|org| (org.id, org.path))
        .collect();
    for id in &ids {
        let Some((row, unit)) = found.get(id) else {
            return Err(Error::NotFound {
                entity: "Registration",
                id: id.to_string(),
            });
        };
        let name = unit
            .as_ref()
            .map_or("A registration", |unit| unit.name.as_str());
        let inside = places
            .get(&row.organization_id)
            .is_some_and(|path| path.starts_with(&owner.path));
        if !inside {
            return Err(Error::Conflict(format!(
                "{name} is not registered with {} or an organisation below it.",
                owner.name
            )));
        }
        if row.model != input.model || row.year != input.year {
            return Err(Error::Conflict(format!(
                "{name} is registered as {} for {}, not as {} for {}.",
                row.model.vietnamese_name(),
                row.year,
                input.model.vietnamese_name(),
                input.year
            )));
        }
        let ready = row.status == RegistrationStatus::Assessed && row.passed == Some(true);
        if !ready {
            let why = match row.status {
                RegistrationStatus::Registered => "has not been assessed",
                RegistrationStatus::Assessed => "did not reach the pass mark",
                RegistrationStatus::Recognised => "is recognised already",
                RegistrationStatus::Withdrawn => "had its recognition withdrawn",
            };
            return Err(Error::Conflict(format!("{name} {why}.")));
        }
    }
    let decision = recognition_decision::ActiveModel {
        organization_id: Set(owner.id),
        model: Set(input.model),
        year: Set(input.year),
        number: Set(number.clone()),
        signed_on: Set(input.signed_on),
        signer: Set(signer),
        created_by: Set(actor.user_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        Error::unique_violation_as_conflict(
            e,
            format!(
                "{} has a decision numbered {number} for {} already.",
                owner.name, input.year
            ),
        )
    })?;
    let updated = society_registration::Entity::update_many()
        .col_expr(
            society_registration::Column::Status,
            Expr::value(RegistrationStatus::Recognised),
        )
        .col_expr(
            society_registration::Column::DecisionId,
            Expr::value(decision.id),
        )
        .filter(society_registration::Column::Id.is_in(ids.iter().copied()))
        .filter(society_registration::Column::Status.eq(RegistrationStatus::Assessed))
        .filter(society_registration::Column::Passed.eq(true))
        .exec(&txn)
        .await?;
    if updated.rows_affected != ids.len() as u64 {
        // Dropping the transaction undoes the decision.
        return Err(Error::Conflict(
            "Some of these registrations changed meanwhile: look at them again.".into(),
        ));
    }
    audit::record(
        &txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action: AuditAction::RecognitionDecided,
            object_type: AuditObject::RecognitionDecision,
            object_id: Some(decision.id.to_string()),
            organization_id: Some(owner.id),
            before: json!(null),
            after: json!({
                "number": decision.number, "signedOn": decision.signed_on,
                "model": decision.model, "year": decision.year,
                "registrations": ids,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Decided {
        decision,
        recognised: ids.len(),
    })
}
