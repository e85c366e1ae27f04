//! The public forms as a browser fills them in: objection, repair, pledge,
//! then the receipt and `/track`. Shared by the submission and back-office tests.

use reqwest::{Client, Response};

use super::forms::{hidden, text_of};
use super::TestApp;

pub const EXPLANATION: &str = "罚款金额与处罚决定书不一致，决定书写明为 1 万元。";
pub const PHONE: &str = "13912345678";

pub type Fields = Vec<(&'static str, String)>;

pub fn with(mut fields: Fields, name: &'static str, value: &str) -> Fields {
    match fields.iter_mut().find(|(k, _)| *k == name) {
        Some(f) => f.1 = value.to_string(),
        None => fields.push((name, value.to_string())),
    }
    fields
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

/// Opens the form at `path` and posts `fields` with its tokens.
pub async fn submit(app: &TestApp, client: &Client, path: &str, fields: Fields) -> Response {
    let r = client.get(format!("{}{path}", app.base)).send().await.unwrap();
    assert_eq!(r.status(), 200, "GET {path}");
    let html = r.text().await.unwrap();
    let fields = with(
        with(fields, "csrf", &hidden(&html, "csrf")),
        "form_id",
        &hidden(&html, "form_id"),
    );
    post(app, client, path, &fields).await
}

/// Like [`submit`], as the browser sends the repair form: multipart, with one
/// proof-of-correction PDF (the repair form requires at least one file).
pub async fn submit_with_proof(app: &TestApp, client: &Client, path: &str, fields: Fields) -> Response {
    let r = client.get(format!("{}{path}", app.base)).send().await.unwrap();
    assert_eq!(r.status(), 200, "GET {path}");
    let html = r.text().await.unwrap();
    let fields = with(
        with(fields, "csrf", &hidden(&html, "csrf")),
        "form_id",
        &hidden(&html, "form_id"),
    );
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text(k, v);
    }
    let proof = reqwest::multipart::Part::bytes(b"%PDF-1.4\n% proof of payment\n".to_vec())
        .file_name("缴款凭证.pdf")
        .mime_str("application/pdf")
        .unwrap();
    form = form.part("evidence", proof);
    client
        .post(format!("{}{path}", app.base))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Follows a successful POST to the receipt: (tracking number, code, page).
pub async fn receipt(app: &TestApp, client: &Client, r: Response) -> (String, String, String) {
    assert_eq!(r.status(), 303);
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

pub async fn track(app: &TestApp, client: &Client, number: &str, code: &str) -> String {
    let html = client
        .get(format!("{}/track", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let fields = [
        ("csrf", hidden(&html, "csrf")),
        ("tracking_number", number.to_string()),
        ("code", code.to_string()),
    ];
    let r = post(app, client, "/track", &fields).await;
    assert_eq!(r.status(), 200);
    r.text().await.unwrap()
}
