//! Links that download a list as the server writes it (a workbook or CSV, `/api/…?format=`),
//! with the filters the screen shows.

use leptos::prelude::*;

use crate::i18n::{Text, use_i18n};

/// An export's address under `/api/` from its segments, each encoded (an id read from the
/// page's address is whatever was typed there): `["programs", "3", "awards"]` is
/// `/api/programs/3/awards`.
pub fn api_path(segments: &[&str]) -> String {
    segments
        .iter()
        .fold(String::from("/api"), |mut path, segment| {
            path.push('/');
            path.push_str(&String::from(js_sys::encode_uri_component(segment)));
            path
        })
}

/// A list's address with its filters, the empty ones left out: `/api/programs/3/awards`
/// with `[("status", "PAID")]` is `/api/programs/3/awards?status=PAID`.
pub fn export_href(path: &str, filters: &[(&str, &str)]) -> String {
    let query: Vec<String> = filters
        .iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(name, value)| {
            let value = String::from(js_sys::encode_uri_component(value.trim()));
            format!("{name}={value}")
        })
        .collect();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// The list at `href` (with its filters) to download as Excel or CSV.
#[component]
pub fn ExportLinks(
    /// The list's address with its filters, from [`export_href`].
    #[prop(into)]
    href: Signal<String>,
    /// What the file holds, said before the links where a page offers several.
    #[prop(optional)]
    what: Option<Text>,
) -> impl IntoView {
    let i18n = use_i18n();
    let file = move |format: &str| {
        let href = href.get();
        let joint = if href.contains('?') { '&' } else { '?' };
        format!("{href}{joint}format={format}")
    };
    view! {
        <p class="actions export no-print" role="group" aria-label=move || i18n.t(what.unwrap_or(Text::DownloadsLabel))>
            {what.map(|what| view! { <span class="muted">{move || i18n.t(what)}</span> })}
            <a class="button secondary" href=move || file("xlsx") download>{move || i18n.t(Text::DownloadXlsx)}</a>
            <a class="button secondary" href=move || file("csv") download>{move || i18n.t(Text::DownloadCsv)}</a>
        </p>
    }
}
