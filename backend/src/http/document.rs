//! What a GraphQL document would cost, measured on the parsed text before the engine sees it.
//!
//! The engine's own limits (depth, complexity) are worked out by walking the document with
//! every fragment spread expanded, and a 655-byte document of fragments that each spread the
//! previous one ten times expands to ten million fields: the walk alone takes seconds, on an
//! async worker, before the limit refuses it. Here each fragment is measured once and its
//! measure reused wherever it is spread, so the cost of any document is counted in time
//! linear in its length, and a document too big to expand is refused before anything
//! expands it.

use std::collections::HashMap;

use async_graphql::{
    Name,
    parser::types::{ExecutableDocument, Selection, SelectionSet},
};

/// Most field selections a document may have once every fragment spread is expanded. The
/// largest screen of the web app selects a few hundred; expanding, validating and executing
/// this many stays within a few milliseconds.
pub const MAX_SELECTIONS: u64 = 2_000;

/// Most aliased fields a document may have, counted with fragments expanded: aliases multiply
/// work without adding depth, and no screen of ours needs more than a handful.
pub const MAX_ALIASES: u64 = 50;

/// The size of a document (or of one fragment) with its fragment spreads expanded. Counts
/// saturate, so the most hostile document only ever reads as "too many".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Measure {
    /// Field selections, each field counted once per place it would be resolved.
    pub selections: u64,
    /// Aliased field selections.
    pub aliases: u64,
    /// Whether `__schema` or `__type` is selected anywhere, which is where introspection
    /// starts.
    pub introspects: bool,
}

impl Measure {
    fn add(self, other: Self) -> Self {
        Self {
            selections: self.selections.saturating_add(other.selections),
            aliases: self.aliases.saturating_add(other.aliases),
            introspects: self.introspects || other.introspects,
        }
    }
}

/// A fragment that spreads itself, directly or through others: it can never be expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FragmentCycle(pub String);

/// Measures every operation and every fragment definition of `document` (the engine validates
/// all of them, not only the operation it runs), each fragment once.
pub fn measure(document: &ExecutableDocument) -> Result<Measure, FragmentCycle> {
    let mut walker = Walker {
        document,
        fragments: HashMap::new(),
    };
    let mut total = Measure::default();
    for (_, operation) in document.operations.iter() {
        total = total.add(walker.selection_set(&operation.node.selection_set.node)?);
    }
    for name in document.fragments.keys() {
        total = total.add(walker.fragment(name)?);
    }
    Ok(total)
}

enum Memo {
    /// Being measured: meeting it again means a cycle.
    Open,
    Done(Measure),
}

struct Walker<'a> {
    document: &'a ExecutableDocument,
    fragments: HashMap<&'a Name, Memo>,
}

impl<'a> Walker<'a> {
    fn fragment(&mut self, name: &'a Name) -> Result<Measure, FragmentCycle> {
        match self.fragments.get(name) {
            Some(Memo::Done(measure)) => return Ok(*measure),
            Some(Memo::Open) => return Err(FragmentCycle(name.to_string())),
            None => {}
        }
        // A spread of an unknown fragment is the engine's to refuse; it expands to nothing.
        let Some(definition) = self.document.fragments.get(name) else {
            return Ok(Measure::default());
        };
        self.fragments.insert(name, Memo::Open);
        let measure = self.selection_set(&definition.node.selection_set.node)?;
        self.fragments.insert(name, Memo::Done(measure));
        Ok(measure)
    }

    fn selection_set(&mut self, set: &'a SelectionSet) -> Result<Measure, FragmentCycle> {
        let mut total = Measure::default();
        for item in &set.items {
            let measure = match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let own = Measure {
                        selections: 1,
                        aliases: u64::from(field.alias.is_some()),
                        introspects: matches!(field.name.node.as_str(), "__schema" | "__type"),
                    };
                    own.add(self.selection_set(&field.selection_set.node)?)
                }
                Selection::InlineFragment(fragment) => {
                    self.selection_set(&fragment.node.selection_set.node)?
                }
                Selection::FragmentSpread(spread) => {
                    self.fragment(&spread.node.fragment_name.node)?
                }
            };
            total = total.add(measure);
        }
        Ok(total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(query: &str) -> Result<Measure, FragmentCycle> {
        measure(&async_graphql::parser::parse_query(query).expect("parses"))
    }

    /// `{...L<levels>}` where each fragment spreads the one below it `fan` times.
    fn fan_out(levels: usize, fan: usize) -> String {
        let mut query =
            format!("{{...L{levels}}} fragment L0 on QueryRoot {{serverInfo{{version}}}}");
        for level in 1..=levels {
            let spreads = format!("...L{} ", level - 1).repeat(fan);
            query.push_str(&format!(" fragment L{level} on QueryRoot {{{spreads}}}"));
        }
        query
    }

    #[test]
    fn a_fan_out_of_fragments_is_counted_as_it_would_expand_without_expanding_it() {
        let query = fan_out(7, 10);
        assert!(
            query.len() < 700,
            "the attack is small: {} bytes",
            query.len()
        );
        let measure = measured(&query).unwrap();
        // Operation 10⁷ × 2, plus the definitions L7 … L0 themselves.
        assert!(measure.selections > 20_000_000, "{measure:?}");
        let beyond_counting = measured(&fan_out(25, 10)).unwrap();
        assert_eq!(beyond_counting.selections, u64::MAX, "saturates");
    }

    #[test]
    fn nesting_through_fragments_counts_every_level() {
        let query = "{ ...A } fragment A on QueryRoot { me { ...B } } fragment B on User { id displayName }";
        // Operation: me, id, displayName; A: the same three; B: two.
        assert_eq!(measured(query).unwrap().selections, 8);
    }

    #[test]
    fn aliases_inside_fragments_count_once_per_spread() {
        let aliases = (0..10)
            .map(|i| format!("a{i}: serverInfo {{ version }}"))
            .collect::<String>();
        let spreads = "...F ".repeat(5);
        let query = format!("{{ {spreads} }} fragment F on QueryRoot {{ {aliases} }}");
        // Five spreads of ten aliases, and the definition's own ten.
        assert_eq!(measured(&query).unwrap().aliases, 60);
    }

    #[test]
    fn a_fragment_cycle_is_found_however_long() {
        assert_eq!(
            measured("{ ...A } fragment A on QueryRoot { ...A }"),
            Err(FragmentCycle("A".into()))
        );
        assert!(measured(
            "{ ...A } fragment A on QueryRoot { ...B } fragment B on QueryRoot { me { ...C } } fragment C on User { ...A }"
        )
        .is_err());
    }

    #[test]
    fn introspection_is_recognised_however_it_is_spelled() {
        let introspects = |query| measured(query).unwrap().introspects;
        assert!(introspects("{ __schema { types { name } } }"));
        assert!(introspects(
            "query { a: __type(name: \"Organization\") { name } }"
        ));
        assert!(introspects(
            "{ ... on QueryRoot { __schema { queryType { name } } } }"
        ));
        assert!(introspects(
            "query { ...F } fragment F on QueryRoot { __schema { queryType { name } } }"
        ));
        assert!(!introspects("{ serverInfo { version __typename } }"));
    }

    #[test]
    fn aliases_are_counted_wherever_they_are() {
        let query = "query { a: serverInfo { v: version } ... on QueryRoot { b: me { id } } } fragment F on QueryRoot { c: me { id } }";
        assert_eq!(measured(query).unwrap().aliases, 4);
    }
}
