//! A learning society in the demo: Giang Cao village (a chapter of Bát Tràng commune's
//! association) counts its households, clans and its one community for the year; six
//! households, the Lê clan and the village registered, scored against the year's criteria
//! (one household short of the pass mark, one not yet scored), and the commune's decision
//! recognising three households and the clan — so the commune's page shows real progress and
//! work still to do: a household and the village passed, waiting for the next decision.

use std::collections::BTreeMap;

use anyhow::Context as _;
use chrono::Datelike;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use shared::society::{Population, RecognitionModel};

use crate::{
    entity::organization,
    service::{actor::SignedIn, audit::RequestMeta, program as programs, society},
};

const VILLAGE: &str = "Chi hội Khuyến học thôn Giang Cao";

/// The household the demo's guardian, Lê Văn Bình, heads: recognised as a learning family.
const BINH: &str = "Hộ ông Lê Văn Bình";

/// Registers, scores and recognises the village's units for this year, as the commune's
/// program manager; the registration of Lê Văn Bình's household.
pub(super) async fn recognitions_made(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    manager: &SignedIn,
    commune_id: i64,
) -> anyhow::Result<i64> {
    let village = organization::Entity::find()
        .filter(organization::Column::Name.eq(VILLAGE))
        .one(db)
        .await?
        .with_context(|| format!("{VILLAGE} is not there: run `seed` first"))?;
    let today = programs::today().naive();
    let year = today.year();
    for (population, count) in [
        (Population::Households, 12),
        (Population::Clans, 2),
        (Population::Communities, 1),
    ] {
        let set = society::PopulationForSet {
            organization_id: village.id,
            year,
            population,
            count: Some(count),
            target_percent: None,
        };
        society::set_population_as(db, meta, manager, set).await?;
    }
    // Each registration's points as a share of every item's maximum (in percent), or None
    // when it is not scored yet.
    let units: [(RecognitionModel, &str, Option<u32>, bool); 8] = [
        (RecognitionModel::Household, BINH, Some(95), true),
        (
            RecognitionModel::Household,
            "Hộ bà Nguyễn Thị Lan",
            Some(85),
            true,
        ),
        (
            RecognitionModel::Household,
            "Hộ ông Phạm Văn Thành",
            Some(75),
            true,
        ),
        (
            RecognitionModel::Household,
            "Hộ ông Đỗ Văn Hùng",
            Some(80),
            false,
        ),
        (
            RecognitionModel::Household,
            "Hộ bà Trần Thị Mai",
            Some(60),
            false,
        ),
        (
            RecognitionModel::Household,
            "Hộ ông Vũ Văn Nam",
            None,
            false,
        ),
        (
            RecognitionModel::Clan,
            "Dòng họ Lê thôn Giang Cao",
            Some(90),
            true,
        ),
        (
            RecognitionModel::Community,
            "Thôn Giang Cao",
            Some(80),
            false,
        ),
    ];
    // The year's criteria in force: the seeded examples until the city saves its own.
    let criteria = society::of_year(db, year).await?;
    let mut decided: BTreeMap<RecognitionModel, Vec<i64>> = BTreeMap::new();
    let mut binh = None;
    for (model, name, share, recognise) in units {
        let registered = society::register_as(
            db,
            meta,
            manager,
            society::UnitForRegister {
                organization_id: village.id,
                model,
                year,
                name: name.into(),
                address: Some("Thôn Giang Cao, xã Bát Tràng".into()),
                for_myself: false,
            },
        )
        .await?;
        if name == BINH {
            binh = Some(registered.row.id);
        }
        let Some(share) = share else { continue };
        let set = &criteria
            .iter()
            .find(|saved| saved.set.model == model)
            .with_context(|| format!("no criteria for {model} in {year}: run `seed` first"))?
            .set;
        let scores = set
            .groups
            .iter()
            .flat_map(|group| &group.items)
            .map(|item| (item.code.clone(), item.points * share / 100))
            .collect();
        society::assess_as(db, meta, manager, registered.row.id, scores, None).await?;
        if recognise {
            decided.entry(model).or_default().push(registered.row.id);
        }
    }
    for (n, (model, ids)) in decided.into_iter().enumerate() {
        let decision = society::DecisionForCreate {
            organization_id: commune_id,
            model,
            year,
            number: format!("{}/QĐ-KH", 15 + n),
            signed_on: today,
            signer: "Chủ tịch Hội Nguyễn Văn Quản".into(),
            registration_ids: ids,
        };
        society::decide_as(db, meta, manager, decision).await?;
    }
    indicators_reported(db, meta, manager, commune_id, year).await?;
    binh.context("Lê Văn Bình's household was not registered")
}

/// The commune's program for learning families, open: its awards go to learners of a
/// household recognised as a learning one. Lê Văn Bình's grandchildren are linked to his
/// household by their personal ids, so they may apply.
pub(super) async fn family_program(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    manager: &SignedIn,
    (commune_id, fund_id): (i64, i64),
    household: i64,
    personal_ids: &[&str],
) -> anyhow::Result<()> {
    use chrono::TimeDelta;
    use shared::{
        EligibilityRules, Money, ProgramKind, ProgramStatus, ScoreStep, program::RubricCriterion,
    };
    let today = programs::today().naive();
    let created = programs::create_as(
        db,
        meta,
        manager,
        programs::ProgramForCreate {
            organization_id: commune_id,
            fund_id,
            kind: ProgramKind::LearningFamily,
            name: "Khen thưởng con em gia đình học tập".into(),
            cycle: "2026-2027".into(),
            description: Some(
                "Khen thưởng học sinh là con em các gia đình được công nhận Gia đình học tập."
                    .into(),
            ),
            opens_on: today - TimeDelta::days(3),
            closes_on: today + TimeDelta::days(45),
            budget: Money::from_dong(5_000_000),
            tiers: vec![programs::TierForCreate {
                name: "Phần thưởng".into(),
                amount: Money::from_dong(500_000),
                quota: 10,
            }],
            eligibility: EligibilityRules {
                recognised_as: vec![RecognitionModel::Household],
                ..EligibilityRules::default()
            },
            rubric: vec![RubricCriterion {
                name: "Kết quả học tập".into(),
                weight: 100,
                max_score: 10,
                step: ScoreStep::Whole,
            }],
            required_evidence: Vec::new(),
            reviewers_per_application: 1,
            blind_review: false,
            duplicate_policy: shared::DuplicatePolicy::DEFAULT,
        },
    )
    .await?;
    programs::move_as(db, meta, manager, created.program.id, ProgramStatus::Open).await?;
    for personal_id in personal_ids {
        society::family::link_learner_as(db, meta, manager, household, personal_id).await?;
    }
    Ok(())
}

/// The commune's values of some of the plan's indicators for the year, with their sources:
/// literacy and universal education met, trained workers just short of the plan's 75%, life
/// skills above its 50%.
async fn indicators_reported(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    manager: &SignedIn,
    commune_id: i64,
    year: i32,
) -> anyhow::Result<()> {
    let kept = society::indicator::indicators(db).await?;
    let reports: [(&str, i64, i64, &str); 5] = [
        ("2.1.a.1", 1, 1, "Biên bản kiểm tra xóa mù chữ của xã"),
        (
            "2.1.a.2",
            8_420,
            8_450,
            "Báo cáo phổ cập giáo dục, xóa mù chữ của xã",
        ),
        ("2.1.a.6", 1, 1, "Biên bản kiểm tra phổ cập giáo dục THCS"),
        ("2.1.b.1", 4_150, 5_600, "Thống kê lao động của UBND xã"),
        (
            "2.1.b.4",
            2_900,
            5_600,
            "Báo cáo của Trung tâm học tập cộng đồng",
        ),
    ];
    for (code, numerator, denominator, source) in reports {
        let indicator = kept
            .iter()
            .find(|indicator| indicator.code == code)
            .with_context(|| format!("no indicator {code}: run `seed` first"))?;
        let report = society::indicator::ValueForReport {
            indicator_id: indicator.id,
            organization_id: commune_id,
            year,
            numerator,
            denominator,
            source: source.into(),
        };
        society::indicator::report_as(db, meta, manager, report).await?;
    }
    Ok(())
}
