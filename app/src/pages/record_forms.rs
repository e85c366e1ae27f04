//! Forms bound to one record — objection (异议申诉) and credit repair
//! (信用修复) — and the credit pledge form (信用承诺). Same pattern as the
//! complaint form: plain HTML, checked by the server, shown again with problems.

use leptos::prelude::*;

use super::document;
use super::form_parts::{
    error_message, error_summary, field_class, file_field, form_title, hidden_tokens, honeypot, select_field,
    text_field, textarea_field, TextField,
};
use crate::domain::applicant::ApplicantForm;
use crate::domain::field_error::FieldError;
use crate::domain::objection::GROUNDS;
use crate::domain::pledge::{pledge_types_for, PledgerKind};
use crate::domain::repair::REPAIR_PLEDGE_TEXT;
use crate::views::{ObjectionFormView, PledgeFormView, RecordRef, RepairFormView};

const PRIVACY_NOTE: &str = "联系人和电话只用于办理和答复，不会对外公开。";

fn record_box(r: &RecordRef) -> impl IntoView {
    view! {
        <dl class="facts">
            <dt>"信息"</dt>
            <dd><a href=format!("/records/{}", r.id)>{format!("{} · {}", r.kind_label, r.subject_name)}</a></dd>
            <dt>"文书号"</dt><dd>{r.doc_no.clone()}</dd>
        </dl>
    }
}

fn applicant_fields(f: &ApplicantForm, natural_person: bool, errors: &[FieldError]) -> impl IntoView {
    let uscc_label = if natural_person {
        "统一社会信用代码（选填）"
    } else {
        "统一社会信用代码"
    };
    view! {
        <fieldset>
            <legend>"申请人"</legend>
            {text_field(
                TextField {
                    id: "applicant_name",
                    label: "申请人名称",
                    hint: Some("企业、个体工商户的全称，或自然人的姓名，最多 100 个字。"),
                    input_type: "text",
                    autocomplete: "organization",
                    value: f.applicant_name.clone(),
                },
                errors,
            )}
            {text_field(
                TextField {
                    id: "applicant_uscc",
                    label: uscc_label,
                    hint: Some("18 位，可在营业执照上找到。"),
                    input_type: "text",
                    autocomplete: "off",
                    value: f.applicant_uscc.clone(),
                },
                errors,
            )}
            {contact_fields(f.contact_name.clone(), f.phone.clone(), errors)}
        </fieldset>
    }
}

fn contact_fields(contact_name: String, phone: String, errors: &[FieldError]) -> impl IntoView {
    view! {
        <p class="hint">{PRIVACY_NOTE}</p>
        {text_field(
            TextField {
                id: "contact_name",
                label: "联系人",
                hint: None,
                input_type: "text",
                autocomplete: "name",
                value: contact_name,
            },
            errors,
        )}
        {text_field(
            TextField {
                id: "phone",
                label: "联系电话",
                hint: Some("手机号码 11 位，如 13812345678；固定电话请加区号，如 0937-1234567。"),
                input_type: "tel",
                autocomplete: "tel",
                value: phone,
            },
            errors,
        )}
    }
}

fn choices(items: &[&'static str]) -> Vec<(String, String)> {
    items.iter().map(|g| (g.to_string(), g.to_string())).collect()
}

pub fn objection_page(v: ObjectionFormView) -> String {
    let title = form_title("异议申诉", &v.errors);
    let errors = v.errors.clone();
    let f = v.form.clone();
    let body = view! {
        {error_summary(&errors)}
        <h1>"异议申诉"</h1>
        <p>"认为本站公示的这条信息有误、遗漏或不应公示的，可以在这里提出异议。我们在 2 个工作日内决定是否受理；受理后由数据来源单位在 10 个工作日内核查，其间该信息标注“异议处理中”。"</p>
        {record_box(&v.record)}
        <form class="submission-form" action=format!("/records/{}/objection", v.record.id) method="post" enctype="multipart/form-data" novalidate>
            {hidden_tokens(v.csrf.clone(), Some(v.form_id.clone()))}
            {applicant_fields(&f.applicant, v.record.natural_person, &errors)}
            <fieldset>
                <legend>"异议"</legend>
                {select_field("ground", "异议理由", choices(&GROUNDS), f.ground.clone(), &errors)}
                {textarea_field("explanation", "异议说明", "请写明哪里不对、正确的情况是什么，至少 10 个字，最多 2000 个字。", &f.explanation, &errors)}
                {file_field("证明材料（选填）", &errors)}
            </fieldset>
            {honeypot()}
            <button type="submit">"提交异议"</button>
        </form>
    };
    document(&title, body)
}

pub fn repair_page(v: RepairFormView) -> String {
    let heading = v.purpose.title();
    let title = form_title(heading, &v.errors);
    let errors = v.errors.clone();
    let f = v.form.clone();
    let record = record_box(&v.record);
    let body = match v.refusal.clone() {
        Some(refusal) => view! {
            <h1>{heading}</h1>
            {record}
            <p class="note" id="repair-refusal">{refusal}</p>
            <p><a href=format!("/records/{}", v.record.id)>"返回该信息"</a></p>
        }
        .into_any(),
        None => {
            let pledge_error = super::form_parts::error_for(&errors, "pledge");
            let pledge_has = pledge_error.is_some();
            view! {
                {error_summary(&errors)}
                <h1>{heading}</h1>
                <p>{v.purpose.intro()}</p>
                {record}
                <form class="submission-form" action=format!("/records/{}/{}", v.record.id, v.purpose.path()) method="post" enctype="multipart/form-data" novalidate>
                    {hidden_tokens(v.csrf.clone(), Some(v.form_id.clone()))}
                    {applicant_fields(&f.applicant, v.record.natural_person, &errors)}
                    <fieldset>
                        <legend>"整改情况"</legend>
                        {textarea_field("description", "整改情况说明", "请写明如何履行了处罚决定、纠正了失信行为，至少 10 个字，最多 2000 个字。", &f.description, &errors)}
                        {file_field("整改证明材料", &errors)}
                    </fieldset>
                    <fieldset>
                        <legend>"信用修复承诺书"</legend>
                        <p class="pledge-text" id="pledge-hint">{REPAIR_PLEDGE_TEXT}</p>
                        <div class=field_class(pledge_has)>
                            {error_message("pledge", pledge_error)}
                            <div class="checkbox">
                                <input id="pledge" name="pledge" type="checkbox" value="yes" checked=f.pledge aria-describedby="pledge-hint" />
                                <label for="pledge">"我已阅读并同意以上信用修复承诺书"</label>
                            </div>
                        </div>
                    </fieldset>
                    {honeypot()}
                    <button type="submit">"提交申请"</button>
                </form>
            }
            .into_any()
        }
    };
    document(&title, body)
}

/// The pledge type, grouped by who may choose it: enterprises their credit
/// pledge types, departments the government ones (`pledge::pledge_types_for`).
fn pledge_type_field(selected: &str, errors: &[FieldError]) -> impl IntoView {
    let error = super::form_parts::error_for(errors, "pledge_type");
    let has_error = error.is_some();
    let selected = selected.trim().to_string();
    view! {
        <div class=super::form_parts::field_class(has_error)>
            <label for="pledge_type">"承诺类型"</label>
            <p class="hint" id="pledge_type-hint">"企业选择信用承诺类型；政府部门选择服务承诺、期限承诺、保障承诺、限时办结或一次性告知。"</p>
            {super::form_parts::error_message("pledge_type", error)}
            <select
                id="pledge_type"
                name="pledge_type"
                aria-describedby=super::form_parts::described_by("pledge_type", true, has_error)
                aria-invalid=has_error.then_some("true")
            >
                <option value="">"请选择"</option>
                {PledgerKind::ALL.into_iter().map(|kind| {
                    let selected = selected.clone();
                    view! {
                        <optgroup label=format!("{}承诺", kind.label())>
                            {pledge_types_for(kind).iter().map(|t| {
                                let is_selected = *t == selected;
                                view! { <option value=*t selected=is_selected>{*t}</option> }
                            }).collect_view()}
                        </optgroup>
                    }
                }).collect_view()}
            </select>
        </div>
    }
}

pub fn pledge_page(v: PledgeFormView) -> String {
    let title = form_title("信用承诺", &v.errors);
    let errors = v.errors.clone();
    let f = v.form.clone();
    let kinds = PledgerKind::ALL
        .into_iter()
        .map(|k| (k.code().to_string(), k.label().to_string()))
        .collect();
    let authorities = v
        .authorities
        .iter()
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect();
    let body = view! {
        {error_summary(&errors)}
        <h1>"信用承诺"</h1>
        <p>"企业和政府部门可以在这里作出信用承诺。承诺须经承诺接收部门确认后才会在本站公示；提交后暂不公开。"</p>
        <form class="submission-form" action="/pledges/new" method="post" novalidate>
            {hidden_tokens(v.csrf.clone(), Some(v.form_id.clone()))}
            <fieldset>
                <legend>"承诺主体"</legend>
                {text_field(
                    TextField {
                        id: "pledger_name",
                        label: "承诺主体名称",
                        hint: Some("全称，最多 100 个字。"),
                        input_type: "text",
                        autocomplete: "organization",
                        value: f.pledger_name.clone(),
                    },
                    &errors,
                )}
                {select_field("pledger_kind", "主体类型", kinds, f.pledger_kind.clone(), &errors)}
                {text_field(
                    TextField {
                        id: "pledger_uscc",
                        label: "统一社会信用代码",
                        hint: Some("18 位。"),
                        input_type: "text",
                        autocomplete: "off",
                        value: f.pledger_uscc.clone(),
                    },
                    &errors,
                )}
            </fieldset>
            <fieldset>
                <legend>"承诺"</legend>
                {pledge_type_field(&f.pledge_type, &errors)}
                {text_field(
                    TextField {
                        id: "matter",
                        label: "承诺事项",
                        hint: Some("最多 200 个字。"),
                        input_type: "text",
                        autocomplete: "off",
                        value: f.matter.clone(),
                    },
                    &errors,
                )}
                {textarea_field("content", "承诺内容", "至少 10 个字，最多 2000 个字。", &f.content, &errors)}
                {text_field(
                    TextField {
                        id: "due_date",
                        label: "承诺履行期限",
                        hint: Some("承诺在哪一天前兑现，如 2026-12-31。期限承诺和限时办结必填；到期仍未登记履约的，公示为“逾期未践诺”。"),
                        input_type: "date",
                        autocomplete: "off",
                        value: f.due_date.clone(),
                    },
                    &errors,
                )}
                {select_field("authority_id", "承诺接收部门", authorities, f.authority_id.clone(), &errors)}
            </fieldset>
            <fieldset>
                <legend>"联系方式"</legend>
                {contact_fields(f.contact_name.clone(), f.phone.clone(), &errors)}
            </fieldset>
            {honeypot()}
            <button type="submit">"提交承诺"</button>
        </form>
    };
    document(&title, body)
}
