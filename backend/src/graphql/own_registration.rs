//! A person's own registrations for recognition on the API: the household and the citizen
//! they registered for themselves, and where each stands.

use async_graphql::{Context, Object, SimpleObject};
use chrono::NaiveDate;

use super::{
    error::ApiResult, guard::SignedInGuard, organization::actor_context,
    recognition::RecognitionRegistration,
};
use crate::service::society as service;

/// One of the viewer's own registrations, with the association it is at and the decision that
/// recognised it.
#[derive(SimpleObject, Clone, Debug)]
pub struct OwnRegistration {
    registration: RecognitionRegistration,
    /// The association it is registered with.
    organization_name: String,
    /// The association's number of the decision that recognised it, e.g. `12/QĐ-KH`.
    decision_number: Option<String>,
    /// The day that decision was signed.
    decision_signed_on: Option<NaiveDate>,
}

impl From<service::OwnRegistration> for OwnRegistration {
    fn from(found: service::OwnRegistration) -> Self {
        let (decision_number, decision_signed_on) = found
            .decision
            .map(|decision| (decision.number, decision.signed_on))
            .unzip();
        Self {
            registration: found.registration.into(),
            organization_name: found.organization_name,
            decision_number,
            decision_signed_on,
        }
    }
}

#[derive(Default)]
pub struct OwnRegistrationQuery;

#[Object]
impl OwnRegistrationQuery {
    /// The registrations of the household and the citizen the viewer registered for
    /// themselves, every year's, the latest first: a short list (one household and one
    /// citizen, each once a year).
    #[graphql(guard = "SignedInGuard")]
    async fn my_recognition_registrations(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Vec<OwnRegistration>> {
        let (db, _, actor) = actor_context(ctx)?;
        Ok(service::own_registrations(db, actor)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }
}
