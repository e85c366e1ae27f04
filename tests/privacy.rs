//! Black-box tests of what the public must never learn (DOMAIN.md "Privacy",
//! "Rules made precise"): records that never were public (sensitive, 简易,
//! drafts, black-list proposals) answer 404 on the page and the API alike and
//! leave no trace in any feed until they are published; a complainant's
//! identity never reaches the department a complaint is sent to, and a
//! complaint is never sent to the department it accuses. Each runs on SQLite
//! and, when TEST_DATABASE_URL is set, on PostgreSQL.

mod common;

use app::domain::change_chain::{entry_hash, ChainEntry};
use app::domain::kinds::RecordKind;
use app::domain::staff::Role;
use chrono::{DateTime, Utc};
use common::forms::browser;
use common::public_forms::{
    complaint_fields, objection_fields, receipt, submit, submit_with_files, with, EXPLANATION, PHONE,
};
use common::staff::{department_id, get, logged_in, post};
use common::{fixture, test_now, TestApp};
use serde_json::Value;

const GOOD_BAD: &str = "penalties_10_good_3_bad.csv";
const MARKET: &str = "嘉峪关市市场监督管理局";
const EMERGENCY: &str = "嘉峪关市应急管理局";
const SAFETY_LIST: &str = "安全生产失信联合惩戒对象名单";
/// The only record of the natural person 张三: imported as sensitive.
const SENSITIVE: &str = "嘉市监罚〔2026〕6号";
/// A simple-procedure penalty of 甘肃祁连物流, which has a public one too.
const SIMPLE: &str = "嘉市监罚〔2026〕3号";
const DRAFT: &str = "嘉市监罚〔2026〕601号";
/// A black-list proposal on 嘉峪关市新城化工 (which has a public penalty).
const PROPOSED: &str = "嘉应急黑〔2026〕61号";
const DROPPED: &str = "嘉应急黑〔2026〕62号";
const DROP_REASON: &str = "申辩理由成立经复核不予列入";
const NOTICE_DATE: &str = "2026-11-16";

/// Any record's id by document number, public or not (read behind the portal's back).
async fn any_record_id(app: &TestApp, doc_no: &str) -> i64 {
    let sql = "SELECT id FROM records WHERE doc_no = $1";
    let row: (i64,) = if app.database_url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
        sqlx::query_as(sql).bind(doc_no).fetch_one(&pool).await.unwrap()
    } else {
        let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
        sqlx::query_as(sql).bind(doc_no).fetch_one(&pool).await.unwrap()
    };
    row.0
}

async fn json(app: &TestApp, path: &str) -> (u16, Value) {
    let r = app.get(path).await;
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

/// Every row of `/api/v1/changes`, page by page.
async fn all_changes(app: &TestApp) -> Vec<Value> {
    let (mut since, mut rows) = (0, Vec::new());
    loop {
        let (status, page) = json(app, &format!("/api/v1/changes?since={since}&limit=50")).await;
        assert_eq!(status, 200);
        common::assert_openapi_schema("ChangePage", &page);
        rows.extend(page["changes"].as_array().unwrap().clone());
        since = page["next_since"].as_i64().unwrap();
        if !page["more"].as_bool().unwrap() {
            return rows;
        }
    }
}

/// The chain verified from the public JSON feed alone, as docs/OPEN_DATA.md
/// tells a mirror to: a redacted row is a link (its hashes), every other row
/// is recomputed.
fn verify_public_chain(rows: &[Value]) {
    let mut prev = "0".repeat(64);
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r["seq"].as_i64().unwrap(), i as i64 + 1, "every row, in order");
        assert_eq!(r["prev_hash"].as_str().unwrap(), prev, "seq {}", r["seq"]);
        let hash = r["hash"].as_str().unwrap().to_string();
        if r["op"] == "redacted" {
            assert_eq!(r["redacted"], true);
            for hidden in [
                "entity",
                "entity_id",
                "actor",
                "at",
                "reason",
                "kind",
                "content_hash",
                "url",
            ] {
                assert!(r.get(hidden).is_none(), "a redacted row tells nothing: {r}");
            }
        } else {
            let s = |k: &str| r[k].as_str();
            let at: DateTime<Utc> = DateTime::parse_from_rfc3339(s("at").unwrap()).unwrap().into();
            let e = ChainEntry {
                seq: r["seq"].as_i64().unwrap(),
                at,
                actor: s("actor").unwrap(),
                op: s("op").unwrap(),
                entity: s("entity").unwrap(),
                entity_id: r["entity_id"].as_i64().unwrap(),
                kind: s("kind"),
                reason: s("reason"),
                content_hash: s("content_hash"),
            };
            assert_eq!(entry_hash(&prev, &e), hash, "seq {}", e.seq);
        }
        prev = hash;
    }
}

/// The penalties with one sensitive and one simple-procedure row, and the black list.
async fn load(app: &TestApp) {
    let mut sheet = portal::import::read_path(&fixture(GOOD_BAD)).unwrap();
    sheet.rows[0].push("是否敏感".into());
    sheet.rows[0].push("程序类型".into());
    for (i, row) in sheet.rows.iter_mut().enumerate().skip(1) {
        row.push(if i == 6 { "是" } else { "否" }.into());
        row.push(if i == 3 { "简易" } else { "一般" }.into());
    }
    app.import_sheet(RecordKind::Penalty, &sheet).await;
    app.import_file(RecordKind::Blacklist, &fixture("blacklist.csv")).await;
}

async fn draft(app: &TestApp, market: i64) -> i64 {
    let prov = logged_in(app, "market1", Role::Provider, Some(market)).await;
    let form = "/admin/records/new?kind=penalty";
    let fields = [
        ("行政相对人名称", "嘉峪关市长城商贸有限公司"),
        ("行政相对人类别", "法人及非法人组织"),
        ("行政相对人代码_1(统一社会信用代码)", "91330000717613656P"),
        ("行政处罚决定书文号", DRAFT),
        ("违法行为类型", "销售不合格产品"),
        ("违法事实", "销售不合格插座"),
        ("处罚依据", "《中华人民共和国产品质量法》第四十九条"),
        ("处罚类别", "01"),
        ("处罚内容", "警告"),
        ("处罚决定日期", "2026-11-25"),
        ("处罚有效期", "2026-11-25"),
        ("kind", "penalty"),
        ("action", "draft"),
    ];
    let r = post(app, &prov, form, "/admin/records/new", &fields).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    any_record_id(app, DRAFT).await
}

/// Two proposals through `/admin/lists`: one notified, one dropped with a reason.
async fn proposals(app: &TestApp, emergency: i64) -> (reqwest::Client, String, i64, i64) {
    let admin = logged_in(app, "admin1", Role::Admin, None).await;
    let list = app
        .store
        .lists("test", test_now())
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.name == SAFETY_LIST)
        .unwrap();
    let path = format!("/admin/lists/{}", list.id);
    let r = post(
        app,
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
    let provider = logged_in(app, "emergency1", Role::Provider, Some(emergency)).await;
    for doc_no in [PROPOSED, DROPPED] {
        let r = post(
            app,
            &provider,
            &path,
            &format!("{path}/entries"),
            &[
                ("subject_name", "嘉峪关市新城化工有限公司"),
                ("subject_kind", "法人及非法人组织"),
                ("uscc", "914101086905876455"),
                ("reason", "发生较大生产安全责任事故"),
                ("basis", "《对安全生产领域失信行为开展联合惩戒的实施办法》"),
                ("doc_no", doc_no),
            ],
        )
        .await;
        assert_eq!(r.status(), 303, "proposal {doc_no}");
    }
    let proposed = any_record_id(app, PROPOSED).await;
    let dropped = any_record_id(app, DROPPED).await;
    let entry = |id: i64| format!("{path}/entries/{id}");
    let r = post(
        app,
        &provider,
        &path,
        &entry(proposed),
        &[("action", "notify"), ("notice_date", NOTICE_DATE)],
    )
    .await;
    assert_eq!(r.status(), 200);
    let r = post(
        app,
        &provider,
        &path,
        &entry(dropped),
        &[("action", "drop"), ("reason", DROP_REASON)],
    )
    .await;
    assert_eq!(r.status(), 200);
    (provider, path, proposed, dropped)
}

async fn what_never_was_public_answers_404_on_the_page_and_the_api(app: TestApp) {
    load(&app).await;
    let market = department_id(&app, MARKET).await;
    let emergency = department_id(&app, EMERGENCY).await;
    let sensitive = any_record_id(&app, SENSITIVE).await;
    let simple = any_record_id(&app, SIMPLE).await;
    let draft = draft(&app, market).await;
    let (_, _, proposed, dropped) = proposals(&app, emergency).await;

    let (status, unknown) = json(&app, "/api/v1/records/999999").await;
    assert_eq!(status, 404);
    common::assert_openapi_schema("Error", &unknown);
    for (what, id) in [
        ("sensitive", sensitive),
        ("simple procedure", simple),
        ("draft", draft),
        ("proposed", proposed),
        ("dropped", dropped),
    ] {
        assert_eq!(
            app.get(&format!("/records/{id}")).await.status(),
            404,
            "page of the {what} record"
        );
        let (status, body) = json(&app, &format!("/api/v1/records/{id}")).await;
        assert_eq!(status, 404, "API on the {what} record: {body}");
        assert_eq!(body, unknown, "the {what} record answers as an id that does not exist");
    }
    // A withdrawn record was public: 410 on both, as before.
    let withdrawn = app.record_id("嘉市监罚〔2026〕4号").await;
    app.store
        .withdraw_record(withdrawn, "原处罚决定已被依法撤销", "test", test_now())
        .await
        .unwrap();
    assert_eq!(app.get(&format!("/records/{withdrawn}")).await.status(), 410);
    assert_eq!(json(&app, &format!("/api/v1/records/{withdrawn}")).await.0, 410);

    // 张三's only record is sensitive: the subject itself is unknown everywhere.
    let person = app.store.record(sensitive).await.unwrap().unwrap().subject_id;
    for path in [
        format!("/subjects/{person}"),
        format!("/subjects/{person}/feed.atom"),
        format!("/subjects/{person}/report"),
        format!("/api/v1/subjects/{person}"),
    ] {
        assert_eq!(app.get(&path).await.status(), 404, "{path}");
    }
    assert!(!app.page("/lists/black").await.contains("新城化工"));

    // A subject with a public record lists only that; the hidden ones are nowhere.
    let logistics = app.store.record(simple).await.unwrap().unwrap().subject_id;
    let page = app.page(&format!("/subjects/{logistics}")).await;
    assert!(page.contains("嘉市监罚〔2026〕9号") && !page.contains(SIMPLE), "{page}");
    let (status, api) = json(&app, &format!("/api/v1/subjects/{logistics}")).await;
    assert_eq!(status, 200);
    assert!(!api.to_string().contains(SIMPLE));
    let chemical = app.store.record(proposed).await.unwrap().unwrap().subject_id;
    let (status, api) = json(&app, &format!("/api/v1/subjects/{chemical}")).await;
    assert_eq!(status, 200);
    assert_eq!(api["on_blacklist"], false);
    assert!(!api.to_string().contains(PROPOSED));
    let download = app.page("/downloads/penalty.csv").await;
    assert!(!download.contains(SENSITIVE) && !download.contains(SIMPLE) && !download.contains(DRAFT));
    assert!(!app.page("/downloads/blacklist.csv").await.contains(PROPOSED));
}

async fn feeds_show_a_black_list_entry_only_once_it_is_in_force(app: TestApp) {
    load(&app).await;
    let market = department_id(&app, MARKET).await;
    let emergency = department_id(&app, EMERGENCY).await;
    let sensitive = any_record_id(&app, SENSITIVE).await;
    let draft = draft(&app, market).await;
    let (provider, path, proposed, dropped) = proposals(&app, emergency).await;
    let chemical = app.store.record(proposed).await.unwrap().unwrap().subject_id;

    let subject_feed = format!("/subjects/{chemical}/feed.atom");
    let department_feed = format!("/departments/{emergency}/feed.atom");
    let market_feed = format!("/departments/{market}/feed.atom");
    let hidden_words = [
        PROPOSED,
        DROPPED,
        DROP_REASON,
        NOTICE_DATE,
        "拟列入",
        "不予列入",
        "告知",
    ];
    for feed in [
        &subject_feed,
        &department_feed,
        &market_feed,
        &"/changes.atom".to_string(),
    ] {
        let text = app.page(feed).await;
        assert!(text.contains("<feed"), "{feed}: {text}");
        for word in hidden_words {
            assert!(!text.contains(word), "{feed} mentions {word}: {text}");
        }
        for id in [proposed, dropped, draft, sensitive] {
            assert!(
                !text.contains(&format!("/records/{id}\"")),
                "{feed} links record {id}: {text}"
            );
            assert!(
                !text.contains(&format!("编号 {id}）")),
                "{feed} names record {id}: {text}"
            );
        }
    }
    // The subject's public penalty is still followed.
    assert!(app.page(&subject_feed).await.contains("嘉市监罚〔2026〕5号"));

    // The JSON feed keeps every row of the chain, the hidden ones as redacted links.
    let rows = all_changes(&app).await;
    assert_eq!(rows.len() as i64, app.store.log_seq().await.unwrap());
    verify_public_chain(&rows);
    let text = serde_json::to_string(&rows).unwrap();
    for word in hidden_words {
        assert!(!text.contains(word), "/api/v1/changes mentions {word}");
    }
    for id in [proposed, dropped, draft, sensitive] {
        assert!(
            !rows
                .iter()
                .any(|r| r["entity"] == "record" && r["entity_id"].as_i64() == Some(id)),
            "record {id} appears in /api/v1/changes"
        );
    }
    // The Atom feed's SQL filter and the JSON feed's domain rule agree row by row.
    let atom = app.page("/changes.atom").await;
    let mut in_atom: Vec<i64> = atom
        .split("/api/v1/changes?since=")
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap().parse::<i64>().unwrap() + 1)
        .collect();
    in_atom.sort();
    let public: Vec<i64> = rows
        .iter()
        .filter(|r| r["op"] != "redacted")
        .map(|r| r["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(in_atom, public[public.len().saturating_sub(100)..], "{atom}");
    let redacted = rows.iter().filter(|r| r["op"] == "redacted").count();
    // propose ×2 (and their ingest rows), notify, drop, draft, the sensitive and the simple import.
    assert!(redacted >= 6, "{redacted} redacted rows");

    // In force: now the entry is public and every feed says so (as 列入), and
    // the notice and the drop still are not told.
    // Notified on 16 Nov, its defence period ended on 23 Nov: today (27 Nov) it may come into force.
    let r = post(
        &app,
        &provider,
        &path,
        &format!("{path}/entries/{proposed}"),
        &[("action", "in_force")],
    )
    .await;
    assert_eq!(r.status(), 200);
    let listed = "新增公示（列入名单）";
    let subject = app.page(&subject_feed).await;
    assert!(subject.contains(PROPOSED) && subject.contains(listed), "{subject}");
    let department = app.page(&department_feed).await;
    assert!(
        department.contains(PROPOSED) && department.contains(listed),
        "{department}"
    );
    let all = app.page("/changes.atom").await;
    assert!(all.contains(&format!("{listed}：黑名单（编号 {proposed}）")), "{all}");
    for feed in [&subject, &department, &all] {
        for word in [DROPPED, DROP_REASON, NOTICE_DATE, "拟列入", "不予列入"] {
            assert!(!feed.contains(word), "mentions {word}: {feed}");
        }
        assert_eq!(feed.matches(&format!("/records/{proposed}\"")).count(), 1, "{feed}");
    }
    let rows = all_changes(&app).await;
    verify_public_chain(&rows);
    let about: Vec<&str> = rows
        .iter()
        .filter(|r| r["entity"] == "record" && r["entity_id"].as_i64() == Some(proposed))
        .map(|r| r["op"].as_str().unwrap())
        .collect();
    assert_eq!(about, ["list"], "only its coming into force is public");
    assert_eq!(app.get(&format!("/records/{proposed}")).await.status(), 200);
    assert_eq!(json(&app, &format!("/api/v1/records/{proposed}")).await.0, 200);
}

/// A 政务失信 complaint about the market bureau, with a contact and a file.
async fn complaint_about_market(app: &TestApp) -> i64 {
    let fields = complaint_fields();
    let fields = with(fields, "target_kind", "government");
    let fields = with(fields, "target_name", MARKET);
    let fields = with(fields, "target_uscc", "");
    let fields = with(fields, "category", "政务失信");
    let fields = with(fields, "contact_name", "欧阳举报");
    let fields = with(fields, "email", "ouyang.report@example.com");
    let client = browser();
    let pdf = (
        "举报材料.pdf",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".to_vec(),
    );
    let r = submit_with_files(app, &client, "/complaints/new", fields, &[pdf]).await;
    let (number, _, _) = receipt(app, &client, r).await;
    app.store
        .submission_by_tracking_number(&number)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn decide(app: &TestApp, client: &reqwest::Client, id: i64, fields: &[(&str, &str)]) -> reqwest::Response {
    let path = format!("/admin/submissions/{id}");
    post(app, client, &path, &path, fields).await
}

async fn the_accused_department_neither_checks_the_complaint_nor_learns_who_complained(app: TestApp) {
    load(&app).await;
    let market = department_id(&app, MARKET).await;
    let emergency = department_id(&app, EMERGENCY).await;
    let id = complaint_about_market(&app).await;
    let reviewer = logged_in(&app, "reviewer1", Role::Reviewer, None).await;
    let r = decide(&app, &reviewer, id, &[("action", "accept")]).await;
    assert_eq!(r.status(), 303);

    // The assignment form does not offer the accused department, and posting it anyway is refused.
    let (_, page) = get(&app, &reviewer, &format!("/admin/submissions/{id}")).await;
    assert!(page.contains(r#"value="assign""#), "{page}");
    assert!(!page.contains(&format!(r#"<option value="{market}">"#)), "{page}");
    assert!(page.contains(&format!(r#"<option value="{emergency}">"#)), "{page}");
    let market_s = market.to_string();
    let r = decide(
        &app,
        &reviewer,
        id,
        &[("action", "assign"), ("department_id", &market_s)],
    )
    .await;
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains(&format!("不能转{MARKET}核查")), "{body}");
    let row = app.store.submission(id).await.unwrap().unwrap();
    assert_eq!((row.assigned_department_id, row.status.as_str()), (None, "accepted"));

    let emergency_s = emergency.to_string();
    let r = decide(
        &app,
        &reviewer,
        id,
        &[("action", "assign"), ("department_id", &emergency_s)],
    )
    .await;
    assert_eq!(r.status(), 303);

    // The credit office sees who complained.
    let (_, page) = get(&app, &reviewer, &format!("/admin/submissions/{id}")).await;
    for seen in [
        "欧阳举报",
        common::public_forms::COMPLAINT_PHONE,
        "ouyang.report@example.com",
        "举报材料.pdf",
    ] {
        assert!(page.contains(seen), "the reviewer sees {seen}: {page}");
    }
    let attachment = app.store.attachments_of(id).await.unwrap()[0].id;
    let download = format!("/admin/submissions/{id}/attachments/{attachment}");
    assert_eq!(get(&app, &reviewer, &download).await.0, 200);

    // The department asked to check reads the matter, not who complained.
    let provider = logged_in(&app, "emergency1", Role::Provider, Some(emergency)).await;
    let (status, page) = get(&app, &provider, &format!("/admin/submissions/{id}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(MARKET) && page.contains(common::public_forms::COMPLAINT_DESCRIPTION),
        "{page}"
    );
    assert!(page.contains("举报人信息仅信用管理部门可见"), "{page}");
    for hidden in [
        "欧阳举报",
        common::public_forms::COMPLAINT_PHONE,
        "ouyang.report@example.com",
        "举报材料.pdf",
    ] {
        assert!(!page.contains(hidden), "the provider sees {hidden}: {page}");
    }
    assert!(page.contains(r#"id="attachments-withheld""#), "{page}");
    assert_eq!(get(&app, &provider, &download).await.0, 403);
}

async fn the_department_checking_an_objection_does_not_learn_who_objected(app: TestApp) {
    load(&app).await;
    let market = department_id(&app, MARKET).await;
    let record = app.record_id("嘉市监罚〔2026〕2号").await;
    let client = browser();
    let fields = with(objection_fields(), "applicant_name", "欧阳申请人");
    let r = submit(&app, &client, &format!("/records/{record}/objection"), fields).await;
    let (number, _, _) = receipt(&app, &client, r).await;
    let id = app
        .store
        .submission_by_tracking_number(&number)
        .await
        .unwrap()
        .unwrap()
        .id;
    let reviewer = logged_in(&app, "reviewer1", Role::Reviewer, None).await;
    assert_eq!(decide(&app, &reviewer, id, &[("action", "accept")]).await.status(), 303);
    // The record's own authority checks an objection to its data: allowed.
    let market_s = market.to_string();
    let r = decide(
        &app,
        &reviewer,
        id,
        &[("action", "assign"), ("department_id", &market_s)],
    )
    .await;
    assert_eq!(r.status(), 303);
    let (_, page) = get(&app, &reviewer, &format!("/admin/submissions/{id}")).await;
    assert!(page.contains("欧阳申请人") && page.contains(PHONE), "{page}");

    let provider = logged_in(&app, "market1", Role::Provider, Some(market)).await;
    let (status, page) = get(&app, &provider, &format!("/admin/submissions/{id}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(EXPLANATION) && page.contains("申请人身份和联系方式仅信用管理部门可见"),
        "{page}"
    );
    for hidden in ["欧阳申请人", PHONE, "王五"] {
        assert!(!page.contains(hidden), "the provider sees {hidden}: {page}");
    }
    let (_, queue) = get(&app, &provider, "/admin/submissions?assigned=mine").await;
    assert!(queue.contains(&number) && !queue.contains("欧阳申请人"), "{queue}");
}

on_both_backends!(
    the_department_checking_an_objection_does_not_learn_who_objected,
    what_never_was_public_answers_404_on_the_page_and_the_api,
    feeds_show_a_black_list_entry_only_once_it_is_in_force,
    the_accused_department_neither_checks_the_complaint_nor_learns_who_complained,
);
