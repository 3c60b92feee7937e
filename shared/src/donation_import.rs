//! A cash book's donations from a spreadsheet (sổ thu ủng hộ): one gift a row, in the template's
//! columns or a sheet of one's own with the same headers (recognised without diacritics, in any
//! order, in English too, and by the names a cash book gives them: "Ngày chứng từ", "Số hiệu
//! chứng từ", "Diễn giải", "Họ tên người nộp tiền"). Pure: the server reads the file into a
//! grid of [`Cell`]s and decides, against the fund's book, what each good row does.
//!
//! Each row is checked as the donation form checks one: an amount in whole đồng, a bank
//! reference for a bank transfer, what was given for a gift in kind, a day received not after
//! today nor more than ten years back. The same receipt number or bank reference on two rows is
//! refused on the second, naming the first.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::{
    DonationMethod, DonorKind, Money, ValidationError, ValidationReason,
    ledger::{check_received_on, memo},
    sheet::{self, Cell, CellProblem, Problem, SheetRefused, TemplateColumn, column_letter},
    text::{folded, optional_line, required_line},
};

/// The most rows one file may hold: a busy association's year of gifts.
pub const MAX_ROWS: usize = 5_000;

/// The longest donor name and contact kept, as the donation form keeps them.
pub const DONOR_NAME_MAX_CHARS: usize = 200;
pub const CONTACT_MAX_CHARS: usize = 200;
/// The longest receipt number and bank reference kept.
pub const RECEIPT_MAX_CHARS: usize = 50;
pub const BANK_REFERENCE_MAX_CHARS: usize = 100;

/// A column of the donations' template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    ReceivedOn,
    Receipt,
    Donor,
    DonorKind,
    Contact,
    Amount,
    Method,
    BankReference,
    Memo,
    Campaign,
    Anonymous,
}

impl Column {
    /// In the template's order.
    pub const ALL: [Self; 11] = [
        Self::ReceivedOn,
        Self::Receipt,
        Self::Donor,
        Self::DonorKind,
        Self::Contact,
        Self::Amount,
        Self::Method,
        Self::BankReference,
        Self::Memo,
        Self::Campaign,
        Self::Anonymous,
    ];

    /// Its header in the template.
    pub const fn header(self) -> &'static str {
        match self {
            Self::ReceivedOn => "Ngày thu",
            Self::Receipt => "Số phiếu thu",
            Self::Donor => "Người ủng hộ",
            Self::DonorKind => "Loại người ủng hộ",
            Self::Contact => "Liên hệ",
            Self::Amount => "Số tiền",
            Self::Method => "Hình thức",
            Self::BankReference => "Mã giao dịch",
            Self::Memo => "Nội dung",
            Self::Campaign => "Chiến dịch",
            Self::Anonymous => "Ẩn danh",
        }
    }

    /// The field of the donation form it fills, as the API names it.
    pub const fn field(self) -> &'static str {
        match self {
            Self::ReceivedOn => "receivedOn",
            Self::Receipt => "receiptNumber",
            Self::Donor => "donor.name",
            Self::DonorKind => "donor.kind",
            Self::Contact => "donor.contact",
            Self::Amount => "amount",
            Self::Method => "method",
            Self::BankReference => "bankReference",
            Self::Memo => "memo",
            Self::Campaign => "campaignName",
            Self::Anonymous => "donor.anonymous",
        }
    }

    const fn other_names(self) -> &'static [&'static str] {
        match self {
            Self::ReceivedOn => &[
                "ngay",
                "ngay thang",
                "ngay nop",
                "ngay ung ho",
                "ngay chung tu",
                "ngay thang chung tu",
                "ngay ghi so",
                "ngay thang ghi so",
                "date",
                "received on",
            ],
            Self::Receipt => &[
                "so phieu",
                "so chung tu",
                "so hieu chung tu",
                "so bien lai",
                "phieu thu",
                "receipt",
                "receipt number",
            ],
            Self::Donor => &[
                "ho ten",
                "ho va ten",
                "nguoi nop tien",
                "ho ten nguoi nop tien",
                "ten nguoi ung ho",
                "nha hao tam",
                "don vi ca nhan ung ho",
                "ca nhan don vi ung ho",
                "donor",
                "donor name",
            ],
            Self::DonorKind => &["loai", "doi tuong", "donor kind"],
            Self::Contact => &[
                "dien thoai",
                "so dien thoai",
                "dia chi",
                "lien lac",
                "contact",
                "phone",
            ],
            Self::Amount => &[
                "so tien thu",
                "so tien ung ho",
                "tien",
                "thu",
                "gia tri",
                "amount",
            ],
            Self::Method => &["hinh thuc nop", "phuong thuc", "method"],
            Self::BankReference => &[
                "so giao dich",
                "ma gd",
                "so tham chieu",
                "ma tham chieu",
                "so but toan",
                "bank reference",
                "reference",
            ],
            Self::Memo => &["dien giai", "ghi chu", "noi dung ung ho", "memo", "note"],
            Self::Campaign => &["dot van dong", "campaign"],
            Self::Anonymous => &["an danh", "anonymous"],
        }
    }
}

impl TemplateColumn for Column {
    const ALL: &'static [Self] = &Self::ALL;

    fn header(self) -> &'static str {
        Self::header(self)
    }

    fn other_names(self) -> &'static [&'static str] {
        Self::other_names(self)
    }

    fn required(self) -> bool {
        matches!(self, Self::ReceivedOn | Self::Donor | Self::Amount)
    }
}

/// A gift as a good row gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Donation {
    pub received_on: NaiveDate,
    pub receipt_number: Option<String>,
    pub donor_name: String,
    /// A person when the row leaves it blank.
    pub donor_kind: DonorKind,
    pub contact: Option<String>,
    pub anonymous: bool,
    pub amount: Money,
    /// Cash when the row leaves it blank.
    pub method: DonationMethod,
    pub bank_reference: Option<String>,
    pub memo: String,
    /// The fund's campaign by its name, as the row writes it.
    pub campaign: Option<String>,
}

impl Donation {
    /// The row in the template's columns.
    pub fn cells(&self) -> Vec<Cell> {
        let text = |value: Option<&str>| value.map_or(Cell::Empty, |v| Cell::Text(v.to_owned()));
        #[expect(
            clippy::cast_precision_loss,
            reason = "an amount under 10¹⁵ đồng is exact in an f64"
        )]
        let amount = self.amount.dong() as f64;
        vec![
            Cell::Date(self.received_on),
            text(self.receipt_number.as_deref()),
            Cell::Text(self.donor_name.clone()),
            Cell::Text(self.donor_kind.vietnamese_name().to_owned()),
            text(self.contact.as_deref()),
            Cell::Number(amount),
            Cell::Text(self.method.vietnamese_name().to_owned()),
            text(self.bank_reference.as_deref()),
            text(Some(self.memo.as_str()).filter(|m| !m.is_empty())),
            text(self.campaign.as_deref()),
            text(self.anonymous.then_some("x")),
        ]
    }
}

/// A good row: its number in the sheet (from 1) and its gift.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub row: usize,
    pub donation: Donation,
}

/// What a file gives: its good rows, the problems of its bad ones, and the letters of the
/// columns the book is checked by (for the problems only the book shows).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reading {
    pub rows: Vec<Row>,
    pub problems: Vec<Problem>,
    pub letters: HashMap<Column, String>,
}

impl Reading {
    /// A refused cell of a good row's `column`, found against the book: `expected` says what
    /// it should have been.
    pub fn refused(&self, row: usize, column: Column, why: CellProblem, expected: &str) -> Problem {
        Problem {
            row,
            column: self.letters.get(&column).cloned().unwrap_or_default(),
            header: column.header(),
            problem: why,
            other_row: None,
            error: format_error(column.field(), expected),
        }
    }
}

/// What the reader's own errors expect.
const EXPECTED_METHOD: &str = "Tiền mặt, Chuyển khoản or Hiện vật";
const EXPECTED_DONOR_KIND: &str = "Cá nhân or Tổ chức";
const EXPECTED_YES_NO: &str = "x (or Có) for yes, blank for no";
const EXPECTED_DATE: &str = "a date, dd/mm/yyyy";
const EXPECTED_NEW_RECEIPT: &str = "a receipt number not on an earlier row";
const EXPECTED_NEW_REFERENCE: &str = "a bank reference not on an earlier row";

fn format_error(field: &str, expected: &str) -> ValidationError {
    ValidationError::new(
        field,
        ValidationReason::Format {
            expected: expected.into(),
        },
    )
}

/// A way of giving as a row writes it; cash when blank.
fn method(text: &str) -> Result<DonationMethod, ValidationError> {
    let name = folded(text).replace(['-', '_'], " ");
    match name.as_str() {
        "" | "tien mat" | "tm" | "cash" => Ok(DonationMethod::Cash),
        "chuyen khoan" | "ck" | "ngan hang" | "bank transfer" | "bank" | "transfer" => {
            Ok(DonationMethod::BankTransfer)
        }
        "hien vat" | "in kind" => Ok(DonationMethod::InKind),
        _ => Err(format_error("method", EXPECTED_METHOD)),
    }
}

/// Who gave, as a row writes it; a person when blank.
fn donor_kind(text: &str) -> Result<DonorKind, ValidationError> {
    match folded(text).as_str() {
        "" | "ca nhan" | "person" | "ong" | "ba" => Ok(DonorKind::Person),
        "to chuc" | "doanh nghiep" | "co quan" | "don vi" | "cong ty" | "organization"
        | "organisation" => Ok(DonorKind::Organization),
        _ => Err(format_error("donor.kind", EXPECTED_DONOR_KIND)),
    }
}

/// Yes or no, as a row writes it; no when blank.
fn yes_no(text: &str) -> Result<bool, ValidationError> {
    match folded(text).as_str() {
        "" | "khong" | "no" | "0" => Ok(false),
        "x" | "co" | "yes" | "1" | "true" => Ok(true),
        _ => Err(format_error("donor.anonymous", EXPECTED_YES_NO)),
    }
}

/// What a cash book's lines that are not gifts say, whole: totals.
const TOTALS: [&str; 6] = [
    "cong",
    "tong",
    "tong cong",
    "tong so",
    "cong trang",
    "cong thang",
];

/// How its other lines that are not gifts begin: sums and balances carried over.
const CARRIED: [&str; 7] = [
    "cong phat sinh",
    "cong luy ke",
    "so du ",
    "ton dau ky",
    "ton cuoi ky",
    "so mang sang",
    "mang sang",
];

/// Whether a cell says its row is a total or a balance (`Cộng`, `Tổng cộng:`, `Số dư đầu
/// kỳ`…), not a gift: a company's name that starts alike (`Tổng công ty…`) is not.
fn is_a_total(cell: &Cell) -> bool {
    let text = folded(&cell.text());
    let text = text.trim_end_matches([':', '.', ' ']);
    TOTALS.contains(&text) || CARRIED.iter().any(|carried| text.starts_with(carried))
}

/// An amount cell: a number, or text as people type it.
fn amount(cell: &Cell) -> Result<Money, ValidationError> {
    if cell.is_blank() {
        return Err(ValidationError::new("amount", ValidationReason::Empty));
    }
    let dong = crate::bank_statement::amount(cell)
        .ok_or_else(|| format_error("amount", "an amount in whole đồng, e.g. 500000 or 500.000"))?;
    Money::positive_amount("amount", dong)
}

/// Why `error` refuses a cell of `column`.
fn problem_of(column: Column, error: &ValidationError) -> CellProblem {
    match (&error.reason, column) {
        (ValidationReason::Empty, _) => CellProblem::Missing,
        (ValidationReason::InvalidCharacter, Column::Amount) => CellProblem::NotAnAmount,
        (ValidationReason::InvalidCharacter, _) => CellProblem::NotText,
        (ValidationReason::Format { expected }, Column::ReceivedOn)
            if expected == EXPECTED_DATE =>
        {
            CellProblem::NotADate
        }
        (_, Column::ReceivedOn) => CellProblem::ReceivedOutOfRange,
        (_, Column::Amount) => CellProblem::NotAnAmount,
        (_, Column::Method) => CellProblem::NotAMethod,
        (_, Column::DonorKind) => CellProblem::NotADonorKind,
        (_, Column::Anonymous) => CellProblem::NotYesNo,
        _ => CellProblem::TooLong,
    }
}

/// Reads the donations of `rows` (a sheet's cells, row 1 first) received by `today`, checking
/// each as the donation form does. Blank rows, and rows without a date that say they are a
/// total or a balance (a cash book's "Cộng", "Số dư đầu kỳ"), are passed over; any other row
/// without a date is refused for it. A receipt number or a bank reference on two rows is
/// refused on the second.
pub fn read(rows: &[Vec<Cell>], today: NaiveDate) -> Result<Reading, SheetRefused> {
    let (header_at, columns) = sheet::find_header::<Column>(rows)?;
    let data = &rows[header_at + 1..];
    if data.len() > MAX_ROWS {
        return Err(SheetRefused::TooManyRows { max: MAX_ROWS });
    }
    let mut reading = Reading {
        letters: columns
            .iter()
            .map(|(&column, &index)| (column, column_letter(index)))
            .collect(),
        ..Reading::default()
    };
    let mut first_receipt: HashMap<String, usize> = HashMap::new();
    let mut first_reference: HashMap<String, usize> = HashMap::new();
    for (offset, cells) in data.iter().enumerate() {
        let cell = |column: Column| {
            columns
                .get(&column)
                .and_then(|&index| cells.get(index))
                .unwrap_or(&Cell::Empty)
        };
        let at = |column: Column| cell(column).text();
        if cells.iter().all(Cell::is_blank)
            || (cell(Column::ReceivedOn).is_blank() && cells.iter().any(is_a_total))
        {
            continue;
        }
        let row = header_at + offset + 2;
        let mut problems = Vec::new();
        let mut check = |column: Column, result: Result<(), ValidationError>| {
            if let Err(error) = result {
                let why = problem_of(column, &error);
                let mut problem = reading.refused(row, column, why, "");
                problem.error = error.for_field(column.field());
                problems.push(problem);
            }
        };
        let mut found = Donation {
            received_on: today,
            receipt_number: None,
            donor_name: String::new(),
            donor_kind: DonorKind::Person,
            contact: None,
            anonymous: false,
            amount: Money::ZERO,
            method: DonationMethod::Cash,
            bank_reference: None,
            memo: String::new(),
            campaign: None,
        };
        check(
            Column::ReceivedOn,
            match sheet::date(cell(Column::ReceivedOn)) {
                None if cell(Column::ReceivedOn).is_blank() => {
                    Err(ValidationError::new("receivedOn", ValidationReason::Empty))
                }
                None => Err(format_error("receivedOn", EXPECTED_DATE)),
                Some(day) => check_received_on(day, today).map(|()| found.received_on = day),
            },
        );
        check(
            Column::Receipt,
            optional_line("receiptNumber", &at(Column::Receipt), RECEIPT_MAX_CHARS)
                .map(|receipt| found.receipt_number = receipt),
        );
        check(
            Column::Donor,
            required_line("donor.name", &at(Column::Donor), DONOR_NAME_MAX_CHARS)
                .map(|name| found.donor_name = name),
        );
        check(
            Column::DonorKind,
            donor_kind(&at(Column::DonorKind)).map(|kind| found.donor_kind = kind),
        );
        check(
            Column::Contact,
            optional_line("donor.contact", &at(Column::Contact), CONTACT_MAX_CHARS)
                .map(|contact| found.contact = contact),
        );
        check(
            Column::Anonymous,
            yes_no(&at(Column::Anonymous)).map(|yes| found.anonymous = yes),
        );
        check(
            Column::Amount,
            amount(cell(Column::Amount)).map(|amount| found.amount = amount),
        );
        check(
            Column::Method,
            method(&at(Column::Method)).map(|method| found.method = method),
        );
        check(
            Column::BankReference,
            optional_line(
                "bankReference",
                &at(Column::BankReference),
                BANK_REFERENCE_MAX_CHARS,
            )
            .and_then(|reference| match reference {
                None if found.method == DonationMethod::BankTransfer => Err(ValidationError::new(
                    "bankReference",
                    ValidationReason::Empty,
                )),
                reference => {
                    found.bank_reference = reference;
                    Ok(())
                }
            }),
        );
        check(
            Column::Memo,
            memo(
                "memo",
                &at(Column::Memo),
                found.method == DonationMethod::InKind,
            )
            .map(|memo| found.memo = memo),
        );
        check(
            Column::Campaign,
            optional_line("campaignName", &at(Column::Campaign), 200)
                .map(|campaign| found.campaign = campaign),
        );
        if problems.is_empty() {
            for (column, value, first, why, expected) in [
                (
                    Column::Receipt,
                    found.receipt_number.as_deref(),
                    &mut first_receipt,
                    CellProblem::ReceiptRepeated,
                    EXPECTED_NEW_RECEIPT,
                ),
                (
                    Column::BankReference,
                    found.bank_reference.as_deref(),
                    &mut first_reference,
                    CellProblem::BankReferenceRepeated,
                    EXPECTED_NEW_REFERENCE,
                ),
            ] {
                let Some(value) = value else { continue };
                if let Some(&earlier) = first.get(&folded(value)) {
                    let mut repeated = reading.refused(row, column, why, expected);
                    repeated.other_row = Some(earlier);
                    problems.push(repeated);
                }
            }
        }
        if problems.is_empty() {
            if let Some(receipt) = &found.receipt_number {
                first_receipt.insert(folded(receipt), row);
            }
            if let Some(reference) = &found.bank_reference {
                first_reference.insert(folded(reference), row);
            }
            reading.rows.push(Row {
                row,
                donation: found,
            });
        } else {
            reading.problems.extend(problems);
        }
    }
    Ok(reading)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::testing::grid;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).expect("a day")
    }

    #[test]
    fn a_cash_books_own_headers_are_recognised_and_blank_kinds_and_methods_are_the_usual() {
        let rows = grid(&[
            &["SỔ THU ỦNG HỘ QUỸ KHUYẾN HỌC"],
            &[
                "Ngày chứng từ",
                "Số hiệu chứng từ",
                "Họ tên người nộp tiền",
                "Diễn giải",
                "Số tiền thu",
            ],
            &[
                "02/11/2026",
                "PT-001",
                "Nguyễn Văn An",
                "Ủng hộ quỹ",
                "500.000",
            ],
            &["2026-11-03", "", "Công ty Gốm Bát Tràng", "", "2,000,000 ₫"],
            &["", "", "Cộng", "", "2.500.000"],
            &["", "", "Tổng công ty Điện lực Hà Nội", "", "1.000.000"],
        ]);
        let reading = read(&rows, today()).expect("reads");
        let missing: Vec<(usize, &str, CellProblem)> = reading
            .problems
            .iter()
            .map(|p| (p.row, p.column.as_str(), p.problem))
            .collect();
        assert_eq!(
            missing,
            [(6, "A", CellProblem::Missing)],
            "a gift without its day is refused, not passed over as a total"
        );
        let gifts: Vec<(usize, NaiveDate, i64, DonationMethod)> = reading
            .rows
            .iter()
            .map(|r| {
                (
                    r.row,
                    r.donation.received_on,
                    r.donation.amount.dong(),
                    r.donation.method,
                )
            })
            .collect();
        assert_eq!(
            gifts,
            [
                (
                    3,
                    NaiveDate::from_ymd_opt(2026, 11, 2).expect("day"),
                    500_000,
                    DonationMethod::Cash
                ),
                (
                    4,
                    NaiveDate::from_ymd_opt(2026, 11, 3).expect("day"),
                    2_000_000,
                    DonationMethod::Cash
                ),
            ],
            "the total's row, without a date, is passed over"
        );
        assert_eq!(
            reading.rows[0].donation.receipt_number.as_deref(),
            Some("PT-001")
        );
        assert_eq!(reading.rows[0].donation.donor_kind, DonorKind::Person);
        assert_eq!(
            reading.letters.get(&Column::Receipt).map(String::as_str),
            Some("B")
        );
    }

    #[test]
    fn every_bad_cell_is_named_by_row_column_and_reason() {
        let rows = grid(&[
            &[
                "Ngày thu",
                "Số phiếu thu",
                "Người ủng hộ",
                "Số tiền",
                "Hình thức",
                "Mã giao dịch",
                "Nội dung",
                "Loại người ủng hộ",
                "Ẩn danh",
            ],
            &[
                "08/12/2026",
                "PT-1",
                "Lê Văn Bình",
                "100000",
                "",
                "",
                "",
                "",
                "",
            ],
            &[
                "31/02/2026",
                "PT-2",
                "Lê Văn Bình",
                "một trăm",
                "Séc",
                "",
                "",
                "Hội",
                "có lẽ",
            ],
            &[
                "01/12/2026",
                "PT-3",
                "",
                "-5000",
                "Chuyển khoản",
                "",
                "",
                "",
                "",
            ],
            &[
                "01/12/2026",
                "PT-4",
                "Trần Thị Cúc",
                "200000",
                "Hiện vật",
                "",
                "",
                "",
                "",
            ],
            &[
                "01/12/2026",
                "PT-5",
                "Trần Thị Cúc",
                "200000",
                "CK",
                "FT001",
                "",
                "",
                "x",
            ],
            &[
                "02/12/2026",
                "pt-5",
                "Trần Thị Cúc",
                "300000",
                "CK",
                "ft001",
                "",
                "",
                "",
            ],
            &[
                "01/01/2016",
                "PT-7",
                "Phạm Văn Dũng",
                "50000",
                "",
                "",
                "",
                "",
                "",
            ],
        ]);
        let reading = read(&rows, today()).expect("reads");
        let found: Vec<(usize, &str, CellProblem, Option<usize>)> = reading
            .problems
            .iter()
            .map(|p| (p.row, p.column.as_str(), p.problem, p.other_row))
            .collect();
        assert_eq!(
            found,
            [
                (2, "A", CellProblem::ReceivedOutOfRange, None),
                (3, "A", CellProblem::NotADate, None),
                (3, "H", CellProblem::NotADonorKind, None),
                (3, "I", CellProblem::NotYesNo, None),
                (3, "D", CellProblem::NotAnAmount, None),
                (3, "E", CellProblem::NotAMethod, None),
                (4, "C", CellProblem::Missing, None),
                (4, "D", CellProblem::NotAnAmount, None),
                (4, "F", CellProblem::Missing, None),
                (5, "G", CellProblem::Missing, None),
                (7, "B", CellProblem::ReceiptRepeated, Some(6)),
                (7, "F", CellProblem::BankReferenceRepeated, Some(6)),
                (8, "A", CellProblem::ReceivedOutOfRange, None),
            ]
        );
        let good: Vec<usize> = reading.rows.iter().map(|r| r.row).collect();
        assert_eq!(good, [6]);
        assert!(reading.rows[0].donation.anonymous);
        assert_eq!(reading.problems[0].error.field, "receivedOn");
        assert_eq!(reading.problems[6].error.field, "donor.name");
    }

    #[test]
    fn a_file_without_amounts_is_refused_and_a_row_reads_back_from_its_cells() {
        assert_eq!(
            read(
                &grid(&[&["Ngày thu", "Người ủng hộ"], &["01/12/2026", "An"]]),
                today()
            ),
            Err(SheetRefused::NoHeader {
                missing: vec!["Số tiền"]
            })
        );
        let gift = Donation {
            received_on: NaiveDate::from_ymd_opt(2026, 12, 1).expect("day"),
            receipt_number: Some("PT-0012".into()),
            donor_name: "Công ty Gốm Bát Tràng".into(),
            donor_kind: DonorKind::Organization,
            contact: Some("0912345678".into()),
            anonymous: true,
            amount: Money::from_dong(5_000_000),
            method: DonationMethod::BankTransfer,
            bank_reference: Some("FT26335001".into()),
            memo: "Học bổng Tết".into(),
            campaign: Some("Tết vì học sinh nghèo".into()),
        };
        let header: Vec<Cell> = Column::ALL
            .iter()
            .map(|c| Cell::Text(c.header().into()))
            .collect();
        let reading = read(&[header, gift.cells()], today()).expect("reads");
        assert!(reading.problems.is_empty(), "{:?}", reading.problems);
        assert_eq!(reading.rows[0].donation, gift);
    }
}
