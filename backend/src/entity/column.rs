//! Column types that are not a single value or code: a document kept as JSON text, and a
//! set of codes kept comma-separated. Both are read and written here only, so the rest of the
//! server sees the typed value (a rubric, the household's circumstances), never the text.

use std::{fmt, str::FromStr};

use sea_orm::{
    ColIdx, DbErr, QueryResult, TryGetError, TryGetable, Value,
    sea_query::{ArrayType, ColumnType, Nullable, ValueType, ValueTypeErr, postgres_array::NotU8},
};
use serde::{Serialize, de::DeserializeOwned};

/// A value kept as text in one column: how it is written, and read back.
trait Text: Sized {
    /// `None` only if it cannot be written, which then reaches a NOT NULL column as NULL and
    /// is refused there.
    fn to_text(&self) -> Option<String>;
    fn from_text(text: &str) -> Result<Self, String>;
}

/// The sea-orm traits of a column type kept as [`Text`], for a generic wrapper `$name<T>`.
macro_rules! text_column {
    ($name:ident) => {
        impl<T> From<$name<T>> for Value
        where
            $name<T>: Text,
        {
            fn from(value: $name<T>) -> Self {
                Value::String(value.to_text())
            }
        }

        impl<T> TryGetable for $name<T>
        where
            $name<T>: Text,
        {
            fn try_get_by<I: ColIdx>(res: &QueryResult, index: I) -> Result<Self, TryGetError> {
                let text = String::try_get_by(res, index)?;
                Self::from_text(&text).map_err(|e| TryGetError::DbErr(DbErr::Type(e)))
            }
        }

        impl<T> ValueType for $name<T>
        where
            $name<T>: Text,
        {
            fn try_from(value: Value) -> Result<Self, ValueTypeErr> {
                let text = <String as ValueType>::try_from(value)?;
                Self::from_text(&text).map_err(|_| ValueTypeErr)
            }

            fn type_name() -> String {
                std::any::type_name::<Self>().to_owned()
            }

            fn array_type() -> ArrayType {
                ArrayType::String
            }

            fn column_type() -> ColumnType {
                ColumnType::Text
            }
        }

        impl<T> Nullable for $name<T> {
            fn null() -> Value {
                Value::String(None)
            }
        }

        impl<T> NotU8 for $name<T> {}

        impl<T> sea_orm::IntoActiveValue<$name<T>> for $name<T>
        where
            $name<T>: Text,
        {
            fn into_active_value(self) -> sea_orm::ActiveValue<$name<T>> {
                sea_orm::ActiveValue::Set(self)
            }
        }
    };
}

/// `T` kept as JSON in a text column (both engines: the documents are small, read whole and
/// never queried into).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Json<T>(pub T);

impl<T: Serialize + DeserializeOwned> Text for Json<T> {
    fn to_text(&self) -> Option<String> {
        // The documents kept this way are plain data, which serde_json always serialises.
        serde_json::to_string(&self.0).ok()
    }

    fn from_text(text: &str) -> Result<Self, String> {
        serde_json::from_str(text)
            .map(Json)
            .map_err(|e| e.to_string())
    }
}

text_column!(Json);

/// A set of coded values kept as their codes joined by commas, in the order given
/// (`POOR,ORPHAN`; empty for none). A code this build does not know fails the read rather
/// than vanishing from the set.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Codes<T>(pub Vec<T>);

impl<T: fmt::Display + FromStr<Err: fmt::Display>> Text for Codes<T> {
    fn to_text(&self) -> Option<String> {
        let codes: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        Some(codes.join(","))
    }

    fn from_text(text: &str) -> Result<Self, String> {
        text.split(',')
            .filter(|code| !code.is_empty())
            .map(|code| code.parse().map_err(|e: T::Err| e.to_string()))
            .collect::<Result<_, _>>()
            .map(Codes)
    }
}

text_column!(Codes);

#[cfg(test)]
mod tests {
    use shared::{Circumstance, RubricCriterion};

    use super::*;

    #[test]
    fn codes_are_written_joined_and_read_back_in_order() {
        let codes = Codes(vec![Circumstance::Poor, Circumstance::Orphan]);
        assert_eq!(codes.to_text().as_deref(), Some("POOR,ORPHAN"));
        assert_eq!(Codes::from_text("POOR,ORPHAN"), Ok(codes));
        assert_eq!(Codes::<Circumstance>::from_text(""), Ok(Codes(vec![])));
        assert_eq!(
            Codes::<Circumstance>::from_text("POOR,RICH"),
            Err("\"RICH\" is not a code of Circumstance".to_owned())
        );
    }

    #[test]
    fn a_document_is_read_back_as_written_and_a_malformed_one_is_refused() {
        let rubric = Json(vec![RubricCriterion {
            name: "Kết quả học tập".into(),
            weight: 60,
            max_score: 10,
            step: shared::ScoreStep::Half,
        }]);
        let text = rubric.to_text().unwrap_or_default();
        assert_eq!(Json::from_text(&text), Ok(rubric));
        // A rubric kept before criteria had steps scores whole points.
        let kept = Json::<Vec<RubricCriterion>>::from_text(
            r#"[{"name":"Hoàn cảnh","weight":40,"maxScore":10}]"#,
        );
        assert_eq!(kept.map(|r| r.0[0].step), Ok(shared::ScoreStep::Whole));
        assert!(Json::<Vec<RubricCriterion>>::from_text("[{\"name\":1}]").is_err());
    }
}
