//! The words of the ledger (kinds of transaction, ways to donate, kinds of donor), the inputs
//! every money-moving request carries (an idempotency key, a memo), and the statement rule.

use chrono::{Datelike as _, NaiveDate};

use crate::{
    error::{ValidationError, ValidationReason},
    money::Money,
};

coded_enum! {
    /// What a ledger transaction did.
    pub enum TransactionKind {
        /// Money (or goods valued in money) given to a fund.
        Donation => "DONATION",
        /// Money moved from one fund to another, e.g. from the city's fund to a commune's.
        Transfer => "TRANSFER",
        /// Money set aside in a fund for an approved award: a pending payment.
        Reservation => "RESERVATION",
        /// A reservation paid out: the money leaves the fund.
        Disbursement => "DISBURSEMENT",
        /// A reservation released: the money is available again.
        Void => "VOID",
        /// A mistaken transaction undone by its mirror image.
        Reversal => "REVERSAL",
    }
}

coded_enum! {
    /// How a donation arrived.
    pub enum DonationMethod {
        Cash => "CASH",
        /// A bank transfer, recorded with the bank's reference.
        BankTransfer => "BANK_TRANSFER",
        /// Goods (books, bicycles, uniforms) recorded at their value.
        InKind => "IN_KIND",
    }
}

impl TransactionKind {
    /// Its name in Vietnamese, as books and papers write it.
    pub const fn vietnamese_name(self) -> &'static str {
        match self {
            Self::Donation => "Ủng hộ",
            Self::Transfer => "Chuyển quỹ",
            Self::Reservation => "Giữ tiền khen thưởng",
            Self::Disbursement => "Chi trả",
            Self::Void => "Huỷ giữ tiền",
            Self::Reversal => "Đảo bút toán",
        }
    }
}

impl DonationMethod {
    /// Its name in Vietnamese, as books and papers write it.
    pub const fn vietnamese_name(self) -> &'static str {
        match self {
            Self::Cash => "Tiền mặt",
            Self::BankTransfer => "Chuyển khoản",
            Self::InKind => "Hiện vật",
        }
    }
}

coded_enum! {
    /// Who a donor is.
    pub enum DonorKind {
        Person => "PERSON",
        /// An enterprise, an agency or an association.
        Organization => "ORGANIZATION",
    }
}

impl DonorKind {
    /// Its name in Vietnamese, as books and lists write it.
    pub const fn vietnamese_name(self) -> &'static str {
        match self {
            Self::Person => "Cá nhân",
            Self::Organization => "Tổ chức",
        }
    }
}

coded_enum! {
    /// Whose account a ledger entry moves: a fund's, or the world outside it on either side.
    pub enum LedgerAccount {
        /// The fund named on the entry.
        Fund => "FUND",
        /// Where donations come from: the other side of every donation.
        Donors => "DONORS",
        /// Where payouts go: the other side of every reservation and disbursement.
        Payees => "PAYEES",
    }
}

coded_enum! {
    /// Whether an entry has happened or is only promised.
    pub enum EntryPhase {
        /// Money that moved.
        Posted => "POSTED",
        /// Money set aside by a reservation, until it is paid or voided.
        Pending => "PENDING",
    }
}

/// The key a client sends with every money-moving request, so that a retry is applied once.
/// 8–100 characters from `A–Z a–z 0–9 - _ . :` (a UUID fits).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub const MIN_CHARS: usize = 8;
    pub const MAX_CHARS: usize = 100;

    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        const FIELD: &str = "idempotencyKey";
        let text = text.trim();
        if text.is_empty() {
            return Err(ValidationError::new(FIELD, ValidationReason::Empty));
        }
        if !(Self::MIN_CHARS..=Self::MAX_CHARS).contains(&text.len()) {
            return Err(ValidationError::new(
                FIELD,
                ValidationReason::Length {
                    expected: format!("{}–{} characters", Self::MIN_CHARS, Self::MAX_CHARS),
                },
            ));
        }
        if !text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
        {
            return Err(ValidationError::new(
                FIELD,
                ValidationReason::InvalidCharacter,
            ));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A memo or reason (of a transaction, a decision, a review), tidied as free text by
/// [`crate::text::paragraphs`], at most [`MEMO_MAX_CHARS`] characters. `required` memos (a
/// reversal's reason) may not be empty.
pub fn memo(field: &str, text: &str, required: bool) -> Result<String, ValidationError> {
    if required {
        crate::text::required_paragraphs(field, text, MEMO_MAX_CHARS)
    } else {
        crate::text::paragraphs(field, text, MEMO_MAX_CHARS)
    }
}

/// The longest memo or reason a transaction keeps.
pub const MEMO_MAX_CHARS: usize = 500;

/// How far back a donation's day may be: a cash book of the last years is typed in, an older
/// date is a typo.
pub const RECEIVED_YEARS_BACK: i32 = 10;

/// The day a donation was received, as a cash book gives it (`receivedOn`): not after `today`
/// (in Vietnam), and not more than [`RECEIVED_YEARS_BACK`] years before it.
pub fn check_received_on(day: NaiveDate, today: NaiveDate) -> Result<(), ValidationError> {
    // From a leap day, the day before it ten years back.
    let back = |day: NaiveDate| day.with_year(today.year() - RECEIVED_YEARS_BACK);
    let earliest = back(today)
        .or_else(|| today.pred_opt().and_then(back))
        .unwrap_or(NaiveDate::MIN);
    if day > today {
        return Err(ValidationError::new(
            "receivedOn",
            ValidationReason::TooLarge {
                max: crate::date::day_month_year(today),
            },
        ));
    }
    if day < earliest {
        return Err(ValidationError::new(
            "receivedOn",
            ValidationReason::TooSmall {
                min: crate::date::day_month_year(earliest),
            },
        ));
    }
    Ok(())
}

/// One line of a statement: the total of one kind of transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KindTotal {
    pub kind: TransactionKind,
    pub amount: Money,
}

/// A fund's statement for a period: what it held at the start, what came in and went out,
/// by kind, and what it held at the end.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Statement {
    pub opening: Money,
    pub receipts: Vec<KindTotal>,
    pub payments: Vec<KindTotal>,
    pub closing: Money,
}

impl Statement {
    pub fn total_receipts(&self) -> Option<Money> {
        Money::checked_sum(self.receipts.iter().map(|line| line.amount))
    }

    pub fn total_payments(&self) -> Option<Money> {
        Money::checked_sum(self.payments.iter().map(|line| line.amount))
    }

    /// Rule 7: opening + receipts − payments = closing.
    pub fn reconciles(&self) -> bool {
        self.total_receipts()
            .zip(self.total_payments())
            .and_then(|(receipts, payments)| {
                self.opening.checked_add(receipts)?.checked_sub(payments)
            })
            == Some(self.closing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_code() {
        for kind in TransactionKind::ALL {
            assert_eq!(TransactionKind::from_code(kind.code()), Some(*kind));
        }
        for method in DonationMethod::ALL {
            assert_eq!(DonationMethod::from_code(method.code()), Some(*method));
        }
        assert_eq!(TransactionKind::from_code("GIFT"), None);
    }

    #[test]
    fn an_idempotency_key_is_a_uuid_sized_token() {
        assert!(IdempotencyKey::parse("3f2b8c1e-1d2a-4c5b-9e8f-0a1b2c3d4e5f").is_ok());
        assert_eq!(
            IdempotencyKey::parse("short").unwrap_err().field,
            "idempotencyKey"
        );
        assert_eq!(
            IdempotencyKey::parse("has spaces in it")
                .unwrap_err()
                .reason,
            ValidationReason::InvalidCharacter
        );
        assert!(IdempotencyKey::parse(&"k".repeat(101)).is_err());
    }

    #[test]
    fn a_reason_may_be_required() {
        assert_eq!(memo("reason", "  ", true).unwrap_err().field, "reason");
        assert_eq!(memo("memo", "  ", false).unwrap(), "");
        assert!(memo("memo", &"x".repeat(501), false).is_err());
    }

    #[test]
    fn a_day_received_is_today_or_up_to_ten_years_back() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a day");
        let today = day(2026, 12, 7);
        assert_eq!(check_received_on(today, today), Ok(()));
        assert_eq!(check_received_on(day(2016, 12, 7), today), Ok(()));
        let late = check_received_on(day(2026, 12, 8), today).unwrap_err();
        assert_eq!(
            (late.field.as_str(), late.reason.to_string()),
            ("receivedOn", "must be at most 07/12/2026".to_owned())
        );
        let early = check_received_on(day(2016, 12, 6), today).unwrap_err();
        assert_eq!(early.reason.to_string(), "must be at least 07/12/2016");
        // From a leap day, ten years back is the 28th.
        assert_eq!(
            check_received_on(day(2018, 2, 28), day(2028, 2, 29)),
            Ok(())
        );
        assert!(check_received_on(day(2018, 2, 27), day(2028, 2, 29)).is_err());
    }

    #[test]
    fn a_statement_reconciles_only_when_its_figures_add_up() {
        let line = |kind, dong| KindTotal {
            kind,
            amount: Money::from_dong(dong),
        };
        let mut statement = Statement {
            opening: Money::from_dong(100),
            receipts: vec![line(TransactionKind::Donation, 50)],
            payments: vec![line(TransactionKind::Disbursement, 30)],
            closing: Money::from_dong(120),
        };
        assert!(statement.reconciles());
        statement.closing = Money::from_dong(121);
        assert!(!statement.reconciles());
    }
}
