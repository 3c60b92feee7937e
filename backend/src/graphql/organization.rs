//! Organisations in the GraphQL API.

use std::collections::HashMap;

use async_graphql::{
    ComplexObject, Context, ID, Object, SimpleObject,
    connection::{Connection, CursorType},
    dataloader::{DataLoader, Loader},
};
use sea_orm::DatabaseConnection;
use shared::{OrganizationKind, Role};

use super::guard::RoleGuard;
use super::{
    error::{ApiError, ApiResult},
    scalars::{
        DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, connection, decode_cursor, name_search, page_size,
        parse_id,
    },
};
use crate::{
    error::Error,
    service::{
        actor::{SignedIn, Viewer},
        audit::RequestMeta,
        organization::{self as service, OrganizationFilter},
    },
};

/// A learning-promotion association at some level of the tree: the city association, a
/// commune's or ward's, a chapter, or a clan council.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(complex)]
pub struct Organization {
    /// Stable identifier.
    id: ID,
    /// Full name, e.g. `Hội Khuyến học phường Cầu Giấy`.
    name: String,
    /// Level in the tree.
    kind: OrganizationKind,
    /// The organisation directly above, if any.
    parent_id: Option<ID>,
    /// Administrative area code of the commune or city, when known.
    area_code: Option<String>,
    /// Distance from the root of the tree: 0 for a city association.
    depth: i32,
    #[graphql(skip)]
    parent_key: Option<i64>,
    /// The materialised path, `/1/7/`, for checking roles held above.
    #[graphql(skip)]
    pub(super) path: String,
}

impl TryFrom<service::Organization> for Organization {
    type Error = Error;

    fn try_from(model: service::Organization) -> Result<Self, Error> {
        let kind = model.kind;
        // `/1/7/42/` has three ids: depth 2.
        let depth = model.path.matches('/').count().saturating_sub(2);
        Ok(Self {
            id: ID(model.id.to_string()),
            name: model.name,
            kind,
            parent_id: model.parent_id.map(|id| ID(id.to_string())),
            area_code: model.area_code,
            depth: i32::try_from(depth).unwrap_or(i32::MAX),
            parent_key: model.parent_id,
            path: model.path,
        })
    }
}

#[ComplexObject]
impl Organization {
    /// The organisation directly above, if any.
    async fn parent(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        let Some(parent_id) = self.parent_key else {
            return Ok(None);
        };
        Ok(ctx
            .data::<DataLoader<OrganizationLoader>>()?
            .load_one(parent_id)
            .await?)
    }
}

/// Batches the organisations a response needs into one query per level of the response.
pub struct OrganizationLoader {
    db: DatabaseConnection,
}

impl OrganizationLoader {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

impl Loader<i64> for OrganizationLoader {
    type Value = Organization;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Organization>, Self::Error> {
        let rows = service::get_many(&self.db, keys).await?;
        rows.into_iter()
            .map(|model| Ok((model.id, Organization::try_from(model)?)))
            .collect::<Result<_, Error>>()
            .map_err(|error| ApiError::from(error).into())
    }
}

/// How many organisations of one level the tree holds.
#[derive(SimpleObject, Clone, Debug)]
pub struct OrganizationCount {
    pub kind: OrganizationKind,
    pub count: i64,
}

#[derive(Default)]
pub struct OrganizationQuery;

#[Object]
impl OrganizationQuery {
    /// Organisations in the tree, oldest first, a page at a time. Archived ones are left out.
    // Each filter is an argument of the field.
    #[allow(clippy::too_many_arguments)]
    #[graphql(
        complexity = "first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(0, MAX_PAGE_SIZE) as usize * child_complexity + 1"
    )]
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return (1–100, default 50).")] first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page.")] after: Option<String>,
        #[graphql(desc = "Only organisations of this level.")] kind: Option<OrganizationKind>,
        #[graphql(desc = "Only the direct children of this organisation.")] parent_id: Option<ID>,
        #[graphql(desc = "Only this organisation and everything under it.")] within: Option<ID>,
        #[graphql(
            desc = "Only those whose name contains this, with or without diacritics, in any case."
        )]
        search: Option<String>,
    ) -> ApiResult<Connection<String, Organization>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let first = page_size(first)?;
        let after = after.as_deref().map(decode_cursor).transpose()?;
        let filter = OrganizationFilter {
            kind,
            parent_id: parent_id
                .as_ref()
                .map(|id| parse_id("parentId", id))
                .transpose()?,
            within: within
                .as_ref()
                .map(|id| parse_id("within", id))
                .transpose()?,
            search: name_search(search.as_deref())?,
        };
        let page = service::list(db, &filter, after, first).await?;
        connection(page, after.is_some(), |model| {
            Ok((model.id.encode_cursor(), Organization::try_from(model)?))
        })
    }

    /// How many organisations the tree holds, per level that has any (archived ones left
    /// out), in the order of the levels. Public.
    async fn organization_counts(&self, ctx: &Context<'_>) -> ApiResult<Vec<OrganizationCount>> {
        let db = ctx.data::<DatabaseConnection>()?;
        Ok(service::count_by_kind(db)
            .await?
            .into_iter()
            .map(|(kind, count)| OrganizationCount { kind, count })
            .collect())
    }

    /// One organisation by id.
    async fn organization(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Organization> {
        let db = ctx.data::<DatabaseConnection>()?;
        let model = service::get(db, parse_id("id", &id)?).await?;
        Ok(Organization::try_from(model)?)
    }
}

/// What it takes to create an organisation.
#[derive(async_graphql::InputObject, Debug)]
pub struct CreateOrganizationInput {
    /// The organisation it belongs under (one you administer).
    parent_id: ID,
    /// Its level.
    kind: OrganizationKind,
    /// Full name, e.g. `Chi hội Khuyến học thôn Giang Cao`.
    name: String,
    /// Administrative area code, if any.
    area_code: Option<String>,
}

#[derive(Default)]
pub struct OrganizationMutation;

#[Object]
impl OrganizationMutation {
    /// Creates an organisation under one you administer.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn create_organization(
        &self,
        ctx: &Context<'_>,
        input: CreateOrganizationInput,
    ) -> ApiResult<Organization> {
        let (db, meta, actor) = actor_context(ctx)?;
        let input = service::OrganizationForCreate {
            parent_id: Some(parse_id("parentId", &input.parent_id)?),
            kind: input.kind,
            name: input.name,
            area_code: input.area_code,
        };
        Ok(service::create_as(db, meta, actor, input)
            .await?
            .try_into()?)
    }

    /// Renames an organisation you administer.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn rename_organization(
        &self,
        ctx: &Context<'_>,
        id: ID,
        name: String,
    ) -> ApiResult<Organization> {
        let (db, meta, actor) = actor_context(ctx)?;
        Ok(
            service::rename_as(db, meta, actor, parse_id("id", &id)?, &name)
                .await?
                .try_into()?,
        )
    }

    /// Moves an organisation, with everything under it, under another one (you must
    /// administer both).
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn move_organization(
        &self,
        ctx: &Context<'_>,
        id: ID,
        parent_id: ID,
    ) -> ApiResult<Organization> {
        let (db, meta, actor) = actor_context(ctx)?;
        let (id, parent_id) = (parse_id("id", &id)?, parse_id("parentId", &parent_id)?);
        Ok(service::move_as(db, meta, actor, id, parent_id)
            .await?
            .try_into()?)
    }

    /// Archives an organisation you administer: it leaves lists; its history stays.
    #[graphql(guard = "RoleGuard(Role::Admin)")]
    async fn archive_organization(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Organization> {
        let (db, meta, actor) = actor_context(ctx)?;
        Ok(service::archive_as(db, meta, actor, parse_id("id", &id)?)
            .await?
            .try_into()?)
    }
}

/// The database, the request's facts and the signed-in actor, as a mutation needs them.
pub(super) fn actor_context<'a>(
    ctx: &'a Context<'_>,
) -> ApiResult<(&'a DatabaseConnection, &'a RequestMeta, &'a SignedIn)> {
    let viewer = ctx.data::<Viewer>()?;
    Ok((
        ctx.data::<DatabaseConnection>()?,
        ctx.data::<RequestMeta>()?,
        viewer.signed_in()?,
    ))
}
