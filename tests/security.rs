//! Hostile input as an attacker would send it: script in every free-text
//! column of an import and in form fields comes back escaped on every page and
//! feed; SQL-looking text is stored and shown as text; path tricks on
//! attachments find nothing; oversized bodies get 413; the security headers
//! are on every response. Runs on SQLite and, when TEST_DATABASE_URL is set,
//! on PostgreSQL.

mod common;

use app::domain::kinds::RecordKind;
use app::domain::staff::Role;
use common::forms::browser;
use common::public_forms::*;
use common::staff::{get, logged_in};
use common::TestApp;

const XSS: &str = "<script>alert(1)</script>";
const XSS_ATTR: &str = "\"><img src=x onerror=alert(2)>";
const SQL: &str = "'; DROP TABLE records; --";

/// Columns (by number in the fixture's header) that are free text.
const FREE_TEXT: [usize; 8] = [1, 9, 15, 16, 17, 19, 22, 30];

/// The fixture's first good row with the payloads appended to every free-text
/// column and its own document number; returns the CSV.
fn hostile_csv() -> String {
    let text = std::fs::read_to_string(common::fixture("penalties_10_good_3_bad.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let row: Vec<String> = lines.next().unwrap().split(',').map(str::to_string).collect();
    let mut row = row;
    for col in FREE_TEXT {
        let i = col - 1;
        row[i] = format!("{}{XSS}{XSS_ATTR}{SQL}", row[i]).replace(',', "，");
    }
    row[13] = "嘉市监罚〔2026〕99号".into();
    format!("{header}\n{}\n", row.join(","))
}

async fn import_hostile(app: &TestApp) -> i64 {
    let path = app.data_dir.join("hostile.csv");
    std::fs::write(&path, hostile_csv()).unwrap();
    let report = app.import_file(RecordKind::Penalty, &path).await;
    assert_eq!(report.created, 1, "{report:?}");
    app.record_id("嘉市监罚〔2026〕99号").await
}

fn assert_escaped(where_: &str, body: &str) {
    for raw in [XSS, "<img src=x onerror", "onerror=alert(2)>"] {
        assert!(!body.contains(raw), "{where_}: raw {raw:?} in {body}");
    }
}

async fn script_in_every_column_comes_back_escaped_everywhere(app: TestApp) {
    let id = import_hostile(&app).await;
    app.sync_index().await;
    let record = app.store.record(id).await.unwrap().unwrap();
    let record_page = app.page(&format!("/records/{id}")).await;
    assert!(
        record_page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "shown, as text"
    );
    assert!(
        record_page.contains(SQL.replace('\'', "&#39;").as_str()) || record_page.contains(SQL),
        "SQL shown as text"
    );
    let reviewer = logged_in(&app, "rev1", Role::Admin, None).await;
    let pages = [
        format!("/records/{id}"),
        format!("/subjects/{}", record.subject_id),
        format!("/departments/{}", record.authority_id),
        format!("/departments/{}/integrity", record.authority_id),
        format!("/search?q={}", app::pages::url_encode("嘉峪关")),
        format!("/search?q={}", app::pages::url_encode(XSS)),
        "/".to_string(),
        "/statistics".to_string(),
        format!("/subjects/{}/feed.atom", record.subject_id),
        format!("/departments/{}/feed.atom", record.authority_id),
        "/changes.atom".to_string(),
        format!("/subjects/{}/report", record.subject_id),
    ];
    for path in &pages {
        let r = app.get(path).await;
        assert_eq!(r.status(), 200, "{path}");
        assert_escaped(path, &r.text().await.unwrap());
    }
    for path in [
        format!("/admin/records/{id}"),
        format!("/admin/records/{id}/edit"),
        "/admin/audit".to_string(),
    ] {
        let (status, body) = get(&app, &reviewer, &path).await;
        assert_eq!(status, 200, "{path}");
        assert_escaped(&path, &body);
    }
    // JSON carries the text as data, with a JSON content type (never HTML).
    let api = app.get(&format!("/api/v1/records/{id}")).await;
    assert!(api.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let v: serde_json::Value = api.json().await.unwrap();
    assert!(v["subject"]["name"].as_str().unwrap().contains(XSS), "stored as typed");
    // The SQL did nothing: every record is still there.
    assert_eq!(app.store.record_count().await.unwrap(), 1);
}

async fn hostile_form_fields_are_stored_as_text(app: TestApp) {
    app.import_file(RecordKind::Penalty, &common::fixture("penalties_10_good_3_bad.csv"))
        .await;
    let record = app.record_id("嘉市监罚〔2026〕2号").await;
    let public = browser();
    let explanation = format!("异议说明{XSS}{XSS_ATTR}{SQL}，罚款金额有误。");
    let fields = with(
        with(objection_fields(), "explanation", &explanation),
        "contact_name",
        "王五<b>",
    );
    let (number, code, _) = receipt(
        &app,
        &public,
        submit(&app, &public, &format!("/records/{record}/objection"), fields).await,
    )
    .await;
    let tracked = track(&app, &browser(), &number, &code).await;
    assert_escaped("/track", &tracked);
    assert!(tracked.contains("&lt;script&gt;"));
    let reviewer = logged_in(&app, "rev1", Role::Reviewer, None).await;
    let id = app
        .store
        .submission_by_tracking_number(&number)
        .await
        .unwrap()
        .unwrap()
        .id;
    let (_, detail) = get(&app, &reviewer, &format!("/admin/submissions/{id}")).await;
    assert_escaped("back-office submission", &detail);
    let (_, queue) = get(&app, &reviewer, "/admin/submissions").await;
    assert_escaped("queue", &queue);
    let row = app.store.submission_by_tracking_number(&number).await.unwrap().unwrap();
    assert_eq!(row.description, explanation, "stored exactly as typed");
    assert_eq!(app.store.record_count().await.unwrap(), 10);

    // Attachment ids that try to walk the file system find nothing.
    for tricky in ["..%2F..%2Fetc%2Fpasswd", "%2e%2e", "1%00", "-1", "../../portal.db"] {
        let (status, _) = get(
            &app,
            &reviewer,
            &format!("/admin/submissions/{id}/attachments/{tricky}"),
        )
        .await;
        assert!(status == 404, "{tricky}: {status}");
    }
}

on_both_backends!(
    script_in_every_column_comes_back_escaped_everywhere,
    hostile_form_fields_are_stored_as_text,
);

#[tokio::test]
async fn every_response_carries_the_security_headers_and_pages_have_no_inline_script() {
    let app = common::spawn_app(common::Backend::Sqlite).await.unwrap();
    for path in [
        "/",
        "/search",
        "/complaints/new",
        "/admin/login",
        "/api/v1/departments",
        "/no/such/page",
    ] {
        let r = app.get(path).await;
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert!(
            h["permissions-policy"].to_str().unwrap().contains("camera=()"),
            "{path}"
        );
        assert_eq!(h["cross-origin-opener-policy"], "same-origin", "{path}");
        // Plain HTTP (no PORTAL_SECURE_COOKIES): no HSTS, which would lock a test host out.
        assert!(!h.contains_key("strict-transport-security"), "{path}");
        let body = r.text().await.unwrap();
        assert!(!body.contains("<script>"), "{path}: inline script");
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let app = common::spawn_app(common::Backend::Sqlite).await.unwrap();
    let big = "x".repeat(3 * 1024 * 1024);
    for path in ["/track", "/pledges/new", "/admin/login", "/verify"] {
        let r = app
            .client
            .post(format!("{}{path}", app.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("a={big}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 413, "{path}");
    }
}
