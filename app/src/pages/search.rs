//! The search page: one box, filters, results with highlighted snippets,
//! counts per kind, pagination, and a helpful empty state. A plain GET form,
//! so it works without JavaScript and every result page has its own URL.

use leptos::prelude::*;

use super::components::date_text;
use super::document;
use crate::domain::kinds::{RecordKind, SubjectKind};
use crate::views::SearchPage;

pub fn search_page(p: SearchPage) -> String {
    let title = if p.query.is_empty() {
        "信用查询".to_string()
    } else {
        format!("“{}”的查询结果", p.query)
    };
    let selected_kind = p.kind;
    let selected_dept = p.department;
    let selected_subject_kind = p.subject_kind;
    let status = p.status.clone();
    let sort = p.sort.clone();
    let facet_query = p.facet_query.clone();
    let base = p.base_query.clone();
    let (page, pages) = (p.page, p.pages);
    let prev = (page > 1).then(|| view! { <a rel="prev" href=format!("/search?{base}page={}", page - 1)>"上一页"</a> });
    let next =
        (page < pages).then(|| view! { <a rel="next" href=format!("/search?{base}page={}", page + 1)>"下一页"</a> });
    let total = p.total;
    let body = view! {
        <h1>"信用查询"</h1>
        <form class="search-form" action="/search" method="get" role="search">
            <div class="search-box">
                <label for="q">"企业名称、个体工商户名称、统一社会信用代码、决定书文号或违法行为"</label>
                <div class="search-row">
                    <input id="q" name="q" type="search" maxlength="100" value=p.query.clone() />
                    <button type="submit">"查询"</button>
                </div>
            </div>
            <details class="filters-panel" open={selected_kind.is_some() || selected_dept.is_some() || selected_subject_kind.is_some() || !p.category.is_empty() || !p.from.is_empty() || !p.to.is_empty() || !status.is_empty()}>
                <summary>"筛选条件"</summary>
                <div class="filters">
                    <div class="field">
                        <label for="kind">"信息类别"</label>
                        <select id="kind" name="kind">
                            <option value="">"全部类别"</option>
                            {RecordKind::ALL.into_iter().map(|k| view! {
                                <option value=k.code() selected={selected_kind == Some(k)}>{k.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="department">"决定机关"</label>
                        <select id="department" name="department">
                            <option value="">"全部机关"</option>
                            {p.departments.iter().map(|(id, name)| view! {
                                <option value=id.to_string() selected={selected_dept == Some(*id)}>{name.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="subject_kind">"主体类别"</label>
                        <select id="subject_kind" name="subject_kind">
                            <option value="">"全部主体"</option>
                            {SubjectKind::ALL.into_iter().map(|k| view! {
                                <option value=k.code() selected={selected_subject_kind == Some(k)}>{k.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="category">"处罚/许可类别或名单"</label>
                        <input id="category" name="category" type="text" maxlength="50" value=p.category.clone() />
                    </div>
                    <div class="field">
                        <label for="from">"决定日期自"</label>
                        <input id="from" name="from" type="date" value=p.from.clone() />
                    </div>
                    <div class="field">
                        <label for="to">"至"</label>
                        <input id="to" name="to" type="date" value=p.to.clone() />
                    </div>
                    <div class="field">
                        <label for="status">"状态"</label>
                        <select id="status" name="status">
                            <option value="">"全部"</option>
                            <option value="in_force" selected={status == "in_force"}>"公示中的决定"</option>
                            <option value="listed" selected={status == "listed"}>"列入名单"</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="sort">"排序"</label>
                        <select id="sort" name="sort">
                            <option value="relevance" selected={sort != "date"}>"相关度"</option>
                            <option value="date" selected={sort == "date"}>"决定日期（新→旧）"</option>
                        </select>
                    </div>
                </div>
            </details>
        </form>
        {p.searched.then(|| view! {
            <nav class="facets" aria-label="按类别">
                <a href=format!("/search?{facet_query}") aria-current=selected_kind.is_none().then_some("page")>
                    {format!("全部（{}）", p.facets.iter().map(|(_, n)| n).sum::<u64>())}
                </a>
                {p.facets.iter().map(|(k, n)| view! {
                    <a href=format!("/search?{facet_query}kind={}", k.code()) aria-current=(selected_kind == Some(*k)).then_some("page")>
                        {format!("{}（{}）", k.label(), n)}
                    </a>
                }).collect_view()}
            </nav>
            <p class="result-count" role="status">{format!("共找到 {total} 条公示信息")}</p>
        })}
        {p.notes.iter().map(|n| view! { <p class="note">{n.clone()}</p> }).collect_view()}
        <ol class="hits">
            {p.hits.into_iter().map(|h| view! {
                <li class="hit">
                    <div class="hit-head">
                        <span class="hit-kind">{h.kind.label()}</span>
                        <a class="hit-subject" href=format!("/subjects/{}", h.subject_id) inner_html=h.subject_name_html></a>
                    </div>
                    <a class="hit-title" href=format!("/records/{}", h.id)>{if h.title.is_empty() { h.doc_no.clone() } else { h.title.clone() }}</a>
                    {(!h.snippet_html.is_empty()).then(|| view! { <p class="snippet" inner_html=h.snippet_html.clone()></p> })}
                    <p class="meta">{h.doc_no.clone()}" · "{h.authority_name.clone()}" · "{date_text(h.decision_date)}</p>
                </li>
            }).collect_view()}
        </ol>
        {(pages > 1).then(|| view! {
            <nav class="pager" aria-label="分页">
                {prev}
                <span>{format!("第 {page} / {pages} 页")}</span>
                {next}
            </nav>
        })}
    };
    document(&title, body)
}
