//! Facts about the running server.

use async_graphql::{Context, Object, SimpleObject};
use sea_orm::DatabaseConnection;

use super::error::ApiResult;

/// What is running and on what.
#[derive(SimpleObject)]
pub struct ServerInfo {
    /// The server's version (semver).
    version: String,
    /// The database engine in use: `SQLite` or `PostgreSQL`.
    database: String,
}

#[derive(Default)]
pub struct ServerQuery;

#[Object]
impl ServerQuery {
    /// The version of the server and the database it runs on.
    async fn server_info(&self, ctx: &Context<'_>) -> ApiResult<ServerInfo> {
        let db = ctx.data::<DatabaseConnection>()?;
        Ok(ServerInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            database: crate::db::engine_name(db).to_owned(),
        })
    }
}
