//! Evidence files over HTTP: `POST /api/applications/{id}/evidence` (multipart: `kind` and
//! `file`) attaches a document; `GET /api/evidence/{id}` downloads one. Both go through the
//! same session as the GraphQL API; errors have the GraphQL errors' shape and codes.
//! `POST /api/recognition-registrations/{id}/documents` and `GET /api/registration-documents/
//! {id}` do the same for the documents of a registration for recognition.

use axum::{
    Json,
    body::{Body, Bytes},
    extract::{ConnectInfo, Multipart, Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;
use shared::ErrorCode;
use std::net::SocketAddr;

use super::{
    AppState, REQUEST_ID_HEADER,
    graphql::{CSRF_HEADER, refuse, session_token},
};
use crate::{
    error::Error,
    service::{
        actor::SignedIn,
        audit::RequestMeta,
        evidence::{self as evidence_service, Upload},
        evidence_content::{self, Content},
        session,
        society::document,
    },
};

/// The signed-in user of a request, or the response that says why there is none.
pub(super) async fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<SignedIn, Response> {
    let viewer = session::resolve(&state.db, &state.policy, session_token(headers))
        .await
        .map_err(|error| failure(headers, error))?;
    viewer.user.ok_or_else(|| {
        failure(
            headers,
            Error::Unauthenticated("Sign in to do this.".into()),
        )
    })
}

/// The signed-in user of a request, as an extractor: a handler that takes it answers 401
/// (with the API's error shape) before it runs when there is none.
pub(super) struct Signed(pub SignedIn);

impl axum::extract::FromRequestParts<AppState> for Signed {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        signed_in(state, &parts.headers).await.map(Self)
    }
}

/// Who sends an upload: it must carry the CSRF header (a form on another site can't) and come
/// from a signed-in session.
pub(super) async fn uploader(state: &AppState, headers: &HeaderMap) -> Result<SignedIn, Response> {
    if headers.get(CSRF_HEADER).is_none() {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            format!("An upload must carry the {CSRF_HEADER} header."),
        ));
    }
    signed_in(state, headers).await
}

/// A service error as an HTTP response, with the request's id.
pub(super) fn failure(headers: &HeaderMap, error: Error) -> Response {
    let request_id = headers
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    super::error_response(&error, request_id)
}

/// A multipart body that could not be read: too large (413), or malformed (400).
pub(super) fn unreadable(error: &axum::extract::multipart::MultipartError, what: &str) -> Response {
    let code = if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ErrorCode::PayloadTooLarge
    } else {
        ErrorCode::BadRequest
    };
    refuse(
        error.status(),
        code,
        format!("{what} could not be read: {}", error.body_text()),
    )
}

/// A multipart field's bytes, read piece by piece into one buffer: the file is whole in
/// memory once, and a file over `max` stops being read just past it (the service then
/// refuses it by its size).
pub(super) async fn file_bytes(
    mut field: axum::extract::multipart::Field<'_>,
    headers: &HeaderMap,
    max: usize,
) -> Result<Vec<u8>, Response> {
    // Sized from the request's length up front, so that it never grows by copying.
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut bytes = Vec::with_capacity(announced.min(max + 1));
    loop {
        match field.chunk().await {
            Ok(Some(piece)) if bytes.len() <= max => bytes.extend_from_slice(&piece),
            Ok(Some(_) | None) => return Ok(bytes),
            Err(error) => return Err(unreadable(&error, "The file")),
        }
    }
}

pub async fn upload(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(application_id): Path<i64>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let actor = match uploader(&state, &headers).await {
        Ok(actor) => actor,
        Err(response) => return response,
    };
    let mut kind = None;
    let mut file = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => return unreadable(&error, "The upload"),
        };
        match field.name() {
            Some("kind") => kind = field.text().await.ok(),
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let bytes = match file_bytes(field, &headers, evidence_service::MAX_BYTES).await {
                    Ok(bytes) => bytes,
                    Err(response) => return response,
                };
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    let (Some(kind), Some((file_name, bytes))) = (kind, file) else {
        return failure(
            &headers,
            shared::ValidationError::new("file", shared::ValidationReason::Empty).into(),
        );
    };
    let meta = request_meta(&headers, peer);
    let upload = Upload {
        kind,
        file_name,
        bytes,
    };
    match evidence_service::attach_as(&state.db, &meta, &actor, application_id, upload).await {
        Ok(saved) => (
            StatusCode::CREATED,
            Json(json!({
                "id": saved.id.to_string(), "kind": saved.kind, "fileName": saved.file_name,
                "contentType": saved.content_type, "size": saved.size,
            })),
        )
            .into_response(),
        Err(error) => failure(&headers, error),
    }
}

pub async fn download(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let actor = match signed_in(&state, &headers).await {
        Ok(actor) => actor,
        Err(response) => return response,
    };
    let opened = evidence_service::open_as(&state.db, &state.evidence_dir, &actor, id).await;
    served(
        &state,
        &headers,
        opened.map(|(found, content)| (Served::of(&found), content)),
    )
    .await
}

/// `POST /api/recognition-registrations/{id}/documents` (multipart: `file`): a document the
/// association's staff attach to a registration for its assessment.
pub async fn upload_for_registration(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(registration_id): Path<i64>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let meta = request_meta(&headers, peer);
    let db = state.db.clone();
    super::import::upload_with(
        &state,
        &headers,
        multipart,
        evidence_service::MAX_BYTES,
        |actor, file_name, bytes| async move {
            let saved =
                document::attach_as(&db, &meta, &actor, registration_id, &file_name, &bytes)
                    .await?;
            Ok((saved.id, saved.file_name, saved.size, saved.sha256))
        },
    )
    .await
}

/// `GET /api/registration-documents/{id}`: a registration's document, for the staff of its
/// organisation or one above.
pub async fn download_registration_document(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let actor = match signed_in(&state, &headers).await {
        Ok(actor) => actor,
        Err(response) => return response,
    };
    let opened = document::open_as(&state.db, &state.evidence_dir, &actor, id).await;
    served(
        &state,
        &headers,
        opened.map(|(found, content)| (Served::of(&found), content)),
    )
    .await
}

/// Who a request is for the audit log: its id and the address it came from.
fn request_meta(headers: &HeaderMap, peer: SocketAddr) -> RequestMeta {
    RequestMeta {
        request_id: headers
            .get(REQUEST_ID_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned(),
        address: peer.ip().to_string(),
    }
}

/// What a download says of its file.
struct Served {
    file_name: String,
    content_type: String,
    size: i64,
}

/// A kept document's name, type and size.
trait Kept {
    fn parts(&self) -> (&str, &str, i64);
}

impl Kept for crate::service::evidence::Evidence {
    fn parts(&self) -> (&str, &str, i64) {
        (&self.file_name, &self.content_type, self.size)
    }
}

impl Kept for document::Document {
    fn parts(&self) -> (&str, &str, i64) {
        (&self.file_name, &self.content_type, self.size)
    }
}

impl Served {
    fn of(found: &impl Kept) -> Self {
        let (file_name, content_type, size) = found.parts();
        Self {
            file_name: file_name.to_owned(),
            content_type: content_type.to_owned(),
            size,
        }
    }
}

/// A stored document as a download (or the error that keeps it): its bytes a piece at a
/// time, named as kept, never sniffed nor cached.
async fn served(
    state: &AppState,
    request: &HeaderMap,
    opened: Result<(Served, Content), Error>,
) -> Response {
    let (found, content) = match opened {
        Ok(opened) => opened,
        Err(error) => return failure(request, error),
    };
    let body = match body_of(state, content).await {
        Ok(body) => body,
        Err(error) => return failure(request, error),
    };
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&found.content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    let encoded: String = found
        .file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename*=UTF-8''{encoded}")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    if let Ok(size) = u64::try_from(found.size) {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(size));
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// A document's bytes as a response body, read a piece at a time: from the database, or from
/// the data folder for a document uploaded before its bytes moved there. The first piece is
/// read before the response starts, so a missing document is an error, not a cut-off file.
async fn body_of(state: &AppState, content: Content) -> Result<Body, Error> {
    use futures_util::{StreamExt, TryStreamExt, stream};
    match content {
        Content::Stored { sha256, chunks } => {
            let first = if chunks == 0 {
                Vec::new()
            } else {
                evidence_content::chunk(&state.db, &sha256, 0).await?
            };
            let db = state.db.clone();
            let rest = stream::try_unfold(1, move |seq| {
                let (db, sha256) = (db.clone(), sha256.clone());
                async move {
                    if seq >= chunks {
                        return Ok(None);
                    }
                    let piece = evidence_content::chunk(&db, &sha256, seq).await.map_err(
                        |error| {
                            // The response has started: the client sees a cut-off file (its
                            // length says so) and only the log says why.
                            tracing::error!(%error, piece = seq, "a document's download broke off");
                            std::io::Error::other(error)
                        },
                    )?;
                    Ok::<_, std::io::Error>(Some((Bytes::from(piece), seq + 1)))
                }
            });
            let whole = stream::once(async move { Ok(Bytes::from(first)) }).chain(rest);
            Ok(Body::from_stream(whole))
        }
        Content::OnDisk(path) => {
            use tokio::io::AsyncReadExt;
            let file = tokio::fs::File::open(&path)
                .await
                .map_err(|e| Error::Internal(format!("{}: {e}", path.display())))?;
            let pieces = stream::try_unfold(file, |mut file| async move {
                let mut piece = vec![0; evidence_content::CHUNK_BYTES];
                let read = file.read(&mut piece).await?;
                if read == 0 {
                    return Ok(None);
                }
                piece.truncate(read);
                Ok::<_, std::io::Error>(Some((Bytes::from(piece), file)))
            });
            Ok(Body::from_stream(pieces.into_stream()))
        }
    }
}
