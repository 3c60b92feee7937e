//! Learners from a spreadsheet: the columns of the template a chapter or commune fills in, its
//! header recognised with or without diacritics, in any order and in English too, and every row
//! checked by the rules of the learner form. Pure: the server reads the file into a grid of
//! [`Cell`]s and decides what each good row does (create, update, skip).

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::{
    Circumstance, EducationLevel, Gender, Gpa, PersonalId, PhoneNumber, ValidationError,
    ValidationReason,
    learner::{check_birth, check_personal_id, limits},
    sheet::{Cell, TemplateColumn, column_letter, date, find_header},
    text::{folded, optional_line, required_line},
};

/// The most rows one file may hold: a commune's learners, several times over.
pub const MAX_ROWS: usize = 20_000;

/// A column of the learners' template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    FullName,
    DateOfBirth,
    Gender,
    PersonalId,
    EducationLevel,
    School,
    ClassName,
    Circumstances,
    Gpa,
    Achievements,
    GuardianName,
    GuardianPhone,
}

impl Column {
    /// In the template's order.
    pub const ALL: [Self; 12] = [
        Self::FullName,
        Self::DateOfBirth,
        Self::Gender,
        Self::PersonalId,
        Self::EducationLevel,
        Self::School,
        Self::ClassName,
        Self::Circumstances,
        Self::Gpa,
        Self::Achievements,
        Self::GuardianName,
        Self::GuardianPhone,
    ];

    /// Its header in the template.
    pub const fn header(self) -> &'static str {
        match self {
            Self::FullName => "Họ và tên",
            Self::DateOfBirth => "Ngày sinh",
            Self::Gender => "Giới tính",
            Self::PersonalId => "Số định danh",
            Self::EducationLevel => "Cấp học",
            Self::School => "Trường",
            Self::ClassName => "Lớp",
            Self::Circumstances => "Hoàn cảnh",
            Self::Gpa => "Điểm trung bình",
            Self::Achievements => "Thành tích",
            Self::GuardianName => "Người giám hộ",
            Self::GuardianPhone => "Điện thoại người giám hộ",
        }
    }

    /// The field of the learner form it fills, as the API names it.
    pub const fn field(self) -> &'static str {
        match self {
            Self::FullName => "fullName",
            Self::DateOfBirth => "dateOfBirth",
            Self::Gender => "gender",
            Self::PersonalId => "personalId",
            Self::EducationLevel => "educationLevel",
            Self::School => "school",
            Self::ClassName => "className",
            Self::Circumstances => "circumstances",
            Self::Gpa => "gpa",
            Self::Achievements => "achievements",
            Self::GuardianName => "guardianName",
            Self::GuardianPhone => "guardianPhone",
        }
    }

    /// Whether a file without it is refused.
    pub const fn required(self) -> bool {
        matches!(
            self,
            Self::FullName | Self::DateOfBirth | Self::Gender | Self::EducationLevel
        )
    }

    /// The headers it is known by besides the template's, folded (no diacritics, case or
    /// punctuation): what people write in their own sheets.
    const fn other_names(self) -> &'static [&'static str] {
        match self {
            Self::FullName => &["ho ten", "ten", "full name", "name"],
            Self::DateOfBirth => &["ngay thang nam sinh", "date of birth", "birth date"],
            Self::Gender => &["gioi", "gender", "sex"],
            Self::PersonalId => &[
                "so dinh danh ca nhan",
                "ma dinh danh",
                "so cccd",
                "cccd",
                "personal id",
            ],
            Self::EducationLevel => &["cap", "education level", "level"],
            Self::School => &["truong hoc", "school"],
            Self::ClassName => &["class"],
            Self::Circumstances => &["hoan canh gia dinh", "circumstances"],
            Self::Gpa => &["diem tb", "diem", "gpa"],
            Self::Achievements => &["achievements"],
            Self::GuardianName => &["phu huynh", "ho ten phu huynh", "guardian"],
            Self::GuardianPhone => &[
                "dien thoai",
                "so dien thoai",
                "sdt",
                "sdt phu huynh",
                "guardian phone",
                "phone",
            ],
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
        Self::required(self)
    }
}

/// A learner as a good row gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct Learner {
    pub full_name: String,
    pub date_of_birth: NaiveDate,
    pub gender: Gender,
    pub personal_id: Option<PersonalId>,
    pub education_level: EducationLevel,
    pub school: Option<String>,
    pub class_name: Option<String>,
    pub circumstances: Vec<Circumstance>,
    pub gpa: Option<Gpa>,
    pub achievements: Option<String>,
    pub guardian_name: Option<String>,
    pub guardian_phone: Option<PhoneNumber>,
}

impl Learner {
    /// The learner as a row of the template, in its columns' order: what an export of
    /// learners writes, and what [`read`] reads back as the same learner.
    pub fn cells(&self) -> Vec<Cell> {
        let text = |value: Option<&str>| match value {
            Some(text) if !text.is_empty() => Cell::Text(text.to_owned()),
            _ => Cell::Empty,
        };
        Column::ALL
            .into_iter()
            .map(|column| match column {
                Column::FullName => Cell::Text(self.full_name.clone()),
                Column::DateOfBirth => Cell::Date(self.date_of_birth),
                Column::Gender => Cell::Text(self.gender.vietnamese_name().to_owned()),
                Column::PersonalId => text(self.personal_id.as_ref().map(PersonalId::as_str)),
                Column::EducationLevel => {
                    Cell::Text(self.education_level.vietnamese_name().to_owned())
                }
                Column::School => text(self.school.as_deref()),
                Column::ClassName => text(self.class_name.as_deref()),
                Column::Circumstances => {
                    let names: Vec<&str> = self
                        .circumstances
                        .iter()
                        .map(|c| c.vietnamese_name())
                        .collect();
                    text(Some(&names.join(", ")))
                }
                Column::Gpa => text(self.gpa.map(|gpa| gpa.to_string()).as_deref()),
                Column::Achievements => text(self.achievements.as_deref()),
                Column::GuardianName => text(self.guardian_name.as_deref()),
                Column::GuardianPhone => {
                    text(self.guardian_phone.as_ref().map(PhoneNumber::as_str))
                }
            })
            .collect()
    }
}

/// A good row: its number in the sheet (from 1) and its learner.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub row: usize,
    pub learner: Learner,
}

pub use crate::sheet::{CellProblem, ImportAction, Problem, SheetRefused};

impl Problem {
    /// A row whose personal id is a learner the organisation may not change by an import
    /// (`column` is the personal id's letter, where known).
    pub fn personal_id_taken(row: usize, column: String) -> Self {
        Self {
            row,
            column,
            header: Column::PersonalId.header(),
            problem: CellProblem::PersonalIdTaken,
            other_row: None,
            error: ValidationError::new(
                Column::PersonalId.field(),
                ValidationReason::Format {
                    expected: "a personal id not on a family's or another organisation's \
                               record (ask them to add you as a manager of that learner)"
                        .into(),
                },
            ),
        }
    }
}

/// What the reader's own errors expect, by which [`CellProblem`] they are.
const EXPECTED_DATE: &str = "a date, dd/mm/yyyy";
const EXPECTED_BIRTH_YEAR: &str = crate::learner::PERSONAL_ID_YEAR;
const EXPECTED_NEW_ID: &str = "a personal id not already given on an earlier row";

/// Why `error` refuses a cell of `column`.
fn problem_of(column: Column, error: &ValidationError) -> CellProblem {
    use CellProblem as P;
    let expected = match &error.reason {
        ValidationReason::Empty => return P::Missing,
        ValidationReason::Format { expected } => expected.as_str(),
        _ => "",
    };
    match column {
        Column::FullName
        | Column::School
        | Column::ClassName
        | Column::Achievements
        | Column::GuardianName => match error.reason {
            ValidationReason::InvalidCharacter => P::NotText,
            _ => P::TooLong,
        },
        Column::DateOfBirth if expected == EXPECTED_DATE => P::NotADate,
        Column::DateOfBirth => P::BirthOutOfRange,
        Column::Gender => P::NotAGender,
        Column::EducationLevel => P::NotALevel,
        Column::Circumstances => P::NotACircumstance,
        Column::PersonalId if expected == EXPECTED_BIRTH_YEAR => P::PersonalIdYear,
        Column::PersonalId if expected == EXPECTED_NEW_ID => P::PersonalIdRepeated,
        Column::PersonalId => P::NotAPersonalId,
        Column::Gpa => P::NotAGpa,
        Column::GuardianPhone => P::NotAPhone,
    }
}

/// What a file gives: its good rows and the problems of its bad ones (a bad row's every
/// problem; it gives no learner).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reading {
    pub rows: Vec<Row>,
    pub problems: Vec<Problem>,
    /// The personal id's column letter, when the file has one.
    pub personal_id_column: Option<String>,
}

/// Reads the learners of `rows` (a sheet's cells, row 1 first), checking each as the form does
/// on `today`. Blank rows are passed over.
pub fn read(rows: &[Vec<Cell>], today: NaiveDate) -> Result<Reading, SheetRefused> {
    let (header_at, columns) = find_header::<Column>(rows)?;
    let data = &rows[header_at + 1..];
    if data.len() > MAX_ROWS {
        return Err(SheetRefused::TooManyRows { max: MAX_ROWS });
    }
    let mut reading = Reading {
        personal_id_column: columns.get(&Column::PersonalId).map(|&i| column_letter(i)),
        ..Reading::default()
    };
    // A personal id given twice in the file: the second row is refused, naming the first.
    let mut first_with: HashMap<String, usize> = HashMap::new();
    for (offset, cells) in data.iter().enumerate() {
        if cells.iter().all(Cell::is_blank) {
            continue;
        }
        let row = header_at + offset + 2;
        let at = |column: Column| {
            columns
                .get(&column)
                .and_then(|&index| cells.get(index))
                .cloned()
                .unwrap_or(Cell::Empty)
        };
        let mut problems = Vec::new();
        let mut repeated_from = None;
        let mut check = |column: Column, result: Result<(), ValidationError>| {
            if let Err(error) = result {
                let problem = problem_of(column, &error);
                problems.push(Problem {
                    row,
                    column: columns
                        .get(&column)
                        .map_or_else(String::new, |&index| column_letter(index)),
                    header: column.header(),
                    problem,
                    other_row: None,
                    error: error.for_field(column.field()),
                });
            }
        };
        let mut learner = Learner {
            full_name: String::new(),
            date_of_birth: NaiveDate::MIN,
            gender: Gender::Other,
            personal_id: None,
            education_level: EducationLevel::Adult,
            school: None,
            class_name: None,
            circumstances: Vec::new(),
            gpa: None,
            achievements: None,
            guardian_name: None,
            guardian_phone: None,
        };
        check(
            Column::FullName,
            required_line("fullName", &at(Column::FullName).text(), limits::FULL_NAME)
                .map(|name| learner.full_name = name),
        );
        check(
            Column::DateOfBirth,
            born(&at(Column::DateOfBirth), today).map(|day| learner.date_of_birth = day),
        );
        check(
            Column::Gender,
            gender(&at(Column::Gender).text()).map(|g| learner.gender = g),
        );
        check(
            Column::EducationLevel,
            education_level(&at(Column::EducationLevel).text())
                .map(|level| learner.education_level = level),
        );
        let id_cell = digits_of(&at(Column::PersonalId), 12);
        if !id_cell.is_empty() {
            let parsed = PersonalId::parse(&id_cell).and_then(|id| {
                if learner.date_of_birth != NaiveDate::MIN {
                    check_personal_id(&id, learner.date_of_birth)?;
                }
                if let Some(&first) = first_with.get(id.as_str()) {
                    repeated_from = Some(first);
                    return Err(format_error(EXPECTED_NEW_ID));
                }
                Ok(id)
            });
            check(
                Column::PersonalId,
                parsed.map(|id| learner.personal_id = Some(id)),
            );
        }
        for (column, max, slot) in [
            (Column::School, limits::SCHOOL, &mut learner.school),
            (
                Column::ClassName,
                limits::CLASS_NAME,
                &mut learner.class_name,
            ),
            (
                Column::Achievements,
                limits::ACHIEVEMENTS,
                &mut learner.achievements,
            ),
            (
                Column::GuardianName,
                limits::GUARDIAN_NAME,
                &mut learner.guardian_name,
            ),
        ] {
            check(
                column,
                optional_line(column.field(), &at(column).text(), max).map(|text| *slot = text),
            );
        }
        check(
            Column::Circumstances,
            circumstances(&at(Column::Circumstances).text())
                .map(|found| learner.circumstances = found),
        );
        let gpa = at(Column::Gpa).text();
        if !gpa.is_empty() {
            check(
                Column::Gpa,
                Gpa::parse("gpa", &gpa).map(|g| learner.gpa = Some(g)),
            );
        }
        let phone = digits_of(&at(Column::GuardianPhone), 10);
        if !phone.is_empty() {
            check(
                Column::GuardianPhone,
                PhoneNumber::parse(&phone).map(|p| learner.guardian_phone = Some(p)),
            );
        }
        for problem in &mut problems {
            if problem.problem == CellProblem::PersonalIdRepeated {
                problem.other_row = repeated_from;
            }
        }
        if problems.is_empty() {
            if let Some(id) = &learner.personal_id {
                first_with.insert(id.as_str().to_owned(), row);
            }
            reading.rows.push(Row { row, learner });
        } else {
            reading.problems.extend(problems);
        }
    }
    Ok(reading)
}

fn format_error(expected: &str) -> ValidationError {
    ValidationError::new(
        "",
        ValidationReason::Format {
            expected: expected.into(),
        },
    )
}

/// A number a spreadsheet kept as a number, which drops its leading zeros (`1313000777` for
/// `001313000777`): written back with them, to `width` digits. Text as it is.
fn digits_of(cell: &Cell, width: usize) -> String {
    match cell {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a whole, positive number below 10^12"
        )]
        Cell::Number(number) if number.fract() == 0.0 && *number >= 0.0 && *number < 1e12 => {
            format!("{:0width$}", *number as u64)
        }
        _ => cell.text(),
    }
}

/// A date of birth: a date cell or `dd/mm/yyyy`, in the past 120 years.
fn born(cell: &Cell, today: NaiveDate) -> Result<NaiveDate, ValidationError> {
    if cell.is_blank() {
        return Err(ValidationError::new("", ValidationReason::Empty));
    }
    let day = date(cell).ok_or_else(|| format_error(EXPECTED_DATE))?;
    check_birth(day, today)?;
    Ok(day)
}

/// The value among `names` (folded) that `text` names, folded: its Vietnamese names, English
/// ones and its code.
fn one_of<T: Copy>(
    text: &str,
    names: &[(T, &[&str])],
    expected: &str,
) -> Result<T, ValidationError> {
    let key = folded(text).replace(['_', '-'], " ");
    if key.is_empty() {
        return Err(ValidationError::new("", ValidationReason::Empty));
    }
    names
        .iter()
        .find(|(_, known)| known.contains(&key.as_str()))
        .map(|(value, _)| *value)
        .ok_or_else(|| format_error(expected))
}

fn gender(text: &str) -> Result<Gender, ValidationError> {
    one_of(
        text,
        &[
            (Gender::Male, &["nam", "male", "m"]),
            (Gender::Female, &["nu", "female", "f"]),
            (Gender::Other, &["khac", "other"]),
        ],
        "Nam, Nữ or Khác",
    )
}

fn education_level(text: &str) -> Result<EducationLevel, ValidationError> {
    use EducationLevel as L;
    one_of(
        text,
        &[
            (L::Preschool, &["mam non", "preschool"]),
            (L::Primary, &["tieu hoc", "primary"]),
            (
                L::LowerSecondary,
                &["trung hoc co so", "thcs", "lower secondary"],
            ),
            (
                L::UpperSecondary,
                &["trung hoc pho thong", "thpt", "upper secondary"],
            ),
            (
                L::Vocational,
                &["giao duc nghe nghiep", "nghe", "trung cap", "vocational"],
            ),
            (
                L::University,
                &["dai hoc, cao dang", "dai hoc", "cao dang", "university"],
            ),
            (L::Adult, &["nguoi lon", "adult"]),
        ],
        "Mầm non, Tiểu học, THCS, THPT, Giáo dục nghề nghiệp, Đại học or Người lớn",
    )
}

/// Circumstances separated by `,` or `;`; none when blank.
fn circumstances(text: &str) -> Result<Vec<Circumstance>, ValidationError> {
    use Circumstance as C;
    let mut found = Vec::new();
    for part in text.split([',', ';']).filter(|p| !p.trim().is_empty()) {
        let circumstance = one_of(
            part,
            &[
                (C::Poor, &["ho ngheo", "ngheo", "poor"]),
                (C::NearPoor, &["ho can ngheo", "can ngheo", "near poor"]),
                (
                    C::PolicyFamily,
                    &["gia dinh chinh sach", "chinh sach", "policy family"],
                ),
                (C::Disability, &["khuyet tat", "disability"]),
                (C::Orphan, &["mo coi", "orphan"]),
                (C::EthnicMinority, &["dan toc thieu so", "ethnic minority"]),
            ],
            "Hộ nghèo, Hộ cận nghèo, Gia đình chính sách, Khuyết tật, Mồ côi or Dân tộc thiểu số",
        )?;
        if !found.contains(&circumstance) {
            found.push(circumstance);
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::testing::{grid, text};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default()
    }

    #[test]
    fn a_learner_written_as_a_template_row_is_read_back_as_the_same_learner() {
        let learner = Learner {
            full_name: "Đỗ Thị Hà".into(),
            date_of_birth: NaiveDate::from_ymd_opt(2011, 3, 4).unwrap_or_default(),
            gender: Gender::Female,
            personal_id: PersonalId::parse("001311000123").ok(),
            education_level: EducationLevel::University,
            school: Some("Trường THPT Việt Đức".into()),
            class_name: Some("10A1".into()),
            circumstances: vec![Circumstance::NearPoor, Circumstance::EthnicMinority],
            gpa: Gpa::parse("gpa", "8.75").ok(),
            achievements: Some("Giải Nhì Toán thành phố".into()),
            guardian_name: Some("Đỗ Văn Nam".into()),
            guardian_phone: PhoneNumber::parse("0912345678").ok(),
        };
        let header = Column::ALL
            .into_iter()
            .map(|c| Cell::Text(c.header().to_owned()))
            .collect();
        let reading = read(&[header, learner.cells()], today()).unwrap_or_default();
        assert_eq!(reading.problems, []);
        assert_eq!(reading.rows[0].learner, learner);
        for &level in EducationLevel::ALL {
            assert_eq!(education_level(level.vietnamese_name()), Ok(level));
        }
        for &each in Gender::ALL {
            assert_eq!(gender(each.vietnamese_name()), Ok(each));
        }
    }

    #[test]
    fn the_header_is_found_without_diacritics_in_any_order_below_a_title() {
        let rows = grid(&[
            &["DANH SÁCH HỌC SINH CHI HỘI"],
            &[],
            &[
                "STT",
                "GIOI TINH",
                "Ho va ten",
                "ngay sinh",
                "Cap hoc",
                "So dinh danh",
            ],
            &[
                "1",
                "Nữ",
                "Lê Thị Ngọc",
                "02/02/2013",
                "THCS",
                "001313000777",
            ],
        ]);
        let reading = read(&rows, today()).unwrap_or_default();
        assert_eq!(reading.problems, []);
        let ngoc = &reading.rows[0];
        assert_eq!(ngoc.row, 4, "the sheet's own row number");
        assert_eq!(ngoc.learner.full_name, "Lê Thị Ngọc");
        assert_eq!(ngoc.learner.gender, Gender::Female);
        assert_eq!(ngoc.learner.education_level, EducationLevel::LowerSecondary);
        assert_eq!(
            ngoc.learner.personal_id.as_ref().map(PersonalId::as_str),
            Some("001313000777")
        );
    }

    #[test]
    fn a_file_without_the_required_columns_names_them() {
        let rows = grid(&[&["Họ và tên", "Lớp"], &["An", "7A"]]);
        assert_eq!(
            read(&rows, today()),
            Err(SheetRefused::NoHeader {
                missing: vec!["Ngày sinh", "Giới tính", "Cấp học"]
            })
        );
        assert_eq!(read(&grid(&[&[""]]), today()), Err(SheetRefused::Empty));
    }

    #[test]
    fn every_problem_of_a_bad_row_is_named_by_row_column_and_field() {
        let rows = grid(&[
            &[
                "Họ và tên",
                "Ngày sinh",
                "Giới tính",
                "Cấp học",
                "Số định danh",
                "Điểm trung bình",
            ],
            &["", "31/02/2013", "Nam", "THCS", "", ""],
            &["Bình", "01/01/2013", "trai", "lớp 7", "001213000123", "11"],
            &["An", "01/01/2013", "Nam", "THCS", "001212000123", "8,5"],
        ]);
        let reading = read(&rows, today()).unwrap_or_default();
        let found: Vec<(usize, &str, &str, CellProblem)> = reading
            .problems
            .iter()
            .map(|p| (p.row, p.column.as_str(), p.error.field.as_str(), p.problem))
            .collect();
        assert_eq!(
            found,
            [
                (2, "A", "fullName", CellProblem::Missing),
                (2, "B", "dateOfBirth", CellProblem::NotADate),
                (3, "C", "gender", CellProblem::NotAGender),
                (3, "D", "educationLevel", CellProblem::NotALevel),
                (3, "F", "gpa", CellProblem::NotAGpa),
                (4, "E", "personalId", CellProblem::PersonalIdYear),
            ]
        );
        assert!(reading.rows.is_empty(), "a bad row gives no learner");
    }

    #[test]
    fn numbers_that_lost_their_leading_zeros_get_them_back_and_a_repeated_id_is_refused() {
        let rows = vec![
            grid(&[&[
                "Họ và tên",
                "Ngày sinh",
                "Giới tính",
                "Cấp học",
                "Số định danh",
                "SĐT phụ huynh",
            ]])
            .remove(0),
            vec![
                text("Ngọc"),
                Cell::Date(NaiveDate::from_ymd_opt(2013, 2, 2).unwrap_or_default()),
                text("nu"),
                text("Trung học cơ sở"),
                Cell::Number(1_313_000_777.0),
                Cell::Number(912_345_678.0),
            ],
            grid(&[&["Ngọc B", "02/02/2013", "Nữ", "THCS", "001313000777", ""]]).remove(0),
        ];
        let reading = read(&rows, today()).unwrap_or_default();
        assert_eq!(reading.rows.len(), 1);
        let learner = &reading.rows[0].learner;
        assert_eq!(
            learner.personal_id.as_ref().map(PersonalId::as_str),
            Some("001313000777")
        );
        assert_eq!(
            learner.guardian_phone.as_ref().map(PhoneNumber::as_str),
            Some("0912345678")
        );
        assert_eq!(reading.problems.len(), 1);
        assert_eq!(
            (reading.problems[0].row, reading.problems[0].column.as_str()),
            (3, "E")
        );
        assert_eq!(
            (reading.problems[0].problem, reading.problems[0].other_row),
            (CellProblem::PersonalIdRepeated, Some(2))
        );
    }

    #[test]
    fn circumstances_are_read_by_their_names() {
        assert_eq!(
            circumstances("Hộ cận nghèo; mồ côi, Hộ cận nghèo"),
            Ok(vec![Circumstance::NearPoor, Circumstance::Orphan])
        );
        assert!(circumstances("giàu").is_err());
        assert_eq!(circumstances(""), Ok(vec![]));
    }
}
