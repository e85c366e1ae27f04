//! Rules that used to hold in `app::domain` but not on every path (issue 13):
//! credit repair of a strict-domain penalty, free text screened for ID and
//! mobile numbers, future birth dates, the working-day fallback and its note,
//! `VISIBLE_SQL` against the domain's visibility rule, and a government
//! integrity file through the CLI. Each runs on SQLite and, when
//! TEST_DATABASE_URL is set, on PostgreSQL.

mod common;

use app::domain::kinds::{RecordKind, RecordState};
use app::domain::submission_workflow::Action;
use app::domain::visibility::{is_publicly_visible, VisibilityFacts};
use chrono::{NaiveDate, TimeZone, Utc};
use common::forms::browser;
use common::process::{portal, Server};
use common::public_forms::*;
use common::{fixture, spawn_app_at, test_now, Backend, TestApp};
use sqlx::Connection;

const PENALTIES: &str = "penalties_strict_and_screened.csv";
/// A 市场监管局 penalty for a 特种设备 violation, decided 2026-03-02: strict, so
/// repair opens on 2027-03-02 (not 2026-06-02, as it did when only the
/// authority's name was read).
const SPECIAL_EQUIPMENT: &str = "嘉市监特罚〔2026〕31号";
/// 违法事实 naming a person's ID number and mobile number.
const SCREENED: &str = "嘉市监罚〔2026〕32号";
const ID_IN_TEXT: &str = "110105194912310029";
const MOBILE_IN_TEXT: &str = "13812345678";
const MOBILE_IN_REMARK: &str = "139-1234-5678";
/// A natural person whose ID number is born 2099-12-31.
const FUTURE_BIRTH: &str = "嘉市监罚〔2026〕33号";

fn at(y: i32, m: u32, d: u32) -> chrono::DateTime<Utc> {
    // Noon in China.
    Utc.with_ymd_and_hms(y, m, d, 4, 0, 0).unwrap()
}

async fn imported(app: &TestApp) -> portal::import::ImportReport {
    app.import_file(RecordKind::Penalty, &fixture(PENALTIES)).await
}

/// The record page says from when repair is possible and whether it is now;
/// the repair form refuses before that day (GET and POST).
async fn assert_repair_refused(app: &TestApp, id: i64) {
    let record = app.page(&format!("/records/{id}")).await;
    assert!(
        record.contains("2027-03-02") && record.contains("可申请信用修复"),
        "{record}"
    );
    assert!(!record.contains(&format!(r#"href="/records/{id}/repair""#)), "{record}");
    let path = format!("/records/{id}/repair");
    let page = app.page(&path).await;
    assert!(page.contains("自 2027-03-02 起方可申请信用修复"), "{page}");
    assert!(!page.contains(r#"name="form_id""#), "{page}");
    let client = browser();
    client.get(format!("{}{path}", app.base)).send().await.unwrap();
    let r = post(app, &client, &path, &with(repair_fields(), "form_id", &"b".repeat(32))).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("自 2027-03-02 起方可申请信用修复"));
    assert_eq!(app.store.submission_count().await.unwrap(), 0);
}

async fn a_strict_domain_penalty_is_repairable_only_after_a_year(app: TestApp) {
    let report = imported(&app).await;
    assert_eq!(report.created, 2, "{report:?}");
    let id = app.record_id(SPECIAL_EQUIPMENT).await;
    // Today (2026-11-27) is after the 3-month minimum but inside the 1-year one.
    assert_repair_refused(&app, id).await;
}

/// The same record seen by servers whose clock is on 2027-03-01 (refused) and
/// 2027-03-02 (open): the day the stored strictness gives.
async fn repair_opens_on_the_day_the_year_ends(backend: Backend) {
    let Some(before) = spawn_app_at(backend, at(2027, 3, 1)).await else {
        return;
    };
    before
        .import_file_at(RecordKind::Penalty, &fixture(PENALTIES), test_now())
        .await;
    let today = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    let id = before.store.find_by_doc_no(SPECIAL_EQUIPMENT, today, 1).await.unwrap()[0].id;
    assert_repair_refused(&before, id).await;

    let Some(after) = spawn_app_at(backend, at(2027, 3, 2)).await else {
        return;
    };
    after
        .import_file_at(RecordKind::Penalty, &fixture(PENALTIES), test_now())
        .await;
    let today = NaiveDate::from_ymd_opt(2027, 3, 2).unwrap();
    let id = after.store.find_by_doc_no(SPECIAL_EQUIPMENT, today, 1).await.unwrap()[0].id;
    let record = after.page(&format!("/records/{id}")).await;
    assert!(record.contains(&format!(r#"href="/records/{id}/repair""#)), "{record}");
    let client = browser();
    let path = format!("/records/{id}/repair");
    let form = client
        .get(format!("{}{path}", after.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        form.contains("信用修复承诺书") && !form.contains("起方可申请信用修复"),
        "{form}"
    );
    let r = submit_with_proof(&after, &client, &path, repair_fields()).await;
    let (number, _, _) = receipt(&after, &client, r).await;
    assert!(number.starts_with("XF-20270302-"), "{number}");

    // The repair decision reads the same stored strictness: approving it on a
    // day before the minimum ends is refused, and the record stays public.
    let row = after
        .store
        .submission_by_tracking_number(&number)
        .await
        .unwrap()
        .unwrap();
    let approve = Action::ApproveRepair {
        reply: "整改到位，准予修复".into(),
    };
    let err = after
        .store
        .decide_submission(row.id, &approve, "credit-office", at(2027, 3, 1))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("自 2027-03-02 起方可申请信用修复"), "{err}");
    assert_eq!(after.get(&format!("/records/{id}")).await.status(), 200);
    after
        .store
        .decide_submission(row.id, &approve, "credit-office", at(2027, 3, 2))
        .await
        .unwrap();
    assert_eq!(after.get(&format!("/records/{id}")).await.status(), 410);
}

#[tokio::test]
async fn repair_opens_on_the_day_the_year_ends_sqlite() {
    repair_opens_on_the_day_the_year_ends(Backend::Sqlite).await;
}

#[tokio::test]
async fn repair_opens_on_the_day_the_year_ends_postgres() {
    repair_opens_on_the_day_the_year_ends(Backend::Postgres).await;
}

/// Records stored before migration 0013 have no stored strictness and their
/// free text was never screened: the start-up backfill decides the first and
/// masks the second with the same functions as validation, logging a
/// correction so search and feeds replace the text.
async fn records_stored_before_0013_are_backfilled(app: TestApp) {
    imported(&app).await;
    let id = app.record_id(SPECIAL_EQUIPMENT).await;
    let other = app.record_id(SCREENED).await;
    // As an older version stored them: no strictness, the numbers in full.
    execute(&app, "UPDATE records SET strict_domain = NULL").await;
    execute(
        &app,
        &format!(
            "UPDATE records SET public_columns = REPLACE(REPLACE(public_columns, '110105********0029', '{ID_IN_TEXT}'), \
             '138****5678', '{MOBILE_IN_TEXT}')"
        ),
    )
    .await;
    app.sync_index().await;
    assert!(app.page(&format!("/records/{other}")).await.contains(ID_IN_TEXT));
    let log_before = app.change_log_text(Some("record")).await.len();

    assert_eq!(app.store.backfill_records_before_0013().await.unwrap(), (2, 1));
    let stored: Vec<(i64, Option<bool>)> = query_pairs(&app, "SELECT id, strict_domain FROM records ORDER BY id").await;
    assert!(stored.contains(&(id, Some(true))), "{stored:?}");
    assert!(stored.contains(&(other, Some(false))), "{stored:?}");
    assert_repair_refused(&app, id).await;

    let record = app.page(&format!("/records/{other}")).await;
    assert!(
        record.contains("110105********0029") && !record.contains(ID_IN_TEXT),
        "{record}"
    );
    assert!(
        record.contains("138****5678") && !record.contains(MOBILE_IN_TEXT),
        "{record}"
    );
    let log = app.change_log_text(Some("record")).await;
    assert_eq!(log.len(), log_before + 1, "{log:?}");
    assert!(
        log.last()
            .unwrap()
            .starts_with("system:migration-0013|correct|record|penalty|公示文本中的身份证号码、手机号码已脱敏|"),
        "{log:?}"
    );
    // The chain verifies and every record matches its last logged hash.
    assert!(app.store.verify_change_log().await.unwrap().first_break.is_none());
    assert!(app.store.records_not_matching_log().await.unwrap().1.is_empty());
    // The index follows the correction.
    app.sync_index().await;
    let found = app
        .api_search("q=%E6%9C%AA%E5%8F%96%E5%BE%97%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7")
        .await
        .to_string();
    assert!(
        found.contains("110105********0029") || found.contains(SCREENED),
        "{found}"
    );
    assert!(
        !found.contains(ID_IN_TEXT) && !found.contains(MOBILE_IN_TEXT),
        "{found}"
    );
    // Done once.
    assert_eq!(app.store.backfill_records_before_0013().await.unwrap(), (0, 0));
    assert_eq!(app.change_log_text(Some("record")).await.len(), log_before + 1);
}

async fn execute(app: &TestApp, sql: &str) {
    if app.database_url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(&app.database_url).await.unwrap();
        sqlx::query(sql).execute(&mut c).await.unwrap();
    } else {
        let mut c = sqlx::SqliteConnection::connect(&app.database_url).await.unwrap();
        sqlx::query(sql).execute(&mut c).await.unwrap();
    }
}

async fn query_pairs(app: &TestApp, sql: &str) -> Vec<(i64, Option<bool>)> {
    if app.database_url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(&app.database_url).await.unwrap();
        sqlx::query_as(sql).fetch_all(&mut c).await.unwrap()
    } else {
        let mut c = sqlx::SqliteConnection::connect(&app.database_url).await.unwrap();
        sqlx::query_as(sql).fetch_all(&mut c).await.unwrap()
    }
}

async fn id_and_mobile_numbers_in_free_text_are_never_published(app: TestApp) {
    let report = imported(&app).await;
    let masked: Vec<_> = report
        .warnings
        .iter()
        .filter(|w| w.message.contains("已按标准脱敏"))
        .map(|w| w.column.as_str())
        .collect();
    assert!(masked.contains(&"违法事实") && masked.contains(&"备注"), "{report:?}");
    let id = app.record_id(SCREENED).await;
    app.sync_index().await;
    let full = [ID_IN_TEXT, MOBILE_IN_TEXT, MOBILE_IN_REMARK, "12345678"];

    let record = app.page(&format!("/records/{id}")).await;
    assert!(
        record.contains("110105********0029") && record.contains("138****5678") && record.contains("139-****-5678"),
        "{record}"
    );
    // Amounts and document numbers are not mangled.
    assert!(record.contains("1381234.56") && record.contains(SCREENED), "{record}");
    let api = app.page(&format!("/api/v1/records/{id}")).await;
    assert!(api.contains("110105********0029"), "{api}");
    let search = app.page("/search?q=未取得营业执照").await;
    assert!(search.contains(SCREENED) || search.contains("雄关商贸"), "{search}");
    let search_api = app
        .api_search("q=%E6%9C%AA%E5%8F%96%E5%BE%97%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7")
        .await
        .to_string();
    let csv = app.page("/downloads/penalty.csv").await;
    assert!(csv.contains("110105********0029"), "{csv}");
    let ndjson = app.page("/downloads/penalty.ndjson").await;
    for (place, text) in [
        ("page", &record),
        ("api", &api),
        ("search", &search),
        ("search api", &search_api),
        ("csv", &csv),
        ("ndjson", &ndjson),
    ] {
        for number in full {
            assert!(!text.contains(number), "{number} in the {place}: {text}");
        }
    }
    // Nor is the full number searchable.
    let by_number = app.api_search(&format!("q={ID_IN_TEXT}")).await.to_string();
    assert!(!by_number.contains(SCREENED), "{by_number}");
}

async fn an_id_number_born_in_the_future_is_refused(app: TestApp) {
    let report = imported(&app).await;
    assert_eq!(report.rejected, 1, "{report:?}");
    let error = report
        .errors
        .iter()
        .find(|e| e.column == "证件号码")
        .unwrap_or_else(|| panic!("{report:?}"));
    assert!(
        error.message.contains("出生日期 2099-12-31 晚于今天 2026-11-27"),
        "{error:?}"
    );
    assert!(app.find_by_doc_no(FUTURE_BIRTH).await.is_none());
}

/// A deadline that falls in a year without the official arrangement is
/// counted with the fixed statutory holidays (元旦) and says it is an estimate,
/// on /track and in the back-office queue.
async fn deadline_in_a_year_without_holiday_data(backend: Backend) {
    // Wednesday 30 December 2026: 2 working days to accept → Thursday 31
    // December, then (1 January 2027 is 元旦, 2–3 January a weekend) Monday
    // 4 January 2027. Without the fixed holiday it was Friday 1 January.
    let Some(app) = spawn_app_at(backend, at(2026, 12, 30)).await else {
        return;
    };
    let client = browser();
    let r = submit(&app, &client, "/complaints/new", complaint_fields()).await;
    let (number, code, _) = receipt(&app, &client, r).await;
    let tracked = track(&app, &client, &number, &code).await;
    assert!(tracked.contains("2027-01-04"), "{tracked}");
    assert!(
        tracked.contains("2027年度放假安排尚未公布，期限按周末及法定节日推算"),
        "{tracked}"
    );
    let staff = common::staff::logged_in(&app, "office", app::domain::staff::Role::Reviewer, None).await;
    let (status, queue) = common::staff::get(&app, &staff, "/admin/submissions").await;
    assert_eq!(status, 200, "{queue}");
    assert!(
        queue.contains("2027-01-04") && queue.contains("2027年度放假安排尚未公布"),
        "{queue}"
    );

    // A deadline inside 2026 (with its official arrangement) has no note.
    let Some(app) = spawn_app_at(backend, test_now()).await else {
        return;
    };
    let client = browser();
    let r = submit(&app, &client, "/complaints/new", complaint_fields()).await;
    let (number, code, _) = receipt(&app, &client, r).await;
    let tracked = track(&app, &client, &number, &code).await;
    assert!(!tracked.contains("放假安排尚未公布"), "{tracked}");
}

#[tokio::test]
async fn deadline_in_a_year_without_holiday_data_sqlite() {
    deadline_in_a_year_without_holiday_data(Backend::Sqlite).await;
}

#[tokio::test]
async fn deadline_in_a_year_without_holiday_data_postgres() {
    deadline_in_a_year_without_holiday_data(Backend::Postgres).await;
}

/// `/track` of a server at `base`, as its form asks.
async fn track_at(base: &str, client: &reqwest::Client, number: &str, code: &str) -> String {
    let html = client
        .get(format!("{base}/track"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let fields = [
        ("csrf", common::forms::hidden(&html, "csrf")),
        ("tracking_number", number.to_string()),
        ("code", code.to_string()),
    ];
    let r = client.post(format!("{base}/track")).form(&fields).send().await.unwrap();
    assert_eq!(r.status(), 200);
    r.text().await.unwrap()
}

/// A new calendar file is loaded by the running `portal serve` at its next
/// tick: no restart. The complaint was received on Friday 2026-11-27, so its
/// acceptance is due Tuesday 1 December; once the file makes 30 November and
/// 1 December days off, the same server says Thursday 3 December.
async fn a_new_calendar_file_needs_no_restart(backend: Backend) {
    let Some(app) = common::spawn_app(backend).await else {
        return;
    };
    let client = browser();
    let r = submit(&app, &client, "/complaints/new", complaint_fields()).await;
    let (number, code, _) = receipt(&app, &client, r).await;
    // A server process of its own (own data folder and index) on the same database.
    let data = tempfile::tempdir().unwrap();
    let mut cmd = portal(data.path(), Some(&app.database_url));
    cmd.env("PORTAL_TICK_SECONDS", "1");
    let server = Server::start(cmd).await;
    let client = browser();
    let before = track_at(&server.base, &client, &number, &code).await;
    assert!(before.contains("期限 2026-12-01"), "{before}");
    std::fs::write(
        data.path().join("cn_holidays.csv"),
        "date,kind,name\n2026-11-30,holiday,测试放假\n2026-12-01,holiday,测试放假\n",
    )
    .unwrap();
    let started = std::time::Instant::now();
    loop {
        let now = track_at(&server.base, &client, &number, &code).await;
        if now.contains("期限 2026-12-03") {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "not reloaded: {now}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_new_calendar_file_needs_no_restart_sqlite() {
    a_new_calendar_file_needs_no_restart(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_new_calendar_file_needs_no_restart_postgres() {
    a_new_calendar_file_needs_no_restart(Backend::Postgres).await;
}

const STATES: [RecordState; 9] = [
    RecordState::Published,
    RecordState::Withdrawn,
    RecordState::Repaired,
    RecordState::Draft,
    RecordState::Proposed,
    RecordState::Notified,
    RecordState::Dropped,
    RecordState::Expired,
    RecordState::Removed,
];

/// Every kind × state × flag × date combination, stored, then read both ways:
/// `VISIBLE_SQL` (which pages count and page with) and
/// `visibility::is_publicly_visible` (which decides each record) must agree
/// row by row, on each of several days.
async fn visible_sql_agrees_with_the_domain_rule(app: TestApp) {
    imported(&app).await;
    let template = app.record_id(SCREENED).await;
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let today = d(2026, 11, 27);
    let dates: [(NaiveDate, Option<NaiveDate>); 8] = [
        (d(2026, 1, 1), None),
        (d(2026, 1, 1), Some(d(2027, 1, 1))),
        (d(2026, 1, 1), Some(today)),
        (d(2026, 1, 1), Some(d(2026, 11, 26))),
        (today, None),
        (today, Some(today)),
        // Dated in the future (a pledge may be): not yet visible.
        (d(2026, 12, 1), None),
        (d(2026, 12, 1), Some(d(2027, 12, 1))),
    ];
    let mut rows = Vec::new();
    for kind in RecordKind::ALL {
        for state in STATES {
            for (sensitive, simple) in [(false, false), (true, false), (false, true)] {
                for (start, end) in dates {
                    rows.push(VisibilityFacts {
                        kind,
                        state,
                        sensitive,
                        simple_procedure: simple,
                        start,
                        end,
                    });
                }
            }
        }
    }
    let insert = "INSERT INTO records (kind, record_key, subject_id, authority_id, source_id, doc_no, title, category, \
                  decision_date, start_date, end_date, sensitive, simple_procedure, strict_domain, state, public_columns, \
                  private_columns, content_hash, version, published_at, updated_at) \
                  SELECT $1, $2, subject_id, authority_id, source_id, doc_no, title, category, $3, $3, $4, $5, $6, \
                  strict_domain, $7, public_columns, private_columns, content_hash, version, published_at, updated_at \
                  FROM records WHERE id = $8 RETURNING id";
    let select = format!(
        "SELECT r.id FROM records r WHERE {} ORDER BY r.id",
        portal::store::VISIBLE_SQL
    );
    let mut ids = Vec::new();
    let days = [d(2026, 1, 1), d(2026, 11, 26), today, d(2026, 12, 1), d(2027, 1, 2)];
    let mut visible_by_sql = Vec::new();
    macro_rules! run {
        ($conn:expr) => {{
            let mut c = $conn;
            for (i, f) in rows.iter().enumerate() {
                let (id,): (i64,) = sqlx::query_as(insert)
                    .bind(f.kind.code())
                    .bind(format!("visibility-table|{i}"))
                    .bind(f.start)
                    .bind(f.end)
                    .bind(f.sensitive)
                    .bind(f.simple_procedure)
                    .bind(f.state.code())
                    .bind(template)
                    .fetch_one(&mut c)
                    .await
                    .unwrap();
                ids.push(id);
            }
            for day in days {
                let found: Vec<(i64,)> = sqlx::query_as(&select).bind(day).fetch_all(&mut c).await.unwrap();
                visible_by_sql.push(
                    found
                        .into_iter()
                        .map(|(id,)| id)
                        .collect::<std::collections::HashSet<_>>(),
                );
            }
        }};
    }
    if app.database_url.starts_with("postgres") {
        run!(sqlx::PgConnection::connect(&app.database_url).await.unwrap());
    } else {
        run!(sqlx::SqliteConnection::connect(&app.database_url).await.unwrap());
    }
    // Each stored row, read back as the pages read it.
    let mut stored_facts = Vec::new();
    for (f, id) in rows.iter().zip(&ids) {
        let stored = app.store.record(*id).await.unwrap().unwrap();
        let facts = VisibilityFacts {
            kind: RecordKind::from_code(&stored.kind).unwrap(),
            state: RecordState::from_code(&stored.state).unwrap(),
            sensitive: stored.sensitive,
            simple_procedure: stored.simple_procedure,
            start: stored.start_date,
            end: stored.end_date,
        };
        assert_eq!(&facts, f, "stored as given");
        stored_facts.push(facts);
    }
    let mut disagreements = Vec::new();
    let mut shown = 0;
    for (day, by_sql) in days.iter().zip(&visible_by_sql) {
        for (f, id) in stored_facts.iter().zip(&ids) {
            let by_domain = is_publicly_visible(f, *day);
            shown += usize::from(by_domain);
            if by_domain != by_sql.contains(id) {
                disagreements.push(format!("{day}: {f:?} domain {by_domain}, SQL {}", by_sql.contains(id)));
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    // The table is not trivially all hidden.
    assert!(shown > 50, "{shown}");
}

/// `portal import --kind integrity` on the test app's database.
fn cli_import(app: &TestApp, kind: &str, name: &str) -> String {
    let url = app
        .database_url
        .starts_with("postgres")
        .then_some(app.database_url.as_str());
    let out = portal(&app.data_dir, url)
        .args(["import", "--kind", kind])
        .arg(fixture(name))
        .output()
        .expect("portal runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0), "{text}");
    text
}

async fn a_government_integrity_file_is_imported_and_shown(app: TestApp) {
    let out = cli_import(&app, "integrity", "integrity_records.csv");
    assert!(out.contains("新增 2"), "{out}");
    let today = app::domain::clock::china_date(test_now());
    let rows = app.store.find_by_doc_no("嘉信用认〔2026〕3号", today, 1).await.unwrap();
    let entry = rows.first().expect("the integrity record is public");
    assert_eq!(entry.kind, RecordKind::Integrity.code());
    assert_eq!(entry.subject_kind, "government_body", "{entry:?}");

    // The record page, the subject's page (a government body) and the
    // department page of the authority that made the finding.
    let record = app.page(&format!("/records/{}", entry.id)).await;
    assert!(
        record.contains("未按合同约定向施工单位支付工程款") && record.contains("嘉峪关市发展和改革委员会"),
        "{record}"
    );
    let subject = app.page(&format!("/subjects/{}", entry.subject_id)).await;
    assert!(
        subject.contains("嘉峪关市住房和城乡建设局") && subject.contains("嘉信用认〔2026〕3号"),
        "{subject}"
    );
    let department = app.page(&format!("/departments/{}", entry.authority_id)).await;
    assert!(
        department.contains("嘉信用认〔2026〕3号") && department.contains("嘉信用认〔2026〕4号"),
        "{department}"
    );
    let only_integrity = app
        .page(&format!("/departments/{}?kind=integrity", entry.authority_id))
        .await;
    assert!(only_integrity.contains("嘉峪关市城市建设服务中心"), "{only_integrity}");
    // The declared 公示截止期 is kept; the default is 3 years.
    let other = app.store.find_by_doc_no("嘉信用认〔2026〕4号", today, 1).await.unwrap();
    assert_eq!(other[0].end_date, NaiveDate::from_ymd_opt(2029, 9, 1));
    assert_eq!(entry.end_date, NaiveDate::from_ymd_opt(2029, 10, 12));
}

on_both_backends!(
    a_strict_domain_penalty_is_repairable_only_after_a_year,
    records_stored_before_0013_are_backfilled,
    id_and_mobile_numbers_in_free_text_are_never_published,
    an_id_number_born_in_the_future_is_refused,
    visible_sql_agrees_with_the_domain_rule,
    a_government_integrity_file_is_imported_and_shown,
);

/// Every `Store::connect` asks whether records stored before 0013 are left to
/// decide; on a million records that question must be an index probe, not a
/// table scan (the partial index `records_strict_pending` of migration 0013).
#[tokio::test]
async fn the_start_up_backfill_check_never_scans_the_records() {
    let app = common::spawn_app(Backend::Sqlite).await.unwrap();
    let mut c = sqlx::SqliteConnection::connect(&app.database_url).await.unwrap();
    let plan: Vec<(i64, i64, i64, String)> =
        sqlx::query_as("EXPLAIN QUERY PLAN SELECT id FROM records WHERE strict_domain IS NULL LIMIT 1")
            .fetch_all(&mut c)
            .await
            .unwrap();
    let details: Vec<&str> = plan.iter().map(|p| p.3.as_str()).collect();
    assert!(
        // Walking the partial index holds only undecided rows (none once done).
        details.iter().all(|d| d.contains("records_strict_pending")),
        "{details:?}"
    );
}

/// A red-list row asks for the subject's penalties: through the subject's
/// index, never by walking every penalty in date order (which SQLite chose for
/// an `ORDER BY decision_date … LIMIT 1` and which stalled a million-record load).
#[tokio::test]
async fn a_red_list_row_reads_only_its_subjects_penalties() {
    let app = common::spawn_app(Backend::Sqlite).await.unwrap();
    let mut c = sqlx::SqliteConnection::connect(&app.database_url).await.unwrap();
    let sql = format!("EXPLAIN QUERY PLAN {}", portal::store::SUBJECT_PENALTIES_SQL);
    let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(&sql).bind(1_i64).fetch_all(&mut c).await.unwrap();
    let details: Vec<&str> = plan.iter().map(|p| p.3.as_str()).collect();
    assert!(details.iter().all(|d| d.contains("records_subject")), "{details:?}");
}

/// Every department's own pledges are counted in one
/// grouped query that reaches the records through each department's subject
/// (`records_subject`), never by scanning the records.
#[tokio::test]
async fn the_departments_own_records_count_never_scans_the_records() {
    let app = common::spawn_app(Backend::Sqlite).await.unwrap();
    // Statistics of a realistic mix (a handful of rows of one subject would
    // make any plan look cheapest).
    portal::demo_load::load_demo(&app.store, 2000, 7, test_now(), &indicatif::ProgressBar::hidden())
        .await
        .unwrap();
    let mut c = sqlx::SqliteConnection::connect(&app.database_url).await.unwrap();
    sqlx::query("ANALYZE").execute(&mut c).await.unwrap();
    let sql = format!("EXPLAIN QUERY PLAN {}", portal::store::departments_own_records_sql());
    let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(&sql)
        .bind(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap())
        .fetch_all(&mut c)
        .await
        .unwrap();
    let details: Vec<&str> = plan.iter().map(|p| p.3.as_str()).collect();
    assert!(
        details
            .iter()
            .any(|d| d.starts_with("SEARCH r USING INDEX records_subject")),
        "{details:?}"
    );
    assert!(
        !details.iter().any(|d| d.starts_with("SCAN r")),
        "the records are never scanned: {details:?}"
    );
}

/// The home page's latest records walk `records_published` from the newest
/// and stop: never every published row sorted for twenty (what SQLite chose
/// by itself, 4–28 s a request at a million records), as deployed (no
/// ANALYZE) and with statistics.
#[tokio::test]
async fn the_home_pages_latest_records_never_sort_the_published_rows() {
    let (app, mut c) = sqlite_demo(2000).await;
    let sql = format!("EXPLAIN QUERY PLAN {}", portal::store::latest_public_sql(true));
    for analyzed in [false, true] {
        if analyzed {
            sqlx::query("ANALYZE").execute(&mut c).await.unwrap();
        }
        let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(&sql)
            .bind(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap())
            .bind(20_i64)
            .fetch_all(&mut c)
            .await
            .unwrap();
        let details: Vec<&str> = plan.iter().map(|p| p.3.as_str()).collect();
        assert!(
            details.iter().any(|d| d.contains("records_published"))
                && !details.iter().any(|d| d.contains("TEMP B-TREE")),
            "analyzed: {analyzed}: {details:?}"
        );
    }
    // And it answers what the rule says: the newest visible records, newest first.
    let today = app::domain::clock::china_date(test_now());
    let latest = app.store.latest_public(today, 20).await.unwrap();
    assert_eq!(latest.len(), 20);
    assert!(latest.iter().all(|r| is_publicly_visible(
        &VisibilityFacts {
            kind: RecordKind::from_code(&r.kind).unwrap(),
            state: RecordState::from_code(&r.state).unwrap(),
            sensitive: r.sensitive,
            simple_procedure: r.simple_procedure,
            start: r.start_date,
            end: r.end_date,
        },
        today
    )));
}

/// A SQLite portal holding `records` demo records, with a connection of its own.
async fn sqlite_demo(records: u64) -> (TestApp, sqlx::SqliteConnection) {
    let app = common::spawn_app(Backend::Sqlite).await.unwrap();
    portal::demo_load::load_demo(&app.store, records, 7, test_now(), &indicatif::ProgressBar::hidden())
        .await
        .unwrap();
    let c = sqlx::SqliteConnection::connect(&app.database_url).await.unwrap();
    (app, c)
}

/// The tally behind every public count (home, lists, departments, API) reads
/// only `records_visibility`, in its own group order (no temp B-tree), as
/// deployed and with statistics; and counts what the domain rule shows.
#[tokio::test]
async fn the_public_tally_reads_only_the_visibility_index() {
    let (app, mut c) = sqlite_demo(2000).await;
    let today = app::domain::clock::china_date(test_now());
    let sql = format!("EXPLAIN QUERY PLAN {}", portal::store::public_tally_sql(true));
    for analyzed in [false, true] {
        if analyzed {
            sqlx::query("ANALYZE").execute(&mut c).await.unwrap();
        }
        let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(&sql).bind(today).fetch_all(&mut c).await.unwrap();
        let details: Vec<&str> = plan.iter().map(|p| p.3.as_str()).collect();
        assert!(
            details.iter().all(|d| d.contains("COVERING INDEX records_visibility")),
            "analyzed: {analyzed}: {details:?}"
        );
    }
    type Facts = (String, String, bool, bool, NaiveDate, Option<NaiveDate>);
    let rows: Vec<Facts> =
        sqlx::query_as("SELECT kind, state, sensitive, simple_procedure, start_date, end_date FROM records")
            .fetch_all(&mut c)
            .await
            .unwrap();
    let visible_by_rule = rows
        .iter()
        .filter(|(kind, state, sensitive, simple, start, end)| {
            is_publicly_visible(
                &VisibilityFacts {
                    kind: RecordKind::from_code(kind).unwrap(),
                    state: RecordState::from_code(state).unwrap(),
                    sensitive: *sensitive,
                    simple_procedure: *simple,
                    start: *start,
                    end: *end,
                },
                today,
            )
        })
        .count() as i64;
    let tally = app.store.public_tally(today).await.unwrap();
    assert!(visible_by_rule > 1000, "{visible_by_rule}");
    assert_eq!(tally.iter().map(|r| r.records).sum::<i64>(), visible_by_rule);
}

fn bound<'q, T>(
    sql: &'q str,
    binds: &[portal::store::ApiBind],
    today: NaiveDate,
) -> sqlx::query::QueryAs<'q, sqlx::Sqlite, T, sqlx::sqlite::SqliteArguments<'q>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>,
{
    let mut q = sqlx::query_as::<_, T>(sql).bind(today);
    for b in binds.iter().cloned() {
        q = match b {
            portal::store::ApiBind::Text(t) => q.bind(t),
            portal::store::ApiBind::Int(i) => q.bind(i),
            portal::store::ApiBind::Date(d) => q.bind(d),
        };
    }
    q
}

/// `GET /api/v1/records` names its walk on SQLite (`api_walk`): every walk
/// gives exactly the page the planner's own choice gives, and none sorts what
/// the walk already orders.
#[tokio::test]
async fn every_api_walk_gives_the_planners_page() {
    use portal::store::{api_records_sql, api_walk, ApiRecordFilter, ApiWalk};
    let (_app, mut c) = sqlite_demo(2000).await;
    let today = app::domain::clock::china_date(test_now());
    sqlx::query("ANALYZE").execute(&mut c).await.unwrap();
    let (list,): (String,) =
        sqlx::query_as("SELECT list_name FROM records WHERE kind = 'blacklist' AND list_name IS NOT NULL LIMIT 1")
            .fetch_one(&mut c)
            .await
            .unwrap();
    let (subject,): (i64,) =
        sqlx::query_as("SELECT subject_id FROM records GROUP BY subject_id ORDER BY COUNT(*) DESC")
            .fetch_one(&mut c)
            .await
            .unwrap();
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let base = ApiRecordFilter {
        limit: 50,
        ..Default::default()
    };
    let filters = [
        (ApiWalk::Newest, base.clone()),
        (
            ApiWalk::Newest,
            ApiRecordFilter {
                kind: Some("penalty".into()),
                visible_matches: Some(100_000),
                before_id: Some(1500),
                ..base.clone()
            },
        ),
        (
            ApiWalk::Sparse,
            ApiRecordFilter {
                kind: Some("integrity".into()),
                visible_matches: Some(10),
                ..base.clone()
            },
        ),
        (
            ApiWalk::Sparse,
            ApiRecordFilter {
                department_id: Some(3),
                visible_matches: Some(10),
                ..base.clone()
            },
        ),
        (
            ApiWalk::List,
            ApiRecordFilter {
                kind: Some("blacklist".into()),
                list_name: Some(list.clone()),
                ..base.clone()
            },
        ),
        (
            ApiWalk::Period,
            ApiRecordFilter {
                decided_from: date("2026-06-01"),
                decided_to: date("2026-06-30"),
                ..base.clone()
            },
        ),
        (
            ApiWalk::Subject,
            ApiRecordFilter {
                subject_id: Some(subject),
                ..base.clone()
            },
        ),
        (
            ApiWalk::List,
            ApiRecordFilter {
                list_name: Some(list.clone()),
                ..base.clone()
            },
        ),
        (
            ApiWalk::Objections,
            ApiRecordFilter {
                under_objection: true,
                ..base.clone()
            },
        ),
    ];
    for (walk, f) in filters {
        assert_eq!(api_walk(&f), walk, "{f:?}");
        let mut pages = Vec::new();
        for hinted in [true, false] {
            let (sql, binds) = api_records_sql(&f, hinted);
            let sql = sql.replacen("SELECT r.id, ", "SELECT r.id AS id_only, r.id, ", 1);
            pages.push(bound::<(i64,)>(&sql, &binds, today).fetch_all(&mut c).await.unwrap());
            // A named list of a kind is read in id order, as the table is.
            if hinted && (walk == ApiWalk::Newest || (walk == ApiWalk::List && f.kind.is_some())) {
                let explain = format!("EXPLAIN QUERY PLAN {sql}");
                let plan = bound::<(i64, i64, i64, String)>(&explain, &binds, today)
                    .fetch_all(&mut c)
                    .await
                    .unwrap();
                let details: Vec<&str> = plan.iter().map(|p| p.3.as_str()).collect();
                assert!(
                    !details.iter().any(|d| d.contains("TEMP B-TREE")),
                    "{walk:?}: {details:?}"
                );
            }
        }
        assert_eq!(pages[0], pages[1], "{walk:?}: {f:?}");
        if walk != ApiWalk::Objections {
            assert!(!pages[0].is_empty(), "{walk:?} finds records");
        }
    }
}

/// A department's feed reads the same entries whether it walks the log back
/// (a department with a large share of the records) or sorts its records'
/// log rows (`feed_walks_log`).
#[tokio::test]
async fn a_department_feed_is_the_same_walked_or_sorted() {
    use portal::store::FeedScope;
    let (app, mut c) = sqlite_demo(1500).await;
    let today = app::domain::clock::china_date(test_now());
    let departments: Vec<(i64,)> = sqlx::query_as("SELECT DISTINCT authority_id FROM records")
        .fetch_all(&mut c)
        .await
        .unwrap();
    assert!(departments.len() > 3);
    for (id,) in departments {
        let seqs = |rows: Vec<portal::store::RecordChangeRow>| rows.into_iter().map(|r| r.seq).collect::<Vec<_>>();
        let walked = app
            .store
            .record_changes(FeedScope::Department, id, today, 20, true)
            .await
            .unwrap();
        let sorted = app
            .store
            .record_changes(FeedScope::Department, id, today, 20, false)
            .await
            .unwrap();
        assert!(!walked.is_empty(), "department {id}");
        assert_eq!(seqs(walked), seqs(sorted), "department {id}");
    }
    assert!(portal::store::feed_walks_log(10_000, 1_000_000));
    assert!(!portal::store::feed_walks_log(9_999, 1_000_000));
    assert!(!portal::store::feed_walks_log(0, 0), "nothing to walk for");
}

/// A red-list row asks whether the subject is on a black list: through the
/// subject's index alone on both engines, never combined with the index on
/// `state` (what PostgreSQL did while a bulk load outran its statistics: 70 ms
/// a row, and the million-record load on PostgreSQL ran at 300 rows/s).
#[tokio::test]
async fn a_red_list_row_reads_only_its_subjects_black_list_entries() {
    let sql = portal::store::SUBJECT_BLACK_ENTRIES_SQL;
    let app = common::spawn_app(Backend::Sqlite).await.unwrap();
    let mut c = sqlx::SqliteConnection::connect(&app.database_url).await.unwrap();
    let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}"))
        .bind(1_i64)
        .fetch_all(&mut c)
        .await
        .unwrap();
    let details: Vec<&str> = plan.iter().map(|p| p.3.as_str()).collect();
    assert!(details.iter().all(|d| d.contains("records_subject")), "{details:?}");

    let Some(app) = common::spawn_app(Backend::Postgres).await else {
        return;
    };
    portal::demo_load::load_demo(&app.store, 1000, 7, test_now(), &indicatif::ProgressBar::hidden())
        .await
        .unwrap();
    let mut c = sqlx::PgConnection::connect(&app.database_url).await.unwrap();
    for setting in [
        "ANALYZE",
        "SET enable_seqscan = off",
        "SET plan_cache_mode = force_generic_plan",
    ] {
        sqlx::query(setting).execute(&mut c).await.unwrap();
    }
    sqlx::raw_sql(&format!("PREPARE black_entries AS {sql}"))
        .execute(&mut c)
        .await
        .unwrap();
    let plan: Vec<(String,)> = sqlx::query_as("EXPLAIN EXECUTE black_entries(1)")
        .fetch_all(&mut c)
        .await
        .unwrap();
    let plan: Vec<&str> = plan.iter().map(|(l,)| l.as_str()).collect();
    assert!(
        plan.iter().any(|l| l.contains("records_subject"))
            && !plan
                .iter()
                .any(|l| l.contains("records_pkey") || l.contains("records_expiry")),
        "{plan:?}"
    );
}
