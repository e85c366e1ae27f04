//! The change log as an audit view, filterable by actor, entity and date.

use leptos::prelude::*;

use super::{admin_document, AdminNav};

#[derive(Clone, Debug)]
pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub op: String,
    pub entity: String,
    /// Link to the thing, when it has a back-office page.
    pub entity_href: Option<String>,
    pub kind: String,
    pub reason: String,
    pub hash: String,
}

#[derive(Clone, Debug, Default)]
pub struct AuditView {
    pub nav: AdminNav,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub from: String,
    pub to: String,
    pub rows: Vec<AuditRow>,
    /// The chain check: None = not run, Some(Ok(n)) n rows verified, Some(Err(msg)).
    pub chain: Option<Result<i64, String>>,
    pub next_page: Option<String>,
    pub error: Option<String>,
}

pub fn audit_page(v: AuditView) -> String {
    let nav = v.nav.clone();
    admin_document(
        "审计日志",
        Some(&nav),
        view! {
            <h1>"审计日志"</h1>
            <p>"每一次写入都在同一事务中追加一条哈希链记录；任何一条被改动，校验都会指出第一处断裂。"</p>
            {v.error.clone().map(|e| view! { <div class="error-summary" role="alert"><p>{e}</p></div> })}
            <form class="filter-form" action="/admin/audit" method="get">
                <label for="actor">"操作人"</label>
                <input id="actor" name="actor" type="text" value=v.actor.clone() />
                <label for="entity">"对象类型"</label>
                <select id="entity" name="entity">
                    {[("", "全部"), ("record", "信息"), ("submission", "提交"), ("subject", "主体"), ("staff", "账号"), ("list", "名单")]
                        .into_iter()
                        .map(|(code, label)| view! { <option value=code selected=v.entity == code>{label}</option> })
                        .collect_view()}
                </select>
                <label for="entity_id">"对象编号"</label>
                <input id="entity_id" name="entity_id" type="text" inputmode="numeric" value=v.entity_id.clone() />
                <label for="from">"从"</label>
                <input id="from" name="from" type="date" value=v.from.clone() />
                <label for="to">"到"</label>
                <input id="to" name="to" type="date" value=v.to.clone() />
                <button type="submit">"筛选"</button>
            </form>
            <form action="/admin/audit" method="get" class="inline-form">
                <input type="hidden" name="verify" value="1" />
                <button type="submit">"校验哈希链"</button>
            </form>
            {v.chain.clone().map(|c| match c {
                Ok(n) => view! { <p class="notice" id="chain-ok">{format!("哈希链完整：已校验 {n} 条记录。")}</p> }.into_any(),
                Err(m) => view! { <div class="error-summary" role="alert" id="chain-broken"><p>{m}</p></div> }.into_any(),
            })}
            <table class="data-table" id="audit">
                <caption>"最新的在前"</caption>
                <thead><tr>
                    <th scope="col">"序号"</th><th scope="col">"时间"</th><th scope="col">"操作人"</th><th scope="col">"操作"</th>
                    <th scope="col">"对象"</th><th scope="col">"类别"</th><th scope="col">"说明"</th><th scope="col">"哈希"</th>
                </tr></thead>
                <tbody>
                    {v.rows.iter().map(|r| view! {
                        <tr>
                            <td>{r.seq}</td><td>{r.at.clone()}</td><td>{r.actor.clone()}</td><td>{r.op.clone()}</td>
                            <td>{match r.entity_href.clone() {
                                Some(href) => view! { <a href=href>{r.entity.clone()}</a> }.into_any(),
                                None => view! { <span>{r.entity.clone()}</span> }.into_any(),
                            }}</td>
                            <td>{r.kind.clone()}</td><td>{r.reason.clone()}</td><td><code>{r.hash.clone()}</code></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {v.next_page.clone().map(|href| view! { <p><a href=href rel="next">"更早的记录"</a></p> })}
        },
    )
}
