//! Serving the single-page app: its files as they are, and `index.html` for any other path
//! that looks like a page, so that client-side routes survive a reload or a shared link.

use std::{convert::Infallible, path::Path, sync::Arc};

use axum::{
    body::Body,
    http::{HeaderValue, Request, StatusCode, header},
    response::{IntoResponse, Response},
};
use tower::service_fn;
use tower_http::services::ServeDir;

/// The files of `web_dir`, falling back to its `index.html` for client-side routes.
pub fn service(
    web_dir: &Path,
) -> ServeDir<
    impl tower::Service<
        Request<Body>,
        Response = Response,
        Error = Infallible,
        Future = impl Send + use<>,
    > + Clone
    + use<>,
> {
    let index = Arc::new(web_dir.join("index.html"));
    ServeDir::new(web_dir).fallback(service_fn(move |request: Request<Body>| {
        let index = Arc::clone(&index);
        async move { Ok::<_, Infallible>(page_or_not_found(&index, request.uri().path()).await) }
    }))
}

async fn page_or_not_found(index: &Path, path: &str) -> Response {
    // A missing `/pkg/app.wasm` must be a 404, not the HTML of the app, or the browser would
    // report a confusing compile error instead of a missing file.
    let last_segment = path.rsplit('/').next().unwrap_or_default();
    if last_segment.contains('.') {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    match tokio::fs::read(index).await {
        Ok(html) => {
            let mut response = Response::new(Body::from(html));
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            response
        }
        Err(error) => {
            tracing::error!(%error, index = %index.display(), "the SPA is not built");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "The web app is not built: run ./scripts/build.sh",
            )
                .into_response()
        }
    }
}
