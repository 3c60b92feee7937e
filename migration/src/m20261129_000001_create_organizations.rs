//! The organisation tree: city association → commune/ward → chapter → clan, any depth.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organization::Table)
                    .col(big_pk_auto(Organization::Id))
                    .col(big_integer_null(Organization::ParentId))
                    // Kind codes are validated by shared::OrganizationKind; a CHECK would have
                    // to be rewritten (a table rebuild on SQLite) each time a kind is added.
                    .col(string_len(Organization::Kind, 16))
                    .col(string_len(Organization::Name, 255))
                    // Materialised path of ids, `/1/7/42/`, so that "everything under this
                    // organisation" is one indexed prefix range instead of a walk up the tree
                    // row by row. Maintained by the service that creates and moves nodes.
                    .col(string_len(Organization::Path, 1024))
                    .col(string_len_null(Organization::AreaCode, 16))
                    .col(string_len_null(Organization::ContactEmail, 254))
                    .col(string_len_null(Organization::ContactPhone, 16))
                    .col(timestamp_with_time_zone_null(Organization::ArchivedAt))
                    .col(timestamp_with_time_zone(Organization::CreatedAt))
                    .col(timestamp_with_time_zone(Organization::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_organization_parent")
                            .from(Organization::Table, Organization::ParentId)
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_organization_parent_name")
                    .table(Organization::Table)
                    .col(Organization::ParentId)
                    .col(Organization::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_organization_path")
                    .table(Organization::Table)
                    .col(Organization::Path)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Organization::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Organization {
    Table,
    Id,
    ParentId,
    Kind,
    Name,
    Path,
    AreaCode,
    ContactEmail,
    ContactPhone,
    ArchivedAt,
    CreatedAt,
    UpdatedAt,
}
