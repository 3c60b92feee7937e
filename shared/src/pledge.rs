//! Pledges: someone's word that they will transfer an amount to a fund. A pledge is never
//! money; its reference code, written in the transfer's note, lets the fund's bank statement
//! find the transfer that keeps it.

use crate::error::{ValidationError, ValidationReason};

coded_enum! {
    /// Where a pledge stands.
    pub enum PledgeStatus {
        /// Waiting for its transfer.
        Pending => "PENDING",
        /// Its transfer arrived and was recorded as a donation.
        Matched => "MATCHED",
        /// Its time passed with no transfer found.
        Expired => "EXPIRED",
    }
}

/// A pledge's reference: `KH` and six characters of [`PledgeReference::ALPHABET`], e.g.
/// `KH7F3K9Q`, written `KH 7F3K9Q` in a transfer's note.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct PledgeReference(String);

impl PledgeReference {
    pub const PREFIX: &'static str = "KH";
    /// Letters and digits no one reads as another: no 0/O, 1/I/L or U/V.
    pub const ALPHABET: &'static [u8; 29] = b"23456789ABCDEFGHJKMNPQRSTWXYZ";
    pub const CODE_CHARS: usize = 6;

    /// The reference made of six random bytes (each picks a character; the small bias of
    /// `byte % 29` does not matter for a reference that is only unique, not secret).
    pub fn from_random(bytes: [u8; 6]) -> Self {
        let code: String = bytes
            .iter()
            .map(|byte| char::from(Self::ALPHABET[usize::from(*byte) % Self::ALPHABET.len()]))
            .collect();
        Self(format!("{}{code}", Self::PREFIX))
    }

    /// A reference as someone typed it (`kh 7f3k9q`, `KH-7F3K9Q`, `KH7F3K9Q`).
    pub fn parse(field: &str, text: &str) -> Result<Self, ValidationError> {
        let found = Self::find_in(text);
        let compact: String = text
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_uppercase();
        match found {
            Some(reference) if reference.0 == compact => Ok(reference),
            _ => Err(ValidationError::new(
                field,
                ValidationReason::Format {
                    expected: "KH 7F3K9Q".into(),
                },
            )),
        }
    }

    /// The first reference in a bank line's description, however the bank wrapped the note
    /// (`MBVCB.3278.KH 7F3K9Q.CT tu 0011...`, `IBFT KH7F3K9Q`, `kh-7f3k9q ung ho`): `KH`, an
    /// optional space, dot, dash or underscore, six characters of the alphabet, and then no
    /// further letter or digit.
    pub fn find_in(description: &str) -> Option<Self> {
        let text = crate::text::folded(description).to_ascii_uppercase();
        let bytes = text.as_bytes();
        let in_alphabet = |b: &u8| Self::ALPHABET.contains(b);
        (0..bytes.len()).find_map(|at| {
            if !bytes[at..].starts_with(Self::PREFIX.as_bytes()) {
                return None;
            }
            let mut start = at + Self::PREFIX.len();
            if bytes
                .get(start)
                .is_some_and(|b| matches!(b, b' ' | b'.' | b'-' | b'_'))
            {
                start += 1;
            }
            let code = bytes.get(start..start + Self::CODE_CHARS)?;
            let after = bytes.get(start + Self::CODE_CHARS);
            (code.iter().all(in_alphabet) && !after.is_some_and(u8::is_ascii_alphanumeric))
                .then(|| Self(format!("{}{}", Self::PREFIX, String::from_utf8_lossy(code))))
        })
    }

    /// As it is stored and sent: `KH7F3K9Q`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As it goes in a transfer's note: `KH 7F3K9Q`.
    pub fn note(&self) -> String {
        format!("{} {}", Self::PREFIX, &self.0[Self::PREFIX.len()..])
    }
}

/// The longest a fund may let its pledges wait, in days.
pub const MAX_PLEDGE_DAYS: i32 = 365;

/// How many days a fund's pledges wait: 1 to [`MAX_PLEDGE_DAYS`].
pub fn pledge_days(field: &str, days: i32) -> Result<i32, ValidationError> {
    if days < 1 {
        return Err(ValidationError::new(
            field,
            ValidationReason::TooSmall { min: "1".into() },
        ));
    }
    if days > MAX_PLEDGE_DAYS {
        return Err(ValidationError::new(
            field,
            ValidationReason::TooLarge {
                max: MAX_PLEDGE_DAYS.to_string(),
            },
        ));
    }
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_is_kh_and_six_unmistakable_characters() {
        let reference = PledgeReference::from_random([0, 1, 28, 29, 200, 255]);
        assert_eq!(reference.as_str().len(), 8);
        assert!(reference.as_str().starts_with("KH"));
        assert!(
            reference.as_str()[2..]
                .bytes()
                .all(|b| PledgeReference::ALPHABET.contains(&b))
        );
        assert_eq!(reference.note(), format!("KH {}", &reference.as_str()[2..]));
    }

    #[test]
    fn a_reference_is_found_in_three_banks_wrappings() {
        let want = Some(PledgeReference("KH7F3K9Q".into()));
        for description in [
            "MBVCB.3278912.KH 7F3K9Q.CT tu 0011001932418 NGUYEN VAN AN toi 1903",
            "IBFT KH7F3K9Q",
            "TRAN THI BINH chuyen tien kh-7f3k9q ung ho quy khuyen hoc",
            "Ủng hộ KH_7F3K9Q; FT24123456789",
        ] {
            assert_eq!(PledgeReference::find_in(description), want, "{description}");
        }
    }

    #[test]
    fn what_only_looks_like_a_reference_is_not_one() {
        for description in [
            "KH 7F3K9QX more",      // a seventh character
            "KH 7F3K0Q",            // 0 is not in the alphabet
            "THANH TOAN KHOAN VAY", // KHOAN: O is not in the alphabet
            "chuyen khoan ung ho",  // no reference at all
        ] {
            assert_eq!(PledgeReference::find_in(description), None, "{description}");
        }
    }

    #[test]
    fn a_typed_reference_is_read_however_it_is_spaced() {
        for typed in ["kh 7f3k9q", "KH-7F3K9Q", " KH7F3K9Q "] {
            assert_eq!(
                PledgeReference::parse("reference", typed).map(|r| r.as_str().to_owned()),
                Ok("KH7F3K9Q".into())
            );
        }
        assert!(PledgeReference::parse("reference", "KH7F3K9Q extra").is_err());
    }

    #[test]
    fn a_fund_lets_pledges_wait_one_day_to_a_year() {
        assert_eq!(pledge_days("days", 14), Ok(14));
        assert!(pledge_days("days", 0).is_err());
        assert!(pledge_days("days", 366).is_err());
    }
}
