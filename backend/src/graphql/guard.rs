//! Guards: who may reach a field at all, declared where the field is declared. They are the
//! coarse, first check; services check again per object (an admin of one commune is not an
//! admin of another), so a guard alone never grants access to data.

use async_graphql::{Context, Guard};
use shared::Role;

use super::error::ApiError;
use crate::{error::Error, service::actor::Viewer};

/// Only signed-in users.
pub struct SignedInGuard;

impl Guard for SignedInGuard {
    async fn check(&self, ctx: &Context<'_>) -> async_graphql::Result<()> {
        let viewer = ctx.data::<Viewer>()?;
        viewer
            .signed_in()
            .map(|_| ())
            .map_err(|error| ApiError::from(error).into())
    }
}

/// Only users who hold `role` on some organisation.
pub struct RoleGuard(pub Role);

impl Guard for RoleGuard {
    async fn check(&self, ctx: &Context<'_>) -> async_graphql::Result<()> {
        let viewer = ctx.data::<Viewer>()?;
        let user = viewer.signed_in().map_err(ApiError::from)?;
        if user.holds_anywhere(self.0) {
            Ok(())
        } else {
            Err(ApiError::from(Error::Forbidden(format!(
                "This needs the {} role.",
                self.0.code()
            )))
            .into())
        }
    }
}
