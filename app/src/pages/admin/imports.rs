//! Loading a file of records in the back-office: the upload form with the
//! values given once for the whole file, the preview (a dry run that writes
//! nothing, confirmed without uploading again), the result of an import, and
//! the import runs with the report kept with each.

use leptos::prelude::*;

use super::{admin_document, AdminNav};
use crate::domain::field_error::FieldError;
use crate::pages::form_parts::{
    described_by, error_for, error_message, error_summary, field_class, form_title, select_field, text_field, TextField,
};

/// A problem of a row: (row number, column, reason).
pub type RowIssue = (usize, String, String);

/// The form fields of the values given once for the whole file: (field id, label, hint).
pub const FILE_VALUE_FIELDS: [(&str, &str, Option<&str>); 6] = [
    (
        "authority",
        "决定机关名称",
        Some("填入所选类别的决定机关列（处罚机关、许可机关、认定部门等）"),
    ),
    ("authority_uscc", "决定机关统一社会信用代码", None),
    ("source", "数据来源单位", None),
    ("source_uscc", "数据来源单位统一社会信用代码", None),
    ("list_name", "名单名称", Some("仅红黑名单")),
    ("list_basis", "列入依据", Some("仅红黑名单")),
];

/// The values given once for the whole file, as typed (empty = not given).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileValueFields {
    pub authority: String,
    pub authority_uscc: String,
    pub source: String,
    pub source_uscc: String,
    pub list_name: String,
    pub list_basis: String,
}

impl FileValueFields {
    /// `(field id, value)` in the order of [`FILE_VALUE_FIELDS`].
    pub fn pairs(&self) -> [(&'static str, &str); 6] {
        [
            ("authority", &self.authority),
            ("authority_uscc", &self.authority_uscc),
            ("source", &self.source),
            ("source_uscc", &self.source_uscc),
            ("list_name", &self.list_name),
            ("list_basis", &self.list_basis),
        ]
    }

    /// A field by its id; empty for an unknown id.
    pub fn get(&self, field: &str) -> &str {
        self.pairs()
            .into_iter()
            .find(|(id, _)| *id == field)
            .map_or("", |(_, v)| v)
    }

    /// Sets a field by its id; an unknown id is ignored.
    pub fn set(&mut self, field: &str, value: String) {
        match field {
            "authority" => self.authority = value,
            "authority_uscc" => self.authority_uscc = value,
            "source" => self.source = value,
            "source_uscc" => self.source_uscc = value,
            "list_name" => self.list_name = value,
            "list_basis" => self.list_basis = value,
            _ => {}
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct UploadView {
    pub nav: AdminNav,
    pub kinds: Vec<(String, String)>,
    pub kind: String,
    pub values: FileValueFields,
    pub errors: Vec<FieldError>,
    /// The box 已由上级机关认定 (black lists) is ticked.
    pub already_decided: bool,
}

/// The checkbox a black list decided by a higher authority is declared with
/// (the upload and the record form): without it a new black-list entry is a
/// proposal (拟列入).
pub fn already_decided_field(checked: bool) -> impl IntoView {
    view! {
        <div class="checkbox">
            <input id="already_decided" name="already_decided" type="checkbox" value="1" checked=checked aria-describedby="already_decided-hint" />
            <label for="already_decided">"黑名单已由上级机关认定（已履行告知、申辩程序），直接公布"</label>
            <p class="hint" id="already_decided-hint">"仅黑名单。不勾选时，新的黑名单信息登记为“拟列入”，不公开，须在名单管理中书面告知、申辩期满后列入。勾选时每行须填写认定文书号和列入日期，公示页注明“由上级机关认定”。"</p>
        </div>
    }
}

/// The file upload form (multipart): kind, file, the values given once, preview or import.
pub fn upload_page(v: UploadView) -> String {
    let nav = v.nav.clone();
    let title = form_title("上传信息文件", &v.errors);
    let file_error = error_for(&v.errors, "file");
    let has_file_error = file_error.is_some();
    let errors = v.errors.clone();
    let value_fields = FILE_VALUE_FIELDS
        .into_iter()
        .map(|(id, label, hint)| {
            text_field(
                TextField {
                    id,
                    label,
                    hint,
                    input_type: "text",
                    autocomplete: "off",
                    value: v.values.get(id).to_string(),
                },
                &errors,
            )
        })
        .collect_view();
    admin_document(
        &title,
        Some(&nav),
        view! {
            {error_summary(&v.errors)}
            <p><a href="/admin/records">"← 返回信息报送"</a>" · "<a href="/admin/imports">"导入记录"</a></p>
            <h1>"上传信息文件"</h1>
            <form class="submission-form" action="/admin/records/upload" method="post" enctype="multipart/form-data" novalidate>
                <input type="hidden" name="csrf" value=v.nav.csrf.clone() />
                {select_field("kind", "信息类别", v.kinds.clone(), v.kind.clone(), &v.errors)}
                <div class=field_class(has_file_error)>
                    <label for="file">"文件"</label>
                    <p class="hint" id="file-hint">"CSV（UTF-8 或 GBK/GB18030）或 Excel（.xlsx、.xls）文件。表头可以是国家标准列名、2015 年双公示模板或常见的别名，表头上方的标题行会自动跳过。先“预览”可以看到各列如何读取、将新增和拒绝多少行，不写入任何数据。"</p>
                    {error_message("file", file_error)}
                    <input id="file" name="file" type="file" accept=".csv,.xlsx,.xls,text/csv"
                        aria-describedby=described_by("file", true, has_file_error) aria-invalid=has_file_error.then_some("true") />
                </div>
                {already_decided_field(v.already_decided)}
                <fieldset>
                    <legend>"全文件统一值（文件中没有或为空的列）"</legend>
                    <p class="hint">"某列在文件中没有、或某行该列为空时，按这里填写的值导入；文件中已填写的值不会被改动。"</p>
                    {value_fields}
                </fieldset>
                <div class="button-row">
                    <button type="submit" name="action" value="preview">"预览（不写入）"</button>
                    " "
                    <button type="submit" name="action" value="import">"导入"</button>
                </div>
            </form>
        },
    )
}

/// A column of the file the portal does not use: kept with each record, back-office only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeptColumn {
    pub header: String,
    /// The header names a personal ID: kept as a private column, never published.
    pub personal_id: bool,
}

/// How the file was read: the same for the preview, the result and a run's page.
#[derive(Clone, Debug, Default)]
pub struct ReadingView {
    /// The spreadsheet row read as the header (1 = first row; 0 = not known).
    pub header_row: usize,
    /// `(file header, what it was read as)`.
    pub mapping: Vec<(String, String)>,
    pub kept_columns: Vec<KeptColumn>,
    /// `(column, value)` given once for the whole file.
    pub file_values: Vec<(String, String)>,
}

fn reading_section(r: ReadingView) -> impl IntoView {
    view! {
        <h2>"各列如何读取"</h2>
        {(r.header_row > 0).then(|| view! {
            <p id="header-row">{format!("第 {} 行被读作表头。", r.header_row)}</p>
        })}
        {(!r.mapping.is_empty()).then(|| view! {
            <table class="data-table" id="mapping">
                <thead><tr><th scope="col">"文件中的表头"</th><th scope="col">"读作"</th></tr></thead>
                <tbody>
                    {r.mapping.iter().map(|(header, reading)| view! {
                        <tr><td>{header.clone()}</td><td>{reading.clone()}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {(!r.kept_columns.is_empty()).then(|| view! {
            <h2>"未使用的列（已随记录保留，仅后台可见）"</h2>
            <ul id="kept-columns">
                {r.kept_columns.iter().map(|c| view! {
                    <li>
                        {c.header.clone()}
                        {c.personal_id.then(|| view! {
                            <span class="personal-id">"（含个人证件号码：作为非公开列保存，任何公开页面、接口和下载都不会出现）"</span>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        })}
        {(!r.file_values.is_empty()).then(|| view! {
            <h2>"全文件统一值"</h2>
            <dl class="facts" id="file-values">
                {r.file_values.iter().map(|(column, value)| view! {
                    <dt>{column.clone()}</dt><dd>{value.clone()}</dd>
                }).collect_view()}
            </dl>
        })}
    }
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

/// What a run did (or would do) with its rows.
#[derive(Clone, Copy, Debug, Default)]
pub struct RowCounts {
    pub rows: usize,
    pub created: usize,
    pub corrected: usize,
    pub unchanged: usize,
    pub rejected: usize,
}

fn counts_list(c: RowCounts, labels: [&'static str; 4]) -> impl IntoView {
    view! {
        <dl class="facts" id="counts">
            <dt>"数据行"</dt><dd id="rows">{c.rows}</dd>
            <dt>{labels[0]}</dt><dd id="created">{c.created}</dd>
            <dt>{labels[1]}</dt><dd id="corrected">{c.corrected}</dd>
            <dt>{labels[2]}</dt><dd id="unchanged">{c.unchanged}</dd>
            <dt>{labels[3]}</dt><dd id="rejected">{c.rejected}</dd>
        </dl>
    }
}

/// Refusals shown on the preview.
pub const PREVIEW_REFUSALS: usize = 20;

#[derive(Clone, Debug, Default)]
pub struct PreviewView {
    pub nav: AdminNav,
    pub file_name: String,
    pub kind_code: String,
    pub kind_label: String,
    pub summary: String,
    pub counts: RowCounts,
    /// The first [`PREVIEW_REFUSALS`] row problems.
    pub refusals: Vec<RowIssue>,
    /// How many row problems there are in all.
    pub refusals_total: usize,
    pub warnings_total: usize,
    pub reading: ReadingView,
    /// The saved upload (hex SHA-256 of its bytes) the confirmation imports.
    pub preview: String,
    /// The file's name as uploaded (its extension tells how to read it).
    pub upload_name: String,
    pub values: FileValueFields,
    /// Declared decided by a higher authority (carried to the confirmation).
    pub already_decided: bool,
}

/// What an import would do, written nowhere, with the form that confirms it.
pub fn preview_page(v: PreviewView) -> String {
    let nav = v.nav.clone();
    let shown = v.refusals.len();
    admin_document(
        "导入预览",
        Some(&nav),
        view! {
            <p><a href="/admin/records/upload">"← 重新选择文件"</a></p>
            <h1>"导入预览（尚未写入）"</h1>
            <p>{format!("{}（{}）", v.file_name, v.kind_label)}</p>
            <p class="notice" role="status" id="summary">{v.summary.clone()}</p>
            {counts_list(v.counts, ["将新增", "将更正", "不变", "将拒绝"])}
            {(!v.refusals.is_empty()).then(|| view! {
                <h2>"将被拒绝的行"</h2>
                {(v.refusals_total > shown).then(|| view! {
                    <p>{format!("共 {} 处问题，下面列出前 {shown} 处；导入后可在导入记录中查看全部。", v.refusals_total)}</p>
                })}
                {issue_table("row-errors", v.refusals.clone())}
            })}
            {(v.warnings_total > 0).then(|| view! {
                <p id="warnings">{format!("另有 {} 条提醒（不影响导入），导入后在结果中列出。", v.warnings_total)}</p>
            })}
            {reading_section(v.reading.clone())}
            <form class="submission-form" action="/admin/records/upload/confirm" method="post" id="confirm">
                <input type="hidden" name="csrf" value=v.nav.csrf.clone() />
                <input type="hidden" name="kind" value=v.kind_code.clone() />
                <input type="hidden" name="preview" value=v.preview.clone() />
                <input type="hidden" name="file_name" value=v.upload_name.clone() />
                {v.values.pairs().into_iter().map(|(id, value)| view! {
                    <input type="hidden" name=id value=value.to_string() />
                }).collect_view()}
                {v.already_decided.then(|| view! { <input type="hidden" name="already_decided" value="1" /> })}
                <p>"确认后按上面的读取方式导入同一文件，不必重新上传。合格的行保存并立即公示（新的黑名单信息除外：未声明由上级机关认定的，登记为拟列入），有问题的行不保存。"</p>
                <div class="button-row">
                    <button type="submit">"确认导入"</button>
                    " "
                    <a href="/admin/records/upload">"取消"</a>
                </div>
            </form>
        },
    )
}

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
    pub reading: ReadingView,
    /// The import run kept with the report.
    pub run_id: Option<i64>,
}

/// What an upload did, row by row (the same report as `portal import`).
pub fn upload_report_page(v: UploadReportView) -> String {
    let nav = v.nav.clone();
    let counts = RowCounts {
        rows: v.rows,
        created: v.created,
        corrected: v.corrected,
        unchanged: v.unchanged,
        rejected: v.rejected,
    };
    admin_document(
        "导入结果",
        Some(&nav),
        view! {
            <p><a href="/admin/records">"← 返回信息报送"</a></p>
            <h1>"导入结果"</h1>
            <p>{format!("{}（{}）", v.file_name, v.kind_label)}</p>
            <p class="notice" role="status" id="summary">{v.summary.clone()}</p>
            {counts_list(counts, ["新增", "更正", "未变", "拒绝"])}
            {(!v.errors.is_empty()).then(|| view! {
                <h2>"未导入的行"</h2>
                <p>"以下各行未保存，其他行已保存。请改正后重新上传（已保存的行重新上传不会重复）。"</p>
                {issue_table("row-errors", v.errors.clone())}
            })}
            {(!v.warnings.is_empty()).then(|| view! {
                <h2>"提醒"</h2>
                {issue_table("row-warnings", v.warnings.clone())}
            })}
            {reading_section(v.reading.clone())}
            {v.run_id.map(|id| view! {
                <p id="run-link"><a href=format!("/admin/imports/{id}")>{format!("本次导入的记录（第 {id} 次导入）")}</a></p>
            })}
            <p><a class="button" href="/admin/records/upload">"再上传一个文件"</a></p>
        },
    )
}

/// One import run as listed.
#[derive(Clone, Debug, Default)]
pub struct ImportRunItem {
    pub id: i64,
    /// China time.
    pub started_at: String,
    pub finished_at: Option<String>,
    pub source_label: String,
    pub kind_label: String,
    pub actor: String,
    pub file_name: String,
    pub counts: RowCounts,
    pub outcome_label: String,
}

#[derive(Clone, Debug, Default)]
pub struct ImportRunsView {
    pub nav: AdminNav,
    pub runs: Vec<ImportRunItem>,
    /// Only the runs of the account's department are listed.
    pub own_department_only: bool,
}

/// The latest import runs.
pub fn import_runs_page(v: ImportRunsView) -> String {
    let nav = v.nav.clone();
    admin_document(
        "导入记录",
        Some(&nav),
        view! {
            <p><a href="/admin/records">"← 返回信息报送"</a></p>
            <h1>"导入记录"</h1>
            <p>
                {if v.own_department_only { "本部门账号最近的文件导入（北京时间）。" } else { "最近 50 次导入（北京时间），命令行和后台上传的都在内。" }}
                " "<a href="/admin/records/upload">"上传文件"</a>
            </p>
            {if v.runs.is_empty() {
                view! { <p id="no-runs">"还没有导入记录。"</p> }.into_any()
            } else {
                view! {
                    <table class="data-table" id="runs">
                        <caption>"最新的在前"</caption>
                        <thead><tr>
                            <th scope="col">"编号"</th><th scope="col">"时间"</th><th scope="col">"方式"</th>
                            <th scope="col">"类别"</th><th scope="col">"操作人"</th><th scope="col">"文件"</th>
                            <th scope="col">"行数"</th><th scope="col">"新增"</th><th scope="col">"更正"</th>
                            <th scope="col">"未变"</th><th scope="col">"拒绝"</th><th scope="col">"结果"</th>
                        </tr></thead>
                        <tbody>
                            {v.runs.iter().map(|r| view! {
                                <tr>
                                    <td><a href=format!("/admin/imports/{}", r.id)>{r.id}</a></td>
                                    <td>{r.started_at.clone()}</td>
                                    <td>{r.source_label.clone()}</td>
                                    <td>{r.kind_label.clone()}</td>
                                    <td>{r.actor.clone()}</td>
                                    <td>{r.file_name.clone()}</td>
                                    <td>{r.counts.rows}</td>
                                    <td>{r.counts.created}</td>
                                    <td>{r.counts.corrected}</td>
                                    <td>{r.counts.unchanged}</td>
                                    <td>{r.counts.rejected}</td>
                                    <td>{r.outcome_label.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        },
    )
}

/// The report kept with a run.
#[derive(Clone, Debug, Default)]
pub struct RunReportView {
    pub summary: String,
    pub errors: Vec<RowIssue>,
    pub warnings: Vec<RowIssue>,
    pub reading: ReadingView,
}

#[derive(Clone, Debug, Default)]
pub struct ImportRunView {
    pub nav: AdminNav,
    pub run: ImportRunItem,
    /// None: the run kept no report (an older run, or one still running).
    pub report: Option<RunReportView>,
}

/// One import run and its report.
pub fn import_run_page(v: ImportRunView) -> String {
    let nav = v.nav.clone();
    let r = v.run.clone();
    let counts = r.counts;
    admin_document(
        &format!("第 {} 次导入", r.id),
        Some(&nav),
        view! {
            <p><a href="/admin/imports">"← 返回导入记录"</a></p>
            <h1>{format!("第 {} 次导入", r.id)}</h1>
            <dl class="facts" id="run">
                <dt>"开始时间"</dt><dd>{r.started_at.clone()}</dd>
                <dt>"结束时间"</dt><dd>{r.finished_at.clone().unwrap_or_else(|| "未结束".into())}</dd>
                <dt>"方式"</dt><dd>{r.source_label.clone()}</dd>
                <dt>"类别"</dt><dd>{r.kind_label.clone()}</dd>
                <dt>"操作人"</dt><dd>{r.actor.clone()}</dd>
                <dt>"文件"</dt><dd id="run-file">{r.file_name.clone()}</dd>
                <dt>"结果"</dt><dd id="outcome">{r.outcome_label.clone()}</dd>
            </dl>
            {counts_list(counts, ["新增", "更正", "未变", "拒绝"])}
            {match v.report.clone() {
                None => view! { <p id="no-report">"这次导入没有保存导入报告（较早的导入，或仍未结束）。"</p> }.into_any(),
                Some(report) => view! {
                    <p class="notice" id="summary">{report.summary.clone()}</p>
                    {(!report.errors.is_empty()).then(|| view! {
                        <h2>"未导入的行"</h2>
                        {issue_table("row-errors", report.errors.clone())}
                    })}
                    {(!report.warnings.is_empty()).then(|| view! {
                        <h2>"提醒"</h2>
                        {issue_table("row-warnings", report.warnings.clone())}
                    })}
                    {reading_section(report.reading.clone())}
                }.into_any(),
            }}
        },
    )
}
