//! Learners imported from a file (XLSX, XLS or CSV, in the template's columns or a sheet of
//! one's own with the same headers) for the roster of a chapter, clan or commune, by its program
//! managers and admins, the staff who keep learners on its record.
//!
//! Upload, preview, import: the upload refuses a file that is not a list of learners (not a
//! sheet, formulas, merged cells, no header); the preview says what each good row would do
//! (create, update a learner the organisation keeps, skip one already as the file says) and
//! lists every bad row's cells with why, recording nothing; the import writes every good row in
//! one transaction. Importing the same file again changes nothing: a learner is found again by
//! their personal id or, without one, by their name (folded) and date of birth among those the
//! organisation keeps. A row whose learner looks like one on another record of the same commune
//! (another personal id, or none) is flagged, for one learner funded once.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use serde_json::json;
use shared::{
    AuditAction, AuditObject, OrganizationKind,
    learner_import::{self as reader, ImportAction, Learner, Problem, Reading},
    text::folded,
};

use super::{
    actor::{PROGRAM_ROLES, SignedIn},
    audit::{self, AuditEntry, RequestMeta},
    import_file as files, organization,
};
use crate::{
    entity::{
        column::Codes, import_file, learner, learner_manager, organization as organization_row,
    },
    error::{Error, Result},
};

/// The largest file taken: 20,000 learners in the template's columns are well under it.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// What an `import_file` of learners is.
const KIND: &str = "LEARNERS";

/// Learners read or written per statement: far inside both engines' bind limits.
const CHUNK: usize = 500;

/// What a good row would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub row: usize,
    pub action: ImportAction,
    pub full_name: String,
    /// The learner it updates or leaves as it is.
    pub learner_id: Option<i64>,
    /// Another learner on record in the same commune has the same name and date of birth
    /// (with another personal id, or none): maybe the same person twice.
    pub looks_like_another: bool,
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

/// The organisation, for one of the staff who keep learners on its record.
async fn organization_for_staff(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    organization_id: i64,
) -> Result<organization_row::Model> {
    let found = organization::get(db, organization_id).await?;
    actor.require_any(&PROGRAM_ROLES, &found, "import learners to its record")?;
    Ok(found)
}

/// The learners `bytes` holds, as of `today`.
fn read(bytes: &[u8], today: NaiveDate) -> Result<Reading> {
    files::read_as(bytes, |rows| reader::read(rows, today))
}

/// Keeps an uploaded file of learners for `organization_id`, once it reads as one.
#[tracing::instrument(skip(db, actor, bytes), fields(size = bytes.len()))]
pub async fn upload_as(
    db: &DatabaseConnection,
    actor: &SignedIn,
    organization_id: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<import_file::Model> {
    super::sheet::at_most(&bytes, MAX_BYTES)?;
    let organization = organization_for_staff(db, actor, organization_id).await?;
    read(&bytes, super::program::today().naive())?;
    let owner = files::For {
        organization_id: organization.id,
        fund_id: None,
        kind: KIND,
    };
    files::keep(db, actor, owner, file_name, bytes).await
}

/// An uploaded file of learners and its organisation, for its staff.
async fn file_for_staff(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    file_id: i64,
) -> Result<(import_file::Model, organization_row::Model)> {
    let file = files::find(db, file_id, KIND).await?;
    let organization = organization_for_staff(db, actor, file.organization_id).await?;
    Ok((file, organization))
}

/// What importing an uploaded file would do, row by row; nothing is recorded.
pub async fn preview_as(
    db: &DatabaseConnection,
    actor: &SignedIn,
    file_id: i64,
) -> Result<Preview> {
    let (file, organization) = file_for_staff(db, actor, file_id).await?;
    let reading = read(&file.content, super::program::today().naive())?;
    let (planned, problems) = plan(db, &organization, reading).await?;
    Ok(Preview {
        file,
        organization,
        planned,
        problems,
    })
}

/// Imports every good row of an uploaded file in one transaction: new learners kept by the
/// organisation (the importer manages their profiles, as when registering one by hand), and
/// the organisation's own learners brought up to date. One audit entry says how many.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn import_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    file_id: i64,
) -> Result<Imported> {
    let (file, organization) = file_for_staff(db, actor, file_id).await?;
    let reading = read(&file.content, super::program::today().naive())?;
    let txn = crate::db::begin_write(db).await?;
    // Two imports to one organisation plan one after the other.
    crate::db::lock_keys(
        &txn,
        &[format!("learners of organization {}", organization.id)],
    )
    .await?;
    let commune_id = commune_of(&txn, &organization).await?;
    let by_row: HashMap<usize, Learner> = reading
        .rows
        .iter()
        .map(|row| (row.row, row.learner.clone()))
        .collect();
    let (planned, _) = plan(&txn, &organization, reading).await?;
    let now = Utc::now();
    let mut imported = Imported {
        created: 0,
        updated: 0,
        skipped: 0,
    };
    let mut created = Vec::new();
    for line in &planned {
        let Some(learner) = by_row.get(&line.row) else {
            continue;
        };
        match (line.action, line.learner_id) {
            (ImportAction::Create, _) => {
                let mut row = row_of(learner, &organization, commune_id);
                row.created_by = Set(actor.user_id);
                row.created_at = Set(now);
                row.updated_at = Set(now);
                created.push(row);
                imported.created += 1;
            }
            (ImportAction::Update, Some(id)) => {
                let existing = learner::Entity::find_by_id(id)
                    .one(&txn)
                    .await?
                    .ok_or_else(|| {
                        Error::Conflict(
                            "A learner of this file was removed meanwhile: preview it again."
                                .into(),
                        )
                    })?;
                let mut row: learner::ActiveModel = merged(&existing, learner, commune_id).into();
                row = row.reset_all();
                row.updated_at = Set(now);
                row.update(&txn).await?;
                imported.updated += 1;
            }
            _ => imported.skipped += 1,
        }
    }
    // One at a time, each read back with its id (neither engine is asked for RETURNING): 10,000
    // learners take seconds, in the same transaction as the rest.
    let mut new_ids = Vec::with_capacity(created.len());
    for row in created {
        let inserted = row
            .insert(&txn)
            .await
            .map_err(|error| match error.sql_err() {
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => Error::Conflict(
                    "A learner of this file was registered meanwhile: preview it again.".into(),
                ),
                _ => Error::Database(error),
            })?;
        new_ids.push(inserted.id);
    }
    // The importer manages the new profiles, as whoever registers a learner does.
    for chunk in new_ids.chunks(CHUNK) {
        learner_manager::Entity::insert_many(chunk.iter().map(|&learner_id| {
            learner_manager::ActiveModel {
                learner_id: Set(learner_id),
                user_id: Set(actor.user_id),
                created_at: Set(now),
                ..Default::default()
            }
        }))
        .exec(&txn)
        .await?;
    }
    files::imported(&txn, file.id).await?;
    audit::record(
        &txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action: AuditAction::LearnersImported,
            object_type: AuditObject::Organization,
            object_id: Some(organization.id.to_string()),
            organization_id: Some(organization.id),
            before: json!(null),
            after: json!({
                "file": file.file_name, "sha256": file.sha256,
                "created": imported.created, "updated": imported.updated, "skipped": imported.skipped,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(imported)
}

/// The commune an organisation is in (itself, for a commune): where its learners live unless
/// they say otherwise. `None` for the city.
async fn commune_of(
    db: &impl ConnectionTrait,
    organization: &organization_row::Model,
) -> Result<Option<i64>> {
    if organization.kind == OrganizationKind::Commune {
        return Ok(Some(organization.id));
    }
    let ids: Vec<i64> = organization
        .path
        .split('/')
        .filter_map(|id| id.parse().ok())
        .collect();
    Ok(organization::get_many(db, &ids)
        .await?
        .into_iter()
        .find(|o| o.kind == OrganizationKind::Commune)
        .map(|o| o.id))
}

/// The row a learner of the file is written as.
fn row_of(
    learner: &Learner,
    organization: &organization_row::Model,
    commune_id: Option<i64>,
) -> learner::ActiveModel {
    learner::ActiveModel {
        full_name: Set(learner.full_name.clone()),
        search_text: Set(shared::text::learner_search_text(
            &learner.full_name,
            learner.school.as_deref(),
        )),
        date_of_birth: Set(learner.date_of_birth),
        gender: Set(learner.gender),
        personal_id: Set(learner.personal_id.as_ref().map(|p| p.as_str().to_owned())),
        education_level: Set(learner.education_level),
        school: Set(learner.school.clone()),
        class_name: Set(learner.class_name.clone()),
        commune_id: Set(commune_id),
        circumstances: Set(Codes(learner.circumstances.clone())),
        gpa_hundredths: Set(learner.gpa.map(|g| i32::from(g.hundredths()))),
        achievements: Set(learner.achievements.clone()),
        guardian_name: Set(learner.guardian_name.clone()),
        guardian_phone: Set(learner.guardian_phone.as_ref().map(ToString::to_string)),
        organization_id: Set(Some(organization.id)),
        ..Default::default()
    }
}

/// A learner's record as the import reads one. What is stored was checked on its way in,
/// so each stored value parses.
fn as_imported(model: learner::Model) -> Learner {
    Learner {
        full_name: model.full_name,
        date_of_birth: model.date_of_birth,
        gender: model.gender,
        personal_id: model
            .personal_id
            .as_deref()
            .and_then(|id| shared::PersonalId::parse(id).ok()),
        education_level: model.education_level,
        school: model.school,
        class_name: model.class_name,
        circumstances: model.circumstances.0,
        gpa: model
            .gpa_hundredths
            .and_then(|g| u16::try_from(g).ok())
            .and_then(shared::Gpa::from_hundredths),
        achievements: model.achievements,
        guardian_name: model.guardian_name,
        guardian_phone: model
            .guardian_phone
            .as_deref()
            .and_then(|phone| shared::PhoneNumber::parse(phone).ok()),
    }
}

/// A learner's record as a row of the import template (what an export of learners writes).
pub fn template_cells(model: learner::Model) -> Vec<shared::sheet::Cell> {
    as_imported(model).cells()
}

/// `existing` as the file leaves them: what it says replaces what was there, and what it
/// leaves blank (a personal id, a school, a phone number, a column the sheet does not have) is
/// kept. An import adds and corrects; it never erases.
fn merged(existing: &learner::Model, learner: &Learner, commune_id: Option<i64>) -> learner::Model {
    let mut merged = existing.clone();
    merged.full_name.clone_from(&learner.full_name);
    merged.date_of_birth = learner.date_of_birth;
    merged.gender = learner.gender;
    merged.education_level = learner.education_level;
    if let Some(id) = &learner.personal_id {
        merged.personal_id = Some(id.as_str().to_owned());
    }
    for (given, kept) in [
        (&learner.school, &mut merged.school),
        (&learner.class_name, &mut merged.class_name),
        (&learner.achievements, &mut merged.achievements),
        (&learner.guardian_name, &mut merged.guardian_name),
    ] {
        if given.is_some() {
            kept.clone_from(given);
        }
    }
    if let Some(phone) = &learner.guardian_phone {
        merged.guardian_phone = Some(phone.to_string());
    }
    if let Some(gpa) = learner.gpa {
        merged.gpa_hundredths = Some(i32::from(gpa.hundredths()));
    }
    if !learner.circumstances.is_empty() {
        merged.circumstances = Codes(learner.circumstances.clone());
    }
    if commune_id.is_some() {
        merged.commune_id = commune_id;
    }
    merged.search_text =
        shared::text::learner_search_text(&merged.full_name, merged.school.as_deref());
    merged
}

/// What each good row of `reading` does for `organization`, and the problems found beyond the
/// rows' own (a personal id on another family's or organisation's record, which an import may
/// not change). Reads: the learners with the file's personal ids, those the organisation keeps,
/// and those of its commune born on the file's days: a statement per [`CHUNK`] of each.
async fn plan(
    db: &impl ConnectionTrait,
    organization: &organization_row::Model,
    reading: Reading,
) -> Result<(Vec<Planned>, Vec<Problem>)> {
    let commune_id = commune_of(db, organization).await?;
    let Reading {
        rows,
        mut problems,
        personal_id_column,
    } = reading;
    let personal_ids: Vec<String> = rows
        .iter()
        .filter_map(|r| {
            r.learner
                .personal_id
                .as_ref()
                .map(|p| p.as_str().to_owned())
        })
        .collect();
    let mut by_personal_id: HashMap<String, learner::Model> = HashMap::new();
    for chunk in personal_ids.chunks(CHUNK) {
        for found in learner::Entity::find()
            .filter(learner::Column::PersonalId.is_in(chunk.iter().cloned()))
            .all(db)
            .await?
        {
            if let Some(id) = found.personal_id.clone() {
                by_personal_id.insert(id, found);
            }
        }
    }
    // The organisation's own learners, by folded name and birthday: found again without a
    // personal id.
    let kept: HashMap<(String, NaiveDate), learner::Model> = learner::Entity::find()
        .filter(learner::Column::OrganizationId.eq(organization.id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| ((folded(&l.full_name), l.date_of_birth), l))
        .collect();
    // The commune's learners born on the file's days, for the rows that look like them.
    let mut days: Vec<NaiveDate> = rows.iter().map(|r| r.learner.date_of_birth).collect();
    days.sort_unstable();
    days.dedup();
    let mut alike: HashMap<(String, NaiveDate), Vec<learner::Model>> = HashMap::new();
    if let Some(commune_id) = commune_id {
        for chunk in days.chunks(CHUNK) {
            for found in learner::Entity::find()
                .filter(learner::Column::CommuneId.eq(commune_id))
                .filter(learner::Column::DateOfBirth.is_in(chunk.iter().copied()))
                .all(db)
                .await?
            {
                alike
                    .entry((folded(&found.full_name), found.date_of_birth))
                    .or_default()
                    .push(found);
            }
        }
    }
    let mut planned = Vec::with_capacity(rows.len());
    for row in rows {
        let learner = &row.learner;
        let key = (folded(&learner.full_name), learner.date_of_birth);
        let existing = match &learner.personal_id {
            Some(id) => match by_personal_id.get(id.as_str()) {
                Some(found) if found.organization_id == Some(organization.id) => Some(found),
                Some(_) => {
                    problems.push(Problem::personal_id_taken(
                        row.row,
                        personal_id_column.clone().unwrap_or_default(),
                    ));
                    continue;
                }
                None => None,
            },
            None => kept.get(&key),
        };
        let looks_like_another = alike.get(&key).is_some_and(|others| {
            others.iter().any(|other| {
                Some(other.id) != existing.map(|e| e.id)
                    && match (&other.personal_id, &learner.personal_id) {
                        (Some(theirs), Some(mine)) => theirs == mine.as_str(),
                        _ => true,
                    }
            })
        });
        let (action, learner_id) = match existing {
            Some(found) if merged(found, learner, commune_id) == *found => {
                (ImportAction::Skip, Some(found.id))
            }
            Some(found) => (ImportAction::Update, Some(found.id)),
            None => (ImportAction::Create, None),
        };
        planned.push(Planned {
            row: row.row,
            action,
            full_name: learner.full_name.clone(),
            learner_id,
            looks_like_another,
        });
    }
    problems.sort_by_key(|p| p.row);
    Ok((planned, problems))
}
