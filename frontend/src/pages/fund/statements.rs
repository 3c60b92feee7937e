//! Bank statements on the treasurer's dashboard: upload the file the bank exports, read what
//! importing it would do line by line, confirm, and then decide the lines left unmatched on
//! the statement's own page, where the bank's balance is set against the fund's book.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_params_map};
use shared::{BankLineAction, BankLineOutcome, BankLineStatus, ErrorCode, Money};

use super::day_of_date;
use crate::{
    api::{
        self,
        documents::{
            BankStatement, BankStatementPreview, BankStatements, ImportBankStatement,
            ResolveBankLine, bank_statement, bank_statement_preview, bank_statements,
            import_bank_statement, resolve_bank_line,
        },
    },
    common::{
        confirm::{Ask, AskFirst, Asking},
        form::{FormError, explain},
        mutation::Sending,
        status::{ErrorPanel, Loading},
        upload::{Refused, chosen_file, post_file},
    },
    i18n::{Locale, Text, use_i18n},
};

type Preview = bank_statement_preview::BankStatementPreviewBankStatementPreview;

/// Why a file was not read as the account's statement, in the reader's words, naming the
/// row and column at fault.
fn unread(refused: &Refused, locale: Locale) -> String {
    let extensions = &refused.extensions;
    let row = extensions["row"].as_u64().unwrap_or_default();
    let column = extensions["column"].as_str().unwrap_or_default();
    let vi = locale == Locale::Vi;
    match extensions["reason"].as_str() {
        Some("NOT_A_DATE") if vi => {
            format!("Dòng {row}, cột {column}: không phải ngày dạng dd/mm/yyyy.")
        }
        Some("NOT_A_DATE") => format!("Row {row}, column {column}: not a date (dd/mm/yyyy)."),
        Some("NOT_AN_AMOUNT") if vi => {
            format!("Dòng {row}, cột {column}: không phải số tiền đồng.")
        }
        Some("NOT_AN_AMOUNT") => format!("Row {row}, column {column}: not an amount in đồng."),
        Some("NOT_ONE_AMOUNT") if vi => {
            format!("Dòng {row}: một giao dịch phải có đúng một trong hai số ghi nợ hoặc ghi có.")
        }
        Some("NOT_ONE_AMOUNT") => {
            format!("Row {row}: a line must have either a debit or a credit.")
        }
        Some("NO_HEADER") => Text::StatementNoHeader.get(locale).to_owned(),
        Some("UNREADABLE") => Text::StatementUnreadable.get(locale).to_owned(),
        Some("EMPTY") => Text::StatementEmpty.get(locale).to_owned(),
        Some("BANK_NOT_READ") => Text::StatementBankNotRead.get(locale).to_owned(),
        Some("WRONG_BANK") => Text::StatementWrongBank.get(locale).to_owned(),
        Some("WRONG_ACCOUNT") => Text::StatementWrongAccount.get(locale).to_owned(),
        _ => explain(
            &refused.error,
            locale,
            &[(ErrorCode::Validation, Text::StatementTooLarge)],
        ),
    }
}

fn outcome_text(outcome: BankLineOutcome) -> Text {
    match outcome {
        BankLineOutcome::AlreadyImported => Text::LineAlreadyImported,
        BankLineOutcome::Pledge => Text::LinePledge,
        BankLineOutcome::Recorded => Text::LineRecorded,
        BankLineOutcome::Payout => Text::LinePayout,
        BankLineOutcome::Unmatched => Text::LineUnmatched,
    }
}

fn status_text(status: BankLineStatus) -> Text {
    match status {
        BankLineStatus::Unmatched => Text::LineUnmatched,
        BankLineStatus::Pledge => Text::LinePledge,
        BankLineStatus::Donation => Text::LineDonation,
        BankLineStatus::Payout => Text::LinePayout,
        BankLineStatus::Recorded => Text::LineRecorded,
        BankLineStatus::SetAside => Text::LineSetAside,
    }
}

/// A line's amount, in or out.
fn signed(amount: Money) -> String {
    if amount.dong() > 0 {
        format!("+{amount}")
    } else {
        amount.to_string()
    }
}

/// The fund's statements: an upload form, the preview of a file read, and the statements
/// imported, each leading to its reconciliation.
#[component]
pub fn StatementsSection(fund_id: String, fund_name: String) -> impl IntoView {
    let i18n = use_i18n();
    let fund_id = StoredValue::new(fund_id);
    let fund_name = StoredValue::new(fund_name);
    let data = LocalResource::new(move || {
        let id = fund_id.get_value();
        async move { api::run::<BankStatements>(bank_statements::Variables { id }).await }
    });
    let preview = RwSignal::new(None::<Preview>);
    let imported = Callback::new(move |()| {
        preview.set(None);
        data.refetch();
    });
    view! {
        <section class="card" aria-labelledby="statements-title">
            <h2 id="statements-title">{move || i18n.t(Text::StatementsTitle)}</h2>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(bank_statements::ResponseData { fund }) => view! {
                            {if fund.bank_accounts.is_empty() {
                                view! { <p class="muted">{move || i18n.t(Text::StatementNeedsAccount)}</p> }.into_any()
                            } else {
                                let accounts = fund.bank_accounts.into_iter()
                                    .map(|a| (a.id, format!("{} {}", a.bank.short_name, a.account_number)))
                                    .collect::<Vec<_>>();
                                view! { <UploadStatementForm accounts on_read=move |read| preview.set(Some(read)) /> }.into_any()
                            }}
                            {move || preview.get().map(|read| view! {
                                <PreviewPanel preview=read fund_name=fund_name.get_value()
                                    on_done=imported on_cancel=move |()| preview.set(None) />
                            })}
                            <h3>{move || i18n.t(Text::PledgesWaiting)}</h3>
                            {if fund.waiting.is_empty() {
                                view! { <p class="muted">{move || i18n.t(Text::NoPledgesWaiting)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="plain pledges-waiting">
                                        {fund.waiting.into_iter().map(|p| view! {
                                            <li>
                                                <strong>{p.reference.clone()}</strong>
                                                <span class="money">{p.amount.to_string()}</span>
                                                <span>{p.donor_name.clone().unwrap_or_default()}</span>
                                                {p.contact.clone().map(|c| view! { <span class="muted small">{c}</span> })}
                                                <span class="muted small">{move || format!("{} {}", i18n.t(Text::PledgeWaitsUntil), super::day_of(&p.expires_at))}</span>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            {(!fund.bank_statements.is_empty()).then(|| view! {
                                <h3>{move || i18n.t(Text::StatementsImported)}</h3>
                                <ul class="plain statements">
                                    {fund.bank_statements.into_iter().map(|s| view! {
                                        <li>
                                            <A href=format!("/bank-statements/{}", s.id)>{s.file_name.clone()}</A>
                                            <span class="muted small">
                                                {format!(" {} – {} · ", day_of_date(&s.first_day), day_of_date(&s.last_day))}
                                                {move || format!("{} {}", s.new_line_count, i18n.t(Text::StatementNewLines))}
                                            </span>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            })}
                        }
                        .into_any(),
                        Err(failure) => view! {
                            <ErrorPanel error=failure on_retry=move |()| data.refetch() />
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Chooses the account and the file, uploads it and reads its preview. Nothing is recorded.
#[component]
fn UploadStatementForm(
    accounts: Vec<(String, String)>,
    #[prop(into)] on_read: Callback<Preview>,
) -> impl IntoView {
    let i18n = use_i18n();
    let account = RwSignal::new(
        accounts
            .first()
            .map(|(id, _)| id.clone())
            .unwrap_or_default(),
    );
    let file_input = NodeRef::<leptos::html::Input>::new();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.locale.get_untracked();
        let Some(file) = chosen_file(file_input) else {
            return error.set(Some(Text::ChooseFile.get(locale).to_owned()));
        };
        let url = format!(
            "/api/bank-accounts/{}/statement-files",
            account.get_untracked()
        );
        busy.set(true);
        spawn_local(async move {
            let uploaded = post_file(&url, &[], &file).await;
            let read = match uploaded {
                Ok(body) => {
                    let file_id = body["id"].as_str().unwrap_or_default().to_owned();
                    api::run::<BankStatementPreview>(bank_statement_preview::Variables { file_id })
                        .await
                        .map(|answer| answer.bank_statement_preview)
                        .map_err(|failure| explain(&failure, locale, &[]))
                }
                Err(refused) => Err(unread(&refused, locale)),
            };
            busy.set(false);
            match read {
                Ok(preview) => {
                    error.set(None);
                    on_read.run(preview);
                }
                Err(text) => error.set(Some(text)),
            }
        });
    };
    view! {
        <form class="inline-form" on:submit=submit>
            <div class="field">
                <label for="statement-account">{move || i18n.t(Text::StatementAccountLabel)}</label>
                <select id="statement-account" on:change=move |ev| account.set(event_target_value(&ev))>
                    {accounts.into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="statement-file">{move || i18n.t(Text::StatementFileLabel)}</label>
                <input id="statement-file" type="file" node_ref=file_input
                    accept=".xlsx,.xls,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,text/csv" />
            </div>
            <button type="submit" disabled=move || busy.get() aria-busy=move || busy.get().to_string()>
                {move || if busy.get() { i18n.t(Text::Working) } else { i18n.t(Text::ReadStatement) }}
            </button>
            <FormError message=error.into() />
        </form>
    }
}

/// What importing the file would do, and the import, asked about first.
#[component]
fn PreviewPanel(
    preview: Preview,
    fund_name: String,
    #[prop(into)] on_done: Callback<()>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let mut asking = Asking::<ImportBankStatement>::new();
    asking.sending = Sending::with(&[]);
    let ask = Ask::ImportStatement {
        lines: preview.new_lines,
        pledges: preview.pledges_matched,
        amount: preview.pledged_received,
        fund: fund_name,
    };
    let variables = import_bank_statement::Variables {
        file_id: preview.file_id.clone(),
    };
    view! {
        <div class="statement-preview" aria-labelledby="preview-title">
            <h3 id="preview-title">{move || i18n.t(Text::StatementPreviewTitle)}</h3>
            <dl class="figures">
                <div><dt>{move || i18n.t(Text::StatementLayout)}</dt><dd>{format!("{} {}", preview.layout, preview.account_number)}</dd></div>
                <div><dt>{move || i18n.t(Text::StatementPeriod)}</dt><dd>{format!("{} – {}", day_of_date(&preview.first_day), day_of_date(&preview.last_day))}</dd></div>
                <div><dt>{move || i18n.t(Text::StatementNewOfAll)}</dt><dd>{format!("{} / {}", preview.new_lines, preview.lines.len())}</dd></div>
                <div><dt>{move || i18n.t(Text::StatementPledgesMatched)}</dt><dd>{format!("{} · {}", preview.pledges_matched, preview.pledged_received)}</dd></div>
                <div><dt>{move || i18n.t(Text::StatementUnmatched)}</dt><dd>{preview.unmatched}</dd></div>
                {preview.closing_balance.map(|closing| view! {
                    <div><dt>{move || i18n.t(Text::StatementClosingBalance)}</dt><dd>{closing.to_string()}</dd></div>
                })}
            </dl>
            <ul class="plain statement-lines">
                {preview.lines.into_iter().map(|line| {
                    let outcome = outcome_text(line.outcome);
                    let hint = match line.outcome {
                        BankLineOutcome::Pledge => line.pledge_reference.clone(),
                        BankLineOutcome::Unmatched => line.suggestions.first().map(|s| {
                            s.pledge_reference.clone()
                                .map(|r| format!("{r} {}", s.donor_name.clone().unwrap_or_default()))
                                .or_else(|| s.memo.clone())
                                .unwrap_or_default()
                        }),
                        _ => None,
                    };
                    view! {
                        <li class=format!("line {}", line.outcome.code().to_lowercase())>
                            <span class="muted small">{format!("{} · ", day_of_date(&line.booked_on))}</span>
                            <strong class="money">{signed(line.amount)}</strong>
                            <span class="description">{line.description}</span>
                            <span class="badge">{move || i18n.t(outcome)}</span>
                            {hint.map(|hint| view! { <span class="muted small">{hint}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="actions">
                <button type="button" disabled=move || asking.asked.get().is_some()
                    on:click=move |_| asking.ask(ask.clone(), variables.clone())>
                    {move || i18n.t(Text::ImportStatement)}
                </button>
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>
                    {move || i18n.t(Text::GoBack)}
                </button>
            </div>
            <FormError message=asking.sending.error.into() />
            <AskFirst asking=asking on_done=on_done />
        </div>
    }
}

type Line = bank_statement::BankStatementBankStatementLines;

/// An imported statement: the bank's closing balance against the fund's book, and every line
/// with where it stands; the unmatched ones with what the treasurer may decide.
#[component]
pub fn StatementPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let found = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move { api::run::<BankStatement>(bank_statement::Variables { id }).await }
    });
    let reload = Callback::new(move |()| found.refetch());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(bank_statement::ResponseData { bank_statement: s }) => {
                        let unmatched = s.lines.iter().filter(|l| l.status == BankLineStatus::Unmatched).count();
                        let fund_name = s.fund_name.clone();
                        view! {
                            <p class="eyebrow">{move || i18n.t(Text::StatementsTitle)}</p>
                            <h1>{s.file_name.clone()}</h1>
                            <p class="muted"><A href=format!("/funds/{}/manage", s.fund_id)>{s.fund_name.clone()}</A></p>
                            <section class="card" aria-labelledby="report-title">
                                <h2 id="report-title">{move || i18n.t(Text::ReconciliationTitle)}</h2>
                                <dl class="figures">
                                    <div><dt>{move || i18n.t(Text::StatementPeriod)}</dt><dd>{format!("{} – {}", day_of_date(&s.first_day), day_of_date(&s.last_day))}</dd></div>
                                    <div><dt>{move || i18n.t(Text::StatementClosingBalance)}</dt><dd>{s.closing_balance.map(|m| m.to_string()).unwrap_or_else(|| "—".into())}</dd></div>
                                    <div><dt>{move || i18n.t(Text::StatementPostedBalance)}</dt><dd>{s.posted_balance.to_string()}</dd></div>
                                    <div><dt>{move || i18n.t(Text::StatementDifference)}</dt><dd>{s.difference.map(|m| m.to_string()).unwrap_or_else(|| "—".into())}</dd></div>
                                    <div><dt>{move || i18n.t(Text::StatementNewOfAll)}</dt><dd>{format!("{} / {}", s.new_line_count, s.line_count)}</dd></div>
                                    <div><dt>{move || i18n.t(Text::StatementUnmatched)}</dt><dd>{unmatched}</dd></div>
                                </dl>
                            </section>
                            <section class="card" aria-labelledby="lines-title">
                                <h2 id="lines-title">{move || i18n.t(Text::StatementLinesTitle)}</h2>
                                <ul class="plain statement-lines">
                                    {s.lines.into_iter().map(|line| view! {
                                        <StatementLine line fund_name=fund_name.clone() on_done=reload />
                                    }).collect_view()}
                                </ul>
                            </section>
                        }
                        .into_any()
                    }
                    Err(failure) => view! {
                        <ErrorPanel error=failure on_retry=move |()| found.refetch() />
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// One line and, while it is unmatched, the decisions on it: each asked about first.
#[component]
fn StatementLine(line: Line, fund_name: String, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let mut asking = Asking::<ResolveBankLine>::new();
    asking.sending = Sending::with(&[(ErrorCode::Conflict, Text::AlreadyDone)]);
    let status = status_text(line.status);
    let amount = line.amount;
    let id = line.id.clone();
    let decide = move |action: BankLineAction| resolve_bank_line::Variables {
        input: resolve_bank_line::ResolveBankLineInput {
            line_id: id.clone(),
            action,
            pledge_id: None,
            donor_name: None,
            anonymous: false,
            payout_transaction_id: None,
            note: None,
        },
    };
    let donor = RwSignal::new(line.counterparty.clone().unwrap_or_default());
    let note = RwSignal::new(String::new());
    let fund = StoredValue::new(fund_name);
    let decisions = (line.status == BankLineStatus::Unmatched).then(|| {
        let suggestions = line.suggestions.clone().into_iter().map(|s| {
            let decide = decide.clone();
            let (ask, variables, label) = if let Some(pledge_id) = s.pledge_id.clone() {
                let reference = s.pledge_reference.clone().unwrap_or_default();
                let mut variables = decide(BankLineAction::Pledge);
                variables.input.pledge_id = Some(pledge_id);
                (
                    Ask::MatchPledge { amount, reference: reference.clone(), donor: s.donor_name.clone().unwrap_or_default(), fund: fund.get_value() },
                    variables,
                    format!("{reference} {} {}", s.donor_name.clone().unwrap_or_default(), s.amount),
                )
            } else {
                let memo = s.memo.clone().unwrap_or_default();
                let mut variables = decide(BankLineAction::Payout);
                variables.input.payout_transaction_id = s.payout_transaction_id.clone();
                (
                    Ask::MatchPayout { amount, memo: memo.clone(), fund: fund.get_value() },
                    variables,
                    format!("{memo} {}", s.amount),
                )
            };
            view! {
                <button type="button" class="secondary small" disabled=move || asking.asked.get().is_some()
                    on:click=move |_| asking.ask(ask.clone(), variables.clone())>
                    {move || format!("{} {label}", i18n.t(Text::TakeSuggestion))}
                </button>
            }
        }).collect_view();
        let record = {
            let decide = decide.clone();
            move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let mut variables = decide(BankLineAction::Donation);
                variables.input.donor_name = Some(donor.get_untracked());
                asking.ask(Ask::Donate { amount, donor: donor.get_untracked(), fund: fund.get_value() }, variables);
            }
        };
        let set_aside = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let mut variables = decide(BankLineAction::SetAside);
            variables.input.note = Some(note.get_untracked());
            asking.ask(Ask::SetAside { amount, fund: fund.get_value() }, variables);
        };
        let donor_field = format!("donor-{}", line.id);
        let note_field = format!("note-{}", line.id);
        view! {
            <div class="decisions">
                {suggestions}
                {(amount.dong() > 0).then(|| view! {
                    <form class="inline-form" on:submit=record>
                        <div class="field">
                            <label for=donor_field.clone()>{move || i18n.t(Text::PayerName)}</label>
                            <input id=donor_field.clone() prop:value=move || donor.get()
                                on:input=move |ev| donor.set(event_target_value(&ev)) />
                        </div>
                        <button type="submit" class="secondary small">{move || i18n.t(Text::RecordAsDonation)}</button>
                    </form>
                })}
                <form class="inline-form" on:submit=set_aside>
                    <div class="field">
                        <label for=note_field.clone()>{move || i18n.t(Text::SetAsideReason)}</label>
                        <input id=note_field.clone() prop:value=move || note.get()
                            on:input=move |ev| note.set(event_target_value(&ev)) />
                    </div>
                    <button type="submit" class="secondary small">{move || i18n.t(Text::SetAside)}</button>
                </form>
                <FormError message=asking.sending.error.into() />
                <AskFirst asking=asking on_done=on_done />
            </div>
        }
    });
    view! {
        <li class=format!("line {}", line.status.code().to_lowercase()) data-line=line.id.clone()>
            <span class="muted small">{format!("{} · ", day_of_date(&line.booked_on))}</span>
            <strong class="money">{signed(amount)}</strong>
            <span class="description">{line.description.clone()}</span>
            <span class="badge">{move || i18n.t(status)}</span>
            {line.note.clone().map(|note| view! { <span class="muted small">{note}</span> })}
            {decisions}
        </li>
    }
}
