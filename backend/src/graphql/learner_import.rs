//! Learners imported from a file on the API: the preview of an uploaded file (upload with
//! `POST /api/organizations/{id}/learner-files`), what each good row would do and every bad
//! row's cells with why, and the import. For the organisation's program managers and admins.

use async_graphql::{Context, ID, Object, SimpleObject};
use shared::ImportAction;

use super::{
    error::ApiResult,
    guard::SignedInGuard,
    import::{ImportProblem, count, counted},
    organization::actor_context,
    scalars::parse_id,
};
use crate::service::learner_import as service;

/// What importing a good row would do.
#[derive(SimpleObject, Clone, Debug)]
pub struct LearnerImportRow {
    /// The row's number in the sheet (from 1).
    row: i32,
    action: ImportAction,
    full_name: String,
    /// The learner it updates or leaves as it is.
    learner_id: Option<ID>,
    /// Another learner on record in the same commune has this name and date of birth (with
    /// another personal id, or none): maybe the same person twice.
    looks_like_another: bool,
}

/// What importing an uploaded file of learners would do; nothing is recorded yet.
#[derive(SimpleObject, Clone, Debug)]
pub struct LearnerImportPreview {
    file_id: ID,
    file_name: String,
    organization_id: ID,
    organization_name: String,
    rows: Vec<LearnerImportRow>,
    problems: Vec<ImportProblem>,
    creates: i32,
    updates: i32,
    skips: i32,
}

/// What an import did.
#[derive(SimpleObject, Clone, Copy, Debug)]
pub struct LearnersImported {
    created: i32,
    updated: i32,
    skipped: i32,
}

#[derive(Default)]
pub struct LearnerImportQuery;

#[Object]
impl LearnerImportQuery {
    /// What importing an uploaded file of learners would do, row by row.
    #[graphql(guard = "SignedInGuard")]
    async fn learner_import_preview(
        &self,
        ctx: &Context<'_>,
        file_id: ID,
    ) -> ApiResult<LearnerImportPreview> {
        let (db, _, actor) = actor_context(ctx)?;
        let preview = service::preview_as(db, actor, parse_id("fileId", &file_id)?).await?;
        let (creates, updates, skips) = counted(preview.planned.iter().map(|p| p.action));
        Ok(LearnerImportPreview {
            file_id: ID(preview.file.id.to_string()),
            file_name: preview.file.file_name,
            organization_id: ID(preview.organization.id.to_string()),
            organization_name: preview.organization.name,
            rows: preview
                .planned
                .into_iter()
                .map(|p| LearnerImportRow {
                    row: count(p.row),
                    action: p.action,
                    full_name: p.full_name,
                    learner_id: p.learner_id.map(|id| ID(id.to_string())),
                    looks_like_another: p.looks_like_another,
                })
                .collect(),
            problems: preview.problems.into_iter().map(Into::into).collect(),
            creates,
            updates,
            skips,
        })
    }
}

#[derive(Default)]
pub struct LearnerImportMutation;

#[Object]
impl LearnerImportMutation {
    /// Imports every good row of an uploaded file of learners, in one transaction, audited.
    /// The same file again changes nothing.
    #[graphql(guard = "SignedInGuard")]
    async fn import_learners(&self, ctx: &Context<'_>, file_id: ID) -> ApiResult<LearnersImported> {
        let (db, meta, actor) = actor_context(ctx)?;
        let done = service::import_as(db, meta, actor, parse_id("fileId", &file_id)?).await?;
        Ok(LearnersImported {
            created: count(done.created),
            updated: count(done.updated),
            skipped: count(done.skipped),
        })
    }
}
