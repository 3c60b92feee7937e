//! A fund's posted money per day (`fund_day_total`, see its migration): kept by the ledger in
//! the transaction that posts, read by statements and the dashboard's months, so that a
//! period costs a row per day rather than one per entry.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sea_orm::{
    ConnectionTrait, EntityTrait,
    sea_query::{Alias, Expr, ExprTrait as _, OnConflict},
};
use shared::{EntryPhase, TransactionKind};

use crate::{
    entity::{fund_day_total, ledger_entry},
    error::Result,
};

/// Adds the posted entries among `entries` to their funds' days. Called with the funds
/// locked, so two writers never add to the same day at once.
pub(super) async fn add(db: &impl ConnectionTrait, entries: &[ledger_entry::Model]) -> Result<()> {
    use fund_day_total::Column;
    let mut sums: BTreeMap<(i64, NaiveDate, TransactionKind, bool), (i64, i64)> = BTreeMap::new();
    for entry in entries {
        let Some(fund_id) = entry.fund_id else {
            continue;
        };
        if entry.phase != EntryPhase::Posted {
            continue;
        }
        let day = shared::date::vietnam_day(entry.created_at);
        let sum = sums
            .entry((fund_id, day, entry.kind, entry.amount > 0))
            .or_default();
        sum.0 = sum.0.saturating_add(entry.amount);
        sum.1 += 1;
    }
    for ((fund_id, day, kind, receipt), (amount, count)) in sums {
        let added = |column: Column| {
            Expr::col((fund_day_total::Entity, column))
                .add(Expr::col((Alias::new("excluded"), column)))
        };
        fund_day_total::Entity::insert(fund_day_total::ActiveModel {
            fund_id: sea_orm::Set(fund_id),
            day: sea_orm::Set(day),
            kind: sea_orm::Set(kind),
            receipt: sea_orm::Set(receipt),
            amount: sea_orm::Set(amount),
            entries: sea_orm::Set(count),
        })
        .on_conflict(
            OnConflict::columns([Column::FundId, Column::Day, Column::Kind, Column::Receipt])
                .value(Column::Amount, added(Column::Amount))
                .value(Column::Entries, added(Column::Entries))
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// Sums every fund's days afresh from the entries: after a bulk load that wrote entries
/// directly (`khuyenhoc seed-scale`). The same statement filled the table when it was made.
pub async fn rebuild(db: &impl ConnectionTrait) -> Result<()> {
    db.execute_unprepared("DELETE FROM fund_day_total").await?;
    db.execute_unprepared(&migration::fund_day_totals_from_entries(
        db.get_database_backend(),
    ))
    .await?;
    Ok(())
}
