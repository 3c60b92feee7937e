//! Registrations for recognition: a household, clan, community, unit or citizen of an
//! organisation (a commune or below) registered for a year by the association's staff, or a
//! household or citizen by a signed-in person for themselves; scored against its model's
//! criteria in force; withdrawn, once recognised, with a reason. One registration per unit
//! per year.

use std::collections::{BTreeMap, HashMap};

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, sea_query::Expr,
};
use serde_json::json;
use shared::{
    AuditAction, AuditObject, ValidationError, ValidationReason,
    society::{
        ADDRESS_MAX_CHARS, RecognitionModel, RegistrationStatus, UNIT_NAME_MAX_CHARS, assess,
        unit_key,
    },
};

use super::super::{
    Page,
    actor::{SOCIETY_ROLES, SignedIn},
    audit::{self, AuditEntry, RequestMeta},
    organization as organizations,
};
use crate::{
    entity::{
        column::Json, organization, recognition_decision, society_registration, society_unit,
    },
    error::{Error, Result},
};

/// A registration with its unit and the documents its assessment rests on.
#[derive(Debug, Clone)]
pub struct Registration {
    pub row: society_registration::Model,
    pub unit: society_unit::Model,
    /// For the association's staff; empty where a person follows their own.
    pub documents: Vec<super::document::Document>,
}

impl Registration {
    /// A registration as it stands after a change, with its documents read again.
    async fn with_documents(
        db: &impl ConnectionTrait,
        row: society_registration::Model,
        unit: society_unit::Model,
    ) -> Result<Self> {
        let documents = super::document::of_registrations(db, &[row.id])
            .await?
            .remove(&row.id)
            .unwrap_or_default();
        Ok(Self {
            row,
            unit,
            documents,
        })
    }
}

/// What it takes to register a unit for a year.
#[derive(Debug, Clone)]
pub struct UnitForRegister {
    pub organization_id: i64,
    pub model: RecognitionModel,
    pub year: i32,
    pub name: String,
    pub address: Option<String>,
    /// One's own household, or oneself as a citizen, even for the association's staff.
    pub for_myself: bool,
}

/// The longest assessor's note and withdrawal reason.
const NOTE_MAX_CHARS: usize = 2_000;

/// `VALIDATION` on `year` unless it is one registrations can be for: up to next year.
fn registration_year(year: i32) -> Result<()> {
    use chrono::Datelike;
    super::check_year(year)?;
    let next = shared::date::vietnam_day(Utc::now()).year() + 1;
    if year > next {
        return Err(ValidationError::new(
            "year",
            ValidationReason::TooLarge {
                max: next.to_string(),
            },
        )
        .into());
    }
    Ok(())
}

/// Registers a unit of an organisation (a commune or below) for a year: the association's
/// staff any unit, anyone signed in their own household or themselves as a citizen. A unit
/// is told apart by its name and address; registering it again in another year finds it.
/// `CONFLICT` when it is registered for the year already. Audited.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn register_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    input: UnitForRegister,
) -> Result<Registration> {
    let name = shared::text::required_line("name", &input.name, UNIT_NAME_MAX_CHARS)?;
    let address = shared::text::optional_line(
        "address",
        input.address.as_deref().unwrap_or_default(),
        ADDRESS_MAX_CHARS,
    )?;
    registration_year(input.year)?;
    let key = super::super::sha256_hex(unit_key(&name, address.as_deref()).as_bytes());
    let txn = crate::db::begin_write(db).await?;
    let owner = organizations::get(&txn, input.organization_id).await?;
    if owner.parent_id.is_none() || owner.archived_at.is_some() {
        return Err(ValidationError::new(
            "organizationId",
            ValidationReason::Format {
                expected: "an open commune association or an organisation below one".into(),
            },
        )
        .into());
    }
    if input.for_myself && !input.model.self_registered() {
        return Err(ValidationError::new(
            "model",
            ValidationReason::Format {
                expected: "a household or a citizen: what a person registers for themselves".into(),
            },
        )
        .into());
    }
    let staff = !input.for_myself && actor.holds_any(&SOCIETY_ROLES, &owner.path);
    if !staff && !input.model.self_registered() {
        actor.require_any(&SOCIETY_ROLES, &owner, "register for recognition")?;
    }
    let found = society_unit::Entity::find()
        .filter(society_unit::Column::OrganizationId.eq(owner.id))
        .filter(society_unit::Column::Model.eq(input.model))
        .filter(society_unit::Column::UnitKey.eq(key.as_str()))
        .one(&txn)
        .await?;
    let unit = match found {
        Some(unit) if staff || unit.user_id == Some(actor.user_id) => unit,
        Some(_) => {
            return Err(Error::Conflict(format!(
                "{name} is on {}'s list already: ask the association to register it.",
                owner.name
            )));
        }
        None => society_unit::ActiveModel {
            organization_id: Set(owner.id),
            model: Set(input.model),
            name: Set(name.clone()),
            address: Set(address),
            unit_key: Set(key),
            user_id: Set((!staff).then_some(actor.user_id)),
            created_by: Set(actor.user_id),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| {
            let what = if staff {
                format!("{name} was just added.")
            } else {
                format!(
                    "You have registered a {} already.",
                    input.model.vietnamese_name()
                )
            };
            Error::unique_violation_as_conflict(e, what)
        })?,
    };
    let row = society_registration::ActiveModel {
        unit_id: Set(unit.id),
        organization_id: Set(owner.id),
        model: Set(input.model),
        year: Set(input.year),
        status: Set(RegistrationStatus::Registered),
        registered_by: Set(actor.user_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        Error::unique_violation_as_conflict(
            e,
            format!("{} is registered for {} already.", unit.name, input.year),
        )
    })?;
    record(
        &txn,
        meta,
        actor,
        &row,
        AuditAction::RecognitionRegistered,
        json!(null),
        json!({ "model": row.model, "year": row.year, "unit": unit.name, "selfRegistered": !staff }),
    )
    .await?;
    txn.commit().await?;
    Ok(Registration {
        row,
        unit,
        documents: Vec::new(),
    })
}

/// Scores a registration against its model's criteria in force for its year (the set's id
/// kept with it), for the staff of its organisation or one above: every item scored, none
/// above its points (`VALIDATION` naming the item). A registration is scored again until it
/// is recognised; `CONFLICT` after, or when the year has no criteria. Audited.
#[tracing::instrument(skip(db, meta, actor, scores, note))]
pub async fn assess_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    registration_id: i64,
    scores: BTreeMap<String, u32>,
    note: Option<String>,
) -> Result<Registration> {
    let note =
        shared::text::paragraphs("note", note.as_deref().unwrap_or_default(), NOTE_MAX_CHARS)?;
    let txn = crate::db::begin_write(db).await?;
    let (row, unit, _) = staffed(&txn, actor, registration_id, "assess registrations").await?;
    if !matches!(
        row.status,
        RegistrationStatus::Registered | RegistrationStatus::Assessed
    ) {
        return Err(Error::Conflict(format!(
            "{} is {} already: its assessment stands.",
            unit.name,
            row.status.vietnamese_name().to_lowercase()
        )));
    }
    let Some(criteria) = super::latest(&txn, row.model, row.year).await? else {
        return Err(Error::Conflict(format!(
            "There are no criteria for {} in {}: the city association sets them first.",
            row.model.vietnamese_name(),
            row.year
        )));
    };
    let saved = super::Saved::from(criteria);
    let by_code: HashMap<String, u32> = scores.clone().into_iter().collect();
    let assessed = assess(&saved.set, &by_code)?;
    let total = i32::try_from(assessed.total).unwrap_or(i32::MAX);
    use society_registration::Column as C;
    let changes = vec![
        (C::Status, Expr::value(RegistrationStatus::Assessed)),
        (C::CriteriaSetId, Expr::value(saved.id)),
        (C::Scores, Expr::value(Json(scores))),
        (C::Total, Expr::value(total)),
        (C::Passed, Expr::value(assessed.passed)),
        (C::Level, Expr::value(assessed.level.clone())),
        (
            C::Note,
            Expr::value(Some(note).filter(|note| !note.is_empty())),
        ),
        (C::AssessedBy, Expr::value(actor.user_id)),
        (C::AssessedAt, Expr::value(Utc::now())),
    ];
    let scorable = [RegistrationStatus::Registered, RegistrationStatus::Assessed];
    let Some(after) = moved(&txn, row.id, &scorable, changes).await? else {
        return Err(Error::Conflict(format!(
            "{} was just recognised.",
            unit.name
        )));
    };
    record(
        &txn,
        meta,
        actor,
        &after,
        AuditAction::RegistrationAssessed,
        json!({ "status": row.status, "total": row.total, "passed": row.passed }),
        json!({
            "status": after.status, "total": assessed.total, "passed": assessed.passed,
            "level": assessed.level, "criteriaSetId": saved.id, "criteriaVersion": saved.version,
        }),
    )
    .await?;
    let assessed = Registration::with_documents(&txn, after, unit).await?;
    txn.commit().await?;
    Ok(assessed)
}

/// Withdraws a recognition with a reason, for the staff of the registration's organisation
/// or one above; `CONFLICT` unless it is recognised. Audited.
#[tracing::instrument(skip(db, meta, actor, reason))]
pub async fn withdraw_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    registration_id: i64,
    reason: &str,
) -> Result<Registration> {
    let reason = shared::text::paragraphs("reason", reason, NOTE_MAX_CHARS)?;
    if reason.is_empty() {
        return Err(ValidationError::new("reason", ValidationReason::Empty).into());
    }
    let txn = crate::db::begin_write(db).await?;
    let (row, unit, _) = staffed(&txn, actor, registration_id, "withdraw recognitions").await?;
    // What a decision recognised, only those who may make it take back: the staff of the
    // association that decided, or of one above it.
    if let Some(decision) = row.decision_id {
        let decided = recognition_decision::Entity::find_by_id(decision)
            .one(&txn)
            .await?
            .ok_or_else(|| Error::Internal(format!("decision {decision} went missing")))?;
        let by = organizations::get(&txn, decided.organization_id).await?;
        actor.require_any(&SOCIETY_ROLES, &by, "withdraw its recognitions")?;
    }
    use society_registration::Column as C;
    let changes = vec![
        (C::Status, Expr::value(RegistrationStatus::Withdrawn)),
        (C::WithdrawnReason, Expr::value(reason.clone())),
        (C::WithdrawnBy, Expr::value(actor.user_id)),
        (C::WithdrawnAt, Expr::value(Utc::now())),
    ];
    let recognised = [RegistrationStatus::Recognised];
    let Some(after) = moved(&txn, row.id, &recognised, changes).await? else {
        return Err(Error::Conflict(format!(
            "{} is not recognised: there is nothing to withdraw.",
            unit.name
        )));
    };
    record(
        &txn,
        meta,
        actor,
        &after,
        AuditAction::RecognitionWithdrawn,
        json!({ "status": row.status, "decisionId": row.decision_id }),
        json!({ "status": after.status, "reason": reason }),
    )
    .await?;
    let withdrawn = Registration::with_documents(&txn, after, unit).await?;
    txn.commit().await?;
    Ok(withdrawn)
}

/// What a list of registrations keeps.
#[derive(Debug, Clone, Copy, Default)]
pub struct RegistrationFilter {
    pub model: Option<RecognitionModel>,
    pub status: Option<RegistrationStatus>,
}

/// The registrations of an organisation's subtree for a year, for its staff, in the order
/// they were made, a page at a time after the registration `after`.
pub async fn registrations_of(
    db: &DatabaseConnection,
    actor: &SignedIn,
    organization_id: i64,
    year: i32,
    filter: RegistrationFilter,
    after: Option<i64>,
    first: u64,
) -> Result<Page<Registration>> {
    let owner = organizations::get(db, organization_id).await?;
    actor.require_any(&SOCIETY_ROLES, &owner, "see registrations for recognition")?;
    let mut query = society_registration::Entity::find()
        .filter(society_registration::Column::OrganizationId.in_subquery(subtree_ids(&owner.path)))
        .filter(society_registration::Column::Year.eq(year));
    if let Some(model) = filter.model {
        query = query.filter(society_registration::Column::Model.eq(model));
    }
    if let Some(status) = filter.status {
        query = query.filter(society_registration::Column::Status.eq(status));
    }
    if let Some(after) = after {
        query = query.filter(society_registration::Column::Id.gt(after));
    }
    let rows = query
        .order_by_asc(society_registration::Column::Id)
        .limit(first + 1)
        .find_also_related(society_unit::Entity)
        .all(db)
        .await?;
    let page = Page::from_overfetch(rows, first);
    let ids: Vec<i64> = page.items.iter().map(|(row, _)| row.id).collect();
    let mut documents = super::document::of_registrations(db, &ids).await?;
    let items = page
        .items
        .into_iter()
        .map(|(row, unit)| {
            let unit = unit
                .ok_or_else(|| Error::Internal(format!("registration {} has no unit", row.id)))?;
            let documents = documents.remove(&row.id).unwrap_or_default();
            Ok(Registration {
                row,
                unit,
                documents,
            })
        })
        .collect::<Result<_>>()?;
    Ok(Page {
        items,
        has_next_page: page.has_next_page,
    })
}

/// The ids of the organisations at or under `path`, as a subquery (a range of paths, see
/// `organization::within`).
pub(super) fn subtree_ids(path: &str) -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select()
        .column(organization::Column::Id)
        .from(organization::Entity)
        .cond_where(organizations::within(path))
        .to_owned()
}

/// The registration `id`, its unit and its organisation, when the actor is staff of it (or
/// of one above); `NOT_FOUND` or `FORBIDDEN` otherwise.
pub(super) async fn staffed(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    id: i64,
    what: &str,
) -> Result<(
    society_registration::Model,
    society_unit::Model,
    organization::Model,
)> {
    let not_found = || Error::NotFound {
        entity: "Registration",
        id: id.to_string(),
    };
    let (row, unit) = society_registration::Entity::find_by_id(id)
        .find_also_related(society_unit::Entity)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let unit = unit.ok_or_else(not_found)?;
    let owner = organizations::get(db, row.organization_id).await?;
    actor.require_any(&SOCIETY_ROLES, &owner, what)?;
    Ok((row, unit, owner))
}

/// Sets `changes` on the registration `id` if it still stands at one of `from` (checked by
/// the update itself, so a move made meanwhile is seen); what it is after, or None when it
/// had moved.
async fn moved(
    db: &impl ConnectionTrait,
    id: i64,
    from: &[RegistrationStatus],
    changes: Vec<(society_registration::Column, Expr)>,
) -> Result<Option<society_registration::Model>> {
    let mut update = society_registration::Entity::update_many();
    for (column, value) in changes {
        update = update.col_expr(column, value);
    }
    let updated = update
        .filter(society_registration::Column::Id.eq(id))
        .filter(society_registration::Column::Status.is_in(from.iter().copied()))
        .exec(db)
        .await?;
    if updated.rows_affected != 1 {
        return Ok(None);
    }
    let after = society_registration::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::Internal(format!("registration {id} went missing")))?;
    Ok(Some(after))
}

/// One audit entry about a registration.
pub(super) async fn record(
    db: &impl ConnectionTrait,
    meta: &RequestMeta,
    actor: &SignedIn,
    row: &society_registration::Model,
    action: AuditAction,
    before: serde_json::Value,
    after: serde_json::Value,
) -> Result<()> {
    audit::record(
        db,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action,
            object_type: AuditObject::Registration,
            object_id: Some(row.id.to_string()),
            organization_id: Some(row.organization_id),
            before,
            after,
        },
    )
    .await?;
    Ok(())
}
