//! The app: shared state, the router and the page shell.

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};
use shared::Role;

use crate::{
    components::{guard::RequireSignIn, layout::Shell},
    i18n::I18n,
    pages::{
        account::AccountPage,
        applicant::{
            application::ApplicationPage,
            learners::{LearnerPage, MyLearnersPage},
        },
        fund::{dashboard::FundDashboardPage, list::FundsPage, public::PublicFundPage},
        home::HomePage,
        inbox::{InboxPage, UnreadCount},
        manage_organizations::ManageOrganizationsPage,
        members::MembersPage,
        not_found::NotFoundPage,
        organizations::OrganizationsPage,
        program::{
            board::ProgramBoardPage, list::ProgramsPage, payouts::PayoutsPage,
            public::PublicProgramPage, setup::ProgramSetupPage,
        },
        review::{ReviewPage, ReviewQueuePage},
        sign_in::{SignInPage, SignUpPage},
        work::WorkPage,
    },
    session::Session,
};

#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    Session::provide();
    UnreadCount::provide();
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/organizations") view=OrganizationsPage />
                    <Route path=path!("/funds") view=FundsPage />
                    <Route path=path!("/funds/:id") view=PublicFundPage />
                    <Route
                        path=path!("/funds/:id/manage")
                        view=|| view! { <RequireSignIn><FundDashboardPage /></RequireSignIn> }
                    />
                    <Route path=path!("/programs") view=ProgramsPage />
                    <Route
                        path=path!("/programs/new")
                        view=|| view! { <RequireSignIn><ProgramSetupPage /></RequireSignIn> }
                    />
                    <Route path=path!("/programs/:id") view=PublicProgramPage />
                    <Route
                        path=path!("/programs/:id/manage")
                        view=|| view! { <RequireSignIn><ProgramBoardPage /></RequireSignIn> }
                    />
                    <Route
                        path=path!("/programs/:id/payouts")
                        view=|| view! { <RequireSignIn><PayoutsPage /></RequireSignIn> }
                    />
                    <Route
                        path=path!("/reviews")
                        view=|| view! { <RequireSignIn><ReviewQueuePage /></RequireSignIn> }
                    />
                    <Route
                        path=path!("/reviews/:id")
                        view=|| view! { <RequireSignIn><ReviewPage /></RequireSignIn> }
                    />
                    <Route
                        path=path!("/learners")
                        view=|| view! { <RequireSignIn><MyLearnersPage /></RequireSignIn> }
                    />
                    <Route
                        path=path!("/learners/:id")
                        view=|| view! { <RequireSignIn><LearnerPage /></RequireSignIn> }
                    />
                    <Route
                        path=path!("/applications/:id")
                        view=|| view! { <RequireSignIn><ApplicationPage /></RequireSignIn> }
                    />
                    <Route
                        path=path!("/work")
                        view=|| view! { <RequireSignIn><WorkPage /></RequireSignIn> }
                    />
                    <Route
                        path=path!("/inbox")
                        view=|| view! { <RequireSignIn><InboxPage /></RequireSignIn> }
                    />
                    <Route path=path!("/sign-in") view=SignInPage />
                    <Route path=path!("/sign-up") view=SignUpPage />
                    <Route
                        path=path!("/account")
                        view=|| view! { <RequireSignIn><AccountPage /></RequireSignIn> }
                    />
                    <Route
                        path=path!("/admin/organizations")
                        view=|| view! { <RequireSignIn role=Role::Admin><ManageOrganizationsPage /></RequireSignIn> }
                    />
                    <Route
                        path=path!("/admin/members")
                        view=|| view! { <RequireSignIn role=Role::Admin><MembersPage /></RequireSignIn> }
                    />
                </Routes>
            </Shell>
        </Router>
    }
}
