//! Setting a program up, and editing it while it is a draft: one set of checks for both.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use serde_json::json;
use shared::{
    AuditAction, AuditObject, ProgramStatus, RubricCriterion, ValidationError, ValidationReason,
    program::{parse_cycle, tidy_rubric},
};

use super::{
    DESCRIPTION_MAX_CHARS, ProgramForCreate, ProgramWithTiers, TierForCreate, get, get_as_staff,
    require_program_role,
};
use crate::{
    entity::{award_tier, column::Json, organization as organization_row, program},
    error::{Error, Result},
    service::{
        actor::SignedIn,
        audit::{self, AuditEntry, RequestMeta},
        fund as funds, organization,
    },
};

/// A program's terms once checked and tidied: what `create_as` inserts and `update_as` writes
/// over a draft.
struct Terms {
    name: String,
    cycle: String,
    description: Option<String>,
    rubric: Vec<RubricCriterion>,
    evidence: Vec<String>,
    tiers: Vec<TierForCreate>,
}

/// Checks a program's terms by the rules every setup and every edit of a draft follows.
fn checked(input: &ProgramForCreate) -> Result<Terms> {
    let name = shared::text::required_line("name", &input.name, 200)?;
    let cycle = parse_cycle(&input.cycle)?;
    if input.closes_on < input.opens_on {
        return Err(ValidationError::new(
            "closesOn",
            ValidationReason::TooSmall {
                min: input.opens_on.to_string(),
            },
        )
        .into());
    }
    if input.tiers.is_empty() || input.tiers.len() > 10 {
        return Err(ValidationError::new(
            "tiers",
            ValidationReason::Length {
                expected: "1 to 10 tiers".into(),
            },
        )
        .into());
    }
    let mut tiers = Vec::with_capacity(input.tiers.len());
    for (i, tier) in input.tiers.iter().enumerate() {
        let name = shared::text::required_line(&format!("tiers.{i}.name"), &tier.name, 120)?;
        if !(1..=100_000).contains(&tier.quota) {
            return Err(ValidationError::new(
                format!("tiers.{i}.quota"),
                ValidationReason::Format {
                    expected: "1 to 100000".into(),
                },
            )
            .into());
        }
        if tier.amount > input.budget {
            return Err(ValidationError::new(
                format!("tiers.{i}.amount"),
                ValidationReason::TooLarge {
                    max: input.budget.to_string(),
                },
            )
            .into());
        }
        tiers.push(TierForCreate { name, ..*tier });
    }
    let rubric = tidy_rubric(&input.rubric)?;
    shared::eligibility::validate_ages(input.eligibility.min_age, input.eligibility.max_age)?;
    shared::eligibility::validate_recognised_as(&input.eligibility.recognised_as)?;
    // A program for learning families asks for the recognition it rewards.
    if input.kind == shared::ProgramKind::LearningFamily
        && input.eligibility.recognised_as.is_empty()
    {
        return Err(
            ValidationError::new("eligibility.recognisedAs", ValidationReason::Empty).into(),
        );
    }
    if !(1..=5).contains(&input.reviewers_per_application) {
        return Err(ValidationError::new(
            "reviewersPerApplication",
            ValidationReason::Format {
                expected: "1 to 5".into(),
            },
        )
        .into());
    }
    let description = shared::text::paragraphs(
        "description",
        input.description.as_deref().unwrap_or_default(),
        DESCRIPTION_MAX_CHARS,
    )?;
    let mut evidence = Vec::new();
    for (i, kind) in input.required_evidence.iter().enumerate() {
        if let Some(kind) =
            shared::text::optional_line(&format!("requiredEvidence.{i}"), kind, 120)?
        {
            evidence.push(kind);
        }
    }
    if evidence.len() > 10 {
        return Err(ValidationError::new(
            "requiredEvidence",
            ValidationReason::Length {
                expected: "at most 10 types of at most 120 characters".into(),
            },
        )
        .into());
    }
    Ok(Terms {
        name,
        cycle,
        description: Some(description).filter(|d| !d.is_empty()),
        rubric,
        evidence,
        tiers,
    })
}

/// The organisation that will run the program, if the actor manages its programs, and the
/// fund it pays from, if it is one of that organisation's.
async fn owner_and_fund(
    txn: &impl ConnectionTrait,
    actor: &SignedIn,
    input: &ProgramForCreate,
) -> Result<(organization_row::Model, i64)> {
    let owner = organization::get(txn, input.organization_id).await?;
    require_program_role(actor, &owner)?;
    let fund = funds::get(txn, input.fund_id).await?;
    if fund.organization_id != owner.id {
        return Err(ValidationError::new(
            "fundId",
            ValidationReason::Format {
                expected: format!("a fund of {}", owner.name),
            },
        )
        .into());
    }
    Ok((owner, fund.id))
}

/// Writes a program's tiers, in order.
async fn insert_tiers(
    txn: &impl ConnectionTrait,
    program_id: i64,
    tiers: Vec<TierForCreate>,
) -> Result<Vec<award_tier::Model>> {
    let mut written = Vec::with_capacity(tiers.len());
    for (position, tier) in tiers.into_iter().enumerate() {
        written.push(
            award_tier::ActiveModel {
                program_id: Set(program_id),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
                name: Set(tier.name),
                amount: Set(tier.amount.dong()),
                quota: Set(tier.quota),
                ..Default::default()
            }
            .insert(txn)
            .await?,
        );
    }
    Ok(written)
}

/// The columns a setup writes and an edit of a draft writes over, stamped as changed now.
fn written(
    organization_id: i64,
    fund_id: i64,
    terms: Terms,
    input: &ProgramForCreate,
) -> program::ActiveModel {
    program::ActiveModel {
        organization_id: Set(organization_id),
        fund_id: Set(fund_id),
        kind: Set(input.kind),
        search_text: Set(shared::text::folded(&terms.name)),
        name: Set(terms.name),
        cycle: Set(terms.cycle),
        description: Set(terms.description),
        opens_on: Set(input.opens_on),
        closes_on: Set(input.closes_on),
        budget: Set(input.budget.dong()),
        eligibility: Set(Json(input.eligibility.clone())),
        rubric: Set(Json(terms.rubric)),
        required_evidence: Set(Json(terms.evidence)),
        reviewers_per_application: Set(input.reviewers_per_application),
        blind_review: Set(input.blind_review),
        duplicate_policy: Set(input.duplicate_policy),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
}

const SAME_NAME_AND_CYCLE: &str =
    "this organisation already has a program of that name in that cycle";

/// Sets up a program in DRAFT under an organisation the actor manages programs for, paid from
/// one of that organisation's funds.
#[tracing::instrument(skip(db, meta, actor, input))]
pub async fn create_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    input: ProgramForCreate,
) -> Result<ProgramWithTiers> {
    let mut terms = checked(&input)?;
    let tiers = std::mem::take(&mut terms.tiers);
    let txn = crate::db::begin_write(db).await?;
    let (owner, fund_id) = owner_and_fund(&txn, actor, &input).await?;
    let now = Utc::now();
    let created = program::ActiveModel {
        status: Set(ProgramStatus::Draft),
        created_by: Set(actor.user_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..written(owner.id, fund_id, terms, &input)
    }
    .insert(&txn)
    .await
    .map_err(|e| Error::unique_violation_as_conflict(e, SAME_NAME_AND_CYCLE))?;
    let tiers = insert_tiers(&txn, created.id, tiers).await?;
    audit::record(
        &txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action: AuditAction::ProgramCreated,
            object_type: AuditObject::Program,
            object_id: Some(created.id.to_string()),
            organization_id: Some(owner.id),
            before: json!(null),
            after: json!({ "name": created.name, "cycle": created.cycle, "budget": created.budget }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(ProgramWithTiers {
        program: created,
        tiers,
    })
}

/// What the audit log keeps of a program's terms.
fn audited_terms(found: &program::Model, tiers: &[award_tier::Model]) -> serde_json::Value {
    json!({
        "organizationId": found.organization_id,
        "fundId": found.fund_id,
        "name": found.name,
        "cycle": found.cycle,
        "opensOn": found.opens_on,
        "closesOn": found.closes_on,
        "budget": found.budget,
        "tiers": tiers.iter().map(|t| json!({ "name": t.name, "amount": t.amount, "quota": t.quota })).collect::<Vec<_>>(),
    })
}

/// Rewrites a DRAFT program's terms and tiers, by the rules of [`create_as`]: the actor must
/// manage programs both where the program is and where it goes. Once opened, a program's
/// terms are what applicants applied under, and they no longer change (`CONFLICT`).
#[tracing::instrument(skip(db, meta, actor, input))]
pub async fn update_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    id: i64,
    input: ProgramForCreate,
) -> Result<ProgramWithTiers> {
    let mut terms = checked(&input)?;
    let tiers = std::mem::take(&mut terms.tiers);
    let txn = crate::db::begin_write(db).await?;
    let (current, _) = get_as_staff(&txn, actor, id).await?;
    if current.status() != ProgramStatus::Draft {
        return Err(Error::Conflict(format!(
            "a program that is {} keeps the terms it was opened with",
            current.status()
        )));
    }
    let (owner, fund_id) = owner_and_fund(&txn, actor, &input).await?;
    let changed = program::Entity::update_many()
        .set(written(owner.id, fund_id, terms, &input))
        .filter(program::Column::Id.eq(id))
        .filter(program::Column::Status.eq(ProgramStatus::Draft))
        .exec(&txn)
        .await
        .map_err(|e| Error::unique_violation_as_conflict(e, SAME_NAME_AND_CYCLE))?;
    if changed.rows_affected != 1 {
        return Err(Error::Conflict(
            "the program changed meanwhile; try again".into(),
        ));
    }
    award_tier::Entity::delete_many()
        .filter(award_tier::Column::ProgramId.eq(id))
        .exec(&txn)
        .await?;
    insert_tiers(&txn, id, tiers).await?;
    let updated = get(&txn, id).await?;
    audit::record(
        &txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action: AuditAction::ProgramUpdated,
            object_type: AuditObject::Program,
            object_id: Some(id.to_string()),
            organization_id: Some(owner.id),
            before: audited_terms(&current.program, &current.tiers),
            after: audited_terms(&updated.program, &updated.tiers),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}
