//! The app: shared state, the router and the page shell.

use leptos::prelude::*;
use leptos_router::{
    Lazy, LazyRoute,
    components::{Route, Router, Routes},
    lazy_route, path,
};
use shared::Role;

use crate::{
    common::{guard::RequireSignIn, layout::Shell},
    i18n::I18n,
    pages::{
        account::AccountPage,
        applicant::{
            application::ApplicationPage,
            learners::{LearnerPage, MyLearnersPage},
        },
        audit::AuditPage,
        fund::{
            create::FundCreatePage, dashboard::FundDashboardPage, list::FundsPage,
            public::PublicFundPage,
        },
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
        roster::StaffLearnersPage,
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
    // True while the router waits for a lazy page's code: the shell says it is loading.
    let (is_routing, set_is_routing) = signal(false);
    view! {
        <Router set_is_routing>
            <Shell is_routing>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/organizations") view=OrganizationsPage />
                    <Route path=path!("/funds") view=FundsPage />
                    <Route path=path!("/funds/new") view={Lazy::<FundCreate>::new()} />
                    <Route path=path!("/funds/:id") view={Lazy::<PublicFund>::new()} />
                    <Route path=path!("/campaigns/:id") view={Lazy::<PublicCampaign>::new()} />
                    <Route path=path!("/organizations/:id/campaigns") view={Lazy::<CampaignsBeneath>::new()} />
                    <Route path=path!("/organizations/:id/duplicates") view={Lazy::<DuplicateFunding>::new()} />
                    <Route path=path!("/organizations/:id/society") view={Lazy::<Society>::new()} />
                    <Route
                        path=path!("/organizations/:id/society/manage")
                        view={Lazy::<SocietyManage>::new()}
                    />
                    <Route path=path!("/society/criteria") view={Lazy::<SocietyCriteria>::new()} />
                    <Route path=path!("/bank-statements/:id") view={Lazy::<BankStatementPage>::new()} />
                    <Route
                        path=path!("/funds/:id/manage")
                        view={Lazy::<FundDashboard>::new()}
                    />
                    <Route
                        path=path!("/funds/:id/donations/import")
                        view={Lazy::<DonationImport>::new()}
                    />
                    <Route path=path!("/programs") view=ProgramsPage />
                    <Route
                        path=path!("/programs/new")
                        view={Lazy::<ProgramSetup>::new()}
                    />
                    <Route
                        path=path!("/programs/:id/edit")
                        view={Lazy::<ProgramSetup>::new()}
                    />
                    <Route path=path!("/programs/:id") view={Lazy::<PublicProgram>::new()} />
                    <Route
                        path=path!("/programs/:id/manage")
                        view={Lazy::<ProgramBoard>::new()}
                    />
                    <Route
                        path=path!("/programs/:id/payouts")
                        view={Lazy::<Payouts>::new()}
                    />
                    <Route
                        path=path!("/reviews")
                        view={Lazy::<ReviewQueue>::new()}
                    />
                    <Route
                        path=path!("/reviews/:id")
                        view={Lazy::<Review>::new()}
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
                        view={Lazy::<Account>::new()}
                    />
                    <Route
                        path=path!("/admin/organizations")
                        view={Lazy::<ManageOrganizations>::new()}
                    />
                    <Route
                        path=path!("/admin/organizations/import")
                        view={Lazy::<ImportOrganizationsRoute>::new()}
                    />
                    <Route
                        path=path!("/admin/members")
                        view={Lazy::<Members>::new()}
                    />
                    <Route
                        path=path!("/admin/audit")
                        view={Lazy::<Audit>::new()}
                    />
                    <Route
                        path=path!("/staff/learners")
                        view={Lazy::<StaffLearners>::new()}
                    />
                    <Route
                        path=path!("/staff/learners/import")
                        view={Lazy::<ImportLearnersRoute>::new()}
                    />
                </Routes>
            </Shell>
        </Router>
    }
}

// Pages whose code the browser fetches only when one of them is first opened: what staff
// use (a fund's books, a program's setup, board and payouts, reviews, the administration)
// and the public pages of a fund or program, which are reached by a link. The rest, what a
// guardian needs and every page's frame, arrives with the app. `scripts/build-frontend.sh`
// splits the wasm at these points; each `#[lazy_route]` is its own split, so each impl
// stands at its own place in this file.

/// A fund's books, for its treasurers.
struct FundDashboard;

#[lazy_route]
impl LazyRoute for FundDashboard {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <RequireSignIn><FundDashboardPage /></RequireSignIn> }.into_any()
    }
}

/// A new program's setup.
struct ProgramSetup;

#[lazy_route]
impl LazyRoute for ProgramSetup {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <RequireSignIn><ProgramSetupPage /></RequireSignIn> }.into_any()
    }
}

/// A program's board: its applications, reviews and decisions.
struct ProgramBoard;

#[lazy_route]
impl LazyRoute for ProgramBoard {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <RequireSignIn><ProgramBoardPage /></RequireSignIn> }.into_any()
    }
}

/// A program's payouts and its receipt list.
struct Payouts;

#[lazy_route]
impl LazyRoute for Payouts {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <RequireSignIn><PayoutsPage /></RequireSignIn> }.into_any()
    }
}

/// A reviewer's queue.
struct ReviewQueue;

#[lazy_route]
impl LazyRoute for ReviewQueue {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <RequireSignIn><ReviewQueuePage /></RequireSignIn> }.into_any()
    }
}

/// One review.
struct Review;

#[lazy_route]
impl LazyRoute for Review {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <RequireSignIn><ReviewPage /></RequireSignIn> }.into_any()
    }
}

/// One's account: memberships, roles, password.
struct Account;

#[lazy_route]
impl LazyRoute for Account {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <RequireSignIn><AccountPage /></RequireSignIn> }.into_any()
    }
}

/// The administration of organisations.
struct ManageOrganizations;

#[lazy_route]
impl LazyRoute for ManageOrganizations {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <RequireSignIn role=Role::Admin><ManageOrganizationsPage /></RequireSignIn> }
            .into_any()
    }
}

/// The audit log and the ledger check.
struct Audit;

#[lazy_route]
impl LazyRoute for Audit {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <RequireSignIn role=Role::Admin><AuditPage /></RequireSignIn> }.into_any()
    }
}

/// The learners of an organisation, for its staff.
struct StaffLearners;

/// Learners from a spreadsheet into an organisation's roster.
struct ImportLearnersRoute;

/// Organisations from a spreadsheet below one.
struct ImportOrganizationsRoute;

#[lazy_route]
impl LazyRoute for ImportOrganizationsRoute {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <RequireSignIn role=Role::Admin><crate::pages::organization_import::OrganizationImportPage /></RequireSignIn> }
            .into_any()
    }
}

#[lazy_route]
impl LazyRoute for ImportLearnersRoute {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <RequireSignIn><crate::pages::learner_import::LearnerImportPage /></RequireSignIn> }
            .into_any()
    }
}

#[lazy_route]
impl LazyRoute for StaffLearners {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <RequireSignIn><StaffLearnersPage /></RequireSignIn> }.into_any()
    }
}

/// Opening a fund.
struct FundCreate;

#[lazy_route]
impl LazyRoute for FundCreate {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <RequireSignIn role=Role::Admin><FundCreatePage /></RequireSignIn> }.into_any()
    }
}

/// The administration of members.
struct Members;

#[lazy_route]
impl LazyRoute for Members {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <RequireSignIn role=Role::Admin><MembersPage /></RequireSignIn> }.into_any()
    }
}

/// A cash book's donations from a spreadsheet, for the fund's treasurers.
struct DonationImport;

#[lazy_route]
impl LazyRoute for DonationImport {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <RequireSignIn><crate::pages::fund::import::DonationImportPage /></RequireSignIn> }
            .into_any()
    }
}

/// An organisation's learning-society progress: public, numbers only.
struct Society;

#[lazy_route]
impl LazyRoute for Society {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <crate::pages::society::SocietyPage /> }.into_any()
    }
}

/// An organisation's register of the year: registrations, scores, decisions, for its staff.
struct SocietyManage;

#[lazy_route]
impl LazyRoute for SocietyManage {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <RequireSignIn><crate::pages::society::SocietyManagePage /></RequireSignIn> }
            .into_any()
    }
}

/// The criteria of each model and year, edited by the city association.
struct SocietyCriteria;

#[lazy_route]
impl LazyRoute for SocietyCriteria {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <RequireSignIn><crate::pages::society::CriteriaPage /></RequireSignIn> }.into_any()
    }
}

/// An imported bank statement and its reconciliation, for the fund's treasurers.
struct BankStatementPage;

#[lazy_route]
impl LazyRoute for BankStatementPage {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <crate::pages::fund::statements::StatementPage /> }.into_any()
    }
}

/// The possible duplicate awards beneath an organisation, for its administrators.
struct DuplicateFunding;

#[lazy_route]
impl LazyRoute for DuplicateFunding {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <RequireSignIn role=Role::Admin><crate::pages::program::duplicates::DuplicatesPage /></RequireSignIn> }.into_any()
    }
}

/// The drives running beneath an organisation, summed.
struct CampaignsBeneath;

#[lazy_route]
impl LazyRoute for CampaignsBeneath {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <crate::pages::fund::campaign::CampaignsWithinPage /> }.into_any()
    }
}

/// A campaign's public page.
struct PublicCampaign;

#[lazy_route]
impl LazyRoute for PublicCampaign {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <crate::pages::fund::campaign::CampaignPage /> }.into_any()
    }
}

/// A fund's public page.
struct PublicFund;

#[lazy_route]
impl LazyRoute for PublicFund {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <PublicFundPage /> }.into_any()
    }
}

/// A program's public page.
struct PublicProgram;

#[lazy_route]
impl LazyRoute for PublicProgram {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <PublicProgramPage /> }.into_any()
    }
}
