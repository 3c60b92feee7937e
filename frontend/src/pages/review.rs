//! The reviewer's workspace: the queue of applications to score, and the scoring form (a score
//! per rubric criterion, a recommendation, a comment), blind when the program says so.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};
use shared::{
    ErrorCode, Points, Recommendation, ReviewStatus,
    program::{RubricCriterion, weighted_score},
};

use crate::{
    api::{
        self,
        documents::{
            DeclareConflict, ReviewQueue, ReviewTask, SubmitReview, declare_conflict, review_queue,
            review_task, submit_review,
        },
    },
    common::{
        form::FormError,
        mutation::Sending,
        paged::{PageFooter, Paged},
        status::{ErrorPanel, Loading},
    },
    i18n::{
        Text, circumstance_name, education_level_name, recommendation_name, score_text, use_i18n,
    },
    pages::{
        applicant::application::{Document, DocumentList},
        fund::day_of,
    },
};

/// `/reviews`: the applications waiting for my scores, oldest first, a page at a time.
#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let queue = Paged::new(|after: Option<String>| async move {
        api::run::<ReviewQueue>(review_queue::Variables { after })
            .await
            .map(|data| api::page!(data.my_review_queue))
    });
    let tasks = queue.rows;
    view! {
        <h1>{move || i18n.t(Text::ReviewQueueTitle)}</h1>
        <Show when=move || queue.is_empty()>
            <p class="notice">{move || i18n.t(Text::ReviewQueueEmpty)}</p>
        </Show>
        <ul class="org-tree review-queue">
            {move || tasks.get().into_iter().map(|task| {
                // A blind review names the application by its reference only.
                let title = match (task.blind, task.learner.full_name) {
                    (false, Some(name)) => format!("{} · {name}", task.reference),
                    _ => task.reference,
                };
                view! {
                    <li>
                        <A href=format!("/reviews/{}", task.review.id)>{title}</A>
                        <span class="kind">{task.program.name}</span>
                        <span class="muted">{day_of(&task.review.assigned_at)}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
        <PageFooter paged=queue />
    }
}

type ReviewState = review_task::ReviewTaskReviewTaskReview;

/// `/reviews/<id>`: one application as its reviewer sees it, and the scoring form.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move { api::run::<ReviewTask>(review_task::Variables { id }).await }
    });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(review_task::ResponseData { review_task: task }) => {
                        let learner = task.learner;
                        let locale = i18n.locale;
                        let heading = match (task.blind, learner.full_name.clone()) {
                            (false, Some(name)) => format!("{} · {name}", task.reference),
                            _ => task.reference.clone(),
                        };
                        let circumstances = learner.circumstances.clone();
                        view! {
                            <p class="eyebrow">
                                <A href=format!("/programs/{}", task.program.id)>{task.program.name.clone()}</A>
                            </p>
                            <h1>{heading}</h1>
                            {task.blind.then(|| view! { <p class="notice">{move || i18n.t(Text::BlindReviewNotice)}</p> })}
                            <section class="card">
                                <h2>{move || i18n.t(Text::LearnerTitle)}</h2>
                                <dl class="facts">
                                    {learner.personal_id.map(|id| view! { <dt>{move || i18n.t(Text::PersonalIdLabel)}</dt><dd>{id}</dd> })}
                                    <dt>{move || i18n.t(Text::AgeLabel)}</dt><dd>{learner.age}</dd>
                                    <dt>{move || i18n.t(Text::EducationLevelLabel)}</dt>
                                    <dd>{move || learner.education_level.map(|l| education_level_name(l, locale.get()))}</dd>
                                    {learner.school.map(|s| view! { <dt>{move || i18n.t(Text::SchoolLabel)}</dt><dd>{s}</dd> })}
                                    {learner.class_name.map(|c| view! { <dt>{move || i18n.t(Text::ClassLabel)}</dt><dd>{c}</dd> })}
                                    <dt>{move || i18n.t(Text::GpaLabel)}</dt><dd>{learner.gpa.unwrap_or_else(|| "—".into())}</dd>
                                    <dt>{move || i18n.t(Text::CircumstancesLabel)}</dt>
                                    <dd>{move || circumstances.iter().map(|c| circumstance_name(*c, locale.get())).collect::<Vec<_>>().join(", ")}</dd>
                                    {learner.achievements.map(|a| view! { <dt>{move || i18n.t(Text::AchievementsLabel)}</dt><dd>{a}</dd> })}
                                </dl>
                                {task.statement.filter(|s| !s.is_empty()).map(|s| view! { <blockquote>{s}</blockquote> })}
                            </section>
                            <section class="card">
                                <h2>{move || i18n.t(Text::DocumentsTitle)}</h2>
                                <DocumentList documents=task.evidence.into_iter().map(|d| Document { kind: d.kind, file_name: d.file_name, url: d.url }).collect() />
                            </section>
                            <ScoringForm rubric=task.program.rubric.into_iter().map(|c| RubricCriterion {
                                name: c.name,
                                weight: u8::try_from(c.weight).unwrap_or_default(),
                                max_score: u16::try_from(c.max_score).unwrap_or_default(),
                                step: c.step,
                            }).collect() review=task.review on_done=Callback::new(move |()| data.refetch()) />
                        }.into_any()
                    }
                    Err(failure) => view! { <ErrorPanel error=failure on_retry=move |()| data.refetch() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A score per criterion (with the combined score worked out as they type, by the same
/// `shared` rule the server uses), a recommendation and a comment; or a declared conflict.
#[component]
fn ScoringForm(
    rubric: Vec<RubricCriterion>,
    review: ReviewState,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let previous = review.scores.clone().unwrap_or_default();
    let locale = i18n.locale.get_untracked();
    let scores: Vec<RwSignal<String>> = rubric
        .iter()
        .enumerate()
        .map(|(i, _)| {
            RwSignal::new(
                previous
                    .get(i)
                    .map(|points| score_text(&points.to_string(), locale))
                    .unwrap_or_default(),
            )
        })
        .collect();
    let recommendation = RwSignal::new(review.recommendation.unwrap_or(Recommendation::Neutral));
    let comment = RwSignal::new(review.comment.clone().unwrap_or_default());
    let conflict_reason = RwSignal::new(String::new());
    // A score out of its criterion's range is refused as a validation.
    let scoring = Sending::with(&[(ErrorCode::Validation, Text::ScoresNeeded)]);
    let declaring = scoring.saying(&[]);
    let (error, busy) = (scoring.error, scoring.busy);
    let saved = RwSignal::new(review.score.clone());
    let review_id = StoredValue::new(review.id.clone());
    let parsed = {
        let scores = scores.clone();
        move || -> Option<Vec<Points>> {
            scores
                .iter()
                .map(|s| Points::parse("score", &s.get()).ok())
                .collect()
        }
    };
    let preview = {
        let (rubric, parsed) = (rubric.clone(), parsed.clone());
        move || {
            parsed()
                .and_then(|values| weighted_score(&rubric, &values).ok())
                .map(|hundredths| {
                    let percent = format!("{}.{:02}", hundredths / 100, hundredths % 100);
                    score_text(&percent, i18n.locale.get())
                })
        }
    };
    let submit = {
        let parsed = parsed.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let locale = i18n.locale.get_untracked();
            let Some(values) = parsed() else {
                return error.set(Some(Text::ScoresNeeded.get(locale).to_owned()));
            };
            let variables = submit_review::Variables {
                id: review_id.get_value(),
                scores: values,
                recommendation: recommendation.get_untracked(),
                comment: comment.get_untracked(),
            };
            scoring.send::<SubmitReview>(variables, move |body| {
                saved.set(body.submit_review.score);
                on_done.run(());
            });
        }
    };
    let declare = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let variables = declare_conflict::Variables {
            id: review_id.get_value(),
            reason: conflict_reason.get_untracked(),
        };
        declaring.send::<DeclareConflict>(variables, move |_| on_done.run(()));
    };
    if review.status == ReviewStatus::Conflict {
        return view! { <p class="notice">{move || i18n.t(Text::ConflictDeclared)}</p> }.into_any();
    }
    view! {
        <section class="card">
            <h2>{move || i18n.t(Text::ScoringTitle)}</h2>
            <form on:submit=submit>
                {rubric.iter().zip(scores.iter().copied()).enumerate().map(|(i, (criterion, score))| {
                    let id = format!("score-{i}");
                    view! {
                        <div class="field">
                            <label for=id.clone()>{
                                let criterion = criterion.clone();
                                move || {
                                    let locale = i18n.locale.get();
                                    // A finer step is said: "0–10, by 0,5".
                                    let step = (!criterion.step.is_whole()).then(|| format!(
                                        ", {} {}",
                                        Text::ByStep.get(locale),
                                        score_text(&criterion.step.points().to_string(), locale),
                                    ));
                                    format!("{} (0–{}{}, {}%)", criterion.name, criterion.max_score, step.unwrap_or_default(), criterion.weight)
                                }
                            }</label>
                            <input id=id inputmode="decimal" autocomplete="off" required bind:value=score />
                        </div>
                    }
                }).collect_view()}
                <div class="field">
                    <label for="recommendation">{move || i18n.t(Text::RecommendationLabel)}</label>
                    <select id="recommendation" on:change=move |ev| {
                        if let Some(r) = Recommendation::from_code(&event_target_value(&ev)) {
                            recommendation.set(r);
                        }
                    }>
                        {Recommendation::ALL.iter().map(|r| {
                            let r = *r;
                            view! { <option value=r.code() selected=move || recommendation.get() == r>{move || recommendation_name(r, i18n.locale.get())}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="review-comment">{move || i18n.t(Text::CommentLabel)}</label>
                    <textarea id="review-comment" rows="3" bind:value=comment></textarea>
                </div>
                <p class="muted" aria-live="polite">{move || format!("{}: {}", i18n.t(Text::CombinedScore), preview().unwrap_or_else(|| "—".into()))}</p>
                <button type="submit" disabled=move || busy.get()>{move || i18n.t(Text::SubmitReview)}</button>
                {move || saved.get().map(|score| view! { <p class="notice" role="status">{format!("{} {}", i18n.t(Text::ReviewSaved), score_text(&score, i18n.locale.get()))}</p> })}
                <FormError message=error.into() />
            </form>
            <form class="inline-form" on:submit=declare>
                <div class="field">
                    <label for="conflict-reason">{move || i18n.t(Text::ConflictReasonLabel)}</label>
                    <input id="conflict-reason" bind:value=conflict_reason />
                </div>
                <button type="submit" class="secondary" disabled=move || busy.get()>{move || i18n.t(Text::DeclareConflict)}</button>
            </form>
        </section>
    }
    .into_any()
}
