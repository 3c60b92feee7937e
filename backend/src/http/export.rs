//! Files to take away. `GET /api/funds/{id}/statement?from=yyyy-mm-dd&to=yyyy-mm-dd&format=xlsx`
//! (or `csv`): a fund's statement with every posted entry of the period (sổ chi tiết quỹ),
//! oldest first, with the opening balance, receipts, payments, the balance after each entry,
//! the totals and the closing balance. For the fund's staff (who read its ledger).
//!
//! Both files are written while the entries are read, a page at a time: the CSV goes out as
//! it is written; the workbook's sheet keeps rows in a temporary file (rust_xlsxwriter's
//! constant-memory mode) and is zipped out through a channel. Neither holds the period in
//! memory. Headers are Vietnamese, dates are dates (dd/mm/yyyy), money is a number of đồng
//! shown `#.##0 ₫`.

use std::{collections::HashMap, io::Write};

use axum::{
    body::{Body, Bytes},
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};
use chrono::NaiveDate;
use futures_util::{StreamExt as _, stream};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use sea_orm::DatabaseConnection;
use shared::{ValidationError, ValidationReason, date::day_month_year};

use super::{
    AppState,
    evidence::{failure, signed_in},
};
use crate::{
    error::Error,
    service::{
        actor::FUND_STAFF_ROLES,
        fund as funds,
        ledger::{self, After, StatementLine},
    },
};

/// Entries read per statement.
const PAGE: u64 = 1_000;

/// The columns of a statement, in order.
const COLUMNS: [&str; 10] = [
    "Ngày",
    "Số chứng từ",
    "Loại",
    "Diễn giải",
    "Người nộp / nhận",
    "Hình thức",
    "Mã giao dịch ngân hàng",
    "Thu (đồng)",
    "Chi (đồng)",
    "Tồn (đồng)",
];

/// A file format people open in a spreadsheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileFormat {
    Xlsx,
    Csv,
}

/// What the request asks for, checked.
struct Asked {
    fund_id: i64,
    from: NaiveDate,
    to: NaiveDate,
    format: FileFormat,
}

fn invalid(field: &str, expected: &str) -> Error {
    ValidationError::new(
        field,
        ValidationReason::Format {
            expected: expected.into(),
        },
    )
    .into()
}

fn asked(id: &str, params: &HashMap<String, String>) -> Result<Asked, Error> {
    let fund_id = id.parse().map_err(|_| invalid("id", "a fund's id"))?;
    let day = |field: &str| {
        params
            .get(field)
            .and_then(|text| text.parse::<NaiveDate>().ok())
            .ok_or_else(|| invalid(field, "a day, yyyy-mm-dd"))
    };
    let (from, to) = (day("from")?, day("to")?);
    if to < from {
        return Err(ValidationError::new(
            "to",
            ValidationReason::TooSmall {
                min: from.to_string(),
            },
        )
        .into());
    }
    let format = match params.get("format").map(String::as_str) {
        None | Some("xlsx") => FileFormat::Xlsx,
        Some("csv") => FileFormat::Csv,
        Some(_) => return Err(invalid("format", "xlsx or csv")),
    };
    Ok(Asked {
        fund_id,
        from,
        to,
        format,
    })
}

/// `GET /api/funds/{id}/statement`.
pub async fn fund_statement(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let actor = match signed_in(&state, &headers).await {
        Ok(actor) => actor,
        Err(response) => return response,
    };
    let prepared = async {
        let asked = asked(&id, &params)?;
        let found = funds::get_with_owner(&state.db, asked.fund_id).await?;
        actor.require_any(
            &FUND_STAFF_ROLES,
            &found.owner,
            "export this fund's statement",
        )?;
        let opening = ledger::statement(&state.db, asked.fund_id, asked.from, asked.to)
            .await?
            .opening
            .dong();
        Ok::<_, Error>((asked, found, opening))
    };
    let (asked, found, opening) = match prepared.await {
        Ok(prepared) => prepared,
        Err(error) => return failure(&headers, error),
    };
    let book = Book {
        fund: found.fund.name,
        organization: found.owner.name,
        from: asked.from,
        to: asked.to,
        opening,
    };
    let name = format!(
        "so-chi-tiet-quy-{}-{}-{}",
        asked.fund_id, asked.from, asked.to
    );
    let (content_type, file, body) = match asked.format {
        FileFormat::Csv => (
            "text/csv; charset=utf-8",
            format!("{name}.csv"),
            csv_body(state.db.clone(), asked.fund_id, book),
        ),
        FileFormat::Xlsx => match xlsx_body(&state.db, asked.fund_id, book).await {
            Ok(body) => (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                format!("{name}.xlsx"),
                body,
            ),
            Err(error) => return failure(&headers, error),
        },
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

/// What a statement says above and around its entries.
struct Book {
    fund: String,
    organization: String,
    from: NaiveDate,
    to: NaiveDate,
    opening: i64,
}

/// Who paid in or was paid, as the fund's staff see it (an anonymous donor is named, and said
/// to be anonymous).
fn party(line: &StatementLine) -> String {
    match (&line.donor_name, line.donor_anonymous) {
        (Some(name), Some(true)) => format!("{name} (ẩn danh)"),
        (Some(name), _) => name.clone(),
        (None, _) => String::new(),
    }
}

/// The running figures: the balance after each line, and the totals in and out.
#[derive(Debug, Clone, Copy)]
struct Running {
    balance: i64,
    receipts: i64,
    payments: i64,
}

impl Running {
    fn new(opening: i64) -> Self {
        Self {
            balance: opening,
            receipts: 0,
            payments: 0,
        }
    }

    /// Takes a line in: (in, out) of it.
    fn add(&mut self, amount: i64) -> (Option<i64>, Option<i64>) {
        self.balance = self.balance.saturating_add(amount);
        if amount >= 0 {
            self.receipts = self.receipts.saturating_add(amount);
            (Some(amount), None)
        } else {
            self.payments = self.payments.saturating_add(-amount);
            (None, Some(-amount))
        }
    }
}

/// The next page of lines after `after`, and where the one after it starts.
async fn next_page(
    db: &DatabaseConnection,
    fund_id: i64,
    period: (NaiveDate, NaiveDate),
    after: Option<After>,
) -> Result<(Vec<StatementLine>, Option<After>), Error> {
    let lines = ledger::statement_lines(db, fund_id, period, after, PAGE).await?;
    let next = lines.last().map(|last| (last.created_at, last.id));
    Ok((lines, next))
}

/// A CSV line of `fields` (quoted where they need it).
fn csv_line(fields: &[String]) -> Bytes {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(fields);
    Bytes::from(writer.into_inner().unwrap_or_default())
}

/// A row of the table with only a label (under "Diễn giải") and amounts: an opening, a
/// total or a closing line.
fn csv_summary(
    label: &str,
    receipts: Option<i64>,
    payments: Option<i64>,
    balance: Option<i64>,
) -> Bytes {
    let amount = |value: Option<i64>| value.map(|v| v.to_string()).unwrap_or_default();
    let mut fields = vec![String::new(); COLUMNS.len()];
    fields[3] = label.to_owned();
    fields[7] = amount(receipts);
    fields[8] = amount(payments);
    fields[9] = amount(balance);
    csv_line(&fields)
}

/// The statement as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the
/// Vietnamese): the table only, amounts as whole đồng without separators, dates dd/mm/yyyy.
fn csv_body(db: DatabaseConnection, fund_id: i64, book: Book) -> Body {
    #[derive(Clone, Copy)]
    enum Step {
        Start,
        Page(Option<After>),
        Done,
    }
    let period = (book.from, book.to);
    let start = (db, Step::Start, Running::new(book.opening));
    let chunks = stream::unfold(start, move |(db, step, mut running)| async move {
        let (chunk, step) = match step {
            Step::Done => return None,
            Step::Start => {
                let mut head = b"\xEF\xBB\xBF".to_vec();
                head.extend_from_slice(&csv_line(&COLUMNS.map(str::to_owned)));
                head.extend_from_slice(&csv_summary(
                    "Số dư đầu kỳ",
                    None,
                    None,
                    Some(running.balance),
                ));
                (Ok(Bytes::from(head)), Step::Page(None))
            }
            Step::Page(after) => match next_page(&db, fund_id, period, after).await {
                Ok((lines, next)) if !lines.is_empty() => {
                    let mut out = Vec::new();
                    for line in &lines {
                        let (receipt, payment) = running.add(line.amount);
                        let amount =
                            |value: Option<i64>| value.map(|v| v.to_string()).unwrap_or_default();
                        out.extend_from_slice(&csv_line(&[
                            day_month_year(shared::date::vietnam_day(line.created_at)),
                            line.transaction_id.to_string(),
                            line.kind.vietnamese_name().to_owned(),
                            line.memo.clone(),
                            party(line),
                            line.method
                                .map(|m| m.vietnamese_name().to_owned())
                                .unwrap_or_default(),
                            line.bank_reference.clone().unwrap_or_default(),
                            amount(receipt),
                            amount(payment),
                            running.balance.to_string(),
                        ]));
                    }
                    (Ok(Bytes::from(out)), Step::Page(next))
                }
                Ok(_) => {
                    let mut out = csv_summary(
                        "Cộng phát sinh",
                        Some(running.receipts),
                        Some(running.payments),
                        None,
                    )
                    .to_vec();
                    out.extend_from_slice(&csv_summary(
                        "Số dư cuối kỳ",
                        None,
                        None,
                        Some(running.balance),
                    ));
                    (Ok(Bytes::from(out)), Step::Done)
                }
                // The status is already sent: the file ends short, and the log says why.
                Err(error) => {
                    tracing::error!(%error, "a statement's CSV stopped");
                    (
                        Err(std::io::Error::other(
                            "the statement could not be read to its end",
                        )),
                        Step::Done,
                    )
                }
            },
        };
        Some((chunk, (db, step, running)))
    });
    // Polled again once ended (the compression layer does), a bare unfold would panic.
    Body::from_stream(chunks.fuse())
}

/// Formats of the workbook.
struct Formats {
    title: Format,
    header: Format,
    date: Format,
    money: Format,
    text: Format,
    label: Format,
    total: Format,
}

impl Formats {
    fn new() -> Self {
        let money = Format::new().set_num_format("#,##0 \"₫\"");
        Self {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_border(rust_xlsxwriter::FormatBorder::Thin),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            total: money.clone().set_bold(),
            money,
            text: Format::new().set_text_wrap(),
            label: Format::new().set_bold(),
        }
    }
}

/// Writes a money cell, or nothing for no amount.
fn money(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    amount: Option<i64>,
    format: &Format,
) -> Result<(), XlsxError> {
    if let Some(amount) = amount {
        // Money stops far below 2⁵³: a float holds it exactly.
        #[allow(clippy::cast_precision_loss)]
        sheet.write_number_with_format(row, column, amount as f64, format)?;
    }
    Ok(())
}

/// The statement as a workbook: a title, the period, then the table.
async fn xlsx_body(db: &DatabaseConnection, fund_id: i64, book: Book) -> Result<Body, Error> {
    let broken = |error: XlsxError| Error::Internal(format!("writing a workbook: {error}"));
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let sheet = workbook
        .add_worksheet_with_constant_memory()
        .map_err(broken)?;
    sheet.set_name("Sổ chi tiết quỹ").map_err(broken)?;
    for (column, width) in [12, 10, 18, 40, 28, 14, 20, 16, 16, 18]
        .into_iter()
        .enumerate()
    {
        let column = u16::try_from(column).unwrap_or_default();
        sheet.set_column_width(column, width).map_err(broken)?;
    }
    sheet
        .write_string_with_format(
            0,
            0,
            format!("SỔ CHI TIẾT QUỸ: {}", book.fund),
            &formats.title,
        )
        .map_err(broken)?;
    sheet
        .write_string(1, 0, &book.organization)
        .map_err(broken)?;
    sheet
        .write_string(
            2,
            0,
            format!(
                "Từ ngày {} đến ngày {}",
                day_month_year(book.from),
                day_month_year(book.to)
            ),
        )
        .map_err(broken)?;
    for (column, title) in COLUMNS.iter().enumerate() {
        let column = u16::try_from(column).unwrap_or_default();
        sheet
            .write_string_with_format(4, column, *title, &formats.header)
            .map_err(broken)?;
    }
    sheet
        .write_string_with_format(5, 3, "Số dư đầu kỳ", &formats.label)
        .map_err(broken)?;
    money(sheet, 5, 9, Some(book.opening), &formats.total).map_err(broken)?;
    let mut row = 6_u32;
    let mut running = Running::new(book.opening);
    let mut after = None;
    loop {
        let (lines, next) = next_page(db, fund_id, (book.from, book.to), after).await?;
        if lines.is_empty() {
            break;
        }
        // A sheet holds 1,048,576 rows; the totals need two more.
        if u64::from(row) + lines.len() as u64 + 2 > 1_048_576 {
            return Err(ValidationError::new(
                "to",
                ValidationReason::Format {
                    expected: "a period of fewer than a million entries for a workbook \
                               (a CSV file has no limit)"
                        .into(),
                },
            )
            .into());
        }
        for line in lines {
            let (receipt, payment) = running.add(line.amount);
            let day = shared::date::vietnam_day(line.created_at);
            sheet
                .write_date_with_format(row, 0, day, &formats.date)
                .map_err(broken)?;
            // An id stops far below 2⁵³: a float holds it exactly.
            #[allow(clippy::cast_precision_loss)]
            let voucher = line.transaction_id as f64;
            sheet.write_number(row, 1, voucher).map_err(broken)?;
            sheet
                .write_string(row, 2, line.kind.vietnamese_name())
                .map_err(broken)?;
            sheet
                .write_string_with_format(row, 3, &line.memo, &formats.text)
                .map_err(broken)?;
            let party = party(&line);
            if !party.is_empty() {
                sheet.write_string(row, 4, party).map_err(broken)?;
            }
            if let Some(method) = line.method {
                sheet
                    .write_string(row, 5, method.vietnamese_name())
                    .map_err(broken)?;
            }
            if let Some(reference) = &line.bank_reference {
                sheet.write_string(row, 6, reference).map_err(broken)?;
            }
            money(sheet, row, 7, receipt, &formats.money).map_err(broken)?;
            money(sheet, row, 8, payment, &formats.money).map_err(broken)?;
            money(sheet, row, 9, Some(running.balance), &formats.money).map_err(broken)?;
            row += 1;
        }
        after = next;
    }
    sheet
        .write_string_with_format(row, 3, "Cộng phát sinh", &formats.label)
        .map_err(broken)?;
    money(sheet, row, 7, Some(running.receipts), &formats.total).map_err(broken)?;
    money(sheet, row, 8, Some(running.payments), &formats.total).map_err(broken)?;
    sheet
        .write_string_with_format(row + 1, 3, "Số dư cuối kỳ", &formats.label)
        .map_err(broken)?;
    money(sheet, row + 1, 9, Some(running.balance), &formats.total).map_err(broken)?;

    // The zip is written on a blocking thread into a channel the response reads.
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Bytes>(8);
    tokio::task::spawn_blocking(move || {
        let writer = std::io::BufWriter::with_capacity(64 * 1024, ChannelWriter(sender));
        if let Err(error) = workbook.save_to_writer(writer) {
            tracing::error!(%error, "a statement's workbook stopped");
        }
    });
    let chunks =
        stream::poll_fn(move |context| receiver.poll_recv(context)).map(Ok::<_, std::io::Error>);
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
