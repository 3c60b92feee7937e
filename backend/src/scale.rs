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

use std::collections::BTreeMap;

use anyhow::Context as _;
use chrono::{DateTime, Duration, NaiveDate, TimeZone as _, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Statement,
    TransactionTrait, Value,
    sea_query::{Alias, Expr, Query},
};
use serde::{Deserialize, Serialize};
use shared::{
    ApplicationAction, ApplicationStatus, EligibilityRules, Money, NewPassword, ProgramKind,
    ProgramStatus, Role, program::RubricCriterion,
};

use crate::{
    entity::{fund, organization, program},
    service::{
        access::{self, SignedIn},
        audit::RequestMeta,
        program::{self as programs, ProgramForCreate, TierForCreate},
    },
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

/// The tables written here, in an order where every row's references come before it.
#[derive(Debug, Clone, Copy)]
enum Table {
    Organization,
    Fund,
    UserAccount,
    Membership,
    Learner,
    LearnerManager,
    Donor,
    LedgerTransaction,
    LedgerEntry,
    Application,
    ApplicationEvent,
    Review,
    Award,
    AuditEvent,
}

const TABLES: [(&str, &[&str]); 14] = [
    (
        "organization",
        &[
            "id",
            "parent_id",
            "kind",
            "name",
            "path",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "fund",
        &["id", "organization_id", "name", "purpose", "created_at"],
    ),
    (
        "user_account",
        &[
            "id",
            "email",
            "display_name",
            "password_hash",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "membership",
        &["id", "user_id", "organization_id", "role", "created_at"],
    ),
    (
        "learner",
        &[
            "id",
            "full_name",
            "date_of_birth",
            "gender",
            "personal_id",
            "education_level",
            "school",
            "class_name",
            "commune_id",
            "circumstances",
            "gpa_hundredths",
            "organization_id",
            "created_by",
            "created_at",
            "updated_at",
        ],
    ),
    ("learner_manager", &["learner_id", "user_id", "created_at"]),
    (
        "donor",
        &[
            "id",
            "organization_id",
            "kind",
            "name",
            "anonymous",
            "created_at",
        ],
    ),
    (
        "ledger_transaction",
        &[
            "id",
            "kind",
            "memo",
            "donor_id",
            "method",
            "resolves_id",
            "created_by",
            "created_at",
        ],
    ),
    (
        "ledger_entry",
        &[
            "transaction_id",
            "fund_id",
            "account",
            "phase",
            "amount",
            "kind",
            "donor_id",
            "created_at",
        ],
    ),
    (
        "application",
        &[
            "id",
            "program_id",
            "learner_id",
            "submitted_by",
            "status",
            "statement",
            "tier_id",
            "created_at",
            "updated_at",
            "submitted_at",
        ],
    ),
    (
        "application_event",
        &[
            "application_id",
            "action",
            "from_status",
            "to_status",
            "actor_id",
            "at",
        ],
    ),
    (
        "review",
        &[
            "id",
            "application_id",
            "reviewer_id",
            "assigned_by",
            "assigned_at",
            "status",
            "scores",
            "score",
            "recommendation",
            "submitted_at",
        ],
    ),
    (
        "award",
        &[
            "id",
            "application_id",
            "program_id",
            "tier_id",
            "amount",
            "status",
            "reservation_id",
            "decided_by",
            "decided_at",
            "settled_by",
            "settled_at",
            "settlement_id",
            "cancel_reason",
        ],
    ),
    (
        "audit_event",
        &[
            "at",
            "actor_id",
            "action",
            "object_type",
            "object_id",
            "organization_id",
            "summary",
            "request_id",
        ],
    ),
];

/// Rows waiting to be written, sent as multi-row INSERTs of at most ~30,000 values (under
/// SQLite's and PostgreSQL's bind limits). When one table's rows fill up, every table is
/// written in `TABLES`' order, so no row reaches the database before what it refers to.
struct Sink<'a> {
    db: &'a DatabaseConnection,
    rows: Vec<Vec<Vec<Value>>>,
    written: BTreeMap<&'static str, u64>,
    /// Whether PostgreSQL lets this session skip triggers (a superuser's right).
    unchecked: bool,
}

impl<'a> Sink<'a> {
    async fn new(db: &'a DatabaseConnection) -> anyhow::Result<Self> {
        let unchecked = db.get_database_backend() == sea_orm::DatabaseBackend::Postgres
            && db
                .query_one_raw(Statement::from_string(
                    db.get_database_backend(),
                    "SELECT rolsuper FROM pg_roles WHERE rolname = current_user",
                ))
                .await?
                .map(|row| row.try_get::<bool>("", "rolsuper"))
                .transpose()?
                .unwrap_or(false);
        Ok(Self {
            db,
            rows: vec![Vec::new(); TABLES.len()],
            written: BTreeMap::new(),
            unchecked,
        })
    }

    async fn push(&mut self, table: Table, row: Vec<Value>) -> anyhow::Result<()> {
        let (_, columns) = TABLES[table as usize];
        debug_assert_eq!(row.len(), columns.len());
        let rows = &mut self.rows[table as usize];
        rows.push(row);
        if rows.len() * columns.len() >= 30_000 {
            self.flush().await?;
        }
        Ok(())
    }

    /// Writes every table's waiting rows in one transaction. On PostgreSQL it commits without
    /// waiting for the disk: a crash would lose the last batches of a load that is started
    /// again anyway, and waiting would make the disk, not the database, set the pace.
    async fn flush(&mut self) -> anyhow::Result<()> {
        let txn = self.db.begin().await?;
        if self.db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            txn.execute_unprepared("SET LOCAL synchronous_commit = off")
                .await?;
            if self.unchecked {
                // The rows come in an order where every reference exists (TABLES'), so the
                // per-row foreign-key triggers, most of PostgreSQL's work here, can rest.
                txn.execute_unprepared("SET LOCAL session_replication_role = replica")
                    .await?;
            }
        }
        for (rows, (table, columns)) in self.rows.iter_mut().zip(TABLES) {
            if rows.is_empty() {
                continue;
            }
            *self.written.entry(table).or_default() += rows.len() as u64;
            let mut insert = Query::insert();
            insert
                .into_table(Alias::new(table))
                .columns(columns.iter().map(|column| Alias::new(*column)));
            for row in rows.drain(..) {
                insert.values(row.into_iter().map(Expr::val))?;
            }
            txn.execute(&insert)
                .await
                .with_context(|| format!("inserting into {table}"))?;
        }
        txn.commit().await?;
        Ok(())
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
        .filter(organization::Column::Kind.eq("COMMUNE"))
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
                "COMMUNE".into(),
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
                    "CHAPTER".into(),
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
    person(
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
                if middle == "Thị" { "FEMALE" } else { "MALE" }.into(),
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
        actor: city_manager,
    };
    let mut donor = 0;
    for n in 0..sizes.donations {
        let fund_id = if n < sizes.busy_fund_donations {
            busy_fund_id
        } else if n % 5 == 0 {
            city_fund
        } else {
            fund_ids[dice.below(fund_ids.len())]
        };
        // About ten donations per donor, kept by the fund's organisation.
        if n % 10 == 0 || n == sizes.busy_fund_donations {
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
                    "PERSON".into(),
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

    progress("donations", &sink);
    // Applications, with their timelines, reviews and awards.
    let mut story = Story {
        sink: &mut sink,
        ids: &mut ids,
        ledger: &mut ledger,
        dice: &mut dice,
        year_start,
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
                    "DONATION_RECORDED".into(),
                    "LedgerTransaction".into(),
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

/// The next id of each table, read once: rows are given their ids here, so that they can
/// refer to each other without reading anything back.
struct Ids(Vec<i64>);

impl Ids {
    async fn of(db: &DatabaseConnection) -> anyhow::Result<Self> {
        let mut next = Vec::new();
        for (table, _) in TABLES {
            let row = db
                .query_one_raw(Statement::from_string(
                    db.get_database_backend(),
                    format!("SELECT COALESCE(MAX(id), 0) + 1 AS next FROM {table}"),
                ))
                .await?
                .context("MAX(id) returns a row")?;
            next.push(row.try_get::<i64>("", "next")?);
        }
        Ok(Self(next))
    }

    fn peek(&self, table: Table) -> i64 {
        self.0[table as usize]
    }

    fn take(&mut self, table: Table) -> i64 {
        let id = self.0[table as usize];
        self.0[table as usize] += 1;
        id
    }
}

/// After explicit ids: PostgreSQL's sequences continue past them (SQLite's AUTOINCREMENT
/// already does), and both planners learn the new sizes.
async fn after_bulk(db: &DatabaseConnection) -> anyhow::Result<()> {
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        for (table, _) in TABLES {
            db.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 (SELECT COALESCE(MAX(id), 1) FROM {table}))"
            ))
            .await?;
        }
    }
    db.execute_unprepared("ANALYZE").await?;
    Ok(())
}

struct ScaleProgram {
    id: i64,
    fund_id: i64,
    tier_id: i64,
    amount: i64,
}

#[allow(clippy::too_many_arguments)]
async fn create_program(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    manager: i64,
    organization_id: i64,
    fund_id: i64,
    name: &str,
    today: NaiveDate,
    reviewers: i32,
) -> anyhow::Result<ScaleProgram> {
    let actor = SignedIn {
        user_id: manager,
        session_id: 0,
        grants: access::grants_of(db, manager).await?,
    };
    let criterion = |name: &str| RubricCriterion {
        name: name.into(),
        weight: 50,
        max_score: 10,
    };
    let created = programs::create_as(
        db,
        meta,
        &actor,
        ProgramForCreate {
            organization_id,
            fund_id,
            kind: ProgramKind::Scholarship,
            name: name.into(),
            cycle: "2026-2027".into(),
            description: Some("Dữ liệu quy mô để đo hiệu năng.".into()),
            opens_on: today - Duration::days(30),
            closes_on: today + Duration::days(60),
            budget: Money::from_dong(1_000_000_000_000),
            tiers: vec![TierForCreate {
                name: "Học bổng".into(),
                amount: Money::from_dong(1_000_000),
                quota: 100_000,
            }],
            eligibility: EligibilityRules::default(),
            rubric: vec![
                criterion("Kết quả học tập"),
                criterion("Hoàn cảnh gia đình"),
            ],
            required_evidence: Vec::new(),
            reviewers_per_application: reviewers,
            blind_review: false,
        },
    )
    .await?;
    programs::move_as(db, meta, &actor, created.program.id, ProgramStatus::Open).await?;
    let tier = created.tiers.first().context("a tier")?;
    Ok(ScaleProgram {
        id: created.program.id,
        fund_id,
        tier_id: tier.id,
        amount: tier.amount,
    })
}

/// What moves money, in `service::ledger`'s double-entry shapes.
enum Movement {
    Donation {
        fund: i64,
        donor: i64,
        amount: i64,
    },
    Reserve {
        fund: i64,
        amount: i64,
    },
    Disburse {
        fund: i64,
        reservation: i64,
        amount: i64,
    },
    Void {
        fund: i64,
        reservation: i64,
        amount: i64,
    },
}

/// The ledger's rows, with each fund's balances kept as they go (posted, reserved).
struct Ledger {
    balances: BTreeMap<i64, (i64, i64)>,
    actor: i64,
}

impl Ledger {
    async fn record(
        &mut self,
        sink: &mut Sink<'_>,
        ids: &mut Ids,
        movement: Movement,
        at: DateTime<Utc>,
    ) -> anyhow::Result<i64> {
        type Entry = (Option<i64>, &'static str, &'static str, i64);
        let (kind, memo, donor, resolves, entries): (_, _, _, _, Vec<Entry>) = match movement {
            Movement::Donation {
                fund,
                donor,
                amount,
            } => (
                "DONATION",
                "Ủng hộ Quỹ Khuyến học",
                Some(donor),
                None,
                vec![
                    (None, "DONORS", "POSTED", -amount),
                    (Some(fund), "FUND", "POSTED", amount),
                ],
            ),
            Movement::Reserve { fund, amount } => (
                "RESERVATION",
                "Học bổng được duyệt",
                None,
                None,
                vec![
                    (Some(fund), "FUND", "PENDING", -amount),
                    (None, "PAYEES", "PENDING", amount),
                ],
            ),
            Movement::Disburse {
                fund,
                reservation,
                amount,
            } => (
                "DISBURSEMENT",
                "Chi học bổng",
                None,
                Some(reservation),
                vec![
                    (None, "PAYEES", "PENDING", -amount),
                    (Some(fund), "FUND", "PENDING", amount),
                    (Some(fund), "FUND", "POSTED", -amount),
                    (None, "PAYEES", "POSTED", amount),
                ],
            ),
            Movement::Void {
                fund,
                reservation,
                amount,
            } => (
                "VOID",
                "Huỷ học bổng",
                None,
                Some(reservation),
                vec![
                    (None, "PAYEES", "PENDING", -amount),
                    (Some(fund), "FUND", "PENDING", amount),
                ],
            ),
        };
        let id = ids.take(Table::LedgerTransaction);
        let method = donor.map(|_| "BANK_TRANSFER");
        sink.push(
            Table::LedgerTransaction,
            vec![
                id.into(),
                kind.into(),
                memo.into(),
                donor.into(),
                method.into(),
                resolves.into(),
                self.actor.into(),
                at.into(),
            ],
        )
        .await?;
        for (fund, account, phase, amount) in entries {
            sink.push(
                Table::LedgerEntry,
                vec![
                    id.into(),
                    fund.into(),
                    account.into(),
                    phase.into(),
                    amount.into(),
                    kind.into(),
                    donor.into(),
                    at.into(),
                ],
            )
            .await?;
            if let Some(fund) = fund {
                let balance = self.balances.entry(fund).or_default();
                if phase == "POSTED" {
                    balance.0 += amount;
                } else {
                    balance.1 -= amount;
                }
            }
        }
        Ok(id)
    }

    async fn settle_balances(&self, db: &DatabaseConnection) -> anyhow::Result<()> {
        let sql = match db.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => {
                "UPDATE fund SET posted_balance = posted_balance + $1, \
                 reserved_balance = reserved_balance + $2 WHERE id = $3"
            }
            _ => {
                "UPDATE fund SET posted_balance = posted_balance + ?, \
                 reserved_balance = reserved_balance + ? WHERE id = ?"
            }
        };
        for (fund, (posted, reserved)) in &self.balances {
            db.execute_raw(Statement::from_sql_and_values(
                db.get_database_backend(),
                sql,
                [(*posted).into(), (*reserved).into(), (*fund).into()],
            ))
            .await?;
        }
        Ok(())
    }
}

/// Applications in every state, in proportions a real cycle might show, each with the
/// timeline, reviews, award and money its state implies.
struct Story<'s, 'a> {
    sink: &'s mut Sink<'a>,
    ids: &'s mut Ids,
    ledger: &'s mut Ledger,
    dice: &'s mut Dice,
    year_start: DateTime<Utc>,
}

impl Story<'_, '_> {
    async fn application(
        &mut self,
        program: &ScaleProgram,
        learner: i64,
        guardian: i64,
        manager: i64,
        reviewers: &[i64],
    ) -> anyhow::Result<()> {
        use ApplicationStatus as S;
        let status = match self.dice.below(100) {
            0..5 => S::Draft,
            5..40 => S::Submitted,
            40..70 => S::UnderReview,
            70..73 => S::NeedsInfo,
            73..78 => S::Approved,
            78..83 => S::Disbursed,
            83..95 => S::Rejected,
            95..98 => S::Withdrawn,
            _ => S::Cancelled,
        };
        let id = self.ids.take(Table::Application);
        let created = self.year_start
            + Duration::days(240)
            + Duration::minutes(self.dice.below(60 * 24 * 30) as i64);
        let submitted = (status != S::Draft).then(|| created + Duration::hours(1));
        let decided = created + Duration::days(20);
        let settled = decided + Duration::days(5);
        let awarded = matches!(status, S::Approved | S::Disbursed | S::Cancelled);
        self.sink
            .push(
                Table::Application,
                vec![
                    id.into(),
                    program.id.into(),
                    learner.into(),
                    guardian.into(),
                    status.code().into(),
                    "Gia đình em khó khăn; em luôn cố gắng học tốt.".into(),
                    awarded.then_some(program.tier_id).into(),
                    created.into(),
                    created.into(),
                    submitted.into(),
                ],
            )
            .await?;
        let reviewed = !matches!(status, S::Draft | S::Submitted | S::Withdrawn);
        let mut timeline = Vec::new();
        if let Some(at) = submitted {
            timeline.push((
                ApplicationAction::Submit,
                S::Draft,
                S::Submitted,
                guardian,
                at,
            ));
        }
        if reviewed {
            timeline.push((
                ApplicationAction::StartReview,
                S::Submitted,
                S::UnderReview,
                reviewers[0],
                created + Duration::days(10),
            ));
        }
        match status {
            S::NeedsInfo => timeline.push((
                ApplicationAction::ReturnForInfo,
                S::UnderReview,
                S::NeedsInfo,
                manager,
                decided,
            )),
            S::Rejected => timeline.push((
                ApplicationAction::Reject,
                S::UnderReview,
                S::Rejected,
                manager,
                decided,
            )),
            S::Withdrawn => timeline.push((
                ApplicationAction::Withdraw,
                S::Submitted,
                S::Withdrawn,
                guardian,
                decided,
            )),
            S::Approved | S::Disbursed | S::Cancelled => timeline.push((
                ApplicationAction::Approve,
                S::UnderReview,
                S::Approved,
                manager,
                decided,
            )),
            _ => {}
        }
        match status {
            S::Disbursed => timeline.push((
                ApplicationAction::Disburse,
                S::Approved,
                S::Disbursed,
                manager,
                settled,
            )),
            S::Cancelled => timeline.push((
                ApplicationAction::Cancel,
                S::Approved,
                S::Cancelled,
                manager,
                settled,
            )),
            _ => {}
        }
        for (action, from, to, actor, at) in timeline {
            self.sink
                .push(
                    Table::ApplicationEvent,
                    vec![
                        id.into(),
                        action.code().into(),
                        Some(from.code()).into(),
                        to.code().into(),
                        actor.into(),
                        at.into(),
                    ],
                )
                .await?;
        }
        if reviewed {
            for (n, reviewer) in reviewers.iter().enumerate() {
                // Under review: the first reviewer has scored, the second not yet.
                let done = status != S::UnderReview || n == 0;
                let scores = [5 + self.dice.below(6), 5 + self.dice.below(6)];
                let score = i32::try_from((scores[0] + scores[1]) * 500).unwrap_or(0);
                let review = self.ids.take(Table::Review);
                self.sink
                    .push(
                        Table::Review,
                        vec![
                            review.into(),
                            id.into(),
                            (*reviewer).into(),
                            manager.into(),
                            (created + Duration::days(9)).into(),
                            if done { "SUBMITTED" } else { "ASSIGNED" }.into(),
                            done.then(|| format!("[{},{}]", scores[0], scores[1]))
                                .into(),
                            done.then_some(score).into(),
                            done.then_some(if score >= 7000 { "APPROVE" } else { "NEUTRAL" })
                                .into(),
                            done.then_some(created + Duration::days(10)).into(),
                        ],
                    )
                    .await?;
            }
        }
        if awarded {
            let (fund, amount) = (program.fund_id, program.amount);
            let reservation = self
                .ledger
                .record(
                    self.sink,
                    self.ids,
                    Movement::Reserve { fund, amount },
                    decided,
                )
                .await?;
            let (award_status, settlement, reason) = match status {
                S::Disbursed => (
                    "PAID",
                    Some(
                        self.ledger
                            .record(
                                self.sink,
                                self.ids,
                                Movement::Disburse {
                                    fund,
                                    reservation,
                                    amount,
                                },
                                settled,
                            )
                            .await?,
                    ),
                    None,
                ),
                S::Cancelled => (
                    "CANCELLED",
                    Some(
                        self.ledger
                            .record(
                                self.sink,
                                self.ids,
                                Movement::Void {
                                    fund,
                                    reservation,
                                    amount,
                                },
                                settled,
                            )
                            .await?,
                    ),
                    Some("Gia đình đã nhận học bổng khác."),
                ),
                _ => ("RESERVED", None, None),
            };
            let award = self.ids.take(Table::Award);
            self.sink
                .push(
                    Table::Award,
                    vec![
                        award.into(),
                        id.into(),
                        program.id.into(),
                        program.tier_id.into(),
                        amount.into(),
                        award_status.into(),
                        reservation.into(),
                        manager.into(),
                        decided.into(),
                        settlement.map(|_| manager).into(),
                        settlement.map(|_| settled).into(),
                        settlement.into(),
                        reason.into(),
                    ],
                )
                .await?;
        }
        Ok(())
    }
}
