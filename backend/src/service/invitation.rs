//! Invitations to manage a learner: how a second guardian, the learner grown up, or a
//! chapter's staff come to manage a profile already registered.
//!
//! A manager (or the staff of the learner's subtree) invites a login; nothing is linked until
//! the account with that login accepts on its own account page. The inviter gets the same
//! answer whether or not the login has an account, so an invitation cannot be used to find
//! out who has one; an invitation to a login without an account waits for it to sign up.
//! An invitation lapses after [`VALID_DAYS`], and is honoured only while its inviter still
//! may see the learner in full.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    sea_query::Expr,
};
use serde_json::json;
use shared::{AuditAction, InvitationStatus, Login};

use super::{actor::SignedIn, audit::RequestMeta, learner as learners};
use crate::{
    entity::{learner, learner_invitation, learner_manager, user_account},
    error::{Error, Result},
};

/// How long an invitation waits for its answer. Logins are not verified yet, so an address
/// typed by mistake, or one that someone else signs up with later, must not stay an open door.
pub const VALID_DAYS: i64 = 14;

/// The oldest moment an invitation still pending may have been sent at.
fn valid_since() -> chrono::DateTime<Utc> {
    Utc::now() - chrono::TimeDelta::days(VALID_DAYS)
}

/// An invitation as the invited account sees it.
#[derive(Debug, Clone)]
pub struct InvitationView {
    pub invitation: learner_invitation::Model,
    pub learner_name: String,
    pub invited_by_name: String,
}

/// Invites `login` to manage the learner. For those who may see the learner in full (its
/// managers and the staff of its subtree); NOT_FOUND for anyone else. Inviting a login that
/// already manages the learner, or is already invited, changes nothing and answers the same.
#[tracing::instrument(skip(db, meta, actor, login))]
pub async fn invite_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    learner_id: i64,
    login: &str,
) -> Result<learner::Model> {
    let login = Login::parse(login)?;
    let txn = crate::db::begin_write(db).await?;
    // One invitation at a time per learner, so two of the same login do not both get in.
    crate::db::lock_rows::<learner::Entity>(&txn, learner::Column::Id, [learner_id]).await?;
    let found = learners::get(&txn, learner_id).await?;
    if learners::access_of(&txn, actor, &found).await?.is_none() {
        return Err(Error::NotFound {
            entity: "Learner",
            id: learner_id.to_string(),
        });
    }
    let already_manages = match super::access::find_by_login(&txn, &login).await? {
        Some(user) => learners::is_manager(&txn, user.id, found.id).await?,
        None => false,
    };
    let already_invited = learner_invitation::Entity::find()
        .filter(learner_invitation::Column::LearnerId.eq(found.id))
        .filter(learner_invitation::Column::Login.eq(login.as_str()))
        .filter(learner_invitation::Column::Status.eq(InvitationStatus::Pending))
        .filter(learner_invitation::Column::CreatedAt.gt(valid_since()))
        .one(&txn)
        .await?
        .is_some();
    if !already_manages && !already_invited {
        let invitation = learner_invitation::ActiveModel {
            learner_id: Set(found.id),
            login: Set(login.as_str().to_owned()),
            invited_by: Set(actor.user_id),
            status: Set(InvitationStatus::Pending),
            created_at: Set(Utc::now()),
            answered_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let after = json!({ "invitationId": invitation.id, "login": login.as_str() });
        learners::record(
            &txn,
            meta,
            actor,
            AuditAction::LearnerManagerInvited,
            &found,
            json!(null),
            after,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(found)
}

/// The logins an account can be invited under.
fn logins_of(user: &user_account::Model) -> Vec<String> {
    [user.email.clone(), user.phone.clone()]
        .into_iter()
        .flatten()
        .collect()
}

/// The invitations waiting for the actor's answer, oldest first.
pub async fn pending_for(db: &DatabaseConnection, actor: &SignedIn) -> Result<Vec<InvitationView>> {
    let user = super::access::get_user(db, actor.user_id).await?;
    let invitations = learner_invitation::Entity::find()
        .filter(learner_invitation::Column::Login.is_in(logins_of(&user)))
        .filter(learner_invitation::Column::Status.eq(InvitationStatus::Pending))
        .filter(learner_invitation::Column::CreatedAt.gt(valid_since()))
        .order_by_asc(learner_invitation::Column::Id)
        .all(db)
        .await?;
    let learner_ids: Vec<i64> = invitations.iter().map(|i| i.learner_id).collect();
    let learners = learners::get_many(db, learner_ids).await?;
    let inviter_ids: Vec<i64> = invitations.iter().map(|i| i.invited_by).collect();
    let inviters = user_account::Entity::find()
        .filter(user_account::Column::Id.is_in(inviter_ids))
        .all(db)
        .await?;
    Ok(invitations
        .into_iter()
        .map(|invitation| InvitationView {
            learner_name: learners
                .iter()
                .find(|l| l.id == invitation.learner_id)
                .map(|l| l.full_name.clone())
                .unwrap_or_default(),
            invited_by_name: inviters
                .iter()
                .find(|u| u.id == invitation.invited_by)
                .map(|u| u.display_name.clone())
                .unwrap_or_default(),
            invitation,
        })
        .collect())
}

/// Accepts (the actor then manages the learner) or declines an invitation to the actor's
/// login. NOT_FOUND for an invitation to anyone else; CONFLICT once it has been answered.
#[tracing::instrument(skip(db, meta, actor))]
pub async fn answer_as(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    actor: &SignedIn,
    invitation_id: i64,
    accept: bool,
) -> Result<learner_invitation::Model> {
    let not_found = || Error::NotFound {
        entity: "Invitation",
        id: invitation_id.to_string(),
    };
    let txn = crate::db::begin_write(db).await?;
    crate::db::lock_rows::<learner_invitation::Entity>(
        &txn,
        learner_invitation::Column::Id,
        [invitation_id],
    )
    .await?;
    let user = super::access::get_user(&txn, actor.user_id).await?;
    let invitation = learner_invitation::Entity::find_by_id(invitation_id)
        .one(&txn)
        .await?
        .filter(|invitation| logins_of(&user).contains(&invitation.login))
        .ok_or_else(not_found)?;
    if invitation.status != InvitationStatus::Pending {
        return Err(Error::Conflict(
            "this invitation has already been answered".into(),
        ));
    }
    if invitation.created_at <= valid_since() {
        return Err(Error::Conflict(format!(
            "this invitation lapsed after {VALID_DAYS} days; ask for a new one"
        )));
    }
    let found = learners::get(&txn, invitation.learner_id).await?;
    let inviter = SignedIn {
        user_id: invitation.invited_by,
        session_id: 0,
        grants: super::actor::grants_of(&txn, invitation.invited_by).await?,
    };
    if accept && learners::access_of(&txn, &inviter, &found).await?.is_none() {
        return Err(Error::Conflict(
            "whoever invited you no longer manages this learner; ask a current manager".into(),
        ));
    }
    let status = if accept {
        InvitationStatus::Accepted
    } else {
        InvitationStatus::Declined
    };
    let now = Utc::now();
    learner_invitation::Entity::update_many()
        .col_expr(learner_invitation::Column::Status, Expr::value(status))
        .col_expr(learner_invitation::Column::AnsweredAt, Expr::value(now))
        .filter(learner_invitation::Column::Id.eq(invitation.id))
        .exec(&txn)
        .await?;
    if accept && !learners::is_manager(&txn, user.id, found.id).await? {
        learner_manager::ActiveModel {
            learner_id: Set(found.id),
            user_id: Set(user.id),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let action = if accept {
        AuditAction::LearnerManagerAdded
    } else {
        AuditAction::LearnerInvitationDeclined
    };
    let before = json!({ "invitationId": invitation.id });
    let after = json!({ "userId": user.id, "status": status });
    learners::record(&txn, meta, actor, action, &found, before, after).await?;
    txn.commit().await?;
    Ok(learner_invitation::Model {
        status,
        answered_at: Some(now),
        ..invitation
    })
}
