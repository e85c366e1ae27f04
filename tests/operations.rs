//! Operations endpoints: liveness, readiness (database and index lag) and
//! Prometheus metrics with their access rule.

mod common;

use app::domain::kinds::RecordKind;
use common::{fixture, spawn_app_with, test_now, Backend};

#[tokio::test]
async fn health_and_readiness_follow_the_index() {
    // The app's clock is a minute past the import, so unindexed rows are "old".
    let now = test_now() + chrono::Duration::minutes(1);
    let app = spawn_app_with(Backend::Sqlite, now, |s| s).await.unwrap();
    let live = app.get("/healthz").await;
    assert_eq!(live.status(), 200);
    assert_eq!(live.text().await.unwrap(), "ok");
    assert_eq!(app.get("/readyz").await.status(), 200, "empty and in step");

    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    let behind = app.get("/readyz").await;
    assert_eq!(behind.status(), 503, "the index trails the log by a minute");
    assert!(behind.text().await.unwrap().contains("changes behind"));
    app.sync_index().await;
    assert_eq!(app.get("/readyz").await.status(), 200);
}

#[tokio::test]
async fn metrics_count_routes_and_are_served_to_loopback() {
    let app = spawn_app_with(Backend::Sqlite, test_now(), |s| s).await.unwrap();
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    let id = app.record_id("嘉市监罚〔2026〕2号").await;
    for _ in 0..3 {
        assert_eq!(app.get(&format!("/records/{id}")).await.status(), 200);
    }
    assert_eq!(app.get("/records/999999").await.status(), 404);
    let m = app.get("/metrics").await;
    assert_eq!(m.status(), 200);
    assert!(m.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    let text = m.text().await.unwrap();
    assert!(
        text.contains(r#"portal_http_requests_total{route="/records/{id}",status="200"} 3"#),
        "{text}"
    );
    assert!(text.contains(r#"portal_http_requests_total{route="/records/{id}",status="404"} 1"#));
    assert!(text.contains(r#"portal_http_request_duration_seconds_count{route="/records/{id}"} 4"#));
    assert!(text.contains("portal_index_lag_changes ") && text.contains("portal_submissions_open 0"));
    assert!(text.contains("portal_records 10"), "{text}");
}

#[tokio::test]
async fn with_a_token_metrics_need_it() {
    let app = spawn_app_with(Backend::Sqlite, test_now(), |s| {
        s.with_metrics_token(Some("s3cret-token".into()))
    })
    .await
    .unwrap();
    assert_eq!(app.get("/metrics").await.status(), 403, "loopback alone is not enough");
    let wrong = app
        .client
        .get(format!("{}/metrics", app.base))
        .bearer_auth("wrong-token!")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
    let right = app
        .client
        .get(format!("{}/metrics", app.base))
        .bearer_auth("s3cret-token")
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 200);
}
