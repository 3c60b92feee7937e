//! A person's own registrations: the household and the citizen they registered for
//! themselves, every year's, with the association it is at and the decision that recognised
//! it.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::{super::actor::SignedIn, registration::Registration};
use crate::{
    entity::{organization, recognition_decision, society_registration, society_unit},
    error::{Error, Result},
};

/// One of a person's own registrations and where it stands.
#[derive(Debug, Clone)]
pub struct OwnRegistration {
    pub registration: Registration,
    /// The association it is registered with.
    pub organization_name: String,
    /// The decision that recognised it.
    pub decision: Option<recognition_decision::Model>,
}

/// The registrations of the units `actor` registered for themselves, the latest year first,
/// in three statements; their scores and decisions, but not the assessor's note, which is the
/// association's own working note. The list is short by construction: a person registers one household
/// and one citizen (the unique index on the unit's user and model), each once a year.
pub async fn own_registrations(
    db: &DatabaseConnection,
    actor: &SignedIn,
) -> Result<Vec<OwnRegistration>> {
    let rows = society_registration::Entity::find()
        .find_also_related(society_unit::Entity)
        .filter(society_unit::Column::UserId.eq(actor.user_id))
        .order_by_desc(society_registration::Column::Year)
        .order_by_asc(society_registration::Column::Id)
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut organization_ids: Vec<i64> = rows.iter().map(|(row, _)| row.organization_id).collect();
    organization_ids.sort_unstable();
    organization_ids.dedup();
    let names: HashMap<i64, String> = organization::Entity::find()
        .filter(organization::Column::Id.is_in(organization_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|found| (found.id, found.name))
        .collect();
    let decision_ids: Vec<i64> = rows.iter().filter_map(|(row, _)| row.decision_id).collect();
    let decisions: HashMap<i64, recognition_decision::Model> = if decision_ids.is_empty() {
        HashMap::new()
    } else {
        recognition_decision::Entity::find()
            .filter(recognition_decision::Column::Id.is_in(decision_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|found| (found.id, found))
            .collect()
    };
    rows.into_iter()
        .map(|(row, unit)| {
            let unit = unit
                .ok_or_else(|| Error::Internal(format!("registration {} has no unit", row.id)))?;
            let organization_name = names.get(&row.organization_id).cloned().ok_or_else(|| {
                Error::Internal(format!("registration {} has no organisation", row.id))
            })?;
            let decision = row.decision_id.and_then(|id| decisions.get(&id).cloned());
            let row = society_registration::Model { note: None, ..row };
            Ok(OwnRegistration {
                registration: Registration {
                    row,
                    unit,
                    documents: Vec::new(),
                },
                organization_name,
                decision,
            })
        })
        .collect()
}
