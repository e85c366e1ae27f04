//! The queues of public submissions and one submission with its actions.

use leptos::prelude::*;

use super::{admin_document, flash, AdminNav};
use crate::pages::form_parts::escape_text;

/// One line of a queue.
#[derive(Clone, Debug)]
pub struct QueueItem {
    pub id: i64,
    pub tracking_number: String,
    pub kind_label: String,
    pub status_label: String,
    pub subject: String,
    pub category: String,
    pub received: String,
    /// "决定是否受理 · 2026-12-01"
    pub step: Option<String>,
    pub urgency: Option<String>,
    pub overdue: bool,
}

#[derive(Clone, Debug, Default)]
pub struct QueueView {
    pub nav: AdminNav,
    pub title: String,
    /// (label, href, current) filter links.
    pub filters: Vec<(String, String, bool)>,
    pub items: Vec<QueueItem>,
}

pub fn queue_page(v: QueueView) -> String {
    let nav = v.nav.clone();
    let title = v.title.clone();
    admin_document(
        &title,
        Some(&nav),
        view! {
            <h1>{v.title.clone()}</h1>
            <nav aria-label="筛选" class="filters">
                <ul>
                    {v.filters.iter().map(|(label, href, current)| view! {
                        <li><a href=href.clone() aria-current=current.then_some("page")>{label.clone()}</a></li>
                    }).collect_view()}
                </ul>
            </nav>
            {if v.items.is_empty() {
                view! { <p id="queue-empty">"没有待处理的事项。"</p> }.into_any()
            } else {
                view! {
                    <table class="data-table" id="queue">
                        <caption>{format!("共 {} 件，最紧急的在前", v.items.len())}</caption>
                        <thead><tr>
                            <th scope="col">"编号"</th><th scope="col">"类别"</th><th scope="col">"对象 / 申请人"</th>
                            <th scope="col">"事由"</th><th scope="col">"收到"</th><th scope="col">"状态"</th><th scope="col">"期限"</th>
                        </tr></thead>
                        <tbody>
                            {v.items.iter().map(|i| view! {
                                <tr class={if i.overdue { "overdue" } else { "" }}>
                                    <td><a href=format!("/admin/submissions/{}", i.id)>{i.tracking_number.clone()}</a></td>
                                    <td>{i.kind_label.clone()}</td>
                                    <td>{i.subject.clone()}</td>
                                    <td>{i.category.clone()}</td>
                                    <td>{i.received.clone()}</td>
                                    <td>{i.status_label.clone()}</td>
                                    <td>{i.step.clone().unwrap_or_default()}" "<strong>{i.urgency.clone().unwrap_or_default()}</strong></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        },
    )
}

#[derive(Clone, Debug, Default)]
pub struct SubmissionView {
    pub nav: AdminNav,
    pub id: i64,
    pub tracking_number: String,
    pub kind_label: String,
    pub status_label: String,
    /// What was submitted, labelled (the submitter's identity only for the credit office).
    pub details: Vec<(String, String)>,
    /// The record it is about: (title, public link, back-office link).
    pub record: Option<(String, String)>,
    /// (label, download href, size)
    pub attachments: Vec<(String, String, String)>,
    /// Shown instead of the attachments when this account may not have them.
    pub attachments_note: Option<String>,
    /// (what, when)
    pub timeline: Vec<(String, String)>,
    pub deadline: Option<String>,
    /// An objection in hand: whether its record was corrected since
    /// acceptance, and the correction form's address for an account that may use it.
    pub correction: Option<(String, Option<String>)>,
    pub outcome: Option<String>,
    /// (code, button label) of the allowed actions.
    pub actions: Vec<(String, String)>,
    /// Departments for "assign": (id, name).
    pub departments: Vec<(i64, String)>,
    /// Whether this account may decide (a provider only reads).
    pub can_decide: bool,
    pub error: Option<String>,
    pub notice: Option<String>,
    /// The text typed before an error, kept.
    pub text: String,
}

pub fn submission_page(v: SubmissionView) -> String {
    let nav = v.nav.clone();
    let title = format!("{} {}", v.kind_label, v.tracking_number);
    let needs_text = v
        .actions
        .iter()
        .any(|(code, _)| !matches!(code.as_str(), "accept" | "assign" | "confirm_pledge" | "close"));
    let has_assign = v.actions.iter().any(|(code, _)| code == "assign");
    admin_document(
        &title,
        Some(&nav),
        view! {
            {flash(v.notice.clone())}
            {v.error.clone().map(|e| view! {
                <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
                    <h2 id="error-summary-title">"操作未完成"</h2>
                    <ul><li><a href="#text">{e}</a></li></ul>
                </div>
            })}
            <p><a href="/admin/submissions">"← 返回待办"</a></p>
            <h1>{title.clone()}</h1>
            <p class="status-line">"状态："<strong id="status">{v.status_label.clone()}</strong>
                {v.deadline.clone().map(|d| view! { " · " <span id="deadline">{d}</span> })}</p>
            {v.outcome.clone().map(|o| view! { <p id="outcome">"结果："{o}</p> })}
            {v.record.clone().map(|(label, href)| view! {
                <p>"所涉信息："<a href=href>{label}</a></p>
            })}
            {v.correction.clone().map(|(text, edit)| view! {
                <p id="correction">{text}
                    {edit.map(|href| view! { " "<a href=href>"更正该信息"</a> })}
                </p>
            })}
            <dl class="facts">
                {v.details.iter().map(|(k, val)| view! { <dt>{k.clone()}</dt><dd class="pre-wrap">{val.clone()}</dd> }).collect_view()}
            </dl>
            <h2>"附件"</h2>
            {if let Some(note) = v.attachments_note.clone() {
                view! { <p id="attachments-withheld">{note}</p> }.into_any()
            } else if v.attachments.is_empty() {
                view! { <p>"无附件。"</p> }.into_any()
            } else {
                view! {
                    <ul id="attachments">
                        {v.attachments.iter().map(|(name, href, size)| view! {
                            <li><a href=href.clone()>{name.clone()}</a>" （"{size.clone()}"）"</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h2>"办理经过"</h2>
            <ol class="timeline">
                {v.timeline.iter().map(|(what, when)| view! { <li><span class="timeline-what">{what.clone()}</span>" "<time>{when.clone()}</time></li> }).collect_view()}
            </ol>
            {(v.can_decide && !v.actions.is_empty()).then(|| view! {
                <h2>"办理"</h2>
                <form class="submission-form" action=format!("/admin/submissions/{}", v.id) method="post" novalidate>
                    <input type="hidden" name="csrf" value=v.nav.csrf.clone() />
                    {needs_text.then(|| view! {
                        <div class={if v.error.is_some() { "field field-error" } else { "field" }}>
                            <label for="text">"理由或答复（提交人可在进度查询中看到）"</label>
                            <p class="hint" id="text-hint">"不予受理、不予修复、不予确认须写明理由；作出决定须写明答复。受理、转办、办结可不填。"</p>
                            <textarea id="text" name="text" rows="6" aria-describedby="text-hint" inner_html=escape_text(&v.text)></textarea>
                        </div>
                    })}
                    {has_assign.then(|| view! {
                        <div class="field">
                            <label for="department_id">"核查单位（转办时选择）"</label>
                            <select id="department_id" name="department_id">
                                <option value="">"请选择"</option>
                                {v.departments.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                    })}
                    <div class="button-row">
                        {v.actions.iter().map(|(code, label)| view! {
                            <button type="submit" name="action" value=code.clone()>{label.clone()}</button>
                        }).collect_view()}
                    </div>
                </form>
            })}
        },
    )
}
