//! 典型案例: the list of published cases (`/cases`, filterable by side) and
//! one case with the records it cites (`/cases/{id}`).

use leptos::prelude::*;

use super::components::{date_text, RecordTable};
use super::document;
use crate::domain::typical_case::CaseKind;
use crate::views::RecordSummary;
use chrono::NaiveDate;

/// One case in the list.
#[derive(Clone, Debug)]
pub struct CaseItem {
    pub id: i64,
    pub kind: CaseKind,
    pub title: String,
    pub excerpt: String,
    pub published_on: NaiveDate,
    pub cited: usize,
}

#[derive(Clone, Debug)]
pub struct CaseListView {
    pub selected: Option<CaseKind>,
    pub cases: Vec<CaseItem>,
    pub page: usize,
    pub pages: usize,
    pub total: usize,
}

#[derive(Clone, Debug)]
pub struct CaseView {
    pub kind: CaseKind,
    pub title: String,
    pub summary: String,
    pub source_document: Option<String>,
    pub published_on: NaiveDate,
    pub records: Vec<RecordSummary>,
}

/// The first `chars` characters of a case's account, cut at a sentence end
/// when one is near, for the list.
pub fn excerpt(summary: &str, chars: usize) -> String {
    let text: String = summary.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= chars {
        return text;
    }
    let cut: String = text.chars().take(chars).collect();
    match cut.rfind(['。', '；', '！']) {
        Some(end) if end >= cut.len() / 2 => cut[..end + '。'.len_utf8()].to_string(),
        _ => format!("{cut}…"),
    }
}

pub fn cases_page(v: CaseListView) -> String {
    let base = match v.selected {
        Some(k) => format!("/cases?kind={}&", k.code()),
        None => "/cases?".to_string(),
    };
    let tab = |kind: Option<CaseKind>, label: &'static str| {
        let href = kind.map_or("/cases".to_string(), |k| format!("/cases?kind={}", k.code()));
        let current = (kind == v.selected).then_some("page");
        view! { <a href=href aria-current=current>{label}</a> }
    };
    let list = if v.cases.is_empty() {
        view! { <p class="empty">"暂无典型案例。"</p> }.into_any()
    } else {
        view! {
            <ol class="case-list">
                {v.cases
                    .iter()
                    .map(|c| {
                        view! {
                            <li class="case-item">
                                <h2><a href=format!("/cases/{}", c.id)>{c.title.clone()}</a></h2>
                                <p class="case-meta">
                                    <span class=badge_class(c.kind)>{c.kind.label()}</span>
                                    " 发布日期："{date_text(c.published_on)}
                                    {format!(" · 引用信息 {} 条", c.cited)}
                                </p>
                                <p>{c.excerpt.clone()}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        }
        .into_any()
    };
    let (page, pages) = (v.page, v.pages);
    let prev = (page > 1).then(|| view! { <a rel="prev" href=format!("{base}page={}", page - 1)>"上一页"</a> });
    let next = (page < pages).then(|| view! { <a rel="next" href=format!("{base}page={}", page + 1)>"下一页"</a> });
    let body = view! {
        <h1>"典型案例"</h1>
        <p>"信用管理部门发布的守信典型和失信典型案例，每个案例附有其引用的公示信息。案例引用的信息不再公示（公示期满、信用修复或撤销）时，案例随之撤下。"</p>
        <nav class="tabs" aria-label="案例类别">
            {tab(None, "全部")}
            {tab(Some(CaseKind::Trustworthy), "守信典型")}
            {tab(Some(CaseKind::Untrustworthy), "失信典型")}
        </nav>
        {list}
        <nav class="pager" aria-label="分页">
            {prev}
            <span>{format!("第 {page} / {pages} 页，共 {} 个案例", v.total)}</span>
            {next}
        </nav>
    };
    document("典型案例", body)
}

fn badge_class(kind: CaseKind) -> &'static str {
    match kind {
        CaseKind::Trustworthy => "badge badge-listed",
        CaseKind::Untrustworthy => "badge badge-ended",
    }
}

pub fn case_page(v: CaseView) -> String {
    let title = v.title.clone();
    let paragraphs = v
        .summary
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| view! { <p>{l.to_string()}</p> })
        .collect_view();
    let body = view! {
        <p class="breadcrumb"><a href="/cases">"典型案例"</a></p>
        <h1>{v.title.clone()}</h1>
        <p class="case-meta">
            <span class=badge_class(v.kind)>{v.kind.label()}</span>
            " 发布日期："{date_text(v.published_on)}
            {v.source_document.clone().map(|s| format!(" · 发布依据：{s}"))}
        </p>
        <div class="case-summary">{paragraphs}</div>
        <h2>"案例引用的公示信息"</h2>
        <RecordTable rows=v.records />
    };
    document(&title, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_ends_at_a_sentence_or_with_an_ellipsis() {
        assert_eq!(excerpt("短。", 10), "短。");
        let two = "第一句话写完了。第二句话很长很长很长很长很长";
        assert_eq!(excerpt(two, 12), "第一句话写完了。");
        assert_eq!(excerpt("没有句号的一段很长很长的话", 5), "没有句号的…");
        assert_eq!(excerpt("分行\n  的文字", 20), "分行 的文字");
    }
}
