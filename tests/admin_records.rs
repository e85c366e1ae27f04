//! Black-box tests of 信息报送 (`/admin/records`): a department creates, drafts,
//! publishes, uploads, corrects and withdraws its records; nobody else can.
//! Each runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL.

mod common;

use app::domain::kinds::RecordKind;
use app::domain::staff::Role;
use common::forms::browser;
use common::staff::{department_id, get, logged_in, post};
use common::{fixture, TestApp};
use reqwest::multipart::{Form, Part};
use serde_json::Value;

const MARKET: &str = "嘉峪关市市场监督管理局";
const MARKET_USCC: &str = "11620200013900001M";
const EMERGENCY: &str = "嘉峪关市应急管理局";
const EMERGENCY_USCC: &str = "11620200013900010K";
const GOOD_BAD: &str = "penalties_10_good_3_bad.csv";

/// A natural person's penalty typed into the form (authority and source are
/// filled by the server for a provider).
fn person_penalty(doc_no: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
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
        ("处罚决定日期", "2026-11-25"),
        ("处罚有效期", "2026-11-25"),
    ]
}

fn with(
    fields: &[(&'static str, &'static str)],
    changes: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<_> = fields
        .iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
        .copied()
        .collect();
    out.extend(changes.iter().filter(|(_, v)| !v.is_empty()).copied());
    out
}

fn doc_nos(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["doc_no"].as_str().unwrap_or_default().to_string())
        .collect()
}

async fn search_doc(app: &TestApp, doc_no: &str) -> Vec<String> {
    app.sync_index().await;
    doc_nos(&app.api_search(&format!("q={}", app::pages::url_encode(doc_no))).await)
}

/// The record id in a `/admin/records/{id}?done=…` redirect.
fn redirected_id(r: &reqwest::Response) -> i64 {
    assert_eq!(r.status(), 303, "expected a redirect");
    let location = r.headers()["location"].to_str().unwrap();
    let rest = location
        .strip_prefix("/admin/records/")
        .unwrap_or_else(|| panic!("{location}"));
    rest.split('?').next().unwrap().parse().unwrap()
}

async fn create_with_errors_then_draft_then_publish(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture(GOOD_BAD)).await;
    app.import_file(RecordKind::Blacklist, &fixture("blacklist.csv")).await;
    let market = department_id(&app, MARKET).await;
    let prov = logged_in(&app, "prov1", Role::Provider, Some(market)).await;

    let (status, chooser) = get(&app, &prov, "/admin/records/new").await;
    assert_eq!(status, 200);
    assert!(
        chooser.contains("行政处罚") && chooser.contains("政务失信记录"),
        "{chooser}"
    );
    let form = "/admin/records/new?kind=penalty";
    let (status, blank) = get(&app, &prov, form).await;
    assert_eq!(status, 200);
    assert!(
        blank.contains("行政处罚决定书文号（必填）") && blank.contains("2099/12/31"),
        "{blank}"
    );
    assert!(
        blank.contains(&format!(r#"value="{MARKET_USCC}" readonly"#)),
        "own department prefilled, read-only: {blank}"
    );
    assert!(blank.contains("保存为待上线") && blank.contains("发布"));

    // Missing facts, an impossible date, and another department's code slipped in.
    let fields = with(
        &person_penalty("嘉市监罚〔2026〕501号"),
        &[
            ("违法事实", ""),
            ("处罚决定日期", "2026-13-01"),
            ("处罚机关统一社会信用代码", EMERGENCY_USCC),
            ("kind", "penalty"),
            ("action", "draft"),
        ],
    );
    let r = post(&app, &prov, form, "/admin/records/new", &fields).await;
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("<title>错误："), "{body}");
    assert!(
        body.contains(r##"href="#违法事实""##) && body.contains(r##"href="#处罚决定日期""##),
        "{body}"
    );
    assert!(
        body.contains("必填项为空") && body.contains(r#"id="违法事实-error""#),
        "{body}"
    );
    assert!(
        body.contains(r#"value="张三""#) && body.contains(r#"value="2026-13-01""#),
        "values kept: {body}"
    );
    assert!(
        !body.contains(EMERGENCY_USCC),
        "the server put the own department back: {body}"
    );

    let fields = with(
        &person_penalty("嘉市监罚〔2026〕501号"),
        &[
            ("处罚机关统一社会信用代码", EMERGENCY_USCC),
            ("数据来源单位", EMERGENCY),
            ("kind", "penalty"),
            ("action", "draft"),
        ],
    );
    let r = post(&app, &prov, form, "/admin/records/new", &fields).await;
    let id = redirected_id(&r);
    let (status, page) = get(&app, &prov, &format!("/admin/records/{id}?done=draft")).await;
    assert_eq!(status, 200);
    assert!(page.contains("待上线") && page.contains("距上线期限还有"), "{page}");
    assert!(
        page.contains("11010519491231002X"),
        "the back-office shows the full ID: {page}"
    );
    assert!(page.contains(MARKET_USCC) && !page.contains(EMERGENCY_USCC), "{page}");

    // A draft is not public: 404 (not even its existence), not searchable.
    assert_eq!(app.get(&format!("/records/{id}")).await.status(), 404);
    assert!(!search_doc(&app, "嘉市监罚〔2026〕501号")
        .await
        .contains(&"嘉市监罚〔2026〕501号".to_string()));
    let (_, list) = get(&app, &prov, "/admin/records").await;
    assert!(
        list.contains("嘉市监罚〔2026〕501号") && list.contains("待上线"),
        "{list}"
    );
    assert!(
        !list.contains("嘉应急黑"),
        "another department's records are not listed: {list}"
    );

    // The same document number again is not a silent correction.
    let again = post(&app, &prov, form, "/admin/records/new", &fields).await;
    assert_eq!(again.status(), 422);
    assert!(again.text().await.unwrap().contains("已存在"));

    let r = post(
        &app,
        &prov,
        &format!("/admin/records/{id}"),
        &format!("/admin/records/{id}/publish"),
        &[],
    )
    .await;
    assert_eq!(redirected_id(&r), id);
    let public = app.page(&format!("/records/{id}")).await;
    assert!(
        public.contains("110105********002X") && !public.contains("11010519491231002X"),
        "{public}"
    );
    assert!(search_doc(&app, "嘉市监罚〔2026〕501号")
        .await
        .contains(&"嘉市监罚〔2026〕501号".to_string()));
    let log = app.change_log_text(Some("record")).await;
    assert!(
        log.iter().any(|l| l.starts_with("staff:prov1|draft|record|penalty")),
        "{log:?}"
    );
    assert!(
        log.iter().any(|l| l.starts_with("staff:prov1|publish|record|penalty")),
        "{log:?}"
    );

    // Published at once with the other button; an early pilot code is accepted with a warning.
    let fields = with(
        &person_penalty("嘉市监罚〔2026〕502号"),
        &[
            ("行政相对人名称", "福州试点有限公司"),
            ("行政相对人类别", "法人及非法人组织"),
            ("行政相对人代码_1(统一社会信用代码)", "91350100M0001TGQXM"),
            ("证件类型", ""),
            ("证件号码", ""),
            ("kind", "penalty"),
            ("action", "publish"),
        ],
    );
    let r = post(&app, &prov, form, "/admin/records/new", &fields).await;
    let id = redirected_id(&r);
    assert_eq!(app.get(&format!("/records/{id}")).await.status(), 200);
    let (_, page) = get(&app, &prov, &format!("/admin/records/{id}?done=publish")).await;
    assert!(page.contains("已发布") && page.contains("早期试点代码"), "{page}");
}

/// The fixture with every row sent by the emergency bureau except the first
/// good row, which still names the market bureau as its source.
fn upload_file() -> Vec<u8> {
    let text = std::fs::read_to_string(fixture(GOOD_BAD)).unwrap();
    let market_source = format!("{MARKET},{MARKET_USCC},{MARKET},{MARKET_USCC}");
    let emergency_source = format!("{MARKET},{MARKET_USCC},{EMERGENCY},{EMERGENCY_USCC}");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for line in lines.iter_mut().skip(2) {
        *line = line.replace(&market_source, &emergency_source);
    }
    (lines.join("\n") + "\n").into_bytes()
}

async fn upload(app: &TestApp, client: &reqwest::Client, kind: &str, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let (_, html) = get(app, client, "/admin/records/upload").await;
    assert!(html.contains(r#"enctype="multipart/form-data""#), "{html}");
    let form = Form::new()
        .text("csrf", common::forms::hidden(&html, "csrf"))
        .text("kind", kind.to_string())
        .part("file", Part::bytes(bytes).file_name(name.to_string()));
    client
        .post(format!("{}/admin/records/upload", app.base))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn upload_reports_each_row_and_refuses_another_departments(app: TestApp) {
    let by_cli = app.import_file(RecordKind::Blacklist, &fixture("blacklist.csv")).await;
    let emergency = department_id(&app, EMERGENCY).await;
    let prov = logged_in(&app, "prov2", Role::Provider, Some(emergency)).await;

    let r = upload(&app, &prov, "penalty", "处罚.csv", upload_file()).await;
    assert_eq!(r.status(), 200);
    let report = r.text().await.unwrap();
    assert!(report.contains("共 13 行：新增 9，更正 0，未变 0，拒绝 4"), "{report}");
    assert!(report.contains("第 2 行") && report.contains("不是本部门"), "{report}");
    assert!(
        report.contains("第 12 行") && report.contains("第 13 行") && report.contains("必填"),
        "{report}"
    );
    assert_eq!(
        app.get(&format!("/records/{}", app.record_id("嘉市监罚〔2026〕3号").await))
            .await
            .status(),
        200
    );
    let foreign_key = app::domain::record::record_key(
        RecordKind::Penalty,
        MARKET_USCC,
        "嘉市监罚〔2026〕1号",
        "USCC:91320322MABLP2X24R",
    );
    assert_eq!(
        app.store.record_id_by_key(&foreign_key).await.unwrap(),
        None,
        "the foreign row was not stored"
    );

    let again = upload(&app, &prov, "penalty", "处罚.csv", upload_file()).await;
    assert!(again.text().await.unwrap().contains("新增 0，更正 0，未变 9，拒绝 4"));

    let no_kind = upload(&app, &prov, "", "处罚.csv", upload_file()).await;
    assert_eq!(no_kind.status(), 422);
    assert!(no_kind.text().await.unwrap().contains("请选择信息类别"));
    let wrong = upload(&app, &prov, "penalty", "说明.pdf", b"%PDF-1.4".to_vec()).await;
    assert_eq!(wrong.status(), 422);
    assert!(wrong.text().await.unwrap().contains("不支持的文件类型"));

    // Two upload runs were recorded (the refused forms never ran), their
    // foreign rows counted as rejected.
    let totals = app.store.import_run_totals().await.unwrap();
    let runs: Vec<(&str, &str, i64)> = totals
        .groups
        .iter()
        .map(|g| (g.source.as_str(), g.outcome.as_str(), g.runs))
        .collect();
    assert_eq!(runs, [("cli", "done", 1), ("upload", "done", 2)]);
    let rows = totals.rows;
    assert_eq!(rows.created, by_cli.created as i64 + 9);
    assert_eq!(rows.unchanged, by_cli.unchanged as i64 + 9);
    assert_eq!(rows.rejected, by_cli.rejected as i64 + 4 + 4);
}

async fn correction_keeps_the_old_version(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture(GOOD_BAD)).await;
    let market = department_id(&app, MARKET).await;
    let prov = logged_in(&app, "prov1", Role::Provider, Some(market)).await;
    let id = app.record_id("嘉市监罚〔2026〕2号").await;
    let edit = format!("/admin/records/{id}/edit");
    let (status, form) = get(&app, &prov, &edit).await;
    assert_eq!(status, 200);
    assert!(
        form.contains(r#"value="罚款2万元""#) || form.contains(">罚款2万元<"),
        "prefilled: {form}"
    );
    assert!(
        form.contains(r#"value="嘉市监罚〔2026〕2号" readonly"#),
        "key read-only: {form}"
    );

    let fields = [
        ("行政相对人名称", "嘉峪关市镜铁食品有限公司"),
        ("行政相对人类别", "法人及非法人组织"),
        ("行政相对人代码_1(统一社会信用代码)", "913101151324074865"),
        ("法定代表人", "李明"),
        ("行政处罚决定书文号", "嘉市监罚〔2026〕999号"),
        ("违法行为类型", "生产经营不符合食品安全标准的食品"),
        ("违法事实", "抽检不合格"),
        ("处罚依据", "《中华人民共和国食品安全法》第一百二十四条"),
        ("处罚类别", "02"),
        ("处罚内容", "罚款2万元并责令改正"),
        ("罚款金额(万元)", "2"),
        ("处罚决定日期", "2026/04/10"),
        ("处罚有效期", "2026/04/10"),
        ("公示截止期", "2027/04/10"),
        ("action", "correct"),
    ];
    let bad = with(&fields, &[("罚款金额(万元)", "-1")]);
    let r = post(&app, &prov, &edit, &edit, &bad).await;
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(
        body.contains(r##"href="#罚款金额(万元)""##) && body.contains("罚款2万元并责令改正"),
        "{body}"
    );

    let r = post(&app, &prov, &edit, &edit, &fields).await;
    assert_eq!(redirected_id(&r), id, "the same record, whatever number was typed");
    let public = app.page(&format!("/records/{id}")).await;
    assert!(
        public.contains("罚款2万元并责令改正") && public.contains("嘉市监罚〔2026〕2号"),
        "{public}"
    );
    let (_, page) = get(&app, &prov, &format!("/admin/records/{id}")).await;
    assert!(
        page.contains("第 1 版") && page.contains("罚款2万元</dd>"),
        "old version kept: {page}"
    );
    let log = app.change_log_text(Some("record")).await;
    assert!(
        log.iter().any(|l| l.starts_with("staff:prov1|correct|record|penalty")),
        "{log:?}"
    );
}

async fn withdrawal_needs_a_reason_and_ends_public_view(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture(GOOD_BAD)).await;
    let market = department_id(&app, MARKET).await;
    let prov = logged_in(&app, "prov1", Role::Provider, Some(market)).await;
    let id = app.record_id("嘉市监罚〔2026〕3号").await;
    let page = format!("/admin/records/{id}");
    let path = format!("/admin/records/{id}/withdraw");
    let r = post(&app, &prov, &page, &path, &[("reason", "  ")]).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("请填写撤销理由"));
    assert_eq!(app.get(&format!("/records/{id}")).await.status(), 200);

    let r = post(&app, &prov, &page, &path, &[("reason", "原决定已被撤销")]).await;
    assert_eq!(redirected_id(&r), id);
    assert_eq!(app.get(&format!("/records/{id}")).await.status(), 410);
    assert!(!search_doc(&app, "嘉市监罚〔2026〕3号")
        .await
        .contains(&"嘉市监罚〔2026〕3号".to_string()));
    let log = app.change_log_text(Some("record")).await;
    assert!(
        log.iter()
            .any(|l| l.starts_with("staff:prov1|withdraw|record|penalty|原决定已被撤销")),
        "{log:?}"
    );
}

async fn only_the_records_department_or_an_admin_may_act(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture(GOOD_BAD)).await;
    app.import_file(RecordKind::Blacklist, &fixture("blacklist.csv")).await;
    let market = department_id(&app, MARKET).await;
    let emergency = department_id(&app, EMERGENCY).await;
    let id = app.record_id("嘉市监罚〔2026〕2号").await;

    // A provider of another department, editing the id in the URL.
    let other = logged_in(&app, "prov2", Role::Provider, Some(emergency)).await;
    for path in [format!("/admin/records/{id}"), format!("/admin/records/{id}/edit")] {
        assert_eq!(get(&app, &other, &path).await.0, 403, "{path}");
    }
    for (path, fields) in [
        (format!("/admin/records/{id}/edit"), vec![("处罚内容", "篡改")]),
        (format!("/admin/records/{id}/withdraw"), vec![("reason", "篡改")]),
        (format!("/admin/records/{id}/publish"), vec![]),
    ] {
        let r = post(&app, &other, "/admin/records", &path, &fields).await;
        assert_eq!(r.status(), 403, "{path}");
    }
    let public = app.page(&format!("/records/{id}")).await;
    assert!(!public.contains("篡改"));

    // A reviewer publishes nothing.
    let reviewer = logged_in(&app, "rev1", Role::Reviewer, None).await;
    for path in [
        "/admin/records".to_string(),
        "/admin/records/new?kind=penalty".to_string(),
        "/admin/records/upload".to_string(),
        format!("/admin/records/{id}"),
        format!("/admin/records/{id}/edit"),
    ] {
        assert_eq!(get(&app, &reviewer, &path).await.0, 403, "{path}");
    }
    let fields = with(
        &person_penalty("嘉市监罚〔2026〕601号"),
        &[("kind", "penalty"), ("action", "publish")],
    );
    assert_eq!(
        post(&app, &reviewer, "/admin", "/admin/records/new", &fields)
            .await
            .status(),
        403
    );
    let r = post(
        &app,
        &reviewer,
        "/admin",
        &format!("/admin/records/{id}/withdraw"),
        &[("reason", "x")],
    )
    .await;
    assert_eq!(r.status(), 403);
    assert_eq!(app.get(&format!("/records/{id}")).await.status(), 200);

    // Anonymous: to the login page.
    let anonymous = browser();
    for path in ["/admin/records", "/admin/records/upload", "/admin/records/new"] {
        let r = anonymous.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(r.status(), 303, "{path}");
        assert!(r.headers()["location"].to_str().unwrap().starts_with("/admin/login"));
    }
    let r = anonymous
        .post(format!("{}/admin/records/{id}/withdraw", app.base))
        .form(&[("reason", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);

    // An admin sees every department, and can narrow to one.
    let admin = logged_in(&app, "admin1", Role::Admin, None).await;
    let (status, all) = get(&app, &admin, "/admin/records").await;
    assert_eq!(status, 200);
    assert!(
        all.contains("嘉市监罚〔2026〕2号") && all.contains("嘉应急黑〔2026〕1号"),
        "{all}"
    );
    let (_, market_only) = get(&app, &admin, &format!("/admin/records?department={market}")).await;
    assert!(market_only.contains("嘉市监罚〔2026〕2号") && !market_only.contains("嘉应急黑〔2026〕1号"));
    assert_eq!(get(&app, &admin, &format!("/admin/records/{id}/edit")).await.0, 200);
}

on_both_backends!(
    create_with_errors_then_draft_then_publish,
    upload_reports_each_row_and_refuses_another_departments,
    correction_keeps_the_old_version,
    withdrawal_needs_a_reason_and_ends_public_view,
    only_the_records_department_or_an_admin_may_act,
);
