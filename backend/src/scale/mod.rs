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

mod sink;
mod story;

use std::collections::BTreeMap;

use anyhow::Context as _;
use chrono::{Duration, NaiveDate, TimeZone as _, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Value};
use serde::{Deserialize, Serialize};
use shared::{AuditAction, AuditObject, DonorKind, Gender, NewPassword, OrganizationKind, Role};

use self::{
    sink::{Ids, Sink, Table, after_bulk},
    story::{Ledger, Movement, Story, create_program},
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

const FAMILY: [&str; 16] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
];
const MIDDLE: [&str; 10] = [
    "Văn", "Thị", "Minh", "Thu", "Quốc", "Ngọc", "Đức", "Thanh", "Hoài", "Gia",
];
const GIVEN: [&str; 32] = [
    "Anh", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Huy", "Khánh",
    "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Ngân", "Nhung", "Phong", "Phúc", "Quang",
    "Quyên", "Sơn", "Tâm", "Thảo", "Trang", "Trung", "Tú", "Tuấn", "Yến",
];
const LEVELS: [(&str, &str); 4] = [
    ("PRIMARY", "Trường Tiểu học"),
    ("LOWER_SECONDARY", "Trường THCS"),
    ("UPPER_SECONDARY", "Trường THPT"),
    ("UNIVERSITY", "Trường Đại học"),
];

/// A fixed-seed generator (SplitMix64), so that two runs make the same city. The data only
/// needs to look varied; a dependency for that would buy nothing.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

struct Commune {
    id: i64,
    fund_id: i64,
    chapters: Vec<i64>,
    manager: i64,
    reviewers: Vec<i64>,
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
    let fund_of = |organization_id: i64| {
        all_funds
            .iter()
            .find(|f| f.organization_id == organization_id)
            .map(|f| f.id)
    };
    let city_fund = fund_of(city.id).context("the city has no fund: run `seed` first")?;
    let mut dice = Dice(52);
    let mut sink = Sink::new(db).await?;
    let now = Utc::now();
    let year_start = Utc
        .with_ymd_and_hms(2026, 1, 1, 1, 0, 0)
        .single()
        .context("a date")?;
    let meta = RequestMeta {
        request_id: "seed-scale".into(),
        address: "command line".into(),
    };
    let mut ids = Ids::of(db).await?;

    // The tree: the seed's communes, then new ones up to the count, each with chapters.
    let mut communes = Vec::new();
    for existing in organization::Entity::find()
        .filter(organization::Column::ParentId.eq(city.id))
        .filter(organization::Column::Kind.eq(OrganizationKind::Commune))
        .all(db)
        .await?
        .into_iter()
        .take(sizes.communes)
    {
        let fund_id = match fund_of(existing.id) {
            Some(fund_id) => fund_id,
            None => {
                let fund_id = ids.take(Table::Fund);
                let name = existing.name.replace("Hội Khuyến học", "Quỹ Khuyến học");
                sink.push(
                    Table::Fund,
                    vec![
                        fund_id.into(),
                        existing.id.into(),
                        name.into(),
                        Value::String(None),
                        now.into(),
                    ],
                )
                .await?;
                fund_id
            }
        };
        communes.push((existing.id, existing.path, fund_id));
    }
    while communes.len() < sizes.communes {
        let (id, fund_id, n) = (
            ids.take(Table::Organization),
            ids.take(Table::Fund),
            communes.len() + 1,
        );
        let path = format!("{}{id}/", city.path);
        sink.push(
            Table::Organization,
            vec![
                id.into(),
                city.id.into(),
                OrganizationKind::Commune.into(),
                format!("Hội Khuyến học phường Quy Mô {n}").into(),
                path.clone().into(),
                now.into(),
                now.into(),
            ],
        )
        .await?;
        sink.push(
            Table::Fund,
            vec![
                fund_id.into(),
                id.into(),
                format!("Quỹ Khuyến học phường Quy Mô {n}").into(),
                "Học bổng và khen thưởng học sinh của phường.".into(),
                now.into(),
            ],
        )
        .await?;
        communes.push((id, path, fund_id));
    }
    let mut fund_ids = vec![city_fund];
    let mut fund_owner = BTreeMap::from([(city_fund, city.id)]);
    let mut tree = Vec::new();
    for (n, (id, path, fund_id)) in communes.into_iter().enumerate() {
        fund_ids.push(fund_id);
        fund_owner.insert(fund_id, id);
        let mut chapters = Vec::new();
        for c in 1..=sizes.chapters_per_commune {
            let chapter = ids.take(Table::Organization);
            sink.push(
                Table::Organization,
                vec![
                    chapter.into(),
                    id.into(),
                    OrganizationKind::Chapter.into(),
                    format!("Chi hội Khuyến học tổ dân phố {c} – {}", n + 1).into(),
                    format!("{path}{chapter}/").into(),
                    now.into(),
                    now.into(),
                ],
            )
            .await?;
            if c % 4 == 1 {
                let chapter_fund = ids.take(Table::Fund);
                sink.push(
                    Table::Fund,
                    vec![
                        chapter_fund.into(),
                        chapter.into(),
                        format!("Quỹ chi hội tổ dân phố {c} – {}", n + 1).into(),
                        Value::String(None),
                        now.into(),
                    ],
                )
                .await?;
                fund_ids.push(chapter_fund);
                fund_owner.insert(chapter_fund, chapter);
            }
            chapters.push(chapter);
        }
        tree.push(Commune {
            id,
            fund_id,
            chapters,
            manager: 0,
            reviewers: Vec::new(),
        });
    }
    let first = tree.first().context("at least one commune")?;
    let (commune_id, busy_fund_id) = (first.id, first.fund_id);

    progress("the tree", &sink);
    // People: staff of the city and of every commune, and the guardians.
    let hash = access::hash_password(&NewPassword::parse(password)?).await?;
    let person = async |sink: &mut Sink<'_>,
                        ids: &mut Ids,
                        login: String,
                        name: String,
                        role: Option<(Role, i64)>|
           -> anyhow::Result<i64> {
        let id = ids.take(Table::UserAccount);
        sink.push(
            Table::UserAccount,
            vec![
                id.into(),
                format!("{login}@{DOMAIN}").into(),
                name.into(),
                hash.clone().into(),
                now.into(),
                now.into(),
            ],
        )
        .await?;
        if let Some((role, organization_id)) = role {
            let membership = ids.take(Table::Membership);
            sink.push(
                Table::Membership,
                vec![
                    membership.into(),
                    id.into(),
                    organization_id.into(),
                    role.code().into(),
                    now.into(),
                ],
            )
            .await?;
        }
        Ok(id)
    };
    person(
        &mut sink,
        &mut ids,
        "admin".into(),
        "Quản trị thành phố".into(),
        Some((Role::Admin, city.id)),
    )
    .await?;
    let city_manager = person(
        &mut sink,
        &mut ids,
        "quanly".into(),
        "Quản lý chương trình thành phố".into(),
        Some((Role::ProgramManager, city.id)),
    )
    .await?;
    let city_treasurer = person(
        &mut sink,
        &mut ids,
        "thuquy".into(),
        "Thủ quỹ thành phố".into(),
        Some((Role::Treasurer, city.id)),
    )
    .await?;
    let mut city_reviewers = Vec::new();
    for r in 0..100 {
        city_reviewers.push(
            person(
                &mut sink,
                &mut ids,
                format!("giamkhao{r}"),
                format!("Giám khảo thành phố {r}"),
                Some((Role::Reviewer, city.id)),
            )
            .await?,
        );
    }
    for (n, commune) in tree.iter_mut().enumerate() {
        person(
            &mut sink,
            &mut ids,
            format!("admin.{n}"),
            format!("Quản trị phường {n}"),
            Some((Role::Admin, commune.id)),
        )
        .await?;
        commune.manager = person(
            &mut sink,
            &mut ids,
            format!("quanly.{n}"),
            format!("Quản lý phường {n}"),
            Some((Role::ProgramManager, commune.id)),
        )
        .await?;
        person(
            &mut sink,
            &mut ids,
            format!("thuquy.{n}"),
            format!("Thủ quỹ phường {n}"),
            Some((Role::Treasurer, commune.id)),
        )
        .await?;
        for r in 0..sizes.reviewers_per_commune {
            let reviewer = person(
                &mut sink,
                &mut ids,
                format!("giamkhao.{n}.{r}"),
                format!("Giám khảo {r} phường {n}"),
                Some((Role::Reviewer, commune.id)),
            )
            .await?;
            commune.reviewers.push(reviewer);
        }
    }
    // Three learners per guardian.
    let guardians_from = ids.peek(Table::UserAccount);
    for g in 0..sizes.learners.div_ceil(3) {
        let name = format!(
            "{} {} {}",
            dice.pick(&FAMILY),
            dice.pick(&MIDDLE),
            dice.pick(&GIVEN)
        );
        person(&mut sink, &mut ids, format!("phuhuynh{g}"), name, None).await?;
    }
    // The programs are made by the service, which reads the managers' roles.
    sink.flush().await?;

    let today = programs::today().naive();
    let city_program = create_program(
        db,
        &meta,
        city_manager,
        city.id,
        city_fund,
        CITY_PROGRAM,
        today,
        1,
    )
    .await?;
    let mut commune_programs = Vec::new();
    for (n, commune) in tree.iter().enumerate() {
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

    progress("people and programs", &sink);
    // Learners, each with its guardian.
    let first_learner = ids.peek(Table::Learner);
    for n in 0..sizes.learners {
        let id = ids.take(Table::Learner);
        let c = n % tree.len();
        let commune = &tree[c];
        let chapter = commune
            .chapters
            .get(dice.below(commune.chapters.len()))
            .copied();
        let (level, school) = LEVELS[dice.below(LEVELS.len())];
        let middle = dice.pick(&MIDDLE);
        let born = NaiveDate::from_ymd_opt(2006 + i32::try_from(dice.below(14)).unwrap_or(0), 1, 1)
            .context("a date")?
            + Duration::days(dice.below(365) as i64);
        let guardian = guardians_from + (n / 3) as i64;
        sink.push(
            Table::Learner,
            vec![
                id.into(),
                format!("{} {middle} {}", dice.pick(&FAMILY), dice.pick(&GIVEN)).into(),
                born.into(),
                if middle == "Thị" {
                    Gender::Female
                } else {
                    Gender::Male
                }
                .into(),
                format!("{:012}", 1_000_000_000 + n).into(),
                level.into(),
                format!("{school} Quy Mô {}", c + 1).into(),
                format!("{}A{}", 1 + dice.below(12), 1 + dice.below(6)).into(),
                commune.id.into(),
                if dice.below(3) == 0 { "POOR" } else { "" }.into(),
                i32::try_from(500 + dice.below(500)).unwrap_or(800).into(),
                chapter.into(),
                guardian.into(),
                now.into(),
                now.into(),
            ],
        )
        .await?;
        sink.push(
            Table::LearnerManager,
            vec![id.into(), guardian.into(), now.into()],
        )
        .await?;
    }

    progress("learners", &sink);
    // Donations into every fund; the city's fund gets enough for its awards.
    let mut ledger = Ledger {
        balances: BTreeMap::new(),
        actor: city_treasurer,
    };
    let (mut donor, mut fund_id) = (0, busy_fund_id);
    for n in 0..sizes.donations {
        // About ten donations per donor, all to one fund, whose organisation keeps the donor
        // (as a treasurer recording them would).
        if n % 10 == 0 || n == sizes.busy_fund_donations {
            fund_id = if n < sizes.busy_fund_donations {
                busy_fund_id
            } else if (n / 10) % 5 == 0 {
                city_fund
            } else {
                fund_ids[dice.below(fund_ids.len())]
            };
            donor = ids.take(Table::Donor);
            let name = format!(
                "{} {} {}",
                dice.pick(&FAMILY),
                dice.pick(&MIDDLE),
                dice.pick(&GIVEN)
            );
            let keeper = fund_owner.get(&fund_id).copied().unwrap_or(city.id);
            sink.push(
                Table::Donor,
                vec![
                    donor.into(),
                    keeper.into(),
                    DonorKind::Person.into(),
                    name.into(),
                    false.into(),
                    now.into(),
                ],
            )
            .await?;
        }
        let amount = if fund_id == city_fund {
            50_000_000
        } else {
            100_000 * (1 + dice.below(50) as i64)
        };
        let at = (year_start - Duration::days(365)
            + Duration::minutes(dice.below(700 * 24 * 60) as i64))
        .min(now);
        ledger
            .record(
                &mut sink,
                &mut ids,
                Movement::Donation {
                    fund: fund_id,
                    donor,
                    amount,
                },
                at,
            )
            .await?;
    }

    // And a sponsor behind each program's fund, so that every award below is covered
    // whatever the dice gave the fund (a reservation may never overdraw it).
    let mut sponsored = vec![(city_fund, city.id, sizes.city_applications)];
    for commune in &tree {
        sponsored.push((
            commune.fund_id,
            commune.id,
            sizes.learners.div_ceil(tree.len()),
        ));
    }
    for (fund, keeper, applications) in sponsored {
        let sponsor = ids.take(Table::Donor);
        sink.push(
            Table::Donor,
            vec![
                sponsor.into(),
                keeper.into(),
                DonorKind::Organization.into(),
                "Doanh nghiệp đồng hành cùng Khuyến học".into(),
                false.into(),
                now.into(),
            ],
        )
        .await?;
        let amount = i64::try_from(applications).unwrap_or(i64::MAX / 2_000_000) * 1_000_000;
        let movement = Movement::Donation {
            fund,
            donor: sponsor,
            amount: amount.max(1_000_000),
        };
        ledger
            .record(&mut sink, &mut ids, movement, year_start)
            .await?;
    }
    progress("donations", &sink);
    // Applications, with their timelines, reviews and awards.
    let mut story = Story {
        sink: &mut sink,
        ids: &mut ids,
        ledger: &mut ledger,
        dice: &mut dice,
        start: now - Duration::days(28),
        treasurer: city_treasurer,
    };
    for n in 0..sizes.city_applications.min(sizes.learners) {
        let reviewer = city_reviewers[n % city_reviewers.len()];
        story
            .application(
                &city_program,
                first_learner + n as i64,
                guardians_from + (n / 3) as i64,
                city_manager,
                &[reviewer],
            )
            .await?;
    }
    for n in 0..sizes.learners {
        let c = n % tree.len();
        let commune = &tree[c];
        let r = (n / tree.len()) % commune.reviewers.len().max(1);
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

    progress("applications", &sink);
    // An audit log for each commune.
    for commune in &tree {
        for a in 0..sizes.audit_per_commune {
            let at = (year_start + Duration::minutes((a * 200) as i64)).min(now);
            sink.push(
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
    sink.flush().await?;
    progress("audit log", &sink);
    ledger.settle_balances(db).await?;
    // The entries went in directly, so their funds' days are summed once, at the end.
    crate::service::ledger::rebuild_day_totals(db).await?;
    after_bulk(db).await?;

    Ok(Manifest {
        password: password.to_owned(),
        city_id: city.id,
        city_fund_id: city_fund,
        commune_id,
        busy_fund_id,
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
        rows: sink
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
