//! The mutations that move money, in the GraphQL API: donations, transfers, reservations,
//! their payment or release, and reversals. Each takes an idempotency key; the ledger checks
//! who may move what (`service::ledger`).

use async_graphql::{Context, ID, InputObject, Object};
use chrono::NaiveDate;
use shared::{DonationMethod, DonorKind, IdempotencyKey};

use super::{
    error::ApiResult,
    guard::SignedInGuard,
    ledger::LedgerTransaction,
    organization::actor_context,
    scalars::{MoneyScalar, parse_id},
};
use crate::service::{
    fund as funds,
    ledger::{self, DonorRef, Movement},
};

/// A donor recorded together with their donation.
#[derive(InputObject, Debug)]
pub struct NewDonorInput {
    /// Person or organisation.
    kind: DonorKind,
    /// Full name.
    name: String,
    /// Show them to the public as an anonymous benefactor.
    #[graphql(default)]
    anonymous: bool,
    /// Phone, email or address (never public).
    contact: Option<String>,
}

/// A donation to record.
#[derive(InputObject, Debug)]
pub struct RecordDonationInput {
    /// Chosen by the client, new for each donation; a retry with the same key is applied once.
    idempotency_key: String,
    /// The fund receiving it.
    fund_id: ID,
    /// The amount, or the value of goods given in kind.
    amount: MoneyScalar,
    /// How it arrived.
    method: DonationMethod,
    /// The bank's reference; required for a bank transfer.
    bank_reference: Option<String>,
    /// A donor already on record…
    donor_id: Option<ID>,
    /// …or a new one (exactly one of the two).
    new_donor: Option<NewDonorInput>,
    /// A note; required for a gift in kind (what was given).
    #[graphql(default)]
    memo: String,
    /// The fund's campaign the gift is for, if any: it counts toward its progress.
    campaign_id: Option<ID>,
    /// The day the money was received, when it was not today (at most ten years ago).
    received_on: Option<NaiveDate>,
    /// The receipt (phiếu thu) given for it.
    receipt_number: Option<String>,
}

/// Money to move from one fund to another.
#[derive(InputObject, Debug)]
pub struct TransferFundsInput {
    /// Chosen by the client, new for each transfer.
    idempotency_key: String,
    /// The fund the money leaves (one whose money you keep).
    from_fund_id: ID,
    /// The fund it goes to.
    to_fund_id: ID,
    /// The amount.
    amount: MoneyScalar,
    /// What it is for.
    #[graphql(default)]
    memo: String,
}

/// Money to set aside in a fund for an approved award.
#[derive(InputObject, Debug)]
pub struct ReserveFundsInput {
    /// Chosen by the client, new for each reservation.
    idempotency_key: String,
    /// The fund.
    fund_id: ID,
    /// The amount.
    amount: MoneyScalar,
    /// What it is for.
    #[graphql(default)]
    memo: String,
}

/// A reservation to pay out.
#[derive(InputObject, Debug)]
pub struct ResolveReservationInput {
    /// Chosen by the client, new for each request.
    idempotency_key: String,
    /// The reservation (the id of its transaction).
    reservation_id: ID,
    /// A note.
    #[graphql(default)]
    memo: String,
}

/// A reservation to release.
#[derive(InputObject, Debug)]
pub struct VoidReservationInput {
    /// Chosen by the client, new for each request.
    idempotency_key: String,
    /// The reservation (the id of its transaction).
    reservation_id: ID,
    /// Why it is released (required; it stays on the record).
    reason: String,
}

/// A transaction to undo.
#[derive(InputObject, Debug)]
pub struct ReverseTransactionInput {
    /// Chosen by the client, new for each request.
    idempotency_key: String,
    /// The donation, transfer or disbursement to reverse.
    transaction_id: ID,
    /// Why (required; it stays on the record).
    reason: String,
}

/// What a donation's form says of its receipt, checked: a day received not after today nor
/// more than ten years back (none: the day it is recorded).
fn received(
    on: Option<NaiveDate>,
    receipt_number: Option<String>,
) -> ApiResult<Option<ledger::Received>> {
    if on.is_none() && receipt_number.is_none() {
        return Ok(None);
    }
    if let Some(on) = on {
        shared::ledger::check_received_on(on, shared::date::vietnam_day(chrono::Utc::now()))?;
    }
    Ok(Some(ledger::Received {
        on,
        receipt_number,
        import_key: None,
    }))
}

#[derive(Default)]
pub struct LedgerMutation;

async fn apply(ctx: &Context<'_>, key: &str, movement: Movement) -> ApiResult<LedgerTransaction> {
    let (db, meta, actor) = actor_context(ctx)?;
    let key = IdempotencyKey::parse(key)?;
    Ok(ledger::apply(db, meta, actor, &key, movement).await?.into())
}

#[Object]
impl LedgerMutation {
    /// Records a donation into a fund whose money you keep.
    #[graphql(guard = "SignedInGuard")]
    async fn record_donation(
        &self,
        ctx: &Context<'_>,
        input: RecordDonationInput,
    ) -> ApiResult<LedgerTransaction> {
        let donor = match (input.donor_id, input.new_donor) {
            (Some(id), None) => DonorRef::Existing(parse_id("donorId", &id)?),
            (None, Some(new)) => DonorRef::New(funds::DonorForCreate {
                kind: new.kind,
                name: new.name,
                anonymous: new.anonymous,
                contact: new.contact,
            }),
            _ => {
                return Err(shared::ValidationError::new(
                    "donorId",
                    shared::ValidationReason::Format {
                        expected: "either donorId or newDonor".into(),
                    },
                )
                .into());
            }
        };
        let movement = Movement::Donation {
            fund_id: parse_id("fundId", &input.fund_id)?,
            amount: input.amount.amount("amount")?,
            donor,
            method: input.method,
            bank_reference: input.bank_reference,
            memo: input.memo,
            campaign_id: input
                .campaign_id
                .as_ref()
                .map(|id| parse_id("campaignId", id))
                .transpose()?,
            received: received(input.received_on, input.receipt_number)?,
        };
        apply(ctx, &input.idempotency_key, movement).await
    }

    /// Moves money from a fund whose money you keep to another fund.
    #[graphql(guard = "SignedInGuard")]
    async fn transfer_funds(
        &self,
        ctx: &Context<'_>,
        input: TransferFundsInput,
    ) -> ApiResult<LedgerTransaction> {
        let movement = Movement::Transfer {
            from_fund_id: parse_id("fromFundId", &input.from_fund_id)?,
            to_fund_id: parse_id("toFundId", &input.to_fund_id)?,
            amount: input.amount.amount("amount")?,
            memo: input.memo,
        };
        apply(ctx, &input.idempotency_key, movement).await
    }

    /// Sets money aside in a fund (a pending payment), as an approved award does.
    #[graphql(guard = "SignedInGuard")]
    async fn reserve_funds(
        &self,
        ctx: &Context<'_>,
        input: ReserveFundsInput,
    ) -> ApiResult<LedgerTransaction> {
        let movement = Movement::Reserve {
            fund_id: parse_id("fundId", &input.fund_id)?,
            amount: input.amount.amount("amount")?,
            memo: input.memo,
        };
        apply(ctx, &input.idempotency_key, movement).await
    }

    /// Pays out a reservation: the money leaves the fund. At most once.
    #[graphql(guard = "SignedInGuard")]
    async fn post_reservation(
        &self,
        ctx: &Context<'_>,
        input: ResolveReservationInput,
    ) -> ApiResult<LedgerTransaction> {
        let movement = Movement::Post {
            reservation_id: parse_id("reservationId", &input.reservation_id)?,
            memo: input.memo,
        };
        apply(ctx, &input.idempotency_key, movement).await
    }

    /// Releases a reservation: the money is available again. At most once.
    #[graphql(guard = "SignedInGuard")]
    async fn void_reservation(
        &self,
        ctx: &Context<'_>,
        input: VoidReservationInput,
    ) -> ApiResult<LedgerTransaction> {
        let movement = Movement::Void {
            reservation_id: parse_id("reservationId", &input.reservation_id)?,
            reason: input.reason,
        };
        apply(ctx, &input.idempotency_key, movement).await
    }

    /// Undoes a donation, transfer or disbursement with its mirror image, keeping both on
    /// the record. At most once per transaction.
    #[graphql(guard = "SignedInGuard")]
    async fn reverse_transaction(
        &self,
        ctx: &Context<'_>,
        input: ReverseTransactionInput,
    ) -> ApiResult<LedgerTransaction> {
        let movement = Movement::Reverse {
            transaction_id: parse_id("transactionId", &input.transaction_id)?,
            reason: input.reason,
        };
        apply(ctx, &input.idempotency_key, movement).await
    }
}
