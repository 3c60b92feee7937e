//! Serving the single-page app: its files as they are, and `index.html` for any other path
//! that looks like a page, so that client-side routes survive a reload or a shared link.
//!
//! The build (`scripts/build-frontend.sh`) names every file under `/pkg/` by its content's
//! hash and compresses the files beforehand: a browser keeps `/pkg/` files for a year and gets
//! the `.br` or `.gz` beside a file when it accepts one; everything else, `index.html` first
//! (it names the current `/pkg/` files), it asks for again each time.

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
    ServeDir::new(web_dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(service_fn(move |request: Request<Body>| {
        let index = Arc::clone(&index);
        async move { Ok::<_, Infallible>(page_or_not_found(&index, request.uri().path()).await) }
    }))
}

/// How long a browser may keep what answers `path`: a year, unasked, for the build's
/// content-named files; otherwise it checks again each time.
fn cache_control(path: &str) -> HeaderValue {
    if path.starts_with("/pkg/") {
        HeaderValue::from_static("public, max-age=31536000, immutable")
    } else {
        HeaderValue::from_static("no-cache")
    }
}

/// Sets [`cache_control`] on a successful answer from the app's files, and says that it
/// depends on the encodings the browser accepts (a cache in between keeps one copy of each).
pub async fn with_cache_control(request: Request<Body>, next: axum::middleware::Next) -> Response {
    let value = cache_control(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() {
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, value);
        let varies = headers.get_all(header::VARY).iter().any(|vary| {
            vary.to_str()
                .is_ok_and(|v| v.to_ascii_lowercase().contains("accept-encoding"))
        });
        if !varies {
            headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
    }
    response
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
