//! How far an organisation is toward a learning society in a year: its denominators (how many
//! households, clans, communities, units and adults it has, entered per organisation; where
//! one has none, those below it add up), its targets (its own, else the nearest one above it,
//! else the nation's), and per model how many are registered, assessed, passed and
//! recognised in its subtree.

use std::{collections::HashMap, ops::RangeInclusive};

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    FromQueryResult, QueryFilter, QuerySelect, Set, TryIntoModel,
};
use serde_json::json;
use shared::{
    AuditAction, AuditObject, ValidationError, ValidationReason,
    society::{Population, RecognitionModel, RegistrationStatus, progress},
};

use super::{
    super::{
        actor::{SOCIETY_ROLES, SignedIn},
        audit::{self, AuditEntry, RequestMeta},
        organization as organizations,
    },
    registration::subtree_ids,
};
use crate::{
    entity::{organization, society_population, society_registration},
    error::{Error, Result},
};

/// An organisation's denominator and target for one population in a year.
#[derive(Debug, Clone)]
pub struct PopulationForSet {
    pub organization_id: i64,
    pub year: i32,
    pub population: Population,
    /// None: the organisations below it add up.
    pub count: Option<i64>,
    /// None: the one above it sets it, or the nation.
    pub target_percent: Option<i32>,
}

/// The denominators and targets `organization_id` entered for `year`, in the populations'
/// order.
pub async fn populations_of(
    db: &impl ConnectionTrait,
    organization_id: i64,
    year: i32,
) -> Result<Vec<society_population::Model>> {
    let mut rows = society_population::Entity::find()
        .filter(society_population::Column::OrganizationId.eq(organization_id))
        .filter(society_population::Column::Year.eq(year))
        .all(db)
        .await?;
    rows.sort_by_key(|row| Population::ALL.iter().position(|p| *p == row.population));
    Ok(rows)
}

/// The most a denominator may be: more people than the country has is a typo.
const MAX_COUNT: i64 = 200_000_000;

/// Sets an organisation's denominator and target for a population in a year, for its staff
/// (or staff above it). `VALIDATION` when the count is below the recognitions already made in
/// its subtree, or the target is not a percent. Audited, with what it was before.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn set_population_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    input: PopulationForSet,
) -> Result<society_population::Model> {
    super::check_year(input.year)?;
    if let Some(count) = input.count.filter(|count| !(0..=MAX_COUNT).contains(count)) {
        let reason = if count < 0 {
            ValidationReason::TooSmall { min: "0".into() }
        } else {
            ValidationReason::TooLarge {
                max: MAX_COUNT.to_string(),
            }
        };
        return Err(ValidationError::new("count", reason).into());
    }
    let target = input
        .target_percent
        .map(|percent| {
            i16::try_from(percent)
                .ok()
                .filter(|percent| (1..=100).contains(percent))
                .ok_or_else(|| {
                    ValidationError::new(
                        "targetPercent",
                        ValidationReason::Format {
                            expected: "a percent from 1 to 100".into(),
                        },
                    )
                })
        })
        .transpose()?;
    let txn = crate::db::begin_write(db).await?;
    let owner = organizations::get(&txn, input.organization_id).await?;
    actor.require_any(&SOCIETY_ROLES, &owner, "set denominators and targets")?;
    crate::db::lock_keys(&txn, &[recognitions_key(input.year)]).await?;
    if let Some(count) = input.count {
        let recognised: u64 = counts(&txn, &owner.path, input.year..=input.year)
            .await?
            .remove(&input.year)
            .unwrap_or_default()
            .by_model
            .iter()
            .filter(|(model, _)| model.population() == input.population)
            .map(|(_, counts)| counts.recognised)
            .sum();
        if u64::try_from(count).unwrap_or(0) < recognised {
            return Err(ValidationError::new(
                "count",
                ValidationReason::TooSmall {
                    min: recognised.to_string(),
                },
            )
            .into());
        }
    }
    let before = society_population::Entity::find()
        .filter(society_population::Column::OrganizationId.eq(owner.id))
        .filter(society_population::Column::Year.eq(input.year))
        .filter(society_population::Column::Population.eq(input.population))
        .one(&txn)
        .await?;
    let was = before
        .as_ref()
        .map(|row| json!({ "count": row.count, "targetPercent": row.target_percent }));
    let mut row = match before {
        Some(row) => row.into(),
        None => society_population::ActiveModel {
            organization_id: Set(owner.id),
            year: Set(input.year),
            population: Set(input.population),
            ..Default::default()
        },
    };
    row.count = Set(input.count);
    row.target_percent = Set(target);
    row.updated_by = Set(actor.user_id);
    row.updated_at = Set(Utc::now());
    let saved = row.save(&txn).await?;
    let saved = saved
        .try_into_model()
        .map_err(|e| Error::Internal(format!("a population row read back badly: {e}")))?;
    audit::record(
        &txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action: AuditAction::PopulationSet,
            object_type: AuditObject::Organization,
            object_id: Some(owner.id.to_string()),
            organization_id: Some(owner.id),
            before: was.unwrap_or(json!(null)),
            after: json!({
                "year": input.year, "population": input.population,
                "count": saved.count, "targetPercent": saved.target_percent,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// A model's registrations in a subtree for a year, by where they stand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub registered: u64,
    pub assessed: u64,
    pub passed: u64,
    pub recognised: u64,
    pub withdrawn: u64,
}

#[derive(FromQueryResult)]
struct CountRow {
    year: i32,
    organization_id: i64,
    model: RecognitionModel,
    status: RegistrationStatus,
    passed: Option<bool>,
    n: i64,
}

/// What serialises, on PostgreSQL, the year's denominators with its decisions: a count is
/// checked against the recognitions made, and none is made meanwhile. (SQLite's writes are
/// serialised already.) Both are rare.
pub(super) fn recognitions_key(year: i32) -> String {
    format!("recognitions {year}")
}

/// A subtree's registrations of a year, counted.
#[derive(Debug, Default)]
struct Tally {
    /// Each model's, in the whole subtree.
    by_model: HashMap<RecognitionModel, Counts>,
    /// The recognitions registered with each organisation itself, by model.
    recognised_at: HashMap<(i64, RecognitionModel), u64>,
}

/// The counts of the subtree at `path` for each of `years`: one grouped statement.
async fn counts(
    db: &impl ConnectionTrait,
    path: &str,
    years: RangeInclusive<i32>,
) -> Result<HashMap<i32, Tally>> {
    let rows = society_registration::Entity::find()
        .select_only()
        .column(society_registration::Column::Year)
        .column(society_registration::Column::OrganizationId)
        .column(society_registration::Column::Model)
        .column(society_registration::Column::Status)
        .column(society_registration::Column::Passed)
        .column_as(society_registration::Column::Id.count(), "n")
        .filter(society_registration::Column::OrganizationId.in_subquery(subtree_ids(path)))
        .filter(society_registration::Column::Year.between(*years.start(), *years.end()))
        .group_by(society_registration::Column::Year)
        .group_by(society_registration::Column::OrganizationId)
        .group_by(society_registration::Column::Model)
        .group_by(society_registration::Column::Status)
        .group_by(society_registration::Column::Passed)
        .into_model::<CountRow>()
        .all(db)
        .await?;
    let mut tallies: HashMap<i32, Tally> = HashMap::new();
    for row in rows {
        let tally = tallies.entry(row.year).or_default();
        let n = u64::try_from(row.n).unwrap_or(0);
        let counts = tally.by_model.entry(row.model).or_default();
        counts.registered += n;
        match row.status {
            RegistrationStatus::Registered => {}
            RegistrationStatus::Assessed => counts.assessed += n,
            RegistrationStatus::Recognised => {
                counts.assessed += n;
                counts.recognised += n;
                *tally
                    .recognised_at
                    .entry((row.organization_id, row.model))
                    .or_default() += n;
            }
            // A withdrawn recognition was assessed; it no longer stands as passed.
            RegistrationStatus::Withdrawn => {
                counts.assessed += n;
                counts.withdrawn += n;
            }
        }
        if row.passed == Some(true) && row.status != RegistrationStatus::Withdrawn {
            counts.passed += n;
        }
    }
    Ok(tallies)
}

/// A target and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Set by this organisation or the one above it with this id.
    SetBy { organization_id: i64, percent: u8 },
    /// The nation's (Decisions 387/QĐ-TTg and 677/QĐ-TTg).
    National(u8),
    /// None for the year.
    None,
}

impl Target {
    pub fn percent(self) -> Option<u8> {
        match self {
            Self::SetBy { percent, .. } | Self::National(percent) => Some(percent),
            Self::None => None,
        }
    }
}

/// Where one model stands in an organisation's subtree for a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelProgress {
    pub model: RecognitionModel,
    pub counts: Counts,
    /// How many there are to recognise: the organisation's own count, else those below it
    /// added up; None when nobody entered one.
    pub denominator: Option<u64>,
    pub target: Target,
    /// Recognised per thousand of the denominator.
    pub per_mille: Option<u32>,
    /// How many more recognitions the target needs.
    pub gap: Option<u64>,
}

/// Each model's progress in the subtree of `organization_id` for `year`: public, numbers
/// only. Three statements, as [`progress_over`].
pub async fn progress_of(
    db: &impl ConnectionTrait,
    organization_id: i64,
    year: i32,
) -> Result<Vec<ModelProgress>> {
    Ok(progress_over(db, organization_id, year..=year)
        .await?
        .pop()
        .map(|(_, progress)| progress)
        .unwrap_or_default())
}

/// An organisation of a subtree (or above it) with one of its denominators and targets of
/// the years asked about, if it entered any: a row of the outer join.
#[derive(FromQueryResult)]
struct TreeRow {
    id: i64,
    parent_id: Option<i64>,
    path: String,
    year: Option<i32>,
    population: Option<Population>,
    count: Option<i64>,
    target_percent: Option<i16>,
}

/// What an organisation entered for a population in a year.
#[derive(Debug, Clone, Copy)]
struct Entered {
    count: Option<i64>,
    target_percent: Option<i16>,
}

/// Each model's progress in the subtree of `organization_id` for each of `years`, oldest
/// first: public, numbers only. Three statements however many years: the organisation, the
/// counts by year, and the organisations of the subtree and above it with what they entered
/// for those years.
pub async fn progress_over(
    db: &impl ConnectionTrait,
    organization_id: i64,
    years: RangeInclusive<i32>,
) -> Result<Vec<(i32, Vec<ModelProgress>)>> {
    use sea_orm::{
        JoinType,
        sea_query::{Expr, ExprTrait},
    };
    let root = organizations::get(db, organization_id).await?;
    let mut counts = counts(db, &root.path, years.clone()).await?;
    let above: Vec<i64> = root
        .path
        .split('/')
        .filter_map(|id| id.parse().ok())
        .collect();
    let (first, last) = (*years.start(), *years.end());
    let entered_in = organization::Entity::belongs_to(society_population::Entity)
        .from(organization::Column::Id)
        .to(society_population::Column::OrganizationId)
        .on_condition(move |_, population| {
            sea_orm::Condition::all()
                .add(Expr::col((population, society_population::Column::Year)).between(first, last))
        });
    let rows = organization::Entity::find()
        .select_only()
        .column(organization::Column::Id)
        .column(organization::Column::ParentId)
        .column(organization::Column::Path)
        .column(society_population::Column::Year)
        .column(society_population::Column::Population)
        .column(society_population::Column::Count)
        .column(society_population::Column::TargetPercent)
        .join(JoinType::LeftJoin, entered_in.into())
        .filter(
            sea_orm::Condition::any()
                .add(organizations::within(&root.path))
                .add(organization::Column::Id.is_in(above.iter().copied())),
        )
        .into_model::<TreeRow>()
        .all(db)
        .await?;
    let mut tree: Vec<(i64, Option<i64>, String)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut entered: HashMap<(i32, Population, i64), Entered> = HashMap::new();
    for row in rows {
        if let (Some(year), Some(population)) = (row.year, row.population) {
            let what = Entered {
                count: row.count,
                target_percent: row.target_percent,
            };
            entered.insert((year, population, row.id), what);
        }
        // Those above the root give their targets, not their counts.
        if row.path.starts_with(&root.path) && seen.insert(row.id) {
            tree.push((row.id, row.parent_id, row.path));
        }
    }
    let mut over = Vec::new();
    for year in years {
        let tally = counts.remove(&year).unwrap_or_default();
        let progressed = RecognitionModel::ALL
            .iter()
            .map(|&model| {
                let population = model.population();
                let of: HashMap<i64, Entered> = entered
                    .iter()
                    .filter(|((y, p, _), _)| *y == year && *p == population)
                    .map(|((_, _, id), what)| (*id, *what))
                    .collect();
                model_progress(&tree, &root, &above, &of, &tally, model, year)
            })
            .collect();
        over.push((year, progressed));
    }
    Ok(over)
}

/// Where `model` stands in the subtree of `root` in `year`, from what the organisations of
/// `tree` and those `above` entered (`of`) and the year's `tally`.
fn model_progress(
    tree: &[(i64, Option<i64>, String)],
    root: &organization::Model,
    above: &[i64],
    of: &HashMap<i64, Entered>,
    tally: &Tally,
    model: RecognitionModel,
    year: i32,
) -> ModelProgress {
    let population = model.population();
    let recognised_at: HashMap<i64, u64> = tally
        .recognised_at
        .iter()
        .filter(|((_, of_model), _)| *of_model == model)
        .map(|((organization_id, _), n)| (*organization_id, *n))
        .collect();
    let covered = rolled_up(tree, root.id, of, &recognised_at);
    let target = above
        .iter()
        .rev()
        .find_map(|id| {
            let percent = of.get(id)?.target_percent?;
            Some(Target::SetBy {
                organization_id: *id,
                percent: u8::try_from(percent).ok()?,
            })
        })
        .or_else(|| population.national_target(year).map(Target::National))
        .unwrap_or(Target::None);
    let measured = covered
        .zip(target.percent())
        .map(|(covered, percent)| progress(covered.recognised, covered.denominator, percent));
    ModelProgress {
        model,
        counts: tally.by_model.get(&model).copied().unwrap_or_default(),
        denominator: covered.map(|covered| covered.denominator),
        target,
        per_mille: covered
            .and_then(|covered| progress(covered.recognised, covered.denominator, 0).per_mille),
        gap: measured.map(|measured| measured.gap),
    }
}

/// The most organisations a yearly report lists below the one it is for: a city's communes
/// and wards with room to spare.
pub const REPORT_MAX_BELOW: u64 = 500;

/// The yearly report of `organization_id`: its own progress, then that of each open
/// organisation directly below it (a city's communes, a commune's chapters), by name.
/// Public, numbers only, as [`progress_of`].
pub async fn report_of(
    db: &impl ConnectionTrait,
    organization_id: i64,
    year: i32,
) -> Result<Vec<(String, Vec<ModelProgress>)>> {
    use sea_orm::{QueryOrder, QuerySelect as _};
    let root = organizations::get(db, organization_id).await?;
    let below = organization::Entity::find()
        .filter(organization::Column::ParentId.eq(root.id))
        .filter(organization::Column::ArchivedAt.is_null())
        .order_by_asc(organization::Column::Name)
        .limit(REPORT_MAX_BELOW + 1)
        .all(db)
        .await?;
    if below.len() as u64 > REPORT_MAX_BELOW {
        return Err(Error::Conflict(format!(
            "{} has more than {REPORT_MAX_BELOW} organisations directly below it: report on each of them.",
            root.name
        )));
    }
    let mut report = Vec::with_capacity(below.len() + 1);
    report.push((root.name.clone(), progress_of(db, root.id, year).await?));
    for org in below {
        let progress = progress_of(db, org.id, year).await?;
        report.push((org.name, progress));
    }
    Ok(report)
}

/// A denominator and the recognitions made where it was counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Covered {
    denominator: u64,
    recognised: u64,
}

/// The denominator of `root` in `tree` (id, parent, path) — its own count where it has one,
/// else its children's added up, down to those that have one; None when none below has —
/// with the recognitions (`recognised_at` each organisation) made where it was counted: all
/// of a subtree with a count of its own, and of one without only those of its children's
/// that have one. So a share never counts recognitions against a denominator that left them
/// out.
fn rolled_up(
    tree: &[(i64, Option<i64>, String)],
    root: i64,
    entered: &HashMap<i64, Entered>,
    recognised_at: &HashMap<i64, u64>,
) -> Option<Covered> {
    // Deepest first, so each organisation's children are summed before it.
    let mut order: Vec<&(i64, Option<i64>, String)> = tree.iter().collect();
    order.sort_by_key(|(_, _, path)| std::cmp::Reverse(path.len()));
    let mut covered_below: HashMap<i64, Covered> = HashMap::new();
    let mut all_below: HashMap<i64, u64> = HashMap::new();
    let mut value: HashMap<i64, Covered> = HashMap::new();
    for (id, parent, _) in order {
        let in_subtree =
            recognised_at.get(id).copied().unwrap_or(0) + all_below.get(id).copied().unwrap_or(0);
        let own = entered
            .get(id)
            .and_then(|row| row.count)
            .and_then(|count| u64::try_from(count).ok());
        let covered = match own {
            Some(denominator) => Some(Covered {
                denominator,
                recognised: in_subtree,
            }),
            None => covered_below.get(id).copied(),
        };
        if let Some(parent) = parent {
            *all_below.entry(*parent).or_default() += in_subtree;
            if let Some(covered) = covered {
                let sum = covered_below.entry(*parent).or_default();
                sum.denominator += covered.denominator;
                sum.recognised += covered.recognised;
            }
        }
        if let Some(covered) = covered {
            value.insert(*id, covered);
        }
    }
    value.get(&root).copied()
}
