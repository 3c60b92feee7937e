//! Bank statements of a fund's account, and reconciliation: every line of the bank's
//! statement kept once, matched to the fund's book.
//!
//! A treasurer uploads the file their bank exports ([`upload_as`]); [`preview_as`] reads it
//! and says what importing it would do, line by line; [`import_as`] does exactly that in one
//! database transaction. A credit whose note carries a pledge's reference becomes that
//! pledge's donation; one whose bank reference is already on a donation is marked as
//! recorded; a debit with one payout of its amount around its date is that payout. Every
//! other line waits for the treasurer ([`resolve_as`]), with suggestions. [`report`] sets the
//! bank's closing balance against the fund's posted balance on the statement's last day.
//!
//! Writers of a fund's bank lines take the fund's lock (`bank lines of fund N`), so two
//! imports, or two treasurers confirming the same line, run one after the other; the second
//! finds the work done.

mod plan;
mod read;
mod resolve;

use chrono::{TimeDelta, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, Set,
    sea_query::{Expr, Query},
};
use serde_json::json;
use shared::{
    AuditAction, AuditObject, DonationMethod, DonorKind, Money,
    bank_statement::{self as reader, BankLineStatus, StatementLine},
};

/// The largest statement file taken: a year of a busy account's lines is well under it.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// A statement file's cells, as the bank's export shows them (its merged title cells too).
fn grid(bytes: &[u8]) -> Result<Vec<Vec<reader::Cell>>> {
    use super::sheet::{SheetError, Strictness};
    super::sheet::grid(bytes, Strictness::AsShown).map_err(|error| {
        Error::Statement(match error {
            SheetError::Empty => reader::ReadError::Empty,
            _ => reader::ReadError::Unreadable,
        })
    })
}

/// A line of a fund's bank account, and an imported statement, as rows.
pub use crate::entity::{bank_line::Model as Line, bank_statement::Model as Statement};
pub use plan::{Plan, PlannedLine, Suggestion, suggestions};
pub use read::{
    FileFacts, file_facts, lines_of, of_fund_as, posted_balance_on, statement_as, statement_line,
};
pub use resolve::{Resolution, resolve_as};

use super::{
    actor::{MONEY_ROLES, SignedIn},
    audit::{self, AuditEntry, RequestMeta},
    bank_account::{self, BankAccount},
    fund::{self, DonorForCreate, FundWithOwner},
    ledger::{self, DonorRef, Movement},
};
use crate::{
    entity::{bank_line, bank_statement, bank_statement_file, pledge},
    error::{Error, Result},
};

/// Uploaded files that were never imported are cleared after this long.
const UNIMPORTED_FILE_DAYS: i64 = 2;

/// The longest note a treasurer leaves on a line set aside.
const NOTE_MAX_CHARS: usize = 500;

/// A statement file as read: the account it is for and its lines with what importing them
/// would do.
#[derive(Debug, Clone)]
pub struct Preview {
    pub file: bank_statement_file::Model,
    pub account: BankAccount,
    pub statement: reader::Statement,
    pub lines: Vec<PlannedLine>,
}

/// The lock every writer of a fund's bank lines takes.
fn lock_key(fund_id: i64) -> String {
    format!("bank lines of fund {fund_id}")
}

/// The account and its fund, for one of the fund's treasurers.
async fn account_for_treasurer(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    bank_account_id: i64,
    what: &str,
) -> Result<(BankAccount, FundWithOwner)> {
    let account = bank_account::get(db, bank_account_id).await?;
    let found = fund::get_with_owner(db, account.row.fund_id).await?;
    actor.require_any(&MONEY_ROLES, &found.owner, what)?;
    Ok((account, found))
}

/// Keeps an uploaded statement file of a fund's account, for its treasurers. Nothing is read
/// into the book yet: the file is checked to be a statement of this account, and the
/// preview is made from it.
#[tracing::instrument(skip(db, actor, bytes), fields(size = bytes.len()))]
pub async fn upload_as(
    db: &DatabaseConnection,
    actor: &SignedIn,
    bank_account_id: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<bank_statement_file::Model> {
    super::sheet::at_most(&bytes, MAX_BYTES)?;
    let (account, found) = account_for_treasurer(
        db,
        actor,
        bank_account_id,
        "import this account's statements",
    )
    .await?;
    if account.row.retired_at.is_some() {
        return Err(Error::Conflict(
            "This account is retired; take it back into use to import its statements.".into(),
        ));
    }
    // Read now, so that a file that is not this account's statement is refused at once.
    reader::read(
        &grid(&bytes)?,
        &account.row.bank_bin,
        &account.row.account_number,
    )?;
    let file_name = shared::text::optional_line("fileName", file_name, 200)?
        .unwrap_or_else(|| "statement".to_owned());
    let now = Utc::now();
    // Files uploaded and never imported are not kept.
    let imported = Query::select()
        .column(bank_statement::Column::FileId)
        .from(bank_statement::Entity)
        .to_owned();
    bank_statement_file::Entity::delete_many()
        .filter(
            bank_statement_file::Column::UploadedAt.lt(now - TimeDelta::days(UNIMPORTED_FILE_DAYS)),
        )
        .filter(bank_statement_file::Column::Id.not_in_subquery(imported))
        .exec(db)
        .await?;
    Ok(bank_statement_file::ActiveModel {
        fund_id: Set(found.fund.id),
        bank_account_id: Set(account.row.id),
        file_name: Set(file_name),
        sha256: Set(super::sha256_hex(&bytes)),
        size: Set(i64::try_from(bytes.len()).unwrap_or(i64::MAX)),
        content: Set(bytes),
        uploaded_by: Set(actor.user_id),
        uploaded_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// An uploaded file and its account, for one of the fund's treasurers.
async fn file_for_treasurer(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    file_id: i64,
) -> Result<(bank_statement_file::Model, BankAccount, FundWithOwner)> {
    let found = bank_statement_file::Entity::find_by_id(file_id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "BankStatementFile",
            id: file_id.to_string(),
        })?;
    let (account, fund) = account_for_treasurer(
        db,
        actor,
        found.bank_account_id,
        "import this account's statements",
    )
    .await?;
    Ok((found, account, fund))
}

/// What importing an uploaded file would do, line by line.
pub async fn preview_as(
    db: &DatabaseConnection,
    actor: &SignedIn,
    file_id: i64,
) -> Result<Preview> {
    let (file, account, _) = file_for_treasurer(db, actor, file_id).await?;
    read_and_plan(db, file, account).await
}

async fn read_and_plan(
    db: &impl ConnectionTrait,
    file: bank_statement_file::Model,
    account: BankAccount,
) -> Result<Preview> {
    let statement = reader::read(
        &grid(&file.content)?,
        &account.row.bank_bin,
        &account.row.account_number,
    )?;
    let lines = plan::plan(db, &account, &statement.lines).await?;
    Ok(Preview {
        file,
        account,
        statement,
        lines,
    })
}

/// Imports an uploaded file as previewed, all of it in one transaction: its new lines, the
/// donations of the pledges they carry, the payouts they are. Importing the same file again
/// returns the first import; another file that repeats lines adds only the lines it doesn't
/// repeat.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn import_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    file_id: i64,
) -> Result<bank_statement::Model> {
    let txn = crate::db::begin_write(db).await?;
    let (file, account, found) = file_for_treasurer(&txn, actor, file_id).await?;
    crate::db::lock_keys(&txn, &[lock_key(found.fund.id)]).await?;
    if let Some(done) = bank_statement::Entity::find()
        .filter(bank_statement::Column::FileId.eq(file.id))
        .one(&txn)
        .await?
    {
        return Ok(done);
    }
    if found.fund.archived_at.is_some() {
        return Err(Error::Conflict("This fund is closed.".into()));
    }
    let preview = read_and_plan(&txn, file, account).await?;
    let now = Utc::now();
    let (first_day, last_day) = preview
        .statement
        .first_day()
        .zip(preview.statement.last_day())
        .ok_or(reader::ReadError::Empty)?;
    let new_lines = preview
        .lines
        .iter()
        .filter(|line| !matches!(line.plan, Plan::AlreadyImported { .. }))
        .count();
    let statement = bank_statement::ActiveModel {
        fund_id: Set(found.fund.id),
        bank_account_id: Set(preview.account.row.id),
        file_id: Set(preview.file.id),
        first_day: Set(first_day),
        last_day: Set(last_day),
        closing_balance: Set(preview.statement.closing_balance()),
        line_count: Set(count_i32(preview.lines.len())),
        new_line_count: Set(count_i32(new_lines)),
        imported_by: Set(actor.user_id),
        imported_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;

    let mut matched = 0_usize;
    for planned in &preview.lines {
        let (status, transaction_id, pledge_id) = match &planned.plan {
            Plan::AlreadyImported { .. } => continue,
            Plan::Pledge(found_pledge) => {
                let line = StatementLine {
                    bank_reference: Some(planned.bank_reference()),
                    ..planned.line.clone()
                };
                let donation =
                    record_pledge(&txn, meta, actor, found.fund.id, &line, found_pledge).await?;
                (
                    BankLineStatus::Pledge,
                    Some(donation),
                    Some(found_pledge.id),
                )
            }
            Plan::Recorded(transaction_id) => {
                (BankLineStatus::Recorded, Some(*transaction_id), None)
            }
            Plan::Payout(transaction_id) => (BankLineStatus::Payout, Some(*transaction_id), None),
            Plan::Unmatched(_) => (BankLineStatus::Unmatched, None, None),
        };
        if status != BankLineStatus::Unmatched {
            matched += 1;
        }
        let line = &planned.line;
        bank_line::ActiveModel {
            fund_id: Set(found.fund.id),
            bank_account_id: Set(preview.account.row.id),
            statement_id: Set(statement.id),
            line_key: Set(planned.key.clone()),
            row_number: Set(count_i32(line.row)),
            booked_on: Set(line.booked_on),
            amount: Set(line.amount),
            description: Set(line.description.clone()),
            bank_reference: Set(line.bank_reference.clone()),
            balance: Set(line.balance),
            counterparty: Set(line.counterparty.clone()),
            status: Set(status),
            transaction_id: Set(transaction_id),
            pledge_id: Set(pledge_id),
            note: Set(None),
            resolved_by: Set((status != BankLineStatus::Unmatched).then_some(actor.user_id)),
            resolved_at: Set((status != BankLineStatus::Unmatched).then_some(now)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let entry = AuditEntry {
        actor_id: Some(actor.user_id),
        action: AuditAction::BankStatementImported,
        object_type: AuditObject::BankStatement,
        object_id: Some(statement.id.to_string()),
        organization_id: Some(found.owner.id),
        before: json!(null),
        after: json!({
            "bankAccountId": preview.account.row.id,
            "fileName": preview.file.file_name,
            "sha256": preview.file.sha256,
            "firstDay": first_day,
            "lastDay": last_day,
            "lines": preview.lines.len(),
            "newLines": new_lines,
            "matched": matched,
        }),
    };
    audit::record(&txn, meta, entry).await?;
    txn.commit().await?;
    Ok(statement)
}

fn count_i32(count: usize) -> i32 {
    i32::try_from(count).unwrap_or(i32::MAX)
}

/// Records a pledge's donation from a bank line and marks the pledge fulfilled by it.
pub(super) async fn record_pledge(
    txn: &DatabaseTransaction,
    meta: &RequestMeta,
    actor: &SignedIn,
    fund_id: i64,
    line: &StatementLine,
    found: &pledge::Model,
) -> Result<i64> {
    let donor = DonorForCreate {
        kind: DonorKind::Person,
        name: found
            .donor_name
            .clone()
            .or_else(|| line.counterparty.clone())
            .unwrap_or_else(|| "Người ủng hộ".to_owned()),
        anonymous: found.anonymous,
        contact: found.contact.clone(),
    };
    let donation = record_donation(
        txn,
        meta,
        actor,
        fund_id,
        line,
        donor,
        found.campaign_id,
        format!("Chuyển khoản theo cam kết {}", found.reference),
    )
    .await?;
    let fulfilled = pledge::Entity::update_many()
        .col_expr(pledge::Column::TransactionId, Expr::value(donation))
        .filter(pledge::Column::Id.eq(found.id))
        .filter(pledge::Column::TransactionId.is_null())
        .exec(txn)
        .await?;
    if fulfilled.rows_affected != 1 {
        return Err(Error::Conflict(format!(
            "Pledge {} was already fulfilled by another transfer.",
            found.reference
        )));
    }
    Ok(donation)
}

/// A bank-transfer donation of a line's amount, with the line's bank reference.
#[expect(
    clippy::too_many_arguments,
    reason = "one donation's parts, each needed"
)]
pub(super) async fn record_donation(
    txn: &DatabaseTransaction,
    meta: &RequestMeta,
    actor: &SignedIn,
    fund_id: i64,
    line: &StatementLine,
    donor: DonorForCreate,
    campaign_id: Option<i64>,
    memo: String,
) -> Result<i64> {
    let amount = Money::positive_amount("amount", line.amount)?;
    let recorded = ledger::perform_in(
        txn,
        meta,
        actor,
        Movement::Donation {
            fund_id,
            amount,
            donor: DonorRef::New(donor),
            method: DonationMethod::BankTransfer,
            bank_reference: line.bank_reference.clone(),
            memo,
            campaign_id,
            // Received the day the bank booked it, whenever it is recorded.
            received: Some(ledger::Received {
                on: Some(line.booked_on),
                receipt_number: None,
                import_key: None,
            }),
        },
    )
    .await?;
    Ok(recorded.transaction.id)
}
