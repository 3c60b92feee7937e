//! A fund's statement: `GET /api/funds/{id}/statement?from=yyyy-mm-dd&to=yyyy-mm-dd&format=xlsx`
//! (or `csv`), every posted entry of the period (sổ chi tiết quỹ), oldest first, with the
//! opening balance, receipts, payments, the balance after each entry, the totals and the
//! closing balance. For the fund's staff (who read its ledger).

use axum::{
    extract::{Path, State},
    response::Response,
};
use chrono::NaiveDate;
use shared::{ValidationError, ValidationReason, date::day_month_year};

use super::{Asked, Column, Line, PAGE, Table, Value, column, invalid, pages, path_id};
use crate::{
    error::Error,
    http::{AppState, evidence::Signed},
    service::{
        actor::FUND_STAFF_ROLES,
        fund as funds,
        ledger::{self, After, StatementLine},
    },
};

/// The columns of a statement, in order.
const COLUMNS: [Column; 10] = [
    column("Ngày", 12.0),
    column("Số chứng từ", 10.0),
    column("Loại", 18.0),
    column("Diễn giải", 40.0),
    column("Người nộp / nhận", 28.0),
    column("Hình thức", 14.0),
    column("Mã giao dịch ngân hàng", 20.0),
    column("Thu (đồng)", 16.0),
    column("Chi (đồng)", 16.0),
    column("Tồn (đồng)", 18.0),
];

/// Where the summaries put their label: under "Diễn giải".
const LABEL: usize = 3;
const RECEIPTS: usize = 7;
const PAYMENTS: usize = 8;
const BALANCE: usize = 9;

/// The period asked for.
fn period(asked: &Asked) -> Result<(NaiveDate, NaiveDate), Error> {
    let day = |field: &str| {
        asked
            .text(field)
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
    Ok((from, to))
}

/// `GET /api/funds/{id}/statement`.
pub async fn fund_statement(
    State(state): State<AppState>,
    Path(id): Path<String>,
    asked: Asked,
    Signed(actor): Signed,
) -> Response {
    let prepare = async {
        let fund_id = path_id(&id, "a fund's id")?;
        let (from, to) = period(&asked)?;
        let found = funds::get_with_owner(&state.db, fund_id).await?;
        actor.require_any(
            &FUND_STAFF_ROLES,
            &found.owner,
            "export this fund's statement",
        )?;
        let opening = ledger::statement(&state.db, fund_id, from, to)
            .await?
            .opening
            .dong();
        let lines = pages(state.db.clone(), move |db, step: Option<Step>| async move {
            Ok(match step {
                None => (
                    vec![Line::summary(
                        COLUMNS.len(),
                        LABEL,
                        "Số dư đầu kỳ",
                        &[(BALANCE, Value::Money(opening))],
                    )],
                    Some(Step {
                        after: None,
                        running: Running::new(opening),
                    }),
                ),
                Some(Step { after, running }) => {
                    next_page(&db, fund_id, (from, to), after, running).await?
                }
            })
        });
        Ok(Table {
            file: format!("so-chi-tiet-quy-{fund_id}-{from}-{to}"),
            sheet: "Sổ chi tiết quỹ",
            title: vec![
                format!("SỔ CHI TIẾT QUỸ: {}", found.fund.name),
                found.owner.name,
                format!(
                    "Từ ngày {} đến ngày {}",
                    day_month_year(from),
                    day_month_year(to)
                ),
            ],
            columns: &COLUMNS,
            lines,
        })
    };
    asked.answer(prepare).await
}

/// Where the reading of a statement is, past its opening: after a line (or none yet), with
/// the figures so far.
#[derive(Debug, Clone, Copy)]
struct Step {
    after: Option<After>,
    running: Running,
}

/// Who paid in or was paid, as the fund's staff see it (an anonymous donor is named, and said
/// to be anonymous).
fn party(line: &StatementLine) -> Option<String> {
    match (&line.donor_name, line.donor_anonymous) {
        (Some(name), Some(true)) => Some(format!("{name} (ẩn danh)")),
        (Some(name), _) => Some(name.clone()),
        (None, _) => None,
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
    fn add(&mut self, amount: i64) -> (Value, Value) {
        self.balance = self.balance.saturating_add(amount);
        if amount >= 0 {
            self.receipts = self.receipts.saturating_add(amount);
            (Value::Money(amount), Value::Empty)
        } else {
            self.payments = self.payments.saturating_add(-amount);
            (Value::Empty, Value::Money(-amount))
        }
    }
}

/// The next page of lines after `after`, and where the one after it starts; past the last,
/// the totals and the closing balance.
async fn next_page(
    db: &sea_orm::DatabaseConnection,
    fund_id: i64,
    period: (NaiveDate, NaiveDate),
    after: Option<After>,
    mut running: Running,
) -> Result<(Vec<Line>, Option<Step>), Error> {
    let entries = ledger::statement_lines(db, fund_id, period, after, PAGE).await?;
    let Some(last) = entries.last().map(|last| (last.created_at, last.id)) else {
        let width = COLUMNS.len();
        return Ok((
            vec![
                Line::summary(
                    width,
                    LABEL,
                    "Cộng phát sinh",
                    &[
                        (RECEIPTS, Value::Money(running.receipts)),
                        (PAYMENTS, Value::Money(running.payments)),
                    ],
                ),
                Line::summary(
                    width,
                    LABEL,
                    "Số dư cuối kỳ",
                    &[(BALANCE, Value::Money(running.balance))],
                ),
            ],
            None,
        ));
    };
    let lines = entries
        .into_iter()
        .map(|line| {
            let (receipt, payment) = running.add(line.amount);
            Line::row(vec![
                Value::Date(shared::date::vietnam_day(line.created_at)),
                Value::Number(line.transaction_id),
                Value::Text(line.kind.vietnamese_name().to_owned()),
                Value::Text(line.memo.clone()),
                Value::text(party(&line)),
                Value::text(line.method.map(|m| m.vietnamese_name())),
                Value::text(line.bank_reference.clone()),
                receipt,
                payment,
                Value::Money(running.balance),
            ])
        })
        .collect();
    Ok((
        lines,
        Some(Step {
            after: Some(last),
            running,
        }),
    ))
}
