//! Organisations from a spreadsheet: the chapters, clan councils and other bodies of a commune
//! (or of any organisation), one a row, in the template's columns or a sheet of one's own with
//! the same headers (recognised without diacritics, in any order, in English too). A row names
//! its parent where it is not directly under the organisation imported to: an organisation
//! already below it, or one on an earlier row of the file. Pure: the server reads the file
//! into a grid of [`Cell`]s, and finds the parents and what each good row does.

use std::collections::HashMap;

use crate::{
    OrganizationKind, ValidationError, ValidationReason,
    organization::{AREA_CODE, valid_area_code, valid_name},
    sheet::{Cell, CellProblem, Problem, SheetRefused, TemplateColumn, column_letter, find_header},
    text::{folded, optional_line},
};

/// The most rows one file may hold: a commune's chapters many times over.
pub const MAX_ROWS: usize = 5_000;

/// A column of the organisations' template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Name,
    Kind,
    Parent,
    AreaCode,
}

impl Column {
    /// In the template's order.
    pub const ALL: [Self; 4] = [Self::Name, Self::Kind, Self::Parent, Self::AreaCode];

    /// Its header in the template.
    pub const fn header(self) -> &'static str {
        match self {
            Self::Name => "Tên tổ chức",
            Self::Kind => "Loại",
            Self::Parent => "Trực thuộc",
            Self::AreaCode => "Mã địa bàn",
        }
    }

    /// The field of the organisation form it fills, as the API names it.
    pub const fn field(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Kind => "kind",
            Self::Parent => "parentName",
            Self::AreaCode => "areaCode",
        }
    }

    const fn other_names(self) -> &'static [&'static str] {
        match self {
            Self::Name => &[
                "ten",
                "ten don vi",
                "ten chi hoi",
                "ten to chuc khuyen hoc",
                "name",
                "organization",
                "organisation",
            ],
            Self::Kind => &["loai to chuc", "loai hinh", "kind", "type"],
            Self::Parent => &[
                "thuoc",
                "cap tren",
                "to chuc cap tren",
                "don vi cap tren",
                "parent",
            ],
            Self::AreaCode => &["ma dia ban", "ma don vi hanh chinh", "ma dvhc", "area code"],
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
        matches!(self, Self::Name)
    }
}

/// The kinds an import adds: what sits below a commune. Blank is a chapter.
pub const KINDS: [OrganizationKind; 3] = [
    OrganizationKind::Chapter,
    OrganizationKind::Clan,
    OrganizationKind::Other,
];

/// An organisation as a good row gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    pub name: String,
    /// None when the row leaves it blank: a new organisation is a chapter, one on record keeps
    /// its kind.
    pub kind: Option<OrganizationKind>,
    /// The parent's name as the row writes it; none for directly under the organisation
    /// imported to.
    pub parent: Option<String>,
    pub area_code: Option<String>,
}

impl Organization {
    /// The row in the template's columns.
    pub fn cells(&self) -> Vec<Cell> {
        let text = |value: Option<&str>| value.map_or(Cell::Empty, |v| Cell::Text(v.to_owned()));
        vec![
            Cell::Text(self.name.clone()),
            text(self.kind.map(OrganizationKind::vietnamese_name)),
            text(self.parent.as_deref()),
            text(self.area_code.as_deref()),
        ]
    }
}

/// A good row: its number in the sheet (from 1) and its organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub row: usize,
    pub organization: Organization,
}

/// What a file gives: its good rows and the problems of its bad ones.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reading {
    pub rows: Vec<Row>,
    pub problems: Vec<Problem>,
    /// The parent column's letter, when the file has one.
    pub parent_column: Option<String>,
    /// The name column's letter.
    pub name_column: Option<String>,
}

/// What the reader's own errors expect.
const EXPECTED_KIND: &str = "Chi hội, Dòng họ or Khác";
const EXPECTED_NEW_NAME: &str = "a name not already given under the same parent on an earlier row";

/// A kind as a row writes it: its Vietnamese name, a longer form of it, or its code; none
/// when blank.
fn kind(text: &str) -> Result<Option<OrganizationKind>, ValidationError> {
    let name = folded(text);
    if name.is_empty() {
        return Ok(None);
    }
    let name = name.replace(['-', '_'], " ");
    KINDS
        .into_iter()
        .find(|kind| {
            let known = folded(kind.vietnamese_name());
            name == known
                || name == kind.code().to_lowercase()
                || match kind {
                    OrganizationKind::Chapter => {
                        ["chi hoi khuyen hoc", "chapter"].contains(&name.as_str())
                    }
                    OrganizationKind::Clan => {
                        ["ban khuyen hoc dong ho", "clan", "clan council"].contains(&name.as_str())
                    }
                    _ => false,
                }
        })
        .map(Some)
        .ok_or_else(|| format_error("kind", EXPECTED_KIND))
}

fn format_error(field: &str, expected: &str) -> ValidationError {
    ValidationError::new(
        field,
        ValidationReason::Format {
            expected: expected.into(),
        },
    )
}

/// Why `error` refuses a cell of `column`.
fn problem_of(column: Column, error: &ValidationError) -> CellProblem {
    match (&error.reason, column) {
        (ValidationReason::Empty, _) => CellProblem::Missing,
        (ValidationReason::InvalidCharacter, _) => CellProblem::NotText,
        (ValidationReason::Format { expected }, Column::Name) if expected == EXPECTED_NEW_NAME => {
            CellProblem::NameRepeated
        }
        (ValidationReason::Format { expected }, Column::AreaCode) if expected == AREA_CODE => {
            CellProblem::NotAnAreaCode
        }
        (_, Column::Kind) => CellProblem::NotAKind,
        _ => CellProblem::TooLong,
    }
}

/// A refused cell of `column` on `row`.
pub fn problem(
    row: usize,
    columns: &HashMap<Column, usize>,
    column: Column,
    problem: CellProblem,
    error: ValidationError,
) -> Problem {
    Problem {
        row,
        column: columns
            .get(&column)
            .map_or_else(String::new, |&index| column_letter(index)),
        header: column.header(),
        problem,
        other_row: None,
        error: error.for_field(column.field()),
    }
}

/// Reads the organisations of `rows` (a sheet's cells, row 1 first), checking each as the
/// organisation form does. Blank rows are passed over. A name given twice under the same
/// parent is refused on its second row, naming the first.
pub fn read(rows: &[Vec<Cell>]) -> Result<Reading, SheetRefused> {
    let (header_at, columns) = find_header::<Column>(rows)?;
    let data = &rows[header_at + 1..];
    if data.len() > MAX_ROWS {
        return Err(SheetRefused::TooManyRows { max: MAX_ROWS });
    }
    let mut reading = Reading {
        parent_column: columns.get(&Column::Parent).map(|&i| column_letter(i)),
        name_column: columns.get(&Column::Name).map(|&i| column_letter(i)),
        ..Reading::default()
    };
    let mut first_with: HashMap<(String, String), usize> = HashMap::new();
    for (offset, cells) in data.iter().enumerate() {
        if cells.iter().all(Cell::is_blank) {
            continue;
        }
        let row = header_at + offset + 2;
        let at = |column: Column| {
            columns
                .get(&column)
                .and_then(|&index| cells.get(index))
                .map(Cell::text)
                .unwrap_or_default()
        };
        let mut problems = Vec::new();
        let mut check = |column: Column, result: Result<(), ValidationError>| {
            if let Err(error) = result {
                let why = problem_of(column, &error);
                problems.push(problem(row, &columns, column, why, error));
            }
        };
        let mut found = Organization {
            name: String::new(),
            kind: None,
            parent: None,
            area_code: None,
        };
        check(
            Column::Name,
            valid_name(&at(Column::Name)).map(|name| found.name = name),
        );
        check(
            Column::Kind,
            kind(&at(Column::Kind)).map(|kind| found.kind = kind),
        );
        check(
            Column::Parent,
            optional_line("parentName", &at(Column::Parent), 255).map(|p| found.parent = p),
        );
        check(
            Column::AreaCode,
            valid_area_code(&at(Column::AreaCode)).map(|code| found.area_code = code),
        );
        let place = (
            found.parent.as_deref().map(folded).unwrap_or_default(),
            folded(&found.name),
        );
        if problems.is_empty()
            && let Some(&first) = first_with.get(&place)
        {
            let mut repeated = problem(
                row,
                &columns,
                Column::Name,
                CellProblem::NameRepeated,
                format_error("name", EXPECTED_NEW_NAME),
            );
            repeated.other_row = Some(first);
            problems.push(repeated);
        }
        if problems.is_empty() {
            first_with.insert(place, row);
            reading.rows.push(Row {
                row,
                organization: found,
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

    #[test]
    fn headers_are_recognised_without_diacritics_in_any_order_and_a_blank_kind_is_left_unsaid() {
        let rows = grid(&[
            &["DANH SÁCH CHI HỘI"],
            &["Ma dia ban", "TEN TO CHUC", "Loai"],
            &["", "Chi hội Khuyến học thôn Giang Cao", ""],
            &["10012-1", "Ban Khuyến học dòng họ Lê", "Dòng họ"],
            &["", "Chi hội Trường THCS Bát Tràng", "CHAPTER"],
        ]);
        let reading = read(&rows).expect("reads");
        assert!(reading.problems.is_empty(), "{:?}", reading.problems);
        assert_eq!(reading.parent_column, None);
        let kinds: Vec<_> = reading.rows.iter().map(|r| r.organization.kind).collect();
        assert_eq!(
            kinds,
            [
                None,
                Some(OrganizationKind::Clan),
                Some(OrganizationKind::Chapter)
            ]
        );
        assert_eq!(reading.rows[1].row, 4);
        assert_eq!(
            reading.rows[1].organization.area_code.as_deref(),
            Some("10012-1")
        );
    }

    #[test]
    fn every_bad_cell_is_named_by_row_column_and_reason() {
        let rows = grid(&[
            &["Tên tổ chức", "Loại", "Trực thuộc", "Mã địa bàn"],
            &["", "Chi hội", "", ""],
            &["Chi hội thôn Đông", "Xã/phường", "", "10 012"],
            &["Chi hội thôn Tây", "", "", ""],
            &["CHI HOI THON TAY", "", "", ""],
            &["Chi hội thôn Tây", "", "Chi hội thôn Đông", ""],
        ]);
        let reading = read(&rows).expect("reads");
        let found: Vec<(usize, &str, CellProblem, Option<usize>)> = reading
            .problems
            .iter()
            .map(|p| (p.row, p.column.as_str(), p.problem, p.other_row))
            .collect();
        assert_eq!(
            found,
            [
                (2, "A", CellProblem::Missing, None),
                (3, "B", CellProblem::NotAKind, None),
                (3, "D", CellProblem::NotAnAreaCode, None),
                (5, "A", CellProblem::NameRepeated, Some(4)),
            ]
        );
        let good: Vec<usize> = reading.rows.iter().map(|r| r.row).collect();
        assert_eq!(
            good,
            [4, 6],
            "the same name under another parent is another chapter"
        );
        assert_eq!(reading.parent_column.as_deref(), Some("C"));
        assert_eq!(reading.problems[1].error.field, "kind");
    }

    #[test]
    fn a_file_without_names_is_refused_and_a_row_reads_back_from_its_cells() {
        assert_eq!(
            read(&grid(&[&["Loại", "Mã địa bàn"], &["Chi hội", "1"]])),
            Err(SheetRefused::NoHeader {
                missing: vec!["Tên tổ chức"]
            })
        );
        let chapter = Organization {
            name: "Chi hội thôn Giang Cao".into(),
            kind: Some(OrganizationKind::Clan),
            parent: Some("Chi hội xã".into()),
            area_code: Some("10012".into()),
        };
        let header: Vec<Cell> = Column::ALL
            .iter()
            .map(|c| Cell::Text(c.header().into()))
            .collect();
        let reading = read(&[header, chapter.cells()]).expect("reads");
        assert_eq!(reading.rows[0].organization, chapter);
    }
}
