//! A list read a page at a time from a connection: the rows so far, and below them the state
//! of the next page (loading, an error with a retry, or "Show more" while more follow). No
//! list stops silently: the server says whether another page follows.

use std::future::Future;

use leptos::prelude::*;

use crate::{
    api::{ApiError, Page},
    common::status::{ErrorPanel, Loading},
    i18n::{Text, use_i18n},
};

/// The pages of one list read so far.
pub struct Paged<T: Send + Sync + 'static> {
    /// Every row of the pages read so far, in the list's order.
    pub rows: RwSignal<Vec<T>>,
    /// Whether the first page has come.
    pub loaded: RwSignal<bool>,
    next: RwSignal<Option<String>>,
    error: RwSignal<Option<ApiError>>,
    load: Action<Option<String>, Result<Page<T>, ApiError>>,
}

impl<T: Send + Sync + 'static> Clone for Paged<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Paged<T> {}

impl<T: Clone + Send + Sync + 'static> Paged<T> {
    /// Starts reading a list: `fetch(after)` asks for the page after the cursor `after` (the
    /// first page for `None`). The first page is asked for at once.
    pub fn new<Fut>(fetch: impl Fn(Option<String>) -> Fut + 'static) -> Self
    where
        Fut: Future<Output = Result<Page<T>, ApiError>> + 'static,
    {
        let rows = RwSignal::new(Vec::new());
        let loaded = RwSignal::new(false);
        let next = RwSignal::new(None::<String>);
        let error = RwSignal::new(None::<ApiError>);
        let load = Action::new_local(move |after: &Option<String>| fetch(after.clone()));
        Effect::new(move |_| {
            if let Some(result) = load.value().get() {
                match result {
                    Ok(page) => {
                        next.set(page.next);
                        rows.update(|rows| rows.extend(page.rows));
                        loaded.set(true);
                        error.set(None);
                    }
                    Err(failure) => error.set(Some(failure)),
                }
            }
        });
        load.dispatch(None);
        Self {
            rows,
            loaded,
            next,
            error,
            load,
        }
    }

    /// Asks for the next page (or the first again, after a failure before any came).
    pub fn more(&self) {
        self.load.dispatch(self.next.get_untracked());
    }

    /// Reads the list again from its first page: after a change to it, or to what `fetch`
    /// asks for.
    pub fn reload(&self) {
        self.rows.set(Vec::new());
        self.loaded.set(false);
        self.next.set(None);
        self.error.set(None);
        self.load.dispatch(None);
    }

    /// Reads the list again from its first page whenever `what` changes (a search, a
    /// filter): `fetch` reads it untracked.
    pub fn follow<W: PartialEq + Clone + Send + Sync + 'static>(&self, what: RwSignal<W>) {
        let paged = *self;
        Effect::new(move |previous: Option<W>| {
            let now = what.get();
            if previous.is_some_and(|previous| previous != now) {
                paged.reload();
            }
            now
        });
    }

    /// Whether the first page came and held nothing: the list is empty.
    pub fn is_empty(&self) -> bool {
        self.loaded.get() && self.rows.with(Vec::is_empty)
    }
}

/// What follows a paged list's rows: "loading" while a page is on its way, the error of the
/// last page asked for with a retry, or "Show more" while the server has more.
#[component]
pub fn PageFooter<T: Clone + Send + Sync + 'static>(paged: Paged<T>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || paged.load.pending().get()>
            <Loading />
        </Show>
        {move || paged.error.get().map(|failure| view! {
            <ErrorPanel error=failure on_retry=move |()| paged.more() />
        })}
        <Show when=move || paged.next.get().is_some() && !paged.load.pending().get()>
            <button class="secondary" on:click=move |_| paged.more()>
                {move || i18n.t(Text::LoadMore)}
            </button>
        </Show>
    }
}
