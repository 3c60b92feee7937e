//! Files to import over HTTP, each `POST` a multipart body with one `file`:
//! `/api/bank-accounts/{id}/statement-files` keeps a bank statement of a fund's account,
//! `/api/organizations/{id}/learner-files` a list of learners for an organisation's roster,
//! once each reads as what it claims to be. Their previews and imports are GraphQL
//! (`bankStatementPreview`, `importBankStatement`; `learnerImportPreview`, `importLearners`), by
//! the id this answers with. Errors have the GraphQL errors' shape and codes.
//!
//! `/api/organizations/{id}/organization-files` a list of organisations to add below one
//! (`organizationImportPreview`, `importOrganizations`), `/api/funds/{id}/donation-files` a
//! cash book's donations to a fund (`donationImportPreview`, `importDonations`).
//!
//! `GET /api/templates/{learners,organizations,donations}.xlsx` are the templates: the
//! columns a file is read by, with an example row.

use axum::{
    Json,
    extract::{Multipart, Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

use super::{
    AppState,
    evidence::{failure, file_bytes, unreadable, uploader},
};
use crate::{
    error::Error,
    service::{
        actor::SignedIn, bank_statement, donation_import, import_file::KeptFile, learner_import,
        organization_import,
    },
};

/// The uploader and the `file` of a multipart body of at most `max_bytes`, or the answer that
/// refuses it.
pub(super) async fn one_file(
    state: &AppState,
    headers: &HeaderMap,
    mut multipart: Multipart,
    max_bytes: usize,
) -> Result<(SignedIn, String, Vec<u8>), Response> {
    let actor = uploader(state, headers).await?;
    let mut file = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => return Err(unreadable(&error, "The upload")),
        };
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or_default().to_owned();
            file = Some((name, file_bytes(field, headers, max_bytes).await?));
        }
    }
    let Some((name, bytes)) = file else {
        return Err(failure(
            headers,
            shared::ValidationError::new("file", shared::ValidationReason::Empty).into(),
        ));
    };
    Ok((actor, name, bytes))
}

/// The kept file, as the upload's answer says it: id, name, size and digest.
pub(super) type Kept = (i64, String, i64, String);

/// Takes one file of at most `max_bytes` and keeps it with `keep`: 201 with the kept file's
/// id, name, size and digest, or the answer that refuses it.
pub(super) async fn upload_with<Fut>(
    state: &AppState,
    headers: &HeaderMap,
    multipart: Multipart,
    max_bytes: usize,
    keep: impl FnOnce(SignedIn, String, Vec<u8>) -> Fut,
) -> Response
where
    Fut: Future<Output = Result<Kept, Error>>,
{
    let (actor, file_name, bytes) = match one_file(state, headers, multipart, max_bytes).await {
        Ok(file) => file,
        Err(response) => return response,
    };
    match keep(actor, file_name, bytes).await {
        Ok((id, file_name, size, sha256)) => (
            StatusCode::CREATED,
            Json(json!({
                "id": id.to_string(), "fileName": file_name, "size": size, "sha256": sha256,
            })),
        )
            .into_response(),
        Err(error) => failure(headers, error),
    }
}

fn kept(file: KeptFile) -> Kept {
    (file.id, file.file_name, file.size, file.sha256)
}

pub async fn upload(
    State(state): State<AppState>,
    Path(bank_account_id): Path<i64>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let db = state.db.clone();
    upload_with(
        &state,
        &headers,
        multipart,
        bank_statement::MAX_BYTES,
        |actor, name, bytes| async move {
            let saved =
                bank_statement::upload_as(&db, &actor, bank_account_id, &name, bytes).await?;
            Ok((saved.id, saved.file_name, saved.size, saved.sha256))
        },
    )
    .await
}

pub async fn upload_learners(
    State(state): State<AppState>,
    Path(organization_id): Path<i64>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let db = state.db.clone();
    upload_with(
        &state,
        &headers,
        multipart,
        learner_import::MAX_BYTES,
        |actor, name, bytes| async move {
            learner_import::upload_as(&db, &actor, organization_id, &name, bytes)
                .await
                .map(kept)
        },
    )
    .await
}

pub async fn upload_organizations(
    State(state): State<AppState>,
    Path(organization_id): Path<i64>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let db = state.db.clone();
    upload_with(
        &state,
        &headers,
        multipart,
        organization_import::MAX_BYTES,
        |actor, name, bytes| async move {
            organization_import::upload_as(&db, &actor, organization_id, &name, bytes)
                .await
                .map(kept)
        },
    )
    .await
}

pub async fn upload_donations(
    State(state): State<AppState>,
    Path(fund_id): Path<i64>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let db = state.db.clone();
    upload_with(
        &state,
        &headers,
        multipart,
        donation_import::MAX_BYTES,
        |actor, name, bytes| async move {
            donation_import::upload_as(&db, &actor, fund_id, &name, bytes)
                .await
                .map(kept)
        },
    )
    .await
}

/// The donations' template: a cash book's columns, with today's gift by transfer as the
/// example.
pub async fn donations_template(headers: HeaderMap) -> Response {
    use shared::donation_import::Column;
    // Today, so that the example is a day a gift may have been received on.
    let today = shared::date::day_month_year(shared::date::vietnam_day(chrono::Utc::now()));
    let example = [
        today.as_str(),
        "PT-0001",
        "Công ty Gốm sứ Bát Tràng",
        "Tổ chức",
        "0912345678",
        "5.000.000",
        "Chuyển khoản",
        "FT26335001",
        "Ủng hộ học bổng Tết",
        "",
        "",
    ];
    // Receipt numbers, phones and bank references are text: typed as numbers, they would
    // lose their zeros.
    let columns: Vec<(&str, &str, bool)> = Column::ALL
        .into_iter()
        .zip(example)
        .map(|(column, value)| {
            let digits = matches!(
                column,
                Column::Receipt | Column::Contact | Column::BankReference
            );
            (column.header(), value, digits)
        })
        .collect();
    template(&headers, "mau-so-thu-ung-ho.xlsx", "Sổ thu", &columns)
}

/// The learners' template.
pub async fn learners_template(headers: HeaderMap) -> Response {
    use shared::learner_import::Column;
    let example = [
        "Lê Thị Ngọc",
        "02/02/2013",
        "Nữ",
        "001313000777",
        "THCS",
        "Trường THCS Bát Tràng",
        "7A",
        "Hộ cận nghèo",
        "8,5",
        "Học sinh giỏi cấp xã",
        "Lê Văn Bình",
        "0912345678",
    ];
    // Personal ids and phone numbers are text: typed as numbers, they would lose their zeros.
    let columns: Vec<(&str, &str, bool)> = Column::ALL
        .into_iter()
        .zip(example)
        .map(|(column, value)| {
            let digits = matches!(column, Column::PersonalId | Column::GuardianPhone);
            (column.header(), value, digits)
        })
        .collect();
    template(
        &headers,
        "mau-danh-sach-nguoi-hoc.xlsx",
        "Người học",
        &columns,
    )
}

/// The organisations' template.
pub async fn organizations_template(headers: HeaderMap) -> Response {
    use shared::organization_import::Column;
    let example = ["Chi hội Khuyến học thôn Giang Cao", "Chi hội", "", "10012"];
    let columns: Vec<(&str, &str, bool)> = Column::ALL
        .into_iter()
        .zip(example)
        .map(|(column, value)| (column.header(), value, column == Column::AreaCode))
        .collect();
    template(&headers, "mau-danh-sach-to-chuc.xlsx", "Tổ chức", &columns)
}

/// A template as a workbook named `file`: its headers in order, bold, and an example row;
/// each column `(header, example, digits)` whose digits must keep their zeros is text.
fn template(
    headers: &HeaderMap,
    file: &'static str,
    sheet_name: &str,
    columns: &[(&str, &str, bool)],
) -> Response {
    let workbook = || -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        use rust_xlsxwriter::{Format, Workbook};
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name)?;
        let bold = Format::new().set_bold();
        let text = Format::new().set_num_format("@");
        for (index, &(header, example, digits)) in columns.iter().enumerate() {
            let at = u16::try_from(index).unwrap_or(u16::MAX);
            sheet.write_string_with_format(0, at, header, &bold)?;
            sheet.write_string_with_format(1, at, example, &text)?;
            sheet.set_column_width(at, 20)?;
            if digits {
                sheet.set_column_format(at, &text)?;
            }
        }
        workbook.save_to_buffer()
    };
    match workbook() {
        Ok(bytes) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    ),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_str(&format!("attachment; filename=\"{file}\""))
                        .unwrap_or(HeaderValue::from_static("attachment")),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => failure(headers, Error::Internal(error.to_string())),
    }
}
