//! The scale data's ledger: its rows written in bulk in `service::ledger`'s double-entry
//! shapes, each fund's balances kept as they go and settled once at the end.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use shared::{DonationMethod, EntryPhase, LedgerAccount, TransactionKind};

use super::sink::{Ids, Sink, Table};

/// What moves money, in `service::ledger`'s double-entry shapes.
pub(super) enum Movement {
    Donation {
        fund: i64,
        donor: i64,
        amount: i64,
    },
    Reserve {
        fund: i64,
        amount: i64,
    },
    Disburse {
        fund: i64,
        reservation: i64,
        amount: i64,
    },
    Void {
        fund: i64,
        reservation: i64,
        amount: i64,
    },
}

/// The ledger's rows, with each fund's balances kept as they go (posted, reserved).
pub(super) struct Ledger {
    pub(super) balances: BTreeMap<i64, (i64, i64)>,
    pub(super) actor: i64,
}

impl Ledger {
    pub(super) async fn record(
        &mut self,
        sink: &mut Sink<'_>,
        ids: &mut Ids,
        movement: Movement,
        at: DateTime<Utc>,
    ) -> anyhow::Result<i64> {
        type Entry = (Option<i64>, LedgerAccount, EntryPhase, i64);
        let (kind, memo, donor, resolves, entries): (_, _, _, _, Vec<Entry>) = match movement {
            Movement::Donation {
                fund,
                donor,
                amount,
            } => (
                TransactionKind::Donation,
                "Ủng hộ Quỹ Khuyến học",
                Some(donor),
                None,
                vec![
                    (None, LedgerAccount::Donors, EntryPhase::Posted, -amount),
                    (Some(fund), LedgerAccount::Fund, EntryPhase::Posted, amount),
                ],
            ),
            Movement::Reserve { fund, amount } => (
                TransactionKind::Reservation,
                "Học bổng được duyệt",
                None,
                None,
                vec![
                    (
                        Some(fund),
                        LedgerAccount::Fund,
                        EntryPhase::Pending,
                        -amount,
                    ),
                    (None, LedgerAccount::Payees, EntryPhase::Pending, amount),
                ],
            ),
            Movement::Disburse {
                fund,
                reservation,
                amount,
            } => (
                TransactionKind::Disbursement,
                "Chi học bổng",
                None,
                Some(reservation),
                vec![
                    (None, LedgerAccount::Payees, EntryPhase::Pending, -amount),
                    (Some(fund), LedgerAccount::Fund, EntryPhase::Pending, amount),
                    (Some(fund), LedgerAccount::Fund, EntryPhase::Posted, -amount),
                    (None, LedgerAccount::Payees, EntryPhase::Posted, amount),
                ],
            ),
            Movement::Void {
                fund,
                reservation,
                amount,
            } => (
                TransactionKind::Void,
                "Huỷ học bổng",
                None,
                Some(reservation),
                vec![
                    (None, LedgerAccount::Payees, EntryPhase::Pending, -amount),
                    (Some(fund), LedgerAccount::Fund, EntryPhase::Pending, amount),
                ],
            ),
        };
        let id = ids.take(Table::LedgerTransaction);
        let method = donor.map(|_| DonationMethod::BankTransfer);
        sink.push(
            Table::LedgerTransaction,
            vec![
                id.into(),
                kind.into(),
                memo.into(),
                donor.into(),
                method.into(),
                resolves.into(),
                // Reservations, payments and voids are an award's, made on its authority.
                (kind != TransactionKind::Donation).into(),
                self.actor.into(),
                at.into(),
            ],
        )
        .await?;
        for (fund, account, phase, amount) in entries {
            sink.push(
                Table::LedgerEntry,
                vec![
                    id.into(),
                    fund.into(),
                    account.into(),
                    phase.into(),
                    amount.into(),
                    kind.into(),
                    donor.into(),
                    at.into(),
                ],
            )
            .await?;
            if let Some(fund) = fund {
                let balance = self.balances.entry(fund).or_default();
                if phase == EntryPhase::Posted {
                    balance.0 += amount;
                } else {
                    balance.1 -= amount;
                }
            }
        }
        Ok(id)
    }

    pub(super) async fn settle_balances(&self, db: &DatabaseConnection) -> anyhow::Result<()> {
        let sql = match db.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => {
                "UPDATE fund SET posted_balance = posted_balance + $1, \
                 reserved_balance = reserved_balance + $2 WHERE id = $3"
            }
            _ => {
                "UPDATE fund SET posted_balance = posted_balance + ?, \
                 reserved_balance = reserved_balance + ? WHERE id = ?"
            }
        };
        for (fund, (posted, reserved)) in &self.balances {
            db.execute_raw(Statement::from_sql_and_values(
                db.get_database_backend(),
                sql,
                [(*posted).into(), (*reserved).into(), (*fund).into()],
            ))
            .await?;
        }
        Ok(())
    }
}
