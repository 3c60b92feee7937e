//! `/inbox`: what the server told me about applications (returned for information, assigned
//! for review, approved, paid, awaiting payment…), newest first, a page at a time. Unread ones
//! stand out; opening one marks it read and goes where it asks me to act.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::use_navigate;
use shared::NotificationKind;

use crate::{
    api::{
        self,
        documents::{
            Inbox, MarkAllNotificationsRead, MarkNotificationsRead, UnreadNotificationCount, inbox,
            mark_all_notifications_read, mark_notifications_read, unread_notification_count,
        },
    },
    common::{
        form::{FormError, explain},
        paged::{PageFooter, Paged},
    },
    i18n::{NotificationFacts, Text, notification_text, use_i18n},
    pages::fund::day_of,
};

type Notification = inbox::InboxMyNotificationsEdgesNode;

impl Notification {
    /// Where the notification asks its reader to go: the review to score, the payouts to
    /// make, or the application itself.
    fn href(&self) -> String {
        match (self.kind, &self.review_id) {
            (NotificationKind::ReviewAssigned, Some(review)) => format!("/reviews/{review}"),
            (NotificationKind::AwaitingPayment, _) => {
                format!("/programs/{}/payouts", self.program_id)
            }
            _ => format!("/applications/{}", self.application_id),
        }
    }

    fn facts(&self) -> NotificationFacts<'_> {
        NotificationFacts {
            reference: &self.reference,
            program: &self.program_name,
            learner: self.learner_name.as_deref(),
            amount: self.amount,
        }
    }
}

/// The unread count the header shows, shared through context: read again whenever the page
/// changes, and set at once when the inbox marks something read.
#[derive(Debug, Clone, Copy)]
pub struct UnreadCount(pub RwSignal<u64>);

impl UnreadCount {
    pub fn provide() -> Self {
        let count = Self(RwSignal::new(0));
        provide_context(count);
        count
    }

    /// Asks the server again (signed-in people only). An answer that comes after its
    /// person signed out is dropped: the next person on the device sees none of it.
    pub fn refresh(self) {
        let session = crate::session::use_session();
        spawn_local(async move {
            if let Ok(data) =
                api::run::<UnreadNotificationCount>(unread_notification_count::Variables).await
                && session.me.with_untracked(Option::is_some)
            {
                self.0.set(count(data.unread_notification_count));
            }
        });
    }
}

/// A count as the header keeps it (the server's `Int` is never negative).
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

pub fn use_unread_count() -> UnreadCount {
    use_context::<UnreadCount>().unwrap_or_else(|| UnreadCount(RwSignal::new(0)))
}

/// `/inbox`.
#[component]
pub fn InboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let unread = use_unread_count();
    let unread_only = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let notifications = Paged::new(move |after: Option<String>| async move {
        let variables = inbox::Variables {
            unread_only: unread_only.get_untracked(),
            after,
        };
        let data = api::run::<Inbox>(variables).await?;
        unread.0.set(count(data.unread_notification_count));
        Ok(api::page!(data.my_notifications))
    });
    let rows = notifications.rows;
    let mark_all = Action::new_local(move |(): &()| async move {
        api::run::<MarkAllNotificationsRead>(mark_all_notifications_read::Variables).await
    });
    Effect::new(move |_| match mark_all.value().get() {
        Some(Ok(_)) => {
            failure.set(None);
            unread.0.set(0);
            notifications.reload();
        }
        Some(Err(error)) => failure.set(Some(explain(&error, i18n.locale.get(), &[]))),
        None => {}
    });
    let navigate = use_navigate();
    let open = move |note: Notification| {
        let navigate = navigate.clone();
        spawn_local(async move {
            if !note.read {
                // Going there matters more than the mark: a failed mark stays unread.
                let variables = mark_notifications_read::Variables {
                    ids: vec![note.id.clone()],
                };
                if api::run::<MarkNotificationsRead>(variables).await.is_ok() {
                    unread.0.update(|n| *n = n.saturating_sub(1));
                }
            }
            navigate(&note.href(), Default::default());
        });
    };
    view! {
        <h1>{move || i18n.t(Text::InboxTitle)}</h1>
        <div class="toolbar">
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=move || unread_only.get()
                    on:change=move |ev| {
                        unread_only.set(event_target_checked(&ev));
                        notifications.reload();
                    }
                />
                {move || i18n.t(Text::InboxUnreadOnly)}
            </label>
            <Show when=move || { unread.0.get() > 0 }>
                <button
                    type="button"
                    class="secondary"
                    disabled=move || mark_all.pending().get()
                    aria-busy=move || mark_all.pending().get().to_string()
                    on:click=move |_| {
                        mark_all.dispatch(());
                    }
                >
                    {move || i18n.t(Text::InboxMarkAllRead)}
                </button>
            </Show>
        </div>
        <FormError message=Signal::derive(move || failure.get()) />
        <Show when=move || notifications.is_empty()>
            <p class="notice">{move || i18n.t(Text::InboxEmpty)}</p>
        </Show>
        <ul class="inbox">
            {move || {
                let open = open.clone();
                rows.get()
                    .into_iter()
                    .map(|note| {
                        let text = notification_text(note.kind, &note.facts(), i18n.locale.get());
                        let day = day_of(&note.created_at);
                        let href = note.href();
                        let read = note.read;
                        let open = open.clone();
                        view! {
                            <li class:unread=!read>
                                <a
                                    href=href
                                    on:click=move |ev| {
                                        ev.prevent_default();
                                        open(note.clone());
                                    }
                                >
                                    {(!read).then(|| view! {
                                        <span class="visually-hidden">{move || i18n.t(Text::InboxUnreadMark)}</span>
                                    })}
                                    {text}
                                </a>
                                <span class="muted">{day}</span>
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
        <PageFooter paged=notifications />
    }
}
