//! Money in by bank transfer: the banks VietQR knows, a fund's bank accounts with their
//! codes, and pledges with theirs.

use std::collections::HashMap;

use async_graphql::{
    ComplexObject, Context, ID, InputObject, Object, SimpleObject,
    dataloader::{DataLoader, Loader},
};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use shared::{PledgeStatus, bank::BankAccountForCreate, vietqr::TransferNote};

use super::{
    error::{ApiError, ApiResult},
    fund::Fund,
    guard::SignedInGuard,
    organization::actor_context,
    scalars::{MoneyScalar, parse_id},
};
use crate::{
    error::Error,
    service::{
        audit::RequestMeta,
        bank_account::{self, BankAccount as Account},
        pledge::{self, PledgeForCreate, PledgePolicy},
    },
};

/// A bank that takes VietQR transfers.
#[derive(SimpleObject, Clone, Debug)]
pub struct Bank {
    /// Its NAPAS BIN, e.g. `970436`: what a VietQR code names it by.
    bin: String,
    /// Its short code, e.g. `VCB`.
    code: String,
    /// The name people call it by, e.g. `Vietcombank`.
    short_name: String,
    /// Its full Vietnamese name.
    name: String,
}

impl From<&shared::bank::Bank> for Bank {
    fn from(bank: &shared::bank::Bank) -> Self {
        Self {
            bin: bank.bin.to_owned(),
            code: bank.code.to_owned(),
            short_name: bank.short_name.to_owned(),
            name: bank.name.to_owned(),
        }
    }
}

/// A VietQR code: what a bank app scans to fill in a transfer.
#[derive(SimpleObject, Clone, Debug)]
pub struct VietQrCode {
    /// The EMVCo payload the code holds.
    payload: String,
    /// The code drawn as an SVG image.
    svg: String,
}

impl VietQrCode {
    fn of(code: &shared::vietqr::VietQr, title: &str) -> ApiResult<Self> {
        Ok(Self {
            payload: code.payload(),
            svg: bank_account::qr_svg(code, title)?,
        })
    }
}

/// An account a fund is paid into.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(complex)]
pub struct BankAccount {
    /// Stable identifier.
    id: ID,
    /// The bank.
    bank: Bank,
    /// The account number.
    account_number: String,
    /// The holder's name as the bank shows it.
    holder: String,
    /// Whether it is no longer offered for transfers.
    retired: bool,
    #[graphql(skip)]
    account: Account,
}

impl From<Account> for BankAccount {
    fn from(account: Account) -> Self {
        Self {
            id: ID(account.row.id.to_string()),
            bank: account.bank.into(),
            account_number: account.row.account_number.clone(),
            holder: account.row.holder.clone(),
            retired: account.row.retired_at.is_some(),
            account,
        }
    }
}

#[ComplexObject]
impl BankAccount {
    /// The account's standing code: the payer types the amount and the note.
    async fn qr(&self) -> ApiResult<VietQrCode> {
        let title = format!(
            "VietQR {} {}",
            self.account.bank.short_name, self.account.row.account_number
        );
        VietQrCode::of(&self.account.vietqr(None, None), &title)
    }
}

/// Batches the accounts of the funds a response shows into one read.
pub struct BankAccountsLoader {
    db: DatabaseConnection,
}

impl BankAccountsLoader {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

impl Loader<i64> for BankAccountsLoader {
    type Value = Vec<BankAccount>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let found = bank_account::live_of_funds(&self.db, keys)
            .await
            .map_err(|error| async_graphql::Error::from(ApiError::from(error)))?;
        Ok(found
            .into_iter()
            .map(|(fund, accounts)| (fund, accounts.into_iter().map(Into::into).collect()))
            .collect())
    }
}

/// The accounts in use of a fund, through the loader.
pub(super) async fn accounts_of(ctx: &Context<'_>, fund_id: i64) -> ApiResult<Vec<BankAccount>> {
    Ok(ctx
        .data::<DataLoader<BankAccountsLoader>>()?
        .load_one(fund_id)
        .await?
        .unwrap_or_default())
}

/// Someone's word that they will transfer an amount to a fund. Never money: the fund's
/// balance moves only when the transfer arrives and is recorded.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(complex)]
pub struct Pledge {
    /// The reference, e.g. `KH7F3K9Q`: keep it to find the pledge again.
    reference: String,
    /// What the transfer's note must say, e.g. `KH 7F3K9Q`.
    note: String,
    /// The amount pledged.
    amount: MoneyScalar,
    /// The name to thank them by; none when they asked to stay anonymous.
    donor_name: Option<String>,
    /// Whether they asked not to be named in public.
    anonymous: bool,
    /// Where it stands.
    status: PledgeStatus,
    /// When it was made.
    created_at: DateTime<Utc>,
    /// When it lapses if no transfer has come.
    expires_at: DateTime<Utc>,
    /// The fund it is for.
    fund_id: ID,
    /// The fund's name.
    fund_name: String,
    /// The account to transfer to.
    bank_account: BankAccount,
    #[graphql(skip)]
    code: shared::vietqr::VietQr,
}

impl TryFrom<pledge::Pledge> for Pledge {
    type Error = ApiError;

    fn try_from(found: pledge::Pledge) -> ApiResult<Self> {
        let reference = found.reference()?;
        let note = TransferNote::new("note", &reference.note()).map_err(Error::from)?;
        let amount = shared::Money::from_dong(found.row.amount);
        Ok(Self {
            code: found.account.vietqr(Some(amount), Some(note.clone())),
            reference: reference.as_str().to_owned(),
            note: note.as_str().to_owned(),
            amount: amount.into(),
            donor_name: found.row.donor_name.filter(|_| !found.row.anonymous),
            anonymous: found.row.anonymous,
            status: found.status,
            created_at: found.row.created_at,
            expires_at: found.row.expires_at,
            fund_id: ID(found.row.fund_id.to_string()),
            fund_name: found.fund_name,
            bank_account: found.account.into(),
        })
    }
}

#[ComplexObject]
impl Pledge {
    /// The code for this pledge's transfer: the account, the amount and the note filled in.
    async fn qr(&self) -> ApiResult<VietQrCode> {
        let title = format!("VietQR {} {}", self.bank_account.bank.short_name, self.note);
        VietQrCode::of(&self.code, &title)
    }
}

/// A pledge as the fund's treasurers see it, with the contact the donor left.
#[derive(SimpleObject, Clone, Debug)]
pub struct FundPledge {
    reference: String,
    amount: MoneyScalar,
    /// The name given, even when they asked not to be named in public.
    donor_name: Option<String>,
    anonymous: bool,
    /// A phone or an email to thank them by.
    contact: Option<String>,
    status: PledgeStatus,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

/// A fund's pledges, for its treasurers.
pub(super) async fn pledges_of(
    ctx: &Context<'_>,
    fund_id: i64,
    status: Option<PledgeStatus>,
    first: u64,
) -> ApiResult<Vec<FundPledge>> {
    let (db, _, actor) = actor_context(ctx)?;
    let policy = ctx.data::<PledgePolicy>()?;
    Ok(
        pledge::of_fund_as(db, &policy.clock, actor, fund_id, status, first)
            .await?
            .into_iter()
            .map(|(row, status)| FundPledge {
                reference: row.reference,
                amount: row.amount.into(),
                donor_name: row.donor_name,
                anonymous: row.anonymous,
                contact: row.contact,
                status,
                created_at: row.created_at,
                expires_at: row.expires_at,
            })
            .collect(),
    )
}

#[derive(Default)]
pub struct BankQuery;

#[Object]
impl BankQuery {
    /// The banks a fund's account can be at, largest first.
    async fn banks(&self) -> Vec<Bank> {
        shared::bank::banks().iter().map(Into::into).collect()
    }

    /// A pledge by its reference, for whoever holds the reference (no sign-in).
    async fn pledge(&self, ctx: &Context<'_>, reference: String) -> ApiResult<Pledge> {
        let db = ctx.data::<DatabaseConnection>()?;
        let policy = ctx.data::<PledgePolicy>()?;
        pledge::by_reference(db, &policy.clock, &reference)
            .await?
            .try_into()
    }
}

/// An account to record.
#[derive(InputObject, Debug)]
pub struct BankAccountInput {
    /// The bank's NAPAS BIN, one of `banks`.
    bank_bin: String,
    /// The account number (6–19 letters and digits; spaces and dots are dropped).
    account_number: String,
    /// The holder's name as the bank shows it.
    holder: String,
}

/// What someone pledges.
#[derive(InputObject, Debug)]
pub struct PledgeInput {
    /// The fund.
    fund_id: ID,
    /// How much, in đồng.
    amount: MoneyScalar,
    /// The name to thank them by.
    donor_name: Option<String>,
    /// Keep them unnamed in public (also when no name is given).
    #[graphql(default = false)]
    anonymous: bool,
    /// A phone or an email for the fund's treasurer only; never shown in public.
    contact: Option<String>,
    /// The fund's campaign it is for, while the campaign runs.
    campaign_id: Option<ID>,
}

#[derive(Default)]
pub struct BankMutation;

#[Object]
impl BankMutation {
    /// Records an account of a fund whose money you move (treasurer or admin), audited.
    #[graphql(guard = "SignedInGuard")]
    async fn add_fund_bank_account(
        &self,
        ctx: &Context<'_>,
        fund_id: ID,
        input: BankAccountInput,
    ) -> ApiResult<BankAccount> {
        let (db, meta, actor) = actor_context(ctx)?;
        let fund_id = parse_id("fundId", &fund_id)?;
        let account =
            BankAccountForCreate::parse(&input.bank_bin, &input.account_number, &input.holder)
                .map_err(Error::from)?;
        Ok(bank_account::add_as(db, meta, actor, fund_id, account)
            .await?
            .into())
    }

    /// Stops offering an account for transfers, audited. Pledges made to it keep it.
    #[graphql(guard = "SignedInGuard")]
    async fn retire_fund_bank_account(&self, ctx: &Context<'_>, id: ID) -> ApiResult<BankAccount> {
        let (db, meta, actor) = actor_context(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(bank_account::retire_as(db, meta, actor, id).await?.into())
    }

    /// Sets how many days (1–365) a fund's new pledges wait for their transfer, audited.
    #[graphql(guard = "SignedInGuard")]
    async fn set_fund_pledge_days(
        &self,
        ctx: &Context<'_>,
        fund_id: ID,
        days: i32,
    ) -> ApiResult<Fund> {
        let (db, meta, actor) = actor_context(ctx)?;
        let fund_id = parse_id("fundId", &fund_id)?;
        Ok(pledge::set_days_as(db, meta, actor, fund_id, days)
            .await?
            .into())
    }

    /// Pledges an amount to a fund, without signing in: the answer has the reference, the
    /// account and the code to transfer with. From one address, a limited number an hour
    /// (`TOO_MANY_ATTEMPTS`); a fund with no account yet is `CONFLICT`.
    async fn pledge(&self, ctx: &Context<'_>, input: PledgeInput) -> ApiResult<Pledge> {
        let db = ctx.data::<DatabaseConnection>()?;
        let policy = ctx.data::<PledgePolicy>()?;
        let meta = ctx.data::<RequestMeta>()?;
        let input = PledgeForCreate {
            fund_id: parse_id("fundId", &input.fund_id)?,
            amount: input.amount.amount("amount")?.dong(),
            donor_name: input.donor_name,
            anonymous: input.anonymous,
            contact: input.contact,
            campaign_id: input
                .campaign_id
                .as_ref()
                .map(|id| parse_id("campaignId", id))
                .transpose()?,
        };
        pledge::create(db, policy, meta, input).await?.try_into()
    }
}
