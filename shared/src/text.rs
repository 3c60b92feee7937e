//! Free text typed by people (names, schools, contacts): kept on one line with its whitespace
//! tidied, and within a length counted in characters (Vietnamese letters are one each).

use crate::error::{ValidationError, ValidationReason};

/// `text` on one line, runs of whitespace made one space; `None` when nothing is left.
/// `VALIDATION` on `field` when it is longer than `max_chars`.
pub fn optional_line(
    field: &str,
    text: &str,
    max_chars: usize,
) -> Result<Option<String>, ValidationError> {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.is_empty() {
        return Ok(None);
    }
    if line.chars().count() > max_chars {
        return Err(ValidationError::new(
            field,
            ValidationReason::Length {
                expected: format!("at most {max_chars} characters"),
            },
        ));
    }
    Ok(Some(line))
}

/// Like [`optional_line`], and `VALIDATION` (empty) when nothing is left.
pub fn required_line(field: &str, text: &str, max_chars: usize) -> Result<String, ValidationError> {
    optional_line(field, text, max_chars)?
        .ok_or_else(|| ValidationError::new(field, ValidationReason::Empty))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_tidied_onto_one_line_and_counted_in_characters() {
        assert_eq!(
            required_line("name", "  Hội Khuyến học\n xã   Bát Tràng ", 40).unwrap(),
            "Hội Khuyến học xã Bát Tràng"
        );
        assert_eq!(optional_line("school", " \t ", 10).unwrap(), None);
        assert_eq!(required_line("name", " ", 10).unwrap_err().field, "name");
        assert!(
            required_line("name", "Đặng", 4).is_ok(),
            "four letters, eight bytes"
        );
        assert!(required_line("name", "Đặng Thị", 4).is_err());
    }
}
