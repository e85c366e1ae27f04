//! Government pledges as the municipal plans use them (服务承诺, 期限承诺, 保障承诺,
//! 限时办结, 一次性告知): a pledge file with due dates and the words real files
//! use, the overdue state (逾期未践诺) appearing after the due date, 践诺
//! recorded in the back-office (and refused without CSRF or by a wrong role),
//! the public pledge form's due date, and the department profile's fulfilment
//! rate. Each runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL.

mod common;

use app::domain::kinds::RecordKind;
use app::domain::staff::Role;

use common::forms::{browser, text_of};
use common::public_forms::{pledge_fields, receipt, submit, with};
use common::staff::{create_staff, department_id, get, logged_in, post, try_login, PASSWORD};
use common::{fixture, noon, spawn_with_movable_clock, Backend, TestApp};
use reqwest::Client;
use serde_json::Value;

const FILE: &str = "government_pledges.csv";
const MARKET: &str = "嘉峪关市市场监督管理局";
/// 限时办结, due 2026-11-30, 履约中: running on the test day (27 November).
const RUNNING: &str = "嘉市监诺〔2026〕1号";
/// 一次性告知, 已践诺 on 2026-10-20.
const KEPT: &str = "嘉市监诺〔2026〕2号";
/// 服务承诺, 违约 (stored 未履约).
const BROKEN: &str = "嘉市监诺〔2026〕3号";
/// 期限承诺, due 2026-11-20, still 履约中: overdue on the test day.
const OVERDUE: &str = "嘉市监诺〔2026〕4号";

async fn imported(app: &TestApp) {
    let report = app.import_file(RecordKind::Pledge, &fixture(FILE)).await;
    assert_eq!(report.created, 4, "{:?}", report.errors);
    assert_eq!(report.rejected, 2, "{:?}", report.errors);
    let problem = |column: &str| {
        report
            .errors
            .iter()
            .find(|e| e.column == column)
            .unwrap_or_else(|| panic!("no problem in {column}: {:?}", report.errors))
            .clone()
    };
    // 办结时限 is read as 承诺履行期限; a due date before the pledge is refused by name.
    let due = problem("承诺履行期限");
    assert_eq!(due.row, 6, "{due}");
    assert!(due.message.contains("早于承诺日期"), "{due}");
    let status = problem("履约状态");
    assert_eq!(status.row, 7, "{status}");
    assert!(status.message.contains("差不多"), "{status}");
}

/// The text of the element with `id` (up to its first tag).
fn text(html: &str, id: &str) -> String {
    text_of(html, id).unwrap_or_else(|| panic!("no #{id} in {html}"))
}

/// The markup of the table or list with `id`.
fn block(html: &str, id: &str) -> String {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} in {html}"));
    let rest = &html[start..];
    let end = ["</table>", "</ol>"]
        .iter()
        .filter_map(|t| rest.find(t))
        .min()
        .unwrap_or(rest.len());
    rest[..end].to_string()
}

async fn record_page(app: &TestApp, doc_no: &str) -> String {
    app.page(&format!("/records/{}", app.record_id(doc_no).await)).await
}

async fn profile(app: &TestApp) -> String {
    let market = department_id(app, MARKET).await;
    app.page(&format!("/departments/{market}/integrity")).await
}

fn score_part(html: &str) -> String {
    let table = &html[html.find(r#"id="score-parts""#).expect("score parts")..];
    let row = &table[table.find("承诺履约率").expect("the pledge part")..];
    let cell = &row[..row.find("</tr>").unwrap()];
    cell.rsplit("<td>")
        .next()
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string()
}

async fn a_pledge_file_with_due_dates_and_real_words(app: TestApp) {
    imported(&app).await;
    let running = record_page(&app, RUNNING).await;
    assert!(running.contains("限时办结"), "the type is shown");
    assert_eq!(text(&running, "pledge-due"), "2026-11-30");
    assert!(text(&running, "pledge-fulfilment").starts_with("履约中"), "{running}");

    let kept = record_page(&app, KEPT).await;
    assert!(text(&kept, "pledge-fulfilment").starts_with("已履约"));
    assert_eq!(text(&kept, "pledge-fulfilled-on"), "2026-10-20");
    // The file's 已践诺 is published in the one vocabulary.
    assert!(!kept.contains("已践诺"), "{kept}");

    let broken = record_page(&app, BROKEN).await;
    assert!(text(&broken, "pledge-fulfilment").starts_with("未履约"));
    assert!(broken.contains("投诉答复超过承诺时限"), "the reason is public");

    let overdue = record_page(&app, OVERDUE).await;
    assert!(
        text(&overdue, "pledge-fulfilment").starts_with("逾期未践诺"),
        "{overdue}"
    );

    // The API says the same.
    let id = app.record_id(OVERDUE).await;
    let api: Value = app.get(&format!("/api/v1/records/{id}")).await.json().await.unwrap();
    common::assert_openapi_schema("RecordDetail", &api);
    assert_eq!(api["pledge_fulfilment"], "overdue");
    assert_eq!(api["pledge_status"], "履约中");
    assert_eq!(api["pledge_due_date"], "2026-11-20");

    // The profile: 1 kept of (1 kept + 1 broken + 1 overdue); the running one not judged.
    let page = profile(&app).await;
    let counts = text(&page, "profile-pledges");
    assert!(
        counts.contains("履约率 33.3%")
            && counts.contains("已履约 1 项")
            && counts.contains("未履约 1 项")
            && counts.contains("逾期未践诺 1 项")
            && counts.contains("履约中 1 项"),
        "{counts}"
    );
    assert_eq!(score_part(&page), "33.3%");
    let list = block(&page, "pledges");
    for words in ["限时办结", "一次性告知", "服务承诺", "期限承诺", "逾期未践诺"] {
        assert!(list.contains(words), "{words} in {list}");
    }
}

async fn fulfilment_is_recorded_in_the_back_office(app: TestApp) {
    imported(&app).await;
    let market = department_id(&app, MARKET).await;
    let id = app.record_id(OVERDUE).await;
    let page = format!("/admin/records/{id}");
    let action = format!("/admin/records/{id}/fulfil");
    let provider = logged_in(&app, "market.zhang", Role::Provider, Some(market)).await;

    // The overdue list finds it, not the running or decided ones.
    let (status, list) = get(&app, &provider, "/admin/records/overdue-pledges").await;
    assert_eq!(status, 200);
    let table = block(&list, "overdue-pledges");
    assert!(
        table.contains("年度抽查结果公开期限承诺") && table.contains("7 天"),
        "{table}"
    );
    assert!(!table.contains("食品经营许可限时办结"), "{table}");

    let (status, html) = get(&app, &provider, &page).await;
    assert_eq!(status, 200);
    assert_eq!(text(&html, "fulfilment"), "逾期未践诺");
    assert!(html.contains(r#"id="fulfil-form""#));

    // Without the session's CSRF token: 403, nothing written.
    let r = provider
        .post(format!("{}{action}", app.base))
        .form(&[("outcome", "kept"), ("fulfilled_on", "2026-11-25")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // The credit office's reviewer does not publish records; another department's provider not this one.
    let reviewer = logged_in(&app, "reviewer1", Role::Reviewer, None).await;
    let r = post(
        &app,
        &reviewer,
        "/admin",
        &action,
        &[("outcome", "kept"), ("fulfilled_on", "2026-11-25")],
    )
    .await;
    assert_eq!(r.status(), 403);
    let other = department_id(&app, "嘉峪关市发展和改革委员会").await;
    let stranger = logged_in(&app, "fgw.li", Role::Provider, Some(other)).await;
    let r = post(
        &app,
        &stranger,
        "/admin",
        &action,
        &[("outcome", "kept"), ("fulfilled_on", "2026-11-25")],
    )
    .await;
    assert_eq!(r.status(), 403);
    assert!(text(&record_page(&app, OVERDUE).await, "pledge-fulfilment").starts_with("逾期未践诺"));

    // Kept without its day: the form comes back naming the field.
    let r = post(&app, &provider, &page, &action, &[("outcome", "kept")]).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("请填写践诺日期"));
    // Kept on 25 November.
    let r = post(
        &app,
        &provider,
        &page,
        &action,
        &[("outcome", "kept"), ("fulfilled_on", "2026-11-25")],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        r.headers()["location"].to_str().unwrap(),
        format!("/admin/records/{id}?done=fulfil")
    );
    let public = record_page(&app, OVERDUE).await;
    assert!(text(&public, "pledge-fulfilment").starts_with("已履约"), "{public}");
    assert_eq!(text(&public, "pledge-fulfilled-on"), "2026-11-25");
    assert!(public.contains("第 2 版"), "a new version");
    // Once recorded, it is not recorded again (a correction is the way).
    let r = post(
        &app,
        &provider,
        &page,
        &action,
        &[("outcome", "broken"), ("breach_reason", "又改了")],
    )
    .await;
    assert_eq!(r.status(), 409);
    let (_, html) = get(&app, &provider, &page).await;
    assert!(!html.contains(r#"id="fulfil-form""#));
    assert!(block(&html, "history").contains("登记践诺情况"), "{html}");

    // Not kept, with the reason: the running 限时办结 pledge.
    let running = app.record_id(RUNNING).await;
    let running_page = format!("/admin/records/{running}");
    let r = post(
        &app,
        &provider,
        &running_page,
        &format!("{running_page}/fulfil"),
        &[("outcome", "broken")],
    )
    .await;
    assert_eq!(r.status(), 422);
    let r = post(
        &app,
        &provider,
        &running_page,
        &format!("{running_page}/fulfil"),
        &[
            ("outcome", "broken"),
            ("breach_reason", "系统故障，部分申请超过20日办结。"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    let public = record_page(&app, RUNNING).await;
    assert!(text(&public, "pledge-fulfilment").starts_with("未履约"));
    assert!(public.contains("系统故障，部分申请超过20日办结。"));

    // The change feed labels the writes, with their reasons.
    let changes: Value = app.get("/api/v1/changes").await.json().await.unwrap();
    let fulfils: Vec<&Value> = changes["changes"]
        .as_array()
        .expect("a list of changes")
        .iter()
        .filter(|c| c["op"] == "fulfil")
        .collect();
    assert_eq!(fulfils.len(), 2, "{changes}");
    assert!(fulfils.iter().all(|c| c["op_label"] == "登记践诺情况"), "{fulfils:?}");
    assert!(
        fulfils.iter().any(|c| c["reason"] == "已履约（践诺日期 2026-11-25）"),
        "{fulfils:?}"
    );
    // The receiving department's feed (承诺受理单位) tells it too.
    let office = department_id(&app, "嘉峪关市发展和改革委员会").await;
    let atom = app.page(&format!("/departments/{office}/feed.atom")).await;
    assert!(atom.contains("登记践诺情况"), "{atom}");
    // The chain still verifies.
    let log = app.change_log_text(Some("record")).await;
    assert!(log.iter().filter(|l| l.contains("fulfil")).count() == 2, "{log:?}");

    // The profile: kept 2 (2号, 4号) of 2 + broken 2 (3号, 1号).
    let counts = text(&profile(&app).await, "profile-pledges");
    assert!(
        counts.contains("履约率 50.0%") && counts.contains("逾期未践诺 0 项"),
        "{counts}"
    );
}

/// A new session of an existing account (sessions lapse when the clock moves on).
async fn login(app: &TestApp, username: &str) -> Client {
    let client = browser();
    let r = try_login(app, &client, username, PASSWORD).await;
    assert_eq!(r.status(), 303, "login of {username}");
    client
}

async fn the_overdue_state_appears_after_the_due_date(backend: Backend) {
    let Some((app, clock)) = spawn_with_movable_clock(backend).await else {
        return;
    };
    imported(&app).await;
    let id = app.record_id(RUNNING).await;
    let market = department_id(&app, MARKET).await;
    create_staff(&app, "market.zhang", Role::Provider, Some(market)).await;
    let state = |html: String| text(&html, "pledge-fulfilment");

    // The due day itself is still in time.
    clock.set(noon(11, 30));
    assert!(state(app.page(&format!("/records/{id}")).await).starts_with("履约中"));
    let counts = text(&profile(&app).await, "profile-pledges");
    assert!(
        counts.contains("逾期未践诺 1 项") && counts.contains("履约中 1 项"),
        "{counts}"
    );

    // The day after: 逾期未践诺, on the page, the profile and the back-office list.
    clock.set(noon(12, 1));
    let page = app.page(&format!("/records/{id}")).await;
    assert!(state(page.clone()).starts_with("逾期未践诺"), "{page}");
    let counts = text(&profile(&app).await, "profile-pledges");
    assert!(
        counts.contains("履约率 25.0%") && counts.contains("逾期未践诺 2 项") && counts.contains("履约中 0 项"),
        "{counts}"
    );
    let provider = login(&app, "market.zhang").await;
    let (_, list) = get(&app, &provider, "/admin/records/overdue-pledges").await;
    let table = block(&list, "overdue-pledges");
    assert!(
        table.contains("食品经营许可限时办结") && table.contains("1 天"),
        "{table}"
    );
    // The store's selection and the rule agree on every pledge.
    let today = app::domain::clock::china_date(noon(12, 1));
    let overdue = app.store.overdue_pledges(None, today).await.unwrap();
    assert_eq!(overdue.len(), 2);
    // Another department's provider sees none of them.
    let other = department_id(&app, "嘉峪关市发展和改革委员会").await;
    create_staff(&app, "fgw.li", Role::Provider, Some(other)).await;
    let stranger = login(&app, "fgw.li").await;
    let (_, list) = get(&app, &stranger, "/admin/records/overdue-pledges").await;
    assert!(list.contains(r#"id="overdue-empty""#), "{list}");
}

async fn a_department_pledges_on_the_public_form_with_its_due_date(app: TestApp) {
    imported(&app).await;
    let market = department_id(&app, MARKET).await;
    let public = browser();
    let form = app.page("/pledges/new").await;
    for t in ["服务承诺", "期限承诺", "保障承诺", "限时办结", "一次性告知"] {
        assert!(form.contains(&format!(r#"value="{t}""#)), "{t} offered");
    }
    let government = |fields: Vec<(&'static str, String)>| {
        let mut f = with(fields, "pledger_kind", "government");
        f = with(f, "pledger_name", MARKET);
        f = with(f, "pledger_uscc", "11620200013900001M");
        f = with(f, "matter", "企业开办一日办结");
        with(f, "authority_id", &market.to_string())
    };
    // An enterprise type for a department, and 限时办结 without its due date: refused.
    let r = submit(&app, &public, "/pledges/new", government(pledge_fields(&app).await)).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("政府部门可选的承诺类型"));
    let fields = with(government(pledge_fields(&app).await), "pledge_type", "限时办结");
    let r = submit(&app, &public, "/pledges/new", fields.clone()).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("须填写承诺履行期限"));
    let r = submit(&app, &public, "/pledges/new", with(fields, "due_date", "2026-12-04")).await;
    let (number, _, _) = receipt(&app, &public, r).await;

    // The credit office confirms it: the public record carries the due date.
    let row = app.store.submission_by_tracking_number(&number).await.unwrap().unwrap();
    let reviewer = logged_in(&app, "reviewer1", Role::Reviewer, None).await;
    let page = format!("/admin/submissions/{}", row.id);
    let (_, html) = get(&app, &reviewer, &page).await;
    assert!(html.contains("承诺履行期限") && html.contains("2026-12-04"), "{html}");
    let r = post(&app, &reviewer, &page, &page, &[("action", "confirm_pledge")]).await;
    assert_eq!(r.status(), 303);
    let record = record_page(&app, &number).await;
    assert_eq!(text(&record, "pledge-due"), "2026-12-04");
    assert!(text(&record, "pledge-fulfilment").starts_with("履约中"));
    assert!(record.contains("限时办结"));
}

on_both_backends!(
    a_pledge_file_with_due_dates_and_real_words,
    fulfilment_is_recorded_in_the_back_office,
    a_department_pledges_on_the_public_form_with_its_due_date,
);

#[tokio::test]
async fn the_overdue_state_appears_after_the_due_date_sqlite() {
    the_overdue_state_appears_after_the_due_date(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_overdue_state_appears_after_the_due_date_postgres() {
    the_overdue_state_appears_after_the_due_date(Backend::Postgres).await;
}
