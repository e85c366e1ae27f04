//! Accounts (admin only): list, add, reset password, disable.

use leptos::prelude::*;

use super::{admin_document, flash, AdminNav};
use crate::domain::field_error::FieldError;
use crate::pages::form_parts::{error_summary, form_title, select_field, text_field, TextField};

#[derive(Clone, Debug)]
pub struct UserItem {
    pub id: i64,
    pub username: String,
    pub role_label: String,
    pub department: String,
    pub disabled: bool,
    pub must_change_password: bool,
}

#[derive(Clone, Debug, Default)]
pub struct UsersView {
    pub nav: AdminNav,
    pub users: Vec<UserItem>,
    pub roles: Vec<(String, String)>,
    pub departments: Vec<(String, String)>,
    /// The add form's values and errors.
    pub username: String,
    pub role: String,
    pub department_id: String,
    pub errors: Vec<FieldError>,
    /// After adding or resetting: the one-time password to hand over.
    pub notice: Option<String>,
}

pub fn users_page(v: UsersView) -> String {
    let nav = v.nav.clone();
    let title = form_title("用户", &v.errors);
    admin_document(
        &title,
        Some(&nav),
        view! {
            {flash(v.notice.clone())}
            {error_summary(&v.errors)}
            <h1>"用户"</h1>
            <table class="data-table" id="users">
                <thead><tr><th scope="col">"用户名"</th><th scope="col">"角色"</th><th scope="col">"部门"</th><th scope="col">"状态"</th><th scope="col">"操作"</th></tr></thead>
                <tbody>
                    {v.users.iter().map(|u| view! {
                        <tr>
                            <td>{u.username.clone()}</td>
                            <td>{u.role_label.clone()}</td>
                            <td>{u.department.clone()}</td>
                            <td>{if u.disabled { "已停用" } else if u.must_change_password { "待首次登录改密" } else { "正常" }}</td>
                            <td>
                                <form action=format!("/admin/users/{}", u.id) method="post" class="inline-form">
                                    <input type="hidden" name="csrf" value=v.nav.csrf.clone() />
                                    <button type="submit" name="action" value="reset">"重置密码"</button>
                                    {if u.disabled {
                                        view! { <button type="submit" name="action" value="enable">"启用"</button> }.into_any()
                                    } else {
                                        view! { <button type="submit" name="action" value="disable">"停用"</button> }.into_any()
                                    }}
                                </form>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h2>"添加用户"</h2>
            <form class="submission-form" action="/admin/users" method="post" novalidate>
                <input type="hidden" name="csrf" value=v.nav.csrf.clone() />
                {text_field(TextField { id: "username", label: "用户名", hint: Some("3–32 位小写字母、数字、“.”“_”“-”。"), input_type: "text", autocomplete: "off", value: v.username.clone() }, &v.errors)}
                {select_field("role", "角色", v.roles.clone(), v.role.clone(), &v.errors)}
                {select_field("department_id", "部门（数据报送角色必选）", v.departments.clone(), v.department_id.clone(), &v.errors)}
                <p class="hint">"系统生成一次性初始密码，首次登录须修改。"</p>
                <button type="submit">"添加"</button>
            </form>
        },
    )
}
