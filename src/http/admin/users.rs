//! Accounts, for admins: add (with a one-time password), reset, disable.

use app::domain::field_error::FieldError;
use app::domain::staff::{username_problem, Role};
use app::pages::admin::{users_page, UserItem, UsersView};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;

use super::{Staff, StaffForm};
use crate::auth::password::generate_password;
use crate::http::respond::{page, PageResult};
use crate::http::{AppError, AppState};

async fn view(state: &AppState, staff: &Staff) -> Result<UsersView, AppError> {
    let departments = state.store.all_departments().await?;
    let name_of = |id: Option<i64>| {
        id.and_then(|id| departments.iter().find(|d| d.id == id))
            .map_or("—".to_string(), |d| d.name.clone())
    };
    let users = state
        .store
        .all_staff()
        .await?
        .into_iter()
        .map(|u| UserItem {
            id: u.id,
            role_label: Role::from_code(&u.role).map_or(u.role.clone(), |r| r.label().to_string()),
            department: name_of(u.department_id),
            disabled: u.disabled,
            must_change_password: u.must_change_password,
            username: u.username,
        })
        .collect();
    Ok(UsersView {
        nav: staff.nav(),
        users,
        roles: Role::ALL
            .iter()
            .map(|r| (r.code().to_string(), r.label().to_string()))
            .collect(),
        departments: departments.iter().map(|d| (d.id.to_string(), d.name.clone())).collect(),
        ..UsersView::default()
    })
}

pub async fn users(State(state): State<AppState>, staff: Staff) -> PageResult {
    if !staff.actor().can_administer() {
        return Err(staff.not_allowed());
    }
    Ok(page(StatusCode::OK, users_page(view(&state, &staff).await?), None))
}

#[derive(Deserialize)]
pub struct AddUser {
    #[serde(default)]
    username: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    department_id: String,
}

pub async fn add_user(
    State(state): State<AppState>,
    StaffForm { staff, form: post }: StaffForm<AddUser>,
) -> PageResult {
    if !staff.actor().can_administer() {
        return Err(staff.not_allowed());
    }
    let username = post.username.trim().to_lowercase();
    let role = Role::from_code(&post.role);
    let department = post.department_id.trim().parse::<i64>().ok();
    let mut errors = Vec::new();
    if let Some(p) = username_problem(&username) {
        errors.push(FieldError {
            field: "username",
            message: p,
        });
    }
    if role.is_none() {
        errors.push(FieldError {
            field: "role",
            message: "请选择角色".into(),
        });
    }
    if role == Some(Role::Provider) && department.is_none() {
        errors.push(FieldError {
            field: "department_id",
            message: "数据报送角色须选择所属部门".into(),
        });
    }
    let mut v = view(&state, &staff).await?;
    if errors.is_empty() {
        let password = generate_password();
        let hash = {
            let p = password.clone();
            state
                .passwords
                .hash(p)
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?
        };
        let role = role.expect("checked");
        let dept = if role == Role::Provider { department } else { None };
        match state
            .store
            .create_staff(
                &username,
                role.code(),
                dept,
                &hash,
                &staff.log_name(),
                state.clock.now(),
            )
            .await
        {
            Ok(_) => {
                let mut v = view(&state, &staff).await?;
                v.notice = Some(format!(
                    "已添加用户 {username}。初始密码（只显示这一次，请当面或经安全渠道交给本人）：{password}"
                ));
                return Ok(page(StatusCode::OK, users_page(v), None));
            }
            Err(crate::store::StoreError::Refused(m)) => errors.push(FieldError {
                field: "username",
                message: m,
            }),
            Err(e) => return Err(e.into()),
        }
    }
    v.username = post.username.clone();
    v.role = post.role.clone();
    v.department_id = post.department_id.clone();
    v.errors = errors;
    Ok(page(StatusCode::UNPROCESSABLE_ENTITY, users_page(v), None))
}

#[derive(Deserialize)]
pub struct ChangeUser {
    #[serde(default)]
    action: String,
}

pub async fn change_user(
    State(state): State<AppState>,
    Path(id): Path<String>,
    StaffForm { staff, form: post }: StaffForm<ChangeUser>,
) -> PageResult {
    if !staff.actor().can_administer() {
        return Err(staff.not_allowed());
    }
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let user = state.store.staff_by_id(id).await?.ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let notice = match post.action.as_str() {
        "reset" => {
            let password = generate_password();
            let p = password.clone();
            let hash = state
                .passwords
                .hash(p)
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?;
            state
                .store
                .set_staff_password(id, &hash, true, &staff.log_name(), now)
                .await?;
            format!(
                "已重置 {} 的密码。新的一次性密码：{password}（首次登录须修改）",
                user.username
            )
        }
        "disable" | "enable" => {
            if id == staff.user_id {
                return Err(AppError::BadRequest("不能停用自己的账号。".into()));
            }
            let disable = post.action == "disable";
            state
                .store
                .set_staff_disabled(id, disable, &staff.log_name(), now)
                .await?;
            format!("已{} {}", if disable { "停用" } else { "启用" }, user.username)
        }
        _ => return Err(AppError::BadRequest("未知的操作".into())),
    };
    let mut v = view(&state, &staff).await?;
    v.notice = Some(notice);
    Ok(page(StatusCode::OK, users_page(v), None))
}
