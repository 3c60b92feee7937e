//! Pledges: anyone may say "I will give X to this fund", without an account. A pledge gets a
//! reference code for its transfer's note and the fund's account to pay into; it waits for
//! its transfer until the fund's pledge period passes, and it is never money (nothing here
//! touches the ledger). From one address, at most so many an hour.

use chrono::{DateTime, TimeDelta, Utc};
use rand_core::{OsRng, RngCore};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};
use serde_json::json;
use shared::{AuditAction, AuditObject, Money, PledgeReference, PledgeStatus};

use super::{
    actor::{MONEY_ROLES, SignedIn},
    audit::{self, AuditEntry, RequestMeta},
    bank_account::{self, BankAccount},
    fund,
};
use crate::{
    clock::Clock,
    entity::{fund as fund_row, pledge},
    error::{Error, Result},
};

/// What someone pledges.
#[derive(Debug, Clone)]
pub struct PledgeForCreate {
    pub fund_id: i64,
    pub amount: i64,
    /// The name to thank them by; none (or `anonymous`) keeps them unnamed in public.
    pub donor_name: Option<String>,
    pub anonymous: bool,
    /// A phone or an email the treasurer may use to thank them; never shown in public.
    pub contact: Option<String>,
    /// The fund's campaign it is made to, while the campaign runs.
    pub campaign_id: Option<i64>,
}

/// How pledges are limited.
#[derive(Debug, Clone)]
pub struct PledgePolicy {
    pub per_hour_per_address: u64,
    pub clock: Clock,
}

/// A pledge as it is read, with its status at the time of reading and the account it pays.
#[derive(Debug, Clone)]
pub struct Pledge {
    pub row: pledge::Model,
    pub status: PledgeStatus,
    pub account: BankAccount,
    pub fund_name: String,
}

impl Pledge {
    pub fn reference(&self) -> Result<PledgeReference> {
        PledgeReference::parse("reference", &self.row.reference).map_err(|_| {
            Error::Internal(format!("pledge {} has a malformed reference", self.row.id))
        })
    }
}

const NAME_MAX_CHARS: usize = 200;
const CONTACT_MAX_CHARS: usize = 200;

/// Where a pledge stands at `now`: matched once a donation keeps it, expired once its time
/// has passed without one, pending until then.
pub fn status_at(row: &pledge::Model, now: DateTime<Utc>) -> PledgeStatus {
    match row.transaction_id {
        Some(_) => PledgeStatus::Matched,
        None if row.expires_at <= now => PledgeStatus::Expired,
        None => PledgeStatus::Pending,
    }
}

/// Records a pledge to a fund that has an account to pay into, with a new reference code.
/// `TOO_MANY_ATTEMPTS` when this address has pledged the hourly limit already; `CONFLICT`
/// when the fund is closed or has no account yet.
#[tracing::instrument(skip(db, policy, meta))]
pub async fn create(
    db: &DatabaseConnection,
    policy: &PledgePolicy,
    meta: &RequestMeta,
    input: PledgeForCreate,
) -> Result<Pledge> {
    let amount = Money::positive_amount("amount", input.amount)?;
    let donor_name = input
        .donor_name
        .as_deref()
        .map(|name| shared::text::optional_line("donorName", name, NAME_MAX_CHARS))
        .transpose()?
        .flatten();
    let contact = input
        .contact
        .as_deref()
        .map(|contact| shared::text::optional_line("contact", contact, CONTACT_MAX_CHARS))
        .transpose()?
        .flatten();
    let anonymous = input.anonymous || donor_name.is_none();
    let now = policy.clock.now();

    let txn = crate::db::begin_write(db).await?;
    crate::db::lock_keys(&txn, &[format!("pledges from {}", meta.address)]).await?;
    let recent = pledge::Entity::find()
        .filter(pledge::Column::Address.eq(meta.address.clone()))
        .filter(pledge::Column::CreatedAt.gt(now - TimeDelta::hours(1)))
        .count(&txn)
        .await?;
    if recent >= policy.per_hour_per_address {
        tracing::warn!(recent, "pledges throttled");
        return Err(Error::TooManyAttempts {
            retry_after_secs: 60 * 60,
        });
    }
    let fund = fund::get(&txn, input.fund_id).await?;
    if fund.archived_at.is_some() {
        return Err(Error::Conflict("This fund is closed.".into()));
    }
    if let Some(campaign_id) = input.campaign_id {
        let campaign = super::campaign::of_fund_by_id(&txn, fund.id, campaign_id).await?;
        let today = shared::date::vietnam_day(now);
        if today < campaign.starts_on || today > campaign.ends_on {
            return Err(Error::Conflict("This campaign is not running.".into()));
        }
    }
    let account = bank_account::live_of_funds(&txn, &[fund.id])
        .await?
        .remove(&fund.id)
        .and_then(|accounts| accounts.into_iter().next())
        .ok_or_else(|| {
            Error::Conflict("This fund has no bank account to transfer to yet.".into())
        })?;
    let reference = unused_reference(&txn).await?;
    let row = pledge::ActiveModel {
        reference: Set(reference.as_str().to_owned()),
        fund_id: Set(fund.id),
        bank_account_id: Set(account.row.id),
        amount: Set(amount.dong()),
        donor_name: Set(donor_name),
        anonymous: Set(anonymous),
        contact: Set(contact),
        address: Set(meta.address.clone()),
        created_at: Set(now),
        expires_at: Set(now + TimeDelta::days(i64::from(fund.pledge_days))),
        transaction_id: Set(None),
        campaign_id: Set(input.campaign_id),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| Error::unique_violation_as_conflict(e, "Please try again."))?;
    txn.commit().await?;
    Ok(Pledge {
        status: status_at(&row, now),
        row,
        account,
        fund_name: fund.name,
    })
}

/// A reference no pledge has yet. With 29⁶ ≈ 600 million codes a clash is rare; a few draws
/// make one certain not to happen in practice, and the unique index stands behind it.
async fn unused_reference(txn: &impl sea_orm::ConnectionTrait) -> Result<PledgeReference> {
    for _ in 0..5 {
        let mut bytes = [0_u8; 6];
        OsRng.fill_bytes(&mut bytes);
        let reference = PledgeReference::from_random(bytes);
        let taken = pledge::Entity::find()
            .filter(pledge::Column::Reference.eq(reference.as_str()))
            .count(txn)
            .await?;
        if taken == 0 {
            return Ok(reference);
        }
    }
    Err(Error::Internal(
        "no unused pledge reference in five draws".into(),
    ))
}

/// The pledge with this reference, as anyone holding the reference may see it again.
pub async fn by_reference(
    db: &DatabaseConnection,
    clock: &Clock,
    reference: &str,
) -> Result<Pledge> {
    let reference = PledgeReference::parse("reference", reference)?;
    let not_found = || Error::NotFound {
        entity: "Pledge",
        id: reference.as_str().to_owned(),
    };
    let (row, fund) = pledge::Entity::find()
        .filter(pledge::Column::Reference.eq(reference.as_str()))
        .find_also_related(fund_row::Entity)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let fund = fund.ok_or_else(not_found)?;
    let account = bank_account::get(db, row.bank_account_id).await?;
    Ok(Pledge {
        status: status_at(&row, clock.now()),
        row,
        account,
        fund_name: fund.name,
    })
}

/// A fund's pledges at `status` (all when none), newest first, at most `limit`: for its
/// treasurers, who thank the donors and watch for their transfers.
pub async fn of_fund_as(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &SignedIn,
    fund_id: i64,
    status: Option<PledgeStatus>,
    limit: u64,
) -> Result<Vec<(pledge::Model, PledgeStatus)>> {
    use sea_orm::{QueryOrder, QuerySelect};
    let found = fund::get_with_owner(db, fund_id).await?;
    actor.require_any(&MONEY_ROLES, &found.owner, "see this fund's pledges")?;
    let now = clock.now();
    let mut query = pledge::Entity::find().filter(pledge::Column::FundId.eq(fund_id));
    query = match status {
        None => query,
        Some(PledgeStatus::Matched) => query.filter(pledge::Column::TransactionId.is_not_null()),
        Some(PledgeStatus::Pending) => query
            .filter(pledge::Column::TransactionId.is_null())
            .filter(pledge::Column::ExpiresAt.gt(now)),
        Some(PledgeStatus::Expired) => query
            .filter(pledge::Column::TransactionId.is_null())
            .filter(pledge::Column::ExpiresAt.lte(now)),
    };
    Ok(query
        .order_by_desc(pledge::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(|row| {
            let status = status_at(&row, now);
            (row, status)
        })
        .collect())
}

/// Sets how many days a fund's new pledges wait for their transfer (1–365), for its
/// treasurers, audited. Pledges already made keep the date they were given.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn set_days_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    fund_id: i64,
    days: i32,
) -> Result<fund_row::Model> {
    let days = shared::pledge::pledge_days("days", days)?;
    let txn = crate::db::begin_write(db).await?;
    let found = fund::get_with_owner(&txn, fund_id).await?;
    actor.require_any(&MONEY_ROLES, &found.owner, "set this fund's pledge period")?;
    let before = found.fund.pledge_days;
    let mut changed: fund_row::ActiveModel = found.fund.into();
    changed.pledge_days = Set(days);
    let changed = changed.update(&txn).await?;
    let entry = AuditEntry {
        actor_id: Some(actor.user_id),
        action: AuditAction::FundPledgeDaysChanged,
        object_type: AuditObject::Fund,
        object_id: Some(fund_id.to_string()),
        organization_id: Some(found.owner.id),
        before: json!({ "pledgeDays": before }),
        after: json!({ "pledgeDays": days }),
    };
    audit::record(&txn, meta, entry).await?;
    txn.commit().await?;
    Ok(changed)
}
