//! A cash book's donations imported into a fund on the API: the preview of an uploaded file
//! (upload with `POST /api/funds/{id}/donation-files`), what each good row would do and every
//! bad row's cells with why, and the import. For the fund's treasurers.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::NaiveDate;
use shared::{DonationMethod, ImportAction};

use super::{
    error::ApiResult,
    guard::SignedInGuard,
    import::{ImportProblem, count, counted},
    organization::actor_context,
    scalars::{MoneyScalar, parse_id},
};
use crate::service::donation_import::{self as service, Giver};

/// What importing a good row would do.
#[derive(SimpleObject, Clone, Debug)]
pub struct DonationImportRow {
    /// The row's number in the sheet (from 1).
    row: i32,
    /// `CREATE` to record the gift, `SKIP` for one already recorded.
    action: ImportAction,
    received_on: NaiveDate,
    receipt_number: Option<String>,
    /// The donor's name, as on record for a donor on record.
    donor_name: String,
    /// Whether the donor is recorded with it (no donor of the organisation has the name).
    new_donor: bool,
    amount: MoneyScalar,
    method: DonationMethod,
    /// The fund's campaign it counts toward.
    campaign_name: Option<String>,
}

/// What importing an uploaded file of donations would do; nothing is recorded yet.
#[derive(SimpleObject, Clone, Debug)]
pub struct DonationImportPreview {
    file_id: ID,
    file_name: String,
    fund_id: ID,
    fund_name: String,
    organization_name: String,
    rows: Vec<DonationImportRow>,
    problems: Vec<ImportProblem>,
    creates: i32,
    skips: i32,
    /// What the gifts to record add up to.
    total: MoneyScalar,
}

/// What an import of donations did.
#[derive(SimpleObject, Clone, Copy, Debug)]
pub struct DonationsImported {
    created: i32,
    skipped: i32,
    /// What the gifts recorded add up to.
    total: MoneyScalar,
}

#[derive(Default)]
pub struct DonationImportQuery;

#[Object]
impl DonationImportQuery {
    /// What importing an uploaded file of a fund's donations would do, row by row.
    #[graphql(guard = "SignedInGuard")]
    async fn donation_import_preview(
        &self,
        ctx: &Context<'_>,
        file_id: ID,
    ) -> ApiResult<DonationImportPreview> {
        let (db, _, actor) = actor_context(ctx)?;
        let preview = service::preview_as(db, actor, parse_id("fileId", &file_id)?).await?;
        let total = preview.total();
        let (creates, _, skips) = counted(preview.planned.iter().map(|p| p.action));
        Ok(DonationImportPreview {
            file_id: ID(preview.file.id.to_string()),
            file_name: preview.file.file_name,
            fund_id: ID(preview.fund.fund.id.to_string()),
            fund_name: preview.fund.fund.name,
            organization_name: preview.fund.owner.name,
            rows: preview
                .planned
                .into_iter()
                .map(|p| DonationImportRow {
                    row: count(p.row),
                    action: p.action,
                    received_on: p.donation.received_on,
                    receipt_number: p.donation.receipt_number,
                    donor_name: p.donor_name,
                    new_donor: matches!(p.giver, Some(Giver::New(_))),
                    amount: p.donation.amount.dong().into(),
                    method: p.donation.method,
                    campaign_name: p.campaign.map(|(_, name)| name),
                })
                .collect(),
            problems: preview.problems.into_iter().map(Into::into).collect(),
            creates,
            skips,
            total: total.dong().into(),
        })
    }
}

#[derive(Default)]
pub struct DonationImportMutation;

#[Object]
impl DonationImportMutation {
    /// Records every good row of an uploaded file of donations into its fund, in one
    /// transaction, audited. The same file again records nothing.
    #[graphql(guard = "SignedInGuard")]
    async fn import_donations(
        &self,
        ctx: &Context<'_>,
        file_id: ID,
    ) -> ApiResult<DonationsImported> {
        let (db, meta, actor) = actor_context(ctx)?;
        let done = service::import_as(db, meta, actor, parse_id("fileId", &file_id)?).await?;
        Ok(DonationsImported {
            created: count(done.created),
            skipped: count(done.skipped),
            total: done.total.dong().into(),
        })
    }
}
