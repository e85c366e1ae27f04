//! Operations endpoints: liveness, readiness (database and index lag) and
//! Prometheus metrics with their access rule.

mod common;

use app::domain::kinds::RecordKind;
use app::domain::record_validation::ValidationContext;
use common::{fixture, spawn_app_with, test_now, Backend, TestApp};
use indicatif::ProgressBar;
use portal::import::{read_path, ImportError, ImportJob, ImportSource};
use portal::store::{FinishedRun, ImportCounts, RunGroup, RunOutcome};

#[tokio::test]
async fn health_and_readiness_follow_the_index() {
    // The app's clock is a minute past the import, so unindexed rows are "old".
    let now = test_now() + chrono::Duration::minutes(1);
    let app = spawn_app_with(Backend::Sqlite, now, |s| s).await.unwrap();
    let live = app.get("/healthz").await;
    assert_eq!(live.status(), 200);
    assert_eq!(live.text().await.unwrap(), "ok");
    assert_eq!(app.get("/readyz").await.status(), 200, "empty and in step");

    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    let behind = app.get("/readyz").await;
    assert_eq!(behind.status(), 503, "the index trails the log by a minute");
    assert!(behind.text().await.unwrap().contains("changes behind"));
    app.sync_index().await;
    assert_eq!(app.get("/readyz").await.status(), 200);
}

#[tokio::test]
async fn metrics_count_routes_and_are_served_to_loopback() {
    let app = spawn_app_with(Backend::Sqlite, test_now(), |s| s).await.unwrap();
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    let id = app.record_id("嘉市监罚〔2026〕2号").await;
    for _ in 0..3 {
        assert_eq!(app.get(&format!("/records/{id}")).await.status(), 200);
    }
    assert_eq!(app.get("/records/999999").await.status(), 404);
    let m = app.get("/metrics").await;
    assert_eq!(m.status(), 200);
    assert!(m.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    let text = m.text().await.unwrap();
    assert!(
        text.contains(r#"portal_http_requests_total{route="/records/{id}",status="200"} 3"#),
        "{text}"
    );
    assert!(text.contains(r#"portal_http_requests_total{route="/records/{id}",status="404"} 1"#));
    assert!(text.contains(r#"portal_http_request_duration_seconds_count{route="/records/{id}"} 4"#));
    assert!(text.contains("portal_index_lag_changes ") && text.contains("portal_submissions_open 0"));
    assert!(text.contains("portal_records 10"), "{text}");
    assert!(text.contains("portal_database_up 1"), "{text}");
    // `app.import_file` runs the importer as `portal import` does.
    for line in [
        r#"portal_import_runs_total{source="cli",outcome="done"} 1"#,
        r#"portal_import_runs_total{source="cli",outcome="failed"} 0"#,
        r#"portal_import_runs_total{source="upload",outcome="done"} 0"#,
        r#"portal_import_rows_total{outcome="created"} 10"#,
        r#"portal_import_rows_total{outcome="corrected"} 0"#,
        r#"portal_import_rows_total{outcome="unchanged"} 0"#,
        r#"portal_import_rows_total{outcome="rejected"} 3"#,
        "# TYPE portal_import_runs_total counter",
        "# TYPE portal_import_rows_total counter",
        "# TYPE portal_import_runs_unfinished gauge\nportal_import_runs_unfinished 0",
    ] {
        assert!(text.contains(&format!("{line}\n")), "{line}\n{text}");
    }
}

#[tokio::test]
async fn with_a_token_metrics_need_it() {
    let app = spawn_app_with(Backend::Sqlite, test_now(), |s| {
        s.with_metrics_token(Some("s3cret-token".into()))
    })
    .await
    .unwrap();
    assert_eq!(app.get("/metrics").await.status(), 403, "loopback alone is not enough");
    let wrong = app
        .client
        .get(format!("{}/metrics", app.base))
        .bearer_auth("wrong-token!")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
    let right = app
        .client
        .get(format!("{}/metrics", app.base))
        .bearer_auth("s3cret-token")
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 200);
}

async fn metrics_text(app: &TestApp) -> String {
    let m = app.get("/metrics").await;
    assert_eq!(m.status(), 200);
    m.text().await.unwrap()
}

fn group(source: &str, outcome: &str, runs: i64) -> RunGroup {
    RunGroup {
        source: source.into(),
        outcome: outcome.into(),
        runs,
    }
}

/// Runs any process started are counted from the database: one still running
/// (or whose process died) is unfinished, and stays so while others end.
async fn a_started_run_counts_as_unfinished_until_it_ends(app: TestApp) {
    let run = app
        .store
        .start_import_run("upload", "penalty", "someone", test_now())
        .await
        .unwrap();
    let totals = app.store.import_run_totals().await.unwrap();
    assert_eq!(totals.unfinished, 1);
    assert_eq!(totals.groups, vec![group("upload", "running", 1)]);
    let text = metrics_text(&app).await;
    assert!(text.contains("portal_import_runs_unfinished 1\n"), "{text}");
    assert!(
        text.contains("portal_import_runs_total{source=\"upload\",outcome=\"done\"} 0\n"),
        "a running run is not counted as ended: {text}"
    );

    // Another import meanwhile ends and is counted; the first stays unfinished.
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    let totals = app.store.import_run_totals().await.unwrap();
    assert_eq!(totals.unfinished, 1);
    assert_eq!(
        totals.groups,
        vec![group("cli", "done", 1), group("upload", "running", 1)]
    );
    assert_eq!(
        totals.rows,
        ImportCounts {
            rows: 13,
            created: 10,
            corrected: 0,
            unchanged: 0,
            rejected: 3
        }
    );

    let counts = ImportCounts {
        rows: 2,
        created: 1,
        rejected: 1,
        ..ImportCounts::default()
    };
    let finished = FinishedRun {
        counts,
        outcome: RunOutcome::Failed,
        file_name: "处罚.csv".into(),
        report: "{}".into(),
    };
    app.store.finish_import_run(run, &finished, test_now()).await.unwrap();
    let totals = app.store.import_run_totals().await.unwrap();
    assert_eq!(totals.unfinished, 0);
    assert_eq!(
        totals.groups,
        vec![group("cli", "done", 1), group("upload", "failed", 1)]
    );
    assert_eq!((totals.rows.created, totals.rows.rejected), (11, 4));
    let text = metrics_text(&app).await;
    assert!(text.contains("portal_import_runs_unfinished 0\n"), "{text}");
    assert!(text.contains("portal_import_runs_total{source=\"upload\",outcome=\"failed\"} 1\n"));
    assert!(text.contains("portal_import_rows_total{outcome=\"created\"} 11\n"));
}

/// A store error that aborts an import ends its run as failed, not running.
async fn an_import_the_store_aborts_is_a_failed_run(app: TestApp) {
    // The records table disappears behind the importer's back.
    let sql = "ALTER TABLE records RENAME TO records_gone";
    if app.database_url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
        sqlx::query(sql).execute(&pool).await.unwrap();
    } else {
        let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    let sheet = read_path(&fixture("penalties_10_good_3_bad.csv")).unwrap();
    let job = ImportJob::new(
        &app.store,
        ImportSource::Demo,
        RecordKind::Penalty,
        ValidationContext::new(app::domain::clock::china_date(test_now())),
        "test",
        test_now(),
    );
    let result = job.run(&sheet, &ProgressBar::hidden()).await;
    assert!(matches!(result, Err(ImportError::Store(_))), "{result:?}");
    let totals = app.store.import_run_totals().await.unwrap();
    assert_eq!(totals.unfinished, 0);
    assert_eq!(totals.groups, vec![group("demo", "failed", 1)]);
    assert_eq!(totals.rows.created, 0, "nothing was stored");
    let text = metrics_text(&app).await;
    assert!(
        text.contains("portal_import_runs_total{source=\"demo\",outcome=\"failed\"} 1\n"),
        "{text}"
    );
}

/// API clients get JSON errors even when the error is not the API's own: a
/// broken database (500, without its details) or a malformed query (400).
async fn api_errors_are_json_whatever_raised_them(app: TestApp) {
    let bad_query = app.get("/api/v1/changes?since=1&since=2").await;
    assert_eq!(bad_query.status(), 400);
    let body: serde_json::Value = bad_query.json().await.unwrap();
    assert_eq!(body["error"]["code"], "bad_request", "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("since"), "{body}");

    let sql = "ALTER TABLE departments RENAME TO departments_gone";
    if app.database_url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
        sqlx::query(sql).execute(&pool).await.unwrap();
    } else {
        let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    let broken = app.get("/api/v1/departments").await;
    assert_eq!(broken.status(), 500);
    assert!(broken.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let text = broken.text().await.unwrap();
    let body: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["error"]["code"], "internal");
    assert!(!text.contains("departments"), "no database detail: {text}");
    // People still get a page.
    let page = app.get("/statistics").await;
    assert_eq!(page.status(), 500);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
}

/// A file longer than one batch: each batch is written while the next is
/// validated (`ImportJob`), yet every row lands once, the refused rows are
/// reported in row order (a store refusal of the first batch before a
/// validation refusal of the second), and the change log is one chain.
async fn a_file_longer_than_a_batch_lands_whole_and_in_order(app: TestApp) {
    let fixture_sheet = read_path(&fixture("penalties_10_good_3_bad.csv")).unwrap();
    let header = fixture_sheet.rows[0].clone();
    let good = fixture_sheet.rows[1].clone();
    let doc_no = header.iter().position(|h| h == "行政处罚决定书文号").unwrap();
    let decided = header.iter().position(|h| h == "处罚决定日期").unwrap();
    let rows = portal::import::BATCH_SIZE + 20;
    let sheet_with = |fact: &str| {
        let mut sheet = portal::import::Sheet {
            rows: vec![header.clone()],
            other_sheets: Vec::new(),
        };
        for n in 1..=rows {
            let mut row = good.clone();
            row[doc_no] = format!("嘉市监罚〔2026〕{n}号");
            row[doc_no + 2] = fact.to_string();
            sheet.rows.push(row);
        }
        sheet
    };
    let first = app.import_sheet(RecordKind::Penalty, &sheet_with("抽检不合格")).await;
    assert_eq!((first.rows, first.created, first.rejected), (rows, rows, 0));

    // File row 4 (record 3) is withdrawn; a corrected file then changes every
    // row and breaks the date of one row in the second batch.
    let third = app
        .store
        .record_id_by_key(&app::domain::record::record_key(
            RecordKind::Penalty,
            "11620200013900001M",
            "嘉市监罚〔2026〕3号",
            &format!("USCC:{}", good[2]),
        ))
        .await
        .unwrap()
        .expect("record 3 stored");
    app.store
        .withdraw_record(third, "录入错误", "test", test_now())
        .await
        .unwrap();
    let mut corrected = sheet_with("复检仍不合格");
    let late_row = portal::import::BATCH_SIZE + 10;
    corrected.rows[late_row][decided] = "不详".into();
    let second = app.import_sheet(RecordKind::Penalty, &corrected).await;
    assert_eq!(second.rows, rows);
    assert_eq!(
        (second.corrected, second.rejected),
        (rows - 2, 2),
        "{:?}",
        second.errors
    );
    let refused_rows: Vec<usize> = second.errors.iter().map(|e| e.row).collect();
    assert_eq!(refused_rows, vec![4, late_row + 1], "{:?}", second.errors);

    let chain = app.store.verify_change_log().await.unwrap();
    assert!(chain.first_break.is_none(), "{chain:?}");
    // One subject, the records, the withdrawal and the corrections.
    assert_eq!(chain.rows_verified, 1 + rows as i64 + 1 + (rows as i64 - 2));
}

/// The credit report's first page is remembered with a stand-in token, and
/// each browser gets its own written in: a new browser a new token and its
/// cookie, a returning one its own; both can then issue a report.
async fn the_report_form_is_remembered_with_each_browsers_own_token(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    let record = app.record_id("嘉市监罚〔2026〕2号").await;
    let subject = app.store.record(record).await.unwrap().unwrap().subject_id;
    let path = format!("{}/subjects/{subject}/report", app.base);
    let (first, second) = (common::forms::browser(), common::forms::browser());
    let page_of = |client: &reqwest::Client| {
        let (client, path) = (client.clone(), path.clone());
        async move {
            let r = client.get(&path).send().await.unwrap();
            assert_eq!(r.status(), 200);
            let cookie = r.headers().get("set-cookie").map(|v| v.to_str().unwrap().to_string());
            (cookie, r.text().await.unwrap())
        }
    };
    let (cookie, html) = page_of(&first).await;
    let token = common::forms::hidden(&html, "csrf");
    assert!(
        cookie.is_some_and(|c| c.starts_with(&format!("csrf={token}"))),
        "a new browser's token is set"
    );
    let hits = page_cache_hits(&metrics_text(&app).await);

    let (cookie, other_html) = page_of(&second).await;
    let other_token = common::forms::hidden(&other_html, "csrf");
    assert!(cookie.is_some(), "the second browser gets its own cookie");
    assert_ne!(other_token, token, "each browser its own token");
    assert_eq!(
        other_html.replace(&other_token, &token),
        html,
        "the same page otherwise"
    );
    let (cookie, again) = page_of(&first).await;
    assert!(cookie.is_none(), "a returning browser keeps its cookie");
    assert_eq!(common::forms::hidden(&again, "csrf"), token);
    assert_eq!(
        page_cache_hits(&metrics_text(&app).await),
        hits + 2,
        "answered from memory"
    );

    for (client, token) in [(&first, &token), (&second, &other_token)] {
        let issued = client
            .post(&path)
            .form(&[("csrf", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(issued.status(), 303, "the written-in token is the browser's");
    }
    let forged = second
        .post(&path)
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403, "another browser's token is refused");
}

on_both_backends!(
    the_report_form_is_remembered_with_each_browsers_own_token,
    a_file_longer_than_a_batch_lands_whole_and_in_order,
    api_errors_are_json_whatever_raised_them,
    a_started_run_counts_as_unfinished_until_it_ends,
    an_import_the_store_aborts_is_a_failed_run,
    public_pages_are_remembered_until_the_data_changes,
);

#[tokio::test]
async fn metrics_count_open_submissions_and_those_past_their_deadline() {
    use common::public_forms::{complaint_fields, submit};
    let (app, clock) = common::spawn_with_movable_clock(Backend::Sqlite).await.unwrap();
    let public = common::forms::browser();
    let r = submit(&app, &public, "/complaints/new", complaint_fields()).await;
    assert_eq!(r.status(), 303, "complaint received");
    let text = metrics_text(&app).await;
    assert!(
        text.contains("portal_submissions_open 1\n") && text.contains("portal_submissions_overdue 0\n"),
        "{text}"
    );
    // Two months on, nobody has accepted it: past its working-day deadline.
    clock.set(test_now() + chrono::Duration::days(60));
    let text = metrics_text(&app).await;
    assert!(
        text.contains("portal_submissions_open 1\n") && text.contains("portal_submissions_overdue 1\n"),
        "{text}"
    );
}

fn etag(r: &reqwest::Response) -> String {
    r.headers()["etag"].to_str().unwrap().to_string()
}

fn page_cache_hits(metrics: &str) -> u64 {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix("portal_page_cache_hits_total "))
        .and_then(|n| n.parse().ok())
        .expect("the hits counter is exported")
}

/// The home page, the lists and the open-data lists are rendered once and
/// answered from memory until this process changes the data; clients that
/// hold the page are answered 304.
async fn public_pages_are_remembered_until_the_data_changes(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    let first = app.get("/").await;
    assert_eq!(first.status(), 200);
    let tag = etag(&first);
    let body = first.text().await.unwrap();
    let hits = page_cache_hits(&metrics_text(&app).await);
    let again = app.get("/").await;
    assert_eq!(etag(&again), tag);
    assert_eq!(again.text().await.unwrap(), body, "the same bytes");
    assert_eq!(
        page_cache_hits(&metrics_text(&app).await),
        hits + 1,
        "answered from memory"
    );

    let held = app
        .client
        .get(format!("{}/", app.base))
        .header("If-None-Match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(held.status(), 304);
    assert_eq!(etag(&held), tag);
    assert!(held.bytes().await.unwrap().is_empty());

    // The API list is remembered per query string.
    let all = app.get("/api/v1/records").await.text().await.unwrap();
    let penalties = app.get("/api/v1/records?kind=penalty").await.text().await.unwrap();
    let black = app.get("/api/v1/records?kind=blacklist").await.text().await.unwrap();
    assert_eq!(all, penalties, "only penalties so far");
    assert_ne!(penalties, black);

    // A change through the store (a committed transaction) ends them all.
    app.import_file_decided(RecordKind::Blacklist, &fixture("blacklist.csv"))
        .await;
    let after = app.get("/").await;
    assert_ne!(etag(&after), tag, "rendered again after the import");
    assert_ne!(after.text().await.unwrap(), body);
    let all_after = app.get("/api/v1/records").await.text().await.unwrap();
    assert_ne!(all_after, all, "the black list shows in the API list at once");
    let refused = app
        .client
        .get(format!("{}/", app.base))
        .header("If-None-Match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 200, "an old tag gets the new page");

    // Search is rendered every time (its speed is measured uncached).
    let hits = page_cache_hits(&metrics_text(&app).await);
    for _ in 0..3 {
        assert_eq!(app.get("/search?q=%E5%98%89").await.status(), 200);
    }
    assert_eq!(page_cache_hits(&metrics_text(&app).await), hits);
}

/// Imports the black-list fixture (decided elsewhere: public at once) through
/// another store on the app's database, as a second process would: its
/// commits are not the app's.
async fn import_black_list_elsewhere(app: &TestApp) {
    let elsewhere = portal::store::Store::connect(&app.database_url).await.unwrap();
    let mut job = ImportJob::new(
        &elsewhere,
        ImportSource::Cli,
        RecordKind::Blacklist,
        ValidationContext::new(app::domain::clock::china_date(test_now())),
        "elsewhere",
        test_now(),
    );
    job.arrival = app::domain::list_lifecycle::Arrival::DecidedElsewhere;
    let report = job
        .run(&read_path(&fixture("blacklist.csv")).unwrap(), &ProgressBar::hidden())
        .await
        .unwrap();
    assert!(report.created > 0, "{report:?}");
}

/// A change this process did not make (an import run beside the server, a
/// second node) shows once the page is older than PORTAL_PAGE_CACHE_SECONDS,
/// or sooner when the search follower sees its change-log rows.
#[tokio::test]
async fn a_change_from_another_process_shows_within_the_page_cache_age() {
    let max_age = std::time::Duration::from_millis(600);
    let app = spawn_app_with(Backend::Sqlite, test_now(), |s| s.with_page_cache(max_age))
        .await
        .unwrap();
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    let before = app.get("/api/v1/records?kind=blacklist").await.text().await.unwrap();
    import_black_list_elsewhere(&app).await;
    let soon = app.get("/api/v1/records?kind=blacklist").await.text().await.unwrap();
    assert_eq!(soon, before, "still the remembered answer");
    tokio::time::sleep(max_age).await;
    let later = app.get("/api/v1/records?kind=blacklist").await.text().await.unwrap();
    assert_ne!(later, before, "older than the maximum age: rendered again");

    // With the cache off every answer is rendered.
    let off = spawn_app_with(Backend::Sqlite, test_now(), |s| {
        s.with_page_cache(std::time::Duration::ZERO)
    })
    .await
    .unwrap();
    for _ in 0..3 {
        assert_eq!(off.get("/").await.status(), 200);
    }
    assert_eq!(page_cache_hits(&metrics_text(&off).await), 0);
}

/// The search follower, which tails the change log `serve` shares with every
/// other writer, ends remembered pages when rows arrive from elsewhere.
#[tokio::test]
async fn the_search_follower_ends_remembered_pages_when_another_process_writes() {
    let app = spawn_app_with(Backend::Sqlite, test_now(), |s| {
        s.with_page_cache(std::time::Duration::from_secs(600))
    })
    .await
    .unwrap();
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let clock: std::sync::Arc<dyn app::domain::clock::Clock> =
        std::sync::Arc::new(app::domain::clock::FixedClock(test_now()));
    let follower = tokio::spawn(portal::search::sync::follow(
        app.search.clone(),
        app.store.clone(),
        clock,
        std::time::Duration::from_millis(50),
        stopped,
    ));
    let before = app.get("/api/v1/records?kind=blacklist").await.text().await.unwrap();
    import_black_list_elsewhere(&app).await;
    let mut shown = false;
    for _ in 0..40 {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        if app.get("/api/v1/records?kind=blacklist").await.text().await.unwrap() != before {
            shown = true;
            break;
        }
    }
    stop.send(true).unwrap();
    follower.await.unwrap();
    assert!(
        shown,
        "the follower saw the rows and the page was rendered again, long before the 600 s age"
    );
}

/// Clients that take gzip get the remembered page gzipped, with its own tag;
/// the others get it as it was rendered. Both say they vary by it.
#[tokio::test]
async fn remembered_pages_are_gzipped_for_clients_that_take_it() {
    use std::io::Read as _;
    let app = spawn_app_with(Backend::Sqlite, test_now(), |s| s).await.unwrap();
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    let plain = app.get("/").await;
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.headers()["vary"], "accept-encoding");
    let plain_tag = etag(&plain);
    let plain = plain.text().await.unwrap();
    for _ in 0..2 {
        // From memory the first time round (the plain request rendered it),
        // rendered the second: the import below (black-list proposals, not
        // public) leaves the page as it was but out of date.
        let zipped = app
            .client
            .get(format!("{}/", app.base))
            .header("Accept-Encoding", "gzip, br")
            .send()
            .await
            .unwrap();
        assert_eq!(zipped.headers()["content-encoding"], "gzip");
        let tag = etag(&zipped);
        assert_ne!(tag, plain_tag, "each representation its own tag");
        let bytes = zipped.bytes().await.unwrap();
        assert!(
            bytes.len() * 3 < plain.len(),
            "{} of {} bytes",
            bytes.len(),
            plain.len()
        );
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, plain);
        let held = app
            .client
            .get(format!("{}/", app.base))
            .header("Accept-Encoding", "gzip")
            .header("If-None-Match", &tag)
            .send()
            .await
            .unwrap();
        assert_eq!(held.status(), 304);
        app.import_file(RecordKind::Blacklist, &fixture("blacklist.csv")).await;
    }
}
