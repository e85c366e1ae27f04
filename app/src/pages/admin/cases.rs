//! `/admin/cases`: the credit office publishes 典型案例 (守信典型 / 失信典型)
//! citing public records, and takes them down with a reason.

use leptos::prelude::*;

use super::{admin_document, flash, AdminNav};
use crate::domain::field_error::FieldError;
use crate::domain::typical_case::CaseKind;
use crate::pages::form_parts::{error_summary, form_title, select_field, text_field, textarea_field, TextField};

/// One case in the back-office table.
#[derive(Clone, Debug, Default)]
pub struct CaseAdminItem {
    pub id: i64,
    pub kind_label: String,
    pub title: String,
    pub published: String,
    /// 公开中 / 已撤下（理由） / 引用信息已不公示.
    pub status: String,
    pub can_withdraw: bool,
}

/// The case form as typed.
#[derive(Clone, Debug, Default)]
pub struct CaseFormValues {
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub source_document: String,
    pub record_ids: String,
}

#[derive(Clone, Debug, Default)]
pub struct CasesAdminView {
    pub nav: AdminNav,
    pub cases: Vec<CaseAdminItem>,
    pub form: CaseFormValues,
    pub errors: Vec<FieldError>,
    pub notice: Option<String>,
}

/// The hint of the citations field; its number is [`MAX_CITED_RECORDS`] (a test checks).
const RECORD_IDS_HINT: &str = "信息页地址 /records/ 后的数字，用逗号或空格分隔，最多 20 条；只能引用当前公示中的信息。";

pub fn cases_admin_page(v: CasesAdminView) -> String {
    let nav = v.nav.clone();
    let title = form_title("典型案例", &v.errors);
    let kinds: Vec<(String, String)> = CaseKind::ALL
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
            <h1>"典型案例"</h1>
            <p>"守信典型只能引用红名单信息和信用承诺，失信典型只能引用行政处罚、黑名单和政务失信记录。案例引用的信息不再公示时，案例自动不再公开。"</p>
            <table class="data-table" id="cases">
                <thead><tr>
                    <th scope="col">"编号"</th><th scope="col">"类别"</th><th scope="col">"标题"</th>
                    <th scope="col">"发布时间"</th><th scope="col">"状态"</th><th scope="col">"操作"</th>
                </tr></thead>
                <tbody>
                    {v.cases.iter().map(|c| {
                        let withdraw = c.can_withdraw.then(|| view! {
                            <form action=format!("/admin/cases/{}/withdraw", c.id) method="post" class="inline-form">
                                <input type="hidden" name="csrf" value=csrf.clone() />
                                <label for=format!("reason-{}", c.id)>"撤下理由"</label>
                                <input id=format!("reason-{}", c.id) name="reason" type="text" />
                                <button type="submit">"撤下"</button>
                            </form>
                        });
                        view! {
                            <tr id=format!("case-{}", c.id)>
                                <td><a href=format!("/cases/{}", c.id)>{c.id}</a></td>
                                <td>{c.kind_label.clone()}</td>
                                <td>{c.title.clone()}</td>
                                <td>{c.published.clone()}</td>
                                <td>{c.status.clone()}</td>
                                <td>{withdraw}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <h2>"发布案例"</h2>
            <form class="submission-form" action="/admin/cases" method="post" novalidate>
                <input type="hidden" name="csrf" value=v.nav.csrf.clone() />
                {select_field("kind", "案例类别", kinds, v.form.kind.clone(), &v.errors)}
                {text_field(TextField { id: "title", label: "标题", hint: None, input_type: "text", autocomplete: "off", value: v.form.title.clone() }, &v.errors)}
                {textarea_field("summary", "案例内容", "案情、处理结果和警示或示范意义。身份证号码和手机号码会自动脱敏。", &v.form.summary, &v.errors)}
                {text_field(TextField { id: "source_document", label: "发布依据（选填）", hint: Some("如：嘉信用办〔2026〕5号"), input_type: "text", autocomplete: "off", value: v.form.source_document.clone() }, &v.errors)}
                {text_field(TextField { id: "record_ids", label: "引用的信息编号", hint: Some(RECORD_IDS_HINT), input_type: "text", autocomplete: "off", value: v.form.record_ids.clone() }, &v.errors)}
                <button type="submit">"发布"</button>
            </form>
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::typical_case::MAX_CITED_RECORDS;

    #[test]
    fn the_hint_states_the_limit() {
        assert!(RECORD_IDS_HINT.contains(&format!("最多 {MAX_CITED_RECORDS} 条")));
    }
}
