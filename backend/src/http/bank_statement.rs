//! Statement files over HTTP: `POST /api/bank-accounts/{id}/statement-files` (multipart:
//! `file`) keeps a bank statement of a fund's account for its import, once it reads as one.
//! The preview and the import are GraphQL (`bankStatementPreview`, `importBankStatement`),
//! by the id this answers with. Errors have the GraphQL errors' shape and codes.

use axum::{
    Json,
    extract::{Multipart, Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::json;

use super::{
    AppState,
    evidence::{failure, file_bytes, unreadable, uploader},
};
use crate::service::bank_statement;

pub async fn upload(
    State(state): State<AppState>,
    Path(bank_account_id): Path<i64>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let actor = match uploader(&state, &headers).await {
        Ok(actor) => actor,
        Err(response) => return response,
    };
    let mut file = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => return unreadable(&error, "The upload"),
        };
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or_default().to_owned();
            match file_bytes(field, &headers, bank_statement::MAX_BYTES).await {
                Ok(bytes) => file = Some((name, bytes)),
                Err(response) => return response,
            }
        }
    }
    let Some((file_name, bytes)) = file else {
        return failure(
            &headers,
            shared::ValidationError::new("file", shared::ValidationReason::Empty).into(),
        );
    };
    match bank_statement::upload_as(&state.db, &actor, bank_account_id, &file_name, bytes).await {
        Ok(saved) => (
            StatusCode::CREATED,
            Json(json!({
                "id": saved.id.to_string(), "fileName": saved.file_name,
                "size": saved.size, "sha256": saved.sha256,
            })),
        )
            .into_response(),
        Err(error) => failure(&headers, error),
    }
}
