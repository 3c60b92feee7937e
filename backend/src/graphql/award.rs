//! Awards in the GraphQL API: decisions that reserve money, payouts with their receipt list,
//! a program's awards for its staff and treasurers, and its paid recipients for the public.

use async_graphql::{
    Context, ID, Object, SimpleObject,
    connection::{Connection, CursorType},
};
use chrono::{DateTime, Utc};
use shared::{AwardStatus, ErrorCode, IdempotencyKey, Money};

use super::{
    application::Application,
    error::{ApiError, ApiResult},
    guard::SignedInGuard,
    organization::actor_context,
    scalars::{
        DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MoneyScalar, connection_with, decode_cursor, page_size,
        parse_id,
    },
};
use crate::service::{
    award::{self as awards, BatchPayout, ReceiptLine},
    dossier, program as programs,
};

/// An approved application's award: its tier and amount, reserved in the program's fund until
/// it is paid (or cancelled).
#[derive(SimpleObject, Clone, Debug)]
pub struct Award {
    tier_id: ID,
    tier_name: String,
    amount: MoneyScalar,
    /// Reserved (approved, not yet paid), paid or cancelled.
    status: AwardStatus,
    /// The program manager who approved it (who may not pay it).
    decided_by: ID,
    decided_at: DateTime<Utc>,
    /// When it was paid or cancelled.
    settled_at: Option<DateTime<Utc>>,
    cancel_reason: Option<String>,
}

impl Award {
    /// An award, its tier named from the program's `tiers`.
    pub fn new(award: awards::Award, tiers: &[programs::Tier]) -> Self {
        let tier_name = tiers
            .iter()
            .find(|t| t.id == award.tier_id)
            .map(|t| t.name.clone())
            .unwrap_or_default();
        Self::named(award, tier_name)
    }

    /// An award whose tier's name was read with it.
    pub fn named(award: awards::Award, tier_name: String) -> Self {
        Self {
            tier_id: ID(award.tier_id.to_string()),
            tier_name,
            amount: Money::from_dong(award.amount).into(),
            status: award.status,
            decided_by: ID(award.decided_by.to_string()),
            decided_at: award.decided_at,
            settled_at: award.settled_at,
            cancel_reason: award.cancel_reason,
        }
    }
}

/// An award of a program with the learner it goes to (for its staff and the fund's
/// treasurers); the paid ones make the receipt list.
#[derive(SimpleObject, Clone, Debug)]
pub struct ProgramAward {
    application_id: ID,
    learner_name: String,
    class_name: Option<String>,
    school: Option<String>,
    award: Award,
}

/// A line of the receipt list signed at the award ceremony.
#[derive(SimpleObject, Clone, Debug)]
pub struct Receipt {
    application_id: ID,
    learner_name: String,
    class_name: Option<String>,
    school: Option<String>,
    amount: MoneyScalar,
}

impl From<ReceiptLine> for Receipt {
    fn from(line: ReceiptLine) -> Self {
        Self {
            application_id: ID(line.application_id.to_string()),
            learner_name: line.learner_name,
            class_name: line.class_name,
            school: line.school,
            amount: line.amount.into(),
        }
    }
}

/// What a batch payout did.
#[derive(SimpleObject, Clone, Debug)]
pub struct Payout {
    /// Paid now, by learner name: the receipt list.
    paid: Vec<Receipt>,
    /// The total paid now.
    total: MoneyScalar,
    /// Approved awards left for another treasurer: you approved them, applied for them or
    /// manage the learner.
    skipped_application_ids: Vec<ID>,
    /// Awards that could not be paid now, with why (paid meanwhile by someone else, say).
    failures: Vec<PayoutFailure>,
}

/// An award a batch payout could not pay, and why: what the same failure of a single payout
/// would have said.
#[derive(SimpleObject, Clone, Debug)]
pub struct PayoutFailure {
    application_id: ID,
    /// The error's code, as `extensions.code` would carry it.
    code: ErrorCode,
    message: String,
}

impl From<BatchPayout> for Payout {
    fn from(batch: BatchPayout) -> Self {
        let total: i64 = batch.paid.iter().map(|l| l.amount.dong()).sum();
        Self {
            paid: batch.paid.into_iter().map(Into::into).collect(),
            total: total.into(),
            skipped_application_ids: batch
                .skipped
                .into_iter()
                .map(|id| ID(id.to_string()))
                .collect(),
            failures: batch
                .failed
                .into_iter()
                .map(|(id, error)| {
                    let shown = error.for_client();
                    PayoutFailure {
                        application_id: ID(id.to_string()),
                        code: shown.code,
                        message: shown.message,
                    }
                })
                .collect(),
        }
    }
}

/// A recipient as the public sees them.
#[derive(SimpleObject, Clone, Debug)]
pub struct Recipient {
    /// The initials of the learner's name: `L. M. A.`.
    name: String,
    /// The name of the commune the learner lives in.
    commune: Option<String>,
    amount: MoneyScalar,
}

/// What a program has paid in all, over every page of recipients.
#[derive(SimpleObject, Clone, Debug)]
pub struct RecipientTotals {
    /// How many awards are paid.
    total_count: i32,
    /// Their total.
    total_amount: MoneyScalar,
}

/// What a page of a program's awards says about all of them (of the status asked for),
/// counted once and only when asked for.
pub struct AwardTotals {
    program_id: i64,
    status: Option<AwardStatus>,
    counted: tokio::sync::OnceCell<(i64, shared::Money)>,
}

impl AwardTotals {
    async fn counted(&self, ctx: &Context<'_>) -> ApiResult<(i64, shared::Money)> {
        let db = ctx.data::<sea_orm::DatabaseConnection>()?;
        Ok(*self
            .counted
            .get_or_try_init(|| awards::totals(db, self.program_id, self.status))
            .await?)
    }
}

#[Object]
impl AwardTotals {
    /// How many awards there are, on every page.
    async fn total_count(&self, ctx: &Context<'_>) -> ApiResult<i32> {
        let (count, _) = self.counted(ctx).await?;
        Ok(i32::try_from(count).unwrap_or(i32::MAX))
    }

    /// Their total amount.
    async fn total_amount(&self, ctx: &Context<'_>) -> ApiResult<MoneyScalar> {
        let (_, total) = self.counted(ctx).await?;
        Ok(total.into())
    }

    /// Their total amount in Vietnamese words, as a paper signed for money writes it under
    /// the figure ("Hai triệu đồng").
    async fn total_amount_in_words(&self, ctx: &Context<'_>) -> ApiResult<String> {
        let (_, total) = self.counted(ctx).await?;
        Ok(total.in_words_vi())
    }
}

#[derive(Default)]
pub struct AwardQuery;

#[Object]
impl AwardQuery {
    /// A program's awards, of one status or all, in the order they were decided and a page
    /// at a time, with their tiers: for the program's managers and the treasurers of its
    /// fund. The PAID ones are the receipt list signed at the award ceremony.
    #[graphql(
        guard = "SignedInGuard",
        complexity = "first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE) as usize * child_complexity + 1"
    )]
    async fn program_awards(
        &self,
        ctx: &Context<'_>,
        program_id: ID,
        status: Option<AwardStatus>,
        #[graphql(desc = "How many to return (1–100, default 50).")] first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page.")] after: Option<String>,
    ) -> ApiResult<Connection<String, ProgramAward, AwardTotals>> {
        let (db, _, actor) = actor_context(ctx)?;
        let id = parse_id("programId", &program_id)?;
        let first = page_size(first)?;
        let after: Option<i64> = after.as_deref().map(decode_cursor).transpose()?;
        let page = awards::of_program_as(db, actor, id, status, after, first).await?;
        let totals = AwardTotals {
            program_id: id,
            status,
            counted: tokio::sync::OnceCell::new(),
        };
        connection_with(page, after.is_some(), totals, |line| {
            Ok::<_, ApiError>((
                line.award.id.encode_cursor(),
                ProgramAward {
                    application_id: ID(line.award.application_id.to_string()),
                    learner_name: line.learner.full_name,
                    class_name: line.learner.class_name,
                    school: line.learner.school,
                    award: Award::named(line.award, line.tier_name),
                },
            ))
        })
    }

    /// The paid recipients of a program, as the public sees them (name initials, commune
    /// and amount), in the order they were paid, a page at a time.
    #[graphql(
        complexity = "first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE) as usize * child_complexity + 1"
    )]
    async fn program_recipients(
        &self,
        ctx: &Context<'_>,
        program_id: ID,
        #[graphql(desc = "How many to return (1–100, default 50).")] first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page.")] after: Option<String>,
    ) -> ApiResult<Connection<String, Recipient, RecipientTotals>> {
        let db = ctx.data::<sea_orm::DatabaseConnection>()?;
        let id = parse_id("programId", &program_id)?;
        let first = page_size(first)?;
        let after = after.as_deref().map(decode_cursor).transpose()?;
        programs::get_as(db, None, id).await?;
        let page = awards::recipients(db, id, after, first).await?;
        let (count, total) = awards::totals(db, id, Some(AwardStatus::Paid)).await?;
        let totals = RecipientTotals {
            total_count: i32::try_from(count).unwrap_or(i32::MAX),
            total_amount: total.into(),
        };
        connection_with(page, after.is_some(), totals, |r| {
            Ok::<_, ApiError>((
                r.paid_by_transaction.encode_cursor(),
                Recipient {
                    name: r.name,
                    commune: r.commune,
                    amount: r.amount.into(),
                },
            ))
        })
    }
}

#[derive(Default)]
pub struct AwardMutation;

async fn application_view(ctx: &Context<'_>, id: i64) -> ApiResult<Application> {
    let (db, _, actor) = actor_context(ctx)?;
    Ok(dossier::view_as(db, actor, id).await?.try_into()?)
}

fn key(text: &str) -> ApiResult<IdempotencyKey> {
    Ok(IdempotencyKey::parse(text)?)
}

#[Object]
impl AwardMutation {
    /// Approves an application under review with a tier, reserving its amount in the
    /// program's fund. Program managers only, never on an application they submitted,
    /// reviewed or made for a learner they manage.
    #[graphql(guard = "SignedInGuard")]
    async fn approve_application(
        &self,
        ctx: &Context<'_>,
        id: ID,
        tier_id: ID,
        idempotency_key: String,
    ) -> ApiResult<Application> {
        let (db, meta, actor) = actor_context(ctx)?;
        let key = key(&idempotency_key)?;
        let moved = awards::approve_as(
            db,
            meta,
            actor,
            &key,
            parse_id("id", &id)?,
            parse_id("tierId", &tier_id)?,
        )
        .await?;
        application_view(ctx, moved.id).await
    }

    /// Cancels an approval before payment: its reservation is voided.
    #[graphql(guard = "SignedInGuard")]
    async fn cancel_approval(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: String,
        idempotency_key: String,
    ) -> ApiResult<Application> {
        let (db, meta, actor) = actor_context(ctx)?;
        let key = key(&idempotency_key)?;
        let moved = awards::cancel_as(db, meta, actor, &key, parse_id("id", &id)?, &reason).await?;
        application_view(ctx, moved.id).await
    }

    /// Pays one approved award (treasurers of the fund; not whoever approved it).
    #[graphql(guard = "SignedInGuard")]
    async fn pay_award(
        &self,
        ctx: &Context<'_>,
        application_id: ID,
        idempotency_key: String,
    ) -> ApiResult<Receipt> {
        let (db, meta, actor) = actor_context(ctx)?;
        let key = key(&idempotency_key)?;
        Ok(awards::pay_as(
            db,
            meta,
            actor,
            &key,
            parse_id("applicationId", &application_id)?,
        )
        .await?
        .into())
    }

    /// Pays every approved award of a program; returns the receipt list. Run twice, the
    /// second run pays nothing more.
    #[graphql(guard = "SignedInGuard")]
    async fn pay_program_awards(
        &self,
        ctx: &Context<'_>,
        program_id: ID,
        idempotency_key: String,
    ) -> ApiResult<Payout> {
        let (db, meta, actor) = actor_context(ctx)?;
        let key = key(&idempotency_key)?;
        Ok(
            awards::pay_program_as(db, meta, actor, &key, parse_id("programId", &program_id)?)
                .await?
                .into(),
        )
    }
}
