//! What a movement of money is (a donation, a transfer, a reservation and its outcome, a
//! reversal) and the balanced entries one is built from.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use shared::{
    DonationMethod, EntryPhase, LedgerAccount, Money, ValidationError, ValidationReason,
    ledger::memo,
};

use super::super::fund::DonorForCreate;
use crate::error::{Error, Result};

/// The longest bank reference kept: banks' own transaction numbers are well under it.
const BANK_REFERENCE_MAX_CHARS: usize = 100;

/// Who gave a donation: a donor already on record, or one recorded with it.
#[derive(Debug, Clone, serde::Serialize)]
pub enum DonorRef {
    Existing(i64),
    New(DonorForCreate),
}

/// What a cash book (or a bank's statement) says of a donation besides its amount.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Received {
    /// The day the money was received, when it was not the day it is recorded.
    pub on: Option<NaiveDate>,
    /// The receipt (phiếu thu) given for it.
    pub receipt_number: Option<String>,
    /// The key of the imported row that records it (see `service::donation_import`).
    pub import_key: Option<String>,
}

impl Received {
    /// Writes it on the donation's transaction.
    pub(super) fn stamp(&self, header: &mut crate::entity::ledger_transaction::ActiveModel) {
        use sea_orm::Set;
        header.received_on = Set(self.on);
        header.receipt_number = Set(self.receipt_number.clone());
        header.import_key = Set(self.import_key.clone());
    }
}

/// The longest receipt number kept: a book's number and a year are well under it.
pub const RECEIPT_NUMBER_MAX_CHARS: usize = 50;

/// A request to move money. Its JSON form is what an idempotency key's hash covers, so the
/// same key with any other input is recognised as a different request.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(tag = "operation", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Movement {
    Donation {
        fund_id: i64,
        amount: Money,
        donor: DonorRef,
        method: DonationMethod,
        bank_reference: Option<String>,
        memo: String,
        /// The campaign it is given for. Left out of the JSON when none, so the hash of a
        /// donation without one is what it was before campaigns.
        #[serde(skip_serializing_if = "Option::is_none")]
        campaign_id: Option<i64>,
        /// The cash book's record of it, when it says more than the booking: left out of
        /// the JSON when none, as the campaign is.
        #[serde(skip_serializing_if = "Option::is_none")]
        received: Option<Received>,
    },
    Transfer {
        from_fund_id: i64,
        to_fund_id: i64,
        amount: Money,
        memo: String,
    },
    Reserve {
        fund_id: i64,
        amount: Money,
        memo: String,
    },
    Post {
        reservation_id: i64,
        memo: String,
    },
    Void {
        reservation_id: i64,
        reason: String,
    },
    Reverse {
        transaction_id: i64,
        reason: String,
    },
}

impl Movement {
    pub(super) fn operation(&self) -> &'static str {
        match self {
            Self::Donation { .. } => "DONATION",
            Self::Transfer { .. } => "TRANSFER",
            Self::Reserve { .. } => "RESERVE",
            Self::Post { .. } => "POST",
            Self::Void { .. } => "VOID",
            Self::Reverse { .. } => "REVERSE",
        }
    }

    /// Checks and tidies the free-text fields, naming the one at fault.
    pub(super) fn validated(mut self) -> Result<Self> {
        match &mut self {
            Self::Donation {
                method,
                bank_reference,
                memo: text,
                received,
                ..
            } => {
                // The day is the caller's to check: a person's against today
                // (`shared::ledger::check_received_on`), a bank's as the bank booked it.
                if let Some(received) = received {
                    received.receipt_number = shared::text::optional_line(
                        "receiptNumber",
                        received.receipt_number.as_deref().unwrap_or_default(),
                        RECEIPT_NUMBER_MAX_CHARS,
                    )?;
                }
                *text = memo("memo", text, *method == DonationMethod::InKind)?;
                *bank_reference = shared::text::optional_line(
                    "bankReference",
                    bank_reference.as_deref().unwrap_or_default(),
                    BANK_REFERENCE_MAX_CHARS,
                )?;
                if *method == DonationMethod::BankTransfer && bank_reference.is_none() {
                    return Err(
                        ValidationError::new("bankReference", ValidationReason::Empty).into(),
                    );
                }
            }
            Self::Transfer {
                from_fund_id,
                to_fund_id,
                memo: text,
                ..
            } => {
                if from_fund_id == to_fund_id {
                    return Err(ValidationError::new(
                        "toFundId",
                        ValidationReason::Format {
                            expected: "a fund other than the one the money leaves".into(),
                        },
                    )
                    .into());
                }
                *text = memo("memo", text, false)?;
            }
            Self::Reserve { memo: text, .. } | Self::Post { memo: text, .. } => {
                *text = memo("memo", text, false)?;
            }
            Self::Void { reason, .. } | Self::Reverse { reason, .. } => {
                *reason = memo("reason", reason, true)?;
            }
        }
        Ok(self)
    }
}

/// The entries of one transaction under construction. Entries only come in pairs of equal and
/// opposite amounts, so whatever is built sums to zero (rule 1).
#[derive(Debug, Default)]
pub(super) struct Postings {
    pub(super) entries: Vec<Posting>,
}

/// One entry to write: (fund, account, phase, signed amount).
pub(super) type Posting = (Option<i64>, LedgerAccount, EntryPhase, i64);

impl Postings {
    /// `amount` moves from `from` to `to` in `phase`.
    pub(super) fn pair(
        &mut self,
        phase: EntryPhase,
        from: (Option<i64>, LedgerAccount),
        to: (Option<i64>, LedgerAccount),
        amount: i64,
    ) {
        self.entries.push((from.0, from.1, phase, -amount));
        self.entries.push((to.0, to.1, phase, amount));
    }

    /// How each fund's posted and reserved balances change: (posted Δ, reserved Δ), in fund
    /// id order, which is also the order rows are locked in (so two transfers in opposite
    /// directions cannot deadlock).
    pub(super) fn fund_changes(&self) -> Result<BTreeMap<i64, (i64, i64)>> {
        let mut changes: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
        for &(fund_id, _, phase, amount) in &self.entries {
            let Some(fund_id) = fund_id else { continue };
            let change = changes.entry(fund_id).or_default();
            // A POSTED entry changes what the fund holds; a PENDING one out of the fund is
            // money reserved (and one back into it, a reservation released).
            let (slot, delta) = if phase == EntryPhase::Posted {
                (&mut change.0, Some(amount))
            } else {
                (&mut change.1, amount.checked_neg())
            };
            *slot = delta
                .and_then(|delta| slot.checked_add(delta))
                .ok_or_else(|| Error::Internal("amount overflow".into()))?;
        }
        Ok(changes)
    }
}
