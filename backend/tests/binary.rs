//! The `khuyenhoc` binary as an operator runs it: subcommands, configuration from the
//! environment, and a clean stop on SIGTERM.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::{
    net::TcpListener,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

fn khuyenhoc(data_dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_khuyenhoc"));
    command
        .env_remove("DATABASE_URL")
        .env("KH_DATA_DIR", data_dir)
        .env("KH_LOG", "info");
    command
}

fn seeds() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds")
}

/// A data directory with the seeds loaded.
fn seeded_data_dir() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    let seeded = khuyenhoc(temp.path())
        .args(["seed", "--dir"])
        .arg(seeds())
        .output()
        .unwrap();
    assert!(
        seeded.status.success(),
        "{}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    temp
}

#[test]
fn seeding_twice_creates_the_tree_once_in_a_data_directory_made_on_first_run() {
    let temp = tempfile::tempdir().unwrap();
    let data_dir = temp.path().join("not-yet-there");
    let run = |dir: &std::path::Path| {
        let output = khuyenhoc(dir)
            .args(["seed", "--dir"])
            .arg(seeds())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let first = run(&data_dir);
    assert!(first.contains("created=22 kept=0"), "{first}");
    assert!(
        data_dir.join("khuyenhoc.db").exists(),
        "the default database lives in the data directory"
    );
    let second = run(&data_dir);
    assert!(second.contains("created=0 kept=22"), "{second}");
}

#[test]
fn export_schema_prints_the_committed_schema() {
    let temp = tempfile::tempdir().unwrap();
    let output = khuyenhoc(temp.path())
        .arg("export-schema")
        .output()
        .unwrap();
    assert!(output.status.success());
    let committed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema.graphql"),
    )
    .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), committed);
}

#[test]
fn an_unreachable_database_is_a_clear_failure_not_a_panic() {
    let temp = tempfile::tempdir().unwrap();
    let output = khuyenhoc(temp.path())
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
        .arg("migrate")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("connecting to the database"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[tokio::test]
async fn serve_answers_health_checks_and_stops_cleanly_on_sigterm() {
    let temp = tempfile::tempdir().unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = khuyenhoc(temp.path())
        .env("KH_BIND", format!("127.0.0.1:{port}"))
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    let health = format!("http://127.0.0.1:{port}/healthz");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(response) = reqwest::get(&health).await {
            assert_eq!(response.status(), 200);
            break;
        }
        if Instant::now() > deadline {
            server.kill().ok();
            panic!("the server did not answer within 30 s");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            server.kill().ok();
            panic!("the server did not stop within 10 s of SIGTERM");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let mut log = String::new();
    std::io::Read::read_to_string(&mut server.stderr.take().unwrap(), &mut log).unwrap();
    assert!(status.success(), "exit status {status}: {log}");
    assert!(
        log.contains("terminated, shutting down") && log.contains("stopped"),
        "{log}"
    );
    assert!(
        log.contains("request_id="),
        "request lines carry their id: {log}"
    );
}

#[test]
fn create_admin_bootstraps_an_administrator_of_the_root_organisation_once() {
    let temp = seeded_data_dir();
    let create = || {
        khuyenhoc(temp.path())
            .env("KH_ADMIN_PASSWORD", "quan-tri-vien-2026")
            .args([
                "create-admin",
                "--login",
                "admin@khuyenhoc.vn",
                "--name",
                "Quản trị Hà Nội",
            ])
            .output()
            .unwrap()
    };
    let first = create();
    let log = String::from_utf8_lossy(&first.stderr);
    assert!(first.status.success(), "{log}");
    assert!(log.contains("organization=1 created=true"), "{log}");
    assert!(
        !log.contains("quan-tri-vien-2026"),
        "the password is never logged"
    );
    let second = create();
    let log = String::from_utf8_lossy(&second.stderr);
    assert!(
        second.status.success() && log.contains("created=false"),
        "{log}"
    );

    let without_password = khuyenhoc(temp.path())
        .args(["create-admin", "--login", "new@khuyenhoc.vn"])
        .output()
        .unwrap();
    assert!(
        !without_password.status.success(),
        "a new account needs a password"
    );
}

#[test]
fn seed_demo_loads_the_story_once_with_the_password_from_the_environment() {
    let temp = seeded_data_dir();
    let without = khuyenhoc(temp.path())
        .env_remove("KH_DEMO_PASSWORD")
        .arg("seed-demo")
        .output()
        .unwrap();
    assert!(!without.status.success(), "the password is required");
    let run = || {
        let output = khuyenhoc(temp.path())
            .env("KH_DEMO_PASSWORD", "khuyenhoc-demo")
            .arg("seed-demo")
            .output()
            .unwrap();
        let log = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "{log}");
        log
    };
    assert!(run().contains("demo story loaded"));
    assert!(run().contains("demo story already there"));
    let check = khuyenhoc(temp.path())
        .arg("verify-ledger")
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}
