//! The open data as media and evaluators use it: the JSON API (checked against
//! its own OpenAPI document), the change feed (complete, in order, verifiable)
//! and the Atom feeds. Each runs on SQLite and, when TEST_DATABASE_URL is set,
//! on PostgreSQL.

mod common;

use std::collections::HashSet;

use app::domain::change_chain::{entry_hash, ChainEntry};
use app::domain::kinds::RecordKind;
use chrono::{DateTime, Utc};
use common::{fixture, spawn_app_with, test_now, Backend, TestApp};
use serde_json::{json, Value};

fn assert_schema(name: &str, instance: &Value) {
    common::assert_openapi_schema(name, instance);
}

async fn json_get(app: &TestApp, path: &str) -> (u16, Value) {
    let r = app.get(path).await;
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn loaded(app: &TestApp) {
    // The red entry first: its subject's fine (2026-06-01) would bar it from a
    // safety-production red list (no penalty in 3 years).
    app.import_file(RecordKind::Redlist, &fixture("redlist.csv")).await;
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    // A list a higher authority decided: published at once (an ordinary import proposes).
    app.import_file_decided(RecordKind::Blacklist, &fixture("blacklist.csv"))
        .await;
}

async fn records_follow_their_cursor_and_their_schema(app: TestApp) {
    loaded(&app).await;
    let total = app.public_total().await;
    assert!(total > 5, "the fixtures publish records");
    let mut seen = Vec::new();
    let mut path = "/api/v1/records?limit=4".to_string();
    loop {
        let (status, page) = json_get(&app, &path).await;
        assert_eq!(status, 200);
        assert_schema("RecordPage", &page);
        let ids: Vec<i64> = page["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect();
        seen.extend(ids);
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/records?limit=4&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen.len() as i64, total, "every public record once");
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), seen.len(), "no duplicates");
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "newest id first");

    let (_, penalties) = json_get(&app, "/api/v1/records?kind=penalty&from=2026-04-01&to=2026-04-30").await;
    let records = penalties["records"].as_array().unwrap();
    assert!(!records.is_empty());
    assert!(records
        .iter()
        .all(|r| r["kind"] == "penalty" && r["decision_date"].as_str().unwrap().starts_with("2026-04")));
    let subject = records[0]["subject"]["id"].as_i64().unwrap();
    let (_, by_subject) = json_get(&app, &format!("/api/v1/records?subject={subject}")).await;
    assert!(by_subject["records"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["subject"]["id"] == subject));

    for (path, param) in [
        ("/api/v1/records?kind=fine", "kind"),
        ("/api/v1/records?limit=0", "limit"),
        ("/api/v1/records?limit=9999", "limit"),
        ("/api/v1/records?from=yesterday", "from"),
        ("/api/v1/records?department=abc", "department"),
        ("/api/v1/records?status=withdrawn", "status"),
    ] {
        let (status, body) = json_get(&app, path).await;
        assert_eq!(status, 400, "{path}");
        assert_schema("Error", &body);
        assert!(
            body["error"]["message"].as_str().unwrap().starts_with(param),
            "{path}: {body}"
        );
    }
}

async fn one_record_a_subject_departments_and_lists(app: TestApp) {
    loaded(&app).await;
    let id = app.record_id("嘉市监罚〔2026〕2号").await;
    let (status, record) = json_get(&app, &format!("/api/v1/records/{id}")).await;
    assert_eq!(status, 200);
    assert_schema("RecordDetail", &record);
    assert_eq!(record["doc_no"], "嘉市监罚〔2026〕2号");
    assert_eq!(record["under_objection"], false);
    assert!(record["columns"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["name"] == "行政处罚决定书文号"));

    let subject = record["subject"]["id"].as_i64().unwrap();
    let (status, s) = json_get(&app, &format!("/api/v1/subjects/{subject}")).await;
    assert_eq!(status, 200);
    assert_schema("Subject", &s);
    assert!(s["records"].as_array().unwrap().iter().any(|r| r["id"] == id));

    let (_, departments) = json_get(&app, "/api/v1/departments").await;
    assert_schema("Departments", &departments);
    let counted: i64 = departments["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["public_records"].as_i64().unwrap())
        .sum();
    assert_eq!(counted, app.public_total().await);
    let (_, lists) = json_get(&app, "/api/v1/lists").await;
    assert_schema("Lists", &lists);
    assert!(lists["lists"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["kind"] == "blacklist"));

    app.store
        .withdraw_record(id, "原处罚决定已被依法撤销", "test", test_now())
        .await
        .unwrap();
    let (status, gone) = json_get(&app, &format!("/api/v1/records/{id}")).await;
    assert_eq!(status, 410);
    assert_schema("Error", &gone);
    for path in [
        "/api/v1/records/999999",
        "/api/v1/records/abc",
        "/api/v1/subjects/999999",
    ] {
        let (status, body) = json_get(&app, path).await;
        assert_eq!(status, 404, "{path}");
        assert_schema("Error", &body);
    }
    let (status, doc) = json_get(&app, "/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    let page = app.page("/api").await;
    assert!(page.contains("/api/v1/records") && page.contains("/api/v1/changes"));
}

fn parse_at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

async fn the_change_feed_is_complete_ordered_and_verifiable(app: TestApp) {
    loaded(&app).await;
    let id = app.record_id("嘉市监罚〔2026〕2号").await;
    app.store
        .withdraw_record(id, "原处罚决定已被依法撤销", "test", test_now())
        .await
        .unwrap();
    let head = app.store.log_seq().await.unwrap();

    let mut since = 0;
    let mut rows = Vec::new();
    loop {
        let (status, page) = json_get(&app, &format!("/api/v1/changes?since={since}&limit=7")).await;
        assert_eq!(status, 200);
        assert_schema("ChangePage", &page);
        assert_eq!(page["head_seq"], head);
        rows.extend(page["changes"].as_array().unwrap().clone());
        since = page["next_since"].as_i64().unwrap();
        if !page["more"].as_bool().unwrap() {
            break;
        }
    }
    let seqs: Vec<i64> = rows.iter().map(|r| r["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, (1..=head).collect::<Vec<_>>(), "every row once, in order");

    // Anyone can recompute the chain from the feed alone.
    let mut prev = "0".repeat(64);
    for r in &rows {
        assert_eq!(r["prev_hash"].as_str().unwrap(), prev, "seq {}", r["seq"]);
        let s = |k: &str| r[k].as_str();
        let e = ChainEntry {
            seq: r["seq"].as_i64().unwrap(),
            at: parse_at(s("at").unwrap()),
            actor: s("actor").unwrap(),
            op: s("op").unwrap(),
            entity: s("entity").unwrap(),
            entity_id: r["entity_id"].as_i64().unwrap(),
            kind: s("kind"),
            reason: s("reason"),
            content_hash: s("content_hash"),
        };
        let hash = entry_hash(&prev, &e);
        assert_eq!(hash, s("hash").unwrap(), "seq {}", e.seq);
        prev = hash;
    }
    // The withdrawal says what, when and why, without the withdrawn content.
    let last = rows.last().unwrap();
    assert_eq!(last["op"], "withdraw");
    assert_eq!(last["entity_id"], id);
    assert_eq!(last["reason"], "原处罚决定已被依法撤销");
    assert!(!last.to_string().contains("镜铁食品"), "{last}");

    let atom = app.get("/changes.atom").await;
    assert_eq!(atom.headers()["content-type"], "application/atom+xml; charset=utf-8");
    let atom = atom.text().await.unwrap();
    assert!(atom.contains(&format!("撤销公示：行政处罚（编号 {id}）")), "{atom}");
    assert!(atom.contains(last["hash"].as_str().unwrap()) && atom.contains(last["prev_hash"].as_str().unwrap()));
    assert!(!atom.contains("镜铁食品"), "no withdrawn content in the feed");

    let (status, _) = json_get(&app, "/api/v1/changes?since=-1").await;
    assert_eq!(status, 400);
}

async fn a_subject_and_a_department_can_be_followed(app: TestApp) {
    loaded(&app).await;
    let id = app.record_id("嘉市监罚〔2026〕2号").await;
    let other = app.record_id("嘉市监罚〔2026〕3号").await;
    let record = app.store.record(id).await.unwrap().unwrap();
    let feed = app.page(&format!("/subjects/{}/feed.atom", record.subject_id)).await;
    assert!(
        feed.contains("<feed") && feed.contains("嘉市监罚〔2026〕2号") && feed.contains("新增公示"),
        "{feed}"
    );
    assert!(!feed.contains("嘉市监罚〔2026〕3号"), "only this subject's records");

    app.store
        .withdraw_record(id, "决定已撤销", "test", test_now())
        .await
        .unwrap();
    let feed = app.page(&format!("/subjects/{}/feed.atom", record.subject_id)).await;
    assert!(
        feed.contains(&format!("撤销公示：行政处罚（编号 {id}）")) && feed.contains("原因：决定已撤销"),
        "{feed}"
    );
    assert!(
        !feed.contains("嘉市监罚〔2026〕2号"),
        "withdrawn content leaves the feed: {feed}"
    );

    let dept = app
        .page(&format!("/departments/{}/feed.atom", record.authority_id))
        .await;
    assert!(dept.contains("嘉市监罚〔2026〕3号"), "{dept}");
    let _ = other;
    assert_eq!(app.get("/subjects/999999/feed.atom").await.status(), 404);
    assert_eq!(app.get("/departments/abc/feed.atom").await.status(), 404);
}

on_both_backends!(
    records_follow_their_cursor_and_their_schema,
    one_record_a_subject_departments_and_lists,
    the_change_feed_is_complete_ordered_and_verifiable,
    a_subject_and_a_department_can_be_followed,
    every_kind_downloads_as_csv_and_ndjson_with_its_dictionary,
);

/// `portal serve` reads PORTAL_API_RATE: a load test or a harvester's network
/// can be given another limit without a rebuild.
#[tokio::test]
async fn portal_api_rate_sets_the_served_limit() {
    use common::process::{portal, Server};
    let app = common::spawn_app(Backend::Sqlite).await.unwrap();
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    let mut cmd = portal(&app.data_dir, None);
    cmd.env("PORTAL_API_RATE", "3");
    let server = Server::start(cmd).await;
    let client = reqwest::Client::new();
    let get = |path: &'static str| client.get(format!("{}{path}", server.base)).send();
    for _ in 0..3 {
        assert_eq!(get("/api/v1/departments").await.unwrap().status(), 200);
    }
    let r = get("/api/v1/departments").await.unwrap();
    assert_eq!(r.status(), 429);
    let body: Value = r.json().await.unwrap();
    assert!(
        body["error"]["message"].as_str().unwrap().contains("最多 3 次"),
        "{body}"
    );
}

#[tokio::test]
async fn the_api_tells_a_busy_client_when_to_come_back() {
    let app = spawn_app_with(Backend::Sqlite, test_now(), |s| s.with_api_rate(5))
        .await
        .unwrap();
    for _ in 0..5 {
        assert_eq!(app.get("/api/v1/departments").await.status(), 200);
    }
    let r = app.get("/api/v1/records").await;
    assert_eq!(r.status(), 429);
    let wait: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    assert_eq!(
        r.headers()
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap()),
        Some("*"),
        "a page calling the API can read why it was refused"
    );
    let body: Value = r.json().await.unwrap();
    assert_schema("Error", &body);
    assert_eq!(body["error"]["code"], "rate_limited");
    // Pages are not counted against the API.
    assert_eq!(app.get("/").await.status(), 200);
}

#[test]
fn the_schema_check_catches_a_wrong_response() {
    let broken = json!({ "as_of": "2026-11-27", "count": 1, "next_cursor": null, "records": [{ "id": "one" }] });
    let result = std::panic::catch_unwind(|| assert_schema("RecordPage", &broken));
    assert!(result.is_err(), "a record without its fields must not pass");
}

async fn every_kind_downloads_as_csv_and_ndjson_with_its_dictionary(app: TestApp) {
    loaded(&app).await;
    let today = app::domain::clock::china_date(test_now());
    let tally = app.store.public_tally(today).await.unwrap();
    let penalties = tally
        .iter()
        .filter(|r| r.kind == "penalty")
        .map(|r| r.records)
        .sum::<i64>() as usize;

    let r = app.get("/downloads/penalty.csv").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("penalty.csv"));
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "BOM for Excel");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "行政相对人名称");
    let rows: Vec<_> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), penalties, "every public penalty, nothing else");
    assert!(
        !text.contains("11010519491231002X") && text.contains("110105********002X"),
        "IDs masked"
    );

    let ndjson = app.page("/downloads/penalty.ndjson").await;
    assert_eq!(ndjson.lines().count(), penalties);
    for line in ndjson.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert!(v["行政处罚决定书文号"].is_string());
    }
    let again = app
        .client
        .get(format!("{}/downloads/penalty.csv", app.base))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304, "unchanged data is not sent again");
    app.store
        .withdraw_record(app.record_id("嘉市监罚〔2026〕2号").await, "撤销", "test", test_now())
        .await
        .unwrap();
    let changed = app.get("/downloads/penalty.csv").await;
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), etag);
    let changed = changed.bytes().await.unwrap();
    let mut reader = csv::Reader::from_reader(&changed[3..]);
    assert_eq!(
        reader.records().count(),
        penalties - 1,
        "a withdrawn record leaves the download"
    );

    for bad in ["/downloads/fine.csv", "/downloads/penalty.xls", "/downloads/penalty"] {
        assert_eq!(app.get(bad).await.status(), 404, "{bad}");
    }
    let page = app.page("/downloads").await;
    assert!(page.contains("/downloads/blacklist.ndjson") && page.contains("/downloads/catalog.jsonld"));
    let dictionary = app.page("/downloads/dictionary").await;
    assert!(
        dictionary.contains(r#"id="penalty""#)
            && dictionary.contains("行政处罚决定书文号")
            && dictionary.contains("doc_no")
    );

    let catalog: Value = app.get("/downloads/catalog.jsonld").await.json().await.unwrap();
    assert_eq!(catalog["@type"], "dcat:Catalog");
    let datasets = catalog["dcat:dataset"].as_array().unwrap();
    assert_eq!(datasets.len(), RecordKind::ALL.len());
    for d in datasets {
        for dist in d["dcat:distribution"].as_array().unwrap() {
            let url = dist["dcat:downloadURL"]["@id"].as_str().unwrap();
            let path = &url[url.find("/downloads/").unwrap()..];
            assert_eq!(app.get(path).await.status(), 200, "{path} downloads");
        }
    }
}

/// Issue 15: the API and its OpenAPI document agree, as an independent tool
/// checks it: schemathesis generates valid and invalid requests from the
/// document (every check: server errors, status codes, content types,
/// response schemas, invalid data refused, valid data accepted, `Allow` on
/// unsupported methods) against the real server with the fixtures loaded.
/// `.ci/run` installs schemathesis and sets PORTAL_REQUIRE_SCHEMATHESIS, so CI
/// fails rather than skips when it is missing.
#[tokio::test]
async fn schemathesis_finds_no_disagreement_between_the_api_and_its_description() {
    let version = std::process::Command::new("schemathesis").arg("--version").output();
    if !version.as_ref().is_ok_and(|o| o.status.success()) {
        assert!(
            std::env::var_os("PORTAL_REQUIRE_SCHEMATHESIS").is_none(),
            "schemathesis is required (pip install schemathesis) but not found"
        );
        eprintln!("SKIPPED: schemathesis not installed (pip install schemathesis); .ci/run installs it");
        return;
    }
    let app = spawn_app_with(Backend::Sqlite, test_now(), |s| s.with_api_rate(1_000_000))
        .await
        .unwrap();
    loaded(&app).await;
    let base = app.base.clone();
    // schemathesis keeps a cache in its working directory: not in the checkout.
    let scratch = tempfile::tempdir().unwrap();
    let cwd = scratch.path().to_path_buf();
    let out = tokio::task::spawn_blocking(move || {
        let config = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/schemathesis/schemathesis.toml");
        std::process::Command::new("schemathesis")
            .args(["--config-file", config])
            .args(["run", &format!("{base}/api/v1/openapi.json"), "--url", &base])
            .args(["--checks", "all", "--max-examples", "25", "--workers", "2"])
            .args(["--phases", "examples,coverage,fuzzing", "--seed", "15"])
            .args(["--suppress-health-check", "all"])
            .env("NO_COLOR", "1")
            .current_dir(&cwd)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "schemathesis found problems:\n{report}");
    assert!(report.contains("passed"), "{report}");
}
