//! Reading awards: a program's awards for its staff and its fund's treasurers (with who may
//! see them checked in one statement), and its paid recipients and totals for the public.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use shared::{AwardStatus, Money};

use super::super::{
    Page,
    actor::{MONEY_ROLES, PROGRAM_ROLES, SignedIn},
    join_learner_of, learner as learners, organization, select_prefixed,
};
use crate::{
    entity::{
        application, award, award_tier, fund, learner, organization as organization_row, program,
    },
    error::{Error, Result},
};

/// An award with the learner it goes to and its tier's name, as the program's staff and the
/// fund's treasurers see it.
#[derive(Debug, Clone)]
pub struct AwardLine {
    pub award: award::Model,
    pub tier_name: String,
    pub learner: learner::Model,
}

/// The organisations that run a program and keep its fund (often the same one), in one
/// statement: who may see its awards.
async fn program_and_fund_owners(
    db: &impl ConnectionTrait,
    program_id: i64,
) -> Result<(organization_row::Model, organization_row::Model)> {
    use sea_orm::{
        FromQueryResult,
        sea_query::{Alias, Expr, ExprTrait as _, JoinType, Query},
    };
    let (p, f, po, fo) = (
        Alias::new("p"),
        Alias::new("f"),
        Alias::new("po"),
        Alias::new("fo"),
    );
    let mut query = Query::select();
    select_prefixed::<organization_row::Entity>(&mut query, &po, "po_");
    select_prefixed::<organization_row::Entity>(&mut query, &fo, "fo_");
    query
        .from_as(program::Entity, p.clone())
        .join_as(
            JoinType::InnerJoin,
            organization_row::Entity,
            po.clone(),
            Expr::col((po.clone(), organization_row::Column::Id))
                .equals((p.clone(), program::Column::OrganizationId)),
        )
        .join_as(
            JoinType::InnerJoin,
            fund::Entity,
            f.clone(),
            Expr::col((f.clone(), fund::Column::Id)).equals((p.clone(), program::Column::FundId)),
        )
        .join_as(
            JoinType::InnerJoin,
            organization_row::Entity,
            fo.clone(),
            Expr::col((fo.clone(), organization_row::Column::Id))
                .equals((f.clone(), fund::Column::OrganizationId)),
        )
        .and_where(Expr::col((p.clone(), program::Column::Id)).eq(program_id));
    let row = db.query_one(&query).await?.ok_or_else(|| Error::NotFound {
        entity: "Program",
        id: program_id.to_string(),
    })?;
    Ok((
        organization_row::Model::from_query_result(&row, "po_")?,
        organization_row::Model::from_query_result(&row, "fo_")?,
    ))
}

/// Refused unless the actor may see a program's awards: one of its program managers, or a
/// treasurer of its fund. One statement.
pub async fn require_award_reader(
    db: &impl ConnectionTrait,
    actor: &SignedIn,
    program_id: i64,
) -> Result<()> {
    let (runs_it, keeps_its_fund) = program_and_fund_owners(db, program_id).await?;
    if !actor.holds_any(&PROGRAM_ROLES, &runs_it.path) {
        actor.require_any(&MONEY_ROLES, &keeps_its_fund, "see this program's awards")?;
    }
    Ok(())
}

/// A page of a program's awards (of one status, or all), in the order they were decided: for
/// its program managers and the treasurers of its fund. The paid ones are the receipt list
/// signed at the award ceremony. One statement for who may see them, one for the page.
pub async fn of_program_as(
    db: &DatabaseConnection,
    actor: &SignedIn,
    program_id: i64,
    status: Option<AwardStatus>,
    after: Option<i64>,
    first: u64,
) -> Result<Page<AwardLine>> {
    ProgramAwards::open_as(db, actor, program_id, status)
        .await?
        .page(db, after, first)
        .await
}

/// A program's awards (of one status, or all) that someone may read: asked once, then read a
/// page at a time (an export reads many).
#[derive(Debug, Clone, Copy)]
pub struct ProgramAwards {
    program_id: i64,
    status: Option<AwardStatus>,
}

impl ProgramAwards {
    /// For the program's managers and the treasurers of its fund.
    pub async fn open_as(
        db: &impl ConnectionTrait,
        actor: &SignedIn,
        program_id: i64,
        status: Option<AwardStatus>,
    ) -> Result<Self> {
        require_award_reader(db, actor, program_id).await?;
        Ok(Self { program_id, status })
    }

    /// The awards after the award `after`, in the order they were decided.
    pub async fn page(
        &self,
        db: &DatabaseConnection,
        after: Option<i64>,
        first: u64,
    ) -> Result<Page<AwardLine>> {
        let Self { program_id, status } = *self;
        read_page(db, program_id, status, after, first).await
    }
}

async fn read_page(
    db: &DatabaseConnection,
    program_id: i64,
    status: Option<AwardStatus>,
    after: Option<i64>,
    first: u64,
) -> Result<Page<AwardLine>> {
    // One joined statement, ordered by the database: no list of the program's application ids
    // goes back to it (a city program's would pass the bind limit).
    use sea_orm::{
        FromQueryResult,
        sea_query::{Alias, Expr, ExprTrait as _, JoinType, Order, Query},
    };
    let (w, a, l, t) = (
        Alias::new("w"),
        Alias::new("a"),
        Alias::new("l"),
        Alias::new("t"),
    );
    let mut query = Query::select();
    select_prefixed::<award::Entity>(&mut query, &w, "w_");
    select_prefixed::<learner::Entity>(&mut query, &l, "l_");
    query
        .expr_as(
            Expr::col((t.clone(), award_tier::Column::Name)),
            Alias::new("tier_name"),
        )
        .from_as(award::Entity, w.clone())
        .join_as(
            JoinType::InnerJoin,
            application::Entity,
            a.clone(),
            Expr::col((a.clone(), application::Column::Id))
                .equals((w.clone(), award::Column::ApplicationId)),
        )
        .join_as(
            JoinType::InnerJoin,
            award_tier::Entity,
            t.clone(),
            Expr::col((t.clone(), award_tier::Column::Id))
                .equals((w.clone(), award::Column::TierId)),
        )
        .and_where(Expr::col((w.clone(), award::Column::ProgramId)).eq(program_id))
        // The order of the indexes on (program_id, status, id) and (program_id, id).
        .order_by((w.clone(), award::Column::Id), Order::Asc)
        .limit(first + 1);
    if let Some(status) = status {
        query.and_where(Expr::col((w.clone(), award::Column::Status)).eq(status));
    }
    if let Some(after) = after {
        query.and_where(Expr::col((w.clone(), award::Column::Id)).gt(after));
    }
    join_learner_of(&mut query, &a, &l);
    let mut lines = Vec::new();
    for row in db.query_all(&query).await? {
        lines.push(AwardLine {
            award: award::Model::from_query_result(&row, "w_")?,
            tier_name: row.try_get("", "tier_name")?,
            learner: learner::Model::from_query_result(&row, "l_")?,
        });
    }
    Ok(Page::from_overfetch(lines, first))
}

/// A recipient as the public sees them.
#[derive(Debug, Clone)]
pub struct PublicRecipient {
    /// The payment's ledger transaction: the public list is in the order awards were paid,
    /// so a page never misses an award paid while someone reads.
    pub paid_by_transaction: i64,
    /// The name's initials.
    pub name: String,
    /// The name of the learner's commune, when recorded.
    pub commune: Option<String>,
    pub amount: Money,
}

/// A page of the program's paid awards, in the order they were paid, for the public
/// recipients page: name initials, commune and amount (DESIGN: recipients shown by name
/// initials, commune and amount).
pub async fn recipients(
    db: &DatabaseConnection,
    program_id: i64,
    after: Option<i64>,
    first: u64,
) -> Result<Page<PublicRecipient>> {
    let mut query = award::Entity::find()
        .filter(award::Column::ProgramId.eq(program_id))
        .filter(award::Column::Status.eq(AwardStatus::Paid));
    if let Some(after) = after {
        query = query.filter(award::Column::SettlementId.gt(after));
    }
    let page = Page::from_overfetch(
        query
            .order_by_asc(award::Column::SettlementId)
            .limit(first + 1)
            .all(db)
            .await?,
        first,
    );
    let applications = application::Entity::find()
        .filter(application::Column::Id.is_in(page.items.iter().map(|a| a.application_id)))
        .all(db)
        .await?;
    let learners = learners::get_many(db, applications.iter().map(|a| a.learner_id)).await?;
    let commune_ids: Vec<i64> = learners.iter().filter_map(|l| l.commune_id).collect();
    let communes = organization::get_many(db, &commune_ids).await?;
    let items = page
        .items
        .iter()
        .filter_map(|held| {
            let application = applications.iter().find(|a| a.id == held.application_id)?;
            let learner = learners.iter().find(|l| l.id == application.learner_id)?;
            Some(PublicRecipient {
                paid_by_transaction: held.settlement_id?,
                name: initials(&learner.full_name),
                commune: learner
                    .commune_id
                    .and_then(|id| communes.iter().find(|c| c.id == id).map(|c| c.name.clone())),
                amount: Money::from_dong(held.amount),
            })
        })
        .collect();
    Ok(Page {
        items,
        has_next_page: page.has_next_page,
    })
}

/// How many awards of a program there are (of one status, or all) and their total: what the
/// public page sums up for the paid ones, and the payouts page for those to pay.
pub async fn totals(
    db: &DatabaseConnection,
    program_id: i64,
    status: Option<AwardStatus>,
) -> Result<(i64, Money)> {
    use sea_orm::{
        QueryTrait,
        sea_query::{Expr, ExprTrait},
    };
    let row: Option<(i64, Option<i64>)> = award::Entity::find()
        .select_only()
        .column_as(Expr::col(award::Column::Id).count(), "count")
        .column_as(
            Expr::col(award::Column::Amount).sum().cast_as("BIGINT"),
            "total",
        )
        .filter(award::Column::ProgramId.eq(program_id))
        .apply_if(status, |query, status| {
            query.filter(award::Column::Status.eq(status))
        })
        .into_tuple()
        .one(db)
        .await?;
    let (count, total) = row.unwrap_or((0, None));
    Ok((count, Money::from_dong(total.unwrap_or(0))))
}

/// `Lê Minh Anh` → `L. M. A.`: the initials of every word of the name, as the public sees a
/// recipient (a given name in full, with the commune, would often name a child outright).
pub fn initials(full_name: &str) -> String {
    full_name
        .split_whitespace()
        .filter_map(|word| word.chars().next())
        .map(|c| format!("{c}."))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_are_shown_by_the_initials_of_their_names() {
        assert_eq!(initials("Lê Minh Anh"), "L. M. A.");
        assert_eq!(initials("Anh"), "A.");
        assert_eq!(initials("  Nguyễn   Thị  Ánh  Tuyết "), "N. T. Á. T.");
        assert_eq!(initials(""), "");
    }
}
