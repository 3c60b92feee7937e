//! Backups an association can trust: `khuyenhoc backup` taken while money moves is one
//! consistent moment of the ledger, and `khuyenhoc restore` brings it back into an empty
//! database whole, or leaves a database that holds something alone.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::Duration,
};

use sea_orm::{ConnectionTrait, Database};
use serde_json::json;
use tests::{Engine, TestDatabase, eventually, key, on_every_database, run_khuyenhoc};

const TRANSFER: &str = "mutation($i: TransferFundsInput!) { transferFunds(input: $i) { id } }";

/// How many ledger transactions the database at `url` holds.
async fn transactions_in(url: &str) -> i64 {
    let db = Database::connect(url).await.unwrap();
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) FROM ledger_transaction",
        ))
        .await
        .unwrap()
        .unwrap();
    let count = row.try_get_by_index::<i64>(0).unwrap();
    db.close().await.ok();
    count
}

on_every_database! {
    async fn a_backup_taken_while_money_moves_restores_into_a_ledger_that_balances(app) {
        let admin = app.city_admin().await;
        let city = app.organization_id("Hội Khuyến học thành phố Hà Nội").await;
        let treasurer = app.staff(&admin, "thuquy@example.vn", &city, "TREASURER").await;
        let (_, body) = app.graphql("{ funds(first: 2) { nodes { id } } }", json!({})).await;
        let (from, to) = (body["data"]["funds"]["nodes"][0]["id"].clone(), body["data"]["funds"]["nodes"][1]["id"].clone());
        let gift = app.graphql_with_cookie(Some(&treasurer), "mutation($i: RecordDonationInput!) { recordDonation(input: $i) { id } }", json!({ "i": {
            "idempotencyKey": key(), "fundId": from, "amount": 10_000_000,
            "method": "CASH", "newDonor": { "kind": "ORGANIZATION", "name": "Công ty Minh Phát" },
        }})).await;
        assert!(gift.body["errors"].is_null(), "{}", gift.body);

        // A treasurer moves money back and forth until told to stop.
        let app = Arc::new(app);
        let stop = Arc::new(AtomicBool::new(false));
        let moved = Arc::new(AtomicU64::new(0));
        let writer = tokio::spawn({
            let (app, stop, moved, treasurer) = (app.clone(), stop.clone(), moved.clone(), treasurer.clone());
            async move {
                let mut leg = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    let (a, b) = if leg.is_multiple_of(2) { (&from, &to) } else { (&to, &from) };
                    let answer = app.graphql_with_cookie(Some(&treasurer), TRANSFER, json!({ "i": {
                        "idempotencyKey": key(), "fromFundId": a, "toFundId": b,
                        "amount": 1_000, "memo": "Điều chuyển thử",
                    }})).await;
                    assert!(answer.body["errors"].is_null(), "{}", answer.body);
                    moved.fetch_add(1, Ordering::Relaxed);
                    leg += 1;
                }
            }
        });
        let moved_by = |n: u64| {
            let moved = moved.clone();
            async move { (moved.load(Ordering::Relaxed) >= n).then_some(()) }
        };
        eventually("the first transfers", Duration::from_secs(30), || moved_by(5)).await;

        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("khuyenhoc.backup");
        let file_arg = file.to_str().unwrap();
        let before = transactions_in(app.database_url()).await;
        let backup = app.command(&["backup", "--out", file_arg]).await;
        assert!(backup.success, "{backup:?}");
        let taken_at = moved.load(Ordering::Relaxed);
        eventually("transfers after the backup", Duration::from_secs(30), || moved_by(taken_at + 5)).await;
        stop.store(true, Ordering::Relaxed);
        writer.await.unwrap();
        let after = transactions_in(app.database_url()).await;
        let again = app.command(&["backup", "--out", file_arg]).await;
        assert!(!again.success && again.stderr.contains("exists already"), "a backup never overwrites another: {again:?}");

        // Into an empty database of the same engine.
        let (_target, target_url) = TestDatabase::create(app.engine).await.unwrap();
        let target_dir = tempfile::tempdir().unwrap();
        let restored = run_khuyenhoc(&target_url, target_dir.path(), &["restore", "--from", file_arg]).await;
        assert!(restored.success, "{restored:?}");
        let verified = run_khuyenhoc(&target_url, target_dir.path(), &["verify-ledger"]).await;
        assert!(verified.success, "the restored ledger balances: {verified:?}");
        let report: serde_json::Value = serde_json::from_str(&verified.stdout).unwrap();
        assert_eq!(report["mismatches"], json!([]), "{report}");
        let kept = transactions_in(&target_url).await;
        assert!(before <= kept && kept < after, "one moment while money moved: {before} ≤ {kept} < {after}");

        // A database that holds something is left alone, unless told to replace it.
        let refused = run_khuyenhoc(&target_url, target_dir.path(), &["restore", "--from", file_arg]).await;
        assert!(!refused.success && refused.stderr.contains("--replace"), "{refused:?}");
        assert_eq!(transactions_in(&target_url).await, kept);
        let replaced = run_khuyenhoc(&target_url, target_dir.path(), &["restore", "--from", file_arg, "--replace"]).await;
        assert!(replaced.success, "{replaced:?}");
        assert_eq!(transactions_in(&target_url).await, kept);

        // Over the database of a server that is still running: refused, on SQLite, where
        // the restore can tell.
        if app.engine == Engine::Sqlite {
            let busy = app.command(&["restore", "--from", file_arg, "--replace"]).await;
            assert!(!busy.success && busy.stderr.contains("stop the server"), "{busy:?}");
            assert_eq!(transactions_in(app.database_url()).await, after, "and left as it was");
        }

        // Not a backup at all.
        let junk = folder.path().join("junk.backup");
        std::fs::write(&junk, b"not a backup").unwrap();
        let (_empty, empty_url) = TestDatabase::create(app.engine).await.unwrap();
        let wrong = run_khuyenhoc(&empty_url, target_dir.path(), &["restore", "--from", junk.to_str().unwrap()]).await;
        assert!(!wrong.success && wrong.stderr.contains("is not a"), "{wrong:?}");
    }
}
