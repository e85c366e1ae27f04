//! Login and the (forced, on first login) password change.

use leptos::prelude::*;

use super::{admin_document, AdminNav};
use crate::domain::field_error::FieldError;
use crate::pages::form_parts::{error_summary, form_title, text_field, TextField};

#[derive(Clone, Debug, Default)]
pub struct LoginView {
    pub username: String,
    pub errors: Vec<FieldError>,
    /// A lock message ("请 N 分钟后再试") instead of field errors.
    pub locked: Option<String>,
    pub csrf: String,
    /// Where to go after logging in (a path under /admin).
    pub next: String,
}

pub fn login_page(v: LoginView) -> String {
    let title = form_title("后台登录", &v.errors);
    admin_document(
        &title,
        None,
        view! {
            {error_summary(&v.errors)}
            {v.locked.clone().map(|m| view! { <div class="error-summary" role="alert"><h2>"暂时无法登录"</h2><p>{m}</p></div> })}
            <h1>"后台登录"</h1>
            <p>"供数据来源单位、信用办和管理员使用。公众查询和提交无需登录。"</p>
            <form class="submission-form" action="/admin/login" method="post" novalidate>
                <input type="hidden" name="csrf" value=v.csrf.clone() />
                <input type="hidden" name="next" value=v.next.clone() />
                {text_field(TextField { id: "username", label: "用户名", hint: None, input_type: "text", autocomplete: "username", value: v.username.clone() }, &v.errors)}
                {text_field(TextField { id: "password", label: "密码", hint: None, input_type: "password", autocomplete: "current-password", value: String::new() }, &v.errors)}
                <button type="submit">"登录"</button>
            </form>
        },
    )
}

#[derive(Clone, Debug, Default)]
pub struct PasswordView {
    pub nav: AdminNav,
    pub errors: Vec<FieldError>,
    /// First login: the account must choose its own password before anything else.
    pub forced: bool,
}

pub fn password_page(v: PasswordView) -> String {
    let title = form_title("修改密码", &v.errors);
    let nav = v.nav.clone();
    admin_document(
        &title,
        Some(&nav),
        view! {
            {error_summary(&v.errors)}
            <h1>"修改密码"</h1>
            {v.forced.then(|| view! { <p class="notice">"首次登录或密码被重置后，须先设置自己的密码才能继续使用后台。"</p> })}
            <form class="submission-form" action="/admin/password" method="post" novalidate>
                <input type="hidden" name="csrf" value=v.nav.csrf.clone() />
                {text_field(TextField { id: "current", label: "当前密码", hint: None, input_type: "password", autocomplete: "current-password", value: String::new() }, &v.errors)}
                {text_field(TextField { id: "new_password", label: "新密码", hint: Some("至少 10 个字符，包含字母、数字、符号中的两类，不能包含用户名。"), input_type: "password", autocomplete: "new-password", value: String::new() }, &v.errors)}
                {text_field(TextField { id: "confirm", label: "再次输入新密码", hint: None, input_type: "password", autocomplete: "new-password", value: String::new() }, &v.errors)}
                <button type="submit">"保存新密码"</button>
            </form>
        },
    )
}
