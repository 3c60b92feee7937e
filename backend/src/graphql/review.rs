//! Review in the GraphQL API: assigning reviewers, the reviewer's queue and scoring (blind
//! when the program says so), and the ranking. Decisions and payouts are in `award`.

use async_graphql::{
    Context, ID, Object, SimpleObject,
    connection::{Connection, CursorType},
};
use chrono::{DateTime, Utc};
use shared::{ApplicationStatus, Circumstance, EducationLevel, Recommendation, ReviewStatus};

use super::{
    application::EvidenceFile,
    award::Award,
    error::{ApiError, ApiResult},
    guard::SignedInGuard,
    organization::actor_context,
    program::Program,
    scalars::{
        DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PointsScalar, connection, decode_cursor, page_size,
        parse_id,
    },
};
use crate::{
    error::Error,
    service::{
        application as applications, evidence, learner as learners, program as programs,
        ranking::{self, RankKey, Ranked},
        review as reviews,
    },
};

/// A score in hundredths of a percent as text: `68.25`.
fn percent(hundredths: i32) -> String {
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// A reviewer's assignment and their review.
#[derive(SimpleObject, Clone, Debug)]
pub struct Review {
    id: ID,
    application_id: ID,
    reviewer_id: ID,
    status: ReviewStatus,
    /// Scores in the rubric's order.
    scores: Option<Vec<PointsScalar>>,
    /// The weighted score, in percent (`68.25`).
    score: Option<String>,
    recommendation: Option<Recommendation>,
    comment: Option<String>,
    conflict_reason: Option<String>,
    assigned_at: DateTime<Utc>,
    submitted_at: Option<DateTime<Utc>>,
}

impl From<reviews::Review> for Review {
    fn from(r: reviews::Review) -> Self {
        Self {
            id: ID(r.id.to_string()),
            application_id: ID(r.application_id.to_string()),
            reviewer_id: ID(r.reviewer_id.to_string()),
            status: r.status,
            scores: r
                .scores
                .map(|scores| scores.0.into_iter().map(PointsScalar::from).collect()),
            score: r.score.map(percent),
            recommendation: r.recommendation,
            comment: r.comment,
            conflict_reason: r.conflict_reason,
            assigned_at: r.assigned_at,
            submitted_at: r.submitted_at,
        }
    }
}

/// The learner as a reviewer sees them. In a blind review the identity (name, date of birth,
/// school, personal id, guardian) is left out; a reviewer never sees a whole personal id.
#[derive(SimpleObject, Clone, Debug)]
pub struct ReviewedLearner {
    /// Null in a blind review.
    full_name: Option<String>,
    /// Masked; null in a blind review.
    personal_id: Option<String>,
    /// Null in a blind review.
    school: Option<String>,
    /// Age in whole years today.
    age: i32,
    education_level: Option<EducationLevel>,
    /// Null in a blind review.
    class_name: Option<String>,
    gpa: Option<String>,
    circumstances: Vec<Circumstance>,
    /// Null in a blind review.
    achievements: Option<String>,
}

/// A reviewer's assignments by state.
#[derive(SimpleObject, Clone, Copy, Debug)]
pub struct ReviewCounts {
    /// Assigned and waiting for scores: the length of the queue.
    to_review: u64,
    /// Scored.
    submitted: u64,
    /// Stepped aside from, for a conflict of interest.
    conflicts: u64,
}

/// An application as its reviewer works on it.
#[derive(SimpleObject, Clone, Debug)]
pub struct ReviewTask {
    review: Review,
    /// The application's reference, `HS-000123` (what a blind review names it by).
    reference: String,
    status: ApplicationStatus,
    /// The applicant's own words; null in a blind review.
    statement: Option<String>,
    program: Program,
    learner: ReviewedLearner,
    /// Whether the learner's identity is hidden.
    blind: bool,
    /// The documents attached; in a blind review their file names are replaced by the
    /// application's reference.
    evidence: Vec<EvidenceFile>,
}

async fn task(ctx: &Context<'_>, review: reviews::Review) -> ApiResult<ReviewTask> {
    let db = ctx.data::<sea_orm::DatabaseConnection>()?;
    let application = applications::get(db, review.application_id).await?;
    let program = programs::get(db, application.program_id).await?;
    let learner = learners::get(db, application.learner_id).await?;
    let files = evidence::of_application(db, application.id).await?;
    task_of(
        reviews::Task {
            review,
            application,
            learner,
        },
        program,
        files,
    )
}

/// A review task as its reviewer sees it, from what the service read.
fn task_of(
    task: reviews::Task,
    program: crate::service::program::ProgramWithTiers,
    files: Vec<evidence::Evidence>,
) -> ApiResult<ReviewTask> {
    let reviews::Task {
        review,
        application,
        learner,
    } = task;
    // A reviewer who declared a conflict has left the application: they see no more of it
    // than a blind reviewer, and none of its documents.
    let withdrawn = review.status == ReviewStatus::Conflict;
    let blind = program.program.blind_review || withdrawn;
    let facts = learners::facts(&learner);
    let view = learners::LearnerView {
        learner: learner.clone(),
        access: None,
    };
    // Free text (the applicant's statement, the achievements) and the class easily name or
    // pinpoint the learner, so a blind review leaves them out too.
    let evidence = files
        .into_iter()
        .filter(|_| !withdrawn)
        .map(|file| EvidenceFile::from(evidence::as_reviewer_sees(file, blind)))
        .collect();
    Ok(ReviewTask {
        evidence,
        reference: shared::application::reference(application.id),
        status: application.status,
        statement: (!blind).then_some(application.statement),
        blind,
        learner: ReviewedLearner {
            full_name: (!blind).then(|| learner.full_name.clone()),
            personal_id: if blind { None } else { view.personal_id() },
            school: if blind { None } else { learner.school.clone() },
            age: facts.date_of_birth.age_on(programs::today()),
            education_level: Some(facts.education_level),
            class_name: if blind { None } else { learner.class_name },
            gpa: facts.gpa.map(|g| g.to_string()),
            circumstances: facts.circumstances,
            achievements: if blind { None } else { learner.achievements },
        },
        program: Program::try_from(program)?,
        review: review.into(),
    })
}

/// One line of a program's ranking.
#[derive(SimpleObject, Clone, Debug)]
pub struct RankedApplication {
    application_id: ID,
    /// The learner's full name (the ranking is for the program's staff).
    learner_name: String,
    status: ApplicationStatus,
    /// Mean of the submitted reviews' weighted scores, in percent.
    score: Option<String>,
    reviews_submitted: i32,
    reviews_assigned: i32,
    /// The award, once approved.
    award: Option<Award>,
}

impl RankedApplication {
    fn new(r: Ranked, tiers: &[programs::Tier]) -> Self {
        Self {
            application_id: ID(r.application.id.to_string()),
            learner_name: r.learner_name,
            award: r.award.map(|a| Award::new(a, tiers)),
            status: r.application.status,
            score: r.score.map(percent),
            reviews_submitted: i32::try_from(r.reviews_submitted).unwrap_or(i32::MAX),
            reviews_assigned: i32::try_from(r.reviews_assigned).unwrap_or(i32::MAX),
        }
    }
}

/// The cursor of a ranking's line: its score in hundredths (`-` when unscored) and its
/// application's id, `8400.17`.
struct RankCursor(RankKey);

impl CursorType for RankCursor {
    type Error = &'static str;

    fn decode_cursor(s: &str) -> Result<Self, Self::Error> {
        let (score, id) = s.split_once('.').ok_or("a score and an id")?;
        let score = match score {
            "-" => None,
            score => Some(score.parse().map_err(|_| "a score")?),
        };
        Ok(Self(RankKey {
            score,
            application_id: id.parse().map_err(|_| "an id")?,
        }))
    }

    fn encode_cursor(&self) -> String {
        let RankKey {
            score,
            application_id,
        } = self.0;
        match score {
            Some(score) => format!("{score}.{application_id}"),
            None => format!("-.{application_id}"),
        }
    }
}

/// A reviewer a program's staff may assign.
#[derive(SimpleObject, Clone, Debug)]
pub struct ProgramReviewer {
    user_id: ID,
    display_name: String,
    /// Reviews of this program already assigned to them (declared conflicts left out).
    assigned: i32,
    /// Of those, the ones they have still to score.
    to_score: i32,
}

#[derive(Default)]
pub struct ReviewQuery;

#[Object]
impl ReviewQuery {
    /// How your review assignments stand: waiting in your queue, scored, and stepped aside
    /// from (zeros for someone who reviews nothing).
    #[graphql(guard = "SignedInGuard")]
    async fn my_review_counts(&self, ctx: &Context<'_>) -> ApiResult<ReviewCounts> {
        let (db, _, actor) = actor_context(ctx)?;
        let counts = reviews::queue_counts(db, actor).await?;
        Ok(ReviewCounts {
            to_review: counts.to_review,
            submitted: counts.submitted,
            conflicts: counts.conflicts,
        })
    }

    /// Your reviews still to do, oldest first, a page at a time (`myReviewCounts` says how
    /// many in all).
    #[graphql(
        guard = "SignedInGuard",
        complexity = "first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE) as usize * child_complexity + 1"
    )]
    async fn my_review_queue(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return (1–100, default 50).")] first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page.")] after: Option<String>,
    ) -> ApiResult<Connection<String, ReviewTask>> {
        let (db, _, actor) = actor_context(ctx)?;
        let first = page_size(first)?;
        let after: Option<i64> = after.as_deref().map(decode_cursor).transpose()?;
        let reviews::Queue {
            tasks,
            has_next_page,
            programs,
            mut evidence,
        } = reviews::queue_view(db, actor, after, first).await?;
        let page = crate::service::Page {
            items: tasks,
            has_next_page,
        };
        connection(page, after.is_some(), |task| {
            let program = programs
                .get(&task.application.program_id)
                .cloned()
                .ok_or_else(|| {
                    crate::error::Error::Internal(format!(
                        "program {} of a review task is missing",
                        task.application.program_id
                    ))
                })?;
            let files = evidence.remove(&task.application.id).unwrap_or_default();
            Ok::<_, ApiError>((
                task.review.id.encode_cursor(),
                task_of(task, program, files)?,
            ))
        })
    }

    /// One of your reviews, with the application as you may see it.
    #[graphql(guard = "SignedInGuard")]
    async fn review_task(&self, ctx: &Context<'_>, review_id: ID) -> ApiResult<ReviewTask> {
        let (db, _, actor) = actor_context(ctx)?;
        let review = reviews::get_own(db, actor, parse_id("reviewId", &review_id)?).await?;
        task(ctx, review).await
    }

    /// A program's applications under review or decided, by combined score, best first
    /// (unscored last, then by application), a page at a time: for its staff.
    #[graphql(
        guard = "SignedInGuard",
        complexity = "first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE) as usize * child_complexity + 1"
    )]
    async fn program_ranking(
        &self,
        ctx: &Context<'_>,
        program_id: ID,
        #[graphql(desc = "How many to return (1–100, default 50).")] first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page.")] after: Option<String>,
    ) -> ApiResult<Connection<String, RankedApplication>> {
        let (db, _, actor) = actor_context(ctx)?;
        let id = parse_id("programId", &program_id)?;
        let first = page_size(first)?;
        let after = after
            .as_deref()
            .map(decode_cursor::<RankCursor>)
            .transpose()?
            .map(|cursor| cursor.0);
        let (tiers, page) = ranking::ranking_as(db, actor, id, after, first).await?;
        connection(page, after.is_some(), |r| {
            Ok::<_, ApiError>((
                RankCursor(r.key()).encode_cursor(),
                RankedApplication::new(r, &tiers),
            ))
        })
    }

    /// The reviewers who may be assigned to a program's applications (users holding REVIEWER
    /// on its organisation or above), with how many of its applications each already has.
    /// For the program's staff.
    #[graphql(guard = "SignedInGuard")]
    async fn program_reviewers(
        &self,
        ctx: &Context<'_>,
        program_id: ID,
    ) -> ApiResult<Vec<ProgramReviewer>> {
        let (db, _, actor) = actor_context(ctx)?;
        Ok(
            reviews::candidates_as(db, actor, parse_id("programId", &program_id)?)
                .await?
                .into_iter()
                .map(|c| ProgramReviewer {
                    user_id: ID(c.user_id.to_string()),
                    display_name: c.display_name,
                    assigned: i32::try_from(c.assigned).unwrap_or(i32::MAX),
                    to_score: i32::try_from(c.to_score).unwrap_or(i32::MAX),
                })
                .collect(),
        )
    }

    /// The reviews of an application (for the program's staff).
    #[graphql(guard = "SignedInGuard")]
    async fn application_reviews(
        &self,
        ctx: &Context<'_>,
        application_id: ID,
    ) -> ApiResult<Vec<Review>> {
        let (db, _, actor) = actor_context(ctx)?;
        let id = parse_id("applicationId", &application_id)?;
        Ok(reviews::of_application_as(db, actor, id)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }
}

#[derive(Default)]
pub struct ReviewMutation;

fn scores(values: Vec<PointsScalar>) -> ApiResult<Vec<shared::Points>> {
    Ok(values
        .into_iter()
        .enumerate()
        .map(|(i, v)| v.points(&format!("scores.{i}")))
        .collect::<Result<_, _>>()?)
}

#[Object]
impl ReviewMutation {
    /// Assigns reviewers (users holding REVIEWER on the program's organisation) to an
    /// application; the first assignment starts its review. Program staff only.
    #[graphql(guard = "SignedInGuard")]
    async fn assign_reviewers(
        &self,
        ctx: &Context<'_>,
        application_id: ID,
        reviewer_ids: Vec<ID>,
    ) -> ApiResult<Vec<Review>> {
        let (db, meta, actor) = actor_context(ctx)?;
        let ids = reviewer_ids
            .iter()
            .map(|id| parse_id("reviewerIds", id))
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(reviews::assign_as(
            db,
            meta,
            actor,
            parse_id("applicationId", &application_id)?,
            &ids,
        )
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
    }

    /// Gives every submitted application of a program the reviewers it still needs, least
    /// loaded first, skipping exclusions. Returns how many assignments were made.
    #[graphql(guard = "SignedInGuard")]
    async fn assign_reviewers_round_robin(
        &self,
        ctx: &Context<'_>,
        program_id: ID,
    ) -> ApiResult<i32> {
        let (db, meta, actor) = actor_context(ctx)?;
        let made =
            reviews::assign_round_robin_as(db, meta, actor, parse_id("programId", &program_id)?)
                .await?;
        Ok(i32::try_from(made).unwrap_or(i32::MAX))
    }

    /// Scores an application assigned to you: one score per rubric criterion.
    #[graphql(guard = "SignedInGuard")]
    async fn submit_review(
        &self,
        ctx: &Context<'_>,
        review_id: ID,
        #[graphql(
            desc = "One per criterion, in the rubric's order, each by the criterion's step."
        )]
        scores: Vec<PointsScalar>,
        recommendation: Recommendation,
        #[graphql(default)] comment: String,
    ) -> ApiResult<Review> {
        let (db, meta, actor) = actor_context(ctx)?;
        let scores = self::scores(scores)?;
        Ok(reviews::submit_as(
            db,
            meta,
            actor,
            parse_id("reviewId", &review_id)?,
            &scores,
            recommendation,
            &comment,
        )
        .await?
        .into())
    }

    /// Declares a conflict of interest: you leave the application's review.
    #[graphql(guard = "SignedInGuard")]
    async fn declare_conflict(
        &self,
        ctx: &Context<'_>,
        review_id: ID,
        reason: String,
    ) -> ApiResult<Review> {
        let (db, meta, actor) = actor_context(ctx)?;
        Ok(reviews::declare_conflict_as(
            db,
            meta,
            actor,
            parse_id("reviewId", &review_id)?,
            &reason,
        )
        .await?
        .into())
    }
}
