//! The documents the app sends, compiled by graphql_client against the server's committed
//! schema (`backend/schema.graphql`): each `.graphql` file in `frontend/graphql/` becomes a
//! module of Rust types for its variables and its answer. A field that is misspelt, missing
//! from the schema or of another type is a compile error, not a blank on a page.
//!
//! The schema's enums are the `shared` ones, so a state is the same type from the database to
//! the browser. Dates travel as their ISO text (`2026-12-06`, RFC 3339 for instants).

use graphql_client::GraphQLQuery;
// Every enum of the schema, whether a document reads it yet or not.
#[allow(unused_imports)]
pub use shared::{
    ApplicationAction, ApplicationOrder, ApplicationStatus, AuditAction, AuditObject, AwardStatus,
    BankLineAction, BankLineOutcome, BankLineStatus, CellProblem, Circumstance, DonationMethod,
    DonorKind, DuplicateMatch, DuplicatePolicy, EducationLevel, EntryPhase, ErrorCode, Gender,
    ImportAction, IneligibilityCode, InvitationStatus, LedgerAccount, NotificationKind,
    OrganizationKind, PledgeStatus, ProgramKind, ProgramStatus, Recommendation, ReviewStatus, Role,
    ScoreStep, TransactionKind,
    indicator::IndicatorMeasure,
    society::{Population, RecognitionModel, RegistrationStatus},
};

/// Whole đồng, as the server sends them.
pub type Money = shared::Money;
/// Points on a rubric criterion, exact to the hundredth.
pub type Points = shared::Points;
/// An instant, in RFC 3339.
pub type DateTime = String;
/// A calendar day, `yyyy-mm-dd`.
pub type NaiveDate = String;

/// One `#[derive(GraphQLQuery)]` per document: the struct is named as its operation, and its
/// types are in the module of that name in snake case.
macro_rules! documents {
    ($($operation:ident => $path:tt,)+) => {
        $(
            #[derive(GraphQLQuery)]
            #[graphql(
                schema_path = "../backend/schema.graphql",
                query_path = $path,
                response_derives = "Debug, Clone, PartialEq",
                variables_derives = "Debug, Clone",
                extern_enums("ApplicationAction", "ApplicationOrder", "ApplicationStatus", "AuditAction", "AuditObject", "AwardStatus", "BankLineAction", "BankLineOutcome", "BankLineStatus", "CellProblem", "Circumstance", "DonationMethod", "DonorKind", "DuplicateMatch", "DuplicatePolicy", "EducationLevel", "EntryPhase", "ErrorCode", "Gender", "ImportAction", "IndicatorMeasure", "IneligibilityCode", "InvitationStatus", "LedgerAccount", "NotificationKind", "OrganizationKind", "PledgeStatus", "ProgramKind", "ProgramStatus", "RecognitionModel", "Recommendation", "RegistrationStatus", "Population", "ReviewStatus", "Role", "ScoreStep", "TransactionKind")
            )]
            pub struct $operation;
        )+
    };
}

documents! {
    AssessRegistration => "graphql/assess_registration.graphql",
    CriteriaSets => "graphql/criteria_sets.graphql",
    FamilyLearners => "graphql/family_learners.graphql",
    IndicatorProgress => "graphql/indicator_progress.graphql",
    LinkLearnerToFamily => "graphql/link_learner_to_family.graphql",
    MyRecognitionRegistrations => "graphql/my_recognition_registrations.graphql",
    RecogniseRegistrations => "graphql/recognise_registrations.graphql",
    RecognitionRegistrations => "graphql/recognition_registrations.graphql",
    RegisterForRecognition => "graphql/register_for_recognition.graphql",
    RemoveRegistrationDocument => "graphql/remove_registration_document.graphql",
    ReportIndicator => "graphql/report_indicator.graphql",
    SaveCriteriaSet => "graphql/save_criteria_set.graphql",
    SetSocietyPopulation => "graphql/set_society_population.graphql",
    SocietyPopulations => "graphql/society_populations.graphql",
    SocietyProgress => "graphql/society_progress.graphql",
    UnlinkLearnerFromFamily => "graphql/unlink_learner_from_family.graphql",
    WithdrawRecognition => "graphql/withdraw_recognition.graphql",
    AcceptLearnerInvitation => "graphql/accept_learner_invitation.graphql",
    AddFundBankAccount => "graphql/add_fund_bank_account.graphql",
    Application => "graphql/application.graphql",
    AuditEvents => "graphql/audit_events.graphql",
    ApproveApplication => "graphql/approve_application.graphql",
    ArchiveOrganization => "graphql/archive_organization.graphql",
    ArchiveProgram => "graphql/archive_program.graphql",
    AssignReviewers => "graphql/assign_reviewers.graphql",
    AssignRoundRobin => "graphql/assign_round_robin.graphql",
    BankStatement => "graphql/bank_statement.graphql",
    BankStatementPreview => "graphql/bank_statement_preview.graphql",
    BankStatements => "graphql/bank_statements.graphql",
    Campaign => "graphql/campaign.graphql",
    CampaignsWithin => "graphql/campaigns_within.graphql",
    CancelApproval => "graphql/cancel_approval.graphql",
    ChangePassword => "graphql/change_password.graphql",
    CloseProgram => "graphql/close_program.graphql",
    CreateApplication => "graphql/create_application.graphql",
    CreateCampaign => "graphql/create_campaign.graphql",
    CreateFund => "graphql/create_fund.graphql",
    CreateOrganization => "graphql/create_organization.graphql",
    CreateProgram => "graphql/create_program.graphql",
    DeclareConflict => "graphql/declare_conflict.graphql",
    DeclineLearnerInvitation => "graphql/decline_learner_invitation.graphql",
    DonationImportPreview => "graphql/donation_import_preview.graphql",
    DonorChoices => "graphql/donor_choices.graphql",
    DraftPrograms => "graphql/draft_programs.graphql",
    FundChoices => "graphql/fund_choices.graphql",
    FundDashboard => "graphql/fund_dashboard.graphql",
    FundHeader => "graphql/fund_header.graphql",
    FundStatement => "graphql/fund_statement.graphql",
    Funds => "graphql/funds.graphql",
    GrantRole => "graphql/grant_role.graphql",
    Home => "graphql/home.graphql",
    ImportDonations => "graphql/import_donations.graphql",
    ImportLearners => "graphql/import_learners.graphql",
    ImportOrganizations => "graphql/import_organizations.graphql",
    Inbox => "graphql/inbox.graphql",
    LearnerEligibility => "graphql/learner_eligibility.graphql",
    LearnerImportPreview => "graphql/learner_import_preview.graphql",
    LearnerInvitations => "graphql/learner_invitations.graphql",
    InviteLearnerManager => "graphql/invite_learner_manager.graphql",
    Learners => "graphql/learners.graphql",
    MarkAllNotificationsRead => "graphql/mark_all_notifications_read.graphql",
    MarkNotificationsRead => "graphql/mark_notifications_read.graphql",
    Me => "graphql/me.graphql",
    MoveOrganization => "graphql/move_organization.graphql",
    Members => "graphql/members.graphql",
    MyApplications => "graphql/my_applications.graphql",
    MyLearners => "graphql/my_learners.graphql",
    MyWork => "graphql/my_work.graphql",
    OpenProgram => "graphql/open_program.graphql",
    OpenPrograms => "graphql/open_programs.graphql",
    OrganizationChoices => "graphql/organization_choices.graphql",
    OrganizationImportPreview => "graphql/organization_import_preview.graphql",
    Organizations => "graphql/organizations.graphql",
    PayAward => "graphql/pay_award.graphql",
    PayProgramAwards => "graphql/pay_program_awards.graphql",
    PossibleDuplicateFunding => "graphql/possible_duplicate_funding.graphql",
    ProgramAwards => "graphql/program_awards.graphql",
    ProgramSetup => "graphql/program_setup.graphql",
    ProgramBoard => "graphql/program_board.graphql",
    ProgramFigures => "graphql/program_figures.graphql",
    ProgramFunds => "graphql/program_funds.graphql",
    ProgramRanking => "graphql/program_ranking.graphql",
    ProgramRecipients => "graphql/program_recipients.graphql",
    ProgramWaiting => "graphql/program_waiting.graphql",
    Programs => "graphql/programs.graphql",
    Pledge => "graphql/pledge.graphql",
    PublicFund => "graphql/public_fund.graphql",
    PublicProgram => "graphql/public_program.graphql",
    RecordDonation => "graphql/record_donation.graphql",
    RetireFundBankAccount => "graphql/retire_fund_bank_account.graphql",
    ResolveBankLine => "graphql/resolve_bank_line.graphql",
    SetFundPledgeDays => "graphql/set_fund_pledge_days.graphql",
    FundAccounts => "graphql/fund_accounts.graphql",
    ImportBankStatement => "graphql/import_bank_statement.graphql",
    RegisterLearner => "graphql/register_learner.graphql",
    RejectApplication => "graphql/reject_application.graphql",
    RenameOrganization => "graphql/rename_organization.graphql",
    ReturnApplication => "graphql/return_application.graphql",
    ReverseTransaction => "graphql/reverse_transaction.graphql",
    ReviewQueue => "graphql/review_queue.graphql",
    ReviewTask => "graphql/review_task.graphql",
    RevokeRole => "graphql/revoke_role.graphql",
    SignIn => "graphql/sign_in.graphql",
    SignOut => "graphql/sign_out.graphql",
    SignUp => "graphql/sign_up.graphql",
    StaffPanel => "graphql/staff_panel.graphql",
    SubmitApplication => "graphql/submit_application.graphql",
    SubmitReview => "graphql/submit_review.graphql",
    TopOrganizations => "graphql/top_organizations.graphql",
    TransferFunds => "graphql/transfer_funds.graphql",
    UnreadNotificationCount => "graphql/unread_notification_count.graphql",
    UpdateProgram => "graphql/update_program.graphql",
    UpdateLearner => "graphql/update_learner.graphql",
    VerifyLedger => "graphql/verify_ledger.graphql",
    WithdrawApplication => "graphql/withdraw_application.graphql",
}
