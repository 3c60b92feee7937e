//! The GraphQL layer's error, and the one place that decides what a client sees of a failure.

use async_graphql::ErrorExtensions;
use sea_orm::DbErr;
use shared::ValidationError;

use crate::error::Error;

/// What a resolver fails with: an error already in the form a client sees.
///
/// Deliberately not `Display`: async-graphql converts any `Display` error into a message
/// without a code, and a type that cannot take that path has to come from the conversions
/// below, which always set `extensions.code`. (`Clone` because async-graphql requires it.)
#[derive(Debug, Clone)]
pub struct ApiError(async_graphql::Error);

pub type ApiResult<T> = Result<T, ApiError>;

/// A service error as a GraphQL error, through the one mapping ([`Error::for_client`]):
/// internal failures reach the client as a bare `INTERNAL`; the HTTP layer adds the request
/// id.
impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        let shown = error.for_client();
        Self(
            async_graphql::Error::new(shown.message).extend_with(|_, extensions| {
                extensions.set("code", shown.code.as_str());
                if let Some(field) = &shown.field {
                    extensions.set("field", field.as_str());
                }
                // The limit or duty behind a refusal, for the browser to word.
                if let Error::Refused(refusal) = &error
                    && let Ok(json) = serde_json::to_value(refusal)
                    && let Ok(value) = async_graphql::Value::from_json(json)
                {
                    extensions.set("refusal", value);
                }
                if let Some(file) = &shown.file {
                    extensions.set("reason", file.reason);
                    if let Some(row) = file.row {
                        extensions.set("row", row);
                    }
                    if let Some(column) = &file.column {
                        extensions.set("column", column.as_str());
                    }
                }
                if let Error::NotEligible { reasons } = &error {
                    let reasons: Vec<async_graphql::Value> = reasons
                        .iter()
                        .map(|reason| {
                            let mut object = async_graphql::indexmap::IndexMap::new();
                            object.insert(async_graphql::Name::new("code"), reason.code().into());
                            object.insert(
                                async_graphql::Name::new("message"),
                                reason.to_string().into(),
                            );
                            async_graphql::Value::Object(object)
                        })
                        .collect();
                    extensions.set("reasons", reasons);
                }
            }),
        )
    }
}

impl From<ValidationError> for ApiError {
    fn from(error: ValidationError) -> Self {
        Error::from(error).into()
    }
}

impl From<DbErr> for ApiError {
    fn from(error: DbErr) -> Self {
        Error::from(error).into()
    }
}

/// Errors of the GraphQL engine itself (missing context data, a DataLoader's error, which is
/// already an `ApiError` inside) pass through as they are; the HTTP layer codes any without one.
impl From<async_graphql::Error> for ApiError {
    fn from(error: async_graphql::Error) -> Self {
        Self(error)
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(error: ApiError) -> Self {
        error.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::Value;
    use shared::ValidationReason;

    fn extension(error: &async_graphql::Error, name: &str) -> Option<Value> {
        error.extensions.as_ref().and_then(|e| e.get(name)).cloned()
    }

    #[test]
    fn every_error_code_is_named_in_the_schema_as_in_extensions() {
        for code in shared::ErrorCode::ALL {
            assert_eq!(
                async_graphql::resolver_utils::enum_value(code),
                Value::Enum(async_graphql::Name::new(code.as_str())),
            );
        }
    }

    #[test]
    fn a_validation_error_names_its_field_and_code() {
        let error = async_graphql::Error::from(ApiError::from(ValidationError::new(
            "amount",
            ValidationReason::Empty,
        )));
        assert_eq!(extension(&error, "code"), Some(Value::from("VALIDATION")));
        assert_eq!(extension(&error, "field"), Some(Value::from("amount")));
        assert_eq!(error.message, "amount: is required");
    }

    #[test]
    fn database_errors_never_reach_the_client_in_words() {
        let error = async_graphql::Error::from(ApiError::from(DbErr::Custom(
            "relation \"secret_table\" does not exist".into(),
        )));
        assert_eq!(extension(&error, "code"), Some(Value::from("INTERNAL")));
        assert!(!error.message.contains("secret_table"));
    }

    #[test]
    fn a_missing_object_is_not_found() {
        let error = async_graphql::Error::from(ApiError::from(Error::NotFound {
            entity: "Organization",
            id: "7".into(),
        }));
        assert_eq!(extension(&error, "code"), Some(Value::from("NOT_FOUND")));
    }
}
