//! Organisations imported from a file on the API: the preview of an uploaded file (upload with
//! `POST /api/organizations/{id}/organization-files`), what each good row would do and every
//! bad row's cells with why, and the import. For the organisation's administrators.

use async_graphql::{Context, ID, Object, SimpleObject};
use shared::{ImportAction, OrganizationKind};

use super::{
    error::ApiResult,
    guard::SignedInGuard,
    import::{ImportProblem, count, counted},
    organization::actor_context,
    scalars::parse_id,
};
use crate::service::organization_import as service;

/// What importing a good row would do.
#[derive(SimpleObject, Clone, Debug)]
pub struct OrganizationImportRow {
    /// The row's number in the sheet (from 1).
    row: i32,
    action: ImportAction,
    name: String,
    kind: OrganizationKind,
    area_code: Option<String>,
    /// The parent's name: the organisation imported to, one below it, or an earlier row's.
    parent_name: String,
    /// The organisation it updates or leaves as it is.
    organization_id: Option<ID>,
}

/// What importing an uploaded file of organisations would do; nothing is recorded yet.
#[derive(SimpleObject, Clone, Debug)]
pub struct OrganizationImportPreview {
    file_id: ID,
    file_name: String,
    organization_id: ID,
    organization_name: String,
    rows: Vec<OrganizationImportRow>,
    problems: Vec<ImportProblem>,
    creates: i32,
    updates: i32,
    skips: i32,
}

/// What an import of organisations did.
#[derive(SimpleObject, Clone, Copy, Debug)]
pub struct OrganizationsImported {
    created: i32,
    updated: i32,
    skipped: i32,
}

#[derive(Default)]
pub struct OrganizationImportQuery;

#[Object]
impl OrganizationImportQuery {
    /// What importing an uploaded file of organisations would do, row by row.
    #[graphql(guard = "SignedInGuard")]
    async fn organization_import_preview(
        &self,
        ctx: &Context<'_>,
        file_id: ID,
    ) -> ApiResult<OrganizationImportPreview> {
        let (db, _, actor) = actor_context(ctx)?;
        let preview = service::preview_as(db, actor, parse_id("fileId", &file_id)?).await?;
        let (creates, updates, skips) = counted(preview.planned.iter().map(|p| p.action));
        Ok(OrganizationImportPreview {
            file_id: ID(preview.file.id.to_string()),
            file_name: preview.file.file_name,
            organization_id: ID(preview.organization.id.to_string()),
            organization_name: preview.organization.name,
            rows: preview
                .planned
                .into_iter()
                .map(|p| OrganizationImportRow {
                    row: count(p.row),
                    action: p.action,
                    name: p.name,
                    kind: p.kind,
                    area_code: p.area_code,
                    parent_name: p.parent_name,
                    organization_id: p.organization_id.map(|id| ID(id.to_string())),
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
pub struct OrganizationImportMutation;

#[Object]
impl OrganizationImportMutation {
    /// Imports every good row of an uploaded file of organisations, in one transaction,
    /// audited. The same file again changes nothing.
    #[graphql(guard = "SignedInGuard")]
    async fn import_organizations(
        &self,
        ctx: &Context<'_>,
        file_id: ID,
    ) -> ApiResult<OrganizationsImported> {
        let (db, meta, actor) = actor_context(ctx)?;
        let done = service::import_as(db, meta, actor, parse_id("fileId", &file_id)?).await?;
        Ok(OrganizationsImported {
            created: count(done.created),
            updated: count(done.updated),
            skipped: count(done.skipped),
        })
    }
}
