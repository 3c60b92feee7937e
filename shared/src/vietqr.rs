//! VietQR: the EMVCo merchant-presented QR payload that Vietnamese bank apps scan to fill in
//! a transfer to an account, as NAPAS specifies it for the inter-bank transfer service.
//!
//! A payload is a run of data objects, each an id (2 digits), a length (2 digits) and a value;
//! some values are themselves such runs. The ones a transfer to an account uses:
//!
//! | id | value |
//! |---|---|
//! | 00 | payload format, `01` |
//! | 01 | `11` a static code (the payer types the amount), `12` a code with its amount |
//! | 38 | 00 the NAPAS GUID `A000000727`; 01 the beneficiary (00 the bank's BIN, 01 the account); 02 the service `QRIBFTTA` (to an account) |
//! | 53 | currency, `704` (đồng) |
//! | 54 | amount, a whole number of đồng |
//! | 58 | country, `VN` |
//! | 62 | additional data; its 08 is the transfer's note |
//! | 63 | CRC-16/CCITT-FALSE of everything before it, `6304` included, as four upper-case hex digits |
//!
//! Reading goes by id, not by position: a code whose objects come in another order reads the
//! same. The note is what the payer's bank puts in the transfer's description, so it is kept
//! to what every bank passes through unchanged: ASCII letters, digits and spaces, at most 25.

use std::collections::BTreeMap;

use crate::error::{ValidationError, ValidationReason};
use crate::money::Money;

/// NAPAS's identifier in a VietQR code's merchant account information.
pub const NAPAS_GUID: &str = "A000000727";
/// The service code of a transfer to an account number.
pub const TO_ACCOUNT: &str = "QRIBFTTA";

/// The note a transfer carries: upper-case ASCII letters, digits and single spaces, at most
/// [`TransferNote::MAX_CHARS`]. Diacritics are removed (đ → d), other signs dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct TransferNote(String);

impl TransferNote {
    /// What bank apps keep of a note without cutting it.
    pub const MAX_CHARS: usize = 25;

    /// The note `text` becomes, or `VALIDATION` on `field` when nothing is left of it or it is
    /// longer than a bank app keeps (a cut note could lose its reference code).
    pub fn new(field: &str, text: &str) -> Result<Self, ValidationError> {
        let folded = crate::text::folded(text).to_ascii_uppercase();
        let kept: String = folded
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect();
        let note = kept.split_whitespace().collect::<Vec<_>>().join(" ");
        if note.is_empty() {
            return Err(ValidationError::new(field, ValidationReason::Empty));
        }
        if note.len() > Self::MAX_CHARS {
            return Err(ValidationError::new(
                field,
                ValidationReason::TooLarge {
                    max: format!("{} ký tự", Self::MAX_CHARS),
                },
            ));
        }
        Ok(Self(note))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a VietQR code asks a payer's bank to do: transfer (this amount, or what the payer
/// types) to this account, with this note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VietQr {
    /// The beneficiary bank's NAPAS BIN.
    pub bin: String,
    /// The beneficiary account number.
    pub account: String,
    /// The amount, for a code made for one transfer; none for a fund's standing code.
    pub amount: Option<Money>,
    /// The note, already in the form banks pass through.
    pub note: Option<TransferNote>,
}

/// Why a text is not a VietQR transfer code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VietQrError {
    #[error("the data object at character {at} is cut short or its length is not a number")]
    Malformed { at: usize },
    #[error("the code ends without its checksum (63) as its last object")]
    NoChecksum,
    #[error("the checksum is {found}, the content's is {expected}")]
    Checksum { expected: String, found: String },
    #[error("object {0} is missing")]
    Missing(&'static str),
    #[error("object {tag} is {value:?}, which a transfer to an account does not use")]
    Unexpected { tag: &'static str, value: String },
}

impl VietQr {
    /// The payload to put in the QR code.
    pub fn payload(&self) -> String {
        let beneficiary = [tlv("00", &self.bin), tlv("01", &self.account)].concat();
        let merchant = [
            tlv("00", NAPAS_GUID),
            tlv("01", &beneficiary),
            tlv("02", TO_ACCOUNT),
        ]
        .concat();
        let mut payload = tlv("00", "01");
        payload += &tlv("01", if self.amount.is_some() { "12" } else { "11" });
        payload += &tlv("38", &merchant);
        payload += &tlv("53", "704");
        if let Some(amount) = self.amount {
            payload += &tlv("54", &amount.dong().to_string());
        }
        payload += &tlv("58", "VN");
        if let Some(note) = &self.note {
            payload += &tlv("62", &tlv("08", note.as_str()));
        }
        payload += "6304";
        let crc = crc16_ccitt_false(payload.as_bytes());
        payload + &format!("{crc:04X}")
    }

    /// Reads a transfer code: its checksum must hold and its objects must be those of a
    /// transfer to an account, in any order.
    pub fn parse(payload: &str) -> Result<Self, VietQrError> {
        let payload = payload.trim();
        let run = objects(payload)?;
        let (_, crc_at, found) = run.last().ok_or(VietQrError::NoChecksum)?;
        if run.last().map(|(tag, _, _)| tag.as_str()) != Some("63") || found.len() != 4 {
            return Err(VietQrError::NoChecksum);
        }
        let expected = format!(
            "{:04X}",
            crc16_ccitt_false(&payload.as_bytes()[..crc_at + 4])
        );
        if !found.eq_ignore_ascii_case(&expected) {
            return Err(VietQrError::Checksum {
                expected,
                found: found.clone(),
            });
        }
        let top = by_tag(run);
        let want = |tag: &'static str, value: &str| match top.get(tag) {
            None => Err(VietQrError::Missing(tag)),
            Some(found) if found == value => Ok(()),
            Some(found) => Err(VietQrError::Unexpected {
                tag,
                value: found.clone(),
            }),
        };
        want("00", "01")?;
        want("53", "704")?;
        want("58", "VN")?;
        let merchant = by_tag(objects(top.get("38").ok_or(VietQrError::Missing("38"))?)?);
        let in_merchant = |tag: &'static str| merchant.get(tag).ok_or(VietQrError::Missing(tag));
        if in_merchant("00")? != NAPAS_GUID {
            return Err(VietQrError::Unexpected {
                tag: "38.00",
                value: in_merchant("00")?.clone(),
            });
        }
        if in_merchant("02")? != TO_ACCOUNT {
            return Err(VietQrError::Unexpected {
                tag: "38.02",
                value: in_merchant("02")?.clone(),
            });
        }
        let beneficiary = by_tag(objects(in_merchant("01")?)?);
        let bin = beneficiary
            .get("00")
            .ok_or(VietQrError::Missing("38.01.00"))?;
        let account = beneficiary
            .get("01")
            .ok_or(VietQrError::Missing("38.01.01"))?;
        let amount = match top.get("54") {
            None => None,
            Some(text) => Some(
                text.parse::<i64>()
                    .ok()
                    .filter(|dong| *dong > 0)
                    .map(Money::from_dong)
                    .ok_or_else(|| VietQrError::Unexpected {
                        tag: "54",
                        value: text.clone(),
                    })?,
            ),
        };
        match top.get("01").map(String::as_str) {
            Some("11" | "12") | None => {}
            Some(other) => {
                return Err(VietQrError::Unexpected {
                    tag: "01",
                    value: other.to_owned(),
                });
            }
        }
        let note = match top.get("62") {
            None => None,
            Some(additional) => by_tag(objects(additional)?)
                .get("08")
                .map(|note| TransferNote(note.clone())),
        };
        Ok(Self {
            bin: bin.clone(),
            account: account.clone(),
            amount,
            note,
        })
    }
}

fn tlv(tag: &str, value: &str) -> String {
    format!("{tag}{:02}{value}", value.len())
}

/// The data objects of a run, each with where it starts: (id, start, value).
fn objects(run: &str) -> Result<Vec<(String, usize, String)>, VietQrError> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < run.len() {
        let head = run.get(at..at + 4).ok_or(VietQrError::Malformed { at })?;
        let length: usize = head[2..]
            .parse()
            .map_err(|_| VietQrError::Malformed { at })?;
        let value = run
            .get(at + 4..at + 4 + length)
            .ok_or(VietQrError::Malformed { at })?;
        found.push((head[..2].to_owned(), at, value.to_owned()));
        at += 4 + length;
    }
    Ok(found)
}

fn by_tag(objects: Vec<(String, usize, String)>) -> BTreeMap<String, String> {
    objects
        .into_iter()
        .map(|(tag, _, value)| (tag, value))
        .collect()
}

/// CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, not reflected, no final XOR.
pub fn crc16_ccitt_false(bytes: &[u8]) -> u16 {
    bytes.iter().fold(0xFFFF_u16, |crc, byte| {
        (0..8).fold(crc ^ (u16::from(*byte) << 8), |crc, _| {
            if crc & 0x8000 == 0 {
                crc << 1
            } else {
                (crc << 1) ^ 0x1021
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Payloads published by the specification's implementers, in their tests and
    /// documentation. (NAPAS's own example 6.1.1, as implementers quote it, is left out: its
    /// account object says 12 characters and holds 13, so no reader by length can take it.)
    const PUBLISHED: &[&str] = &[
        // A static code to VietinBank account 123456789 (a generator's test suite).
        "00020101021138530010A0000007270123000697041501091234567890208QRIBFTTA53037045802VN63046376",
        // VietinBank, 120,000 ₫, "ung ho lu lut" (subiz/vietqr's README).
        "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C",
        // Vietcombank, 10,000 ₫, a long note.
        "00020101021238540010A00000072701240006970436011098895593570208QRIBFTTA53037045405100005802VN62320828day la noi dung chuyen khoan6304EEF5",
        // Vietcombank, 850,000 ₫, an order number as the note.
        "00020101021238570010A00000072701270006970436011300710012345670208QRIBFTTA530370454068500005802VN62120808DH4821136304E529",
    ];

    #[test]
    fn the_checksum_is_crc_16_ccitt_false() {
        // The check value every CRC catalogue gives for CRC-16/CCITT-FALSE.
        assert_eq!(crc16_ccitt_false(b"123456789"), 0x29B1);
    }

    #[test]
    fn published_payloads_read_and_are_written_back_byte_for_byte() {
        for payload in PUBLISHED {
            let code = VietQr::parse(payload).unwrap_or_else(|e| panic!("{payload}: {e}"));
            assert_eq!(&code.payload(), payload);
        }
        let code = VietQr::parse(PUBLISHED[1]).unwrap();
        assert_eq!(code.bin, "970415");
        assert_eq!(code.account, "0011001932418");
        assert_eq!(code.amount, Some(Money::from_dong(120_000)));
        assert_eq!(code.note.unwrap().as_str(), "ung ho lu lut");
        let fixed = VietQr::parse(PUBLISHED[0]).unwrap();
        assert_eq!((fixed.amount, fixed.note), (None, None));
    }

    #[test]
    fn a_code_for_one_pledge_carries_its_amount_and_reference() {
        let code = VietQr {
            bin: "970436".into(),
            account: "0011001932418".into(),
            amount: Some(Money::from_dong(500_000)),
            note: Some(TransferNote::new("note", "KH 7F3K9Q").unwrap()),
        };
        let payload = code.payload();
        assert!(payload.starts_with("000201010212"), "{payload}");
        assert!(payload.contains("0010A000000727"));
        assert!(payload.contains("0208QRIBFTTA"));
        assert!(payload.contains("5406500000"));
        assert!(payload.contains("62130809KH 7F3K9Q"));
        assert_eq!(VietQr::parse(&payload), Ok(code));
    }

    #[test]
    fn objects_are_read_by_id_in_any_order() {
        // 58 and 53 swapped, 54 moved ahead of 38: the same code with its checksum redone.
        let body = "0002015802VN010212540412345303704\
                    38530010A0000007270123000697041501091234567890208QRIBFTTA6304";
        let payload = format!("{body}{:04X}", crc16_ccitt_false(body.as_bytes()));
        let code = VietQr::parse(&payload).unwrap();
        assert_eq!(code.bin, "970415");
        assert_eq!(code.account, VietQr::parse(PUBLISHED[0]).unwrap().account);
        assert_eq!(code.amount, Some(Money::from_dong(1234)));
    }

    #[test]
    fn a_changed_character_breaks_the_checksum() {
        let tampered = PUBLISHED[1].replace("54061200005802", "54069200005802");
        assert!(matches!(
            VietQr::parse(&tampered),
            Err(VietQrError::Checksum { .. })
        ));
    }

    #[test]
    fn what_is_not_a_transfer_code_says_why() {
        assert!(matches!(
            VietQr::parse("hello"),
            Err(VietQrError::Malformed { .. })
        ));
        assert_eq!(VietQr::parse(""), Err(VietQrError::NoChecksum));
        // A card transfer (QRIBFTTC) is not a transfer to an account.
        let body = "00020101021138530010A0000007270123000697041501091234567890208QRIBFTTC53037045802VN6304";
        let payload = format!("{body}{:04X}", crc16_ccitt_false(body.as_bytes()));
        assert!(matches!(
            VietQr::parse(&payload),
            Err(VietQrError::Unexpected { tag: "38.02", .. })
        ));
    }

    #[test]
    fn a_note_is_ascii_without_diacritics_and_short_enough_for_bank_apps() {
        let note = |text| TransferNote::new("note", text).map(|n| n.as_str().to_owned());
        assert_eq!(
            note("Ủng hộ Quỹ Đồng Tâm!"),
            Ok("UNG HO QUY DONG TAM".into())
        );
        assert_eq!(note("kh 7f3k9q"), Ok("KH 7F3K9Q".into()));
        assert!(note("Ủng hộ quỹ khuyến học Bát Tràng").is_err());
        assert!(note(" -- ").is_err());
    }
}
