//! The life of an application, as a pure state machine: which action moves which state where.
//! The server enforces it; the browser uses it to offer only the moves that exist.

coded_enum! {
    /// Where an application stands.
    pub enum ApplicationStatus {
        /// Being prepared by the applicant; not yet sent.
        Draft => "DRAFT",
        /// Sent, waiting for review.
        Submitted => "SUBMITTED",
        /// Reviewers are scoring it.
        UnderReview => "UNDER_REVIEW",
        /// Returned to the applicant for more information.
        NeedsInfo => "NEEDS_INFO",
        /// Awarded a tier; its amount is reserved in the fund.
        Approved => "APPROVED",
        Rejected => "REJECTED",
        /// Taken back by the applicant before a decision.
        Withdrawn => "WITHDRAWN",
        /// An approval undone before payment; its reservation is voided.
        Cancelled => "CANCELLED",
        /// The award has been paid.
        Disbursed => "DISBURSED",
    }
}

impl ApplicationStatus {
    /// Its name in Vietnamese, as lists and papers write it.
    pub const fn vietnamese_name(self) -> &'static str {
        match self {
            Self::Draft => "Đang soạn",
            Self::Submitted => "Đã nộp",
            Self::UnderReview => "Đang xét duyệt",
            Self::NeedsInfo => "Cần bổ sung",
            Self::Approved => "Đã duyệt",
            Self::Rejected => "Không được duyệt",
            Self::Withdrawn => "Đã rút",
            Self::Cancelled => "Đã huỷ",
            Self::Disbursed => "Đã chi trả",
        }
    }
}

coded_enum! {
    /// How a program's staff order its applications.
    pub enum ApplicationOrder {
        /// First made first: the order they came in.
        Oldest => "OLDEST",
        /// Last submitted (or resubmitted) first.
        LatestSubmitted => "LATEST_SUBMITTED",
        /// Best mean review score first; those not yet scored last, oldest first.
        BestScore => "BEST_SCORE",
    }
}

coded_enum! {
    /// Something done to an application: what its history records.
    pub enum ApplicationAction {
        /// The applicant starts a draft (the first event of every application; no move of
        /// the state machine).
        Create => "CREATE",
        /// The applicant sends it (again, after a request for information).
        Submit => "SUBMIT",
        /// The first reviewer starts on it.
        StartReview => "START_REVIEW",
        /// A program manager returns it to the applicant for more information.
        ReturnForInfo => "RETURN_FOR_INFO",
        /// A program manager awards it a tier.
        Approve => "APPROVE",
        /// A program manager turns it down.
        Reject => "REJECT",
        /// The applicant takes it back.
        Withdraw => "WITHDRAW",
        /// A program manager undoes an approval before payment.
        Cancel => "CANCEL",
        /// A treasurer pays the award.
        Disburse => "DISBURSE",
    }
}

impl ApplicationStatus {
    /// Whether the application still counts as the learner's one application to the program:
    /// only refused, withdrawn and cancelled ones leave room for another.
    pub const fn is_live(self) -> bool {
        !matches!(self, Self::Rejected | Self::Withdrawn | Self::Cancelled)
    }

    /// Whether nothing more can happen to it.
    pub const fn is_final(self) -> bool {
        matches!(
            self,
            Self::Rejected | Self::Withdrawn | Self::Cancelled | Self::Disbursed
        )
    }
}

/// Where one state stands on an application's way, as a stepper shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Passed.
    Done,
    /// Where the application is now.
    Current,
    /// Still ahead on the usual way to payment.
    Ahead,
}

/// The usual way of an application: from a draft to its award paid.
const WAY: [ApplicationStatus; 5] = [
    ApplicationStatus::Draft,
    ApplicationStatus::Submitted,
    ApplicationStatus::UnderReview,
    ApplicationStatus::Approved,
    ApplicationStatus::Disbursed,
];

impl ApplicationStatus {
    /// The way to show for an application in this state: the states it surely passed, the
    /// one it is in, and those still ahead. A request for information stands after sending,
    /// with the rest of the way still ahead; a rejection, a withdrawal or a cancelled
    /// approval ends the way where it surely happened (a rejection comes after sending, a
    /// cancellation after the approval; a withdrawal may come before or after sending, so only
    /// the draft is sure).
    pub fn journey(self) -> Vec<(Self, Step)> {
        let passed = |n: usize| WAY[..n].iter().map(|&state| (state, Step::Done));
        match self {
            Self::NeedsInfo => passed(2)
                .chain([(self, Step::Current)])
                .chain(WAY[2..].iter().map(|&state| (state, Step::Ahead)))
                .collect(),
            Self::Rejected => passed(2).chain([(self, Step::Current)]).collect(),
            Self::Withdrawn => passed(1).chain([(self, Step::Current)]).collect(),
            Self::Cancelled => passed(4).chain([(self, Step::Current)]).collect(),
            _ => {
                let at = WAY.iter().position(|&state| state == self).unwrap_or(0);
                passed(at)
                    .chain([(self, Step::Current)])
                    .chain(WAY[at + 1..].iter().map(|&state| (state, Step::Ahead)))
                    .collect()
            }
        }
    }
}

/// A move the state machine does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{action} is not possible on an application that is {from}: {}", action.refusal())]
pub struct IllegalMove {
    pub from: ApplicationStatus,
    pub action: ApplicationAction,
}

impl ApplicationAction {
    fn refusal(self) -> &'static str {
        match self {
            Self::Create => "an application is created once, as a draft",
            Self::Submit => "only drafts and applications returned for information are submitted",
            Self::StartReview => "only submitted applications go to review",
            Self::ReturnForInfo => "only applications awaiting a decision are returned",
            Self::Approve => "only applications under review are approved",
            Self::Reject => "only applications awaiting a decision are rejected",
            Self::Withdraw => "only applications without a decision are withdrawn",
            Self::Cancel => "only approved, unpaid applications are cancelled",
            Self::Disburse => "only approved applications are paid",
        }
    }
}

/// Where `action` takes an application that is `from`, or why it cannot.
pub fn transition(
    from: ApplicationStatus,
    action: ApplicationAction,
) -> Result<ApplicationStatus, IllegalMove> {
    use ApplicationAction as A;
    use ApplicationStatus as S;
    let to = match (from, action) {
        (S::Draft | S::NeedsInfo, A::Submit) => S::Submitted,
        (S::Submitted, A::StartReview) => S::UnderReview,
        (S::Submitted | S::UnderReview, A::ReturnForInfo) => S::NeedsInfo,
        (S::UnderReview, A::Approve) => S::Approved,
        (S::Submitted | S::UnderReview, A::Reject) => S::Rejected,
        (S::Draft | S::Submitted | S::UnderReview | S::NeedsInfo, A::Withdraw) => S::Withdrawn,
        (S::Approved, A::Cancel) => S::Cancelled,
        (S::Approved, A::Disburse) => S::Disbursed,
        _ => return Err(IllegalMove { from, action }),
    };
    Ok(to)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_stepper_shows_the_way_passed_the_state_now_and_the_way_ahead() {
        use ApplicationStatus as S;
        use Step::{Ahead, Current, Done};
        assert_eq!(
            S::UnderReview.journey(),
            vec![
                (S::Draft, Done),
                (S::Submitted, Done),
                (S::UnderReview, Current),
                (S::Approved, Ahead),
                (S::Disbursed, Ahead),
            ]
        );
        assert_eq!(S::Draft.journey()[0], (S::Draft, Current));
        assert_eq!(S::Disbursed.journey()[4], (S::Disbursed, Current));
        // Asked for more: after sending, with the rest still ahead.
        assert_eq!(
            S::NeedsInfo.journey(),
            vec![
                (S::Draft, Done),
                (S::Submitted, Done),
                (S::NeedsInfo, Current),
                (S::UnderReview, Ahead),
                (S::Approved, Ahead),
                (S::Disbursed, Ahead),
            ]
        );
        // An end off the way shows only what surely came before it.
        assert_eq!(
            S::Rejected.journey(),
            vec![
                (S::Draft, Done),
                (S::Submitted, Done),
                (S::Rejected, Current)
            ]
        );
        assert_eq!(
            S::Withdrawn.journey(),
            vec![(S::Draft, Done), (S::Withdrawn, Current)]
        );
        assert_eq!(
            S::Cancelled.journey().last(),
            Some(&(S::Cancelled, Current))
        );
        assert_eq!(S::Cancelled.journey()[3], (S::Approved, Done));
        for status in S::ALL {
            let journey = status.journey();
            assert_eq!(
                journey.iter().filter(|(_, step)| *step == Current).count(),
                1,
                "{status:?} is in one place"
            );
            assert!(journey.contains(&(*status, Current)), "{status:?}");
        }
    }

    use super::*;
    use ApplicationAction as A;
    use ApplicationStatus as S;

    /// A draft is never submitted and nothing returns to one: the lists of a program's
    /// applications rely on it (having been submitted is enough to not be a draft).
    #[test]
    fn no_move_leads_back_to_a_draft() {
        for from in S::ALL {
            for action in A::ALL {
                let to = transition(*from, *action);
                assert!(!matches!(to, Ok(S::Draft)), "{from:?} {action:?}");
            }
        }
    }

    /// Every legal move, written out independently of `transition`'s match.
    const LEGAL: [(S, A, S); 13] = [
        (S::Draft, A::Submit, S::Submitted),
        (S::NeedsInfo, A::Submit, S::Submitted),
        (S::Submitted, A::StartReview, S::UnderReview),
        (S::Submitted, A::ReturnForInfo, S::NeedsInfo),
        (S::UnderReview, A::ReturnForInfo, S::NeedsInfo),
        (S::UnderReview, A::Approve, S::Approved),
        (S::Submitted, A::Reject, S::Rejected),
        (S::UnderReview, A::Reject, S::Rejected),
        (S::Draft, A::Withdraw, S::Withdrawn),
        (S::Submitted, A::Withdraw, S::Withdrawn),
        (S::UnderReview, A::Withdraw, S::Withdrawn),
        (S::NeedsInfo, A::Withdraw, S::Withdrawn),
        (S::Approved, A::Cancel, S::Cancelled),
    ];

    #[test]
    fn every_pair_of_state_and_action_is_legal_exactly_when_listed() {
        let mut legal: Vec<(S, A, S)> = LEGAL.to_vec();
        legal.push((S::Approved, A::Disburse, S::Disbursed));
        let mut checked = 0;
        for &from in S::ALL {
            for &action in A::ALL {
                let expected = legal
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|(_, _, to)| *to);
                match (transition(from, action), expected) {
                    (Ok(to), Some(expected)) => assert_eq!(to, expected, "{from} + {action}"),
                    (Err(illegal), None) => {
                        assert_eq!(illegal, IllegalMove { from, action });
                        assert!(!illegal.to_string().is_empty());
                    }
                    (got, expected) => {
                        panic!("{from} + {action}: got {got:?}, expected {expected:?}")
                    }
                }
                checked += 1;
            }
        }
        assert_eq!(checked, 9 * 9, "every state against every action");
    }

    #[test]
    fn final_states_admit_no_move_at_all() {
        for &from in S::ALL.iter().filter(|s| s.is_final()) {
            assert!(
                A::ALL
                    .iter()
                    .all(|&action| transition(from, action).is_err()),
                "{from}"
            );
        }
    }

    #[test]
    fn only_refused_withdrawn_and_cancelled_applications_make_room_for_another() {
        let dead: Vec<S> = S::ALL.iter().copied().filter(|s| !s.is_live()).collect();
        assert_eq!(dead, [S::Rejected, S::Withdrawn, S::Cancelled]);
    }

    #[test]
    fn a_refusal_says_what_was_tried_on_what() {
        let illegal = transition(S::Disbursed, A::Cancel).unwrap_err();
        assert_eq!(
            illegal.to_string(),
            "CANCEL is not possible on an application that is DISBURSED: only approved, unpaid applications are cancelled"
        );
    }
}

/// An application's reference, `HS-000123`: what a blind review calls it by, and what staff
/// search for.
pub fn reference(application_id: i64) -> String {
    format!("HS-{application_id:06}")
}

/// The application a reference names: `HS-000123` (in any case) or its bare number.
pub fn parse_reference(text: &str) -> Option<i64> {
    let digits = text
        .strip_prefix("HS-")
        .or_else(|| text.strip_prefix("hs-"))
        .unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<i64>().ok().filter(|id| *id > 0)
}

#[cfg(test)]
mod reference_tests {
    use super::*;

    #[test]
    fn a_reference_reads_back_as_its_application() {
        assert_eq!(reference(123), "HS-000123");
        assert_eq!(parse_reference(&reference(123)), Some(123));
        assert_eq!(parse_reference("hs-42"), Some(42));
        assert_eq!(parse_reference("42"), Some(42));
        for not_one in ["HS-", "HS-12a", "0", "-5", "Lan"] {
            assert_eq!(parse_reference(not_one), None, "{not_one}");
        }
    }
}
