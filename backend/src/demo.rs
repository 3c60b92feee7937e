//! The demo's story, so that a first run shows every workspace at work: the staff of Bát Tràng
//! commune's association (a program manager, a treasurer, two reviewers) and a guardian, with
//! donations in the commune's fund (with its bank account, a Tết campaign and a pending pledge
//! to it, and the account's statement imported with a matched, a suggested and two unmatched
//! lines) and an open scholarship program whose applications are at every stage — one paid
//! (on the public page), one approved and waiting for the treasurer, one waiting for a second
//! review, whose learner the Lê clan has already rewarded this school year (`clan`) — and
//! Giang Cao village's households, clan and community registered, scored and partly
//! recognised as learning ones for the year (`society`).
//!
//! Demo only, and idempotent: when the program is already there nothing is done. Every step
//! goes through the same services as the API, so the ledger, the audit log and the timelines
//! are what real use would leave.

mod clan;
mod society;

use anyhow::Context as _;
use chrono::TimeDelta;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use shared::{
    Circumstance, DonationMethod, DonorKind, EducationLevel, EligibilityRules, Gender, Gpa,
    IdempotencyKey, Login, Money, NewPassword, PersonalId, Points, ProgramKind, ProgramStatus,
    Recommendation, Role, ScoreStep, program::RubricCriterion,
};

use crate::{
    entity::{organization, program},
    service::{
        access::{self, AccountForCreate},
        actor::SignedIn,
        application as applications,
        audit::RequestMeta,
        award as awards, bank_account, bank_statement, campaign as campaigns, dossier,
        fund::{self as funds, DonorForCreate},
        learner::{self as learners, LearnerForCreate},
        ledger::{self, DonorRef, Movement},
        pledge,
        program::{self as programs, ProgramForCreate, TierForCreate},
        review as reviews,
    },
};

const COMMUNE: &str = "Hội Khuyến học xã Bát Tràng";
const FUND: &str = "Quỹ Khuyến học xã Bát Tràng";
const PROGRAM: &str = "Học bổng Vượt khó Bát Tràng (demo)";

/// The demo's people: login, display name, role on the commune's association.
const PEOPLE: [(&str, &str, Option<Role>); 5] = [
    (
        "quanly@khuyenhoc.local",
        "Nguyễn Văn Quản",
        Some(Role::ProgramManager),
    ),
    (
        "thuquy@khuyenhoc.local",
        "Trần Thị Thu",
        Some(Role::Treasurer),
    ),
    (
        "giamkhao1@khuyenhoc.local",
        "Phạm Minh Khảo",
        Some(Role::Reviewer),
    ),
    (
        "giamkhao2@khuyenhoc.local",
        "Đỗ Thị Hạnh",
        Some(Role::Reviewer),
    ),
    ("phuhuynh@khuyenhoc.local", "Lê Văn Bình", None),
];

/// What loading the story did.
#[derive(Debug, PartialEq, Eq)]
pub enum Story {
    Created { program_id: i64 },
    AlreadyThere,
}

/// Loads the story, with `password` for every demo account.
pub async fn load(db: &DatabaseConnection, password: &str) -> anyhow::Result<Story> {
    if program::Entity::find()
        .filter(program::Column::Name.eq(PROGRAM))
        .one(db)
        .await?
        .is_some()
    {
        return Ok(Story::AlreadyThere);
    }
    let meta = RequestMeta {
        request_id: "demo".into(),
        address: "command line".into(),
    };
    let commune = organization::Entity::find()
        .filter(organization::Column::Name.eq(COMMUNE))
        .one(db)
        .await?
        .with_context(|| format!("{COMMUNE} is not there: run `seed` first"))?;
    let fund = funds::find_by_name(db, commune.id, FUND)
        .await?
        .with_context(|| format!("{FUND} is not there: run `seed` first"))?;

    let mut people = Vec::new();
    for (login, name, role) in PEOPLE {
        people.push(person(db, &meta, login, name, role, commune.id, password).await?);
    }
    let [
        manager,
        treasurer,
        first_reviewer,
        second_reviewer,
        guardian,
    ] = people
        .try_into()
        .map_err(|_| anyhow::anyhow!("five demo people"))?;

    for (n, (donor, kind, amount)) in [
        (
            "Công ty Gốm sứ Bát Tràng",
            DonorKind::Organization,
            30_000_000,
        ),
        (
            "Dòng họ Lê làng Bát Tràng",
            DonorKind::Organization,
            12_000_000,
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let donation = Movement::Donation {
            fund_id: fund.id,
            amount: Money::from_dong(amount),
            donor: DonorRef::New(DonorForCreate {
                kind,
                name: donor.into(),
                anonymous: false,
                contact: None,
            }),
            method: DonationMethod::Cash,
            bank_reference: None,
            memo: "Ủng hộ Quỹ Khuyến học năm học 2026-2027".into(),
            campaign_id: None,
            received: None,
        };
        ledger::apply(
            db,
            &meta,
            &treasurer,
            &key(&format!("demo-donation-{n}"))?,
            donation,
        )
        .await?;
    }
    // The fund's account, on its public page with its VietQR code, and a visitor's pledge
    // waiting for its transfer.
    let account = shared::bank::BankAccountForCreate::parse(
        "970436",
        "0011001932418",
        "Hội Khuyến học xã Bát Tràng",
    )?;
    let account = bank_account::add_as(db, &meta, &treasurer, fund.id, account).await?;
    let pledges = pledge::PledgePolicy {
        per_hour_per_address: u64::MAX,
        clock: crate::clock::Clock::system(),
    };
    let today = programs::today().naive();
    let tet = campaigns::create_as(
        db,
        &meta,
        &treasurer,
        campaigns::CampaignForCreate {
            fund_id: fund.id,
            name: "Tết khuyến học 2027".into(),
            description: Some("Quà Tết cho học sinh vượt khó của xã Bát Tràng.".into()),
            goal: 50_000_000,
            starts_on: today,
            ends_on: today + TimeDelta::days(60),
        },
    )
    .await?;
    let promise = pledge::PledgeForCreate {
        fund_id: fund.id,
        amount: 500_000,
        donor_name: Some("Nguyễn Thị Hoa".into()),
        anonymous: false,
        contact: None,
        campaign_id: Some(tet.id),
    };
    pledge::create(db, &pledges, &meta, promise).await?;
    statement_imported(db, &meta, &treasurer, &pledges, &account, tet.id).await?;

    let created = programs::create_as(
        db,
        &meta,
        &manager,
        ProgramForCreate {
            organization_id: commune.id,
            fund_id: fund.id,
            kind: ProgramKind::Scholarship,
            name: PROGRAM.into(),
            cycle: "2026-2027".into(),
            description: Some(
                "Học bổng cho học sinh có hoàn cảnh khó khăn, vượt khó học tốt của xã Bát Tràng."
                    .into(),
            ),
            opens_on: today - TimeDelta::days(7),
            closes_on: today + TimeDelta::days(60),
            budget: Money::from_dong(20_000_000),
            tiers: vec![
                TierForCreate {
                    name: "Học bổng toàn phần".into(),
                    amount: Money::from_dong(2_000_000),
                    quota: 5,
                },
                TierForCreate {
                    name: "Học bổng khuyến khích".into(),
                    amount: Money::from_dong(1_000_000),
                    quota: 10,
                },
            ],
            eligibility: EligibilityRules {
                education_levels: vec![EducationLevel::Primary, EducationLevel::LowerSecondary],
                min_gpa: Gpa::from_hundredths(700),
                ..EligibilityRules::default()
            },
            rubric: vec![
                criterion("Kết quả học tập", 50),
                criterion("Hoàn cảnh gia đình", 30),
                RubricCriterion {
                    step: ScoreStep::Half,
                    ..criterion("Ý chí vượt khó", 20)
                },
            ],
            required_evidence: Vec::new(),
            reviewers_per_application: 2,
            blind_review: false,
            duplicate_policy: shared::DuplicatePolicy::DEFAULT,
        },
    )
    .await?;
    let program_id = created.program.id;
    programs::move_as(db, &meta, &manager, program_id, ProgramStatus::Open).await?;
    let tiers = created.tiers;

    // Lê Quốc Bảo's clan has already rewarded him this school year: his decider will see it.
    let staff = clan::Staff {
        manager: &manager,
        treasurer: &treasurer,
        reviewers: [&first_reviewer, &second_reviewer],
        password,
    };
    clan::award_already_made(db, &meta, &staff, commune.id, "2013-11-20".parse()?).await?;
    let household = society::recognitions_made(db, &meta, &manager, commune.id).await?;

    let mut applications = Vec::new();
    for (name, born, id, class, gpa) in [
        ("Lê Minh Anh", "2012-09-05", "001312345678", "8A", 860),
        ("Lê Thu Hà", "2015-03-12", "001315345679", "5B", 910),
        ("Lê Quốc Bảo", "2013-11-20", "001213345670", "7C", 780),
    ] {
        let learner = learners::register(
            db,
            &meta,
            &guardian,
            LearnerForCreate {
                full_name: name.into(),
                date_of_birth: born.parse()?,
                gender: if name.contains("Thu") || name.contains("Anh") {
                    Gender::Female
                } else {
                    Gender::Male
                },
                personal_id: Some(PersonalId::parse(id)?),
                education_level: if class.starts_with('5') {
                    EducationLevel::Primary
                } else {
                    EducationLevel::LowerSecondary
                },
                school: Some(if class.starts_with('5') {
                    "Trường Tiểu học Bát Tràng".into()
                } else {
                    "Trường THCS Bát Tràng".into()
                }),
                class_name: Some(class.into()),
                commune_id: Some(commune.id),
                circumstances: vec![Circumstance::NearPoor],
                gpa: Gpa::from_hundredths(gpa),
                achievements: None,
                guardian_name: Some("Lê Văn Bình".into()),
                guardian_phone: None,
                organization_id: None,
            },
        )
        .await?;
        let application = applications::create_as(
            db,
            &meta,
            &guardian,
            program_id,
            learner.id,
            "Gia đình em thuộc hộ cận nghèo; em luôn cố gắng học tốt.",
        )
        .await?;
        dossier::submit_as(db, &meta, &guardian, application.id, "").await?;
        applications.push(application.id);
    }
    reviews::assign_round_robin_as(db, &meta, &manager, program_id).await?;
    let place = (commune.id, fund.id);
    let grandchildren = ["001312345678", "001315345679"];
    society::family_program(db, &meta, &manager, place, household, &grandchildren).await?;

    // Scores: both reviewers for the first two, only the first reviewer for the third. The
    // last criterion takes half points.
    let points = |whole: [u16; 3]| whole.map(Points::whole);
    let first_scores = [
        Points::whole(9),
        Points::whole(8),
        Points::from_hundredths(850),
    ];
    for (n, application) in applications.iter().enumerate() {
        for (reviewer, scores) in [
            (&first_reviewer, first_scores),
            (&second_reviewer, points([8, 9, 8])),
        ] {
            if n == 2 && reviewer.user_id == second_reviewer.user_id {
                continue;
            }
            let Some(review) = reviews::of_application(db, *application)
                .await?
                .into_iter()
                .find(|r| r.reviewer_id == reviewer.user_id)
            else {
                continue;
            };
            reviews::submit_as(
                db,
                &meta,
                reviewer,
                review.id,
                &scores,
                Recommendation::Approve,
                "Hồ sơ đầy đủ, hoàn cảnh khó khăn, học tập tốt.",
            )
            .await?;
        }
    }
    // The first is approved and paid; the second approved, for the treasurer to pay.
    let full = tiers.first().context("the program's first tier")?.id;
    for (n, application) in applications.iter().take(2).enumerate() {
        awards::approve_as(
            db,
            &meta,
            &manager,
            &key(&format!("demo-approve-{n}"))?,
            *application,
            full,
        )
        .await?;
    }
    awards::pay_as(db, &meta, &treasurer, &key("demo-pay-0")?, applications[0]).await?;
    Ok(Story::Created { program_id })
}

fn criterion(name: &str, weight: u8) -> RubricCriterion {
    RubricCriterion {
        name: name.into(),
        weight,
        max_score: 10,
        step: ScoreStep::Whole,
    }
}

fn key(text: &str) -> anyhow::Result<IdempotencyKey> {
    Ok(IdempotencyKey::parse(text)?)
}

/// The demo account `login` (created when missing), holding `role` on the commune's
/// association, as a signed-in actor.
async fn person(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    login: &str,
    name: &str,
    role: Option<Role>,
    organization_id: i64,
    password: &str,
) -> anyhow::Result<SignedIn> {
    let login = Login::parse(login)?;
    let user = match access::find_by_login(db, &login).await? {
        Some(user) => user,
        None => {
            let account = AccountForCreate {
                login,
                display_name: name.into(),
                password: NewPassword::parse(password)?,
            };
            access::create_account(db, meta, account).await?
        }
    };
    if let Some(role) = role {
        access::grant_role(db, meta, None, user.id, organization_id, role).await?;
    }
    Ok(SignedIn {
        user_id: user.id,
        session_id: 0,
        grants: crate::service::actor::grants_of(db, user.id).await?,
    })
}

/// Bát Tràng's account statement as Vietcombank exports it, imported: one transfer carries a
/// pledge's reference (its donation is recorded), one looks like another pledge by its name
/// and amount (suggested), one came without a pledge and one is the bank's fee (both left for
/// the treasurer).
async fn statement_imported(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    treasurer: &SignedIn,
    pledges: &pledge::PledgePolicy,
    account: &bank_account::BankAccount,
    campaign_id: i64,
) -> anyhow::Result<()> {
    let promise = |name: &str, amount: i64| pledge::PledgeForCreate {
        fund_id: account.row.fund_id,
        amount,
        donor_name: Some(name.into()),
        anonymous: false,
        contact: None,
        campaign_id: Some(campaign_id),
    };
    let kept = pledge::create(db, pledges, meta, promise("Trần Văn Bình", 200_000)).await?;
    pledge::create(db, pledges, meta, promise("Lê Thị Lan", 300_000)).await?;
    let day = programs::today().naive().format("%d/%m/%Y").to_string();
    let note = kept.reference()?.note();
    let text = format!(
        "NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM\r\n\
         Số tài khoản: {number}\r\n\
         \r\n\
         STT,Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Số dư,Mô tả\r\n\
         1,{day},5213.20001,,200.000,200.000,MBVCB.3278.{note}.CT tu 0451000123456 TRAN VAN BINH\r\n\
         2,{day},5213.20002,,300.000,500.000,LE THI LAN chuyen tien ung ho khuyen hoc\r\n\
         3,{day},5213.20003,,1.000.000,1.500.000,CONG TY GOM SU BAT TRANG ung ho\r\n\
         4,{day},5213.20004,11.000,,1.489.000,Phi quan ly tai khoan\r\n",
        number = account.row.account_number,
    );
    let file = bank_statement::upload_as(
        db,
        treasurer,
        account.row.id,
        "SaoKe_VCB_0011001932418.csv",
        text.into_bytes(),
    )
    .await?;
    bank_statement::import_as(db, meta, treasurer, file.id).await?;
    Ok(())
}
