//! Departments: the index of issuing authorities and each one's disclosures.

use leptos::prelude::*;

use super::components::{Pager, RecordTable};
use super::document;
use crate::domain::kinds::RecordKind;
use crate::views::DepartmentPage;

pub fn departments_page(departments: Vec<(i64, String)>) -> String {
    let body = view! {
        <h1>"部门公示"</h1>
        <p>"各部门依法公示的行政许可、行政处罚、名单和政务失信信息。"</p>
        <ul class="department-list">
            {departments.into_iter().map(|(id, name)| view! {
                <li><a href=format!("/departments/{id}")>{name}</a></li>
            }).collect_view()}
        </ul>
    };
    document("部门公示", body)
}

pub fn department_page(p: DepartmentPage) -> String {
    let base = match p.kind {
        Some(k) => format!("/departments/{}?kind={}&", p.id, k.code()),
        None => format!("/departments/{}?", p.id),
    };
    let id = p.id;
    let selected = p.kind;
    let body = view! {
        <h1>{p.name.clone()}</h1>
        <dl class="facts"><dt>"统一社会信用代码"</dt><dd>{p.uscc.clone()}</dd></dl>
        <p class="actions">
            <a href=format!("/departments/{id}/integrity")>"诚信档案"</a>" · "
            <a href=format!("/departments/{id}/feed.atom")>"订阅变更（Atom）"</a>
        </p>
        <nav class="tabs" aria-label="按类别">
            <a href=format!("/departments/{id}") aria-current=selected.is_none().then_some("page")>"全部"</a>
            {RecordKind::ALL.into_iter().map(|k| view! {
                <a href=format!("/departments/{id}?kind={}", k.code()) aria-current=(selected == Some(k)).then_some("page")>{k.label()}</a>
            }).collect_view()}
        </nav>
        <RecordTable rows=p.listing.rows.clone() />
        <Pager listing=p.listing base=base />
    };
    document(&p.name, body)
}
