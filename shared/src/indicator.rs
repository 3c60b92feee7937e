//! The plan's own indicators (Plan 52/KH-UBND, section II.2.1): literacy, universal education,
//! the people's skills and training, officials' digital skills. Each is data (a name, what it
//! counts, a target, a deadline, the level it is measured at); a commune or ward (or the city,
//! for the city's own) reports a value each year with its source, and the city's value is the
//! sum of its communes'. The plan counts by district, a tier that no longer exists since
//! 1 July 2025: here every local indicator is measured per commune or ward and rolled up.
//! Pure, for server and browser alike.

use crate::{
    OrganizationKind,
    error::{ValidationError, ValidationReason},
    text::required_line,
};

coded_enum! {
    /// What an indicator counts.
    pub enum IndicatorMeasure {
        /// People: how many meet it out of how many it concerns (e.g. the literate among
        /// those aged 15–60). Rolled up by adding both.
        People => "PEOPLE",
        /// A standard a locality meets or not (e.g. universal lower-secondary education at
        /// level 3): each reports 1 of 1 or 0 of 1, so the city's value is the share of its
        /// communes that meet it.
        Localities => "LOCALITIES",
    }
}

impl IndicatorMeasure {
    /// Its name in Vietnamese, as forms write it.
    pub const fn vietnamese_name(self) -> &'static str {
        match self {
            Self::People => "Số người",
            Self::Localities => "Địa phương đạt chuẩn",
        }
    }
}

/// The longest code, group name, name and source of an indicator.
pub const CODE_MAX_CHARS: usize = 20;
pub const GROUP_MAX_CHARS: usize = 200;
pub const NAME_MAX_CHARS: usize = 300;
pub const SOURCE_MAX_CHARS: usize = 300;

/// The most people a value may count: more than the country has is a typo.
pub const MAX_PEOPLE: i64 = 200_000_000;

/// One of the plan's indicators.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Indicator {
    /// Its place in the plan, e.g. `2.1.a.2`: unique, and the order they are shown in.
    pub code: String,
    /// The plan's heading it sits under.
    pub group: String,
    pub name: String,
    pub measure: IndicatorMeasure,
    /// The share to reach, per thousand (99.5% is 995).
    pub target_per_mille: u16,
    /// The year it is to be reached by.
    pub deadline: i32,
    /// Where it is measured: `Commune` (each commune or ward reports, the city adds up) or
    /// `City` (the city reports its own, e.g. its officials).
    pub level: OrganizationKind,
}

impl Indicator {
    /// Itself with its texts tidied, or the first field at fault.
    pub fn checked(mut self) -> Result<Self, ValidationError> {
        self.code = required_line("code", &self.code, CODE_MAX_CHARS)?;
        self.group = required_line("group", &self.group, GROUP_MAX_CHARS)?;
        self.name = required_line("name", &self.name, NAME_MAX_CHARS)?;
        if !(1..=1000).contains(&self.target_per_mille) {
            return Err(ValidationError::new(
                "targetPerMille",
                ValidationReason::Format {
                    expected: "a share per thousand from 1 to 1000".into(),
                },
            ));
        }
        if !(2020..=2035).contains(&self.deadline) {
            return Err(ValidationError::new(
                "deadline",
                ValidationReason::Format {
                    expected: "a year from 2020 to 2035".into(),
                },
            ));
        }
        if !matches!(
            self.level,
            OrganizationKind::City | OrganizationKind::Commune
        ) {
            return Err(ValidationError::new(
                "level",
                ValidationReason::Format {
                    expected: "CITY or COMMUNE".into(),
                },
            ));
        }
        Ok(self)
    }
}

/// A value as reported: how many meet the indicator out of how many it concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Value {
    pub numerator: i64,
    pub denominator: i64,
}

impl Value {
    /// `numerator` of `denominator` checked against what `measure` counts: people from 1 to
    /// [`MAX_PEOPLE`], no more meeting it than there are; a locality 1 of 1 (meets) or 0 of 1.
    pub fn checked(
        measure: IndicatorMeasure,
        numerator: i64,
        denominator: i64,
    ) -> Result<Self, ValidationError> {
        let max = match measure {
            IndicatorMeasure::People => MAX_PEOPLE,
            IndicatorMeasure::Localities => 1,
        };
        if !(1..=max).contains(&denominator) {
            let reason = if denominator < 1 {
                ValidationReason::TooSmall { min: "1".into() }
            } else {
                ValidationReason::TooLarge {
                    max: max.to_string(),
                }
            };
            return Err(ValidationError::new("denominator", reason));
        }
        if !(0..=denominator).contains(&numerator) {
            let reason = if numerator < 0 {
                ValidationReason::TooSmall { min: "0".into() }
            } else {
                ValidationReason::TooLarge {
                    max: denominator.to_string(),
                }
            };
            return Err(ValidationError::new("numerator", reason));
        }
        Ok(Self {
            numerator,
            denominator,
        })
    }

    /// Its share per thousand, rounded down.
    pub fn per_mille(self) -> u32 {
        if self.denominator <= 0 {
            return 0;
        }
        let share = i128::from(self.numerator.max(0)) * 1000 / i128::from(self.denominator);
        u32::try_from(share).unwrap_or(u32::MAX)
    }

    /// Whether it reaches `target_per_mille`: compared exactly, not on the rounded share.
    pub fn meets(self, target_per_mille: u16) -> bool {
        self.denominator > 0
            && i128::from(self.numerator) * 1000
                >= i128::from(target_per_mille) * i128::from(self.denominator)
    }
}

/// What orders codes as the plan numbers them: by their dotted parts, numbers as numbers
/// (`2.1.b.2` before `2.1.b.10`), letters as text.
pub fn code_order(code: &str) -> Vec<(u64, String)> {
    code.split('.')
        .map(|part| match part.parse::<u64>() {
            Ok(n) => (n, String::new()),
            Err(_) => (u64::MAX, part.to_owned()),
        })
        .collect()
}

/// The values of several localities added up: the city's from its communes'. None when none
/// reported.
pub fn rolled_up(values: impl IntoIterator<Item = Value>) -> Option<Value> {
    values.into_iter().fold(None, |sum, value| {
        let sum = sum.unwrap_or(Value {
            numerator: 0,
            denominator: 0,
        });
        Some(Value {
            numerator: sum.numerator.saturating_add(value.numerator),
            denominator: sum.denominator.saturating_add(value.denominator),
        })
    })
}

/// The indicators of Plan 52/KH-UBND (2024), section II.2.1, its targets for 2025: what a city
/// starts from, to edit as its own plan says. The plan's "every district" is read as every
/// commune or ward; where it gives a range (75–80%), the target is its lower end.
pub fn plan_52() -> Vec<Indicator> {
    use IndicatorMeasure::{Localities, People};
    use OrganizationKind::{City, Commune};
    let literacy = "Xóa mù chữ và phổ cập giáo dục";
    let skills = "Năng lực cơ bản và trình độ của người dân";
    let rows: [(&str, &str, &str, IndicatorMeasure, u16, OrganizationKind); 15] = [
        (
            "2.1.a.1",
            literacy,
            "Duy trì chuẩn xóa mù chữ mức độ 2",
            Localities,
            1000,
            Commune,
        ),
        (
            "2.1.a.2",
            literacy,
            "Người trong độ tuổi 15–60 biết chữ",
            People,
            995,
            Commune,
        ),
        (
            "2.1.a.3",
            literacy,
            "Người mới biết chữ tiếp tục học tập, không tái mù chữ",
            People,
            950,
            Commune,
        ),
        (
            "2.1.a.4",
            literacy,
            "Duy trì, nâng cao chất lượng phổ cập giáo dục mầm non cho trẻ em 5 tuổi",
            Localities,
            1000,
            Commune,
        ),
        (
            "2.1.a.5",
            literacy,
            "Duy trì chuẩn phổ cập giáo dục tiểu học mức độ 3",
            Localities,
            1000,
            Commune,
        ),
        (
            "2.1.a.6",
            literacy,
            "Đạt chuẩn phổ cập giáo dục trung học cơ sở mức độ 3",
            Localities,
            1000,
            Commune,
        ),
        (
            "2.1.b.1",
            skills,
            "Lao động được qua đào tạo",
            People,
            750,
            Commune,
        ),
        (
            "2.1.b.2",
            skills,
            "Lao động có bằng cấp, chứng chỉ",
            People,
            550,
            Commune,
        ),
        (
            "2.1.b.3",
            skills,
            "Người trong độ tuổi lao động được trang bị năng lực thông tin",
            People,
            500,
            Commune,
        ),
        (
            "2.1.b.4",
            skills,
            "Người trong độ tuổi lao động được trang bị kỹ năng sống",
            People,
            500,
            Commune,
        ),
        (
            "2.1.b.5",
            skills,
            "Dân số từ 15 tuổi trở lên được đào tạo trình độ chuyên môn kỹ thuật",
            People,
            500,
            Commune,
        ),
        (
            "2.1.b.6",
            skills,
            "Dân số có trình độ đại học trở lên",
            People,
            120,
            Commune,
        ),
        (
            "2.1.b.7",
            skills,
            "Cán bộ chuyên trách an toàn thông tin, công nghệ thông tin trong cơ quan nhà nước \
             được đào tạo về an toàn thông tin mạng",
            People,
            1000,
            City,
        ),
        (
            "2.1.b.8",
            skills,
            "Cán bộ, công chức, viên chức được bồi dưỡng kỹ năng số cơ bản",
            People,
            1000,
            City,
        ),
        (
            "2.1.b.9",
            skills,
            "Cán bộ, công chức, viên chức được bồi dưỡng kỹ năng phân tích, khai thác dữ liệu \
             và công nghệ số",
            People,
            500,
            City,
        ),
    ];
    rows.into_iter()
        .map(|(code, group, name, measure, target, level)| Indicator {
            code: code.into(),
            group: group.into(),
            name: name.into(),
            measure,
            target_per_mille: target,
            deadline: 2025,
            level,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(numerator: i64, denominator: i64) -> Value {
        Value {
            numerator,
            denominator,
        }
    }

    #[test]
    fn every_indicator_of_the_plan_is_valid_and_has_its_own_code() {
        let plan = plan_52();
        let mut codes: Vec<_> = plan.iter().map(|i| i.code.clone()).collect();
        codes.dedup();
        assert_eq!(codes.len(), plan.len());
        for indicator in plan {
            assert_eq!(indicator.clone().checked(), Ok(indicator));
        }
    }

    #[test]
    fn the_plan_is_measured_by_commune_and_city_never_by_district() {
        let levels: Vec<_> = plan_52().iter().map(|i| i.level).collect();
        assert!(
            levels
                .iter()
                .all(|l| matches!(l, OrganizationKind::Commune | OrganizationKind::City))
        );
        assert_eq!(
            levels
                .iter()
                .filter(|l| **l == OrganizationKind::City)
                .count(),
            3
        );
    }

    #[test]
    fn a_value_counts_no_more_than_it_concerns() {
        let people = IndicatorMeasure::People;
        assert_eq!(Value::checked(people, 995, 1000), Ok(value(995, 1000)));
        assert_eq!(
            Value::checked(people, 1001, 1000).unwrap_err().field,
            "numerator"
        );
        assert_eq!(
            Value::checked(people, -1, 1000).unwrap_err().field,
            "numerator"
        );
        assert_eq!(
            Value::checked(people, 0, 0).unwrap_err().field,
            "denominator"
        );
        assert_eq!(
            Value::checked(people, 0, MAX_PEOPLE + 1).unwrap_err().field,
            "denominator"
        );
    }

    #[test]
    fn a_locality_meets_a_standard_or_does_not() {
        let standard = IndicatorMeasure::Localities;
        assert_eq!(Value::checked(standard, 1, 1), Ok(value(1, 1)));
        assert_eq!(Value::checked(standard, 0, 1), Ok(value(0, 1)));
        assert_eq!(
            Value::checked(standard, 2, 2).unwrap_err().field,
            "denominator"
        );
    }

    #[test]
    fn a_share_is_per_thousand_and_a_target_is_compared_exactly() {
        assert_eq!(value(1989, 2000).per_mille(), 994);
        // 99.45% is below 99.5% though both show as 994‰ or 995‰ rounded.
        assert!(!value(1989, 2000).meets(995));
        assert!(value(199, 200).meets(995));
        assert!(value(0, 1).meets(0));
        assert!(!value(0, 0).meets(0), "nothing counted meets nothing");
        assert_eq!(value(0, 0).per_mille(), 0);
    }

    #[test]
    fn codes_are_ordered_as_the_plan_numbers_them() {
        let mut codes = ["2.1.b.10", "2.1.b.2", "2.2.a.1", "2.1.a.9"];
        codes.sort_by_key(|code| code_order(code));
        assert_eq!(codes, ["2.1.a.9", "2.1.b.2", "2.1.b.10", "2.2.a.1"]);
    }

    #[test]
    fn the_city_adds_up_its_communes() {
        assert_eq!(rolled_up([]), None);
        assert_eq!(
            rolled_up([value(1, 1), value(0, 1), value(1, 1)]),
            Some(value(2, 3))
        );
        assert_eq!(
            rolled_up([value(900, 1000), value(50, 100)]),
            Some(value(950, 1100))
        );
    }

    #[test]
    fn an_indicator_refuses_a_target_a_deadline_or_a_level_out_of_range() {
        let good = plan_52().remove(1);
        let field = |indicator: Indicator| indicator.checked().unwrap_err().field;
        assert_eq!(
            field(Indicator {
                target_per_mille: 0,
                ..good.clone()
            }),
            "targetPerMille"
        );
        assert_eq!(
            field(Indicator {
                target_per_mille: 1001,
                ..good.clone()
            }),
            "targetPerMille"
        );
        assert_eq!(
            field(Indicator {
                deadline: 2019,
                ..good.clone()
            }),
            "deadline"
        );
        assert_eq!(
            field(Indicator {
                level: OrganizationKind::Chapter,
                ..good.clone()
            }),
            "level"
        );
        assert_eq!(
            field(Indicator {
                name: "  ".into(),
                ..good
            }),
            "name"
        );
    }
}
