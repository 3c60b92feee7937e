//! One learner funded once, in the demo: the Lê clan of Giang Cao village has already
//! rewarded Lê Quốc Bảo this school year from its own fund, keeping him on its own roster
//! without a personal id. When the commune's program manager comes to decide on his
//! scholarship, the clan's award shows above the decision (same name, date of birth and
//! commune).

use anyhow::Context as _;
use chrono::{NaiveDate, TimeDelta};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use shared::{
    DonationMethod, DonorKind, EducationLevel, EligibilityRules, Gender, Gpa, Money, Points,
    ProgramKind, ProgramStatus, Recommendation, Role,
};

use super::{criterion, key};
use crate::{
    entity::organization,
    service::{
        actor::SignedIn,
        application as applications,
        audit::RequestMeta,
        award as awards, dossier,
        fund::{self as funds, DonorForCreate},
        learner::{self as learners, LearnerForCreate},
        ledger::{self, DonorRef, Movement},
        program::{self as programs, ProgramForCreate, TierForCreate},
        review as reviews,
    },
};

const CLAN: &str = "Ban Khuyến học dòng họ Lê thôn Giang Cao";
const CLAN_FUND: &str = "Quỹ Khuyến học dòng họ Lê";

/// The commune's staff, whose roles reach the organisations under it: its program manager
/// decides the clan's awards, its treasurer takes the clan's gift.
pub(super) struct Staff<'a> {
    pub manager: &'a SignedIn,
    pub treasurer: &'a SignedIn,
    pub reviewers: [&'a SignedIn; 2],
    /// The demo's password, for the clan's keeper of its roster.
    pub password: &'a str,
}

impl Staff<'_> {
    fn reviewer_of(&self, user_id: i64) -> anyhow::Result<&SignedIn> {
        self.reviewers
            .into_iter()
            .find(|r| r.user_id == user_id)
            .context("the review went to one of the demo's reviewers")
    }
}

/// The clan's fund receives its members' gift, its excellence award is approved for Lê Quốc
/// Bảo (born `born`, of commune `commune_id`), kept on the clan's roster.
pub(super) async fn award_already_made(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    staff: &Staff<'_>,
    commune_id: i64,
    born: NaiveDate,
) -> anyhow::Result<()> {
    let clan = organization::Entity::find()
        .filter(organization::Column::Name.eq(CLAN))
        .one(db)
        .await?
        .with_context(|| format!("{CLAN} is not there: run `seed` first"))?;
    let fund = funds::find_by_name(db, clan.id, CLAN_FUND)
        .await?
        .with_context(|| format!("{CLAN_FUND} is not there: run `seed` first"))?;
    let gift = Movement::Donation {
        fund_id: fund.id,
        amount: Money::from_dong(5_000_000),
        donor: DonorRef::New(DonorForCreate {
            kind: DonorKind::Organization,
            name: "Con cháu dòng họ Lê thôn Giang Cao".into(),
            anonymous: false,
            contact: None,
        }),
        method: DonationMethod::Cash,
        bank_reference: None,
        memo: "Góp quỹ khuyến học của họ, năm học 2026-2027".into(),
        campaign_id: None,
        received: None,
    };
    ledger::apply(db, meta, staff.treasurer, &key("demo-clan-gift")?, gift).await?;
    let today = programs::today().naive();
    let created = programs::create_as(
        db,
        meta,
        staff.manager,
        ProgramForCreate {
            organization_id: clan.id,
            fund_id: fund.id,
            kind: ProgramKind::Excellence,
            name: "Khen thưởng con cháu học giỏi dòng họ Lê (demo)".into(),
            cycle: "2026-2027".into(),
            description: Some("Phần thưởng của họ cho con cháu học giỏi.".into()),
            opens_on: today - TimeDelta::days(30),
            closes_on: today + TimeDelta::days(30),
            budget: Money::from_dong(5_000_000),
            tiers: vec![TierForCreate {
                name: "Phần thưởng học sinh giỏi".into(),
                amount: Money::from_dong(500_000),
                quota: 10,
            }],
            eligibility: EligibilityRules::default(),
            rubric: vec![criterion("Thành tích học tập", 100)],
            required_evidence: Vec::new(),
            reviewers_per_application: 1,
            blind_review: false,
            duplicate_policy: shared::DuplicatePolicy::DEFAULT,
        },
    )
    .await?;
    let program_id = created.program.id;
    programs::move_as(db, meta, staff.manager, program_id, ProgramStatus::Open).await?;
    // The clan's roster, kept by one of its elders, has him by name, birthday and commune: no
    // personal id.
    let keeper = super::person(
        db,
        meta,
        "truongho@khuyenhoc.local",
        "Lê Văn Tộc",
        Some(Role::ProgramManager),
        clan.id,
        staff.password,
    )
    .await?;
    let learner = learners::register(
        db,
        meta,
        &keeper,
        LearnerForCreate {
            full_name: "Lê Quốc Bảo".into(),
            date_of_birth: born,
            gender: Gender::Male,
            personal_id: None,
            education_level: EducationLevel::LowerSecondary,
            school: Some("Trường THCS Bát Tràng".into()),
            class_name: Some("7C".into()),
            commune_id: Some(commune_id),
            circumstances: Vec::new(),
            gpa: Gpa::from_hundredths(780),
            achievements: Some("Học sinh giỏi cấp xã".into()),
            guardian_name: None,
            guardian_phone: None,
            organization_id: Some(clan.id),
        },
    )
    .await?;
    let application = applications::create_as(
        db,
        meta,
        &keeper,
        program_id,
        learner.id,
        "Cháu đạt học sinh giỏi cấp xã năm học trước.",
    )
    .await?;
    dossier::submit_as(db, meta, &keeper, application.id, "").await?;
    reviews::assign_round_robin_as(db, meta, staff.manager, program_id).await?;
    let review = reviews::of_application(db, application.id)
        .await?
        .into_iter()
        .next()
        .context("the clan's application has a reviewer")?;
    reviews::submit_as(
        db,
        meta,
        staff.reviewer_of(review.reviewer_id)?,
        review.id,
        &[Points::whole(9)],
        Recommendation::Approve,
        "Thành tích tốt.",
    )
    .await?;
    let tier = created.tiers.first().context("the clan program's tier")?.id;
    awards::approve_as(
        db,
        meta,
        staff.manager,
        &key("demo-clan-approve")?,
        application.id,
        tier,
    )
    .await?;
    Ok(())
}
