//! Entering records: choosing the kind, the form of a kind's national columns
//! (new record or correction), the file upload and its per-row report.

use leptos::prelude::*;

use super::{admin_document, AdminNav};
use crate::domain::complaint::FieldError;
use crate::domain::record_entry::InputKind;
use crate::pages::form_parts::{
    described_by, error_for, error_message, error_summary, field_class, form_title, hint, select_field,
};

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

#[derive(Clone, Debug, Default)]
pub struct UploadView {
    pub nav: AdminNav,
    pub kinds: KindOptions,
    pub kind: String,
    pub errors: Vec<FieldError>,
}

/// The file upload form (multipart).
pub fn upload_page(v: UploadView) -> String {
    let nav = v.nav.clone();
    let title = form_title("上传信息文件", &v.errors);
    let file_error = error_for(&v.errors, "file");
    let has_file_error = file_error.is_some();
    admin_document(
        &title,
        Some(&nav),
        view! {
            {error_summary(&v.errors)}
            <p><a href="/admin/records">"← 返回信息报送"</a></p>
            <h1>"上传信息文件"</h1>
            <form class="submission-form" action="/admin/records/upload" method="post" enctype="multipart/form-data" novalidate>
                <input type="hidden" name="csrf" value=v.nav.csrf.clone() />
                {select_field("kind", "信息类别", v.kinds.clone(), v.kind.clone(), &v.errors)}
                <div class=field_class(has_file_error)>
                    <label for="file">"文件"</label>
                    <p class="hint" id="file-hint">"CSV（UTF-8 或 GBK）或 Excel（.xlsx）文件，第一行为国家标准列名。合格的行保存并立即公示，有问题的行逐行列出原因。"</p>
                    {error_message("file", file_error)}
                    <input id="file" name="file" type="file" accept=".csv,.xlsx,text/csv"
                        aria-describedby=described_by("file", true, has_file_error) aria-invalid=has_file_error.then_some("true") />
                </div>
                <button type="submit">"上传并导入"</button>
            </form>
        },
    )
}

/// A problem of a row: (row number, column, reason).
pub type RowIssue = (usize, String, String);

#[derive(Clone, Debug, Default)]
pub struct UploadReportView {
    pub nav: AdminNav,
    pub file_name: String,
    pub kind_label: String,
    pub summary: String,
    pub rows: usize,
    pub created: usize,
    pub corrected: usize,
    pub unchanged: usize,
    pub rejected: usize,
    pub errors: Vec<RowIssue>,
    pub warnings: Vec<RowIssue>,
    pub ignored_columns: Vec<String>,
}

fn issue_table(id: &'static str, issues: Vec<RowIssue>) -> impl IntoView {
    view! {
        <table class="data-table" id=id>
            <thead><tr><th scope="col">"行号"</th><th scope="col">"列"</th><th scope="col">"原因"</th></tr></thead>
            <tbody>
                {issues.into_iter().map(|(row, column, message)| view! {
                    <tr><td>{format!("第 {row} 行")}</td><td>{column}</td><td>{message}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// What an upload did, row by row (the same report as `portal import`).
pub fn upload_report_page(v: UploadReportView) -> String {
    let nav = v.nav.clone();
    admin_document(
        "导入结果",
        Some(&nav),
        view! {
            <p><a href="/admin/records">"← 返回信息报送"</a></p>
            <h1>"导入结果"</h1>
            <p>{format!("{}（{}）", v.file_name, v.kind_label)}</p>
            <p class="notice" role="status" id="summary">{v.summary.clone()}</p>
            <dl class="facts" id="counts">
                <dt>"新增"</dt><dd id="created">{v.created}</dd>
                <dt>"更正"</dt><dd id="corrected">{v.corrected}</dd>
                <dt>"未变"</dt><dd id="unchanged">{v.unchanged}</dd>
                <dt>"拒绝"</dt><dd id="rejected">{v.rejected}</dd>
            </dl>
            {(!v.errors.is_empty()).then(|| view! {
                <h2>"未导入的行"</h2>
                <p>"以下各行未保存，其他行已保存。请改正后重新上传（已保存的行重新上传不会重复）。"</p>
                {issue_table("row-errors", v.errors.clone())}
            })}
            {(!v.warnings.is_empty()).then(|| view! {
                <h2>"提醒"</h2>
                {issue_table("row-warnings", v.warnings.clone())}
            })}
            {(!v.ignored_columns.is_empty()).then(|| view! {
                <p id="ignored">{format!("未识别、已忽略的列：{}", v.ignored_columns.join("、"))}</p>
            })}
            <p><a class="button" href="/admin/records/upload">"再上传一个文件"</a></p>
        },
    )
}
