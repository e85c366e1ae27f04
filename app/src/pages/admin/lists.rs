//! Red and black lists in the back-office: `/admin/lists` (admins configure
//! them) and `/admin/lists/{id}` (the entries, the black-list procedure,
//! red-list renewal).

use leptos::prelude::*;

use super::{admin_document, flash, AdminNav};
use crate::domain::field_error::FieldError;
use crate::pages::form_parts::{error_summary, form_title, select_field, text_field, TextField};

/// One list in the table.
#[derive(Clone, Debug, Default)]
pub struct ListItem {
    pub id: i64,
    pub name: String,
    pub kind_label: String,
    pub authority: String,
    pub term_years: i64,
    pub defence_working_days: i64,
    pub removal_window_working_days: i64,
    pub is_black: bool,
    /// Red lists: an entry needs no penalty in the last 3 years.
    pub requires_no_recent_penalty: bool,
}

/// The list configuration form as typed.
#[derive(Clone, Debug, Default)]
pub struct ListFormValues {
    pub name: String,
    pub kind: String,
    pub authority_id: String,
    pub term_years: String,
    pub defence_working_days: String,
    pub removal_window_working_days: String,
    pub requires_no_recent_penalty: bool,
}

/// The red list's condition as a checkbox.
fn clean_record_field(checked: bool) -> impl IntoView {
    view! {
        <div class="checkbox">
            <input id="requires_no_recent_penalty" name="requires_no_recent_penalty" type="checkbox" value="1" checked=checked aria-describedby="requires_no_recent_penalty-hint" />
            <label for="requires_no_recent_penalty">"列入条件：近 3 年内无行政处罚（红名单）"</label>
            <p class="hint" id="requires_no_recent_penalty-hint">"勾选后，行政相对人在列入日期前 3 年内（含此后）有已公示的行政处罚的，不得列入本红名单（如安全生产守信红名单）。正被列入黑名单的主体一律不得列入红名单。"</p>
        </div>
    }
}

#[derive(Clone, Debug, Default)]
pub struct ListsView {
    pub nav: AdminNav,
    pub lists: Vec<ListItem>,
    pub departments: Vec<(String, String)>,
    pub form: ListFormValues,
    pub errors: Vec<FieldError>,
    pub notice: Option<String>,
}

/// One entry of a list and the steps offered for it.
#[derive(Clone, Debug, Default)]
pub struct EntryItem {
    pub id: i64,
    pub subject_name: String,
    pub doc_no: String,
    pub title: String,
    pub state_label: String,
    pub notice_date: Option<String>,
    pub period: String,
    pub can_notify: bool,
    pub can_bring_into_force: bool,
    /// "申辩期至 …" while the defence period runs.
    pub defence_note: Option<String>,
    pub can_drop: bool,
    pub can_renew: bool,
    /// 由上级机关认定: published directly, the procedure done by the deciding authority.
    pub decided_elsewhere: bool,
}

/// The proposal form (拟列入) as typed.
#[derive(Clone, Debug, Default)]
pub struct ProposalValues {
    pub subject_name: String,
    pub subject_kind: String,
    pub uscc: String,
    pub reason: String,
    pub basis: String,
    pub doc_no: String,
}

#[derive(Clone, Debug, Default)]
pub struct ListView {
    pub nav: AdminNav,
    pub list: ListItem,
    pub entries: Vec<EntryItem>,
    pub can_configure: bool,
    pub departments: Vec<(String, String)>,
    pub config: ListFormValues,
    pub subject_kinds: Vec<(String, String)>,
    pub proposal: ProposalValues,
    pub errors: Vec<FieldError>,
    pub notice: Option<String>,
    pub today: String,
}

fn number_field(id: &'static str, label: &'static str, value: String, errors: &[FieldError]) -> impl IntoView {
    text_field(
        TextField {
            id,
            label,
            hint: None,
            input_type: "text",
            autocomplete: "off",
            value,
        },
        errors,
    )
}

pub fn lists_page(v: ListsView) -> String {
    let nav = v.nav.clone();
    let title = form_title("名单管理", &v.errors);
    let kinds = vec![
        ("blacklist".to_string(), "黑名单（失信惩戒对象）".to_string()),
        ("redlist".to_string(), "红名单（守信激励对象）".to_string()),
    ];
    admin_document(
        &title,
        Some(&nav),
        view! {
            {flash(v.notice.clone())}
            {error_summary(&v.errors)}
            <h1>"名单管理"</h1>
            <table class="data-table" id="lists">
                <thead><tr>
                    <th scope="col">"名单"</th><th scope="col">"类别"</th><th scope="col">"认定机关"</th>
                    <th scope="col">"管理期限"</th><th scope="col">"申辩期"</th><th scope="col">"移出申请期"</th>
                </tr></thead>
                <tbody>
                    {v.lists.iter().map(|l| view! {
                        <tr>
                            <td><a href=format!("/admin/lists/{}", l.id)>{l.name.clone()}</a></td>
                            <td>{l.kind_label.clone()}</td>
                            <td>{l.authority.clone()}</td>
                            <td>{format!("{} 年", l.term_years)}</td>
                            <td>{if l.is_black { format!("{} 个工作日", l.defence_working_days) } else { "—".to_string() }}</td>
                            <td>{format!("到期前 {} 个工作日", l.removal_window_working_days)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h2>"新增名单"</h2>
            <form class="submission-form" action="/admin/lists" method="post" novalidate>
                <input type="hidden" name="csrf" value=v.nav.csrf.clone() />
                {text_field(TextField { id: "name", label: "名单名称", hint: Some("如：安全生产失信联合惩戒对象名单"), input_type: "text", autocomplete: "off", value: v.form.name.clone() }, &v.errors)}
                {select_field("kind", "类别", kinds, v.form.kind.clone(), &v.errors)}
                {select_field("authority_id", "认定机关", v.departments.clone(), v.form.authority_id.clone(), &v.errors)}
                {number_field("term_years", "管理期限（年）", v.form.term_years.clone(), &v.errors)}
                {number_field("defence_working_days", "申辩期（工作日，黑名单）", v.form.defence_working_days.clone(), &v.errors)}
                {number_field("removal_window_working_days", "移出申请期（到期前工作日数）", v.form.removal_window_working_days.clone(), &v.errors)}
                {clean_record_field(v.form.requires_no_recent_penalty)}
                <p class="hint">"空着期限时按规定默认：安全生产黑名单 1 年，红名单和严重失信主体名单 3 年；申辩期 5 个工作日；移出申请期 30 个工作日。"</p>
                <button type="submit">"新增"</button>
            </form>
        },
    )
}

fn entry_row(e: EntryItem, list_id: i64, csrf: String, today: String) -> impl IntoView {
    let action = format!("/admin/lists/{list_id}/entries/{}", e.id);
    let notify = e.can_notify.then(|| {
        view! {
            <form action=action.clone() method="post" class="inline-form">
                <input type="hidden" name="csrf" value=csrf.clone() />
                <label for=format!("notice-{}", e.id)>"告知日期"</label>
                <input id=format!("notice-{}", e.id) name="notice_date" type="date" value=today.clone() />
                <button type="submit" name="action" value="notify">"发出告知"</button>
            </form>
        }
    });
    let force = e.can_bring_into_force.then(|| {
        view! {
            <form action=action.clone() method="post" class="inline-form">
                <input type="hidden" name="csrf" value=csrf.clone() />
                <button type="submit" name="action" value="in_force">"列入名单"</button>
            </form>
        }
    });
    let drop = e.can_drop.then(|| {
        view! {
            <form action=action.clone() method="post" class="inline-form">
                <input type="hidden" name="csrf" value=csrf.clone() />
                <label for=format!("reason-{}", e.id)>"不予列入理由"</label>
                <input id=format!("reason-{}", e.id) name="reason" type="text" />
                <button type="submit" name="action" value="drop">"不予列入"</button>
            </form>
        }
    });
    let renew = e.can_renew.then(|| {
        view! {
            <form action=action.clone() method="post" class="inline-form">
                <input type="hidden" name="csrf" value=csrf.clone() />
                <button type="submit" name="action" value="renew">"续期"</button>
            </form>
        }
    });
    view! {
        <tr id=format!("entry-{}", e.id)>
            <td>{e.subject_name}</td>
            <td>{e.doc_no}</td>
            <td>{e.title}</td>
            <td>{e.state_label}{e.notice_date.map(|d| format!("（告知 {d}）"))}{e.decided_elsewhere.then_some("（由上级机关认定）")}</td>
            <td>{e.period}</td>
            <td>{e.defence_note.map(|n| view! { <p class="hint">{n}</p> })}{notify}{force}{drop}{renew}</td>
        </tr>
    }
}

pub fn list_page(v: ListView) -> String {
    let nav = v.nav.clone();
    let title = form_title(&v.list.name, &v.errors);
    let list_id = v.list.id;
    let csrf = v.nav.csrf.clone();
    let today = v.today.clone();
    let rows = v
        .entries
        .clone()
        .into_iter()
        .map(|e| entry_row(e, list_id, csrf.clone(), today.clone()))
        .collect_view();
    let config = v.can_configure.then(|| {
        view! {
            <h2>"名单设置"</h2>
            <form class="submission-form" action=format!("/admin/lists/{list_id}/config") method="post" novalidate>
                <input type="hidden" name="csrf" value=v.nav.csrf.clone() />
                {select_field("authority_id", "认定机关", v.departments.clone(), v.config.authority_id.clone(), &v.errors)}
                {number_field("term_years", "管理期限（年）", v.config.term_years.clone(), &v.errors)}
                {number_field("defence_working_days", "申辩期（工作日，黑名单）", v.config.defence_working_days.clone(), &v.errors)}
                {number_field("removal_window_working_days", "移出申请期（到期前工作日数）", v.config.removal_window_working_days.clone(), &v.errors)}
                {(!v.list.is_black).then(|| clean_record_field(v.config.requires_no_recent_penalty))}
                <button type="submit">"保存设置"</button>
            </form>
        }
    });
    let propose = v.list.is_black.then(|| {
        view! {
            <h2>"拟列入"</h2>
            <p class="hint">"拟列入的信息不公开；发出书面告知并经申辩期届满后，方可列入名单并公示。"</p>
            <form class="submission-form" action=format!("/admin/lists/{list_id}/entries") method="post" novalidate>
                <input type="hidden" name="csrf" value=v.nav.csrf.clone() />
                {text_field(TextField { id: "subject_name", label: "行政相对人名称", hint: None, input_type: "text", autocomplete: "off", value: v.proposal.subject_name.clone() }, &v.errors)}
                {select_field("subject_kind", "行政相对人类别", v.subject_kinds.clone(), v.proposal.subject_kind.clone(), &v.errors)}
                {text_field(TextField { id: "uscc", label: "统一社会信用代码", hint: None, input_type: "text", autocomplete: "off", value: v.proposal.uscc.clone() }, &v.errors)}
                {text_field(TextField { id: "reason", label: "列入原因", hint: None, input_type: "text", autocomplete: "off", value: v.proposal.reason.clone() }, &v.errors)}
                {text_field(TextField { id: "basis", label: "列入依据", hint: None, input_type: "text", autocomplete: "off", value: v.proposal.basis.clone() }, &v.errors)}
                {text_field(TextField { id: "doc_no", label: "认定文书号", hint: None, input_type: "text", autocomplete: "off", value: v.proposal.doc_no.clone() }, &v.errors)}
                <button type="submit">"登记拟列入"</button>
            </form>
        }
    });
    admin_document(
        &title,
        Some(&nav),
        view! {
            {flash(v.notice.clone())}
            {error_summary(&v.errors)}
            <p><a href="/admin/lists">"名单管理"</a></p>
            <h1>{v.list.name.clone()}</h1>
            <p>{format!(
                "{}；认定机关：{}；管理期限 {} 年；申辩期 {} 个工作日；到期前 {} 个工作日内可申请移出。",
                v.list.kind_label, v.list.authority, v.list.term_years,
                v.list.defence_working_days, v.list.removal_window_working_days
            )}</p>
            {v.list.requires_no_recent_penalty.then(|| view! {
                <p id="clean-record-condition">"列入条件：近 3 年内无行政处罚。"</p>
            })}
            <table class="data-table" id="entries">
                <thead><tr>
                    <th scope="col">"主体"</th><th scope="col">"认定文书号"</th><th scope="col">"列入原因"</th>
                    <th scope="col">"状态"</th><th scope="col">"期限"</th><th scope="col">"操作"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {propose}
            {config}
        },
    )
}
