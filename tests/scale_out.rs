//! Scale-out on PostgreSQL: two `portal serve` processes on one database.
//! A record uploaded through node A's back-office is searchable on node B
//! within 3 seconds; a submission made on B (with an attachment, kept in the
//! nodes' shared attachments folder) is in A's back-office queue; with
//! both nodes running their scheduled work, an expiry happens exactly once.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use app::domain::staff::Role;
use common::forms::hidden;
use common::process::{import_with, portal, Server};
use common::public_forms::{objection_fields, with, Fields};
use common::staff::{create_staff_in, try_login_at, PASSWORD};
use portal::store::Store;

/// A node: `portal serve` on the shared database and attachments folder, with
/// its own data folder (its own index), running the scheduled work every second.
fn node(data: &Path, url: &str, attachments: &Path) -> Server {
    let mut cmd = portal(data, Some(url));
    cmd.env("PORTAL_ATTACHMENTS_DIR", attachments)
        .env("PORTAL_TICK_SECONDS", "1");
    Server::spawn(cmd)
}

async fn search_total(node: &Server, q: &str) -> u64 {
    let url = format!("{}/api/v1/search?q={}", node.base, app::pages::url_encode(q));
    let v: serde_json::Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    v["total"].as_u64().unwrap_or(0)
}

fn browser() -> reqwest::Client {
    common::forms::browser()
}

async fn login(base: &str, username: &str) -> reqwest::Client {
    let client = browser();
    let r = try_login_at(base, &client, username, PASSWORD).await;
    assert_eq!(r.status(), 303, "login on {base}");
    client
}

#[tokio::test]
async fn two_nodes_on_one_postgresql_database() {
    let Some(url) = common::fresh_postgres_url().await else {
        eprintln!("skipped: TEST_DATABASE_URL is not set, so the PostgreSQL scale-out test cannot happen");
        return;
    };
    let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store = Store::connect(&url).await.unwrap();
    // An admin on the shared database, past its first-login password change.
    create_staff_in(&store, "admin1", Role::Admin, None).await;
    // The nodes share one attachments folder (in production: a network mount).
    let shared = tempfile::tempdir().unwrap();
    let a = node(a_dir.path(), &url, shared.path());
    let b = node(b_dir.path(), &url, shared.path());
    a.answering().await;
    b.answering().await;

    // 1. Uploaded through A's back-office, found on B within 3 seconds.
    let admin_a = login(&a.base, "admin1").await;
    let upload_form = admin_a
        .get(format!("{}/admin/records/upload", a.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csv = std::fs::read(common::fixture("penalties_10_good_3_bad.csv")).unwrap();
    let form = reqwest::multipart::Form::new()
        .text("csrf", hidden(&upload_form, "csrf"))
        .text("kind", "penalty")
        .part(
            "file",
            reqwest::multipart::Part::bytes(csv)
                .file_name("处罚.csv")
                .mime_str("text/csv")
                .unwrap(),
        );
    let uploaded = Instant::now();
    let r = admin_a
        .post(format!("{}/admin/records/upload", a.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    loop {
        if search_total(&b, "嘉市监罚〔2026〕7号").await >= 1 {
            break;
        }
        assert!(
            uploaded.elapsed() < Duration::from_secs(3),
            "B did not find the record within 3 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // 2. An objection made on B is in A's queue.
    let today = app::domain::clock::china_date(chrono::Utc::now());
    let record = store.find_by_doc_no("嘉市监罚〔2026〕2号", today, 1).await.unwrap()[0].id;
    let public = browser();
    let path = format!("{}/records/{record}/objection", b.base);
    let page = public.get(&path).send().await.unwrap().text().await.unwrap();
    let fields: Fields = with(
        with(objection_fields(), "csrf", &hidden(&page, "csrf")),
        "form_id",
        &hidden(&page, "form_id"),
    );
    // With a supporting PDF, as a browser sends it (multipart).
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text(k, v);
    }
    let pdf = b"%PDF-1.4\n% the decision was served on another company\n".to_vec();
    form = form.part(
        "evidence",
        reqwest::multipart::Part::bytes(pdf.clone())
            .file_name("证明.pdf")
            .mime_str("application/pdf")
            .unwrap(),
    );
    let r = public.post(&path).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let receipt = public
        .get(format!("{}/submissions/received", b.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let number = common::forms::text_of(&receipt, "tracking-number").unwrap();
    let queue = admin_a
        .get(format!("{}/admin/submissions", a.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(queue.contains(&number), "A's queue lists the objection made on B");
    // Its attachment, received by B, downloads from A's back-office.
    let submission = store.submission_by_tracking_number(&number).await.unwrap().unwrap();
    let page = admin_a
        .get(format!("{}/admin/submissions/{}", a.base, submission.id))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let marker = format!("/admin/submissions/{}/attachments/", submission.id);
    let at = page.find(&marker).expect("the submission page links its attachment");
    let link = page[at..].split('"').next().unwrap();
    let download = admin_a.get(format!("{}{link}", a.base)).send().await.unwrap();
    assert_eq!(download.status(), 200, "{link}");
    assert_eq!(download.bytes().await.unwrap().as_ref(), pdf.as_slice());

    // 3. A black-list entry already past its term: both nodes tick every
    //    second; it is expired exactly once.
    let cli = tempfile::tempdir().unwrap();
    // Decided by a higher authority: published at once, so the tick expires the past entry.
    import_with(
        cli.path(),
        Some(&url),
        "blacklist",
        "blacklist.csv",
        &["--already-decided"],
    );
    tokio::time::sleep(Duration::from_secs(4)).await;
    let mut expiries = Vec::new();
    let mut since = 0;
    loop {
        let rows = store.changes_after(since, 1000).await.unwrap();
        let Some(last) = rows.last() else { break };
        since = last.seq;
        expiries.extend(rows.into_iter().filter(|r| r.op == "expire").map(|r| r.entity_id));
    }
    assert!(!expiries.is_empty(), "the past entry was expired");
    let unique: std::collections::HashSet<_> = expiries.iter().collect();
    assert_eq!(unique.len(), expiries.len(), "one expire row per record: {expiries:?}");
    assert!(store.verify_change_log().await.unwrap().first_break.is_none());
}
