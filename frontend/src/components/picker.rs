//! The organisations the signed-in person administers: those they hold ADMIN on and
//! everything under them. Shared by the administration pages.

use leptos::prelude::*;
use serde::Deserialize;
use shared::Role;

use crate::{
    api::{self, Connection},
    session::use_session,
};

const ADMINISTERED: &str = include_str!("../../graphql/administered.graphql");

#[derive(Debug, Clone, Deserialize)]
struct AdministeredData {
    organizations: Connection<Choice>,
}

/// One organisation to choose from, with its depth for indenting.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Choice {
    pub id: String,
    pub name: String,
    pub depth: i32,
}

#[derive(Clone, Copy)]
pub struct Administered {
    /// Those and everything under them, in tree order per root.
    pub choices: LocalResource<Vec<Choice>>,
}

pub fn use_administered() -> Administered {
    use_organizations_held(&[Role::Admin])
}

/// The organisations where the signed-in person holds one of `roles`, and everything under
/// them (a role held on an organisation holds on its subtree).
pub fn use_organizations_held(roles: &'static [Role]) -> Administered {
    let session = use_session();
    let roots = Signal::derive(move || {
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
    });
    let choices = LocalResource::new(move || {
        let roots = roots.get();
        async move {
            let mut all: Vec<Choice> = Vec::new();
            for root in roots {
                let variables = serde_json::json!({ "within": root });
                if let Ok(data) = api::graphql::<_, AdministeredData>(ADMINISTERED, variables).await
                {
                    for edge in data.organizations.edges {
                        if !all.iter().any(|known| known.id == edge.node.id) {
                            all.push(edge.node);
                        }
                    }
                }
            }
            all
        }
    });
    Administered { choices }
}

/// A labelled select of the administered organisations, indented by depth.
#[component]
pub fn OrganizationSelect(
    id: &'static str,
    label: Signal<&'static str>,
    value: RwSignal<String>,
    administered: Administered,
) -> impl IntoView {
    // Keep the value one of the choices: the first until someone picks, and the first again
    // when the picked one leaves the list (archived).
    Effect::new(move |_| {
        let choices = administered.choices.get().unwrap_or_default();
        if !choices
            .iter()
            .any(|choice| choice.id == value.get_untracked())
        {
            if let Some(first) = choices.first() {
                value.set(first.id.clone());
            }
        }
    });
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                {move || {
                    administered
                        .choices
                        .get()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|choice| {
                            let selected = choice.id == value.get_untracked();
                            let indent = "\u{a0}\u{a0}".repeat(usize::try_from(choice.depth).unwrap_or(0));
                            view! { <option value=choice.id.clone() selected=selected>{format!("{indent}{}", choice.name)}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}
