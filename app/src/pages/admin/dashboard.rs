//! The back-office home: what needs action today, what is overdue, and this
//! department's publication timeliness.

use leptos::prelude::*;

use super::{admin_document, AdminNav};

#[derive(Clone, Debug, Default)]
pub struct DashboardView {
    pub nav: AdminNav,
    /// (queue label, link, open, due today, overdue) per submission kind.
    pub queues: Vec<(String, String, i64, i64, i64)>,
    /// For a provider: records decided but not yet online, and how many of
    /// them are past the 7-working-day publication deadline.
    pub drafts_waiting: Option<(i64, i64)>,
    /// For a provider: "N of M records online within 7 working days" over
    /// `timeliness_period`, the same figure as on /statistics.
    pub timeliness: Option<(i64, i64)>,
    pub timeliness_period: String,
    /// Submissions assigned to the provider's department for checking.
    pub assigned_to_me: Option<i64>,
    pub today: String,
}

pub fn dashboard_page(v: DashboardView) -> String {
    let nav = v.nav.clone();
    let total_overdue: i64 = v.queues.iter().map(|q| q.4).sum();
    let total_today: i64 = v.queues.iter().map(|q| q.3).sum();
    admin_document(
        "工作台",
        Some(&nav),
        view! {
            <h1>"工作台"</h1>
            <p>{format!("今天是 {}。期限按工作日计算，节假日顺延。", v.today)}</p>
            {(!v.queues.is_empty()).then(|| view! {
                <section aria-labelledby="today-title">
                    <h2 id="today-title">"今日待办"</h2>
                    <p class="big-figures">
                        <span id="due-today">{format!("今日到期 {total_today} 件")}</span>
                        " · "
                        <span id="overdue-total" class={if total_overdue > 0 { "overdue" } else { "" }}>{format!("已超期 {total_overdue} 件")}</span>
                    </p>
                    <table class="data-table">
                        <caption>"各类待办"</caption>
                        <thead><tr><th scope="col">"类别"</th><th scope="col">"待办"</th><th scope="col">"今日到期"</th><th scope="col">"已超期"</th></tr></thead>
                        <tbody>
                            {v.queues.iter().map(|(label, href, open, today, overdue)| view! {
                                <tr>
                                    <th scope="row"><a href=href.clone()>{label.clone()}</a></th>
                                    <td>{*open}</td>
                                    <td>{*today}</td>
                                    <td class={if *overdue > 0 { "overdue" } else { "" }}>{*overdue}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            })}
            {v.assigned_to_me.map(|n| view! {
                <section>
                    <h2>"转本部门核查"</h2>
                    <p><a href="/admin/submissions?assigned=mine">{format!("{n} 件待核查")}</a></p>
                </section>
            })}
            {v.drafts_waiting.map(|(n, late)| view! {
                <section>
                    <h2>"待上线信息"</h2>
                    <p id="drafts"><a href="/admin/records">{format!("{n} 条信息尚未上线，其中 {late} 条已超过决定后 7 个工作日的公示期限。")}</a></p>
                </section>
            })}
            {v.timeliness.map(|(on_time, total)| {
                let share = crate::domain::statistics::percent(crate::domain::statistics::share(on_time, total));
                let period = v.timeliness_period.clone();
                view! {
                    <section>
                        <h2>"本部门公示及时率"</h2>
                        <p id="timeliness">{format!("{period} 期间决定并已公开的 {total} 条信息中 {on_time} 条在决定后 7 个工作日内上线（{share}），与公开的统计页同一口径。")}</p>
                    </section>
                }
            })}
        },
    )
}
