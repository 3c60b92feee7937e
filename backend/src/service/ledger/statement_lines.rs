//! A fund's statement with every entry (sổ chi tiết quỹ): its posted entries of a period of
//! days, oldest first, a page at a time, for an export to stream. Each page is one statement
//! through the index on `(fund_id, created_at)`, and starts where the last one ended.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use sea_orm::{
    ConnectionTrait, FromQueryResult,
    sea_query::{Alias, Cond, Expr, ExprTrait, Order, Query},
};
use shared::{DonationMethod, EntryPhase, TransactionKind};

use crate::{entity::ledger_entry, error::Result};

/// One posted entry of a fund, as a statement lists it.
#[derive(Debug, Clone, FromQueryResult)]
pub struct StatementLine {
    pub id: i64,
    pub transaction_id: i64,
    pub kind: TransactionKind,
    /// Positive into the fund, negative out of it.
    pub amount: i64,
    pub created_at: DateTime<Utc>,
    pub memo: String,
    pub method: Option<DonationMethod>,
    pub bank_reference: Option<String>,
    pub donor_name: Option<String>,
    pub donor_anonymous: Option<bool>,
}

/// Where a page of lines starts: after this entry (its time and id).
pub type After = (DateTime<Utc>, i64);

/// The first instant of `day` in Vietnam, in UTC.
fn start_of(day: NaiveDate) -> DateTime<Utc> {
    let local = day.and_time(NaiveTime::MIN);
    (local - TimeDelta::hours(7)).and_utc()
}

/// Up to `first` posted entries of `fund_id` from the day `from` to the day `to` (Vietnam's
/// calendar, both included), oldest first, after `after`. The days are the ones the fund's
/// statement sums (`fund_day_total`), so the lines add up to it.
pub async fn statement_lines(
    db: &impl ConnectionTrait,
    fund_id: i64,
    (from, to): (NaiveDate, NaiveDate),
    after: Option<After>,
    first: u64,
) -> Result<Vec<StatementLine>> {
    use ledger_entry::Column;
    let (e, t, d) = (Alias::new("e"), Alias::new("t"), Alias::new("d"));
    let entry = |column: Column| Expr::col((e.clone(), column));
    let until = to.succ_opt().map_or(DateTime::<Utc>::MAX_UTC, start_of);
    let mut query = Query::select();
    query.from_as(ledger_entry::Entity, e.clone());
    super::entries::with_header_and_donor(&mut query, &e, &t, &d);
    query
        .and_where(entry(Column::FundId).eq(fund_id))
        .and_where(entry(Column::Phase).eq(EntryPhase::Posted))
        .and_where(entry(Column::CreatedAt).gte(start_of(from)))
        .and_where(entry(Column::CreatedAt).lt(until))
        .order_by((e.clone(), Column::CreatedAt), Order::Asc)
        .order_by((e.clone(), Column::Id), Order::Asc)
        .limit(first);
    if let Some((at, id)) = after {
        query.cond_where(
            Cond::any().add(entry(Column::CreatedAt).gt(at)).add(
                Cond::all()
                    .add(entry(Column::CreatedAt).eq(at))
                    .add(entry(Column::Id).gt(id)),
            ),
        );
    }
    let rows = db.query_all(&query).await?;
    Ok(rows
        .iter()
        .map(|row| StatementLine::from_query_result(row, ""))
        .collect::<std::result::Result<_, _>>()?)
}
