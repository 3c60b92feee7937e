//! The banks a fund's account can be at, and the account itself: a bank by its NAPAS BIN
//! (the six digits VietQR names it by), an account number and its holder.
//!
//! The list is `seeds/banks.csv` (bin, short code, short name, full name), read once: a bank
//! that opens or merges is a line of data, not a change of code.

use std::sync::OnceLock;

use crate::error::{ValidationError, ValidationReason};
use crate::text;

/// A bank that takes VietQR transfers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bank {
    /// The NAPAS BIN, e.g. `970436`.
    pub bin: &'static str,
    /// The bank's short code, e.g. `VCB`.
    pub code: &'static str,
    /// The name people call it by, e.g. `Vietcombank`.
    pub short_name: &'static str,
    /// The full Vietnamese name.
    pub name: &'static str,
}

const BANKS_CSV: &str = include_str!("../../seeds/banks.csv");

/// Every bank of the list, in the list's order (the largest first).
pub fn banks() -> &'static [Bank] {
    static BANKS: OnceLock<Vec<Bank>> = OnceLock::new();
    BANKS.get_or_init(|| {
        BANKS_CSV
            .lines()
            .skip(1)
            .filter(|line| !line.trim().is_empty())
            .filter_map(|line| {
                let mut fields = line.splitn(4, ',');
                Some(Bank {
                    bin: fields.next()?.trim(),
                    code: fields.next()?.trim(),
                    short_name: fields.next()?.trim(),
                    name: fields.next()?.trim(),
                })
            })
            .collect()
    })
}

/// The bank with this BIN, if it is on the list.
pub fn bank(bin: &str) -> Option<&'static Bank> {
    banks().iter().find(|bank| bank.bin == bin)
}

/// A bank account number as banks print it: 6 to 19 letters and digits (VietQR's limit is
/// 19). Spaces, dots and dashes people copy from a card or a letter are dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct AccountNumber(String);

impl AccountNumber {
    pub const MIN_CHARS: usize = 6;
    pub const MAX_CHARS: usize = 19;

    pub fn parse(field: &str, text: &str) -> Result<Self, ValidationError> {
        let kept: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-'))
            .collect();
        if kept.is_empty() {
            return Err(ValidationError::new(field, ValidationReason::Empty));
        }
        if !kept.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(ValidationError::new(
                field,
                ValidationReason::InvalidCharacter,
            ));
        }
        if !(Self::MIN_CHARS..=Self::MAX_CHARS).contains(&kept.len()) {
            return Err(ValidationError::new(
                field,
                ValidationReason::Length {
                    expected: format!("{}–{}", Self::MIN_CHARS, Self::MAX_CHARS),
                },
            ));
        }
        Ok(Self(kept.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A fund's account at a bank, as it is recorded: the bank (known), the number and the
/// holder's name as the bank prints it (upper case, without diacritics, the way transfer
/// screens show it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankAccountForCreate {
    pub bank: &'static Bank,
    pub number: AccountNumber,
    pub holder: String,
}

/// The longest account holder's name a bank shows.
pub const HOLDER_MAX_CHARS: usize = 70;

impl BankAccountForCreate {
    /// Checks what a treasurer typed, naming the input's fields (`bankBin`, `accountNumber`,
    /// `holder`) in its errors.
    pub fn parse(bin: &str, number: &str, holder: &str) -> Result<Self, ValidationError> {
        let bin = bin.trim();
        let bank =
            bank(bin).ok_or_else(|| ValidationError::new("bankBin", ValidationReason::Unknown))?;
        let number = AccountNumber::parse("accountNumber", number)?;
        let holder = text::required_line("holder", holder, HOLDER_MAX_CHARS)?;
        Ok(Self {
            bank,
            number,
            holder: text::folded(&holder).to_ascii_uppercase(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_list_is_a_bank_with_a_six_digit_bin_named_once() {
        let lines = BANKS_CSV.lines().skip(1).filter(|l| !l.trim().is_empty());
        assert_eq!(banks().len(), lines.count());
        for bank in banks() {
            assert!(
                bank.bin.len() == 6 && bank.bin.bytes().all(|b| b.is_ascii_digit()),
                "{bank:?}"
            );
            assert!(!bank.short_name.is_empty() && !bank.name.is_empty());
            assert_eq!(banks().iter().filter(|b| b.bin == bank.bin).count(), 1);
        }
    }

    #[test]
    fn the_six_largest_banks_are_known_by_their_bins() {
        for (bin, name) in [
            ("970436", "Vietcombank"),
            ("970418", "BIDV"),
            ("970415", "VietinBank"),
            ("970405", "Agribank"),
            ("970407", "Techcombank"),
            ("970422", "MB"),
        ] {
            assert_eq!(bank(bin).map(|b| b.short_name), Some(name));
        }
        assert_eq!(bank("123456"), None);
    }

    #[test]
    fn an_account_is_recorded_as_the_bank_prints_it() {
        let account =
            BankAccountForCreate::parse(" 970436 ", "0011 0019-32418", "Hội Khuyến học Bát Tràng")
                .unwrap();
        assert_eq!(account.bank.short_name, "Vietcombank");
        assert_eq!(account.number.as_str(), "0011001932418");
        assert_eq!(account.holder, "HOI KHUYEN HOC BAT TRANG");
    }

    #[test]
    fn a_wrong_bank_number_or_holder_names_its_field() {
        let field = |r: Result<BankAccountForCreate, ValidationError>| r.unwrap_err().field;
        assert_eq!(
            field(BankAccountForCreate::parse("999999", "12345678", "A")),
            "bankBin"
        );
        assert_eq!(
            field(BankAccountForCreate::parse("970436", "12/345678", "A")),
            "accountNumber"
        );
        assert_eq!(
            field(BankAccountForCreate::parse("970436", "12345", "A")),
            "accountNumber"
        );
        assert_eq!(
            field(BankAccountForCreate::parse(
                "970436",
                "12345678901234567890",
                "A"
            )),
            "accountNumber"
        );
        assert_eq!(
            field(BankAccountForCreate::parse("970436", "12345678", "  ")),
            "holder"
        );
    }
}
