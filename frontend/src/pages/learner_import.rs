//! `/staff/learners/import`, for program managers and administrators: learners from a
//! spreadsheet into an organisation's roster. Download the template (or keep one's own sheet
//! with the same headers), upload it, read what each row would do and every bad cell with why,
//! fix the file and upload it again, then import, asked first. Importing the same file again
//! changes nothing.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::components::A;
use shared::{CellProblem, ImportAction, Role};

use crate::{
    api::{
        self,
        documents::{
            ImportLearners, LearnerImportPreview, import_learners, learner_import_preview,
        },
    },
    common::{
        confirm::{Ask, AskFirst, Asking},
        form::{FormError, explain},
        mutation::Sending,
        picker::{OrganizationSelect, use_organizations_held},
        upload::{Refused, chosen_file, post_file},
    },
    i18n::{Locale, Text, use_i18n},
};

/// Who may import an organisation's learners.
const STAFF: [Role; 2] = [Role::Admin, Role::ProgramManager];

/// Rows listed by name in a preview; the rest are counted.
const LISTED: usize = 50;

type Preview = learner_import_preview::LearnerImportPreviewLearnerImportPreview;

/// Why a file was refused whole, in the reader's words.
fn refused_text(refused: &Refused, locale: Locale) -> String {
    let vi = locale == Locale::Vi;
    let said = refused.error.message.clone();
    let reason = match refused.extensions["reason"].as_str() {
        Some("FORMULA") if vi => {
            "Tệp có ô chứa công thức: hãy sao chép và dán giá trị (Paste Values)."
        }
        Some("MERGED_CELLS") if vi => "Tệp có ô bị gộp: hãy bỏ gộp để mỗi giá trị nằm trong một ô.",
        Some("NO_HEADER") if vi => {
            "Không tìm thấy dòng tiêu đề với các cột bắt buộc: hãy tải tệp mẫu."
        }
        Some("TOO_MANY_ROWS") if vi => "Tệp có quá nhiều dòng: hãy chia nhỏ.",
        Some("UNREADABLE" | "EMPTY") if vi => {
            "Không đọc được tệp: cần tệp Excel (.xlsx, .xls) hoặc CSV."
        }
        _ => return explain(&refused.error, locale, &[]),
    };
    format!("{reason} ({said})")
}

/// Why a cell was refused, in the reader's words.
fn problem_text(problem: CellProblem, other_row: Option<i64>, locale: Locale) -> String {
    use CellProblem as P;
    let vi = locale == Locale::Vi;
    let text = match (problem, vi) {
        (P::Missing, true) => "còn trống",
        (P::Missing, false) => "is empty",
        (P::TooLong, true) => "dài quá mức cho phép",
        (P::TooLong, false) => "is too long",
        (P::NotText, true) => "có ký tự không hợp lệ",
        (P::NotText, false) => "holds a character that is not allowed",
        (P::NotADate, true) => "không phải ngày dạng dd/mm/yyyy",
        (P::NotADate, false) => "is not a date, dd/mm/yyyy",
        (P::BirthOutOfRange, true) => "ngày sinh phải trong vòng 120 năm qua",
        (P::BirthOutOfRange, false) => "is not a date of birth in the past 120 years",
        (P::NotAGender, true) => "ghi Nam, Nữ hoặc Khác",
        (P::NotAGender, false) => "should be Nam, Nữ or Khác",
        (P::NotALevel, true) => {
            "ghi Mầm non, Tiểu học, THCS, THPT, Giáo dục nghề nghiệp, Đại học hoặc Người lớn"
        }
        (P::NotALevel, false) => {
            "should be Mầm non, Tiểu học, THCS, THPT, Giáo dục nghề nghiệp, Đại học or Người lớn"
        }
        (P::NotACircumstance, true) => {
            "ghi Hộ nghèo, Hộ cận nghèo, Gia đình chính sách, Khuyết tật, Mồ côi hoặc Dân tộc thiểu số, cách nhau bởi dấu phẩy"
        }
        (P::NotACircumstance, false) => {
            "should be Hộ nghèo, Hộ cận nghèo, Gia đình chính sách, Khuyết tật, Mồ côi or Dân tộc thiểu số, separated by commas"
        }
        (P::NotAPersonalId, true) => "số định danh cần đủ 12 chữ số",
        (P::NotAPersonalId, false) => "a personal id has 12 digits",
        (P::PersonalIdYear, true) => "số định danh không khớp năm sinh",
        (P::PersonalIdYear, false) => "the personal id does not match the year of birth",
        (P::PersonalIdRepeated, true) => {
            return format!(
                "số định danh trùng với dòng {}",
                other_row.unwrap_or_default()
            );
        }
        (P::PersonalIdRepeated, false) => {
            return format!(
                "the personal id is on row {} too",
                other_row.unwrap_or_default()
            );
        }
        (P::PersonalIdTaken, true) => {
            "người học này thuộc hồ sơ của một gia đình hoặc tổ chức khác: hãy đề nghị họ thêm bạn làm người quản lý"
        }
        (P::PersonalIdTaken, false) => {
            "this learner is on a family's or another organisation's record: ask them to add you as a manager"
        }
        (P::NotAGpa, true) => "điểm trung bình từ 0 đến 10, ví dụ 8,5",
        (P::NotAGpa, false) => "a GPA from 0 to 10, such as 8.5",
        (P::NotAPhone, true) => "số điện thoại di động 10 chữ số",
        (P::NotAPhone, false) => "a 10-digit mobile number",
    };
    text.to_owned()
}

#[component]
pub fn LearnerImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let organization = RwSignal::new(String::new());
    let preview = RwSignal::new(None::<Preview>);
    let imported = RwSignal::new(None::<(i64, i64, i64)>);
    let file_input = NodeRef::<leptos::html::Input>::new();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.locale.get_untracked();
        let organization_id = organization.get_untracked();
        if organization_id.is_empty() {
            return error.set(Some(Text::ChooseOrganization.get(locale).to_owned()));
        }
        let Some(file) = chosen_file(file_input) else {
            return error.set(Some(Text::ChooseFile.get(locale).to_owned()));
        };
        let url = format!("/api/organizations/{organization_id}/learner-files");
        busy.set(true);
        imported.set(None);
        spawn_local(async move {
            let read = match post_file(&url, &[], &file).await {
                Ok(body) => {
                    let file_id = body["id"].as_str().unwrap_or_default().to_owned();
                    api::run::<LearnerImportPreview>(learner_import_preview::Variables { file_id })
                        .await
                        .map(|answer| answer.learner_import_preview)
                        .map_err(|failure| explain(&failure, locale, &[]))
                }
                Err(refused) => Err(refused_text(&refused, locale)),
            };
            busy.set(false);
            match read {
                Ok(read) => {
                    error.set(None);
                    preview.set(Some(read));
                }
                Err(text) => {
                    preview.set(None);
                    error.set(Some(text));
                }
            }
        });
    };
    view! {
        <p class="eyebrow"><A href="/staff/learners">{move || i18n.t(Text::StaffLearnersTitle)}</A></p>
        <h1>{move || i18n.t(Text::ImportLearnersTitle)}</h1>
        <p class="hint">
            {move || i18n.t(Text::ImportLearnersHint)} " "
            <a href="/api/templates/learners.xlsx" download="mau-danh-sach-nguoi-hoc.xlsx">{move || i18n.t(Text::DownloadTemplate)}</a>
        </p>
        <form class="card" on:submit=submit>
            <OrganizationSelect
                id="import-organization"
                label=Signal::derive(move || i18n.t(Text::OrganizationLabel))
                value=organization
                scope=use_organizations_held(&STAFF)
            />
            <div class="field">
                <label for="import-file">{move || i18n.t(Text::ImportFileLabel)}</label>
                <input id="import-file" type="file" node_ref=file_input
                    accept=".xlsx,.xls,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,text/csv" />
            </div>
            <button type="submit" disabled=move || busy.get() aria-busy=move || busy.get().to_string()>
                {move || if busy.get() { i18n.t(Text::Working) } else { i18n.t(Text::ReadFile) }}
            </button>
            <FormError message=error.into() />
        </form>
        {move || imported.get().map(|(created, updated, skipped)| view! {
            <p class="notice" role="status">
                {move || format!("{} {created} · {} {updated} · {} {skipped}", i18n.t(Text::ImportCreated), i18n.t(Text::ImportUpdated), i18n.t(Text::ImportSkipped))}
            </p>
        })}
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
    let mut asking = Asking::<ImportLearners>::new();
    asking.sending = Sending::with(&[]);
    let counts = (preview.creates, preview.updates, preview.skips);
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
    // The preview comes below the form: it is brought into view, and read out, as it appears.
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if let Some(heading) = heading.get() {
            heading.scroll_into_view();
            let _ = heading.focus();
        }
    });
    view! {
        <section class="card import-preview" aria-labelledby="import-preview-title">
            <h2 id="import-preview-title" tabindex="-1" node_ref=heading>{format!("{} · {}", preview.file_name, preview.organization_name)}</h2>
            <dl class="figures">
                <div><dt>{move || i18n.t(Text::ImportCreates)}</dt><dd>{preview.creates}</dd></div>
                <div><dt>{move || i18n.t(Text::ImportUpdates)}</dt><dd>{preview.updates}</dd></div>
                <div><dt>{move || i18n.t(Text::ImportSkips)}</dt><dd>{preview.skips}</dd></div>
                <div><dt>{move || i18n.t(Text::ImportBadRows)}</dt><dd>{preview.problems.iter().map(|p| p.row).collect::<std::collections::BTreeSet<_>>().len()}</dd></div>
            </dl>
            {(!preview.problems.is_empty()).then(|| view! {
                <h3>{move || i18n.t(Text::ImportProblemsTitle)}</h3>
                <p class="hint">{move || i18n.t(Text::ImportProblemsHint)}</p>
                <ul class="plain import-problems">
                    {preview.problems.iter().map(|p| {
                        let (row, column, header) = (p.row, p.column.clone(), p.header.clone());
                        let (problem, other_row) = (p.problem, p.other_row);
                        view! {
                            <li>
                                <strong>{move || format!("{} {row}{}", i18n.t(Text::RowLabel), if column.is_empty() { String::new() } else { format!(" · {} {column}", i18n.t(Text::ColumnLabel)) })}</strong>
                                {move || format!(" ({header}): {}", problem_text(problem, other_row, i18n.locale.get()))}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
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
            <div class="actions">
                <button type="button" disabled=move || nothing_to_do || asking.asked.get().is_some()
                    on:click=move |_| asking.ask(ask.clone(), variables.clone())>
                    {move || i18n.t(Text::ImportLearnersAction)}
                </button>
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>
                    {move || i18n.t(Text::GoBack)}
                </button>
            </div>
            <FormError message=asking.sending.error.into() />
            <AskFirst asking=asking on_done=move |()| on_done.run(counts) />
        </section>
    }
}
