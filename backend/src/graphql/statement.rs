//! Bank statements and reconciliation on the API: the preview of an uploaded statement file
//! (upload with `POST /api/bank-accounts/{id}/statement-files`), its import, each imported
//! statement's report, and the treasurer's decision on a line left unmatched. All of it for
//! the fund's treasurers and admins.

use async_graphql::{ComplexObject, Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use shared::bank_statement::{BankLineAction, BankLineOutcome, BankLineStatus};

use super::{
    error::ApiResult,
    guard::SignedInGuard,
    organization::actor_context,
    scalars::{MoneyScalar, parse_id},
};
use crate::service::{
    bank_account,
    bank_statement::{self as service, Plan, Resolution, Suggestion},
};

/// What a line left unmatched might be.
#[derive(SimpleObject, Clone, Debug)]
pub struct BankLineSuggestion {
    /// A pending pledge (money in) …
    pledge_id: Option<ID>,
    pledge_reference: Option<String>,
    /// … under this name (none when anonymous) …
    donor_name: Option<String>,
    /// … of this amount.
    amount: MoneyScalar,
    /// Whether the pledge's name is in the line's description.
    name_matches: bool,
    /// Whether the pledge's amount is the line's, in the pledge's time.
    same_amount: bool,
    /// Or a payout (money out), by its transaction, with its memo and time.
    payout_transaction_id: Option<ID>,
    memo: Option<String>,
    at: DateTime<Utc>,
}

impl From<Suggestion> for BankLineSuggestion {
    fn from(suggestion: Suggestion) -> Self {
        match suggestion {
            Suggestion::Pledge {
                pledge,
                name_matches,
                same_amount,
            } => Self {
                pledge_id: Some(ID(pledge.id.to_string())),
                pledge_reference: Some(pledge.reference),
                donor_name: pledge.donor_name.filter(|_| !pledge.anonymous),
                amount: pledge.amount.into(),
                name_matches,
                same_amount,
                payout_transaction_id: None,
                memo: None,
                at: pledge.created_at,
            },
            Suggestion::Payout {
                transaction_id,
                amount,
                memo,
                at,
            } => Self {
                pledge_id: None,
                pledge_reference: None,
                donor_name: None,
                amount: amount.into(),
                name_matches: false,
                same_amount: true,
                payout_transaction_id: Some(ID(transaction_id.to_string())),
                memo: Some(memo),
                at,
            },
        }
    }
}

/// A line of an uploaded statement and what importing it would do.
#[derive(SimpleObject, Clone, Debug)]
pub struct PreviewLine {
    /// Its row in the file, as a spreadsheet counts.
    row: i32,
    booked_on: NaiveDate,
    /// In đồng: positive in, negative out.
    amount: MoneyScalar,
    description: String,
    bank_reference: Option<String>,
    /// The account's balance after it, where the bank prints one.
    balance: Option<MoneyScalar>,
    /// The payer or payee, where the bank gives one.
    counterparty: Option<String>,
    outcome: BankLineOutcome,
    /// The pledge it fulfils (`PLEDGE`).
    pledge_reference: Option<String>,
    /// What it might be (`UNMATCHED`), likeliest first.
    suggestions: Vec<BankLineSuggestion>,
}

/// An uploaded statement file as read, before anything is recorded.
#[derive(SimpleObject, Clone, Debug)]
pub struct BankStatementPreview {
    /// The file to import with `importBankStatement`.
    file_id: ID,
    file_name: String,
    /// SHA-256 of the file.
    sha256: String,
    /// The layout it was read with, e.g. `Vietcombank`.
    layout: String,
    account_number: String,
    first_day: NaiveDate,
    last_day: NaiveDate,
    /// The bank's balance after the last line, where it prints balances.
    closing_balance: Option<MoneyScalar>,
    lines: Vec<PreviewLine>,
    /// Lines no earlier statement brought in.
    new_lines: i32,
    /// Pledges whose donations the import records, and their sum.
    pledges_matched: i32,
    pledged_received: MoneyScalar,
    /// New lines left for the treasurer.
    unmatched: i32,
}

impl From<service::Preview> for BankStatementPreview {
    fn from(preview: service::Preview) -> Self {
        let mut new_lines = 0;
        let mut pledges_matched = 0;
        let mut pledged_received = 0_i64;
        let mut unmatched = 0;
        let lines = preview
            .lines
            .into_iter()
            .map(|planned| {
                let line = planned.line;
                let (outcome, pledge_reference, suggestions) = match planned.plan {
                    Plan::AlreadyImported { .. } => {
                        (BankLineOutcome::AlreadyImported, None, vec![])
                    }
                    Plan::Pledge(pledge) => {
                        pledges_matched += 1;
                        pledged_received = pledged_received.saturating_add(line.amount);
                        (BankLineOutcome::Pledge, Some(pledge.reference), vec![])
                    }
                    Plan::Recorded(_) => (BankLineOutcome::Recorded, None, vec![]),
                    Plan::Payout(_) => (BankLineOutcome::Payout, None, vec![]),
                    Plan::Unmatched(suggestions) => {
                        unmatched += 1;
                        (
                            BankLineOutcome::Unmatched,
                            None,
                            suggestions.into_iter().map(Into::into).collect(),
                        )
                    }
                };
                if outcome != BankLineOutcome::AlreadyImported {
                    new_lines += 1;
                }
                PreviewLine {
                    row: i32::try_from(line.row).unwrap_or(i32::MAX),
                    booked_on: line.booked_on,
                    amount: line.amount.into(),
                    description: line.description,
                    bank_reference: line.bank_reference,
                    balance: line.balance.map(Into::into),
                    counterparty: line.counterparty,
                    outcome,
                    pledge_reference,
                    suggestions,
                }
            })
            .collect();
        Self {
            file_id: ID(preview.file.id.to_string()),
            file_name: preview.file.file_name,
            sha256: preview.file.sha256,
            layout: preview.statement.layout.name.to_owned(),
            account_number: preview.account.row.account_number,
            first_day: preview.statement.first_day().unwrap_or_default(),
            last_day: preview.statement.last_day().unwrap_or_default(),
            closing_balance: preview.statement.closing_balance().map(Into::into),
            lines,
            new_lines,
            pledges_matched,
            pledged_received: pledged_received.into(),
            unmatched,
        }
    }
}

/// A line of a fund's bank account, where it stands in the fund's book.
#[derive(SimpleObject, Clone, Debug)]
pub struct BankLine {
    id: ID,
    row: i32,
    booked_on: NaiveDate,
    /// In đồng: positive in, negative out.
    amount: MoneyScalar,
    description: String,
    bank_reference: Option<String>,
    balance: Option<MoneyScalar>,
    counterparty: Option<String>,
    status: BankLineStatus,
    /// The donation recorded from it, or the payout it is.
    transaction_id: Option<ID>,
    /// Why it was left aside.
    note: Option<String>,
    /// What it might be, while unmatched.
    suggestions: Vec<BankLineSuggestion>,
}

impl BankLine {
    fn of(line: service::Line, suggestions: Vec<Suggestion>) -> Self {
        Self {
            id: ID(line.id.to_string()),
            row: line.row_number,
            booked_on: line.booked_on,
            amount: line.amount.into(),
            description: line.description,
            bank_reference: line.bank_reference,
            balance: line.balance.map(Into::into),
            counterparty: line.counterparty,
            status: line.status,
            transaction_id: line.transaction_id.map(|id| ID(id.to_string())),
            note: line.note,
            suggestions: suggestions.into_iter().map(Into::into).collect(),
        }
    }
}

/// An imported statement, with its reconciliation.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(complex)]
pub struct BankStatement {
    id: ID,
    fund_id: ID,
    file_name: String,
    sha256: String,
    first_day: NaiveDate,
    last_day: NaiveDate,
    imported_at: DateTime<Utc>,
    line_count: i32,
    /// Lines it brought in (the others an earlier statement had).
    new_line_count: i32,
    /// The bank's balance after its last line, where the bank prints balances.
    closing_balance: Option<MoneyScalar>,
    #[graphql(skip)]
    row: service::Statement,
}

impl BankStatement {
    fn of(row: service::Statement, file: service::FileFacts) -> Self {
        Self {
            id: ID(row.id.to_string()),
            fund_id: ID(row.fund_id.to_string()),
            file_name: file.name,
            sha256: file.sha256,
            first_day: row.first_day,
            last_day: row.last_day,
            imported_at: row.imported_at,
            line_count: row.line_count,
            new_line_count: row.new_line_count,
            closing_balance: row.closing_balance.map(Into::into),
            row,
        }
    }
}

#[ComplexObject]
impl BankStatement {
    /// The fund's posted balance at the end of the statement's last day.
    async fn posted_balance(&self, ctx: &Context<'_>) -> ApiResult<MoneyScalar> {
        let (db, _, _) = actor_context(ctx)?;
        Ok(
            service::posted_balance_on(db, self.row.fund_id, self.row.last_day)
                .await?
                .into(),
        )
    }

    /// The fund's name.
    async fn fund_name(&self, ctx: &Context<'_>) -> ApiResult<String> {
        let (db, _, _) = actor_context(ctx)?;
        Ok(crate::service::fund::get(db, self.row.fund_id).await?.name)
    }

    /// The bank's closing balance less the fund's posted balance on that day: what the
    /// unmatched lines (and money the book holds outside this account) have to explain.
    async fn difference(&self, ctx: &Context<'_>) -> ApiResult<Option<MoneyScalar>> {
        let (db, _, _) = actor_context(ctx)?;
        let Some(closing) = self.row.closing_balance else {
            return Ok(None);
        };
        let posted = service::posted_balance_on(db, self.row.fund_id, self.row.last_day).await?;
        Ok(Some(closing.saturating_sub(posted).into()))
    }

    /// The lines it brought in, in the file's order, each with where it stands; unmatched
    /// ones with suggestions.
    async fn lines(&self, ctx: &Context<'_>) -> ApiResult<Vec<BankLine>> {
        let (db, _, _) = actor_context(ctx)?;
        let lines = service::lines_of(db, self.row.id).await?;
        let unmatched: Vec<shared::bank_statement::StatementLine> = lines
            .iter()
            .filter(|line| line.status == BankLineStatus::Unmatched)
            .map(service::statement_line)
            .collect();
        let account = bank_account::get(db, self.row.bank_account_id).await?;
        let mut suggestions = service::suggestions(db, &account, &unmatched)
            .await?
            .into_iter();
        Ok(lines
            .into_iter()
            .map(|line| {
                let found = if line.status == BankLineStatus::Unmatched {
                    suggestions.next().unwrap_or_default()
                } else {
                    Vec::new()
                };
                BankLine::of(line, found)
            })
            .collect())
    }
}

#[derive(Default)]
pub struct StatementQuery;

#[Object]
impl StatementQuery {
    /// What importing an uploaded statement file would do, line by line. Nothing is recorded.
    #[graphql(guard = "SignedInGuard")]
    async fn bank_statement_preview(
        &self,
        ctx: &Context<'_>,
        file_id: ID,
    ) -> ApiResult<BankStatementPreview> {
        let (db, _, actor) = actor_context(ctx)?;
        let file_id = parse_id("fileId", &file_id)?;
        Ok(service::preview_as(db, actor, file_id).await?.into())
    }

    /// An imported statement with its reconciliation.
    #[graphql(guard = "SignedInGuard")]
    async fn bank_statement(&self, ctx: &Context<'_>, id: ID) -> ApiResult<BankStatement> {
        let (db, _, actor) = actor_context(ctx)?;
        let id = parse_id("id", &id)?;
        let (row, file) = service::statement_as(db, actor, id).await?;
        Ok(BankStatement::of(row, file))
    }
}

/// A fund's statements, newest first, for its treasurers.
pub(super) async fn of_fund(
    ctx: &Context<'_>,
    fund_id: i64,
    first: u64,
) -> ApiResult<Vec<BankStatement>> {
    let (db, _, actor) = actor_context(ctx)?;
    let rows = service::of_fund_as(db, actor, fund_id, first).await?;
    let mut files = service::file_facts(db, rows.iter().map(|row| row.file_id)).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let file = files.remove(&row.file_id).unwrap_or_default();
            BankStatement::of(row, file)
        })
        .collect())
}

/// A decision on an unmatched line.
#[derive(InputObject, Debug)]
pub struct ResolveBankLineInput {
    line_id: ID,
    action: BankLineAction,
    pledge_id: Option<ID>,
    donor_name: Option<String>,
    #[graphql(default = false)]
    anonymous: bool,
    payout_transaction_id: Option<ID>,
    note: Option<String>,
}

#[derive(Default)]
pub struct StatementMutation;

#[Object]
impl StatementMutation {
    /// Imports an uploaded statement file as its preview showed, in one transaction, audited:
    /// new lines are kept, pledges found by their reference get their donations, payouts are
    /// matched. The same file again returns the first import.
    #[graphql(guard = "SignedInGuard")]
    async fn import_bank_statement(
        &self,
        ctx: &Context<'_>,
        file_id: ID,
    ) -> ApiResult<BankStatement> {
        let (db, meta, actor) = actor_context(ctx)?;
        let file_id = parse_id("fileId", &file_id)?;
        let row = service::import_as(db, meta, actor, file_id).await?;
        let (row, file) = service::statement_as(db, actor, row.id).await?;
        Ok(BankStatement::of(row, file))
    }

    /// Decides a line left unmatched, audited. A line is decided once: the second of two
    /// treasurers deciding it at once is told `CONFLICT`, and nothing of theirs is recorded.
    #[graphql(guard = "SignedInGuard")]
    async fn resolve_bank_line(
        &self,
        ctx: &Context<'_>,
        input: ResolveBankLineInput,
    ) -> ApiResult<BankLine> {
        let (db, meta, actor) = actor_context(ctx)?;
        let line_id = parse_id("lineId", &input.line_id)?;
        let resolution = match input.action {
            BankLineAction::Pledge => Resolution::Pledge(parse_id(
                "pledgeId",
                input.pledge_id.as_ref().unwrap_or(&ID::default()),
            )?),
            BankLineAction::Donation => Resolution::Donation {
                donor_name: input.donor_name.unwrap_or_default(),
                anonymous: input.anonymous,
            },
            BankLineAction::Payout => Resolution::Payout(parse_id(
                "payoutTransactionId",
                input
                    .payout_transaction_id
                    .as_ref()
                    .unwrap_or(&ID::default()),
            )?),
            BankLineAction::SetAside => Resolution::SetAside {
                note: input.note.unwrap_or_default(),
            },
        };
        let line = service::resolve_as(db, meta, actor, line_id, resolution).await?;
        Ok(BankLine::of(line, Vec::new()))
    }
}
