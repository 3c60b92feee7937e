//! The two file formats a [`Table`] is written as, neither holding the list in memory: CSV
//! (UTF-8 with a byte-order mark, sent as it is written) and a workbook (rust_xlsxwriter's
//! constant-memory sheet, zipped out through a channel).

use std::io::Write;

use axum::body::{Body, Bytes};
use futures_util::StreamExt as _;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};
use tokio::sync::mpsc;

use super::{Line, SHEET_ROWS, STALLED, Table, Value, invalid, received};
use crate::error::Error;

/// A CSV line of `fields` (quoted where they need it).
fn csv_line<S: AsRef<[u8]>>(fields: impl IntoIterator<Item = S>) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(fields);
    writer.into_inner().unwrap_or_default()
}

fn csv_page(lines: &[Line]) -> Bytes {
    let mut out = Vec::new();
    for line in lines {
        out.extend_from_slice(&csv_line(line.cells.iter().map(Value::csv)));
    }
    Bytes::from(out)
}

/// The table as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the
/// Vietnamese): the header row and the lines, no title. The first page is read before
/// anything is sent, so that a failure to read it is answered with its status.
pub(super) async fn csv_body(table: Table) -> Result<Body, Error> {
    let mut lines = table.lines;
    let first = lines.next().await.transpose()?.unwrap_or_default();
    let mut head = b"\xEF\xBB\xBF".to_vec();
    head.extend_from_slice(&csv_line(table.columns.iter().map(|c| c.title)));
    head.extend_from_slice(&csv_page(&first));
    let rest = lines.map(|page| match page {
        Ok(lines) => Ok(csv_page(&lines)),
        // The status is already sent: the file ends short, and the log says why.
        Err(error) => {
            tracing::error!(%error, "an export's CSV stopped");
            Err(std::io::Error::other(
                "the list could not be read to its end",
            ))
        }
    });
    let chunks = futures_util::stream::iter([Ok(Bytes::from(head))]).chain(rest);
    // Polled again once ended (the compression layer does), a bare unfold would panic.
    Ok(Body::from_stream(chunks.fuse()))
}

/// Formats of the workbook.
struct Formats {
    title: Format,
    header: Format,
    date: Format,
    moment: Format,
    money: Format,
    hundredths: Format,
    text: Format,
}

impl Formats {
    fn new() -> Self {
        Self {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_border(FormatBorder::Thin),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            moment: Format::new().set_num_format("dd/mm/yyyy hh:mm"),
            money: Format::new().set_num_format("#,##0 \"₫\""),
            hundredths: Format::new().set_num_format("0.00"),
            text: Format::new().set_text_wrap(),
        }
    }
}

/// Writes one cell; nothing for an empty one.
fn write_cell(
    sheet: &mut Worksheet,
    (row, column): (u32, u16),
    value: &Value,
    formats: &Formats,
    summary: bool,
) -> Result<(), XlsxError> {
    let bold = |format: &Format| {
        if summary {
            format.clone().set_bold()
        } else {
            format.clone()
        }
    };
    // Money, ids and scores stop far below 2⁵³: a float holds them exactly.
    #[allow(clippy::cast_precision_loss)]
    match value {
        Value::Empty => {}
        Value::Text(text) => {
            sheet.write_string_with_format(row, column, text, &bold(&formats.text))?;
        }
        Value::Number(n) => {
            sheet.write_number_with_format(row, column, *n as f64, &bold(&Format::new()))?;
        }
        Value::Money(n) => {
            sheet.write_number_with_format(row, column, *n as f64, &bold(&formats.money))?;
        }
        Value::Hundredths(n) => {
            let number = *n as f64 / 100.0;
            sheet.write_number_with_format(row, column, number, &bold(&formats.hundredths))?;
        }
        Value::Date(day) => {
            sheet.write_date_with_format(row, column, *day, &bold(&formats.date))?;
        }
        Value::Moment(at) => {
            let local = at.with_timezone(&shared::date::vietnam()).naive_local();
            sheet.write_datetime_with_format(row, column, local, &bold(&formats.moment))?;
        }
    }
    Ok(())
}

fn broken(error: XlsxError) -> Error {
    Error::Internal(format!("writing a workbook: {error}"))
}

/// The table as a workbook: its title lines, a blank line, the header row and the lines.
pub(super) async fn xlsx_body(table: Table) -> Result<Body, Error> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let sheet = workbook
        .add_worksheet_with_constant_memory()
        .map_err(broken)?;
    sheet.set_name(table.sheet).map_err(broken)?;
    for (column, spec) in (0_u16..).zip(table.columns) {
        sheet.set_column_width(column, spec.width).map_err(broken)?;
    }
    let mut row = 0_u32;
    for (i, line) in table.title.iter().enumerate() {
        if i == 0 {
            sheet
                .write_string_with_format(row, 0, line, &formats.title)
                .map_err(broken)?;
        } else {
            sheet.write_string(row, 0, line).map_err(broken)?;
        }
        row += 1;
    }
    if row > 0 {
        row += 1;
    }
    for (column, spec) in (0_u16..).zip(table.columns) {
        sheet
            .write_string_with_format(row, column, spec.title, &formats.header)
            .map_err(broken)?;
    }
    row += 1;
    let mut lines = table.lines;
    while let Some(page) = lines.next().await {
        let page = page?;
        if u64::from(row) + page.len() as u64 > SHEET_ROWS {
            return Err(invalid(
                "format",
                "csv for a list of more than a million lines (a workbook's sheet holds \
                 1,048,576 rows)",
            ));
        }
        for line in &page {
            for (column, value) in (0_u16..).zip(&line.cells) {
                write_cell(sheet, (row, column), value, &formats, line.summary).map_err(broken)?;
            }
            row += 1;
        }
    }
    // The zip is written on a blocking thread into a channel the response reads. A zip that
    // fails ends the body with an error, so the client sees a broken download, never a short
    // file that looks whole.
    let (sender, receiver) = mpsc::channel::<std::io::Result<Bytes>>(8);
    let finished = Arc::new(AtomicBool::new(false));
    // Held until the outcome is known, so the body cannot end before it is.
    let open = sender.clone();
    let writer = ChannelWriter {
        sender,
        runtime: tokio::runtime::Handle::current(),
    };
    let done = finished.clone();
    tokio::task::spawn_blocking(move || {
        let mut writer = std::io::BufWriter::with_capacity(64 * 1024, writer);
        // The zip's last bytes (its directory) are still in the buffer when it returns.
        let written = workbook
            .save_to_writer(&mut writer)
            .and_then(|()| writer.flush().map_err(XlsxError::from));
        match written {
            Ok(()) => done.store(true, Ordering::Release),
            Err(XlsxError::IoError(error)) if error.kind() == std::io::ErrorKind::BrokenPipe => {
                tracing::debug!(%error, "an export's download stopped");
            }
            Err(error) => tracing::error!(%error, "an export's workbook stopped"),
        }
        drop(writer);
        drop(open);
    });
    let chunks = received(receiver, finished, || {
        std::io::Error::other("the workbook could not be written to its end")
    });
    Ok(Body::from_stream(chunks))
}

/// Bytes written on a blocking thread, sent on to the response. A download that takes
/// nothing for [`STALLED`] breaks the pipe, and the thread is let go.
struct ChannelWriter {
    sender: mpsc::Sender<std::io::Result<Bytes>>,
    runtime: tokio::runtime::Handle,
}

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let sent = self.runtime.block_on(tokio::time::timeout(
            STALLED,
            self.sender.send(Ok(Bytes::copy_from_slice(buf))),
        ));
        match sent {
            Ok(Ok(())) => Ok(buf.len()),
            _ => Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe)),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
