//! Turning GraphQL `ID`s into database keys.

use async_graphql::ID;
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
