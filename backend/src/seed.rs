//! Loading demo and reference data from `seeds/`.
//!
//! Seeding is idempotent: an organisation already present (same parent, same name) is kept,
//! and so is a fund (same organisation, same name), so `seed` can run on every start of the
//! demo without duplicating anything.

use std::path::Path;

use anyhow::Context as _;
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use shared::OrganizationKind;

use crate::service::{
    audit::RequestMeta,
    fund::{self as funds, FundForCreate},
    organization::{self as organizations, OrganizationForCreate},
};

/// One node of `seeds/organizations.json`, with the organisations under it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct OrganizationSeed {
    name: String,
    kind: OrganizationKind,
    #[serde(default)]
    area_code: Option<String>,
    #[serde(default)]
    funds: Vec<FundSeed>,
    #[serde(default)]
    children: Vec<OrganizationSeed>,
}

/// A fund an organisation of the seed opens.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FundSeed {
    name: String,
    #[serde(default)]
    purpose: Option<String>,
}

/// What a seed run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub organizations_created: usize,
    pub organizations_kept: usize,
    pub funds_created: usize,
    /// Example criteria of the learning society's models, for this year.
    pub criteria_sets_created: usize,
    /// The indicators of Plan 52/KH-UBND, as examples, where their codes were not kept.
    pub indicators_created: usize,
}

/// Loads every seed file in `dir` into the database.
pub async fn load(db: &DatabaseConnection, dir: &Path) -> anyhow::Result<SeedReport> {
    let file = dir.join("organizations.json");
    let text = tokio::fs::read_to_string(&file)
        .await
        .with_context(|| format!("reading {}", file.display()))?;
    let roots: Vec<OrganizationSeed> =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", file.display()))?;
    let mut report = SeedReport::default();
    // Depth-first with an explicit stack: the tree may be deep and async recursion would need
    // boxing at every level.
    let mut pending: Vec<(Option<i64>, OrganizationSeed)> =
        roots.into_iter().rev().map(|seed| (None, seed)).collect();
    while let Some((parent_id, seed)) = pending.pop() {
        let id = match organizations::find_by_parent_and_name(db, parent_id, &seed.name).await? {
            Some(existing) => {
                report.organizations_kept += 1;
                existing.id
            }
            None => {
                report.organizations_created += 1;
                organizations::create(
                    db,
                    OrganizationForCreate {
                        parent_id,
                        kind: seed.kind,
                        name: seed.name,
                        area_code: seed.area_code,
                    },
                )
                .await?
                .id
            }
        };
        for fund in seed.funds {
            if funds::find_by_name(db, id, &fund.name).await?.is_none() {
                let input = FundForCreate {
                    organization_id: id,
                    name: fund.name,
                    purpose: fund.purpose,
                };
                funds::create(db, &RequestMeta::default(), None, input).await?;
                report.funds_created += 1;
            }
        }
        pending.extend(
            seed.children
                .into_iter()
                .rev()
                .map(|child| (Some(id), child)),
        );
    }
    let year = chrono::Datelike::year(&shared::date::vietnam_day(chrono::Utc::now()));
    report.criteria_sets_created = crate::service::society::seed_examples(db, year).await?;
    report.indicators_created = crate::service::society::indicator::seed_plan(db).await?;
    Ok(report)
}
