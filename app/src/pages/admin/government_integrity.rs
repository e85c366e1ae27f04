//! `/admin/integrity` and `/admin/evaluations`: the credit office orders
//! 书面说明 / 限期整改 on government integrity records and publishes 政务诚信评价
//! results; the department accountable reports each remedy done.

use leptos::prelude::*;

use super::{admin_document, flash, AdminNav};
use crate::domain::field_error::FieldError;
use crate::domain::integrity_evaluation::Evaluator;
use crate::domain::integrity_remedy::Remedy;
use crate::pages::form_parts::{error_summary, form_title, select_field, text_field, textarea_field, TextField};

/// One government integrity record in the back-office list.
#[derive(Clone, Debug, Default)]
pub struct IntegrityRecordItem {
    pub id: i64,
    pub title: String,
    pub doc_no: String,
    pub subject_name: String,
    pub unit_name: Option<String>,
    pub decided: String,
    /// Remedies not done (of which overdue), and done.
    pub open: i64,
    pub overdue: i64,
    pub done: i64,
}

#[derive(Clone, Debug, Default)]
pub struct IntegrityAdminView {
    pub nav: AdminNav,
    pub records: Vec<IntegrityRecordItem>,
    /// Whether the list is limited to the provider's own department.
    pub own_only: bool,
}

pub fn integrity_admin_page(v: IntegrityAdminView) -> String {
    let nav = v.nav.clone();
    admin_document(
        "政务诚信",
        Some(&nav),
        view! {
            <h1>"政务诚信：书面说明与限期整改"</h1>
            <p>{if v.own_only {
                "本单位作为所在单位或数据来源单位的、公示中的政务失信记录。整改完成后在记录页登记完成情况，登记内容随记录公开。"
            } else {
                "公示中的政务失信记录。信用办可责令书面说明或限期整改；逾期未完成的，系统于期满次日自动公开通报。"
            }}</p>
            {v.nav.can_supervise_integrity.then(|| view! { <p><a href="/admin/evaluations">"政务诚信评价结果"</a></p> })}
            <table class="data-table" id="integrity-records">
                <thead><tr>
                    <th scope="col">"编号"</th><th scope="col">"失信事实"</th><th scope="col">"主体"</th>
                    <th scope="col">"所在单位"</th><th scope="col">"认定日期"</th><th scope="col">"整改"</th>
                </tr></thead>
                <tbody>
                    {v.records.iter().map(|r| view! {
                        <tr id=format!("integrity-{}", r.id)>
                            <td><a href=format!("/admin/integrity/{}", r.id)>{r.id}</a></td>
                            <td>{r.title.clone()}" "<small>{r.doc_no.clone()}</small></td>
                            <td>{r.subject_name.clone()}</td>
                            <td>{r.unit_name.clone().unwrap_or_else(|| "—".into())}</td>
                            <td>{r.decided.clone()}</td>
                            <td>{format!("未完成 {}（逾期 {}），已完成 {}", r.open, r.overdue, r.done)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        },
    )
}

/// One remedy on the record's back-office page.
#[derive(Clone, Debug, Default)]
pub struct RemedyAdminItem {
    pub id: i64,
    pub remedy: String,
    pub requirement: String,
    pub ordered: String,
    pub due: String,
    pub state: String,
    pub overdue: bool,
    /// "2026-12-09：…" once done.
    pub done: Option<String>,
    pub can_report: bool,
}

/// The order form as typed.
#[derive(Clone, Debug, Default)]
pub struct RemedyOrderValues {
    pub remedy: String,
    pub requirement: String,
    pub due_date: String,
}

#[derive(Clone, Debug, Default)]
pub struct IntegrityRecordAdminView {
    pub nav: AdminNav,
    pub record_id: i64,
    pub title: String,
    pub doc_no: String,
    pub subject_name: String,
    pub unit_name: Option<String>,
    pub decided: String,
    pub remedies: Vec<RemedyAdminItem>,
    pub can_order: bool,
    pub form: RemedyOrderValues,
    pub errors: Vec<FieldError>,
    pub notice: Option<String>,
}

pub fn integrity_record_admin_page(v: IntegrityRecordAdminView) -> String {
    let nav = v.nav.clone();
    let title = form_title(&format!("政务失信记录 {}", v.record_id), &v.errors);
    let remedies: Vec<(String, String)> = Remedy::ALL
        .iter()
        .map(|r| (r.code().to_string(), r.label().to_string()))
        .collect();
    admin_document(
        &title,
        Some(&nav),
        view! {
            {flash(v.notice.clone())}
            {error_summary(&v.errors)}
            <p><a href="/admin/integrity">"← 政务诚信"</a></p>
            <h1>{format!("政务失信记录 {}", v.record_id)}</h1>
            <dl class="facts">
                <dt>"失信事实"</dt><dd>{v.title.clone()}</dd>
                <dt>"文书号"</dt><dd>{v.doc_no.clone()}</dd>
                <dt>"主体"</dt><dd>{v.subject_name.clone()}</dd>
                <dt>"所在单位"</dt><dd>{v.unit_name.clone().unwrap_or_else(|| "—".into())}</dd>
                <dt>"认定日期"</dt><dd>{v.decided.clone()}</dd>
            </dl>
            <p><a href=format!("/records/{}", v.record_id)>"公开页面"</a></p>
            <h2>"书面说明与限期整改"</h2>
            {if v.remedies.is_empty() {
                view! { <p>"尚未责令书面说明或限期整改。"</p> }.into_any()
            } else {
                view! {
                    <table class="data-table" id="remedies">
                        <thead><tr>
                            <th scope="col">"要求"</th><th scope="col">"内容"</th><th scope="col">"责令日期"</th>
                            <th scope="col">"完成期限"</th><th scope="col">"状态"</th><th scope="col">"完成情况"</th>
                        </tr></thead>
                        <tbody>
                            {v.remedies.iter().map(|m| view! {
                                <tr id=format!("remedy-{}", m.id) class=if m.overdue { "remedy-overdue" } else { "remedy" }>
                                    <th scope="row">{m.remedy.clone()}</th>
                                    <td>{m.requirement.clone()}</td>
                                    <td>{m.ordered.clone()}</td>
                                    <td>{m.due.clone()}</td>
                                    <td><strong>{m.state.clone()}</strong></td>
                                    <td>{match (&m.done, m.can_report) {
                                        (Some(done), _) => view! { <span>{done.clone()}</span> }.into_any(),
                                        (None, true) => view! { <a href=format!("/admin/integrity/remedies/{}", m.id)>"登记完成"</a> }.into_any(),
                                        (None, false) => view! { <span>"—"</span> }.into_any(),
                                    }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            {v.can_order.then(|| view! {
                <h2>"责令书面说明或限期整改"</h2>
                <p>"责令内容、期限和完成情况随记录公开（公开通报）。"</p>
                <form class="submission-form" action=format!("/admin/integrity/{}/remedies", v.record_id) method="post" novalidate>
                    <input type="hidden" name="csrf" value=v.nav.csrf.clone() />
                    {select_field("remedy", "要求", remedies.clone(), v.form.remedy.clone(), &v.errors)}
                    {textarea_field("requirement", "整改要求", "写明须说明或整改的事项。身份证号码和手机号码会自动脱敏。", &v.form.requirement, &v.errors)}
                    {text_field(TextField { id: "due_date", label: "完成期限", hint: Some("如 2027-01-15，最长一年"), input_type: "text", autocomplete: "off", value: v.form.due_date.clone() }, &v.errors)}
                    <button type="submit">"责令"</button>
                </form>
            })}
        },
    )
}

/// The completion form of one remedy.
#[derive(Clone, Debug, Default)]
pub struct RemedyCompletionView {
    pub nav: AdminNav,
    pub remedy_id: i64,
    pub record_id: i64,
    pub remedy: String,
    pub requirement: String,
    pub due: String,
    pub done_on: String,
    pub report: String,
    pub errors: Vec<FieldError>,
}

pub fn remedy_completion_page(v: RemedyCompletionView) -> String {
    let nav = v.nav.clone();
    let title = form_title(&format!("登记{}完成情况", v.remedy), &v.errors);
    admin_document(
        &title,
        Some(&nav),
        view! {
            {error_summary(&v.errors)}
            <p><a href=format!("/admin/integrity/{}", v.record_id)>{format!("← 政务失信记录 {}", v.record_id)}</a></p>
            <h1>{format!("登记{}完成情况", v.remedy)}</h1>
            <dl class="facts">
                <dt>"整改要求"</dt><dd>{v.requirement.clone()}</dd>
                <dt>"完成期限"</dt><dd>{v.due.clone()}</dd>
            </dl>
            <form class="submission-form" action=format!("/admin/integrity/remedies/{}", v.remedy_id) method="post" novalidate>
                <input type="hidden" name="csrf" value=v.nav.csrf.clone() />
                {text_field(TextField { id: "done_on", label: "完成日期", hint: Some("如 2027-01-10；不能晚于今天"), input_type: "text", autocomplete: "off", value: v.done_on.clone() }, &v.errors)}
                {textarea_field("report", "完成情况", "随记录公开。写明作出的说明或整改措施；身份证号码和手机号码会自动脱敏。", &v.report, &v.errors)}
                <button type="submit">"登记完成"</button>
            </form>
        },
    )
}

/// One result in the back-office table.
#[derive(Clone, Debug, Default)]
pub struct EvaluationAdminItem {
    pub id: i64,
    pub department: String,
    pub year: i32,
    pub evaluator: String,
    pub result: String,
    pub source_document: String,
    pub published: String,
    /// 公开中 / 已撤回（理由）.
    pub status: String,
    pub can_withdraw: bool,
}

/// The publishing form as typed.
#[derive(Clone, Debug, Default)]
pub struct EvaluationFormValues {
    pub department_id: String,
    pub year: String,
    pub evaluator_kind: String,
    pub evaluator: String,
    pub result: String,
    pub score: String,
    pub source_document: String,
    pub source_url: String,
}

#[derive(Clone, Debug, Default)]
pub struct EvaluationsAdminView {
    pub nav: AdminNav,
    pub evaluations: Vec<EvaluationAdminItem>,
    /// (id, name) of every department.
    pub departments: Vec<(String, String)>,
    pub form: EvaluationFormValues,
    pub errors: Vec<FieldError>,
    pub notice: Option<String>,
}

pub fn evaluations_admin_page(v: EvaluationsAdminView) -> String {
    let nav = v.nav.clone();
    let title = form_title("政务诚信评价结果", &v.errors);
    let kinds: Vec<(String, String)> = Evaluator::ALL
        .iter()
        .map(|k| (k.code().to_string(), k.label().to_string()))
        .collect();
    let csrf = v.nav.csrf.clone();
    admin_document(
        &title,
        Some(&nav),
        view! {
            {flash(v.notice.clone())}
            {error_summary(&v.errors)}
            <h1>"政务诚信评价结果"</h1>
            <p>"发布各部门年度政务诚信考核评价结果和第三方机构的评价结果，注明评价文件。结果显示在部门诚信档案中；撤回的结果不再公开，撤回记录保留在变更记录中。"</p>
            <table class="data-table" id="evaluations">
                <thead><tr>
                    <th scope="col">"编号"</th><th scope="col">"部门"</th><th scope="col">"年度"</th>
                    <th scope="col">"评价机构"</th><th scope="col">"结果"</th><th scope="col">"依据"</th>
                    <th scope="col">"发布"</th><th scope="col">"状态"</th><th scope="col">"操作"</th>
                </tr></thead>
                <tbody>
                    {v.evaluations.iter().map(|e| {
                        let withdraw = e.can_withdraw.then(|| view! {
                            <form action=format!("/admin/evaluations/{}/withdraw", e.id) method="post" class="inline-form">
                                <input type="hidden" name="csrf" value=csrf.clone() />
                                <label for=format!("reason-{}", e.id)>"撤回理由"</label>
                                <input id=format!("reason-{}", e.id) name="reason" type="text" />
                                <button type="submit">"撤回"</button>
                            </form>
                        });
                        view! {
                            <tr id=format!("evaluation-{}", e.id)>
                                <td>{e.id}</td>
                                <td>{e.department.clone()}</td>
                                <td>{e.year}</td>
                                <td>{e.evaluator.clone()}</td>
                                <td>{e.result.clone()}</td>
                                <td>{e.source_document.clone()}</td>
                                <td>{e.published.clone()}</td>
                                <td>{e.status.clone()}</td>
                                <td>{withdraw}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <h2>"发布评价结果"</h2>
            <form class="submission-form" action="/admin/evaluations" method="post" novalidate>
                <input type="hidden" name="csrf" value=v.nav.csrf.clone() />
                {select_field("department_id", "被评价部门", v.departments.clone(), v.form.department_id.clone(), &v.errors)}
                {text_field(TextField { id: "year", label: "评价年度", hint: Some("如 2025"), input_type: "text", autocomplete: "off", value: v.form.year.clone() }, &v.errors)}
                {select_field("evaluator_kind", "评价类别", kinds, v.form.evaluator_kind.clone(), &v.errors)}
                {text_field(TextField { id: "evaluator", label: "评价机构", hint: Some("如：市社会信用体系建设工作领导小组、某信用服务机构"), input_type: "text", autocomplete: "off", value: v.form.evaluator.clone() }, &v.errors)}
                {text_field(TextField { id: "result", label: "评价结果（等次）", hint: Some("如：优秀、良好、合格、不合格，或 A、B"), input_type: "text", autocomplete: "off", value: v.form.result.clone() }, &v.errors)}
                {text_field(TextField { id: "score", label: "得分（选填）", hint: Some("0–100，最多一位小数"), input_type: "text", autocomplete: "off", value: v.form.score.clone() }, &v.errors)}
                {text_field(TextField { id: "source_document", label: "发布依据", hint: Some("评价文件名称及文号"), input_type: "text", autocomplete: "off", value: v.form.source_document.clone() }, &v.errors)}
                {text_field(TextField { id: "source_url", label: "原文链接（选填）", hint: Some("http:// 或 https:// 开头"), input_type: "url", autocomplete: "off", value: v.form.source_url.clone() }, &v.errors)}
                <button type="submit">"发布"</button>
            </form>
        },
    )
}
