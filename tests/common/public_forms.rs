//! The public forms as a browser fills them in: complaint, objection, repair,
//! pledge, then the receipt and `/track`. Shared by the submission and back-office tests.

use reqwest::multipart::{Form, Part};
use reqwest::{Client, Response};

use super::forms::{hidden, text_of};
use super::TestApp;

pub const EXPLANATION: &str = "罚款金额与处罚决定书不一致，决定书写明为 1 万元。";
pub const PHONE: &str = "13912345678";
pub const COMPLAINT_DESCRIPTION: &str = "该店出售过期食品，生产日期标签被涂改，店员拒绝退换。";
pub const COMPLAINT_PHONE: &str = "13812345678";

pub type Fields = Vec<(&'static str, String)>;

pub fn with(mut fields: Fields, name: &'static str, value: &str) -> Fields {
    match fields.iter_mut().find(|(k, _)| *k == name) {
        Some(f) => f.1 = value.to_string(),
        None => fields.push((name, value.to_string())),
    }
    fields
}

pub fn complaint_fields() -> Fields {
    vec![
        ("target_kind", "enterprise".into()),
        ("target_name", "嘉峪关市镜铁食品有限公司".into()),
        ("target_uscc", "91320322MABLP2X24R".into()),
        ("category", "食品安全".into()),
        ("description", COMPLAINT_DESCRIPTION.into()),
        ("contact_name", "李四".into()),
        ("phone", COMPLAINT_PHONE.into()),
        ("email", String::new()),
        ("website", String::new()),
    ]
}

pub fn objection_fields() -> Fields {
    vec![
        ("applicant_name", "嘉峪关市镜铁食品有限公司".into()),
        ("applicant_uscc", "913101151324074865".into()),
        ("contact_name", "王五".into()),
        ("phone", PHONE.into()),
        ("ground", "信息错误".into()),
        ("explanation", EXPLANATION.into()),
        ("website", String::new()),
    ]
}

pub fn repair_fields() -> Fields {
    vec![
        ("applicant_name", "嘉峪关市镜铁食品有限公司".into()),
        ("applicant_uscc", "913101151324074865".into()),
        ("contact_name", "王五".into()),
        ("phone", PHONE.into()),
        (
            "description",
            "已缴清罚款，下架并销毁不合格食品，整改报告已报送处罚机关。".into(),
        ),
        ("pledge", "yes".into()),
        ("website", String::new()),
    ]
}

pub async fn pledge_fields(app: &TestApp) -> Fields {
    let dept = app.store.all_departments().await.unwrap()[0].id;
    vec![
        ("pledger_name", "嘉峪关市雄关建设有限公司".into()),
        ("pledger_kind", "enterprise".into()),
        ("pledger_uscc", "91320322MABLP2X24R".into()),
        ("pledge_type", "容缺受理型".into()),
        ("matter", "建筑工程施工许可容缺受理".into()),
        (
            "content",
            "承诺在 30 日内补齐施工图审查合格书，逾期未补愿撤销许可。".into(),
        ),
        ("authority_id", dept.to_string()),
        ("contact_name", "王建国".into()),
        ("phone", PHONE.into()),
        ("website", String::new()),
    ]
}

pub async fn post(app: &TestApp, client: &Client, path: &str, fields: &[(&str, String)]) -> Response {
    client
        .post(format!("{}{path}", app.base))
        .form(fields)
        .send()
        .await
        .unwrap()
}

/// Opens the form at `path`: its page.
pub async fn open_form(app: &TestApp, client: &Client, path: &str) -> String {
    let r = client.get(format!("{}{path}", app.base)).send().await.unwrap();
    assert_eq!(r.status(), 200, "GET {path}");
    r.text().await.unwrap()
}

/// `fields` with the tokens (csrf, form id) of the form page `html`.
pub fn with_tokens(fields: Fields, html: &str) -> Fields {
    with(
        with(fields, "csrf", &hidden(html, "csrf")),
        "form_id",
        &hidden(html, "form_id"),
    )
}

/// Opens the form at `path` and posts `fields` with its tokens.
pub async fn submit(app: &TestApp, client: &Client, path: &str, fields: Fields) -> Response {
    let html = open_form(app, client, path).await;
    post(app, client, path, &with_tokens(fields, &html)).await
}

/// Like [`submit`], as the browser sends a form with a file input: multipart,
/// with `files` (name, bytes) as its `evidence` parts.
pub async fn submit_with_files(
    app: &TestApp,
    client: &Client,
    path: &str,
    fields: Fields,
    files: &[(&str, Vec<u8>)],
) -> Response {
    let html = open_form(app, client, path).await;
    assert!(html.contains(r#"enctype="multipart/form-data""#), "{html}");
    assert!(
        html.contains(r#"type="file""#) && html.contains(r#"name="evidence""#),
        "{html}"
    );
    let mut form = Form::new();
    for (k, v) in with_tokens(fields, &html) {
        form = form.text(k, v);
    }
    for (name, bytes) in files {
        // The declared type is deliberately always PDF: the server must not believe it.
        let part = Part::bytes(bytes.clone())
            .file_name(name.to_string())
            .mime_str("application/pdf")
            .unwrap();
        form = form.part("evidence", part);
    }
    client
        .post(format!("{}{path}", app.base))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Like [`submit`], as the browser sends the repair form: multipart, with one
/// proof-of-correction PDF (the repair form requires at least one file).
pub async fn submit_with_proof(app: &TestApp, client: &Client, path: &str, fields: Fields) -> Response {
    let proof = ("缴款凭证.pdf", b"%PDF-1.4\n% proof of payment\n".to_vec());
    submit_with_files(app, client, path, fields, &[proof]).await
}

/// Follows a successful POST to the receipt: (tracking number, code, page).
pub async fn receipt(app: &TestApp, client: &Client, r: Response) -> (String, String, String) {
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/submissions/received");
    let html = client
        .get(format!("{}/submissions/received", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let number = text_of(&html, "tracking-number").unwrap_or_else(|| panic!("no tracking number: {html}"));
    let code = text_of(&html, "query-code").expect("query code");
    (number, code, html)
}

/// Asks `/track` about a submission, as its form does: the response.
pub async fn track_response(app: &TestApp, client: &Client, number: &str, code: &str) -> Response {
    let html = open_form(app, client, "/track").await;
    let fields = [
        ("csrf", hidden(&html, "csrf")),
        ("tracking_number", number.to_string()),
        ("code", code.to_string()),
    ];
    post(app, client, "/track", &fields).await
}

/// The tracking page of a submission found by its number and code.
pub async fn track(app: &TestApp, client: &Client, number: &str, code: &str) -> String {
    let r = track_response(app, client, number, code).await;
    assert_eq!(r.status(), 200);
    r.text().await.unwrap()
}
