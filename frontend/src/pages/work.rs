//! `/work`: the home a person lands on after signing in, with what awaits them by the part
//! they play: what their applications ask of them and where they stand; the reviews to score;
//! the programs they manage with applications to assign and under review; the awards to pay
//! from the funds they keep; the administrator's pages.

use leptos::prelude::*;
use leptos_router::components::A;
use shared::{ApplicationStatus, Money, Role};

use crate::{
    api::{
        self,
        documents::{MyWork, my_work},
    },
    common::status::{ErrorPanel, Loading},
    i18n::{Locale, Text, status_name, use_i18n, work_line},
    session::use_session,
};

type WorkData = my_work::ResponseData;

/// A count the server stops at a thousand: "1000+" when there are more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub count: i64,
    pub more: bool,
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.count, if self.more { "+" } else { "" })
    }
}

/// A `Tally` of the answer (each place it is asked has its own generated type).
macro_rules! tally {
    ($count:expr) => {{
        let count = $count;
        Tally {
            count: count.count,
            more: count.more,
        }
    }};
}
pub(crate) use tally;

/// One thing that waits on a staff member's home, as a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Awaiting {
    /// Reviews to score.
    ToReview(i64),
    /// A program's applications waiting for reviewers, and those under review.
    ProgramQueue {
        to_assign: Tally,
        under_review: Tally,
    },
    /// A program's awards to pay, and their total (while there are at most a thousand).
    ToPay {
        awards: Tally,
        amount: Option<Money>,
    },
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
    let data = LocalResource::new(move || api::run::<MyWork>(my_work::Variables));
    view! {
        <h1>{move || i18n.t(Text::WorkTitle)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(work) => {
                        let staff = [Role::Admin, Role::ProgramManager, Role::Treasurer, Role::Reviewer]
                            .into_iter()
                            .any(holds);
                        view! { <WorkCards work staff is_reviewer=holds(Role::Reviewer) is_admin=holds(Role::Admin) /> }.into_any()
                    }
                    Err(error) => view! { <ErrorPanel error on_retry=move |()| data.refetch() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn WorkCards(work: WorkData, staff: bool, is_reviewer: bool, is_admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    use ApplicationStatus as S;
    // The applicant side: what is asked of them first (returned, drafts), then where the rest
    // stand, each state by its name and count.
    let mine: Vec<(ApplicationStatus, i64)> = [
        S::NeedsInfo,
        S::Draft,
        S::Submitted,
        S::UnderReview,
        S::Approved,
        S::Disbursed,
        S::Rejected,
        S::Withdrawn,
        S::Cancelled,
    ]
    .into_iter()
    .filter_map(|status| {
        let applications = &work.my_work.applications;
        let found = applications.iter().find(|c| c.status == status)?;
        Some((status, found.count))
    })
    .collect();
    let reviews = is_reviewer.then_some(work.my_review_counts.to_review);
    let programs = work.my_work.programs;
    let payouts = work.my_work.payouts;
    let funds = work.my_work.funds;
    let line = move |awaiting: Awaiting, locale: Locale| work_line(awaiting, locale);
    let nothing = staff
        && mine.is_empty()
        && reviews.is_none()
        && programs.is_empty()
        && payouts.is_empty()
        && funds.is_empty()
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
                        let awaiting = Awaiting::ProgramQueue { to_assign: tally!(p.to_assign), under_review: tally!(p.under_review) };
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
                        let awaiting = Awaiting::ToPay { awards: tally!(p.awards), amount: p.amount };
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
        {(!funds.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="work-funds">
                <h2 id="work-funds">{move || i18n.t(Text::WorkFunds)}</h2>
                <ul class="work">
                    {funds.into_iter().map(|f| view! {
                        <li>
                            <A href=format!("/funds/{}/manage", f.id)>{f.name}</A>
                            <span class="muted">{f.organization.map(|o| o.name)}</span>
                            <span>
                                {move || i18n.t(Text::AvailableBalance)} ": "
                                <strong class="amount">{f.available_balance.to_string()}</strong>
                                " · " {move || i18n.t(Text::ReservedBalance)} ": "
                                <span class="amount">{f.reserved_balance.to_string()}</span>
                            </span>
                        </li>
                    }).collect_view()}
                </ul>
                // The home lists the first twenty; the list of funds has every one.
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
                        {mine.into_iter().map(|(status, n)| view! {
                            <li class:asked=matches!(status, S::NeedsInfo | S::Draft)>
                                <A href="/learners">{move || format!("{}: {n}", status_name(status, i18n.locale.get()))}</A>
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
                    <li><A href="/admin/audit">{move || i18n.t(Text::NavAudit)}</A></li>
                    <li><A href="/funds/new">{move || i18n.t(Text::NewFundTitle)}</A></li>
                </ul>
            </section>
        })}
    }
}
