//! The home page: what the portal is, counts by kind, the latest disclosures
//! and the search box.

use leptos::prelude::*;

use super::components::RecordTable;
use super::document;
use crate::views::Home;

pub fn home_page(home: Home) -> String {
    let counts = home.counts.clone();
    let body = view! {
        <section class="hero">
            <h1>"信用信息公示"</h1>
            <p>"查询企业、个体工商户、自然人和政府部门的行政许可、行政处罚、信用承诺、红黑名单及政务失信记录。"</p>
            <form class="search-box" action="/search" method="get" role="search">
                <label for="q">"输入企业名称、统一社会信用代码或决定书文号"</label>
                <div class="search-row">
                    <input id="q" name="q" type="search" maxlength="100" autocomplete="off" />
                    <button type="submit">"查询"</button>
                </div>
            </form>
        </section>
        <section aria-labelledby="counts-heading">
            <h2 id="counts-heading">"公示数量"</h2>
            <ul class="counts">
                {counts
                    .into_iter()
                    .map(|(kind, n)| {
                        view! {
                            <li>
                                <span class="count-number">{n.to_string()}</span>
                                <span class="count-label">{kind.label()}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <section aria-labelledby="complaints-heading">
            <h2 id="complaints-heading">"投诉举报"</h2>
            <p>
                "发现企业、个体工商户或政府部门的失信行为？"
                <a href="/complaints/new">"投诉举报"</a>
                "，无需注册，可以匿名。已提交的可凭跟踪编号和查询码"
                <a href="/track">"查询进度"</a>
                "。"
            </p>
            <p>
                "企业或政府部门可在线作出"
                <a href="/pledges/new">"信用承诺"</a>
                "；对公示信息有异议或申请信用修复，请在该条信息的页面上提出。"
            </p>
        </section>
        {home.calendar_note.clone().map(|n| view! { <p class="note">{n}</p> })}
        <section aria-labelledby="latest-heading">
            <h2 id="latest-heading">"最新公示"</h2>
            <RecordTable rows=home.latest />
        </section>
    };
    document("", body)
}
