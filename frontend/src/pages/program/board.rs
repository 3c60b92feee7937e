//! The program manager's board: the program's status (open, close, archive), applications
//! waiting for reviewers (assigned round-robin), and the ranking by combined score with each
//! application's award. Decisions are taken on each application's page.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};
use shared::{Money, ProgramStatus};

use crate::{
    api::{
        self,
        documents::{
            ArchiveProgram, AssignRoundRobin, CloseProgram, OpenProgram, ProgramBoard,
            ProgramFigures, ProgramRanking, ProgramWaiting, archive_program, assign_round_robin,
            close_program, open_program, program_board, program_figures, program_ranking,
            program_waiting,
        },
    },
    common::{
        export::{ExportLinks, api_path},
        form::FormError,
        mutation::Sending,
        paged::{PageFooter, Paged},
        status::{ErrorPanel, Loading},
    },
    i18n::{Text, award_status_name, program_status_name, score_text, status_name, use_i18n},
    pages::{
        fund::day_of,
        work::{Tally, tally},
    },
};

/// Lines of the ranking per page.
const RANKING_PAGE: i64 = 50;

type Figures = program_figures::ProgramFiguresProgramFigures;

/// What the board changes about its program.
#[derive(Debug, Clone, Copy)]
enum Move {
    Open,
    Close,
    Archive,
    /// Every application waiting for reviewers gets them, in turn.
    AssignRoundRobin,
}

/// `/programs/<id>/manage`.
#[component]
pub fn ProgramBoardPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move { api::run::<ProgramBoard>(program_board::Variables { id }).await }
    });
    // Those waiting for reviewers, a page at a time.
    let waiting = Paged::new(move |after: Option<String>| {
        let id = params.read_untracked().get("id").unwrap_or_default();
        async move {
            api::run::<ProgramWaiting>(program_waiting::Variables { id, after })
                .await
                .map(|data| api::page!(data.program_applications))
        }
    });
    let sending = Sending::default();
    let error = sending.error;
    let notice = RwSignal::new(None::<String>);
    let run =
        move |change: Move| {
            let locale = i18n.locale.get_untracked();
            let id = params.read_untracked().get("id").unwrap_or_default();
            // How many reviews a round-robin assignment made; nothing for the others.
            let moved = move |made: Option<i64>| {
                notice.set(made.map(|n| format!("{} {n}", Text::AssignmentsMade.get(locale))));
                data.refetch();
                waiting.reload();
            };
            match change {
                Move::Open => sending
                    .send::<OpenProgram>(open_program::Variables { id }, move |_| moved(None)),
                Move::Close => sending
                    .send::<CloseProgram>(close_program::Variables { id }, move |_| moved(None)),
                Move::Archive => {
                    let variables = archive_program::Variables { id };
                    sending.send::<ArchiveProgram>(variables, move |_| moved(None));
                }
                Move::AssignRoundRobin => {
                    let variables = assign_round_robin::Variables { program_id: id };
                    sending.send::<AssignRoundRobin>(variables, move |made| {
                        moved(Some(made.assign_reviewers_round_robin));
                    });
                }
            }
        };
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(program_board::ResponseData { program, program_reviewers }) => {
                        let locale = i18n.locale;
                        let status = program.status;
                        view! {
                            <p class="eyebrow">{move || program_status_name(status, locale.get())} " · " {program.cycle.clone()}</p>
                            <h1>{program.name.clone()}</h1>
                            <p>
                                {move || i18n.t(Text::BudgetLabel)} ": " {program.budget.to_string()} " · "
                                {move || i18n.t(Text::ReviewersPerApplication)} ": " {program.reviewers_per_application}
                                {program.blind_review.then(|| view! { " · " <span class="badge">{move || i18n.t(Text::BlindReview)}</span> })}
                            </p>
                            <ul class="tiers">
                                {program.tiers.iter().map(|t| view! { <li>{format!("{}: {} × {}", t.name, t.amount, t.quota)}</li> }).collect_view()}
                            </ul>
                            <div class="inline-form">
                                {(status == ProgramStatus::Draft).then(|| view! {
                                    <button disabled=move || sending.busy.get() on:click=move |_| run(Move::Open)>{move || i18n.t(Text::OpenProgram)}</button>
                                    <A href=format!("/programs/{}/edit", program.id)>{move || i18n.t(Text::EditProgram)}</A>
                                })}
                                {(status == ProgramStatus::Open).then(|| view! {
                                    <button class="secondary" disabled=move || sending.busy.get() on:click=move |_| run(Move::Close)>{move || i18n.t(Text::CloseProgram)}</button>
                                })}
                                {(status == ProgramStatus::Closed).then(|| view! {
                                    <button class="secondary" disabled=move || sending.busy.get() on:click=move |_| run(Move::Archive)>{move || i18n.t(Text::ArchiveProgram)}</button>
                                })}
                                <A href=format!("/programs/{}/payouts", program.id)>{move || i18n.t(Text::PayoutsTitle)}</A>
                                <A href=format!("/funds/{}/manage", program.fund_id)>{move || i18n.t(Text::FundDashboardLink)}</A>
                            </div>
                            <FormError message=error.into() />
                            {move || notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
                            <section class="card">
                                <h2>{move || i18n.t(Text::AwaitingReviewers)}</h2>
                                <ul class="org-tree">
                                    {move || waiting.rows.get().into_iter().map(|w| view! {
                                        <li>
                                            <A href=format!("/applications/{}", w.id)>{w.learner_name}</A>
                                            <span class="muted">{w.submitted_at.as_deref().map(day_of)}</span>
                                        </li>
                                    }).collect_view()}
                                </ul>
                                <PageFooter paged=waiting />
                                <Show
                                    when=move || waiting.is_empty()
                                    fallback=move || view! {
                                        // Assigns every waiting application, not only the
                                        // pages shown.
                                        <button disabled=move || sending.busy.get() on:click=move |_| run(Move::AssignRoundRobin)>
                                            {move || i18n.t(Text::AssignRoundRobin)}
                                        </button>
                                    }
                                >
                                    <p class="muted">{move || i18n.t(Text::NothingWaiting)}</p>
                                </Show>
                            </section>
                            <ReviewersSection reviewers=program_reviewers />
                            <FiguresSection program_id=program.id.clone() />
                            <RankingSection program_id=program.id.clone() />
                        }.into_any()
                    }
                    Err(failure) => view! { <ErrorPanel error=failure on_retry=move |()| data.refetch() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The program's reviewers, those who still owe reviews first: how many each was given and
/// how many they have still to score.
#[component]
fn ReviewersSection(reviewers: Vec<program_board::ProgramBoardProgramReviewers>) -> impl IntoView {
    let i18n = use_i18n();
    let mut reviewers: Vec<_> = reviewers.into_iter().filter(|r| r.assigned > 0).collect();
    reviewers.sort_by_key(|r| std::cmp::Reverse(r.to_score));
    (!reviewers.is_empty()).then(|| {
        view! {
            <section class="card" aria-labelledby="program-reviewers">
                <h2 id="program-reviewers">{move || i18n.t(Text::ReviewersOwing)}</h2>
                <ul class="org-tree">
                    {reviewers.into_iter().map(|r| {
                        let (owed, given) = (r.to_score, r.assigned);
                        let owes = owed > 0;
                        view! {
                            <li class:asked=owes>
                                <span class="name">{r.display_name}</span>
                                <span class="muted">
                                    {move || format!("{owed}/{given} {}", i18n.t(Text::StillToScore))}
                                </span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

/// The ranking by combined score, a page at a time (numbered across pages).
#[component]
fn RankingSection(program_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale;
    let id = program_id.clone();
    let ranking = Paged::new(move |after: Option<String>| {
        let variables = program_ranking::Variables {
            program_id: id.clone(),
            first: Some(RANKING_PAGE),
            after,
        };
        async move {
            api::run::<ProgramRanking>(variables)
                .await
                .map(|data| api::page!(data.program_ranking))
        }
    });
    let rows = ranking.rows;
    view! {
        <section class="card">
            <h2>{move || i18n.t(Text::RankingTitle)}</h2>
            <table class="ledger ranking stack">
                <thead>
                    <tr>
                        <th>"#"</th>
                        <th>{move || i18n.t(Text::LearnerTitle)}</th>
                        <th>{move || i18n.t(Text::StatusColumn)}</th>
                        <th class="money">{move || i18n.t(Text::CombinedScore)}</th>
                        <th>{move || i18n.t(Text::ReviewsColumn)}</th>
                        <th>{move || i18n.t(Text::AwardColumn)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || rows.get().into_iter().enumerate().map(|(i, r)| {
                        let status = r.status;
                        let award = r.award.map(|a| {
                            let state = a.status;
                            view! { {format!("{} · {} ", a.tier_name, a.amount)} <span class="badge">{move || award_status_name(state, locale.get())}</span> }
                        });
                        view! {
                            <tr>
                                <td data-label="#">{i + 1}</td>
                                <td data-label=move || i18n.t(Text::LearnerTitle)><A href=format!("/applications/{}", r.application_id)>{r.learner_name}</A></td>
                                <td data-label=move || i18n.t(Text::StatusColumn)>{move || status_name(status, locale.get())}</td>
                                <td class="money" data-label=move || i18n.t(Text::CombinedScore)>{move || r.score.as_deref().map_or_else(|| "—".into(), |s| score_text(s, locale.get()))}</td>
                                <td data-label=move || i18n.t(Text::ReviewsColumn)>{format!("{}/{}", r.reviews_submitted, r.reviews_assigned)}</td>
                                <td data-label=move || i18n.t(Text::AwardColumn)>{award}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <PageFooter paged=ranking />
            <ExportLinks what=Text::RankingFile href=api_path(&["programs", &program_id, "ranking"]) />
            <ExportLinks what=Text::AllApplicationsFile href=api_path(&["programs", &program_id, "applications"]) />
        </section>
    }
}

/// The program in figures: its applications by state as bars (a count past a thousand says
/// so), and its awards by tier: how many and how much reserved, paid and cancelled, with the
/// totals. Read again when the board's data is.
#[component]
fn FiguresSection(program_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let figures = LocalResource::new(move || {
        let variables = program_figures::Variables {
            program_id: program_id.clone(),
        };
        async move {
            api::run::<ProgramFigures>(variables)
                .await
                .map(|data| data.program_figures)
        }
    });
    view! {
        <section class="card" aria-labelledby="program-figures">
            <h2 id="program-figures">{move || i18n.t(Text::FiguresTitle)}</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match figures.await {
                        Ok(figures) => view! { <FiguresView figures /> }.into_any(),
                        Err(error) => view! { <ErrorPanel error on_retry=move |()| figures.refetch() /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// A tier's line of figures: its id, its name, and (count, amount) reserved, paid, cancelled.
type TierFigures = (String, String, [(i64, Money); 3]);

#[component]
fn FiguresView(figures: Figures) -> impl IntoView {
    use shared::AwardStatus as A;
    let i18n = use_i18n();
    let largest = figures
        .applications
        .iter()
        .map(|s| s.count.count)
        .max()
        .unwrap_or(0)
        .max(1);
    // One line per tier, in the order the server gives.
    let mut tiers: Vec<TierFigures> = Vec::new();
    for award in figures.awards {
        let column = match award.status {
            A::Reserved => 0,
            A::Paid => 1,
            A::Cancelled => 2,
        };
        if tiers.last().is_none_or(|(id, _, _)| *id != award.tier_id) {
            tiers.push((
                award.tier_id.clone(),
                award.tier_name.clone(),
                [(0, Money::ZERO); 3],
            ));
        }
        if let Some((_, _, cells)) = tiers.last_mut() {
            cells[column] = (award.count, award.amount);
        }
    }
    let total = |column: usize| {
        tiers.iter().fold(Money::ZERO, |sum, (_, _, cells)| {
            sum.checked_add(cells[column].1).unwrap_or(sum)
        })
    };
    let (reserved, paid) = (total(0), total(1));
    let has_awards = !tiers.is_empty();
    view! {
        <ul class="bars">
            {figures.applications.into_iter().map(|s| {
                let status = s.status;
                let width = format!("width:{:.1}%", s.count.count as f64 / largest as f64 * 100.0);
                view! {
                    <li>
                        <span class="label">{move || status_name(status, i18n.locale.get())}</span>
                        <span class="bar"><span style=width></span></span>
                        <span class="value">{tally!(s.count).to_string()}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
        {has_awards.then(|| view! {
            <table class="stack">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t(Text::AwardColumn)}</th>
                        {[A::Reserved, A::Paid, A::Cancelled].map(|state| view! {
                            <th scope="col">{move || award_status_name(state, i18n.locale.get())}</th>
                        })}
                    </tr>
                </thead>
                <tbody>
                    {tiers.into_iter().map(|(_, name, cells)| view! {
                        <tr>
                            <th scope="row">{name}</th>
                            {[A::Reserved, A::Paid, A::Cancelled].into_iter().zip(cells).map(|(state, (count, amount))| view! {
                                <td data-label=move || award_status_name(state, i18n.locale.get())>
                                    {format!("{count} · {amount}")}
                                </td>
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p>
                {move || award_status_name(A::Reserved, i18n.locale.get())} ": " <strong class="amount">{reserved.to_string()}</strong>
                " · " {move || award_status_name(A::Paid, i18n.locale.get())} ": " <strong class="amount">{paid.to_string()}</strong>
            </p>
        })}
    }
}
