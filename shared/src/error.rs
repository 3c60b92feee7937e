//! The one validation error of the domain: which field was wrong and why.
//!
//! The reason is a closed enum rather than free text so that the browser can show it in the
//! user's language and the server can put a stable code on it.

use std::fmt;

/// Why a value was refused.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ValidationReason {
    /// Nothing was given where something is required.
    Empty,
    /// The value has the wrong number of characters.
    Length { expected: String },
    /// A character that does not belong (e.g. a letter in a number).
    InvalidCharacter,
    /// The value does not follow the expected layout.
    Format { expected: String },
    /// The value is below the smallest allowed.
    TooSmall { min: String },
    /// The value is above the largest allowed.
    TooLarge { max: String },
    /// The value is well formed but does not exist (e.g. an unknown province code).
    Unknown,
    /// An arithmetic result would not fit.
    Overflow,
}

/// A value refused by the domain's rules, naming the field it came from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("{field}: {reason}")]
pub struct ValidationError {
    /// The name of the field, as the API calls it (camelCase).
    pub field: String,
    pub reason: ValidationReason,
}

impl ValidationError {
    pub fn new(field: impl Into<String>, reason: ValidationReason) -> Self {
        Self {
            field: field.into(),
            reason,
        }
    }

    /// The same error, reported against another field name: parsers name a generic field
    /// (`phone`), callers rename it to where the value came from (`guardianPhone`).
    #[must_use]
    pub fn for_field(mut self, field: impl Into<String>) -> Self {
        self.field = field.into();
        self
    }
}

impl fmt::Display for ValidationReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("is required"),
            Self::Length { expected } => write!(f, "must be {expected} long"),
            Self::InvalidCharacter => f.write_str("contains a character that is not allowed"),
            Self::Format { expected } => write!(f, "must look like {expected}"),
            Self::TooSmall { min } => write!(f, "must be at least {min}"),
            Self::TooLarge { max } => write!(f, "must be at most {max}"),
            Self::Unknown => f.write_str("does not exist"),
            Self::Overflow => f.write_str("is too large to compute"),
        }
    }
}

/// The stable `extensions.code` of every error the API returns. Clients branch on these, so
/// a code is never renamed or reused for something else. In the schema (as the code of a
/// batch's failures, say) each is named exactly as its `extensions.code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
pub enum ErrorCode {
    /// The request body is not a GraphQL request (not JSON, no `query`, …).
    BadRequest,
    /// A JSON array of requests: batching is refused so that one HTTP request is one
    /// operation for limits, logs and rate limiting.
    BatchNotSupported,
    /// The query text does not parse.
    GraphqlParseFailed,
    /// The query does not fit the schema (unknown field, wrong argument…).
    GraphqlValidationFailed,
    /// The query nests deeper than the server allows.
    QueryTooDeep,
    /// The query would cost more than the server allows.
    QueryTooComplex,
    /// The request body is larger than the server accepts.
    PayloadTooLarge,
    /// The request body is not `application/json` (HTTP 415).
    UnsupportedMediaType,
    /// The request took longer than the server allows.
    Timeout,
    /// The database cannot be reached just now (a restart, a failover): nothing was applied
    /// that the answer does not say; retry, with the same idempotency key for money.
    Unavailable,
    Unauthenticated,
    /// Not yours to do. `extensions.refusal` names the duty when one stood in the way (no one
    /// pays an award they are tied to): see [`Refusal`].
    Forbidden,
    /// Too many failed sign-ins for this login or from this address; wait and retry.
    TooManyAttempts,
    NotFound,
    /// An input was refused by a domain rule; `extensions.field` names it.
    Validation,
    /// The request contradicts the current state (a duplicate, a stale version, a reused key).
    /// `extensions.refusal` names the limit when it is one the reader can act on (a full
    /// tier, a budget): see [`Refusal`].
    Conflict,
    InsufficientFunds,
    /// The state machine has no such move (e.g. approving a withdrawn application).
    IllegalTransition,
    /// The learner does not meet the program's rules; `extensions.reasons` lists why.
    NotEligible,
    /// The learner was already awarded this school year by a program of the same kind, and
    /// the program blocks such approvals; `extensions.refusal` names the other award.
    DuplicateFunding,
    /// The program is not taking submissions today (before or after its window, or closed).
    OutsideWindow,
    /// Another request with the same idempotency key is still being applied: its outcome is
    /// not known yet, so retry later with the same key.
    InProgress,
    /// Something failed on the server; `extensions.requestId` finds it in the logs.
    Internal,
}

impl ErrorCode {
    pub const ALL: [Self; 23] = [
        Self::BadRequest,
        Self::BatchNotSupported,
        Self::GraphqlParseFailed,
        Self::GraphqlValidationFailed,
        Self::QueryTooDeep,
        Self::QueryTooComplex,
        Self::PayloadTooLarge,
        Self::UnsupportedMediaType,
        Self::Timeout,
        Self::Unavailable,
        Self::Unauthenticated,
        Self::Forbidden,
        Self::TooManyAttempts,
        Self::NotFound,
        Self::Validation,
        Self::Conflict,
        Self::InsufficientFunds,
        Self::IllegalTransition,
        Self::NotEligible,
        Self::DuplicateFunding,
        Self::OutsideWindow,
        Self::InProgress,
        Self::Internal,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::BadRequest => "BAD_REQUEST",
            Self::BatchNotSupported => "BATCH_NOT_SUPPORTED",
            Self::GraphqlParseFailed => "GRAPHQL_PARSE_FAILED",
            Self::GraphqlValidationFailed => "GRAPHQL_VALIDATION_FAILED",
            Self::QueryTooDeep => "QUERY_TOO_DEEP",
            Self::QueryTooComplex => "QUERY_TOO_COMPLEX",
            Self::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            Self::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            Self::Timeout => "TIMEOUT",
            Self::Unavailable => "UNAVAILABLE",
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::Forbidden => "FORBIDDEN",
            Self::TooManyAttempts => "TOO_MANY_ATTEMPTS",
            Self::NotFound => "NOT_FOUND",
            Self::Validation => "VALIDATION",
            Self::Conflict => "CONFLICT",
            Self::InsufficientFunds => "INSUFFICIENT_FUNDS",
            Self::IllegalTransition => "ILLEGAL_TRANSITION",
            Self::NotEligible => "NOT_ELIGIBLE",
            Self::DuplicateFunding => "DUPLICATE_FUNDING",
            Self::OutsideWindow => "OUTSIDE_WINDOW",
            Self::InProgress => "IN_PROGRESS",
            Self::Internal => "INTERNAL",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == code)
    }
}

/// On the wire as its code (`"NOT_FOUND"`), as the schema's enum names it.
impl serde::Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&code)
            .ok_or_else(|| serde::de::Error::custom(format!("{code:?} is not an error code")))
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_validation_error_reads_as_field_then_reason() {
        let error = ValidationError::new(
            "amount",
            ValidationReason::TooSmall {
                min: "1 ₫".into()
            },
        );
        assert_eq!(error.to_string(), "amount: must be at least 1 ₫");
    }

    #[test]
    fn every_error_code_round_trips_and_is_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
            assert!(seen.insert(code.as_str()), "{code} twice");
        }
    }

    #[test]
    fn an_error_can_be_renamed_to_the_field_it_came_from() {
        let error =
            ValidationError::new("phone", ValidationReason::Empty).for_field("guardianPhone");
        assert_eq!(error.field, "guardianPhone");
    }
}

/// Why a request was refused, beyond its code (`CONFLICT` or `FORBIDDEN`): the limit or the
/// duty that stood in the way, with what the reader needs to know of it. Sent as
/// `extensions.refusal` (`{ "reason": "TIER_FULL", "tier": …, "quota": … }`) for the browser
/// to word in the reader's language; its `Display` is the API's English message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(
    tag = "reason",
    rename_all = "SCREAMING_SNAKE_CASE",
    rename_all_fields = "camelCase"
)]
pub enum Refusal {
    /// Every place of the tier is awarded (`CONFLICT`).
    TierFull { tier: String, quota: i32 },
    /// The award would take the program past its budget (`CONFLICT`).
    BudgetExceeded {
        budget: crate::Money,
        committed: crate::Money,
    },
    /// No one pays an award they are tied to; another keeper of the fund pays it
    /// (`FORBIDDEN`).
    OwnAward { tie: AwardTie },
    /// The learner already holds another award this school year from a program of the same
    /// kind, and the program blocks a second (`DUPLICATE_FUNDING`): which one, by whom, for how
    /// much. Nothing else of the other learner's record is said.
    DuplicateFunding {
        organization: String,
        program: String,
        amount: crate::Money,
        #[serde(rename = "match")]
        matched: crate::DuplicateMatch,
    },
}

/// How a person is tied to an award they may therefore not pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AwardTie {
    /// They approved it.
    Approved,
    /// They applied for it.
    Applied,
    /// They manage the learner it goes to.
    ManagesLearner,
}

impl Refusal {
    /// The error code it is sent with.
    pub const fn code(&self) -> ErrorCode {
        match self {
            Self::TierFull { .. } | Self::BudgetExceeded { .. } => ErrorCode::Conflict,
            Self::OwnAward { .. } => ErrorCode::Forbidden,
            Self::DuplicateFunding { .. } => ErrorCode::DuplicateFunding,
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TierFull { tier, quota } => write!(
                f,
                "the tier \"{tier}\" has no places left: all {quota} are awarded"
            ),
            Self::BudgetExceeded { budget, committed } => write!(
                f,
                "the program's budget of {budget} would be exceeded: {committed} is already awarded"
            ),
            Self::OwnAward { tie } => write!(
                f,
                "No one pays an award they approved, applied for, or that goes to a learner \
                 they manage (you {}): another treasurer pays it.",
                match tie {
                    AwardTie::Approved => "approved it",
                    AwardTie::Applied => "applied for it",
                    AwardTie::ManagesLearner => "manage the learner",
                }
            ),
            Self::DuplicateFunding {
                organization,
                program,
                amount,
                ..
            } => write!(
                f,
                "the learner already has an award of {amount} this school year from \"{program}\" \
                 ({organization}), and this program funds a learner once"
            ),
        }
    }
}

#[cfg(test)]
mod refusal_tests {
    use super::*;

    #[test]
    fn a_refusal_travels_as_its_reason_and_its_figures() {
        let full = Refusal::TierFull {
            tier: "Học bổng".into(),
            quota: 5,
        };
        let sent = serde_json::to_value(&full).unwrap();
        assert_eq!(
            sent,
            serde_json::json!({ "reason": "TIER_FULL", "tier": "Học bổng", "quota": 5 })
        );
        assert_eq!(serde_json::from_value::<Refusal>(sent).unwrap(), full);
        let own = Refusal::OwnAward {
            tie: AwardTie::ManagesLearner,
        };
        assert_eq!(
            serde_json::to_value(&own).unwrap(),
            serde_json::json!({ "reason": "OWN_AWARD", "tie": "MANAGES_LEARNER" })
        );
        assert_eq!(own.code(), ErrorCode::Forbidden);
        let over = Refusal::BudgetExceeded {
            budget: crate::Money::from_dong(10_000_000),
            committed: crate::Money::from_dong(9_000_000),
        };
        assert_eq!(
            serde_json::to_value(&over).unwrap(),
            serde_json::json!({ "reason": "BUDGET_EXCEEDED", "budget": 10_000_000, "committed": 9_000_000 })
        );
        assert_eq!(over.code(), ErrorCode::Conflict);
    }
}
