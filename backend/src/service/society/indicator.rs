//! The plan's own indicators (Plan 52/KH-UBND, section II.2.1): kept by the city association,
//! reported each year by each commune or ward (or by the city, for the city's own), with the
//! source of the figures, and rolled up to the city by adding its communes' values. Never by
//! district: that tier no longer exists.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    JoinType, PaginatorTrait, QueryFilter, QuerySelect, Set, TryIntoModel,
    sea_query::{Expr, ExprTrait, Query},
};
use serde_json::json;
use shared::{
    AuditAction, AuditObject, OrganizationKind, ValidationError, ValidationReason,
    indicator::{Indicator, SOURCE_MAX_CHARS, Value, plan_52, rolled_up},
    text::required_line,
};

use super::super::{
    actor::{SOCIETY_ROLES, SignedIn},
    audit::{self, AuditEntry, RequestMeta},
    organization as organizations,
};
use crate::{
    entity::{indicator_value, organization, plan_indicator},
    error::{Error, Result},
};

/// A value as reported.
pub use indicator_value::Model as ValueRow;
/// One of the plan's indicators as kept.
pub use plan_indicator::Model as IndicatorRow;

/// The plan's indicators, in the plan's order (`2.1.b.2` before `2.1.b.10`).
pub async fn indicators(db: &impl ConnectionTrait) -> Result<Vec<IndicatorRow>> {
    let mut rows = plan_indicator::Entity::find().all(db).await?;
    rows.sort_by_cached_key(|row| shared::indicator::code_order(&row.code));
    Ok(rows)
}

impl IndicatorRow {
    /// What it asks, as the pure rules know it.
    pub fn indicator(&self) -> Indicator {
        Indicator {
            code: self.code.clone(),
            group: self.group_name.clone(),
            name: self.name.clone(),
            measure: self.measure,
            target_per_mille: u16::try_from(self.target_per_mille).unwrap_or(0),
            deadline: self.deadline,
            level: self.level,
        }
    }
}

/// Writes the indicators of Plan 52/KH-UBND whose code is not kept yet, marked as examples:
/// what a fresh city starts from. The number written.
pub async fn seed_plan(db: &DatabaseConnection) -> Result<usize> {
    let kept: Vec<String> = indicators(db).await?.into_iter().map(|i| i.code).collect();
    let mut written = 0;
    for indicator in plan_52() {
        if kept.contains(&indicator.code) {
            continue;
        }
        let mut row = active(&indicator, None);
        row.example = Set(true);
        row.insert(db).await?;
        written += 1;
    }
    Ok(written)
}

fn active(indicator: &Indicator, by: Option<i64>) -> plan_indicator::ActiveModel {
    plan_indicator::ActiveModel {
        code: Set(indicator.code.clone()),
        group_name: Set(indicator.group.clone()),
        name: Set(indicator.name.clone()),
        measure: Set(indicator.measure),
        target_per_mille: Set(i16::try_from(indicator.target_per_mille).unwrap_or(i16::MAX)),
        deadline: Set(indicator.deadline),
        level: Set(indicator.level),
        example: Set(false),
        updated_by: Set(by),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
}

/// Adds an indicator to the plan, or changes the one of its code, for the city association's
/// administrators. Checked first (`VALIDATION` naming the field at fault); what is saved is
/// the association's own, no longer an example. The values reported stay: a changed target
/// is what they are measured against from now on. Audited, with what it was before.
#[tracing::instrument(skip(db, meta, actor, indicator), fields(code = %indicator.code))]
pub async fn save_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    indicator: Indicator,
) -> Result<IndicatorRow> {
    let city = super::city_administered(db, actor, "change the plan's indicators").await?;
    let indicator = indicator.checked()?;
    let txn = crate::db::begin_write(db).await?;
    let before = plan_indicator::Entity::find()
        .filter(plan_indicator::Column::Code.eq(&indicator.code))
        .one(&txn)
        .await?;
    let was = before
        .as_ref()
        .map_or(json!(null), |row| json!(row.indicator()));
    let mut row = active(&indicator, Some(actor.user_id));
    if let Some(before) = &before {
        // What the reported values count, and who reports them, stay what they were.
        let changed = before.measure != indicator.measure || before.level != indicator.level;
        if changed && reported(&txn, before.id).await? {
            return Err(Error::Conflict(format!(
                "Values of {} are reported already: its measure and level stay {} and {}; \
                 add an indicator of another code instead.",
                before.code, before.measure, before.level
            )));
        }
        row.id = Set(before.id);
    }
    let saved = row.save(&txn).await.map_err(|e| {
        Error::unique_violation_as_conflict(e, "an indicator of this code was just saved")
    })?;
    let saved = saved
        .try_into_model()
        .map_err(|e| Error::Internal(format!("an indicator read back badly: {e}")))?;
    audit::record(
        &txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action: AuditAction::IndicatorSaved,
            object_type: AuditObject::PlanIndicator,
            object_id: Some(saved.id.to_string()),
            organization_id: Some(city.id),
            before: was,
            after: json!(indicator),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Whether any value of the indicator `id` is reported.
async fn reported(db: &impl ConnectionTrait, id: i64) -> Result<bool> {
    Ok(indicator_value::Entity::find()
        .filter(indicator_value::Column::IndicatorId.eq(id))
        .one(db)
        .await?
        .is_some())
}

/// A value to report.
#[derive(Debug, Clone)]
pub struct ValueForReport {
    pub indicator_id: i64,
    pub organization_id: i64,
    pub year: i32,
    pub numerator: i64,
    pub denominator: i64,
    pub source: String,
}

/// Reports an organisation's value of an indicator for a year, for its staff (or staff
/// above it); reporting again replaces it. The organisation is of the level the indicator is
/// measured at (a commune or ward, or the city), and open. `VALIDATION` on a value that
/// counts more than it concerns, a locality's other than 1 or 0 of 1, or a missing source.
/// Audited, with what it was before.
#[tracing::instrument(skip(db, meta, actor, input), fields(indicator = input.indicator_id))]
pub async fn report_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    input: ValueForReport,
) -> Result<ValueRow> {
    super::check_year(input.year)?;
    let indicator = plan_indicator::Entity::find_by_id(input.indicator_id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "indicator",
            id: input.indicator_id.to_string(),
        })?;
    let value = Value::checked(indicator.measure, input.numerator, input.denominator)?;
    let source = required_line("source", &input.source, SOURCE_MAX_CHARS)?;
    let owner = organizations::get(db, input.organization_id).await?;
    actor.require_any(&SOCIETY_ROLES, &owner, "report the plan's indicators")?;
    if owner.kind != indicator.level {
        let expected = match indicator.level {
            OrganizationKind::City => "the city, where this indicator is measured",
            _ => "a commune or ward: this indicator is measured there and added up above",
        };
        return Err(ValidationError::new(
            "organizationId",
            ValidationReason::Format {
                expected: expected.into(),
            },
        )
        .into());
    }
    if owner.archived_at.is_some() {
        return Err(Error::Conflict(format!("{} is archived.", owner.name)));
    }
    let txn = crate::db::begin_write(db).await?;
    let before = indicator_value::Entity::find()
        .filter(indicator_value::Column::OrganizationId.eq(owner.id))
        .filter(indicator_value::Column::Year.eq(input.year))
        .filter(indicator_value::Column::IndicatorId.eq(indicator.id))
        .one(&txn)
        .await?;
    let was = before.as_ref().map_or(json!(null), |row| {
        json!({
            "numerator": row.numerator, "denominator": row.denominator, "source": row.source,
        })
    });
    let mut row = match before {
        Some(row) => row.into(),
        None => indicator_value::ActiveModel {
            indicator_id: Set(indicator.id),
            organization_id: Set(owner.id),
            year: Set(input.year),
            ..Default::default()
        },
    };
    row.numerator = Set(value.numerator);
    row.denominator = Set(value.denominator);
    row.source = Set(source);
    row.reported_by = Set(actor.user_id);
    row.reported_at = Set(Utc::now());
    let saved = row.save(&txn).await.map_err(|e| {
        Error::unique_violation_as_conflict(e, "this value was just reported by someone else")
    })?;
    let saved = saved
        .try_into_model()
        .map_err(|e| Error::Internal(format!("a value read back badly: {e}")))?;
    audit::record(
        &txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action: AuditAction::IndicatorReported,
            object_type: AuditObject::PlanIndicator,
            object_id: Some(indicator.id.to_string()),
            organization_id: Some(owner.id),
            before: was,
            after: json!({
                "year": input.year, "numerator": saved.numerator,
                "denominator": saved.denominator, "source": saved.source,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Where one indicator stands for an organisation in a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorProgress {
    pub indicator: IndicatorRow,
    /// Its value: the organisation's own, or its communes' added up. None when none reported.
    pub value: Option<Value>,
    /// What the organisation itself reported, with the source.
    pub own: Option<ValueRow>,
    /// How many of the organisations that report it did (a commune: itself; the city: its
    /// open communes), and how many there are.
    pub reported: u64,
    pub expected: u64,
}

impl IndicatorProgress {
    /// Whether the value reaches the target, compared exactly (not on the rounded share);
    /// none until every organisation that reports it did: a city is not "met" on the word of
    /// the first commune to report.
    pub fn met(&self) -> Option<bool> {
        let target = u16::try_from(self.indicator.target_per_mille).unwrap_or(u16::MAX);
        self.value
            .filter(|_| self.reported >= self.expected)
            .map(|value| value.meets(target))
    }
}

/// What an organisation's indicators are worked out from: itself, the indicators it shows,
/// and the values of the year reported by itself and by the open communes below it.
struct Reported {
    root: organization::Model,
    shown: Vec<IndicatorRow>,
    values: Vec<ValueRow>,
}

/// The indicators `organization_id` shows for `year` and their values, in two statements;
/// none for an organisation that shows none (a commune or ward shows those measured at
/// communes, the city all of them, any other organisation none).
async fn values_of(
    db: &impl ConnectionTrait,
    organization_id: i64,
    year: i32,
) -> Result<Option<Reported>> {
    let root = organizations::get(db, organization_id).await?;
    let levels: &[OrganizationKind] = match root.kind {
        OrganizationKind::City => &[OrganizationKind::City, OrganizationKind::Commune],
        OrganizationKind::Commune => &[OrganizationKind::Commune],
        _ => return Ok(None),
    };
    // Only the organisations that report: the organisation itself, and the open communes
    // below it (an archived one was merged into another, which reports for both).
    let reporters = Query::select()
        .column(organization::Column::Id)
        .from(organization::Entity)
        .cond_where(organizations::within(&root.path))
        .cond_where(
            Condition::any()
                .add(organization::Column::Id.eq(root.id))
                .add(open_communes()),
        )
        .to_owned();
    // Each indicator with its values of the year, in one statement.
    let with_values = plan_indicator::Entity::belongs_to(indicator_value::Entity)
        .from(plan_indicator::Column::Id)
        .to(indicator_value::Column::IndicatorId)
        .on_condition(move |_, value| {
            Condition::all()
                .add(ExprTrait::eq(
                    Expr::col((value.clone(), indicator_value::Column::Year)),
                    year,
                ))
                .add(
                    Expr::col((value, indicator_value::Column::OrganizationId))
                        .in_subquery(reporters.clone()),
                )
        });
    let rows: Vec<(IndicatorRow, Option<ValueRow>)> = plan_indicator::Entity::find()
        .select_also(indicator_value::Entity)
        .join(JoinType::LeftJoin, with_values.into())
        .all(db)
        .await?;
    let mut shown: Vec<IndicatorRow> = Vec::new();
    let mut values = Vec::new();
    for (indicator, value) in rows {
        if !levels.contains(&indicator.level) {
            continue;
        }
        values.extend(value);
        if !shown.iter().any(|seen| seen.id == indicator.id) {
            shown.push(indicator);
        }
    }
    if shown.is_empty() {
        return Ok(None);
    }
    shown.sort_by_cached_key(|row| shared::indicator::code_order(&row.code));
    Ok(Some(Reported {
        root,
        shown,
        values,
    }))
}

/// The communes and wards that report: open ones (an archived one was merged into another).
fn open_communes() -> Condition {
    Condition::all()
        .add(organization::Column::Kind.eq(OrganizationKind::Commune))
        .add(organization::Column::ArchivedAt.is_null())
}

impl Reported {
    /// Each indicator's progress, `communes` being how many open communes the organisation
    /// has (1 for a commune itself).
    fn progress(&self, communes: u64) -> Vec<IndicatorProgress> {
        let root = &self.root;
        self.shown
            .iter()
            .map(|indicator| {
                let (own, below): (Vec<&ValueRow>, Vec<&ValueRow>) = self
                    .values
                    .iter()
                    .filter(|value| value.indicator_id == indicator.id)
                    .partition(|value| value.organization_id == root.id);
                let own = own.first().map(|value| (*value).clone());
                let (value, expected) = if indicator.level == root.kind {
                    (own.as_ref().map(value_of), 1)
                } else {
                    (rolled_up(below.iter().map(|row| value_of(row))), communes)
                };
                let reported = if indicator.level == root.kind {
                    u64::from(own.is_some())
                } else {
                    u64::try_from(below.len()).unwrap_or(u64::MAX)
                };
                IndicatorProgress {
                    indicator: indicator.clone(),
                    value,
                    own,
                    reported,
                    expected,
                }
            })
            .collect()
    }
}

/// The indicators measured at or rolled up to `organization_id` for `year`: a commune or ward
/// sees those measured at communes, the city all of them (its communes' added up), any other
/// organisation none. Public: figures only. Three statements.
pub async fn progress_of(
    db: &impl ConnectionTrait,
    organization_id: i64,
    year: i32,
) -> Result<Vec<IndicatorProgress>> {
    let Some(found) = values_of(db, organization_id, year).await? else {
        return Ok(Vec::new());
    };
    let communes = if found.root.kind == OrganizationKind::City {
        organization::Entity::find()
            .filter(organizations::within(&found.root.path))
            .filter(open_communes())
            .count(db)
            .await?
    } else {
        1
    };
    Ok(found.progress(communes))
}

/// One indicator in the yearly report: where it stands and, for one the city adds up from
/// its communes, each open commune's own value (none where it has not reported), by name.
#[derive(Debug, Clone)]
pub struct ReportLine {
    pub progress: IndicatorProgress,
    pub communes: Vec<(String, Option<ValueRow>)>,
}

/// The indicators of `organization_id` for `year` as `progress_of` has them, with the city's
/// per-commune figures beneath those measured by commune: what the city sends upward, and
/// where it sees which communes lag or have not reported. Three statements.
pub async fn report_of(
    db: &impl ConnectionTrait,
    organization_id: i64,
    year: i32,
) -> Result<Vec<ReportLine>> {
    use sea_orm::QueryOrder as _;
    let Some(found) = values_of(db, organization_id, year).await? else {
        return Ok(Vec::new());
    };
    let communes: Vec<organization::Model> = if found.root.kind == OrganizationKind::City {
        organization::Entity::find()
            .filter(organizations::within(&found.root.path))
            .filter(open_communes())
            .order_by_asc(organization::Column::Name)
            .all(db)
            .await?
    } else {
        Vec::new()
    };
    let expected = if found.root.kind == OrganizationKind::City {
        u64::try_from(communes.len()).unwrap_or(u64::MAX)
    } else {
        1
    };
    let by_commune: std::collections::HashMap<(i64, i64), &ValueRow> = found
        .values
        .iter()
        .map(|value| ((value.indicator_id, value.organization_id), value))
        .collect();
    Ok(found
        .progress(expected)
        .into_iter()
        .map(|progress| {
            let breakdown = if progress.indicator.level == found.root.kind {
                Vec::new()
            } else {
                communes
                    .iter()
                    .map(|commune| {
                        let value = by_commune.get(&(progress.indicator.id, commune.id));
                        (commune.name.clone(), value.map(|value| (*value).clone()))
                    })
                    .collect()
            };
            ReportLine {
                progress,
                communes: breakdown,
            }
        })
        .collect())
}

/// A reported value as the pure rules read it.
pub fn value_of(row: &ValueRow) -> Value {
    Value {
        numerator: row.numerator,
        denominator: row.denominator,
    }
}
