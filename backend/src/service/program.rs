//! Programs: set up by program managers (fund, window, budget, tiers, eligibility, rubric),
//! then opened, closed and archived.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use shared::{
    AuditAction, AuditObject, EligibilityRules, Money, ProgramKind, ProgramStatus, RubricCriterion,
    ValidationError, ValidationReason, VnDate,
    program::{parse_cycle, tidy_rubric},
};

use super::{
    Page,
    actor::PROGRAM_ROLES,
    actor::SignedIn,
    audit::{self, AuditEntry, RequestMeta},
    fund as funds, organization,
};
use crate::{
    entity::{award_tier, column::Json, organization as organization_row, program},
    error::{Error, Result},
};

/// One tier of a program's awards.
pub use crate::entity::award_tier::Model as Tier;

const DESCRIPTION_MAX_CHARS: usize = 5_000;

/// Today in Vietnam (UTC+7), the day windows and ages are counted in.
pub fn today() -> VnDate {
    VnDate::from(shared::date::vietnam_day(Utc::now()))
}

/// One award tier to create.
#[derive(Debug, Clone)]
pub struct TierForCreate {
    pub name: String,
    pub amount: Money,
    pub quota: i32,
}

/// What it takes to set up a program.
#[derive(Debug, Clone)]
pub struct ProgramForCreate {
    pub organization_id: i64,
    pub fund_id: i64,
    pub kind: ProgramKind,
    pub name: String,
    pub cycle: String,
    pub description: Option<String>,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub budget: Money,
    pub tiers: Vec<TierForCreate>,
    pub eligibility: EligibilityRules,
    pub rubric: Vec<RubricCriterion>,
    pub required_evidence: Vec<String>,
    pub reviewers_per_application: i32,
    pub blind_review: bool,
}

/// A program with its tiers (in order).
#[derive(Debug, Clone)]
pub struct ProgramWithTiers {
    pub program: program::Model,
    pub tiers: Vec<award_tier::Model>,
}

impl ProgramWithTiers {
    pub fn status(&self) -> ProgramStatus {
        self.program.status
    }

    pub fn eligibility(&self) -> &EligibilityRules {
        &self.program.eligibility.0
    }

    pub fn rubric(&self) -> &[RubricCriterion] {
        &self.program.rubric.0
    }

    pub fn required_evidence(&self) -> &[String] {
        &self.program.required_evidence.0
    }

    /// Whether today (in Vietnam) falls inside the application window.
    pub fn window_is_open(&self, on: VnDate) -> bool {
        (self.program.opens_on..=self.program.closes_on).contains(&on.naive())
    }
}

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

/// Opens, closes or archives a program, one step at a time.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn move_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    id: i64,
    to: ProgramStatus,
) -> Result<ProgramWithTiers> {
    let txn = crate::db::begin_write(db).await?;
    let (current, owner) = get_as_staff(&txn, actor, id).await?;
    let from = current.status();
    if !from.can_move_to(to) {
        return Err(Error::Conflict(format!(
            "a program that is {from} cannot become {to}"
        )));
    }
    let moved = program::Entity::update_many()
        .col_expr(program::Column::Status, sea_orm::sea_query::Expr::value(to))
        .col_expr(
            program::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(program::Column::Id.eq(id))
        .filter(program::Column::Status.eq(from))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(Error::Conflict(
            "the program changed meanwhile; try again".into(),
        ));
    }
    audit::record(
        &txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action: AuditAction::ProgramStatusChanged,
            object_type: AuditObject::Program,
            object_id: Some(id.to_string()),
            organization_id: Some(owner.id),
            before: json!({ "status": from }),
            after: json!({ "status": to }),
        },
    )
    .await?;
    let updated = get(&txn, id).await?;
    txn.commit().await?;
    Ok(updated)
}

/// `FORBIDDEN` unless the actor manages programs of the organisation (or above it).
pub fn require_program_role(actor: &SignedIn, owner: &organization_row::Model) -> Result<()> {
    actor.require_any(&PROGRAM_ROLES, owner, "manage its programs")
}

/// A program and the organisation running it, for its staff (program managers and admins of
/// that organisation or above); `FORBIDDEN` for anyone else.
pub async fn get_as_staff(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    id: i64,
) -> Result<(ProgramWithTiers, organization_row::Model)> {
    let program = get(db, id).await?;
    let owner = organization::get(db, program.program.organization_id).await?;
    require_program_role(actor, &owner)?;
    Ok((program, owner))
}

/// The organisation running a program, for its staff only, in one statement: what a list of
/// the program's applications, ranking or awards checks before it reads them.
pub async fn owner_for_staff(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    id: i64,
) -> Result<organization_row::Model> {
    use sea_orm::sea_query::Query;
    let owner = organization_row::Entity::find()
        .filter(
            organization_row::Column::Id.in_subquery(
                Query::select()
                    .column(program::Column::OrganizationId)
                    .from(program::Entity)
                    .and_where(program::Column::Id.eq(id))
                    .to_owned(),
            ),
        )
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "Program",
            id: id.to_string(),
        })?;
    require_program_role(actor, &owner)?;
    Ok(owner)
}

/// Programs with their tiers (in order), in one statement.
pub async fn get_many(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> Result<Vec<ProgramWithTiers>> {
    Ok(program::Entity::find()
        .filter(program::Column::Id.is_in(ids))
        .find_with_related(award_tier::Entity)
        .order_by_asc(program::Column::Id)
        .order_by_asc(award_tier::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|(program, tiers)| ProgramWithTiers { program, tiers })
        .collect())
}

/// One program with its tiers.
pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<ProgramWithTiers> {
    let program = program::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "Program",
            id: id.to_string(),
        })?;
    let tiers = award_tier::Entity::find()
        .filter(award_tier::Column::ProgramId.eq(id))
        .order_by_asc(award_tier::Column::Position)
        .all(db)
        .await?;
    Ok(ProgramWithTiers { program, tiers })
}

/// A program as `actor` may see it: drafts only to their staff.
pub async fn get_as(
    db: &DatabaseConnection,
    actor: Option<&SignedIn>,
    id: i64,
) -> Result<ProgramWithTiers> {
    let found = get(db, id).await?;
    if found.status() == ProgramStatus::Draft {
        let owner = organization::get(db, found.program.organization_id).await?;
        if actor.is_none_or(|actor| require_program_role(actor, &owner).is_err()) {
            return Err(Error::NotFound {
                entity: "Program",
                id: id.to_string(),
            });
        }
    }
    Ok(found)
}

/// Which programs a list returns.
#[derive(Debug, Clone, Default)]
pub struct ProgramFilter {
    /// Only these statuses; by default OPEN and CLOSED (what the public sees).
    pub statuses: Vec<ProgramStatus>,
    /// Only programs of this organisation and those under it.
    pub within: Option<i64>,
}

/// A page of programs in id order. Drafts are listed only for staff asking for them within
/// an organisation they manage programs for.
pub async fn list(
    db: &DatabaseConnection,
    actor: Option<&SignedIn>,
    filter: &ProgramFilter,
    after: Option<i64>,
    first: u64,
) -> Result<Page<ProgramWithTiers>> {
    use sea_orm::QueryTrait;
    let statuses = if filter.statuses.is_empty() {
        vec![ProgramStatus::Open, ProgramStatus::Closed]
    } else {
        filter.statuses.clone()
    };
    let mut query =
        program::Entity::find().filter(program::Column::Status.is_in(statuses.iter().copied()));
    if let Some(root) = filter.within {
        let root_org = organization::get(db, root).await?;
        if statuses.contains(&ProgramStatus::Draft)
            && actor.is_none_or(|actor| require_program_role(actor, &root_org).is_err())
        {
            return Err(Error::Forbidden(
                "Draft programs are listed only for their program managers.".into(),
            ));
        }
        let ids = organization_row::Entity::find()
            .select_only()
            .column(organization_row::Column::Id)
            .filter(super::organization::within(&root_org.path))
            .into_query();
        query = query.filter(program::Column::OrganizationId.in_subquery(ids));
    } else if statuses.contains(&ProgramStatus::Draft) {
        return Err(ValidationError::new(
            "within",
            ValidationReason::Format {
                expected: "an organisation you manage programs for, to list drafts".into(),
            },
        )
        .into());
    }
    if let Some(after) = after {
        query = query.filter(program::Column::Id.gt(after));
    }
    let programs = query
        .order_by_asc(program::Column::Id)
        .limit(first + 1)
        .all(db)
        .await?;
    let ids: Vec<i64> = programs.iter().map(|p| p.id).collect();
    let mut tiers = award_tier::Entity::find()
        .filter(award_tier::Column::ProgramId.is_in(ids))
        .order_by_asc(award_tier::Column::Position)
        .all(db)
        .await?;
    let items = programs
        .into_iter()
        .map(|program| {
            let (mine, rest): (Vec<_>, Vec<_>) =
                tiers.drain(..).partition(|t| t.program_id == program.id);
            tiers = rest;
            ProgramWithTiers {
                program,
                tiers: mine,
            }
        })
        .collect();
    Ok(Page::from_overfetch(items, first))
}
