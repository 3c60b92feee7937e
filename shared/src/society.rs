//! A learning society, measured (DESIGN.md §9, Plan 52/KH-UBND): the five models a household,
//! clan, community, unit or citizen is recognised under, the criteria a registration is scored
//! against (as data, versioned by the city association), the one function that scores it, and
//! the national targets a commune's progress is set against. Pure, for server and browser alike.

use std::collections::{HashMap, HashSet};

use crate::{
    error::{ValidationError, ValidationReason},
    text::{folded, required_line},
};

coded_enum! {
    /// What a registration asks to be recognised as.
    pub enum RecognitionModel {
        /// Gia đình học tập.
        Household => "HOUSEHOLD",
        /// Dòng họ học tập.
        Clan => "CLAN",
        /// Cộng đồng học tập: a village or a residential group.
        Community => "COMMUNITY",
        /// Đơn vị học tập: an agency, a school, an enterprise.
        Unit => "UNIT",
        /// Công dân học tập.
        Citizen => "CITIZEN",
    }
}

impl RecognitionModel {
    /// Its name in Vietnamese, as decisions and reports write it.
    pub const fn vietnamese_name(self) -> &'static str {
        match self {
            Self::Household => "Gia đình học tập",
            Self::Clan => "Dòng họ học tập",
            Self::Community => "Cộng đồng học tập",
            Self::Unit => "Đơn vị học tập",
            Self::Citizen => "Công dân học tập",
        }
    }
}

impl RecognitionModel {
    /// What its recognitions are counted against: households, clans, communities, units,
    /// and for citizens the adults.
    pub const fn population(self) -> Population {
        match self {
            Self::Household => Population::Households,
            Self::Clan => Population::Clans,
            Self::Community => Population::Communities,
            Self::Unit => Population::Units,
            Self::Citizen => Population::Adults,
        }
    }

    /// Whether a signed-in person may register for it themselves (their own household, or
    /// themselves as a citizen), not only the association's staff.
    pub const fn self_registered(self) -> bool {
        matches!(self, Self::Household | Self::Citizen)
    }
}

coded_enum! {
    /// Where a registration for a year stands.
    pub enum RegistrationStatus {
        /// Registered, not yet scored.
        Registered => "REGISTERED",
        /// Scored against the criteria: proposed for recognition when it passed.
        Assessed => "ASSESSED",
        /// Recognised by a decision.
        Recognised => "RECOGNISED",
        /// Recognised, then withdrawn with a reason.
        Withdrawn => "WITHDRAWN",
    }
}

impl RegistrationStatus {
    /// Its name in Vietnamese, as lists and reports write it.
    pub const fn vietnamese_name(self) -> &'static str {
        match self {
            Self::Registered => "Đã đăng ký",
            Self::Assessed => "Đã đánh giá",
            Self::Recognised => "Đã công nhận",
            Self::Withdrawn => "Đã thu hồi",
        }
    }
}

/// The longest name of a registered household, clan, community, unit or citizen, and of
/// its address.
pub const UNIT_NAME_MAX_CHARS: usize = 200;
pub const ADDRESS_MAX_CHARS: usize = 300;

/// What tells one registered household (clan, …) from another of the same organisation and
/// model: its name and address, folded (case, diacritics and spacing aside), on two lines (a
/// folded text has no line break, so no name and address run into another pair's).
pub fn unit_key(name: &str, address: Option<&str>) -> String {
    format!("{}\n{}", folded(name), folded(address.unwrap_or_default()))
}

coded_enum! {
    /// What a target is a share of: the denominators an organisation keeps each year.
    pub enum Population {
        Households => "HOUSEHOLDS",
        Clans => "CLANS",
        Communities => "COMMUNITIES",
        Units => "UNITS",
        /// Adults, for learning citizens.
        Adults => "ADULTS",
        /// Officials and public employees, for learning citizens.
        Officials => "OFFICIALS",
    }
}

impl Population {
    /// The national target, in percent recognised, for `year`: Decision 387/QĐ-TTg (2022) for
    /// households, clans, communities and units by 2025 (kept after it until a new one is
    /// set), Decision 677/QĐ-TTg for learning citizens (by 2025, then by 2030). None before
    /// the decisions' first year.
    pub const fn national_target(self, year: i32) -> Option<u8> {
        if year < 2022 {
            return None;
        }
        let later = year > 2025;
        Some(match self {
            Self::Households => 70,
            Self::Clans | Self::Communities => 65,
            Self::Units => 80,
            Self::Adults if later => 70,
            Self::Adults => 40,
            Self::Officials if later => 80,
            Self::Officials => 60,
        })
    }
}

/// One thing a registration is scored on, and the most it may get.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CriteriaItem {
    /// Unique within its set, e.g. `1.2`.
    pub code: String,
    pub text: String,
    pub points: u32,
}

/// Items scored together (e.g. "the children's learning").
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CriteriaGroup {
    pub name: String,
    pub items: Vec<CriteriaItem>,
}

/// A grade above passing (e.g. "Xuất sắc" from 95 points).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Level {
    pub name: String,
    pub min_total: u32,
}

/// The criteria of one model for one year, as the city association sets them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CriteriaSet {
    pub model: RecognitionModel,
    pub year: i32,
    pub groups: Vec<CriteriaGroup>,
    /// The total a registration needs to be recognised.
    pub pass_mark: u32,
    /// Grades above passing, lowest first.
    pub levels: Vec<Level>,
    /// A worked example to replace with the association's own, not criteria anyone decided.
    pub example: bool,
}

/// The most items and levels a set may have, the most points an item is worth, and the
/// longest texts it keeps.
pub const MAX_ITEMS: usize = 200;
pub const MAX_LEVELS: usize = 10;
pub const MAX_POINTS: u32 = 1_000;
pub const NAME_MAX_CHARS: usize = 200;
pub const CODE_MAX_CHARS: usize = 20;
pub const TEXT_MAX_CHARS: usize = 1_000;

/// Why a criteria set cannot be used.
fn set_error(field: &str, expected: &str) -> ValidationError {
    ValidationError::new(
        field,
        ValidationReason::Format {
            expected: expected.into(),
        },
    )
}

impl CriteriaSet {
    /// The most a registration can score (saturating: a set not [`checked`](Self::checked)
    /// may hold anything).
    pub fn total(&self) -> u32 {
        self.items()
            .fold(0, |total: u32, item| total.saturating_add(item.points))
    }

    fn items(&self) -> impl Iterator<Item = &CriteriaItem> {
        self.groups.iter().flat_map(|group| group.items.iter())
    }

    /// The set tidied (texts as lines, codes trimmed) if it can score anything: groups with
    /// items, names unique, each item worth 1 to [`MAX_POINTS`] points under a unique code of
    /// letters, digits and `.-_`, a pass mark from 1 to the total, levels rising from above
    /// it. The error names the field at fault.
    pub fn checked(mut self) -> Result<Self, ValidationError> {
        if self.groups.is_empty() || self.groups.iter().any(|g| g.items.is_empty()) {
            return Err(set_error("groups", "groups of at least one item each"));
        }
        if self.items().count() > MAX_ITEMS || self.levels.len() > MAX_LEVELS {
            return Err(set_error(
                "items",
                &format!("at most {MAX_ITEMS} items and {MAX_LEVELS} levels"),
            ));
        }
        let mut names = HashSet::new();
        for group in &mut self.groups {
            group.name = required_line("groups.name", &group.name, NAME_MAX_CHARS)?;
            if !names.insert(folded(&group.name)) {
                return Err(set_error(
                    "groups.name",
                    "a name for each group, unique in the set",
                ));
            }
        }
        let mut names = HashSet::new();
        for level in &mut self.levels {
            level.name = required_line("levels.name", &level.name, NAME_MAX_CHARS)?;
            if !names.insert(folded(&level.name)) {
                return Err(set_error(
                    "levels.name",
                    "a name for each level, unique in the set",
                ));
            }
        }
        let mut codes = HashSet::new();
        for item in self.groups.iter_mut().flat_map(|g| g.items.iter_mut()) {
            item.code = required_line("items.code", &item.code, CODE_MAX_CHARS)?;
            item.text = required_line("items.text", &item.text, TEXT_MAX_CHARS)?;
            let code_chars = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
            if !item.code.chars().all(code_chars) || !codes.insert(item.code.clone()) {
                return Err(set_error(
                    "items.code",
                    "a code of letters, digits and . - _ for each item, unique in the set",
                ));
            }
            if !(1..=MAX_POINTS).contains(&item.points) {
                return Err(set_error(
                    "items.points",
                    &format!("from 1 to {MAX_POINTS} points for each item"),
                ));
            }
        }
        let total = self.total();
        if !(1..=total).contains(&self.pass_mark) {
            return Err(set_error(
                "passMark",
                &format!("from 1 to the total, {total}"),
            ));
        }
        let mut floor = self.pass_mark;
        for level in &self.levels {
            if level.min_total <= floor || level.min_total > total {
                return Err(set_error(
                    "levels",
                    "levels above the pass mark, each higher than the one before, within the total",
                ));
            }
            floor = level.min_total;
        }
        Ok(self)
    }
}

/// Groups written as (name, [(code, text, points)]).
type ExampleGroups = &'static [(&'static str, &'static [(&'static str, &'static str, u32)])];

/// The example criteria of `model` for `year`: the published structure's groups (for
/// households, Decision 448/QĐ-KHVN's children's learning, adults' learning, learning
/// conditions and effect), 100 points, 70 to pass, 90 for "Xuất sắc"; marked an example, for
/// associations to replace with their own.
pub fn example(model: RecognitionModel, year: i32) -> CriteriaSet {
    let groups: ExampleGroups = match model {
        RecognitionModel::Household => &[
            (
                "Học tập của trẻ em",
                &[
                    ("1.1", "Trẻ em trong độ tuổi đi học đều được đến trường", 20),
                    (
                        "1.2",
                        "Trẻ em chăm ngoan, có kết quả học tập từ khá trở lên",
                        10,
                    ),
                ],
            ),
            (
                "Học tập của người lớn",
                &[
                    ("2.1", "Người lớn tham gia học tập thường xuyên", 20),
                    ("2.2", "Vận dụng kiến thức vào lao động, sản xuất", 10),
                ],
            ),
            (
                "Điều kiện học tập",
                &[
                    ("3.1", "Có góc học tập, sách báo, kết nối Internet", 10),
                    ("3.2", "Dành chi tiêu cho việc học của các thành viên", 10),
                ],
            ),
            (
                "Hiệu quả",
                &[
                    ("4.1", "Gia đình văn hoá, không vi phạm pháp luật", 10),
                    ("4.2", "Đời sống kinh tế ổn định, cải thiện", 10),
                ],
            ),
        ],
        RecognitionModel::Clan => &[
            (
                "Học tập của các gia đình trong dòng họ",
                &[
                    ("1.1", "Tỷ lệ gia đình được công nhận gia đình học tập", 25),
                    ("1.2", "Trẻ em trong độ tuổi đi học đều được đến trường", 15),
                ],
            ),
            (
                "Học tập của người lớn",
                &[("2.1", "Người lớn trong dòng họ học tập thường xuyên", 20)],
            ),
            (
                "Điều kiện học tập",
                &[("3.1", "Dòng họ có quỹ và quy ước khuyến học", 20)],
            ),
            (
                "Hiệu quả",
                &[("4.1", "Dòng họ đoàn kết, không có tệ nạn xã hội", 20)],
            ),
        ],
        RecognitionModel::Community => &[
            (
                "Phong trào học tập",
                &[("1.1", "Các hộ tham gia phong trào học tập", 25)],
            ),
            (
                "Điều kiện học tập",
                &[(
                    "2.1",
                    "Có nơi sinh hoạt văn hoá, tủ sách, điểm học tập cộng đồng",
                    25,
                )],
            ),
            (
                "Gia đình, dòng họ học tập",
                &[("3.1", "Tỷ lệ gia đình, dòng họ học tập được công nhận", 25)],
            ),
            (
                "Hiệu quả",
                &[("4.1", "An ninh trật tự, đời sống được cải thiện", 25)],
            ),
        ],
        RecognitionModel::Unit => &[
            (
                "Kế hoạch học tập",
                &[("1.1", "Có kế hoạch học tập, bồi dưỡng hằng năm", 20)],
            ),
            (
                "Cán bộ, người lao động học tập",
                &[("2.1", "Tỷ lệ người được học tập, bồi dưỡng trong năm", 30)],
            ),
            (
                "Điều kiện học tập",
                &[(
                    "3.1",
                    "Bố trí thời gian, kinh phí, thiết bị cho học tập",
                    20,
                )],
            ),
            (
                "Hiệu quả",
                &[("4.1", "Hoàn thành tốt nhiệm vụ, ứng dụng kiến thức mới", 30)],
            ),
        ],
        RecognitionModel::Citizen => &[
            (
                "Học tập thường xuyên",
                &[("1.1", "Tham gia học tập, bồi dưỡng trong năm", 40)],
            ),
            (
                "Kỹ năng số",
                &[(
                    "2.1",
                    "Sử dụng được dịch vụ công trực tuyến, kỹ năng số cơ bản",
                    20,
                )],
            ),
            (
                "Vận dụng",
                &[("3.1", "Vận dụng kiến thức vào công việc, cuộc sống", 20)],
            ),
            (
                "Tham gia cộng đồng",
                &[("4.1", "Tham gia các hoạt động khuyến học, cộng đồng", 20)],
            ),
        ],
    };
    CriteriaSet {
        model,
        year,
        groups: groups
            .iter()
            .map(|(name, items)| CriteriaGroup {
                name: (*name).to_owned(),
                items: items
                    .iter()
                    .map(|(code, text, points)| CriteriaItem {
                        code: (*code).to_owned(),
                        text: (*text).to_owned(),
                        points: *points,
                    })
                    .collect(),
            })
            .collect(),
        pass_mark: 70,
        levels: vec![Level {
            name: "Xuất sắc".into(),
            min_total: 90,
        }],
        example: true,
    }
}

/// What a registration scored against a set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub total: u32,
    /// Each group's total, in the set's order.
    pub by_group: Vec<u32>,
    pub passed: bool,
    /// The highest level reached, when it passed.
    pub level: Option<String>,
}

/// Scores `scores` (item code → points given) against `set`: every item scored, none above
/// its points, no code the set lacks. The total, each group's, whether it passes and its
/// level. The one rule server and browser both use.
pub fn assess(
    set: &CriteriaSet,
    scores: &HashMap<String, u32>,
) -> Result<Assessment, ValidationError> {
    let known: HashSet<&str> = set.items().map(|item| item.code.as_str()).collect();
    if let Some(code) = scores.keys().find(|code| !known.contains(code.as_str())) {
        return Err(ValidationError::new(
            format!("scores.{code}"),
            ValidationReason::Unknown,
        ));
    }
    let mut by_group = Vec::with_capacity(set.groups.len());
    for group in &set.groups {
        let mut sum = 0;
        for item in &group.items {
            let field = format!("scores.{}", item.code);
            let given = *scores
                .get(&item.code)
                .ok_or_else(|| ValidationError::new(field.clone(), ValidationReason::Empty))?;
            if given > item.points {
                return Err(ValidationError::new(
                    field,
                    ValidationReason::TooLarge {
                        max: item.points.to_string(),
                    },
                ));
            }
            sum = u32::saturating_add(sum, given);
        }
        by_group.push(sum);
    }
    let total = by_group
        .iter()
        .fold(0, |total: u32, sum| total.saturating_add(*sum));
    let passed = total >= set.pass_mark;
    let level = set
        .levels
        .iter()
        .rev()
        .find(|level| passed && total >= level.min_total)
        .map(|level| level.name.clone());
    Ok(Assessment {
        total,
        by_group,
        passed,
        level,
    })
}

/// How far an organisation is toward a target in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Recognised per thousand of the denominator (none without one).
    pub per_mille: Option<u32>,
    /// How many more recognitions the target needs (0 once met).
    pub gap: u64,
}

/// `recognised` out of `denominator` against `target` percent.
pub fn progress(recognised: u64, denominator: u64, target: u8) -> Progress {
    // In u128, where no product of two u64 overflows.
    let per_mille = (denominator > 0).then(|| {
        u32::try_from(u128::from(recognised) * 1000 / u128::from(denominator)).unwrap_or(u32::MAX)
    });
    // The smallest count that reaches the target: ⌈denominator × target ÷ 100⌉.
    let needed = u64::try_from((u128::from(denominator) * u128::from(target)).div_ceil(100))
        .unwrap_or(u64::MAX);
    Progress {
        per_mille,
        gap: needed.saturating_sub(recognised),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn household() -> CriteriaSet {
        let item = |code: &str, points| CriteriaItem {
            code: code.into(),
            text: format!("Tiêu chí {code}"),
            points,
        };
        CriteriaSet {
            model: RecognitionModel::Household,
            year: 2026,
            groups: vec![
                CriteriaGroup {
                    name: "Trẻ em trong độ tuổi đi học".into(),
                    items: vec![item("1.1", 20), item("1.2", 10)],
                },
                CriteriaGroup {
                    name: "Người lớn học tập".into(),
                    items: vec![item("2.1", 30)],
                },
                CriteriaGroup {
                    name: "Điều kiện và hiệu quả".into(),
                    items: vec![item("3.1", 25), item("3.2", 15)],
                },
            ],
            pass_mark: 80,
            levels: vec![Level {
                name: "Xuất sắc".into(),
                min_total: 95,
            }],
            example: true,
        }
    }

    fn scores(given: [u32; 5]) -> HashMap<String, u32> {
        ["1.1", "1.2", "2.1", "3.1", "3.2"]
            .into_iter()
            .map(str::to_owned)
            .zip(given)
            .collect()
    }

    #[test]
    fn a_registration_passes_at_the_mark_and_reaches_a_level_above_it() {
        let set = household().checked().expect("a set that scores");
        assert_eq!(set.total(), 100);
        for (given, total, passed, level) in [
            ([20, 10, 30, 25, 15], 100, true, Some("Xuất sắc")),
            ([20, 10, 30, 25, 10], 95, true, Some("Xuất sắc")),
            ([20, 10, 30, 20, 14], 94, true, None),
            ([20, 10, 25, 15, 10], 80, true, None),
            ([20, 10, 25, 15, 9], 79, false, None),
            ([0, 0, 0, 0, 0], 0, false, None),
        ] {
            let assessed = assess(&set, &scores(given)).expect("scored");
            assert_eq!(
                (assessed.total, assessed.passed, assessed.level.as_deref()),
                (total, passed, level),
                "{given:?}"
            );
        }
        let assessed = assess(&set, &scores([20, 5, 30, 25, 15])).expect("scored");
        assert_eq!(assessed.by_group, [25, 30, 40]);
    }

    #[test]
    fn a_score_above_an_item_a_missing_item_or_an_unknown_one_is_refused() {
        let set = household();
        let above = assess(&set, &scores([21, 10, 30, 25, 15])).unwrap_err();
        assert_eq!(
            (above.field.as_str(), above.reason.to_string()),
            ("scores.1.1", "must be at most 20".to_owned())
        );
        let mut missing = scores([20, 10, 30, 25, 15]);
        missing.remove("3.2");
        assert_eq!(
            assess(&set, &missing).unwrap_err(),
            ValidationError::new("scores.3.2", ValidationReason::Empty)
        );
        let mut unknown = scores([20, 10, 30, 25, 15]);
        unknown.insert("9.9".into(), 1);
        assert_eq!(
            assess(&set, &unknown).unwrap_err(),
            ValidationError::new("scores.9.9", ValidationReason::Unknown)
        );
    }

    #[test]
    fn a_set_that_cannot_score_is_refused_with_the_field_at_fault() {
        let refused = |change: fn(&mut CriteriaSet)| {
            let mut set = household();
            change(&mut set);
            set.checked().unwrap_err().field
        };
        assert_eq!(refused(|s| s.pass_mark = 101), "passMark");
        assert_eq!(refused(|s| s.pass_mark = 0), "passMark");
        assert_eq!(
            refused(|s| s.groups[0].items[0].points = 4_000_000_000),
            "items.points"
        );
        assert_eq!(
            refused(|s| s.groups[0].items[0].code = "1 1".into()),
            "items.code"
        );
        assert_eq!(
            refused(|s| s.groups[1].name = "trẻ em trong độ tuổi đi học".into()),
            "groups.name"
        );
        assert_eq!(refused(|s| s.groups[1].items.clear()), "groups");
        assert_eq!(
            refused(|s| s.groups[2].items[0].code = "1.1".into()),
            "items.code"
        );
        assert_eq!(refused(|s| s.groups[0].items[1].points = 0), "items.points");
        assert_eq!(refused(|s| s.levels[0].min_total = 80), "levels");
        assert_eq!(refused(|s| s.levels[0].min_total = 101), "levels");
        assert_eq!(refused(|s| s.groups[0].name = " ".into()), "groups.name");
        assert_eq!(
            refused(|s| s.groups[0].items[0].text = "x".repeat(1001)),
            "items.text"
        );
    }

    #[test]
    fn a_set_is_tidied_as_it_is_checked() {
        let mut set = household();
        set.groups[0].items[0].code = " 1.1 ".into();
        set.groups[0].items[0].text = "Trẻ em\t  đến trường".into();
        let tidy = set.checked().expect("checked");
        assert_eq!(tidy.groups[0].items[0].code, "1.1");
        assert_eq!(tidy.groups[0].items[0].text, "Trẻ em đến trường");
    }

    #[test]
    fn progress_is_a_share_of_the_denominator_and_the_gap_to_the_target() {
        for (recognised, denominator, target, per_mille, gap) in [
            (700, 1000, 70, Some(700), 0),
            (699, 1000, 70, Some(699), 1),
            (0, 3, 65, Some(0), 2),
            (3, 3, 65, Some(1000), 0),
            (5, 0, 80, None, 0),
            (u64::MAX, u64::MAX, 100, Some(1000), 0),
        ] {
            assert_eq!(
                progress(recognised, denominator, target),
                Progress { per_mille, gap },
                "{recognised}/{denominator} against {target}%"
            );
        }
    }

    #[test]
    fn every_models_example_set_scores_out_of_100() {
        for &model in RecognitionModel::ALL {
            let set = example(model, 2026);
            assert_eq!(
                set.clone().checked(),
                Ok(set.clone()),
                "{model}: already tidy"
            );
            assert_eq!((set.total(), set.example), (100, true), "{model}");
        }
    }

    #[test]
    fn a_unit_is_told_apart_by_its_name_and_address_as_written_any_way() {
        assert_eq!(
            unit_key("Hộ ông Nguyễn Văn An", Some("Xóm 2")),
            unit_key("  ho ong NGUYEN  van an ", Some("xom 2"))
        );
        assert_ne!(
            unit_key("Hộ ông Nguyễn Văn An", Some("Xóm 2")),
            unit_key("Hộ ông Nguyễn Văn An", Some("Xóm 3"))
        );
        assert_eq!(
            unit_key("Dòng họ Lê", None),
            unit_key("Dòng họ Lê", Some(""))
        );
        assert_ne!(unit_key("a|b", None), unit_key("a", Some("b|")));
        assert_ne!(unit_key("a b", None), unit_key("a", Some("b")));
    }

    #[test]
    fn national_targets_follow_the_two_decisions() {
        assert_eq!(Population::Households.national_target(2025), Some(70));
        assert_eq!(Population::Clans.national_target(2025), Some(65));
        assert_eq!(Population::Units.national_target(2030), Some(80));
        assert_eq!(Population::Adults.national_target(2025), Some(40));
        assert_eq!(Population::Adults.national_target(2030), Some(70));
        assert_eq!(Population::Officials.national_target(2024), Some(60));
        assert_eq!(Population::Officials.national_target(2027), Some(80));
        assert_eq!(Population::Households.national_target(2021), None);
    }
}
