//! 信息报送: a department's records (an admin's: every department's) and one
//! record as the back-office sees it, with its actions.

use leptos::prelude::*;

use super::{admin_document, flash, AdminNav};
use crate::pages::form_parts::escape_text;

/// One line of the list.
#[derive(Clone, Debug)]
pub struct RecordListItem {
    pub id: i64,
    pub kind_label: String,
    pub doc_no: String,
    pub title: String,
    pub subject: String,
    pub department: String,
    pub decision_date: String,
    pub state_label: String,
    /// For records not online yet: the deadline words and whether overdue.
    pub deadline: Option<(String, bool)>,
}

#[derive(Clone, Debug, Default)]
pub struct RecordsView {
    pub nav: AdminNav,
    pub items: Vec<RecordListItem>,
    /// The department filter (admins only): (id, name); empty for a provider.
    pub departments: Vec<(String, String)>,
    pub department: String,
    pub page: i64,
    pub pages: i64,
    pub total: i64,
}

fn page_href(page: i64, department: &str) -> String {
    if department.is_empty() {
        format!("/admin/records?page={page}")
    } else {
        format!("/admin/records?department={department}&page={page}")
    }
}

pub fn records_page(v: RecordsView) -> String {
    let nav = v.nav.clone();
    let prev = (v.page > 1).then(|| page_href(v.page - 1, &v.department));
    let next = (v.page < v.pages).then(|| page_href(v.page + 1, &v.department));
    admin_document(
        "信息报送",
        Some(&nav),
        view! {
            <h1>"信息报送"</h1>
            <p class="button-row">
                <a class="button" href="/admin/records/new">"新增一条信息"</a>
                " "
                <a class="button" href="/admin/records/upload">"上传 CSV / Excel 文件"</a>
                " "
                <a class="button" href="/admin/records/overdue-pledges">"逾期未践诺的承诺"</a>
            </p>
            {(!v.departments.is_empty()).then(|| view! {
                <form action="/admin/records" method="get" class="filters">
                    <label for="department">"数据来源单位"</label>
                    <select id="department" name="department">
                        <option value="">"全部部门"</option>
                        {v.departments.iter().map(|(id, name)| view! {
                            <option value=id.clone() selected={*id == v.department}>{name.clone()}</option>
                        }).collect_view()}
                    </select>
                    <button type="submit">"筛选"</button>
                </form>
            })}
            {if v.items.is_empty() {
                view! { <p id="records-empty">"还没有报送的信息。"</p> }.into_any()
            } else {
                view! {
                    <table class="data-table" id="records">
                        <caption>{format!("共 {} 条，最新的在前；第 {} / {} 页", v.total, v.page, v.pages)}</caption>
                        <thead><tr>
                            <th scope="col">"类别"</th><th scope="col">"文书号"</th><th scope="col">"行政相对人"</th>
                            <th scope="col">"数据来源单位"</th><th scope="col">"决定日期"</th><th scope="col">"状态"</th>
                            <th scope="col">"上线期限"</th>
                        </tr></thead>
                        <tbody>
                            {v.items.iter().map(|i| {
                                let overdue = i.deadline.as_ref().is_some_and(|(_, o)| *o);
                                view! {
                                    <tr class={if overdue { "overdue" } else { "" }}>
                                        <td>{i.kind_label.clone()}</td>
                                        <td><a href=format!("/admin/records/{}", i.id)>{i.doc_no.clone()}</a></td>
                                        <td>{i.subject.clone()}</td>
                                        <td>{i.department.clone()}</td>
                                        <td>{i.decision_date.clone()}</td>
                                        <td>{i.state_label.clone()}</td>
                                        <td>{i.deadline.clone().map(|(words, overdue)| if overdue {
                                            view! { <strong class="deadline-overdue">{words}</strong> }.into_any()
                                        } else {
                                            view! { <span>{words}</span> }.into_any()
                                        })}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <nav aria-label="分页" class="pager">
                {prev.map(|href| view! { <a href=href rel="prev">"上一页"</a> })}
                " "
                {next.map(|href| view! { <a href=href rel="next">"下一页"</a> })}
            </nav>
        },
    )
}

/// A replaced version: (version number, when replaced, its columns).
pub type VersionItem = (i64, String, Vec<(String, String)>);

#[derive(Clone, Debug, Default)]
pub struct RecordAdminView {
    pub nav: AdminNav,
    pub id: i64,
    pub kind_label: String,
    pub doc_no: String,
    pub title: String,
    pub department: String,
    pub state_label: String,
    pub state_reason: Option<String>,
    pub deadline: Option<(String, bool)>,
    pub version: i64,
    /// The current national columns, full personal IDs included (back-office only).
    pub columns: Vec<(String, String)>,
    pub versions: Vec<VersionItem>,
    /// (when, what) from the change log.
    pub history: Vec<(String, String)>,
    pub can_publish_draft: bool,
    pub can_correct: bool,
    pub can_withdraw: bool,
    /// The public page, when it is online.
    pub public_link: Option<String>,
    pub notice: Option<String>,
    /// What validation accepted but wants checked (e.g. an early pilot USCC).
    pub warnings: Vec<String>,
    /// The withdraw form's error and reason, kept.
    pub withdraw_error: Option<String>,
    pub withdraw_reason: String,
    /// A pledge's fulfilment and the 践诺 form; None for other kinds.
    pub pledge: Option<PledgeAdmin>,
}

/// A pledge's fulfilment on its back-office page, and the 践诺登记 form.
#[derive(Clone, Debug, Default)]
pub struct PledgeAdmin {
    /// `pledge_fulfilment::Fulfilment::label` as of today.
    pub fulfilment: String,
    pub overdue: bool,
    pub due_date: Option<String>,
    /// Published and still running (or overdue): the form is offered.
    pub can_fulfil: bool,
    /// The form's errors (field, message) and values, kept.
    pub errors: Vec<(String, String)>,
    pub outcome: String,
    pub fulfilled_on: String,
    pub reason: String,
}

/// The overdue pledges list.
#[derive(Clone, Debug, Default)]
pub struct OverduePledgesView {
    pub nav: AdminNav,
    pub today: String,
    /// (record id, type, matter, pledger, due date, days overdue)
    pub items: Vec<(i64, String, String, String, String, i64)>,
}

pub fn overdue_pledges_page(v: OverduePledgesView) -> String {
    let nav = v.nav.clone();
    admin_document(
        "逾期未践诺的承诺",
        Some(&nav),
        view! {
            <p><a href="/admin/records">"← 返回信息报送"</a></p>
            <h1>"逾期未践诺的承诺"</h1>
            <p>{format!("截至 {}，已过承诺履行期限、仍为履约中的承诺。打开承诺登记践诺情况（已履约及践诺日期，或未履约及说明）。", v.today)}</p>
            {if v.items.is_empty() {
                view! { <p id="overdue-empty">"没有逾期未践诺的承诺。"</p> }.into_any()
            } else {
                view! {
                    <table class="data-table" id="overdue-pledges">
                        <caption>{format!("共 {} 项，逾期最久的在前", v.items.len())}</caption>
                        <thead><tr>
                            <th scope="col">"承诺类型"</th><th scope="col">"承诺事项"</th><th scope="col">"承诺主体"</th>
                            <th scope="col">"承诺履行期限"</th><th scope="col">"逾期"</th>
                        </tr></thead>
                        <tbody>
                            {v.items.iter().map(|(id, t, matter, subject, due, days)| view! {
                                <tr class="overdue">
                                    <td>{t.clone()}</td>
                                    <td><a href=format!("/admin/records/{id}")>{matter.clone()}</a></td>
                                    <td>{subject.clone()}</td>
                                    <td>{due.clone()}</td>
                                    <td><strong class="deadline-overdue">{format!("{days} 天")}</strong></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        },
    )
}

fn pledge_section(p: PledgeAdmin, id: i64, csrf: String) -> impl IntoView {
    let error = |field: &str| p.errors.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone());
    let (outcome_error, date_error, reason_error) = (error("outcome"), error("fulfilled_on"), error("breach_reason"));
    let field = |has: bool| if has { "field field-error" } else { "field" };
    let message = |id: &'static str, e: Option<String>| {
        e.map(|e| view! { <p class="error-message" id=format!("{id}-error")><span class="visually-hidden">"错误："</span>{e}</p> })
    };
    view! {
        <h2>"践诺情况"</h2>
        <dl class="facts" id="pledge-admin">
            <dt>"承诺履行期限"</dt><dd>{p.due_date.clone().unwrap_or_else(|| "未约定".to_string())}</dd>
            <dt>"履约状态"</dt>
            <dd id="fulfilment" class={if p.overdue { "deadline-overdue" } else { "" }}>{p.fulfilment.clone()}</dd>
        </dl>
        {p.can_fulfil.then(|| view! {
            {(!p.errors.is_empty()).then(|| view! {
                <div class="error-summary" role="alert" aria-labelledby="fulfil-errors-title" tabindex="-1">
                    <h2 id="fulfil-errors-title">"提交内容有误"</h2>
                    <ul>{p.errors.iter().map(|(f, m)| view! { <li><a href=format!("#{f}")>{m.clone()}</a></li> }).collect_view()}</ul>
                </div>
            })}
            <form class="submission-form" action=format!("/admin/records/{id}/fulfil") method="post" novalidate id="fulfil-form">
                <input type="hidden" name="csrf" value=csrf />
                <fieldset class=field(outcome_error.is_some()) id="outcome">
                    <legend>"登记践诺情况（公开显示，并记入变更记录）"</legend>
                    {message("outcome", outcome_error.clone())}
                    <div class="radio"><input type="radio" id="outcome-kept" name="outcome" value="kept" checked={p.outcome == "kept"} />
                        <label for="outcome-kept">"已履约"</label></div>
                    <div class="radio"><input type="radio" id="outcome-broken" name="outcome" value="broken" checked={p.outcome == "broken"} />
                        <label for="outcome-broken">"未履约"</label></div>
                </fieldset>
                <div class=field(date_error.is_some())>
                    <label for="fulfilled_on">"践诺日期（已履约时必填）"</label>
                    {message("fulfilled_on", date_error.clone())}
                    <input type="date" id="fulfilled_on" name="fulfilled_on" value=p.fulfilled_on.clone() />
                </div>
                <div class=field(reason_error.is_some())>
                    <label for="breach_reason">"未履约说明（未履约时必填，公开显示）"</label>
                    {message("breach_reason", reason_error.clone())}
                    <textarea id="breach_reason" name="breach_reason" rows="3" inner_html=escape_text(&p.reason)></textarea>
                </div>
                <button type="submit">"登记践诺情况"</button>
            </form>
        })}
    }
}

pub fn record_admin_page(v: RecordAdminView) -> String {
    let nav = v.nav.clone();
    let title = format!("{} {}", v.kind_label, v.doc_no);
    let full_title = if v.withdraw_error.is_some() {
        format!("错误：{title}")
    } else {
        title.clone()
    };
    let csrf = v.nav.csrf.clone();
    admin_document(
        &full_title,
        Some(&nav),
        view! {
            {flash(v.notice.clone())}
            {v.withdraw_error.clone().map(|e| view! {
                <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
                    <h2 id="error-summary-title">"提交内容有误"</h2>
                    <ul><li><a href="#reason">{e}</a></li></ul>
                </div>
            })}
            <p><a href="/admin/records">"← 返回信息报送"</a></p>
            <h1>{title.clone()}</h1>
            {(!v.warnings.is_empty()).then(|| view! {
                <div class="notice" role="status" id="warnings">
                    <p>"请核实："</p>
                    <ul>{v.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
                </div>
            })}
            <p class="status-line">"状态："<strong id="state">{v.state_label.clone()}</strong>
                {v.state_reason.clone().map(|r| view! { "（" {r} "）" })}
                {v.deadline.clone().map(|(words, overdue)| view! {
                    " · " <span id="deadline" class={if overdue { "deadline-overdue" } else { "" }}>{words}</span>
                })}
            </p>
            <p>{format!("{} · 数据来源单位：{} · 第 {} 版", v.title, v.department, v.version)}</p>
            {v.public_link.clone().map(|href| view! { <p><a href=href.clone()>"查看公开页面"</a></p> })}
            <div class="button-row">
                {v.can_publish_draft.then(|| view! {
                    <form action=format!("/admin/records/{}/publish", v.id) method="post" class="inline-form">
                        <input type="hidden" name="csrf" value=csrf.clone() />
                        <button type="submit">"发布"</button>
                    </form>
                })}
                {v.can_correct.then(|| view! { <a class="button" href=format!("/admin/records/{}/edit", v.id)>"更正"</a> })}
            </div>
            {v.pledge.clone().map(|p| pledge_section(p, v.id, csrf.clone()))}
            <h2>"当前内容"</h2>
            <dl class="facts" id="columns">
                {v.columns.iter().map(|(k, val)| view! { <dt>{k.clone()}</dt><dd class="pre-wrap">{val.clone()}</dd> }).collect_view()}
            </dl>
            <h2>"历史版本"</h2>
            {if v.versions.is_empty() {
                view! { <p id="versions-empty">"没有更正过。"</p> }.into_any()
            } else {
                view! {
                    <div id="versions">
                        {v.versions.iter().map(|(number, when, cols)| view! {
                            <details>
                                <summary>{format!("第 {number} 版（{when} 被更正）")}</summary>
                                <dl class="facts">
                                    {cols.iter().map(|(k, val)| view! { <dt>{k.clone()}</dt><dd class="pre-wrap">{val.clone()}</dd> }).collect_view()}
                                </dl>
                            </details>
                        }).collect_view()}
                    </div>
                }.into_any()
            }}
            <h2>"变更记录"</h2>
            <ol class="timeline" id="history">
                {v.history.iter().map(|(when, what)| view! { <li><span class="timeline-what">{what.clone()}</span>" "<time>{when.clone()}</time></li> }).collect_view()}
            </ol>
            {v.can_withdraw.then(|| view! {
                <h2>"撤销"</h2>
                <form class="submission-form" action=format!("/admin/records/{}/withdraw", v.id) method="post" novalidate>
                    <input type="hidden" name="csrf" value=csrf.clone() />
                    <div class={if v.withdraw_error.is_some() { "field field-error" } else { "field" }}>
                        <label for="reason">"撤销理由（必填，公开显示）"</label>
                        <p class="hint" id="reason-hint">"如：原决定已被撤销（嘉市监撤〔2026〕1号）。撤销后信息立即停止公示，撤销记录保留在变更记录中。"</p>
                        {v.withdraw_error.clone().map(|e| view! {
                            <p class="error-message" id="reason-error"><span class="visually-hidden">"错误："</span>{e}</p>
                        })}
                        <textarea id="reason" name="reason" rows="4" aria-describedby="reason-hint" inner_html=escape_text(&v.withdraw_reason)></textarea>
                    </div>
                    <button type="submit">"撤销此信息"</button>
                </form>
            })}
        },
    )
}
