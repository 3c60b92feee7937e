//! Money in whole Vietnamese đồng.
//!
//! VND has no minor unit, so an amount is a count of đồng in an `i64`: exact, and wide enough
//! for any fund (±9.2 × 10¹⁸ ₫). Arithmetic is checked; nothing here ever uses floating point.

use std::fmt;

use crate::error::{ValidationError, ValidationReason};

/// An amount of money in whole đồng. May be negative (a balance change, a ledger entry).
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Self = Self(0);

    /// The largest amount a single request may move: 10¹⁵ ₫ (a million billion đồng) is far
    /// beyond any fund, so a larger figure is a typo or an attack, not a donation.
    pub const MAX_AMOUNT: Self = Self(1_000_000_000_000_000);

    pub const fn from_dong(dong: i64) -> Self {
        Self(dong)
    }

    pub const fn dong(self) -> i64 {
        self.0
    }

    /// An amount that moves money: strictly positive and not absurd. `field` names where it
    /// came from so the error can say which input was wrong.
    pub fn positive_amount(field: &str, dong: i64) -> Result<Self, ValidationError> {
        if dong <= 0 {
            return Err(ValidationError::new(
                field,
                ValidationReason::TooSmall {
                    min: Self(1).to_string(),
                },
            ));
        }
        if dong > Self::MAX_AMOUNT.0 {
            return Err(ValidationError::new(
                field,
                ValidationReason::TooLarge {
                    max: Self::MAX_AMOUNT.to_string(),
                },
            ));
        }
        Ok(Self(dong))
    }

    /// Reads an amount as people type it: `1500000`, `1.500.000`, `1 500 000 ₫` or `1,500,000`.
    /// Dots, commas and spaces are thousands separators (VND has no decimals).
    pub fn parse_amount(field: &str, text: &str) -> Result<Self, ValidationError> {
        let trimmed = text
            .trim()
            .trim_end_matches('₫')
            .trim_end_matches("đ")
            .trim_end_matches("VND")
            .trim();
        if trimmed.is_empty() {
            return Err(ValidationError::new(field, ValidationReason::Empty));
        }
        let (negative, digits_part) = match trimmed.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let mut dong: i64 = 0;
        let mut saw_digit = false;
        for c in digits_part.chars() {
            match c {
                '0'..='9' => {
                    saw_digit = true;
                    let digit = i64::from(c as u8 - b'0');
                    dong = dong
                        .checked_mul(10)
                        .and_then(|d| d.checked_add(digit))
                        .ok_or_else(|| ValidationError::new(field, ValidationReason::Overflow))?;
                }
                '.' | ',' | ' ' | '\u{a0}' => {}
                _ => {
                    return Err(ValidationError::new(
                        field,
                        ValidationReason::InvalidCharacter,
                    ));
                }
            }
        }
        if !saw_digit {
            return Err(ValidationError::new(field, ValidationReason::Empty));
        }
        Self::positive_amount(field, if negative { -dong } else { dong })
    }

    pub fn checked_add(self, other: Self) -> Option<Self> {
        self.0.checked_add(other.0).map(Self)
    }

    pub fn checked_sub(self, other: Self) -> Option<Self> {
        self.0.checked_sub(other.0).map(Self)
    }

    pub fn checked_neg(self) -> Option<Self> {
        self.0.checked_neg().map(Self)
    }

    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Sums amounts, or `None` if the total would not fit.
    pub fn checked_sum<I: IntoIterator<Item = Self>>(amounts: I) -> Option<Self> {
        amounts.into_iter().try_fold(Self::ZERO, Self::checked_add)
    }
}

/// Vietnamese style: dots between thousands, the đồng sign after a space: `1.500.000 ₫`.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ₫", crate::text::grouped(self.0))
    }
}

impl Money {
    /// The amount in Vietnamese words, as papers that are signed for money write it under the
    /// figure ("Bằng chữ"): `2_000_000` → "Hai triệu đồng", `1_005_000` → "Một triệu không
    /// trăm linh năm nghìn đồng". Northern usage, as in Hanoi: "nghìn", "linh".
    pub fn in_words_vi(self) -> String {
        let mut words: Vec<&str> = Vec::new();
        if self.0 < 0 {
            words.push("âm");
        }
        let dong = self.0.unsigned_abs();
        if dong == 0 {
            words.push("không");
        }
        read_number(dong, false, &mut words);
        words.push("đồng");
        let sentence = words.join(" ");
        let mut chars = sentence.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }
}

/// Reads `n` into `words` (nothing for 0). Below a tỷ (10⁹) in groups of three with their
/// nghìn and triệu; above, the number of tỷ is itself read the same way, so that
/// 1 001 000 000 000 is "một nghìn không trăm linh một tỷ", not "một nghìn tỷ … tỷ".
/// `after` says something was read before, so an empty hundreds place is read out.
fn read_number(n: u64, after: bool, words: &mut Vec<&'static str>) {
    const TY: u64 = 1_000_000_000;
    if n >= TY {
        read_number(n / TY, after, words);
        words.push("tỷ");
        read_number(n % TY, true, words);
        return;
    }
    let mut read_before = after;
    for (scale, size) in [("triệu", 1_000_000), ("nghìn", 1_000), ("", 1)] {
        let group = (n / size % 1000) as u16;
        if group == 0 {
            continue;
        }
        read_hundreds(group, read_before, words);
        if !scale.is_empty() {
            words.push(scale);
        }
        read_before = true;
    }
}

/// Reads 0–999 into `words`. `whole` reads an empty hundreds place too ("không trăm"), as a
/// group after the first does.
fn read_hundreds(group: u16, whole: bool, words: &mut Vec<&'static str>) {
    const DIGITS: [&str; 10] = [
        "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
    ];
    let digit = |d: u16| DIGITS[usize::from(d % 10)];
    let (hundreds, tens, units) = (group / 100, group / 10 % 10, group % 10);
    let read_hundreds = whole || hundreds > 0;
    if read_hundreds {
        words.extend([digit(hundreds), "trăm"]);
    }
    match (tens, units) {
        (0, 0) => {}
        (0, u) => {
            if read_hundreds {
                words.push("linh");
            }
            words.push(digit(u));
        }
        (1, u) => {
            words.push("mười");
            match u {
                0 => {}
                5 => words.push("lăm"),
                u => words.push(digit(u)),
            }
        }
        (t, u) => {
            words.extend([digit(t), "mươi"]);
            match u {
                0 => {}
                1 => words.push("mốt"),
                4 => words.push("tư"),
                5 => words.push("lăm"),
                u => words.push(digit(u)),
            }
        }
    }
}

impl Money {
    /// The amount shortened for a chart's axis, in Vietnamese (`1,5 tỷ`, `250 tr`, `500 nghìn`)
    /// or English (`1.5B`, `250M`, `500K`): one decimal at most, none when it is zero.
    pub fn short(self, vietnamese: bool) -> String {
        let dong = self.0;
        let (unit, vi, en): (i64, _, _) = match dong.unsigned_abs() {
            n if n >= 1_000_000_000 => (1_000_000_000, " tỷ", "B"),
            n if n >= 1_000_000 => (1_000_000, " tr", "M"),
            n if n >= 1_000 => (1_000, " nghìn", "K"),
            _ => (1, "", ""),
        };
        // Tenths of the unit, rounded half away from zero.
        let (scaled, unit) = (i128::from(dong) * 10, i128::from(unit));
        let tenths = if scaled >= 0 {
            (scaled + unit / 2) / unit
        } else {
            (scaled - unit / 2) / unit
        };
        let (whole, tenth) = (tenths / 10, (tenths % 10).abs());
        let separator = if vietnamese { ',' } else { '.' };
        let number = if tenth == 0 {
            whole.to_string()
        } else {
            format!("{whole}{separator}{tenth}")
        };
        format!("{number}{}", if vietnamese { vi } else { en })
    }
}

/// Round marks for a chart's axis from 0 up to at least `largest`: steps of 1, 2 or 5 times a
/// power of ten, about `count` of them (at least 1 mark above 0).
pub fn axis_marks(largest: i64, count: u32) -> Vec<i64> {
    let largest = largest.max(1);
    let rough = (largest as f64 / f64::from(count.max(1))).max(1.0);
    let power = 10_f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|factor| factor * power)
        .find(|step| *step >= rough)
        .unwrap_or(10.0 * power) as i64;
    let step = step.max(1);
    let top = (largest + step - 1) / step * step;
    (0..=top / step).map(|n| n * step).collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn amounts_are_shortened_for_an_axis_in_each_language() {
        let short = |dong, vi| Money::from_dong(dong).short(vi);
        assert_eq!(short(0, true), "0");
        assert_eq!(short(500_000, true), "500 nghìn");
        assert_eq!(short(1_500_000, true), "1,5 tr");
        assert_eq!(short(1_500_000, false), "1.5M");
        assert_eq!(short(250_000_000, true), "250 tr");
        assert_eq!(short(2_000_000_000, true), "2 tỷ");
        assert_eq!(short(1_250_000_000, false), "1.3B");
        assert_eq!(short(-1_500_000, true), "-1,5 tr");
        assert_eq!(short(999, false), "999");
    }

    #[test]
    fn an_axis_is_marked_in_round_steps_up_past_the_largest_value() {
        assert_eq!(axis_marks(0, 4), vec![0, 1]);
        assert_eq!(
            axis_marks(7_300_000, 4),
            vec![0, 2_000_000, 4_000_000, 6_000_000, 8_000_000]
        );
        assert_eq!(axis_marks(10_000_000, 4), vec![0, 5_000_000, 10_000_000]);
        assert_eq!(axis_marks(95, 4), vec![0, 50, 100]);
        for largest in [1, 3, 17, 999, 123_456_789] {
            let marks = axis_marks(largest, 4);
            assert!(*marks.last().unwrap() >= largest, "{largest}: {marks:?}");
            assert!(marks.len() <= 11, "{largest}: {marks:?}");
        }
    }
    use super::*;

    #[test]
    fn amounts_read_in_vietnamese_words_as_receipts_write_them() {
        let cases: [(i64, &str); 24] = [
            (0, "Không đồng"),
            (5, "Năm đồng"),
            (11, "Mười một đồng"),
            (15, "Mười lăm đồng"),
            (21, "Hai mươi mốt đồng"),
            (24, "Hai mươi tư đồng"),
            (35, "Ba mươi lăm đồng"),
            (105, "Một trăm linh năm đồng"),
            (110, "Một trăm mười đồng"),
            (101_000, "Một trăm linh một nghìn đồng"),
            (2_000_000, "Hai triệu đồng"),
            (3_500_000, "Ba triệu năm trăm nghìn đồng"),
            (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
            (1_250_000, "Một triệu hai trăm năm mươi nghìn đồng"),
            (10_000_000, "Mười triệu đồng"),
            (2_005_000_000, "Hai tỷ không trăm linh năm triệu đồng"),
            (-1_000, "Âm một nghìn đồng"),
            (10_005, "Mười nghìn không trăm linh năm đồng"),
            (1_000_001, "Một triệu không trăm linh một đồng"),
            (1_010_000, "Một triệu không trăm mười nghìn đồng"),
            (100_000_000_000, "Một trăm tỷ đồng"),
            (1_000_000_000_000, "Một nghìn tỷ đồng"),
            (1_001_000_000_000, "Một nghìn không trăm linh một tỷ đồng"),
            (2_500_000_000_000, "Hai nghìn năm trăm tỷ đồng"),
        ];
        for (dong, words) in cases {
            assert_eq!(Money::from_dong(dong).in_words_vi(), words, "{dong}");
        }
        // Past a billion tỷ, the count of tỷ is read like any number.
        assert!(
            Money::from_dong(i64::MAX)
                .in_words_vi()
                .starts_with("Chín tỷ hai trăm hai mươi ba triệu")
        );
    }

    #[test]
    fn amounts_are_shown_with_dots_between_thousands_and_the_dong_sign() {
        assert_eq!(Money::from_dong(1_500_000).to_string(), "1.500.000 ₫");
        assert_eq!(Money::from_dong(0).to_string(), "0 ₫");
        assert_eq!(Money::from_dong(999).to_string(), "999 ₫");
        assert_eq!(Money::from_dong(1_000).to_string(), "1.000 ₫");
        assert_eq!(Money::from_dong(-25_000).to_string(), "-25.000 ₫");
        assert_eq!(
            Money::from_dong(i64::MIN).to_string(),
            "-9.223.372.036.854.775.808 ₫"
        );
    }

    #[test]
    fn typed_amounts_are_read_whatever_the_separators() {
        for text in [
            "1500000",
            "1.500.000",
            "1 500 000 ₫",
            "1,500,000",
            " 1.500.000đ ",
        ] {
            assert_eq!(
                Money::parse_amount("amount", text),
                Ok(Money::from_dong(1_500_000)),
                "{text}"
            );
        }
    }

    #[test]
    fn zero_negative_and_absurd_amounts_are_refused_naming_the_field() {
        for text in ["0", "-5", "1000000000000001", "99999999999999999999999"] {
            let error = Money::parse_amount("donation.amount", text).expect_err(text);
            assert_eq!(error.field, "donation.amount");
        }
        assert_eq!(
            Money::parse_amount("amount", "12a").map_err(|e| e.reason),
            Err(ValidationReason::InvalidCharacter)
        );
        assert_eq!(
            Money::parse_amount("amount", " ₫").map_err(|e| e.reason),
            Err(ValidationReason::Empty)
        );
    }

    #[test]
    fn the_largest_allowed_amount_is_accepted() {
        assert_eq!(
            Money::positive_amount("amount", Money::MAX_AMOUNT.dong()),
            Ok(Money::MAX_AMOUNT)
        );
    }

    #[test]
    fn arithmetic_that_would_overflow_says_so_instead_of_wrapping() {
        assert_eq!(
            Money::from_dong(i64::MAX).checked_add(Money::from_dong(1)),
            None
        );
        assert_eq!(
            Money::from_dong(i64::MIN).checked_sub(Money::from_dong(1)),
            None
        );
        assert_eq!(Money::from_dong(i64::MIN).checked_neg(), None);
        assert_eq!(
            Money::checked_sum([Money::from_dong(10), Money::from_dong(-3)]),
            Some(Money::from_dong(7))
        );
        assert_eq!(
            Money::checked_sum([Money::from_dong(i64::MAX), Money::from_dong(1)]),
            None
        );
    }

    #[test]
    fn money_travels_as_a_plain_integer_of_dong() {
        assert_eq!(
            serde_json::to_string(&Money::from_dong(42)).ok().as_deref(),
            Some("42")
        );
    }
}
