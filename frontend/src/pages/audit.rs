//! `/admin/audit`, for administrators: who did what, where and when in the organisations they
//! administer, newest first, a page at a time, by action; and, for those of a whole tree, the
//! check that every fund's balances follow from its ledger.

use leptos::prelude::*;
use shared::{AuditAction, AuditObject};

use crate::{
    api::{
        self, ApiError,
        documents::{AuditEvents, VerifyLedger, audit_events, verify_ledger},
    },
    common::{
        form::FormError,
        paged::{PageFooter, Paged},
    },
    i18n::{Locale, Text, error_message, use_i18n},
    pages::fund::moment_of,
};

/// An action of the log in words.
fn audit_action_name(action: AuditAction, locale: Locale) -> &'static str {
    use AuditAction as A;
    let (vi, en) = match action {
        A::AccountCreated => ("Mở tài khoản", "Account opened"),
        A::SignedIn => ("Đăng nhập", "Signed in"),
        A::SignInFailed => ("Đăng nhập không thành công", "Sign-in failed"),
        A::SignedOut => ("Đăng xuất", "Signed out"),
        A::PasswordChanged => ("Đổi mật khẩu", "Password changed"),
        A::RoleGranted => ("Giao vai trò", "Role granted"),
        A::RoleRevoked => ("Thu hồi vai trò", "Role revoked"),
        A::OrganizationCreated => ("Thêm tổ chức", "Organisation added"),
        A::OrganizationRenamed => ("Đổi tên tổ chức", "Organisation renamed"),
        A::OrganizationMoved => ("Chuyển tổ chức", "Organisation moved"),
        A::OrganizationArchived => ("Lưu trữ tổ chức", "Organisation archived"),
        A::FundCreated => ("Lập quỹ", "Fund opened"),
        A::FundPledgeDaysChanged => ("Đổi thời hạn cam kết", "Pledge period changed"),
        A::BankAccountAdded => ("Thêm tài khoản ngân hàng", "Bank account added"),
        A::BankStatementImported => ("Nhập sao kê ngân hàng", "Bank statement imported"),
        A::BankLineResolved => ("Đối chiếu dòng sao kê", "Bank line reconciled"),
        A::BankAccountRetired => ("Ngừng tài khoản ngân hàng", "Bank account retired"),
        A::CampaignCreated => ("Mở đợt vận động", "Campaign started"),
        A::DonationRecorded => ("Ghi nhận ủng hộ", "Donation recorded"),
        A::FundsTransferred => ("Chuyển tiền giữa các quỹ", "Funds transferred"),
        A::FundsReserved => ("Giữ tiền cho học bổng", "Money reserved"),
        A::ReservationPosted => ("Chi tiền đã giữ", "Reserved money paid"),
        A::ReservationVoided => ("Trả lại tiền đã giữ", "Reservation released"),
        A::TransactionReversed => ("Bút toán đảo", "Transaction reversed"),
        A::LearnerRegistered => ("Đăng ký người học", "Learner registered"),
        A::LearnerUpdated => ("Sửa thông tin người học", "Learner's details changed"),
        A::LearnersImported => ("Nhập danh sách người học", "Learners imported"),
        A::LearnerManagerInvited => ("Mời người giám hộ", "Guardian invited"),
        A::LearnerManagerAdded => ("Thêm người giám hộ", "Guardian added"),
        A::LearnerInvitationDeclined => ("Từ chối lời mời giám hộ", "Guardian invitation declined"),
        A::ProgramCreated => ("Lập chương trình", "Program set up"),
        A::ProgramUpdated => ("Sửa chương trình nháp", "Draft program edited"),
        A::ProgramStatusChanged => ("Đổi trạng thái chương trình", "Program status changed"),
        A::ApplicationCreate => ("Lập hồ sơ", "Application started"),
        A::ApplicationSubmit => ("Nộp hồ sơ", "Application submitted"),
        A::ApplicationStartReview => ("Bắt đầu xét duyệt", "Review started"),
        A::ApplicationReturnForInfo => ("Trả hồ sơ để bổ sung", "Returned for information"),
        A::ApplicationApprove => ("Duyệt hồ sơ", "Application approved"),
        A::ApplicationReject => ("Không duyệt hồ sơ", "Application rejected"),
        A::ApplicationWithdraw => ("Rút hồ sơ", "Application withdrawn"),
        A::ApplicationCancel => ("Huỷ duyệt", "Approval cancelled"),
        A::ApplicationDisburse => ("Chi học bổng", "Award paid"),
        A::EvidenceAttached => ("Đính kèm minh chứng", "Document attached"),
        A::ReviewerAssigned => ("Phân công giám khảo", "Reviewer assigned"),
        A::ReviewSubmitted => ("Chấm điểm", "Review scored"),
        A::ReviewConflictDeclared => ("Khai báo xung đột lợi ích", "Conflict of interest declared"),
    };
    match locale {
        Locale::Vi => vi,
        Locale::En => en,
    }
}

/// The kind of thing an action was done to, in words.
fn audit_object_name(object: AuditObject, locale: Locale) -> &'static str {
    use AuditObject as O;
    let (vi, en) = match object {
        O::User => ("Tài khoản", "Account"),
        O::Session => ("Phiên đăng nhập", "Session"),
        O::Membership => ("Vai trò", "Role"),
        O::Organization => ("Tổ chức", "Organisation"),
        O::Fund => ("Quỹ", "Fund"),
        O::BankAccount => ("Tài khoản ngân hàng", "Bank account"),
        O::Campaign => ("Đợt vận động", "Campaign"),
        O::BankStatement => ("Sao kê ngân hàng", "Bank statement"),
        O::BankLine => ("Dòng sao kê", "Bank line"),
        O::LedgerTransaction => ("Bút toán", "Transaction"),
        O::Learner => ("Người học", "Learner"),
        O::Program => ("Chương trình", "Program"),
        O::Application => ("Hồ sơ", "Application"),
    };
    match locale {
        Locale::Vi => vi,
        Locale::En => en,
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = RwSignal::new(None::<AuditAction>);
    let events = Paged::new(move |after: Option<String>| async move {
        let filter = action
            .get_untracked()
            .map(|action| audit_events::AuditFilterInput {
                action: Some(action),
                actor_id: None,
                object_type: None,
                object_id: None,
                since: None,
                until: None,
            });
        api::run::<AuditEvents>(audit_events::Variables { filter, after })
            .await
            .map(|data| api::page!(data.audit_events))
    });
    events.follow(action);
    view! {
        <h1>{move || i18n.t(Text::AuditTitle)}</h1>
        <LedgerCheck />
        <section class="card" aria-labelledby="audit-events">
            <h2 id="audit-events">{move || i18n.t(Text::AuditEventsTitle)}</h2>
            <div class="field">
                <label for="audit-action">{move || i18n.t(Text::AuditActionFilter)}</label>
                <select id="audit-action" on:change=move |ev| {
                    action.set(AuditAction::from_code(&event_target_value(&ev)));
                }>
                    <option value="">{move || i18n.t(Text::AllActions)}</option>
                    {AuditAction::ALL.iter().copied().map(|a| view! {
                        <option value=a.code()>{move || audit_action_name(a, i18n.locale.get())}</option>
                    }).collect_view()}
                </select>
            </div>
            <Show when=move || events.is_empty()>
                <p class="muted">{move || i18n.t(Text::NoAuditEvents)}</p>
            </Show>
            <ul class="audit">
                {move || events.rows.get().into_iter().map(|event| {
                    let (done, object) = (event.action, event.object_type);
                    let object_id = event.object_id.clone().map(|id| format!(" #{id}")).unwrap_or_default();
                    view! {
                        <li data-event=event.id>
                            <span class="when">{moment_of(&event.at)}</span>
                            <strong>{move || audit_action_name(done, i18n.locale.get())}</strong>
                            <span class="muted">
                                {move || format!("{}{object_id}", audit_object_name(object, i18n.locale.get()))}
                                {event.organization_name.map(|name| format!(" · {name}"))}
                            </span>
                            <span>
                                {move || i18n.t(Text::ByWhom)} " "
                                {event.actor_name.clone().unwrap_or_else(|| "—".into())}
                            </span>
                            <details>
                                <summary>{move || i18n.t(Text::AuditDetails)}</summary>
                                <pre>{event.summary}</pre>
                            </details>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <PageFooter paged=events />
        </section>
    }
}

/// Recomputing every fund's balances from its ledger, on demand: what was checked, and each
/// mismatch found. Only administrators of a whole tree may ask.
#[component]
fn LedgerCheck() -> impl IntoView {
    let i18n = use_i18n();
    let check = Action::new_local(|(): &()| api::run::<VerifyLedger>(verify_ledger::Variables));
    let failure = move || -> Option<String> {
        let refused: ApiError = check.value().get()?.err()?;
        Some(error_message(refused.code, i18n.locale.get()).to_owned())
    };
    view! {
        <section class="card" aria-labelledby="ledger-check">
            <h2 id="ledger-check">{move || i18n.t(Text::LedgerCheckTitle)}</h2>
            <p class="muted">{move || i18n.t(Text::LedgerCheckIntro)}</p>
            <button
                type="button"
                disabled=move || check.pending().get()
                aria-busy=move || check.pending().get().to_string()
                on:click=move |_| {
                    check.dispatch(());
                }
            >
                {move || if check.pending().get() { i18n.t(Text::Working) } else { i18n.t(Text::CheckLedger) }}
            </button>
            <FormError message=Signal::derive(failure) />
            <div aria-live="polite">
                {move || check.value().get().and_then(Result::ok).map(|found| {
                    let checked = found.verify_ledger;
                    let counts = format!(
                        "{} {} · {} {} · {} {}",
                        checked.funds_checked, i18n.t(Text::FundsCounted),
                        checked.transactions_checked, i18n.t(Text::TransactionsCounted),
                        checked.entries_checked, i18n.t(Text::EntriesCounted),
                    );
                    view! {
                        <p class=if checked.ok { "notice" } else { "error" } role="status">
                            {move || i18n.t(if checked.ok { Text::LedgerOk } else { Text::LedgerNotOk })}
                        </p>
                        <p>{counts}</p>
                        <ul>
                            {checked.mismatches.into_iter().map(|m| {
                                let place = [m.fund_id.map(|f| format!("{} #{f}", i18n.t(Text::FundLabelShort))), m.transaction_id.map(|t| format!("{} #{t}", i18n.t(Text::TransactionLabelShort)))]
                                    .into_iter().flatten().collect::<Vec<_>>().join(" · ");
                                view! {
                                    <li>
                                        <code>{m.check}</code> " " {place} ": "
                                        {format!("{} {}, {} {}", i18n.t(Text::Expected), m.expected, i18n.t(Text::Found), m.actual)}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                })}
            </div>
        </section>
    }
}
