//! The service layer's error, and what a client may see of it ([`Error::for_client`]): the one
//! mapping that the GraphQL API, the evidence endpoints and batch results all go through.

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
    /// `TOO_MANY_ATTEMPTS`: password attempts (signing in, changing the password) are
    /// throttled for this login or address.
    #[error("too many failed password attempts; try again in {retry_after_secs} seconds")]
    TooManyAttempts { retry_after_secs: u64 },
    /// `CONFLICT`: the request contradicts what is stored.
    #[error("{0}")]
    Conflict(String),
    /// `CONFLICT` or `FORBIDDEN` with the limit or duty that stood in the way, sent as
    /// `extensions.refusal` for the browser to word.
    #[error("{0}")]
    Refused(shared::Refusal),
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
    /// `UNAVAILABLE` when the database cannot be reached (connections dropped by a restart or
    /// a failover, none to be had from the pool: see [`is_unreachable`]), which a client may
    /// retry; `INTERNAL` otherwise. Logged in full; the client only learns that it happened.
    #[error("database error: {0}")]
    Database(#[from] DbErr),
    /// `VALIDATION` on `file`: a bank statement that can't be read, with `extensions.reason`
    /// (a stable code) and, where one cell is at fault, `extensions.row` and `.column`.
    #[error("{0}")]
    Statement(#[from] shared::bank_statement::ReadError),
    /// `VALIDATION` on `file`: a file to import refused as a whole (not a sheet, formulas,
    /// merged cells, no header), with `extensions.reason` (a stable code).
    #[error("{0}")]
    Sheet(#[from] crate::service::sheet::SheetError),
    /// `INTERNAL`: anything else that should not happen (a corrupt row, an I/O failure).
    #[error("internal error: {0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Validation(_) | Self::Statement(_) | Self::Sheet(_) => ErrorCode::Validation,
            Self::NotFound { .. } => ErrorCode::NotFound,
            Self::Unauthenticated(_) => ErrorCode::Unauthenticated,
            Self::Forbidden(_) => ErrorCode::Forbidden,
            Self::TooManyAttempts { .. } => ErrorCode::TooManyAttempts,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::Refused(refusal) => refusal.code(),
            Self::InsufficientFunds { .. } => ErrorCode::InsufficientFunds,
            Self::IllegalTransition(_) => ErrorCode::IllegalTransition,
            Self::NotEligible { .. } => ErrorCode::NotEligible,
            Self::OutsideWindow(_) => ErrorCode::OutsideWindow,
            Self::InProgress(_) => ErrorCode::InProgress,
            Self::Database(error) if is_unreachable(error) => ErrorCode::Unavailable,
            Self::Database(_) | Self::Internal(_) => ErrorCode::Internal,
        }
    }

    /// What a client is told of this error: its code, what it may read, and the field at
    /// fault. A failure inside the server is logged here in full (inside the request's span,
    /// so the line carries the request id) and told only that it happened.
    pub fn for_client(&self) -> ForClient {
        let code = self.code();
        match code {
            ErrorCode::Internal => tracing::error!(error = %self, "request failed"),
            ErrorCode::Unavailable => {
                tracing::warn!(error = %self, "request failed: the database is unreachable");
            }
            _ => {}
        }
        ForClient {
            code,
            message: self.public_message(),
            field: match self {
                Self::Validation(validation) => Some(validation.field.clone()),
                Self::Statement(_) | Self::Sheet(_) => Some("file".to_owned()),
                _ => None,
            },
            file: match self {
                Self::Statement(unread) => Some(FileRefusal {
                    reason: unread.code(),
                    row: unread.row(),
                    column: unread.column().map(str::to_owned),
                }),
                Self::Sheet(refused) => Some(FileRefusal {
                    reason: refused.code(),
                    row: None,
                    column: None,
                }),
                _ => None,
            },
        }
    }

    /// What a client may read of this error: everything, except of a failure inside the
    /// server, which only says that it happened.
    fn public_message(&self) -> String {
        match self.code() {
            ErrorCode::Unavailable => {
                "The server cannot reach its data just now; try again in a moment.".into()
            }
            ErrorCode::Internal => "Internal server error".into(),
            _ => self.to_string(),
        }
    }
}

/// An error as a client is told it: see [`Error::for_client`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForClient {
    pub code: ErrorCode,
    pub message: String,
    /// The input at fault, for `VALIDATION`.
    pub field: Option<String>,
    /// Why a file was refused (a stable code), and the cell at fault where there is one:
    /// `extensions.reason`, `.row` and `.column`.
    pub file: Option<FileRefusal>,
}

/// Why a file was refused, for [`ForClient`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRefusal {
    pub reason: &'static str,
    pub row: Option<usize>,
    pub column: Option<String>,
}

/// Whether a database error says the database could not be reached, rather than that it
/// refused the statement: the connection broke or could not be had, or PostgreSQL is
/// shutting down, starting up, or has lost the database. Such a request may simply be
/// retried (with the same idempotency key, if it moved money: a commit whose answer was lost
/// is then recognised, not applied twice).
pub fn is_unreachable(error: &DbErr) -> bool {
    use sea_orm::{RuntimeErr, sqlx};
    let sqlx_error = match error {
        DbErr::ConnectionAcquire(_) => return true,
        DbErr::Conn(RuntimeErr::SqlxError(error))
        | DbErr::Exec(RuntimeErr::SqlxError(error))
        | DbErr::Query(RuntimeErr::SqlxError(error)) => error,
        DbErr::Conn(_) => return true,
        _ => return false,
    };
    match sqlx_error.as_ref() {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(error) => error.code().is_some_and(|code| {
            // SQLSTATE class 08: connection exception; 57P01–57P03: the server is shutting
            // down, crashed, or not yet accepting connections; 3D000: the database is gone;
            // 53300: no connection slot is free.
            code.starts_with("08")
                || matches!(
                    code.as_ref(),
                    "57P01" | "57P02" | "57P03" | "3D000" | "53300"
                )
        }),
        _ => false,
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
