//! The audit log: who did what to which object, when, with a before/after summary. Written in
//! the same transaction as the change it records, so one never exists without the other.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde_json::{Value, json};
use shared::{AuditAction, AuditObject};

use crate::{entity::audit_event, error::Result};

/// One entry of the audit log.
pub use crate::entity::audit_event::Model as Event;

/// Facts about the HTTP request a change came from.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub request_id: String,
    /// The client's IP address, for throttling and the log.
    pub address: String,
}

/// One event to record. `before`/`after` must never hold a password, hash or token.
#[derive(Debug)]
pub struct AuditEntry {
    pub actor_id: Option<i64>,
    pub action: AuditAction,
    pub object_type: AuditObject,
    pub object_id: Option<String>,
    pub organization_id: Option<i64>,
    pub before: Value,
    pub after: Value,
}

pub async fn record(
    db: &impl ConnectionTrait,
    meta: &RequestMeta,
    entry: AuditEntry,
) -> Result<()> {
    audit_event::ActiveModel {
        at: Set(Utc::now()),
        actor_id: Set(entry.actor_id),
        action: Set(entry.action),
        object_type: Set(entry.object_type),
        object_id: Set(entry.object_id),
        organization_id: Set(entry.organization_id),
        summary: Set(json!({ "before": entry.before, "after": entry.after }).to_string()),
        request_id: Set(Some(meta.request_id.clone()).filter(|id| !id.is_empty())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
