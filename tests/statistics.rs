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
    let today = app::domain::clock::china_date(test_now());
    let public: i64 = app
        .store
        .public_counts(today)
        .await
        .unwrap()
        .iter()
        .map(|(_, n)| n)
        .sum();
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

on_both_backends!(the_figures_of_a_known_data_set);
