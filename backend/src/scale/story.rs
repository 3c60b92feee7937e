//! Programs and applications: what each state of an application implies, the money
//! included (written through `ledger`).

use anyhow::Context as _;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::DatabaseConnection;
use shared::{
    ApplicationAction, ApplicationStatus, AwardStatus, EligibilityRules, Money, NotificationKind,
    ProgramKind, ProgramStatus, Recommendation, ReviewStatus, program::RubricCriterion,
};

use super::{
    ledger::{Ledger, Movement},
    names::Dice,
    sink::{Ids, Sink, Table},
};
use crate::service::{
    actor::SignedIn,
    audit::RequestMeta,
    program::{self as programs, ProgramForCreate, TierForCreate},
};

pub(super) struct ScaleProgram {
    pub(super) id: i64,
    pub(super) fund_id: i64,
    pub(super) tier_id: i64,
    pub(super) amount: i64,
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn create_program(
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
        grants: crate::service::actor::grants_of(db, manager).await?,
    };
    let criterion = |name: &str| RubricCriterion {
        name: name.into(),
        weight: 50,
        max_score: 10,
        step: shared::ScoreStep::Whole,
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
            duplicate_policy: shared::DuplicatePolicy::DEFAULT,
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

/// Applications in every state, in proportions a real cycle might show, each with the
/// timeline, reviews, award and money its state implies.
pub(super) struct Story<'s, 'a> {
    pub(super) sink: &'s mut Sink<'a>,
    pub(super) ids: &'s mut Ids,
    pub(super) ledger: &'s mut Ledger,
    pub(super) dice: &'s mut Dice,
    /// When the first applications came in.
    pub(super) start: DateTime<Utc>,
    /// Who pays and cancels awards (a treasurer above every fund: never the approver).
    pub(super) treasurer: i64,
}

impl Story<'_, '_> {
    /// One notification in `user`'s inbox about application `id`.
    async fn notify(
        &mut self,
        user: i64,
        kind: NotificationKind,
        id: i64,
        review: Option<i64>,
        at: DateTime<Utc>,
        read: Option<DateTime<Utc>>,
    ) -> anyhow::Result<()> {
        self.sink
            .push(
                Table::Notification,
                vec![
                    user.into(),
                    kind.code().into(),
                    id.into(),
                    review.into(),
                    at.into(),
                    read.into(),
                ],
            )
            .await
    }

    pub(super) async fn application(
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
            73..77 => S::Approved,
            77..82 => S::Disbursed,
            82..95 => S::Rejected,
            95..98 => S::Withdrawn,
            _ => S::Cancelled,
        };
        let id = self.ids.take(Table::Application);
        // Inside the program's window (opened 30 days ago), every step in the past.
        let created = self.start + Duration::minutes(self.dice.below(5 * 24 * 60) as i64);
        let submitted = (status != S::Draft).then(|| created + Duration::hours(1));
        let decided = created + Duration::days(10);
        let settled = decided + Duration::days(5);
        let awarded = matches!(status, S::Approved | S::Disbursed | S::Cancelled);
        let reviewed = !matches!(status, S::Draft | S::Submitted | S::Withdrawn);
        // Each reviewer's scores, and whether they are in (under review: the first reviewer
        // has scored, the second not yet); the application keeps their mean for the ranking.
        let reviews: Vec<(bool, [usize; 2])> = if reviewed {
            (0..reviewers.len())
                .map(|n| {
                    let scores = [5 + self.dice.below(6), 5 + self.dice.below(6)];
                    (status != S::UnderReview || n == 0, scores)
                })
                .collect()
        } else {
            Vec::new()
        };
        let review_score =
            |scores: [usize; 2]| i64::try_from((scores[0] + scores[1]) * 500).unwrap_or(0);
        let done: Vec<i64> = reviews
            .iter()
            .filter(|(done, _)| *done)
            .map(|(_, scores)| review_score(*scores))
            .collect();
        let rank_score = if done.is_empty() {
            -1
        } else {
            done.iter().sum::<i64>() / done.len() as i64
        };
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
                    rank_score.into(),
                ],
            )
            .await?;
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
                created + Duration::days(2),
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
        // The applicant side was told of each of the program's answers; all but the last
        // were read the day after.
        let last = timeline.len().saturating_sub(1);
        for (n, (action, .., at)) in timeline.iter().enumerate() {
            if let Some(kind) = NotificationKind::for_applicant(*action) {
                let read = (n < last).then(|| *at + Duration::days(1));
                self.notify(guardian, kind, id, None, *at, read).await?;
            }
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
        {
            for (reviewer, (done, scores)) in reviewers.iter().zip(reviews) {
                let score = i32::try_from(review_score(scores)).unwrap_or(0);
                let review = self.ids.take(Table::Review);
                self.sink
                    .push(
                        Table::Review,
                        vec![
                            review.into(),
                            id.into(),
                            (*reviewer).into(),
                            manager.into(),
                            (created + Duration::days(1)).into(),
                            if done {
                                ReviewStatus::Submitted
                            } else {
                                ReviewStatus::Assigned
                            }
                            .into(),
                            done.then(|| format!("[{},{}]", scores[0], scores[1]))
                                .into(),
                            done.then_some(score).into(),
                            done.then_some(if score >= 7000 {
                                Recommendation::Approve
                            } else {
                                Recommendation::Neutral
                            })
                            .into(),
                            done.then_some(created + Duration::days(2)).into(),
                        ],
                    )
                    .await?;
                // Told of the assignment; settled once scored or once the application left
                // review.
                let settled = if done {
                    Some(created + Duration::days(2))
                } else {
                    (status != S::UnderReview).then_some(decided)
                };
                let assigned = created + Duration::days(1);
                self.notify(
                    *reviewer,
                    NotificationKind::ReviewAssigned,
                    id,
                    Some(review),
                    assigned,
                    settled,
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
                    AwardStatus::Paid,
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
                    AwardStatus::Cancelled,
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
                _ => (AwardStatus::Reserved, None, None),
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
                        settlement.map(|_| self.treasurer).into(),
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
