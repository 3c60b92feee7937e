//! Choosing an organisation or a fund: a select of those a search finds on the server (for
//! organisations, among those the signed-in person holds a role on and everything under them,
//! or among every organisation of one level). A city holds thousands: the select shows the
//! first page of matches and says when more match, so that nothing is silently missing.

use std::{future::Future, pin::Pin, time::Duration};

use leptos::prelude::*;
use shared::{OrganizationKind, Role};

use crate::{
    api::{
        self, ApiError,
        documents::{
            DonorChoices, FundChoices, OrganizationChoices, donor_choices, fund_choices,
            organization_choices,
        },
    },
    i18n::{Text, error_message, use_i18n},
    session::use_session,
};

/// How long typing must pause before the search is asked.
const TYPING_PAUSE: Duration = Duration::from_millis(300);

/// One thing to choose: an organisation (with its depth, for indenting) or a fund.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub id: String,
    pub name: String,
    pub depth: i64,
}

/// Where a select finds its organisations.
#[derive(Clone, Copy)]
pub enum Scope {
    /// The subtrees of the organisations where the signed-in person holds one of some roles.
    Held(Signal<Vec<String>>),
    /// Every organisation of one level.
    Kind(OrganizationKind),
}

/// The organisations the signed-in person administers, and everything under them.
pub fn use_administered() -> Scope {
    use_organizations_held(&[Role::Admin])
}

/// The organisations where the signed-in person holds one of `roles`, and everything under
/// them (a role held on an organisation holds on its subtree).
pub fn use_organizations_held(roles: &'static [Role]) -> Scope {
    let session = use_session();
    Scope::Held(Signal::derive(move || {
        session
            .me
            .get()
            .map(|me| {
                me.memberships
                    .into_iter()
                    .filter(|m| roles.contains(&m.role))
                    .filter_map(|m| m.organization.map(|o| o.id))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    }))
}

/// What a search found: the first page of matches in each place searched, whether more
/// match than that, and why a place could not be searched.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub choices: Vec<Choice>,
    pub more: bool,
    pub failure: Option<ApiError>,
}

/// A search on its way.
type Finding = Pin<Box<dyn Future<Output = Found>>>;

/// The organisations in `scope` whose name contains `search`, asked of the server. Reads the
/// scope at once (so that a resource asking tracks it) and asks afterwards.
fn find_organizations(scope: Scope, search: String) -> impl Future<Output = Found> {
    let places: Vec<organization_choices::Variables> = match scope {
        Scope::Held(roots) => roots
            .get()
            .into_iter()
            .map(|root| organization_choices::Variables {
                within: Some(root),
                kind: None,
                search: search.clone(),
            })
            .collect(),
        Scope::Kind(kind) => vec![organization_choices::Variables {
            within: None,
            kind: Some(kind),
            search,
        }],
    };
    async move {
        let mut found = Found::default();
        for variables in places {
            match api::run::<OrganizationChoices>(variables).await {
                Ok(data) => {
                    found.more |= data.organizations.page_info.has_next_page;
                    for edge in data.organizations.edges {
                        let node = edge.node;
                        if !found.choices.iter().any(|known| known.id == node.id) {
                            found.choices.push(Choice {
                                id: node.id,
                                name: node.name,
                                depth: node.depth,
                            });
                        }
                    }
                }
                Err(failure) => found.failure = Some(failure),
            }
        }
        found
    }
}

impl Found {
    /// What one search found: its page of `choices` (and whether more match), or why it
    /// failed.
    fn of(answer: Result<(Vec<Choice>, bool), ApiError>) -> Self {
        match answer {
            Ok((choices, more)) => Self {
                choices,
                more,
                failure: None,
            },
            Err(failure) => Self {
                failure: Some(failure),
                ..Self::default()
            },
        }
    }
}

/// A choice named by its name and, where there is one, what tells it apart: `name · detail`.
fn named(id: String, name: String, detail: Option<String>) -> Choice {
    let name = match detail.filter(|detail| !detail.is_empty()) {
        Some(detail) => format!("{name} · {detail}"),
        None => name,
    };
    Choice { id, name, depth: 0 }
}

/// The open funds whose name contains `search`, but `except`, each named with its
/// organisation.
async fn find_funds(except: String, search: String) -> Found {
    let answer = api::run::<FundChoices>(fund_choices::Variables { search }).await;
    Found::of(answer.map(|data| {
        let funds = data.funds;
        let choices = funds
            .edges
            .into_iter()
            .map(|edge| edge.node)
            .filter(|fund| fund.id != except)
            .map(|fund| named(fund.id, fund.name, fund.organization.map(|o| o.name)))
            .collect();
        (choices, funds.page_info.has_next_page)
    }))
}

/// The donors on record with `organization` whose name contains `search`, each named with
/// their contact where there is one (two people may share a name).
async fn find_donors(organization: String, search: String) -> Found {
    let variables = donor_choices::Variables {
        organization_id: organization,
        search,
    };
    let answer = api::run::<DonorChoices>(variables).await;
    Found::of(answer.map(|data| {
        let donors = data.donors;
        let choices = donors
            .edges
            .into_iter()
            .map(|edge| named(edge.node.id, edge.node.name, edge.node.contact))
            .collect();
        (choices, donors.page_info.has_next_page)
    }))
}

/// Sets `search` to `text` once typing pauses: `typed` holds the latest text typed, and a
/// search is asked only if nothing was typed after `text` meanwhile.
fn once_typing_pauses(text: String, typed: RwSignal<String>, search: RwSignal<String>) {
    typed.set(text.clone());
    set_timeout(
        move || {
            if typed.try_get_untracked().as_deref() == Some(text.as_str()) {
                search.try_set(text);
            }
        },
        TYPING_PAUSE,
    );
}

/// A labelled search box over a list: `search` takes what is typed once typing pauses (a
/// list reads itself again when it changes).
#[component]
pub fn SearchBox(
    id: &'static str,
    label: Signal<&'static str>,
    search: RwSignal<String>,
) -> impl IntoView {
    let typed = RwSignal::new(search.get_untracked());
    view! {
        <div class="field search">
            <label for=id>{label}</label>
            <input
                id=id
                type="search"
                prop:value=move || typed.get()
                on:input=move |ev| once_typing_pauses(event_target_value(&ev), typed, search)
            />
        </div>
    }
}

/// A labelled select of organisations in `scope`, indented by depth, with a search box that
/// asks the server for those whose name contains what is typed (with or without
/// diacritics). With `none`, a first choice "—" leaves it empty.
#[component]
pub fn OrganizationSelect(
    id: &'static str,
    label: Signal<&'static str>,
    value: RwSignal<String>,
    scope: Scope,
    #[prop(optional)] none: bool,
    /// Notified when organisations changed (one created, renamed or archived): the choices
    /// are asked again.
    #[prop(optional)]
    changed: Option<Trigger>,
    /// The chosen organisation's name, kept with `value` (for a question that names it).
    #[prop(optional)]
    chosen: Option<RwSignal<String>>,
) -> impl IntoView {
    let find = Callback::new(move |search: String| {
        if let Some(changed) = changed {
            changed.track();
        }
        Box::pin(find_organizations(scope, search)) as Finding
    });
    let chosen = chosen.unwrap_or_else(|| RwSignal::new(String::new()));
    view! { <SearchSelect id label value chosen find none /> }
}

/// A labelled select of the open funds (but `except`) with a search box, for choosing where
/// money goes. Starts empty ("—").
#[component]
pub fn FundSelect(
    id: &'static str,
    label: Signal<&'static str>,
    value: RwSignal<String>,
    /// The chosen fund's name, as the select shows it (for the question asked before money
    /// moves).
    chosen: RwSignal<String>,
    except: String,
) -> impl IntoView {
    let find = Callback::new(move |search: String| {
        Box::pin(find_funds(except.clone(), search)) as Finding
    });
    view! { <SearchSelect id label value chosen find none=true /> }
}

/// A labelled select of the donors on record with `organization`, with a search box. "—"
/// (the start) is a donor not on record yet.
#[component]
pub fn DonorSelect(
    id: &'static str,
    label: Signal<&'static str>,
    value: RwSignal<String>,
    /// The chosen donor's name (with their contact), for the question asked before the
    /// donation is recorded.
    chosen: RwSignal<String>,
    organization: String,
) -> impl IntoView {
    let find = Callback::new(move |search: String| {
        Box::pin(find_donors(organization.clone(), search)) as Finding
    });
    view! { <SearchSelect id label value chosen find none=true /> }
}

/// A select of what `find` returns for the words in its search box, asked again once typing
/// pauses. When more match than the first page, it says so: type more to narrow. With `none`,
/// a first choice "—" leaves it empty; without, the value is kept one of the choices: the
/// first until someone picks, and the first again when a search leaves the picked one out.
#[component]
fn SearchSelect(
    id: &'static str,
    label: Signal<&'static str>,
    value: RwSignal<String>,
    /// The chosen one's name, kept with `value`.
    chosen: RwSignal<String>,
    find: Callback<String, Finding>,
    none: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let found = LocalResource::new(move || find.run(search.get()));
    // The value the select was given at the start, with its name, if any: not one picked
    // from a list since (which leaves with the list).
    let given = (value.get_untracked(), chosen.get_untracked());
    let given = StoredValue::new((!given.0.is_empty() && !given.1.is_empty()).then_some(given));
    let is_preset = move |id: &str| {
        given.with_value(|given| given.as_ref().is_some_and(|(given, _)| given == id))
    };
    let choose = move |id: String| {
        let name = found
            .get_untracked()
            .and_then(|found| found.choices.into_iter().find(|choice| choice.id == id))
            .map(|choice| choice.name)
            .unwrap_or_default();
        chosen.set(name);
        value.set(id);
    };
    Effect::new(move |_| {
        let Some(found) = found.get() else { return };
        let current = value.get_untracked();
        let kept_choice = found.choices.iter().find(|choice| choice.id == current);
        // The chosen one may have been renamed since: its name as found now.
        if let Some(choice) = kept_choice
            && chosen.with_untracked(|name| *name != choice.name)
        {
            chosen.set(choice.name.clone());
        }
        // The value given at the start (a learner's commune, named by `chosen`) stays while
        // no search has been typed, even when the first page of choices does not hold it.
        let preset = is_preset(&current) && search.with_untracked(String::is_empty);
        let kept = (none && current.is_empty()) || kept_choice.is_some() || preset;
        if !kept {
            choose(match (none, found.choices.first()) {
                (false, Some(first)) => first.id.clone(),
                _ => String::new(),
            });
        }
    });
    let search_id = format!("{id}-search");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=search_id
                type="search"
                aria-controls=id
                aria-label=move || format!("{}: {}", label.get(), i18n.t(Text::SearchByName))
                placeholder=move || i18n.t(Text::SearchByName)
                // Asked once the typing pauses, not at every key.
                on:input=move |ev| once_typing_pauses(event_target_value(&ev), typed, search)
            />
            <select id=id on:change=move |ev| choose(event_target_value(&ev))>
                {none.then(|| view! { <option value="">"—"</option> })}
                // The value given at the start, when the choices found do not hold it.
                {move || {
                    let current = value.get();
                    let listed = found
                        .get()
                        .is_some_and(|found| found.choices.iter().any(|choice| choice.id == current));
                    let name = given.with_value(|given| given.as_ref().map(|(_, name)| name.clone()));
                    (is_preset(&current) && !listed)
                        .then(|| view! { <option value=current selected=true>{name}</option> })
                }}
                {move || {
                    found
                        .get()
                        .unwrap_or_default()
                        .choices
                        .into_iter()
                        .map(|choice| {
                            let selected = choice.id == value.get_untracked();
                            let indent = "\u{a0}\u{a0}".repeat(usize::try_from(choice.depth).unwrap_or(0));
                            view! { <option value=choice.id.clone() selected=selected>{format!("{indent}{}", choice.name)}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <p class="hint" aria-live="polite">
                {move || found.get().map(|found| {
                    if let Some(failure) = found.failure {
                        error_message(failure.code, i18n.locale.get())
                    } else if found.choices.is_empty() {
                        i18n.t(Text::NothingMatches)
                    } else if found.more {
                        i18n.t(Text::MoreMatchNarrow)
                    } else {
                        ""
                    }
                })}
            </p>
        </div>
    }
}
