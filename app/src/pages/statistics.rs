//! The statistics page and each department's integrity profile (政务诚信).

use leptos::prelude::*;

use super::charts::{bar_chart, Bar};
use super::document;
use crate::domain::pledge_fulfilment::{Fulfilment, FulfilmentCounts};

/// A department's line in the rankings.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct DepartmentFigures {
    pub id: i64,
    pub name: String,
    pub public_records: i64,
    pub published: i64,
    pub on_time: i64,
    pub timeliness: String,
    pub objections: i64,
    pub objections_upheld: i64,
    pub score: f64,
}

#[derive(Clone, Debug, Default)]
pub struct StatisticsView {
    pub as_of: String,
    pub period: String,
    pub by_kind: Vec<(String, i64)>,
    pub by_month: Vec<(String, i64)>,
    /// Sorted by timeliness, best first.
    pub departments: Vec<DepartmentFigures>,
    pub answered: i64,
    pub answered_on_time: i64,
    pub answered_share: String,
}

fn count_bars(rows: &[(String, i64)]) -> Vec<Bar> {
    rows.iter()
        .map(|(label, n)| Bar {
            label: label.clone(),
            value: *n as f64,
            shown: n.to_string(),
        })
        .collect()
}

pub fn statistics_page(v: StatisticsView) -> String {
    let timeliness_bars: Vec<Bar> = v
        .departments
        .iter()
        .filter(|d| d.published > 0)
        .map(|d| Bar {
            label: d.name.clone(),
            value: d.on_time as f64 / d.published as f64 * 100.0,
            shown: d.timeliness.clone(),
        })
        .collect();
    let by_department: Vec<(String, i64)> = v
        .departments
        .iter()
        .map(|d| (d.name.clone(), d.public_records))
        .collect();
    document(
        "统计",
        view! {
            <h1>"统计"</h1>
            <p>{format!("截至 {}。公示及时率统计 {} 作出决定并已公开的信息：自首次公开之日计，决定后 7 个工作日内上线的比例，按数据来源单位统计；草稿、拟列入及不予列入的名单信息、敏感信息和简易程序处罚从未公开，不计入。", v.as_of, v.period)}</p>
            {bar_chart("by-kind", "公开信息按类别".into(), "条数", count_bars(&v.by_kind))}
            {bar_chart("by-month", "公开信息按决定月份".into(), "条数", count_bars(&v.by_month))}
            {bar_chart("by-department", "公开信息按部门".into(), "条数", count_bars(&by_department))}
            {bar_chart("timeliness", "各部门公示及时率".into(), "及时率", timeliness_bars)}
            <h2>"部门排名"</h2>
            <table class="data-table" id="ranking">
                <caption>"按公示及时率排序；公示及时率和异议均按数据来源单位统计；综合得分的算法见各部门诚信档案"</caption>
                <thead><tr>
                    <th scope="col">"名次"</th><th scope="col">"部门"</th><th scope="col">"公示及时率"</th>
                    <th scope="col">"收到异议"</th><th scope="col">"异议成立"</th><th scope="col">"综合得分"</th>
                </tr></thead>
                <tbody>
                    {v.departments.iter().enumerate().map(|(i, d)| view! {
                        <tr>
                            <td>{i + 1}</td>
                            <th scope="row"><a href=format!("/departments/{}/integrity", d.id)>{d.name.clone()}</a></th>
                            <td>{format!("{}（{}/{}）", d.timeliness, d.on_time, d.published)}</td>
                            <td>{d.objections}</td>
                            <td>{d.objections_upheld}</td>
                            <td>{format!("{:.1}", d.score)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h2>"按期答复"</h2>
            <p id="answered">{format!("已办理的异议、投诉、修复申请和承诺共 {} 件，其中 {} 件在期限内作出决定（{}）。", v.answered, v.answered_on_time, v.answered_share)}</p>
            <p>"数据也可通过 "<a href="/api/v1/statistics"><code>"/api/v1/statistics"</code></a>" 获取。"</p>
        },
    )
}

/// One of a department's own pledges on its profile.
#[derive(Clone, Debug)]
pub struct ProfilePledge {
    pub id: i64,
    pub pledge_type: String,
    pub matter: String,
    pub doc_no: String,
    pub due_date: Option<String>,
    pub fulfilment: Fulfilment,
}

#[derive(Clone, Debug, Default)]
pub struct ProfileView {
    pub id: i64,
    pub name: String,
    pub as_of: String,
    pub period: String,
    pub figures: Option<DepartmentFigures>,
    /// (part, weight, value text)
    pub parts: Vec<(String, f64, String)>,
    /// Its own pledges by fulfilment state, and the rate ("—" without data).
    pub pledges: FulfilmentCounts,
    pub pledge_rate: String,
    /// Its own public pledges, newest first.
    pub pledge_list: Vec<ProfilePledge>,
    /// The integrity records that count against it (its own, or its civil
    /// servants'): (record id, title, doc no, decision date).
    pub integrity_records: Vec<(i64, String, String, String)>,
    /// 书面说明 / 限期整改 on those records (公开通报).
    pub remedies: Vec<ProfileRemedy>,
    /// 政务诚信评价 results, newest year first.
    pub evaluations: Vec<ProfileEvaluation>,
}

/// One remedy in a department's profile.
#[derive(Clone, Debug, Default)]
pub struct ProfileRemedy {
    pub record_id: i64,
    pub record_title: String,
    pub remedy: String,
    pub requirement: String,
    pub due: String,
    pub state: String,
    pub overdue: bool,
}

/// One published evaluation result.
#[derive(Clone, Debug, Default)]
pub struct ProfileEvaluation {
    pub year: i32,
    /// 考核评价 / 第三方机构评价.
    pub kind: String,
    pub evaluator: String,
    pub result: String,
    pub score: Option<String>,
    pub source_document: String,
    pub source_url: Option<String>,
}

pub fn department_profile_page(v: ProfileView) -> String {
    let title = format!("{} 诚信档案", v.name);
    let f = v.figures.clone();
    document(
        &title,
        view! {
            <h1>{title.clone()}</h1>
            <p>{format!("截至 {}。本档案汇总该部门自身的诚信情况，供公众和第三方评价机构比较。", v.as_of)}</p>
            {f.map(|f| view! {
                <p class="big-figures"><span id="score">{format!("综合得分 {:.1}", f.score)}</span></p>
                <dl class="facts">
                    <dt>"公示及时率"</dt><dd id="profile-timeliness">{format!("{}（{} 条中 {} 条在 7 个工作日内上线，{}）", f.timeliness, f.published, f.on_time, v.period)}</dd>
                    <dt>"对其数据的异议"</dt><dd id="profile-objections">{format!("收到 {} 件，成立 {} 件", f.objections, f.objections_upheld)}</dd>
                    <dt>"本部门的承诺"</dt><dd id="profile-pledges">{format!(
                        "履约率 {}（已履约 {} 项，未履约 {} 项，逾期未践诺 {} 项，履约中 {} 项）",
                        v.pledge_rate, v.pledges.kept, v.pledges.broken, v.pledges.overdue, v.pledges.in_progress
                    )}</dd>
                    <dt>"政务失信记录"</dt><dd id="profile-integrity">{format!("{} 条在公示期内（含本单位公务人员的记录）", v.integrity_records.len())}</dd>
                </dl>
            })}
            <h2>"本部门的承诺及践诺情况"</h2>
            <p>"服务承诺、期限承诺、保障承诺、限时办结、一次性告知等承诺的履行情况。承诺履约率 = 已履约 ÷（已履约 + 未履约 + 逾期未践诺）；履约中且未到期的承诺不计入。"</p>
            {if v.pledge_list.is_empty() {
                view! { <p id="pledges-empty">"无公示中的承诺。"</p> }.into_any()
            } else {
                view! {
                    <table class="data-table" id="pledges">
                        <thead><tr>
                            <th scope="col">"承诺类型"</th><th scope="col">"承诺事项"</th>
                            <th scope="col">"承诺履行期限"</th><th scope="col">"履约状态"</th>
                        </tr></thead>
                        <tbody>
                            {v.pledge_list.iter().map(|p| {
                                let overdue = p.fulfilment == Fulfilment::Overdue;
                                view! {
                                    <tr class={if overdue { "overdue" } else { "" }}>
                                        <td>{p.pledge_type.clone()}</td>
                                        <td><a href=format!("/records/{}", p.id)>{p.matter.clone()}</a>{format!("（{}）", p.doc_no)}</td>
                                        <td>{p.due_date.clone().unwrap_or_else(|| "未约定".to_string())}</td>
                                        <td class={if overdue { "deadline-overdue" } else { "" }}>{p.fulfilment.label()}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <h2>"政务失信记录"</h2>
            {if v.integrity_records.is_empty() {
                view! { <p>"无公示中的政务失信记录。"</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {v.integrity_records.iter().map(|(id, t, doc, date)| view! {
                            <li><a href=format!("/records/{id}")>{t.clone()}</a>{format!("（{doc}，{date}）")}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h2 id="remedies">"书面说明与限期整改（公开通报）"</h2>
            {if v.remedies.is_empty() {
                view! { <p>"无责令书面说明或限期整改的事项。"</p> }.into_any()
            } else {
                view! {
                    <table class="data-table" id="profile-remedies">
                        <thead><tr>
                            <th scope="col">"政务失信记录"</th><th scope="col">"要求"</th><th scope="col">"内容"</th>
                            <th scope="col">"完成期限"</th><th scope="col">"状态"</th>
                        </tr></thead>
                        <tbody>
                            {v.remedies.iter().map(|m| view! {
                                <tr class=if m.overdue { "remedy-overdue" } else { "remedy" }>
                                    <td><a href=format!("/records/{}#remedies", m.record_id)>{m.record_title.clone()}</a></td>
                                    <td>{m.remedy.clone()}</td>
                                    <td>{m.requirement.clone()}</td>
                                    <td>{m.due.clone()}</td>
                                    <td><strong>{m.state.clone()}</strong></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <h2 id="evaluations">"政务诚信评价结果"</h2>
            {if v.evaluations.is_empty() {
                view! { <p>"尚未发布该部门的政务诚信评价结果。"</p> }.into_any()
            } else {
                view! {
                    <table class="data-table" id="profile-evaluations">
                        <thead><tr>
                            <th scope="col">"年度"</th><th scope="col">"类别"</th><th scope="col">"评价机构"</th>
                            <th scope="col">"结果"</th><th scope="col">"得分"</th><th scope="col">"依据"</th>
                        </tr></thead>
                        <tbody>
                            {v.evaluations.iter().map(|e| view! {
                                <tr>
                                    <th scope="row">{e.year}</th>
                                    <td>{e.kind.clone()}</td>
                                    <td>{e.evaluator.clone()}</td>
                                    <td>{e.result.clone()}</td>
                                    <td>{e.score.clone().unwrap_or_else(|| "—".into())}</td>
                                    <td>{match e.source_url.clone() {
                                        Some(url) => view! { <a href=url rel="noopener nofollow">{e.source_document.clone()}</a> }.into_any(),
                                        None => view! { <span>{e.source_document.clone()}</span> }.into_any(),
                                    }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p>"评价结果由评价机构作出，本站按其发布文件公开；与本档案的综合得分分别计算。"</p>
                }.into_any()
            }}
            <h2>"综合得分怎么算"</h2>
            <table class="data-table" id="score-parts">
                <thead><tr><th scope="col">"分项"</th><th scope="col">"权重"</th><th scope="col">"本部门"</th></tr></thead>
                <tbody>
                    {v.parts.iter().map(|(name, w, value)| view! {
                        <tr><th scope="row">{name.clone()}</th><td>{format!("{w:.0}")}</td><td>{value.clone()}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p>"得分 = 有数据的分项按权重加权平均 × 100；没有数据的分项不计入，既不加分也不扣分。"</p>
            <p><a href=format!("/departments/{}", v.id)>"该部门公示的信息"</a>" · "<a href=format!("/departments/{}/feed.atom", v.id)>"订阅该部门的变更"</a>" · "<a href="/statistics">"全部部门排名"</a></p>
        },
    )
}
