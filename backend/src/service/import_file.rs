//! Files uploaded to be imported (learners, organisations, a cash book's donations), kept in the database between the
//! upload, its preview and the import: read as a template's sheet when they come in, found
//! again by their id and kind, and marked once imported. Files never imported are let go
//! after two days.

use chrono::{TimeDelta, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use shared::sheet::{Cell, SheetRefused};

use super::{
    actor::SignedIn,
    sheet::{self, SheetError, Strictness},
};
use crate::{
    entity::import_file,
    error::{Error, Result},
};

/// A file kept to be imported.
pub type KeptFile = import_file::Model;

/// Days an uploaded file is kept if it is never imported.
const UNIMPORTED_FILE_DAYS: i64 = 2;

/// What a file is read as by `read` (a template's reader), its values only: no formulas, no
/// merged cells.
pub fn read_as<T>(
    bytes: &[u8],
    read: impl FnOnce(&[Vec<Cell>]) -> Result<T, SheetRefused>,
) -> Result<T> {
    let rows = sheet::grid(bytes, Strictness::ValuesOnly)?;
    read(&rows).map_err(|refused| {
        Error::Sheet(match refused {
            SheetRefused::Empty => SheetError::Empty,
            SheetRefused::NoHeader { missing } => SheetError::NoHeader {
                missing: missing.into_iter().map(str::to_owned).collect(),
            },
            SheetRefused::TooManyRows { max } => SheetError::TooManyRows { max },
        })
    })
}

/// Whom a kept file's rows are for: an organisation, and one of its funds for a cash book.
#[derive(Debug, Clone, Copy)]
pub struct For<'a> {
    pub organization_id: i64,
    pub fund_id: Option<i64>,
    pub kind: &'a str,
}

/// Keeps a file uploaded by `actor` (once it has been read).
pub async fn keep(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    For {
        organization_id,
        fund_id,
        kind,
    }: For<'_>,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<import_file::Model> {
    let file_name = shared::text::optional_line("fileName", file_name, 200)?
        .unwrap_or_else(|| kind.to_lowercase());
    let now = Utc::now();
    import_file::Entity::delete_many()
        .filter(import_file::Column::ImportedAt.is_null())
        .filter(import_file::Column::UploadedAt.lt(now - TimeDelta::days(UNIMPORTED_FILE_DAYS)))
        .exec(db)
        .await?;
    Ok(import_file::ActiveModel {
        organization_id: Set(organization_id),
        kind: Set(kind.to_owned()),
        file_name: Set(file_name),
        sha256: Set(super::sha256_hex(&bytes)),
        size: Set(i64::try_from(bytes.len()).unwrap_or(i64::MAX)),
        content: Set(bytes),
        uploaded_by: Set(actor.user_id),
        uploaded_at: Set(now),
        imported_at: Set(None),
        fund_id: Set(fund_id),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// The kept file `file_id`, if it is of `kind`.
pub async fn find(
    db: &impl ConnectionTrait,
    file_id: i64,
    kind: &str,
) -> Result<import_file::Model> {
    import_file::Entity::find_by_id(file_id)
        .filter(import_file::Column::Kind.eq(kind))
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "ImportFile",
            id: file_id.to_string(),
        })
}

/// Marks a file imported, now.
pub async fn imported(db: &impl ConnectionTrait, file_id: i64) -> Result<()> {
    import_file::ActiveModel {
        id: Set(file_id),
        imported_at: Set(Some(Utc::now())),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}
