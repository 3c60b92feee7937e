//! Where evidence bytes are kept: in the database, by content, so that any server process on
//! the same database serves any document. A document's bytes are stored once per SHA-256, in
//! pieces of [`CHUNK_BYTES`] that a download reads one at a time, so a file is never whole in
//! memory for it. Documents uploaded before the bytes moved into the database are still read
//! from the data folder until `khuyenhoc move-evidence` brings them in.

use std::path::{Path, PathBuf};

use chrono::Utc;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DeriveIden,
    sea_query::{Expr, ExprTrait, OnConflict, Query},
};

use crate::error::{Error, Result};

/// The size of the pieces a document is kept in: small enough to hold one at a time while
/// streaming, large enough that a phone photo is a handful of rows.
pub const CHUNK_BYTES: usize = 256 * 1024;

/// Pieces written per statement: a megabyte of values at a time.
const CHUNKS_PER_STATEMENT: usize = 4;

#[derive(DeriveIden)]
enum EvidenceContent {
    Table,
    Sha256,
    Size,
    Chunks,
    StoredAt,
}

#[derive(DeriveIden)]
enum EvidenceChunk {
    Table,
    Sha256,
    Seq,
    Bytes,
}

/// Where a document's bytes are to be read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// In the database, in this many pieces.
    Stored { sha256: String, chunks: u32 },
    /// In the data folder (uploaded before the bytes moved into the database).
    OnDisk(PathBuf),
}

/// Where the data folder's store kept a file with this hash.
pub fn path_on_disk(store: &Path, sha256: &str) -> PathBuf {
    store.join(sha256.get(..2).unwrap_or("00")).join(sha256)
}

/// Stores `bytes` under their hash `sha256`, inside the caller's transaction, unless they are
/// stored already. A concurrent upload of the same bytes waits on the content's key and then
/// finds it there (or stores it itself, if the other rolled back): the same bytes are kept
/// once, and never a content row without all its pieces.
pub async fn store(txn: &impl ConnectionTrait, sha256: &str, bytes: &[u8]) -> Result<()> {
    let chunks = bytes.chunks(CHUNK_BYTES);
    let count = i32::try_from(chunks.len())
        .map_err(|_| Error::Internal(format!("{} bytes are too many pieces", bytes.len())))?;
    let content = Query::insert()
        .into_table(EvidenceContent::Table)
        .columns([
            EvidenceContent::Sha256,
            EvidenceContent::Size,
            EvidenceContent::Chunks,
            EvidenceContent::StoredAt,
        ])
        .values_panic([
            sha256.into(),
            i64::try_from(bytes.len()).unwrap_or(i64::MAX).into(),
            count.into(),
            Utc::now().into(),
        ])
        .on_conflict(
            OnConflict::column(EvidenceContent::Sha256)
                .do_nothing()
                .to_owned(),
        )
        .to_owned();
    if txn.execute(&content).await?.rows_affected() == 0 {
        return Ok(());
    }
    let pieces: Vec<&[u8]> = chunks.collect();
    for (batch, group) in pieces.chunks(CHUNKS_PER_STATEMENT).enumerate() {
        let mut insert = Query::insert();
        insert.into_table(EvidenceChunk::Table).columns([
            EvidenceChunk::Sha256,
            EvidenceChunk::Seq,
            EvidenceChunk::Bytes,
        ]);
        for (offset, piece) in group.iter().enumerate() {
            let seq = i32::try_from(batch * CHUNKS_PER_STATEMENT + offset).unwrap_or(i32::MAX);
            insert.values_panic([sha256.into(), seq.into(), piece.to_vec().into()]);
        }
        txn.execute(&insert).await?;
    }
    Ok(())
}

/// Where the bytes with this hash are: in the database, or else in the data folder's store.
pub async fn locate(db: &impl ConnectionTrait, store: &Path, sha256: &str) -> Result<Content> {
    let query = Query::select()
        .column(EvidenceContent::Chunks)
        .from(EvidenceContent::Table)
        .and_where(Expr::col(EvidenceContent::Sha256).eq(sha256))
        .to_owned();
    Ok(match db.query_one(&query).await? {
        Some(row) => Content::Stored {
            sha256: sha256.to_owned(),
            chunks: u32::try_from(row.try_get::<i32>("", "chunks")?).unwrap_or_default(),
        },
        None => Content::OnDisk(path_on_disk(store, sha256)),
    })
}

/// Piece `seq` of the stored bytes with this hash.
pub async fn chunk(db: &impl ConnectionTrait, sha256: &str, seq: u32) -> Result<Vec<u8>> {
    let query = Query::select()
        .column(EvidenceChunk::Bytes)
        .from(EvidenceChunk::Table)
        .and_where(Expr::col(EvidenceChunk::Sha256).eq(sha256))
        .and_where(Expr::col(EvidenceChunk::Seq).eq(i64::from(seq)))
        .to_owned();
    let row = db
        .query_one(&query)
        .await?
        .ok_or_else(|| Error::Internal(format!("piece {seq} of evidence {sha256} is missing")))?;
    Ok(row.try_get::<Vec<u8>>("", "bytes")?)
}

/// What [`move_from_disk`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Moved {
    /// Documents whose bytes are now in the database.
    pub moved: u64,
    /// Documents already there.
    pub already_stored: u64,
    /// Hashes whose file is missing from the data folder, or whose bytes no longer match.
    pub unreadable: Vec<String>,
}

/// Brings the bytes of every document still in the data folder's store into the database,
/// each in its own transaction, checking each file against its hash. Safe to run again, and
/// while the server runs. The files stay where they are: delete them once this reports
/// nothing unreadable.
pub async fn move_from_disk(db: &DatabaseConnection, folder: &Path) -> Result<Moved> {
    let hashes = Query::select()
        .distinct()
        .column(crate::entity::evidence::Column::Sha256)
        .from(crate::entity::evidence::Entity)
        .to_owned();
    let mut report = Moved::default();
    for row in db.query_all(&hashes).await? {
        let sha256: String = row.try_get("", "sha256")?;
        let path = match locate(db, folder, &sha256).await? {
            Content::Stored { .. } => {
                report.already_stored += 1;
                continue;
            }
            Content::OnDisk(path) => path,
        };
        let bytes = match tokio::fs::read(&path).await {
            Ok(bytes) if super::sha256_hex(&bytes) == sha256 => bytes,
            Ok(_) => {
                tracing::warn!(path = %path.display(), "an evidence file does not match its hash");
                report.unreadable.push(sha256);
                continue;
            }
            Err(error) => {
                tracing::warn!(path = %path.display(), %error, "an evidence file is unreadable");
                report.unreadable.push(sha256);
                continue;
            }
        };
        let txn = crate::db::begin_write(db).await?;
        store(&txn, &sha256, &bytes).await?;
        txn.commit().await?;
        report.moved += 1;
    }
    Ok(report)
}
