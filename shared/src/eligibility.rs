//! Eligibility: a program's rules as data, and the one pure function that judges a learner
//! against them. The browser uses it to show which programs a learner qualifies for (and why
//! not, for the others); the server uses it to refuse an ineligible submission.

use std::fmt;

use crate::{
    ValidationError, ValidationReason,
    date::VnDate,
    learner::{Circumstance, EducationLevel, Gpa},
    society::RecognitionModel,
};

/// What a program asks of a learner. An empty list or a missing bound asks nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EligibilityRules {
    /// The learner studies at one of these levels.
    #[serde(default)]
    pub education_levels: Vec<EducationLevel>,
    /// The learner's latest GPA is at least this.
    #[serde(default)]
    pub min_gpa: Option<Gpa>,
    /// The household has at least one of these circumstances.
    #[serde(default)]
    pub circumstances: Vec<Circumstance>,
    /// The learner lives in one of these communes (organisation ids).
    #[serde(default)]
    pub commune_ids: Vec<i64>,
    /// The learner's age in whole years on the day of submission is within these bounds.
    #[serde(default)]
    pub min_age: Option<u8>,
    #[serde(default)]
    pub max_age: Option<u8>,
    /// The learner's household or clan is recognised as a learning one (a learning family,
    /// a learning clan) in the year of submission or the year before: one of these models.
    #[serde(default)]
    pub recognised_as: Vec<RecognitionModel>,
}

/// The models a program may ask a learner's family to be recognised under: the household's
/// and the clan's.
pub const FAMILY_MODELS: [RecognitionModel; 2] =
    [RecognitionModel::Household, RecognitionModel::Clan];

/// Checks the models a program asks for: only a household's or a clan's.
pub fn validate_recognised_as(models: &[RecognitionModel]) -> Result<(), ValidationError> {
    if models.iter().all(|model| FAMILY_MODELS.contains(model)) {
        return Ok(());
    }
    Err(ValidationError::new(
        "eligibility.recognisedAs",
        ValidationReason::Format {
            expected: "HOUSEHOLD or CLAN".into(),
        },
    ))
}

/// The facts about a learner that eligibility looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnerFacts {
    pub education_level: EducationLevel,
    pub gpa: Option<Gpa>,
    pub circumstances: Vec<Circumstance>,
    pub commune_id: Option<i64>,
    pub date_of_birth: VnDate,
    /// The models the learner's household and clan are recognised under, in the year of
    /// submission or the year before.
    pub recognised: Vec<RecognitionModel>,
}

/// One reason a learner does not qualify.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "code", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Ineligibility {
    EducationLevel { required: Vec<EducationLevel> },
    GpaMissing { min: Gpa },
    GpaTooLow { min: Gpa, actual: Gpa },
    Circumstance { required: Vec<Circumstance> },
    Commune,
    TooYoung { min_age: u8, age: i32 },
    TooOld { max_age: u8, age: i32 },
    NotRecognised { required: Vec<RecognitionModel> },
}

coded_enum! {
    /// Which rule a learner does not meet, for clients to choose their words by.
    pub enum IneligibilityCode {
        EducationLevel => "EDUCATION_LEVEL",
        GpaMissing => "GPA_MISSING",
        GpaTooLow => "GPA_TOO_LOW",
        Circumstance => "CIRCUMSTANCE",
        Commune => "COMMUNE",
        TooYoung => "TOO_YOUNG",
        TooOld => "TOO_OLD",
        NotRecognised => "NOT_RECOGNISED",
    }
}

impl Ineligibility {
    /// The rule it is about.
    pub const fn code(&self) -> IneligibilityCode {
        match self {
            Self::EducationLevel { .. } => IneligibilityCode::EducationLevel,
            Self::GpaMissing { .. } => IneligibilityCode::GpaMissing,
            Self::GpaTooLow { .. } => IneligibilityCode::GpaTooLow,
            Self::Circumstance { .. } => IneligibilityCode::Circumstance,
            Self::Commune => IneligibilityCode::Commune,
            Self::TooYoung { .. } => IneligibilityCode::TooYoung,
            Self::TooOld { .. } => IneligibilityCode::TooOld,
            Self::NotRecognised { .. } => IneligibilityCode::NotRecognised,
        }
    }
}

impl fmt::Display for Ineligibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |codes: Vec<&str>| codes.join(", ");
        match self {
            Self::EducationLevel { required } => write!(
                f,
                "the program is for learners at these levels: {}",
                list(required.iter().map(|l| l.code()).collect())
            ),
            Self::GpaMissing { min } => {
                write!(
                    f,
                    "the program needs a GPA of at least {min}, and none is recorded"
                )
            }
            Self::GpaTooLow { min, actual } => {
                write!(
                    f,
                    "the program needs a GPA of at least {min}; the learner's is {actual}"
                )
            }
            Self::Circumstance { required } => write!(
                f,
                "the program is for households with one of: {}",
                list(required.iter().map(|c| c.code()).collect())
            ),
            Self::Commune => write!(f, "the program is not open to learners of this commune"),
            Self::TooYoung { min_age, age } => {
                write!(
                    f,
                    "the program is for learners aged {min_age} or more; the learner is {age}"
                )
            }
            Self::TooOld { max_age, age } => {
                write!(
                    f,
                    "the program is for learners aged {max_age} or less; the learner is {age}"
                )
            }
            Self::NotRecognised { required } => write!(
                f,
                "the program is for learners of a family recognised this year or last as: {}",
                list(required.iter().map(|m| m.vietnamese_name()).collect())
            ),
        }
    }
}

/// Checks an age range as a program sets it: the youngest age at most the oldest.
pub fn validate_ages(min_age: Option<u8>, max_age: Option<u8>) -> Result<(), ValidationError> {
    match (min_age, max_age) {
        (Some(min), Some(max)) if min > max => Err(ValidationError::new(
            "eligibility.maxAge",
            ValidationReason::TooSmall {
                min: min.to_string(),
            },
        )),
        _ => Ok(()),
    }
}

/// Every reason `learner` does not meet `rules` on `on`; empty when they qualify.
pub fn check(rules: &EligibilityRules, learner: &LearnerFacts, on: VnDate) -> Vec<Ineligibility> {
    let mut reasons = Vec::new();
    if !rules.education_levels.is_empty()
        && !rules.education_levels.contains(&learner.education_level)
    {
        reasons.push(Ineligibility::EducationLevel {
            required: rules.education_levels.clone(),
        });
    }
    if let Some(min) = rules.min_gpa {
        match learner.gpa {
            None => reasons.push(Ineligibility::GpaMissing { min }),
            Some(actual) if actual < min => reasons.push(Ineligibility::GpaTooLow { min, actual }),
            Some(_) => {}
        }
    }
    if !rules.circumstances.is_empty()
        && !rules
            .circumstances
            .iter()
            .any(|c| learner.circumstances.contains(c))
    {
        reasons.push(Ineligibility::Circumstance {
            required: rules.circumstances.clone(),
        });
    }
    if !rules.commune_ids.is_empty()
        && !learner
            .commune_id
            .is_some_and(|commune| rules.commune_ids.contains(&commune))
    {
        reasons.push(Ineligibility::Commune);
    }
    let age = learner.date_of_birth.age_on(on);
    if let Some(min_age) = rules.min_age
        && age < i32::from(min_age)
    {
        reasons.push(Ineligibility::TooYoung { min_age, age });
    }
    if let Some(max_age) = rules.max_age
        && age > i32::from(max_age)
    {
        reasons.push(Ineligibility::TooOld { max_age, age });
    }
    if !rules.recognised_as.is_empty()
        && !rules
            .recognised_as
            .iter()
            .any(|model| learner.recognised.contains(model))
    {
        reasons.push(Ineligibility::NotRecognised {
            required: rules.recognised_as.clone(),
        });
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gpa(hundredths: u16) -> Gpa {
        Gpa::from_hundredths(hundredths).unwrap()
    }

    fn pupil() -> LearnerFacts {
        LearnerFacts {
            education_level: EducationLevel::LowerSecondary,
            gpa: Some(gpa(850)),
            circumstances: vec![Circumstance::NearPoor],
            commune_id: Some(7),
            date_of_birth: VnDate::from_ymd(2012, 9, 5).unwrap(),
            recognised: vec![RecognitionModel::Clan],
        }
    }

    fn on() -> VnDate {
        VnDate::from_ymd(2026, 9, 5).unwrap()
    }

    #[test]
    fn no_rules_means_everyone_qualifies() {
        assert!(check(&EligibilityRules::default(), &pupil(), on()).is_empty());
    }

    #[test]
    fn a_learner_meeting_every_rule_qualifies() {
        let rules = EligibilityRules {
            education_levels: vec![
                EducationLevel::LowerSecondary,
                EducationLevel::UpperSecondary,
            ],
            min_gpa: Some(gpa(800)),
            circumstances: vec![Circumstance::Poor, Circumstance::NearPoor],
            commune_ids: vec![7, 9],
            min_age: Some(11),
            max_age: Some(14),
            recognised_as: vec![RecognitionModel::Household, RecognitionModel::Clan],
        };
        assert!(check(&rules, &pupil(), on()).is_empty());
    }

    #[test]
    fn every_unmet_rule_is_a_reason() {
        let rules = EligibilityRules {
            education_levels: vec![EducationLevel::University],
            min_gpa: Some(gpa(900)),
            circumstances: vec![Circumstance::Poor],
            commune_ids: vec![9],
            min_age: Some(18),
            max_age: None,
            recognised_as: vec![RecognitionModel::Household],
        };
        let codes: Vec<&str> = check(&rules, &pupil(), on())
            .iter()
            .map(|reason| reason.code().code())
            .collect();
        assert_eq!(
            codes,
            [
                "EDUCATION_LEVEL",
                "GPA_TOO_LOW",
                "CIRCUMSTANCE",
                "COMMUNE",
                "TOO_YOUNG",
                "NOT_RECOGNISED"
            ]
        );
    }

    #[test]
    fn a_missing_gpa_or_commune_does_not_pass_a_rule_that_needs_one() {
        let rules = EligibilityRules {
            min_gpa: Some(gpa(500)),
            commune_ids: vec![7],
            ..Default::default()
        };
        let mut learner = pupil();
        learner.gpa = None;
        learner.commune_id = None;
        let codes: Vec<&str> = check(&rules, &learner, on())
            .iter()
            .map(|reason| reason.code().code())
            .collect();
        assert_eq!(codes, ["GPA_MISSING", "COMMUNE"]);
    }

    #[test]
    fn age_bounds_are_inclusive_and_turn_on_the_birthday() {
        let rules = EligibilityRules {
            max_age: Some(13),
            ..Default::default()
        };
        // 14 on 5 September 2026, 13 the day before.
        assert_eq!(check(&rules, &pupil(), on()).len(), 1);
        assert!(check(&rules, &pupil(), VnDate::from_ymd(2026, 9, 4).unwrap()).is_empty());
        let exactly = EligibilityRules {
            min_age: Some(14),
            max_age: Some(14),
            ..Default::default()
        };
        assert!(check(&exactly, &pupil(), on()).is_empty());
    }

    #[test]
    fn a_family_rule_asks_a_household_or_a_clan_recognised() {
        let rules = EligibilityRules {
            recognised_as: vec![RecognitionModel::Household],
            ..Default::default()
        };
        let mut learner = pupil();
        assert_eq!(
            check(&rules, &learner, on()),
            [Ineligibility::NotRecognised {
                required: vec![RecognitionModel::Household]
            }],
            "a clan recognised is not a household recognised"
        );
        learner.recognised.push(RecognitionModel::Household);
        assert!(check(&rules, &learner, on()).is_empty());
        assert_eq!(validate_recognised_as(&FAMILY_MODELS), Ok(()));
        assert_eq!(
            validate_recognised_as(&[RecognitionModel::Unit])
                .unwrap_err()
                .field,
            "eligibility.recognisedAs"
        );
    }

    #[test]
    fn rules_travel_as_json_and_unknown_rules_are_refused() {
        let rules: EligibilityRules =
            serde_json::from_str(r#"{"educationLevels":["PRIMARY"],"minGpa":800}"#).unwrap();
        assert_eq!(rules.min_gpa, Some(gpa(800)));
        assert!(serde_json::from_str::<EligibilityRules>(r#"{"maxIncome":5}"#).is_err());
    }

    #[test]
    fn an_age_range_is_refused_only_when_its_youngest_is_older_than_its_oldest() {
        assert!(validate_ages(Some(11), Some(14)).is_ok());
        assert!(validate_ages(Some(14), Some(14)).is_ok());
        assert!(validate_ages(None, Some(6)).is_ok());
        assert!(validate_ages(Some(18), None).is_ok());
        let refused = validate_ages(Some(15), Some(11)).unwrap_err();
        assert_eq!(refused.field, "eligibility.maxAge");
    }
}
