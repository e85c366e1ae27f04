//! A black-list entry may apply to leave the list only in the last 30 working
//! days of its term (seed 5); an approved application takes it off the list.
//! Runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL.

mod common;

use app::domain::kinds::RecordKind;
use app::domain::staff::Role;
use chrono::TimeZone;
use common::forms::browser;
use common::public_forms::*;
use common::staff::{logged_in, post};
use common::{fixture, spawn_app_at, Backend, TestApp};

/// Listed 2026-05-01 on the safety-production black list: one year's term.
const ENTRY: &str = "嘉应急黑〔2026〕1号";

/// Imports the black list and returns the entry's id, as listed on `now`.
async fn entry(app: &TestApp, now: chrono::DateTime<chrono::Utc>) -> i64 {
    // A list a higher authority decided: listed at once (an ordinary import proposes).
    app.import_file_decided(RecordKind::Blacklist, &fixture("blacklist.csv"))
        .await;
    let today = app::domain::clock::china_date(now);
    app.store
        .find_by_doc_no(ENTRY, today, 1)
        .await
        .unwrap()
        .first()
        .expect("the entry is listed")
        .id
}

async fn before_the_window(backend: Backend) {
    let Some(app) = spawn_app_at(backend, common::test_now()).await else {
        return;
    };
    let id = entry(&app, common::test_now()).await;
    let page = app.page(&format!("/records/{id}")).await;
    let note = common::forms::text_of(&page, "removal-note").expect("the page says when");
    assert!(note.contains("2027-03"), "30 working days before 2027-05-01: {note}");
    let form = app.page(&format!("/records/{id}/removal")).await;
    assert!(
        form.contains("移出申请须在管理期限届满前 30 个工作日内提出")
            && !form.contains("<form class=\"submission-form\"")
    );
    // Posting anyway (the page offers no form) is refused with the same words.
    let r = app
        .client
        .post(format!("{}/records/{id}/removal", app.base))
        .form(&repair_fields())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "refused before the window");
    assert!(r.text().await.unwrap().contains("2027-03-22"));
    assert_eq!(app.store.submission_count().await.unwrap(), 0);
    // Not for other kinds of record.
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    let penalty = app.record_id("嘉市监罚〔2026〕2号").await;
    assert_eq!(app.get(&format!("/records/{penalty}/removal")).await.status(), 404);
}

async fn inside_the_window(backend: Backend) {
    let now = chrono::Utc.with_ymd_and_hms(2027, 4, 15, 4, 0, 0).unwrap();
    let Some(app) = spawn_app_at(backend, now).await else {
        return;
    };
    let id = entry(&app, now).await;
    let page = app.page(&format!("/records/{id}")).await;
    assert!(page.contains(&format!(r#"href="/records/{id}/removal""#)), "{page}");
    let public = browser();
    let path = format!("/records/{id}/removal");
    let (number, code, _) = receipt(
        &app,
        &public,
        submit_with_proof(&app, &public, &path, repair_fields()).await,
    )
    .await;
    assert!(number.starts_with("YC-20270415-"), "{number}");
    let tracked = track(&app, &browser(), &number, &code).await;
    assert!(
        tracked.contains("移出黑名单申请") && tracked.contains("作出移出决定"),
        "{tracked}"
    );

    let reviewer = logged_in(&app, "reviewer1", Role::Reviewer, None).await;
    let sub = app
        .store
        .submission_by_tracking_number(&number)
        .await
        .unwrap()
        .unwrap()
        .id;
    let admin_page = format!("/admin/submissions/{sub}");
    let r = post(
        &app,
        &reviewer,
        &admin_page,
        &admin_page,
        &[("action", "approve_removal"), ("text", "整改到位，准予移出。")],
    )
    .await;
    assert_eq!(r.status(), 303);
    let gone = app.get(&format!("/records/{id}")).await;
    assert_eq!(gone.status(), 410);
    assert!(gone.text().await.unwrap().contains("移出名单"));
    assert!(track(&app, &browser(), &number, &code).await.contains("准予移出"));
    let log = app.change_log_text(Some("record")).await;
    assert!(
        log.iter()
            .any(|l| l.starts_with("staff:reviewer1|remove|record|blacklist|准予提前移出")),
        "{log:?}"
    );
}

#[tokio::test]
async fn sqlite_a_removal_application_waits_for_the_last_working_days() {
    before_the_window(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_a_removal_application_waits_for_the_last_working_days() {
    before_the_window(Backend::Postgres).await;
}

#[tokio::test]
async fn sqlite_an_approved_removal_takes_the_entry_off_the_list() {
    inside_the_window(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_an_approved_removal_takes_the_entry_off_the_list() {
    inside_the_window(Backend::Postgres).await;
}
