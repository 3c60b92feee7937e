//! The inbox: what the server tells a person about their applications and their work, as a
//! kind (worded by the browser in the reader's language) about an application.
//!
//! Which move of an application tells whom is decided here, as pure rules the server applies
//! in the move's own transaction, so that an application never moves without its readers
//! being told, and a task's notification stops counting as unread once the task is done.

use crate::ApplicationAction;

coded_enum! {
    /// What a notification tells its reader.
    pub enum NotificationKind {
        /// The program returned an application the reader made (or whose learner they
        /// manage) for more information: it waits for them to complete and submit it again.
        ReturnedForInformation => "RETURNED_FOR_INFORMATION",
        /// The reader was assigned to review an application.
        ReviewAssigned => "REVIEW_ASSIGNED",
        /// The reader's application was approved: an award is reserved for the learner.
        Approved => "APPROVED",
        /// The reader's application was turned down.
        Rejected => "REJECTED",
        /// The approval of the reader's application was cancelled before payment.
        ApprovalCancelled => "APPROVAL_CANCELLED",
        /// The award of the reader's application was paid.
        Paid => "PAID",
        /// An award of a fund the reader keeps the money of is approved and waits to be paid.
        AwaitingPayment => "AWAITING_PAYMENT",
    }
}

impl NotificationKind {
    /// What the applicant side (who applied, and the learner's managers) is told when an
    /// application moves by `action`, if anything: the program's answers, not their own moves.
    pub const fn for_applicant(action: ApplicationAction) -> Option<Self> {
        use ApplicationAction as A;
        match action {
            A::ReturnForInfo => Some(Self::ReturnedForInformation),
            A::Approve => Some(Self::Approved),
            A::Reject => Some(Self::Rejected),
            A::Cancel => Some(Self::ApprovalCancelled),
            A::Disburse => Some(Self::Paid),
            A::Create | A::Submit | A::StartReview | A::Withdraw => None,
        }
    }

    /// The tasks about an application that a move by `action` settles for everyone told of
    /// them: an application sent again answers the request for information; a decision (or
    /// its withdrawal) ends its reviews; a payment or a cancelled approval ends the wait for
    /// payment.
    pub const fn settled_by(action: ApplicationAction) -> &'static [Self] {
        use ApplicationAction as A;
        match action {
            A::Submit => &[Self::ReturnedForInformation],
            A::Withdraw => &[Self::ReturnedForInformation, Self::ReviewAssigned],
            A::Approve | A::Reject => &[Self::ReviewAssigned],
            A::Disburse | A::Cancel => &[Self::AwaitingPayment],
            A::Create | A::StartReview | A::ReturnForInfo => &[],
        }
    }

    /// Whether the notification asks its reader to do something (rather than telling them
    /// what happened).
    pub const fn is_task(self) -> bool {
        matches!(
            self,
            Self::ReturnedForInformation | Self::ReviewAssigned | Self::AwaitingPayment
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every task a notification sets is settled by some move, so that no one is left with
    /// an unread task that nothing can answer (a review is also settled by scoring it).
    #[test]
    fn every_task_is_settled_by_a_move() {
        for kind in NotificationKind::ALL.iter().filter(|k| k.is_task()) {
            assert!(
                ApplicationAction::ALL
                    .iter()
                    .any(|a| NotificationKind::settled_by(*a).contains(kind)),
                "{kind:?}"
            );
        }
    }

    /// A move that tells the applicant side of something never settles that same news.
    #[test]
    fn news_is_not_settled_by_the_move_that_brings_it() {
        for action in ApplicationAction::ALL {
            if let Some(kind) = NotificationKind::for_applicant(*action) {
                assert!(
                    !NotificationKind::settled_by(*action).contains(&kind),
                    "{action:?}"
                );
            }
        }
    }
}
