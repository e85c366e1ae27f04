//! The black-list procedure holds on every path (issue 13): a black list
//! imported with `portal import`, uploaded in the back-office or typed in the
//! record form lands as proposals (拟列入), public nowhere, until the credit
//! office notifies and brings them into force in `/admin/lists`; a list a
//! higher authority decided is published directly only when the importer says
//! so, with each row's 认定文书号 and 列入日期; entering a black list ends the
//! subject's red entries; a red entry is refused for a black-listed or
//! recently penalised subject; a configured list term applies to imports; an
//! entry whose 名单状态 is 移出名单 leaves the list on its 移出日期.
//! Each runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL.

mod common;

use std::path::{Path, PathBuf};

use app::domain::kinds::RecordKind;
use app::domain::staff::Role;
use common::forms::hidden;
use common::process::portal;
use common::staff::{department_id, get, logged_in, post};
use common::{fixture, TestApp};
use portal::store::ListRow;
use reqwest::multipart::{Form, Part};

const SAFETY_LIST: &str = "安全生产失信联合惩戒对象名单";
const EMERGENCY: &str = "嘉峪关市应急管理局";
const EMERGENCY_USCC: &str = "11620200013900010K";
const HAZMAT: &str = "嘉峪关市危化储运有限公司";
const HAZMAT_USCC: &str = "91320322MABLP2X24R";
/// The fixture's safety-production entry (listed 2026-05-01, no 移出日期).
const SAFETY_DOC: &str = "嘉应急黑〔2026〕1号";
const HEADER: &str = "行政相对人名称,行政相对人类别,行政相对人代码_1(统一社会信用代码),名单名称,列入原因,列入依据,认定文书号,认定机关,认定机关统一社会信用代码,列入日期,移出日期,名单状态,数据来源单位,数据来源单位统一社会信用代码";

fn enc(s: &str) -> String {
    app::pages::url_encode(s)
}

/// One list row in [`HEADER`]'s columns.
fn row(name: &str, uscc: &str, list: &str, doc_no: &str, start: &str, end: &str, status: &str) -> String {
    format!(
        "{name},法人及非法人组织,{uscc},{list},列入原因,列入依据,{doc_no},{EMERGENCY},{EMERGENCY_USCC},{start},{end},{status},{EMERGENCY},{EMERGENCY_USCC}"
    )
}

/// A CSV file of `rows` under [`HEADER`] in the app's data folder.
fn csv_file(app: &TestApp, name: &str, rows: &[String]) -> PathBuf {
    let path = app.data_dir.join(name);
    std::fs::write(&path, format!("{HEADER}\n{}\n", rows.join("\n"))).unwrap();
    path
}

/// A red entry of the hazmat company on a list without the penalty condition.
fn hazmat_red(app: &TestApp) -> PathBuf {
    csv_file(
        app,
        "red.csv",
        &[row(
            HAZMAT,
            HAZMAT_USCC,
            "守信激励对象名单",
            "嘉应急红〔2026〕5号",
            "2026/02/01",
            "",
            "列入名单",
        )],
    )
}

/// `portal import --kind KIND FILE ARGS…` on the test app's database: (exit code, output).
fn cli(app: &TestApp, kind: &str, file: &Path, args: &[&str]) -> (Option<i32>, String) {
    let url = app
        .database_url
        .starts_with("postgres")
        .then_some(app.database_url.as_str());
    let out = portal(&app.data_dir, url)
        .args(["import", "--kind", kind])
        .arg(file)
        .args(args)
        .output()
        .expect("portal runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

async fn list_named(app: &TestApp, name: &str) -> ListRow {
    app.store
        .lists("test", common::test_now())
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.name == name)
        .unwrap_or_else(|| panic!("no list {name}"))
}

/// The entry of `list` under `doc_no`, whatever its state.
async fn entry_id(app: &TestApp, list: &str, doc_no: &str) -> i64 {
    let list = list_named(app, list).await;
    app.store
        .list_entries(&list)
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

async fn searchable(app: &TestApp, doc_no: &str) -> bool {
    app.sync_index().await;
    let v = app.api_search(&format!("q={}", enc(doc_no))).await;
    v["hits"].as_array().unwrap().iter().any(|h| h["doc_no"] == doc_no)
}

/// The change-log operations of a record, in order, from the public JSON feed.
async fn feed_ops(app: &TestApp, id: i64) -> Vec<String> {
    let v: serde_json::Value = app.get("/api/v1/changes").await.json().await.unwrap();
    v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["entity"] == "record" && c["entity_id"] == id)
        .map(|c| c["op"].as_str().unwrap().to_string())
        .collect()
}

fn count(log: &[String], needle: &str) -> usize {
    log.iter().filter(|l| l.contains(needle)).count()
}

/// Not public anywhere: page, list page, search, the change feeds as 新增.
async fn assert_not_public(app: &TestApp, id: i64, doc_no: &str) {
    assert_eq!(state_of(app, id).await, "proposed");
    assert_eq!(app.get(&format!("/records/{id}")).await.status(), 404);
    assert!(!app.page("/lists/black").await.contains(doc_no), "not on /lists/black");
    assert!(!searchable(app, doc_no).await, "not in search");
    // The JSON feed shows none of its rows (redacted links while it is not
    // public), and never a publication.
    let ops = feed_ops(app, id).await;
    assert!(!ops.contains(&"publish".to_string()), "{ops:?}");
    let atom = app.page("/changes.atom").await;
    assert!(!atom.contains("新增公示：黑名单"), "{atom}");
}

fn redirect_of(r: &reqwest::Response) -> String {
    assert_eq!(r.status(), 303, "expected a redirect");
    r.headers()["location"].to_str().unwrap().to_string()
}

fn id_of(location: &str) -> i64 {
    location
        .strip_prefix("/admin/records/")
        .unwrap_or_else(|| panic!("{location}"))
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// The record form's fields of a black or red entry of `name`.
fn entry_form<'a>(
    kind: &'a str,
    name: &'a str,
    uscc: &'a str,
    list: &'a str,
    doc_no: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", kind),
        ("行政相对人名称", name),
        ("行政相对人类别", "法人及非法人组织"),
        ("行政相对人代码_1(统一社会信用代码)", uscc),
        ("名单名称", list),
        ("列入原因", "拒不履行生效法律文书确定的义务"),
        ("列入依据", "《失信行为纠正后的信用信息修复管理办法》"),
        ("认定文书号", doc_no),
        ("认定机关", EMERGENCY),
        ("认定机关统一社会信用代码", EMERGENCY_USCC),
        ("列入日期", "2026/06/01"),
        ("名单状态", "列入名单"),
        ("数据来源单位", EMERGENCY),
        ("数据来源单位统一社会信用代码", EMERGENCY_USCC),
    ]
}

/// Posts the upload form (multipart) as the browser would.
async fn upload(app: &TestApp, client: &reqwest::Client, kind: &str, file: &Path, decided: bool) -> String {
    let (status, html) = get(app, client, "/admin/records/upload").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("name=\"already_decided\""),
        "the upload offers the declaration"
    );
    let mut form = Form::new()
        .text("csrf", hidden(&html, "csrf"))
        .text("kind", kind.to_string())
        .text("action", "import")
        .part("file", Part::bytes(std::fs::read(file).unwrap()).file_name("list.csv"));
    if decided {
        form = form.text("already_decided", "1");
    }
    let r = client
        .post(format!("{}/admin/records/upload", app.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.text().await.unwrap()
}

async fn a_cli_import_lands_proposals_that_the_procedure_publishes(app: TestApp) {
    // The subject is on a red list first.
    let (code, out) = cli(&app, "redlist", &hazmat_red(&app), &[]);
    assert_eq!(code, Some(0), "{out}");
    let red = app.record_id("嘉应急红〔2026〕5号").await;

    // A dry run says what the import will do: propose, not publish.
    let (code, out) = cli(&app, "blacklist", &fixture("blacklist.csv"), &["--dry-run"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("新增 3（其中 3 条黑名单为拟列入"), "{out}");
    let (code, out) = cli(&app, "blacklist", &fixture("blacklist.csv"), &[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("新增 3（其中 3 条黑名单为拟列入"), "{out}");
    let safety = entry_id(&app, SAFETY_LIST, SAFETY_DOC).await;
    assert_not_public(&app, safety, SAFETY_DOC).await;
    let serious = entry_id(&app, "严重失信主体名单", "嘉应急黑〔2026〕2号").await;
    assert_not_public(&app, serious, "嘉应急黑〔2026〕2号").await;
    let log = app.change_log_text(Some("record")).await;
    assert_eq!(count(&log, "|publish|record|blacklist|"), 0, "{log:?}");
    assert_eq!(
        count(&log, &format!("import|propose|record|blacklist|拟列入{SAFETY_LIST}")),
        2,
        "{log:?}"
    );
    // A proposal changes nothing for the red entry.
    assert_eq!(app.get(&format!("/records/{red}")).await.status(), 200);

    // The credit office notifies (16 Nov; the defence period ends 23 Nov) and, today (27 Nov), brings it into force.
    let emergency = department_id(&app, EMERGENCY).await;
    let admin = logged_in(&app, "admin1", Role::Admin, None).await;
    let list = list_named(&app, SAFETY_LIST).await;
    let path = format!("/admin/lists/{}", list.id);
    let page = get(&app, &admin, &path).await.1;
    assert!(page.contains("拟列入") && page.contains(SAFETY_DOC), "{page}");
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
    let step = format!("{path}/entries/{safety}");
    let r = post(
        &app,
        &admin,
        &path,
        &step,
        &[("action", "notify"), ("notice_date", "2026-11-16")],
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        app.get(&format!("/records/{safety}")).await.status(),
        404,
        "notified is not public"
    );
    let r = post(&app, &admin, &path, &step, &[("action", "in_force")]).await;
    assert_eq!(r.status(), 200);

    assert_eq!(state_of(&app, safety).await, "published");
    let page = app.page(&format!("/records/{safety}")).await;
    assert!(page.contains("列入名单") && !page.contains("由上级机关认定"), "{page}");
    assert!(app.page("/lists/black").await.contains(HAZMAT));
    assert!(searchable(&app, SAFETY_DOC).await);
    let ops = feed_ops(&app, safety).await;
    assert!(
        ops.contains(&"list".to_string()) && !ops.contains(&"publish".to_string()),
        "{ops:?}"
    );
    // Entering the black list ended the red entry, with its own log row.
    assert_eq!(app.get(&format!("/records/{red}")).await.status(), 410);
    let log = app.change_log_text(Some("record")).await;
    assert_eq!(
        count(
            &log,
            &format!("|delist|record|redlist|列入{SAFETY_LIST}（{SAFETY_DOC}），移出红名单")
        ),
        1,
        "{log:?}"
    );
    // The other proposals are still waiting.
    assert_eq!(state_of(&app, serious).await, "proposed");
    // The same file again changes nothing: an entry keeps its state (the one in
    // force stays in force, the proposals stay proposals).
    let (code, out) = cli(&app, "blacklist", &fixture("blacklist.csv"), &[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("未变 3"), "{out}");
    assert_eq!(state_of(&app, safety).await, "published");
    assert_eq!(state_of(&app, serious).await, "proposed");
}

async fn the_upload_and_the_form_land_proposals(app: TestApp) {
    let admin = logged_in(&app, "admin1", Role::Admin, None).await;
    let result = upload(&app, &admin, "blacklist", &fixture("blacklist.csv"), false).await;
    assert!(result.contains("拟列入"), "{result}");
    let safety = entry_id(&app, SAFETY_LIST, SAFETY_DOC).await;
    assert_not_public(&app, safety, SAFETY_DOC).await;

    // The record form: 发布 of a new black-list entry registers a proposal.
    let new_form = "/admin/records/new?kind=blacklist";
    let (_, form) = get(&app, &admin, new_form).await;
    assert!(form.contains("name=\"already_decided\""), "{form}");
    let mut fields = entry_form(
        "blacklist",
        "嘉峪关市表单失信有限公司",
        "914101086905876455",
        "严重失信主体名单",
        "嘉应急黑〔2026〕30号",
    );
    fields.push(("action", "publish"));
    let r = post(&app, &admin, new_form, "/admin/records/new", &fields).await;
    let location = redirect_of(&r);
    assert!(location.ends_with("done=propose"), "{location}");
    let id = id_of(&location);
    assert_not_public(&app, id, "嘉应急黑〔2026〕30号").await;
    let (_, page) = get(&app, &admin, &location).await;
    assert!(page.contains("已登记为拟列入"), "{page}");

    // A black-list draft, once published, is a proposal too.
    let mut fields = entry_form(
        "blacklist",
        "嘉峪关市草稿失信有限公司",
        "91330000717613656P",
        "严重失信主体名单",
        "嘉应急黑〔2026〕31号",
    );
    fields.push(("action", "draft"));
    let r = post(&app, &admin, new_form, "/admin/records/new", &fields).await;
    let draft = id_of(&redirect_of(&r));
    assert_eq!(state_of(&app, draft).await, "draft");
    let detail = format!("/admin/records/{draft}");
    let r = post(&app, &admin, &detail, &format!("{detail}/publish"), &[]).await;
    assert!(redirect_of(&r).ends_with("done=propose"));
    assert_not_public(&app, draft, "嘉应急黑〔2026〕31号").await;
}

async fn a_higher_authority_list_is_published_directly_with_its_own_document(app: TestApp) {
    let (code, out) = cli(&app, "redlist", &hazmat_red(&app), &[]);
    assert_eq!(code, Some(0), "{out}");
    let red = app.record_id("嘉应急红〔2026〕5号").await;

    // Only for black lists.
    let (code, out) = cli(
        &app,
        "penalty",
        &fixture("penalties_10_good_3_bad.csv"),
        &["--already-decided"],
    );
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("仅用于黑名单"), "{out}");

    // Each row must carry its own 认定文书号 and 列入日期.
    let missing = csv_file(
        &app,
        "missing.csv",
        &[
            row(
                "嘉峪关市甲有限公司",
                "914101086905876455",
                "严重失信主体名单",
                "甘应急黑〔2026〕7号",
                "",
                "",
                "列入名单",
            ),
            row(
                "嘉峪关市乙有限公司",
                "91330000717613656P",
                "严重失信主体名单",
                "",
                "2026/06/01",
                "",
                "列入名单",
            ),
        ],
    );
    let (code, out) = cli(
        &app,
        "blacklist",
        &missing,
        &["--already-decided", "--set", "认定文书号=甘应急黑〔2026〕8号"],
    );
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("第 2 行，列入日期"), "{out}");
    assert!(
        out.contains("第 3 行，认定文书号：由上级机关认定、直接公布的黑名单须逐行填写认定文书号"),
        "{out}"
    );
    assert!(out.contains("新增 0"), "{out}");

    let (code, out) = cli(&app, "blacklist", &fixture("blacklist.csv"), &["--already-decided"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(!out.contains("拟列入"), "{out}");
    let id = app.record_id(SAFETY_DOC).await;
    let page = app.page(&format!("/records/{id}")).await;
    let note = common::forms::text_of(&page, "decided-elsewhere").expect("the page says who decided");
    assert!(
        note.contains("由上级机关认定") && note.contains(SAFETY_DOC) && note.contains("2026/05/01"),
        "{note}"
    );
    assert_eq!(feed_ops(&app, id).await, ["publish"]);
    // The red entry ended in the same import, with its log row.
    assert_eq!(app.get(&format!("/records/{red}")).await.status(), 410);
    let log = app.change_log_text(Some("record")).await;
    assert_eq!(count(&log, "|delist|record|redlist|"), 1, "{log:?}");
    assert!(
        count(
            &log,
            "|publish|record|blacklist|由上级机关认定（嘉应急黑〔2026〕1号，列入日期 2026-05-01）"
        ) == 1,
        "{log:?}"
    );

    // The upload's checkbox and the form's do the same.
    let admin = logged_in(&app, "admin1", Role::Admin, None).await;
    let file = csv_file(
        &app,
        "upload.csv",
        &[row(
            "嘉峪关市丙有限公司",
            "914101086905876455",
            "严重失信主体名单",
            "甘应急黑〔2026〕9号",
            "2026/06/01",
            "",
            "列入名单",
        )],
    );
    let result = upload(&app, &admin, "blacklist", &file, true).await;
    assert!(result.contains("新增 1") && !result.contains("拟列入"), "{result}");
    assert!(app.page("/lists/black").await.contains("嘉峪关市丙有限公司"));
    let new_form = "/admin/records/new?kind=blacklist";
    let mut fields = entry_form(
        "blacklist",
        "嘉峪关市丁有限公司",
        "91330000717613656P",
        "严重失信主体名单",
        "甘应急黑〔2026〕10号",
    );
    fields.extend([("action", "publish"), ("already_decided", "1")]);
    let r = post(&app, &admin, new_form, "/admin/records/new", &fields).await;
    let location = redirect_of(&r);
    assert!(location.ends_with("done=publish"), "{location}");
    let page = app.page(&format!("/records/{}", id_of(&location))).await;
    assert!(page.contains("由上级机关认定"), "{page}");
    // The credit office's list table marks such entries too.
    let list = list_named(&app, "严重失信主体名单").await;
    let table = get(&app, &admin, &format!("/admin/lists/{}", list.id)).await.1;
    assert!(
        table.contains("甘应急黑〔2026〕10号") && table.contains("（由上级机关认定）"),
        "{table}"
    );
}

async fn a_red_entry_is_refused_for_a_black_listed_or_penalised_subject(app: TestApp) {
    let (code, out) = cli(&app, "blacklist", &fixture("blacklist.csv"), &["--already-decided"]);
    assert_eq!(code, Some(0), "{out}");

    // Import: the row is refused with the reason, on its 名单名称.
    let report = app.import_file(RecordKind::Redlist, &hazmat_red(&app)).await;
    assert_eq!((report.created, report.rejected), (0, 1), "{report:?}");
    let problem = &report.errors[0];
    assert_eq!(problem.column, "名单名称");
    assert!(
        problem.message.contains(&format!(
            "该主体正被列入{SAFETY_LIST}（{SAFETY_DOC}），不能同时列入红名单"
        )),
        "{problem:?}"
    );
    // The CLI says the same, in a dry run too.
    let (code, out) = cli(&app, "redlist", &hazmat_red(&app), &["--dry-run"]);
    assert!(
        out.contains("不能同时列入红名单") && out.contains("拒绝 1"),
        "{code:?} {out}"
    );
    let (code, out) = cli(&app, "redlist", &hazmat_red(&app), &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("不能同时列入红名单"), "{out}");

    // The upload and the form too.
    let admin = logged_in(&app, "admin1", Role::Admin, None).await;
    let result = upload(&app, &admin, "redlist", &hazmat_red(&app), false).await;
    assert!(
        result.contains("不能同时列入红名单") && result.contains("拒绝 1"),
        "{result}"
    );
    let new_form = "/admin/records/new?kind=redlist";
    let mut fields = entry_form(
        "redlist",
        HAZMAT,
        HAZMAT_USCC,
        "守信激励对象名单",
        "嘉应急红〔2026〕6号",
    );
    fields.push(("action", "publish"));
    let r = post(&app, &admin, new_form, "/admin/records/new", &fields).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("不能同时列入红名单"));

    // A safety-production red list asks for no penalty in 3 years: the
    // subject of redlist.csv was fined on 2026-06-01.
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    let report = app.import_file(RecordKind::Redlist, &fixture("redlist.csv")).await;
    assert_eq!(report.rejected, 1, "{report:?}");
    assert!(
        report.errors[0].message.contains("本红名单要求近 3 年内无行政处罚")
            && report.errors[0].message.contains("嘉市监罚〔2026〕4号"),
        "{:?}",
        report.errors
    );
    // The condition is the list's: on by default for this list, off once the admin says so.
    let created = post(
        &app,
        &admin,
        "/admin/lists",
        "/admin/lists",
        &[("name", "安全生产守信联合激励对象名单"), ("kind", "redlist")],
    )
    .await;
    assert_eq!(created.status(), 303);
    let list = list_named(&app, "安全生产守信联合激励对象名单").await;
    assert!(list.requires_no_recent_penalty);
    let path = format!("/admin/lists/{}", list.id);
    let page = get(&app, &admin, &path).await.1;
    assert!(page.contains("近 3 年内无行政处罚"), "{page}");
    let r = post(
        &app,
        &admin,
        &path,
        &format!("{path}/config"),
        &[
            ("term_years", "3"),
            ("defence_working_days", "5"),
            ("removal_window_working_days", "30"),
        ],
    )
    .await;
    assert_eq!(r.status(), 200);
    assert!(
        !list_named(&app, "安全生产守信联合激励对象名单")
            .await
            .requires_no_recent_penalty
    );
    let report = app.import_file(RecordKind::Redlist, &fixture("redlist.csv")).await;
    assert_eq!((report.created, report.rejected), (1, 0), "{report:?}");
}

async fn a_configured_list_term_applies_to_an_import(app: TestApp) {
    let admin = logged_in(&app, "admin1", Role::Admin, None).await;
    let created = post(
        &app,
        &admin,
        "/admin/lists",
        "/admin/lists",
        &[("name", SAFETY_LIST), ("kind", "blacklist"), ("term_years", "2")],
    )
    .await;
    assert_eq!(created.status(), 303);
    let (code, out) = cli(&app, "blacklist", &fixture("blacklist.csv"), &["--already-decided"]);
    assert_eq!(code, Some(0), "{out}");
    // Listed 2026-05-01 without 移出日期: two years (the list's term), not the default one.
    let record = app
        .store
        .record(app.record_id(SAFETY_DOC).await)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.end_date.map(|d| d.to_string()).as_deref(), Some("2028-05-01"));
    // A list without configuration keeps the default term (严重失信主体名单: its 移出日期 is given).
    let (code, out) = cli(
        &app,
        "blacklist",
        &csv_file(
            &app,
            "other.csv",
            &[row(
                "嘉峪关市戊有限公司",
                "914101086905876455",
                "统计严重失信企业名单",
                "甘统黑〔2026〕1号",
                "2026/06/01",
                "",
                "列入名单",
            )],
        ),
        &["--already-decided"],
    );
    assert_eq!(code, Some(0), "{out}");
    let record = app
        .store
        .record(app.record_id("甘统黑〔2026〕1号").await)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.end_date.map(|d| d.to_string()).as_deref(), Some("2029-06-01"));
}

async fn an_entry_removed_on_a_coming_date_is_listed_until_that_date(app: TestApp) {
    // Today is 2026-11-27: one entry leaves the list tomorrow, the other today.
    let file = csv_file(
        &app,
        "removed.csv",
        &[
            row(
                "嘉峪关市明日有限公司",
                "914101086905876455",
                "严重失信主体名单",
                "甘应急黑〔2026〕20号",
                "2026/01/05",
                "2026/11/28",
                "移出名单",
            ),
            row(
                "嘉峪关市今日有限公司",
                "91330000717613656P",
                "严重失信主体名单",
                "甘应急黑〔2026〕21号",
                "2026/01/05",
                "2026/11/27",
                "移出名单",
            ),
        ],
    );
    let report = app.import_file_decided(RecordKind::Blacklist, &file).await;
    assert_eq!(report.created, 2, "{report:?}");
    let tomorrow = app.record_id("甘应急黑〔2026〕20号").await;
    let page = app.page(&format!("/records/{tomorrow}")).await;
    assert!(page.contains("列入名单"), "{page}");
    assert!(searchable(&app, "甘应急黑〔2026〕20号").await);
    let black = app.page("/lists/black").await;
    assert!(
        black.contains("嘉峪关市明日有限公司") && !black.contains("嘉峪关市今日有限公司"),
        "{black}"
    );
    let today = app
        .store
        .find_by_doc_no(
            "甘应急黑〔2026〕21号",
            app::domain::clock::china_date(common::test_now()),
            1,
        )
        .await
        .unwrap();
    assert!(today.is_empty(), "off the list from its 移出日期 on");
    assert!(!searchable(&app, "甘应急黑〔2026〕21号").await);
    let api: serde_json::Value = app.get("/api/v1/records?kind=blacklist").await.json().await.unwrap();
    let text = api.to_string();
    assert!(
        text.contains("甘应急黑〔2026〕20号") && !text.contains("甘应急黑〔2026〕21号"),
        "{text}"
    );
}

on_both_backends!(
    a_cli_import_lands_proposals_that_the_procedure_publishes,
    the_upload_and_the_form_land_proposals,
    a_higher_authority_list_is_published_directly_with_its_own_document,
    a_red_entry_is_refused_for_a_black_listed_or_penalised_subject,
    a_configured_list_term_applies_to_an_import,
    an_entry_removed_on_a_coming_date_is_listed_until_that_date,
);
