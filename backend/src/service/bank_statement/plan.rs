//! What importing a statement's lines would do: which are already kept, which carry a
//! pledge's reference, which are already in the book, which are payouts, and suggestions for
//! the rest. Read in a bounded number of statements whatever the statement's length (lists
//! of keys and references go in chunks well under the bind limit).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::{
    EntryPhase, LedgerAccount, PledgeReference, TransactionKind,
    bank_statement::{BankLineStatus, StatementLine},
    date::vietnam_day,
    text::folded,
};

use super::super::bank_account::BankAccount;
use crate::{
    entity::{bank_line, ledger_entry, ledger_transaction, pledge},
    error::{Error, Result},
};

/// How many values one `IN (…)` list carries.
const CHUNK: usize = 500;
/// How many days around a line's date a payout or a pledge is looked for.
const WINDOW_DAYS: i64 = 7;
/// How many suggestions a line gets.
const SUGGESTIONS: usize = 3;

/// A line of the file and what importing it would do.
#[derive(Debug, Clone)]
pub struct PlannedLine {
    pub line: StatementLine,
    /// What makes it the same line in another statement (see [`keys`]).
    pub key: String,
    pub plan: Plan,
}

impl PlannedLine {
    /// The reference a donation recorded from the line carries: the bank's, or the line's key.
    pub fn bank_reference(&self) -> String {
        self.line
            .bank_reference
            .clone()
            .unwrap_or_else(|| self.key.clone())
    }
}

/// What importing a line would do.
#[derive(Debug, Clone)]
pub enum Plan {
    /// An earlier statement brought it in: nothing.
    AlreadyImported {
        line_id: i64,
        status: BankLineStatus,
    },
    /// Its note carries this pending pledge's reference: the pledge's donation is recorded.
    Pledge(pledge::Model),
    /// A donation with its bank reference is already in the fund's book (recorded by hand).
    Recorded(i64),
    /// Money out, and the fund has exactly one payout of its amount around its date.
    Payout(i64),
    /// Left for the treasurer, with what it might be.
    Unmatched(Vec<Suggestion>),
}

/// What an unmatched line might be.
#[derive(Debug, Clone)]
pub enum Suggestion {
    Pledge {
        pledge: pledge::Model,
        /// The pledge's name is in the line's description or payer.
        name_matches: bool,
        same_amount: bool,
    },
    Payout {
        transaction_id: i64,
        amount: i64,
        memo: String,
        at: DateTime<Utc>,
    },
}

/// What makes each line the same line in another statement of the account: the bank's
/// transaction number where the layout has one; otherwise a hash of the date, amount,
/// description and running balance, counted among identical lines of the file (two equal
/// transfers on one day without balances are two lines).
pub fn keys(lines: &[StatementLine]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    lines
        .iter()
        .map(|line| {
            let base = match &line.bank_reference {
                Some(reference) => format!("ref:{}", reference.trim()),
                None => format!(
                    "{}|{}|{}|{}",
                    line.booked_on,
                    line.amount,
                    folded(&line.description),
                    line.balance.map(|b| b.to_string()).unwrap_or_default()
                ),
            };
            let nth = seen.entry(base.clone()).or_default();
            *nth += 1;
            match (&line.bank_reference, *nth) {
                (Some(_), 1) if base.len() <= 80 => base,
                _ => format!(
                    "sum:{}",
                    super::super::sha256_hex(format!("{base}|{nth}").as_bytes())
                ),
            }
        })
        .collect()
}

fn day_start(day: NaiveDate) -> DateTime<Utc> {
    // Vietnam is UTC+7: its day starts at 17:00 UTC the day before.
    day.and_hms_opt(0, 0, 0)
        .map_or_else(Utc::now, |moment| moment.and_utc())
        - TimeDelta::hours(7)
}

/// Plans a statement's lines against the fund's book.
pub async fn plan(
    db: &impl ConnectionTrait,
    account: &BankAccount,
    lines: &[StatementLine],
) -> Result<Vec<PlannedLine>> {
    plan_lines(db, account, lines, true).await
}

/// What kept lines still unmatched might be, line by line: a pledge whose reference the line
/// carries (made after the import, say), or the suggestions a new line would get.
pub async fn suggestions(
    db: &impl ConnectionTrait,
    account: &BankAccount,
    lines: &[StatementLine],
) -> Result<Vec<Vec<Suggestion>>> {
    Ok(plan_lines(db, account, lines, false)
        .await?
        .into_iter()
        .map(|planned| match planned.plan {
            Plan::Unmatched(suggestions) => suggestions,
            Plan::Pledge(pledge) => vec![Suggestion::Pledge {
                name_matches: false,
                same_amount: pledge.amount == planned.line.amount,
                pledge,
            }],
            _ => Vec::new(),
        })
        .collect())
}

async fn plan_lines(
    db: &impl ConnectionTrait,
    account: &BankAccount,
    lines: &[StatementLine],
    check_kept: bool,
) -> Result<Vec<PlannedLine>> {
    let fund_id = account.row.fund_id;
    let keys = keys(lines);
    let (Some(first), Some(last)) = (
        lines.iter().map(|l| l.booked_on).min(),
        lines.iter().map(|l| l.booked_on).max(),
    ) else {
        return Ok(Vec::new());
    };

    let mut kept: HashMap<String, (i64, BankLineStatus)> = HashMap::new();
    for chunk in keys.chunks(CHUNK).filter(|_| check_kept) {
        for row in bank_line::Entity::find()
            .filter(bank_line::Column::BankAccountId.eq(account.row.id))
            .filter(bank_line::Column::LineKey.is_in(chunk.iter().cloned()))
            .all(db)
            .await?
        {
            kept.insert(row.line_key, (row.id, row.status));
        }
    }

    let references: Vec<String> = lines
        .iter()
        .filter(|line| line.amount > 0)
        .filter_map(|line| PledgeReference::find_in(&line.description))
        .map(|reference| reference.as_str().to_owned())
        .collect();
    let mut by_reference: HashMap<String, pledge::Model> = HashMap::new();
    for chunk in references.chunks(CHUNK) {
        for row in pledge::Entity::find()
            .filter(pledge::Column::FundId.eq(fund_id))
            .filter(pledge::Column::Reference.is_in(chunk.iter().cloned()))
            .all(db)
            .await?
        {
            by_reference.insert(row.reference.clone(), row);
        }
    }
    let open_pledges = pledge::Entity::find()
        .filter(pledge::Column::FundId.eq(fund_id))
        .filter(pledge::Column::TransactionId.is_null())
        .filter(pledge::Column::CreatedAt.lt(day_start(last) + TimeDelta::days(2)))
        .filter(pledge::Column::ExpiresAt.gte(day_start(first) - TimeDelta::days(WINDOW_DAYS)))
        .order_by_asc(pledge::Column::Id)
        .all(db)
        .await?;

    let bank_references: Vec<String> = lines
        .iter()
        .filter(|line| line.amount > 0)
        .filter_map(|line| line.bank_reference.clone())
        .collect();
    let recorded = recorded_donations(db, fund_id, &bank_references).await?;
    let payouts = payouts_between(
        db,
        fund_id,
        day_start(first) - TimeDelta::days(WINDOW_DAYS),
        day_start(last) + TimeDelta::days(WINDOW_DAYS + 1),
    )
    .await?;

    let mut used_pledges: HashSet<i64> = HashSet::new();
    let mut used_transactions: HashSet<i64> = HashSet::new();
    let mut planned = Vec::with_capacity(lines.len());
    for (line, key) in lines.iter().zip(keys) {
        let plan = if let Some(&(line_id, status)) = kept.get(&key) {
            Plan::AlreadyImported { line_id, status }
        } else if line.amount > 0 {
            let by_code = PledgeReference::find_in(&line.description)
                .and_then(|reference| by_reference.get(reference.as_str()))
                .filter(|p| p.transaction_id.is_none() && !used_pledges.contains(&p.id));
            if let Some(found) = by_code {
                used_pledges.insert(found.id);
                Plan::Pledge(found.clone())
            } else if let Some(&transaction_id) = line
                .bank_reference
                .as_ref()
                .and_then(|reference| recorded.get(reference.trim()))
                .filter(|id| !used_transactions.contains(*id))
            {
                used_transactions.insert(transaction_id);
                Plan::Recorded(transaction_id)
            } else {
                Plan::Unmatched(pledge_suggestions(line, &open_pledges, &used_pledges))
            }
        } else {
            let candidates: Vec<&Payout> = payouts
                .iter()
                .filter(|p| {
                    p.amount == -line.amount && !used_transactions.contains(&p.transaction_id)
                })
                .filter(|p| (vietnam_day(p.at) - line.booked_on).num_days().abs() <= WINDOW_DAYS)
                .collect();
            if let [only] = candidates.as_slice() {
                used_transactions.insert(only.transaction_id);
                Plan::Payout(only.transaction_id)
            } else {
                let mut candidates = candidates;
                candidates.sort_by_key(|p| (vietnam_day(p.at) - line.booked_on).num_days().abs());
                Plan::Unmatched(
                    candidates
                        .into_iter()
                        .take(SUGGESTIONS)
                        .map(|p| Suggestion::Payout {
                            transaction_id: p.transaction_id,
                            amount: p.amount,
                            memo: p.memo.clone(),
                            at: p.at,
                        })
                        .collect(),
                )
            }
        };
        planned.push(PlannedLine {
            line: line.clone(),
            key,
            plan,
        });
    }
    Ok(planned)
}

/// Pending pledges a credit line might be: of its amount within the pledge's time, or made
/// under a name its description carries; the likeliest first.
fn pledge_suggestions(
    line: &StatementLine,
    open: &[pledge::Model],
    used: &HashSet<i64>,
) -> Vec<Suggestion> {
    let said = folded(&format!(
        "{} {}",
        line.description,
        line.counterparty.as_deref().unwrap_or_default()
    ));
    let mut found: Vec<(bool, bool, i64, &pledge::Model)> = open
        .iter()
        .filter(|p| !used.contains(&p.id))
        .filter_map(|p| {
            let made = vietnam_day(p.created_at);
            let in_time = made <= line.booked_on + TimeDelta::days(1)
                && line.booked_on <= vietnam_day(p.expires_at) + TimeDelta::days(WINDOW_DAYS);
            let same_amount = p.amount == line.amount && in_time;
            let name_matches = p
                .donor_name
                .as_deref()
                .map(folded)
                .is_some_and(|name| name.len() >= 5 && said.contains(&name));
            (same_amount || name_matches).then(|| {
                (
                    name_matches,
                    same_amount,
                    (line.booked_on - made).num_days().abs(),
                    p,
                )
            })
        })
        .collect();
    found.sort_by_key(|(name, amount, distance, _)| (!(*name && *amount), !*amount, *distance));
    found
        .into_iter()
        .take(SUGGESTIONS)
        .map(|(name_matches, same_amount, _, p)| Suggestion::Pledge {
            pledge: p.clone(),
            name_matches,
            same_amount,
        })
        .collect()
}

/// Donations of the fund carrying one of these bank references, by reference, that no bank
/// line holds yet.
async fn recorded_donations(
    db: &impl ConnectionTrait,
    fund_id: i64,
    references: &[String],
) -> Result<HashMap<String, i64>> {
    let mut found = HashMap::new();
    for chunk in references.chunks(CHUNK) {
        let transactions = ledger_transaction::Entity::find()
            .filter(ledger_transaction::Column::Kind.eq(TransactionKind::Donation))
            .filter(ledger_transaction::Column::BankReference.is_in(chunk.iter().cloned()))
            .all(db)
            .await?;
        if transactions.is_empty() {
            continue;
        }
        let ids: Vec<i64> = transactions.iter().map(|t| t.id).collect();
        let of_fund: HashSet<i64> = ledger_entry::Entity::find()
            .filter(ledger_entry::Column::TransactionId.is_in(ids.iter().copied()))
            .filter(ledger_entry::Column::FundId.eq(fund_id))
            .all(db)
            .await?
            .into_iter()
            .map(|entry| entry.transaction_id)
            .collect();
        let held = held_by_lines(db, &ids).await?;
        for transaction in transactions {
            if of_fund.contains(&transaction.id)
                && !held.contains(&transaction.id)
                && let Some(reference) = transaction.bank_reference
            {
                found.insert(reference, transaction.id);
            }
        }
    }
    Ok(found)
}

/// Which of these transactions a bank line already holds.
async fn held_by_lines(db: &impl ConnectionTrait, ids: &[i64]) -> Result<HashSet<i64>> {
    let mut held = HashSet::new();
    for chunk in ids.chunks(CHUNK) {
        held.extend(
            bank_line::Entity::find()
                .filter(bank_line::Column::TransactionId.is_in(chunk.iter().copied()))
                .all(db)
                .await?
                .into_iter()
                .filter_map(|line| line.transaction_id),
        );
    }
    Ok(held)
}

/// A payout of the fund: money that left it for an award's recipient.
#[derive(Debug, Clone)]
struct Payout {
    transaction_id: i64,
    amount: i64,
    at: DateTime<Utc>,
    memo: String,
}

/// The fund's payouts in a time window that no bank line holds yet.
async fn payouts_between(
    db: &impl ConnectionTrait,
    fund_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Payout>> {
    let entries = ledger_entry::Entity::find()
        .filter(ledger_entry::Column::FundId.eq(fund_id))
        .filter(ledger_entry::Column::Kind.eq(TransactionKind::Disbursement))
        .filter(ledger_entry::Column::Phase.eq(EntryPhase::Posted))
        .filter(ledger_entry::Column::Account.eq(LedgerAccount::Fund))
        .filter(ledger_entry::Column::CreatedAt.gte(from))
        .filter(ledger_entry::Column::CreatedAt.lt(to))
        .all(db)
        .await?;
    let ids: Vec<i64> = entries.iter().map(|e| e.transaction_id).collect();
    let held = held_by_lines(db, &ids).await?;
    let mut memos: HashMap<i64, String> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        for transaction in ledger_transaction::Entity::find()
            .filter(ledger_transaction::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            memos.insert(transaction.id, transaction.memo);
        }
    }
    Ok(entries
        .into_iter()
        .filter(|entry| !held.contains(&entry.transaction_id))
        .map(|entry| Payout {
            transaction_id: entry.transaction_id,
            amount: -entry.amount,
            at: entry.created_at,
            memo: memos.remove(&entry.transaction_id).unwrap_or_default(),
        })
        .collect())
}

/// Checks that a transaction is a payout of the fund of this amount that no line holds.
pub async fn check_payout(
    db: &impl ConnectionTrait,
    fund_id: i64,
    transaction_id: i64,
    amount: i64,
) -> Result<()> {
    let entry = ledger_entry::Entity::find()
        .filter(ledger_entry::Column::TransactionId.eq(transaction_id))
        .filter(ledger_entry::Column::FundId.eq(fund_id))
        .filter(ledger_entry::Column::Kind.eq(TransactionKind::Disbursement))
        .filter(ledger_entry::Column::Phase.eq(EntryPhase::Posted))
        .filter(ledger_entry::Column::Account.eq(LedgerAccount::Fund))
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "Payout",
            id: transaction_id.to_string(),
        })?;
    if -entry.amount != amount {
        return Err(Error::Conflict(format!(
            "Payout {transaction_id} is of {}, not the line's {}.",
            shared::Money::from_dong(-entry.amount),
            shared::Money::from_dong(amount)
        )));
    }
    if !held_by_lines(db, &[transaction_id]).await?.is_empty() {
        return Err(Error::Conflict(format!(
            "Payout {transaction_id} is already matched to another bank line."
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use shared::bank_statement::StatementLine;

    use super::keys;

    fn line(day: u32, amount: i64, description: &str, balance: Option<i64>) -> StatementLine {
        StatementLine {
            row: 1,
            booked_on: NaiveDate::from_ymd_opt(2026, 12, day).unwrap(),
            amount,
            description: description.into(),
            bank_reference: None,
            balance,
            counterparty: None,
        }
    }

    #[test]
    fn a_line_is_the_bank_number_where_there_is_one() {
        let mut numbered = line(1, 500_000, "IBFT", None);
        numbered.bank_reference = Some(" FT26335123 ".into());
        assert_eq!(keys(&[numbered]), ["ref:FT26335123"]);
    }

    #[test]
    fn without_a_number_a_line_is_its_day_amount_description_and_balance_whatever_the_accents() {
        let a = keys(&[line(2, 400_000, "Nộp tiền mặt", Some(4_800_000))]);
        let same = keys(&[line(2, 400_000, "NOP TIEN MAT", Some(4_800_000))]);
        let other_balance = keys(&[line(2, 400_000, "NOP TIEN MAT", Some(5_200_000))]);
        let other_day = keys(&[line(3, 400_000, "NOP TIEN MAT", Some(4_800_000))]);
        assert_eq!(a, same);
        assert_ne!(a, other_balance);
        assert_ne!(a, other_day);
        assert!(a[0].starts_with("sum:"));
    }

    #[test]
    fn equal_lines_without_balances_are_counted_so_two_equal_transfers_are_two_lines() {
        let twice = [
            line(2, 400_000, "NOP TIEN MAT", None),
            line(2, 400_000, "NOP TIEN MAT", None),
        ];
        let keys_of_twice = keys(&twice);
        assert_ne!(keys_of_twice[0], keys_of_twice[1]);
        // The same two in a longer, overlapping file are the same two.
        let longer = [
            line(1, 100_000, "PHI", None),
            line(2, 400_000, "NOP TIEN MAT", None),
            line(2, 400_000, "NOP TIEN MAT", None),
        ];
        assert_eq!(keys(&longer)[1..], keys_of_twice[..]);
    }
}
