//! A row of `pledge`: someone's word that they will transfer an amount to a fund, with the
//! reference code their transfer's note carries. Not money until a bank line is matched.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pledge")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `KH` and six characters, e.g. `KH7F3K9Q` (`shared::pledge::PledgeReference`).
    pub reference: String,
    pub fund_id: i64,
    /// The account the pledge's code pays into.
    pub bank_account_id: i64,
    pub amount: i64,
    pub donor_name: Option<String>,
    pub anonymous: bool,
    pub contact: Option<String>,
    /// The client address it came from (the hourly limit counts by it).
    pub address: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    /// The donation that fulfilled it.
    pub transaction_id: Option<i64>,
    /// The campaign it was made to, if any.
    pub campaign_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The fund it is for.
    #[sea_orm(
        belongs_to = "super::fund::Entity",
        from = "Column::FundId",
        to = "super::fund::Column::Id"
    )]
    Fund,
}

impl Related<super::fund::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Fund.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
