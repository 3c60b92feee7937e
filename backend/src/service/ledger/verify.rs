//! The ledger's own audit (rules 1, 3 and 6): every fund's balances recomputed from its
//! entries, every transaction summed, in one consistent read.

use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
    sea_query::Expr,
};
use shared::EntryPhase;

use crate::{
    entity::{fund, fund_day_total, ledger_entry, ledger_transaction},
    error::Result,
    service::sum_of,
};

/// One thing [`verify`] found wrong.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Mismatch {
    /// What is wrong, e.g. `POSTED_BALANCE`, `RESERVED_BALANCE`, `OVERDRAWN`, `UNBALANCED`,
    /// `DAY_TOTALS` (a fund's posted money per day does not add up to its posted entries).
    pub check: &'static str,
    pub fund_id: Option<i64>,
    pub transaction_id: Option<i64>,
    /// What the entries say.
    pub expected: i64,
    /// What is stored.
    pub actual: i64,
}

/// What [`verify`] looked at and found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LedgerCheck {
    pub funds_checked: u64,
    pub transactions_checked: u64,
    pub entries_checked: u64,
    pub mismatches: Vec<Mismatch>,
}

#[derive(Debug, FromQueryResult)]
struct FundSums {
    fund_id: i64,
    posted: Option<i64>,
    pending: Option<i64>,
}

#[derive(Debug, FromQueryResult)]
struct TransactionSums {
    transaction_id: i64,
    total: Option<i64>,
    entries: i64,
}

/// Recomputes every fund's balances from the entries and checks every transaction (rules 1, 3
/// and 6). Runs in one read transaction so it sees a single consistent state.
#[tracing::instrument(skip(db))]
pub async fn verify(db: &DatabaseConnection) -> Result<LedgerCheck> {
    use ledger_entry::Column;
    use sea_orm::PaginatorTrait;
    let txn = crate::db::begin_snapshot(db).await?;
    let in_phase = |phase: EntryPhase| {
        sum_of(&format!(
            "CASE WHEN phase = '{phase}' THEN amount ELSE 0 END"
        ))
    };
    let pending_sum = in_phase(EntryPhase::Pending);
    let posted_sum = in_phase(EntryPhase::Posted);
    let sums: HashMap<i64, FundSums> = ledger_entry::Entity::find()
        .select_only()
        .column(Column::FundId)
        .column_as(posted_sum, "posted")
        .column_as(pending_sum, "pending")
        .filter(Column::FundId.is_not_null())
        .group_by(Column::FundId)
        .into_model::<FundSums>()
        .all(&txn)
        .await?
        .into_iter()
        .map(|sums| (sums.fund_id, sums))
        .collect();
    // What statements add up: each fund's days, in all.
    let day_totals: HashMap<i64, i64> = fund_day_total::Entity::find()
        .select_only()
        .column(fund_day_total::Column::FundId)
        .column_as(sum_of("amount"), "total")
        .group_by(fund_day_total::Column::FundId)
        .into_tuple::<(i64, Option<i64>)>()
        .all(&txn)
        .await?
        .into_iter()
        .map(|(fund_id, total)| (fund_id, total.unwrap_or(0)))
        .collect();
    let all_funds = fund::Entity::find().all(&txn).await?;
    let mut mismatches = Vec::new();
    for fund in &all_funds {
        let (posted, pending) = sums
            .get(&fund.id)
            .map(|s| (s.posted.unwrap_or(0), s.pending.unwrap_or(0)))
            .unwrap_or((0, 0));
        let mut check = |check, expected: i64, actual: i64| {
            if expected != actual {
                mismatches.push(Mismatch {
                    check,
                    fund_id: Some(fund.id),
                    transaction_id: None,
                    expected,
                    actual,
                });
            }
        };
        check("POSTED_BALANCE", posted, fund.posted_balance);
        check(
            "DAY_TOTALS",
            posted,
            day_totals.get(&fund.id).copied().unwrap_or(0),
        );
        check("RESERVED_BALANCE", -pending, fund.reserved_balance);
        if posted + pending < 0 {
            check("OVERDRAWN", 0, posted + pending);
        }
    }
    let unbalanced = ledger_entry::Entity::find()
        .select_only()
        .column(Column::TransactionId)
        .column_as(sum_of("amount"), "total")
        .column_as(Column::Id.count(), "entries")
        .group_by(Column::TransactionId)
        .having(Expr::cust("SUM(amount) <> 0 OR COUNT(id) < 2"))
        .into_model::<TransactionSums>()
        .all(&txn)
        .await?;
    for sums in unbalanced {
        mismatches.push(Mismatch {
            check: if sums.entries < 2 {
                "TOO_FEW_ENTRIES"
            } else {
                "UNBALANCED"
            },
            fund_id: None,
            transaction_id: Some(sums.transaction_id),
            expected: 0,
            actual: sums.total.unwrap_or(0),
        });
    }
    // A transaction with no entries at all has no group above.
    let transactions_checked = ledger_transaction::Entity::find().count(&txn).await?;
    let with_entries = ledger_entry::Entity::find()
        .select_only()
        .column(Column::TransactionId)
        .distinct()
        .count(&txn)
        .await?;
    if with_entries != transactions_checked {
        mismatches.push(Mismatch {
            check: "TRANSACTIONS_WITHOUT_ENTRIES",
            fund_id: None,
            transaction_id: None,
            expected: i64::try_from(transactions_checked).unwrap_or(i64::MAX),
            actual: i64::try_from(with_entries).unwrap_or(i64::MAX),
        });
    }
    let entries_checked = ledger_entry::Entity::find().count(&txn).await?;
    txn.commit().await?;
    Ok(LedgerCheck {
        funds_checked: all_funds.len() as u64,
        transactions_checked,
        entries_checked,
        mismatches,
    })
}
