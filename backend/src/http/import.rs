//! Files to import over HTTP, each `POST` a multipart body with one `file`:
//! `/api/bank-accounts/{id}/statement-files` keeps a bank statement of a fund's account,
//! `/api/organizations/{id}/learner-files` a list of learners for an organisation's roster,
//! once each reads as what it claims to be. Their previews and imports are GraphQL
//! (`bankStatementPreview`, `importBankStatement`; `learnerImportPreview`, `importLearners`), by
//! the id this answers with. Errors have the GraphQL errors' shape and codes.
//!
//! `GET /api/templates/learners.xlsx` is the learners' template: the columns a file is read by,
//! with an example row.

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
    service::{actor::SignedIn, bank_statement, learner_import},
};

/// The uploader and the `file` of a multipart body of at most `max_bytes`, or the answer that
/// refuses it.
async fn one_file(
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

/// 201 with the kept file's id, name, size and digest.
fn created(id: i64, file_name: &str, size: i64, sha256: &str) -> Response {
    (
        StatusCode::CREATED,
        Json(json!({
            "id": id.to_string(), "fileName": file_name, "size": size, "sha256": sha256,
        })),
    )
        .into_response()
}

pub async fn upload(
    State(state): State<AppState>,
    Path(bank_account_id): Path<i64>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let (actor, file_name, bytes) =
        match one_file(&state, &headers, multipart, bank_statement::MAX_BYTES).await {
            Ok(file) => file,
            Err(response) => return response,
        };
    match bank_statement::upload_as(&state.db, &actor, bank_account_id, &file_name, bytes).await {
        Ok(saved) => created(saved.id, &saved.file_name, saved.size, &saved.sha256),
        Err(error) => failure(&headers, error),
    }
}

pub async fn upload_learners(
    State(state): State<AppState>,
    Path(organization_id): Path<i64>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let (actor, file_name, bytes) =
        match one_file(&state, &headers, multipart, learner_import::MAX_BYTES).await {
            Ok(file) => file,
            Err(response) => return response,
        };
    match learner_import::upload_as(&state.db, &actor, organization_id, &file_name, bytes).await {
        Ok(saved) => created(saved.id, &saved.file_name, saved.size, &saved.sha256),
        Err(error) => failure(&headers, error),
    }
}

/// The learners' template as a workbook: the headers in order, bold, and one example row.
pub async fn learners_template(headers: HeaderMap) -> Response {
    match learners_workbook() {
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
                    HeaderValue::from_static(
                        "attachment; filename=\"mau-danh-sach-nguoi-hoc.xlsx\"",
                    ),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => failure(&headers, Error::Internal(error.to_string())),
    }
}

fn learners_workbook() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    use shared::learner_import::Column;
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Người học")?;
    let bold = Format::new().set_bold();
    // Personal ids and phone numbers are text: typed as numbers, they would lose their zeros.
    let text = Format::new().set_num_format("@");
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
    for (index, (column, value)) in Column::ALL.into_iter().zip(example).enumerate() {
        let at = u16::try_from(index).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, at, column.header(), &bold)?;
        sheet.write_string_with_format(1, at, value, &text)?;
        sheet.set_column_width(at, 20)?;
        if matches!(column, Column::PersonalId | Column::GuardianPhone) {
            sheet.set_column_format(at, &text)?;
        }
    }
    workbook.save_to_buffer()
}
