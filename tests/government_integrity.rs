//! Black-box tests of government integrity as seeds 1–3 describe it: a civil
//! servant's record names their unit and counts in its profile; the credit
//! office orders 书面说明 / 限期整改, the unit reports them done, and what is
//! not done by its due date is published by the tick (公开通报); repair of
//! the record waits for the remedies; 政务诚信评价 results are published per
//! year with their source. Each runs on SQLite and, when TEST_DATABASE_URL is
//! set, on PostgreSQL.

mod common;

use app::domain::clock::china_date;
use app::domain::integrity_remedy::{Remedy, RemedyOrder};
use app::domain::kinds::RecordKind;
use app::domain::staff::Role;
use app::domain::working_days::Calendar;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use common::staff::{department_id, get, logged_in, post};
use common::{fixture, test_now, Backend, TestApp};

const UNIT: &str = "嘉峪关市住房和城乡建设局";
const CREDIT_OFFICE: &str = "嘉峪关市发展和改革委员会";
/// The civil servant's record (所在单位 住建局), the body's own, and the refused row's number.
const PERSON_DOC: &str = "嘉信用认〔2026〕11号";
const BODY_DOC: &str = "嘉信用认〔2026〕13号";
const NO_UNIT_DOC: &str = "嘉信用认〔2026〕12号";

async fn imported(app: &TestApp) {
    let report = app
        .import_file(RecordKind::Integrity, &fixture("government_integrity.csv"))
        .await;
    assert_eq!((report.created, report.rejected), (2, 1), "{report:?}");
    let refusal = &report.errors[0];
    assert_eq!(refusal.column, "所在单位", "{refusal:?}");
    assert!(
        refusal.message.contains("公务人员的政务失信记录须写明所在单位"),
        "{refusal:?}"
    );
}

async fn a_civil_servants_record_counts_against_their_unit(app: TestApp) {
    imported(&app).await;
    assert_eq!(app.find_by_doc_no(NO_UNIT_DOC).await, None);
    let unit = department_id(&app, UNIT).await;
    let person = app.record_id(PERSON_DOC).await;

    // The record names the unit and links to its profile; the ID stays masked.
    let page = app.page(&format!("/records/{person}")).await;
    assert!(
        page.contains("id=\"record-unit\"") && page.contains(&format!("/departments/{unit}/integrity")),
        "{page}"
    );
    assert!(
        !page.contains("620202198503122313") && page.contains("620202********2313"),
        "{page}"
    );

    // The unit's profile counts both: its civil servant's and its own.
    let profile = app.page(&format!("/departments/{unit}/integrity")).await;
    assert!(profile.contains(PERSON_DOC) && profile.contains(BODY_DOC), "{profile}");
    assert!(profile.contains("2 条在公示期内"), "{profile}");
    // The authority that made the finding is not the one it counts against.
    let office = department_id(&app, CREDIT_OFFICE).await;
    let office_profile = app.page(&format!("/departments/{office}/integrity")).await;
    assert!(!office_profile.contains(PERSON_DOC), "{office_profile}");
    // The score counts them too (20 − 2 × 25% of the integrity part).
    let stats: serde_json::Value = app.get("/api/v1/statistics").await.json().await.unwrap();
    let score = stats["scores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == unit)
        .map(|d| d["score"].as_f64().unwrap())
        .unwrap();
    assert!(score < 100.0, "{stats}");
}

/// The record's remedies as the public page shows them.
async fn public_remedies(app: &TestApp, record: i64) -> String {
    let page = app.page(&format!("/records/{record}")).await;
    page.split("id=\"remedies\"").nth(1).unwrap_or_default().to_string()
}

async fn the_credit_office_orders_remedies_and_the_unit_reports_them(app: TestApp) {
    imported(&app).await;
    let person = app.record_id(PERSON_DOC).await;
    let unit = department_id(&app, UNIT).await;
    let office = department_id(&app, CREDIT_OFFICE).await;
    let reviewer = logged_in(&app, "xinyong", Role::Reviewer, None).await;
    let record_page = format!("/admin/integrity/{person}");
    let order_path = format!("/admin/integrity/{person}/remedies");

    let (status, list) = get(&app, &reviewer, "/admin/integrity").await;
    assert_eq!(status, 200);
    assert!(list.contains(&format!("/admin/integrity/{person}")), "{list}");

    // Without the session's CSRF token: refused, nothing ordered.
    let r = reviewer
        .post(format!("{}{order_path}", app.base))
        .form(&[
            ("remedy", "rectification"),
            ("requirement", "整改"),
            ("due_date", "2026-12-07"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // A due date already past is refused with its reason.
    let fields = |due: &'static str| {
        vec![
            ("remedy", "rectification"),
            (
                "requirement",
                "就超时限未办结作出整改，建立办件时限预警，联系电话13912345678",
            ),
            ("due_date", due),
        ]
    };
    let r = post(&app, &reviewer, &record_page, &order_path, &fields("2026-11-20")).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("早于今天"));
    // A provider (even of the unit) may not order.
    let provider = logged_in(&app, "zhujian", Role::Provider, Some(unit)).await;
    let r = post(&app, &provider, &record_page, &order_path, &fields("2026-12-07")).await;
    assert_eq!(r.status(), 403);
    assert!(app.store.remedies_of(person).await.unwrap().is_empty());

    let r = post(&app, &reviewer, &record_page, &order_path, &fields("2026-12-07")).await;
    assert_eq!(r.status(), 200);
    let remedies = app.store.remedies_of(person).await.unwrap();
    assert_eq!(remedies.len(), 1);

    // Published at once, mobile number masked; the repair form waits for it.
    let shown = public_remedies(&app, person).await;
    assert!(
        shown.contains("限期整改") && shown.contains("2026-12-07") && shown.contains("整改期内"),
        "{shown}"
    );
    assert!(!shown.contains("13912345678"), "{shown}");
    let repair = app.page(&format!("/records/{person}/repair")).await;
    assert!(repair.contains("尚有 1 项书面说明或限期整改未完成"), "{repair}");
    let feed = app.page("/changes.atom").await;
    assert!(feed.contains("通报：责令书面说明或限期整改"), "{feed}");
    // The API answers what the page shows.
    let api: serde_json::Value = app
        .get(&format!("/api/v1/records/{person}"))
        .await
        .json()
        .await
        .unwrap();
    common::assert_openapi_schema("RecordDetail", &api);
    assert_eq!(api["unit"]["id"], unit, "{api}");
    assert_eq!(api["remedies"][0]["state"], "整改期内", "{api}");
    assert_eq!(api["remedies"][0]["due_date"], "2026-12-07", "{api}");

    // The unit's provider sees its record and reports the remedy done.
    let (_, list) = get(&app, &provider, "/admin/integrity").await;
    assert!(list.contains(&format!("/admin/integrity/{person}")), "{list}");
    let form = format!("/admin/integrity/remedies/{}", remedies[0].id);
    // Another department's provider may not.
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    let market = department_id(&app, "嘉峪关市市场监督管理局").await;
    let stranger = logged_in(&app, "shijian", Role::Provider, Some(market)).await;
    assert_eq!(get(&app, &stranger, &form).await.0, 403);
    let r = post(
        &app,
        &provider,
        &form,
        &form,
        &[
            ("done_on", "2026-11-28"),
            ("report", "已建立办件时限预警并对责任人诫勉谈话。"),
        ],
    )
    .await;
    assert_eq!(r.status(), 422, "a day after today");
    let r = post(
        &app,
        &provider,
        &form,
        &form,
        &[
            ("done_on", "2026-11-27"),
            ("report", "已建立办件时限预警并对责任人诫勉谈话。"),
        ],
    )
    .await;
    assert_eq!(r.status(), 200);
    let shown = public_remedies(&app, person).await;
    assert!(
        shown.contains("已完成") && shown.contains("已建立办件时限预警"),
        "{shown}"
    );
    // Done twice is refused.
    let again = [("done_on", "2026-11-27"), ("report", "再次登记完成情况说明。")];
    let r = post(&app, &reviewer, &record_page, &form, &again).await;
    assert_eq!(r.status(), 422);
    // The department that supplied the record may open it too.
    let source = logged_in(&app, "fagai", Role::Provider, Some(office)).await;
    assert_eq!(get(&app, &source, &record_page).await.0, 200);

    // With every remedy done, repair waits only for the minimum period (认定 2026-10-20 + 3 months).
    let repair = app.page(&format!("/records/{person}/repair")).await;
    assert!(repair.contains("自 2027-01-20 起方可申请信用修复"), "{repair}");
    let feed = app.page("/changes.atom").await;
    assert!(feed.contains("通报：整改完成"), "{feed}");
}

async fn a_remedy_not_done_in_time_is_published_by_the_tick(app: TestApp) {
    imported(&app).await;
    let body = app.record_id(BODY_DOC).await;
    let unit = department_id(&app, UNIT).await;
    let ordered_at = test_now() - Duration::days(20);
    let order = RemedyOrder {
        remedy: Remedy::WrittenExplanation,
        requirement: "就拖欠工程款作出书面说明".into(),
        due: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
    };
    app.store
        .order_remedy(body, &order, "staff:xinyong", ordered_at)
        .await
        .unwrap();

    // Shown overdue from the day after its due date, with or without the tick.
    let shown = public_remedies(&app, body).await;
    assert!(
        shown.contains("逾期未完成") && shown.contains("remedy-overdue"),
        "{shown}"
    );
    let profile = app.page(&format!("/departments/{unit}/integrity")).await;
    assert!(
        profile.contains("profile-remedies") && profile.contains("逾期未完成"),
        "{profile}"
    );

    // The tick publishes it once (公开通报), however often it runs.
    let cal = Calendar::official();
    let first = portal::tick::run_tick(&app.store, &cal, test_now()).await.unwrap();
    assert_eq!(first.remedies_overdue, 1);
    let again = portal::tick::run_tick(&app.store, &cal, test_now()).await.unwrap();
    assert_eq!(again.remedies_overdue, 0);
    let feed = app.page("/changes.atom").await;
    assert_eq!(feed.matches("通报：逾期未整改").count(), 1, "{feed}");
    let log = app.change_log_text(Some("record")).await;
    assert!(
        log.iter()
            .any(|l| l.contains("remedy_overdue") && l.contains("书面说明逾期未完成")),
        "{log:?}"
    );
}

async fn repair_of_an_integrity_record_opens_when_its_remedies_are_done(backend: Backend) {
    // Four months after the 认定日期 of 2026-10-20.
    let later = Utc.with_ymd_and_hms(2027, 2, 22, 4, 0, 0).unwrap();
    let Some(app) = common::spawn_app_at(backend, later).await else {
        return;
    };
    imported(&app).await;
    let person = app.record_id(PERSON_DOC).await;
    let page = app.page(&format!("/records/{person}")).await;
    assert!(
        page.contains(&format!("/records/{person}/repair")),
        "no remedy ordered: {page}"
    );
    let order = RemedyOrder {
        remedy: Remedy::Rectification,
        requirement: "建立办件时限预警".into(),
        due: NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
    };
    let id = app
        .store
        .order_remedy(person, &order, "staff:xinyong", later)
        .await
        .unwrap();
    let page = app.page(&format!("/records/{person}")).await;
    assert!(!page.contains(&format!("href=\"/records/{person}/repair\"")), "{page}");
    let repair = app.page(&format!("/records/{person}/repair")).await;
    assert!(repair.contains("尚有 1 项"), "{repair}");

    let remedy = app.store.remedy(id).await.unwrap().unwrap();
    let done = app::domain::integrity_remedy::Completion {
        done_on: china_date(later),
        report: "已建立办件时限预警并完成整改。".into(),
    };
    app.store
        .complete_remedy(&remedy, &done, "staff:zhujian", later)
        .await
        .unwrap();
    let page = app.page(&format!("/records/{person}")).await;
    assert!(page.contains(&format!("href=\"/records/{person}/repair\"")), "{page}");
    let repair = app.page(&format!("/records/{person}/repair")).await;
    assert!(
        !repair.contains("方可申请") && repair.contains("name=\"pledge\""),
        "{repair}"
    );
}

async fn evaluation_results_are_published_per_year_with_their_source(app: TestApp) {
    imported(&app).await;
    let unit = department_id(&app, UNIT).await;
    let reviewer = logged_in(&app, "xinyong", Role::Reviewer, None).await;
    let unit_id = unit.to_string();
    let fields = |evaluator: &'static str, kind: &'static str, result: &'static str| {
        vec![
            ("department_id", unit_id.clone()),
            ("year", "2025".to_string()),
            ("evaluator_kind", kind.to_string()),
            ("evaluator", evaluator.to_string()),
            ("result", result.to_string()),
            ("score", "86.5".to_string()),
            (
                "source_document",
                "关于2025年度政务诚信评价结果的通报（嘉信用办〔2026〕3号）".to_string(),
            ),
            ("source_url", "https://credit.example.cn/2026/3.html".to_string()),
        ]
    };
    let send = |f: Vec<(&'static str, String)>| {
        let reviewer = reviewer.clone();
        let app = &app;
        async move {
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post(app, &reviewer, "/admin/evaluations", "/admin/evaluations", &f).await
        }
    };
    let r = send(fields("嘉峪关市社会信用体系建设工作领导小组", "official", "良好")).await;
    assert_eq!(r.status(), 303);
    let r = send(fields("甘肃省信用研究院", "third_party", "A")).await;
    assert_eq!(r.status(), 303);
    // The same evaluator's result for the same year is published once.
    let r = send(fields("甘肃省信用研究院", "third_party", "AA")).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("如需更正请先撤回"));
    // A bad score and a future year are refused with their reasons.
    let mut bad = fields("某机构", "third_party", "B");
    bad[1].1 = "2027".into();
    bad[5].1 = "101".into();
    let r = send(bad).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("评价年度应在") && html.contains("得分"), "{html}");
    // Providers may not publish results.
    let provider = logged_in(&app, "zhujian", Role::Provider, Some(unit)).await;
    assert_eq!(get(&app, &provider, "/admin/evaluations").await.0, 403);

    let profile = app.page(&format!("/departments/{unit}/integrity")).await;
    let table = profile.split("profile-evaluations").nth(1).unwrap_or_default();
    assert!(
        table.contains("良好") && table.contains("第三方机构评价") && table.contains("86.5"),
        "{profile}"
    );
    assert!(table.contains("嘉信用办〔2026〕3号") && table.contains("https://credit.example.cn/2026/3.html"));
    let feed = app.page("/changes.atom").await;
    assert!(feed.contains("发布政务诚信评价结果"), "{feed}");

    // Withdrawn: gone from the profile, kept in the change log.
    let (_, admin) = get(&app, &reviewer, "/admin/evaluations").await;
    let first = admin
        .split("id=\"evaluation-")
        .nth(2)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse::<i64>().ok())
        .expect("the first result's row");
    let path = format!("/admin/evaluations/{first}/withdraw");
    let r = post(
        &app,
        &reviewer,
        "/admin/evaluations",
        &path,
        &[("reason", "评价文件更正，待重新发布")],
    )
    .await;
    assert_eq!(r.status(), 200);
    let profile = app.page(&format!("/departments/{unit}/integrity")).await;
    assert!(
        !profile.contains("良好") && profile.contains("第三方机构评价"),
        "{profile}"
    );
    assert!(app.page("/changes.atom").await.contains("撤回政务诚信评价结果"));
}

/// A fresh demo shows government integrity at work: remedies ordered (done,
/// running and overdue) and last year's results for every department; a
/// second run adds nothing.
async fn the_demo_shows_remedies_and_evaluation_results(app: TestApp) {
    portal::demo_load::load_demo(&app.store, 3000, 2026, test_now(), &indicatif::ProgressBar::hidden())
        .await
        .unwrap();
    let (ordered, results) = portal::demo_follow_up::add_government_integrity_follow_up(&app.store, test_now())
        .await
        .unwrap();
    let departments = app.store.all_departments().await.unwrap();
    assert!(ordered >= 3, "{ordered}");
    assert!(results >= departments.len(), "{results}");
    let today = china_date(test_now());
    let records: Vec<i64> = app
        .store
        .integrity_records_for_staff(None)
        .await
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    let states: Vec<_> = app
        .store
        .remedies_of_records(&records)
        .await
        .unwrap()
        .iter()
        .map(|m| m.state(today))
        .collect();
    assert_eq!(states.len(), ordered);
    assert!(states.iter().any(|s| s.is_done()), "{states:?}");
    assert!(
        states.contains(&app::domain::integrity_remedy::RemedyState::Overdue),
        "{states:?}"
    );
    let again = portal::demo_follow_up::add_government_integrity_follow_up(&app.store, test_now())
        .await
        .unwrap();
    assert_eq!(again, (0, 0));
    let profile = app.page(&format!("/departments/{}/integrity", departments[0].id)).await;
    assert!(
        profile.contains("profile-evaluations") && profile.contains("考核评价"),
        "{profile}"
    );
}

on_both_backends!(
    the_demo_shows_remedies_and_evaluation_results,
    a_civil_servants_record_counts_against_their_unit,
    the_credit_office_orders_remedies_and_the_unit_reports_them,
    a_remedy_not_done_in_time_is_published_by_the_tick,
    evaluation_results_are_published_per_year_with_their_source,
);

#[tokio::test]
async fn repair_opens_when_remedies_are_done_sqlite() {
    repair_of_an_integrity_record_opens_when_its_remedies_are_done(Backend::Sqlite).await;
}

#[tokio::test]
async fn repair_opens_when_remedies_are_done_postgres() {
    repair_of_an_integrity_record_opens_when_its_remedies_are_done(Backend::Postgres).await;
}

/// The government-integrity statements a public page runs (the record page's
/// remedies, the profile's remedies, counts, records, pledges and evaluation
/// results) read through indexes, as deployed (the portal never runs
/// ANALYZE) and with statistics: no scan but of the few departments, and a
/// unit's records come in index order, never sorted whole.
#[tokio::test]
async fn the_public_statements_read_through_indexes() {
    use sqlx::Connection;
    let app = common::spawn_app(Backend::Sqlite).await.unwrap();
    let mut c = sqlx::SqliteConnection::connect(&app.database_url).await.unwrap();
    portal::demo_load::load_demo(&app.store, 2000, 7, test_now(), &indicatif::ProgressBar::hidden())
        .await
        .unwrap();
    let mut statements = portal::store::government_integrity_statements();
    statements.push(("department_pledges", portal::store::department_pledges_sql(true)));
    statements.push((
        "department_integrity_records",
        portal::store::department_integrity_records_sql(),
    ));
    for analyzed in [false, true] {
        if analyzed {
            sqlx::query("ANALYZE").execute(&mut c).await.unwrap();
        }
        for (name, sql) in &statements {
            let explain = format!("EXPLAIN QUERY PLAN {sql}");
            let mut q = sqlx::query_as::<_, (i64, i64, i64, String)>(&explain);
            // Parameters are $1…$N (some used twice): bind N integers.
            let params = sql
                .split('$')
                .skip(1)
                .filter_map(|s| {
                    s.chars()
                        .take_while(char::is_ascii_digit)
                        .collect::<String>()
                        .parse::<usize>()
                        .ok()
                })
                .max()
                .unwrap_or(0);
            for _ in 0..params {
                q = q.bind(1_i64);
            }
            let plan = q.fetch_all(&mut c).await.unwrap();
            let details: Vec<&str> = plan.iter().map(|p| p.3.as_str()).collect();
            // Departments (d) and remedies (m, a few hundred a year) are small
            // tables to start from; records never are.
            assert!(
                !details
                    .iter()
                    .any(|d| d.starts_with("SCAN") && !matches!(d.split_whitespace().nth(1), Some("d" | "m"))),
                "{name} (analyzed: {analyzed}) scans a table: {details:?}"
            );
            if *name == "department_pledges" {
                assert!(
                    details.iter().any(|d| d.contains("records_subject")),
                    "{name} (analyzed: {analyzed}): never every pledge by date: {details:?}"
                );
            }
            if *name == "department_integrity_records" {
                assert!(
                    details.iter().any(|d| d.contains("records_unit"))
                        && !details.iter().any(|d| d.contains("TEMP B-TREE")),
                    "{name} (analyzed: {analyzed}): {details:?}"
                );
            }
        }
    }
}
