//! Applications in the GraphQL API: creating and submitting them, withdrawing, returning and
//! rejecting, with the timeline of every move.

use async_graphql::{
    Context, ID, Object, SimpleObject,
    connection::{Connection, CursorType, EmptyFields},
};
use chrono::{DateTime, Utc};
use shared::{ApplicationAction, ApplicationOrder, ApplicationStatus};

use super::{
    error::ApiResult,
    guard::SignedInGuard,
    learner::Learner,
    organization::actor_context,
    program::Program,
    scalars::{
        DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, connection, connection_name, connection_with,
        decode_cursor, page_size, parse_id,
    },
};
use crate::service::{
    application as applications,
    dossier::{self, Dossier},
};

/// An application in brief, as lists show it.
#[derive(SimpleObject, Clone, Debug)]
pub struct ApplicationSummary {
    id: ID,
    program_id: ID,
    /// The program's name.
    program_name: String,
    learner_id: ID,
    /// The learner's full name.
    learner_name: String,
    status: ApplicationStatus,
    created_at: DateTime<Utc>,
    submitted_at: Option<DateTime<Utc>>,
}

/// Summaries of `rows`, with their programs' and learners' names fetched in one query each.
impl From<applications::Summary> for ApplicationSummary {
    fn from(row: applications::Summary) -> Self {
        Self {
            id: ID(row.id.to_string()),
            program_id: ID(row.program_id.to_string()),
            status: row.status,
            program_name: row.program_name,
            learner_id: ID(row.learner_id.to_string()),
            learner_name: row.learner_name,
            created_at: row.created_at,
            submitted_at: row.submitted_at,
        }
    }
}

/// One move in an application's life.
#[derive(SimpleObject, Clone, Debug)]
pub struct ApplicationEvent {
    /// What was done: `CREATE` first, then the moves taken.
    action: ApplicationAction,
    from_status: Option<ApplicationStatus>,
    to_status: ApplicationStatus,
    /// Who made the move.
    actor_id: ID,
    reason: Option<String>,
    at: DateTime<Utc>,
}

impl From<applications::Event> for ApplicationEvent {
    fn from(row: applications::Event) -> Self {
        Self {
            action: row.action,
            from_status: row.from_status,
            to_status: row.to_status,
            actor_id: ID(row.actor_id.to_string()),
            reason: row.reason,
            at: row.at,
        }
    }
}

/// A document attached to an application. Upload with `POST /api/applications/{id}/evidence`
/// (multipart: `kind`, `file`); download from `url` (same session).
#[derive(SimpleObject, Clone, Debug)]
pub struct EvidenceFile {
    id: ID,
    /// One of the program's evidence types, or `Khác`.
    kind: String,
    file_name: String,
    content_type: String,
    /// Size in bytes.
    size: i64,
    uploaded_at: DateTime<Utc>,
    /// Where to download it.
    url: String,
}

/// An application to a program for a learner.
#[derive(SimpleObject, Clone, Debug)]
pub struct Application {
    id: ID,
    status: ApplicationStatus,
    /// The applicant's own words.
    statement: String,
    program: Program,
    learner: Learner,
    created_at: DateTime<Utc>,
    submitted_at: Option<DateTime<Utc>>,
    /// Every move, oldest first, with who made it and why.
    timeline: Vec<ApplicationEvent>,
    /// The documents attached, oldest first.
    evidence: Vec<EvidenceFile>,
    /// The actions the state machine allows from here (whether you may take them depends on
    /// your role).
    next_actions: Vec<ApplicationAction>,
    /// The award, once approved: tier, amount, and whether it is paid.
    award: Option<super::award::Award>,
}

impl From<crate::service::evidence::Evidence> for EvidenceFile {
    fn from(e: crate::service::evidence::Evidence) -> Self {
        Self {
            url: format!("/api/evidence/{}", e.id),
            id: ID(e.id.to_string()),
            kind: e.kind,
            file_name: e.file_name,
            content_type: e.content_type,
            size: e.size,
            uploaded_at: e.uploaded_at,
        }
    }
}

impl TryFrom<Dossier> for Application {
    type Error = crate::error::Error;

    fn try_from(view: Dossier) -> Result<Self, Self::Error> {
        let status = view.status();
        let a = view.application;
        let award = view
            .award
            .map(|award| super::award::Award::new(award, &view.program.tiers));
        Ok(Self {
            award,
            id: ID(a.id.to_string()),
            status,
            statement: a.statement,
            program: Program::try_from(view.program)?,
            learner: Learner::from(view.learner),
            created_at: a.created_at,
            submitted_at: a.submitted_at,
            timeline: view.events.into_iter().map(Into::into).collect(),
            evidence: view.evidence.into_iter().map(EvidenceFile::from).collect(),
            next_actions: ApplicationAction::ALL
                .iter()
                .copied()
                .filter(|action| shared::application::transition(status, *action).is_ok())
                .collect(),
        })
    }
}

#[derive(Default)]
pub struct ApplicationQuery;

// A list's arguments are the API's: what it filters, searches and orders by, and its page.
#[allow(clippy::too_many_arguments)]
#[Object]
impl ApplicationQuery {
    /// One application: for its applicant, the learner's managers and the program's staff.
    #[graphql(guard = "SignedInGuard")]
    async fn application(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Application> {
        let (db, _, actor) = actor_context(ctx)?;
        Ok(dossier::view_as(db, actor, parse_id("id", &id)?)
            .await?
            .try_into()?)
    }

    /// The applications you made or that are for learners you manage, newest first, a page
    /// at a time.
    #[graphql(
        guard = "SignedInGuard",
        complexity = "first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE) as usize * child_complexity + 1"
    )]
    async fn my_applications(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return (1–100, default 50).")] first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page.")] after: Option<String>,
    ) -> ApiResult<Connection<String, ApplicationSummary>> {
        let (db, _, actor) = actor_context(ctx)?;
        let first = page_size(first)?;
        let after: Option<i64> = after.as_deref().map(decode_cursor).transpose()?;
        let page = applications::mine(db, actor, after, first).await?;
        connection(page, after.is_some(), |item| {
            Ok((item.id.encode_cursor(), item.into()))
        })
    }

    /// A program's submitted applications, for its program managers and admins: of one
    /// status or all, searched by reference or learner name, in the order asked for.
    #[graphql(
        guard = "SignedInGuard",
        complexity = "first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE) as usize * child_complexity + 1"
    )]
    async fn program_applications(
        &self,
        ctx: &Context<'_>,
        program_id: ID,
        status: Option<ApplicationStatus>,
        #[graphql(
            default,
            desc = "An application's reference (`HS-000123`, or its number), or part of a learner's name."
        )]
        search: String,
        #[graphql(default_with = "ApplicationOrder::Oldest")] order: ApplicationOrder,
        #[graphql(desc = "How many to return (1–100, default 50).")] first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page.")] after: Option<String>,
    ) -> ApiResult<
        Connection<String, ApplicationSummary, ApplicationTotals, EmptyFields, ProgramApplications>,
    > {
        let (db, _, actor) = actor_context(ctx)?;
        let first = page_size(first)?;
        let after = after.as_deref().map(decode_cursor).transpose()?;
        let chosen = applications::ProgramApplications::open_as(
            db,
            actor,
            parse_id("programId", &program_id)?,
            status,
            applications::Search::parse(&search)?,
        )
        .await?;
        let page = chosen.page(db, order, after, first).await?;
        connection_with(page, after.is_some(), ApplicationTotals(chosen), |item| {
            Ok((item.id.encode_cursor(), item.into()))
        })
    }
}

connection_name!(
    /// A program's applications, as a list apart from a guardian's (`myApplications`): with
    /// their total.
    ProgramApplications,
    "ProgramApplicationConnection"
);

/// What a page of a program's applications says about all of them.
pub struct ApplicationTotals(applications::ProgramApplications);

#[Object]
impl ApplicationTotals {
    /// How many match, on every page (counted only when asked for).
    async fn total_count(&self, ctx: &Context<'_>) -> ApiResult<u64> {
        let (db, _, _) = actor_context(ctx)?;
        Ok(self.0.count(db).await?)
    }
}

#[derive(Default)]
pub struct ApplicationMutation;

async fn view(ctx: &Context<'_>, id: i64) -> ApiResult<Application> {
    let (db, _, actor) = actor_context(ctx)?;
    Ok(dossier::view_as(db, actor, id).await?.try_into()?)
}

#[Object]
impl ApplicationMutation {
    /// Starts a draft application for a learner you manage to an open program.
    #[graphql(guard = "SignedInGuard")]
    async fn create_application(
        &self,
        ctx: &Context<'_>,
        program_id: ID,
        learner_id: ID,
        #[graphql(default)] statement: String,
    ) -> ApiResult<Application> {
        let (db, meta, actor) = actor_context(ctx)?;
        let created = applications::create_as(
            db,
            meta,
            actor,
            parse_id("programId", &program_id)?,
            parse_id("learnerId", &learner_id)?,
            &statement,
        )
        .await?;
        view(ctx, created.id).await
    }

    /// Submits a draft (or an application returned for information, with the applicant's
    /// `response` to the request): refused outside the program's window (OUTSIDE_WINDOW) or
    /// when the learner does not qualify (NOT_ELIGIBLE, with `extensions.reasons`).
    #[graphql(guard = "SignedInGuard")]
    async fn submit_application(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(default)] response: String,
    ) -> ApiResult<Application> {
        let (db, meta, actor) = actor_context(ctx)?;
        let moved = dossier::submit_as(db, meta, actor, parse_id("id", &id)?, &response).await?;
        view(ctx, moved.id).await
    }

    /// Withdraws an application before a decision (for its applicant).
    #[graphql(guard = "SignedInGuard")]
    async fn withdraw_application(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(default)] reason: String,
    ) -> ApiResult<Application> {
        act(ctx, &id, ApplicationAction::Withdraw, &reason).await
    }

    /// Returns an application to its applicant for more information (program staff; a
    /// reason is required).
    #[graphql(guard = "SignedInGuard")]
    async fn return_application(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: String,
    ) -> ApiResult<Application> {
        act(ctx, &id, ApplicationAction::ReturnForInfo, &reason).await
    }

    /// Rejects an application (program staff; a reason is required).
    #[graphql(guard = "SignedInGuard")]
    async fn reject_application(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: String,
    ) -> ApiResult<Application> {
        act(ctx, &id, ApplicationAction::Reject, &reason).await
    }
}

async fn act(
    ctx: &Context<'_>,
    id: &ID,
    action: ApplicationAction,
    reason: &str,
) -> ApiResult<Application> {
    let (db, meta, actor) = actor_context(ctx)?;
    let moved = dossier::act_as(db, meta, actor, parse_id("id", id)?, action, reason).await?;
    view(ctx, moved.id).await
}
