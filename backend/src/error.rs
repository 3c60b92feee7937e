//! The service layer's error. What a client sees of it is decided in `graphql::error`.

use sea_orm::DbErr;
use shared::{ErrorCode, ValidationError};

/// Everything a service can refuse or fail with. Each variant becomes exactly one
/// `extensions.code` (see [`Error::code`]).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `VALIDATION`: an input broke a domain rule; the message and `extensions.field` say which.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// `NOT_FOUND`: no such object (or none the caller may see).
    #[error("{entity} {id} was not found")]
    NotFound { entity: &'static str, id: String },
    /// `UNAUTHENTICATED`: no valid session, or a wrong login or password.
    #[error("{0}")]
    Unauthenticated(String),
    /// `FORBIDDEN`: signed in, but not allowed to do this.
    #[error("{0}")]
    Forbidden(String),
    /// `TOO_MANY_ATTEMPTS`: sign-ins are throttled for this login or address.
    #[error("too many failed sign-in attempts; try again in {retry_after_secs} seconds")]
    TooManyAttempts { retry_after_secs: u64 },
    /// `CONFLICT`: the request contradicts what is stored.
    #[error("{0}")]
    Conflict(String),
    /// `INSUFFICIENT_FUNDS`: the fund's available balance (posted − reserved) is too small.
    #[error("{fund} has {available} available, less than the {requested} asked for")]
    InsufficientFunds {
        fund: String,
        available: shared::Money,
        requested: shared::Money,
    },
    /// `ILLEGAL_TRANSITION`: the application's state machine has no such move.
    #[error(transparent)]
    IllegalTransition(#[from] shared::application::IllegalMove),
    /// `NOT_ELIGIBLE`: the learner does not meet the program's rules (each reason listed).
    #[error("the learner does not meet the program's rules: {}", reasons.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    NotEligible { reasons: Vec<shared::Ineligibility> },
    /// `OUTSIDE_WINDOW`: the program is not taking submissions now.
    #[error("{0}")]
    OutsideWindow(String),
    /// `IN_PROGRESS`: a request with the same idempotency key is still being applied.
    #[error("{0}")]
    InProgress(String),
    /// `INTERNAL`: the database failed. Logged in full; the client only learns that it happened.
    #[error("database error: {0}")]
    Database(#[from] DbErr),
    /// `INTERNAL`: anything else that should not happen (a corrupt row, an I/O failure).
    #[error("internal error: {0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Validation(_) => ErrorCode::Validation,
            Self::NotFound { .. } => ErrorCode::NotFound,
            Self::Unauthenticated(_) => ErrorCode::Unauthenticated,
            Self::Forbidden(_) => ErrorCode::Forbidden,
            Self::TooManyAttempts { .. } => ErrorCode::TooManyAttempts,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::InsufficientFunds { .. } => ErrorCode::InsufficientFunds,
            Self::IllegalTransition(_) => ErrorCode::IllegalTransition,
            Self::NotEligible { .. } => ErrorCode::NotEligible,
            Self::OutsideWindow(_) => ErrorCode::OutsideWindow,
            Self::InProgress(_) => ErrorCode::InProgress,
            Self::Database(_) | Self::Internal(_) => ErrorCode::Internal,
        }
    }
}

impl Error {
    /// Turns a unique-constraint violation into a `CONFLICT` saying `what`; anything else
    /// stays a database error. Checking first and inserting second still races; this is the
    /// answer the loser of the race gets.
    pub fn unique_violation_as_conflict(error: DbErr, what: impl Into<String>) -> Self {
        match error.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => Self::Conflict(what.into()),
            _ => Self::Database(error),
        }
    }
}
