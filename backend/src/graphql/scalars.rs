//! Turning GraphQL arguments (ids, page sizes, cursors) into what services take.

use async_graphql::{ID, connection::CursorType};
use shared::{ValidationError, ValidationReason};

use crate::error::Error;

/// Reads an `ID` argument as a row id, naming the argument when it is not one.
pub fn parse_id(field: &str, id: &ID) -> Result<i64, Error> {
    id.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| {
        ValidationError::new(
            field,
            ValidationReason::Format {
                expected: "an id".into(),
            },
        )
        .into()
    })
}

/// Page size when `first` is not given.
pub const DEFAULT_PAGE_SIZE: i32 = 50;
/// Largest page a client may ask for.
pub const MAX_PAGE_SIZE: i32 = 100;

pub fn page_size(first: Option<i32>) -> Result<u64, Error> {
    let first = first.unwrap_or(DEFAULT_PAGE_SIZE);
    if first < 1 {
        return Err(
            ValidationError::new("first", ValidationReason::TooSmall { min: "1".into() }).into(),
        );
    }
    if first > MAX_PAGE_SIZE {
        return Err(ValidationError::new(
            "first",
            ValidationReason::TooLarge {
                max: MAX_PAGE_SIZE.to_string(),
            },
        )
        .into());
    }
    Ok(u64::try_from(first).unwrap_or(1))
}

pub fn decode_cursor(cursor: &str) -> Result<i64, Error> {
    i64::decode_cursor(cursor).map_err(|_| {
        ValidationError::new(
            "after",
            ValidationReason::Format {
                expected: "a cursor from a previous page".into(),
            },
        )
        .into()
    })
}
