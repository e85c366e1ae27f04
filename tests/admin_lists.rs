//! Black-box tests of red and black lists and of the scheduled tick: list
//! configuration, the black-list procedure (拟列入 → 告知 → 列入 / 不予列入)
//! with public visibility at each step, the red entry ending on black-listing,
//! red-list renewal, automatic expiry (idempotent, and exactly once with two
//! processes on one database). Each runs on SQLite and, when
//! TEST_DATABASE_URL is set, on PostgreSQL.

mod common;

use app::domain::kinds::RecordKind;
use app::domain::list_lifecycle::Step;
use app::domain::staff::Role;
use app::domain::working_days::Calendar;
use chrono::{TimeZone, Utc};
use common::staff::{department_id, get, logged_in, post};
use common::{fixture, test_now, TestApp};
use portal::store::{ListRow, Store};
use portal::tick::run_tick;

const SAFETY_LIST: &str = "安全生产失信联合惩戒对象名单";
const EMERGENCY: &str = "嘉峪关市应急管理局";

fn enc(s: &str) -> String {
    app::pages::url_encode(s)
}

async fn list_named(app: &TestApp, name: &str) -> ListRow {
    app.store
        .lists("test", test_now())
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.name == name)
        .unwrap_or_else(|| panic!("no list {name}"))
}

async fn entry_id(app: &TestApp, list: &ListRow, doc_no: &str) -> i64 {
    app.store
        .list_entries(list)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.doc_no == doc_no)
        .unwrap_or_else(|| panic!("no entry {doc_no}"))
        .id
}

async fn state_of(app: &TestApp, id: i64) -> String {
    app.store.record(id).await.unwrap().unwrap().state
}

async fn search_doc_nos(app: &TestApp, q: &str) -> Vec<String> {
    app.sync_index().await;
    let v = app.api_search(&format!("q={}", enc(q))).await;
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["doc_no"].as_str().unwrap().to_string())
        .collect()
}

/// Whether a search for the document number finds that record.
async fn searchable(app: &TestApp, doc_no: &str) -> bool {
    search_doc_nos(app, doc_no).await.iter().any(|d| d == doc_no)
}

fn count(log: &[String], needle: &str) -> usize {
    log.iter().filter(|l| l.contains(needle)).count()
}

async fn lists_are_configured_by_admins_only(app: TestApp) {
    app.import_file(RecordKind::Blacklist, &fixture("blacklist.csv")).await;
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    let emergency = department_id(&app, EMERGENCY).await;
    let market = department_id(&app, "嘉峪关市市场监督管理局").await;

    let reviewer = logged_in(&app, "reviewer1", Role::Reviewer, None).await;
    assert_eq!(get(&app, &reviewer, "/admin/lists").await.0, 403);
    let other = logged_in(&app, "market1", Role::Provider, Some(market)).await;
    assert_eq!(get(&app, &other, "/admin/lists").await.0, 403);

    let admin = logged_in(&app, "admin1", Role::Admin, None).await;
    let (status, page) = get(&app, &admin, "/admin/lists").await;
    assert_eq!(status, 200);
    // Imported list names got a row with the default terms.
    assert!(
        page.contains(SAFETY_LIST) && page.contains("严重失信主体名单"),
        "{page}"
    );
    let safety = list_named(&app, SAFETY_LIST).await;
    assert_eq!((safety.term_years, safety.defence_working_days), (1, 5));
    assert_eq!(list_named(&app, "严重失信主体名单").await.term_years, 3);

    // A new list with the terms left empty gets the defaults; a bad one comes back with messages.
    let bad = post(
        &app,
        &admin,
        "/admin/lists",
        "/admin/lists",
        &[("name", ""), ("kind", "grey")],
    )
    .await;
    assert_eq!(bad.status(), 422);
    let body = bad.text().await.unwrap();
    assert!(body.contains("错误：") && body.contains("请填写名单名称"), "{body}");
    let created = post(
        &app,
        &admin,
        "/admin/lists",
        "/admin/lists",
        &[
            ("name", "统计严重失信企业名单"),
            ("kind", "blacklist"),
            ("authority_id", &emergency.to_string()),
            ("term_years", ""),
            ("defence_working_days", "7"),
            ("removal_window_working_days", ""),
        ],
    )
    .await;
    assert_eq!(created.status(), 303);
    let stats = list_named(&app, "统计严重失信企业名单").await;
    assert_eq!(
        (
            stats.term_years,
            stats.defence_working_days,
            stats.removal_window_working_days
        ),
        (3, 7, 30)
    );
    let dup = post(
        &app,
        &admin,
        "/admin/lists",
        "/admin/lists",
        &[("name", "统计严重失信企业名单"), ("kind", "blacklist")],
    )
    .await;
    assert_eq!(dup.status(), 422, "a second list of the same name is refused");

    // The list page: the provider of its authority may open it, another department may not.
    let path = format!("/admin/lists/{}", stats.id);
    assert_eq!(get(&app, &other, &path).await.0, 403);
    let own = logged_in(&app, "emergency1", Role::Provider, Some(emergency)).await;
    assert_eq!(get(&app, &own, &path).await.0, 200);
    let config = post(
        &app,
        &own,
        &path,
        &format!("{path}/config"),
        &[
            ("term_years", "5"),
            ("defence_working_days", "5"),
            ("removal_window_working_days", "30"),
        ],
    )
    .await;
    assert_eq!(config.status(), 403, "only admins change the terms");
    let log = app.change_log_text(Some("list")).await;
    assert!(
        count(
            &log,
            "admin1|create|list|blacklist|统计严重失信企业名单|3年|申辩期7个工作日"
        ) == 1,
        "{log:?}"
    );
}

async fn black_list_procedure_and_public_visibility(app: TestApp) {
    app.import_file(RecordKind::Blacklist, &fixture("blacklist.csv")).await;
    app.import_file(RecordKind::Redlist, &fixture("redlist.csv")).await;
    let emergency = department_id(&app, EMERGENCY).await;
    let admin = logged_in(&app, "admin1", Role::Admin, None).await;
    let list = list_named(&app, SAFETY_LIST).await;
    let path = format!("/admin/lists/{}", list.id);
    let r = post(
        &app,
        &admin,
        &path,
        &format!("{path}/config"),
        &[
            ("authority_id", &emergency.to_string()),
            ("term_years", "1"),
            ("defence_working_days", "5"),
            ("removal_window_working_days", "30"),
        ],
    )
    .await;
    assert_eq!(r.status(), 200);
    let list = list_named(&app, SAFETY_LIST).await;

    // The authority's provider proposes two entries; one subject is on the red list.
    let provider = logged_in(&app, "emergency1", Role::Provider, Some(emergency)).await;
    let red_id = app.record_id("嘉应急红〔2026〕1号").await;
    for (name, uscc, doc_no) in [
        ("嘉峪关市诚信建材有限公司", "91330000717613656P", "嘉应急黑〔2026〕9号"),
        ("嘉峪关市危化储运有限公司", "91320322MABLP2X24R", "嘉应急黑〔2026〕10号"),
        ("嘉峪关市旧账有限公司", "91330000755918469E", "嘉应急黑〔2026〕11号"),
    ] {
        let r = post(
            &app,
            &provider,
            &path,
            &format!("{path}/entries"),
            &[
                ("subject_name", name),
                ("subject_kind", "法人及非法人组织"),
                ("uscc", uscc),
                ("reason", "发生较大生产安全责任事故"),
                ("basis", "《对安全生产领域失信行为开展联合惩戒的实施办法》"),
                ("doc_no", doc_no),
            ],
        )
        .await;
        assert_eq!(r.status(), 303, "proposal {doc_no}");
    }
    let early = entry_id(&app, &list, "嘉应急黑〔2026〕9号").await;
    let late = entry_id(&app, &list, "嘉应急黑〔2026〕10号").await;
    let dropped = entry_id(&app, &list, "嘉应急黑〔2026〕11号").await;

    // Proposed: not public anywhere.
    assert_eq!(state_of(&app, early).await, "proposed");
    assert_eq!(app.get(&format!("/records/{early}")).await.status(), 404);
    assert!(!searchable(&app, "嘉应急黑〔2026〕9号").await);

    // Notice: 16 Nov for one (its defence ends 23 Nov), 23 Nov for the other (ends 30 Nov).
    let entry = |id: i64| format!("{path}/entries/{id}");
    for (id, date) in [(early, "2026-11-16"), (late, "2026-11-23")] {
        let r = post(
            &app,
            &provider,
            &path,
            &entry(id),
            &[("action", "notify"), ("notice_date", date)],
        )
        .await;
        assert_eq!(r.status(), 200);
        assert_eq!(state_of(&app, id).await, "notified");
    }
    assert_eq!(app.get(&format!("/records/{late}")).await.status(), 404);

    // Today is 27 Nov: the later notice's defence period is still running.
    let refused = post(&app, &provider, &path, &entry(late), &[("action", "in_force")]).await;
    assert_eq!(refused.status(), 409);
    assert!(refused.text().await.unwrap().contains("申辩期至 2026-11-30 届满"));
    assert_eq!(state_of(&app, late).await, "notified");

    // The earlier one comes into force: public, searchable, one year from today,
    // and the subject's red-list entry ends at once.
    assert_eq!(app.get(&format!("/records/{red_id}")).await.status(), 200);
    let ok = post(&app, &provider, &path, &entry(early), &[("action", "in_force")]).await;
    assert_eq!(ok.status(), 200);
    let record = app.store.record(early).await.unwrap().unwrap();
    assert_eq!(record.state, "published");
    assert_eq!(
        (record.start_date.to_string(), record.end_date.map(|d| d.to_string())),
        ("2026-11-27".to_string(), Some("2027-11-27".to_string()))
    );
    let page = app.page(&format!("/records/{early}")).await;
    assert!(page.contains("列入名单") && page.contains("2027-11-27"), "{page}");
    assert_eq!(
        search_doc_nos(&app, "嘉应急黑〔2026〕9号").await[0],
        "嘉应急黑〔2026〕9号"
    );
    let gone = app.get(&format!("/records/{red_id}")).await;
    assert_eq!(gone.status(), 410, "the red entry ended on black-listing");
    assert!(gone.text().await.unwrap().contains("移出名单"));
    assert!(!searchable(&app, "嘉应急红〔2026〕1号").await);

    // Dropping needs a reason; a dropped entry never becomes public.
    let no_reason = post(
        &app,
        &provider,
        &path,
        &entry(dropped),
        &[("action", "drop"), ("reason", " ")],
    )
    .await;
    assert_eq!(no_reason.status(), 409);
    let r = post(
        &app,
        &provider,
        &path,
        &entry(dropped),
        &[("action", "drop"), ("reason", "申辩理由成立")],
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(state_of(&app, dropped).await, "dropped");
    assert_eq!(app.get(&format!("/records/{dropped}")).await.status(), 404);
    let again = post(&app, &provider, &path, &entry(dropped), &[("action", "in_force")]).await;
    assert_eq!(again.status(), 409);

    // After its defence period the later entry may come into force (moved clock).
    let dec_1 = Utc.with_ymd_and_hms(2026, 12, 1, 2, 0, 0).unwrap();
    app.store
        .entry_step(
            &list,
            late,
            &Step::BringIntoForce,
            &Calendar::official(),
            "admin1",
            dec_1,
        )
        .await
        .unwrap();
    assert_eq!(state_of(&app, late).await, "published");

    let log = app.change_log_text(Some("record")).await;
    for op in [
        "emergency1|propose|",
        "emergency1|notify|",
        "emergency1|list|",
        "emergency1|drop|",
    ] {
        assert!(count(&log, op) >= 1, "{op} in {log:?}");
    }
    assert_eq!(
        count(
            &log,
            "|delist|record|redlist|列入安全生产失信联合惩戒对象名单（嘉应急黑〔2026〕9号）"
        ),
        1,
        "{log:?}"
    );
}

async fn red_entries_are_renewed_only_before_expiry(app: TestApp) {
    app.import_file(RecordKind::Redlist, &fixture("redlist.csv")).await;
    let red_id = app.record_id("嘉应急红〔2026〕1号").await;
    let list = list_named(&app, "安全生产守信联合激励对象名单").await;
    let admin = logged_in(&app, "admin1", Role::Admin, None).await;
    let path = format!("/admin/lists/{}", list.id);
    // Ends 2029-02-01: renewal opens 2028-11-01, so not today.
    let early = post(
        &app,
        &admin,
        &path,
        &format!("{path}/entries/{red_id}"),
        &[("action", "renew")],
    )
    .await;
    assert_eq!(early.status(), 409);
    assert!(early.text().await.unwrap().contains("2028-11-01"));
    let in_window = Utc.with_ymd_and_hms(2028, 12, 1, 2, 0, 0).unwrap();
    let end = app
        .store
        .renew_red_entry(&list, red_id, "admin1", in_window)
        .await
        .unwrap();
    assert_eq!(end.to_string(), "2032-02-01");
    let record = app.store.record(red_id).await.unwrap().unwrap();
    assert_eq!(record.end_date.map(|d| d.to_string()).as_deref(), Some("2032-02-01"));
    assert!(record.public_columns.contains("2032-02-01"));
    let log = app.change_log_text(Some("record")).await;
    assert_eq!(
        count(&log, "admin1|renew|record|redlist|续期：2029-02-01 延至 2032-02-01"),
        1
    );
}

async fn the_tick_expires_each_record_once(app: TestApp) {
    // Published at once: a list a higher authority decided (an ordinary import proposes).
    app.import_file_decided(RecordKind::Blacklist, &fixture("blacklist.csv"))
        .await;
    let safety = app.record_id("嘉应急黑〔2026〕1号").await;
    assert!(app.page(&format!("/records/{safety}")).await.contains("列入名单"));
    let cal = Calendar::official();

    // Today: only the 2024 entry (ended 2025-03-01) is past its term.
    let first = run_tick(&app.store, &cal, test_now()).await.unwrap();
    assert_eq!(first.expired, 1);
    assert_eq!(run_tick(&app.store, &cal, test_now()).await.unwrap().expired, 0);

    // A year later (moved clock) the safety-production entry's one-year term has ended.
    let later = Utc.with_ymd_and_hms(2027, 5, 3, 2, 0, 0).unwrap();
    assert_eq!(run_tick(&app.store, &cal, later).await.unwrap().expired, 1);
    assert_eq!(run_tick(&app.store, &cal, later).await.unwrap().expired, 0);
    assert_eq!(state_of(&app, safety).await, "expired");
    let gone = app.get(&format!("/records/{safety}")).await;
    assert_eq!(gone.status(), 410);
    assert!(gone.text().await.unwrap().contains("移出名单"));
    assert!(!searchable(&app, "嘉应急黑〔2026〕1号").await);

    let log = app.change_log_text(Some("record")).await;
    assert_eq!(count(&log, "system:tick|expire|record|blacklist|"), 2, "{log:?}");
    // The 3-year entry is still listed.
    assert_eq!(
        state_of(&app, app.record_id("嘉应急黑〔2026〕2号").await).await,
        "published"
    );
}

async fn two_processes_expire_each_record_exactly_once(app: TestApp) {
    // Published at once: a list a higher authority decided (an ordinary import proposes).
    app.import_file_decided(RecordKind::Blacklist, &fixture("blacklist.csv"))
        .await;
    app.import_file(RecordKind::Redlist, &fixture("redlist.csv")).await;
    // Two more stores on the same database, as two portal processes would have.
    let a = Store::connect(&app.database_url).await.unwrap();
    let b = Store::connect(&app.database_url).await.unwrap();
    let cal = Calendar::official();
    let far = Utc.with_ymd_and_hms(2035, 1, 2, 2, 0, 0).unwrap();
    let (ra, rb) = tokio::join!(run_tick(&a, &cal, far), run_tick(&b, &cal, far));
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    // Every list entry of the fixtures has ended by 2035.
    assert_eq!(ra.expired + rb.expired, 4, "{ra:?} {rb:?}");
    let log = app.change_log_text(Some("record")).await;
    assert_eq!(count(&log, "|expire|record|"), 4, "{log:?}");
    let lists = app.change_log_text(Some("list")).await;
    assert_eq!(
        count(&lists, "|create|list|"),
        3,
        "one row per imported list: {lists:?}"
    );
    assert!(app.store.verify_change_log().await.unwrap().first_break.is_none());
}

on_both_backends!(
    lists_are_configured_by_admins_only,
    black_list_procedure_and_public_visibility,
    red_entries_are_renewed_only_before_expiry,
    the_tick_expires_each_record_once,
    two_processes_expire_each_record_exactly_once,
);
