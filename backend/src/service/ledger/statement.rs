//! Statements (rule 7): a fund's opening and closing balances, receipts and payments by kind
//! for a period, and its totals by month, all summed from the posted entries.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use shared::{
    EntryPhase, Money, TransactionKind, ValidationError, ValidationReason,
    ledger::{KindTotal, Statement},
};

use super::verify::sum_of;
use crate::{
    entity::ledger_entry,
    error::{Error, Result},
    service::fund as funds,
};

#[derive(Debug, FromQueryResult)]
struct KindSum {
    kind: TransactionKind,
    positive: bool,
    total: Option<i64>,
}

#[derive(Debug, FromQueryResult)]
struct Balances {
    opening: Option<i64>,
    closing: Option<i64>,
}

/// A fund's statement for `[from, to)`, computed from its posted entries: the opening and
/// closing balances are each summed from the entries independently, so that the statement's
/// own reconciliation (rule 7) is a real check, not arithmetic on itself.
#[tracing::instrument(skip(db))]
pub async fn statement(
    db: &DatabaseConnection,
    fund_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Statement> {
    use ledger_entry::Column;
    if to < from {
        return Err(ValidationError::new(
            "to",
            ValidationReason::TooSmall {
                min: "the start of the period".into(),
            },
        )
        .into());
    }
    let txn = crate::db::begin_snapshot(db).await?;
    let db = &txn;
    funds::get(db, fund_id).await?;
    let posted = || {
        ledger_entry::Entity::find()
            .filter(Column::FundId.eq(fund_id))
            .filter(Column::Phase.eq(EntryPhase::Posted))
    };
    // Both balances in one statement, each its own sum over the entries before its instant.
    let before = |at: DateTime<Utc>| {
        use sea_orm::sea_query::Func;
        Expr::expr(Func::sum(
            Expr::case(
                Expr::col(Column::CreatedAt).lt(at),
                Expr::col(Column::Amount),
            )
            .finally(0),
        ))
        .cast_as("BIGINT")
    };
    let balances = posted()
        .select_only()
        .column_as(before(from), "opening")
        .column_as(before(to), "closing")
        .filter(Column::CreatedAt.lt(to))
        .into_model::<Balances>()
        .one(db)
        .await?;
    let (opening, closing) =
        balances.map_or((0, 0), |b| (b.opening.unwrap_or(0), b.closing.unwrap_or(0)));
    let (opening, closing) = (Money::from_dong(opening), Money::from_dong(closing));
    let sums = posted()
        .select_only()
        .column(Column::Kind)
        // Literal SQL: a bound `0` would be a different parameter in SELECT and GROUP BY,
        // which PostgreSQL does not accept as the same expression.
        .column_as(Expr::cust("amount > 0"), "positive")
        .column_as(sum_of("amount"), "total")
        .filter(Column::CreatedAt.gte(from))
        .filter(Column::CreatedAt.lt(to))
        .group_by(Column::Kind)
        .group_by(Expr::cust("amount > 0"))
        .into_model::<KindSum>()
        .all(db)
        .await?;
    let mut receipts = Vec::new();
    let mut payments = Vec::new();
    for sum in sums {
        let kind = sum.kind;
        let total = sum.total.unwrap_or(0);
        if sum.positive {
            receipts.push(KindTotal {
                kind,
                amount: Money::from_dong(total),
            });
        } else {
            payments.push(KindTotal {
                kind,
                amount: Money::from_dong(-total),
            });
        }
    }
    receipts.sort_by_key(|line| line.kind);
    payments.sort_by_key(|line| line.kind);
    txn.commit().await?;
    Ok(Statement {
        opening,
        receipts,
        payments,
        closing,
    })
}

/// Receipts and payments of one calendar month (Vietnam time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthTotals {
    /// `2026-11`.
    pub month: String,
    pub receipts: Money,
    pub payments: Money,
}

/// A fund's receipts and payments per month over the `months` months ending with the current
/// one, oldest first, empty months included (for the dashboard's chart).
pub async fn monthly_totals(
    db: &DatabaseConnection,
    fund_id: i64,
    months: u32,
) -> Result<Vec<MonthTotals>> {
    use chrono::{Datelike, NaiveDate, TimeZone};
    use ledger_entry::Column;

    let vietnam = shared::date::vietnam();
    let today = shared::date::vietnam_day(Utc::now());
    let mut labels = Vec::new();
    let (mut year, mut month) = (today.year(), today.month());
    for _ in 0..std::cmp::max(months, 1) {
        labels.push((year, month));
        (year, month) = if month == 1 {
            (year - 1, 12)
        } else {
            (year, month - 1)
        };
    }
    labels.reverse();
    let (first_year, first_month) = labels[0];
    let start = NaiveDate::from_ymd_opt(first_year, first_month, 1)
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .and_then(|start| vietnam.from_local_datetime(&start).single())
        .ok_or_else(|| Error::Internal("bad month".into()))?;
    // One narrow query over the period; bucketing in Vietnam time is done here because
    // SQLite and PostgreSQL have no common way to do it in SQL.
    let rows: Vec<(DateTime<Utc>, i64)> = ledger_entry::Entity::find()
        .select_only()
        .column(Column::CreatedAt)
        .column(Column::Amount)
        .filter(Column::FundId.eq(fund_id))
        .filter(Column::Phase.eq(EntryPhase::Posted))
        .filter(Column::CreatedAt.gte(start.with_timezone(&Utc)))
        .into_tuple()
        .all(db)
        .await?;
    let mut totals: BTreeMap<(i32, u32), (i64, i64)> =
        labels.iter().map(|label| (*label, (0, 0))).collect();
    for (at, amount) in rows {
        let local = at.with_timezone(&vietnam);
        if let Some(total) = totals.get_mut(&(local.year(), local.month())) {
            if amount > 0 {
                total.0 = total.0.saturating_add(amount);
            } else {
                total.1 = total.1.saturating_add(-amount);
            }
        }
    }
    Ok(totals
        .into_iter()
        .map(|((year, month), (receipts, payments))| MonthTotals {
            month: format!("{year:04}-{month:02}"),
            receipts: Money::from_dong(receipts),
            payments: Money::from_dong(payments),
        })
        .collect())
}
