//! The complaint / report form (投诉举报). Plain HTML: works without JavaScript;
//! the server checks every field and shows the form again with its problems.

use leptos::prelude::*;

use super::document;
use super::form_parts::{
    described_by, error_for, error_message, error_summary, escape_text, field_class, file_field, form_title,
    hidden_tokens, hint, text_field, TextField,
};
use crate::domain::complaint::{TargetKind, CATEGORIES, DESCRIPTION_MAX, DESCRIPTION_MIN};
use crate::views::ComplaintFormView;

const ANONYMOUS_HINT: &str = "匿名提交时，我们不会保存您的姓名和联系方式，因此无法通过电话或电子邮件答复您；处理进展和结果只能凭跟踪编号和查询码在“进度查询”页面查看。";

pub fn complaint_page(v: ComplaintFormView) -> String {
    let title = form_title("投诉举报", &v.errors);
    let errors = v.errors.clone();
    let f = v.form.clone();

    let kind_error = error_for(&errors, "target_kind");
    let category_error = error_for(&errors, "category");
    let description_error = error_for(&errors, "description");
    let (kind_has, category_has, description_has) = (
        kind_error.is_some(),
        category_error.is_some(),
        description_error.is_some(),
    );
    let selected_kind = f.target_kind.clone();
    let selected_category = f.category.clone();

    let body = view! {
        {error_summary(&errors)}
        <h1>"投诉举报"</h1>
        <p>"您可以在这里投诉举报企业、个体工商户的失信行为，或政府部门的政务失信行为。提交后您会得到一个跟踪编号和一个查询码，凭它们可以查看处理进度。"</p>
        <p>"您的姓名和联系方式只用于答复您，不会对外公开。"</p>
        {other_channels()}
        <form class="submission-form" action="/complaints/new" method="post" enctype="multipart/form-data" novalidate>
            {hidden_tokens(v.csrf.clone(), Some(v.form_id.clone()))}
            <fieldset>
                <legend>"被投诉举报的对象"</legend>
                <div class=field_class(kind_has)>
                    <label for="target_kind">"对象类型"</label>
                    {error_message("target_kind", kind_error)}
                    <select
                        id="target_kind"
                        name="target_kind"
                        aria-describedby=described_by("target_kind", false, kind_has)
                        aria-invalid=kind_has.then_some("true")
                    >
                        <option value="">"请选择"</option>
                        {TargetKind::ALL
                            .into_iter()
                            .map(|k| view! { <option value=k.code() selected={selected_kind == k.code()}>{k.label()}</option> })
                            .collect_view()}
                    </select>
                </div>
                {text_field(
                    TextField {
                        id: "target_name",
                        label: "对象名称",
                        hint: Some("企业、个体工商户或政府部门的全称，最多 100 个字。"),
                        input_type: "text",
                        autocomplete: "off",
                        value: f.target_name.clone(),
                    },
                    &errors,
                )}
                {text_field(
                    TextField {
                        id: "target_uscc",
                        label: "统一社会信用代码（选填）",
                        hint: Some("18 位，可在营业执照上找到。不清楚可以不填。"),
                        input_type: "text",
                        autocomplete: "off",
                        value: f.target_uscc.clone(),
                    },
                    &errors,
                )}
            </fieldset>
            <fieldset>
                <legend>"问题"</legend>
                <div class=field_class(category_has)>
                    <label for="category">"问题类别"</label>
                    {error_message("category", category_error)}
                    <select
                        id="category"
                        name="category"
                        aria-describedby=described_by("category", false, category_has)
                        aria-invalid=category_has.then_some("true")
                    >
                        <option value="">"请选择"</option>
                        {CATEGORIES
                            .into_iter()
                            .map(|c| view! { <option value=c selected={selected_category == c}>{c}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class=field_class(description_has)>
                    <label for="description">"问题描述"</label>
                    {hint("description", Some("请写明什么时间、在哪里、发生了什么。"))}
                    <p class="hint">{format!("至少 {DESCRIPTION_MIN} 个字，最多 {DESCRIPTION_MAX} 个字。")}</p>
                    {error_message("description", description_error)}
                    <textarea
                        id="description"
                        name="description"
                        rows="8"
                        aria-describedby=described_by("description", true, description_has)
                        aria-invalid=description_has.then_some("true")
                        inner_html=escape_text(&f.description)
                    ></textarea>
                </div>
                {file_field("证据材料（选填）", &errors)}
            </fieldset>
            <fieldset>
                <legend>"联系方式"</legend>
                <div class="field">
                    <div class="checkbox">
                        <input id="anonymous" name="anonymous" type="checkbox" value="yes" checked=f.anonymous aria-describedby="anonymous-hint" />
                        <label for="anonymous">"匿名提交"</label>
                    </div>
                    {hint("anonymous", Some(ANONYMOUS_HINT))}
                </div>
                <p class="hint">"不匿名时，请至少填写电话或电子邮箱中的一项，以便我们答复您。"</p>
                {text_field(
                    TextField {
                        id: "contact_name",
                        label: "您的姓名（选填）",
                        hint: None,
                        input_type: "text",
                        autocomplete: "name",
                        value: f.contact_name.clone(),
                    },
                    &errors,
                )}
                {text_field(
                    TextField {
                        id: "phone",
                        label: "电话",
                        hint: Some("手机号码 11 位，如 13812345678；固定电话请加区号，如 0937-1234567。"),
                        input_type: "tel",
                        autocomplete: "tel",
                        value: f.phone.clone(),
                    },
                    &errors,
                )}
                {text_field(
                    TextField {
                        id: "email",
                        label: "电子邮箱",
                        hint: None,
                        input_type: "email",
                        autocomplete: "email",
                        value: f.email.clone(),
                    },
                    &errors,
                )}
            </fieldset>
            <div class="hp-field" aria-hidden="true">
                <label for="website">"请勿填写"</label>
                <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" value="" />
            </div>
            <button type="submit">"提交"</button>
        </form>
    };
    document(&title, body)
}

/// The other ways to report that the site configured (seeds: 举报电话、举报邮箱).
fn other_channels() -> Option<impl IntoView> {
    let site = crate::site::current();
    site.has_report_channels().then(|| {
        let phone = site
            .report_phone
            .map(|p| view! { <li>"拨打举报电话 "<strong>{p}</strong></li> });
        let email = site.report_email.map(|e| {
            let mailto = format!("mailto:{e}");
            view! { <li>"发送电子邮件至 "<a href=mailto>{e}</a></li> }
        });
        view! {
            <div class="other-channels">
                <p>"您也可以通过以下方式投诉举报："</p>
                <ul>{phone}{email}</ul>
            </div>
        }
    })
}
