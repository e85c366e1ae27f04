//! A subject's page: its public records grouped by kind, with a banner when it
//! is on a black or red list.

use leptos::prelude::*;

use super::components::RecordTable;
use super::document;
use crate::views::SubjectDetail;

pub fn subject_page(s: SubjectDetail) -> String {
    let total: usize = s.groups.iter().map(|(_, rows)| rows.len()).sum();
    let black: Vec<String> = s.on_blacklist.iter().filter_map(|r| r.list_name.clone()).collect();
    let red: Vec<String> = s.on_redlist.iter().filter_map(|r| r.list_name.clone()).collect();
    let code = s
        .uscc
        .clone()
        .map(|c| ("统一社会信用代码", c))
        .or_else(|| s.id_masked.clone().map(|c| ("证件号码", c)));
    let groups = s.groups.clone();
    let body = view! {
        <h1>{s.name.clone()}</h1>
        {(!black.is_empty()).then(|| view! {
            <div class="banner banner-black" role="status">
                <strong>"该主体正被列入黑名单："</strong>{black.join("、")}
            </div>
        })}
        {(!red.is_empty()).then(|| view! {
            <div class="banner banner-red" role="status">
                <strong>"该主体列入红名单："</strong>{red.join("、")}
            </div>
        })}
        <dl class="facts">
            <dt>"主体类别"</dt><dd>{s.kind.label()}</dd>
            {code.map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })}
            {(!s.identity_verified).then(|| view! {
                <dt>"身份核验"</dt>
                <dd id="identity-unverified">"身份未核验：来源名单只提供姓名和脱敏证件号码，同名同号者可能不是同一人"</dd>
            })}
            <dt>"公示信息"</dt><dd>{format!("{total} 条")}</dd>
        </dl>
        <p class="actions">
            <a href=format!("/subjects/{}/report", s.id)>"出具信用报告"</a>" · "
            <a href=format!("/subjects/{}/feed.atom", s.id)>"订阅变更（Atom）"</a>" · "
            <a href=format!("/api/v1/subjects/{}", s.id)>"JSON"</a>
        </p>
        <ul class="counts small">
            {groups.iter().map(|(kind, rows)| view! {
                <li><a href=format!("#{}", kind.code())>
                    <span class="count-number">{rows.len().to_string()}</span>
                    <span class="count-label">{kind.label()}</span>
                </a></li>
            }).collect_view()}
        </ul>
        {groups.into_iter().filter(|(_, rows)| !rows.is_empty()).map(|(kind, rows)| view! {
            <section id=kind.code()>
                <h2>{kind.label()}{format!("（{}）", rows.len())}</h2>
                <RecordTable rows=rows hide_subject=true />
            </section>
        }).collect_view()}
        {(total == 0).then(|| view! { <p class="empty">"该主体目前没有处于公示期内的信息。"</p> })}
    };
    document(&s.name, body)
}
