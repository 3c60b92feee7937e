//! Numbers people write with at most two decimals (a GPA, a reviewer's points), kept exactly in
//! hundredths: read with a point or the Vietnamese decimal comma, written with a point and no
//! trailing zeros (a page writes it in its reader's way).

use std::fmt;

/// `8`, `8.5`, `8,5` or `8.75` in hundredths; `None` unless it is digits with at most two
/// decimals (`8.`, `.5`, `8.755`, `-1` are not), or too large for `u32`.
pub(crate) fn parse_hundredths(text: &str) -> Option<u32> {
    let text = text.trim().replace(',', ".");
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) if digits(fraction) && fraction.len() <= 2 => (whole, fraction),
        Some(_) => return None,
        None => (text.as_str(), ""),
    };
    if !digits(whole) {
        return None;
    }
    let whole: u32 = whole.parse().ok()?;
    let fraction: u32 = format!("{fraction:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(fraction)
}

/// Writes `hundredths` as `8`, `8.5` or `8.75`.
pub(crate) fn write_hundredths(f: &mut fmt::Formatter<'_>, hundredths: u32) -> fmt::Result {
    let (whole, fraction) = (hundredths / 100, hundredths % 100);
    match fraction {
        0 => write!(f, "{whole}"),
        tenths if tenths.is_multiple_of(10) => write!(f, "{whole}.{}", tenths / 10),
        _ => write!(f, "{whole}.{fraction:02}"),
    }
}
