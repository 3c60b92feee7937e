//! The inbox: `notification` keeps what each person is told about applications (returned for
//! information, assigned for review, approved, rejected, paid, awaiting payment), written in
//! the same transaction as the move it tells of, and read or settled once seen or done.

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
                    .table(Notification::Table)
                    .col(big_pk_auto(Notification::Id))
                    .col(big_integer(Notification::UserId))
                    // `shared::NotificationKind`.
                    .col(string_len(Notification::Kind, 32))
                    .col(big_integer(Notification::ApplicationId))
                    .col(big_integer_null(Notification::ReviewId))
                    .col(timestamp_with_time_zone(Notification::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notification::ReadAt))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_notification_user",
                        (Notification::Table, Notification::UserId),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_notification_application",
                        (Notification::Table, Notification::ApplicationId),
                        (Application::Table, Application::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_notification_review",
                        (Notification::Table, Notification::ReviewId),
                        (Review::Table, Review::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // A person's inbox, newest first, a page at a time.
        crate::create_index(
            manager,
            "ix_notification_user",
            Notification::Table,
            vec![Notification::UserId, Notification::Id],
        )
        .await?;
        // The unread count in every page's header, and the unread-only list.
        crate::create_index(
            manager,
            "ix_notification_user_unread",
            Notification::Table,
            vec![Notification::UserId, Notification::ReadAt, Notification::Id],
        )
        .await?;
        // The tasks of an application, settled when it moves.
        crate::create_index(
            manager,
            "ix_notification_application",
            Notification::Table,
            vec![Notification::ApplicationId, Notification::Kind],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Notification::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Application {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Review {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Notification {
    Table,
    Id,
    UserId,
    Kind,
    ApplicationId,
    ReviewId,
    CreatedAt,
    ReadAt,
}
