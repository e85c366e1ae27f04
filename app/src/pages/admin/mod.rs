//! The back-office pages at `/admin`: server-rendered like the public site,
//! working without JavaScript, with their own header (who is logged in, what
//! this role may open) and `noindex`.

mod audit;
mod cases;
mod dashboard;
mod government_integrity;
mod imports;
mod lists;
mod login;
mod record_editor;
mod records;
mod submissions;
mod users;

pub use audit::{audit_page, AuditRow, AuditView};
pub use cases::{cases_admin_page, CaseAdminItem, CaseFormValues, CasesAdminView};
pub use dashboard::{dashboard_page, DashboardView};
pub use government_integrity::{
    evaluations_admin_page, integrity_admin_page, integrity_record_admin_page, remedy_completion_page,
    EvaluationAdminItem, EvaluationFormValues, EvaluationsAdminView, IntegrityAdminView, IntegrityRecordAdminView,
    IntegrityRecordItem, RemedyAdminItem, RemedyCompletionView, RemedyOrderValues,
};
pub use imports::{
    import_run_page, import_runs_page, preview_page, upload_page, upload_report_page, FileValueFields, ImportRunItem,
    ImportRunView, ImportRunsView, KeptColumn, PreviewView, ReadingView, RowCounts, RowIssue, RunReportView,
    UploadReportView, UploadView, FILE_VALUE_FIELDS, PREVIEW_REFUSALS,
};
pub use lists::{list_page, lists_page, EntryItem, ListFormValues, ListItem, ListView, ListsView, ProposalValues};
pub use login::{login_page, password_page, LoginView, PasswordView};
pub use record_editor::{kind_choice_page, record_form_page, ColumnField, KindChoiceView, RecordFormView};
pub use records::{
    overdue_pledges_page, record_admin_page, records_page, OverduePledgesView, PledgeAdmin, RecordAdminView,
    RecordListItem, RecordsView,
};
pub use submissions::{queue_page, submission_page, QueueItem, QueueView, SubmissionView};
pub use users::{users_page, UserItem, UsersView};

use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;

use super::SITE_NAME;

/// Who is logged in and what the header offers them.
#[derive(Clone, Debug, Default)]
pub struct AdminNav {
    pub username: String,
    pub role_label: String,
    pub department: Option<String>,
    /// The session's CSRF token (for the logout form).
    pub csrf: String,
    pub can_handle_submissions: bool,
    pub can_publish: bool,
    pub can_administer: bool,
    pub can_audit: bool,
    pub can_publish_cases: bool,
    /// Orders remedies and publishes 政务诚信评价 (`/admin/integrity`, `/admin/evaluations`).
    pub can_supervise_integrity: bool,
}

/// A back-office document; `nav` is None on the login page.
pub fn admin_document(title: &str, nav: Option<&AdminNav>, body: impl IntoView + 'static) -> String {
    let full_title = format!("{title} - 后台 - {SITE_NAME}");
    let header = nav.cloned().map(|n| {
        let who = match &n.department {
            Some(d) => format!("{}（{}，{}）", n.username, n.role_label, d),
            None => format!("{}（{}）", n.username, n.role_label),
        };
        view! {
            <nav aria-label="后台导航">
                <ul>
                    <li><a href="/admin">"工作台"</a></li>
                    {n.can_handle_submissions.then(|| view! { <li><a href="/admin/submissions">"待办"</a></li> })}
                    {n.can_publish.then(|| view! { <li><a href="/admin/records">"信息报送"</a></li> })}
                    {n.can_publish.then(|| view! { <li><a href="/admin/imports">"导入记录"</a></li> })}
                    {n.can_administer.then(|| view! { <li><a href="/admin/lists">"名单管理"</a></li> })}
                    {n.can_publish_cases.then(|| view! { <li><a href="/admin/cases">"典型案例"</a></li> })}
                    <li><a href="/admin/integrity">"政务诚信"</a></li>
                    {n.can_audit.then(|| view! { <li><a href="/admin/audit">"审计日志"</a></li> })}
                    {n.can_administer.then(|| view! { <li><a href="/admin/users">"用户"</a></li> })}
                </ul>
            </nav>
            <div class="admin-who">
                <span>{who}</span>
                <a href="/admin/password">"修改密码"</a>
                <form action="/admin/logout" method="post" class="inline-form">
                    <input type="hidden" name="csrf" value=n.csrf.clone() />
                    <button type="submit" class="link-button">"退出"</button>
                </form>
            </div>
        }
    });
    let page = view! {
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="robots" content="noindex, nofollow" />
                <title>{full_title}</title>
                <link rel="stylesheet" href="/style/portal.css" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <script src="/forms.js" defer></script>
            </head>
            <body class="admin">
                <a class="skip-link" href="#main">"跳到正文"</a>
                <header class="site-header admin-header">
                    <div class="wrap">
                        <a class="site-name" href="/admin">{format!("{SITE_NAME} · 后台")}</a>
                        {header}
                    </div>
                </header>
                <main id="main" class="wrap">{body}</main>
            </body>
        </html>
    };
    format!("<!DOCTYPE html>{}", page.to_html())
}

/// A notice at the top of a page after an action ("已受理" …).
pub fn flash(message: Option<String>) -> impl IntoView {
    message.map(|m| view! { <div class="notice" role="status">{m}</div> })
}

/// A page saying the account may not open this page (403).
pub fn forbidden_page(nav: &AdminNav) -> String {
    admin_document(
        "无权访问",
        Some(nav),
        view! {
            <h1>"无权访问"</h1>
            <p>"您的账号没有打开此页面或执行此操作的权限。如需权限，请联系管理员。"</p>
            <p><a href="/admin">"返回工作台"</a></p>
        },
    )
}
