//! A sheet read from a file (XLSX, XLS or CSV) as a grid of cells, and what every reader of
//! one does alike: a cell as text, a column's letter, a header compared without diacritics or
//! punctuation, a date written the Vietnamese way. The file's format is the server's business;
//! every rule on a grid is pure and tested without files.

use chrono::NaiveDate;

use crate::text::folded;

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
