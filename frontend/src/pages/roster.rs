//! `/staff/learners`, for program managers and administrators: the learners of an
//! organisation's subtree (living in its communes or kept on record by its chapters), found
//! by part of a name or school, or a whole personal id, a page at a time.

use leptos::prelude::*;
use leptos_router::components::A;
use shared::Role;

use crate::{
    api::{
        self, Page,
        documents::{Learners, learners},
    },
    common::{
        export::{ExportLinks, api_path, export_href},
        paged::{PageFooter, Paged},
        picker::{OrganizationSelect, SearchBox, use_organizations_held},
    },
    i18n::{Text, education_level_name, use_i18n},
    pages::fund::day_of_date,
};

/// Who may list an organisation's learners.
const STAFF: [Role; 2] = [Role::Admin, Role::ProgramManager];

#[component]
pub fn StaffLearnersPage() -> impl IntoView {
    let i18n = use_i18n();
    let organization = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let learners = Paged::new(move |after: Option<String>| async move {
        let organization_id = organization.get_untracked();
        if organization_id.is_empty() {
            return Ok(Page {
                rows: Vec::new(),
                next: None,
            });
        }
        let variables = learners::Variables {
            organization_id,
            search: search.get_untracked(),
            after,
        };
        api::run::<Learners>(variables)
            .await
            .map(|data| api::page!(data.learners))
    });
    learners.follow(organization);
    learners.follow(search);
    view! {
        <h1>{move || i18n.t(Text::StaffLearnersTitle)}</h1>
        <p><A href="/staff/learners/import">{move || i18n.t(Text::ImportFromExcel)}</A></p>
        <div class="filters">
            <OrganizationSelect
                id="learners-organization"
                label=Signal::derive(move || i18n.t(Text::OrganizationLabel))
                value=organization
                scope=use_organizations_held(&STAFF)
            />
            <SearchBox id="learners-search" label=Signal::derive(move || i18n.t(Text::SearchLearners)) search />
        </div>
        <Show when=move || !organization.get().is_empty()>
            <ExportLinks href=Signal::derive(move || export_href(
                &api_path(&["organizations", &organization.get(), "learners"]),
                &[("search", &search.get())],
            )) />
        </Show>
        <Show when=move || learners.is_empty()>
            <p class="muted">{move || i18n.t(Text::NoLearnersFound)}</p>
        </Show>
        <ul class="org-tree learners">
            {move || learners.rows.get().into_iter().map(|learner| {
                let level = learner.education_level;
                let place = [learner.school, learner.class_name].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                let guardian = [learner.guardian_name, learner.guardian_phone].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                view! {
                    <li>
                        <A href=format!("/learners/{}", learner.id)>{learner.full_name}</A>
                        <span class="muted">
                            {day_of_date(&learner.date_of_birth)} " · "
                            {move || education_level_name(level, i18n.locale.get())}
                            {(!place.is_empty()).then(|| format!(" · {place}"))}
                        </span>
                        {(!guardian.is_empty()).then(|| view! {
                            <span class="muted">{move || i18n.t(Text::GuardianShort)} ": " {guardian.clone()}</span>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
        <PageFooter paged=learners />
    }
}
