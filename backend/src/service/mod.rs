//! Services: all data access and business rules. Each function takes the connection, owns its
//! transaction, and returns the domain's `Error`.

pub mod access;
pub mod actor;
pub mod application;
pub mod audit;
pub mod audit_log;
pub mod award;
pub mod bank_account;
pub mod bank_statement;
pub mod campaign;
pub mod donation_import;
pub mod dossier;
pub mod evidence;
pub mod evidence_content;
pub mod fund;
pub mod idempotency;
pub mod import_file;
pub mod inbox;
pub mod invitation;
pub mod learner;
pub mod learner_import;
pub mod ledger;
pub mod membership;
pub mod organization;
pub mod organization_import;
pub mod parties;
pub mod pledge;
pub mod program;
pub mod ranking;
pub mod review;
pub mod roster;
pub mod session;
pub mod sheet;
pub mod society;
pub mod work;

/// Selects every column of `E`, from the table aliased `alias`, as `<prefix><column>`: so that
/// one joined row reads back into several models (`FromQueryResult::from_query_result(row,
/// prefix)`), and a read model takes one statement rather than one per table.
pub(crate) fn select_prefixed<E: sea_orm::EntityTrait>(
    query: &mut sea_orm::sea_query::SelectStatement,
    alias: &sea_orm::sea_query::Alias,
    prefix: &str,
) {
    use sea_orm::{
        IdenStatic, Iterable,
        sea_query::{Alias, Expr},
    };
    for column in E::Column::iter() {
        query.expr_as(
            Expr::col((alias.clone(), column)),
            Alias::new(format!("{prefix}{}", column.as_str())),
        );
    }
}

/// Joins the learner an application (aliased `application`) is for, aliased `learner`: the
/// shape every read model that names its learner shares.
pub(crate) fn join_learner_of(
    query: &mut sea_orm::sea_query::SelectStatement,
    application: &sea_orm::sea_query::Alias,
    learner: &sea_orm::sea_query::Alias,
) {
    use sea_orm::sea_query::{Expr, ExprTrait as _, JoinType};
    query.join_as(
        JoinType::InnerJoin,
        crate::entity::learner::Entity,
        learner.clone(),
        Expr::col((learner.clone(), crate::entity::learner::Column::Id)).equals((
            application.clone(),
            crate::entity::application::Column::LearnerId,
        )),
    );
}

/// `SUM(expression)` as a 64-bit integer: PostgreSQL widens a sum of BIGINTs to NUMERIC,
/// which would not decode as `i64`.
pub(crate) fn sum_of(expression: &str) -> sea_orm::sea_query::SimpleExpr {
    sea_orm::sea_query::Expr::cust(format!("CAST(SUM({expression}) AS BIGINT)"))
}

/// The rows that come after the row `after` in a list ordered by `key` (in `key_order`) then
/// by `id` (in `id_order`), where `key_of_after` is that row's key: a value the cursor
/// carries, or [`key_of_row`] when the cursor is the row's id alone. Written as `key ≥ k AND (key > k OR id >
/// after)` (for ascending keys) rather than as one `OR`, so that the index on the key bounds
/// the scan and a deep page starts where it should instead of filtering every row before it.
pub(crate) fn keyset_after(
    key: impl Fn() -> sea_orm::sea_query::Expr,
    id: sea_orm::sea_query::Expr,
    key_of_after: impl Fn() -> sea_orm::sea_query::Expr,
    after: i64,
    key_order: &sea_orm::sea_query::Order,
    id_order: &sea_orm::sea_query::Order,
) -> sea_orm::Condition {
    use sea_orm::{
        Condition,
        sea_query::{ExprTrait as _, Order},
    };
    let k = key_of_after;
    let (reached, beyond) = match key_order {
        Order::Desc => (key().lte(k()), key().lt(k())),
        _ => (key().gte(k()), key().gt(k())),
    };
    let next_id = match id_order {
        Order::Desc => id.lt(after),
        _ => id.gt(after),
    };
    Condition::all()
        .add(reached)
        .add(Condition::any().add(beyond).add(next_id))
}

/// A row's sort key read in the statement that pages after it: `select` reads the key of the
/// row the cursor names.
pub(crate) fn key_of_row(select: &sea_orm::sea_query::SelectStatement) -> sea_orm::sea_query::Expr {
    use sea_orm::sea_query::{Expr, SubQueryStatement};
    Expr::SubQuery(
        None,
        Box::new(SubQueryStatement::SelectStatement(select.clone())),
    )
}

/// One page of a list, in the list's order, and whether more follow.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_next_page: bool,
}

impl<T> Page<T> {
    /// Where the next page starts: the key of this one's last item, when another follows.
    pub fn next_cursor<C>(&self, key: impl Fn(&T) -> C) -> Option<C> {
        self.items.last().filter(|_| self.has_next_page).map(key)
    }

    /// A page from a query that fetched one row more than `first`: that extra row tells
    /// whether another page follows, without a COUNT.
    pub fn from_overfetch(mut items: Vec<T>, first: u64) -> Self {
        let has_next_page = items.len() as u64 > first;
        items.truncate(usize::try_from(first).unwrap_or(usize::MAX));
        Self {
            items,
            has_next_page,
        }
    }
}

/// A `LIKE` pattern for values that contain `text` as it is: its `%` and `_` match only
/// themselves, not anything (and the escape character escapes itself).
pub fn containing(text: &str) -> sea_orm::sea_query::LikeExpr {
    containing_before(text, "")
}

/// Like [`containing`], for values where `text` is followed, somewhere after, by `then`
/// (taken as it is: no wildcard of its own).
fn containing_before(text: &str, then: &str) -> sea_orm::sea_query::LikeExpr {
    let mut pattern = String::with_capacity(text.len() + then.len() + 3);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    if !then.is_empty() {
        pattern.push_str(then);
        pattern.push('%');
    }
    sea_orm::sea_query::LikeExpr::new(pattern).escape('\\')
}

/// Whether a learner's name or school (`search_text`, given as `search_text`) contains
/// `text`, both folded: "trang" finds "Tráng", "dang" finds "Đặng".
pub fn learner_mentions(
    search_text: sea_orm::sea_query::Expr,
    text: &str,
) -> sea_orm::sea_query::Expr {
    use sea_orm::sea_query::ExprTrait as _;
    search_text.like(containing(&shared::text::folded(text)))
}

/// Whether a learner's name contains `text`, both folded: a match in `search_text` before
/// the line break that ends the name (`shared::text::learner_search_text`).
pub fn learner_named(
    search_text: sea_orm::sea_query::Expr,
    text: &str,
) -> sea_orm::sea_query::Expr {
    use sea_orm::sea_query::ExprTrait as _;
    search_text.like(containing_before(&shared::text::folded(text), "\n"))
}

/// The SHA-256 of `bytes` in lower-case hex: session tokens, idempotent requests and evidence
/// files are all known by it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{DbBackend, EntityTrait, QueryFilter, QueryTrait, sea_query::ExprTrait};

    #[test]
    fn a_search_pattern_matches_its_wildcards_literally() {
        let sql = crate::entity::donor::Entity::find()
            .filter(
                sea_orm::sea_query::Expr::col(crate::entity::donor::Column::Name)
                    .like(containing("100%_a\\b")),
            )
            .build(DbBackend::Sqlite)
            .to_string();
        assert!(sql.contains(r"100\%\_a\\b%'"), "{sql}");
        assert!(sql.contains("ESCAPE"), "{sql}");
    }
}

#[cfg(test)]
mod layering_tests {
    use std::{
        collections::{BTreeMap, BTreeSet},
        path::Path,
    };

    /// The service modules, each with the service modules its code names (`use super::…`,
    /// `super::x::…`, `crate::service::x::…`), read from the sources of `src/service`.
    fn imports() -> BTreeMap<String, BTreeSet<String>> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/service");
        let mut files = Vec::new();
        let mut modules = BTreeSet::new();
        for entry in std::fs::read_dir(&root).expect("the service folder") {
            let path = entry.expect("an entry of the service folder").path();
            let name = path
                .file_stem()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            if path.is_dir() {
                for inner in std::fs::read_dir(&path).expect("a module's folder") {
                    files.push((name.clone(), inner.expect("a file").path()));
                }
            } else if name != "mod" {
                files.push((name.clone(), path));
            }
            modules.insert(name);
        }
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (module, path) in files {
            let text = std::fs::read_to_string(&path).expect("a source file");
            let code: String = text
                .split("#[cfg(test)]")
                .next()
                .unwrap_or_default()
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            let named = graph.entry(module.clone()).or_default();
            let words = |text: &str| -> Vec<String> {
                text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .filter(|word| modules.contains(*word))
                    .map(str::to_owned)
                    .collect()
            };
            for prefix in ["use super::", "use crate::service::"] {
                for (at, _) in code.match_indices(prefix) {
                    let statement = &code[at..];
                    let end = statement.find(';').unwrap_or(statement.len());
                    named.extend(words(&statement[prefix.len()..end]));
                }
            }
            for prefix in ["super::", "crate::service::"] {
                for (at, _) in code.match_indices(prefix) {
                    let path = code[at + prefix.len()..].trim_start_matches("super::");
                    let word: String = path
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if path[word.len()..].starts_with("::") && modules.contains(&word) {
                        named.insert(word);
                    }
                }
            }
            named.remove(&module);
        }
        graph
    }

    /// A module that `from` names, directly or through others, and that names `from` back.
    fn cycle_through(
        graph: &BTreeMap<String, BTreeSet<String>>,
        from: &str,
    ) -> Option<Vec<String>> {
        let mut paths = vec![vec![from.to_owned()]];
        let mut seen = BTreeSet::new();
        while let Some(path) = paths.pop() {
            let last = path.last().expect("a path is never empty");
            for next in graph.get(last).into_iter().flatten() {
                let mut longer = path.clone();
                longer.push(next.clone());
                if next == from {
                    return Some(longer);
                }
                if seen.insert(next.clone()) {
                    paths.push(longer);
                }
            }
        }
        None
    }

    /// Each service module builds on the ones below it and none reaches back up: an
    /// application's parties, evidence, reviews and award build on the application, the
    /// dossier on all of them; the ledger knows nothing of awards, writing the audit log
    /// nothing of the organisations its reading filters by.
    #[test]
    fn no_service_module_imports_one_that_imports_it() {
        let graph = imports();
        assert!(
            graph["dossier"].contains("evidence") && graph["award"].contains("ledger"),
            "the reading of imports finds them: {graph:?}"
        );
        let cycles: Vec<String> = graph
            .keys()
            .filter_map(|module| cycle_through(&graph, module))
            .map(|cycle| cycle.join(" → "))
            .collect();
        assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
        for base in ["application", "ledger", "idempotency", "audit"] {
            let above: Vec<&String> = graph[base]
                .iter()
                .filter(|named| {
                    ["evidence", "review", "award", "dossier"].contains(&named.as_str())
                })
                .collect();
            assert!(above.is_empty(), "{base} names {above:?}");
        }
    }

    /// No module grows past about 500 lines: one that does holds more than one thing, and is
    /// split along its seams (`scale/` into its tree, people, money and story).
    #[test]
    fn no_module_of_the_server_is_much_over_500_lines() {
        fn walk(dir: &Path, long: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).expect("a source folder") {
                let path = entry.expect("an entry").path();
                if path.is_dir() {
                    walk(&path, long);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let lines = std::fs::read_to_string(&path)
                        .expect("a source file")
                        .lines()
                        .count();
                    if lines > 550 {
                        long.push(format!("{}: {lines} lines", path.display()));
                    }
                }
            }
        }
        let mut long = Vec::new();
        walk(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut long,
        );
        assert!(long.is_empty(), "modules to split:\n{}", long.join("\n"));
    }
}
