//! Evidence: documents attached to applications, their bytes kept in the database by content
//! (SHA-256, see [`evidence_content`]), readable only by those who may see the application.

use std::path::Path;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use shared::{ApplicationStatus, AuditAction, AuditObject, ValidationError, ValidationReason};

use super::{
    actor::SignedIn,
    application as applications,
    audit::{self, AuditEntry, RequestMeta},
    evidence_content::{self, Content},
    organization, parties, program as programs,
};
use crate::{
    entity::evidence,
    error::{Error, Result},
};

/// A document attached to an application (its metadata; the content is read apart).
pub use crate::entity::evidence::Model as Evidence;

/// The largest document accepted: a phone photo or a scanned page fits well inside.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// The evidence type for documents the program did not ask for by name.
pub const OTHER: &str = "Khác";

/// Most documents one application may have: a program asks for a handful, and a page
/// photographed twice is enough to spare.
pub const MAX_PER_APPLICATION: u64 = 20;

/// A kind of file accepted, recognised by its first bytes (not by what the browser says),
/// with the extensions a file of that kind may be named with, the usual one first.
struct FileKind {
    content_type: &'static str,
    magic: &'static [u8],
    extensions: &'static [&'static str],
}

const KINDS: [FileKind; 3] = [
    FileKind {
        content_type: "application/pdf",
        magic: b"%PDF-",
        extensions: &["pdf"],
    },
    FileKind {
        content_type: "image/png",
        magic: b"\x89PNG\r\n\x1a\n",
        extensions: &["png"],
    },
    FileKind {
        content_type: "image/jpeg",
        magic: b"\xff\xd8\xff",
        extensions: &["jpg", "jpeg"],
    },
];

/// The usual extension of a stored content type.
fn extension_of(content_type: &str) -> &'static str {
    KINDS
        .iter()
        .find(|kind| kind.content_type == content_type)
        .map_or("bin", |kind| kind.extensions[0])
}

/// The name a document is kept under: the sender's name without any folder or control
/// character, ending in an extension of the kind its bytes are (`hoc-ba.exe` holding a PDF
/// is kept as `hoc-ba.pdf`), so that whoever downloads it opens it as what it is.
fn stored_name(sent: &str, kind: &FileKind) -> String {
    let base: String = sent
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !shared::text::is_forbidden(*c) && !c.is_control())
        .take(190)
        .collect();
    let base = base.trim();
    let (stem, extension) = match base.rsplit_once('.') {
        Some((stem, extension)) => (stem.trim(), Some(extension.to_ascii_lowercase())),
        None => (base, None),
    };
    if extension.is_some_and(|extension| kind.extensions.contains(&extension.as_str()))
        && !stem.is_empty()
    {
        return base.to_owned();
    }
    let stem = if stem.is_empty() { "tai-lieu" } else { stem };
    format!("{stem}.{}", kind.extensions[0])
}

/// A document to attach.
#[derive(Debug)]
pub struct Upload {
    pub kind: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A file that may be kept: its type, told by its bytes, and the name it is kept under.
pub(crate) struct Accepted {
    pub content_type: &'static str,
    pub file_name: String,
}

/// Whether `bytes`, sent as `sent_name`, may be kept as a document: not empty, at most
/// [`MAX_BYTES`], and a PDF, PNG or JPEG by its first bytes (`VALIDATION` on `file`).
pub(crate) fn accepted(sent_name: &str, bytes: &[u8]) -> Result<Accepted> {
    if bytes.is_empty() {
        return Err(ValidationError::new("file", ValidationReason::Empty).into());
    }
    if bytes.len() > MAX_BYTES {
        return Err(ValidationError::new(
            "file",
            ValidationReason::TooLarge {
                max: format!("{} MB", MAX_BYTES / 1024 / 1024),
            },
        )
        .into());
    }
    let file_kind = KINDS
        .iter()
        .find(|kind| bytes.starts_with(kind.magic))
        .ok_or_else(|| {
            ValidationError::new(
                "file",
                ValidationReason::Format {
                    expected: "a PDF, PNG or JPEG file".into(),
                },
            )
        })?;
    Ok(Accepted {
        content_type: file_kind.content_type,
        file_name: stored_name(sent_name, file_kind),
    })
}

/// Attaches a document to an application while its applicant may still change it (a draft,
/// or one returned for more information).
#[tracing::instrument(skip(db, meta, actor, upload), fields(size = upload.bytes.len()))]
pub async fn attach_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    application_id: i64,
    upload: Upload,
) -> Result<evidence::Model> {
    let Accepted {
        content_type,
        file_name,
    } = accepted(&upload.file_name, &upload.bytes)?;

    let txn = crate::db::begin_write(db).await?;
    let current = applications::get_locked(&txn, application_id).await?;
    if !parties::is_applicant(&txn, actor, &current).await? {
        // Whether such an application exists is no business of someone who may not see it.
        return Err(applications::not_found(application_id));
    }
    if !matches!(
        current.status,
        ApplicationStatus::Draft | ApplicationStatus::NeedsInfo
    ) {
        return Err(Error::Conflict(
            "documents are attached while the application is a draft or returned for \
             information"
                .into(),
        ));
    }
    let attached = evidence::Entity::find()
        .filter(evidence::Column::ApplicationId.eq(application_id))
        .count(&txn)
        .await?;
    if attached >= MAX_PER_APPLICATION {
        return Err(ValidationError::new(
            "file",
            ValidationReason::TooLarge {
                max: format!("{MAX_PER_APPLICATION} documents per application"),
            },
        )
        .into());
    }
    let program = programs::get(&txn, current.program_id).await?;
    let kind = upload.kind.trim().to_owned();
    if kind != OTHER && !program.required_evidence().contains(&kind) {
        return Err(ValidationError::new(
            "kind",
            ValidationReason::Format {
                expected: "one of the program's evidence types, or \"Khác\"".into(),
            },
        )
        .into());
    }

    // By content, in the same transaction as the row that points at it: the same bytes are
    // stored once, and a failure leaves neither. (The application's row stays locked
    // meanwhile, so its status cannot change under us.)
    let sha256 = super::sha256_hex(&upload.bytes);
    evidence_content::store(&txn, &sha256, &upload.bytes).await?;

    let saved = evidence::ActiveModel {
        application_id: Set(application_id),
        kind: Set(kind),
        file_name: Set(file_name),
        content_type: Set(content_type.to_owned()),
        size: Set(i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX)),
        sha256: Set(sha256),
        uploaded_by: Set(actor.user_id),
        uploaded_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action: AuditAction::EvidenceAttached,
            object_type: AuditObject::Application,
            object_id: Some(application_id.to_string()),
            organization_id: Some(program.program.organization_id),
            before: json!(null),
            after: json!({ "kind": saved.kind, "size": saved.size, "sha256": saved.sha256 }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// The documents of an application, oldest first.
pub async fn of_application(
    db: &impl ConnectionTrait,
    application_id: i64,
) -> Result<Vec<evidence::Model>> {
    Ok(evidence::Entity::find()
        .filter(evidence::Column::ApplicationId.eq(application_id))
        .order_by_asc(evidence::Column::Id)
        .all(db)
        .await?)
}

/// A document as a reviewer sees it: in a blind review its file name (which often carries
/// the learner's name) is replaced by the application's reference, the document's number and
/// the extension its type calls for.
pub fn as_reviewer_sees(mut file: evidence::Model, blind: bool) -> evidence::Model {
    if blind {
        let extension = extension_of(&file.content_type);
        file.file_name = format!(
            "{}-{}.{extension}",
            shared::application::reference(file.application_id),
            file.id
        );
    }
    file
}

/// A document and where its bytes are (the data folder's `store` for one uploaded before
/// they moved into the database), for those who may read it: the applicant and the
/// learner's managers, the program's staff, and the application's reviewers (without a
/// declared conflict). NOT_FOUND for anyone else.
pub async fn open_as(
    db: &DatabaseConnection,
    store: &Path,
    actor: &SignedIn,
    id: i64,
) -> Result<(evidence::Model, Content)> {
    let not_found = || Error::NotFound {
        entity: "Evidence",
        id: id.to_string(),
    };
    let found = evidence::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let current = applications::get(db, found.application_id).await?;
    let program = programs::get(db, current.program_id).await?;
    let owner = organization::get(db, program.program.organization_id).await?;
    // Staff see a draft's documents only once it is submitted (DESIGN §4); reviewers see
    // them as the program's review is (blind or not).
    let seen = if parties::may_read(db, actor, &current, &owner).await? {
        found
    } else if parties::reviews(db, actor, current.id).await? {
        as_reviewer_sees(found, program.program.blind_review)
    } else {
        return Err(not_found());
    };
    let content = evidence_content::locate(db, store, &seen.sha256).await?;
    Ok((seen, content))
}

/// The program's evidence types the application has no document for yet.
pub async fn missing(
    db: &impl ConnectionTrait,
    application_id: i64,
    required: &[String],
) -> Result<Vec<String>> {
    let attached = of_application(db, application_id).await?;
    Ok(required
        .iter()
        .filter(|kind| !attached.iter().any(|e| &e.kind == *kind))
        .cloned()
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(sent: &str, content_type: &str) -> String {
        let kind = KINDS
            .iter()
            .find(|kind| kind.content_type == content_type)
            .expect("a kind we accept");
        stored_name(sent, kind)
    }

    #[test]
    fn a_document_is_named_after_what_its_bytes_are() {
        assert_eq!(
            stored("Học bạ lớp 9.pdf", "application/pdf"),
            "Học bạ lớp 9.pdf"
        );
        assert_eq!(stored("anh.JPEG", "image/jpeg"), "anh.JPEG");
        assert_eq!(stored("hoc-ba.exe", "application/pdf"), "hoc-ba.pdf");
        assert_eq!(
            stored("giay-xac-nhan.pdf", "image/png"),
            "giay-xac-nhan.png"
        );
        assert_eq!(stored("index.html", "image/jpeg"), "index.jpg");
        assert_eq!(stored("scan", "image/png"), "scan.png");
        assert_eq!(
            stored("C:\\Users\\An\\.pdf", "application/pdf"),
            "tai-lieu.pdf"
        );
        assert_eq!(stored("../../etc/passwd", "application/pdf"), "passwd.pdf");
        assert_eq!(stored("\u{202E}fdp.exe", "application/pdf"), "fdp.pdf");
        assert_eq!(stored("", "image/png"), "tai-lieu.png");
    }
}
