//! The words of the audit log: what was done, and to what kind of object.

use crate::application::ApplicationAction;

coded_enum! {
    /// What an audit event records.
    pub enum AuditAction {
        AccountCreated => "ACCOUNT_CREATED",
        SignedIn => "SIGNED_IN",
        SignInFailed => "SIGN_IN_FAILED",
        SignedOut => "SIGNED_OUT",
        PasswordChanged => "PASSWORD_CHANGED",
        RoleGranted => "ROLE_GRANTED",
        RoleRevoked => "ROLE_REVOKED",
        OrganizationCreated => "ORGANIZATION_CREATED",
        OrganizationRenamed => "ORGANIZATION_RENAMED",
        OrganizationMoved => "ORGANIZATION_MOVED",
        OrganizationArchived => "ORGANIZATION_ARCHIVED",
        /// A file of organisations imported below one: how many were created, updated and
        /// left as they were.
        OrganizationsImported => "ORGANIZATIONS_IMPORTED",
        FundCreated => "FUND_CREATED",
        FundPledgeDaysChanged => "FUND_PLEDGE_DAYS_CHANGED",
        BankAccountAdded => "BANK_ACCOUNT_ADDED",
        BankAccountRetired => "BANK_ACCOUNT_RETIRED",
        CampaignCreated => "CAMPAIGN_CREATED",
        BankStatementImported => "BANK_STATEMENT_IMPORTED",
        BankLineResolved => "BANK_LINE_RESOLVED",
        DonationRecorded => "DONATION_RECORDED",
        /// A cash book's donations imported into a fund: how many were recorded, for how
        /// much, and how many were on record already.
        DonationsImported => "DONATIONS_IMPORTED",
        FundsTransferred => "FUNDS_TRANSFERRED",
        FundsReserved => "FUNDS_RESERVED",
        ReservationPosted => "RESERVATION_POSTED",
        ReservationVoided => "RESERVATION_VOIDED",
        TransactionReversed => "TRANSACTION_REVERSED",
        LearnerRegistered => "LEARNER_REGISTERED",
        LearnerUpdated => "LEARNER_UPDATED",
        /// A file of learners imported for an organisation: how many were created, updated
        /// and left as they were.
        LearnersImported => "LEARNERS_IMPORTED",
        /// A learning-society model's criteria for a year saved as a new version.
        CriteriaSetSaved => "CRITERIA_SET_SAVED",
        /// A household, clan, community, unit or citizen registered for recognition in a year.
        RecognitionRegistered => "RECOGNITION_REGISTERED",
        /// A registration scored against its model's criteria.
        RegistrationAssessed => "REGISTRATION_ASSESSED",
        /// An association's decision recognising a batch of registrations.
        RecognitionDecided => "RECOGNITION_DECIDED",
        /// A recognition withdrawn, with the reason.
        RecognitionWithdrawn => "RECOGNITION_WITHDRAWN",
        /// A document attached to a registration by the association's staff, as evidence for
        /// its assessment.
        RegistrationDocumentAttached => "REGISTRATION_DOCUMENT_ATTACHED",
        /// A document taken off a registration before its decision.
        RegistrationDocumentRemoved => "REGISTRATION_DOCUMENT_REMOVED",
        /// An organisation's denominator or target for a year set.
        PopulationSet => "POPULATION_SET",
        /// One of the plan's indicators added or changed by the city association.
        IndicatorSaved => "INDICATOR_SAVED",
        /// A learner linked to a registered household's or clan's family.
        LearnerLinkedToFamily => "LEARNER_LINKED_TO_FAMILY",
        /// A learner's link to a family removed.
        LearnerUnlinkedFromFamily => "LEARNER_UNLINKED_FROM_FAMILY",
        /// A commune's (or the city's) value of an indicator for a year reported, with its
        /// source.
        IndicatorReported => "INDICATOR_REPORTED",
        LearnerManagerInvited => "LEARNER_MANAGER_INVITED",
        LearnerManagerAdded => "LEARNER_MANAGER_ADDED",
        LearnerInvitationDeclined => "LEARNER_INVITATION_DECLINED",
        ProgramCreated => "PROGRAM_CREATED",
        ProgramUpdated => "PROGRAM_UPDATED",
        ProgramStatusChanged => "PROGRAM_STATUS_CHANGED",
        // An application's moves: `APPLICATION_` and its history's action.
        ApplicationCreate => "APPLICATION_CREATE",
        ApplicationSubmit => "APPLICATION_SUBMIT",
        ApplicationStartReview => "APPLICATION_START_REVIEW",
        ApplicationReturnForInfo => "APPLICATION_RETURN_FOR_INFO",
        ApplicationApprove => "APPLICATION_APPROVE",
        ApplicationReject => "APPLICATION_REJECT",
        ApplicationWithdraw => "APPLICATION_WITHDRAW",
        ApplicationCancel => "APPLICATION_CANCEL",
        ApplicationDisburse => "APPLICATION_DISBURSE",
        EvidenceAttached => "EVIDENCE_ATTACHED",
        ReviewerAssigned => "REVIEWER_ASSIGNED",
        ReviewSubmitted => "REVIEW_SUBMITTED",
        ReviewConflictDeclared => "REVIEW_CONFLICT_DECLARED",
    }
}

coded_enum! {
    /// The kind of object an audit event is about.
    pub enum AuditObject {
        User => "USER",
        Session => "SESSION",
        Membership => "MEMBERSHIP",
        Organization => "ORGANIZATION",
        Fund => "FUND",
        BankAccount => "BANK_ACCOUNT",
        Campaign => "CAMPAIGN",
        BankStatement => "BANK_STATEMENT",
        BankLine => "BANK_LINE",
        LedgerTransaction => "LEDGER_TRANSACTION",
        Learner => "LEARNER",
        Program => "PROGRAM",
        Application => "APPLICATION",
        /// A learning-society model's criteria for a year.
        CriteriaSet => "CRITERIA_SET",
        /// A registration for recognition as a learning household, clan, community, unit or
        /// citizen.
        Registration => "REGISTRATION",
        /// A decision recognising registrations.
        RecognitionDecision => "RECOGNITION_DECISION",
        /// One of the plan's indicators.
        PlanIndicator => "PLAN_INDICATOR",
    }
}

impl AuditAction {
    /// Its name in Vietnamese, as the log and its exports write it.
    pub const fn vietnamese_name(self) -> &'static str {
        match self {
            Self::AccountCreated => "Mở tài khoản",
            Self::SignedIn => "Đăng nhập",
            Self::SignInFailed => "Đăng nhập không thành công",
            Self::SignedOut => "Đăng xuất",
            Self::PasswordChanged => "Đổi mật khẩu",
            Self::RoleGranted => "Giao vai trò",
            Self::RoleRevoked => "Thu hồi vai trò",
            Self::OrganizationCreated => "Thêm tổ chức",
            Self::OrganizationRenamed => "Đổi tên tổ chức",
            Self::OrganizationMoved => "Chuyển tổ chức",
            Self::OrganizationArchived => "Lưu trữ tổ chức",
            Self::OrganizationsImported => "Nhập danh sách tổ chức",
            Self::FundCreated => "Lập quỹ",
            Self::FundPledgeDaysChanged => "Đổi thời hạn cam kết",
            Self::BankAccountAdded => "Thêm tài khoản ngân hàng",
            Self::BankStatementImported => "Nhập sao kê ngân hàng",
            Self::BankLineResolved => "Đối chiếu dòng sao kê",
            Self::BankAccountRetired => "Ngừng tài khoản ngân hàng",
            Self::CampaignCreated => "Mở đợt vận động",
            Self::DonationRecorded => "Ghi nhận ủng hộ",
            Self::DonationsImported => "Nhập sổ thu ủng hộ",
            Self::FundsTransferred => "Chuyển tiền giữa các quỹ",
            Self::FundsReserved => "Giữ tiền cho học bổng",
            Self::ReservationPosted => "Chi tiền đã giữ",
            Self::ReservationVoided => "Trả lại tiền đã giữ",
            Self::TransactionReversed => "Bút toán đảo",
            Self::LearnerRegistered => "Đăng ký người học",
            Self::LearnerUpdated => "Sửa thông tin người học",
            Self::LearnersImported => "Nhập danh sách người học",
            Self::CriteriaSetSaved => "Lưu bộ tiêu chí",
            Self::RecognitionRegistered => "Đăng ký công nhận",
            Self::RegistrationAssessed => "Đánh giá, chấm điểm",
            Self::RecognitionDecided => "Quyết định công nhận",
            Self::RecognitionWithdrawn => "Thu hồi công nhận",
            Self::RegistrationDocumentAttached => "Đính kèm minh chứng đánh giá",
            Self::RegistrationDocumentRemoved => "Gỡ minh chứng đánh giá",
            Self::PopulationSet => "Cập nhật số liệu, chỉ tiêu",
            Self::IndicatorSaved => "Lưu chỉ tiêu của Kế hoạch",
            Self::LearnerLinkedToFamily => "Gắn người học với gia đình, dòng họ",
            Self::LearnerUnlinkedFromFamily => "Bỏ gắn người học với gia đình, dòng họ",
            Self::IndicatorReported => "Báo cáo kết quả chỉ tiêu",
            Self::LearnerManagerInvited => "Mời người giám hộ",
            Self::LearnerManagerAdded => "Thêm người giám hộ",
            Self::LearnerInvitationDeclined => "Từ chối lời mời giám hộ",
            Self::ProgramCreated => "Lập chương trình",
            Self::ProgramUpdated => "Sửa chương trình nháp",
            Self::ProgramStatusChanged => "Đổi trạng thái chương trình",
            Self::ApplicationCreate => "Lập hồ sơ",
            Self::ApplicationSubmit => "Nộp hồ sơ",
            Self::ApplicationStartReview => "Bắt đầu xét duyệt",
            Self::ApplicationReturnForInfo => "Trả hồ sơ để bổ sung",
            Self::ApplicationApprove => "Duyệt hồ sơ",
            Self::ApplicationReject => "Không duyệt hồ sơ",
            Self::ApplicationWithdraw => "Rút hồ sơ",
            Self::ApplicationCancel => "Huỷ duyệt",
            Self::ApplicationDisburse => "Chi học bổng",
            Self::EvidenceAttached => "Đính kèm minh chứng",
            Self::ReviewerAssigned => "Phân công giám khảo",
            Self::ReviewSubmitted => "Chấm điểm",
            Self::ReviewConflictDeclared => "Khai báo xung đột lợi ích",
        }
    }
}

impl AuditObject {
    /// Its name in Vietnamese, as the log and its exports write it.
    pub const fn vietnamese_name(self) -> &'static str {
        match self {
            Self::User => "Tài khoản",
            Self::Session => "Phiên đăng nhập",
            Self::Membership => "Vai trò",
            Self::Organization => "Tổ chức",
            Self::Fund => "Quỹ",
            Self::BankAccount => "Tài khoản ngân hàng",
            Self::Campaign => "Đợt vận động",
            Self::BankStatement => "Sao kê ngân hàng",
            Self::BankLine => "Dòng sao kê",
            Self::LedgerTransaction => "Bút toán",
            Self::Learner => "Người học",
            Self::Program => "Chương trình",
            Self::Application => "Hồ sơ",
            Self::CriteriaSet => "Bộ tiêu chí",
            Self::Registration => "Đăng ký công nhận",
            Self::RecognitionDecision => "Quyết định công nhận",
            Self::PlanIndicator => "Chỉ tiêu của Kế hoạch",
        }
    }
}

impl From<ApplicationAction> for AuditAction {
    /// What the audit log calls a move of an application (its history's action, prefixed).
    fn from(action: ApplicationAction) -> Self {
        use ApplicationAction as A;
        match action {
            A::Create => Self::ApplicationCreate,
            A::Submit => Self::ApplicationSubmit,
            A::StartReview => Self::ApplicationStartReview,
            A::ReturnForInfo => Self::ApplicationReturnForInfo,
            A::Approve => Self::ApplicationApprove,
            A::Reject => Self::ApplicationReject,
            A::Withdraw => Self::ApplicationWithdraw,
            A::Cancel => Self::ApplicationCancel,
            A::Disburse => Self::ApplicationDisburse,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_application_action_is_logged_as_application_and_its_own_code() {
        for &action in ApplicationAction::ALL {
            assert_eq!(
                AuditAction::from(action).code(),
                format!("APPLICATION_{}", action.code())
            );
        }
    }

    #[test]
    fn codes_are_distinct_and_read_back() {
        for &action in AuditAction::ALL {
            assert_eq!(action.code().parse(), Ok(action));
        }
        for &object in AuditObject::ALL {
            assert_eq!(object.code().parse(), Ok(object));
        }
        assert!("APPLICATION_PAID".parse::<AuditAction>().is_err());
    }
}
