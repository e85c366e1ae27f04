//! Every SQL statement a public request runs, checked by its query plan
//! (issue 14). The public pages, feeds and API are crawled on a demo database
//! with statistics (`ANALYZE`) while every statement sqlx runs is captured
//! from its `sqlx::query` events; each captured statement is then planned
//! (`EXPLAIN QUERY PLAN` on SQLite; `EXPLAIN` on PostgreSQL with sequential
//! scans and sorts priced out, which asks whether an index path exists at all)
//! and the test fails on a full scan of `records`, `change_log` or `subjects`,
//! or on a sort feeding a `LIMIT` over one of them. What a page may scan on
//! purpose is listed in `DELIBERATE`, each with its reason.
//!
//! One test in its own binary: the capture is process-wide.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use common::{spawn_app, test_now, Backend, TestApp};
use sqlx::Connection;
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::Layer;

/// The large tables: a scan of one of these on a public request is what this test refuses.
const LARGE: [&str; 3] = ["records", "change_log", "subjects"];

/// Statements that read a large table whole or sorted, on purpose (matched by
/// a fragment of their text), with why that is bounded.
const DELIBERATE: [(&str, &str); 6] = [
    (
        "INDEXED BY records_visibility WHERE",
        "the tally: one pass over the visibility index, computed once per change and served from memory (figures.rs)",
    ),
    (
        "NOT INDEXED",
        "a walk of the table in id order that stops at its page: the API's newest-first walk (api_walk), \
         a download's next chunk (export_chunk_sql), a large department's feed (feed_walks_log)",
    ),
    (
        "INDEXED BY records_authority_date JOIN",
        "the API's sparse walk: chosen only when the tally counts under 20,000 matches (api_walk)",
    ),
    (
        "INDEXED BY records_visibility JOIN",
        "the API's sparse walk: chosen only when the tally counts under 20,000 matches (api_walk)",
    ),
    (
        "INDEXED BY records_kind_date JOIN",
        "the API's short period: at most 31 days of decisions, sorted (api_walk)",
    ),
    (
        "first_public_at IS NOT NULL AND decision_date >=",
        "publication timeliness for the statistics snapshot: computed in the background at scale and \
         served from memory and public_figures (figures.rs)",
    ),
];

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<BTreeSet<String>>>);

struct StatementOf {
    summary: Option<String>,
    statement: Option<String>,
}

impl Visit for StatementOf {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "db.statement" => self.statement = Some(value.to_string()),
            "summary" => self.summary = Some(value.to_string()),
            _ => {}
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.record_str(field, format!("{value:?}").trim_matches('"'));
    }
}

impl<S: tracing::Subscriber> Layer<S> for Captured {
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        let mut v = StatementOf {
            summary: None,
            statement: None,
        };
        event.record(&mut v);
        // sqlx gives short statements whole as the summary, long ones as the statement.
        let sql = v.statement.filter(|s| !s.trim().is_empty()).or(v.summary);
        if let Some(sql) = sql {
            let sql = sql.trim().trim_end_matches('…').trim().to_string();
            if sql.to_uppercase().starts_with("SELECT") || sql.to_uppercase().starts_with("WITH") {
                self.0.lock().unwrap().insert(sql);
            }
        }
    }
}

/// Every public URL kind of the portal, with ids that exist (read from the
/// open-data API, so the same on both engines).
async fn public_urls(app: &TestApp) -> Vec<String> {
    let json = |path: &'static str| async move { app.get(path).await.json::<serde_json::Value>().await.unwrap() };
    let records = json("/api/v1/records?kind=penalty&limit=1").await;
    let first = &records["records"][0];
    let (record, subject) = (first["id"].as_i64().unwrap(), first["subject"]["id"].as_i64().unwrap());
    let departments = json("/api/v1/departments").await;
    let department = departments["departments"]
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|d| d["public_records"].as_i64().unwrap())
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let lists = json("/api/v1/lists").await;
    let list = lists["lists"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == "blacklist")
        .unwrap()["name"]
        .as_str()
        .unwrap()
        .to_string();
    let list = app::pages::url_encode(&list);
    [
        "/".to_string(),
        format!("/records/{record}"),
        format!("/subjects/{subject}"),
        format!("/subjects/{subject}/report"),
        format!("/subjects/{subject}/feed.atom"),
        "/lists/red".into(),
        "/lists/black".into(),
        "/lists/black?page=3".into(),
        format!("/lists/black?list={list}"),
        format!("/lists/black?department={department}"),
        "/departments".into(),
        format!("/departments/{department}"),
        format!("/departments/{department}?kind=penalty&page=2"),
        format!("/departments/{department}/integrity"),
        format!("/departments/{department}/feed.atom"),
        "/statistics".into(),
        "/cases".into(),
        "/downloads".into(),
        "/changes.atom".into(),
        "/search?q=%E5%98%89%E5%B3%AA%E5%85%B3".into(),
        "/search?q=%E5%AE%89%E5%85%A8&kind=penalty".into(),
        "/api/v1/records".into(),
        "/api/v1/records?kind=penalty".into(),
        format!("/api/v1/records?department={department}"),
        format!("/api/v1/records?subject={subject}"),
        format!("/api/v1/records?kind=blacklist&list={list}"),
        "/api/v1/records?from=2026-06-01&to=2026-06-30".into(),
        "/api/v1/records?under_objection=true".into(),
        format!("/api/v1/records/{record}"),
        format!("/api/v1/subjects/{subject}"),
        "/api/v1/departments".into(),
        "/api/v1/lists".into(),
        "/api/v1/changes".into(),
        "/api/v1/changes?since=100".into(),
        "/api/v1/statistics".into(),
        "/api/v1/search?q=%E5%98%89%E5%B3%AA%E5%85%B3".into(),
        "/downloads/penalty.csv".into(),
    ]
    .into()
}

/// alias → table, from the statement's FROM and JOIN clauses.
fn aliases(sql: &str) -> BTreeMap<String, String> {
    let words: Vec<&str> = sql
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut map = BTreeMap::new();
    for (i, w) in words.iter().enumerate() {
        if w.eq_ignore_ascii_case("FROM") || w.eq_ignore_ascii_case("JOIN") {
            if let Some(table) = words.get(i + 1) {
                let table = table.to_string();
                map.insert(table.clone(), table.clone());
                let mut next = words.get(i + 2).copied();
                if next.is_some_and(|n| n.eq_ignore_ascii_case("AS")) {
                    next = words.get(i + 3).copied();
                }
                if let Some(alias) = next.filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')) {
                    map.insert(alias.to_string(), table);
                }
            }
        }
    }
    map
}

/// Why this SQLite plan is refused, if it is.
fn refused(sql: &str, plan: &[String]) -> Option<String> {
    let tables = aliases(sql);
    let large = |alias: &str| tables.get(alias).is_some_and(|t| LARGE.contains(&t.as_str()));
    let limited = sql.to_uppercase().contains(" LIMIT ");
    let sorts = plan.iter().any(|s| s.contains("TEMP B-TREE FOR ORDER BY"));
    for step in plan {
        // "SCAN r": the table read whole. "SCAN r USING INDEX x": an index
        // read in order, which stops early only when it feeds a LIMIT unsorted.
        if let Some(rest) = step.strip_prefix("SCAN ") {
            let alias = rest.split_whitespace().next().unwrap_or_default();
            let ordered_walk = rest.contains(" USING ") && limited && !sorts;
            if large(alias) && !ordered_walk {
                return Some(format!("reads all of {}: {step}", tables[alias]));
            }
        }
    }
    // A sort of what an equality search on a subject, a record or a list
    // found is small; a sort of what a range or a flag found feeds a LIMIT
    // from every row that matched (the home page's bug).
    let searched_by_key = plan.iter().all(|s| {
        !s.starts_with("SEARCH ")
            || !large(s.split_whitespace().nth(1).unwrap_or_default())
            || s.contains("(subject_id=?")
            || s.contains("(rowid=?)")
            || s.contains("(id=?)")
            || s.contains("(record_id=?")
            || s.contains("(kind=? AND list_name=?")
            || s.contains("(unit_id=?")
            || s.contains("(identity_key=?")
            || s.contains("(entity=? AND entity_id=?")
    });
    if limited && sorts && !searched_by_key {
        return Some("sorts what a range or flag matched to feed a LIMIT".into());
    }
    None
}

/// The capture, installed once for the process; one crawl at a time.
fn capture() -> &'static Captured {
    static CAPTURED: std::sync::OnceLock<Captured> = std::sync::OnceLock::new();
    CAPTURED.get_or_init(|| {
        let captured = Captured::default();
        let subscriber =
            tracing_subscriber::registry().with(captured.clone().with_filter(
                tracing_subscriber::filter::Targets::new().with_target("sqlx::query", tracing::Level::TRACE),
            ));
        tracing::subscriber::set_global_default(subscriber).expect("the only subscriber of this binary");
        captured
    })
}
static ONE_CRAWL_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A demo database with statistics, and the SELECT statements its public URLs run.
async fn crawl(app: &TestApp) -> BTreeSet<String> {
    let _one = ONE_CRAWL_AT_A_TIME.lock().await;
    let captured = capture();
    portal::demo_load::load_demo(&app.store, 3000, 7, test_now(), &indicatif::ProgressBar::hidden())
        .await
        .unwrap();
    app.sync_index().await;
    if app.database_url.starts_with("sqlite") {
        let mut c = sqlx::SqliteConnection::connect(&app.database_url).await.unwrap();
        sqlx::query("ANALYZE").execute(&mut c).await.unwrap();
    } else {
        let mut c = sqlx::PgConnection::connect(&app.database_url).await.unwrap();
        sqlx::query("ANALYZE").execute(&mut c).await.unwrap();
    }
    let urls = public_urls(app).await;
    // Only what the public requests run.
    captured.0.lock().unwrap().clear();
    for url in &urls {
        let r = app.get(url).await;
        assert!(r.status().is_success(), "{url}: {}", r.status());
        let _ = r.bytes().await;
    }
    let statements = captured.0.lock().unwrap().clone();
    assert!(
        statements.len() > 30,
        "the crawl ran the public statements: {}",
        statements.len()
    );
    statements
}

fn deliberate(sql: &str) -> bool {
    DELIBERATE.iter().any(|(fragment, _)| sql.contains(fragment))
}

#[tokio::test]
async fn no_public_request_scans_or_sorts_a_large_table() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let statements = crawl(&app).await;
    let mut c = sqlx::SqliteConnection::connect(&app.database_url).await.unwrap();
    let mut problems = Vec::new();
    for sql in statements.iter().filter(|s| !deliberate(s)) {
        let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}"))
            .fetch_all(&mut c)
            .await
            .unwrap_or_else(|e| panic!("{e}: {sql}"));
        let plan: Vec<String> = plan.into_iter().map(|p| p.3).collect();
        if let Some(why) = refused(sql, &plan) {
            problems.push(format!("{why}\n  {sql}\n  {plan:?}"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} statements:\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

/// On PostgreSQL the planner weighs a 3,000-record table rightly as small, so
/// its plan there says little; instead each statement is planned generically
/// with sequential scans priced out, and a `Seq Scan` of a large table that
/// remains means no index can serve the statement at all.
#[tokio::test]
async fn every_public_statement_has_an_index_path_on_postgres() {
    let Some(app) = spawn_app(Backend::Postgres).await else {
        return;
    };
    let statements = crawl(&app).await;
    let mut c = sqlx::PgConnection::connect(&app.database_url).await.unwrap();
    for setting in ["SET enable_seqscan = off", "SET plan_cache_mode = force_generic_plan"] {
        sqlx::query(setting).execute(&mut c).await.unwrap();
    }
    let (mut problems, mut planned) = (Vec::new(), 0);
    for (n, sql) in statements.iter().filter(|s| !deliberate(s)).enumerate() {
        let params = (1..=20).rev().find(|i| sql.contains(&format!("${i}"))).unwrap_or(0);
        sqlx::raw_sql(&format!("PREPARE q{n} AS {sql}"))
            .execute(&mut c)
            .await
            .unwrap_or_else(|e| panic!("{e}: {sql}"));
        let args = if params == 0 {
            String::new()
        } else {
            format!("({})", vec!["NULL"; params].join(", "))
        };
        let plan: Vec<(String,)> = sqlx::query_as(&format!("EXPLAIN EXECUTE q{n}{args}"))
            .fetch_all(&mut c)
            .await
            .unwrap_or_else(|e| panic!("{e}: {sql}"));
        let scans: Vec<&str> = plan
            .iter()
            .map(|(line,)| line.trim())
            .filter(|line| LARGE.iter().any(|t| line.contains(&format!("Seq Scan on {t}"))))
            .collect();
        if !scans.is_empty() {
            problems.push(format!("{scans:?}\n  {sql}"));
        }
        planned += 1;
    }
    eprintln!("planned {planned} public statements on PostgreSQL");
    assert!(planned > 30, "{planned}");
    assert!(
        problems.is_empty(),
        "{} statements:\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

#[test]
fn aliases_are_read_from_from_and_join() {
    let a = aliases(
        "SELECT r.id FROM records r JOIN subjects AS s ON s.id = r.subject_id WHERE x IN (SELECT 1 FROM change_log)",
    );
    assert_eq!(a["r"], "records");
    assert_eq!(a["s"], "subjects");
    assert_eq!(a["change_log"], "change_log");
}

#[test]
fn a_whole_table_read_and_a_sort_behind_a_limit_are_refused() {
    let sql = "SELECT r.id FROM records r WHERE r.state = 'published' ORDER BY r.published_at DESC LIMIT 20";
    assert!(refused(sql, &["SCAN r".into()]).is_some());
    assert!(refused(
        sql,
        &[
            "SEARCH r USING INDEX records_expiry (state=?)".into(),
            "USE TEMP B-TREE FOR ORDER BY".into()
        ]
    )
    .is_some());
    // The home page as fixed: newest first along the index, stopping at twenty.
    assert!(refused(sql, &["SCAN r USING INDEX records_published".into()]).is_none());
    assert!(refused(
        "SELECT COUNT(*) FROM records r WHERE r.state = 'published'",
        &["SCAN r USING COVERING INDEX records_visibility".into()]
    )
    .is_some());
    assert!(refused(
        "SELECT r.id FROM records r WHERE r.subject_id = 1 ORDER BY r.decision_date LIMIT 5",
        &[
            "SEARCH r USING INDEX records_subject (subject_id=?)".into(),
            "USE TEMP B-TREE FOR ORDER BY".into()
        ]
    )
    .is_none());
    assert!(refused(
        "SELECT d.id FROM departments d ORDER BY d.name",
        &["SCAN d".into(), "USE TEMP B-TREE FOR ORDER BY".into()]
    )
    .is_none());
}
