//! Black-box tests of three rules that were bypassed (issue 13): publication
//! timeliness counts only what became public, when it became public (items 3);
//! a submission's deadlines run from its acceptance, whatever is assigned
//! later (item 4); an objection is upheld by correction only once the record
//! was corrected, and the submitter is told which version (item 6). Each runs
//! on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL.

mod common;

use app::domain::kinds::RecordKind;
use app::domain::staff::Role;
use app::domain::statistics::{composite_score, ProfileFacts};
use app::domain::working_days::Calendar;

use chrono::{TimeZone, Utc};
use common::forms::browser;
use common::public_forms::*;
use common::staff::{department_id, get, logged_in, post, try_login, PASSWORD};
use common::{fixture, noon, spawn_with_movable_clock, test_now, Backend, TestApp};
use reqwest::Client;
use serde_json::Value;

const PENALTIES: &str = "penalties_10_good_3_bad.csv";
const MARKET: &str = "嘉峪关市市场监督管理局";
const MARKET_USCC: &str = "11620200013900001M";
/// Decided 2026-04-10, source and authority the market bureau.
const OBJECTED: &str = "嘉市监罚〔2026〕2号";

/// A new browser session of an existing account (sessions lapse when the clock moves on).
async fn login(app: &TestApp, username: &str) -> Client {
    let client = browser();
    let r = try_login(app, &client, username, PASSWORD).await;
    assert_eq!(r.status(), 303, "login of {username}");
    client
}

async fn objection(app: &TestApp, record_id: i64) -> (i64, String, String) {
    let public = browser();
    let path = format!("/records/{record_id}/objection");
    let (number, code, _) = receipt(app, &public, submit(app, &public, &path, objection_fields()).await).await;
    let row = app.store.submission_by_tracking_number(&number).await.unwrap().unwrap();
    (row.id, number, code)
}

async fn decide(app: &TestApp, client: &Client, id: i64, fields: &[(&str, &str)]) -> reqwest::Response {
    let path = format!("/admin/submissions/{id}");
    post(app, client, &path, &path, fields).await
}

/// A penalty of the market bureau typed into the back-office form.
fn penalty_form(
    doc_no: &'static str,
    decided: &'static str,
    action: &'static str,
) -> Vec<(&'static str, &'static str)> {
    vec![
        ("kind", "penalty"),
        ("action", action),
        ("行政相对人名称", "张三"),
        ("行政相对人类别", "自然人"),
        ("证件类型", "身份证"),
        ("证件号码", "11010519491231002X"),
        ("行政处罚决定书文号", doc_no),
        ("违法行为类型", "无照经营"),
        ("违法事实", "未取得营业执照从事经营活动"),
        ("处罚依据", "《无证无照经营查处办法》第十三条"),
        ("处罚类别", "01"),
        ("处罚内容", "警告"),
        ("处罚决定日期", decided),
        ("处罚有效期", decided),
    ]
}

/// The record id in a `/admin/records/{id}?done=…` redirect.
fn redirected_id(r: &reqwest::Response) -> i64 {
    assert_eq!(r.status(), 303, "expected a redirect");
    let location = r.headers()["location"].to_str().unwrap();
    let rest = location.strip_prefix("/admin/records/").unwrap();
    rest.split('?').next().unwrap().parse().unwrap()
}

/// Two penalties of the market bureau decided two days ago, one sensitive and
/// one decided in the simple procedure: stored, never public.
fn never_public_rows() -> portal::import::Sheet {
    let header = [
        "行政相对人名称",
        "行政相对人类别",
        "行政相对人代码_1（统一社会信用代码）",
        "行政处罚决定书文号",
        "违法行为类型",
        "违法事实",
        "处罚依据",
        "处罚类别",
        "处罚内容",
        "处罚决定日期",
        "处罚有效期",
        "处罚机关",
        "处罚机关统一社会信用代码",
        "数据来源单位",
        "数据来源单位统一社会信用代码",
        "是否敏感",
        "程序类型",
    ];
    let row = |doc_no: &str, sensitive: &str, procedure: &str| -> Vec<String> {
        [
            "嘉峪关市雄关建设有限公司",
            "法人及非法人组织",
            "91320322MABLP2X24R",
            doc_no,
            "未按规定公示年度报告",
            "该公司未按规定公示年度报告",
            "《企业信息公示暂行条例》第十八条",
            "01",
            "警告",
            "2026/11/25",
            "2026/11/25",
            MARKET,
            MARKET_USCC,
            MARKET,
            MARKET_USCC,
            sensitive,
            procedure,
        ]
        .map(str::to_string)
        .to_vec()
    };
    portal::import::Sheet {
        rows: vec![
            header.map(str::to_string).to_vec(),
            row("嘉市监罚〔2026〕801号", "是", "一般"),
            row("嘉市监罚〔2026〕802号", "否", "简易"),
        ],
        other_sheets: vec![],
    }
}

/// Item 3. The fixture's ten penalties went online on 28 October, one of them
/// within 7 working days. Then, all decided recently (so each would count as
/// "on time" if it counted): a draft never published, a sensitive and a
/// simple-procedure record, a black-list proposal that was dropped. None of
/// them counts. A draft saved on time but published late counts as late. The
/// provider's dashboard, /statistics, the API and the department page agree.
async fn timeliness_counts_only_what_became_public(backend: Backend) {
    let Some((app, clock)) = spawn_with_movable_clock(backend).await else {
        return;
    };
    let online = Utc.with_ymd_and_hms(2026, 10, 28, 2, 0, 0).unwrap();
    let report = app
        .import_file_at(RecordKind::Penalty, &fixture(PENALTIES), online)
        .await;
    assert_eq!(report.created, 10);
    let market = department_id(&app, MARKET).await;
    logged_in(&app, "admin1", Role::Admin, None).await;
    logged_in(&app, "market1", Role::Provider, Some(market)).await;

    // 3 November: a draft of a decision of 2 November (deadline 11 November), saved in time.
    clock.set(noon(11, 3));
    let provider = login(&app, "market1").await;
    let form = "/admin/records/new?kind=penalty";
    let r = post(
        &app,
        &provider,
        form,
        "/admin/records/new",
        &penalty_form("嘉市监罚〔2026〕701号", "2026-11-02", "draft"),
    )
    .await;
    let published_late = redirected_id(&r);

    // 27 November: it is published (late); another draft of 25 November stays a draft.
    clock.set(test_now());
    let provider = login(&app, "market1").await;
    let admin = login(&app, "admin1").await;
    let page = format!("/admin/records/{published_late}");
    let r = post(&app, &provider, &page, &format!("{page}/publish"), &[]).await;
    assert_eq!(redirected_id(&r), published_late);
    let r = post(
        &app,
        &provider,
        form,
        "/admin/records/new",
        &penalty_form("嘉市监罚〔2026〕702号", "2026-11-25", "draft"),
    )
    .await;
    let draft = redirected_id(&r);
    assert_eq!(app.store.record(draft).await.unwrap().unwrap().state, "draft");

    // Sensitive and simple-procedure records are stored, never public.
    let report = app.import_sheet(RecordKind::Penalty, &never_public_rows()).await;
    assert_eq!(report.created, 2, "{report:?}");

    // A black list of the market bureau: a proposal, dropped after the defence.
    let r = post(
        &app,
        &admin,
        "/admin/lists",
        "/admin/lists",
        &[
            ("name", "市场监管严重违法失信名单"),
            ("kind", "blacklist"),
            ("authority_id", &market.to_string()),
            ("term_years", ""),
            ("defence_working_days", ""),
            ("removal_window_working_days", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    let list = app
        .store
        .lists("test", test_now())
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.name == "市场监管严重违法失信名单")
        .unwrap();
    let path = format!("/admin/lists/{}", list.id);
    let r = post(
        &app,
        &provider,
        &path,
        &format!("{path}/entries"),
        &[
            ("subject_name", "嘉峪关市旧账有限公司"),
            ("subject_kind", "法人及非法人组织"),
            ("uscc", "91330000755918469E"),
            ("reason", "提交虚假材料取得许可"),
            ("basis", "《市场监督管理严重违法失信名单管理办法》第九条"),
            ("doc_no", "嘉市监失信〔2026〕1号"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    let entry = app.store.list_entries(&list).await.unwrap()[0].id;
    let r = post(
        &app,
        &provider,
        &path,
        &format!("{path}/entries/{entry}"),
        &[("action", "drop"), ("reason", "申辩理由成立")],
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(app.store.record(entry).await.unwrap().unwrap().state, "dropped");

    // 10 from the file (1 on time) + the draft published late = 11, 1 on time.
    let stats: Value = app.get("/api/v1/statistics").await.json().await.unwrap();
    let t = stats["timeliness"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == market)
        .unwrap()
        .clone();
    assert_eq!((t["on_time"].as_i64(), t["total"].as_i64()), (Some(1), Some(11)), "{t}");
    let expected = composite_score(&ProfileFacts {
        published: 11,
        published_on_time: 1,
        ..ProfileFacts::default()
    });
    let score = stats["scores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == market)
        .unwrap()["score"]
        .as_f64()
        .unwrap();
    assert_eq!(score, expected);
    let statistics = app.page("/statistics").await;
    assert!(statistics.contains("9.1%（1/11）"), "{statistics}");
    let profile = app.page(&format!("/departments/{market}/integrity")).await;
    assert!(
        profile.contains(&format!("综合得分 {expected:.1}")) && profile.contains("11 条中 1 条"),
        "{profile}"
    );
    let (_, home) = get(&app, &provider, "/admin").await;
    assert!(
        home.contains("2025-11-27 至 2026-11-27 期间决定并已公开的 11 条信息中 1 条在决定后 7 个工作日内上线（9.1%）"),
        "the dashboard gives the same figure: {home}"
    );
}

/// Item 4. Accepted on Friday 27 November, the answer is due 11 December (10
/// working days). Assigned on 1 December and re-assigned on 8 December, it is
/// still due 11 December on /track, in the queue and for the tick, which flags
/// it overdue once on 14 December; a re-assignment after that keeps the flag.
async fn re_assigning_an_objection_keeps_its_deadline(backend: Backend) {
    let Some((app, clock)) = spawn_with_movable_clock(backend).await else {
        return;
    };
    app.import_file(RecordKind::Penalty, &fixture(PENALTIES)).await;
    app.import_file(RecordKind::Blacklist, &fixture("blacklist.csv")).await;
    let market = department_id(&app, MARKET).await.to_string();
    let emergency = department_id(&app, "嘉峪关市应急管理局").await.to_string();
    let record = app.record_id(OBJECTED).await;
    let (id, number, code) = objection(&app, record).await;
    let reviewer = logged_in(&app, "reviewer1", Role::Reviewer, None).await;
    assert_eq!(decide(&app, &reviewer, id, &[("action", "accept")]).await.status(), 303);

    clock.set(noon(12, 1));
    let reviewer = login(&app, "reviewer1").await;
    let r = decide(&app, &reviewer, id, &[("action", "assign"), ("department_id", &market)]).await;
    assert_eq!(r.status(), 303);
    clock.set(noon(12, 8));
    let reviewer = login(&app, "reviewer1").await;
    let r = decide(
        &app,
        &reviewer,
        id,
        &[("action", "assign"), ("department_id", &emergency)],
    )
    .await;
    assert_eq!(r.status(), 303);

    let tracked = track(&app, &browser(), &number, &code).await;
    assert!(tracked.contains("核查并答复，期限 2026-12-11"), "{tracked}");
    let (_, queue) = get(&app, &reviewer, "/admin/submissions").await;
    assert!(
        queue.contains("核查并答复 · 2026-12-11") && queue.contains("剩 3 个工作日"),
        "{queue}"
    );
    let cal = Calendar::official();
    assert_eq!(
        portal::tick::run_tick(&app.store, &cal, noon(12, 11))
            .await
            .unwrap()
            .overdue_flagged,
        0
    );

    // Monday 14 December: one working day late, flagged once.
    clock.set(noon(12, 14));
    let reviewer = login(&app, "reviewer1").await;
    let (_, queue) = get(&app, &reviewer, "/admin/submissions").await;
    assert!(queue.contains("已超期 1 个工作日"), "{queue}");
    let (_, detail) = get(&app, &reviewer, &format!("/admin/submissions/{id}")).await;
    assert!(detail.contains("核查并答复 · 2026-12-11"), "{detail}");
    assert_eq!(
        portal::tick::run_tick(&app.store, &cal, noon(12, 14))
            .await
            .unwrap()
            .overdue_flagged,
        1
    );
    let r = decide(&app, &reviewer, id, &[("action", "assign"), ("department_id", &market)]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        portal::tick::run_tick(&app.store, &cal, noon(12, 14))
            .await
            .unwrap()
            .overdue_flagged,
        0,
        "re-assigning keeps the deadline, so the flag stays"
    );
    let log = app.change_log_text(Some("submission")).await;
    let overdue: Vec<_> = log.iter().filter(|l| l.contains("|overdue|")).collect();
    assert_eq!(overdue.len(), 1, "{log:?}");
    assert!(overdue[0].contains("in_review|2026-12-11"), "{overdue:?}");
    let tracked = track(&app, &browser(), &number, &code).await;
    assert!(tracked.contains("核查并答复，期限 2026-12-11"), "{tracked}");

    // Answered on 15 December: late, counted so.
    clock.set(noon(12, 15));
    let reviewer = login(&app, "reviewer1").await;
    let r = decide(
        &app,
        &reviewer,
        id,
        &[("action", "uphold"), ("text", "经核查，原信息无误。")],
    )
    .await;
    assert_eq!(r.status(), 303);
    let stats: Value = app.get("/api/v1/statistics").await.json().await.unwrap();
    assert_eq!(stats["submissions_on_time"]["answered"], 1);
    assert_eq!(stats["submissions_on_time"]["on_time"], 0);
}

/// Item 6. "更正信息" is refused until the record was corrected after the
/// objection's acceptance; once the department corrects it through the
/// back-office, the objection is answered with the new version, /track says
/// so, and the record page shows the corrected content. Withdrawal happens in
/// the same step as the answer, or neither does.
async fn an_objection_is_upheld_by_correction_only_once_corrected(backend: Backend) {
    let Some((app, _clock)) = spawn_with_movable_clock(backend).await else {
        return;
    };
    app.import_file(RecordKind::Penalty, &fixture(PENALTIES)).await;
    let market = department_id(&app, MARKET).await;
    let record = app.record_id(OBJECTED).await;
    let (id, number, code) = objection(&app, record).await;
    let reviewer = logged_in(&app, "reviewer1", Role::Reviewer, None).await;
    let provider = logged_in(&app, "market1", Role::Provider, Some(market)).await;
    assert_eq!(decide(&app, &reviewer, id, &[("action", "accept")]).await.status(), 303);
    let r = decide(
        &app,
        &reviewer,
        id,
        &[("action", "assign"), ("department_id", &market.to_string())],
    )
    .await;
    assert_eq!(r.status(), 303);

    // Not corrected yet: refused with what to do, and the submitter is told nothing.
    let (_, detail) = get(&app, &reviewer, &format!("/admin/submissions/{id}")).await;
    assert!(detail.contains("受理后该信息尚未更正（现为第 1 版）"), "{detail}");
    let r = decide(
        &app,
        &reviewer,
        id,
        &[("action", "correct"), ("text", "异议成立，罚款金额已更正。")],
    )
    .await;
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("尚未更正") && body.contains("信息报送"), "{body}");
    let tracked = track(&app, &browser(), &number, &code).await;
    assert!(tracked.contains("核查中") && !tracked.contains("已更正"), "{tracked}");

    // The department corrects the record from the link on the objection.
    let (_, for_provider) = get(&app, &provider, &format!("/admin/submissions/{id}")).await;
    let edit = format!("/admin/records/{record}/edit");
    assert!(for_provider.contains(&format!(r#"href="{edit}""#)), "{for_provider}");
    let corrected = [
        ("行政相对人名称", "嘉峪关市镜铁食品有限公司"),
        ("行政相对人类别", "法人及非法人组织"),
        ("行政相对人代码_1(统一社会信用代码)", "913101151324074865"),
        ("法定代表人", "李明"),
        ("行政处罚决定书文号", OBJECTED),
        ("违法行为类型", "生产经营不符合食品安全标准的食品"),
        ("违法事实", "抽检不合格"),
        ("处罚依据", "《中华人民共和国食品安全法》第一百二十四条"),
        ("处罚类别", "02"),
        ("处罚内容", "罚款1万元"),
        ("罚款金额(万元)", "1"),
        ("处罚决定日期", "2026/04/10"),
        ("处罚有效期", "2026/04/10"),
        ("公示截止期", "2027/04/10"),
        ("action", "correct"),
    ];
    let r = post(&app, &provider, &edit, &edit, &corrected).await;
    assert_eq!(redirected_id(&r), record);

    let (_, detail) = get(&app, &reviewer, &format!("/admin/submissions/{id}")).await;
    assert!(detail.contains("受理后该信息已更正，现为第 2 版"), "{detail}");
    let r = decide(
        &app,
        &reviewer,
        id,
        &[("action", "correct"), ("text", "异议成立，罚款金额已更正。")],
    )
    .await;
    assert_eq!(r.status(), 303);
    let tracked = track(&app, &browser(), &number, &code).await;
    assert!(
        tracked.contains("异议成立，信息已更正（更正后为第 2 版）") && tracked.contains(&format!("/records/{record}")),
        "{tracked}"
    );
    let public = app.page(&format!("/records/{record}")).await;
    assert!(
        public.contains("罚款1万元") && !public.contains("罚款2万元") && public.contains("第 2 版"),
        "{public}"
    );

    // A record already withdrawn another way: "撤销公示" is refused, nothing is told.
    let other = app.record_id("嘉市监罚〔2026〕3号").await;
    let (id, number, code) = objection(&app, other).await;
    assert_eq!(decide(&app, &reviewer, id, &[("action", "accept")]).await.status(), 303);
    app.store
        .withdraw_record(other, "原处罚决定已被依法撤销", "test", test_now())
        .await
        .unwrap();
    let r = decide(
        &app,
        &reviewer,
        id,
        &[("action", "withdraw_record"), ("text", "决定已撤销。")],
    )
    .await;
    assert_eq!(r.status(), 422);
    let tracked = track(&app, &browser(), &number, &code).await;
    assert!(!tracked.contains("异议成立"), "{tracked}");
}

/// Runs statements on the test database behind the portal's back.
async fn raw_sql(app: &TestApp, statements: &[&str]) {
    use sqlx::Connection;
    if app.database_url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(&app.database_url).await.unwrap();
        for s in statements {
            sqlx::query(s).execute(&mut c).await.unwrap();
        }
    } else {
        let mut c = sqlx::SqliteConnection::connect(&app.database_url).await.unwrap();
        for s in statements {
            sqlx::query(s).execute(&mut c).await.unwrap();
        }
    }
}

/// Migration 0014 on a database that was in use before it: published records
/// get their publication moment, drafts and never-public records none, and an
/// objection assigned after its acceptance keeps the acceptance as its anchor.
async fn an_existing_database_migrates(backend: Backend) {
    let Some((app, clock)) = spawn_with_movable_clock(backend).await else {
        return;
    };
    app.import_file(RecordKind::Penalty, &fixture(PENALTIES)).await;
    app.import_sheet(RecordKind::Penalty, &never_public_rows()).await;
    let market = department_id(&app, MARKET).await;
    let provider = logged_in(&app, "market1", Role::Provider, Some(market)).await;
    let form = "/admin/records/new?kind=penalty";
    let fields = penalty_form("嘉市监罚〔2026〕702号", "2026-11-25", "draft");
    let draft = redirected_id(&post(&app, &provider, form, "/admin/records/new", &fields).await);
    let (id, _, _) = objection(&app, app.record_id(OBJECTED).await).await;
    let reviewer = logged_in(&app, "reviewer1", Role::Reviewer, None).await;
    assert_eq!(decide(&app, &reviewer, id, &[("action", "accept")]).await.status(), 303);
    clock.set(noon(12, 1));
    let reviewer = login(&app, "reviewer1").await;
    let r = decide(
        &app,
        &reviewer,
        id,
        &[("action", "assign"), ("department_id", &market.to_string())],
    )
    .await;
    assert_eq!(r.status(), 303);

    // Back to the schema before 0014, then migrate again.
    raw_sql(
        &app,
        &[
            "DROP INDEX records_first_public",
            "ALTER TABLE records DROP COLUMN first_public_at",
            "ALTER TABLE submissions DROP COLUMN accepted_at",
            "ALTER TABLE submissions DROP COLUMN record_version",
            "DELETE FROM _sqlx_migrations WHERE version = 14",
        ],
    )
    .await;
    let store = portal::store::Store::connect(&app.database_url).await.unwrap();
    let since = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let counted = store.publication_pairs(since, Some(market)).await.unwrap();
    assert_eq!(
        counted.len(),
        10,
        "the ten published, not the draft nor the never-public two"
    );
    assert!(counted
        .iter()
        .all(|(_, _, on)| *on == app::domain::clock::china_date(test_now())));
    assert_eq!(store.record(draft).await.unwrap().unwrap().state, "draft");
    let row = store.submission(id).await.unwrap().unwrap();
    assert_eq!(
        row.accepted_at,
        Some(test_now()),
        "from the acceptance, not the assignment"
    );
    assert_eq!(row.step_started_at, Some(noon(12, 1)));
}

macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(super::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(super::Backend::Postgres).await;
                }
            )*
        }
    };
}

on_both!(
    timeliness_counts_only_what_became_public,
    re_assigning_an_objection_keeps_its_deadline,
    an_objection_is_upheld_by_correction_only_once_corrected,
    an_existing_database_migrates,
);
