//! The platform glue of `service/examples`, run under Node with the platforms' callbacks and
//! globals stubbed (`tests/platform_scripts.js`), against the service over HTTP: the Auth0
//! custom database login script, the Authing custom database login script and the Cognito
//! migrate-user Lambda handler (driven with the event of the AWS developer guide).

mod common;

use std::process::Command;

use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth0_authing_and_cognito_scripts() {
    let ts = TestStore::new(Engine::Sqlite).await;
    assert_eq!(import_platform_users(&ts.store).await.written, 3);
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests");
    // A low per-client limit: the scripts' failed logins all come from this machine, and only
    // those that report the end user's address (Authing's) may count against a client.
    let svc = start(ts.reopen().await, config_with_client_limit(3)).await;
    let base = svc.base.clone();
    let out = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg(dir.join("platform_scripts.js"))
            .args([&base, SECRET])
            .output()
    })
    .await
    .unwrap()
    .expect("node (Node.js 18 or later) runs the platform scripts");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("{\"done\":true}"), "{stdout}");
    // 3 users x (3 valid + 3 wrong) + unknowns: the service saw and counted them.
    let metrics = svc.metrics().await;
    assert_eq!(
        sample(&metrics, "hashbridge_migrations_total"),
        3.0,
        "{metrics}"
    );
    svc.stop().await;
    ts.drop_all().await;
}
