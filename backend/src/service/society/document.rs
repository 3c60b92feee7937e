//! Documents attached to a registration for recognition: the evidence its assessment rests
//! on (a household's certificates, a hamlet's minutes), attached and taken off by the staff of
//! its organisation or one above until the association decides, and read by them only. Their
//! bytes are kept by content, as an application's documents are.

use std::{collections::HashMap, path::Path};

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use shared::{AuditAction, ValidationError, ValidationReason, society::RegistrationStatus};

use super::{
    super::{
        actor::SignedIn,
        audit::RequestMeta,
        evidence::{Accepted, accepted},
        evidence_content::{self, Content},
    },
    registration::{Registration, record, staffed},
};
use crate::{
    entity::{registration_document, society_registration, society_unit},
    error::{Error, Result},
};

/// A document attached to a registration (its metadata; the content is read apart).
pub use crate::entity::registration_document::Model as Document;

/// Most documents one registration may have: a household's assessment rests on a handful.
pub const MAX_PER_REGISTRATION: u64 = 20;

/// Attaches a document to a registration still to be decided (registered or assessed), for
/// the staff of its organisation or one above. `VALIDATION` on `file` for an empty, oversized
/// or unknown file, or one too many; `CONFLICT` once decided. Audited.
#[tracing::instrument(skip(db, meta, actor, bytes), fields(size = bytes.len()))]
pub async fn attach_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    registration_id: i64,
    sent_name: &str,
    bytes: &[u8],
) -> Result<Document> {
    let Accepted {
        content_type,
        file_name,
    } = accepted(sent_name, bytes)?;
    let txn = crate::db::begin_write(db).await?;
    let (row, unit) = undecided(&txn, actor, registration_id, "attach documents").await?;
    let attached = registration_document::Entity::find()
        .filter(registration_document::Column::RegistrationId.eq(row.id))
        .count(&txn)
        .await?;
    if attached >= MAX_PER_REGISTRATION {
        return Err(ValidationError::new(
            "file",
            ValidationReason::TooLarge {
                max: format!("{MAX_PER_REGISTRATION} documents for {}", unit.name),
            },
        )
        .into());
    }
    // By content, in the same transaction as the row that points at it: the same bytes are
    // kept once, and a failure leaves neither.
    let sha256 = super::super::sha256_hex(bytes);
    evidence_content::store(&txn, &sha256, bytes).await?;
    let saved = registration_document::ActiveModel {
        registration_id: Set(row.id),
        file_name: Set(file_name),
        content_type: Set(content_type.to_owned()),
        size: Set(i64::try_from(bytes.len()).unwrap_or(i64::MAX)),
        sha256: Set(sha256),
        uploaded_by: Set(actor.user_id),
        uploaded_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    record(
        &txn,
        meta,
        actor,
        &row,
        AuditAction::RegistrationDocumentAttached,
        json!(null),
        json!({ "documentId": saved.id, "fileName": saved.file_name, "size": saved.size,
                "sha256": saved.sha256 }),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Takes a document off its registration before the decision, for the same staff; the
/// registration as it is after. `CONFLICT` once decided. Audited.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn remove_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    document_id: i64,
) -> Result<Registration> {
    let txn = crate::db::begin_write(db).await?;
    let found = find(&txn, document_id).await?;
    let (row, unit) = undecided(&txn, actor, found.registration_id, "remove documents")
        .await
        .map_err(|error| hidden(error, document_id))?;
    let before = json!({ "documentId": found.id, "fileName": found.file_name,
                         "sha256": found.sha256 });
    // Another remover may have taken it off while this one waited for the registration.
    let removed = registration_document::Entity::delete_by_id(found.id)
        .exec(&txn)
        .await?;
    if removed.rows_affected != 1 {
        return Err(not_found(document_id));
    }
    record(
        &txn,
        meta,
        actor,
        &row,
        AuditAction::RegistrationDocumentRemoved,
        before,
        json!(null),
    )
    .await?;
    let documents = of_registrations(&txn, &[row.id])
        .await?
        .remove(&row.id)
        .unwrap_or_default();
    txn.commit().await?;
    Ok(Registration {
        row,
        unit,
        documents,
    })
}

/// The documents of each of `registration_ids` (a page's worth), in the order attached: one
/// statement.
pub async fn of_registrations(
    db: &impl ConnectionTrait,
    registration_ids: &[i64],
) -> Result<HashMap<i64, Vec<Document>>> {
    let mut by_registration: HashMap<i64, Vec<Document>> = HashMap::new();
    if registration_ids.is_empty() {
        return Ok(by_registration);
    }
    let found = registration_document::Entity::find()
        .filter(
            registration_document::Column::RegistrationId.is_in(registration_ids.iter().copied()),
        )
        .order_by_asc(registration_document::Column::RegistrationId)
        .order_by_asc(registration_document::Column::Id)
        .all(db)
        .await?;
    for document in found {
        by_registration
            .entry(document.registration_id)
            .or_default()
            .push(document);
    }
    Ok(by_registration)
}

/// A document and where its bytes are, for the staff of its registration's organisation or
/// one above; `NOT_FOUND` for anyone else.
pub async fn open_as(
    db: &DatabaseConnection,
    store: &Path,
    actor: &SignedIn,
    id: i64,
) -> Result<(Document, Content)> {
    let found = find(db, id).await?;
    staffed(db, actor, found.registration_id, "read its documents")
        .await
        .map_err(|error| hidden(error, id))?;
    let content = evidence_content::locate(db, store, &found.sha256).await?;
    Ok((found, content))
}

/// The document `id`, or `NOT_FOUND`.
async fn find(db: &impl ConnectionTrait, id: i64) -> Result<Document> {
    registration_document::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| not_found(id))
}

fn not_found(id: i64) -> Error {
    Error::NotFound {
        entity: "Document",
        id: id.to_string(),
    }
}

/// Whether a document exists is no business of someone who may not read it.
fn hidden(error: Error, id: i64) -> Error {
    match error {
        Error::Forbidden(_) => not_found(id),
        other => other,
    }
}

/// The registration `id` and its unit, locked until the transaction ends, when the actor is
/// staff of it and it is still to be decided; `CONFLICT` once it is.
async fn undecided(
    txn: &DatabaseTransaction,
    actor: &SignedIn,
    id: i64,
    what: &str,
) -> Result<(society_registration::Model, society_unit::Model)> {
    crate::db::lock_rows::<society_registration::Entity>(
        txn,
        society_registration::Column::Id,
        [id],
    )
    .await?;
    let (row, unit, _) = staffed(txn, actor, id, what).await?;
    if !matches!(
        row.status,
        RegistrationStatus::Registered | RegistrationStatus::Assessed
    ) {
        return Err(Error::Conflict(format!(
            "{} is {} already: its documents stay as they were.",
            unit.name,
            row.status.vietnamese_name().to_lowercase()
        )));
    }
    Ok((row, unit))
}
