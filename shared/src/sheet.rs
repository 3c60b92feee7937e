//! A sheet read from a file (XLSX, XLS or CSV) as a grid of cells, and what every reader of
//! one does alike: a cell as text, a column's letter, a header compared without diacritics or
//! punctuation, a date written the Vietnamese way. The file's format is the server's business;
//! every rule on a grid is pure and tested without files.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::{ValidationError, text::folded};

/// One cell, as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number cell of a spreadsheet.
    Number(f64),
    /// A date cell of a spreadsheet.
    Date(NaiveDate),
}

impl Cell {
    /// The cell as text, trimmed: a whole number without a fraction, a date `dd/mm/yyyy`.
    pub fn text(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(text) => text.trim().to_owned(),
            Self::Number(number) if number.fract() == 0.0 && number.abs() < 1e15 => {
                format!("{number:.0}")
            }
            Self::Number(number) => number.to_string(),
            Self::Date(date) => date.format("%d/%m/%Y").to_string(),
        }
    }

    pub fn is_blank(&self) -> bool {
        self.text().is_empty()
    }
}

/// A column of a template people fill in: how a file's header row names it.
pub trait TemplateColumn: Copy + Eq + std::hash::Hash + 'static {
    /// Every column, in the template's order.
    const ALL: &'static [Self];

    /// Its header in the template.
    fn header(self) -> &'static str;

    /// The headers it is known by besides the template's, folded (no diacritics, case or
    /// punctuation): what people write in their own sheets.
    fn other_names(self) -> &'static [&'static str];

    /// Whether a file without it is refused.
    fn required(self) -> bool;

    /// Whether a header cell's folded `name` is this column's.
    fn known_by(self, name: &str) -> bool {
        header_names(&Cell::Text(self.header().to_owned()))
            .iter()
            .any(|h| h == name)
            || self.other_names().contains(&name)
    }
}

/// The rows a header row is looked for among, from the top.
const HEADER_ROWS: usize = 10;

/// Why a file is not a sheet of the template at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetRefused {
    #[error("the file has no rows")]
    Empty,
    /// No row of the first ten names the required columns; `missing` are their headers.
    #[error("no header row names the columns {missing:?} (download the template)")]
    NoHeader { missing: Vec<&'static str> },
    #[error("the file has more than {max} rows: split it")]
    TooManyRows { max: usize },
}

/// The header row of `rows` (the one among the first ten that names the most columns) and
/// where each known column is in it; refused when it lacks a required column.
pub fn find_header<C: TemplateColumn>(
    rows: &[Vec<Cell>],
) -> Result<(usize, HashMap<C, usize>), SheetRefused> {
    if rows.iter().all(|row| row.iter().all(Cell::is_blank)) {
        return Err(SheetRefused::Empty);
    }
    let mut best: Option<(usize, HashMap<C, usize>)> = None;
    for (at, row) in rows.iter().enumerate().take(HEADER_ROWS) {
        let mut columns = HashMap::new();
        for (index, cell) in row.iter().enumerate() {
            let names = header_names(cell);
            if let Some(&column) = C::ALL
                .iter()
                .find(|column| names.iter().any(|name| column.known_by(name)))
            {
                columns.entry(column).or_insert(index);
            }
        }
        if best
            .as_ref()
            .is_none_or(|(_, found)| columns.len() > found.len())
        {
            best = Some((at, columns));
        }
    }
    let (at, columns) = best.unwrap_or_default();
    let missing: Vec<&'static str> = C::ALL
        .iter()
        .filter(|column| column.required() && !columns.contains_key(column))
        .map(|column| column.header())
        .collect();
    if missing.is_empty() {
        Ok((at, columns))
    } else {
        Err(SheetRefused::NoHeader { missing })
    }
}

coded_enum! {
    /// What importing a good row does.
    pub enum ImportAction {
        /// A new record (a learner, an organisation).
        Create => "CREATE",
        /// A record on file, whose details the file changes.
        Update => "UPDATE",
        /// A record on file, already as the file says.
        Skip => "SKIP",
    }
}

coded_enum! {
    /// Why a cell of a row is refused: what the browser words, in the reader's language.
    pub enum CellProblem {
        /// Nothing where the column needs something.
        Missing => "MISSING",
        /// Longer than the form takes.
        TooLong => "TOO_LONG",
        /// A character text may not hold (a control character).
        NotText => "NOT_TEXT",
        /// Not a date, `dd/mm/yyyy` or a date cell.
        NotADate => "NOT_A_DATE",
        /// A date of birth in the future or more than 120 years ago.
        BirthOutOfRange => "BIRTH_OUT_OF_RANGE",
        /// Not Nam, Nữ or Khác.
        NotAGender => "NOT_A_GENDER",
        /// Not an education level's name.
        NotALevel => "NOT_A_LEVEL",
        /// Not a circumstance's name.
        NotACircumstance => "NOT_A_CIRCUMSTANCE",
        /// Not 12 digits.
        NotAPersonalId => "NOT_A_PERSONAL_ID",
        /// The personal id's year of birth is not the date of birth's.
        PersonalIdYear => "PERSONAL_ID_YEAR",
        /// The personal id is on an earlier row of the file too (`other_row`).
        PersonalIdRepeated => "PERSONAL_ID_REPEATED",
        /// The personal id is a learner on a family's or another organisation's record,
        /// which an import may not change.
        PersonalIdTaken => "PERSONAL_ID_TAKEN",
        /// Not a GPA on the 10-point scale.
        NotAGpa => "NOT_A_GPA",
        /// Not a Vietnamese mobile number.
        NotAPhone => "NOT_A_PHONE",
        /// Not a kind of organisation an import adds (Chi hội, Dòng họ, Khác).
        NotAKind => "NOT_A_KIND",
        /// Not an area code (letters, digits and hyphens).
        NotAnAreaCode => "NOT_AN_AREA_CODE",
        /// Not an organisation below the one imported to, nor one on an earlier row.
        ParentNotFound => "PARENT_NOT_FOUND",
        /// The same name under the same parent on an earlier row (`other_row`).
        NameRepeated => "NAME_REPEATED",
        /// An archived organisation under the same parent has the name, which it keeps.
        NameArchived => "NAME_ARCHIVED",
        /// Not an amount in whole đồng above zero.
        NotAnAmount => "NOT_AN_AMOUNT",
        /// Not Tiền mặt, Chuyển khoản or Hiện vật.
        NotAMethod => "NOT_A_METHOD",
        /// Not Cá nhân or Tổ chức.
        NotADonorKind => "NOT_A_DONOR_KIND",
        /// Not x (or Có) for yes, blank for no.
        NotYesNo => "NOT_YES_NO",
        /// A day received after today, or more than ten years ago.
        ReceivedOutOfRange => "RECEIVED_OUT_OF_RANGE",
        /// The receipt number is on an earlier row of the file too (`other_row`).
        ReceiptRepeated => "RECEIPT_REPEATED",
        /// The receipt number is on another donation of the fund already.
        ReceiptTaken => "RECEIPT_TAKEN",
        /// The bank reference is on an earlier row of the file too (`other_row`).
        BankReferenceRepeated => "BANK_REFERENCE_REPEATED",
        /// The bank reference is on a donation of the fund of another amount.
        BankReferenceTaken => "BANK_REFERENCE_TAKEN",
        /// Not one of the fund's campaigns.
        CampaignNotFound => "CAMPAIGN_NOT_FOUND",
        /// Several of the organisation's donors have the name: the contact tells them apart.
        DonorAmbiguous => "DONOR_AMBIGUOUS",
    }
}

/// A cell of a bad row and why: `row` from 1, `column` its letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub row: usize,
    pub column: String,
    pub header: &'static str,
    pub problem: CellProblem,
    /// The earlier row the problem names (a personal id or a name given twice).
    pub other_row: Option<usize>,
    /// The same, as the API's English message says it.
    pub error: ValidationError,
}

/// The first characters that make a spreadsheet take a CSV field for a formula.
const FORMULA_FIRST: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Text for a CSV field that opening the file in a spreadsheet won't run: text starting as a
/// formula would (a donor's name typed on a public page, say) gets a `'` in front, as
/// spreadsheet programs themselves write text. [`unguarded`] takes it off again.
pub fn formula_guarded(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_FIRST) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// A CSV field as it was before [`formula_guarded`]: a `'` before what would start a
/// formula is dropped, so that a file exported and imported again reads the same.
pub fn unguarded(field: &str) -> &str {
    match field.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_FIRST) => rest,
        _ => field,
    }
}

/// A column's letter as a spreadsheet shows it: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letter(index: usize) -> String {
    let mut index = index + 1;
    let mut letters = Vec::new();
    while index > 0 {
        let rem = (index - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        index = (index - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A header cell as it is compared: each of its halves (split at `/` and line breaks), folded,
/// without punctuation.
pub fn header_names(cell: &Cell) -> Vec<String> {
    cell.text()
        .split(['/', '\n', '\r'])
        .map(|half| {
            folded(half)
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == ' ')
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|half| !half.is_empty())
        .collect()
}

/// A date cell: a spreadsheet date, or `dd/mm/yyyy` (or with `-` or `.`), maybe followed by a
/// time; or `yyyy-mm-dd`.
pub fn date(cell: &Cell) -> Option<NaiveDate> {
    match cell {
        Cell::Date(date) => Some(*date),
        Cell::Text(text) => {
            let first = text.split_whitespace().next()?;
            ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
                .iter()
                .find_map(|format| NaiveDate::parse_from_str(first, format).ok())
        }
        Cell::Number(_) | Cell::Empty => None,
    }
}

/// Grids written as text, for the tests of what reads them.
#[cfg(test)]
pub(crate) mod testing {
    use super::Cell;

    /// A text cell; empty text is an empty cell.
    pub fn text(value: &str) -> Cell {
        if value.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(value.into())
        }
    }

    /// Rows of text cells.
    pub fn grid(rows: &[&[&str]]) -> Vec<Vec<Cell>> {
        rows.iter()
            .map(|row| row.iter().map(|v| text(v)).collect())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_a_spreadsheet_would_run_as_a_formula_is_guarded_and_read_back_as_it_was() {
        for formula in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\t=1"] {
            let guarded = formula_guarded(formula);
            assert_eq!(guarded, format!("'{formula}"));
            assert_eq!(unguarded(&guarded), formula);
        }
        assert_eq!(formula_guarded("Lê Thị Ngọc"), "Lê Thị Ngọc");
        assert_eq!(
            unguarded("'Ngõ 5"),
            "'Ngõ 5",
            "a quote before plain text stays"
        );
        assert_eq!(unguarded("Lê Thị Ngọc"), "Lê Thị Ngọc");
    }
}
