//! Sending a file as the server's upload endpoints take it: `multipart/form-data` with the
//! session and the client header, the answer as JSON, a refusal as the API's error with the
//! extensions it carried (a statement's cell at fault, say).

use leptos::prelude::{GetUntracked as _, NodeRef};
use serde_json::Value;
use shared::ErrorCode;

use crate::api::ApiError;

/// A refused upload: the error, and the extensions the server sent with it.
#[derive(Debug, Clone)]
pub struct Refused {
    pub error: ApiError,
    pub extensions: Value,
}

/// The file chosen in a file input, if one is.
pub fn chosen_file(input: NodeRef<leptos::html::Input>) -> Option<web_sys::File> {
    input
        .get_untracked()
        .and_then(|input| input.files())
        .and_then(|files| files.get(0))
}

/// Posts `file` (with `fields` beside it) to `url`; the server's JSON answer.
pub async fn post_file(
    url: &str,
    fields: &[(&str, &str)],
    file: &web_sys::File,
) -> Result<Value, Refused> {
    let failed = |message: String| Refused {
        error: ApiError {
            code: None,
            field: None,
            refusal: None,
            message,
        },
        extensions: Value::Null,
    };
    let form = web_sys::FormData::new().map_err(|e| failed(format!("{e:?}")))?;
    for (name, value) in fields {
        form.append_with_str(name, value)
            .map_err(|e| failed(format!("{e:?}")))?;
    }
    form.append_with_blob_and_filename("file", file, &file.name())
        .map_err(|e| failed(format!("{e:?}")))?;
    let response = gloo_net::http::Request::post(url)
        .header("x-khuyenhoc-client", "web")
        .body(form)
        .map_err(|e| failed(e.to_string()))?
        .send()
        .await
        .map_err(|e| failed(e.to_string()))?;
    let status = response.status();
    let body: Value = response.json().await.unwrap_or_default();
    if (200..300).contains(&status) {
        return Ok(body);
    }
    // The server answered: whatever it said is its refusal, never a network failure.
    let error = &body["errors"][0];
    let extensions = error["extensions"].clone();
    let code = extensions["code"].as_str().and_then(ErrorCode::parse);
    Err(Refused {
        error: ApiError {
            code: Some(code.unwrap_or(if status == 413 {
                ErrorCode::Validation
            } else {
                ErrorCode::Internal
            })),
            field: extensions["field"]
                .as_str()
                .map(str::to_owned)
                .or_else(|| (status == 413).then(|| "file".to_owned())),
            refusal: None,
            message: error["message"]
                .as_str()
                .map_or_else(|| format!("HTTP {status}"), str::to_owned),
        },
        extensions,
    })
}
