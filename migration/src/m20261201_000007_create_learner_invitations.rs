//! Invitations to manage a learner's profile. A manager names another login; the account with
//! that login (now or once it signs up) sees the invitation and accepts or declines it, and
//! only an acceptance makes it a manager. The login is kept as typed-then-normalised rather
//! than as an account id, so that an invitation to a login without an account is stored and
//! answered exactly like one to an existing account: the inviter learns nothing either way.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261129_000002_create_access::UserAccount;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LearnerInvitation::Table)
                    .col(big_pk_auto(LearnerInvitation::Id))
                    .col(big_integer(LearnerInvitation::LearnerId))
                    // `shared::Login::as_str`: a lower-cased email or a mobile number in +84 form.
                    .col(string_len(LearnerInvitation::Login, 254))
                    .col(big_integer(LearnerInvitation::InvitedBy))
                    // `shared::learner::InvitationStatus`: PENDING, ACCEPTED, DECLINED.
                    .col(string_len(LearnerInvitation::Status, 16))
                    .col(timestamp_with_time_zone(LearnerInvitation::CreatedAt))
                    .col(timestamp_with_time_zone_null(LearnerInvitation::AnsweredAt))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_learner_invitation_learner",
                        (LearnerInvitation::Table, LearnerInvitation::LearnerId),
                        (Learner::Table, Learner::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_learner_invitation_invited_by",
                        (LearnerInvitation::Table, LearnerInvitation::InvitedBy),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // An account's page lists the invitations waiting for its login.
        crate::create_index(
            manager,
            "ix_learner_invitation_login_status",
            LearnerInvitation::Table,
            vec![LearnerInvitation::Login, LearnerInvitation::Status],
        )
        .await?;
        crate::create_index(
            manager,
            "ix_learner_invitation_learner",
            LearnerInvitation::Table,
            vec![LearnerInvitation::LearnerId],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LearnerInvitation::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Learner {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum LearnerInvitation {
    Table,
    Id,
    LearnerId,
    Login,
    InvitedBy,
    Status,
    CreatedAt,
    AnsweredAt,
}
