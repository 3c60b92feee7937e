//! Idempotency keys (DESIGN.md §4, rule 4): a request that moves money is applied once per
//! key. The key is claimed in the same database transaction as the work it guards; the same
//! key and request again replays the first result, another request under it is a `CONFLICT`.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, Set, sea_query::Expr,
};
use shared::IdempotencyKey;

use crate::{
    entity::idempotency_key,
    error::{Error, Result},
};

/// What claiming an idempotency key found.
pub enum Claim {
    /// The key is new: it is claimed inside `txn`, where the request's work is to be done,
    /// then [`finish`]ed with the ledger transaction it produced.
    Fresh {
        txn: DatabaseTransaction,
        key_id: i64,
    },
    /// The same request was applied before: this is the ledger transaction it produced.
    Done(i64),
}

/// The hash an idempotency key's request is recognised by.
pub fn request_hash(request: &impl serde::Serialize) -> Result<String> {
    Ok(super::sha256_hex(
        &serde_json::to_vec(request).map_err(|e| Error::Internal(e.to_string()))?,
    ))
}

/// Claims `key` for a request (`operation`, `hash`) in a new write transaction, or finds what
/// the same request produced before; the same key with another request is a `CONFLICT`.
///
/// The key is inserted before any money moves: a concurrent retry then waits on the unique
/// index (PostgreSQL) or the write lock (SQLite) instead of racing the first attempt, and if
/// the first attempt fails, its claim rolls back with it and a retry starts afresh.
pub async fn claim(
    db: &DatabaseConnection,
    user_id: i64,
    key: &IdempotencyKey,
    operation: &str,
    hash: &str,
) -> Result<Claim> {
    // A second attempt is only needed when a concurrent request with the same key won the
    // race to insert it (PostgreSQL); the retry then finds its result and replays it.
    for _ in 0..3 {
        let txn = crate::db::begin_write(db).await?;
        if let Some(done) = find_key(&txn, user_id, key).await? {
            return Ok(Claim::Done(replay(&done, operation, hash)?));
        }
        let claimed = idempotency_key::ActiveModel {
            user_id: Set(user_id),
            key: Set(key.as_str().to_owned()),
            operation: Set(operation.to_owned()),
            request_hash: Set(hash.to_owned()),
            transaction_id: Set(None),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await;
        match claimed {
            Ok(claimed) => {
                return Ok(Claim::Fresh {
                    txn,
                    key_id: claimed.id,
                });
            }
            Err(error) if is_unique_violation(&error) => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Err(Error::InProgress(
        "another request with this idempotency key is still being applied; retry shortly with the \
         same key"
            .into(),
    ))
}

/// Records what a claimed key's request produced, and commits its transaction.
pub async fn finish(txn: DatabaseTransaction, key_id: i64, transaction_id: i64) -> Result<()> {
    idempotency_key::Entity::update_many()
        .col_expr(
            idempotency_key::Column::TransactionId,
            Expr::value(transaction_id),
        )
        .filter(idempotency_key::Column::Id.eq(key_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

async fn find_key(
    txn: &DatabaseTransaction,
    user_id: i64,
    key: &IdempotencyKey,
) -> Result<Option<idempotency_key::Model>> {
    Ok(idempotency_key::Entity::find()
        .filter(idempotency_key::Column::UserId.eq(user_id))
        .filter(idempotency_key::Column::Key.eq(key.as_str()))
        .one(txn)
        .await?)
}

fn replay(done: &idempotency_key::Model, operation: &str, request_hash: &str) -> Result<i64> {
    if done.operation != operation || done.request_hash != request_hash {
        return Err(Error::Conflict(
            "this idempotency key was already used for a different request; \
             use a new key for a new request"
                .into(),
        ));
    }
    let transaction_id = done
        .transaction_id
        .ok_or_else(|| Error::Internal(format!("idempotency key {} has no result", done.id)))?;
    tracing::info!(transaction_id, "replayed an idempotent request");
    Ok(transaction_id)
}

fn is_unique_violation(error: &sea_orm::DbErr) -> bool {
    matches!(
        error.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}
