//! The documents a registration's assessment rests on (a household's certificates, a
//! hamlet's minutes): listed on its row for the association's staff, attached and taken off
//! beside its score sheet until the association decides.

use leptos::{html, prelude::*, task::spawn_local};
use shared::ErrorCode;

use crate::{
    api::documents::{RemoveRegistrationDocument, remove_registration_document},
    common::{
        form::{FormError, explain},
        mutation::Sending,
        upload::{chosen_file, post_file},
    },
    i18n::{Text, use_i18n},
};

/// A document as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Document {
    pub id: String,
    pub file_name: String,
    pub url: String,
}

/// The documents of a row, each a link to download it.
#[component]
pub(super) fn DocumentLinks(documents: Vec<Document>) -> impl IntoView {
    let i18n = use_i18n();
    (!documents.is_empty()).then(|| {
        view! {
            <p class="small documents">
                {move || i18n.t(Text::SocietyDocuments)} ": "
                {documents.into_iter().enumerate().map(|(n, d)| view! {
                    {(n > 0).then_some(", ")}
                    <a href=d.url download=d.file_name.clone()>{d.file_name.clone()}</a>
                }).collect_view()}
            </p>
        }
    })
}

/// The documents of a registration still to be decided: each with a button that takes it
/// off, and a form that attaches another (a PDF, PNG or JPEG). The list's row shows them when
/// it is read again (once the score is saved), so that a document leaves what else is open
/// or chosen there as it was.
#[component]
pub(super) fn DocumentsEditor(registration: String, documents: Vec<Document>) -> impl IntoView {
    let i18n = use_i18n();
    let documents = RwSignal::new(documents);
    let file_input = NodeRef::<html::Input>::new();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let removing = Sending::default();
    let url = StoredValue::new(format!(
        "/api/recognition-registrations/{registration}/documents"
    ));
    let attach = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.locale.get_untracked();
        let Some(file) = chosen_file(file_input) else {
            return error.set(Some(Text::ChooseFile.get(locale).to_owned()));
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let result = post_file(&url.get_value(), &[], &file).await;
            busy.set(false);
            match result {
                Ok(saved) => {
                    error.set(None);
                    if let Some(input) = file_input.get_untracked() {
                        input.set_value("");
                    }
                    let field = |name: &str| saved[name].as_str().unwrap_or_default().to_owned();
                    let id = field("id");
                    documents.update(|all| {
                        all.push(Document {
                            url: format!("/api/registration-documents/{id}"),
                            id,
                            file_name: field("fileName"),
                        });
                    });
                }
                Err(refused) => error.set(Some(explain(
                    &refused.error,
                    locale,
                    &[(ErrorCode::Validation, Text::BadFile)],
                ))),
            }
        });
    };
    let remove = move |id: String| {
        let variables = remove_registration_document::Variables { document_id: id };
        removing.send::<RemoveRegistrationDocument>(variables, move |data| {
            let after = data.remove_registration_document.documents;
            documents.set(
                after
                    .into_iter()
                    .map(|d| Document {
                        id: d.id,
                        file_name: d.file_name,
                        url: d.url,
                    })
                    .collect(),
            );
        });
    };
    view! {
        <section aria-labelledby="documents-title">
            <h3 id="documents-title">{move || i18n.t(Text::SocietyDocuments)}</h3>
            <Show when=move || documents.with(Vec::is_empty)>
                <p class="muted">{move || i18n.t(Text::SocietyNoDocuments)}</p>
            </Show>
            <ul class="plain documents">
                <For each=move || documents.get() key=|d| d.id.clone() children=move |d| {
                    let id = d.id.clone();
                    let name = d.file_name.clone();
                    view! {
                        <li>
                            <a href=d.url download=d.file_name.clone()>{d.file_name.clone()}</a>
                            " "
                            <button type="button" class="secondary small"
                                aria-label=move || format!("{} {name}", i18n.t(Text::SocietyRemoveDocument))
                                disabled=move || removing.busy.get()
                                on:click=move |_| remove(id.clone())>
                                {move || i18n.t(Text::SocietyRemoveDocument)}
                            </button>
                        </li>
                    }
                } />
            </ul>
            <FormError message=removing.error.into() />
            <form class="inline-form" on:submit=attach>
                <div class="field">
                    <label for="registration-document">{move || i18n.t(Text::SocietyDocumentFile)}</label>
                    <input id="registration-document" type="file"
                        accept="application/pdf,image/png,image/jpeg" node_ref=file_input />
                </div>
                <button type="submit" class="secondary" disabled=move || busy.get()>
                    {move || i18n.t(Text::SocietyAttachDocument)}
                </button>
                <FormError message=error.into() />
            </form>
        </section>
    }
}
