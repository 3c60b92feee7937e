//! Funds and donors: creating them, finding them, and who may move a fund's money.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Set,
};
use serde_json::json;
use shared::{AuditAction, AuditObject, DonorKind};

use super::{
    Page,
    actor::MONEY_ROLES,
    actor::SignedIn,
    audit::{self, AuditEntry, RequestMeta},
    organization,
};
use crate::{
    entity::{donor, fund, organization as organization_row},
    error::{Error, Result},
};

/// A fund and a donor as the service reads them.
pub use crate::entity::{donor::Model as Donor, fund::Model as Fund};

/// What it takes to open a fund.
#[derive(Debug, Clone)]
pub struct FundForCreate {
    pub organization_id: i64,
    pub name: String,
    pub purpose: Option<String>,
}

/// What it takes to record a donor.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DonorForCreate {
    pub kind: DonorKind,
    pub name: String,
    pub anonymous: bool,
    pub contact: Option<String>,
}

/// Which funds a list returns.
#[derive(Debug, Clone, Default)]
pub struct FundFilter {
    /// Only funds of organisations in this one's subtree (itself included).
    pub within: Option<i64>,
    /// Only funds of this organisation itself.
    pub organization_id: Option<i64>,
    /// Only funds whose name contains this, folded (`shared::text::folded`); empty for all.
    pub search: String,
}

const NAME_MAX_CHARS: usize = 200;
const PURPOSE_MAX_CHARS: usize = 2_000;

/// A fund and the organisation that owns it.
#[derive(Debug, Clone)]
pub struct FundWithOwner {
    pub fund: fund::Model,
    pub owner: organization_row::Model,
}

impl FundWithOwner {
    /// A fund read with its organisation (`find_also_related`), which every fund has.
    pub(crate) fn joined(
        (fund, owner): (fund::Model, Option<organization_row::Model>),
    ) -> Result<Self> {
        let owner = owner
            .ok_or_else(|| Error::Internal(format!("fund {} has no organisation", fund.id)))?;
        Ok(Self { fund, owner })
    }
}

/// Opens a fund for an organisation the actor administers, and audits it. With no actor (the
/// seed), like the seeded organisations, it is neither checked nor audited: reference data
/// is not anyone's change.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn create(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: Option<&SignedIn>,
    input: FundForCreate,
) -> Result<fund::Model> {
    let name = shared::text::required_line("name", &input.name, NAME_MAX_CHARS)?;
    let purpose = shared::text::paragraphs(
        "purpose",
        input.purpose.as_deref().unwrap_or_default(),
        PURPOSE_MAX_CHARS,
    )?;
    let purpose = Some(purpose).filter(|text| !text.is_empty());
    let txn = crate::db::begin_write(db).await?;
    let owner = organization::get(&txn, input.organization_id).await?;
    if let Some(actor) = actor {
        organization::require_admin(actor, &owner)?;
    }
    let created = fund::ActiveModel {
        organization_id: Set(owner.id),
        search_text: Set(shared::text::folded(&name)),
        name: Set(name),
        purpose: Set(purpose),
        posted_balance: Set(0),
        reserved_balance: Set(0),
        created_at: Set(Utc::now()),
        archived_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        Error::unique_violation_as_conflict(e, "this organisation already has a fund of that name")
    })?;
    if let Some(actor) = actor {
        let entry = AuditEntry {
            actor_id: Some(actor.user_id),
            action: AuditAction::FundCreated,
            object_type: AuditObject::Fund,
            object_id: Some(created.id.to_string()),
            organization_id: Some(owner.id),
            before: json!(null),
            after: json!({ "name": created.name, "purpose": created.purpose }),
        };
        audit::record(&txn, meta, entry).await?;
    }
    txn.commit().await?;
    Ok(created)
}

/// One fund by id.
pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<fund::Model> {
    fund::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "Fund",
            id: id.to_string(),
        })
}

/// An organisation's fund by name.
pub async fn find_by_name(
    db: &impl ConnectionTrait,
    organization_id: i64,
    name: &str,
) -> Result<Option<fund::Model>> {
    Ok(fund::Entity::find()
        .filter(fund::Column::OrganizationId.eq(organization_id))
        .filter(fund::Column::Name.eq(name))
        .one(db)
        .await?)
}

/// One fund with its owner, in one statement.
pub async fn get_with_owner(db: &impl ConnectionTrait, id: i64) -> Result<FundWithOwner> {
    let not_found = || Error::NotFound {
        entity: "Fund",
        id: id.to_string(),
    };
    let (fund, owner) = fund::Entity::find_by_id(id)
        .find_also_related(crate::entity::organization::Entity)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let owner = owner.ok_or_else(|| Error::Internal(format!("fund {id} has no organisation")))?;
    Ok(FundWithOwner { fund, owner })
}

/// Funds by id, in no particular order (for the DataLoader).
pub async fn get_many(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<fund::Model>> {
    Ok(fund::Entity::find()
        .filter(fund::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

/// A page of open funds in id order, after the cursor `after` (an id), each with its owner.
/// Funds are public: the disclosure that charity funds owe starts with their names and
/// balances.
#[tracing::instrument(skip(db))]
pub async fn list(
    db: &DatabaseConnection,
    filter: &FundFilter,
    after: Option<i64>,
    first: u64,
) -> Result<Page<FundWithOwner>> {
    let mut query = fund::Entity::find()
        .find_also_related(crate::entity::organization::Entity)
        .filter(fund::Column::ArchivedAt.is_null());
    if let Some(root) = filter.within {
        let root_path = organization::get(db, root).await?.path;
        let ids = organization_row::Entity::find()
            .select_only()
            .column(organization_row::Column::Id)
            .filter(organization::within(&root_path))
            .into_query();
        query = query.filter(fund::Column::OrganizationId.in_subquery(ids));
    }
    if let Some(organization_id) = filter.organization_id {
        query = query.filter(fund::Column::OrganizationId.eq(organization_id));
    }
    if !filter.search.is_empty() {
        use sea_orm::sea_query::{Expr, ExprTrait as _};
        query = query.filter(
            Expr::col((fund::Entity, fund::Column::SearchText))
                .like(super::containing(&filter.search)),
        );
    }
    if let Some(after) = after {
        query = query.filter(fund::Column::Id.gt(after));
    }
    let items = query
        .order_by_asc(fund::Column::Id)
        .limit(first + 1)
        .all(db)
        .await?
        .into_iter()
        .map(FundWithOwner::joined)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::from_overfetch(items, first))
}

/// Records a donor under an organisation, inside the caller's transaction.
pub async fn insert_donor(
    txn: &impl ConnectionTrait,
    organization_id: i64,
    input: &DonorForCreate,
) -> Result<donor::Model> {
    let name = shared::text::required_line("donor.name", &input.name, NAME_MAX_CHARS)?;
    let contact =
        shared::text::optional_line("donor.contact", input.contact.as_deref().unwrap_or(""), 200)?;
    Ok(donor::ActiveModel {
        organization_id: Set(organization_id),
        kind: Set(input.kind),
        search_text: Set(shared::text::folded(&name)),
        name: Set(name),
        anonymous: Set(input.anonymous),
        contact: Set(contact),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?)
}

/// One donor by id.
pub async fn get_donor(db: &impl ConnectionTrait, id: i64) -> Result<donor::Model> {
    donor::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            entity: "Donor",
            id: id.to_string(),
        })
}

/// A page of the donors recorded by an organisation the actor keeps money for, whose name
/// contains `search`, by name (then id), after the donor `after`; from the index on
/// (organization_id, name).
pub async fn search_donors(
    db: &DatabaseConnection,
    actor: &SignedIn,
    organization_id: i64,
    search: &str,
    after: Option<i64>,
    first: u64,
) -> Result<Page<donor::Model>> {
    use sea_orm::sea_query::{Expr, ExprTrait as _};
    let search = shared::text::folded(&shared::text::search("search", search)?);
    let owner = organization::get(db, organization_id).await?;
    actor.require_any(&MONEY_ROLES, &owner, "see this organisation's donors")?;
    let mut query = donor::Entity::find()
        .filter(donor::Column::OrganizationId.eq(organization_id))
        .filter(Expr::col(donor::Column::SearchText).like(super::containing(&search)));
    if let Some(after) = after {
        // Keyset on (name, id): the cursor is a donor's id, its name read in the query.
        let name_of_after = donor::Entity::find()
            .select_only()
            .column(donor::Column::Name)
            .filter(donor::Column::Id.eq(after))
            .into_query();
        query = query.filter(super::keyset_after(
            || Expr::col(donor::Column::Name),
            Expr::col(donor::Column::Id),
            || super::key_of_row(&name_of_after),
            after,
            &sea_orm::sea_query::Order::Asc,
            &sea_orm::sea_query::Order::Asc,
        ));
    }
    let items = query
        .order_by_asc(donor::Column::Name)
        .order_by_asc(donor::Column::Id)
        .limit(first + 1)
        .all(db)
        .await?;
    Ok(Page::from_overfetch(items, first))
}
