//! Black-box tests of attachments on public submissions: stored by content
//! hash outside every served folder, checked by their bytes (not their name),
//! at most 5 files of 10 MB each, required for credit repair, never served.
//! Each test runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL.

mod common;

use common::forms::browser;
use common::public_forms::{
    complaint_fields, receipt, repair_fields, submit, submit_with_files, track, COMPLAINT_DESCRIPTION as DESCRIPTION,
    COMPLAINT_PHONE as PHONE,
};

use std::path::{Path, PathBuf};

use app::domain::kinds::RecordKind;
use common::{fixture, TestApp};
use reqwest::{Client, Response};
use sha2::{Digest, Sha256};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";
const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R',
];
const ELF: &[u8] = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00";
const HTML: &[u8] = b"<html><script>alert('x')</script></html>";
/// Decided 2026-04-10: repair possible from 2026-07-10, before the tests' 2026-11-27.
const OLD_PENALTY: &str = "嘉市监罚〔2026〕2号";

async fn complain(app: &TestApp, client: &Client, files: &[(&str, Vec<u8>)]) -> Response {
    submit_with_files(app, client, "/complaints/new", complaint_fields(), files).await
}

fn attachments_dir(app: &TestApp) -> PathBuf {
    app.data_dir.join("attachments")
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

async fn nothing_stored(app: &TestApp) {
    assert_eq!(app.store.submission_count().await.unwrap(), 0);
    assert_eq!(app.store.attachment_count().await.unwrap(), 0);
    assert!(files_under(&attachments_dir(app)).is_empty());
}

/// A 422 that keeps the text, points the summary at the file field and says to choose again.
fn assert_file_refused(html: &str, message: &str) {
    assert!(html.contains(r##"href="#evidence""##), "{html}");
    assert!(html.contains(message), "{html}");
    assert!(html.contains("请重新选择要上传的全部文件"), "{html}");
    assert!(
        html.contains(DESCRIPTION) && html.contains(&format!(r#"value="{PHONE}""#)),
        "{html}"
    );
}

async fn a_complaint_with_a_pdf_and_a_png_is_stored_by_hash(app: TestApp) {
    let client = browser();
    let r = complain(
        &app,
        &client,
        &[("证据.pdf", PDF.to_vec()), ("现场照片.png", PNG.to_vec())],
    )
    .await;
    let (number, code, _) = receipt(&app, &client, r).await;
    let row = app.store.submission_by_tracking_number(&number).await.unwrap().unwrap();
    let rows = app.store.attachments_of(row.id).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (
            rows[0].original_name.as_str(),
            rows[0].content_type.as_str(),
            rows[0].size
        ),
        ("证据.pdf", "application/pdf", PDF.len() as i64)
    );
    assert_eq!(
        (rows[1].original_name.as_str(), rows[1].content_type.as_str()),
        ("现场照片.png", "image/png")
    );
    assert_eq!(rows[0].sha256, sha(PDF));
    assert_eq!(rows[1].sha256, sha(PNG));
    let dir = attachments_dir(&app);
    let mut expected = vec![
        dir.join(&sha(PDF)[..2]).join(sha(PDF)),
        dir.join(&sha(PNG)[..2]).join(sha(PNG)),
    ];
    expected.sort();
    assert_eq!(files_under(&dir), expected);
    assert_eq!(std::fs::read(dir.join(&sha(PDF)[..2]).join(sha(PDF))).unwrap(), PDF);

    // The same content again (under another name) is stored once.
    let again = complain(&app, &client, &[("再次提交.pdf", PDF.to_vec())]).await;
    receipt(&app, &client, again).await;
    assert_eq!(app.store.attachment_count().await.unwrap(), 3);
    assert_eq!(files_under(&dir), expected);

    // Tracking lists the files by name and size, without a link.
    let tracked = track(&app, &client, &number, &code).await;
    assert!(
        tracked.contains("证据.pdf") && tracked.contains("现场照片.png"),
        "{tracked}"
    );
    assert!(tracked.contains(&format!("{} 字节", PDF.len())), "{tracked}");
    assert!(
        !tracked.contains(&sha(PDF)) && !tracked.contains("/attachments"),
        "{tracked}"
    );

    // Submission, attachment rows and change-log rows went in together; the chain holds.
    let report = app.store.verify_change_log().await.unwrap();
    assert!(report.first_break.is_none(), "{report:?}");
    assert_eq!(report.rows_verified, 2);
}

async fn files_are_judged_by_their_content_not_their_name(app: TestApp) {
    let client = browser();
    for (content, what) in [(ELF, "ELF"), (HTML, "HTML")] {
        let r = complain(&app, &client, &[("evil.pdf", content.to_vec())]).await;
        assert_eq!(r.status(), 422, "{what}");
        assert_file_refused(&r.text().await.unwrap(), "“evil.pdf”不是 PDF、JPG 或 PNG 文件");
    }
    // A good file beside a bad one does not save the submission either.
    let r = complain(&app, &client, &[("a.pdf", PDF.to_vec()), ("x.exe", ELF.to_vec())]).await;
    assert_eq!(r.status(), 422);
    assert_file_refused(&r.text().await.unwrap(), "“x.exe”不是 PDF、JPG 或 PNG 文件");
    nothing_stored(&app).await;
}

async fn original_names_are_escaped_and_never_paths(app: TestApp) {
    let client = browser();
    let r = complain(&app, &client, &[("<img src=x onerror=alert(1)>.exe", ELF.to_vec())]).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(html.contains("“&lt;img src=x onerror=alert(1)&gt;.exe”不是"), "{html}");
    nothing_stored(&app).await;
    let r = complain(&app, &client, &[("../../../etc/passwd.pdf", PDF.to_vec())]).await;
    receipt(&app, &client, r).await;
    let rows = app.store.attachments_of(1).await.unwrap();
    assert_eq!(rows[0].original_name, "passwd.pdf");
    assert_eq!(files_under(&attachments_dir(&app)).len(), 1);
}

async fn an_empty_file_input_counts_as_no_file(app: TestApp) {
    // A browser sends an unused file input as a part with filename="" and no bytes.
    let client = browser();
    let r = complain(&app, &client, &[("", Vec::new())]).await;
    receipt(&app, &client, r).await;
    assert_eq!(app.store.submission_count().await.unwrap(), 1);
    assert_eq!(app.store.attachment_count().await.unwrap(), 0);
    assert!(files_under(&attachments_dir(&app)).is_empty());
}

async fn six_files_are_refused(app: TestApp) {
    let client = browser();
    let files: Vec<(&str, Vec<u8>)> = (0..6).map(|_| ("a.pdf", PDF.to_vec())).collect();
    let r = complain(&app, &client, &files).await;
    assert_eq!(r.status(), 422);
    assert_file_refused(&r.text().await.unwrap(), "最多上传 5 个文件");
    nothing_stored(&app).await;
    // Five are fine.
    let r = complain(&app, &client, &files[..5]).await;
    receipt(&app, &client, r).await;
    assert_eq!(app.store.attachment_count().await.unwrap(), 5);
}

async fn an_eleven_megabyte_file_is_refused_and_the_server_stays_up(app: TestApp) {
    let client = browser();
    let mut big = PDF.to_vec();
    big.resize(11 * 1024 * 1024, b' ');
    // Within the request limit (5 × 10 MB + 1 MB), so the form comes back with the reason.
    let r = complain(&app, &client, &[("big.pdf", big)]).await;
    assert_eq!(r.status(), 422);
    assert_file_refused(&r.text().await.unwrap(), "“big.pdf”超过 10 MB");
    nothing_stored(&app).await;
    assert_eq!(app.get("/").await.status(), 200);
    let r = complain(&app, &client, &[("ok.pdf", PDF.to_vec())]).await;
    receipt(&app, &client, r).await;
}

async fn a_repair_application_needs_proof(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    let id = app.record_id(OLD_PENALTY).await;
    let path = format!("/records/{id}/repair");
    let client = browser();
    let form = app.page(&path).await;
    assert!(form.contains("整改证明材料") && form.contains("最多 5 个文件，每个不超过 10 MB，仅限 PDF、JPG、PNG"));
    let r = submit_with_files(&app, &client, &path, repair_fields(), &[]).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains(r##"href="#evidence""##) && html.contains("请上传至少 1 个证明材料文件"),
        "{html}"
    );
    assert!(html.contains("整改报告已报送处罚机关"), "{html}");
    assert_eq!(app.store.submission_count().await.unwrap(), 0);
    // The url-encoded form (no file input at all) is refused the same way.
    let r = submit(&app, &client, &path, repair_fields()).await;
    assert_eq!(r.status(), 422);
    assert_eq!(app.store.submission_count().await.unwrap(), 0);
    // With a JPEG proof it is received.
    let jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'];
    let r = submit_with_files(&app, &client, &path, repair_fields(), &[("回执.jpg", jpeg)]).await;
    receipt(&app, &client, r).await;
    assert_eq!(app.store.attachment_count().await.unwrap(), 1);
    let objection = app.page(&format!("/records/{id}/objection")).await;
    assert!(objection.contains("证明材料（选填）") && objection.contains(r#"enctype="multipart/form-data""#));
}

async fn no_url_serves_a_stored_file(app: TestApp) {
    let client = browser();
    let r = complain(&app, &client, &[("证据.pdf", PDF.to_vec())]).await;
    receipt(&app, &client, r).await;
    let h = sha(PDF);
    let p = &h[..2];
    for path in [
        format!("/attachments/{p}/{h}"),
        format!("/attachments/{h}"),
        format!("/data/attachments/{p}/{h}"),
        format!("/{p}/{h}"),
        format!("/{h}"),
        format!("/..%2fattachments/{p}/{h}"),
        format!("/style/..%2f..%2fattachments/{p}/{h}"),
        format!("/%2e%2e/attachments/{p}/{h}"),
        format!("/style/%2e%2e%2fattachments%2f{p}%2f{h}"),
    ] {
        let r = app.get(&path).await;
        assert_eq!(r.status(), 404, "{path}");
        let body = r.bytes().await.unwrap();
        assert!(!body.starts_with(b"%PDF"), "{path}");
    }
}

async fn an_oversized_request_gets_a_friendly_413(app: TestApp) {
    // Over the 2 MiB limit of a route without attachments: refused from its length.
    let client = browser();
    let body = vec![b'a'; 3 * 1024 * 1024];
    let r = client
        .post(format!("{}/track", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert!(r.text().await.unwrap().contains("提交内容过大"));
    // The forms with attachments stop at 5 × 10 MB + 1 MB.
    let r = client
        .post(format!("{}/complaints/new", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![b'a'; portal::http::UPLOAD_BODY_LIMIT_BYTES + 1])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert!(r.text().await.unwrap().contains("提交内容过大"));
    assert_eq!(app.get("/").await.status(), 200);
    nothing_stored(&app).await;
}

on_both_backends!(
    a_complaint_with_a_pdf_and_a_png_is_stored_by_hash,
    files_are_judged_by_their_content_not_their_name,
    original_names_are_escaped_and_never_paths,
    an_empty_file_input_counts_as_no_file,
    six_files_are_refused,
    an_eleven_megabyte_file_is_refused_and_the_server_stays_up,
    a_repair_application_needs_proof,
    no_url_serves_a_stored_file,
    an_oversized_request_gets_a_friendly_413,
);
