//! Programs: their kinds and statuses, rubrics, and the school-year cycle.

use crate::{
    error::{ValidationError, ValidationReason},
    score::{Points, ScoreStep},
};

coded_enum! {
    /// What a program rewards.
    pub enum ProgramKind {
        /// Học bổng: for learners in hardship.
        Scholarship => "SCHOLARSHIP",
        /// Khen thưởng học sinh giỏi.
        Excellence => "EXCELLENCE",
        /// Khuyến tài: for talents (olympiads, arts, sport).
        Talent => "TALENT",
        /// Học tập suốt đời: for adult and lifelong learners.
        LifelongLearning => "LIFELONG_LEARNING",
        /// Khen thưởng gia đình, dòng họ học tập: for learners of a family or clan recognised
        /// as a learning one; its eligibility asks for the recognition.
        LearningFamily => "LEARNING_FAMILY",
    }
}

coded_enum! {
    /// Where a program stands.
    pub enum ProgramStatus {
        /// Being set up; seen only by its staff.
        Draft => "DRAFT",
        /// Taking applications (within its window).
        Open => "OPEN",
        /// No longer taking applications; decisions and payouts go on.
        Closed => "CLOSED",
        /// Done; kept for the record.
        Archived => "ARCHIVED",
    }
}

impl ProgramStatus {
    /// The status a program moves to next (open, close, archive), if `to` follows `self`.
    pub fn can_move_to(self, to: Self) -> bool {
        matches!(
            (self, to),
            (Self::Draft, Self::Open) | (Self::Open, Self::Closed) | (Self::Closed, Self::Archived)
        )
    }
}

/// One criterion of a program's rubric: reviewers score it from 0 to `max_score`, by `step`
/// (whole points unless the rubric allows finer); the combined score weighs each criterion's
/// share of its maximum by `weight`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RubricCriterion {
    pub name: String,
    pub weight: u8,
    pub max_score: u16,
    /// Rubrics kept before steps existed score whole points.
    #[serde(default, skip_serializing_if = "ScoreStep::is_whole")]
    pub step: ScoreStep,
}

/// Checks a rubric: 1–10 criteria, each named (unique), weight 1–100, maximum 1–100.
pub fn validate_rubric(rubric: &[RubricCriterion]) -> Result<(), ValidationError> {
    tidy_rubric(rubric).map(|_| ())
}

/// The rubric as it is kept: checked as by [`validate_rubric`], each name tidied by
/// [`crate::text::required_line`] (and names compared once tidied).
pub fn tidy_rubric(rubric: &[RubricCriterion]) -> Result<Vec<RubricCriterion>, ValidationError> {
    let field = "rubric";
    if rubric.is_empty() || rubric.len() > 10 {
        return Err(ValidationError::new(
            field,
            ValidationReason::Length {
                expected: "1 to 10 criteria".into(),
            },
        ));
    }
    let mut tidied: Vec<RubricCriterion> = Vec::with_capacity(rubric.len());
    for (i, criterion) in rubric.iter().enumerate() {
        let name = crate::text::required_line(&format!("rubric.{i}.name"), &criterion.name, 120)?;
        if tidied.iter().any(|other| other.name == name) {
            return Err(ValidationError::new(
                format!("rubric.{i}.name"),
                ValidationReason::Format {
                    expected: "a name no other criterion has".into(),
                },
            ));
        }
        if !(1..=100).contains(&criterion.weight) {
            return Err(ValidationError::new(
                format!("rubric.{i}.weight"),
                ValidationReason::Format {
                    expected: "1 to 100".into(),
                },
            ));
        }
        if !(1..=100).contains(&criterion.max_score) {
            return Err(ValidationError::new(
                format!("rubric.{i}.maxScore"),
                ValidationReason::Format {
                    expected: "1 to 100".into(),
                },
            ));
        }
        tidied.push(RubricCriterion {
            name,
            ..criterion.clone()
        });
    }
    Ok(tidied)
}

/// The school year a day falls in: Vietnam's starts in September (the plan's reports and a
/// program's `cycle` count by it), so 5 December 2026 is in `2026-2027` and 5 May 2027 too.
pub fn cycle_of(day: chrono::NaiveDate) -> String {
    use chrono::Datelike as _;
    let start = if day.month() >= 9 {
        day.year()
    } else {
        day.year() - 1
    };
    format!("{start}-{}", start + 1)
}

/// A school-year cycle, `2026-2027`: two consecutive years.
pub fn parse_cycle(text: &str) -> Result<String, ValidationError> {
    let text = text.trim();
    let format = || {
        ValidationError::new(
            "cycle",
            ValidationReason::Format {
                expected: "a school year such as 2026-2027".into(),
            },
        )
    };
    let (first, second) = text.split_once('-').ok_or_else(format)?;
    let year = |y: &str| {
        (y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()))
            .then(|| y.parse::<u16>().ok())
            .flatten()
    };
    match (year(first), year(second)) {
        (Some(a), Some(b)) if b == a + 1 => Ok(text.to_owned()),
        _ => Err(format()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn criterion(name: &str, weight: u8, max_score: u16) -> RubricCriterion {
        RubricCriterion {
            name: name.into(),
            weight,
            max_score,
            step: ScoreStep::Whole,
        }
    }

    #[test]
    fn a_rubric_needs_named_distinct_bounded_criteria() {
        assert!(
            validate_rubric(&[
                criterion("Kết quả học tập", 60, 10),
                criterion("Hoàn cảnh", 40, 10)
            ])
            .is_ok()
        );
        assert_eq!(validate_rubric(&[]).unwrap_err().field, "rubric");
        assert_eq!(
            validate_rubric(&[criterion(" ", 1, 10)]).unwrap_err().field,
            "rubric.0.name"
        );
        assert_eq!(
            validate_rubric(&[criterion("A", 1, 10), criterion("A", 1, 10)])
                .unwrap_err()
                .field,
            "rubric.1.name"
        );
        assert_eq!(
            validate_rubric(&[criterion("A", 0, 10)]).unwrap_err().field,
            "rubric.0.weight"
        );
        assert_eq!(
            validate_rubric(&[criterion("A", 5, 0)]).unwrap_err().field,
            "rubric.0.maxScore"
        );
    }

    #[test]
    fn a_school_year_runs_from_september_to_august() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(cycle_of(day(2026, 12, 5)), "2026-2027");
        assert_eq!(cycle_of(day(2027, 8, 31)), "2026-2027");
        assert_eq!(cycle_of(day(2027, 9, 1)), "2027-2028");
    }

    #[test]
    fn a_cycle_is_two_consecutive_years() {
        assert_eq!(parse_cycle(" 2026-2027 ").unwrap(), "2026-2027");
        for bad in ["2026", "2026-2028", "2027-2026", "26-27", "abcd-efgh"] {
            assert!(parse_cycle(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn programs_move_forward_one_step_at_a_time() {
        use ProgramStatus as S;
        let allowed: Vec<(S, S)> = S::ALL
            .iter()
            .flat_map(|&a| S::ALL.iter().map(move |&b| (a, b)))
            .filter(|(a, b)| a.can_move_to(*b))
            .collect();
        assert_eq!(
            allowed,
            [
                (S::Draft, S::Open),
                (S::Open, S::Closed),
                (S::Closed, S::Archived)
            ]
        );
    }
}

coded_enum! {
    /// What a reviewer recommends.
    pub enum Recommendation {
        Approve => "APPROVE",
        Reject => "REJECT",
        /// No recommendation either way.
        Neutral => "NEUTRAL",
    }
}

coded_enum! {
    /// Where a reviewer's assignment to an application stands.
    pub enum ReviewStatus {
        /// Waiting for the reviewer's scores.
        Assigned => "ASSIGNED",
        /// Scored.
        Submitted => "SUBMITTED",
        /// The reviewer declared a conflict of interest and stepped aside.
        Conflict => "CONFLICT",
    }
}

coded_enum! {
    /// Where an approved application's award stands.
    pub enum AwardStatus {
        /// Its amount is set aside in the fund, waiting to be paid.
        Reserved => "RESERVED",
        /// Paid out to the learner.
        Paid => "PAID",
        /// The approval was undone; the reservation was voided.
        Cancelled => "CANCELLED",
    }
}

impl AwardStatus {
    /// Its name in Vietnamese, as lists and papers write it.
    pub const fn vietnamese_name(self) -> &'static str {
        match self {
            Self::Reserved => "Đã duyệt, chờ chi",
            Self::Paid => "Đã chi",
            Self::Cancelled => "Đã huỷ",
        }
    }
}

/// The combined score of one review, in hundredths of a percent (0–10 000): each criterion's
/// share of its maximum, weighted. Scores come in the rubric's order; each must be within
/// 0..=its maximum and a multiple of its step.
pub fn weighted_score(
    rubric: &[RubricCriterion],
    scores: &[Points],
) -> Result<u32, ValidationError> {
    if scores.len() != rubric.len() {
        return Err(ValidationError::new(
            "scores",
            ValidationReason::Length {
                expected: format!("one score per criterion ({})", rubric.len()),
            },
        ));
    }
    let mut weighted: u64 = 0;
    let mut weights: u64 = 0;
    for (i, (criterion, score)) in rubric.iter().zip(scores).enumerate() {
        if *score > Points::whole(criterion.max_score) {
            return Err(ValidationError::new(
                format!("scores.{i}"),
                ValidationReason::TooLarge {
                    max: criterion.max_score.to_string(),
                },
            ));
        }
        if !score.fits(criterion.step) {
            return Err(ValidationError::new(
                format!("scores.{i}"),
                ValidationReason::Format {
                    expected: format!("a multiple of {}", criterion.step.points()),
                },
            ));
        }
        // score / max × weight, kept exact by scaling before dividing once at the end.
        weighted += u64::from(score.hundredths()) * 100 * u64::from(criterion.weight)
            / u64::from(criterion.max_score.max(1));
        weights += u64::from(criterion.weight);
    }
    Ok(u32::try_from(weighted / weights.max(1)).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod score_tests {
    use super::*;

    #[test]
    fn a_review_scores_each_criterion_share_by_its_weight() {
        let rubric = [
            RubricCriterion {
                name: "Học tập".into(),
                weight: 60,
                max_score: 10,
                step: ScoreStep::Whole,
            },
            RubricCriterion {
                name: "Hoàn cảnh".into(),
                weight: 40,
                max_score: 20,
                step: ScoreStep::Whole,
            },
        ];
        let points = |scores: &[u16]| scores.iter().map(|s| Points::whole(*s)).collect::<Vec<_>>();
        // 8/10 × 60 + 10/20 × 40 = 48 + 20 = 68 % of the weights.
        assert_eq!(weighted_score(&rubric, &points(&[8, 10])).unwrap(), 6_800);
        assert_eq!(weighted_score(&rubric, &points(&[10, 20])).unwrap(), 10_000);
        assert_eq!(weighted_score(&rubric, &points(&[0, 0])).unwrap(), 0);
        assert_eq!(
            weighted_score(&rubric, &points(&[11, 0]))
                .unwrap_err()
                .field,
            "scores.0"
        );
        assert_eq!(
            weighted_score(&rubric, &points(&[1])).unwrap_err().field,
            "scores"
        );
    }

    #[test]
    fn a_rubric_that_allows_halves_takes_half_points_and_no_finer() {
        let rubric = [
            RubricCriterion {
                name: "Học tập".into(),
                weight: 60,
                max_score: 10,
                step: ScoreStep::Half,
            },
            RubricCriterion {
                name: "Hoàn cảnh".into(),
                weight: 40,
                max_score: 10,
                step: ScoreStep::Whole,
            },
        ];
        let half = |text| Points::parse("s", text).unwrap();
        // 8.5/10 × 60 + 9/10 × 40 = 51 + 36 = 87 %.
        assert_eq!(
            weighted_score(&rubric, &[half("8,5"), half("9")]).unwrap(),
            8_700
        );
        let too_fine = weighted_score(&rubric, &[half("8,25"), half("9")]).unwrap_err();
        assert_eq!(too_fine.field, "scores.0");
        let not_whole = weighted_score(&rubric, &[half("8"), half("9,5")]).unwrap_err();
        assert_eq!(
            not_whole.field, "scores.1",
            "the second criterion takes whole points"
        );
    }
}
