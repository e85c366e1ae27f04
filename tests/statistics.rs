//! Statistics, the department integrity profile and the credit report on a
//! known data set. Each runs on SQLite and, when TEST_DATABASE_URL is set, on
//! PostgreSQL.

mod common;

use app::domain::kinds::RecordKind;
use app::domain::staff::Role;
use chrono::TimeZone;
use common::forms::browser;
use common::public_forms::*;
use common::staff::{department_id, logged_in, post};
use common::{fixture, test_now, TestApp};
use serde_json::Value;

const MARKET_BUREAU: &str = "嘉峪关市市场监督管理局";

/// The fixture's penalties go online on Wednesday 28 October 2026: of the ten
/// good rows only 10号 (decided Tuesday 20 October, deadline Thursday 29
/// October) is within 7 working days; 9号 (decided 9 October) and the older
/// ones are late. Then two objections: one withdraws 2号, one is rejected.
async fn known_data_set(app: &TestApp) {
    let online = chrono::Utc.with_ymd_and_hms(2026, 10, 28, 2, 0, 0).unwrap();
    let report = app
        .import_file_at(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"), online)
        .await;
    assert_eq!(report.created, 10);
    let reviewer = logged_in(app, "reviewer1", Role::Reviewer, None).await;
    for (doc_no, action) in [
        ("嘉市监罚〔2026〕2号", "withdraw_record"),
        ("嘉市监罚〔2026〕3号", "uphold"),
    ] {
        let record = app.record_id(doc_no).await;
        let public = browser();
        let path = format!("/records/{record}/objection");
        let (number, _, _) = receipt(app, &public, submit(app, &public, &path, objection_fields()).await).await;
        let id = app
            .store
            .submission_by_tracking_number(&number)
            .await
            .unwrap()
            .unwrap()
            .id;
        let page = format!("/admin/submissions/{id}");
        assert_eq!(
            post(app, &reviewer, &page, &page, &[("action", "accept")])
                .await
                .status(),
            303
        );
        let r = post(
            app,
            &reviewer,
            &page,
            &page,
            &[("action", action), ("text", "经核查作出决定。")],
        )
        .await;
        assert_eq!(r.status(), 303);
    }
}

async fn the_figures_of_a_known_data_set(app: TestApp) {
    known_data_set(&app).await;
    let market = department_id(&app, MARKET_BUREAU).await;
    let stats: Value = app.get("/api/v1/statistics").await.json().await.unwrap();
    common::assert_openapi_schema("Statistics", &stats);

    let penalties = stats["by_kind"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kind"] == "penalty")
        .unwrap();
    let public = app.public_total().await;
    assert_eq!(penalties["count"], public, "by kind counts what is public");
    assert!(public <= 9, "2号 was withdrawn");
    let months = stats["by_month"].as_array().unwrap();
    assert_eq!(months.iter().map(|m| m["count"].as_i64().unwrap()).sum::<i64>(), public);
    assert_eq!(
        months.iter().find(|m| m["month"] == "2026-10").unwrap()["count"],
        2,
        "9号 and 10号"
    );

    let t = stats["timeliness"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == market)
        .unwrap()
        .clone();
    assert_eq!((t["on_time"].as_i64(), t["total"].as_i64()), (Some(1), Some(10)), "{t}");
    assert_eq!(t["share"].as_f64(), Some(0.1));
    let o = stats["objections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == market)
        .unwrap()
        .clone();
    assert_eq!(
        (o["received"].as_i64(), o["upheld"].as_i64()),
        (Some(2), Some(1)),
        "{o}"
    );
    assert_eq!(stats["submissions_on_time"]["answered"], 2);
    assert_eq!(stats["submissions_on_time"]["on_time"], 2);
    // 40 × 0.1 + 20 × (1 − 1/2) + 20 × 1 (no integrity record), pledges without data: / 80.
    let score = stats["scores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == market)
        .unwrap()["score"]
        .clone();
    assert_eq!(score.as_f64(), Some(42.5));

    let page = app.page("/statistics").await;
    assert!(
        page.contains("<svg") && page.contains("各部门公示及时率"),
        "charts drawn on the server"
    );
    assert!(page.contains("10.0%（1/10）"), "the ranking shows the figure: {page}");
    assert!(page.contains("chart-data"), "each chart has its table");
    let profile = app.page(&format!("/departments/{market}/integrity")).await;
    assert!(
        profile.contains("综合得分 42.5") && profile.contains("收到 2 件，成立 1 件"),
        "{profile}"
    );
    assert_eq!(app.get("/departments/999999/integrity").await.status(), 404);
}

/// A browser that keeps cookies and does not follow redirects.
async fn issue_report(app: &TestApp, client: &reqwest::Client, subject: i64) -> (String, String, String) {
    let form = client
        .get(format!("{}/subjects/{subject}/report", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    let r = client
        .post(format!("{}/subjects/{subject}/report", app.base))
        .form(&[("csrf", common::forms::hidden(&html, "csrf"))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let path = r.headers()["location"].to_str().unwrap().to_string();
    assert!(path.starts_with("/reports/BG-20261127-"), "{path}");
    let page = client
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let number = common::forms::text_of(&page, "report-number").unwrap();
    let code = common::forms::text_of(&page, "report-code").expect("the code, once");
    (number, code, page)
}

async fn verify(app: &TestApp, number: &str, code: &str) -> (u16, String) {
    let client = browser();
    let html = client
        .get(format!("{}/verify", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r = client
        .post(format!("{}/verify", app.base))
        .form(&[
            ("csrf", common::forms::hidden(&html, "csrf")),
            ("number", number.into()),
            ("code", code.into()),
        ])
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn a_credit_report_is_issued_printed_and_verified(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    let record = app.record_id("嘉市监罚〔2026〕2号").await;
    let subject = app.store.record(record).await.unwrap().unwrap().subject_id;
    let client = browser();
    let (number, code, page) = issue_report(&app, &client, subject).await;
    assert!(
        page.contains("嘉峪关市镜铁食品有限公司") && page.contains("嘉市监罚〔2026〕2号"),
        "{page}"
    );
    assert!(
        page.contains("一、行政许可（0 条）") && page.contains("二、行政处罚（2 条）"),
        "sections by kind: {page}"
    );
    // Reloading shows no code and no content: a report number alone reveals nothing.
    let again = client
        .get(format!("{}/reports/{number}", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!again.contains(&code) && !again.contains("嘉市监罚〔2026〕2号") && again.contains("/verify"));
    let css = app.page("/style/portal.css").await;
    assert!(css.contains("@page") && css.contains("size: A4"), "print CSS");

    let (status, genuine) = verify(&app, &number, &code).await;
    assert_eq!(status, 200);
    assert!(
        genuine.contains("报告真实有效") && genuine.contains("嘉市监罚〔2026〕2号"),
        "{genuine}"
    );
    assert!(!genuine.contains("changed-since"));
    let (status, lower) = verify(&app, &number.to_lowercase(), &code.to_lowercase()).await;
    assert_eq!(status, 200, "case does not matter: {lower}");

    for (n, c) in [
        (number.as_str(), "AAAAAAAAAAAA"),
        ("BG-20261127-ZZZZZZZZ", code.as_str()),
        ("nonsense", "x"),
    ] {
        let (status, wrong) = verify(&app, n, c).await;
        assert_eq!(status, 422, "{n} {c}");
        assert!(wrong.contains("报告编号或核验码不正确") && !wrong.contains("嘉市监罚〔2026〕2号"));
    }

    // Later changes do not alter what the report said; the check says things changed.
    app.store
        .withdraw_record(record, "决定已撤销", "test", test_now())
        .await
        .unwrap();
    let (_, after) = verify(&app, &number, &code).await;
    assert!(
        after.contains("嘉市监罚〔2026〕2号") && after.contains("changed-since"),
        "{after}"
    );
    let log = app.change_log_text(Some("report")).await;
    assert_eq!(log.len(), 1);
    assert!(
        log[0].starts_with("public|issue|report|") && log[0].contains(&number) && !log[0].contains(&code),
        "{log:?}"
    );
    assert_eq!(app.get("/reports/BG-20261127-22222222").await.status(), 404);
    assert_eq!(app.get("/subjects/999999/report").await.status(), 404);
}

/// The one grouped count behind every department's score agrees with the
/// list of integrity records its profile page shows, department by department
/// (records count against their unit: a civil servant's 所在单位 or the body).
async fn departments_own_records_are_counted_for_all_at_once(app: TestApp) {
    let now = common::test_now();
    let today = app::domain::clock::china_date(now);
    portal::demo_load::load_demo(&app.store, 3000, 7, now, &indicatif::ProgressBar::hidden())
        .await
        .unwrap();
    let by_unit = app.store.integrity_records_by_unit(today).await.unwrap();
    let mut with_records = 0;
    for portal::store::DepartmentRow { id, name, .. } in app.store.all_departments().await.unwrap() {
        let listed = app.store.department_integrity_records(id, today).await.unwrap().len() as i64;
        let counted = by_unit.get(&id).copied().unwrap_or_default();
        assert_eq!(counted, listed, "{name}");
        with_records += usize::from(listed > 0);
    }
    assert!(with_records > 1, "the demo gives several departments integrity records");
}

on_both_backends!(
    departments_own_records_are_counted_for_all_at_once,
    the_figures_of_a_known_data_set,
    a_credit_report_is_issued_printed_and_verified
);

/// Public records per department as `/api/v1/departments` gives them.
async fn api_department_counts(app: &TestApp) -> Vec<(i64, i64)> {
    let body: Value = app.get("/api/v1/departments").await.json().await.unwrap();
    body["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["id"].as_i64().unwrap(), d["public_records"].as_i64().unwrap()))
        .collect()
}

/// On a large portal (here: any portal, the limit set to zero) a figure made
/// stale by a change is served at once and refreshed in the background; a
/// figure another node stored is served without counting again.
async fn large_portals_serve_stale_figures_while_one_refresh_runs(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    let first = app.public_total().await;
    assert!(first > 0);
    let total = |counts: Vec<(i64, i64)>| counts.iter().map(|(_, n)| n).sum::<i64>();
    assert_eq!(
        total(api_department_counts(&app).await),
        first,
        "nothing cached: counted now"
    );

    app.import_file(RecordKind::Integrity, &fixture("integrity_records.csv"))
        .await;
    let second = app.public_total().await;
    assert!(second > first, "{first} {second}");
    assert_eq!(
        total(api_department_counts(&app).await),
        first,
        "the stale tally is served at once"
    );
    let mut seen = first;
    for _ in 0..100 {
        seen = total(api_department_counts(&app).await);
        if seen == second {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(seen, second, "the background refresh replaced it");

    // A newer tally stored by another node for the current log is taken as is
    // (no request in between: it would start a refresh of its own).
    let department = api_department_counts(&app).await[0].0;
    let before = app.store.log_seq().await.unwrap();
    app.import_file(RecordKind::Blacklist, &fixture("blacklist.csv")).await;
    assert!(app.store.log_seq().await.unwrap() > before);
    let stored = portal::store::StoredFigure {
        as_of: app::domain::clock::china_date(test_now()),
        log_seq: app.store.log_seq().await.unwrap(),
        computed_at: test_now() + chrono::Duration::hours(1),
        body: format!(
            r#"{{"rows":[{{"kind":"permit","authority_id":{department},"list_name":null,"records":4242}}]}}"#
        ),
    };
    app.store.store_figure("tally", &stored).await.unwrap();
    let counts = api_department_counts(&app).await;
    assert_eq!(counts.iter().find(|(id, _)| *id == department).unwrap().1, 4242);
    assert_eq!(total(counts), 4242);
    let home = app.page("/").await;
    assert!(home.contains("4242"), "the home page reads the same tally");
}

mod large_portal {
    use super::*;

    async fn spawn(backend: common::Backend) -> Option<TestApp> {
        common::spawn_app_with(backend, test_now(), |s| s.with_figures_sync_limit(0)).await
    }

    #[tokio::test]
    async fn sqlite_serves_stale_figures_while_one_refresh_runs() {
        large_portals_serve_stale_figures_while_one_refresh_runs(spawn(common::Backend::Sqlite).await.unwrap()).await;
    }

    #[tokio::test]
    async fn postgres_serves_stale_figures_while_one_refresh_runs() {
        if let Some(app) = spawn(common::Backend::Postgres).await {
            large_portals_serve_stale_figures_while_one_refresh_runs(app).await;
        }
    }
}

/// A figure computed for a request is computed in a task of its own: a
/// request cut short by the time budget (1 ms here, so the home page's first
/// request is answered 503 or barely in time) still leaves the figure stored.
#[tokio::test]
async fn a_figure_outlives_a_request_cut_short_by_the_budget() {
    let app = common::spawn_app_with(common::Backend::Sqlite, test_now(), |s| {
        s.with_request_budget(std::time::Duration::from_millis(1))
    })
    .await
    .unwrap();
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    assert!(app.store.stored_figure("tally").await.unwrap().is_none());
    let status = app.get("/").await.status().as_u16();
    assert!(status == 503 || status == 200, "{status}");
    let mut stored = None;
    for _ in 0..100 {
        stored = app.store.stored_figure("tally").await.unwrap();
        if stored.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let stored = stored.expect("the tally was stored although its request was cut short");
    assert_eq!(stored.log_seq, app.store.log_seq().await.unwrap());
}
