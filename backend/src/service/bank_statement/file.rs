//! A statement file as a grid of cells: XLSX or XLS read by calamine, CSV by csv (UTF-8, or
//! Windows-1258 as older Vietnamese Windows software writes it, decoded by encoding_rs).

use std::io::Cursor;

use calamine::{Data, Reader};
use shared::bank_statement::{Cell, ReadError};
use unicode_normalization::UnicodeNormalization;

/// The largest statement file taken: a year of a busy account's lines is well under it.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// The cells of the file's first sheet (or of the CSV), row by row from the sheet's first
/// row and column, so that a row's index is its spreadsheet row less one.
pub fn grid(bytes: &[u8]) -> Result<Vec<Vec<Cell>>, ReadError> {
    // XLSX (a ZIP) and XLS (an OLE compound file) announce themselves in their first bytes.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        spreadsheet(bytes)
    } else {
        csv_grid(bytes)
    }
}

fn spreadsheet(bytes: &[u8]) -> Result<Vec<Vec<Cell>>, ReadError> {
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|_| ReadError::Unreadable)?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(ReadError::Empty)?
        .map_err(|_| ReadError::Unreadable)?;
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

fn csv_grid(bytes: &[u8]) -> Result<Vec<Vec<Cell>>, ReadError> {
    let text = csv_text(bytes);
    if text.contains('\0') {
        return Err(ReadError::Unreadable);
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
            let record = record.map_err(|_| ReadError::Unreadable)?;
            Ok(record
                .iter()
                .map(|field| {
                    if field.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(field.to_owned())
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
