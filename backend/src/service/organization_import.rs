//! Organisations imported from a file (XLSX, XLS or CSV, in the template's columns or a sheet of
//! one's own with the same headers) below an organisation: a commune's chapters, clan councils
//! and other bodies, by its administrators (who may create organisations there by hand too).
//!
//! Upload, preview, import, as for learners: the upload refuses a file that is not a list of
//! organisations; the preview says what each good row would do (create; update the kind or the
//! area code of an organisation already there; skip one already as the file says) and lists
//! every bad cell with why, recording nothing; the import writes every good row in one
//! transaction, parents before their children. An organisation is found again by its parent
//! and its name (folded: without diacritics or case), so importing the same file again changes
//! nothing. A row's parent, when it names one, is an organisation already below the one
//! imported to, or one on an earlier row of the file.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
};
use serde_json::json;
use shared::{
    AuditAction, AuditObject, OrganizationKind, ValidationError, ValidationReason,
    organization_import::{self as reader, Column, Reading},
    sheet::{CellProblem, ImportAction, Problem},
    text::folded,
};

use super::{
    actor::SignedIn,
    audit::{self, AuditEntry, RequestMeta},
    import_file as files, organization,
};
use crate::{
    entity::{import_file, organization as organization_row},
    error::{Error, Result},
};

/// The largest file taken: 5,000 organisations are well under it.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// What an `import_file` of organisations is.
const KIND: &str = "ORGANIZATIONS";

/// Where a row's organisation goes, or is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    /// An organisation on record.
    Existing(i64),
    /// The organisation a row of the file creates.
    Row(usize),
}

/// What a good row would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub row: usize,
    pub action: ImportAction,
    /// The name as the row writes it.
    pub name: String,
    /// As it will be: the row's, or the one on record where the row leaves it blank.
    pub kind: OrganizationKind,
    pub area_code: Option<String>,
    /// Its parent.
    pub parent: Place,
    /// The parent's name, as on record (or as its row writes it).
    pub parent_name: String,
    /// The organisation it updates or leaves as it is.
    pub organization_id: Option<i64>,
    /// That organisation's kind and area code as on record, for the audit of an update.
    pub on_record: Option<(OrganizationKind, Option<String>)>,
}

/// What importing a file would do.
#[derive(Debug, Clone)]
pub struct Preview {
    pub file: import_file::Model,
    pub organization: organization_row::Model,
    pub planned: Vec<Planned>,
    pub problems: Vec<Problem>,
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub created: usize,
    pub updated: usize,
    pub skipped: usize,
}

/// The organisation, for one of its administrators.
async fn organization_for_admin(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    organization_id: i64,
) -> Result<organization_row::Model> {
    let found = organization::get(db, organization_id).await?;
    organization::require_admin(actor, &found)?;
    if found.archived_at.is_some() {
        return Err(Error::Conflict(
            "this organisation is archived: nothing is added below it".into(),
        ));
    }
    Ok(found)
}

fn read(bytes: &[u8]) -> Result<Reading> {
    files::read_as(bytes, reader::read)
}

/// Keeps an uploaded file of organisations to import below `organization_id`, once it reads
/// as one.
#[tracing::instrument(skip(db, actor, bytes), fields(size = bytes.len()))]
pub async fn upload_as(
    db: &DatabaseConnection,
    actor: &SignedIn,
    organization_id: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<import_file::Model> {
    super::sheet::at_most(&bytes, MAX_BYTES)?;
    let organization = organization_for_admin(db, actor, organization_id).await?;
    read(&bytes)?;
    let owner = files::For {
        organization_id: organization.id,
        fund_id: None,
        kind: KIND,
    };
    files::keep(db, actor, owner, file_name, bytes).await
}

async fn file_for_admin(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    file_id: i64,
) -> Result<(import_file::Model, organization_row::Model)> {
    let file = files::find(db, file_id, KIND).await?;
    let organization = organization_for_admin(db, actor, file.organization_id).await?;
    Ok((file, organization))
}

/// What importing an uploaded file would do, row by row; nothing is recorded.
pub async fn preview_as(
    db: &DatabaseConnection,
    actor: &SignedIn,
    file_id: i64,
) -> Result<Preview> {
    let (file, organization) = file_for_admin(db, actor, file_id).await?;
    let reading = read(&file.content)?;
    let (planned, problems) = plan(db, &organization, reading).await?;
    Ok(Preview {
        file,
        organization,
        planned,
        problems,
    })
}

/// Imports every good row of an uploaded file in one transaction, in the file's order (a
/// parent's row comes before its children's), and audits it once.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn import_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    file_id: i64,
) -> Result<Imported> {
    let (file, target) = file_for_admin(db, actor, file_id).await?;
    let reading = read(&file.content)?;
    let txn = crate::db::begin_write(db).await?;
    // Imports, and organisations added by hand, anywhere in the tree plan one after the other.
    crate::db::lock_keys(&txn, &[organization::tree_key(&target.path)]).await?;
    let (planned, _) = plan(&txn, &target, reading).await?;
    let mut imported = Imported {
        created: 0,
        updated: 0,
        skipped: 0,
    };
    let mut made: HashMap<usize, i64> = HashMap::new();
    let (mut created_ids, mut updated) = (Vec::new(), Vec::new());
    for line in planned {
        let parent_id = match line.parent {
            Place::Existing(id) => id,
            Place::Row(row) => *made.get(&row).ok_or_else(|| {
                Error::Internal(format!("row {row} was planned before its child"))
            })?,
        };
        match (line.action, line.organization_id) {
            (ImportAction::Create, _) => {
                let created = organization::insert(
                    &txn,
                    organization::OrganizationForCreate {
                        parent_id: Some(parent_id),
                        kind: line.kind,
                        name: line.name,
                        area_code: line.area_code,
                    },
                )
                .await?;
                made.insert(line.row, created.id);
                created_ids.push(created.id);
                imported.created += 1;
            }
            (ImportAction::Update, Some(id)) => {
                // As the plan read it, in this transaction, under the tree's lock.
                let before = line
                    .on_record
                    .as_ref()
                    .map(|(kind, code)| json!({ "kind": kind, "areaCode": code }));
                organization_row::ActiveModel {
                    id: Set(id),
                    kind: Set(line.kind),
                    area_code: Set(line.area_code.clone()),
                    updated_at: Set(Utc::now()),
                    ..Default::default()
                }
                .update(&txn)
                .await?;
                made.insert(line.row, id);
                updated.push(json!({
                    "id": id,
                    "before": before,
                    "after": { "kind": line.kind, "areaCode": line.area_code },
                }));
                imported.updated += 1;
            }
            (_, id) => {
                if let Some(id) = id {
                    made.insert(line.row, id);
                }
                imported.skipped += 1;
            }
        }
    }
    files::imported(&txn, file.id).await?;
    audit::record(
        &txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action: AuditAction::OrganizationsImported,
            object_type: AuditObject::Organization,
            object_id: Some(target.id.to_string()),
            organization_id: Some(target.id),
            before: json!(null),
            after: json!({
                "file": file.file_name, "sha256": file.sha256,
                "created": created_ids, "updated": updated, "skipped": imported.skipped,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(imported)
}

/// Every organisation below `target` (itself included), archived ones too: a name stays taken
/// under its parent once archived.
async fn below(
    db: &impl ConnectionTrait,
    target: &organization_row::Model,
) -> Result<Vec<organization_row::Model>> {
    Ok(organization_row::Entity::find()
        .filter(organization::within(&target.path))
        .all(db)
        .await?)
}

/// A refused cell of a good row's `column`: what only the organisations on record show.
fn refused(
    row: usize,
    (column, letter): (Column, Option<&str>),
    why: CellProblem,
    expected: &str,
) -> Problem {
    Problem {
        row,
        column: letter.unwrap_or_default().to_owned(),
        header: column.header(),
        problem: why,
        other_row: None,
        error: ValidationError::new(
            column.field(),
            ValidationReason::Format {
                expected: expected.into(),
            },
        ),
    }
}

/// Decides what each good row does: its parent (the organisation imported to, one below it, or
/// an earlier row's, by its name compared without diacritics or case), and whether an
/// organisation of its name is already there.
async fn plan(
    db: &impl ConnectionTrait,
    target: &organization_row::Model,
    reading: Reading,
) -> Result<(Vec<Planned>, Vec<Problem>)> {
    let on_record = below(db, target).await?;
    // Parents in use by their names; each parent's children by theirs (one in use before an
    // archived one of the same name).
    let mut by_name: HashMap<String, Vec<(Place, String)>> = HashMap::new();
    let mut children: HashMap<(i64, String), &organization_row::Model> = HashMap::new();
    for org in &on_record {
        if org.archived_at.is_none() {
            by_name
                .entry(folded(&org.name))
                .or_default()
                .push((Place::Existing(org.id), org.name.clone()));
        }
        if let Some(parent) = org.parent_id {
            let slot = children.entry((parent, folded(&org.name))).or_insert(org);
            if slot.archived_at.is_some() && org.archived_at.is_none() {
                *slot = org;
            }
        }
    }
    let (parent_column, name_column) = (
        (Column::Parent, reading.parent_column.as_deref()),
        (Column::Name, reading.name_column.as_deref()),
    );
    let mut problems = reading.problems;
    // Each place taken by a row so far, with its row: a second row there is the same one.
    let mut taken: HashMap<(Place, String), usize> = HashMap::new();
    let mut planned = Vec::with_capacity(reading.rows.len());
    for row in reading.rows {
        let found = row.organization;
        let (parent, parent_name) = match found.parent.as_deref() {
            None => (Place::Existing(target.id), target.name.clone()),
            Some(name) => match by_name.get(&folded(name)).map(Vec::as_slice) {
                Some([(place, name)]) => (*place, name.clone()),
                Some([_, _, ..]) => {
                    problems.push(refused(
                        row.row,
                        parent_column,
                        CellProblem::ParentNotFound,
                        "the name of one organisation: several below this one, or on earlier \
                         rows, have it",
                    ));
                    continue;
                }
                _ => {
                    problems.push(refused(
                        row.row,
                        parent_column,
                        CellProblem::ParentNotFound,
                        "an organisation below this one, or on an earlier row",
                    ));
                    continue;
                }
            },
        };
        let key = folded(&found.name);
        if let Some(&first) = taken.get(&(parent, key.clone())) {
            let mut repeated = refused(
                row.row,
                name_column,
                CellProblem::NameRepeated,
                "a name not already given under the same parent on an earlier row",
            );
            repeated.other_row = Some(first);
            problems.push(repeated);
            continue;
        }
        let existing = match parent {
            Place::Existing(id) => children.get(&(id, key.clone())).copied(),
            Place::Row(_) => None,
        };
        if existing.is_some_and(|org| org.archived_at.is_some()) {
            problems.push(refused(
                row.row,
                name_column,
                CellProblem::NameArchived,
                "a name not kept by an archived organisation under the same parent",
            ));
            continue;
        }
        taken.insert((parent, key.clone()), row.row);
        // A blank kind or area code leaves the one on record; a commune stays a commune.
        let (kind, area_code) = match existing {
            None => (
                found.kind.unwrap_or(OrganizationKind::Chapter),
                found.area_code,
            ),
            Some(org) => (
                found
                    .kind
                    .filter(|_| reader::KINDS.contains(&org.kind))
                    .unwrap_or(org.kind),
                found.area_code.or_else(|| org.area_code.clone()),
            ),
        };
        let action = match existing {
            None => ImportAction::Create,
            Some(org) if org.kind == kind && org.area_code == area_code => ImportAction::Skip,
            Some(_) => ImportAction::Update,
        };
        let place = existing.map_or(Place::Row(row.row), |org| Place::Existing(org.id));
        let name = existing.map_or_else(|| found.name.clone(), |org| org.name.clone());
        // A later row may name this one as its parent.
        let known = by_name.entry(key).or_default();
        if !known.iter().any(|(p, _)| *p == place) {
            known.push((place, name));
        }
        planned.push(Planned {
            row: row.row,
            action,
            name: found.name,
            kind,
            area_code,
            parent,
            parent_name,
            organization_id: existing.map(|org| org.id),
            on_record: existing.map(|org| (org.kind, org.area_code.clone())),
        });
    }
    problems.sort_by_key(|p| p.row);
    Ok((planned, problems))
}
