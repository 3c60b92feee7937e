//! A learning society's recognitions on the API: registering households, clans, communities,
//! units and citizens for a year, scoring them, the association's decisions recognising them,
//! withdrawing a recognition, each organisation's denominators and targets, and its progress
//! (public: numbers only, no names).

use std::collections::BTreeMap;

use async_graphql::{
    Context, ID, InputObject, Object, SimpleObject,
    connection::{Connection, CursorType},
};
use chrono::{DateTime, NaiveDate, Utc};
use shared::{
    ValidationError, ValidationReason,
    society::{Population, RecognitionModel, RegistrationStatus},
};

use super::{
    error::ApiResult,
    guard::SignedInGuard,
    organization::actor_context,
    scalars::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, connection, decode_cursor, page_size, parse_id},
};
use crate::service::society::{self as service, Target};

/// The points an item was given.
#[derive(SimpleObject, InputObject, Clone, Debug)]
#[graphql(input_name = "ItemScoreInput")]
pub struct ItemScore {
    /// The item's code in the criteria.
    code: String,
    points: u32,
}

/// A household, clan, community, unit or citizen registered for recognition in a year.
#[derive(SimpleObject, Clone, Debug)]
pub struct RecognitionRegistration {
    id: ID,
    model: RecognitionModel,
    year: i32,
    status: RegistrationStatus,
    /// The household's (clan's, …) name.
    name: String,
    address: Option<String>,
    /// The organisation it belongs to.
    organization_id: ID,
    /// Registered by the person themselves, not the association.
    self_registered: bool,
    registered_at: DateTime<Utc>,
    /// The criteria it was scored under, once assessed.
    criteria_set_id: Option<ID>,
    scores: Vec<ItemScore>,
    total: Option<i32>,
    passed: Option<bool>,
    /// The grade above passing it reached.
    level: Option<String>,
    /// The assessor's note.
    note: Option<String>,
    assessed_at: Option<DateTime<Utc>>,
    /// The decision that recognised it.
    decision_id: Option<ID>,
    withdrawn_reason: Option<String>,
    withdrawn_at: Option<DateTime<Utc>>,
    /// The documents its assessment rests on, in the order attached (for the association's
    /// staff; empty on a person's own registrations).
    documents: Vec<RegistrationDocument>,
}

/// A document the association's staff attached to a registration.
#[derive(SimpleObject, Clone, Debug)]
pub struct RegistrationDocument {
    id: ID,
    /// The name it is kept under: the sender's, ending as what its bytes are.
    file_name: String,
    /// Where its staff download it.
    url: String,
    /// `application/pdf`, `image/png` or `image/jpeg`, told by its bytes.
    content_type: String,
    /// In bytes.
    size: i64,
    uploaded_at: DateTime<Utc>,
}

impl From<service::document::Document> for RegistrationDocument {
    fn from(found: service::document::Document) -> Self {
        Self {
            id: ID(found.id.to_string()),
            file_name: found.file_name,
            url: format!("/api/registration-documents/{}", found.id),
            content_type: found.content_type,
            size: found.size,
            uploaded_at: found.uploaded_at,
        }
    }
}

impl From<service::Registration> for RecognitionRegistration {
    fn from(found: service::Registration) -> Self {
        let (row, unit) = (found.row, found.unit);
        let documents = found.documents.into_iter().map(Into::into).collect();
        let id = |id: i64| ID(id.to_string());
        Self {
            id: id(row.id),
            model: row.model,
            year: row.year,
            status: row.status,
            name: unit.name,
            address: unit.address,
            organization_id: id(row.organization_id),
            self_registered: unit.user_id.is_some(),
            registered_at: row.created_at,
            criteria_set_id: row.criteria_set_id.map(id),
            scores: row
                .scores
                .map(|scores| {
                    scores
                        .0
                        .into_iter()
                        .map(|(code, points)| ItemScore { code, points })
                        .collect()
                })
                .unwrap_or_default(),
            total: row.total,
            passed: row.passed,
            level: row.level,
            note: row.note,
            assessed_at: row.assessed_at,
            decision_id: row.decision_id.map(id),
            withdrawn_reason: row.withdrawn_reason,
            withdrawn_at: row.withdrawn_at,
            documents,
        }
    }
}

/// An association's decision recognising registrations.
#[derive(SimpleObject, Clone, Debug)]
pub struct RecognitionDecision {
    id: ID,
    organization_id: ID,
    model: RecognitionModel,
    year: i32,
    /// The association's own number, e.g. `12/QĐ-KH`.
    number: String,
    signed_on: NaiveDate,
    /// Who signed it.
    signer: String,
    /// How many registrations it recognised.
    recognised: i32,
}

/// An organisation's denominator and target for a population in a year, as entered.
#[derive(SimpleObject, Clone, Debug)]
pub struct PopulationSetting {
    organization_id: ID,
    year: i32,
    population: Population,
    /// How many there are (none: the organisations below it add up).
    count: Option<i64>,
    /// The percent to recognise (none: the one above it, or the nation's).
    target_percent: Option<i32>,
}

impl From<service::PopulationRow> for PopulationSetting {
    fn from(row: service::PopulationRow) -> Self {
        Self {
            organization_id: ID(row.organization_id.to_string()),
            year: row.year,
            population: row.population,
            count: row.count,
            target_percent: row.target_percent.map(i32::from),
        }
    }
}

/// Where one model stands in an organisation's subtree for a year.
#[derive(SimpleObject, Clone, Debug)]
pub struct SocietyProgress {
    model: RecognitionModel,
    /// What its recognitions are a share of.
    population: Population,
    registered: u64,
    assessed: u64,
    /// Assessed at or above the pass mark.
    passed: u64,
    recognised: u64,
    withdrawn: u64,
    /// How many there are to recognise: the organisation's own count, else those below it
    /// added up; none when nobody entered one.
    denominator: Option<u64>,
    /// The percent to recognise.
    target_percent: Option<i32>,
    /// The organisation that set the target; none when it is the nation's.
    target_set_by: Option<ID>,
    /// Recognised per thousand of the denominator.
    per_mille: Option<u32>,
    /// How many more recognitions the target needs (0 once met).
    gap: Option<u64>,
}

impl From<service::ModelProgress> for SocietyProgress {
    fn from(found: service::ModelProgress) -> Self {
        let set_by = match found.target {
            Target::SetBy {
                organization_id, ..
            } => Some(ID(organization_id.to_string())),
            Target::National(_) | Target::None => None,
        };
        Self {
            model: found.model,
            population: found.model.population(),
            registered: found.counts.registered,
            assessed: found.counts.assessed,
            passed: found.counts.passed,
            recognised: found.counts.recognised,
            withdrawn: found.counts.withdrawn,
            denominator: found.denominator,
            target_percent: found.target.percent().map(i32::from),
            target_set_by: set_by,
            per_mille: found.per_mille,
            gap: found.gap,
        }
    }
}

/// One year's progress, for a trend.
#[derive(SimpleObject, Clone, Debug)]
pub struct YearProgress {
    year: i32,
    progress: Vec<SocietyProgress>,
}

/// What one year's progress costs against a query's complexity: a few statements over a
/// subtree, so that one request cannot ask for hundreds under aliases.
const PROGRESS_COST: usize = 50;

/// The most years a trend covers.
const MAX_TREND_YEARS: i64 = 10;

/// A unit to register for a year.
#[derive(InputObject, Debug)]
pub struct RegistrationInput {
    /// A commune association or an organisation below one.
    organization_id: ID,
    model: RecognitionModel,
    year: i32,
    name: String,
    address: Option<String>,
    /// One's own household, or oneself as a citizen: registered as the person's own (it
    /// shows among `myRecognitionRegistrations`) even when they are the association's staff.
    #[graphql(default)]
    for_myself: bool,
}

/// A decision recognising registrations.
#[derive(InputObject, Debug)]
pub struct RecognitionDecisionInput {
    organization_id: ID,
    model: RecognitionModel,
    year: i32,
    number: String,
    signed_on: NaiveDate,
    signer: String,
    /// 1 to 500 registrations, each assessed and passed.
    registration_ids: Vec<ID>,
}

/// An organisation's denominator and target for a population in a year.
#[derive(InputObject, Debug)]
pub struct PopulationInput {
    organization_id: ID,
    year: i32,
    population: Population,
    /// None: the organisations below it add up.
    count: Option<i64>,
    /// 1 to 100; none: the one above it, or the nation's.
    target_percent: Option<i32>,
}

#[derive(Default)]
pub struct RecognitionQuery;

#[Object]
impl RecognitionQuery {
    /// Each model's progress in an organisation's subtree for a year: registered, assessed,
    /// recognised, the denominator, the target and the gap. Public: numbers only.
    #[graphql(complexity = "child_complexity + PROGRESS_COST")]
    async fn society_progress(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        year: i32,
    ) -> ApiResult<Vec<SocietyProgress>> {
        let db = ctx.data::<sea_orm::DatabaseConnection>()?;
        let id = parse_id("organizationId", &organization_id)?;
        Ok(service::progress_of(db, id, year)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Each year's progress of an organisation's subtree, from `fromYear` to `toYear` (at
    /// most 10 years): the trend its dashboard draws. Public: numbers only.
    #[graphql(complexity = "MAX_TREND_YEARS as usize * (child_complexity + PROGRESS_COST)")]
    async fn society_trend(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        from_year: i32,
        to_year: i32,
    ) -> ApiResult<Vec<YearProgress>> {
        let db = ctx.data::<sea_orm::DatabaseConnection>()?;
        let id = parse_id("organizationId", &organization_id)?;
        let span = i64::from(to_year) - i64::from(from_year);
        if !(0..MAX_TREND_YEARS).contains(&span) {
            return Err(ValidationError::new(
                "fromYear",
                ValidationReason::Format {
                    expected: format!("a year at most {MAX_TREND_YEARS} years before toYear"),
                },
            )
            .into());
        }
        Ok(service::progress_over(db, id, from_year..=to_year)
            .await?
            .into_iter()
            .map(|(year, progress)| YearProgress {
                year,
                progress: progress.into_iter().map(Into::into).collect(),
            })
            .collect())
    }

    /// The denominators and targets an organisation entered for a year. Public.
    async fn society_populations(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        year: i32,
    ) -> ApiResult<Vec<PopulationSetting>> {
        let db = ctx.data::<sea_orm::DatabaseConnection>()?;
        let id = parse_id("organizationId", &organization_id)?;
        Ok(service::populations_of(db, id, year)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// The registrations of an organisation's subtree for a year, in the order they were
    /// made, for its staff (PROGRAM_MANAGER or ADMIN on it or above), a page at a time.
    #[graphql(
        guard = "SignedInGuard",
        complexity = "first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE) as usize * child_complexity + 1"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn recognition_registrations(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        year: i32,
        model: Option<RecognitionModel>,
        status: Option<RegistrationStatus>,
        #[graphql(desc = "How many to return (1–100, default 50).")] first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page.")] after: Option<String>,
    ) -> ApiResult<Connection<String, RecognitionRegistration>> {
        let (db, _, actor) = actor_context(ctx)?;
        let first = page_size(first)?;
        let after: Option<i64> = after.as_deref().map(decode_cursor).transpose()?;
        let id = parse_id("organizationId", &organization_id)?;
        let filter = service::RegistrationFilter { model, status };
        let page = service::registrations_of(db, actor, id, year, filter, after, first).await?;
        connection(page, after.is_some(), |found| {
            Ok::<_, crate::error::Error>((found.row.id.encode_cursor(), found.into()))
        })
        .map_err(Into::into)
    }
}

#[derive(Default)]
pub struct RecognitionMutation;

#[Object]
impl RecognitionMutation {
    /// Registers a household, clan, community, unit or citizen of an organisation for a
    /// year: the association's staff any, anyone signed in their own household or themselves
    /// as a citizen. Audited.
    #[graphql(guard = "SignedInGuard")]
    async fn register_for_recognition(
        &self,
        ctx: &Context<'_>,
        input: RegistrationInput,
    ) -> ApiResult<RecognitionRegistration> {
        let (db, meta, actor) = actor_context(ctx)?;
        let unit = service::UnitForRegister {
            organization_id: parse_id("organizationId", &input.organization_id)?,
            model: input.model,
            year: input.year,
            name: input.name,
            address: input.address,
            for_myself: input.for_myself,
        };
        Ok(service::register_as(db, meta, actor, unit).await?.into())
    }

    /// Scores a registration against its model's criteria for its year: every item, none
    /// above its points. Scored again until it is recognised. Audited.
    #[graphql(guard = "SignedInGuard")]
    async fn assess_registration(
        &self,
        ctx: &Context<'_>,
        registration_id: ID,
        scores: Vec<ItemScore>,
        note: Option<String>,
    ) -> ApiResult<RecognitionRegistration> {
        let (db, meta, actor) = actor_context(ctx)?;
        let id = parse_id("registrationId", &registration_id)?;
        let mut by_code = BTreeMap::new();
        for score in scores {
            let code = score.code.trim().to_owned();
            if by_code.insert(code.clone(), score.points).is_some() {
                return Err(ValidationError::new(
                    format!("scores.{code}"),
                    ValidationReason::Format {
                        expected: "one score for each item".into(),
                    },
                )
                .into());
            }
        }
        Ok(service::assess_as(db, meta, actor, id, by_code, note)
            .await?
            .into())
    }

    /// Records the association's decision recognising registrations of its subtree, each of
    /// the decision's model and year, assessed and passed: all of them or none. Audited.
    #[graphql(guard = "SignedInGuard")]
    async fn recognise_registrations(
        &self,
        ctx: &Context<'_>,
        input: RecognitionDecisionInput,
    ) -> ApiResult<RecognitionDecision> {
        let (db, meta, actor) = actor_context(ctx)?;
        let registration_ids = input
            .registration_ids
            .iter()
            .map(|id| parse_id("registrationIds", id))
            .collect::<Result<Vec<_>, _>>()?;
        let count = registration_ids.len();
        let decision = service::DecisionForCreate {
            organization_id: parse_id("organizationId", &input.organization_id)?,
            model: input.model,
            year: input.year,
            number: input.number,
            signed_on: input.signed_on,
            signer: input.signer,
            registration_ids,
        };
        let made = service::decide_as(db, meta, actor, decision).await?;
        Ok(RecognitionDecision {
            id: ID(made.decision.id.to_string()),
            organization_id: ID(made.decision.organization_id.to_string()),
            model: made.decision.model,
            year: made.decision.year,
            number: made.decision.number,
            signed_on: made.decision.signed_on,
            signer: made.decision.signer,
            recognised: i32::try_from(made.recognised.min(count)).unwrap_or(i32::MAX),
        })
    }

    /// Withdraws a recognition, with the reason. Audited.
    #[graphql(guard = "SignedInGuard")]
    async fn withdraw_recognition(
        &self,
        ctx: &Context<'_>,
        registration_id: ID,
        reason: String,
    ) -> ApiResult<RecognitionRegistration> {
        let (db, meta, actor) = actor_context(ctx)?;
        let id = parse_id("registrationId", &registration_id)?;
        Ok(service::withdraw_as(db, meta, actor, id, &reason)
            .await?
            .into())
    }

    /// Takes a document off a registration still to be decided; the registration after.
    /// Audited.
    #[graphql(guard = "SignedInGuard")]
    async fn remove_registration_document(
        &self,
        ctx: &Context<'_>,
        document_id: ID,
    ) -> ApiResult<RecognitionRegistration> {
        let (db, meta, actor) = actor_context(ctx)?;
        let id = parse_id("documentId", &document_id)?;
        Ok(service::document::remove_as(db, meta, actor, id)
            .await?
            .into())
    }

    /// Sets an organisation's denominator and target for a population in a year: never below
    /// the recognitions already made in its subtree. Audited.
    #[graphql(guard = "SignedInGuard")]
    async fn set_society_population(
        &self,
        ctx: &Context<'_>,
        input: PopulationInput,
    ) -> ApiResult<PopulationSetting> {
        let (db, meta, actor) = actor_context(ctx)?;
        let set = service::PopulationForSet {
            organization_id: parse_id("organizationId", &input.organization_id)?,
            year: input.year,
            population: input.population,
            count: input.count,
            target_percent: input.target_percent,
        };
        Ok(service::set_population_as(db, meta, actor, set)
            .await?
            .into())
    }
}
