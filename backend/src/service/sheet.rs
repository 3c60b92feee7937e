//! A file people keep lists in, as a grid of cells (`shared::sheet::Cell`): XLSX or XLS read
//! by calamine, CSV by csv (UTF-8, or Windows-1258 as older Vietnamese Windows software writes
//! it, decoded by encoding_rs). Bank statements and imports read their files here.

use std::io::Cursor;

use calamine::{Data, Reader};
use shared::sheet::{Cell, column_letter};
use unicode_normalization::UnicodeNormalization;

/// Why a file is refused as a whole, before any of its rows: sent as `VALIDATION` on `file`
/// with `extensions.reason` (its [`code`](Self::code)) and what it names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    /// Not a spreadsheet or CSV we can read.
    #[error("the file is not a spreadsheet (XLSX, XLS) or CSV file that can be read")]
    Unreadable,
    /// No sheet, or nothing on the first.
    #[error("the file has no rows")]
    Empty,
    /// A cell holds a formula (`cell` is its address, `C7`): an import takes values typed in,
    /// not what a formula made of other cells.
    #[error(
        "cell {cell} holds a formula: an import takes values (copy the sheet and paste values only)"
    )]
    Formula { cell: String },
    /// Cells are merged (`range` is its address, `A3:C3`): a merged cell has no single row
    /// and column of its own.
    #[error("cells {range} are merged: unmerge them so that each value has its own cell")]
    Merged { range: String },
    /// No header row names the required columns; `missing` are their headers.
    #[error("no header row names the columns {}: download the template", .missing.join(", "))]
    NoHeader { missing: Vec<String> },
    /// More rows than one file may hold.
    #[error("the file has more than {max} rows: split it")]
    TooManyRows { max: usize },
}

impl SheetError {
    /// A stable code for the reason, for the browser to word.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Unreadable => "UNREADABLE",
            Self::Empty => "EMPTY",
            Self::Formula { .. } => "FORMULA",
            Self::Merged { .. } => "MERGED_CELLS",
            Self::NoHeader { .. } => "NO_HEADER",
            Self::TooManyRows { .. } => "TOO_MANY_ROWS",
        }
    }
}

/// `VALIDATION` on `file` when `bytes` are more than `max` (a whole number of megabytes).
pub fn at_most(bytes: &[u8], max: usize) -> Result<(), shared::ValidationError> {
    if bytes.len() <= max {
        return Ok(());
    }
    Err(shared::ValidationError::new(
        "file",
        shared::ValidationReason::TooLarge {
            max: format!("{} MB", max / 1024 / 1024),
        },
    ))
}

/// What a reader accepts beyond plain values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// Whatever the sheet shows (a bank's export merges its title cells and may compute its
    /// totals).
    AsShown,
    /// Values typed in only: formulas and merged cells are refused.
    ValuesOnly,
}

/// The cells of the file's first sheet (or of the CSV), row by row from the sheet's first
/// row and column, so that a row's index is its spreadsheet row less one.
pub fn grid(bytes: &[u8], strictness: Strictness) -> Result<Vec<Vec<Cell>>, SheetError> {
    // XLSX (a ZIP) and XLS (an OLE compound file) announce themselves in their first bytes.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        spreadsheet(bytes, strictness)
    } else {
        csv_grid(bytes)
    }
}

fn spreadsheet(bytes: &[u8], strictness: Strictness) -> Result<Vec<Vec<Cell>>, SheetError> {
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|_| SheetError::Unreadable)?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(SheetError::Empty)?
        .map_err(|_| SheetError::Unreadable)?;
    if strictness == Strictness::ValuesOnly {
        values_only(&mut workbook)?;
    }
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let blank_columns = usize::try_from(first_column).unwrap_or(0);
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); usize::try_from(first_row).unwrap_or(0)];
    for row in range.rows() {
        let mut cells = vec![Cell::Empty; blank_columns];
        cells.extend(row.iter().map(cell));
        rows.push(cells);
    }
    Ok(rows)
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        #[expect(
            clippy::cast_precision_loss,
            reason = "amounts in đồng are far below 2^53"
        )]
        Data::Int(number) => Cell::Number(*number as f64),
        Data::Float(number) => Cell::Number(*number),
        Data::String(text) => Cell::Text(text.nfc().collect()),
        Data::Bool(value) => Cell::Text(value.to_string()),
        Data::DateTime(date) => date
            .as_datetime()
            .map_or(Cell::Empty, |moment| Cell::Date(moment.date())),
        Data::DateTimeIso(text) | Data::DurationIso(text) => {
            Cell::Text(text.split('T').next().unwrap_or_default().to_owned())
        }
        Data::Error(error) => Cell::Text(format!("#{error:?}")),
    }
}

/// A CSV's text: UTF-8 (with or without its byte-order mark), or else Windows-1258, whose
/// decoded letters and combining tone marks are composed (NFC) as UTF-8 text would be.
pub fn csv_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.nfc().collect(),
        Err(_) => encoding_rs::WINDOWS_1258
            .decode_without_bom_handling(bytes)
            .0
            .nfc()
            .collect(),
    }
}

/// Refuses the first sheet's first formula and first merged range.
fn values_only<R: std::io::Read + std::io::Seek>(
    workbook: &mut calamine::Sheets<R>,
) -> Result<(), SheetError> {
    let Some(name) = workbook.sheet_names().first().cloned() else {
        return Err(SheetError::Empty);
    };
    let formulas = workbook
        .worksheet_formula(&name)
        .map_err(|_| SheetError::Unreadable)?;
    if let Some((row, column, _)) = formulas.used_cells().find(|(_, _, f)| !f.is_empty()) {
        let (first_row, first_column) = formulas.start().unwrap_or((0, 0));
        return Err(SheetError::Formula {
            cell: address(first_row as usize + row, first_column as usize + column),
        });
    }
    if let calamine::Sheets::Xlsx(xlsx) = workbook
        && let Ok(merged) = xlsx.merge_cells_by_sheet_name(&name)
        && let Some(first) = merged.first()
    {
        return Err(SheetError::Merged {
            range: format!(
                "{}:{}",
                address(first.start.0 as usize, first.start.1 as usize),
                address(first.end.0 as usize, first.end.1 as usize)
            ),
        });
    }
    Ok(())
}

/// A cell's address as a spreadsheet shows it: row 0, column 2 → `C1`.
fn address(row: usize, column: usize) -> String {
    format!("{}{}", column_letter(column), row + 1)
}

fn csv_grid(bytes: &[u8]) -> Result<Vec<Vec<Cell>>, SheetError> {
    let text = csv_text(bytes);
    if text.contains('\0') {
        return Err(SheetError::Unreadable);
    }
    // The separator is whichever of `,`, `;` and tab the first lines use most.
    let head: String = text.lines().take(40).collect();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| head.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|record| {
            let record = record.map_err(|_| SheetError::Unreadable)?;
            Ok(record
                .iter()
                .map(|field| {
                    if field.trim().is_empty() {
                        Cell::Empty
                    } else {
                        // What our own exports guarded against formulas reads as it was.
                        Cell::Text(shared::sheet::unguarded(field).to_owned())
                    }
                })
                .collect())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1258_text_reads_as_the_same_letters_as_utf8() {
        // "Ghi có" in Windows-1258: `C` `ó` is `o` followed by the combining acute (0xEC).
        let bytes = b"Ghi co\xEC";
        assert_eq!(csv_text(bytes), "Ghi có");
        assert_eq!(csv_text("Ghi có".as_bytes()), "Ghi có");
    }
}
