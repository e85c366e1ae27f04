//! The credit report: the page that issues one, the printable report itself
//! (A4, print CSS) and `/verify`.

use leptos::prelude::*;

use super::document;
use super::form_parts::{error_summary, text_field, TextField};
use crate::domain::credit_report::ReportContent;
use crate::domain::field_error::FieldError;

pub fn report_intro_page(subject_id: i64, subject_name: String, csrf: String) -> String {
    document(
        "信用报告",
        view! {
            <h1>{format!("{subject_name} 的信用报告")}</h1>
            <p>"信用报告列出该主体当前在本站公示的全部信息，按类别分节，带报告编号、出具时间和核验码。银行、招标单位等可在“信用报告核验”页面输入编号和核验码，确认报告真实并查看报告出具时的内容。"</p>
            <p>"报告只包含本站已公开的信息，不含任何未公开的内容。"</p>
            <form action=format!("/subjects/{subject_id}/report") method="post">
                <input type="hidden" name="csrf" value=csrf />
                <button type="submit">"出具信用报告"</button>
            </form>
        },
    )
}

fn sections(content: &ReportContent) -> impl IntoView {
    content
        .sections
        .iter()
        .enumerate()
        .map(|(i, (label, lines))| {
            view! {
                <section class="report-section">
                    <h2>{format!("{}、{label}（{} 条）", chinese_number(i + 1), lines.len())}</h2>
                    {if lines.is_empty() {
                        view! { <p>"无。"</p> }.into_any()
                    } else {
                        view! {
                            <table class="data-table">
                                <thead><tr>
                                    <th scope="col">"文书号"</th><th scope="col">"内容"</th><th scope="col">"作出部门"</th>
                                    <th scope="col">"决定日期"</th><th scope="col">"公示至"</th><th scope="col">"状态"</th>
                                </tr></thead>
                                <tbody>
                                    {lines.iter().map(|l| view! {
                                        <tr>
                                            <td>{l.doc_no.clone()}</td><td>{l.title.clone()}</td><td>{l.authority.clone()}</td>
                                            <td>{l.decision_date.clone()}</td><td>{l.end_date.clone().unwrap_or_else(|| "长期".into())}</td><td>{l.status.clone()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                </section>
            }
        })
        .collect_view()
}

fn chinese_number(n: usize) -> &'static str {
    ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        .get(n - 1)
        .copied()
        .unwrap_or("十")
}

fn header(number: &str, content: &ReportContent, code: Option<String>) -> impl IntoView {
    view! {
        <dl class="facts report-head">
            <dt>"报告编号"</dt><dd id="report-number">{number.to_string()}</dd>
            <dt>"出具时间"</dt><dd id="issued-at">{content.issued_at.clone()}</dd>
            {code.map(|c| view! { <dt>"核验码"</dt><dd id="report-code">{c}</dd> })}
            <dt>"主体名称"</dt><dd>{content.subject_name.clone()}</dd>
            <dt>"主体类别"</dt><dd>{content.subject_kind.clone()}</dd>
            {content.uscc.clone().map(|u| view! { <dt>"统一社会信用代码"</dt><dd>{u}</dd> })}
            {content.id_masked.clone().map(|u| view! { <dt>"证件号码"</dt><dd>{u}</dd> })}
            <dt>"名单情况"</dt>
            <dd>{match (content.on_blacklist, content.on_redlist) {
                (true, true) => "列入黑名单；列入红名单",
                (true, false) => "列入黑名单",
                (false, true) => "列入红名单",
                (false, false) => "未列入红名单或黑名单",
            }}</dd>
        </dl>
    }
}

/// The issued report; `code` is shown once, right after issue.
pub fn report_page(number: String, content: ReportContent, code: Option<String>) -> String {
    let has_code = code.is_some();
    document(
        &format!("信用报告 {number}"),
        view! {
            <article class="credit-report">
                <h1>"信用报告"</h1>
                {header(&number, &content, code)}
                {(!has_code).then(|| view! {
                    <p class="notice no-print">"核验码只在出具时显示一次。持有报告者可在"<a href="/verify">"信用报告核验"</a>"页面输入编号和核验码查看。"</p>
                })}
                {has_code.then(|| view! {
                    <p class="no-print"><button type="button" class="print-button" hidden=true>"打印"</button>" 用浏览器的打印功能打印或另存为 PDF（A4）。核验码只显示这一次，请随报告一并保存。"</p>
                    {sections(&content)}
                    <p class="report-foot">{format!("本报告依据本站 {} 公示的信息出具，共 {} 条。核验：访问本站“信用报告核验”页面，输入报告编号和核验码。", content.issued_at, content.record_count())}</p>
                })}
            </article>
        },
    )
}

#[derive(Clone, Debug, Default)]
pub struct VerifyView {
    pub csrf: String,
    pub number: String,
    pub errors: Vec<FieldError>,
    /// A genuine report: its number, what it said, and whether the subject's
    /// public records have changed since.
    pub genuine: Option<(String, ReportContent, bool)>,
}

pub fn verify_page(v: VerifyView) -> String {
    let title = if v.errors.is_empty() {
        "信用报告核验"
    } else {
        "错误：信用报告核验"
    };
    document(
        title,
        view! {
            {error_summary(&v.errors)}
            {match v.genuine.clone() {
                Some((number, content, changed)) => view! {
                    <div class="notice" role="status" id="genuine"><strong>"报告真实有效。"</strong>"以下是该报告出具时的内容。"</div>
                    {changed.then(|| view! { <p class="notice" id="changed-since">"报告出具后，该主体的公示信息已有变化；最新情况请查看主体页面。"</p> })}
                    <article class="credit-report">
                        <h1>"信用报告"</h1>
                        {header(&number, &content, None)}
                        {sections(&content)}
                    </article>
                }.into_any(),
                None => view! {
                    <h1>"信用报告核验"</h1>
                    <p>"输入信用报告上的报告编号和核验码，确认报告是否由本站出具，并查看报告出具时的内容。"</p>
                    <form class="submission-form" action="/verify" method="post" novalidate>
                        <input type="hidden" name="csrf" value=v.csrf.clone() />
                        {text_field(TextField { id: "number", label: "报告编号", hint: Some("如 BG-20261127-7KQ2M9XD"), input_type: "text", autocomplete: "off", value: v.number.clone() }, &v.errors)}
                        {text_field(TextField { id: "code", label: "核验码", hint: Some("12 位字母和数字"), input_type: "text", autocomplete: "off", value: String::new() }, &v.errors)}
                        <button type="submit">"核验"</button>
                    </form>
                }.into_any(),
            }}
        },
    )
}
