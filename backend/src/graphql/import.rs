//! What the imports' previews share on the API: a bad cell, and why.

use async_graphql::SimpleObject;
use shared::{CellProblem, ImportAction, sheet::Problem};

/// A cell of a bad row, and why it is refused.
#[derive(SimpleObject, Clone, Debug)]
pub struct ImportProblem {
    /// The row's number in the sheet (from 1).
    row: i32,
    /// The column's letter (empty when the row is refused as a whole).
    column: String,
    /// The column's header in the template.
    header: String,
    /// The form's field it fills.
    field: String,
    /// Why, for the browser to word.
    problem: CellProblem,
    /// The earlier row it repeats, for `PERSONAL_ID_REPEATED` and `NAME_REPEATED`.
    other_row: Option<i32>,
    /// Why, in English.
    message: String,
}

impl From<Problem> for ImportProblem {
    fn from(p: Problem) -> Self {
        Self {
            row: count(p.row),
            column: p.column,
            header: p.header.to_owned(),
            field: p.error.field.clone(),
            problem: p.problem,
            other_row: p.other_row.map(count),
            message: p.error.reason.to_string(),
        }
    }
}

/// A count, as the API's Int.
pub(super) fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// How many of `actions` create, update and skip.
pub(super) fn counted(actions: impl Iterator<Item = ImportAction> + Clone) -> (i32, i32, i32) {
    let of = |wanted| count(actions.clone().filter(|action| *action == wanted).count());
    (
        of(ImportAction::Create),
        of(ImportAction::Update),
        of(ImportAction::Skip),
    )
}
