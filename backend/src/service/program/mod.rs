//! Programs: set up by program managers (fund, window, budget, tiers, eligibility, rubric),
//! then opened, closed and archived.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde_json::json;
use shared::{
    AuditAction, AuditObject, EligibilityRules, Money, ProgramKind, ProgramStatus, RubricCriterion,
    ValidationError, ValidationReason, VnDate,
};

use super::{
    Page,
    actor::PROGRAM_ROLES,
    actor::SignedIn,
    audit::{self, AuditEntry, RequestMeta},
    organization,
};
use crate::{
    entity::{award_tier, organization as organization_row, program},
    error::{Error, Result},
};

mod setup;

pub use setup::{create_as, update_as};

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
    pub duplicate_policy: shared::DuplicatePolicy,
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
    /// Only programs whose name contains this, folded (`shared::text::folded`); empty: all.
    pub search: String,
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
    if !filter.search.is_empty() {
        use sea_orm::sea_query::{Expr, ExprTrait as _};
        query = query.filter(
            Expr::col((program::Entity, program::Column::SearchText))
                .like(super::containing(&filter.search)),
        );
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
