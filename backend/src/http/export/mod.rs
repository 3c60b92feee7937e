//! Files to take away: every list a screen shows, as a workbook (`format=xlsx`, the default)
//! or CSV (`format=csv`), with the screen's filters in the query string.
//!
//! Every export is a [`Table`]: a title, typed columns and its lines read a page at a time.
//! One CSV writer and one workbook writer serve them all, and neither holds the list in
//! memory: the CSV goes out as it is written; the workbook's sheet keeps rows in a temporary
//! file (rust_xlsxwriter's constant-memory mode) and is zipped out through a channel.
//! Headers are Vietnamese, dates are dates (dd/mm/yyyy), money is a number of đồng shown
//! `#.##0 ₫`.
//!
//! Who may export a list is who may read it on screen: each export asks the same service
//! that answers the screen's query, before the first byte is sent.

mod funding;
mod people;
mod programs;
mod statement;

use std::{collections::HashMap, future::Future, io::Write};

use axum::{
    body::{Body, Bytes},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, NaiveDate, Utc};
pub use funding::duplicate_funding;
use futures_util::{StreamExt as _, stream::BoxStream};
pub use people::{audit_events, donors, learners};
pub use programs::{
    program_applications, program_awards, program_ranking, program_receipts, program_recipients,
};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use shared::{ValidationError, ValidationReason, date::day_month_year};
pub use statement::fund_statement;

use super::evidence::failure;
use crate::error::Error;

/// Lines read per page of an export.
const PAGE: u64 = 1_000;

/// The rows a worksheet holds.
const SHEET_ROWS: u64 = 1_048_576;

/// What a cell holds, typed: the workbook writes each kind as a spreadsheet would want it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    /// A whole number (an id, a count, a place).
    Number(i64),
    /// Đồng.
    Money(i64),
    Date(NaiveDate),
    /// An instant, written as the time in Vietnam.
    Moment(DateTime<Utc>),
    /// A number with two decimals, kept in hundredths (a score of 87.50 is 8750).
    Hundredths(i64),
}

impl Value {
    /// Text, or nothing for none or blank.
    fn text(text: Option<impl Into<String>>) -> Self {
        match text.map(Into::into) {
            Some(text) if !text.is_empty() => Self::Text(text),
            _ => Self::Empty,
        }
    }

    /// As a CSV field: whole đồng without separators, dates dd/mm/yyyy, times hh:mm. Text
    /// that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, a tab or a return
    /// first: a donor's name typed on a public page, say) is quoted with `'`, so that opening
    /// the file runs nothing. A workbook's text cells are text already.
    fn csv(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(text) if text.starts_with(['=', '+', '-', '@', '\t', '\r']) => {
                format!("'{text}")
            }
            Self::Text(text) => text.clone(),
            Self::Number(n) | Self::Money(n) => n.to_string(),
            Self::Date(day) => day_month_year(*day),
            Self::Moment(at) => {
                let local = at.with_timezone(&shared::date::vietnam());
                format!(
                    "{} {}",
                    day_month_year(local.date_naive()),
                    local.format("%H:%M")
                )
            }
            Self::Hundredths(n) => {
                let sign = if *n < 0 { "-" } else { "" };
                format!(
                    "{sign}{}.{:02}",
                    n.unsigned_abs() / 100,
                    n.unsigned_abs() % 100
                )
            }
        }
    }
}

/// A column: its header and its width in the workbook (in characters).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    pub width: f64,
}

/// `Column { title, width }`, shorter.
pub const fn column(title: &'static str, width: f64) -> Column {
    Column { title, width }
}

/// A line of a table: a row of cells, or a summary (an opening balance, a total) shown bold.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub cells: Vec<Value>,
    pub summary: bool,
}

impl Line {
    pub fn row(cells: Vec<Value>) -> Self {
        Self {
            cells,
            summary: false,
        }
    }

    /// A summary with `label` under the column `at` and `figures` under theirs.
    pub fn summary(width: usize, at: usize, label: &str, figures: &[(usize, Value)]) -> Self {
        let mut cells = vec![Value::Empty; width];
        cells[at] = Value::Text(label.to_owned());
        for (column, value) in figures {
            cells[*column] = value.clone();
        }
        Self {
            cells,
            summary: true,
        }
    }
}

/// Lines, a page at a time.
pub type Pages = BoxStream<'static, Result<Vec<Line>, Error>>;

/// Pages read by `read` from the start (`None`) and then from each cursor it gives back,
/// until it gives none.
pub fn pages<C, F, Fut>(read: F) -> Pages
where
    C: Send + 'static,
    F: FnMut(Option<C>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(Vec<Line>, Option<C>), Error>> + Send + 'static,
{
    enum Step<C> {
        At(Option<C>),
        Done,
    }
    futures_util::stream::try_unfold((read, Step::At(None)), |(mut read, step)| async move {
        let Step::At(after) = step else {
            return Ok(None);
        };
        let (lines, next) = read(after).await?;
        let step = next.map_or(Step::Done, |next| Step::At(Some(next)));
        Ok(Some((lines, (read, step))))
    })
    .boxed()
}

/// Lines as `produce` sends them, a page at a time: for a list read by one statement as its
/// rows come. `produce` runs in a task of its own and waits while the file is written (two
/// pages ahead at most); it stops when the download does.
pub fn streamed<F, Fut>(produce: F) -> Pages
where
    F: FnOnce(tokio::sync::mpsc::Sender<Result<Vec<Line>, Error>>) -> Fut,
    Fut: Future<Output = Result<(), Error>> + Send + 'static,
{
    let (sender, mut receiver) = tokio::sync::mpsc::channel(2);
    let failed = sender.clone();
    let produced = produce(sender);
    tokio::spawn(async move {
        if let Err(error) = produced.await {
            let _ = failed.send(Err(error)).await;
        }
    });
    futures_util::stream::poll_fn(move |context| receiver.poll_recv(context)).boxed()
}

/// What a file says and holds.
pub struct Table {
    /// The file's name, without its extension (ASCII).
    pub file: String,
    /// The sheet's name (at most 31 characters).
    pub sheet: &'static str,
    /// The lines above the table in a workbook: its title first.
    pub title: Vec<String>,
    pub columns: &'static [Column],
    pub lines: Pages,
}

/// A file format people open in a spreadsheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileFormat {
    Xlsx,
    Csv,
}

/// A query parameter that is not what it should be.
pub fn invalid(field: &str, expected: &str) -> Error {
    ValidationError::new(
        field,
        ValidationReason::Format {
            expected: expected.into(),
        },
    )
    .into()
}

/// The id in the path.
pub fn path_id(id: &str, what: &str) -> Result<i64, Error> {
    id.parse().map_err(|_| invalid("id", what))
}

/// A coded value of the query string (`status=PAID`), if given.
pub fn coded<T>(
    params: &HashMap<String, String>,
    field: &str,
    from_code: impl Fn(&str) -> Option<T>,
    expected: &str,
) -> Result<Option<T>, Error> {
    match params.get(field).map(String::as_str) {
        None | Some("") => Ok(None),
        Some(code) => from_code(code)
            .map(Some)
            .ok_or_else(|| invalid(field, expected)),
    }
}

fn file_format(params: &HashMap<String, String>) -> Result<FileFormat, Error> {
    match params.get("format").map(String::as_str) {
        None | Some("xlsx") => Ok(FileFormat::Xlsx),
        Some("csv") => Ok(FileFormat::Csv),
        Some(_) => Err(invalid("format", "xlsx or csv")),
    }
}

/// The response to an export: the table `prepare` opens (asking who may see it), as the
/// format asked for; or the error, with its status, when nothing could be sent.
pub async fn export(
    headers: &HeaderMap,
    params: &HashMap<String, String>,
    prepare: impl Future<Output = Result<Table, Error>>,
) -> Response {
    let written = async {
        let format = file_format(params)?;
        let table = prepare.await?;
        let file = table.file.clone();
        Ok::<_, Error>(match format {
            FileFormat::Csv => (
                "text/csv; charset=utf-8",
                format!("{file}.csv"),
                csv_body(table).await?,
            ),
            FileFormat::Xlsx => (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                format!("{file}.xlsx"),
                xlsx_body(table).await?,
            ),
        })
    };
    let (content_type, file, body) = match written.await {
        Ok(written) => written,
        Err(error) => return failure(headers, error),
    };
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

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
async fn csv_body(table: Table) -> Result<Body, Error> {
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
async fn xlsx_body(table: Table) -> Result<Body, Error> {
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
    // The zip is written on a blocking thread into a channel the response reads.
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Bytes>(8);
    tokio::task::spawn_blocking(move || {
        let writer = std::io::BufWriter::with_capacity(64 * 1024, ChannelWriter(sender));
        if let Err(error) = workbook.save_to_writer(writer) {
            tracing::error!(%error, "an export's workbook stopped");
        }
    });
    let chunks = futures_util::stream::poll_fn(move |context| receiver.poll_recv(context))
        .map(Ok::<_, std::io::Error>);
    Ok(Body::from_stream(chunks))
}

/// Bytes written, sent on to the response.
struct ChannelWriter(tokio::sync::mpsc::Sender<Bytes>);

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .blocking_send(Bytes::copy_from_slice(buf))
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_writes_money_whole_dates_as_vietnamese_write_them_and_scores_with_two_decimals() {
        assert_eq!(Value::Money(1_500_000).csv(), "1500000");
        assert_eq!(
            Value::Date(NaiveDate::from_ymd_opt(2026, 9, 5).unwrap()).csv(),
            "05/09/2026"
        );
        assert_eq!(Value::Hundredths(8750).csv(), "87.50");
        assert_eq!(Value::Hundredths(-5).csv(), "-0.05");
        let at = DateTime::parse_from_rfc3339("2026-12-06T17:30:00Z").unwrap();
        assert_eq!(Value::Moment(at.to_utc()).csv(), "07/12/2026 00:30");
    }

    #[test]
    fn text_a_spreadsheet_would_run_as_a_formula_is_written_as_text() {
        for formula in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\t=1"] {
            assert_eq!(Value::Text(formula.into()).csv(), format!("'{formula}"));
        }
        assert_eq!(Value::Text("Lê Thị Ngọc".into()).csv(), "Lê Thị Ngọc");
        assert_eq!(Value::Money(-300).csv(), "-300", "a number is a number");
    }

    #[test]
    fn a_summary_puts_its_label_and_figures_under_their_columns() {
        let line = Line::summary(4, 1, "Tổng cộng", &[(3, Value::Money(10))]);
        assert!(line.summary);
        assert_eq!(
            line.cells,
            vec![
                Value::Empty,
                Value::Text("Tổng cộng".into()),
                Value::Empty,
                Value::Money(10)
            ]
        );
    }
}
