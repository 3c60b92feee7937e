//! What the import pages share: the form that uploads a file for an organisation and reads
//! its preview, a refusal's and a bad cell's words, and the preview's counts and bad cells.

use std::future::Future;

use graphql_client::GraphQLQuery;
use leptos::{prelude::*, task::spawn_local};
use shared::{CellProblem, Role};

use crate::{
    api::ApiError,
    common::{
        confirm::{Ask, AskFirst, Asking},
        form::{FormError, explain},
        picker::{OrganizationSelect, use_organizations_held},
        upload::{Refused, chosen_file, post_file},
    },
    i18n::{Locale, Text, use_i18n},
};

/// Why a file was refused whole, in the reader's words.
pub fn refused_text(refused: &Refused, locale: Locale) -> String {
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
pub fn problem_text(problem: CellProblem, other_row: Option<i64>, locale: Locale) -> String {
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
        (P::NotAKind, true) => "ghi Chi hội, Dòng họ hoặc Khác",
        (P::NotAKind, false) => "should be Chi hội, Dòng họ or Khác",
        (P::NotAnAreaCode, true) => "mã địa bàn chỉ gồm chữ, số và dấu gạch ngang",
        (P::NotAnAreaCode, false) => "an area code has letters, digits and hyphens only",
        (P::ParentNotFound, true) => {
            "không thấy tổ chức này trực thuộc đơn vị đang nhập, hoặc ở một dòng phía trên"
        }
        (P::ParentNotFound, false) => {
            "is not an organisation below the one imported to, nor on an earlier row"
        }
        (P::NameArchived, true) => {
            "một tổ chức đã lưu trữ trực thuộc cùng đơn vị giữ tên này: hãy đặt tên khác"
        }
        (P::NameArchived, false) => {
            "an archived organisation under the same parent keeps this name: choose another"
        }
        (P::NameRepeated, true) => {
            return format!(
                "trùng tên với dòng {} (cùng đơn vị trực thuộc)",
                other_row.unwrap_or_default()
            );
        }
        (P::NameRepeated, false) => {
            return format!(
                "the same name is on row {} under the same parent",
                other_row.unwrap_or_default()
            );
        }
        (P::NotAnAmount, true) => "số tiền là số đồng lớn hơn 0, ví dụ 500.000",
        (P::NotAnAmount, false) => "an amount in đồng above zero, such as 500.000",
        (P::NotAMethod, true) => "ghi Tiền mặt, Chuyển khoản hoặc Hiện vật",
        (P::NotAMethod, false) => "should be Tiền mặt, Chuyển khoản or Hiện vật",
        (P::NotADonorKind, true) => "ghi Cá nhân hoặc Tổ chức",
        (P::NotADonorKind, false) => "should be Cá nhân or Tổ chức",
        (P::NotYesNo, true) => "ghi x (hoặc Có) nếu có, để trống nếu không",
        (P::NotYesNo, false) => "x (or Có) for yes, blank for no",
        (P::ReceivedOutOfRange, true) => "ngày thu không được sau hôm nay hoặc quá 10 năm trước",
        (P::ReceivedOutOfRange, false) => {
            "a day received may not be after today nor more than ten years ago"
        }
        (P::ReceiptRepeated, true) => {
            return format!(
                "số phiếu thu trùng với dòng {}",
                other_row.unwrap_or_default()
            );
        }
        (P::ReceiptRepeated, false) => {
            return format!(
                "the receipt number is on row {} too",
                other_row.unwrap_or_default()
            );
        }
        (P::ReceiptTaken, true) => "số phiếu thu này đã ghi cho một khoản ủng hộ khác của quỹ",
        (P::ReceiptTaken, false) => "another donation of the fund has this receipt number",
        (P::BankReferenceRepeated, true) => {
            return format!(
                "mã giao dịch trùng với dòng {}",
                other_row.unwrap_or_default()
            );
        }
        (P::BankReferenceRepeated, false) => {
            return format!(
                "the bank reference is on row {} too",
                other_row.unwrap_or_default()
            );
        }
        (P::BankReferenceTaken, true) => {
            "mã giao dịch này đã ghi cho một khoản ủng hộ khác số tiền"
        }
        (P::BankReferenceTaken, false) => "a donation of another amount has this bank reference",
        (P::CampaignNotFound, true) => "quỹ không có chiến dịch mang tên này",
        (P::CampaignNotFound, false) => "the fund has no campaign of this name",
        (P::DonorAmbiguous, true) => {
            "nhiều người ủng hộ của đơn vị trùng tên này: hãy ghi thêm liên hệ để phân biệt"
        }
        (P::DonorAmbiguous, false) => {
            "several of the organisation's donors have this name: add their contact"
        }
    };
    text.to_owned()
}

/// A bad cell, as a preview lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub row: i64,
    pub column: String,
    pub header: String,
    pub problem: CellProblem,
    pub other_row: Option<i64>,
}

/// Uploads `file` to `url`, then reads what importing it would do with `read` (given the kept
/// file's id); what to say when either refuses.
pub async fn upload_and_read<P, F, Fut>(
    url: &str,
    file: &web_sys::File,
    locale: Locale,
    read: F,
) -> Result<P, String>
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = Result<P, ApiError>>,
{
    match post_file(url, &[], file).await {
        Ok(body) => {
            let file_id = body["id"].as_str().unwrap_or_default().to_owned();
            read(file_id)
                .await
                .map_err(|failure| explain(&failure, locale, &[]))
        }
        Err(refused) => Err(refused_text(&refused, locale)),
    }
}

/// The form: which organisation (of those `roles` hold), which file; `read` uploads it and
/// reads its preview (`Err` is what to say), `on_read` takes the preview.
#[component]
pub fn ImportForm<P, F, Fut>(
    roles: &'static [Role],
    file_label: Text,
    /// What the file is for when the page already says (a fund's): no choice of
    /// organisation is offered, and `read` is given this id.
    #[prop(optional)]
    target: Option<String>,
    read: F,
    #[prop(into)] on_read: Callback<P>,
) -> impl IntoView
where
    P: Send + Sync + 'static,
    F: Fn(String, web_sys::File, Locale) -> Fut + Copy + 'static,
    Fut: Future<Output = Result<P, String>> + 'static,
{
    let i18n = use_i18n();
    let fixed = target.is_some();
    let organization = RwSignal::new(target.unwrap_or_default());
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
        busy.set(true);
        spawn_local(async move {
            let answer = read(organization_id, file, locale).await;
            busy.set(false);
            match answer {
                Ok(preview) => {
                    error.set(None);
                    on_read.run(preview);
                }
                Err(text) => error.set(Some(text)),
            }
        });
    };
    view! {
        <form class="card" on:submit=submit>
            {(!fixed).then(|| view! {
                <OrganizationSelect
                    id="import-organization"
                    label=Signal::derive(move || i18n.t(Text::OrganizationLabel))
                    value=organization
                    scope=use_organizations_held(roles)
                />
            })}
            <div class="field">
                <label for="import-file">{move || i18n.t(file_label)}</label>
                <input id="import-file" type="file" node_ref=file_input
                    accept=".xlsx,.xls,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,text/csv" />
            </div>
            <button type="submit" disabled=move || busy.get() aria-busy=move || busy.get().to_string()>
                {move || if busy.get() { i18n.t(Text::Working) } else { i18n.t(Text::ReadFile) }}
            </button>
            <FormError message=error.into() />
        </form>
    }
}

/// The import's buttons under its preview: import (asked first with `ask`; nothing to do when
/// no row creates or updates anything), or go back; `on_done` gets what the import answered.
#[component]
pub fn ImportActions<Q: GraphQLQuery + 'static>(
    asking: Asking<Q>,
    ask: Ask,
    variables: Q::Variables,
    nothing_to_do: bool,
    #[prop(into)] on_done: Callback<Q::ResponseData>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView
where
    Q::Variables: Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <div class="actions">
            <button type="button" disabled=move || nothing_to_do || asking.asked.get().is_some()
                on:click=move |_| asking.ask(ask.clone(), variables.clone())>
                {move || i18n.t(Text::ImportListAction)}
            </button>
            <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>
                {move || i18n.t(Text::GoBack)}
            </button>
        </div>
        <FormError message=asking.sending.error.into() />
        <AskFirst asking=asking on_done=|()| {} on_answer=on_done />
    }
}

/// What an import did, said once it is done.
#[component]
pub fn ImportDone(created: i64, updated: i64, skipped: i64) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="notice" role="status">
            {move || format!("{} {created} · {} {updated} · {} {skipped}", i18n.t(Text::ImportCreated), i18n.t(Text::ImportUpdated), i18n.t(Text::ImportSkipped))}
        </p>
    }
}

/// A preview's heading (brought into view and focused as it appears, so that it is read
/// out), its counts, and every bad cell with why.
#[component]
pub fn ImportFindings(
    title: String,
    creates: i64,
    /// None where an import never updates (a fund's book is only added to).
    #[prop(optional)]
    updates: Option<i64>,
    skips: i64,
    issues: Vec<Issue>,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if let Some(heading) = heading.get() {
            heading.scroll_into_view();
            let _ = heading.focus();
        }
    });
    let bad_rows = issues
        .iter()
        .map(|issue| issue.row)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    view! {
        <h2 id="import-preview-title" tabindex="-1" node_ref=heading>{title}</h2>
        <dl class="figures">
            <div><dt>{move || i18n.t(Text::ImportCreates)}</dt><dd>{creates}</dd></div>
            {updates.map(|updates| view! { <div><dt>{move || i18n.t(Text::ImportUpdates)}</dt><dd>{updates}</dd></div> })}
            <div><dt>{move || i18n.t(Text::ImportSkips)}</dt><dd>{skips}</dd></div>
            <div><dt>{move || i18n.t(Text::ImportBadRows)}</dt><dd>{bad_rows}</dd></div>
        </dl>
        {(!issues.is_empty()).then(|| view! {
            <h3>{move || i18n.t(Text::ImportProblemsTitle)}</h3>
            <p class="hint">{move || i18n.t(Text::ImportProblemsHint)}</p>
            <ul class="plain import-problems">
                {issues.into_iter().map(|issue| {
                    let Issue { row, column, header, problem, other_row } = issue;
                    view! {
                        <li>
                            <strong>{move || format!("{} {row}{}", i18n.t(Text::RowLabel), if column.is_empty() { String::new() } else { format!(" · {} {column}", i18n.t(Text::ColumnLabel)) })}</strong>
                            {move || format!(" ({header}): {}", problem_text(problem, other_row, i18n.locale.get()))}
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
    }
}
