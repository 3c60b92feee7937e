//! Statements (rule 7): a fund's opening and closing balances, receipts and payments by kind
//! for a period of days, and its totals by month, all summed from the fund's posted money per
//! day (`fund_day_total`, which the ledger keeps with its entries): a year costs a row per
//! day, kind and direction, not one per entry.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use shared::{
    Money, TransactionKind, ValidationError, ValidationReason,
    ledger::{KindTotal, Statement},
};

use crate::{
    entity::fund_day_total,
    error::{Error, Result},
    service::{fund as funds, sum_of},
};

#[derive(Debug, FromQueryResult)]
struct KindSum {
    kind: TransactionKind,
    receipt: bool,
    total: Option<i64>,
}

#[derive(Debug, FromQueryResult)]
struct Balances {
    opening: Option<i64>,
    closing: Option<i64>,
}

/// A fund's statement for the days `from` to `to` (both included, Vietnam's calendar): the
/// opening and closing balances are each summed independently, so that the statement's own
/// reconciliation (rule 7) is a real check, not arithmetic on itself.
#[tracing::instrument(skip(db))]
pub async fn statement(
    db: &DatabaseConnection,
    fund_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Statement> {
    use fund_day_total::Column;
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
    let of_fund = || fund_day_total::Entity::find().filter(Column::FundId.eq(fund_id));
    // Both balances in one statement, each its own sum over the days before its own.
    let before = |day: NaiveDate, inclusive: bool| {
        use sea_orm::sea_query::Func;
        let inside = if inclusive {
            Expr::col(Column::Day).lte(day)
        } else {
            Expr::col(Column::Day).lt(day)
        };
        Expr::expr(Func::sum(
            Expr::case(inside, Expr::col(Column::Amount)).finally(0),
        ))
        .cast_as("BIGINT")
    };
    let balances = of_fund()
        .select_only()
        .column_as(before(from, false), "opening")
        .column_as(before(to, true), "closing")
        .filter(Column::Day.lte(to))
        .into_model::<Balances>()
        .one(db)
        .await?;
    let (opening, closing) =
        balances.map_or((0, 0), |b| (b.opening.unwrap_or(0), b.closing.unwrap_or(0)));
    let (opening, closing) = (Money::from_dong(opening), Money::from_dong(closing));
    let sums = of_fund()
        .select_only()
        .column(Column::Kind)
        .column(Column::Receipt)
        .column_as(sum_of("amount"), "total")
        .filter(Column::Day.gte(from))
        .filter(Column::Day.lte(to))
        .group_by(Column::Kind)
        .group_by(Column::Receipt)
        .into_model::<KindSum>()
        .all(db)
        .await?;
    let mut receipts = Vec::new();
    let mut payments = Vec::new();
    for sum in sums {
        let kind = sum.kind;
        let total = sum.total.unwrap_or(0);
        if sum.receipt {
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
    use fund_day_total::Column;

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
        .ok_or_else(|| Error::Internal("bad month".into()))?;
    // A row per day, kind and direction over the period, bucketed into months here.
    let rows: Vec<(NaiveDate, i64)> = fund_day_total::Entity::find()
        .select_only()
        .column(Column::Day)
        .column(Column::Amount)
        .filter(Column::FundId.eq(fund_id))
        .filter(Column::Day.gte(start))
        .into_tuple()
        .all(db)
        .await?;
    let mut totals: BTreeMap<(i32, u32), (i64, i64)> =
        labels.iter().map(|label| (*label, (0, 0))).collect();
    for (day, amount) in rows {
        if let Some(total) = totals.get_mut(&(day.year(), day.month())) {
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
