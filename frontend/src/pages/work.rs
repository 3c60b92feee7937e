//! `/work`: the home a person lands on after signing in, with what awaits them by the part
//! they play: what their applications ask of them and where they stand; the reviews to score;
//! the programs they manage with applications to assign and under review; the awards to pay
//! from the funds they keep; the administrator's pages.

use leptos::prelude::*;
use leptos_router::components::A;
use serde::Deserialize;
use shared::{ApplicationStatus, Money, Role};

use crate::{
    api,
    components::status::{ErrorPanel, Loading},
    i18n::{Locale, Text, use_i18n, work_line},
    session::use_session,
};

const MY_WORK: &str = include_str!("../../graphql/my_work.graphql");

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WorkData {
    my_work: Work,
    my_review_counts: Option<ReviewCounts>,
}

#[derive(Debug, Clone, Deserialize)]
struct Work {
    applications: Vec<StatusCount>,
    programs: Option<Vec<ProgramAwaiting>>,
    payouts: Option<Vec<PayoutAwaiting>>,
}

#[derive(Debug, Clone, Deserialize)]
struct StatusCount {
    status: ApplicationStatus,
    count: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProgramAwaiting {
    program_id: String,
    name: String,
    to_assign: i64,
    under_review: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PayoutAwaiting {
    program_id: String,
    program_name: String,
    fund_name: String,
    awards: i64,
    amount: Money,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReviewCounts {
    to_review: i64,
}

/// One thing that waits: a sentence, and the page where it is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Awaiting {
    /// Applications returned for more information.
    NeedsInfo(i64),
    /// Drafts not sent yet.
    Drafts(i64),
    /// Sent and being considered (submitted or under review).
    Considered(i64),
    /// Approved, the award not paid yet.
    ApprovedUnpaid(i64),
    /// Paid.
    Paid(i64),
    /// Reviews to score.
    ToReview(i64),
    /// A program's applications waiting for reviewers, and those under review.
    ProgramQueue { to_assign: i64, under_review: i64 },
    /// A program's awards to pay, and their total.
    ToPay { awards: i64, amount: Money },
}

impl Awaiting {
    /// How many things wait: nothing is listed for none (but the reviews, which say so).
    const fn count(self) -> i64 {
        match self {
            Self::NeedsInfo(n)
            | Self::Drafts(n)
            | Self::Considered(n)
            | Self::ApprovedUnpaid(n)
            | Self::Paid(n)
            | Self::ToReview(n) => n,
            Self::ProgramQueue {
                to_assign,
                under_review,
            } => to_assign + under_review,
            Self::ToPay { awards, .. } => awards,
        }
    }
}

/// `/work`.
#[component]
pub fn WorkPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let holds = move |role: Role| {
        session
            .me
            .with(|me| me.as_ref().is_some_and(|me| me.holds(role)))
    };
    let data = LocalResource::new(move || {
        let variables = serde_json::json!({
            "reviewer": holds(Role::Reviewer),
            "manager": holds(Role::ProgramManager) || holds(Role::Admin),
            "treasurer": holds(Role::Treasurer) || holds(Role::Admin),
        });
        api::graphql::<_, WorkData>(MY_WORK, variables)
    });
    view! {
        <h1>{move || i18n.t(Text::WorkTitle)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(work) => {
                        let staff = [Role::Admin, Role::ProgramManager, Role::Treasurer, Role::Reviewer]
                            .into_iter()
                            .any(holds);
                        view! { <WorkCards work staff is_admin=holds(Role::Admin) /> }.into_any()
                    }
                    Err(error) => view! { <ErrorPanel error on_retry=move |()| data.refetch() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn WorkCards(work: WorkData, staff: bool, is_admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    let count = |wanted: &[ApplicationStatus]| -> i64 {
        work.my_work
            .applications
            .iter()
            .filter(|c| wanted.contains(&c.status))
            .map(|c| c.count)
            .sum()
    };
    use ApplicationStatus as S;
    // The applicant side: what is asked of them first, then where the rest stand.
    let mine: Vec<Awaiting> = [
        Awaiting::NeedsInfo(count(&[S::NeedsInfo])),
        Awaiting::Drafts(count(&[S::Draft])),
        Awaiting::Considered(count(&[S::Submitted, S::UnderReview])),
        Awaiting::ApprovedUnpaid(count(&[S::Approved])),
        Awaiting::Paid(count(&[S::Disbursed])),
    ]
    .into_iter()
    .filter(|a| a.count() > 0)
    .collect();
    let reviews = work.my_review_counts.map(|c| c.to_review);
    let programs = work.my_work.programs.unwrap_or_default();
    let payouts = work.my_work.payouts.unwrap_or_default();
    let line = move |awaiting: Awaiting, locale: Locale| work_line(awaiting, locale);
    let nothing = staff
        && mine.is_empty()
        && reviews.is_none()
        && programs.is_empty()
        && payouts.is_empty()
        && !is_admin;
    view! {
        {nothing.then(|| view! { <p class="muted">{move || i18n.t(Text::WorkNothing)}</p> })}
        {reviews.map(|n| view! {
            <section class="card" aria-labelledby="work-reviews">
                <h2 id="work-reviews">{move || i18n.t(Text::NavReviews)}</h2>
                <A href="/reviews">{move || line(Awaiting::ToReview(n), i18n.locale.get())}</A>
            </section>
        })}
        {(!programs.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="work-programs">
                <h2 id="work-programs">{move || i18n.t(Text::WorkPrograms)}</h2>
                <ul class="work">
                    {programs.into_iter().map(|p| {
                        let awaiting = Awaiting::ProgramQueue { to_assign: p.to_assign, under_review: p.under_review };
                        view! {
                            <li>
                                <A href=format!("/programs/{}/manage", p.program_id)>{p.name}</A>
                                <span class="muted">{move || line(awaiting, i18n.locale.get())}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
        {(!payouts.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="work-payouts">
                <h2 id="work-payouts">{move || i18n.t(Text::WorkPayouts)}</h2>
                <ul class="work">
                    {payouts.into_iter().map(|p| {
                        let awaiting = Awaiting::ToPay { awards: p.awards, amount: p.amount };
                        view! {
                            <li>
                                <A href=format!("/programs/{}/payouts", p.program_id)>{p.program_name}</A>
                                <span class="muted">{move || line(awaiting, i18n.locale.get())} " · " {p.fund_name}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <A href="/funds">{move || i18n.t(Text::NavFunds)}</A>
            </section>
        })}
        // Staff see their own applications, if they have any, after their work; a guardian
        // always sees theirs (or how to start).
        {(!staff || !mine.is_empty()).then(|| view! {
        <section class="card" aria-labelledby="work-mine">
            <h2 id="work-mine">{move || i18n.t(Text::WorkMine)}</h2>
            {if mine.is_empty() {
                view! { <p class="muted">{move || i18n.t(Text::WorkMineEmpty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="work">
                        {mine.into_iter().map(|awaiting| view! {
                            <li class:asked=matches!(awaiting, Awaiting::NeedsInfo(_) | Awaiting::Drafts(_))>
                                <A href="/learners">{move || line(awaiting, i18n.locale.get())}</A>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <A href="/learners">{move || i18n.t(Text::NavMyLearners)}</A>
        </section>
        })}
        {is_admin.then(|| view! {
            <section class="card" aria-labelledby="work-admin">
                <h2 id="work-admin">{move || i18n.t(Text::WorkAdmin)}</h2>
                <ul class="work">
                    <li><A href="/admin/organizations">{move || i18n.t(Text::NavOrganizationsAdmin)}</A></li>
                    <li><A href="/admin/members">{move || i18n.t(Text::NavMembers)}</A></li>
                </ul>
            </section>
        })}
    }
}
