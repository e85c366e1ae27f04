//! One record: every public column, its status and where it came from.

use leptos::prelude::*;

use super::components::{date_text, StatusBadge};
use super::document;
use crate::domain::amount::format_fen_as_wan_yuan;
use crate::domain::kinds::RecordKind;
use crate::domain::national_columns::{columns_for, Visibility};
use crate::views::RecordDetail;

pub fn record_page(r: RecordDetail) -> String {
    let s = r.summary.clone();
    let title = format!("{} - {}", s.subject_name, s.kind.label());
    let internal: Vec<&str> = columns_for(s.kind)
        .iter()
        .filter(|c| c.visibility == Visibility::Internal)
        .map(|c| c.name)
        .collect();
    let columns: Vec<(String, String)> = r
        .columns
        .iter()
        .filter(|(k, _)| !internal.contains(&k.as_str()))
        .cloned()
        .collect();
    let fine = r.fine_fen.map(|f| format!("{} 万元", format_fen_as_wan_yuan(f)));
    let repair = matches!(s.kind, RecordKind::Penalty | RecordKind::Integrity)
        .then_some(r.repair_from)
        .flatten();
    let what = if s.kind == RecordKind::Integrity {
        "本政务失信记录"
    } else {
        "本处罚信息"
    };
    let remedies = r.remedies.clone();
    let decided = r.decided_elsewhere.then(|| {
        let start = r
            .columns
            .iter()
            .find(|(k, _)| k == crate::domain::national_columns::LIST_START)
            .map_or(String::new(), |(_, v)| v.clone());
        format!(
            "由上级机关认定：认定文书号 {}，列入日期 {start}（告知、申辩程序由认定机关履行）。",
            s.doc_no
        )
    });
    let body = view! {
        <nav class="breadcrumb" aria-label="位置">
            <a href="/">"首页"</a>" / "
            <a href=format!("/subjects/{}", s.subject_id)>{s.subject_name.clone()}</a>" / "
            <span>{s.kind.label()}</span>
        </nav>
        <h1>{s.kind.label()}" · "{s.subject_name.clone()}</h1>
        <p class="record-status">
            <StatusBadge status=s.status />
            {r.objection_open.then(|| view! { " "<span class="badge badge-objection">"异议处理中"</span> })}
        </p>
        {decided.map(|words| view! { <p class="note" id="decided-elsewhere">{words}</p> })}
        {r.objection_open.then(|| view! {
            <p class="note">"异议处理中：有关方面对本信息提出的异议已受理，正在核查。核查期间本信息继续公示。"</p>
        })}
        <dl class="facts">
            <dt>"文书号"</dt><dd>{s.doc_no.clone()}</dd>
            <dt>"行政相对人"</dt>
            <dd><a href=format!("/subjects/{}", s.subject_id)>{s.subject_name.clone()}</a>" （"{r.subject_kind.label()}"）"</dd>
            <dt>"决定机关"</dt>
            <dd><a href=format!("/departments/{}", s.authority_id)>{s.authority_name.clone()}</a></dd>
            <dt>"数据来源单位"</dt><dd>{r.source_name.clone()}</dd>
            {r.unit.clone().map(|(id, name)| view! {
                <dt>"所在单位"</dt>
                <dd id="record-unit"><a href=format!("/departments/{id}/integrity")>{name}</a>"（计入该单位诚信档案）"</dd>
            })}
            {s.category.clone().map(|c| view! { <dt>"类别"</dt><dd>{c}</dd> })}
            <dt>"决定日期"</dt><dd>{date_text(s.decision_date)}</dd>
            {s.end_date.map(|d| view! { <dt>"公示截止"</dt><dd>{date_text(d)}</dd> })}
            {fine.map(|f| view! { <dt>"罚款金额"</dt><dd>{f}</dd> })}
            {r.pledge.clone().map(|p| {
                let overdue = p.fulfilment == crate::domain::pledge_fulfilment::Fulfilment::Overdue;
                view! {
                    <dt>"承诺履行期限"</dt>
                    <dd id="pledge-due">{p.due_date.map_or("未约定期限".to_string(), date_text)}</dd>
                    <dt>"履约状态"</dt>
                    <dd id="pledge-fulfilment" class={if overdue { "deadline-overdue" } else { "" }}>
                        {p.fulfilment.label()}
                        {overdue.then_some("（已过承诺履行期限，尚未登记履约）")}
                    </dd>
                    {p.fulfilled_on.map(|d| view! { <dt>"践诺日期"</dt><dd id="pledge-fulfilled-on">{date_text(d)}</dd> })}
                }
            })}
            <dt>"上网日期"</dt><dd>{date_text(r.published_on)}</dd>
            {(r.version > 1).then(|| view! { <dt>"最近更正"</dt><dd>{date_text(r.updated_on)}{format!("（第 {} 版）", r.version)}</dd> })}
        </dl>
        <h2>"公示内容"</h2>
        <table class="columns">
            <tbody>
                {columns
                    .into_iter()
                    .map(|(k, v)| view! { <tr><th scope="row">{k}</th><td>{v}</td></tr> })
                    .collect_view()}
            </tbody>
        </table>
        {(!remedies.is_empty()).then(|| view! {
            <h2 id="remedies">"书面说明与限期整改（公开通报）"</h2>
            <table class="data-table">
                <thead><tr>
                    <th scope="col">"要求"</th><th scope="col">"内容"</th><th scope="col">"责令日期"</th>
                    <th scope="col">"完成期限"</th><th scope="col">"状态"</th><th scope="col">"完成情况"</th>
                </tr></thead>
                <tbody>
                    {remedies.into_iter().map(|m| view! {
                        <tr class=if m.overdue { "remedy-overdue" } else { "remedy" }>
                            <th scope="row">{m.remedy}</th>
                            <td>{m.requirement}</td>
                            <td>{date_text(m.ordered_on)}</td>
                            <td>{date_text(m.due)}</td>
                            <td><strong>{m.state}</strong></td>
                            <td>{m.done_on.map(|d| format!("{}：", date_text(d)))}{m.report}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {r.repair_blocked.clone().map(|why| view! { <p class="note" id="repair-note">{why}</p> })}
        {repair.map(|d| {
            if r.repair_open {
                view! { <p class="note" id="repair-note"><a href=format!("/records/{}/repair", s.id)>"申请信用修复"</a>{format!("：{what}最短公示期已满，当事人纠正失信行为后可申请。")}</p> }.into_any()
            } else {
                view! { <p class="note" id="repair-note">{format!("信用修复：{what}最短公示期满（{}）后，当事人可申请信用修复。", date_text(d))}</p> }.into_any()
            }
        })}
        {r.removal_from.map(|d| {
            if r.removal_open {
                view! { <p class="note"><a href=format!("/records/{}/removal", s.id)>"申请移出黑名单"</a>"：已进入管理期限届满前的申请期。"</p> }.into_any()
            } else {
                view! { <p class="note" id="removal-note">{format!("移出申请：自 {} 起（管理期限届满前的最后 30 个工作日内）可以申请移出。", date_text(d))}</p> }.into_any()
            }
        })}
        <p class="objection-link"><a href=format!("/records/{}/objection", s.id)>"对此信息有异议"</a></p>
        <p class="permalink">"本页固定地址："<a href=format!("/records/{}", s.id)>{format!("/records/{}", s.id)}</a></p>
    };
    document(&title, body)
}
