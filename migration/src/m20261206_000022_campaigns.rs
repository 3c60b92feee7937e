//! Campaigns: a fund's drives (a goal in đồng, a window), and what counts toward each — the
//! donations recorded for it (`campaign_donation`, beside the ledger, which is append-only and
//! stays as it was) and the pledges made to it.

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
                    .table(Campaign::Table)
                    .col(big_pk_auto(Campaign::Id))
                    .col(big_integer(Campaign::FundId))
                    .col(string_len(Campaign::Name, 200))
                    .col(text_null(Campaign::Description))
                    .col(big_integer(Campaign::Goal))
                    .col(date(Campaign::StartsOn))
                    .col(date(Campaign::EndsOn))
                    .col(big_integer(Campaign::CreatedBy))
                    .col(timestamp_with_time_zone(Campaign::CreatedAt))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_campaign_fund",
                        (Campaign::Table, Campaign::FundId),
                        (Fund::Table, Fund::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_campaign_created_by",
                        (Campaign::Table, Campaign::CreatedBy),
                        (UserAccount::Table, UserAccount::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // A fund's campaigns by name: one of each name.
        manager
            .create_index(
                Index::create()
                    .name("ux_campaign_fund_name")
                    .table(Campaign::Table)
                    .col(Campaign::FundId)
                    .col(Campaign::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CampaignDonation::Table)
                    // A transaction counts toward one campaign at most.
                    .col(big_integer(CampaignDonation::TransactionId).primary_key())
                    .col(big_integer(CampaignDonation::CampaignId))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_campaign_donation_transaction",
                        (CampaignDonation::Table, CampaignDonation::TransactionId),
                        (LedgerTransaction::Table, LedgerTransaction::Id),
                    ))
                    .foreign_key(&mut crate::restrict_fk(
                        "fk_campaign_donation_campaign",
                        (CampaignDonation::Table, CampaignDonation::CampaignId),
                        (Campaign::Table, Campaign::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // A campaign's donations, newest first (its progress and its latest donors).
        crate::create_index(
            manager,
            "ix_campaign_donation_campaign",
            CampaignDonation::Table,
            vec![
                CampaignDonation::CampaignId,
                CampaignDonation::TransactionId,
            ],
        )
        .await?;

        // The campaign a pledge was made to. No foreign key: SQLite cannot add one to an
        // existing table; the service checks the campaign is the pledge's fund's.
        manager
            .alter_table(
                Table::alter()
                    .table(Pledge::Table)
                    .add_column(ColumnDef::new(Pledge::CampaignId).big_integer().null())
                    .to_owned(),
            )
            .await?;
        crate::create_index(
            manager,
            "ix_pledge_campaign",
            Pledge::Table,
            vec![Pledge::CampaignId, Pledge::ExpiresAt],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_pledge_campaign")
                    .table(Pledge::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Pledge::Table)
                    .drop_column(Pledge::CampaignId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(CampaignDonation::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Campaign::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Fund {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum LedgerTransaction {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Pledge {
    Table,
    CampaignId,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Campaign {
    Table,
    Id,
    FundId,
    Name,
    Description,
    Goal,
    StartsOn,
    EndsOn,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CampaignDonation {
    Table,
    TransactionId,
    CampaignId,
}
