//! Files as departments and published lists really are (tests/fixtures/real_layouts,
//! written by its make_fixtures.py): the 2015 template in GB18030 with a note row,
//! the exchange format's field codes in XLSX with serial dates, a department's own
//! headers in XLS with a fine in 元, a court's 失信被执行人 list with co-defendants
//! and masked IDs. Each loads through `portal import` unchanged (plus `--set`),
//! only its genuinely bad rows refused; what is stored and what the public sees
//! is checked, and no full ID number reaches anything public.

mod common;

use std::process::{Command, Output};

use app::domain::staff::Role;
use common::staff::{department_id, get, logged_in, post};
use common::TestApp;

const MARKET: &str = "嘉峪关市市场监督管理局";
const MARKET_USCC: &str = "11620200013926137U";
const COURT_USCC: &str = "11620200MB1234567K";
const DRC: &str = "嘉峪关市发展和改革委员会";
const DRC_USCC: &str = "11620200MB00000110";
/// The full ID numbers in the fixtures: stored, never public.
const OPERATOR_ID: &str = "620201198503121234";
const PERSON_ID: &str = "620202199001014560";

fn layout(name: &str) -> String {
    common::fixture(&format!("real_layouts/{name}"))
        .to_str()
        .unwrap()
        .to_string()
}

/// Runs `portal` against the app's database, as an operator would beside the server.
fn portal(app: &TestApp, args: &[&str]) -> Output {
    let data = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_portal"))
        .arg("--data")
        .arg(data.path())
        .arg("--database-url")
        .arg(&app.database_url)
        .args(args)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .output()
        .expect("portal runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

fn import(app: &TestApp, kind: &str, file: &str, set: &[&str]) -> String {
    let mut args = vec!["import", "--kind", kind, file];
    if kind == "blacklist" {
        // The court's own list (告知 and 申辩 done by the court): published at
        // once; an ordinary import proposes (tests/list_procedure.rs).
        args.push("--already-decided");
    }
    for s in set {
        args.push("--set");
        args.push(s);
    }
    stdout(&portal(app, &args))
}

fn import_2015(app: &TestApp) -> String {
    import(
        app,
        "penalty",
        &layout("penalty_2015_template_gb18030.csv"),
        &[
            &format!("数据来源单位={MARKET}"),
            &format!("数据来源单位统一社会信用代码={MARKET_USCC}"),
            &format!("处罚机关统一社会信用代码={MARKET_USCC}"),
        ],
    )
}

/// `(record id, subject id)` of every stored record.
async fn stored_ids(app: &TestApp) -> Vec<(i64, i64)> {
    let sql = "SELECT id, subject_id FROM records ORDER BY id";
    if app.database_url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
        sqlx::query_as(sql).fetch_all(&pool).await.unwrap()
    } else {
        let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
        sqlx::query_as(sql).fetch_all(&pool).await.unwrap()
    }
}

/// A stored record's columns, as the back-office holds them: (public, private) JSON.
async fn stored_columns(app: &TestApp, doc_no: &str) -> (String, String, Option<i64>, String) {
    let sql = "SELECT r.public_columns, r.private_columns, r.fine_fen, s.kind FROM records r \
               JOIN subjects s ON s.id = r.subject_id WHERE r.doc_no = $1";
    if app.database_url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
        sqlx::query_as(sql).bind(doc_no).fetch_one(&pool).await.unwrap()
    } else {
        let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
        sqlx::query_as(sql).bind(doc_no).fetch_one(&pool).await.unwrap()
    }
}

/// Every public page, feed, API answer and download, with its path.
async fn public_texts(app: &TestApp) -> Vec<(String, String)> {
    app.sync_index().await;
    let mut paths: Vec<String> = [
        "/",
        "/lists/black",
        "/departments",
        "/api/v1/records?kind=penalty",
        "/api/v1/records?kind=blacklist",
        "/api/v1/changes",
        "/changes.atom",
        "/downloads/penalty.csv",
        "/downloads/penalty.ndjson",
        "/downloads/blacklist.csv",
        "/api/v1/search?q=%E5%98%89%E5%B3%AA%E5%85%B3",
        "/search?q=%E6%9D%8E%E5%9B%9B",
        "/search?q=%E7%8E%8B%E6%9F%90%E6%9F%90",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for (record, subject) in stored_ids(app).await {
        paths.push(format!("/records/{record}"));
        paths.push(format!("/api/v1/records/{record}"));
        paths.push(format!("/subjects/{subject}"));
        paths.push(format!("/api/v1/subjects/{subject}"));
        paths.push(format!("/subjects/{subject}/feed.atom"));
    }
    let mut out = Vec::new();
    for path in paths {
        let r = app.get(&path).await;
        let status = r.status().as_u16();
        assert!(status == 200 || status == 404, "{path}: {status}");
        out.push((path, r.text().await.unwrap()));
    }
    out
}

fn assert_no_full_id(texts: &[(String, String)], ids: &[&str]) {
    for (path, text) in texts {
        for id in ids {
            assert!(!text.contains(id), "the full ID {id} is public at {path}");
        }
    }
}

async fn the_2015_template_loads_and_ids_stay_private(app: TestApp) {
    let out = import_2015(&app);
    assert!(out.contains("表头：第 2 行"), "the note row is skipped: {out}");
    assert!(out.contains("行政相对人代码_5(居民身份证号) → 证件号码"), "{out}");
    assert!(out.contains("未使用的列“地方编码”已随记录保留"), "{out}");
    assert!(
        out.contains("错误：第 6 行，行政相对人代码_1(统一社会信用代码)"),
        "{out}"
    );
    assert!(
        out.trim_end().ends_with("共 4 行：新增 3，更正 0，未变 0，拒绝 1"),
        "{out}"
    );

    let (public, private, _, kind) = stored_columns(&app, "嘉市监罚〔2026〕102号").await;
    assert_eq!(kind, "individual_business", "from the 92 USCC");
    assert!(
        private.contains(OPERATOR_ID) && !public.contains(OPERATOR_ID),
        "{public}"
    );
    assert!(public.contains("620201********1234"), "{public}");
    assert!(
        private.contains("地方编码") && !public.contains("地方编码"),
        "{private}"
    );
    let (public, _, _, kind) = stored_columns(&app, "嘉市监罚〔2026〕103号").await;
    assert_eq!(kind, "natural_person", "only an ID number was given");
    assert!(public.contains("法律、行政法规规定的其他行政处罚") || public.contains("其他"));
    let (_, _, _, _) = stored_columns(&app, "嘉市监罚〔2026〕101号").await;

    let page = app
        .page(&format!("/records/{}", app.record_id("嘉市监罚〔2026〕101号").await))
        .await;
    assert!(page.contains("警告、罚款"), "处罚类别1 and 2 joined: {page}");
    assert!(
        !page.contains("2026-03-05 10:00:00"),
        "kept columns are not public: {page}"
    );

    let again = import_2015(&app);
    assert!(again.contains("新增 0，更正 0，未变 3，拒绝 1"), "{again}");

    // The back-office export writes the kept columns back; the public export never has them.
    let export = stdout(&portal(&app, &["export", "--kind", "penalty"]));
    assert!(
        export.contains("原文件其他列") && export.contains("地方编码"),
        "{export}"
    );
    let public_export = stdout(&portal(&app, &["export", "--kind", "penalty", "--public"]));
    assert!(!public_export.contains("地方编码") && !public_export.contains(OPERATOR_ID));
    assert_no_full_id(&public_texts(&app).await, &[OPERATOR_ID, PERSON_ID]);
}

async fn a_file_without_values_given_once_is_refused_with_help(app: TestApp) {
    let out = portal(
        &app,
        &[
            "import",
            "--kind",
            "penalty",
            &layout("penalty_2015_template_gb18030.csv"),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(text.contains("第 2 行被读作表头"), "{text}");
    assert!(text.contains("缺少必填列：数据来源单位"), "{text}");
    assert!(text.contains("--set"), "{text}");
    assert!(stored_ids(&app).await.is_empty(), "nothing was written");

    let dry = portal(
        &app,
        &[
            "import",
            "--kind",
            "penalty",
            &layout("penalty_2015_template_gb18030.csv"),
            "--dry-run",
            "--set",
            &format!("数据来源单位={MARKET}"),
            "--set",
            &format!("数据来源单位统一社会信用代码={MARKET_USCC}"),
            "--set",
            &format!("处罚机关统一社会信用代码={MARKET_USCC}"),
        ],
    );
    let text = stdout(&dry);
    assert!(
        text.contains("试运行（未写入） 4 行：新增 3，更正 0，未变 0，拒绝 1"),
        "{text}"
    );
    assert!(text.contains("处罚类别2 → 处罚类别"), "{text}");
    assert!(stored_ids(&app).await.is_empty(), "a dry run writes nothing");
    let totals = app.store.import_run_totals().await.unwrap();
    assert!(totals.groups.is_empty(), "a dry run records no run");

    let bad_set = portal(
        &app,
        &[
            "import",
            "--kind",
            "penalty",
            &layout("penalty_field_codes.xlsx"),
            "--set",
            "不存在的列=1",
        ],
    );
    assert_eq!(bad_set.status.code(), Some(2));
    assert!(stdout(&bad_set).contains("不存在的列"));
}

async fn field_codes_with_serial_dates_load(app: TestApp) {
    let out = import(&app, "penalty", &layout("penalty_field_codes.xlsx"), &[]);
    assert!(out.contains("共 1 行：新增 1"), "{out}");
    assert!(out.contains("责令改正"), "the non-penalty measure is noted: {out}");
    let (public, _, fine, _) = stored_columns(&app, "嘉市监罚〔2026〕201号").await;
    assert_eq!(fine, Some(300_000), "CF_NR_FK is in 万元");
    assert!(public.contains("2026-03-19"), "serial 46100: {public}");
}

/// The data is on the second worksheet, after a 填表说明 sheet, as many templates have it.
async fn a_workbook_whose_first_sheet_is_instructions_loads(app: TestApp) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let notes = book.add_worksheet().set_name("填表说明").unwrap();
    notes
        .write_string(0, 0, "1. 带*为必填项；2. 日期格式为YYYY/MM/DD")
        .unwrap();
    let data = book.add_worksheet().set_name("行政许可").unwrap();
    let rows = [
        [
            "XK_XDR_MC",
            "XK_XDR_LB",
            "XK_XDR_SHXYM",
            "XK_XKWS",
            "XK_WSH",
            "XK_XKLB",
            "XK_NR",
            "XK_JDRQ",
            "XK_YXQZ",
            "XK_YXQJ",
            "XK_XKJG",
            "XK_XKJGDM",
            "XK_LYDW",
            "XK_LYDWDM",
        ],
        [
            "嘉峪关市镜铁商贸有限公司",
            "法人及非法人组织",
            "91620200MA72AB3C4Q",
            "准予行政许可决定书",
            "嘉市监许〔2026〕9号",
            "普通",
            "食品经营许可",
            "2026/06/01",
            "2026/06/01",
            "2031/05/31",
            MARKET,
            MARKET_USCC,
            MARKET,
            MARKET_USCC,
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            data.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    let path = app.data_dir.join("许可.xlsx");
    book.save(&path).unwrap();
    let out = import(&app, "permit", path.to_str().unwrap(), &[]);
    assert!(out.contains("共 1 行：新增 1"), "{out}");
}

async fn own_headers_in_yuan_load_in_the_right_unit(app: TestApp) {
    // The authority is known to the portal once it has published.
    import(&app, "penalty", &layout("penalty_field_codes.xlsx"), &[]);
    let out = import(
        &app,
        "penalty",
        &layout("penalty_own_headers_yuan.xls"),
        &[&format!("数据来源单位={MARKET}")],
    );
    assert!(out.contains("罚款金额(元) → 罚款金额(万元)（按元换算为万元）"), "{out}");
    assert!(out.contains("共 1 行：新增 1"), "{out}");
    let (public, private, fine, _) = stored_columns(&app, "嘉市监罚〔2026〕301号").await;
    assert_eq!(fine, Some(115_000_000), "1,150,000 元 = 115 万元");
    assert!(
        public.contains("91620200MA71XYW0NU"),
        "the code without its spaces: {public}"
    );
    assert!(
        public.contains(MARKET_USCC),
        "the authority's code from the departments table"
    );
    assert!(private.contains("0937-6221234") && !public.contains("0937-6221234"));
    let page = app
        .page(&format!("/records/{}", app.record_id("嘉市监罚〔2026〕301号").await))
        .await;
    assert!(page.contains("115"), "{page}");
    assert!(!page.contains("1150000") && !page.contains("1,150,000"), "{page}");
    assert!(!page.contains("0937-6221234"));
}

fn import_court_list(app: &TestApp) -> String {
    import(
        app,
        "blacklist",
        &layout("blacklist_court_list.csv"),
        &[
            "名单名称=失信被执行人名单",
            "列入依据=《最高人民法院关于公布失信被执行人名单信息的若干规定》",
            &format!("认定机关统一社会信用代码={COURT_USCC}"),
            &format!("数据来源单位={DRC}"),
            &format!("数据来源单位统一社会信用代码={DRC_USCC}"),
        ],
    )
}

async fn a_court_list_keeps_co_defendants_and_masked_ids(app: TestApp) {
    let out = import_court_list(&app);
    assert!(out.contains("共 4 行：新增 4"), "{out}");
    assert!(out.contains("身份未核验"), "{out}");
    let ids = stored_ids(&app).await;
    assert_eq!(ids.len(), 4);
    let subjects: std::collections::HashSet<i64> = ids.iter().map(|(_, s)| *s).collect();
    assert_eq!(
        subjects.len(),
        4,
        "three co-defendants under one 案号 are three subjects"
    );
    let again = import_court_list(&app);
    assert!(again.contains("新增 0，更正 0，未变 4，拒绝 0"), "{again}");
    let texts = public_texts(&app).await;
    assert!(
        texts.iter().any(|(_, t)| t.contains("432930*******8215")),
        "shown masked our way"
    );
    for (path, text) in &texts {
        assert!(!text.contains("0278215"), "more than the last 4 shown at {path}");
    }
}

/// No full ID number from any import path (CLI, back-office upload,
/// back-office form) reaches a page, feed, API answer or download.
async fn no_full_id_from_any_path_is_public(app: TestApp) {
    import_2015(&app);
    let market = department_id(&app, MARKET).await;
    let prov = logged_in(&app, "prov-ids", Role::Provider, Some(market)).await;

    // The upload: the 2015 template's ID column under another layout's header.
    let upload_id = "11010519491231002X";
    let csv = format!(
        "行政相对人名称,行政相对人类别,身份证号,行政处罚决定书文号,违法行为类型,违法事实,处罚依据,处罚类别,处罚内容,\
         处罚决定日期,处罚有效期,处罚机关,处罚机关统一社会信用代码,数据来源单位,数据来源单位统一社会信用代码\n\
         孙某,自然人,{upload_id},嘉市监罚〔2026〕401号,无照经营,未取得营业执照从事经营活动,《无证无照经营查处办法》第十三条,\
         警告,警告,2026/11/02,2026/11/02,{MARKET},{MARKET_USCC},{MARKET},{MARKET_USCC}\n"
    );
    let (_, html) = get(&app, &prov, "/admin/records/upload").await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", common::forms::hidden(&html, "csrf"))
        .text("kind", "penalty")
        .text("action", "import")
        .part(
            "file",
            reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("处罚.csv"),
        );
    let r = prov
        .post(format!("{}/admin/records/upload", app.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let report = r.text().await.unwrap();
    assert!(report.contains("新增 1"), "{report}");

    // The form: a legal representative's ID typed in.
    let form_id = "440524188001010014";
    let fields = [
        ("kind", "penalty"),
        ("action", "publish"),
        ("行政相对人名称", "嘉峪关市周某餐饮店"),
        ("行政相对人类别", "个体工商户"),
        ("行政相对人代码_1(统一社会信用代码)", "92620200MA7G8H9J1L"),
        ("法定代表人", "周某"),
        ("法定代表人证件类型", "身份证"),
        ("法定代表人证件号码", form_id),
        ("行政处罚决定书文号", "嘉市监罚〔2026〕402号"),
        ("违法行为类型", "未明码标价"),
        ("违法事实", "未明码标价"),
        ("处罚依据", "《中华人民共和国价格法》第四十二条"),
        ("处罚类别", "01"),
        ("处罚内容", "警告"),
        ("处罚决定日期", "2026-11-20"),
        ("处罚有效期", "2026-11-20"),
    ];
    let r = post(
        &app,
        &prov,
        "/admin/records/new?kind=penalty",
        "/admin/records/new",
        &fields,
    )
    .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());

    assert_eq!(stored_ids(&app).await.len(), 5);
    let texts = public_texts(&app).await;
    assert_no_full_id(&texts, &[OPERATOR_ID, PERSON_ID, upload_id, form_id]);
    let public_export = stdout(&portal(&app, &["export", "--kind", "penalty", "--public"]));
    for id in [OPERATOR_ID, PERSON_ID, upload_id, form_id] {
        assert!(!public_export.contains(id), "export --public has {id}");
    }
}

on_both_backends!(
    the_2015_template_loads_and_ids_stay_private,
    a_file_without_values_given_once_is_refused_with_help,
    field_codes_with_serial_dates_load,
    a_workbook_whose_first_sheet_is_instructions_loads,
    own_headers_in_yuan_load_in_the_right_unit,
    a_court_list_keeps_co_defendants_and_masked_ids,
    no_full_id_from_any_path_is_public,
);
