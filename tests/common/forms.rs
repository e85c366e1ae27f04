//! Helpers for driving the public forms as a browser would.

use reqwest::Client;

/// A browser: keeps cookies, does not follow redirects (so tests see the 303).
pub fn browser() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The value of the hidden input `name` in a page.
pub fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no {name} in {html}")) + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

/// The text of the element with id `id` (no nested tags).
pub fn text_of(html: &str, id: &str) -> Option<String> {
    let marker = format!("id=\"{id}\"");
    let start = html.find(&marker)? + marker.len();
    let rest = &html[start..];
    let rest = &rest[rest.find('>')? + 1..];
    Some(rest.split('<').next().unwrap().to_string())
}

/// A complaint form as a browser posts it, from client `n` behind a trusted
/// proxy (`PORTAL_TRUSTED_PROXIES=127.0.0.1`, so the per-address limit sees
/// many clients). The tracking number once acknowledged, None otherwise.
pub async fn complain_via_proxy(base: String, n: usize) -> Option<String> {
    let client = browser();
    let ip = format!("10.1.{}.{}", n / 250, n % 250 + 1);
    let page = client
        .get(format!("{base}/complaints/new"))
        .send()
        .await
        .ok()?
        .text()
        .await
        .ok()?;
    if !page.contains("name=\"csrf\"") {
        return None; // not the form: an error page
    }
    let fields = [
        ("csrf", hidden(&page, "csrf")),
        ("form_id", hidden(&page, "form_id")),
        ("target_kind", "enterprise".into()),
        ("target_name", "嘉峪关市镜铁食品有限公司".into()),
        ("target_uscc", "91320322MABLP2X24R".into()),
        ("category", "食品安全".into()),
        (
            "description",
            format!("第 {n} 位群众反映：超市出售过期食品，多次反映未改正。"),
        ),
        ("contact_name", "李四".into()),
        ("phone", "13912345678".into()),
        ("email", String::new()),
        ("website", String::new()),
    ];
    let r = client
        .post(format!("{base}/complaints/new"))
        .header("x-forwarded-for", ip)
        .form(&fields)
        .send()
        .await
        .ok()?;
    if r.status() != 303 {
        return None;
    }
    // Acknowledged: the receipt names the tracking number.
    let receipt = client
        .get(format!("{base}/submissions/received"))
        .send()
        .await
        .ok()?
        .text()
        .await
        .ok()?;
    text_of(&receipt, "tracking-number")
}
