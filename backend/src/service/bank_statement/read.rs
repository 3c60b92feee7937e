//! Reading what was imported: a fund's statements, a statement's lines, the names of their
//! files, and the fund's posted balance on a statement's last day.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use shared::bank_statement::StatementLine;

use crate::{
    entity::{bank_line, bank_statement, bank_statement_file, fund_day_total},
    error::{Error, Result},
    service::{
        actor::{MONEY_ROLES, SignedIn},
        fund,
    },
};

/// What a statement says of its file: its name and hash (never its content, which stays
/// in the database until someone downloads it).
#[derive(Debug, Clone, Default)]
pub struct FileFacts {
    pub name: String,
    pub sha256: String,
}

/// The names and hashes of files, by id.
pub async fn file_facts(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, FileFacts>> {
    let ids: Vec<i64> = ids.into_iter().collect();
    let mut found = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(i64, String, String)> = bank_statement_file::Entity::find()
            .select_only()
            .column(bank_statement_file::Column::Id)
            .column(bank_statement_file::Column::FileName)
            .column(bank_statement_file::Column::Sha256)
            .filter(bank_statement_file::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        found.extend(
            rows.into_iter()
                .map(|(id, name, sha256)| (id, FileFacts { name, sha256 })),
        );
    }
    Ok(found)
}

/// A kept line as the reader gave it.
pub fn statement_line(line: &bank_line::Model) -> StatementLine {
    StatementLine {
        row: usize::try_from(line.row_number).unwrap_or_default(),
        booked_on: line.booked_on,
        amount: line.amount,
        description: line.description.clone(),
        bank_reference: line.bank_reference.clone(),
        balance: line.balance,
        counterparty: line.counterparty.clone(),
    }
}

/// A statement, for the fund's treasurers.
pub async fn statement_as(
    db: &DatabaseConnection,
    actor: &SignedIn,
    id: i64,
) -> Result<(bank_statement::Model, FileFacts)> {
    let statement = bank_statement::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "BankStatement",
            id: id.to_string(),
        })?;
    let found = fund::get_with_owner(db, statement.fund_id).await?;
    actor.require_any(
        &MONEY_ROLES,
        &found.owner,
        "see this fund's bank statements",
    )?;
    let file = file_facts(db, [statement.file_id])
        .await?
        .remove(&statement.file_id)
        .ok_or_else(|| Error::Internal(format!("statement {id} has no file")))?;
    Ok((statement, file))
}

/// A fund's statements, newest first, for its treasurers.
pub async fn of_fund_as(
    db: &DatabaseConnection,
    actor: &SignedIn,
    fund_id: i64,
    limit: u64,
) -> Result<Vec<bank_statement::Model>> {
    let found = fund::get_with_owner(db, fund_id).await?;
    actor.require_any(
        &MONEY_ROLES,
        &found.owner,
        "see this fund's bank statements",
    )?;
    Ok(bank_statement::Entity::find()
        .filter(bank_statement::Column::FundId.eq(fund_id))
        .order_by_desc(bank_statement::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// The lines a statement brought in, in the statement's order.
pub async fn lines_of(
    db: &impl ConnectionTrait,
    statement_id: i64,
) -> Result<Vec<bank_line::Model>> {
    Ok(bank_line::Entity::find()
        .filter(bank_line::Column::StatementId.eq(statement_id))
        .order_by_asc(bank_line::Column::Id)
        .all(db)
        .await?)
}

/// The fund's posted balance at the end of `day` (Vietnam time), from its day totals.
pub async fn posted_balance_on(
    db: &impl ConnectionTrait,
    fund_id: i64,
    day: NaiveDate,
) -> Result<i64> {
    let sum: Option<Option<i64>> = fund_day_total::Entity::find()
        .select_only()
        .column_as(crate::service::sum_of("amount"), "sum")
        .filter(fund_day_total::Column::FundId.eq(fund_id))
        .filter(fund_day_total::Column::Day.lte(day))
        .into_tuple()
        .one(db)
        .await?;
    Ok(sum.flatten().unwrap_or(0))
}
