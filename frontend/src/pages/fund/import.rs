//! `/funds/:id/donations/import`, for the fund's treasurers: a cash book's donations from a
//! spreadsheet. Download the template (or keep the book's own sheet: its headers are
//! recognised), upload it, read what each row would record and every bad cell with why, fix
//! the file and upload it again, then record them, asked first with the count, the total and
//! the fund. Importing the same file again records nothing.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};
use shared::{ImportAction, Money, Role};

use super::day_of_date;
use crate::{
    api::{
        self,
        documents::{
            DonationImportPreview, ImportDonations, donation_import_preview, import_donations,
        },
    },
    common::{
        confirm::{Ask, Asking},
        export::api_path,
        import::{ImportActions, ImportFindings, ImportForm, Issue, upload_and_read},
    },
    i18n::{Text, method_name, use_i18n},
};

/// Who may import a fund's donations (the server checks the fund's own).
const TREASURERS: [Role; 2] = [Role::Treasurer, Role::Admin];

/// Rows listed in a preview; the rest are counted.
const LISTED: usize = 50;

type Preview = donation_import_preview::DonationImportPreviewDonationImportPreview;

#[component]
pub fn DonationImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let fund_id = params.read_untracked().get("id").unwrap_or_default();
    let preview = RwSignal::new(None::<Preview>);
    let imported = RwSignal::new(None::<(i64, i64, Money)>);
    let read = |fund_id: String, file: web_sys::File, locale| async move {
        let url = api_path(&["funds", &fund_id, "donation-files"]);
        upload_and_read(&url, &file, locale, |file_id| async move {
            api::run::<DonationImportPreview>(donation_import_preview::Variables { file_id })
                .await
                .map(|answer| answer.donation_import_preview)
        })
        .await
    };
    let manage = format!("/funds/{fund_id}/manage");
    view! {
        <p class="eyebrow"><A href=manage>{move || i18n.t(Text::ManageFund)}</A></p>
        <h1>{move || i18n.t(Text::ImportDonationsTitle)}</h1>
        <p class="hint">
            {move || i18n.t(Text::ImportDonationsHint)} " "
            <a href="/api/templates/donations.xlsx" download="mau-so-thu-ung-ho.xlsx">{move || i18n.t(Text::DownloadTemplate)}</a>
        </p>
        <ImportForm roles=&TREASURERS file_label=Text::ImportDonationsFileLabel target=fund_id read
            on_read=move |read: Preview| { imported.set(None); preview.set(Some(read)); } />
        {move || imported.get().map(|(created, skipped, total)| view! {
            <p class="notice" role="status">
                {move || format!("{} {created} · {total} · {} {skipped}", i18n.t(Text::DonationsRecorded), i18n.t(Text::ImportSkipped))}
            </p>
        })}
        {move || preview.get().map(|read| view! {
            <PreviewPanel preview=read
                on_done=move |done| { imported.set(Some(done)); preview.set(None); }
                on_cancel=move |()| preview.set(None) />
        })}
    }
}

/// What importing the file would do: the counts and the total, every bad cell, the first rows
/// with their day, donor and amount; and the import, asked first.
#[component]
fn PreviewPanel(
    preview: Preview,
    #[prop(into)] on_done: Callback<(i64, i64, Money)>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let asking = Asking::<ImportDonations>::new();
    let total = preview.total;
    let ask = Ask::ImportDonations {
        gifts: preview.creates,
        amount: total,
        fund: preview.fund_name.clone(),
    };
    let variables = import_donations::Variables {
        file_id: preview.file_id.clone(),
    };
    let nothing_to_do = preview.creates == 0;
    let more = preview.rows.len().saturating_sub(LISTED);
    let issues = preview
        .problems
        .iter()
        .map(|p| Issue {
            row: p.row,
            column: p.column.clone(),
            header: p.header.clone(),
            problem: p.problem,
            other_row: p.other_row,
        })
        .collect();
    view! {
        <section class="card import-preview" aria-labelledby="import-preview-title">
            <ImportFindings title=format!("{} · {}", preview.file_name, preview.fund_name)
                creates=preview.creates skips=preview.skips issues />
            <p><strong>{move || format!("{} {total}", i18n.t(Text::ImportDonationsTotal))}</strong></p>
            <ul class="plain import-rows">
                {preview.rows.into_iter().take(LISTED).map(|r| {
                    let action = match r.action {
                        ImportAction::Create => Text::ImportRecords,
                        ImportAction::Update | ImportAction::Skip => Text::ImportAlreadyRecorded,
                    };
                    let method = r.method;
                    let day = day_of_date(&r.received_on);
                    let receipt = r.receipt_number.map(|n| format!(" · {n}")).unwrap_or_default();
                    let campaign = r.campaign_name.map(|c| format!(" · {c}")).unwrap_or_default();
                    let new_donor = r.new_donor;
                    view! {
                        <li>
                            <span class="muted small">{format!("{} · ", r.row)}</span>
                            {r.donor_name}
                            {new_donor.then(|| view! { " "<span class="badge">{move || i18n.t(Text::NewDonorBadge)}</span> })}
                            " "<span class="badge">{move || i18n.t(action)}</span>
                            <br /><span class="muted small">{move || format!("{day}{receipt} · {} · {}{campaign}", r.amount, method_name(method, i18n.locale.get()))}</span>
                        </li>
                    }
                }).collect_view()}
                {(more > 0).then(|| view! { <li class="muted">{move || format!("… {more} {}", i18n.t(Text::ImportMoreRows))}</li> })}
            </ul>
            <ImportActions asking ask variables nothing_to_do
                on_done=move |answer: import_donations::ResponseData| {
                    let done = answer.import_donations;
                    on_done.run((done.created, done.skipped, done.total));
                }
                on_cancel />
        </section>
    }
}
