//! Free text typed by people (names, schools, contacts, reasons, descriptions): the one rule
//! every free-text input of the API and the web app follows.
//!
//! - Whitespace is tidied: a line is one line with single spaces; paragraphs keep their line
//!   breaks (at most one blank line between them) with each line tidied.
//! - Nothing is left after tidying → `VALIDATION` (empty) where a value is required.
//! - Control characters (NUL and the like) and invisible formatting characters (bidi
//!   overrides that make a name read backwards, zero-width spaces and joiners that make two
//!   names look the same) are refused anywhere: Vietnamese text never needs them.
//! - Length is counted in characters (a Vietnamese letter is one) against a limit per field.

use crate::error::{ValidationError, ValidationReason};

/// Longest search term accepted: a name or part of one. Longer ones are mistakes or attacks
/// on the database's pattern matcher.
pub const SEARCH_MAX_CHARS: usize = 100;

/// Whether `c` has no place in text a person typed: a control character other than the
/// whitespace that tidying removes, or an invisible formatting character.
pub fn is_forbidden(c: char) -> bool {
    let control = c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    let invisible = matches!(
        c,
        '\u{00AD}' // soft hyphen
            | '\u{061C}' // Arabic letter mark
            | '\u{180E}' // Mongolian vowel separator
            | '\u{200B}'..='\u{200F}' // zero-width space, non-joiner, joiner; LTR/RTL marks
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{206F}' // bidi isolates, deprecated format characters
            | '\u{FEFF}' // zero-width no-break space (byte order mark)
            | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation
    );
    control || invisible
}

fn refuse_forbidden(field: &str, text: &str) -> Result<(), ValidationError> {
    if text.chars().any(is_forbidden) {
        return Err(ValidationError::new(
            field,
            ValidationReason::InvalidCharacter,
        ));
    }
    Ok(())
}

fn within(field: &str, text: &str, max_chars: usize) -> Result<(), ValidationError> {
    if text.chars().count() > max_chars {
        return Err(ValidationError::new(
            field,
            ValidationReason::Length {
                expected: format!("at most {max_chars} characters"),
            },
        ));
    }
    Ok(())
}

/// `text` on one line, runs of whitespace made one space; `None` when nothing is left.
/// `VALIDATION` on `field` when it is longer than `max_chars` or has a forbidden character.
pub fn optional_line(
    field: &str,
    text: &str,
    max_chars: usize,
) -> Result<Option<String>, ValidationError> {
    refuse_forbidden(field, text)?;
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.is_empty() {
        return Ok(None);
    }
    within(field, &line, max_chars)?;
    Ok(Some(line))
}

/// Like [`optional_line`], and `VALIDATION` (empty) when nothing is left.
pub fn required_line(field: &str, text: &str, max_chars: usize) -> Result<String, ValidationError> {
    optional_line(field, text, max_chars)?
        .ok_or_else(|| ValidationError::new(field, ValidationReason::Empty))
}

/// A whole number as Vietnamese writes it, dots between thousands: `1.500.000`, `-12.000`.
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        grouped.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    grouped
}

/// Text of one or more paragraphs (a description, a reason, a statement): each line tidied
/// as by [`optional_line`], runs of blank lines made one, nothing before the first line or
/// after the last. Empty when nothing is left.
pub fn paragraphs(field: &str, text: &str, max_chars: usize) -> Result<String, ValidationError> {
    refuse_forbidden(field, text)?;
    let mut tidied = String::new();
    let mut blank_pending = false;
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            blank_pending = !tidied.is_empty();
            continue;
        }
        if !tidied.is_empty() {
            tidied.push_str(if blank_pending { "\n\n" } else { "\n" });
        }
        tidied.push_str(&line);
        blank_pending = false;
    }
    within(field, &tidied, max_chars)?;
    Ok(tidied)
}

/// Like [`paragraphs`], and `VALIDATION` (empty) when nothing is left.
pub fn required_paragraphs(
    field: &str,
    text: &str,
    max_chars: usize,
) -> Result<String, ValidationError> {
    let tidied = paragraphs(field, text, max_chars)?;
    if tidied.is_empty() {
        return Err(ValidationError::new(field, ValidationReason::Empty));
    }
    Ok(tidied)
}

/// A search term: one tidied line of at most [`SEARCH_MAX_CHARS`]; empty matches everything.
pub fn search(field: &str, text: &str) -> Result<String, ValidationError> {
    Ok(optional_line(field, text, SEARCH_MAX_CHARS)?.unwrap_or_default())
}

/// `text` as it is searched and compared: lower-case ASCII, each letter without its
/// diacritics (`Đặng Thị Tráng` → `dang thi trang`; đ → d), whitespace made single spaces.
/// People type names with and without diacritics, and with the wrong ones; folded, both
/// sides meet. Transliteration is `deunicode`'s (kept up to date with Unicode), not a table
/// of our own.
pub fn folded(text: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu(text, " ");
    ascii
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a learner is found by, kept beside the learner (`learner.search_text`): the folded
/// name, a line break, the folded school. A search term is folded the same way and can't
/// hold a line break, so it matches inside one of the two, never across them; and a match
/// followed by the line break is a match in the name.
pub fn learner_search_text(full_name: &str, school: Option<&str>) -> String {
    format!("{}\n{}", folded(full_name), folded(school.unwrap_or("")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_has_dots_between_its_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(8_450), "8.450");
        assert_eq!(grouped(-1_500_000), "-1.500.000");
        assert_eq!(grouped(i64::MIN), "-9.223.372.036.854.775.808");
    }

    #[test]
    fn a_folded_text_has_no_diacritics_no_case_and_single_spaces() {
        assert_eq!(folded("  Đặng   Thị Tráng "), "dang thi trang");
        assert_eq!(folded("NGUYỄN Văn Ước"), "nguyen van uoc");
        assert_eq!(folded("Trường THCS Cát Linh"), "truong thcs cat linh");
        assert_eq!(folded("đ Đ ơ ư ă â ê ô"), "d d o u a a e o");
        assert_eq!(folded("100% _a"), "100% _a");
    }

    #[test]
    fn a_learner_is_found_by_name_or_school_but_not_across_them() {
        let text = learner_search_text("Lê Minh Anh", Some("THCS Láng Thượng"));
        assert_eq!(text, "le minh anh\nthcs lang thuong");
        assert!(text.contains(&folded("minh ANH")));
        assert!(text.contains(&folded("láng")));
        assert!(!text.contains(&folded("anh thcs")));
        assert_eq!(learner_search_text("An", None), "an\n");
    }

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

    #[test]
    fn paragraphs_keep_their_breaks_and_lose_the_rest() {
        assert_eq!(
            paragraphs(
                "description",
                "\n  Học bổng   cho\r\nhọc sinh\n\n\n\n nghèo vượt khó \n\n",
                100
            )
            .unwrap(),
            "Học bổng cho\nhọc sinh\n\nnghèo vượt khó"
        );
        assert_eq!(paragraphs("description", " \n\t\n", 10).unwrap(), "");
        assert_eq!(
            required_paragraphs("reason", "\n \n", 10)
                .unwrap_err()
                .reason,
            ValidationReason::Empty
        );
    }

    #[test]
    fn invisible_and_control_characters_are_refused_wherever_they_are() {
        let bad = [
            "An\u{0}",                // NUL
            "\u{202E}nA nauyugN",     // right-to-left override
            "\u{200B}\u{200B}",       // zero-width spaces only
            "Lan\u{200D}",            // zero-width joiner
            "\u{FEFF}Minh",           // byte order mark
            "Ha\u{7}",                // bell
            "Hoa\u{2066}Mai\u{2069}", // isolates
        ];
        for text in bad {
            for refused in [
                required_line("fullName", text, 100).err(),
                paragraphs("description", text, 100).err(),
                search("search", text).err(),
            ] {
                let error = refused.unwrap_or_else(|| panic!("{text:?} accepted"));
                assert_eq!(error.reason, ValidationReason::InvalidCharacter, "{text:?}");
            }
        }
        assert!(required_line("fullName", "Nguyễn Văn An", 100).is_ok());
        assert!(paragraphs("statement", "Dòng một\tcó tab\nDòng hai", 100).is_ok());
    }

    #[test]
    fn a_search_term_is_one_short_line() {
        assert_eq!(search("search", "  Nguyễn   Văn ").unwrap(), "Nguyễn Văn");
        assert_eq!(search("search", "").unwrap(), "");
        assert!(search("search", &"a".repeat(SEARCH_MAX_CHARS + 1)).is_err());
    }
}
