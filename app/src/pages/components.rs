//! Small view pieces shared by several pages.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::dates::format_date;
use crate::domain::kinds::PublicStatus;
use crate::views::{Listing, RecordSummary};

pub fn date_text(d: NaiveDate) -> String {
    format_date(d)
}

#[component]
pub fn StatusBadge(status: PublicStatus) -> impl IntoView {
    let class = match status {
        PublicStatus::InPublicity => "badge badge-active",
        PublicStatus::Listed => "badge badge-listed",
        _ => "badge badge-ended",
    };
    view! { <span class=class>{status.label()}</span> }
}

/// A table of records; the subject column can be left out on a subject's own page.
#[component]
pub fn RecordTable(rows: Vec<RecordSummary>, #[prop(optional)] hide_subject: bool) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">"暂无公示信息。"</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="records">
                <thead>
                    <tr>
                        <th scope="col">"类别"</th>
                        <th scope="col">"内容"</th>
                        {(!hide_subject).then(|| view! { <th scope="col">"行政相对人"</th> })}
                        <th scope="col">"决定机关"</th>
                        <th scope="col">"决定日期"</th>
                        <th scope="col">"状态"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| {
                            let title = if r.title.is_empty() { r.doc_no.clone() } else { r.title.clone() };
                            view! {
                                <tr>
                                    <td data-label="类别">{r.list_name.clone().unwrap_or_else(|| r.kind.label().to_string())}</td>
                                    <td data-label="内容">
                                        <a href=format!("/records/{}", r.id)>{title}</a>
                                        <div class="doc-no">{r.doc_no.clone()}</div>
                                    </td>
                                    {(!hide_subject)
                                        .then(|| {
                                            view! {
                                                <td data-label="行政相对人">
                                                    <a href=format!("/subjects/{}", r.subject_id)>{r.subject_name.clone()}</a>
                                                </td>
                                            }
                                        })}
                                    <td data-label="决定机关">
                                        <a href=format!("/departments/{}", r.authority_id)>{r.authority_name.clone()}</a>
                                    </td>
                                    <td data-label="决定日期">{date_text(r.decision_date)}</td>
                                    <td data-label="状态"><StatusBadge status=r.status /></td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Previous / next links keeping the other query parameters (`base` ends with `?` or `&`).
#[component]
pub fn Pager(listing: Listing, base: String) -> impl IntoView {
    let pages = listing.pages();
    let page = listing.page;
    let prev = (page > 1).then(|| view! { <a rel="prev" href=format!("{base}page={}", page - 1)>"上一页"</a> });
    let next = (page < pages).then(|| view! { <a rel="next" href=format!("{base}page={}", page + 1)>"下一页"</a> });
    view! {
        <nav class="pager" aria-label="分页">
            {prev}
            <span>{format!("第 {page} / {pages} 页，共 {} 条", listing.total)}</span>
            {next}
        </nav>
    }
}
