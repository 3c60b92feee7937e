//! Asking before money moves or something cannot be undone: what will happen, in words that
//! name the amount, who gets it and from which fund, and two buttons. Nothing is sent until
//! the person has read it and confirmed.

use graphql_client::GraphQLQuery;
use leptos::prelude::*;
use shared::{Money, society::RecognitionModel};

use crate::{
    common::mutation::Sending,
    i18n::{Locale, Text, model_name, use_i18n},
};

/// What a confirmation asks about, with everything its question names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// Paying awards: one learner's, or every award a program has left to pay.
    Pay {
        amount: Money,
        whom: String,
        fund: String,
    },
    /// Approving an application with a tier, which reserves the tier's amount.
    Approve {
        learner: String,
        tier: String,
        amount: Money,
        fund: String,
    },
    /// Cancelling an approval, which releases its reserved amount.
    CancelApproval {
        learner: String,
        amount: Money,
        fund: String,
    },
    /// Rejecting an application: final.
    Reject { learner: String },
    /// Recording a donation into a fund.
    Donate {
        amount: Money,
        donor: String,
        fund: String,
    },
    /// Moving money from one fund to another.
    Transfer {
        amount: Money,
        from: String,
        to: String,
    },
    /// Withdrawing an application: final.
    Withdraw { learner: String, program: String },
    /// Archiving an organisation: it leaves every list, for good; its history stays.
    Archive { organization: String },
    /// Recording an account the public will transfer to.
    AddAccount {
        bank: String,
        number: String,
        holder: String,
        fund: String,
    },
    /// No longer offering an account for transfers.
    RetireAccount {
        bank: String,
        number: String,
        fund: String,
    },
    /// Importing a bank statement: its new lines kept, the pledges it carries recorded as
    /// donations.
    ImportStatement {
        lines: i64,
        pledges: i64,
        amount: Money,
        fund: String,
    },
    /// Importing a file of learners into an organisation's roster.
    ImportLearners {
        creates: i64,
        updates: i64,
        organization: String,
    },
    /// Importing a file of organisations below one.
    ImportOrganizations {
        creates: i64,
        updates: i64,
        organization: String,
    },
    /// Recording a cash book's gifts in a fund.
    ImportDonations {
        gifts: i64,
        amount: Money,
        fund: String,
    },
    /// Recording a bank line as a pledge's donation.
    MatchPledge {
        amount: Money,
        reference: String,
        donor: String,
        fund: String,
    },
    /// Taking a bank line as a payout already in the book.
    MatchPayout {
        amount: Money,
        memo: String,
        fund: String,
    },
    /// Leaving a bank line out of the fund's book, for good.
    SetAside { amount: Money, fund: String },
    /// Recognising registrations in a decision: undone only by withdrawing each.
    Recognise {
        count: usize,
        model: RecognitionModel,
        number: String,
    },
    /// Withdrawing a recognition.
    WithdrawRecognition { name: String },
    /// Putting a model's criteria for a year in force as a new version.
    SaveCriteria {
        model: RecognitionModel,
        year: i32,
        total: u32,
        pass_mark: u32,
    },
    /// Reversing a transaction: an opposite one is recorded, the original stays.
    Reverse {
        amount: Money,
        what: String,
        fund: String,
    },
}

impl Ask {
    /// The question, in the person's language.
    pub fn question(&self, locale: Locale) -> String {
        match (self, locale) {
            (Self::Pay { amount, whom, fund }, Locale::Vi) => {
                format!("Chi {amount} cho {whom} từ {fund}?")
            }
            (Self::Pay { amount, whom, fund }, Locale::En) => {
                format!("Pay {amount} to {whom} from {fund}?")
            }
            (
                Self::Approve {
                    learner,
                    tier,
                    amount,
                    fund,
                },
                Locale::Vi,
            ) => format!("Duyệt hồ sơ của {learner} với mức «{tier}»: giữ {amount} trong {fund}?"),
            (
                Self::Approve {
                    learner,
                    tier,
                    amount,
                    fund,
                },
                Locale::En,
            ) => format!(
                "Approve {learner}'s application with “{tier}”: reserve {amount} in {fund}?"
            ),
            (
                Self::CancelApproval {
                    learner,
                    amount,
                    fund,
                },
                Locale::Vi,
            ) => format!(
                "Huỷ duyệt hồ sơ của {learner}: trả {amount} đang giữ về {fund}? Không thể hoàn tác."
            ),
            (
                Self::CancelApproval {
                    learner,
                    amount,
                    fund,
                },
                Locale::En,
            ) => format!(
                "Cancel {learner}'s approval and release the {amount} held in {fund}? This cannot be undone."
            ),
            (Self::Reject { learner }, Locale::Vi) => {
                format!("Từ chối hồ sơ của {learner}? Không thể hoàn tác.")
            }
            (Self::Reject { learner }, Locale::En) => {
                format!("Reject {learner}'s application? This cannot be undone.")
            }
            (
                Self::Donate {
                    amount,
                    donor,
                    fund,
                },
                Locale::Vi,
            ) => format!("Ghi nhận {donor} ủng hộ {amount} vào {fund}?"),
            (
                Self::Donate {
                    amount,
                    donor,
                    fund,
                },
                Locale::En,
            ) => format!("Record a donation of {amount} from {donor} into {fund}?"),
            (Self::Transfer { amount, from, to }, Locale::Vi) => {
                format!("Chuyển {amount} từ {from} sang {to}?")
            }
            (Self::Transfer { amount, from, to }, Locale::En) => {
                format!("Move {amount} from {from} to {to}?")
            }
            (Self::Reverse { amount, what, fund }, Locale::Vi) => format!(
                "Đảo bút toán {amount} ({what}) của {fund}? Một bút toán ngược chiều sẽ được ghi; bút toán gốc vẫn giữ nguyên."
            ),
            (Self::Reverse { amount, what, fund }, Locale::En) => format!(
                "Reverse the {amount} entry ({what}) of {fund}? An opposite entry is recorded; the original stays."
            ),
            (Self::Withdraw { learner, program }, Locale::Vi) => {
                format!("Rút hồ sơ của {learner} khỏi «{program}»? Không thể hoàn tác.")
            }
            (Self::Withdraw { learner, program }, Locale::En) => {
                format!("Withdraw {learner}'s application to “{program}”? This cannot be undone.")
            }
            (
                Self::AddAccount {
                    bank,
                    number,
                    holder,
                    fund,
                },
                Locale::Vi,
            ) => format!(
                "Thêm tài khoản {bank} {number} ({holder}) cho {fund}? Tài khoản và mã QR của nó sẽ hiện trên trang công khai của quỹ để mọi người chuyển khoản ủng hộ."
            ),
            (
                Self::AddAccount {
                    bank,
                    number,
                    holder,
                    fund,
                },
                Locale::En,
            ) => format!(
                "Add account {bank} {number} ({holder}) to {fund}? It and its QR code will show on the fund's public page for anyone to transfer to."
            ),
            (Self::RetireAccount { bank, number, fund }, Locale::Vi) => format!(
                "Ngừng dùng tài khoản {bank} {number} của {fund}? Tài khoản và mã QR của nó sẽ không còn hiện trên trang công khai."
            ),
            (Self::RetireAccount { bank, number, fund }, Locale::En) => format!(
                "Retire account {bank} {number} of {fund}? It and its QR code will no longer show on the public page."
            ),
            (
                Self::ImportStatement {
                    lines,
                    pledges,
                    amount,
                    fund,
                },
                Locale::Vi,
            ) => format!(
                "Nhập sao kê vào sổ của {fund}? {lines} dòng mới được lưu; {pledges} khoản chuyển theo cam kết được ghi thành tiền ủng hộ, tổng {amount}. Không thể hoàn tác."
            ),
            (
                Self::ImportStatement {
                    lines,
                    pledges,
                    amount,
                    fund,
                },
                Locale::En,
            ) => format!(
                "Import the statement into {fund}'s book? {lines} new lines are kept; {pledges} transfers for pledges are recorded as donations, {amount} in all. This cannot be undone."
            ),
            (
                Self::ImportLearners {
                    creates,
                    updates,
                    organization,
                },
                Locale::Vi,
            ) => format!(
                "Nhập danh sách vào hồ sơ của {organization}? {creates} người học được thêm mới, {updates} người học được cập nhật. Không thể hoàn tác."
            ),
            (
                Self::ImportLearners {
                    creates,
                    updates,
                    organization,
                },
                Locale::En,
            ) => format!(
                "Import the list into {organization}'s record? {creates} learners are added and {updates} updated. This cannot be undone."
            ),
            (
                Self::ImportOrganizations {
                    creates,
                    updates,
                    organization,
                },
                Locale::Vi,
            ) => format!(
                "Nhập danh sách tổ chức trực thuộc {organization}? {creates} tổ chức được thêm mới, {updates} tổ chức được cập nhật. Không thể hoàn tác."
            ),
            (
                Self::ImportOrganizations {
                    creates,
                    updates,
                    organization,
                },
                Locale::En,
            ) => format!(
                "Import the organisations below {organization}? {creates} are added and {updates} updated. This cannot be undone."
            ),
            (
                Self::ImportDonations {
                    gifts,
                    amount,
                    fund,
                },
                Locale::Vi,
            ) => format!(
                "Ghi {gifts} khoản ủng hộ, tổng cộng {amount}, vào {fund}? Sổ quỹ không sửa được: khoản ghi nhầm phải bút toán đảo."
            ),
            (
                Self::ImportDonations {
                    gifts,
                    amount,
                    fund,
                },
                Locale::En,
            ) => format!(
                "Record {gifts} donations, {amount} in all, in {fund}? The books cannot be edited: a mistake is undone by a reversal."
            ),
            (
                Self::MatchPledge {
                    amount,
                    reference,
                    donor,
                    fund,
                },
                Locale::Vi,
            ) => format!(
                "Ghi {amount} vào {fund} là tiền ủng hộ theo cam kết {reference} của {donor}?"
            ),
            (
                Self::MatchPledge {
                    amount,
                    reference,
                    donor,
                    fund,
                },
                Locale::En,
            ) => format!("Record {amount} into {fund} as pledge {reference} by {donor}?"),
            (Self::MatchPayout { amount, memo, fund }, Locale::Vi) => {
                format!("Đối chiếu khoản chi {amount} của {fund} với “{memo}”? Không thể hoàn tác.")
            }
            (Self::MatchPayout { amount, memo, fund }, Locale::En) => {
                format!("Match the {amount} paid out of {fund} to “{memo}”? This cannot be undone.")
            }
            (Self::SetAside { amount, fund }, Locale::Vi) => {
                format!("Để riêng dòng {amount}, không ghi vào sổ của {fund}? Không thể hoàn tác.")
            }
            (Self::SetAside { amount, fund }, Locale::En) => {
                format!("Leave the {amount} line out of {fund}'s book? This cannot be undone.")
            }
            (
                Self::Recognise {
                    count,
                    model,
                    number,
                },
                Locale::Vi,
            ) => format!(
                "Công nhận {count} danh hiệu «{}» theo Quyết định số {number}? Muốn bỏ phải thu hồi từng danh hiệu.",
                model_name(*model, Locale::Vi)
            ),
            (
                Self::Recognise {
                    count,
                    model,
                    number,
                },
                Locale::En,
            ) => format!(
                "Recognise {count} as “{}” by decision {number}? Undoing it means withdrawing each recognition.",
                model_name(*model, Locale::En)
            ),
            (
                Self::SaveCriteria {
                    model,
                    year,
                    total,
                    pass_mark,
                },
                Locale::Vi,
            ) => format!(
                "Áp dụng bộ tiêu chí «{}» năm {year} ({total} điểm, đạt từ {pass_mark})? Các lần chấm từ nay theo bộ này; các lần đã chấm giữ bộ cũ.",
                model_name(*model, Locale::Vi)
            ),
            (
                Self::SaveCriteria {
                    model,
                    year,
                    total,
                    pass_mark,
                },
                Locale::En,
            ) => format!(
                "Put the “{}” criteria for {year} in force ({total} points, {pass_mark} to pass)? Scoring from now on uses them; what was scored keeps its own.",
                model_name(*model, Locale::En)
            ),
            (Self::WithdrawRecognition { name }, Locale::Vi) => {
                format!("Thu hồi công nhận của {name}? Không thể hoàn tác.")
            }
            (Self::WithdrawRecognition { name }, Locale::En) => {
                format!("Withdraw {name}'s recognition? This cannot be undone.")
            }
            (Self::Archive { organization }, Locale::Vi) => format!(
                "Lưu trữ {organization}? Tổ chức sẽ rời khỏi mọi danh sách và không thể hoàn tác; lịch sử của tổ chức vẫn được giữ."
            ),
            (Self::Archive { organization }, Locale::En) => format!(
                "Archive {organization}? It leaves every list, and this cannot be undone; its history stays."
            ),
        }
    }

    /// What the button that goes ahead says.
    fn go_ahead(&self) -> Text {
        match self {
            Self::Pay { .. } => Text::ConfirmPayment,
            Self::Approve { .. } => Text::ConfirmApproval,
            Self::CancelApproval { .. } => Text::ConfirmCancelApproval,
            Self::Reject { .. } => Text::ConfirmRejection,
            Self::Donate { .. } => Text::ConfirmDonation,
            Self::Transfer { .. } => Text::ConfirmTransfer,
            Self::Withdraw { .. } => Text::ConfirmWithdrawal,
            Self::Archive { .. } => Text::ConfirmArchive,
            Self::Reverse { .. } => Text::ConfirmReverse,
            Self::AddAccount { .. } => Text::ConfirmAddAccount,
            Self::RetireAccount { .. } => Text::ConfirmRetireAccount,
            Self::ImportStatement { .. } => Text::ConfirmImportStatement,
            Self::ImportLearners { .. }
            | Self::ImportOrganizations { .. }
            | Self::ImportDonations { .. } => Text::ConfirmImport,
            Self::MatchPledge { .. } | Self::MatchPayout { .. } => Text::ConfirmMatch,
            Self::SetAside { .. } => Text::ConfirmSetAside,
            Self::Recognise { .. } => Text::ConfirmRecognise,
            Self::WithdrawRecognition { .. } => Text::ConfirmWithdrawRecognition,
            Self::SaveCriteria { .. } => Text::ConfirmSaveCriteria,
        }
    }
}

/// The question and its two buttons, read out as soon as it appears. `busy` while the request
/// it sent is out (the button then says so and cannot be pressed twice).
#[component]
pub fn Confirm(
    ask: Ask,
    #[prop(into)] busy: Signal<bool>,
    #[prop(into)] on_confirm: Callback<()>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let go_ahead = ask.go_ahead();
    let ask = StoredValue::new(ask);
    let question = move || ask.with_value(|ask| ask.question(i18n.locale.get()));
    view! {
        <div class="confirm" role="alertdialog" aria-live="assertive" aria-label=question>
            <p>{question}</p>
            // Buttons of their own, not a form's submit: a question asked inside a form
            // must not send the form again.
            <button type="button" disabled=move || busy.get() aria-busy=move || busy.get().to_string()
                on:click=move |_| on_confirm.run(())>
                {move || if busy.get() { i18n.t(Text::Working) } else { i18n.t(go_ahead) }}
            </button>
            <button type="button" class="secondary" disabled=move || busy.get() on:click=move |_| on_cancel.run(())>
                {move || i18n.t(Text::GoBack)}
            </button>
        </div>
    }
}

/// A request that moves money, asked about before it is sent: the question and the request
/// waiting for a confirmation, and how it is sent (`Sending`: whether it is out, how it was
/// refused, and its idempotency key).
pub struct Asking<Q: GraphQLQuery> {
    pub asked: RwSignal<Option<(Ask, Q::Variables)>>,
    pub sending: Sending,
}

impl<Q: GraphQLQuery> Clone for Asking<Q> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Q: GraphQLQuery> Copy for Asking<Q> {}

impl<Q: GraphQLQuery + 'static> Asking<Q>
where
    Q::Variables: Clone + Send + Sync + 'static,
{
    pub fn new() -> Self {
        Self {
            asked: RwSignal::new(None),
            sending: Sending::default(),
        }
    }

    /// The key the next request carries.
    pub fn key(&self) -> String {
        self.sending.key()
    }

    /// Shows `ask` and holds `variables` until the person confirms or goes back.
    pub fn ask(&self, ask: Ask, variables: Q::Variables) {
        self.sending.error.set(None);
        self.asked.set(Some((ask, variables)));
    }

    /// Sends what was asked about; `on_done` runs once it is recorded, and `on_answer` with
    /// what the server answered. The question stays until the server has answered.
    fn send(self, on_done: Callback<()>, on_answer: Option<Callback<Q::ResponseData>>) {
        let Some((_, variables)) = self.asked.get_untracked() else {
            return;
        };
        let asked = self.asked;
        self.sending.answer::<Q>(variables, move |answer| {
            asked.set(None);
            if let Some(answer) = answer {
                on_done.run(());
                if let Some(on_answer) = on_answer {
                    on_answer.run(answer);
                }
            }
        });
    }
}

/// The question of `asking`, while there is one, with its two buttons.
#[component]
pub fn AskFirst<Q: GraphQLQuery + 'static>(
    asking: Asking<Q>,
    #[prop(into)] on_done: Callback<()>,
    /// What the server answered, for a screen that says what was done from it.
    #[prop(optional, into)]
    on_answer: Option<Callback<Q::ResponseData>>,
) -> impl IntoView
where
    Q::Variables: Clone + Send + Sync + 'static,
{
    move || {
        asking.asked.get().map(|(question, _)| {
            view! {
                <Confirm ask=question busy=asking.sending.busy
                    on_confirm=move |()| asking.send(on_done, on_answer)
                    on_cancel=move |()| asking.asked.set(None) />
            }
        })
    }
}
