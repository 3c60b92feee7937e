//! A cash book's donations imported into a fund (XLSX, XLS or CSV, in the template's columns or
//! the book's own), by the fund's treasurers, who may record each gift by hand too.
//!
//! Upload, preview, import, as for learners: the upload refuses a file that is not a list of
//! gifts; the preview says what each good row would do (record the gift; skip one already
//! recorded) and lists every bad cell with why, recording nothing; the import records every
//! good row in one transaction, each a donation as the form records one (its entries, the
//! fund's balance, its audit), and audits the import once.
//!
//! A row is known again by its key: a digest of the fund and of everything the row says (its
//! day, receipt, donor and contact, amount, way, bank reference and memo) and, for rows alike
//! in all of that, how many came before it. So the same file again records nothing, and two
//! equal gifts on one day are both recorded. A row whose receipt number or bank reference is
//! already on a donation of the fund of the same amount (recorded by hand, or from the bank's
//! statement) is that donation, and skipped; of another amount, it is refused
//! (`RECEIPT_TAKEN`, `BANK_REFERENCE_TAKEN`). A reversed donation holds neither.
//!
//! A donor is found among the organisation's by name (folded: without diacritics or case): the
//! one with the row's contact, else the one of that name without a contact (or any one, when
//! the row gives none); several → `DONOR_AMBIGUOUS`. A name and contact no donor has is one new
//! donor, however many rows name them. An import does not change a donor on record.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::json;
use shared::{
    AuditAction, AuditObject, Money,
    donation_import::{self as reader, Donation, Reading},
    sheet::{ImportAction, Problem},
};

mod plan;

use plan::plan;

use super::{
    actor::{MONEY_ROLES, SignedIn},
    audit::{self, AuditEntry, RequestMeta},
    fund::{self as funds, DonorForCreate, FundWithOwner},
    import_file as files,
    ledger::{self, DonorRef, Movement, Received},
};
use crate::{
    entity::{fund as fund_row, import_file},
    error::{Error, Result},
};

/// The largest file taken: 5,000 gifts are well under it.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// What an `import_file` of donations is.
const KIND: &str = "DONATIONS";

/// How many values one `IN (…)` list holds: far inside both engines' bind limits.
pub(super) const CHUNK: usize = 500;

/// Who gave a row's gift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Giver {
    /// A donor on record.
    Existing(i64),
    /// A new donor, first named on this row (later rows naming them give the same row).
    New(usize),
}

/// What a good row would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub row: usize,
    pub action: ImportAction,
    pub donation: Donation,
    /// Who gave, for a gift to record.
    pub giver: Option<Giver>,
    /// The donor's name: as on record for a donor on record, as the row writes it otherwise.
    pub donor_name: String,
    /// The campaign the gift counts toward, and its name.
    pub campaign: Option<(i64, String)>,
    /// The key the row is recorded by.
    pub key: String,
}

/// What importing a file would do.
#[derive(Debug, Clone)]
pub struct Preview {
    pub file: import_file::Model,
    pub fund: FundWithOwner,
    pub planned: Vec<Planned>,
    pub problems: Vec<Problem>,
}

impl Preview {
    /// What the rows to record add up to.
    pub fn total(&self) -> Money {
        to_record(&self.planned)
    }
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub created: usize,
    pub skipped: usize,
    pub total: Money,
}

fn to_record(planned: &[Planned]) -> Money {
    Money::checked_sum(
        planned
            .iter()
            .filter(|p| p.action == ImportAction::Create)
            .map(|p| p.donation.amount),
    )
    .unwrap_or(Money::MAX_AMOUNT)
}

/// The fund, for one of its treasurers (or its organisation's administrators), while open.
async fn fund_for_treasurer(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    fund_id: i64,
) -> Result<FundWithOwner> {
    let found = funds::get_with_owner(db, fund_id).await?;
    actor.require_any(
        &MONEY_ROLES,
        &found.owner,
        "import donations into this fund",
    )?;
    if found.fund.archived_at.is_some() {
        return Err(Error::Conflict(
            "this fund is archived: nothing is recorded in it".into(),
        ));
    }
    Ok(found)
}

fn read(bytes: &[u8]) -> Result<Reading> {
    let today = shared::date::vietnam_day(Utc::now());
    files::read_as(bytes, |rows| reader::read(rows, today))
}

/// Keeps an uploaded file of a fund's donations, once it reads as one.
#[tracing::instrument(skip(db, actor, bytes), fields(size = bytes.len()))]
pub async fn upload_as(
    db: &DatabaseConnection,
    actor: &SignedIn,
    fund_id: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<import_file::Model> {
    super::sheet::at_most(&bytes, MAX_BYTES)?;
    let found = fund_for_treasurer(db, actor, fund_id).await?;
    read(&bytes)?;
    let owner = files::For {
        organization_id: found.owner.id,
        fund_id: Some(found.fund.id),
        kind: KIND,
    };
    files::keep(db, actor, owner, file_name, bytes).await
}

async fn file_for_treasurer(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    file_id: i64,
) -> Result<(import_file::Model, FundWithOwner)> {
    let file = files::find(db, file_id, KIND).await?;
    let fund_id = file
        .fund_id
        .ok_or_else(|| Error::Internal(format!("file {file_id} of donations names no fund")))?;
    let found = fund_for_treasurer(db, actor, fund_id).await?;
    Ok((file, found))
}

/// What importing an uploaded file would do, row by row; nothing is recorded.
pub async fn preview_as(
    db: &DatabaseConnection,
    actor: &SignedIn,
    file_id: i64,
) -> Result<Preview> {
    let (file, fund) = file_for_treasurer(db, actor, file_id).await?;
    let reading = read(&file.content)?;
    let (planned, problems) = plan(db, &fund, reading).await?;
    Ok(Preview {
        file,
        fund,
        planned,
        problems,
    })
}

/// Records every good row of an uploaded file in one transaction, in the file's order, and
/// audits it once.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn import_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    file_id: i64,
) -> Result<Imported> {
    let (file, fund) = file_for_treasurer(db, actor, file_id).await?;
    let reading = read(&file.content)?;
    let txn = crate::db::begin_write(db).await?;
    // The fund's row, locked before the plan: a second import, a donation by hand or from a
    // bank's statement waits until this one is done, and the plan sees everything before it.
    crate::db::lock_rows::<fund_row::Entity>(&txn, fund_row::Column::Id, [fund.fund.id]).await?;
    let (planned, _) = plan(&txn, &fund, reading).await?;
    let total = to_record(&planned);
    let mut new_donors: HashMap<usize, i64> = HashMap::new();
    let mut recorded = Vec::new();
    let mut skipped = 0;
    for line in planned {
        if line.action != ImportAction::Create {
            skipped += 1;
            continue;
        }
        let gift = line.donation;
        let Some(giver) = line.giver else {
            return Err(Error::Internal(format!(
                "row {} to record has no donor",
                line.row
            )));
        };
        let donor = match giver {
            Giver::Existing(id) => DonorRef::Existing(id),
            Giver::New(row) => match new_donors.get(&row) {
                Some(&id) => DonorRef::Existing(id),
                None => DonorRef::New(DonorForCreate {
                    kind: gift.donor_kind,
                    name: gift.donor_name.clone(),
                    anonymous: gift.anonymous,
                    contact: gift.contact.clone(),
                }),
            },
        };
        let done = ledger::record_in(
            &txn,
            meta,
            actor,
            Movement::Donation {
                fund_id: fund.fund.id,
                amount: gift.amount,
                donor,
                method: gift.method,
                bank_reference: gift.bank_reference,
                memo: gift.memo,
                campaign_id: line.campaign.map(|(id, _)| id),
                received: Some(Received {
                    on: Some(gift.received_on),
                    receipt_number: gift.receipt_number,
                    import_key: Some(line.key),
                }),
            },
        )
        .await?;
        if let (Giver::New(row), Some(donor_id)) = (giver, done.transaction.donor_id) {
            new_donors.entry(row).or_insert(donor_id);
        }
        recorded.push(done.transaction.id);
    }
    files::imported(&txn, file.id).await?;
    audit::record(
        &txn,
        meta,
        AuditEntry {
            actor_id: Some(actor.user_id),
            action: AuditAction::DonationsImported,
            object_type: AuditObject::Fund,
            object_id: Some(fund.fund.id.to_string()),
            organization_id: Some(fund.owner.id),
            before: json!(null),
            after: json!({
                "file": file.file_name, "sha256": file.sha256,
                "transactions": recorded, "total": total.dong(), "skipped": skipped,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Imported {
        created: recorded.len(),
        skipped,
        total,
    })
}
