//! Reading a bank's statement of an account: the layouts of the banks we read, recognised by
//! their header row wherever it is, and each line's date, amount, description, reference and
//! running balance read the way Vietnamese banks print them (dates `dd/mm/yyyy`, amounts with
//! `.` or `,` between thousands).
//!
//! The file's format (XLSX, CSV in UTF-8 or Windows-1258) is the server's business; here a
//! statement is a grid of [`Cell`]s, so every rule is pure and tested without files.

use chrono::NaiveDate;

pub use crate::sheet::{Cell, column_letter};
use crate::{
    sheet::{date, header_names},
    text::folded,
};

coded_enum! {
    /// Where a line of a bank statement stands in the fund's book.
    pub enum BankLineStatus {
        /// Not matched yet: the treasurer decides.
        Unmatched => "UNMATCHED",
        /// Its note carried a pledge's reference: the pledge's donation is recorded.
        Pledge => "PLEDGE",
        /// Recorded as a bank-transfer donation from the payer.
        Donation => "DONATION",
        /// Money out, matched to a payout of the fund.
        Payout => "PAYOUT",
        /// Already in the book (a donation recorded by hand, with the bank's reference).
        Recorded => "RECORDED",
        /// Left aside by the treasurer, with a reason.
        SetAside => "SET_ASIDE",
    }
}

coded_enum! {
    /// What importing a statement's line would do.
    pub enum BankLineOutcome {
        /// An earlier statement brought it in: nothing.
        AlreadyImported => "ALREADY_IMPORTED",
        /// Its note carries a pending pledge's reference: the pledge's donation is recorded.
        Pledge => "PLEDGE",
        /// A donation with its bank reference is already in the book: it is marked as that one.
        Recorded => "RECORDED",
        /// Money out matching exactly one payout of the fund around its date.
        Payout => "PAYOUT",
        /// Left for the treasurer to decide after the import.
        Unmatched => "UNMATCHED",
    }
}

coded_enum! {
    /// What the treasurer decides for a line left unmatched.
    pub enum BankLineAction {
        /// Money in that is this pledge's (`pledgeId`).
        Pledge => "PLEDGE",
        /// Money in recorded as a bank-transfer donation from `donorName`.
        Donation => "DONATION",
        /// Money out that is this payout (`payoutTransactionId`).
        Payout => "PAYOUT",
        /// Left aside, with `note` saying why.
        SetAside => "SET_ASIDE",
    }
}

/// What a column of a statement holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Date,
    Reference,
    Debit,
    Credit,
    Balance,
    Description,
    /// The other party's name, where the bank gives it a column.
    Counterparty,
}

/// One bank's statement layout: each column's header, as it is written in Vietnamese and in
/// English (folded: lower-case, without diacritics or punctuation). A bilingual header cell
/// (`Số tiền ghi có/\nCredit`) matches by either half.
#[derive(Debug)]
pub struct Layout {
    /// The bank's NAPAS BIN (`seeds/banks.csv`).
    pub bank_bin: &'static str,
    pub name: &'static str,
    columns: &'static [(Role, &'static [&'static str])],
}

/// Roles every layout has to find for a row to be its header.
const REQUIRED: [Role; 4] = [Role::Date, Role::Debit, Role::Credit, Role::Description];

/// The layouts we read, made from statements as each bank exports them (internet banking,
/// retail and business). Agribank publishes none we could find: its layout here follows the
/// passbook-style statement its branches print (withdrawals and deposits).
pub const LAYOUTS: &[Layout] = &[
    Layout {
        bank_bin: "970436",
        name: "Vietcombank",
        columns: &[
            (
                Role::Date,
                &["ngay giao dich", "transaction date", "ngay gd"],
            ),
            (Role::Reference, &["so tham chieu", "reference no", "so ct"]),
            (Role::Debit, &["so tien ghi no", "debit"]),
            (Role::Credit, &["so tien ghi co", "credit"]),
            (Role::Balance, &["so du", "balance"]),
            (
                Role::Description,
                &["mo ta", "noi dung chi tiet", "transactions in detail"],
            ),
        ],
    },
    Layout {
        bank_bin: "970407",
        name: "Techcombank",
        columns: &[
            (Role::Date, &["ngay giao dich", "transaction date"]),
            (Role::Counterparty, &["doi tac", "remitter"]),
            (Role::Description, &["dien giai", "details"]),
            (Role::Reference, &["so but toan", "transaction no"]),
            (Role::Debit, &["no", "debit"]),
            (Role::Credit, &["co", "credit"]),
            (Role::Balance, &["so du", "running balance"]),
        ],
    },
    Layout {
        bank_bin: "970418",
        name: "BIDV",
        columns: &[
            (Role::Date, &["ngay hieu luc", "effective date"]),
            (Role::Reference, &["so giao dich", "so tham chieu"]),
            (Role::Debit, &["ghi no", "debit"]),
            (Role::Credit, &["ghi co", "credit"]),
            (Role::Balance, &["so du", "balance"]),
            (Role::Description, &["mo ta", "description"]),
        ],
    },
    Layout {
        bank_bin: "970415",
        name: "VietinBank",
        columns: &[
            (Role::Date, &["ngay hach toan", "accounting date"]),
            (
                Role::Description,
                &["mo ta giao dich", "transaction description"],
            ),
            (Role::Debit, &["no", "debit"]),
            (Role::Credit, &["co", "credit"]),
            (Role::Balance, &["so du tk", "account balance"]),
            (Role::Reference, &["so giao dich", "transaction number"]),
            (Role::Counterparty, &["doi ung", "corresponsive name"]),
        ],
    },
    Layout {
        bank_bin: "970422",
        name: "MB",
        columns: &[
            (Role::Date, &["ngay hach toan", "posting date"]),
            (Role::Reference, &["so but toan", "reference"]),
            (Role::Debit, &["phat sinh no", "debit"]),
            (Role::Credit, &["phat sinh co", "credit"]),
            (Role::Balance, &["so du", "balance"]),
            (Role::Description, &["noi dung", "description"]),
        ],
    },
    Layout {
        bank_bin: "970405",
        name: "Agribank",
        columns: &[
            (Role::Date, &["ngay giao dich", "ngay gd"]),
            (Role::Reference, &["so chung tu", "ma giao dich"]),
            (Role::Debit, &["so tien rut", "withdrawal"]),
            (Role::Credit, &["so tien gui", "deposit"]),
            (Role::Balance, &["so du", "balance"]),
            (Role::Description, &["dien giai", "noi dung giao dich"]),
        ],
    },
];

/// The layout of a bank, if we read its statements.
pub fn layout_of(bank_bin: &str) -> Option<&'static Layout> {
    LAYOUTS.iter().find(|layout| layout.bank_bin == bank_bin)
}

/// How far down a header row is looked for.
const HEADER_SEARCH_ROWS: usize = 40;

/// One line of a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    /// The line's row in the file, counted from 1 as a spreadsheet shows it.
    pub row: usize,
    pub booked_on: NaiveDate,
    /// In đồng: positive for money in (credit), negative for money out (debit).
    pub amount: i64,
    pub description: String,
    /// The bank's own number for the transaction, where the layout has one.
    pub bank_reference: Option<String>,
    /// The account's balance after the line, where the layout has one.
    pub balance: Option<i64>,
    pub counterparty: Option<String>,
}

/// A statement as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub layout: &'static Layout,
    /// The account number printed above the table, if there is one.
    pub account_number: Option<String>,
    pub lines: Vec<StatementLine>,
}

impl PartialEq for Layout {
    fn eq(&self, other: &Self) -> bool {
        self.bank_bin == other.bank_bin
    }
}
impl Eq for Layout {}

impl Statement {
    pub fn first_day(&self) -> Option<NaiveDate> {
        self.lines.iter().map(|line| line.booked_on).min()
    }

    pub fn last_day(&self) -> Option<NaiveDate> {
        self.lines.iter().map(|line| line.booked_on).max()
    }

    /// The balance the bank gives after the statement's last line, if it prints balances.
    pub fn closing_balance(&self) -> Option<i64> {
        self.lines.last().and_then(|line| line.balance)
    }
}

/// Why a statement could not be read. Where it names a cell, `row` counts from 1 and
/// `column` is the spreadsheet's letter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the file is neither a spreadsheet (XLSX, XLS) nor a CSV file we can read")]
    Unreadable,
    #[error("the file has no line of a bank statement")]
    Empty,
    #[error(
        "no header row of a bank statement (date, debit, credit and description columns) in the first {HEADER_SEARCH_ROWS} rows"
    )]
    NoHeader,
    #[error("we can't read statements of this bank yet; we read {}", LAYOUTS.iter().map(|l| l.name).collect::<Vec<_>>().join(", "))]
    BankNotRead,
    #[error("this is a statement in {found}'s layout, not {expected}'s")]
    WrongBank {
        found: &'static str,
        expected: &'static str,
    },
    #[error("this is a statement of account {found}, not {expected}")]
    WrongAccount { found: String, expected: String },
    #[error("row {row}, column {column} ({header}): “{value}” is not a date (dd/mm/yyyy)")]
    NotADate {
        row: usize,
        column: String,
        header: String,
        value: String,
    },
    #[error("row {row}, column {column} ({header}): “{value}” is not an amount in đồng")]
    NotAnAmount {
        row: usize,
        column: String,
        header: String,
        value: String,
    },
    #[error("row {row}: a line has both a debit and a credit, or neither")]
    NotOneAmount { row: usize },
}

impl ReadError {
    /// A stable code for the reason, for the browser to word.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unreadable => "UNREADABLE",
            Self::Empty => "EMPTY",
            Self::NoHeader => "NO_HEADER",
            Self::BankNotRead => "BANK_NOT_READ",
            Self::WrongBank { .. } => "WRONG_BANK",
            Self::WrongAccount { .. } => "WRONG_ACCOUNT",
            Self::NotADate { .. } => "NOT_A_DATE",
            Self::NotAnAmount { .. } => "NOT_AN_AMOUNT",
            Self::NotOneAmount { .. } => "NOT_ONE_AMOUNT",
        }
    }

    /// The row at fault, counted from 1.
    pub fn row(&self) -> Option<usize> {
        match self {
            Self::NotADate { row, .. }
            | Self::NotAnAmount { row, .. }
            | Self::NotOneAmount { row } => Some(*row),
            _ => None,
        }
    }

    /// The column at fault, as a spreadsheet's letter.
    pub fn column(&self) -> Option<&str> {
        match self {
            Self::NotADate { column, .. } | Self::NotAnAmount { column, .. } => Some(column),
            _ => None,
        }
    }
}

/// Which column holds each role of `layout` in `row`, if the row is that layout's header.
fn match_header(layout: &Layout, row: &[Cell]) -> Option<Vec<(Role, usize)>> {
    let names: Vec<Vec<String>> = row.iter().map(header_names).collect();
    let mut found = Vec::new();
    for (role, synonyms) in layout.columns {
        // The first synonym that names a column wins (BIDV prints both an effective and a
        // transaction date; the effective one is listed first).
        let column = synonyms.iter().find_map(|synonym| {
            names
                .iter()
                .position(|halves| halves.iter().any(|half| half == synonym))
        });
        if let Some(column) = column {
            found.push((*role, column));
        }
    }
    REQUIRED
        .iter()
        .all(|role| found.iter().any(|(r, _)| r == role))
        .then_some(found)
}

/// Reads a statement of an account at `bank_bin` numbered `account_number`.
pub fn read(
    rows: &[Vec<Cell>],
    bank_bin: &str,
    account_number: &str,
) -> Result<Statement, ReadError> {
    let expected = layout_of(bank_bin).ok_or(ReadError::BankNotRead)?;
    let (header_at, layout, columns) = find_header(rows, expected)?;
    let printed = printed_account_number(&rows[..header_at]);
    if let Some(found) = printed.as_ref().filter(|found| *found != account_number) {
        return Err(ReadError::WrongAccount {
            found: found.clone(),
            expected: account_number.to_owned(),
        });
    }
    let header = &rows[header_at];
    let column_of = |role: Role| columns.iter().find(|(r, _)| *r == role).map(|(_, c)| *c);
    let header_of = |column: usize| header.get(column).map(Cell::text).unwrap_or_default();
    let cell = |row: &[Cell], column: usize| row.get(column).cloned().unwrap_or(Cell::Empty);
    let date_column = column_of(Role::Date).unwrap_or_default();
    let debit_column = column_of(Role::Debit).unwrap_or_default();
    let credit_column = column_of(Role::Credit).unwrap_or_default();
    let description_column = column_of(Role::Description).unwrap_or_default();

    let mut lines = Vec::new();
    for (index, row) in rows.iter().enumerate().skip(header_at + 1) {
        let row_number = index + 1;
        if row.iter().all(Cell::is_blank) {
            continue;
        }
        let date_cell = cell(row, date_column);
        let has_amount =
            !cell(row, debit_column).is_blank() || !cell(row, credit_column).is_blank();
        let booked_on = match date(&date_cell) {
            Some(day) => day,
            // A total, an opening or closing balance, or a description carried onto its own
            // row: not a line. Anything else with money on it must have its date.
            None if is_summary(&row[..row.len().min(date_column + 1)])
                || (date_cell.is_blank() && !has_amount) =>
            {
                continue;
            }
            None => {
                return Err(ReadError::NotADate {
                    row: row_number,
                    column: column_letter(date_column),
                    header: header_of(date_column),
                    value: date_cell.text(),
                });
            }
        };
        let amount_in = |column: usize| {
            let value = cell(row, column);
            amount(&value).ok_or_else(|| ReadError::NotAnAmount {
                row: row_number,
                column: column_letter(column),
                header: header_of(column),
                value: value.text(),
            })
        };
        // Some banks print debits as negative numbers in their column.
        let debit = amount_in(debit_column)?.abs();
        let credit = amount_in(credit_column)?.abs();
        let amount = match (debit, credit) {
            (0, credit) if credit > 0 => credit,
            (debit, 0) if debit > 0 => -debit,
            _ => return Err(ReadError::NotOneAmount { row: row_number }),
        };
        let balance = column_of(Role::Balance)
            .map(|column| amount_in(column).map(|b| (!cell(row, column).is_blank()).then_some(b)))
            .transpose()?
            .flatten();
        let optional_text = |role: Role| {
            column_of(role)
                .map(|column| cell(row, column).text())
                .filter(|text| !text.is_empty())
        };
        lines.push(StatementLine {
            row: row_number,
            booked_on,
            amount,
            description: cell(row, description_column)
                .text()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            bank_reference: optional_text(Role::Reference),
            balance,
            counterparty: optional_text(Role::Counterparty),
        });
    }
    if lines.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(Statement {
        layout,
        account_number: printed,
        lines,
    })
}

type Header = (usize, &'static Layout, Vec<(Role, usize)>);

/// The first row that is a layout's header. Several layouts may name their columns alike:
/// the account's bank's layout is taken when it fits, and a row that only fits other banks'
/// layouts says whose statement it is.
fn find_header(rows: &[Vec<Cell>], expected: &'static Layout) -> Result<Header, ReadError> {
    for (index, row) in rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        if let Some(columns) = match_header(expected, row) {
            return Ok((index, expected, columns));
        }
        if let Some(other) = LAYOUTS
            .iter()
            .filter(|layout| layout.bank_bin != expected.bank_bin)
            .find(|layout| match_header(layout, row).is_some())
        {
            return Err(ReadError::WrongBank {
                found: other.name,
                expected: expected.name,
            });
        }
    }
    Err(ReadError::NoHeader)
}

/// Whether the first cells of a row (through its date column) say it is a statement's total
/// or opening/closing balance rather than a line.
fn is_summary(row: &[Cell]) -> bool {
    row.iter().any(|cell| {
        let text = folded(&cell.text());
        [
            "tong cong",
            "cong phat sinh",
            "total",
            "so du dau ky",
            "so du cuoi ky",
            "opening balance",
            "closing balance",
        ]
        .iter()
        .any(|word| text.starts_with(word))
    })
}

/// The account number printed above a statement's table (`Số tài khoản: 0011001932418`,
/// `ACCOUNT NO: …`), in the same cell or the next one.
fn printed_account_number(rows: &[Vec<Cell>]) -> Option<String> {
    for row in rows {
        for (index, cell) in row.iter().enumerate() {
            let text = folded(&cell.text());
            let Some(at) = ["so tai khoan", "account no", "account number", "tai khoan"]
                .iter()
                .find_map(|label| text.find(label).map(|at| at + label.len()))
            else {
                continue;
            };
            let after = &text[at..];
            let next = row.get(index + 1).map(Cell::text).unwrap_or_default();
            for candidate in [after.to_owned(), next] {
                let number: String = candidate
                    .trim_start_matches([' ', ':', '.', '/'])
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == ' ' || *c == '.' || *c == '-')
                    .filter(char::is_ascii_digit)
                    .collect();
                if (6..=19).contains(&number.len()) {
                    return Some(number);
                }
            }
        }
    }
    None
}

/// An amount cell in whole đồng; a blank (or a dash) is zero.
pub fn amount(cell: &Cell) -> Option<i64> {
    match cell {
        Cell::Empty => Some(0),
        #[expect(
            clippy::cast_possible_truncation,
            reason = "checked to be a whole number well inside i64"
        )]
        Cell::Number(number) => {
            (number.fract() == 0.0 && number.abs() < 1e15).then_some(*number as i64)
        }
        Cell::Text(text) => amount_text(text),
        Cell::Date(_) => None,
    }
}

/// `1.500.000`, `1,500,000`, `1500000`, `1.500.000,00`, `1,500,000.00`, `-500,000`,
/// `+ 200.000 VND`: whole đồng, with either separator between thousands. A fraction other than
/// zeros is refused (there are no hào on a statement).
pub fn amount_text(text: &str) -> Option<i64> {
    let text: String = text
        .trim()
        .trim_end_matches("VND")
        .trim_end_matches("VNĐ")
        .trim_end_matches('₫')
        .trim_end_matches('đ')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if text.is_empty() || text == "-" {
        return Some(0);
    }
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(&text)),
    };
    if digits.is_empty()
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    // The decimal separator, if any: the last separator when both kinds appear, or a single
    // one followed by one or two digits.
    let last = digits.rfind(['.', ',']);
    let (whole, fraction) = match last {
        Some(at) => {
            let separator = &digits[at..=at];
            let other = if separator == "." { ',' } else { '.' };
            let tail = &digits[at + 1..];
            let is_decimal = digits.contains(other)
                || (digits.matches(separator).count() == 1 && (1..=2).contains(&tail.len()));
            if is_decimal {
                (&digits[..at], tail)
            } else {
                (digits, "")
            }
        }
        None => (digits, ""),
    };
    if !fraction.chars().all(|c| c == '0') {
        return None;
    }
    // Thousands separators come every three digits.
    let groups: Vec<&str> = whole.split(['.', ',']).collect();
    if groups.len() > 1
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return None;
    }
    let number: i64 = groups.concat().parse().ok()?;
    Some(if negative { -number } else { number })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::testing::{grid, text};

    #[test]
    fn amounts_are_read_with_either_separator() {
        for (written, dong) in [
            ("1.500.000", 1_500_000),
            ("1,500,000", 1_500_000),
            ("1500000", 1_500_000),
            ("1.500.000,00", 1_500_000),
            ("1,500,000.00", 1_500_000),
            ("-500,000", -500_000),
            ("+ 200.000 VND", 200_000),
            ("500.000 đ", 500_000),
            ("", 0),
            ("-", 0),
            ("12.000", 12_000),
        ] {
            assert_eq!(amount_text(written), Some(dong), "{written}");
        }
    }

    #[test]
    fn amounts_with_hao_or_stray_characters_are_refused() {
        for written in ["1.500.000,50", "12,5x", "1.50.000", "abc", "1,2345"] {
            assert_eq!(amount_text(written), None, "{written}");
        }
    }

    #[test]
    fn dates_are_day_first() {
        assert_eq!(
            date(&text("05/12/2026")),
            NaiveDate::from_ymd_opt(2026, 12, 5)
        );
        assert_eq!(
            date(&text("05-12-2026 14:03:11")),
            NaiveDate::from_ymd_opt(2026, 12, 5)
        );
        assert_eq!(
            date(&text("2026-12-05")),
            NaiveDate::from_ymd_opt(2026, 12, 5)
        );
        assert_eq!(date(&text("12/31/2026")), None);
    }

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(3), "D");
        assert_eq!(column_letter(26), "AA");
    }

    #[test]
    fn the_header_row_is_found_below_the_banks_preamble() {
        let rows = grid(&[
            &["NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM"],
            &["Số tài khoản: 0011 0019 32418"],
            &[],
            &[
                "STT",
                "Ngày giao dịch",
                "Số tham chiếu",
                "Số tiền ghi nợ",
                "Số tiền ghi có",
                "Số dư",
                "Mô tả",
            ],
            &[
                "1",
                "01/12/2026",
                "5213.1",
                "",
                "500.000",
                "10.500.000",
                "MBVCB.1.KH 7F3K9Q.CT tu 123",
            ],
            &[
                "2",
                "02/12/2026",
                "5213.2",
                "200.000",
                "",
                "10.300.000",
                "Chi hoc bong",
            ],
            &["", "Tổng cộng", "", "200.000", "500.000", "", ""],
        ]);
        let statement = read(&rows, "970436", "0011001932418").expect("reads");
        assert_eq!(statement.account_number.as_deref(), Some("0011001932418"));
        assert_eq!(statement.lines.len(), 2);
        assert_eq!(statement.lines[0].row, 5);
        assert_eq!(statement.lines[0].amount, 500_000);
        assert_eq!(statement.lines[1].amount, -200_000);
        assert_eq!(statement.closing_balance(), Some(10_300_000));
    }

    #[test]
    fn an_english_statement_is_read_as_the_vietnamese_one() {
        let rows = grid(&[
            &["JOINT STOCK COMMERCIAL BANK FOR FOREIGN TRADE OF VIETNAM"],
            &["Account number: 0011001932418"],
            &[],
            &[
                "No.",
                "Transaction date",
                "Reference No.",
                "Debit",
                "Credit",
                "Balance",
                "Transactions in detail",
            ],
            &[
                "1",
                "01/12/2026",
                "5213.1",
                "",
                "500,000",
                "10,500,000",
                "IBFT KH 7F3K9Q",
            ],
            &[
                "2",
                "02/12/2026",
                "5213.2",
                "200,000",
                "",
                "10,300,000",
                "Scholarship",
            ],
        ]);
        let statement = read(&rows, "970436", "0011001932418").expect("reads");
        assert_eq!(statement.layout.name, "Vietcombank");
        let amounts: Vec<i64> = statement.lines.iter().map(|l| l.amount).collect();
        assert_eq!(amounts, [500_000, -200_000]);
        assert_eq!(statement.lines[0].bank_reference.as_deref(), Some("5213.1"));
        assert_eq!(statement.closing_balance(), Some(10_300_000));
    }

    #[test]
    fn another_banks_statement_is_named_as_such() {
        let rows = grid(&[&[
            "STT",
            "Ngày hiệu lực",
            "Số giao dịch",
            "Ghi nợ",
            "Ghi có",
            "Số dư",
            "Mô tả",
        ]]);
        assert_eq!(
            read(&rows, "970436", "1"),
            Err(ReadError::WrongBank {
                found: "BIDV",
                expected: "Vietcombank"
            })
        );
    }

    #[test]
    fn a_statement_of_another_account_is_refused() {
        let rows = grid(&[
            &["Tài khoản/Account No:", "1234567890"],
            &["Ngày hiệu lực", "Ghi nợ", "Ghi có", "Mô tả"],
            &["01/12/2026", "", "1", "x"],
        ]);
        assert!(matches!(
            read(&rows, "970418", "9999999999"),
            Err(ReadError::WrongAccount { .. })
        ));
    }

    #[test]
    fn a_bad_cell_is_named_by_row_and_column() {
        let rows = grid(&[
            &["Ngày hiệu lực", "Ghi nợ", "Ghi có", "Mô tả"],
            &["01/12/2026", "", "12,5x", "x"],
        ]);
        let error = read(&rows, "970418", "1").expect_err("refused");
        assert_eq!(error.row(), Some(2));
        assert_eq!(error.column(), Some("C"));
        assert_eq!(
            error.to_string(),
            "row 2, column C (Ghi có): “12,5x” is not an amount in đồng"
        );
    }

    #[test]
    fn a_line_with_money_but_no_date_is_refused_not_skipped() {
        let rows = grid(&[
            &["Ngày hiệu lực", "Ghi nợ", "Ghi có", "Mô tả"],
            &["01/12/2026", "", "100.000", "ung ho"],
            &["", "", "", "(tiếp) nội dung dài"],
            &["", "", "200.000", "Total Energy ung ho"],
        ]);
        let error = read(&rows, "970418", "1").expect_err("refused");
        assert_eq!((error.code(), error.row()), ("NOT_A_DATE", Some(4)));
    }

    #[test]
    fn a_file_without_a_header_is_not_a_statement() {
        let rows = grid(&[&["Họ tên", "Ngày sinh"], &["An", "01/01/2010"]]);
        assert_eq!(read(&rows, "970436", "1"), Err(ReadError::NoHeader));
        assert_eq!(read(&rows, "970448", "1"), Err(ReadError::BankNotRead));
    }
}
