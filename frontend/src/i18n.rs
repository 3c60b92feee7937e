//! Every string a user sees, in Vietnamese (the default) and English.
//!
//! Keys are an enum and each language is one exhaustive `match`, so a string missing in
//! either language is a compile error, not a blank on screen.

use leptos::prelude::*;
use shared::{
    ApplicationAction, ApplicationStatus, Circumstance, DonationMethod, EducationLevel, ErrorCode,
    Money, NotificationKind, OrganizationKind, ProgramKind, ProgramStatus, Recommendation, Role,
    TransactionKind,
    society::{Population, RecognitionModel, RegistrationStatus},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    Vi,
    En,
}

impl Locale {
    pub const ALL: [Self; 2] = [Self::Vi, Self::En];

    /// The BCP 47 tag, for `<html lang>` and storage.
    pub const fn tag(self) -> &'static str {
        match self {
            Self::Vi => "vi",
            Self::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|locale| locale.tag() == tag)
    }

    /// The language's own name, as shown in the switcher.
    pub const fn native_name(self) -> &'static str {
        match self {
            Self::Vi => "Tiếng Việt",
            Self::En => "English",
        }
    }
}

/// A user-visible string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    AppName,
    Tagline,
    MainNavigation,
    /// The button that opens the main navigation on a phone.
    Menu,
    /// The first link of every page, for keyboards and screen readers.
    SkipToContent,
    NavHome,
    NavOrganizations,
    Language,
    Footer,
    Loading,
    ErrorTitle,
    Retry,
    NotFoundTitle,
    NotFoundBody,
    BackHome,
    HomeTitle,
    HomeIntro,
    StatOrganizations,
    StatCommunes,
    StatChapters,
    ServerVersion,
    OrganizationsTitle,
    FilterKind,
    AllKinds,
    NoOrganizations,
    LoadMore,
    UnderParent,
    SignIn,
    SignUp,
    SignOut,
    NavAccount,
    NavMembers,
    LoginLabel,
    PasswordLabel,
    DisplayNameLabel,
    CreateAccount,
    SignUpTitle,
    NoAccount,
    HaveAccount,
    PasswordHint,
    AccountTitle,
    MyRoles,
    NoRoles,
    ChangePassword,
    CurrentPassword,
    NewPasswordLabel,
    PasswordChanged,
    InvitationsTitle,
    InvitedBy,
    AcceptInvitation,
    DeclineInvitation,
    MembersTitle,
    OrganizationLabel,
    RoleLabel,
    GrantRole,
    Revoke,
    MemberLoginLabel,
    RoleGranted,
    NoMembers,
    NotAllowed,
    SignInToContinue,
    Working,
    WrongCredentials,
    LoginTaken,
    InvalidLogin,
    InvalidPassword,
    InvalidDisplayName,
    WrongCurrentPassword,
    UnknownMember,
    NavOrganizationsAdmin,
    AddOrganization,
    ParentLabel,
    NameLabel,
    RenameOrArchive,
    NewNameLabel,
    Rename,
    Archive,
    Saved,
    NameTaken,
    InvalidName,
    NavFunds,
    FundsTitle,
    FundsIntro,
    NoFunds,
    PostedBalance,
    ReservedBalance,
    AvailableBalance,
    ManageFund,
    PublicPage,
    PublicDisclosure,
    ReceiptsThisYear,
    PaymentsThisYear,
    AnonymousDonor,
    NoEntries,
    DateColumn,
    KindColumn,
    AmountColumn,
    DonorColumn,
    MemoColumn,
    AmountLabel,
    RecordDonation,
    DonorNameLabel,
    DonorIsOrganization,
    DonorAnonymous,
    DonorContactLabel,
    MethodLabel,
    BankReferenceLabel,
    MemoLabel,
    DonationRecorded,
    TransferTitle,
    ToFundLabel,
    ChooseTargetFund,
    Transfer,
    TransferDone,
    RecentEntries,
    Reverse,
    ReasonLabel,
    ConfirmReverse,
    ReversedMark,
    PendingMark,
    ChartTitle,
    /// A program's board: its applications by state and awards by tier.
    FiguresTitle,
    /// The fund's balance at the end of each month, as a chart and a table column.
    BalanceChartTitle,
    /// A table column: the month.
    MonthColumn,
    StatementTitle,
    FromLabel,
    ToLabel,
    ShowStatement,
    Opening,
    Closing,
    ReceiptsHeading,
    PaymentsHeading,
    TotalReceipts,
    TotalPayments,
    ExportCsv,
    Reconciles,
    DoesNotReconcile,
    InvalidAmount,
    NeedsBankReference,
    NeedsDescription,
    NeedsReason,
    NeedsDonorName,
    ReadOnlyFund,
    AlreadyDone,
    TransferAmountLabel,
    TransferMemoLabel,
    NavPrograms,
    ProgramsTitle,
    NoPrograms,
    WindowLabel,
    StatusLabel,
    BudgetLabel,
    PaidSoFar,
    TiersTitle,
    WhoMayApply,
    MinGpa,
    AgeLabel,
    DocumentLabel,
    RecipientsTitle,
    NoRecipients,
    RecipientColumn,
    CommuneColumn,
    NavMyLearners,
    MyLearnersTitle,
    NoLearners,
    MyApplicationsTitle,
    NoApplications,
    RegisterLearner,
    DateOfBirthLabel,
    GenderLabel,
    Female,
    Male,
    OtherGender,
    PersonalIdLabel,
    EducationLevelLabel,
    SchoolLabel,
    ClassLabel,
    CircumstancesLabel,
    GpaLabel,
    InvalidPersonalId,
    InvalidGpa,
    ProgramsForLearner,
    Apply,
    ReasonEducationLevel,
    ReasonGpaMissing,
    ReasonGpaTooLow,
    ReasonCircumstance,
    ReasonCommune,
    ReasonTooYoung,
    ReasonTooOld,
    MissingDocuments,
    DocumentsTitle,
    SubmitApplication,
    WithdrawApplication,
    TimelineTitle,
    ChooseFile,
    BadFile,
    FileLabel,
    Upload,
    Deadline,
    AchievementsLabel,
    Approve,
    ArchiveProgram,
    Assign,
    AssignReviewers,
    AssignRoundRobin,
    AssignmentsMade,
    AwaitingReviewers,
    AwardColumn,
    AwardsToPay,
    BatchPaid,
    BlindReview,
    BlindReviewNotice,
    CancelApproval,
    CloseProgram,
    CombinedScore,
    CommentLabel,
    ConflictDeclared,
    ConflictReasonLabel,
    DecisionTitle,
    DeclareConflict,
    FullNameColumn,
    FundDashboardLink,
    InformationRequested,
    LearnerTitle,
    LeftForAnotherTreasurer,
    NavReviews,
    NotEnoughInFund,
    NothingToPay,
    NothingWaiting,
    NumberColumn,
    OpenProgram,
    Pay,
    PayAll,
    /// A payment asked for, before it is confirmed: "Pay <amount> to <whom> from <fund>?"
    /// Who a batch payout pays: "to <n> <recipients awaiting payment>".
    RecipientsAwaiting,
    ConfirmPayment,
    ConfirmApproval,
    ConfirmCancelApproval,
    ConfirmRejection,
    ConfirmDonation,
    ConfirmTransfer,
    ConfirmWithdrawal,
    GoBack,
    PayoutsTitle,
    PrintReceipts,
    RankingTitle,
    ReceiptListTitle,
    RecommendApprove,
    RecommendNeutral,
    RecommendReject,
    RecommendationLabel,
    Reject,
    ReturnForInfo,
    ReviewQueueEmpty,
    ReviewQueueTitle,
    ReviewSaved,
    ReviewersPerApplication,
    ReviewsColumn,
    ReviewsTitle,
    ScoresNeeded,
    ScoringTitle,
    SignatureColumn,
    StatusColumn,
    SubmitReview,
    TierLabel,
    TotalLabel,
    YourAnswer,
    AnotherTreasurerPays,
    NotPaid,
    DraftsTitle,
    RecipientsCount,
    ShowMore,
    AddTier,
    AddCriterion,
    ClosesOnLabel,
    CreateProgram,
    CriterionLabel,
    CycleLabel,
    DescriptionLabel,
    FundLabel,
    InvalidCycle,
    InvalidRubric,
    InvalidTier,
    MaxScoreLabel,
    NewProgramTitle,
    OpensOnLabel,
    ProgramKindLabel,
    ProgramNameLabel,
    QuotaLabel,
    RemoveRow,
    RequiredEvidenceLabel,
    RubricTitle,
    WeightLabel,
    ManageProgram,
    DecisionReasonLabel,
    NavInbox,
    InboxTitle,
    InboxEmpty,
    InboxUnreadOnly,
    InboxMarkAllRead,
    InboxUnreadMark,
    NavWork,
    WorkTitle,
    WorkMine,
    WorkMineEmpty,
    WorkPrograms,
    WorkPayouts,
    /// On a treasurer's home: the funds they keep, with their balances.
    WorkFunds,
    WorkAdmin,
    WorkNothing,
    /// The placeholder of a search box in an organisation picker.
    SearchByName,
    /// Under a picker's choices, when more match than it shows.
    MoreMatchNarrow,
    /// Under a picker (of organisations or funds) whose search found nothing.
    NothingMatches,
    FingerprintColumn,
    InWordsLabel,
    PreparedBy,
    AccountantSigns,
    ChairSigns,
    SignHint,
    SocietyFamilyLearners,
    SocietyNoFamilyLearners,
    SocietyDocuments,
    SocietyNoDocuments,
    SocietyDocumentFile,
    SocietyAttachDocument,
    SocietyRemoveDocument,
    CriteriaNoneYet,
    IndicatorReport,
    CriteriaTitle,
    CriteriaIntro,
    CriteriaYear,
    CriteriaExample,
    CriteriaVersion,
    CriteriaGroup,
    CriteriaGroupName,
    CriteriaCode,
    CriteriaWords,
    CriteriaPoints,
    CriteriaRemove,
    CriteriaAddItem,
    CriteriaRemoveGroup,
    CriteriaAddGroup,
    CriteriaPassMark,
    CriteriaLevels,
    CriteriaLevelName,
    CriteriaLevelMin,
    CriteriaAddLevel,
    CriteriaTotal,
    CriteriaPassFrom,
    CriteriaSave,
    CriteriaSaved,
    CriteriaBadPoints,
    CriteriaBadPassMark,
    CriteriaBadLevels,
    CriteriaNeedsItems,
    CriteriaTooMany,
    CriteriaBadGroupName,
    CriteriaBadLevelName,
    CriteriaBadCode,
    CriteriaBadWords,
    ConfirmSaveCriteria,
    SocietyCriteriaLink,
    OwnRegisterTitle,
    OwnRegisterHint,
    OwnSignInToRegister,
    OwnRegisterWhat,
    OwnHouseholdNameLabel,
    OwnCitizenNameLabel,
    OwnRegistered,
    OwnSeeYours,
    OwnRegisterFor,
    OwnAlreadyRegistered,
    OwnTitle,
    OwnNone,
    OwnFindCommune,
    OwnScore,
    OwnDecision,
    OwnWithdrawnBecause,
    OwnRegisterAgain,
    IndicatorPartial,
    SocietyUnlinkLearner,
    SocietyUnlinked,
    SocietyLinkLearner,
    SocietyLinkLearnerLabel,
    SocietyLinkLearnerSend,
    SocietyLinkLearnerHint,
    SocietyLinked,
    SocietyLearnerNotFound,
    RecognisedFamilyRule,
    NeedsRecognisedFamily,
    ReasonNotRecognised,
    IndicatorSave,
    IndicatorsTitle,
    IndicatorsCaption,
    IndicatorResult,
    IndicatorTarget,
    IndicatorMet,
    IndicatorNotMet,
    IndicatorNotReported,
    IndicatorReported,
    IndicatorSource,
    IndicatorMeetsStandard,
    IndicatorBelowStandard,
    IndicatorLocalitiesMeeting,
    IndicatorReportTitle,
    IndicatorLabel,
    IndicatorNumeratorLabel,
    IndicatorDenominatorLabel,
    IndicatorMeetsLabel,
    IndicatorSourceHint,
    InvalidIndicatorNumerator,
    InvalidIndicatorDenominator,
    NeedsIndicatorSource,
    SocietyWithdrawSend,
    SocietyTrendTitle,
    SocietyTrendCaption,
    SocietyReport,
    NavSociety,
    SocietyTitle,
    SocietyProgressTitle,
    SocietyRecognised,
    SocietyShare,
    SocietyTarget,
    SocietyGap,
    SocietyRegistered,
    SocietyAssessed,
    SocietyManage,
    SocietyPopulationTitle,
    SocietyPopulationLabel,
    SocietyCountLabel,
    SocietyTargetLabel,
    SocietyTargetHint,
    Save,
    SocietyAlreadyRegistered,
    SocietyRegisterTitle,
    SocietyModelLabel,
    SocietyUnitNameLabel,
    SocietyAddressLabel,
    SocietyRegister,
    SocietyRegistrationsTitle,
    SocietyShowModel,
    SocietyNoRegistrations,
    SocietyAssess,
    SocietyChoose,
    SocietyWithdraw,
    SocietyWithdrawReason,
    SocietyNoCriteria,
    SocietyScoreEveryItem,
    SocietyScoreTooHigh,
    SocietyPassed,
    SocietyNotPassed,
    SocietyTotal,
    SocietyExampleCriteria,
    SocietySaveScore,
    SocietyDecisionTitle,
    SocietyChosen,
    SocietyChooseFirst,
    SocietyDecisionNumber,
    SocietyDecisionDay,
    SocietyDecisionSigner,
    SocietyRecognise,
    SocietyDecided,
    SocietyDecisionRefused,
    ConfirmRecognise,
    ConfirmWithdrawRecognition,
    InvalidPopulationCount,
    InvalidTargetPercent,
    InvalidScore,
    NeedsDecisionNumber,
    NeedsSigner,
    InvalidDecisionDay,
    ReceiptNumberLabel,
    ReceivedOnLabel,
    ReceivedOnHint,
    ReceiptShort,
    ReceivedOnShort,
    ImportDonationsTitle,
    ImportDonationsHint,
    ImportDonationsFileLabel,
    ImportDonationsLink,
    ImportDonationsTotal,
    ImportRecords,
    ImportAlreadyRecorded,
    NewDonorBadge,
    DonationsRecorded,
    ImportOrganizationsTitle,
    ImportOrganizationsHint,
    ImportOrganizationsFileLabel,
    ImportUnder,
    DonorsFile,
    RecipientsFile,
    ReceiptsFile,
    AwardsFile,
    RankingFile,
    AllApplicationsFile,
    DownloadsLabel,
    DownloadCsv,
    DownloadXlsx,
    ChooseOrganization,
    RowLabel,
    ColumnLabel,
    ReadFile,
    ImportLearnersTitle,
    ImportLearnersHint,
    DownloadTemplate,
    ImportFileLabel,
    ImportCreates,
    ImportUpdates,
    ImportSkips,
    ImportBadRows,
    ImportProblemsTitle,
    ImportProblemsHint,
    ImportLookalikesTitle,
    ImportMoreRows,
    ImportListAction,
    ConfirmImport,
    ImportCreated,
    ImportUpdated,
    ImportSkipped,
    ImportFromExcel,
    BlockDuplicates,
    FundedElsewhereTitle,
    FundedElsewhereHint,
    DuplicatesTitle,
    DuplicatesIntro,
    SchoolYearLabel,
    NoDuplicates,
    StatementTooLarge,
    PledgesWaiting,
    NoPledgesWaiting,
    PledgeWaitsUntil,
    StatementNewOfAll,
    CampaignsRunningBeneath,
    NoCampaignsRunning,
    StatementsTitle,
    StatementNeedsAccount,
    StatementsImported,
    StatementNewLines,
    StatementAccountLabel,
    StatementFileLabel,
    ReadStatement,
    StatementPreviewTitle,
    StatementLayout,
    StatementPeriod,
    StatementPledgesMatched,
    StatementUnmatched,
    StatementClosingBalance,
    StatementPostedBalance,
    StatementDifference,
    ImportStatement,
    ReconciliationTitle,
    StatementLinesTitle,
    LineAlreadyImported,
    LinePledge,
    LineRecorded,
    LinePayout,
    LineUnmatched,
    LineDonation,
    LineSetAside,
    TakeSuggestion,
    PayerName,
    RecordAsDonation,
    SetAsideReason,
    SetAside,
    ConfirmImportStatement,
    ConfirmMatch,
    ConfirmSetAside,
    StatementNoHeader,
    StatementUnreadable,
    StatementEmpty,
    StatementBankNotRead,
    StatementWrongBank,
    StatementWrongAccount,
    CampaignNameTaken,
    DonationCampaignLabel,
    CampaignsTitle,
    CampaignReceived,
    CampaignGoal,
    CampaignPledged,
    CampaignDonors,
    CampaignDaysLeft,
    CampaignEnded,
    LatestDonors,
    NoNamedDonorsYet,
    NewCampaign,
    CampaignNameLabel,
    CampaignGoalLabel,
    CampaignStartsLabel,
    CampaignEndsLabel,
    CampaignDescriptionLabel,
    CampaignOpened,
    InvalidCampaignDates,
    TransferToFund,
    BankLabel,
    AccountNumberLabel,
    AccountHolderLabel,
    ScanToGive,
    CopyValue,
    CopiedValue,
    PledgeTitle,
    PledgeIntro,
    PledgeNameLabel,
    PledgeContactLabel,
    PledgeAnonymous,
    MakePledge,
    PledgeMade,
    TransferNoteLabel,
    AmountToTransfer,
    PledgeExpires,
    NoBankAccountYet,
    TooManyPledges,
    BankAccountsTitle,
    AddBankAccount,
    RetireBankAccount,
    NoAccountsRecorded,
    ChooseBank,
    PledgeDaysLabel,
    SavePledgeDays,
    SavedNotice,
    ConfirmAddAccount,
    ConfirmRetireAccount,
    InvalidAccountNumber,
    UnknownBank,
    NeedsHolder,
    AccountTaken,
    InvalidPledgeDays,
    SearchPrograms,
    ExportXlsx,
    ByStep,
    StepLabel,
    WholePoints,
    EditProgramTitle,
    SaveProgram,
    EditProgram,
    EditLearner,
    SaveLearner,
    GuardianNameLabel,
    GuardianPhoneLabel,
    ReviewersOwing,
    StillToScore,
    MinAgeLabel,
    MaxAgeLabel,
    InvalidAge,
    CommunesLabel,
    AddCommune,
    CommunesHint,
    InviteGuardianTitle,
    InviteGuardianIntro,
    InvitationSent,
    InviteGuardian,
    ConfirmArchive,
    MoveOrganization,
    NewParentLabel,
    MoveHint,
    MoveOrganizationButton,
    NavStaffLearners,
    StaffLearnersTitle,
    SearchLearners,
    NoLearnersFound,
    GuardianShort,
    NavAudit,
    AuditTitle,
    AuditEventsTitle,
    AuditActionFilter,
    AllActions,
    NoAuditEvents,
    ByWhom,
    AuditDetails,
    LedgerCheckTitle,
    LedgerCheckIntro,
    CheckLedger,
    LedgerOk,
    LedgerNotOk,
    FundsCounted,
    TransactionsCounted,
    EntriesCounted,
    FundLabelShort,
    TransactionLabelShort,
    Expected,
    Found,
    KnownDonorLabel,
    NewFundTitle,
    NewFundIntro,
    FundNameLabel,
    FundPurposeLabel,
    CreateFund,
    FundNameTaken,
    SearchFunds,
}

impl Text {
    pub const fn vi(self) -> &'static str {
        match self {
            Self::AppName => "Khuyến học",
            Self::Tagline => "Quỹ khuyến học, khuyến tài minh bạch",
            Self::MainNavigation => "Điều hướng chính",
            Self::Menu => "Menu",
            Self::SkipToContent => "Đến nội dung chính",
            Self::NavHome => "Trang chủ",
            Self::NavOrganizations => "Tổ chức hội",
            Self::Language => "Ngôn ngữ",
            Self::Footer => "Khuyến học — nền tảng quản lý quỹ và học bổng của các Hội Khuyến học",
            Self::Loading => "Đang tải…",
            Self::ErrorTitle => "Không tải được dữ liệu",
            Self::Retry => "Thử lại",
            Self::NotFoundTitle => "Không tìm thấy trang",
            Self::NotFoundBody => "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.",
            Self::BackHome => "Về trang chủ",
            Self::HomeTitle => "Hội Khuyến học trên một nền tảng",
            Self::HomeIntro => {
                "Tiếp nhận ủng hộ, xét và chi học bổng, khen thưởng, công khai tài chính cho mọi cấp hội: thành phố, xã/phường, chi hội và dòng họ."
            }
            Self::StatOrganizations => "Tổ chức hội",
            Self::StatCommunes => "Hội cấp xã/phường",
            Self::StatChapters => "Chi hội và dòng họ",
            Self::ServerVersion => "Phiên bản máy chủ",
            Self::OrganizationsTitle => "Các tổ chức hội",
            Self::FilterKind => "Cấp tổ chức",
            Self::AllKinds => "Tất cả các cấp",
            Self::NoOrganizations => "Chưa có tổ chức nào.",
            Self::LoadMore => "Xem thêm",
            Self::UnderParent => "Trực thuộc",
            Self::SignIn => "Đăng nhập",
            Self::SignUp => "Đăng ký",
            Self::SignOut => "Đăng xuất",
            Self::NavAccount => "Tài khoản",
            Self::NavMembers => "Quản trị thành viên",
            Self::LoginLabel => "Email hoặc số điện thoại",
            Self::PasswordLabel => "Mật khẩu",
            Self::DisplayNameLabel => "Họ và tên",
            Self::CreateAccount => "Tạo tài khoản",
            Self::SignUpTitle => "Tạo tài khoản",
            Self::NoAccount => "Chưa có tài khoản?",
            Self::HaveAccount => "Đã có tài khoản?",
            Self::PasswordHint => "Ít nhất 10 ký tự.",
            Self::AccountTitle => "Tài khoản của tôi",
            Self::MyRoles => "Vai trò của tôi",
            Self::NoRoles => {
                "Bạn có thể nộp hồ sơ cho người học. Quản trị viên của hội sẽ cấp vai trò nếu bạn tham gia công tác của hội."
            }
            Self::ChangePassword => "Đổi mật khẩu",
            Self::CurrentPassword => "Mật khẩu hiện tại",
            Self::NewPasswordLabel => "Mật khẩu mới",
            Self::PasswordChanged => "Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc.",
            Self::InvitationsTitle => "Lời mời quản lý hồ sơ người học",
            Self::InvitedBy => "Người mời",
            Self::AcceptInvitation => "Nhận lời",
            Self::DeclineInvitation => "Từ chối",
            Self::MembersTitle => "Thành viên và vai trò",
            Self::OrganizationLabel => "Tổ chức",
            Self::RoleLabel => "Vai trò",
            Self::GrantRole => "Cấp vai trò",
            Self::Revoke => "Thu hồi",
            Self::MemberLoginLabel => "Email hoặc số điện thoại của thành viên",
            Self::RoleGranted => "Đã cấp vai trò.",
            Self::NoMembers => "Chưa có ai giữ vai trò ở tổ chức này.",
            Self::NotAllowed => "Bạn không có quyền xem trang này.",
            Self::SignInToContinue => "Hãy đăng nhập để tiếp tục.",
            Self::Working => "Đang xử lý…",
            Self::WrongCredentials => "Email/số điện thoại hoặc mật khẩu không đúng.",
            Self::LoginTaken => "Đã có tài khoản với email hoặc số điện thoại này.",
            Self::InvalidLogin => "Hãy nhập email hoặc số điện thoại di động Việt Nam (10 số).",
            Self::InvalidPassword => "Mật khẩu cần từ 10 đến 128 ký tự.",
            Self::InvalidDisplayName => "Hãy nhập họ và tên (tối đa 120 ký tự).",
            Self::WrongCurrentPassword => "Mật khẩu hiện tại không đúng.",
            Self::UnknownMember => "Không tìm thấy tài khoản với email hoặc số điện thoại này.",
            Self::NavOrganizationsAdmin => "Quản lý tổ chức",
            Self::AddOrganization => "Thêm tổ chức",
            Self::ParentLabel => "Trực thuộc",
            Self::NameLabel => "Tên tổ chức",
            Self::RenameOrArchive => "Đổi tên hoặc lưu trữ",
            Self::NewNameLabel => "Tên mới",
            Self::Rename => "Đổi tên",
            Self::Archive => "Lưu trữ",
            Self::Saved => "Đã lưu.",
            Self::NameTaken => "Ở đây đã có tổ chức cùng tên.",
            Self::InvalidName => "Hãy nhập tên (tối đa 255 ký tự).",
            Self::NavFunds => "Quỹ",
            Self::FundsTitle => "Các quỹ khuyến học, khuyến tài",
            Self::FundsIntro => {
                "Số dư, các khoản thu và chi của từng quỹ được công khai cho mọi người."
            }
            Self::NoFunds => "Chưa có quỹ nào.",
            Self::PostedBalance => "Số dư sổ quỹ",
            Self::ReservedBalance => "Đã giữ cho khen thưởng đã duyệt",
            Self::AvailableBalance => "Có thể sử dụng",
            Self::ManageFund => "Quản lý quỹ",
            Self::PublicPage => "Trang công khai",
            Self::PublicDisclosure => "Công khai tài chính",
            Self::ReceiptsThisYear => "Tổng thu trong năm",
            Self::PaymentsThisYear => "Tổng chi trong năm",
            Self::AnonymousDonor => "Nhà hảo tâm ẩn danh",
            Self::NoEntries => "Chưa có khoản thu chi nào.",
            Self::DateColumn => "Ngày",
            Self::KindColumn => "Loại",
            Self::AmountColumn => "Số tiền",
            Self::DonorColumn => "Người ủng hộ",
            Self::MemoColumn => "Nội dung",
            Self::AmountLabel => "Số tiền (đồng)",
            Self::RecordDonation => "Ghi nhận ủng hộ",
            Self::DonorNameLabel => "Tên người hoặc đơn vị ủng hộ",
            Self::DonorIsOrganization => "Là tổ chức, doanh nghiệp",
            Self::DonorAnonymous => "Ẩn tên trên trang công khai",
            Self::DonorContactLabel => "Liên hệ (không công khai)",
            Self::MethodLabel => "Hình thức",
            Self::BankReferenceLabel => "Mã giao dịch ngân hàng",
            Self::MemoLabel => "Nội dung",
            Self::DonationRecorded => "Đã ghi nhận khoản ủng hộ.",
            Self::TransferTitle => "Chuyển sang quỹ khác",
            Self::ToFundLabel => "Đến quỹ",
            Self::ChooseTargetFund => "Hãy chọn quỹ nhận tiền.",
            Self::Transfer => "Chuyển tiền",
            Self::TransferDone => "Đã chuyển tiền.",
            Self::RecentEntries => "Bút toán gần đây",
            Self::Reverse => "Đảo bút toán",
            Self::ReasonLabel => "Lý do đảo bút toán",
            Self::ConfirmReverse => "Xác nhận đảo",
            Self::ReversedMark => "Đã đảo",
            Self::PendingMark => "Đang giữ",
            Self::ChartTitle => "Thu và chi theo tháng",
            Self::FiguresTitle => "Số liệu chương trình",
            Self::BalanceChartTitle => "Số dư cuối tháng",
            Self::MonthColumn => "Tháng",
            Self::StatementTitle => "Sao kê quỹ",
            Self::FromLabel => "Từ ngày",
            Self::ToLabel => "Đến ngày",
            Self::ShowStatement => "Xem sao kê",
            Self::Opening => "Số dư đầu kỳ",
            Self::Closing => "Số dư cuối kỳ",
            Self::ReceiptsHeading => "Thu",
            Self::PaymentsHeading => "Chi",
            Self::TotalReceipts => "Tổng thu",
            Self::TotalPayments => "Tổng chi",
            Self::ExportCsv => "Sổ chi tiết quỹ (CSV)",
            Self::Reconciles => "Khớp: đầu kỳ + thu − chi = cuối kỳ.",
            Self::DoesNotReconcile => "Sao kê không khớp — hãy báo quản trị viên.",
            Self::InvalidAmount => {
                "Hãy nhập số tiền là số nguyên dương (tối đa 1.000.000.000.000.000 ₫)."
            }
            Self::NeedsBankReference => "Chuyển khoản cần có mã giao dịch ngân hàng.",
            Self::NeedsDescription => "Ủng hộ hiện vật cần ghi rõ hiện vật ở phần nội dung.",
            Self::NeedsReason => "Hãy ghi lý do.",
            Self::NeedsDonorName => "Hãy nhập tên người hoặc đơn vị ủng hộ.",
            Self::ReadOnlyFund => "Bạn chỉ có quyền xem quỹ này.",
            Self::AlreadyDone => "Việc này đã được thực hiện trước đó.",
            Self::TransferAmountLabel => "Số tiền chuyển (đồng)",
            Self::TransferMemoLabel => "Nội dung chuyển",
            Self::NavPrograms => "Học bổng, giải thưởng",
            Self::ProgramsTitle => "Chương trình học bổng, khen thưởng",
            Self::NoPrograms => "Chưa có chương trình nào đang mở.",
            Self::WindowLabel => "Thời gian nhận hồ sơ",
            Self::StatusLabel => "Trạng thái",
            Self::BudgetLabel => "Ngân sách",
            Self::PaidSoFar => "Đã chi trả",
            Self::TiersTitle => "Mức thưởng",
            Self::WhoMayApply => "Điều kiện",
            Self::MinGpa => "Điểm trung bình từ",
            Self::AgeLabel => "Độ tuổi",
            Self::DocumentLabel => "Hồ sơ cần nộp",
            Self::RecipientsTitle => "Danh sách nhận học bổng, giải thưởng",
            Self::NoRecipients => "Chưa có khoản chi trả nào.",
            Self::RecipientColumn => "Người nhận",
            Self::CommuneColumn => "Xã/phường",
            Self::NavMyLearners => "Người học của tôi",
            Self::MyLearnersTitle => "Người học của tôi",
            Self::NoLearners => "Bạn chưa đăng ký người học nào.",
            Self::MyApplicationsTitle => "Hồ sơ đã lập",
            Self::NoApplications => "Chưa có hồ sơ nào.",
            Self::RegisterLearner => "Đăng ký người học",
            Self::DateOfBirthLabel => "Ngày sinh",
            Self::GenderLabel => "Giới tính",
            Self::Female => "Nữ",
            Self::Male => "Nam",
            Self::OtherGender => "Khác",
            Self::PersonalIdLabel => "Số định danh cá nhân (12 số)",
            Self::EducationLevelLabel => "Cấp học",
            Self::SchoolLabel => "Trường",
            Self::ClassLabel => "Lớp",
            Self::CircumstancesLabel => "Hoàn cảnh gia đình",
            Self::GpaLabel => "Điểm trung bình (thang 10)",
            Self::InvalidPersonalId => "Số định danh cá nhân gồm 12 chữ số, bắt đầu bằng mã tỉnh.",
            Self::InvalidGpa => "Điểm trung bình từ 0 đến 10, tối đa hai chữ số thập phân.",
            Self::ProgramsForLearner => "Các chương trình đang nhận hồ sơ",
            Self::Apply => "Lập hồ sơ",
            Self::ReasonEducationLevel => "Không đúng cấp học",
            Self::ReasonGpaMissing => "Chưa có điểm trung bình",
            Self::ReasonGpaTooLow => "Điểm trung bình chưa đạt",
            Self::ReasonCircumstance => "Hoàn cảnh không thuộc diện",
            Self::ReasonCommune => "Không thuộc địa bàn",
            Self::ReasonTooYoung => "Chưa đủ tuổi",
            Self::ReasonTooOld => "Quá tuổi",
            Self::MissingDocuments => "Hồ sơ còn thiếu giấy tờ bắt buộc.",
            Self::DocumentsTitle => "Giấy tờ kèm theo",
            Self::SubmitApplication => "Nộp hồ sơ",
            Self::WithdrawApplication => "Rút hồ sơ",
            Self::TimelineTitle => "Quá trình xử lý",
            Self::ChooseFile => "Hãy chọn tệp.",
            Self::BadFile => "Tệp cần là PDF, PNG hoặc JPEG, tối đa 10 MB.",
            Self::FileLabel => "Tệp",
            Self::Upload => "Tải lên",
            Self::Deadline => "Hạn nộp hồ sơ",
            Self::AchievementsLabel => "Thành tích",
            Self::Approve => "Duyệt",
            Self::ArchiveProgram => "Lưu trữ chương trình",
            Self::Assign => "Phân công",
            Self::AssignReviewers => "Phân công người chấm",
            Self::AssignRoundRobin => "Phân công tự động (lần lượt)",
            Self::AssignmentsMade => "Số lượt phân công mới:",
            Self::AwaitingReviewers => "Hồ sơ chờ phân công",
            Self::AwardColumn => "Giải thưởng",
            Self::AwardsToPay => "Giải thưởng chờ chi trả",
            Self::BatchPaid => "Đã chi trả:",
            Self::BlindReview => "Chấm ẩn danh",
            Self::BlindReviewNotice => {
                "Chấm ẩn danh: tên, trường, lớp và lời tự thuật của học sinh được ẩn."
            }
            Self::CancelApproval => "Huỷ quyết định duyệt",
            Self::CloseProgram => "Đóng nhận hồ sơ",
            Self::CombinedScore => "Điểm tổng hợp",
            Self::CommentLabel => "Nhận xét",
            Self::ConflictDeclared => "Bạn đã khai báo xung đột lợi ích với hồ sơ này.",
            Self::ConflictReasonLabel => "Lý do xung đột lợi ích",
            Self::DecisionTitle => "Quyết định",
            Self::DeclareConflict => "Khai báo xung đột lợi ích",
            Self::FullNameColumn => "Họ và tên",
            Self::FundDashboardLink => "Sổ quỹ",
            Self::InformationRequested => "Hội đề nghị bổ sung:",
            Self::LearnerTitle => "Học sinh",
            Self::LeftForAnotherTreasurer => "để thủ quỹ khác chi (bạn đã duyệt):",
            Self::NavReviews => "Chấm hồ sơ",
            Self::NotEnoughInFund => "Quỹ không còn đủ tiền khả dụng cho mức giải này.",
            Self::NothingToPay => "Không còn giải thưởng nào chờ chi trả.",
            Self::NothingWaiting => "Không có hồ sơ nào chờ phân công.",
            Self::NumberColumn => "STT",
            Self::OpenProgram => "Mở nhận hồ sơ",
            Self::Pay => "Chi trả",
            Self::PayAll => "Chi trả tất cả",
            Self::RecipientsAwaiting => "người đang chờ chi trả",
            Self::ConfirmPayment => "Xác nhận chi trả",
            Self::ConfirmApproval => "Xác nhận duyệt",
            Self::ConfirmCancelApproval => "Xác nhận huỷ duyệt",
            Self::ConfirmRejection => "Xác nhận từ chối",
            Self::ConfirmDonation => "Xác nhận ghi nhận",
            Self::ConfirmTransfer => "Xác nhận chuyển tiền",
            Self::ConfirmWithdrawal => "Xác nhận rút hồ sơ",
            Self::GoBack => "Quay lại",
            Self::PayoutsTitle => "Chi trả giải thưởng",
            Self::PrintReceipts => "In danh sách ký nhận",
            Self::RankingTitle => "Bảng xếp hạng",
            Self::ReceiptListTitle => "Danh sách ký nhận",
            Self::RecommendApprove => "Đề nghị duyệt",
            Self::RecommendNeutral => "Không đề xuất",
            Self::RecommendReject => "Đề nghị không duyệt",
            Self::RecommendationLabel => "Đề xuất",
            Self::Reject => "Không duyệt",
            Self::ReturnForInfo => "Yêu cầu bổ sung",
            Self::ReviewQueueEmpty => "Bạn không còn hồ sơ nào cần chấm.",
            Self::ReviewQueueTitle => "Hồ sơ cần chấm",
            Self::ReviewSaved => "Đã lưu phiếu chấm. Điểm:",
            Self::ReviewersPerApplication => "Số người chấm mỗi hồ sơ",
            Self::ReviewsColumn => "Phiếu chấm",
            Self::ReviewsTitle => "Phiếu chấm",
            Self::ScoresNeeded => "Hãy cho điểm từng tiêu chí, trong khoảng cho phép.",
            Self::ScoringTitle => "Phiếu chấm",
            Self::SignatureColumn => "Ký nhận",
            Self::StatusColumn => "Trạng thái",
            Self::SubmitReview => "Gửi phiếu chấm",
            Self::TierLabel => "Mức giải",
            Self::TotalLabel => "Tổng cộng",
            Self::YourAnswer => "Nội dung bổ sung của bạn",
            Self::AnotherTreasurerPays => "Bạn đã duyệt: thủ quỹ khác chi",
            Self::NotPaid => "Chưa chi được hồ sơ",
            Self::DraftsTitle => "Chương trình đang soạn",
            Self::RecipientsCount => "Số suất đã chi",
            Self::ShowMore => "Xem thêm",
            Self::AddTier => "Thêm mức giải",
            Self::AddCriterion => "Thêm tiêu chí",
            Self::ClosesOnLabel => "Hạn cuối nhận hồ sơ",
            Self::CreateProgram => "Tạo chương trình (bản nháp)",
            Self::CriterionLabel => "Tiêu chí",
            Self::CycleLabel => "Năm học (2026-2027)",
            Self::DescriptionLabel => "Mô tả",
            Self::FundLabel => "Chi từ quỹ",
            Self::InvalidCycle => "Năm học có dạng 2026-2027.",
            Self::InvalidRubric => "Mỗi tiêu chí cần tên, trọng số 1–100 và điểm tối đa 1–100.",
            Self::InvalidTier => "Mỗi mức giải cần tên, số tiền và số suất.",
            Self::MaxScoreLabel => "Điểm tối đa",
            Self::NewProgramTitle => "Tạo chương trình học bổng, khen thưởng",
            Self::OpensOnLabel => "Ngày bắt đầu nhận hồ sơ",
            Self::ProgramKindLabel => "Loại chương trình",
            Self::ProgramNameLabel => "Tên chương trình",
            Self::QuotaLabel => "Số suất",
            Self::RemoveRow => "Bỏ dòng",
            Self::RequiredEvidenceLabel => "Giấy tờ bắt buộc (cách nhau bởi dấu phẩy)",
            Self::RubricTitle => "Tiêu chí chấm",
            Self::WeightLabel => "Trọng số (%)",
            Self::ManageProgram => "Quản lý chương trình",
            Self::DecisionReasonLabel => "Lý do quyết định",
            Self::NavInbox => "Hộp thư",
            Self::InboxTitle => "Hộp thư",
            Self::InboxEmpty => "Chưa có thông báo nào.",
            Self::InboxUnreadOnly => "Chỉ hiện thông báo chưa đọc",
            Self::InboxMarkAllRead => "Đánh dấu đã đọc tất cả",
            Self::InboxUnreadMark => "Chưa đọc: ",
            Self::NavWork => "Việc của tôi",
            Self::WorkTitle => "Việc của tôi",
            Self::WorkMine => "Hồ sơ của tôi",
            Self::WorkMineEmpty => {
                "Bạn chưa có hồ sơ nào. Đăng ký người học để nộp hồ sơ xin học bổng."
            }
            Self::WorkPrograms => "Chương trình tôi quản lý",
            Self::WorkPayouts => "Giải thưởng chờ chi trả",
            Self::WorkFunds => "Quỹ bạn quản lý",
            Self::WorkAdmin => "Quản trị",
            Self::WorkNothing => "Không có việc nào đang chờ bạn.",
            Self::SearchByName => "Tìm theo tên",
            Self::MoreMatchNarrow => "Còn nhiều nơi khác: gõ thêm tên để thu hẹp danh sách.",
            Self::NothingMatches => "Không tìm thấy tên này.",
            Self::FingerprintColumn => "Điểm chỉ",
            Self::InWordsLabel => "Bằng chữ:",
            Self::PreparedBy => "Người lập danh sách",
            Self::AccountantSigns => "Kế toán",
            Self::ChairSigns => "Chủ tịch Hội",
            Self::SignHint => "(Ký, ghi rõ họ tên)",
            Self::SocietyFamilyLearners => "Người học đã gắn với",
            Self::SocietyNoFamilyLearners => "Chưa gắn người học nào.",
            Self::SocietyDocuments => "Minh chứng",
            Self::SocietyNoDocuments => "Chưa có minh chứng nào.",
            Self::SocietyDocumentFile => "Tệp minh chứng (PDF, PNG, JPEG, tối đa 10 MB)",
            Self::SocietyAttachDocument => "Đính kèm",
            Self::SocietyRemoveDocument => "Gỡ",
            Self::CriteriaNoneYet => {
                "Chưa có bộ tiêu chí cho năm này: đang hiện bộ mẫu để Hội sửa rồi lưu."
            }
            Self::IndicatorReport => "Tải báo cáo chỉ tiêu (Excel)",
            Self::CriteriaTitle => "Bộ tiêu chí công nhận",
            Self::CriteriaIntro => {
                "Hội Khuyến học thành phố đặt bộ tiêu chí cho từng danh hiệu, từng năm. Mỗi lần lưu là một phiên bản mới: các lần chấm từ nay theo phiên bản mới, các lần đã chấm giữ phiên bản cũ. Chỉ quản trị viên của Hội thành phố lưu được."
            }
            Self::CriteriaYear => "Năm",
            Self::CriteriaExample => {
                "Đây là bộ mẫu theo cấu trúc đã công bố: hãy thay bằng bộ tiêu chí của Hội."
            }
            Self::CriteriaVersion => "Đang áp dụng phiên bản",
            Self::CriteriaGroup => "Nhóm tiêu chí",
            Self::CriteriaGroupName => "Tên nhóm",
            Self::CriteriaCode => "Mã",
            Self::CriteriaWords => "Nội dung tiêu chí",
            Self::CriteriaPoints => "Điểm tối đa",
            Self::CriteriaRemove => "Bỏ",
            Self::CriteriaAddItem => "Thêm tiêu chí",
            Self::CriteriaRemoveGroup => "Bỏ nhóm này",
            Self::CriteriaAddGroup => "Thêm nhóm tiêu chí",
            Self::CriteriaPassMark => "Điểm đạt (tối thiểu)",
            Self::CriteriaLevels => "Mức xếp loại trên mức đạt",
            Self::CriteriaLevelName => "Tên mức",
            Self::CriteriaLevelMin => "Từ (điểm)",
            Self::CriteriaAddLevel => "Thêm mức",
            Self::CriteriaTotal => "Tổng điểm tối đa",
            Self::CriteriaPassFrom => "đạt từ",
            Self::CriteriaSave => "Lưu thành phiên bản mới",
            Self::CriteriaSaved => "Đã lưu, đang áp dụng phiên bản",
            Self::CriteriaBadPoints => "Mỗi tiêu chí cần điểm tối đa là số nguyên từ 1 đến 1.000.",
            Self::CriteriaBadPassMark => "Điểm đạt là số nguyên từ 1 đến tổng điểm tối đa.",
            Self::CriteriaBadLevels => {
                "Mỗi mức cao hơn điểm đạt và cao hơn mức trước, không quá tổng điểm."
            }
            Self::CriteriaNeedsItems => "Mỗi nhóm cần ít nhất một tiêu chí.",
            Self::CriteriaTooMany => "Tối đa 200 tiêu chí và 10 mức.",
            Self::CriteriaBadGroupName => "Mỗi nhóm cần một tên, không trùng nhau.",
            Self::CriteriaBadLevelName => "Mỗi mức cần một tên, không trùng nhau.",
            Self::CriteriaBadCode => {
                "Mỗi tiêu chí cần một mã riêng gồm chữ, số và . - _ (ví dụ 1.2)."
            }
            Self::CriteriaBadWords => "Mỗi tiêu chí cần nội dung.",
            Self::ConfirmSaveCriteria => "Xác nhận áp dụng",
            Self::SocietyCriteriaLink => "Bộ tiêu chí công nhận",
            Self::OwnRegisterTitle => "Đăng ký gia đình học tập, công dân học tập",
            Self::OwnRegisterHint => {
                "Hội Khuyến học chấm điểm theo bộ tiêu chí của năm và công nhận bằng quyết định cuối năm. Nơi đăng ký:"
            }
            Self::OwnSignInToRegister => "Đăng nhập để đăng ký gia đình mình hoặc bản thân",
            Self::OwnRegisterWhat => "Đăng ký cho",
            Self::OwnHouseholdNameLabel => "Tên hộ (ví dụ: Hộ ông Nguyễn Văn A)",
            Self::OwnCitizenNameLabel => "Họ và tên của bạn",
            Self::OwnRegistered => "Đã đăng ký. Hội sẽ liên hệ để chấm điểm.",
            Self::OwnSeeYours => "Xem các đăng ký của bạn",
            Self::OwnRegisterFor => "Đăng ký năm",
            Self::OwnAlreadyRegistered => {
                "Bạn đã đăng ký rồi, hoặc Hội đã có tên này trong danh sách. Xem ở trang Người học của tôi, hoặc liên hệ Hội."
            }
            Self::OwnTitle => "Gia đình học tập, công dân học tập của tôi",
            Self::OwnNone => {
                "Bạn chưa đăng ký. Chọn xã, phường của mình để đăng ký gia đình học tập hoặc công dân học tập."
            }
            Self::OwnFindCommune => "Chọn xã, phường",
            Self::OwnScore => "Điểm",
            Self::OwnDecision => "Công nhận theo Quyết định số",
            Self::OwnWithdrawnBecause => "Thu hồi công nhận vì",
            Self::OwnRegisterAgain => "Đăng ký lại năm",
            Self::IndicatorPartial => "Chưa đủ báo cáo",
            Self::SocietyUnlinkLearner => "Bỏ gắn",
            Self::SocietyUnlinked => "Đã bỏ gắn",
            Self::SocietyLinkLearner => "Gắn người học",
            Self::SocietyLinkLearnerLabel => "Số định danh cá nhân của người học (12 số)",
            Self::SocietyLinkLearnerSend => "Gắn với gia đình này",
            Self::SocietyLinkLearnerHint => {
                "Con em của gia đình, dòng họ được công nhận có thể dự các chương trình dành cho gia đình học tập."
            }
            Self::SocietyLinked => "Đã gắn",
            Self::SocietyLearnerNotFound => {
                "Không tìm thấy người học có số định danh này trong phạm vi của hội."
            }
            Self::RecognisedFamilyRule => {
                "Chỉ người học thuộc gia đình, dòng họ được công nhận là gia đình học tập, dòng họ học tập trong năm nay hoặc năm trước:"
            }
            Self::NeedsRecognisedFamily => {
                "Chương trình khen thưởng gia đình, dòng họ học tập phải chọn danh hiệu được yêu cầu."
            }
            Self::ReasonNotRecognised => "Gia đình chưa được công nhận",
            Self::IndicatorSave => "Lưu số liệu",
            Self::IndicatorsTitle => "Chỉ tiêu của Kế hoạch 52/KH-UBND",
            Self::IndicatorsCaption => {
                "Mỗi xã, phường báo cáo số liệu của mình, có ghi nguồn; số liệu của thành phố là tổng của các xã, phường."
            }
            Self::IndicatorResult => "Kết quả",
            Self::IndicatorTarget => "Chỉ tiêu",
            Self::IndicatorMet => "Đạt",
            Self::IndicatorNotMet => "Chưa đạt",
            Self::IndicatorNotReported => "Chưa báo cáo",
            Self::IndicatorReported => "Xã, phường đã báo cáo",
            Self::IndicatorSource => "Nguồn số liệu",
            Self::IndicatorMeetsStandard => "Đạt chuẩn",
            Self::IndicatorBelowStandard => "Chưa đạt chuẩn",
            Self::IndicatorLocalitiesMeeting => "xã, phường đạt chuẩn",
            Self::IndicatorReportTitle => "Báo cáo kết quả thực hiện chỉ tiêu",
            Self::IndicatorLabel => "Chỉ tiêu báo cáo",
            Self::IndicatorNumeratorLabel => "Số người đạt",
            Self::IndicatorDenominatorLabel => "Trong tổng số",
            Self::IndicatorMeetsLabel => "Địa phương đạt chuẩn",
            Self::IndicatorSourceHint => "Ví dụ: Báo cáo phổ cập giáo dục năm nay của UBND xã.",
            Self::InvalidIndicatorNumerator => {
                "Số người đạt phải là số nguyên từ 0 và không lớn hơn tổng số."
            }
            Self::InvalidIndicatorDenominator => "Tổng số phải là số nguyên lớn hơn 0.",
            Self::NeedsIndicatorSource => "Hãy ghi nguồn số liệu.",
            Self::SocietyWithdrawSend => "Thu hồi",
            Self::SocietyTrendTitle => "Tỷ lệ công nhận qua các năm",
            Self::SocietyTrendCaption => {
                "Tỷ lệ đã công nhận (%) theo năm; «–» khi chưa có tổng số."
            }
            Self::SocietyReport => "Tải báo cáo năm (Excel)",
            Self::NavSociety => "Xã hội học tập",
            Self::SocietyTitle => "Xây dựng xã hội học tập",
            Self::SocietyProgressTitle => "Kết quả công nhận trong năm",
            Self::SocietyRecognised => "Đã công nhận",
            Self::SocietyShare => "Tỷ lệ",
            Self::SocietyTarget => "Chỉ tiêu",
            Self::SocietyGap => "Còn thiếu",
            Self::SocietyRegistered => "Đã đăng ký",
            Self::SocietyAssessed => "Đã đánh giá",
            Self::SocietyManage => "Quản lý đăng ký, đánh giá, công nhận",
            Self::SocietyPopulationTitle => "Số liệu và chỉ tiêu",
            Self::SocietyPopulationLabel => "Đối tượng",
            Self::SocietyCountLabel => "Tổng số (để trống: cộng từ các đơn vị trực thuộc)",
            Self::SocietyTargetLabel => "Chỉ tiêu công nhận (%)",
            Self::SocietyTargetHint => "Để trống: theo chỉ tiêu cấp trên hoặc chỉ tiêu quốc gia.",
            Self::Save => "Lưu",
            Self::SocietyAlreadyRegistered => "Đã đăng ký cho năm nay rồi.",
            Self::SocietyRegisterTitle => "Đăng ký danh hiệu",
            Self::SocietyModelLabel => "Danh hiệu",
            Self::SocietyUnitNameLabel => {
                "Tên hộ gia đình, dòng họ, cộng đồng, đơn vị hoặc công dân"
            }
            Self::SocietyAddressLabel => "Địa chỉ (thôn, tổ dân phố)",
            Self::SocietyRegister => "Đăng ký",
            Self::SocietyRegistrationsTitle => "Danh sách đăng ký năm nay",
            Self::SocietyShowModel => "Xem danh hiệu",
            Self::SocietyNoRegistrations => "Chưa có đăng ký nào.",
            Self::SocietyAssess => "Chấm điểm",
            Self::SocietyChoose => "Chọn để công nhận",
            Self::SocietyWithdraw => "Thu hồi công nhận",
            Self::SocietyWithdrawReason => "Lý do thu hồi",
            Self::SocietyNoCriteria => "Chưa có bộ tiêu chí cho năm nay.",
            Self::SocietyScoreEveryItem => "Nhập điểm cho từng tiêu chí.",
            Self::SocietyScoreTooHigh => "Có tiêu chí vượt quá điểm tối đa.",
            Self::SocietyPassed => "Đạt",
            Self::SocietyNotPassed => "Chưa đạt",
            Self::SocietyTotal => "Tổng điểm",
            Self::SocietyExampleCriteria => {
                "Bộ tiêu chí mẫu: Hội cấp thành phố cần thay bằng bộ tiêu chí của mình."
            }
            Self::SocietySaveScore => "Lưu kết quả chấm",
            Self::SocietyDecisionTitle => "Quyết định công nhận",
            Self::SocietyChosen => "Đã chọn",
            Self::SocietyChooseFirst => "Hãy chọn các hồ sơ đạt để công nhận.",
            Self::SocietyDecisionNumber => "Số quyết định",
            Self::SocietyDecisionDay => "Ngày ký",
            Self::SocietyDecisionSigner => "Người ký",
            Self::SocietyRecognise => "Công nhận",
            Self::SocietyDecided => "Đã công nhận theo quyết định",
            Self::SocietyDecisionRefused => {
                "Không công nhận được: có hồ sơ chưa đánh giá, chưa đạt hoặc đã công nhận, hoặc số quyết định đã dùng trong năm."
            }
            Self::ConfirmRecognise => "Xác nhận công nhận",
            Self::ConfirmWithdrawRecognition => "Xác nhận thu hồi",
            Self::InvalidPopulationCount => "Tổng số không được nhỏ hơn số đã công nhận.",
            Self::InvalidTargetPercent => "Chỉ tiêu là phần trăm từ 1 đến 100.",
            Self::InvalidScore => "Điểm của một tiêu chí không hợp lệ hoặc vượt quá điểm tối đa.",
            Self::NeedsDecisionNumber => "Nhập số quyết định.",
            Self::NeedsSigner => "Nhập người ký quyết định.",
            Self::InvalidDecisionDay => "Ngày ký không được sau hôm nay.",
            Self::ReceiptNumberLabel => "Số phiếu thu (nếu có)",
            Self::ReceivedOnLabel => "Ngày thu",
            Self::ReceivedOnHint => "Để trống nếu là hôm nay.",
            Self::ReceiptShort => "Phiếu thu",
            Self::ReceivedOnShort => "thu ngày",
            Self::ImportDonationsTitle => "Nhập sổ thu ủng hộ từ Excel",
            Self::ImportDonationsHint => {
                "Mỗi dòng một khoản ủng hộ: ngày thu, người ủng hộ, số tiền (bắt buộc); số phiếu thu, hình thức, mã giao dịch, nội dung, chiến dịch (nếu có). Có thể dùng sổ của đơn vị với cùng tên cột."
            }
            Self::ImportDonationsFileLabel => "Tệp sổ thu (XLSX, XLS hoặc CSV)",
            Self::ImportDonationsLink => "Nhập sổ thu từ Excel",
            Self::ImportDonationsTotal => "Tổng số tiền sẽ ghi vào quỹ:",
            Self::ImportRecords => "ghi mới",
            Self::ImportAlreadyRecorded => "đã có trong sổ",
            Self::NewDonorBadge => "người ủng hộ mới",
            Self::DonationsRecorded => "Đã ghi",
            Self::ImportOrganizationsTitle => "Nhập tổ chức từ Excel",
            Self::ImportOrganizationsHint => {
                "Tệp Excel (.xlsx, .xls) hoặc CSV với các cột của tệp mẫu: tên, loại (Chi hội, Dòng họ, Khác), đơn vị trực thuộc (để trống nếu trực thuộc ngay tổ chức được chọn; có thể là một dòng phía trên) và mã địa bàn. Chưa có gì được ghi cho đến khi bạn xác nhận; nhập lại cùng tệp không thay đổi gì."
            }
            Self::ImportOrganizationsFileLabel => "Tệp danh sách tổ chức",
            Self::ImportUnder => "trực thuộc",
            Self::DonorsFile => "Danh sách nhà hảo tâm",
            Self::RecipientsFile => "Danh sách người nhận",
            Self::ReceiptsFile => "Danh sách ký nhận",
            Self::AwardsFile => "Danh sách khen thưởng",
            Self::RankingFile => "Bảng xếp hạng",
            Self::AllApplicationsFile => "Tất cả hồ sơ, kèm điểm",
            Self::DownloadsLabel => "Tải danh sách",
            Self::DownloadCsv => "Tải về (CSV)",
            Self::DownloadXlsx => "Tải về (Excel)",
            Self::ChooseOrganization => "Hãy chọn tổ chức.",
            Self::RowLabel => "Dòng",
            Self::ColumnLabel => "cột",
            Self::ReadFile => "Đọc tệp",
            Self::ImportLearnersTitle => "Nhập người học từ Excel",
            Self::ImportLearnersHint => {
                "Tệp Excel (.xlsx, .xls) hoặc CSV, với các cột của tệp mẫu (theo thứ tự bất kỳ, có dấu hay không). Chưa có gì được ghi cho đến khi bạn xác nhận; nhập lại cùng tệp không thay đổi gì."
            }
            Self::DownloadTemplate => "Tải tệp mẫu",
            Self::ImportFileLabel => "Tệp danh sách người học",
            Self::ImportCreates => "Thêm mới",
            Self::ImportUpdates => "Cập nhật",
            Self::ImportSkips => "Giữ nguyên",
            Self::ImportBadRows => "Dòng có lỗi",
            Self::ImportProblemsTitle => "Các ô cần sửa",
            Self::ImportProblemsHint => {
                "Các dòng này sẽ không được nhập. Sửa tệp rồi tải lên lại; các dòng đã nhập sẽ được giữ nguyên."
            }
            Self::ImportLookalikesTitle => {
                "Có thể trùng với người học đã có trong xã (cùng họ tên và ngày sinh)"
            }
            Self::ImportMoreRows => "dòng nữa",
            Self::ImportListAction => "Nhập danh sách",
            Self::ConfirmImport => "Xác nhận nhập",
            Self::ImportCreated => "Đã thêm mới",
            Self::ImportUpdated => "cập nhật",
            Self::ImportSkipped => "giữ nguyên",
            Self::ImportFromExcel => "Nhập từ Excel",
            Self::BlockDuplicates => {
                "Không duyệt người học đã được một chương trình cùng loại hỗ trợ trong năm học"
            }
            Self::FundedElsewhereTitle => "Đã được hỗ trợ trong năm học này",
            Self::FundedElsewhereHint => {
                "Cùng người học, ở chương trình khác. Hãy cân nhắc trước khi duyệt."
            }
            Self::DuplicatesTitle => "Người học có thể được hỗ trợ hai lần",
            Self::DuplicatesIntro => {
                "Các cặp giải thưởng trong cùng năm học có vẻ trao cho cùng một người học, theo số định danh, hoặc họ tên, ngày sinh và xã/phường."
            }
            Self::SchoolYearLabel => "Năm học",
            Self::NoDuplicates => "Không thấy trường hợp nào.",
            Self::StatementTooLarge => "Tệp sao kê cần là XLSX, XLS hoặc CSV, tối đa 5 MB.",
            Self::PledgesWaiting => "Cam kết đang chờ chuyển khoản",
            Self::NoPledgesWaiting => "Không có cam kết nào đang chờ.",
            Self::PledgeWaitsUntil => "chờ đến",
            Self::StatementNewOfAll => "Dòng mới / tất cả",
            Self::CampaignsRunningBeneath => "Các đợt vận động đang diễn ra",
            Self::NoCampaignsRunning => "Không có đợt vận động nào đang diễn ra ở đây.",
            Self::StatementsTitle => "Sao kê ngân hàng",
            Self::StatementNeedsAccount => {
                "Thêm tài khoản ngân hàng của quỹ trước, rồi nhập sao kê của tài khoản đó."
            }
            Self::StatementsImported => "Sao kê đã nhập",
            Self::StatementNewLines => "dòng mới",
            Self::StatementAccountLabel => "Tài khoản",
            Self::StatementFileLabel => "Tệp sao kê ngân hàng xuất (XLSX, XLS hoặc CSV)",
            Self::ReadStatement => "Đọc sao kê",
            Self::StatementPreviewTitle => "Xem trước: chưa có gì được ghi",
            Self::StatementLayout => "Mẫu sao kê",
            Self::StatementPeriod => "Kỳ sao kê",
            Self::StatementPledgesMatched => "Khớp cam kết",
            Self::StatementUnmatched => "Chưa đối chiếu",
            Self::StatementClosingBalance => "Số dư cuối kỳ theo ngân hàng",
            Self::StatementPostedBalance => "Số dư của quỹ theo sổ",
            Self::StatementDifference => "Chênh lệch",
            Self::ImportStatement => "Nhập sao kê",
            Self::ReconciliationTitle => "Đối chiếu",
            Self::StatementLinesTitle => "Các dòng giao dịch",
            Self::LineAlreadyImported => "Đã nhập trước đó",
            Self::LinePledge => "Khớp cam kết",
            Self::LineRecorded => "Đã có trong sổ",
            Self::LinePayout => "Khoản chi",
            Self::LineUnmatched => "Chưa đối chiếu",
            Self::LineDonation => "Ghi là ủng hộ",
            Self::LineSetAside => "Để riêng",
            Self::TakeSuggestion => "Là:",
            Self::PayerName => "Tên người chuyển",
            Self::RecordAsDonation => "Ghi là ủng hộ",
            Self::SetAsideReason => "Lý do để riêng",
            Self::SetAside => "Để riêng",
            Self::ConfirmImportStatement => "Xác nhận nhập sao kê",
            Self::ConfirmMatch => "Xác nhận đối chiếu",
            Self::ConfirmSetAside => "Xác nhận để riêng",
            Self::StatementNoHeader => {
                "Không tìm thấy dòng tiêu đề của sao kê (ngày, ghi nợ, ghi có, mô tả) trong 40 dòng đầu: tệp này không phải sao kê ngân hàng."
            }
            Self::StatementUnreadable => "Tệp không phải bảng tính (XLSX, XLS) hay CSV đọc được.",
            Self::StatementEmpty => "Sao kê không có dòng giao dịch nào.",
            Self::StatementBankNotRead => {
                "Chưa đọc được sao kê của ngân hàng này. Hiện đọc được: Vietcombank, Techcombank, BIDV, VietinBank, MB, Agribank."
            }
            Self::StatementWrongBank => {
                "Đây là sao kê theo mẫu của một ngân hàng khác, không phải ngân hàng của tài khoản đã chọn."
            }
            Self::StatementWrongAccount => "Đây là sao kê của một tài khoản khác.",
            Self::CampaignNameTaken => "Quỹ đã có đợt vận động cùng tên.",
            Self::DonationCampaignLabel => "Cho đợt vận động (không bắt buộc)",
            Self::CampaignsTitle => "Đợt vận động",
            Self::CampaignReceived => "Đã nhận",
            Self::CampaignGoal => "Mục tiêu",
            Self::CampaignPledged => "Đã cam kết, chờ chuyển",
            Self::CampaignDonors => "Người ủng hộ",
            Self::CampaignDaysLeft => "Số ngày còn lại",
            Self::CampaignEnded => "Đợt vận động đã kết thúc; cảm ơn mọi người đã ủng hộ.",
            Self::LatestDonors => "Những người ủng hộ gần đây",
            Self::NoNamedDonorsYet => "Chưa có người ủng hộ nào được nêu tên.",
            Self::NewCampaign => "Mở đợt vận động",
            Self::CampaignNameLabel => "Tên đợt vận động",
            Self::CampaignGoalLabel => "Mục tiêu (đồng)",
            Self::CampaignStartsLabel => "Từ ngày",
            Self::CampaignEndsLabel => "Đến ngày",
            Self::CampaignDescriptionLabel => "Mô tả",
            Self::CampaignOpened => "Đã mở đợt vận động.",
            Self::InvalidCampaignDates => {
                "Ngày kết thúc phải sau ngày bắt đầu, và đợt vận động dài tối đa 400 ngày."
            }
            Self::TransferToFund => "Chuyển khoản ủng hộ",
            Self::BankLabel => "Ngân hàng",
            Self::AccountNumberLabel => "Số tài khoản",
            Self::AccountHolderLabel => "Chủ tài khoản",
            Self::ScanToGive => {
                "Quét mã VietQR bằng ứng dụng ngân hàng, hoặc chuyển khoản theo thông tin dưới đây."
            }
            Self::CopyValue => "Sao chép",
            Self::CopiedValue => "Đã sao chép",
            Self::PledgeTitle => "Cam kết ủng hộ",
            Self::PledgeIntro => {
                "Cho quỹ biết số tiền bạn sẽ chuyển: bạn nhận mã QR có sẵn số tiền và mã tham chiếu để quỹ đối chiếu khi tiền về. Cam kết chưa phải là tiền ủng hộ."
            }
            Self::PledgeNameLabel => "Tên của bạn (không bắt buộc)",
            Self::PledgeContactLabel => "Điện thoại hoặc email (chỉ quỹ thấy, không bắt buộc)",
            Self::PledgeAnonymous => "Không công khai tên tôi",
            Self::MakePledge => "Nhận mã chuyển khoản",
            Self::PledgeMade => {
                "Cảm ơn bạn! Hãy chuyển khoản với nội dung đúng như dưới đây để quỹ nhận ra khoản ủng hộ của bạn."
            }
            Self::TransferNoteLabel => "Nội dung chuyển khoản",
            Self::AmountToTransfer => "Số tiền",
            Self::PledgeExpires => "Mã có hiệu lực đến",
            Self::NoBankAccountYet => "Quỹ chưa có tài khoản ngân hàng nhận ủng hộ.",
            Self::TooManyPledges => {
                "Đã có nhiều cam kết từ mạng của bạn trong một giờ qua. Vui lòng thử lại sau."
            }
            Self::BankAccountsTitle => "Tài khoản ngân hàng của quỹ",
            Self::AddBankAccount => "Thêm tài khoản",
            Self::RetireBankAccount => "Ngừng dùng",
            Self::NoAccountsRecorded => {
                "Chưa có tài khoản nào: người ủng hộ chưa thể chuyển khoản qua mã QR."
            }
            Self::ChooseBank => "Chọn ngân hàng",
            Self::PledgeDaysLabel => "Số ngày một cam kết chờ tiền về",
            Self::SavePledgeDays => "Lưu số ngày",
            Self::SavedNotice => "Đã lưu",
            Self::ConfirmAddAccount => "Xác nhận thêm tài khoản",
            Self::ConfirmRetireAccount => "Xác nhận ngừng dùng",
            Self::InvalidAccountNumber => "Số tài khoản gồm 6–19 chữ số hoặc chữ cái.",
            Self::UnknownBank => "Hãy chọn ngân hàng trong danh sách.",
            Self::NeedsHolder => "Hãy nhập tên chủ tài khoản.",
            Self::AccountTaken => "Tài khoản này đã được ghi cho quỹ này hoặc một quỹ khác.",
            Self::InvalidPledgeDays => "Từ 1 đến 365 ngày.",
            Self::SearchPrograms => "Tìm chương trình theo tên",
            Self::ExportXlsx => "Tải sổ chi tiết quỹ (Excel)",
            Self::ByStep => "bước",
            Self::StepLabel => "Bước điểm",
            Self::WholePoints => "Điểm nguyên",
            Self::EditProgramTitle => "Sửa chương trình nháp",
            Self::SaveProgram => "Lưu chương trình",
            Self::EditProgram => "Sửa bản nháp",
            Self::EditLearner => "Sửa thông tin người học",
            Self::SaveLearner => "Lưu thông tin",
            Self::GuardianNameLabel => "Họ tên người giám hộ (không bắt buộc)",
            Self::GuardianPhoneLabel => "Số điện thoại người giám hộ (không bắt buộc)",
            Self::ReviewersOwing => "Giám khảo và số hồ sơ còn phải chấm",
            Self::StillToScore => "hồ sơ chưa chấm",
            Self::MinAgeLabel => "Từ tuổi (không bắt buộc)",
            Self::MaxAgeLabel => "Đến tuổi (không bắt buộc)",
            Self::InvalidAge => {
                "Tuổi là số nguyên từ 0 đến 255, và tuổi nhỏ nhất không lớn hơn tuổi lớn nhất."
            }
            Self::CommunesLabel => "Chỉ người học sống tại xã/phường",
            Self::AddCommune => "Thêm xã/phường",
            Self::CommunesHint => "Để trống danh sách: người học ở mọi nơi đều được nộp hồ sơ.",
            Self::InviteGuardianTitle => "Thêm người giám hộ",
            Self::InviteGuardianIntro => {
                "Mời một người giám hộ khác (cha, mẹ, ông bà…) cùng quản lý hồ sơ này. Họ nhận lời mời trên trang Tài khoản sau khi đăng nhập bằng email hoặc số điện thoại này."
            }
            Self::InvitationSent => "Đã gửi lời mời tới",
            Self::InviteGuardian => "Gửi lời mời",
            Self::ConfirmArchive => "Lưu trữ vĩnh viễn",
            Self::MoveOrganization => "Chuyển sang cấp trên khác",
            Self::NewParentLabel => "Cấp trên mới",
            Self::MoveHint => {
                "Các tổ chức, quỹ và chương trình trực thuộc được chuyển theo; vai trò ở cấp trên cũ không còn áp dụng cho chúng."
            }
            Self::MoveOrganizationButton => "Chuyển",
            Self::NavStaffLearners => "Người học",
            Self::StaffLearnersTitle => "Người học trong hội",
            Self::SearchLearners => "Tìm theo tên, trường hoặc số định danh",
            Self::NoLearnersFound => {
                "Chưa có người học nào ở đây, hoặc không ai khớp với tìm kiếm."
            }
            Self::GuardianShort => "Người giám hộ",
            Self::NavAudit => "Nhật ký hoạt động",
            Self::AuditTitle => "Nhật ký hoạt động và kiểm tra sổ quỹ",
            Self::AuditEventsTitle => "Ai đã làm gì, ở đâu, khi nào",
            Self::AuditActionFilter => "Loại hoạt động",
            Self::AllActions => "Tất cả",
            Self::NoAuditEvents => "Không có hoạt động nào.",
            Self::ByWhom => "bởi",
            Self::AuditDetails => "Chi tiết trước và sau",
            Self::LedgerCheckTitle => "Kiểm tra sổ quỹ",
            Self::LedgerCheckIntro => {
                "Tính lại số dư mọi quỹ từ các bút toán và kiểm tra từng giao dịch cân đối. Dành cho quản trị viên cấp thành phố."
            }
            Self::CheckLedger => "Kiểm tra ngay",
            Self::LedgerOk => "Sổ quỹ khớp: không phát hiện sai lệch.",
            Self::LedgerNotOk => "Phát hiện sai lệch trong sổ quỹ:",
            Self::FundsCounted => "quỹ",
            Self::TransactionsCounted => "giao dịch",
            Self::EntriesCounted => "bút toán",
            Self::FundLabelShort => "Quỹ",
            Self::TransactionLabelShort => "Giao dịch",
            Self::Expected => "cần là",
            Self::Found => "thực tế",
            Self::KnownDonorLabel => "Nhà hảo tâm đã có trong sổ (để trống nếu là người mới)",
            Self::NewFundTitle => "Lập quỹ mới",
            Self::NewFundIntro => {
                "Quỹ mới bắt đầu với số dư 0 ₫; thủ quỹ của hội ghi nhận các khoản ủng hộ vào quỹ."
            }
            Self::FundNameLabel => "Tên quỹ",
            Self::FundPurposeLabel => "Mục đích của quỹ (không bắt buộc)",
            Self::CreateFund => "Lập quỹ",
            Self::FundNameTaken => "Tổ chức này đã có một quỹ cùng tên.",
            Self::SearchFunds => "Tìm quỹ theo tên",
        }
    }

    pub const fn en(self) -> &'static str {
        match self {
            Self::AppName => "Khuyến học",
            Self::Tagline => "Transparent learning-promotion funds",
            Self::MainNavigation => "Main navigation",
            Self::Menu => "Menu",
            Self::SkipToContent => "Skip to main content",
            Self::NavHome => "Home",
            Self::NavOrganizations => "Organisations",
            Self::Language => "Language",
            Self::Footer => {
                "Khuyến học — funds and scholarships for learning-promotion associations"
            }
            Self::Loading => "Loading…",
            Self::ErrorTitle => "Could not load the data",
            Self::Retry => "Try again",
            Self::NotFoundTitle => "Page not found",
            Self::NotFoundBody => "The page you are looking for does not exist or has moved.",
            Self::BackHome => "Back to the home page",
            Self::HomeTitle => "Learning-promotion associations on one platform",
            Self::HomeIntro => {
                "Receive donations, award and pay scholarships, and disclose the accounts, at every level: city, commune or ward, chapter and clan."
            }
            Self::StatOrganizations => "Organisations",
            Self::StatCommunes => "Commune and ward associations",
            Self::StatChapters => "Chapters and clan councils",
            Self::ServerVersion => "Server version",
            Self::OrganizationsTitle => "Organisations",
            Self::FilterKind => "Level",
            Self::AllKinds => "All levels",
            Self::NoOrganizations => "No organisations yet.",
            Self::LoadMore => "Show more",
            Self::UnderParent => "Under",
            Self::SignIn => "Sign in",
            Self::SignUp => "Sign up",
            Self::SignOut => "Sign out",
            Self::NavAccount => "My account",
            Self::NavMembers => "Members",
            Self::LoginLabel => "Email or mobile number",
            Self::PasswordLabel => "Password",
            Self::DisplayNameLabel => "Full name",
            Self::CreateAccount => "Create account",
            Self::SignUpTitle => "Create an account",
            Self::NoAccount => "No account yet?",
            Self::HaveAccount => "Already have an account?",
            Self::PasswordHint => "At least 10 characters.",
            Self::AccountTitle => "My account",
            Self::MyRoles => "My roles",
            Self::NoRoles => {
                "You can apply for learners. An association administrator grants you a role if you help run the association."
            }
            Self::ChangePassword => "Change password",
            Self::CurrentPassword => "Current password",
            Self::NewPasswordLabel => "New password",
            Self::PasswordChanged => "Password changed. Your other sessions were ended.",
            Self::InvitationsTitle => "Invitations to manage a learner's profile",
            Self::InvitedBy => "Invited by",
            Self::AcceptInvitation => "Accept",
            Self::DeclineInvitation => "Decline",
            Self::MembersTitle => "Members and roles",
            Self::OrganizationLabel => "Organisation",
            Self::RoleLabel => "Role",
            Self::GrantRole => "Grant role",
            Self::Revoke => "Revoke",
            Self::MemberLoginLabel => "Member's email or mobile number",
            Self::RoleGranted => "Role granted.",
            Self::NoMembers => "No one holds a role here yet.",
            Self::NotAllowed => "You are not allowed to see this page.",
            Self::SignInToContinue => "Sign in to continue.",
            Self::Working => "Working…",
            Self::WrongCredentials => "The login or password is wrong.",
            Self::LoginTaken => "An account with this login already exists.",
            Self::InvalidLogin => {
                "Enter an email address or a Vietnamese mobile number (10 digits)."
            }
            Self::InvalidPassword => "The password needs 10 to 128 characters.",
            Self::InvalidDisplayName => "Enter a full name (at most 120 characters).",
            Self::WrongCurrentPassword => "The current password is wrong.",
            Self::UnknownMember => "No account has this login.",
            Self::NavOrganizationsAdmin => "Manage organisations",
            Self::AddOrganization => "Add organisation",
            Self::ParentLabel => "Belongs under",
            Self::NameLabel => "Name",
            Self::RenameOrArchive => "Rename or archive",
            Self::NewNameLabel => "New name",
            Self::Rename => "Rename",
            Self::Archive => "Archive",
            Self::Saved => "Saved.",
            Self::NameTaken => "An organisation with this name already exists here.",
            Self::InvalidName => "Enter a name (at most 255 characters).",
            Self::NavFunds => "Funds",
            Self::FundsTitle => "Learning-promotion and talent funds",
            Self::FundsIntro => "Every fund's balance, receipts and payments are open to everyone.",
            Self::NoFunds => "No funds yet.",
            Self::PostedBalance => "Posted balance",
            Self::ReservedBalance => "Reserved for approved awards",
            Self::AvailableBalance => "Available",
            Self::ManageFund => "Manage fund",
            Self::PublicPage => "Public page",
            Self::PublicDisclosure => "Public disclosure",
            Self::ReceiptsThisYear => "Receipts this year",
            Self::PaymentsThisYear => "Payments this year",
            Self::AnonymousDonor => "Anonymous benefactor",
            Self::NoEntries => "No receipts or payments yet.",
            Self::DateColumn => "Date",
            Self::KindColumn => "Kind",
            Self::AmountColumn => "Amount",
            Self::DonorColumn => "Donor",
            Self::MemoColumn => "Memo",
            Self::AmountLabel => "Amount (đồng)",
            Self::RecordDonation => "Record a donation",
            Self::DonorNameLabel => "Donor's name",
            Self::DonorIsOrganization => "An organisation or company",
            Self::DonorAnonymous => "Keep the name off public pages",
            Self::DonorContactLabel => "Contact (never public)",
            Self::MethodLabel => "Method",
            Self::BankReferenceLabel => "Bank reference",
            Self::MemoLabel => "Memo",
            Self::DonationRecorded => "Donation recorded.",
            Self::TransferTitle => "Transfer to another fund",
            Self::ToFundLabel => "To fund",
            Self::ChooseTargetFund => "Choose the fund to move the money to.",
            Self::Transfer => "Transfer",
            Self::TransferDone => "Transferred.",
            Self::RecentEntries => "Recent entries",
            Self::Reverse => "Reverse",
            Self::ReasonLabel => "Reason for the reversal",
            Self::ConfirmReverse => "Confirm reversal",
            Self::ReversedMark => "Reversed",
            Self::PendingMark => "Reserved",
            Self::ChartTitle => "Receipts and payments by month",
            Self::FiguresTitle => "The program in figures",
            Self::BalanceChartTitle => "Balance at the end of each month",
            Self::MonthColumn => "Month",
            Self::StatementTitle => "Fund statement",
            Self::FromLabel => "From",
            Self::ToLabel => "To",
            Self::ShowStatement => "Show statement",
            Self::Opening => "Opening balance",
            Self::Closing => "Closing balance",
            Self::ReceiptsHeading => "Receipts",
            Self::PaymentsHeading => "Payments",
            Self::TotalReceipts => "Total receipts",
            Self::TotalPayments => "Total payments",
            Self::ExportCsv => "Statement with every entry (CSV)",
            Self::Reconciles => "Reconciles: opening + receipts − payments = closing.",
            Self::DoesNotReconcile => "The statement does not reconcile — tell an administrator.",
            Self::InvalidAmount => {
                "Enter a whole, positive amount (at most 1,000,000,000,000,000 ₫)."
            }
            Self::NeedsBankReference => "A bank transfer needs the bank's reference.",
            Self::NeedsDescription => "A gift in kind needs a description in the memo.",
            Self::NeedsReason => "Give a reason.",
            Self::NeedsDonorName => "Enter the donor's name.",
            Self::ReadOnlyFund => "You may view this fund but not move its money.",
            Self::AlreadyDone => "This was already done.",
            Self::TransferAmountLabel => "Amount to transfer (đồng)",
            Self::TransferMemoLabel => "What the transfer is for",
            Self::NavPrograms => "Scholarships and awards",
            Self::ProgramsTitle => "Scholarship and award programs",
            Self::NoPrograms => "No programs are open yet.",
            Self::WindowLabel => "Application window",
            Self::StatusLabel => "Status",
            Self::BudgetLabel => "Budget",
            Self::PaidSoFar => "Paid so far",
            Self::TiersTitle => "Award tiers",
            Self::WhoMayApply => "Who may apply",
            Self::MinGpa => "Minimum GPA",
            Self::AgeLabel => "Age",
            Self::DocumentLabel => "Required document",
            Self::RecipientsTitle => "Recipients",
            Self::NoRecipients => "Nothing has been paid yet.",
            Self::RecipientColumn => "Recipient",
            Self::CommuneColumn => "Commune",
            Self::NavMyLearners => "My learners",
            Self::MyLearnersTitle => "My learners",
            Self::NoLearners => "You have not registered a learner yet.",
            Self::MyApplicationsTitle => "My applications",
            Self::NoApplications => "No applications yet.",
            Self::RegisterLearner => "Register a learner",
            Self::DateOfBirthLabel => "Date of birth",
            Self::GenderLabel => "Gender",
            Self::Female => "Female",
            Self::Male => "Male",
            Self::OtherGender => "Other",
            Self::PersonalIdLabel => "Personal id (12 digits)",
            Self::EducationLevelLabel => "Level of study",
            Self::SchoolLabel => "School",
            Self::ClassLabel => "Class",
            Self::CircumstancesLabel => "Household circumstances",
            Self::GpaLabel => "GPA (10-point scale)",
            Self::InvalidPersonalId => {
                "A personal id has 12 digits, starting with a province code."
            }
            Self::InvalidGpa => "A GPA is from 0 to 10, with at most two decimals.",
            Self::ProgramsForLearner => "Programs taking applications",
            Self::Apply => "Apply",
            Self::ReasonEducationLevel => "Not the right level of study",
            Self::ReasonGpaMissing => "No GPA recorded",
            Self::ReasonGpaTooLow => "GPA too low",
            Self::ReasonCircumstance => "Household circumstances do not match",
            Self::ReasonCommune => "Outside the program's communes",
            Self::ReasonTooYoung => "Too young",
            Self::ReasonTooOld => "Too old",
            Self::MissingDocuments => "Required documents are missing.",
            Self::DocumentsTitle => "Documents",
            Self::SubmitApplication => "Submit the application",
            Self::WithdrawApplication => "Withdraw",
            Self::TimelineTitle => "Timeline",
            Self::ChooseFile => "Choose a file.",
            Self::BadFile => "The file must be a PDF, PNG or JPEG of at most 10 MB.",
            Self::FileLabel => "File",
            Self::Upload => "Upload",
            Self::Deadline => "Deadline",
            Self::AchievementsLabel => "Achievements",
            Self::Approve => "Approve",
            Self::ArchiveProgram => "Archive the program",
            Self::Assign => "Assign",
            Self::AssignReviewers => "Assign reviewers",
            Self::AssignRoundRobin => "Assign automatically (round-robin)",
            Self::AssignmentsMade => "New assignments:",
            Self::AwaitingReviewers => "Applications waiting for reviewers",
            Self::AwardColumn => "Award",
            Self::AwardsToPay => "Awards to pay",
            Self::BatchPaid => "Paid:",
            Self::BlindReview => "Blind review",
            Self::BlindReviewNotice => {
                "Blind review: the learner's name, school, class and statement are hidden."
            }
            Self::CancelApproval => "Cancel the approval",
            Self::CloseProgram => "Close applications",
            Self::CombinedScore => "Combined score",
            Self::CommentLabel => "Comment",
            Self::ConflictDeclared => "You declared a conflict of interest on this application.",
            Self::ConflictReasonLabel => "Conflict of interest: why",
            Self::DecisionTitle => "Decision",
            Self::DeclareConflict => "Declare a conflict of interest",
            Self::FullNameColumn => "Full name",
            Self::FundDashboardLink => "Fund dashboard",
            Self::InformationRequested => "The association asks for more information:",
            Self::LearnerTitle => "Learner",
            Self::LeftForAnotherTreasurer => "left for another treasurer (you approved them):",
            Self::NavReviews => "Reviews",
            Self::NotEnoughInFund => "The fund's available balance is too small for this tier.",
            Self::NothingToPay => "No awards are waiting to be paid.",
            Self::NothingWaiting => "No applications are waiting for reviewers.",
            Self::NumberColumn => "No.",
            Self::OpenProgram => "Open for applications",
            Self::Pay => "Pay",
            Self::PayAll => "Pay all",
            Self::RecipientsAwaiting => "recipients awaiting payment",
            Self::ConfirmPayment => "Confirm payment",
            Self::ConfirmApproval => "Confirm approval",
            Self::ConfirmCancelApproval => "Confirm cancelling",
            Self::ConfirmRejection => "Confirm rejection",
            Self::ConfirmDonation => "Confirm donation",
            Self::ConfirmTransfer => "Confirm transfer",
            Self::ConfirmWithdrawal => "Confirm withdrawal",
            Self::GoBack => "Go back",
            Self::PayoutsTitle => "Payouts",
            Self::PrintReceipts => "Print the receipt list",
            Self::RankingTitle => "Ranking",
            Self::ReceiptListTitle => "Receipt list",
            Self::RecommendApprove => "Recommend approval",
            Self::RecommendNeutral => "No recommendation",
            Self::RecommendReject => "Recommend rejection",
            Self::RecommendationLabel => "Recommendation",
            Self::Reject => "Reject",
            Self::ReturnForInfo => "Ask for more information",
            Self::ReviewQueueEmpty => "You have no applications left to review.",
            Self::ReviewQueueTitle => "Applications to review",
            Self::ReviewSaved => "Review saved. Score:",
            Self::ReviewersPerApplication => "Reviewers per application",
            Self::ReviewsColumn => "Reviews",
            Self::ReviewsTitle => "Reviews",
            Self::ScoresNeeded => "Score every criterion, within its range.",
            Self::ScoringTitle => "Scoring",
            Self::SignatureColumn => "Signature",
            Self::StatusColumn => "Status",
            Self::SubmitReview => "Submit the review",
            Self::TierLabel => "Tier",
            Self::TotalLabel => "Total",
            Self::YourAnswer => "Your answer",
            Self::AnotherTreasurerPays => "You approved it: another treasurer pays",
            Self::NotPaid => "Not paid: application",
            Self::DraftsTitle => "Draft programs",
            Self::RecipientsCount => "Awards paid",
            Self::ShowMore => "Show more",
            Self::AddTier => "Add a tier",
            Self::AddCriterion => "Add a criterion",
            Self::ClosesOnLabel => "Last day for applications",
            Self::CreateProgram => "Create the program (draft)",
            Self::CriterionLabel => "Criterion",
            Self::CycleLabel => "School year (2026-2027)",
            Self::DescriptionLabel => "Description",
            Self::FundLabel => "Paid from the fund",
            Self::InvalidCycle => "A school year looks like 2026-2027.",
            Self::InvalidRubric => {
                "Each criterion needs a name, a weight of 1–100 and a maximum of 1–100."
            }
            Self::InvalidTier => "Each tier needs a name, an amount and a number of places.",
            Self::MaxScoreLabel => "Maximum score",
            Self::NewProgramTitle => "New scholarship or award program",
            Self::OpensOnLabel => "First day for applications",
            Self::ProgramKindLabel => "Kind of program",
            Self::ProgramNameLabel => "Program name",
            Self::QuotaLabel => "Places",
            Self::RemoveRow => "Remove",
            Self::RequiredEvidenceLabel => "Required documents (comma-separated)",
            Self::RubricTitle => "Rubric",
            Self::WeightLabel => "Weight (%)",
            Self::ManageProgram => "Manage the program",
            Self::DecisionReasonLabel => "Reason for the decision",
            Self::NavInbox => "Inbox",
            Self::InboxTitle => "Inbox",
            Self::InboxEmpty => "Nothing here yet.",
            Self::InboxUnreadOnly => "Unread only",
            Self::InboxMarkAllRead => "Mark all as read",
            Self::InboxUnreadMark => "Unread: ",
            Self::NavWork => "My work",
            Self::WorkTitle => "My work",
            Self::WorkMine => "My applications",
            Self::WorkMineEmpty => {
                "You have no applications yet. Register a learner to apply for a scholarship."
            }
            Self::WorkPrograms => "Programs I manage",
            Self::WorkPayouts => "Awards to pay",
            Self::WorkFunds => "Funds you keep",
            Self::WorkAdmin => "Administration",
            Self::WorkNothing => "Nothing is waiting for you.",
            Self::SearchByName => "Search by name",
            Self::MoreMatchNarrow => "More match: type more of the name to narrow the list.",
            Self::NothingMatches => "Nothing by that name.",
            Self::FingerprintColumn => "Fingerprint",
            Self::InWordsLabel => "In words:",
            Self::PreparedBy => "Prepared by",
            Self::AccountantSigns => "Accountant",
            Self::ChairSigns => "Chair of the association",
            Self::SignHint => "(Signature and full name)",
            Self::SocietyFamilyLearners => "Learners linked to",
            Self::SocietyNoFamilyLearners => "No learner linked yet.",
            Self::SocietyDocuments => "Evidence",
            Self::SocietyNoDocuments => "No evidence attached yet.",
            Self::SocietyDocumentFile => "Evidence file (PDF, PNG, JPEG, up to 10 MB)",
            Self::SocietyAttachDocument => "Attach",
            Self::SocietyRemoveDocument => "Remove",
            Self::CriteriaNoneYet => {
                "No criteria for this year yet: the example is shown for the association to change and save."
            }
            Self::IndicatorReport => "Download the indicators report (Excel)",
            Self::CriteriaTitle => "Criteria for recognition",
            Self::CriteriaIntro => {
                "The city association sets the criteria of each model for each year. Each save is a new version: scoring from then on uses it, and what was scored keeps the version it was scored under. Only the city association's administrators can save."
            }
            Self::CriteriaYear => "Year",
            Self::CriteriaExample => {
                "This is an example following the published structure: replace it with the association's own."
            }
            Self::CriteriaVersion => "In force: version",
            Self::CriteriaGroup => "Group",
            Self::CriteriaGroupName => "Group name",
            Self::CriteriaCode => "Code",
            Self::CriteriaWords => "What is scored",
            Self::CriteriaPoints => "Most points",
            Self::CriteriaRemove => "Remove",
            Self::CriteriaAddItem => "Add an item",
            Self::CriteriaRemoveGroup => "Remove this group",
            Self::CriteriaAddGroup => "Add a group",
            Self::CriteriaPassMark => "Pass mark (least total)",
            Self::CriteriaLevels => "Grades above passing",
            Self::CriteriaLevelName => "Grade",
            Self::CriteriaLevelMin => "From (points)",
            Self::CriteriaAddLevel => "Add a grade",
            Self::CriteriaTotal => "Most points in all",
            Self::CriteriaPassFrom => "passing from",
            Self::CriteriaSave => "Save as a new version",
            Self::CriteriaSaved => "Saved; in force: version",
            Self::CriteriaBadPoints => {
                "Each item needs its most points, a whole number from 1 to 1,000."
            }
            Self::CriteriaBadPassMark => {
                "The pass mark is a whole number from 1 to the most points in all."
            }
            Self::CriteriaBadLevels => {
                "Each grade is above the pass mark and the grade before it, within the total."
            }
            Self::CriteriaNeedsItems => "Each group needs at least one item.",
            Self::CriteriaTooMany => "At most 200 items and 10 grades.",
            Self::CriteriaBadGroupName => "Each group needs a name of its own.",
            Self::CriteriaBadLevelName => "Each grade needs a name of its own.",
            Self::CriteriaBadCode => {
                "Each item needs its own code of letters, digits and . - _ (e.g. 1.2)."
            }
            Self::CriteriaBadWords => "Each item needs its words.",
            Self::ConfirmSaveCriteria => "Put in force",
            Self::SocietyCriteriaLink => "Criteria for recognition",
            Self::OwnRegisterTitle => "Register your household or yourself",
            Self::OwnRegisterHint => {
                "The association scores each registration against the year's criteria and recognises those that pass in a decision at the year's end. Registering with:"
            }
            Self::OwnSignInToRegister => "Sign in to register your household or yourself",
            Self::OwnRegisterWhat => "Register",
            Self::OwnHouseholdNameLabel => "The household's name (e.g. Hộ ông Nguyễn Văn A)",
            Self::OwnCitizenNameLabel => "Your full name",
            Self::OwnRegistered => "Registered. The association will be in touch to score it.",
            Self::OwnSeeYours => "See your registrations",
            Self::OwnRegisterFor => "Register for",
            Self::OwnAlreadyRegistered => {
                "You have registered already, or the association has this name on its list. See My learners, or ask the association."
            }
            Self::OwnTitle => "My learning household and citizenship",
            Self::OwnNone => {
                "You have not registered. Choose your commune or ward to register your household or yourself."
            }
            Self::OwnFindCommune => "Choose a commune or ward",
            Self::OwnScore => "Score",
            Self::OwnDecision => "Recognised by decision",
            Self::OwnWithdrawnBecause => "Recognition withdrawn because",
            Self::OwnRegisterAgain => "Register again for",
            Self::IndicatorPartial => "Not all reported",
            Self::SocietyUnlinkLearner => "Unlink",
            Self::SocietyUnlinked => "Unlinked",
            Self::SocietyLinkLearner => "Link a learner",
            Self::SocietyLinkLearnerLabel => "The learner's personal id (12 digits)",
            Self::SocietyLinkLearnerSend => "Link to this family",
            Self::SocietyLinkLearnerHint => {
                "Learners of a recognised family or clan may apply to programs for learning families."
            }
            Self::SocietyLinked => "Linked",
            Self::SocietyLearnerNotFound => {
                "No learner with this personal id within your association."
            }
            Self::RecognisedFamilyRule => {
                "Only learners of a family or clan recognised as a learning one this year or last:"
            }
            Self::NeedsRecognisedFamily => {
                "A program for learning families must say which recognition it asks for."
            }
            Self::ReasonNotRecognised => "The family is not recognised",
            Self::IndicatorSave => "Save the figures",
            Self::IndicatorsTitle => "Plan 52/KH-UBND's indicators",
            Self::IndicatorsCaption => {
                "Each commune or ward reports its own figures with their source; the city's are its communes' and wards' added up."
            }
            Self::IndicatorResult => "Result",
            Self::IndicatorTarget => "Target",
            Self::IndicatorMet => "Met",
            Self::IndicatorNotMet => "Not met",
            Self::IndicatorNotReported => "Not reported",
            Self::IndicatorReported => "Communes and wards reported",
            Self::IndicatorSource => "Source of the figures",
            Self::IndicatorMeetsStandard => "Meets the standard",
            Self::IndicatorBelowStandard => "Below the standard",
            Self::IndicatorLocalitiesMeeting => "communes and wards meet it",
            Self::IndicatorReportTitle => "Report an indicator's figures",
            Self::IndicatorLabel => "Indicator",
            Self::IndicatorNumeratorLabel => "People who meet it",
            Self::IndicatorDenominatorLabel => "Out of",
            Self::IndicatorMeetsLabel => "The locality meets the standard",
            Self::IndicatorSourceHint => {
                "E.g. the commune's report on universal education this year."
            }
            Self::InvalidIndicatorNumerator => {
                "The people who meet it must be a whole number from 0, no more than the total."
            }
            Self::InvalidIndicatorDenominator => "The total must be a whole number above 0.",
            Self::NeedsIndicatorSource => "Say where the figures come from.",
            Self::SocietyWithdrawSend => "Withdraw",
            Self::SocietyTrendTitle => "Share recognised over the years",
            Self::SocietyTrendCaption => {
                "Share recognised (%) by year; “–” where there is no count."
            }
            Self::SocietyReport => "Download the yearly report (Excel)",
            Self::NavSociety => "Learning society",
            Self::SocietyTitle => "Building a learning society",
            Self::SocietyProgressTitle => "Recognitions this year",
            Self::SocietyRecognised => "Recognised",
            Self::SocietyShare => "Share",
            Self::SocietyTarget => "Target",
            Self::SocietyGap => "Still needed",
            Self::SocietyRegistered => "Registered",
            Self::SocietyAssessed => "Assessed",
            Self::SocietyManage => "Manage registrations, assessments and recognitions",
            Self::SocietyPopulationTitle => "Denominators and targets",
            Self::SocietyPopulationLabel => "Population",
            Self::SocietyCountLabel => "How many (blank: the organisations below add up)",
            Self::SocietyTargetLabel => "Target recognised (%)",
            Self::SocietyTargetHint => "Blank: the level above's target, or the national one.",
            Self::Save => "Save",
            Self::SocietyAlreadyRegistered => "Already registered for this year.",
            Self::SocietyRegisterTitle => "Register for recognition",
            Self::SocietyModelLabel => "Model",
            Self::SocietyUnitNameLabel => "Name of the household, clan, community, unit or citizen",
            Self::SocietyAddressLabel => "Address (village, residential group)",
            Self::SocietyRegister => "Register",
            Self::SocietyRegistrationsTitle => "This year's registrations",
            Self::SocietyShowModel => "Show model",
            Self::SocietyNoRegistrations => "No registrations yet.",
            Self::SocietyAssess => "Score",
            Self::SocietyChoose => "Choose for recognition",
            Self::SocietyWithdraw => "Withdraw recognition",
            Self::SocietyWithdrawReason => "Reason for withdrawal",
            Self::SocietyNoCriteria => "There are no criteria for this year yet.",
            Self::SocietyScoreEveryItem => "Enter the points for every item.",
            Self::SocietyScoreTooHigh => "An item is above its maximum.",
            Self::SocietyPassed => "Passed",
            Self::SocietyNotPassed => "Not passed",
            Self::SocietyTotal => "Total",
            Self::SocietyExampleCriteria => {
                "Example criteria: the city association should replace them with its own."
            }
            Self::SocietySaveScore => "Save the scores",
            Self::SocietyDecisionTitle => "Recognition decision",
            Self::SocietyChosen => "Chosen",
            Self::SocietyChooseFirst => "Choose the registrations that passed first.",
            Self::SocietyDecisionNumber => "Decision number",
            Self::SocietyDecisionDay => "Signed on",
            Self::SocietyDecisionSigner => "Signed by",
            Self::SocietyRecognise => "Recognise",
            Self::SocietyDecided => "Recognised by decision",
            Self::SocietyDecisionRefused => {
                "Could not recognise: a registration is not assessed, did not pass or is recognised already, or the decision number is used this year."
            }
            Self::ConfirmRecognise => "Confirm recognition",
            Self::ConfirmWithdrawRecognition => "Confirm withdrawal",
            Self::InvalidPopulationCount => {
                "The count cannot be below the number already recognised."
            }
            Self::InvalidTargetPercent => "The target is a percent from 1 to 100.",
            Self::InvalidScore => "An item's points are not valid or above its maximum.",
            Self::NeedsDecisionNumber => "Enter the decision number.",
            Self::NeedsSigner => "Enter who signed the decision.",
            Self::InvalidDecisionDay => "The signing day cannot be after today.",
            Self::ReceiptNumberLabel => "Receipt number (if any)",
            Self::ReceivedOnLabel => "Day received",
            Self::ReceivedOnHint => "Leave empty for today.",
            Self::ReceiptShort => "Receipt",
            Self::ReceivedOnShort => "received",
            Self::ImportDonationsTitle => "Import a cash book from Excel",
            Self::ImportDonationsHint => {
                "One gift a row: the day received, the donor and the amount (required); the receipt number, way, bank reference, memo and campaign (if any). Your own book with the same column names works too."
            }
            Self::ImportDonationsFileLabel => "Cash book file (XLSX, XLS or CSV)",
            Self::ImportDonationsLink => "Import a cash book from Excel",
            Self::ImportDonationsTotal => "Total to be recorded in the fund:",
            Self::ImportRecords => "to record",
            Self::ImportAlreadyRecorded => "already recorded",
            Self::NewDonorBadge => "new donor",
            Self::DonationsRecorded => "Recorded",
            Self::ImportOrganizationsTitle => "Import organisations from Excel",
            Self::ImportOrganizationsHint => {
                "An Excel (.xlsx, .xls) or CSV file with the template's columns: name, kind (Chi hội, Dòng họ, Khác), parent (blank for directly below the organisation chosen; it may be an earlier row) and area code. Nothing is recorded until you confirm; importing the same file again changes nothing."
            }
            Self::ImportOrganizationsFileLabel => "File of organisations",
            Self::ImportUnder => "below",
            Self::DonorsFile => "Donors on record",
            Self::RecipientsFile => "The recipients",
            Self::ReceiptsFile => "The receipt list",
            Self::AwardsFile => "The awards",
            Self::RankingFile => "The ranking",
            Self::AllApplicationsFile => "Every application, with its score",
            Self::DownloadsLabel => "Download the list",
            Self::DownloadCsv => "Download (CSV)",
            Self::DownloadXlsx => "Download (Excel)",
            Self::ChooseOrganization => "Choose an organisation.",
            Self::RowLabel => "Row",
            Self::ColumnLabel => "column",
            Self::ReadFile => "Read the file",
            Self::ImportLearnersTitle => "Import learners from Excel",
            Self::ImportLearnersHint => {
                "An Excel (.xlsx, .xls) or CSV file with the template's columns (in any order, with or without diacritics). Nothing is recorded until you confirm; importing the same file again changes nothing."
            }
            Self::DownloadTemplate => "Download the template",
            Self::ImportFileLabel => "File of learners",
            Self::ImportCreates => "New",
            Self::ImportUpdates => "Updated",
            Self::ImportSkips => "Unchanged",
            Self::ImportBadRows => "Rows with errors",
            Self::ImportProblemsTitle => "Cells to fix",
            Self::ImportProblemsHint => {
                "These rows are not imported. Fix the file and upload it again; rows already imported stay as they are."
            }
            Self::ImportLookalikesTitle => {
                "May be a learner already on record in the commune (same name and date of birth)"
            }
            Self::ImportMoreRows => "more rows",
            Self::ImportListAction => "Import the list",
            Self::ConfirmImport => "Yes, import them",
            Self::ImportCreated => "Created",
            Self::ImportUpdated => "updated",
            Self::ImportSkipped => "unchanged",
            Self::ImportFromExcel => "Import from Excel",
            Self::BlockDuplicates => {
                "Refuse a learner already funded this school year by a program of the same kind"
            }
            Self::FundedElsewhereTitle => "Already funded this school year",
            Self::FundedElsewhereHint => {
                "The same learner, in another program. Weigh this before approving."
            }
            Self::DuplicatesTitle => "Learners possibly funded twice",
            Self::DuplicatesIntro => {
                "Pairs of awards of one school year that look like one learner: by personal id, or by name, date of birth and commune."
            }
            Self::SchoolYearLabel => "School year",
            Self::NoDuplicates => "None found.",
            Self::StatementTooLarge => {
                "A statement file must be an XLSX, XLS or CSV of at most 5 MB."
            }
            Self::PledgesWaiting => "Pledges waiting for their transfer",
            Self::NoPledgesWaiting => "No pledge is waiting.",
            Self::PledgeWaitsUntil => "waits until",
            Self::StatementNewOfAll => "New lines / all",
            Self::CampaignsRunningBeneath => "Campaigns running now",
            Self::NoCampaignsRunning => "No campaign is running here now.",
            Self::StatementsTitle => "Bank statements",
            Self::StatementNeedsAccount => {
                "Add the fund's bank account first, then import its statements."
            }
            Self::StatementsImported => "Imported statements",
            Self::StatementNewLines => "new lines",
            Self::StatementAccountLabel => "Account",
            Self::StatementFileLabel => "The statement file your bank exports (XLSX, XLS or CSV)",
            Self::ReadStatement => "Read the statement",
            Self::StatementPreviewTitle => "Preview: nothing is recorded yet",
            Self::StatementLayout => "Layout",
            Self::StatementPeriod => "Period",
            Self::StatementPledgesMatched => "Pledges matched",
            Self::StatementUnmatched => "Unmatched",
            Self::StatementClosingBalance => "Bank's closing balance",
            Self::StatementPostedBalance => "Fund's posted balance",
            Self::StatementDifference => "Difference",
            Self::ImportStatement => "Import the statement",
            Self::ReconciliationTitle => "Reconciliation",
            Self::StatementLinesTitle => "Lines",
            Self::LineAlreadyImported => "Already imported",
            Self::LinePledge => "Pledge matched",
            Self::LineRecorded => "Already in the book",
            Self::LinePayout => "Payout",
            Self::LineUnmatched => "Unmatched",
            Self::LineDonation => "Recorded as a donation",
            Self::LineSetAside => "Set aside",
            Self::TakeSuggestion => "It is:",
            Self::PayerName => "Payer's name",
            Self::RecordAsDonation => "Record as a donation",
            Self::SetAsideReason => "Reason to set it aside",
            Self::SetAside => "Set aside",
            Self::ConfirmImportStatement => "Yes, import it",
            Self::ConfirmMatch => "Yes, match it",
            Self::ConfirmSetAside => "Yes, set it aside",
            Self::StatementNoHeader => {
                "No statement header (date, debit, credit, description) in the first 40 rows: this is not a bank statement."
            }
            Self::StatementUnreadable => {
                "The file is neither a spreadsheet (XLSX, XLS) nor a readable CSV."
            }
            Self::StatementEmpty => "The statement has no lines.",
            Self::StatementBankNotRead => {
                "We can't read this bank's statements yet. We read Vietcombank, Techcombank, BIDV, VietinBank, MB and Agribank."
            }
            Self::StatementWrongBank => {
                "This statement is in another bank's layout, not the chosen account's bank."
            }
            Self::StatementWrongAccount => "This is a statement of another account.",
            Self::CampaignNameTaken => "The fund already has a campaign of that name.",
            Self::DonationCampaignLabel => "For a campaign (optional)",
            Self::CampaignsTitle => "Campaigns",
            Self::CampaignReceived => "Received",
            Self::CampaignGoal => "Goal",
            Self::CampaignPledged => "Pledged, awaiting transfer",
            Self::CampaignDonors => "Donors",
            Self::CampaignDaysLeft => "Days left",
            Self::CampaignEnded => "This campaign has ended; thank you to everyone who gave.",
            Self::LatestDonors => "Latest donors",
            Self::NoNamedDonorsYet => "No named donor yet.",
            Self::NewCampaign => "Start a campaign",
            Self::CampaignNameLabel => "Campaign name",
            Self::CampaignGoalLabel => "Goal (đồng)",
            Self::CampaignStartsLabel => "From",
            Self::CampaignEndsLabel => "To",
            Self::CampaignDescriptionLabel => "Description",
            Self::CampaignOpened => "Campaign started.",
            Self::InvalidCampaignDates => {
                "The end must come after the start, and a campaign lasts at most 400 days."
            }
            Self::TransferToFund => "Give by bank transfer",
            Self::BankLabel => "Bank",
            Self::AccountNumberLabel => "Account number",
            Self::AccountHolderLabel => "Account holder",
            Self::ScanToGive => {
                "Scan the VietQR code with your banking app, or transfer to the details below."
            }
            Self::CopyValue => "Copy",
            Self::CopiedValue => "Copied",
            Self::PledgeTitle => "Pledge a gift",
            Self::PledgeIntro => {
                "Tell the fund what you will transfer: you get a QR code with the amount and a reference, so the fund can match it when the money arrives. A pledge is not yet a donation."
            }
            Self::PledgeNameLabel => "Your name (optional)",
            Self::PledgeContactLabel => "Phone or email (only the fund sees it; optional)",
            Self::PledgeAnonymous => "Don't show my name in public",
            Self::MakePledge => "Get my transfer code",
            Self::PledgeMade => {
                "Thank you! Transfer with the note exactly as below, so the fund can recognise your gift."
            }
            Self::TransferNoteLabel => "Transfer note",
            Self::AmountToTransfer => "Amount",
            Self::PledgeExpires => "Valid until",
            Self::NoBankAccountYet => "This fund has no bank account for gifts yet.",
            Self::TooManyPledges => {
                "Many pledges came from your network in the last hour. Please try again later."
            }
            Self::BankAccountsTitle => "The fund's bank accounts",
            Self::AddBankAccount => "Add account",
            Self::RetireBankAccount => "Retire",
            Self::NoAccountsRecorded => "No account yet: donors cannot transfer by QR code.",
            Self::ChooseBank => "Choose a bank",
            Self::PledgeDaysLabel => "Days a pledge waits for its transfer",
            Self::SavePledgeDays => "Save",
            Self::SavedNotice => "Saved",
            Self::ConfirmAddAccount => "Confirm: add the account",
            Self::ConfirmRetireAccount => "Confirm: retire",
            Self::InvalidAccountNumber => "An account number has 6–19 digits or letters.",
            Self::UnknownBank => "Choose a bank from the list.",
            Self::NeedsHolder => "Enter the account holder's name.",
            Self::AccountTaken => "This account is already recorded for this or another fund.",
            Self::InvalidPledgeDays => "From 1 to 365 days.",
            Self::SearchPrograms => "Find a program by name",
            Self::ExportXlsx => "Download the statement with every entry (Excel)",
            Self::ByStep => "by",
            Self::StepLabel => "Score step",
            Self::WholePoints => "Whole points",
            Self::EditProgramTitle => "Edit the draft program",
            Self::SaveProgram => "Save the program",
            Self::EditProgram => "Edit the draft",
            Self::EditLearner => "Edit the learner's details",
            Self::SaveLearner => "Save the details",
            Self::GuardianNameLabel => "Guardian's name (optional)",
            Self::GuardianPhoneLabel => "Guardian's phone (optional)",
            Self::ReviewersOwing => "Reviewers, and the reviews they still owe",
            Self::StillToScore => "reviews still to score",
            Self::MinAgeLabel => "From age (optional)",
            Self::MaxAgeLabel => "To age (optional)",
            Self::InvalidAge => {
                "An age is a whole number (0–255), and the youngest is no older than the oldest."
            }
            Self::CommunesLabel => "Only learners living in the commune",
            Self::AddCommune => "Add the commune",
            Self::CommunesHint => "With no commune listed, learners from anywhere may apply.",
            Self::InviteGuardianTitle => "Add a guardian",
            Self::InviteGuardianIntro => {
                "Invite another guardian (a parent, a grandparent…) to manage this profile too. They accept on their account page, signed in with this email or mobile number."
            }
            Self::InvitationSent => "Invitation sent to",
            Self::InviteGuardian => "Send the invitation",
            Self::ConfirmArchive => "Archive for good",
            Self::MoveOrganization => "Move under another organisation",
            Self::NewParentLabel => "New parent organisation",
            Self::MoveHint => {
                "Everything under it (organisations, funds, programs) moves with it; roles held on the old parent no longer reach them."
            }
            Self::MoveOrganizationButton => "Move",
            Self::NavStaffLearners => "Learners",
            Self::StaffLearnersTitle => "Learners of the association",
            Self::SearchLearners => "Find by name, school or personal id",
            Self::NoLearnersFound => "No learners here, or none match the search.",
            Self::GuardianShort => "Guardian",
            Self::NavAudit => "Audit log",
            Self::AuditTitle => "Audit log and ledger check",
            Self::AuditEventsTitle => "Who did what, where and when",
            Self::AuditActionFilter => "Action",
            Self::AllActions => "All actions",
            Self::NoAuditEvents => "Nothing recorded.",
            Self::ByWhom => "by",
            Self::AuditDetails => "Before and after",
            Self::LedgerCheckTitle => "Ledger check",
            Self::LedgerCheckIntro => {
                "Recomputes every fund's balances from its entries and checks that every transaction balances. For a city's administrators."
            }
            Self::CheckLedger => "Check now",
            Self::LedgerOk => "The ledger reconciles: nothing was found wrong.",
            Self::LedgerNotOk => "The ledger does not reconcile:",
            Self::FundsCounted => "funds",
            Self::TransactionsCounted => "transactions",
            Self::EntriesCounted => "entries",
            Self::FundLabelShort => "Fund",
            Self::TransactionLabelShort => "Transaction",
            Self::Expected => "expected",
            Self::Found => "found",
            Self::KnownDonorLabel => "A donor already on record (leave empty for a new one)",
            Self::NewFundTitle => "Open a new fund",
            Self::NewFundIntro => {
                "A new fund starts at 0 ₫; the association's treasurers record the donations it receives."
            }
            Self::FundNameLabel => "Fund name",
            Self::FundPurposeLabel => "What the fund is for (optional)",
            Self::CreateFund => "Open the fund",
            Self::FundNameTaken => "This organisation already has a fund of that name.",
            Self::SearchFunds => "Find a fund by name",
        }
    }

    pub const fn get(self, locale: Locale) -> &'static str {
        match locale {
            Locale::Vi => self.vi(),
            Locale::En => self.en(),
        }
    }
}

/// The name of an organisation level.
pub const fn kind_name(kind: OrganizationKind, locale: Locale) -> &'static str {
    match (kind, locale) {
        (OrganizationKind::City, Locale::Vi) => "Thành phố",
        (OrganizationKind::City, Locale::En) => "City",
        (OrganizationKind::Commune, Locale::Vi) => "Xã/phường",
        (OrganizationKind::Commune, Locale::En) => "Commune/ward",
        (OrganizationKind::Chapter, Locale::Vi) => "Chi hội",
        (OrganizationKind::Chapter, Locale::En) => "Chapter",
        (OrganizationKind::Clan, Locale::Vi) => "Dòng họ",
        (OrganizationKind::Clan, Locale::En) => "Clan council",
        (OrganizationKind::Other, Locale::Vi) => "Khác",
        (OrganizationKind::Other, Locale::En) => "Other",
    }
}

/// The name of a role.
pub const fn role_name(role: Role, locale: Locale) -> &'static str {
    match (role, locale) {
        (Role::Admin, Locale::Vi) => "Quản trị viên",
        (Role::Admin, Locale::En) => "Administrator",
        (Role::ProgramManager, Locale::Vi) => "Quản lý chương trình",
        (Role::ProgramManager, Locale::En) => "Program manager",
        (Role::Treasurer, Locale::Vi) => "Kế toán – thủ quỹ",
        (Role::Treasurer, Locale::En) => "Treasurer",
        (Role::Reviewer, Locale::Vi) => "Thành viên hội đồng xét duyệt",
        (Role::Reviewer, Locale::En) => "Reviewer",
    }
}

/// The name of a kind of ledger transaction.
pub const fn transaction_kind_name(kind: TransactionKind, locale: Locale) -> &'static str {
    use TransactionKind as K;
    match (kind, locale) {
        (_, Locale::Vi) => kind.vietnamese_name(),
        (K::Donation, Locale::En) => "Donation",
        (K::Transfer, Locale::En) => "Transfer",
        (K::Reservation, Locale::En) => "Reservation",
        (K::Disbursement, Locale::En) => "Disbursement",
        (K::Void, Locale::En) => "Release",
        (K::Reversal, Locale::En) => "Reversal",
    }
}

/// The name of an application's status.
pub const fn status_name(status: ApplicationStatus, locale: Locale) -> &'static str {
    use ApplicationStatus as S;
    match (status, locale) {
        (_, Locale::Vi) => status.vietnamese_name(),
        (S::Draft, Locale::En) => "Draft",
        (S::Submitted, Locale::En) => "Submitted",
        (S::UnderReview, Locale::En) => "Under review",
        (S::NeedsInfo, Locale::En) => "Needs information",
        (S::Approved, Locale::En) => "Approved",
        (S::Rejected, Locale::En) => "Rejected",
        (S::Withdrawn, Locale::En) => "Withdrawn",
        (S::Cancelled, Locale::En) => "Cancelled",
        (S::Disbursed, Locale::En) => "Paid",
    }
}

/// What was done to an application, as its history says it.
pub const fn action_name(action: ApplicationAction, locale: Locale) -> &'static str {
    use ApplicationAction as A;
    match (action, locale) {
        (A::Create, Locale::Vi) => "Lập hồ sơ",
        (A::Create, Locale::En) => "Started",
        (A::Submit, Locale::Vi) => "Nộp hồ sơ",
        (A::Submit, Locale::En) => "Submitted",
        (A::StartReview, Locale::Vi) => "Bắt đầu chấm",
        (A::StartReview, Locale::En) => "Review started",
        (A::ReturnForInfo, Locale::Vi) => "Yêu cầu bổ sung",
        (A::ReturnForInfo, Locale::En) => "Returned for information",
        (A::Approve, Locale::Vi) => "Duyệt",
        (A::Approve, Locale::En) => "Approved",
        (A::Reject, Locale::Vi) => "Từ chối",
        (A::Reject, Locale::En) => "Rejected",
        (A::Withdraw, Locale::Vi) => "Rút hồ sơ",
        (A::Withdraw, Locale::En) => "Withdrawn",
        (A::Cancel, Locale::Vi) => "Huỷ duyệt",
        (A::Cancel, Locale::En) => "Approval cancelled",
        (A::Disburse, Locale::Vi) => "Chi trả",
        (A::Disburse, Locale::En) => "Paid",
    }
}

/// What a notification is about, as its sentence names it.
#[derive(Debug, Clone, Copy)]
pub struct NotificationFacts<'a> {
    /// The application's reference, `HS-000123`.
    pub reference: &'a str,
    pub program: &'a str,
    /// `None` where the notification does not name the learner (a review assignment).
    pub learner: Option<&'a str>,
    pub amount: Option<Money>,
}

/// A notification as one sentence in the reader's language.
pub fn notification_text(
    kind: NotificationKind,
    facts: &NotificationFacts,
    locale: Locale,
) -> String {
    use NotificationKind as K;
    let NotificationFacts {
        reference,
        program,
        learner,
        amount,
    } = *facts;
    let vi = locale == Locale::Vi;
    // The application as the sentence names it: its reference, and the learner where known.
    let application = match (learner, vi) {
        (Some(learner), true) => format!("{reference} của {learner}"),
        (Some(learner), false) => format!("{reference} for {learner}"),
        (None, _) => reference.to_owned(),
    };
    let amount = amount.map(|a| a.to_string()).unwrap_or_default();
    match (kind, vi) {
        (K::ReturnedForInformation, true) => {
            format!("Hồ sơ {application} ({program}) được trả lại để bổ sung thông tin.")
        }
        (K::ReturnedForInformation, false) => {
            format!("Application {application} ({program}) was returned for more information.")
        }
        (K::ReviewAssigned, true) => {
            format!("Bạn được phân công chấm hồ sơ {application} ({program}).")
        }
        (K::ReviewAssigned, false) => {
            format!("You were assigned to review application {application} ({program}).")
        }
        (K::Approved, true) => {
            format!("Hồ sơ {application} được duyệt: {amount} ({program}).")
        }
        (K::Approved, false) => {
            format!("Application {application} was approved: {amount} ({program}).")
        }
        (K::Rejected, true) => format!("Hồ sơ {application} không được duyệt ({program})."),
        (K::Rejected, false) => format!("Application {application} was not approved ({program})."),
        (K::ApprovalCancelled, true) => {
            format!("Quyết định duyệt hồ sơ {application} đã bị huỷ ({program}).")
        }
        (K::ApprovalCancelled, false) => {
            format!("The approval of application {application} was cancelled ({program}).")
        }
        (K::Paid, true) => format!("Đã chi trả {amount} cho hồ sơ {application} ({program})."),
        (K::Paid, false) => format!("{amount} was paid for application {application} ({program})."),
        (K::AwaitingPayment, true) => {
            format!("Hồ sơ {application} đã được duyệt {amount}, chờ chi trả ({program}).")
        }
        (K::AwaitingPayment, false) => {
            format!(
                "Application {application} was approved for {amount} and waits to be paid ({program})."
            )
        }
    }
}

/// One line of a person's home: what waits, counted.
pub fn work_line(awaiting: crate::pages::work::Awaiting, locale: Locale) -> String {
    use crate::pages::work::Awaiting as W;
    let vi = locale == Locale::Vi;
    // English nouns take an s past one.
    let s = |n: i64| if n == 1 { "" } else { "s" };
    match (awaiting, vi) {
        (W::ToReview(0), true) => "Không có hồ sơ nào cần chấm".to_owned(),
        (W::ToReview(0), false) => "Nothing to score".to_owned(),
        (W::ToReview(n), true) => format!("{n} hồ sơ cần chấm"),
        (W::ToReview(n), false) => format!("{n} application{} to score", s(n)),
        (
            W::ProgramQueue {
                to_assign,
                under_review,
            },
            true,
        ) => {
            format!("Chờ phân công: {to_assign} · Đang xét duyệt: {under_review}")
        }
        (
            W::ProgramQueue {
                to_assign,
                under_review,
            },
            false,
        ) => {
            format!("To assign: {to_assign} · Under review: {under_review}")
        }
        (W::ToPay { awards, amount }, vi) => {
            let amount = amount.map(|a| format!(", {a}")).unwrap_or_default();
            if vi {
                format!("{awards} giải thưởng{amount}")
            } else {
                let s = if awards.count == 1 && !awards.more {
                    ""
                } else {
                    "s"
                };
                format!("{awards} award{s}{amount}")
            }
        }
    }
}

/// A score in percent as the server writes it (`86.50`), as people read it: without trailing
/// zeros, and with a decimal comma in Vietnamese (`86,5`; `84`).
pub fn score_text(score: &str, locale: Locale) -> String {
    let short = if score.contains('.') {
        score.trim_end_matches('0').trim_end_matches('.')
    } else {
        score
    };
    match locale {
        Locale::Vi => short.replace('.', ","),
        Locale::En => short.to_owned(),
    }
}

/// The date a paper is made, as it is written above the signatures: "Ngày 06 tháng 12 năm
/// 2026", "Date: 06/12/2026".
pub fn paper_date(day: chrono::NaiveDate, locale: Locale) -> String {
    use chrono::Datelike as _;
    match locale {
        Locale::Vi => format!(
            "Ngày {:02} tháng {:02} năm {}",
            day.day(),
            day.month(),
            day.year()
        ),
        Locale::En => format!("Date: {}", shared::date::day_month_year(day)),
    }
}

/// A reviewer's recommendation in words.
pub const fn recommendation_name(r: Recommendation, locale: Locale) -> &'static str {
    match r {
        Recommendation::Approve => Text::RecommendApprove.get(locale),
        Recommendation::Reject => Text::RecommendReject.get(locale),
        Recommendation::Neutral => Text::RecommendNeutral.get(locale),
    }
}

/// A review's state in words.
pub fn review_status_name(status: shared::ReviewStatus, locale: Locale) -> &'static str {
    use shared::ReviewStatus::{Assigned, Conflict, Submitted};
    match (status, locale) {
        (Assigned, Locale::Vi) => "Chưa chấm",
        (Assigned, Locale::En) => "Not scored yet",
        (Submitted, Locale::Vi) => "Đã chấm",
        (Submitted, Locale::En) => "Scored",
        (Conflict, Locale::Vi) => "Xung đột lợi ích",
        (Conflict, Locale::En) => "Conflict of interest",
    }
}

/// An award's state (`RESERVED`, `PAID`, `CANCELLED`) in words.
pub fn award_status_name(status: shared::AwardStatus, locale: Locale) -> &'static str {
    use shared::AwardStatus::{Cancelled, Paid, Reserved};
    match (status, locale) {
        (_, Locale::Vi) => status.vietnamese_name(),
        (Reserved, Locale::En) => "Approved, to pay",
        (Paid, Locale::En) => "Paid",
        (Cancelled, Locale::En) => "Cancelled",
    }
}

/// Why another award is taken to be for the same learner.
pub const fn duplicate_match_name(matched: shared::DuplicateMatch, locale: Locale) -> &'static str {
    use shared::DuplicateMatch as M;
    match (matched, locale) {
        (_, Locale::Vi) => matched.vietnamese_name(),
        (M::SameLearner, Locale::En) => "the same learner record",
        (M::NameBirthCommune, Locale::En) => "the same name, date of birth and commune",
    }
}

/// The name of a kind of program.
pub const fn program_kind_name(kind: ProgramKind, locale: Locale) -> &'static str {
    match (kind, locale) {
        (ProgramKind::Scholarship, Locale::Vi) => "Học bổng",
        (ProgramKind::Scholarship, Locale::En) => "Scholarship",
        (ProgramKind::Excellence, Locale::Vi) => "Khen thưởng học sinh giỏi",
        (ProgramKind::Excellence, Locale::En) => "Excellence award",
        (ProgramKind::Talent, Locale::Vi) => "Khuyến tài",
        (ProgramKind::Talent, Locale::En) => "Talent award",
        (ProgramKind::LifelongLearning, Locale::Vi) => "Học tập suốt đời",
        (ProgramKind::LifelongLearning, Locale::En) => "Lifelong learning",
        (ProgramKind::LearningFamily, Locale::Vi) => "Gia đình, dòng họ học tập",
        (ProgramKind::LearningFamily, Locale::En) => "Learning families and clans",
    }
}

/// The name of a program's status.
pub const fn program_status_name(status: ProgramStatus, locale: Locale) -> &'static str {
    match (status, locale) {
        (ProgramStatus::Draft, Locale::Vi) => "Đang soạn",
        (ProgramStatus::Draft, Locale::En) => "Draft",
        (ProgramStatus::Open, Locale::Vi) => "Đang nhận hồ sơ",
        (ProgramStatus::Open, Locale::En) => "Open",
        (ProgramStatus::Closed, Locale::Vi) => "Đã đóng",
        (ProgramStatus::Closed, Locale::En) => "Closed",
        (ProgramStatus::Archived, Locale::Vi) => "Lưu trữ",
        (ProgramStatus::Archived, Locale::En) => "Archived",
    }
}

/// The name of an education level.
pub const fn education_level_name(level: EducationLevel, locale: Locale) -> &'static str {
    use EducationLevel as L;
    match (level, locale) {
        (_, Locale::Vi) => level.vietnamese_name(),
        (L::Preschool, Locale::En) => "Preschool",
        (L::Primary, Locale::En) => "Primary",
        (L::LowerSecondary, Locale::En) => "Lower secondary",
        (L::UpperSecondary, Locale::En) => "Upper secondary",
        (L::Vocational, Locale::En) => "Vocational",
        (L::University, Locale::En) => "University",
        (L::Adult, Locale::En) => "Adult",
    }
}

/// The name of a household circumstance.
pub const fn circumstance_name(circumstance: Circumstance, locale: Locale) -> &'static str {
    use Circumstance as C;
    match (circumstance, locale) {
        (_, Locale::Vi) => circumstance.vietnamese_name(),
        (C::Poor, Locale::En) => "Poor household",
        (C::NearPoor, Locale::En) => "Near-poor household",
        (C::PolicyFamily, Locale::En) => "Policy family",
        (C::Disability, Locale::En) => "Disability",
        (C::Orphan, Locale::En) => "Orphan",
        (C::EthnicMinority, Locale::En) => "Ethnic minority",
    }
}

/// The name of a way to donate.
pub const fn method_name(method: DonationMethod, locale: Locale) -> &'static str {
    match (method, locale) {
        (_, Locale::Vi) => method.vietnamese_name(),
        (DonationMethod::Cash, Locale::En) => "Cash",
        (DonationMethod::BankTransfer, Locale::En) => "Bank transfer",
        (DonationMethod::InKind, Locale::En) => "In kind",
    }
}

/// What stood in the way of a request, in the reader's language, with its figures: a full
/// tier, a budget that would be exceeded, an award its payer is tied to.
pub fn refusal_text(refusal: &shared::Refusal, locale: Locale) -> String {
    use shared::{AwardTie, Refusal};
    let vi = locale == Locale::Vi;
    match refusal {
        Refusal::TierFull { tier, quota } => {
            if vi {
                format!("Mức \u{201c}{tier}\u{201d} đã hết suất: cả {quota} suất đã được trao.")
            } else {
                format!(
                    "The tier \u{201c}{tier}\u{201d} has no places left: all {quota} are awarded."
                )
            }
        }
        Refusal::BudgetExceeded { budget, committed } => {
            if vi {
                format!("Vượt ngân sách {budget} của chương trình: đã trao {committed}.")
            } else {
                format!(
                    "This would exceed the program's budget of {budget}: {committed} is already awarded."
                )
            }
        }
        Refusal::OwnAward { tie } => {
            let (vi_tie, en_tie) = match tie {
                AwardTie::Approved => ("bạn đã duyệt giải thưởng này", "you approved it"),
                AwardTie::Applied => ("bạn đã nộp hồ sơ này", "you applied for it"),
                AwardTie::ManagesLearner => ("bạn quản lý người học này", "you manage the learner"),
            };
            if vi {
                format!(
                    "Không ai chi trả giải thưởng gắn với mình ({vi_tie}): một thủ quỹ khác sẽ chi."
                )
            } else {
                format!("No one pays an award tied to them ({en_tie}): another treasurer pays it.")
            }
        }
        Refusal::DuplicateFunding {
            organization,
            program,
            amount,
            ..
        } => {
            if vi {
                format!(
                    "Người học đã nhận {amount} từ \u{201c}{program}\u{201d} ({organization}) trong năm học này; chương trình này chỉ hỗ trợ mỗi người học một lần."
                )
            } else {
                format!(
                    "The learner already received {amount} from \u{201c}{program}\u{201d} ({organization}) this school year; this program funds a learner once."
                )
            }
        }
    }
}

/// What to tell a person when the API refuses or fails, by error code. `None` is a network
/// failure (no answer at all).
pub fn error_message(code: Option<ErrorCode>, locale: Locale) -> &'static str {
    use ErrorCode as E;
    let vi = locale == Locale::Vi;
    match code {
        None => {
            if vi {
                "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại."
            } else {
                "Cannot reach the server. Check your connection and try again."
            }
        }
        Some(E::Unauthenticated) => {
            if vi {
                "Bạn cần đăng nhập để xem mục này."
            } else {
                "Please sign in to see this."
            }
        }
        Some(E::TooManyAttempts) => {
            if vi {
                "Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút."
            } else {
                "Too many failed attempts. Please try again in a few minutes."
            }
        }
        Some(E::Forbidden) => {
            if vi {
                "Bạn không có quyền thực hiện việc này."
            } else {
                "You are not allowed to do this."
            }
        }
        Some(E::NotFound) => {
            if vi {
                "Không tìm thấy dữ liệu yêu cầu."
            } else {
                "What you asked for was not found."
            }
        }
        Some(E::Validation) => {
            if vi {
                "Dữ liệu nhập chưa hợp lệ."
            } else {
                "Some of the input is not valid."
            }
        }
        Some(E::Conflict) => {
            if vi {
                "Dữ liệu đã thay đổi hoặc bị trùng. Tải lại rồi thử lại."
            } else {
                "The data changed or already exists. Reload and try again."
            }
        }
        Some(E::InsufficientFunds) => {
            if vi {
                "Quỹ không đủ số dư khả dụng."
            } else {
                "The fund's available balance is not enough."
            }
        }
        Some(E::IllegalTransition) => {
            if vi {
                "Hồ sơ đang ở trạng thái không cho phép thao tác này."
            } else {
                "The application is not in a state that allows this."
            }
        }
        Some(E::NotEligible) => {
            if vi {
                "Người học chưa đáp ứng điều kiện của chương trình."
            } else {
                "The learner does not meet the program's conditions."
            }
        }
        Some(E::DuplicateFunding) => {
            if vi {
                "Người học đã được hỗ trợ trong năm học này bởi một chương trình cùng loại."
            } else {
                "The learner was already funded this school year by a program of the same kind."
            }
        }
        Some(E::OutsideWindow) => {
            if vi {
                "Chương trình không nhận hồ sơ vào lúc này."
            } else {
                "The program is not taking applications now."
            }
        }
        Some(E::InProgress) => {
            if vi {
                "Yêu cầu trước vẫn đang được xử lý. Chờ giây lát rồi thử lại."
            } else {
                "The earlier request is still being applied. Wait a moment and try again."
            }
        }
        Some(E::Timeout) => {
            if vi {
                "Máy chủ xử lý quá lâu. Vui lòng thử lại."
            } else {
                "The server took too long. Please try again."
            }
        }
        Some(E::Unavailable) => {
            if vi {
                "Máy chủ tạm thời không truy cập được dữ liệu. Vui lòng thử lại sau giây lát."
            } else {
                "The server cannot reach its data just now. Please try again in a moment."
            }
        }
        Some(E::Internal) => {
            if vi {
                "Máy chủ gặp lỗi. Vui lòng thử lại sau."
            } else {
                "The server ran into a problem. Please try again later."
            }
        }
        Some(
            E::BadRequest
            | E::BatchNotSupported
            | E::GraphqlParseFailed
            | E::GraphqlValidationFailed
            | E::QueryTooDeep
            | E::QueryTooComplex
            | E::PayloadTooLarge
            | E::UnsupportedMediaType,
        ) => {
            if vi {
                "Ứng dụng gửi yêu cầu không hợp lệ. Hãy tải lại trang."
            } else {
                "The app sent an invalid request. Please reload the page."
            }
        }
    }
}

/// The current language, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    const STORAGE_KEY: &'static str = "khuyenhoc.locale";

    /// Starts from the language chosen last time on this device, Vietnamese otherwise.
    pub fn provide() -> Self {
        let stored = storage().and_then(|s| s.get_item(Self::STORAGE_KEY).ok().flatten());
        let locale = stored
            .as_deref()
            .and_then(Locale::from_tag)
            .unwrap_or(Locale::Vi);
        let i18n = Self {
            locale: RwSignal::new(locale),
        };
        Effect::new(move |_| {
            let locale = i18n.locale.get();
            if let Some(storage) = storage() {
                let _ = storage.set_item(Self::STORAGE_KEY, locale.tag());
            }
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", locale.tag());
            }
        });
        provide_context(i18n);
        i18n
    }

    pub fn t(self, text: Text) -> &'static str {
        text.get(self.locale.get())
    }
}

/// The `I18n` provided by the app shell.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n {
        locale: RwSignal::new(Locale::Vi),
    })
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The name of a learning-society model.
pub const fn model_name(model: RecognitionModel, locale: Locale) -> &'static str {
    match locale {
        Locale::Vi => model.vietnamese_name(),
        Locale::En => match model {
            RecognitionModel::Household => "Learning household",
            RecognitionModel::Clan => "Learning clan",
            RecognitionModel::Community => "Learning community",
            RecognitionModel::Unit => "Learning unit",
            RecognitionModel::Citizen => "Learning citizen",
        },
    }
}

/// The name of what a learning-society target is a share of.
pub const fn population_name(population: Population, locale: Locale) -> &'static str {
    match (population, locale) {
        (Population::Households, Locale::Vi) => "Hộ gia đình",
        (Population::Households, Locale::En) => "Households",
        (Population::Clans, Locale::Vi) => "Dòng họ",
        (Population::Clans, Locale::En) => "Clans",
        (Population::Communities, Locale::Vi) => "Cộng đồng (thôn, tổ dân phố)",
        (Population::Communities, Locale::En) => "Communities (villages, residential groups)",
        (Population::Units, Locale::Vi) => "Đơn vị (cơ quan, trường học, doanh nghiệp)",
        (Population::Units, Locale::En) => "Units (agencies, schools, enterprises)",
        (Population::Adults, Locale::Vi) => "Người lớn",
        (Population::Adults, Locale::En) => "Adults",
        (Population::Officials, Locale::Vi) => "Cán bộ, công chức, viên chức",
        (Population::Officials, Locale::En) => "Officials",
    }
}

/// Where a registration for recognition stands.
pub const fn registration_status_name(status: RegistrationStatus, locale: Locale) -> &'static str {
    match (status, locale) {
        (_, Locale::Vi) => status.vietnamese_name(),
        (RegistrationStatus::Registered, Locale::En) => "Registered",
        (RegistrationStatus::Assessed, Locale::En) => "Assessed",
        (RegistrationStatus::Recognised, Locale::En) => "Recognised",
        (RegistrationStatus::Withdrawn, Locale::En) => "Withdrawn",
    }
}
