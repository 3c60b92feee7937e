//! Access: user accounts, their sessions, memberships (roles on organisations), sign-in
//! attempts for throttling, and the audit log.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261129_000001_create_organizations::Organization;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(UserAccount::Table)
                    .col(big_pk_auto(UserAccount::Id))
                    // A user signs in with an email or a Vietnamese mobile number (or has
                    // both); each is unique when present. Stored in canonical form (lower-case
                    // email, national-form phone) by shared's parsers.
                    .col(string_len_null(UserAccount::Email, 254).unique_key())
                    .col(string_len_null(UserAccount::Phone, 16).unique_key())
                    .col(string_len(UserAccount::DisplayName, 120))
                    // PHC string: algorithm, parameters and salt travel with the hash, so the
                    // parameters can be raised later without a migration.
                    .col(string_len(UserAccount::PasswordHash, 255))
                    .col(timestamp_with_time_zone_null(UserAccount::DisabledAt))
                    .col(timestamp_with_time_zone(UserAccount::CreatedAt))
                    .col(timestamp_with_time_zone(UserAccount::UpdatedAt))
                    .check(
                        Expr::col(UserAccount::Email)
                            .is_not_null()
                            .or(Expr::col(UserAccount::Phone).is_not_null()),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Session::Table)
                    .col(big_pk_auto(Session::Id))
                    // SHA-256 of the cookie's token: a leaked table does not sign anyone in.
                    .col(string_len(Session::TokenHash, 64).unique_key())
                    .col(big_integer(Session::UserId))
                    .col(timestamp_with_time_zone(Session::CreatedAt))
                    .col(timestamp_with_time_zone(Session::LastSeenAt))
                    .col(timestamp_with_time_zone(Session::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Session::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_session_user")
                            .from(Session::Table, Session::UserId)
                            .to(UserAccount::Table, UserAccount::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_session_user")
                    .table(Session::Table)
                    .col(Session::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Membership::Table)
                    .col(big_pk_auto(Membership::Id))
                    .col(big_integer(Membership::UserId))
                    .col(big_integer(Membership::OrganizationId))
                    .col(string_len(Membership::Role, 32))
                    .col(big_integer_null(Membership::GrantedBy))
                    .col(timestamp_with_time_zone(Membership::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_membership_user")
                            .from(Membership::Table, Membership::UserId)
                            .to(UserAccount::Table, UserAccount::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_membership_organization")
                            .from(Membership::Table, Membership::OrganizationId)
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_membership_user_organization_role")
                    .table(Membership::Table)
                    .col(Membership::UserId)
                    .col(Membership::OrganizationId)
                    .col(Membership::Role)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_membership_organization")
                    .table(Membership::Table)
                    .col(Membership::OrganizationId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SignInAttempt::Table)
                    .col(big_pk_auto(SignInAttempt::Id))
                    // The login as typed, canonicalised; kept even when no such account
                    // exists so that probing unknown logins is throttled too.
                    .col(string_len(SignInAttempt::Login, 254))
                    .col(string_len(SignInAttempt::Address, 64))
                    .col(boolean(SignInAttempt::Succeeded))
                    .col(timestamp_with_time_zone(SignInAttempt::At))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_sign_in_attempt_login_at")
                    .table(SignInAttempt::Table)
                    .col(SignInAttempt::Login)
                    .col(SignInAttempt::At)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_sign_in_attempt_address_at")
                    .table(SignInAttempt::Table)
                    .col(SignInAttempt::Address)
                    .col(SignInAttempt::At)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditEvent::Table)
                    .col(big_pk_auto(AuditEvent::Id))
                    .col(timestamp_with_time_zone(AuditEvent::At))
                    // Null for anonymous actions (a failed sign-in, a sign-up).
                    .col(big_integer_null(AuditEvent::ActorId))
                    .col(string_len(AuditEvent::Action, 64))
                    .col(string_len(AuditEvent::ObjectType, 64))
                    .col(string_len_null(AuditEvent::ObjectId, 64))
                    // The organisation whose subtree the event belongs to, so that admins
                    // see the events of their subtree only.
                    .col(big_integer_null(AuditEvent::OrganizationId))
                    // JSON: `{"before": …, "after": …}`, never a password or a token.
                    .col(text(AuditEvent::Summary))
                    .col(string_len_null(AuditEvent::RequestId, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_event_at")
                    .table(AuditEvent::Table)
                    .col(AuditEvent::At)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_event_actor")
                    .table(AuditEvent::Table)
                    .col(AuditEvent::ActorId)
                    .col(AuditEvent::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_event_object")
                    .table(AuditEvent::Table)
                    .col(AuditEvent::ObjectType)
                    .col(AuditEvent::ObjectId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditEvent::Table.into_iden(),
            SignInAttempt::Table.into_iden(),
            Membership::Table.into_iden(),
            Session::Table.into_iden(),
            UserAccount::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub enum UserAccount {
    Table,
    Id,
    Email,
    Phone,
    DisplayName,
    PasswordHash,
    DisabledAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
    TokenHash,
    UserId,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum Membership {
    Table,
    Id,
    UserId,
    OrganizationId,
    Role,
    GrantedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SignInAttempt {
    Table,
    Id,
    Login,
    Address,
    Succeeded,
    At,
}

#[derive(DeriveIden)]
enum AuditEvent {
    Table,
    Id,
    At,
    ActorId,
    Action,
    ObjectType,
    ObjectId,
    OrganizationId,
    Summary,
    RequestId,
}
