//! The criteria as the city association sets them: a model's groups, items and points, the
//! pass mark and the grades above it, for a year, edited in place and put in force as the
//! next version (asked about first; what was scored keeps the version it was scored under).
//! The total and whether the set can be used are worked out as they type, by the rule the
//! server keeps (`shared::society::CriteriaSet::checked`).

use leptos::prelude::*;
use shared::society::{CriteriaGroup, CriteriaItem, CriteriaSet, Level, RecognitionModel, example};

use super::{
    register::{ModelSelect, criteria_of},
    this_year,
};
use crate::{
    api::{
        self,
        documents::{CriteriaSets, SaveCriteriaSet, criteria_sets, save_criteria_set},
    },
    common::{
        confirm::{Ask, AskFirst, Asking},
        form::FormError,
        status::{ErrorPanel, Loading},
    },
    i18n::{Text, use_i18n},
};

type Found = criteria_sets::CriteriaSetsCriteriaSets;

/// An item as typed: its points are text until the set is read.
#[derive(Debug, Clone, Copy)]
struct ItemDraft {
    key: u64,
    code: RwSignal<String>,
    text: RwSignal<String>,
    points: RwSignal<String>,
}

#[derive(Debug, Clone, Copy)]
struct GroupDraft {
    key: u64,
    name: RwSignal<String>,
    items: RwSignal<Vec<ItemDraft>>,
}

#[derive(Debug, Clone, Copy)]
struct LevelDraft {
    key: u64,
    name: RwSignal<String>,
    min_total: RwSignal<String>,
}

/// The set being edited, each part its own signal so typing in one field redraws only it.
#[derive(Debug, Clone, Copy)]
struct Draft {
    groups: RwSignal<Vec<GroupDraft>>,
    pass_mark: RwSignal<String>,
    levels: RwSignal<Vec<LevelDraft>>,
    /// The next key a new row takes.
    next: StoredValue<u64>,
}

impl Draft {
    fn new() -> Self {
        Self {
            groups: RwSignal::new(Vec::new()),
            pass_mark: RwSignal::new(String::new()),
            levels: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
        }
    }

    fn key(self) -> u64 {
        let key = self.next.get_value();
        self.next.set_value(key + 1);
        key
    }

    fn item(self, code: &str, text: &str, points: String) -> ItemDraft {
        ItemDraft {
            key: self.key(),
            code: RwSignal::new(code.to_owned()),
            text: RwSignal::new(text.to_owned()),
            points: RwSignal::new(points),
        }
    }

    fn group(self, name: &str, items: Vec<ItemDraft>) -> GroupDraft {
        GroupDraft {
            key: self.key(),
            name: RwSignal::new(name.to_owned()),
            items: RwSignal::new(items),
        }
    }

    fn level(self, name: &str, min_total: String) -> LevelDraft {
        LevelDraft {
            key: self.key(),
            name: RwSignal::new(name.to_owned()),
            min_total: RwSignal::new(min_total),
        }
    }

    /// Fills the fields with a set.
    fn fill(self, set: &CriteriaSet) {
        let groups = set
            .groups
            .iter()
            .map(|group| {
                let items = group
                    .items
                    .iter()
                    .map(|item| self.item(&item.code, &item.text, item.points.to_string()))
                    .collect();
                self.group(&group.name, items)
            })
            .collect();
        self.groups.set(groups);
        self.pass_mark.set(set.pass_mark.to_string());
        self.levels.set(
            set.levels
                .iter()
                .map(|level| self.level(&level.name, level.min_total.to_string()))
                .collect(),
        );
    }

    /// The set as typed, checked by the server's rule; what is wrong, in words, otherwise.
    fn read(self, model: RecognitionModel, year: i32) -> Result<CriteriaSet, Text> {
        let number = |text: String, wrong: Text| text.trim().parse::<u32>().map_err(|_| wrong);
        let groups = self
            .groups
            .get()
            .into_iter()
            .map(|group| {
                let items = group
                    .items
                    .get()
                    .into_iter()
                    .map(|item| {
                        Ok(CriteriaItem {
                            code: item.code.get(),
                            text: item.text.get(),
                            points: number(item.points.get(), Text::CriteriaBadPoints)?,
                        })
                    })
                    .collect::<Result<_, Text>>()?;
                Ok(CriteriaGroup {
                    name: group.name.get(),
                    items,
                })
            })
            .collect::<Result<_, Text>>()?;
        let levels = self
            .levels
            .get()
            .into_iter()
            .map(|level| {
                Ok(Level {
                    name: level.name.get(),
                    min_total: number(level.min_total.get(), Text::CriteriaBadLevels)?,
                })
            })
            .collect::<Result<_, Text>>()?;
        CriteriaSet {
            model,
            year,
            groups,
            pass_mark: number(self.pass_mark.get(), Text::CriteriaBadPassMark)?,
            levels,
            example: false,
        }
        .checked()
        .map_err(|error| problem(&error.field))
    }
}

/// A year as the rules keep it.
fn data_year(year: i64) -> i32 {
    i32::try_from(year).unwrap_or_default()
}

/// What the rule's refusal of `field` means to the person editing.
fn problem(field: &str) -> Text {
    match field {
        "groups" => Text::CriteriaNeedsItems,
        "items" => Text::CriteriaTooMany,
        "groups.name" => Text::CriteriaBadGroupName,
        "levels.name" => Text::CriteriaBadLevelName,
        "items.code" => Text::CriteriaBadCode,
        "items.text" => Text::CriteriaBadWords,
        "items.points" => Text::CriteriaBadPoints,
        "passMark" => Text::CriteriaBadPassMark,
        _ => Text::CriteriaBadLevels,
    }
}

/// The city association's criteria editor.
#[component]
pub fn CriteriaPage() -> impl IntoView {
    let i18n = use_i18n();
    let model = RwSignal::new(RecognitionModel::Household);
    let year = RwSignal::new(this_year());
    let changed = RwSignal::new(0u32);
    let found = LocalResource::new(move || {
        changed.track();
        let year = year.get();
        async move { api::run::<CriteriaSets>(criteria_sets::Variables { year }).await }
    });
    let draft = Draft::new();
    let current = RwSignal::new(None::<Found>);
    // The chosen model's set fills the fields when it is read or the choice changes, not
    // while they type; a year without one starts from the published example. The fields'
    // signals belong to the page, not to this effect, so a refill never leaves a row
    // reading one already disposed.
    let owner = Owner::current();
    Effect::new(move |_| {
        let chosen = model.get();
        if let Some(Ok(data)) = found.get() {
            let set = data
                .criteria_sets
                .into_iter()
                .find(|set| set.model == chosen);
            let shown = set.as_ref().map_or_else(
                || example(chosen, data_year(year.get_untracked())),
                criteria_of,
            );
            match &owner {
                Some(owner) => owner.with(|| draft.fill(&shown)),
                None => draft.fill(&shown),
            }
            current.set(set);
        }
    });
    view! {
        <h1>{move || i18n.t(Text::CriteriaTitle)}</h1>
        <p class="muted">{move || i18n.t(Text::CriteriaIntro)}</p>
        <section class="card">
            <div class="field">
                <label for="criteria-year">{move || i18n.t(Text::CriteriaYear)}</label>
                <select id="criteria-year" on:change=move |ev| {
                    if let Ok(chosen) = event_target_value(&ev).parse() { year.set(chosen) }
                }>
                    {[this_year(), this_year() + 1].map(|y| view! {
                        <option value=y.to_string() selected=move || year.get() == y>{y}</option>
                    }).collect_view()}
                </select>
            </div>
            <ModelSelect id="criteria-model" label=Text::SocietyModelLabel chosen=model />
            {move || found.get().and_then(Result::err).map(|failure| view! {
                <ErrorPanel error=failure on_retry=move |()| found.refetch() />
            })}
            <Show when=move || found.get().is_some() fallback=Loading>
                <p class="small">{move || match current.get() {
                    Some(set) if !set.example => format!("{} {}", i18n.t(Text::CriteriaVersion), set.version),
                    Some(_) => i18n.t(Text::CriteriaExample).to_owned(),
                    None => i18n.t(Text::CriteriaNoneYet).to_owned(),
                }}</p>
            </Show>
        </section>
        <Show when=move || matches!(found.get(), Some(Ok(_)))>
            <Editor draft=draft model=model year=year changed=changed />
        </Show>
    }
}

/// The fields of the set, its running total and what is wrong with it, and saving it.
#[component]
fn Editor(
    draft: Draft,
    model: RwSignal<RecognitionModel>,
    year: RwSignal<i64>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let as_year = move || data_year(year.get());
    let checked = Memo::new(move |_| draft.read(model.get(), as_year()));
    let asking = Asking::<SaveCriteriaSet>::new();
    let saved = RwSignal::new(None::<i64>);
    // Another model or year: what was said about the last one goes.
    Effect::new(move |_| {
        model.track();
        year.track();
        saved.set(None);
        asking.sending.error.set(None);
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(None);
        let set = match checked.get_untracked() {
            Ok(set) => set,
            Err(text) => {
                return asking.sending.error.set(Some(i18n.t(text).to_owned()));
            }
        };
        let ask = Ask::SaveCriteria {
            model: set.model,
            year: set.year,
            total: set.total(),
            pass_mark: set.pass_mark,
        };
        asking.ask(
            ask,
            save_criteria_set::Variables {
                input: input_of(set),
            },
        );
    };
    let add_group = move |_| {
        let item = draft.item("", "", String::new());
        let group = draft.group("", vec![item]);
        draft.groups.update(|groups| groups.push(group));
    };
    let add_level = move |_| {
        let level = draft.level("", String::new());
        draft.levels.update(|levels| levels.push(level));
    };
    let group_rows = move || {
        draft
            .groups
            .get()
            .into_iter()
            .enumerate()
            .collect::<Vec<_>>()
    };
    let level_rows = move || {
        draft
            .levels
            .get()
            .into_iter()
            .enumerate()
            .collect::<Vec<_>>()
    };
    view! {
        <form class="criteria" on:submit=save>
            <For each=group_rows key=|(n, group)| (*n, group.key)
                children=move |(n, group)| view! { <GroupFields n=n group=group draft=draft /> } />
            <button type="button" class="secondary" on:click=add_group>{move || i18n.t(Text::CriteriaAddGroup)}</button>
            <section class="card">
                <div class="field">
                    <label for="criteria-pass">{move || i18n.t(Text::CriteriaPassMark)}</label>
                    <input id="criteria-pass" inputmode="numeric" autocomplete="off" bind:value=draft.pass_mark />
                </div>
                <h2>{move || i18n.t(Text::CriteriaLevels)}</h2>
                <For each=level_rows key=|(n, level)| (*n, level.key) children=move |(n, level): (usize, LevelDraft)| view! {
                    <div class="criteria-row">
                        <div class="field">
                            <label for=format!("level-{n}-name")>{move || format!("{} {}", i18n.t(Text::CriteriaLevelName), n + 1)}</label>
                            <input id=format!("level-{n}-name") autocomplete="off" bind:value=level.name />
                        </div>
                        <div class="field">
                            <label for=format!("level-{n}-min")>{move || i18n.t(Text::CriteriaLevelMin)}</label>
                            <input id=format!("level-{n}-min") inputmode="numeric" autocomplete="off" bind:value=level.min_total />
                        </div>
                        <button type="button" class="secondary small"
                            aria-label=move || format!("{} {}", i18n.t(Text::CriteriaRemove), level.name.get())
                            on:click=move |_| draft.levels.update(|levels| levels.retain(|l| l.key != level.key))>
                            {move || i18n.t(Text::CriteriaRemove)}
                        </button>
                    </div>
                } />
                <button type="button" class="secondary" on:click=add_level>{move || i18n.t(Text::CriteriaAddLevel)}</button>
            </section>
            <p role="status" class="criteria-total">{move || match checked.get() {
                Ok(set) => format!("{} {} · {} {}", i18n.t(Text::CriteriaTotal), set.total(), i18n.t(Text::CriteriaPassFrom), set.pass_mark),
                Err(text) => i18n.t(text).to_owned(),
            }}</p>
            <FormError message=asking.sending.error.into() />
            {move || saved.get().map(|version| view! {
                <p class="notice" role="status">{move || format!("{} {version}", i18n.t(Text::CriteriaSaved))}</p>
            })}
            <button type="submit" disabled=move || asking.sending.busy.get() || asking.asked.with(Option::is_some)>
                {move || i18n.t(Text::CriteriaSave)}
            </button>
            <AskFirst asking=asking on_done=move |()| changed.update(|n| *n += 1)
                on_answer=move |data: save_criteria_set::ResponseData| saved.set(Some(data.save_criteria_set.version)) />
        </form>
    }
}

/// One group's name and items, each item's code, words and points.
#[component]
fn GroupFields(n: usize, group: GroupDraft, draft: Draft) -> impl IntoView {
    let i18n = use_i18n();
    let add_item = move |_| {
        let item = draft.item("", "", String::new());
        group.items.update(|items| items.push(item));
    };
    let item_rows = move || {
        group
            .items
            .get()
            .into_iter()
            .enumerate()
            .collect::<Vec<_>>()
    };
    let remove_group = move |_| {
        draft
            .groups
            .update(|groups| groups.retain(|g| g.key != group.key))
    };
    view! {
        <fieldset class="card criteria-group">
            <legend>{move || format!("{} {}", i18n.t(Text::CriteriaGroup), n + 1)}</legend>
            <div class="field">
                <label for=format!("group-{n}-name")>{move || i18n.t(Text::CriteriaGroupName)}</label>
                <input id=format!("group-{n}-name") autocomplete="off" bind:value=group.name />
            </div>
            <For each=item_rows key=|(i, item)| (*i, item.key) children=move |(i, item): (usize, ItemDraft)| view! {
                <div class="criteria-row">
                    <div class="field code">
                        <label for=format!("item-{n}-{i}-code")>{move || i18n.t(Text::CriteriaCode)}</label>
                        <input id=format!("item-{n}-{i}-code") autocomplete="off" bind:value=item.code />
                    </div>
                    <div class="field words">
                        <label for=format!("item-{n}-{i}-text")>{move || i18n.t(Text::CriteriaWords)}</label>
                        <textarea id=format!("item-{n}-{i}-text") rows="2" bind:value=item.text></textarea>
                    </div>
                    <div class="field points">
                        <label for=format!("item-{n}-{i}-points")>{move || i18n.t(Text::CriteriaPoints)}</label>
                        <input id=format!("item-{n}-{i}-points") inputmode="numeric" autocomplete="off" bind:value=item.points />
                    </div>
                    <button type="button" class="secondary small"
                        aria-label=move || format!("{} {}", i18n.t(Text::CriteriaRemove), item.code.get())
                        on:click=move |_| group.items.update(|items| items.retain(|x| x.key != item.key))>
                        {move || i18n.t(Text::CriteriaRemove)}
                    </button>
                </div>
            } />
            <button type="button" class="secondary small" on:click=add_item>{move || i18n.t(Text::CriteriaAddItem)}</button>
            <button type="button" class="secondary small" on:click=remove_group>{move || i18n.t(Text::CriteriaRemoveGroup)}</button>
        </fieldset>
    }
}

/// The API's input for a checked set.
fn input_of(set: CriteriaSet) -> save_criteria_set::CriteriaSetInput {
    save_criteria_set::CriteriaSetInput {
        model: set.model,
        year: i64::from(set.year),
        groups: set
            .groups
            .into_iter()
            .map(|group| save_criteria_set::CriteriaGroupInput {
                name: group.name,
                items: group
                    .items
                    .into_iter()
                    .map(|item| save_criteria_set::CriteriaItemInput {
                        code: item.code,
                        text: item.text,
                        points: i64::from(item.points),
                    })
                    .collect(),
            })
            .collect(),
        pass_mark: i64::from(set.pass_mark),
        levels: set
            .levels
            .into_iter()
            .map(|level| save_criteria_set::CriteriaLevelInput {
                name: level.name,
                min_total: i64::from(level.min_total),
            })
            .collect(),
    }
}
