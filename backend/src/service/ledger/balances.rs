//! A fund's balances: read under lock, and changed by one conditional UPDATE that holds only
//! while the fund stays covered (rule 3), with a readable refusal when it would not.

use std::collections::BTreeMap;

use sea_orm::{
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};
use shared::{Money, ValidationError, ValidationReason};

use super::{
    super::{actor::MONEY_ROLES, actor::SignedIn, fund as funds},
    Authority,
};
use crate::{
    entity::fund,
    error::{Error, Result},
};

/// A fund that is open and whose money the actor may move.
pub(super) async fn open_fund(
    txn: &DatabaseTransaction,
    actor: &SignedIn,
    authority: Authority,
    fund_id: i64,
    field: &str,
    what: &str,
) -> Result<funds::FundWithOwner> {
    let found = funds::get_with_owner(txn, fund_id).await?;
    if authority == Authority::Roles {
        actor.require_any(&MONEY_ROLES, &found.owner, what)?;
    }
    if found.fund.archived_at.is_some() {
        return Err(archived(field));
    }
    Ok(found)
}

/// Applies each fund's change with one conditional UPDATE, in fund id order. The condition
/// is rule 3 itself, evaluated by the database on the row as it is when the write lands (on
/// PostgreSQL after waiting for any concurrent writer's lock), so no interleaving of
/// processes can overdraw a fund.
pub(super) async fn change_balances(
    txn: &DatabaseTransaction,
    changes: &BTreeMap<i64, (i64, i64)>,
) -> Result<()> {
    use fund::Column::{Id, PostedBalance, ReservedBalance};
    for (&fund_id, &(posted, reserved)) in changes {
        if posted == 0 && reserved == 0 {
            continue;
        }
        let new_posted = Expr::col(PostedBalance).add(posted);
        let new_reserved = Expr::col(ReservedBalance).add(reserved);
        let mut update = fund::Entity::update_many()
            .col_expr(PostedBalance, new_posted.clone())
            .col_expr(ReservedBalance, new_reserved.clone())
            .filter(Id.eq(fund_id));
        if posted - reserved < 0 {
            // Available falls: it must stay ≥ 0, i.e. posted − reserved ≥ −(Δposted − Δreserved).
            update = update.filter(
                Expr::col(PostedBalance)
                    .sub(Expr::col(ReservedBalance))
                    .gte(reserved - posted),
            );
        }
        if posted > 0 {
            update = update.filter(Expr::col(PostedBalance).lte(i64::MAX - posted));
        }
        let result = update.exec(txn).await?;
        if result.rows_affected == 0 {
            return Err(refusal(txn, fund_id, posted, reserved).await);
        }
    }
    Ok(())
}

/// Why a fund's conditional UPDATE changed nothing.
async fn refusal(txn: &DatabaseTransaction, fund_id: i64, posted: i64, reserved: i64) -> Error {
    let fund = match funds::get(txn, fund_id).await {
        Ok(fund) => fund,
        Err(error) => return error,
    };
    // Decided by which condition of the UPDATE could have failed, not by comparing again:
    // the row may have changed since (on PostgreSQL), and a refusal for want of money must
    // not come back as anything else.
    let overflows = posted > 0 && fund.posted_balance > i64::MAX - posted;
    if overflows {
        return ValidationError::new("amount", ValidationReason::Overflow).into();
    }
    Error::InsufficientFunds {
        available: Money::from_dong(fund.posted_balance - fund.reserved_balance),
        fund: fund.name,
        requested: Money::from_dong(reserved - posted),
    }
}

/// The refusal of a movement that names an archived fund (in `field`).
pub(super) fn archived(field: &str) -> Error {
    ValidationError::new(
        field,
        ValidationReason::Format {
            expected: "an open fund (this one is archived)".into(),
        },
    )
    .into()
}
