//! Server-rendered pages. Each page module turns a view model into a complete
//! HTML document; the server sets the status code and sends it. No page needs
//! JavaScript: filters and pagination are links and GET forms.

pub mod admin;
mod cases;
mod charts;
mod complaint;
mod components;
mod department;
mod errors;
mod form_parts;
pub use form_parts::escape_text;
mod home;
mod lists;
mod open_data;
mod record;
mod record_forms;
mod report;
mod search;
mod statistics;
mod subject;
mod tracking;

pub use cases::{case_page, cases_page, excerpt, CaseItem, CaseListView, CaseView};
pub use complaint::complaint_page;
pub use department::{department_page, departments_page};
pub use errors::{error_page, gone_page};
pub use home::home_page;
pub use lists::{list_page, url_encode};
pub use open_data::{api_docs_page, dictionary_page, downloads_page, DatasetView};
pub use record::record_page;
pub use record_forms::{objection_page, pledge_page, repair_page};
pub use report::{report_intro_page, report_page, verify_page, VerifyView};
pub use search::search_page;
pub use statistics::{
    department_profile_page, statistics_page, DepartmentFigures, ProfileEvaluation, ProfilePledge, ProfileRemedy,
    ProfileView, StatisticsView,
};
pub use subject::subject_page;
pub use tracking::{received_page, track_page};

use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;

/// The portal's public name, shown in the header and page titles.
pub const SITE_NAME: &str = "信用信息公示平台";

/// Wraps a page body in the site's document: head, header, navigation, footer.
pub fn document(title: &str, body: impl IntoView + 'static) -> String {
    let full_title = if title.is_empty() {
        SITE_NAME.to_string()
    } else {
        format!("{title} - {SITE_NAME}")
    };
    let site = crate::site::current();
    let page = view! {
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>{full_title}</title>
                <link rel="stylesheet" href="/style/portal.css" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <script src="/forms.js" defer></script>
            </head>
            <body>
                <a class="skip-link" href="#main">"跳到正文"</a>
                <header class="site-header">
                    <div class="wrap">
                        <a class="site-name" href="/">{SITE_NAME}</a>
                        <nav aria-label="主导航">
                            <ul>
                                <li><a href="/search">"信用查询"</a></li>
                                <li><a href="/lists/red">"红名单"</a></li>
                                <li><a href="/lists/black">"黑名单"</a></li>
                                <li><a href="/departments">"部门公示"</a></li>
                                <li><a href="/complaints/new">"投诉举报"</a></li>
                                <li><a href="/track">"进度查询"</a></li>
                            </ul>
                        </nav>
                    </div>
                </header>
                <main id="main" class="wrap">{body}</main>
                <footer class="site-footer">
                    <div class="wrap">
                        <p>"本平台依法公示行政许可、行政处罚、信用承诺、红黑名单和政务失信记录。公示期满或依法修复、撤销的信息不再公示。"</p>
                        <p>"自然人身份证件号码仅以脱敏形式显示。"</p>
                        {report_channels(&site)}
                        <p>
                            <a href="/cases">"典型案例"</a>" · "
                            <a href="/downloads">"数据下载"</a>" · "
                            <a href="/api">"开放数据接口"</a>" · "
                            <a href="/changes.atom">"变更订阅"</a>" · "
                            <a href="/statistics">"统计"</a>" · "
                            <a href="/verify">"信用报告核验"</a>
                        </p>
                    </div>
                </footer>
            </body>
        </html>
    };
    format!("<!DOCTYPE html>{}", page.to_html())
}

/// 举报电话 and 举报邮箱 as the footer lists them, when the site has any.
fn report_channels(site: &crate::site::SiteSettings) -> Option<impl IntoView> {
    site.has_report_channels().then(|| {
        let phone = site.report_phone.clone().map(|p| {
            let tel = format!(
                "tel:{}",
                p.chars()
                    .filter(|c| c.is_ascii_digit() || *c == '-')
                    .collect::<String>()
            );
            view! { <span class="channel">"举报电话："<a href=tel>{p}</a></span> }
        });
        let email = site.report_email.clone().map(|e| {
            let mailto = format!("mailto:{e}");
            view! { <span class="channel">"举报邮箱："<a href=mailto>{e}</a></span> }
        });
        view! { <p class="report-channels">{phone}" "{email}</p> }
    })
}
