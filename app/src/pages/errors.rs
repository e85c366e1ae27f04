//! Friendly error pages: never a stack trace, always what to do next.

use leptos::prelude::*;

use super::document;

pub fn error_page(title: &str, message: &str) -> String {
    let (t, m) = (title.to_string(), message.to_string());
    document(
        title,
        view! {
            <h1>{t}</h1>
            <p>{m}</p>
            <p><a href="/">"返回首页"</a>" · "<a href="/search">"信用查询"</a></p>
        },
    )
}

/// 410: a record that existed but is no longer public (withdrawn, expired, repaired).
pub fn gone_page(status_label: &str, explanation: &str) -> String {
    let (s, e) = (status_label.to_string(), explanation.to_string());
    document(
        "信息不再公示",
        view! {
            <h1>"该信息已不再公示"</h1>
            <p class="record-status"><span class="badge badge-ended">{s}</span></p>
            <p>{e}</p>
            <p><a href="/">"返回首页"</a></p>
        },
    )
}
