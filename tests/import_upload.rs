//! Black-box tests of the back-office file upload with its preview and the
//! import runs (`/admin/records/upload`, `/admin/imports`): a preview writes
//! nothing and is confirmed without uploading again; values given once fill
//! the columns a file lacks; a header the portal cannot read is refused with
//! the reason; every import's report can be read later.
//! Each runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL.

mod common;

use app::domain::kinds::RecordKind;
use app::domain::staff::Role;
use common::forms::{browser, hidden};
use common::staff::{department_id, get, logged_in};
use common::{fixture, TestApp};
use reqwest::multipart::{Form, Part};

const MARKET: &str = "嘉峪关市市场监督管理局";
const MARKET_USCC: &str = "11620200013900001M";
const EMERGENCY: &str = "嘉峪关市应急管理局";
const EMERGENCY_USCC: &str = "11620200013900010K";
const GOOD_BAD: &str = "penalties_10_good_3_bad.csv";
/// What the emergency bureau's version of [`GOOD_BAD`] does on a fresh database:
/// besides the fixture's three bad rows, rows 7 and 9 (warnings published for six
/// months) are refused, since an emergency bureau's penalties stay public a year at least.
const FIRST_IMPORT: &str = "13 行：新增 8，更正 0，未变 0，拒绝 5";

/// [`GOOD_BAD`] as the emergency bureau's own file (authority and source),
/// with one more column the portal does not use and one naming an ID number.
fn emergency_file() -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(fixture(GOOD_BAD))
        .unwrap()
        .replace(MARKET, EMERGENCY)
        .replace(MARKET_USCC, EMERGENCY_USCC);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| {
            r.unwrap()
                .iter()
                .map(|c| c.trim_start_matches('\u{feff}').to_string())
                .collect()
        })
        .collect();
    let width = rows[0].len();
    let mut columns: Vec<(String, Vec<String>)> = (0..width)
        .map(|i| {
            (
                rows[0][i].clone(),
                rows[1..]
                    .iter()
                    .map(|r| r.get(i).cloned().unwrap_or_default())
                    .collect(),
            )
        })
        .collect();
    let n = rows.len() - 1;
    columns.push(("内部登记号".into(), (0..n).map(|i| format!("NB-{i}")).collect()));
    columns.push(("经办人身份证号".into(), vec![String::new(); n]));
    columns
}

fn to_csv(columns: &[(String, Vec<String>)]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(columns.iter().map(|(h, _)| h.as_str())).unwrap();
    for i in 0..columns[0].1.len() {
        w.write_record(columns.iter().map(|(_, v)| v[i].as_str())).unwrap();
    }
    w.into_inner().unwrap()
}

fn without(columns: &[(String, Vec<String>)], headers: &[&str]) -> Vec<(String, Vec<String>)> {
    columns
        .iter()
        .filter(|(h, _)| !headers.contains(&h.as_str()))
        .cloned()
        .collect()
}

/// The `value` of the input with id `id` (attributes as Leptos writes them).
fn input_value(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no #{id} in {html}"));
    let tag = &html[start..start + html[start..].find('>').unwrap()];
    match tag.find("value=\"") {
        Some(v) => tag[v + 7..].split('"').next().unwrap().to_string(),
        None => String::new(),
    }
}

/// Posts the upload form as the browser would: the page's CSRF token, the
/// kind, the file, the values given once and the button pressed.
async fn post_upload(
    app: &TestApp,
    client: &reqwest::Client,
    action: &str,
    kind: &str,
    name: &str,
    bytes: Vec<u8>,
    values: &[(&str, &str)],
) -> reqwest::Response {
    let (status, html) = get(app, client, "/admin/records/upload").await;
    assert_eq!(status, 200, "{html}");
    let mut form = Form::new()
        .text("csrf", hidden(&html, "csrf"))
        .text("kind", kind.to_string())
        .text("action", action.to_string())
        .part("file", Part::bytes(bytes).file_name(name.to_string()));
    for (field, value) in values {
        form = form.text(field.to_string(), value.to_string());
    }
    client
        .post(format!("{}/admin/records/upload", app.base))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// The emergency bureau's values, as the form pre-fills them for its provider.
fn emergency_values() -> Vec<(&'static str, &'static str)> {
    vec![
        ("authority", EMERGENCY),
        ("authority_uscc", EMERGENCY_USCC),
        ("source", EMERGENCY),
        ("source_uscc", EMERGENCY_USCC),
    ]
}

/// The hidden fields of the preview's confirmation form.
fn confirm_fields(preview: &str) -> Vec<(String, String)> {
    let form = &preview[preview.find("id=\"confirm\"").expect("a confirmation form")..];
    [
        "csrf",
        "kind",
        "preview",
        "file_name",
        "authority",
        "authority_uscc",
        "source",
        "source_uscc",
        "list_name",
        "list_basis",
    ]
    .iter()
    .map(|name| (name.to_string(), hidden(form, name)))
    .collect()
}

async fn post_confirm(app: &TestApp, client: &reqwest::Client, fields: &[(String, String)]) -> reqwest::Response {
    client
        .post(format!("{}/admin/records/upload/confirm", app.base))
        .form(fields)
        .send()
        .await
        .unwrap()
}

fn previews(app: &TestApp) -> Vec<String> {
    match std::fs::read_dir(app.data_dir.join("import-previews")) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    }
}

async fn runs(app: &TestApp) -> i64 {
    app.store
        .import_run_totals()
        .await
        .unwrap()
        .groups
        .iter()
        .map(|g| g.runs)
        .sum()
}

/// A provider of the emergency bureau (the department exists once the blacklist fixture is in).
async fn emergency_provider(app: &TestApp, username: &str) -> reqwest::Client {
    app.import_file(RecordKind::Blacklist, &fixture("blacklist.csv")).await;
    let emergency = department_id(app, EMERGENCY).await;
    logged_in(app, username, Role::Provider, Some(emergency)).await
}

/// The run id in the result page's link to the run.
fn run_link(html: &str) -> i64 {
    let marker = "href=\"/admin/imports/";
    let start = html.find(marker).unwrap_or_else(|| panic!("no run link in {html}")) + marker.len();
    html[start..].split('"').next().unwrap().parse().unwrap()
}

async fn preview_writes_nothing_and_confirm_imports_the_same_file(app: TestApp) {
    let prov = emergency_provider(&app, "prov1").await;
    let (_, form) = get(&app, &prov, "/admin/records/upload").await;
    assert!(form.contains("全文件统一值（文件中没有或为空的列）"), "{form}");
    assert!(form.contains("预览（不写入）") && form.contains(">导入<"), "{form}");
    assert!(form.contains("仅红黑名单"), "{form}");
    // Pre-filled from the provider's department.
    assert_eq!(input_value(&form, "authority"), EMERGENCY);
    assert_eq!(input_value(&form, "authority_uscc"), EMERGENCY_USCC);
    assert_eq!(input_value(&form, "source"), EMERGENCY);
    assert_eq!(input_value(&form, "source_uscc"), EMERGENCY_USCC);
    assert_eq!(input_value(&form, "list_name"), "");

    let log_before = app.change_log_text(None).await.len();
    let runs_before = runs(&app).await;
    let bytes = to_csv(&emergency_file());
    let r = post_upload(
        &app,
        &prov,
        "preview",
        "penalty",
        "处罚.csv",
        bytes,
        &emergency_values(),
    )
    .await;
    assert_eq!(r.status(), 200);
    let preview = r.text().await.unwrap();
    assert!(preview.contains("导入预览"), "{preview}");
    assert!(
        preview.contains(&format!("试运行（未写入） {FIRST_IMPORT}")),
        "{preview}"
    );
    assert!(preview.contains("第 1 行被读作表头"), "{preview}");
    assert!(preview.contains("id=\"mapping\""), "{preview}");
    assert!(preview.contains("行政处罚决定书文号"), "{preview}");
    assert!(preview.contains("未使用的列（已随记录保留，仅后台可见）") && preview.contains("内部登记号"));
    assert!(
        preview.contains("经办人身份证号") && preview.contains("含个人证件号码"),
        "{preview}"
    );
    assert!(
        preview.contains("第 12 行") && preview.contains("第 13 行"),
        "{preview}"
    );
    assert!(preview.contains("确认导入"), "{preview}");
    // The values given once are listed.
    assert!(preview.contains("id=\"file-values\""), "{preview}");

    // Nothing was written: no record, no change-log row, no import run.
    assert_eq!(app.find_by_doc_no("嘉市监罚〔2026〕3号").await, None);
    assert_eq!(app.change_log_text(None).await.len(), log_before);
    assert_eq!(runs(&app).await, runs_before);
    let saved = previews(&app);
    assert_eq!(saved.len(), 1, "{saved:?}");
    let fields = confirm_fields(&preview);
    let hash = &fields.iter().find(|(k, _)| k == "preview").unwrap().1;
    assert_eq!(hash.len(), 64);
    assert_eq!(saved[0], format!("{hash}.csv"));

    // Confirmed: imported as uploaded, the saved file removed.
    let r = post_confirm(&app, &prov, &fields).await;
    assert_eq!(r.status(), 200);
    let result = r.text().await.unwrap();
    assert!(
        result.contains("导入结果") && result.contains(&format!("共 {FIRST_IMPORT}")),
        "{result}"
    );
    assert!(result.contains("id=\"mapping\"") && result.contains("未使用的列（已随记录保留，仅后台可见）"));
    assert!(!result.contains("已忽略"), "{result}");
    let run = run_link(&result);
    assert!(app.find_by_doc_no("嘉市监罚〔2026〕3号").await.is_some());
    assert_eq!(runs(&app).await, runs_before + 1);
    assert!(previews(&app).is_empty(), "{:?}", previews(&app));

    // The same confirmation again: the file is gone, the form says so (no second import).
    let again = post_confirm(&app, &prov, &fields).await;
    assert_eq!(again.status(), 422);
    let again = again.text().await.unwrap();
    assert!(again.contains("预览的文件已不在"), "{again}");
    assert_eq!(input_value(&again, "source"), EMERGENCY, "values kept");
    assert_eq!(runs(&app).await, runs_before + 1);

    // A second preview of the same file: everything would be unchanged.
    let bytes = to_csv(&emergency_file());
    let r = post_upload(
        &app,
        &prov,
        "preview",
        "penalty",
        "处罚.csv",
        bytes,
        &emergency_values(),
    )
    .await;
    let preview = r.text().await.unwrap();
    assert!(preview.contains("新增 0，更正 0，未变 8，拒绝 5"), "{preview}");
    assert!(run > 0);
}

async fn values_given_once_fill_a_column_the_file_lacks(app: TestApp) {
    let prov = emergency_provider(&app, "prov1").await;
    let file = without(&emergency_file(), &["数据来源单位", "数据来源单位统一社会信用代码"]);

    // A wrong USCC is an error on its field; the other values are kept.
    let mut wrong = emergency_values();
    wrong[3] = ("source_uscc", "11620200013900010X");
    let r = post_upload(&app, &prov, "import", "penalty", "无来源.csv", to_csv(&file), &wrong).await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("id=\"source_uscc-error\"") && page.contains("href=\"#source_uscc\""),
        "{page}"
    );
    assert_eq!(input_value(&page, "source"), EMERGENCY);
    assert_eq!(input_value(&page, "source_uscc"), "11620200013900010X");
    assert_eq!(app.find_by_doc_no("嘉市监罚〔2026〕3号").await, None);

    // 名单名称 is not a column of a penalty.
    let mut list = emergency_values();
    list.push(("list_name", "严重失信主体名单"));
    let r = post_upload(&app, &prov, "import", "penalty", "无来源.csv", to_csv(&file), &list).await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"list_name-error\""), "{page}");

    // With the values: imported, the source filled in from them.
    let r = post_upload(
        &app,
        &prov,
        "import",
        "penalty",
        "无来源.csv",
        to_csv(&file),
        &emergency_values(),
    )
    .await;
    assert_eq!(r.status(), 200);
    let result = r.text().await.unwrap();
    assert!(result.contains(&format!("共 {FIRST_IMPORT}")), "{result}");
    assert!(result.contains(EMERGENCY_USCC), "the values are listed: {result}");
    let id = app.record_id("嘉市监罚〔2026〕3号").await;
    let record = app.page(&format!("/records/{id}")).await;
    assert!(record.contains(EMERGENCY), "{record}");
}

async fn an_unreadable_header_row_is_refused_with_the_reason(app: TestApp) {
    app.import_file(RecordKind::Blacklist, &fixture("blacklist.csv")).await;
    let admin = logged_in(&app, "admin1", Role::Admin, None).await;
    let (_, form) = get(&app, &admin, "/admin/records/upload").await;
    assert_eq!(
        input_value(&form, "source"),
        "",
        "an admin has no department to pre-fill"
    );

    let file = without(&emergency_file(), &["数据来源单位", "数据来源单位统一社会信用代码"]);
    let values = [("authority", EMERGENCY), ("list_basis", "")];
    for action in ["preview", "import"] {
        let r = post_upload(&app, &admin, action, "penalty", "无来源.csv", to_csv(&file), &values).await;
        assert_eq!(r.status(), 422, "{action}");
        let page = r.text().await.unwrap();
        assert!(
            page.contains("无法导入") && page.contains("第 1 行被读作表头"),
            "{page}"
        );
        assert!(page.contains("缺少必填列") && page.contains("数据来源单位"), "{page}");
        assert!(
            page.contains("id=\"file-error\"") && page.contains("href=\"#file\""),
            "{page}"
        );
        assert_eq!(input_value(&page, "authority"), EMERGENCY, "values kept");
    }
    // Headers that name nothing the portal knows.
    let nonsense = "甲,乙,丙\n1,2,3\n".as_bytes().to_vec();
    let r = post_upload(&app, &admin, "preview", "penalty", "乱.csv", nonsense, &[]).await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("无法导入") && page.contains("未识别的表头"), "{page}");
    assert!(previews(&app).is_empty(), "a refused file is not kept");
    assert_eq!(runs(&app).await, 1, "only the CLI import ran");
}

async fn the_runs_show_each_imports_report(app: TestApp) {
    let prov = emergency_provider(&app, "prov1").await;
    let r = post_upload(
        &app,
        &prov,
        "import",
        "penalty",
        "处罚.csv",
        to_csv(&emergency_file()),
        &emergency_values(),
    )
    .await;
    assert_eq!(r.status(), 200);
    let run = run_link(&r.text().await.unwrap());

    let (status, list) = get(&app, &prov, "/admin/imports").await;
    assert_eq!(status, 200, "{list}");
    assert!(list.contains(&format!("href=\"/admin/imports/{run}\"")), "{list}");
    assert!(
        list.contains("处罚.csv") && list.contains("后台上传") && list.contains("行政处罚"),
        "{list}"
    );
    assert!(list.contains("staff:prov1") && list.contains("完成"), "{list}");
    assert!(list.contains("2026-11-27 12:00"), "China time: {list}");
    assert!(
        !list.contains("命令行导入"),
        "a provider sees its department's runs only: {list}"
    );

    let (status, detail) = get(&app, &prov, &format!("/admin/imports/{run}")).await;
    assert_eq!(status, 200, "{detail}");
    assert!(detail.contains(&format!("共 {FIRST_IMPORT}")), "{detail}");
    assert!(
        detail.contains("id=\"mapping\"") && detail.contains("第 1 行被读作表头"),
        "{detail}"
    );
    assert!(
        detail.contains("id=\"row-errors\"") && detail.contains("第 12 行"),
        "{detail}"
    );
    assert!(
        detail.contains("内部登记号") && detail.contains("id=\"file-values\""),
        "{detail}"
    );
    assert!(detail.contains(EMERGENCY_USCC), "{detail}");

    // Unknown and malformed ids are 404, not 500.
    assert_eq!(get(&app, &prov, "/admin/imports/999999").await.0, 404);
    assert_eq!(get(&app, &prov, "/admin/imports/abc").await.0, 404);
    assert_eq!(get(&app, &prov, "/admin/imports/99999999999999999999999").await.0, 404);

    // An admin sees every run, the CLI's too.
    let admin = logged_in(&app, "admin1", Role::Admin, None).await;
    let (_, all) = get(&app, &admin, "/admin/imports").await;
    assert!(all.contains("命令行导入") && all.contains("处罚.csv"), "{all}");
    assert_eq!(get(&app, &admin, &format!("/admin/imports/{run}")).await.0, 200);
    assert!(get(&app, &admin, "/admin").await.1.contains("href=\"/admin/imports\""));

    // Another department's provider does not see this run; a reviewer sees none.
    app.import_file(RecordKind::Penalty, &fixture(GOOD_BAD)).await;
    let market = department_id(&app, MARKET).await;
    let other = logged_in(&app, "prov2", Role::Provider, Some(market)).await;
    let (status, theirs) = get(&app, &other, "/admin/imports").await;
    assert_eq!(status, 200);
    assert!(!theirs.contains("处罚.csv"), "{theirs}");
    assert_eq!(get(&app, &other, &format!("/admin/imports/{run}")).await.0, 403);
    let reviewer = logged_in(&app, "rev1", Role::Reviewer, None).await;
    assert_eq!(get(&app, &reviewer, "/admin/imports").await.0, 403);
    assert_eq!(get(&app, &reviewer, &format!("/admin/imports/{run}")).await.0, 403);
    let anonymous = browser();
    let r = anonymous
        .get(format!("{}/admin/imports", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
}

async fn forged_and_broken_confirmations_are_refused(app: TestApp) {
    let prov = emergency_provider(&app, "prov1").await;
    let bytes = to_csv(&emergency_file());

    // The upload without its CSRF token.
    let form = Form::new()
        .text("kind", "penalty")
        .text("action", "preview")
        .part("file", Part::bytes(bytes.clone()).file_name("处罚.csv"));
    let r = prov
        .post(format!("{}/admin/records/upload", app.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(previews(&app).is_empty());

    let r = post_upload(
        &app,
        &prov,
        "preview",
        "penalty",
        "处罚.csv",
        bytes,
        &emergency_values(),
    )
    .await;
    assert_eq!(r.status(), 200);
    let fields = confirm_fields(&r.text().await.unwrap());
    let with = |name: &str, value: &str| -> Vec<(String, String)> {
        fields
            .iter()
            .map(|(k, v)| (k.clone(), if k == name { value.to_string() } else { v.clone() }))
            .collect()
    };
    let runs_before = runs(&app).await;

    // The confirmation without (or with a wrong) CSRF token.
    let no_csrf: Vec<(String, String)> = fields.iter().filter(|(k, _)| k != "csrf").cloned().collect();
    assert_eq!(post_confirm(&app, &prov, &no_csrf).await.status(), 403);
    assert_eq!(post_confirm(&app, &prov, &with("csrf", "forged")).await.status(), 403);
    // Not a hash: a path, upper-case, too short; never a 500.
    for bad in [
        "../../../etc/passwd",
        "../import-previews/x",
        &"A".repeat(64),
        &"a".repeat(63),
        "",
    ] {
        let status = post_confirm(&app, &prov, &with("preview", bad)).await.status();
        assert!(status == 400 || status == 422, "{bad}: {status}");
    }
    // A well-formed hash of nothing saved.
    let r = post_confirm(&app, &prov, &with("preview", &"0".repeat(64))).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("预览的文件已不在"));
    // An extension that would leave the folder is not one.
    let status = post_confirm(&app, &prov, &with("file_name", "处罚./../../x"))
        .await
        .status();
    assert!(status == 400 || status == 422, "{status}");
    // A kind that is not one.
    assert_eq!(post_confirm(&app, &prov, &with("kind", "nonsense")).await.status(), 400);
    assert_eq!(runs(&app).await, runs_before, "nothing was imported");
    assert_eq!(previews(&app).len(), 1, "the real preview is still there");

    // Another role may not confirm.
    let reviewer = logged_in(&app, "rev1", Role::Reviewer, None).await;
    let (_, page) = get(&app, &reviewer, "/admin").await;
    let theirs: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| {
            let v = if k == "csrf" { hidden(&page, "csrf") } else { v.clone() };
            (k.clone(), v)
        })
        .collect();
    assert_eq!(post_confirm(&app, &reviewer, &theirs).await.status(), 403);

    // The real one still imports.
    let r = post_confirm(&app, &prov, &fields).await;
    assert_eq!(r.status(), 200);
    assert_eq!(runs(&app).await, runs_before + 1);
}

on_both_backends!(
    preview_writes_nothing_and_confirm_imports_the_same_file,
    values_given_once_fill_a_column_the_file_lacks,
    an_unreadable_header_row_is_refused_with_the_reason,
    the_runs_show_each_imports_report,
    forged_and_broken_confirmations_are_refused,
);
