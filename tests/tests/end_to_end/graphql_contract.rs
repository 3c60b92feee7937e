//! The schema the server exports is the one committed, and every document the web app sends
//! is valid against it: a renamed field fails here, not in a user's browser.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use apollo_compiler::{ExecutableDocument, Schema};
use tests::repo_root;

fn committed_schema_path() -> PathBuf {
    repo_root().join("backend/schema.graphql")
}

#[test]
fn the_committed_schema_matches_the_server() {
    let current = backend::graphql::sdl();
    let path = committed_schema_path();
    if std::env::var("KH_UPDATE_SCHEMA").as_deref() == Ok("1") {
        std::fs::write(&path, &current).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == current,
        "backend/schema.graphql is stale: run `cargo run --bin khuyenhoc -- export-schema --out backend/schema.graphql` and commit it"
    );
}

fn frontend_documents() -> Vec<(PathBuf, String)> {
    let dir = repo_root().join("frontend/graphql");
    let mut documents: Vec<(PathBuf, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "graphql"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path, text)
        })
        .collect();
    documents.sort();
    documents
}

#[test]
fn every_document_the_web_app_sends_is_valid_against_the_schema() {
    let schema = Schema::parse_and_validate(backend::graphql::sdl(), "schema.graphql")
        .unwrap_or_else(|errors| panic!("the exported schema is not valid GraphQL: {errors}"));
    let documents = frontend_documents();
    assert!(
        documents.len() >= 2,
        "found the web app's documents in frontend/graphql"
    );
    for (path, text) in documents {
        if let Err(errors) = ExecutableDocument::parse_and_validate(&schema, text, &path) {
            panic!("{} does not fit the schema:\n{errors}", path.display());
        }
    }
}

#[test]
fn every_document_is_compiled_to_types_and_used_by_the_web_app() {
    let documents_module = repo_root().join("frontend/src/api/documents.rs");
    let compiled = std::fs::read_to_string(&documents_module).unwrap();
    let pages: Vec<String> = walk(&repo_root().join("frontend/src"))
        .into_iter()
        .filter(|(path, _)| *path != documents_module)
        .map(|(_, text)| text)
        .collect();
    for (path, _) in frontend_documents() {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            compiled.contains(&format!("\"graphql/{file}\"")),
            "{file} is not compiled into Rust types: add it to frontend/src/api/documents.rs"
        );
        // Each document's types are in the module named as its file; a page sending it
        // names that module's `Variables`.
        let module = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(
            pages
                .iter()
                .any(|source| source.contains(&format!("{module}::Variables"))),
            "{file} is not sent by any page: delete it or use it"
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<(PathBuf, String)> {
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            texts.extend(walk(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            texts.push((path, text));
        }
    }
    texts
}

/// Fields that name a state, a kind or a code: each must be one of the schema's enums, so a
/// client can only get (and send) values that exist.
const CODED_FIELDS: &[&str] = &[
    "status",
    "fromStatus",
    "toStatus",
    "kind",
    "action",
    "nextActions",
    "phase",
    "account",
    "role",
    "objectType",
    "method",
    "recommendation",
    "gender",
    "educationLevel",
    "educationLevels",
    "circumstances",
];

/// Named like a code but not one: the kind of a document is a name its program chose
/// ("Giấy xác nhận hộ nghèo"), not a value the server knows.
const FREE_TEXT_FIELDS: &[(&str, &str)] = &[
    ("EvidenceFile", "kind"),
    // A bank's own short code (`VCB`) is data from `seeds/banks.csv`, which grows as banks
    // open and merge, not a state of ours.
    ("Bank", "code"),
    // A criterion's number in the association's own table (`1.2`), as its decision prints it.
    ("CriteriaItem", "code"),
    ("CriteriaItemInput", "code"),
    // The points given to one of those criteria, named by its number.
    ("ItemScore", "code"),
    ("ItemScoreInput", "code"),
    // An indicator's place in the city's plan (`2.1.a.2`), which the city adds to.
    ("PlanIndicator", "code"),
    ("PlanIndicatorInput", "code"),
];

#[test]
fn every_state_kind_and_code_in_the_schema_is_an_enum_and_every_status_is_always_there() {
    use apollo_compiler::schema::ExtendedType;
    let schema = Schema::parse_and_validate(backend::graphql::sdl(), "schema.graphql")
        .unwrap_or_else(|errors| panic!("the exported schema is not valid GraphQL: {errors}"));
    let is_enum = |name: &str| matches!(schema.types.get(name), Some(ExtendedType::Enum(_)));
    let mut checked = 0;
    for (type_name, ty) in &schema.types {
        let fields: Vec<(&str, &apollo_compiler::ast::Type)> = match ty {
            ExtendedType::Object(object) => object
                .fields
                .iter()
                .map(|(name, field)| (name.as_str(), &field.ty))
                .collect(),
            ExtendedType::InputObject(input) => input
                .fields
                .iter()
                .map(|(name, field)| (name.as_str(), field.ty.as_ref()))
                .collect(),
            _ => continue,
        };
        for (field, field_type) in fields {
            let named = field_type.inner_named_type().as_str();
            let is_code =
                CODED_FIELDS.contains(&field) || (field == "code" && type_name != "ErrorCode");
            if !is_code || named == "ID" || FREE_TEXT_FIELDS.contains(&(type_name.as_str(), field))
            {
                continue;
            }
            assert!(
                is_enum(named),
                "{type_name}.{field} is {field_type}, not an enum"
            );
            if field == "status" && matches!(ty, ExtendedType::Object(_)) {
                assert!(field_type.is_non_null(), "{type_name}.status may be null");
            }
            checked += 1;
        }
    }
    assert!(checked >= 30, "checked {checked} coded fields");
}
