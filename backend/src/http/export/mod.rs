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
mod society;
mod statement;
mod write;

use std::{
    collections::HashMap,
    future::Future,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use axum::{
    extract::{FromRequestParts, Query},
    http::{HeaderMap, HeaderValue, header, request::Parts},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, NaiveDate, Utc};
pub use funding::duplicate_funding;
use futures_util::{StreamExt as _, stream::BoxStream};
pub use people::{audit_events, donors, learners};
pub use programs::{
    program_applications, program_awards, program_ranking, program_receipts, program_recipients,
};
use shared::{ValidationError, ValidationReason, date::day_month_year};
pub use society::{indicator_report, society_report};
pub use statement::fund_statement;
use tokio::sync::mpsc;

use super::evidence::failure;
use crate::error::Error;
use write::{csv_body, xlsx_body};

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
    /// that a spreadsheet would take for a formula is quoted with `'`
    /// ([`shared::sheet::formula_guarded`]), so that opening the file runs nothing; our own
    /// imports read it back as it was. A workbook's text cells are text already.
    fn csv(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(text) => shared::sheet::formula_guarded(text).into_owned(),
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

/// How long a download may take no more of its file before the server gives up on it and
/// lets go of what it holds for it (a database connection, a thread).
const STALLED: Duration = Duration::from_secs(60);

/// Lines, a page at a time.
pub type Pages = BoxStream<'static, Result<Vec<Line>, Error>>;

/// Pages read by `read` from the start (`None`) and then from each cursor it gives back,
/// until it gives none. Each page is read with a clone of `context` (the database, who
/// asks, the filters), so that no page holds anything while the file is written.
pub fn pages<T, C, F, Fut>(context: T, mut read: F) -> Pages
where
    T: Clone + Send + 'static,
    C: Send + 'static,
    F: FnMut(T, Option<C>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(Vec<Line>, Option<C>), Error>> + Send + 'static,
{
    enum Step<C> {
        At(Option<C>),
        Done,
    }
    let read = move |after| read(context.clone(), after);
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

/// Where a producer of [`streamed`] sends its pages.
pub struct Sink {
    sender: mpsc::Sender<Result<Vec<Line>, Error>>,
    stalled: Arc<AtomicBool>,
}

impl Sink {
    /// Sends a page; false once the download has stopped, or has taken nothing for
    /// [`STALLED`]: the producer then stops, and lets go of its statement.
    pub async fn send(&self, lines: Vec<Line>) -> bool {
        match tokio::time::timeout(STALLED, self.sender.send(Ok(lines))).await {
            Ok(sent) => sent.is_ok(),
            Err(_) => {
                self.stalled.store(true, Ordering::Relaxed);
                false
            }
        }
    }
}

/// What a channel receives, ending in an error unless its sender said it `finished` before it
/// closed: a download whose writer stopped, stalled or panicked breaks rather than ending short.
fn received<T: Send + 'static, E: Send + 'static>(
    mut receiver: mpsc::Receiver<Result<T, E>>,
    finished: Arc<AtomicBool>,
    broken: impl Fn() -> E + Send + 'static,
) -> BoxStream<'static, Result<T, E>> {
    let mut ended = false;
    futures_util::stream::poll_fn(move |context| {
        if ended {
            return std::task::Poll::Ready(None);
        }
        match receiver.poll_recv(context) {
            std::task::Poll::Ready(None) => {
                ended = true;
                std::task::Poll::Ready((!finished.load(Ordering::Acquire)).then(|| Err(broken())))
            }
            polled => polled,
        }
    })
    .boxed()
}

/// Lines as `produce` sends them, a page at a time: for a list read by one statement as its
/// rows come. `produce` runs in a task of its own and waits while the file is written (two
/// pages ahead at most); it stops when the download does, or stalls.
pub fn streamed<F, Fut>(produce: F) -> Pages
where
    F: FnOnce(Sink) -> Fut,
    Fut: Future<Output = Result<(), Error>> + Send + 'static,
{
    let (sender, receiver) = mpsc::channel(2);
    let finished = Arc::new(AtomicBool::new(false));
    let stalled = Arc::new(AtomicBool::new(false));
    let failed = sender.clone();
    let produced = produce(Sink {
        sender,
        stalled: stalled.clone(),
    });
    let done = finished.clone();
    // Whatever ends the task (a panic too) drops `failed` after the outcome is set.
    tokio::spawn(async move {
        let sent = match produced.await {
            Ok(()) => !stalled.load(Ordering::Relaxed),
            Err(error) => tokio::time::timeout(STALLED, failed.send(Err(error)))
                .await
                .is_ok_and(|sent| sent.is_ok()),
        };
        done.store(sent, Ordering::Release);
        drop(failed);
    });
    received(receiver, finished, || {
        Error::Internal("the list stopped before its end".into())
    })
}

/// A numbered list's place and running total, carried from page to page.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    pub count: i64,
    pub total: i64,
}

impl Tally {
    /// Counts a line of `amount`: its number.
    pub fn add(&mut self, amount: i64) -> i64 {
        self.count += 1;
        self.total = self.total.saturating_add(amount);
        self.count
    }

    /// The line under a table of `width` columns: how many, and their total under `amount_at`.
    pub fn total_line(&self, width: usize, amount_at: usize) -> Line {
        Line::summary(
            width,
            1,
            &format!("Tổng cộng: {}", self.count),
            &[(amount_at, Value::Money(self.total))],
        )
    }
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

/// What an export is asked for: the query string (the screen's filters and `format`) and the
/// request's headers (its id, for an error's answer).
pub struct Asked {
    params: HashMap<String, String>,
    headers: HeaderMap,
}

impl<S: Send + Sync> FromRequestParts<S> for Asked {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Query(params) = Query::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| failure(&parts.headers, invalid("query", "a query string")))?;
        Ok(Self {
            params,
            headers: parts.headers.clone(),
        })
    }
}

impl Asked {
    /// A parameter's text, trimmed; none when absent or blank.
    pub fn text(&self, field: &str) -> Option<&str> {
        self.params
            .get(field)
            .map(|text| text.trim())
            .filter(|text| !text.is_empty())
    }

    /// A coded value of the query string (`status=PAID`), if given.
    pub fn coded<T>(
        &self,
        field: &str,
        from_code: impl Fn(&str) -> Option<T>,
        expected: &str,
    ) -> Result<Option<T>, Error> {
        self.text(field)
            .map(|code| from_code(code).ok_or_else(|| invalid(field, expected)))
            .transpose()
    }

    fn format(&self) -> Result<FileFormat, Error> {
        match self.text("format") {
            None | Some("xlsx") => Ok(FileFormat::Xlsx),
            Some("csv") => Ok(FileFormat::Csv),
            Some(_) => Err(invalid("format", "xlsx or csv")),
        }
    }

    /// The answer: the table `prepare` opens (asking who may see it), as the format asked
    /// for; or the error, with its status, when nothing could be sent.
    pub async fn answer(&self, prepare: impl Future<Output = Result<Table, Error>>) -> Response {
        export(self, prepare).await
    }
}

async fn export(asked: &Asked, prepare: impl Future<Output = Result<Table, Error>>) -> Response {
    let headers = &asked.headers;
    let written = async {
        let format = asked.format()?;
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
        assert_eq!(Value::Text("=1+1".into()).csv(), "'=1+1");
        assert_eq!(Value::Text("Lê Thị Ngọc".into()).csv(), "Lê Thị Ngọc");
        assert_eq!(Value::Money(-300).csv(), "-300", "a number is a number");
    }

    #[tokio::test(start_paused = true)]
    async fn a_producer_stops_and_lets_go_when_its_download_takes_nothing_for_a_minute() {
        let (done, stopped) = tokio::sync::oneshot::channel();
        let lines = streamed(move |sink| async move {
            let mut sent = 0;
            while sink.send(vec![Line::row(vec![Value::Number(sent)])]).await {
                sent += 1;
            }
            let _ = done.send(sent);
            Ok(())
        });
        // Nobody reads: the producer runs two pages ahead, waits a minute of the paused clock
        // (which moves on as soon as every task waits), and gives up.
        let started = tokio::time::Instant::now();
        assert_eq!(stopped.await.unwrap(), 2);
        assert!(started.elapsed() >= STALLED);
        // A download that comes back gets what was sent, then breaks rather than ending short.
        let mut lines = lines;
        assert!(lines.next().await.is_some_and(|page| page.is_ok()));
        assert!(lines.next().await.is_some_and(|page| page.is_ok()));
        assert!(lines.next().await.is_some_and(|page| page.is_err()));
        assert!(lines.next().await.is_none());
    }

    #[tokio::test]
    async fn a_producer_that_panics_breaks_the_download_rather_than_ending_it_short() {
        let mut lines = streamed(|sink| async move {
            sink.send(vec![Line::row(vec![Value::Number(1)])]).await;
            panic!("a bug in the producer");
        });
        assert!(lines.next().await.is_some_and(|page| page.is_ok()));
        assert!(lines.next().await.is_some_and(|page| page.is_err()));
        assert!(lines.next().await.is_none());
    }

    #[tokio::test]
    async fn a_producer_stops_when_the_download_does() {
        let (done, stopped) = tokio::sync::oneshot::channel();
        let mut lines = streamed(move |sink| async move {
            let mut sent = 0;
            while sink.send(vec![Line::row(vec![Value::Number(sent)])]).await {
                sent += 1;
            }
            let _ = done.send(sent);
            Ok(())
        });
        assert!(lines.next().await.is_some());
        drop(lines);
        assert!(stopped.await.unwrap() <= 3);
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
