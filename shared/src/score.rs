//! Points a reviewer gives on one rubric criterion, and the steps a criterion allows: whole
//! points by default, or halves, quarters or tenths where the rubric says so.
//!
//! Points are kept exactly, in hundredths (8.5 points are 850): never a float, so that 0.1 + 0.2
//! is 0.3 and two reviewers' equal scores are equal. On the wire and in the database they are
//! a JSON number (`8`, `8.5`); a number of whole points reads as it always did.

use std::fmt;

use crate::error::{ValidationError, ValidationReason};

coded_enum! {
    /// The finest score a rubric criterion takes.
    #[derive(Default)]
    pub enum ScoreStep {
        /// 0, 1, 2 … (the default).
        #[default]
        Whole => "WHOLE",
        /// 0; 0.5; 1 …
        Half => "HALF",
        /// 0; 0.25; 0.5 …
        Quarter => "QUARTER",
        /// 0; 0.1; 0.2 …
        Tenth => "TENTH",
    }
}

impl ScoreStep {
    /// The step in hundredths of a point.
    pub const fn hundredths(self) -> u32 {
        match self {
            Self::Whole => 100,
            Self::Half => 50,
            Self::Quarter => 25,
            Self::Tenth => 10,
        }
    }

    /// Whether this is the default step (whole points), which is not written out.
    pub fn is_whole(&self) -> bool {
        *self == Self::Whole
    }

    /// The step as points (`1`, `0.5`, `0.25`, `0.1`).
    pub const fn points(self) -> Points {
        Points(self.hundredths())
    }
}

/// Points on one criterion, exact to the hundredth.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(u32);

/// More points than any criterion gives (criteria go up to 100): what parsing refuses.
const MOST_HUNDREDTHS: u32 = 100_000;

impl Points {
    pub const ZERO: Self = Self(0);

    /// `whole` points.
    pub const fn whole(whole: u16) -> Self {
        Self(whole as u32 * 100)
    }

    pub const fn from_hundredths(hundredths: u32) -> Self {
        Self(hundredths)
    }

    pub const fn hundredths(self) -> u32 {
        self.0
    }

    /// Points written by a person: `8`, `8.5` or `8,5` (the Vietnamese decimal comma), with at
    /// most two decimals, not negative. Errors name `field`.
    pub fn parse(field: &str, text: &str) -> Result<Self, ValidationError> {
        let refused = || {
            ValidationError::new(
                field,
                ValidationReason::Format {
                    expected: "a number of points such as 8 or 8,5".into(),
                },
            )
        };
        crate::decimal::parse_hundredths(text)
            .filter(|h| *h <= MOST_HUNDREDTHS)
            .map(Self)
            .ok_or_else(refused)
    }

    /// Points sent as a JSON number: `None` unless it is finite, not negative, not absurd and
    /// exact to the hundredth (`8.5`, not `8.333`).
    pub fn from_f64(number: f64) -> Option<Self> {
        let hundredths = number * 100.0;
        let rounded = hundredths.round();
        if !number.is_finite()
            || number < 0.0
            || rounded > f64::from(MOST_HUNDREDTHS)
            || (hundredths - rounded).abs() > 1e-6
        {
            return None;
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some(Self(rounded as u32))
    }

    /// Whether these points are a multiple of `step`.
    pub fn fits(self, step: ScoreStep) -> bool {
        self.0.is_multiple_of(step.hundredths())
    }

    pub fn is_whole(self) -> bool {
        self.0.is_multiple_of(100)
    }
}

/// `8`, `8.5`, `8.25`: a point as decimal separator, no trailing zeros (a page writes it in
/// its reader's way).
impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::decimal::write_hundredths(f, self.0)
    }
}

impl serde::Serialize for Points {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.is_whole() {
            serializer.serialize_u32(self.0 / 100)
        } else {
            serializer.serialize_f64(f64::from(self.0) / 100.0)
        }
    }
}

impl<'de> serde::Deserialize<'de> for Points {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Points;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number of points, at most two decimals, not negative")
            }

            fn visit_u64<E: serde::de::Error>(self, whole: u64) -> Result<Points, E> {
                u32::try_from(whole)
                    .ok()
                    .and_then(|w| w.checked_mul(100))
                    .filter(|h| *h <= MOST_HUNDREDTHS)
                    .map(Points)
                    .ok_or_else(|| E::custom("too many points"))
            }

            fn visit_i64<E: serde::de::Error>(self, whole: i64) -> Result<Points, E> {
                u64::try_from(whole)
                    .map_err(|_| E::custom("negative points"))
                    .and_then(|whole| self.visit_u64(whole))
            }

            fn visit_f64<E: serde::de::Error>(self, number: f64) -> Result<Points, E> {
                Points::from_f64(number).ok_or_else(|| E::custom("not points to the hundredth"))
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Points, E> {
                Points::parse("points", text).map_err(|e| E::custom(e.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_written_with_a_comma_or_a_point_and_at_most_two_decimals() {
        assert_eq!(Points::parse("s", "8").unwrap(), Points::whole(8));
        assert_eq!(Points::parse("s", "8,5").unwrap().hundredths(), 850);
        assert_eq!(Points::parse("s", " 8.25 ").unwrap().hundredths(), 825);
        assert_eq!(Points::parse("s", "0,1").unwrap().hundredths(), 10);
        for bad in ["", "8.", ".5", "8.333", "-1", "8,5,1", "tám", "1e2", "2000"] {
            assert!(Points::parse("s", bad).is_err(), "{bad:?} is not points");
        }
    }

    #[test]
    fn points_read_from_json_numbers_exactly_and_write_whole_points_as_integers() {
        let read: Vec<Points> = serde_json::from_str("[8, 8.5, 0.1, 9.75]").unwrap();
        let hundredths: Vec<u32> = read.iter().map(|p| p.hundredths()).collect();
        assert_eq!(hundredths, [800, 850, 10, 975]);
        assert_eq!(serde_json::to_string(&read).unwrap(), "[8,8.5,0.1,9.75]");
        assert!(serde_json::from_str::<Points>("8.333").is_err());
        assert!(serde_json::from_str::<Points>("-1").is_err());
        assert_eq!(Points::from_hundredths(810).to_string(), "8.1");
        assert_eq!(Points::from_hundredths(805).to_string(), "8.05");
    }

    #[test]
    fn a_step_says_which_points_a_criterion_takes() {
        let half = Points::parse("s", "8,5").unwrap();
        assert!(half.fits(ScoreStep::Half) && half.fits(ScoreStep::Quarter));
        assert!(half.fits(ScoreStep::Tenth) && !half.fits(ScoreStep::Whole));
        assert!(Points::parse("s", "8,1").unwrap().fits(ScoreStep::Tenth));
        assert!(!Points::parse("s", "8,25").unwrap().fits(ScoreStep::Tenth));
    }
}
