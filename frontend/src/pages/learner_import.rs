//! `/staff/learners/import`, for program managers and administrators: learners from a
//! spreadsheet into an organisation's roster. Download the template (or keep one's own sheet
//! with the same headers), upload it, read what each row would do and every bad cell with why,
//! fix the file and upload it again, then import, asked first. Importing the same file again
//! changes nothing.

use leptos::prelude::*;
use leptos_router::components::A;
use shared::{ImportAction, Role};

use crate::{
    api::{
        self,
        documents::{
            ImportLearners, LearnerImportPreview, import_learners, learner_import_preview,
        },
    },
    common::{
        confirm::{Ask, Asking},
        export::api_path,
        import::{ImportActions, ImportDone, ImportFindings, ImportForm, Issue, upload_and_read},
    },
    i18n::{Text, use_i18n},
};

/// Who may import an organisation's learners.
const STAFF: [Role; 2] = [Role::Admin, Role::ProgramManager];

/// Rows listed by name in a preview; the rest are counted.
const LISTED: usize = 50;

type Preview = learner_import_preview::LearnerImportPreviewLearnerImportPreview;

#[component]
pub fn LearnerImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let preview = RwSignal::new(None::<Preview>);
    let imported = RwSignal::new(None::<(i64, i64, i64)>);
    let read = |organization_id: String, file: web_sys::File, locale| async move {
        let url = api_path(&["organizations", &organization_id, "learner-files"]);
        upload_and_read(&url, &file, locale, |file_id| async move {
            api::run::<LearnerImportPreview>(learner_import_preview::Variables { file_id })
                .await
                .map(|answer| answer.learner_import_preview)
        })
        .await
    };
    view! {
        <p class="eyebrow"><A href="/staff/learners">{move || i18n.t(Text::StaffLearnersTitle)}</A></p>
        <h1>{move || i18n.t(Text::ImportLearnersTitle)}</h1>
        <p class="hint">
            {move || i18n.t(Text::ImportLearnersHint)} " "
            <a href="/api/templates/learners.xlsx" download="mau-danh-sach-nguoi-hoc.xlsx">{move || i18n.t(Text::DownloadTemplate)}</a>
        </p>
        <ImportForm roles=&STAFF file_label=Text::ImportFileLabel read
            on_read=move |read: Preview| { imported.set(None); preview.set(Some(read)); } />
        {move || imported.get().map(|(created, updated, skipped)| view! { <ImportDone created updated skipped /> })}
        {move || preview.get().map(|read| view! {
            <PreviewPanel preview=read
                on_done=move |counts| { imported.set(Some(counts)); preview.set(None); }
                on_cancel=move |()| preview.set(None) />
        })}
    }
}

/// What importing the file would do: the counts, every bad cell, the rows that look like a
/// learner already on another record, the first rows by name; and the import, asked first.
#[component]
fn PreviewPanel(
    preview: Preview,
    #[prop(into)] on_done: Callback<(i64, i64, i64)>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let asking = Asking::<ImportLearners>::new();
    let ask = Ask::ImportLearners {
        creates: preview.creates,
        updates: preview.updates,
        organization: preview.organization_name.clone(),
    };
    let variables = import_learners::Variables {
        file_id: preview.file_id.clone(),
    };
    let nothing_to_do = preview.creates + preview.updates == 0;
    let more = preview.rows.len().saturating_sub(LISTED);
    let alike: Vec<_> = preview
        .rows
        .iter()
        .filter(|r| r.looks_like_another)
        .cloned()
        .collect();
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
            <ImportFindings title=format!("{} · {}", preview.file_name, preview.organization_name)
                creates=preview.creates updates=preview.updates skips=preview.skips issues />
            {(!alike.is_empty()).then(|| view! {
                <div class="notice warning funded-elsewhere" role="note">
                    <h3>{move || i18n.t(Text::ImportLookalikesTitle)}</h3>
                    <ul class="plain">
                        {alike.into_iter().map(|r| view! { <li>{format!("{} {} · {}", i18n.t(Text::RowLabel), r.row, r.full_name)}</li> }).collect_view()}
                    </ul>
                </div>
            })}
            <ul class="plain import-rows">
                {preview.rows.into_iter().take(LISTED).map(|r| {
                    let action = match r.action {
                        ImportAction::Create => Text::ImportCreates,
                        ImportAction::Update => Text::ImportUpdates,
                        ImportAction::Skip => Text::ImportSkips,
                    };
                    view! {
                        <li>
                            <span class="muted small">{format!("{} · ", r.row)}</span>
                            {r.full_name}
                            " "<span class="badge">{move || i18n.t(action)}</span>
                        </li>
                    }
                }).collect_view()}
                {(more > 0).then(|| view! { <li class="muted">{move || format!("… {more} {}", i18n.t(Text::ImportMoreRows))}</li> })}
            </ul>
            <ImportActions asking ask variables nothing_to_do
                on_done=move |answer: import_learners::ResponseData| {
                    let done = answer.import_learners;
                    on_done.run((done.created, done.updated, done.skipped));
                }
                on_cancel />
        </section>
    }
}
