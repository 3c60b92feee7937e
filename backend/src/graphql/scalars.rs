//! Turning GraphQL arguments (ids, page sizes, cursors) into what services take.

use async_graphql::{
    ID,
    connection::{CursorType, EmptyFields},
};
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
/// A `search` argument of a list found by name, tidied and folded as names are stored
/// (`shared::text::folded`); empty for none.
pub fn name_search(search: Option<&str>) -> Result<String, Error> {
    Ok(shared::text::folded(&shared::text::search(
        "search",
        search.unwrap_or_default(),
    )?))
}

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

/// Reads an `after` argument as the cursor type of its list.
pub fn decode_cursor<C: CursorType>(cursor: &str) -> Result<C, Error> {
    C::decode_cursor(cursor).map_err(|_| {
        ValidationError::new(
            "after",
            ValidationReason::Format {
                expected: "a cursor from a previous page".into(),
            },
        )
        .into()
    })
}

/// A service's page as a connection: `edge` gives each item's cursor and node (and may
/// refuse an item that cannot be told to a client). Every list field builds its answer here.
pub fn connection<T, N: async_graphql::OutputType, E>(
    page: crate::service::Page<T>,
    has_previous_page: bool,
    edge: impl FnMut(T) -> Result<(String, N), E>,
) -> Result<async_graphql::connection::Connection<String, N>, E> {
    connection_with(page, has_previous_page, EmptyFields, edge)
}

/// [`connection`] with fields about the whole list beside the page (`totalCount`), which
/// `fields` resolves only when a client asks for them; and with a name of its own (`Name`)
/// where two lists of one node type differ.
pub fn connection_with<T, N, F, Name, E>(
    page: crate::service::Page<T>,
    has_previous_page: bool,
    fields: F,
    edge: impl FnMut(T) -> Result<(String, N), E>,
) -> Result<async_graphql::connection::Connection<String, N, F, EmptyFields, Name>, E>
where
    N: async_graphql::OutputType,
    F: async_graphql::ObjectType,
    Name: async_graphql::connection::ConnectionNameType,
{
    use async_graphql::connection::{Connection, Edge};
    let mut connection =
        Connection::with_additional_fields(has_previous_page, page.has_next_page, fields);
    for item in page.items.into_iter().map(edge) {
        let (cursor, node) = item?;
        connection.edges.push(Edge::new(cursor, node));
    }
    Ok(connection)
}

/// Names a connection type (`$name`) apart from another list of the same nodes, which has
/// the default name: `connection_name!(Ours, "OurConnection")`.
macro_rules! connection_name {
    ($(#[$meta:meta])* $type:ident, $name:literal) => {
        $(#[$meta])*
        pub struct $type;

        impl async_graphql::connection::ConnectionNameType for $type {
            fn type_name<T: async_graphql::OutputType>() -> String {
                $name.into()
            }
        }
    };
}
pub(crate) use connection_name;

/// `Money`: an amount in whole Vietnamese đồng, as a JSON integer (VND has no minor unit).
/// 64-bit, unlike GraphQL's `Int`. Reading never fails on a merely wrong amount: the check
/// happens where the field's name is known ([`MoneyScalar::amount`]), so a zero, negative,
/// fractional or absurd amount is a `VALIDATION` error naming the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoneyScalar(Result<i64, BadAmount>);

/// Why a `Money` input is not a whole number of đồng that fits in 64 bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadAmount {
    Fraction,
    TooLarge,
    TooSmall,
}

#[async_graphql::Scalar(name = "Money")]
impl async_graphql::ScalarType for MoneyScalar {
    fn parse(value: async_graphql::Value) -> async_graphql::InputValueResult<Self> {
        use async_graphql::{InputValueError, Value};
        // `1000.0` and `1e3` are whole amounts written as floats: accepted when exact.
        // (2⁵³ bounds the integers a float holds exactly; money stops far below it.)
        let from_float = |float: f64| {
            const EXACT: f64 = 9_007_199_254_740_992.0;
            if float.fract() != 0.0 {
                Err(BadAmount::Fraction)
            } else if float > EXACT {
                Err(BadAmount::TooLarge)
            } else if float < -EXACT {
                Err(BadAmount::TooSmall)
            } else {
                #[allow(clippy::cast_possible_truncation)]
                Ok(float as i64)
            }
        };
        match &value {
            Value::Number(number) => Ok(Self(match number.as_i64() {
                Some(dong) => Ok(dong),
                None => number.as_f64().map_or(Err(BadAmount::TooLarge), from_float),
            })),
            Value::String(text) => match text.trim().parse::<i64>() {
                Ok(dong) => Ok(Self(Ok(dong))),
                Err(_) => match text.trim().parse::<f64>() {
                    Ok(float) if float.is_finite() => Ok(Self(from_float(float))),
                    _ => Err(InputValueError::expected_type(value)),
                },
            },
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> async_graphql::Value {
        async_graphql::Value::Number(self.0.unwrap_or_default().into())
    }
}

impl From<shared::Money> for MoneyScalar {
    fn from(money: shared::Money) -> Self {
        Self(Ok(money.dong()))
    }
}

impl From<i64> for MoneyScalar {
    fn from(dong: i64) -> Self {
        Self(Ok(dong))
    }
}

impl MoneyScalar {
    /// The amount as money to move: positive, whole, and not absurd; errors name `field`.
    pub fn amount(self, field: &str) -> Result<shared::Money, Error> {
        let max = || shared::Money::MAX_AMOUNT.to_string();
        let reason = match self.0 {
            Ok(dong) => return Ok(shared::Money::positive_amount(field, dong)?),
            Err(BadAmount::Fraction) => ValidationReason::Format {
                expected: "a whole number of đồng".into(),
            },
            Err(BadAmount::TooLarge) => ValidationReason::TooLarge { max: max() },
            Err(BadAmount::TooSmall) => ValidationReason::TooSmall {
                min: "1 ₫".into()
            },
        };
        Err(ValidationError::new(field, reason).into())
    }
}

/// `Points`: points given on one rubric criterion, exact to the hundredth: a JSON number (`8`,
/// `8.5`) or text as a person writes it (`"8,5"`). Like `Money`, an unreadable value is a
/// `VALIDATION` error naming its field ([`PointsScalar::points`]), not a parse failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PointsScalar(Option<shared::Points>);

#[async_graphql::Scalar(name = "Points")]
impl async_graphql::ScalarType for PointsScalar {
    fn parse(value: async_graphql::Value) -> async_graphql::InputValueResult<Self> {
        use async_graphql::{InputValueError, Value};
        match &value {
            Value::Number(number) => Ok(Self(match number.as_u64() {
                Some(whole) => u16::try_from(whole).ok().map(shared::Points::whole),
                None => number.as_f64().and_then(shared::Points::from_f64),
            })),
            Value::String(text) => Ok(Self(shared::Points::parse("points", text).ok())),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> async_graphql::Value {
        let points = self.0.unwrap_or_default();
        if points.is_whole() {
            async_graphql::Value::Number((points.hundredths() / 100).into())
        } else {
            async_graphql::Number::from_f64(f64::from(points.hundredths()) / 100.0)
                .map_or(async_graphql::Value::Null, async_graphql::Value::Number)
        }
    }
}

impl From<shared::Points> for PointsScalar {
    fn from(points: shared::Points) -> Self {
        Self(Some(points))
    }
}

impl PointsScalar {
    /// The points, or a `VALIDATION` error naming `field` when they were not points to the
    /// hundredth (negative, `8.333`, text that is no number).
    pub fn points(self, field: &str) -> Result<shared::Points, Error> {
        self.0.ok_or_else(|| {
            ValidationError::new(
                field,
                ValidationReason::Format {
                    expected: "a number of points, at most two decimals, not negative".into(),
                },
            )
            .into()
        })
    }
}
