//! Red list and black list pages: paginated, filterable by list and department.

use leptos::prelude::*;

use super::components::{Pager, RecordTable};
use super::document;
use crate::domain::kinds::RecordKind;
use crate::views::ListPage;

pub fn list_page(p: ListPage) -> String {
    let (title, intro, path) = match p.kind {
        RecordKind::Redlist => ("红名单", "守信激励对象：依法认定的诚实守信主体。", "/lists/red"),
        _ => (
            "黑名单",
            "失信惩戒对象：依法认定的严重失信主体，在管理期内公示。",
            "/lists/black",
        ),
    };
    let mut base = format!("{path}?");
    if let Some(l) = &p.selected_list {
        base.push_str(&format!("list={}&", url_encode(l)));
    }
    if let Some(d) = p.selected_department {
        base.push_str(&format!("department={d}&"));
    }
    let selected_list = p.selected_list.clone().unwrap_or_default();
    let selected_department = p.selected_department;
    let body = view! {
        <h1>{title}</h1>
        <p>{intro}</p>
        <form class="filters" action=path method="get">
            <div class="field">
                <label for="list">"名单"</label>
                <select id="list" name="list">
                    <option value="">"全部名单"</option>
                    {p.list_names.iter().map(|n| {
                        let selected = *n == selected_list;
                        view! { <option value=n.clone() selected=selected>{n.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="department">"认定机关"</label>
                <select id="department" name="department">
                    <option value="">"全部机关"</option>
                    {p.departments.iter().map(|(id, name)| {
                        let selected = Some(*id) == selected_department;
                        view! { <option value=id.to_string() selected=selected>{name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="submit">"筛选"</button>
        </form>
        <RecordTable rows=p.listing.rows.clone() />
        <Pager listing=p.listing base=base />
    };
    document(title, body)
}

/// Percent-encodes a query value (UTF-8 bytes outside the unreserved set).
pub fn url_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
