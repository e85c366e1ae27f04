//! Entering records: choosing the kind, the form of a kind's national columns
//! (new record or correction). The file upload is in `imports`.

use leptos::prelude::*;

use super::{admin_document, AdminNav};
use crate::domain::field_error::FieldError;
use crate::domain::record_entry::InputKind;
use crate::pages::form_parts::{described_by, error_for, error_message, error_summary, field_class, form_title, hint};

/// The kinds offered: (code, label).
pub type KindOptions = Vec<(String, String)>;

#[derive(Clone, Debug, Default)]
pub struct KindChoiceView {
    pub nav: AdminNav,
    pub kinds: KindOptions,
}

/// Step one of a new record: which kind.
pub fn kind_choice_page(v: KindChoiceView) -> String {
    let nav = v.nav.clone();
    admin_document(
        "新增信息",
        Some(&nav),
        view! {
            <p><a href="/admin/records">"← 返回信息报送"</a></p>
            <form class="submission-form" action="/admin/records/new" method="get">
                <fieldset>
                    <legend><h1>"新增哪一类信息？"</h1></legend>
                    {v.kinds.iter().map(|(code, label)| {
                        let id = format!("kind-{code}");
                        view! {
                            <div class="radio">
                                <input type="radio" id=id.clone() name="kind" value=code.clone() />
                                <label for=id>{label.clone()}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit">"继续"</button>
            </form>
            <p>"有多条信息时，可以"<a href="/admin/records/upload">"上传 CSV 或 Excel 文件"</a>"。"</p>
        },
    )
}

/// One national column on the form.
#[derive(Clone, Debug)]
pub struct ColumnField {
    pub column: &'static str,
    pub required: bool,
    pub input: InputKind,
    pub hint: Option<&'static str>,
    pub value: String,
    /// Shown, sent, but not typed (own department; key columns of a correction).
    pub locked: bool,
}

#[derive(Clone, Debug, Default)]
pub struct RecordFormView {
    pub nav: AdminNav,
    pub kind_code: String,
    pub kind_label: String,
    /// Where the form posts.
    pub action: String,
    /// A correction of a stored record (one save button) or a new record (draft or publish).
    pub correction: bool,
    pub fields: Vec<ColumnField>,
    pub errors: Vec<FieldError>,
    /// A new black-list entry: offer the box 已由上级机关认定.
    pub offer_already_decided: bool,
    pub already_decided: bool,
}

fn column_field(f: ColumnField, errors: &[FieldError]) -> impl IntoView {
    let error = error_for(errors, f.column);
    let has_error = error.is_some();
    let label = if f.required {
        format!("{}（必填）", f.column)
    } else {
        f.column.to_string()
    };
    let described = described_by(f.column, f.hint.is_some(), has_error);
    let invalid = has_error.then_some("true");
    let control = match f.input {
        _ if f.locked => view! {
            <input id=f.column name=f.column type="text" value=f.value.clone() readonly=true aria-describedby=described.clone() />
        }
        .into_any(),
        InputKind::Line => view! {
            <input id=f.column name=f.column type="text" value=f.value.clone() aria-describedby=described.clone() aria-invalid=invalid />
        }
        .into_any(),
        InputKind::Text => view! {
            <textarea id=f.column name=f.column rows="4" aria-describedby=described.clone() aria-invalid=invalid
                inner_html=crate::pages::form_parts::escape_text(&f.value)></textarea>
        }
        .into_any(),
        InputKind::Choice(options) => {
            let mut options: Vec<String> = options.iter().map(|o| o.to_string()).collect();
            // A stored value outside the list (a short form from a file) is kept, not lost.
            if !f.value.is_empty() && !options.contains(&f.value) {
                options.insert(0, f.value.clone());
            }
            view! {
                <select id=f.column name=f.column aria-describedby=described.clone() aria-invalid=invalid>
                    <option value="">"请选择"</option>
                    {options.into_iter().map(|o| {
                        let selected = o == f.value;
                        view! { <option value=o.clone() selected=selected>{o.clone()}</option> }
                    }).collect_view()}
                </select>
            }
            .into_any()
        }
    };
    view! {
        <div class=field_class(has_error)>
            <label for=f.column>{label}</label>
            {hint(f.column, f.hint)}
            {error_message(f.column, error)}
            {control}
        </div>
    }
}

/// The form of a kind's national columns, for a new record or a correction.
pub fn record_form_page(v: RecordFormView) -> String {
    let nav = v.nav.clone();
    let heading = if v.correction {
        format!("更正{}", v.kind_label)
    } else {
        format!("新增{}", v.kind_label)
    };
    let title = form_title(&heading, &v.errors);
    let errors = v.errors.clone();
    admin_document(
        &title,
        Some(&nav),
        view! {
            {error_summary(&v.errors)}
            <p><a href="/admin/records">"← 返回信息报送"</a></p>
            <h1>{heading.clone()}</h1>
            <p class="hint">"标“必填”的须填写；校验规则与文件导入相同。"</p>
            <form class="submission-form" action=v.action.clone() method="post" novalidate>
                <input type="hidden" name="csrf" value=v.nav.csrf.clone() />
                <input type="hidden" name="kind" value=v.kind_code.clone() />
                {v.fields.into_iter().map(|f| column_field(f, &errors)).collect_view()}
                {v.offer_already_decided.then(|| super::imports::already_decided_field(v.already_decided))}
                <div class="button-row">
                    {if v.correction {
                        view! { <button type="submit" name="action" value="correct">"保存更正"</button> }.into_any()
                    } else {
                        view! {
                            <button type="submit" name="action" value="draft">"保存为待上线"</button>
                            " "
                            <button type="submit" name="action" value="publish">"发布"</button>
                        }.into_any()
                    }}
                </div>
            </form>
        },
    )
}
