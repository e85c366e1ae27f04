//! The search page. Until the full-text index lands this finds subjects by
//! name fragment or code, and records by exact document number.

use leptos::prelude::*;

use super::components::RecordTable;
use super::document;
use crate::views::SearchResults;

pub fn search_page(r: SearchResults) -> String {
    let q = r.query.clone();
    let searched = !q.trim().is_empty();
    let none = searched && r.subjects.is_empty() && r.records.is_empty();
    let body = view! {
        <h1>"信用查询"</h1>
        <form class="search-box" action="/search" method="get" role="search">
            <label for="q">"企业名称、统一社会信用代码或决定书文号"</label>
            <div class="search-row">
                <input id="q" name="q" type="search" maxlength="100" value=q.clone() />
                <button type="submit">"查询"</button>
            </div>
        </form>
        {(!r.subjects.is_empty()).then(|| view! {
            <h2>"主体"</h2>
            <ul class="subject-hits">
                {r.subjects.iter().map(|s| view! {
                    <li>
                        <a href=format!("/subjects/{}", s.id)>{s.name.clone()}</a>
                        <span class="meta">{s.kind.label()}{s.uscc.clone().map(|c| format!(" · {c}"))}</span>
                    </li>
                }).collect_view()}
            </ul>
        })}
        {(!r.records.is_empty()).then(|| view! { <h2>"决定书"</h2><RecordTable rows=r.records.clone() /> })}
        {none.then(|| view! {
            <p class="empty">"没有找到相关信息。超过公示期限或已依法修复、撤销的信息不再公示。"</p>
        })}
    };
    document("信用查询", body)
}
