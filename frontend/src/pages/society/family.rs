//! A household's or clan's family: the learners the association's staff link to it by their
//! personal id (what a program for learning families looks at), listed with a button that
//! unlinks each one linked by mistake.

use leptos::prelude::*;
use shared::ErrorCode;

use super::super::fund::day_of_date;
use crate::{
    api::{
        self,
        documents::{
            FamilyLearners, LinkLearnerToFamily, UnlinkLearnerFromFamily, family_learners,
            link_learner_to_family, unlink_learner_from_family,
        },
    },
    common::{
        form::FormError,
        mutation::Sending,
        paged::{PageFooter, Paged},
    },
    i18n::{Text, use_i18n},
};

/// Linking a learner to a household's or clan's family by the learner's personal id, and
/// the learners linked so far.
#[component]
pub(super) fn LinkLearner(id: String, name: String) -> impl IntoView {
    let i18n = use_i18n();
    let personal_id = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    // What was done last, and to whom.
    let done = RwSignal::new(None::<(Text, String)>);
    let sending = Sending::with(&[
        (ErrorCode::NotFound, Text::SocietyLearnerNotFound),
        (ErrorCode::Validation, Text::InvalidPersonalId),
    ]);
    let field = format!("link-{id}");
    let id = StoredValue::new(id);
    // The family's list is read again after each change.
    let version = RwSignal::new(0_u32);
    let reload = move || version.update(|n| *n += 1);
    let toggle = move |_| open.update(|o| *o = !*o);
    let link = move |_| {
        done.set(None);
        let variables = link_learner_to_family::Variables {
            registration_id: id.get_value(),
            personal_id: personal_id.get_untracked().trim().to_owned(),
        };
        sending.send::<LinkLearnerToFamily>(variables, move |data| {
            personal_id.set(String::new());
            done.set(Some((
                Text::SocietyLinked,
                data.link_learner_to_family.learner_name,
            )));
            reload();
        });
    };
    let unlink = Callback::new(move |personal_id: String| {
        done.set(None);
        let variables = unlink_learner_from_family::Variables {
            registration_id: id.get_value(),
            personal_id,
        };
        sending.send::<UnlinkLearnerFromFamily>(variables, move |data| {
            let who = data.unlink_learner_from_family.learner_name;
            done.set(Some((Text::SocietyUnlinked, who)));
            reload();
        });
    });
    let family = name.clone();
    view! {
        <button class="secondary small" aria-expanded=move || open.get().to_string()
            aria-label=move || format!("{} {name}", i18n.t(Text::SocietyLinkLearner))
            on:click=toggle>{move || i18n.t(Text::SocietyLinkLearner)}</button>
        <Show when=move || open.get()>
            <div class="family">
                <div class="field">
                    <label for=field.clone()>{move || i18n.t(Text::SocietyLinkLearnerLabel)}</label>
                    <input id=field.clone() inputmode="numeric" autocomplete="off" bind:value=personal_id />
                    <small class="hint">{move || i18n.t(Text::SocietyLinkLearnerHint)}</small>
                </div>
                <button type="button" class="small" disabled=move || sending.busy.get() on:click=link>
                    {move || i18n.t(Text::SocietyLinkLearnerSend)}
                </button>
                <FormError message=sending.error.into() />
                {move || done.get().map(|(what, who)| view! {
                    <p class="notice" role="status">{move || format!("{}: {who}", i18n.t(what))}</p>
                })}
                <FamilyList id=id.get_value() family=family.clone() version=version
                    busy=sending.busy.into() unlink=unlink />
            </div>
        </Show>
    }
}

/// The learners linked to a family, read when its panel opens and again at each `version`,
/// each with a button that unlinks them.
#[component]
fn FamilyList(
    id: String,
    family: String,
    version: RwSignal<u32>,
    busy: Signal<bool>,
    unlink: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(id);
    let paged = Paged::new(move |after: Option<String>| async move {
        let variables = family_learners::Variables {
            registration_id: id.get_value(),
            after,
        };
        api::run::<FamilyLearners>(variables)
            .await
            .map(|data| api::page!(data.family_learners))
    });
    paged.follow(version);
    view! {
        <h3 class="small">{move || format!("{} {family}", i18n.t(Text::SocietyFamilyLearners))}</h3>
        <Show when=move || paged.is_empty()>
            <p class="muted small">{move || i18n.t(Text::SocietyNoFamilyLearners)}</p>
        </Show>
        <ul class="plain family-learners">
            <For each=move || paged.rows.get() key=|l| l.learner_id.clone() children=move |l| {
                let who = l.full_name.clone();
                let personal_id = l.personal_id.clone().unwrap_or_default();
                view! {
                    <li>
                        {format!("{} · {}", l.full_name, day_of_date(&l.date_of_birth))}
                        " "
                        <button type="button" class="secondary small"
                            aria-label=move || format!("{} {who}", i18n.t(Text::SocietyUnlinkLearner))
                            disabled=move || busy.get()
                            on:click=move |_| unlink.run(personal_id.clone())>
                            {move || i18n.t(Text::SocietyUnlinkLearner)}
                        </button>
                    </li>
                }
            } />
        </ul>
        <PageFooter paged=paged />
    }
}
