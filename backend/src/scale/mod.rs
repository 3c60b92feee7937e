//! Scale data: a city the size DESIGN.md §6 plans for, written in bulk so that a benchmark
//! can ask the questions behind every screen of a database as big as Hanoi's.
//!
//! `khuyenhoc seed-scale` runs after `seed` (the city and its first communes) and adds, with
//! multi-row inserts rather than one request per row: communes up to the city's 126, chapters
//! under each, staff, guardians, learners, a city program with an application from (nearly)
//! every learner and a program per commune, applications in every state with their timeline,
//! reviews and awards, donations, and an audit log. The ledger it writes follows the same
//! double-entry shapes as `service::ledger` (a donation, a reservation per award, a
//! disbursement per paid award), so `verify-ledger` passes on it.
//!
//! Every account made here shares one password (hashed once): the data is for measuring, never
//! for people.

mod ledger;
mod money;
mod names;
mod people;
mod sink;
mod story;
mod tree;

use std::collections::BTreeMap;

use anyhow::Context as _;
use chrono::{DateTime, Duration, TimeZone as _, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use shared::{AuditAction, AuditObject, NewPassword};

use self::{
    ledger::Ledger,
    money::Funds,
    names::Dice,
    sink::{Ids, Sink, Table, after_bulk},
    story::{Story, create_program},
};
use crate::{
    entity::{fund, organization, program},
    service::{access, audit::RequestMeta, program as programs},
};

/// How big a city to make.
#[derive(Debug, Clone, clap::Args)]
pub struct Sizes {
    /// Communes and wards under the city (the seed's own count toward it).
    #[arg(long, default_value_t = 126)]
    pub communes: usize,
    /// Chapters under each commune; every fourth has a fund of its own.
    #[arg(long, default_value_t = 24)]
    pub chapters_per_commune: usize,
    /// Learners, spread evenly over the communes.
    #[arg(long, default_value_t = 1_000_000)]
    pub learners: usize,
    /// Applications to the city's program (at most one per learner).
    #[arg(long, default_value_t = 1_000_000)]
    pub city_applications: usize,
    /// Reviewers of each commune (they share its program's reviews).
    #[arg(long, default_value_t = 5)]
    pub reviewers_per_commune: usize,
    /// Donations, spread over the funds; one commune fund gets `busy_fund_donations` of them.
    #[arg(long, default_value_t = 2_200_000)]
    pub donations: usize,
    #[arg(long, default_value_t = 20_000)]
    pub busy_fund_donations: usize,
    /// Audit records per commune.
    #[arg(long, default_value_t = 2_000)]
    pub audit_per_commune: usize,
}

/// What the benchmark needs to find its way: ids and logins, written as JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub password: String,
    pub city_id: i64,
    pub city_fund_id: i64,
    pub commune_id: i64,
    pub busy_fund_id: i64,
    pub city_program_id: i64,
    pub commune_program_id: i64,
    pub city_admin: String,
    pub city_manager: String,
    pub commune_admin: String,
    pub commune_manager: String,
    pub commune_treasurer: String,
    pub commune_reviewer: String,
    pub guardian: String,
    /// A given name common in the commune, for the learner search.
    pub learner_name: String,
    pub statement_year: i32,
    pub rows: BTreeMap<String, u64>,
}

/// The name of the city's scale program: its presence says the data is already there.
const CITY_PROGRAM: &str = "Học bổng Khuyến học thành phố (dữ liệu quy mô)";
const DOMAIN: &str = "scale.khuyenhoc.local";

/// What every part of the city is written with: the sink and its ids, the die, the time of
/// the run, and the one password hash every account shares.
struct Writer<'a> {
    sink: Sink<'a>,
    ids: Ids,
    dice: Dice,
    now: DateTime<Utc>,
    password_hash: String,
}

/// Fills the database. Refuses when the data is already there or `seed` has not run; a run
/// cut short leaves a partial city behind (start again from an empty database).
pub async fn load(
    db: &DatabaseConnection,
    sizes: &Sizes,
    password: &str,
) -> anyhow::Result<Manifest> {
    if program::Entity::find()
        .filter(program::Column::Name.eq(CITY_PROGRAM))
        .one(db)
        .await?
        .is_some()
    {
        anyhow::bail!("the scale data is already there");
    }
    if sizes.communes == 0 || sizes.chapters_per_commune == 0 || sizes.reviewers_per_commune < 2 {
        anyhow::bail!(
            "a city needs at least one commune with one chapter, and two reviewers per commune \
             (each commune application has two)"
        );
    }
    if sizes.city_applications > 1_000_000 {
        anyhow::bail!(
            "at most 1,000,000 city applications: 9% of them hold awards, and a tier's quota \
             is at most 100,000"
        );
    }
    let city = organization::Entity::find()
        .filter(organization::Column::ParentId.is_null())
        .one(db)
        .await?
        .context("no city: run `seed` first")?;
    let all_funds = fund::Entity::find().all(db).await?;
    let city_fund = all_funds
        .iter()
        .find(|f| f.organization_id == city.id)
        .map(|f| f.id)
        .context("the city has no fund: run `seed` first")?;
    let now = Utc::now();
    let year_start = Utc
        .with_ymd_and_hms(2026, 1, 1, 1, 0, 0)
        .single()
        .context("a date")?;
    let meta = RequestMeta {
        request_id: "seed-scale".into(),
        address: "command line".into(),
    };
    let mut writer = Writer {
        sink: Sink::new(db).await?,
        ids: Ids::of(db).await?,
        dice: Dice(52),
        now,
        password_hash: access::hash_password(&NewPassword::parse(password)?).await?,
    };

    let mut tree = writer.tree(db, sizes, &city, &all_funds, city_fund).await?;
    let first = tree.communes.first().context("at least one commune")?;
    let funds = Funds {
        city_id: city.id,
        city_fund,
        busy_fund_id: first.fund_id,
    };
    let commune_id = first.id;
    progress("the tree", &writer.sink);

    let staff = writer.staff(sizes, city.id, &mut tree.communes).await?;
    let guardians_from = writer.guardians(sizes.learners.div_ceil(3)).await?;
    // The programs are made by the service, which reads the managers' roles.
    writer.sink.flush().await?;

    let today = programs::today().naive();
    let city_program = create_program(
        db,
        &meta,
        staff.manager,
        city.id,
        city_fund,
        CITY_PROGRAM,
        today,
        1,
    )
    .await?;
    let mut commune_programs = Vec::new();
    for (n, commune) in tree.communes.iter().enumerate() {
        let name = format!("Học bổng Vượt khó phường {n} (dữ liệu quy mô)");
        commune_programs.push(
            create_program(
                db,
                &meta,
                commune.manager,
                commune.id,
                commune.fund_id,
                &name,
                today,
                2,
            )
            .await?,
        );
    }

    progress("people and programs", &writer.sink);
    let first_learner = writer
        .learners(sizes.learners, &tree.communes, guardians_from)
        .await?;
    progress("learners", &writer.sink);

    // Donations into every fund; the city's fund gets enough for its awards.
    let mut ledger = Ledger {
        balances: BTreeMap::new(),
        actor: staff.treasurer,
    };
    writer
        .donations(&mut ledger, sizes, &tree, &funds, year_start)
        .await?;
    writer
        .sponsors(&mut ledger, sizes, &tree, &funds, year_start)
        .await?;
    progress("donations", &writer.sink);
    // Applications, with their timelines, reviews and awards.
    let mut story = Story {
        sink: &mut writer.sink,
        ids: &mut writer.ids,
        ledger: &mut ledger,
        dice: &mut writer.dice,
        start: now - Duration::days(28),
        treasurer: staff.treasurer,
    };
    for n in 0..sizes.city_applications.min(sizes.learners) {
        let reviewer = staff.reviewers[n % staff.reviewers.len()];
        story
            .application(
                &city_program,
                first_learner + n as i64,
                guardians_from + (n / 3) as i64,
                staff.manager,
                &[reviewer],
            )
            .await?;
    }
    for n in 0..sizes.learners {
        let c = n % tree.communes.len();
        let commune = &tree.communes[c];
        let r = (n / tree.communes.len()) % commune.reviewers.len().max(1);
        let pair: Vec<i64> = commune
            .reviewers
            .iter()
            .cycle()
            .skip(r)
            .take(2)
            .copied()
            .collect();
        story
            .application(
                &commune_programs[c],
                first_learner + n as i64,
                guardians_from + (n / 3) as i64,
                commune.manager,
                &pair,
            )
            .await?;
    }

    progress("applications", &writer.sink);
    // An audit log for each commune.
    for commune in &tree.communes {
        for a in 0..sizes.audit_per_commune {
            let at = (year_start + Duration::minutes((a * 200) as i64)).min(now);
            writer
                .sink
                .push(
                    Table::AuditEvent,
                    vec![
                        at.into(),
                        commune.manager.into(),
                        AuditAction::DonationRecorded.into(),
                        AuditObject::LedgerTransaction.into(),
                        a.to_string().into(),
                        commune.id.into(),
                        "{\"before\":null,\"after\":{\"source\":\"seed-scale\"}}".into(),
                        "seed-scale".into(),
                    ],
                )
                .await?;
        }
    }
    writer.sink.flush().await?;
    progress("audit log", &writer.sink);
    ledger.settle_balances(db).await?;
    // The entries went in directly, so their funds' days are summed once, at the end.
    crate::service::ledger::rebuild_day_totals(db).await?;
    after_bulk(db).await?;

    Ok(Manifest {
        password: password.to_owned(),
        city_id: city.id,
        city_fund_id: city_fund,
        commune_id,
        busy_fund_id: funds.busy_fund_id,
        city_program_id: city_program.id,
        commune_program_id: commune_programs.first().context("a commune program")?.id,
        city_admin: format!("admin@{DOMAIN}"),
        city_manager: format!("quanly@{DOMAIN}"),
        commune_admin: format!("admin.0@{DOMAIN}"),
        commune_manager: format!("quanly.0@{DOMAIN}"),
        commune_treasurer: format!("thuquy.0@{DOMAIN}"),
        commune_reviewer: format!("giamkhao.0.0@{DOMAIN}"),
        guardian: format!("phuhuynh0@{DOMAIN}"),
        learner_name: "Trang".into(),
        statement_year: 2026,
        rows: writer
            .sink
            .written
            .into_iter()
            .map(|(table, rows)| (table.to_owned(), rows))
            .collect(),
    })
}

/// Says how far the load has come: a city takes minutes.
fn progress(done: &str, sink: &Sink<'_>) {
    let rows: u64 = sink.written.values().sum();
    tracing::info!(rows, "{done} written");
}
