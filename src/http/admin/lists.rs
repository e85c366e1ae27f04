//! `/admin/lists`: admins configure red and black lists; admins and the
//! providers of a list's authority department run the black-list procedure
//! (拟列入 → 告知 → 列入 / 不予列入) and renew red-list entries. The rules are
//! in `app::domain::list_lifecycle`, the writes in `store::lists`.

use app::domain::dates::format_date;
use app::domain::field_error::FieldError;
use app::domain::kinds::{RecordKind, RecordState, SubjectKind};
use app::domain::list_lifecycle::{
    default_requires_no_recent_penalty, defence_ends, state_label, steps_offered, validate_list_form, ListConfig,
    ListForm, Step,
};
use app::domain::list_terms::ListTerms;
use app::domain::national_columns as col;
use app::domain::record_validation::{validate_row, RowCells, ValidationContext};
use app::pages::admin::{
    list_page, lists_page, EntryItem, ListFormValues, ListItem, ListView, ListsView, ProposalValues,
};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chrono::NaiveDate;
use serde::Deserialize;

use super::{Staff, StaffForm};
use crate::http::pages::parse_id;
use crate::http::respond::{page, PageResult};
use crate::http::{AppError, AppState};
use crate::store::{ListRow, StoreError};

fn item(l: &ListRow) -> ListItem {
    ListItem {
        id: l.id,
        name: l.name.clone(),
        kind_label: l.record_kind().label().to_string(),
        authority: l.authority_name.clone().unwrap_or_else(|| "未设置".into()),
        term_years: l.term_years,
        defence_working_days: l.defence_working_days,
        removal_window_working_days: l.removal_window_working_days,
        is_black: l.record_kind() == RecordKind::Blacklist,
        requires_no_recent_penalty: l.requires_no_recent_penalty,
    }
}

async fn department_options(state: &AppState) -> Result<Vec<(String, String)>, AppError> {
    Ok(state
        .store
        .all_departments()
        .await?
        .into_iter()
        .map(|d| (d.id.to_string(), d.name))
        .collect())
}

async fn lists_view(state: &AppState, staff: &Staff) -> Result<ListsView, AppError> {
    let lists = state.store.lists(&staff.log_name(), state.clock.now()).await?;
    Ok(ListsView {
        nav: staff.nav(),
        lists: lists.iter().map(item).collect(),
        departments: department_options(state).await?,
        ..ListsView::default()
    })
}

pub async fn lists(State(state): State<AppState>, staff: Staff) -> PageResult {
    if !staff.actor().can_administer() {
        return Err(staff.not_allowed());
    }
    Ok(page(
        StatusCode::OK,
        lists_page(lists_view(&state, &staff).await?),
        None,
    ))
}

#[derive(Deserialize, Default)]
pub struct ListPost {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    authority_id: String,
    #[serde(default)]
    term_years: String,
    #[serde(default)]
    defence_working_days: String,
    #[serde(default)]
    removal_window_working_days: String,
    /// The box 须近三年无行政处罚 (red lists); absent when not ticked.
    #[serde(default)]
    requires_no_recent_penalty: String,
}

impl ListPost {
    /// The typed form, with the defaults of DOMAIN.md for numbers left empty.
    fn form(&self, name: &str, kind: &str) -> ListForm {
        let defaults = RecordKind::from_code(kind)
            .map(|k| ListConfig::defaults_for(name, k, &ListTerms::default()))
            .unwrap_or_else(|| ListConfig::defaults_for(name, RecordKind::Blacklist, &ListTerms::default()));
        let or = |typed: &str, default: u32| {
            if typed.trim().is_empty() {
                default.to_string()
            } else {
                typed.to_string()
            }
        };
        ListForm {
            name: name.to_string(),
            kind: kind.to_string(),
            term_years: or(&self.term_years, defaults.term_years),
            defence_working_days: or(&self.defence_working_days, defaults.defence_working_days),
            removal_window_working_days: or(&self.removal_window_working_days, defaults.removal_window_working_days),
            requires_no_recent_penalty: !self.requires_no_recent_penalty.trim().is_empty(),
        }
    }

    fn values(&self) -> ListFormValues {
        ListFormValues {
            name: self.name.clone(),
            kind: self.kind.clone(),
            authority_id: self.authority_id.clone(),
            term_years: self.term_years.clone(),
            defence_working_days: self.defence_working_days.clone(),
            removal_window_working_days: self.removal_window_working_days.clone(),
            requires_no_recent_penalty: !self.requires_no_recent_penalty.trim().is_empty(),
        }
    }
}

/// The authority: a department of the database (or none chosen).
async fn authority(state: &AppState, raw: &str, errors: &mut Vec<FieldError>) -> Result<Option<i64>, AppError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let id = raw.trim().parse::<i64>().ok();
    match id {
        Some(id) if state.store.department(id).await?.is_some() => Ok(Some(id)),
        _ => {
            errors.push(FieldError {
                field: "authority_id",
                message: "请选择认定机关".into(),
            });
            Ok(None)
        }
    }
}

pub async fn create_list(
    State(state): State<AppState>,
    StaffForm { staff, form: post }: StaffForm<ListPost>,
) -> PageResult {
    if !staff.actor().can_administer() {
        return Err(staff.not_allowed());
    }
    let mut errors = match validate_list_form(&post.form(&post.name, &post.kind)) {
        Ok(_) => Vec::new(),
        Err(e) => e,
    };
    let authority_id = authority(&state, &post.authority_id, &mut errors).await?;
    if errors.is_empty() {
        let mut config = validate_list_form(&post.form(&post.name, &post.kind))
            .map_err(|_| AppError::BadRequest("名单设置有误".into()))?;
        // A new safety-production red list starts with its condition on (the
        // list's settings can turn it off later).
        config.requires_no_recent_penalty |= default_requires_no_recent_penalty(config.kind, &config.name);
        match state
            .store
            .create_list(&config, authority_id, &staff.log_name(), state.clock.now())
            .await
        {
            Ok(id) => return Ok(Redirect::to(&format!("/admin/lists/{id}")).into_response()),
            Err(StoreError::Refused(m)) => errors.push(FieldError {
                field: "name",
                message: m,
            }),
            Err(e) => return Err(e.into()),
        }
    }
    let mut v = lists_view(&state, &staff).await?;
    v.form = post.values();
    v.errors = errors;
    Ok(page(StatusCode::UNPROCESSABLE_ENTITY, lists_page(v), None))
}

/// The list, if this account may run its procedure: an admin, or a provider
/// of its authority department (403 otherwise).
async fn list_for(state: &AppState, staff: &Staff, raw_id: &str) -> Result<ListRow, AppError> {
    let id = parse_id(raw_id)?;
    let list = state.store.list(id).await?.ok_or(AppError::NotFound)?;
    let actor = staff.actor();
    let allowed = actor.can_administer() || list.authority_id.is_some_and(|d| actor.can_publish_for(d));
    if !allowed {
        return Err(staff.not_allowed());
    }
    Ok(list)
}

async fn list_view(state: &AppState, staff: &Staff, list: &ListRow) -> Result<ListView, AppError> {
    let now = state.clock.now();
    let today = app::domain::clock::china_date(now);
    let config = list.config();
    let terms = ListTerms::default();
    let entries = state
        .store
        .list_entries(list)
        .await?
        .into_iter()
        .map(|e| {
            let s = RecordState::from_code(&e.state).unwrap_or(RecordState::Withdrawn);
            let defence_last = e
                .notice_date
                .map(|n| defence_ends(&state.calendar, n, config.defence_working_days));
            let offered = steps_offered(&terms, list.record_kind(), s, e.end_date, today);
            EntryItem {
                id: e.id,
                subject_name: e.subject_name,
                doc_no: e.doc_no,
                title: e.title,
                state_label: state_label(s).to_string(),
                notice_date: e.notice_date.map(format_date),
                period: if s.was_published() {
                    format!(
                        "{} 至 {}",
                        format_date(e.start_date),
                        e.end_date.map_or("长期".to_string(), format_date)
                    )
                } else {
                    "—".into()
                },
                decided_elsewhere: e.decided_elsewhere,
                can_notify: offered.notify,
                can_bring_into_force: offered.bring_into_force,
                defence_note: (s == RecordState::Notified)
                    .then(|| defence_last.map(|d| format!("申辩期至 {}", format_date(d))))
                    .flatten(),
                can_drop: offered.drop,
                can_renew: offered.renew,
            }
        })
        .collect();
    Ok(ListView {
        nav: staff.nav(),
        list: item(list),
        entries,
        can_configure: staff.actor().can_administer(),
        departments: department_options(state).await?,
        config: ListFormValues {
            name: list.name.clone(),
            kind: list.kind.clone(),
            authority_id: list.authority_id.map(|d| d.to_string()).unwrap_or_default(),
            term_years: list.term_years.to_string(),
            defence_working_days: list.defence_working_days.to_string(),
            removal_window_working_days: list.removal_window_working_days.to_string(),
            requires_no_recent_penalty: list.requires_no_recent_penalty,
        },
        subject_kinds: SubjectKind::ALL
            .iter()
            .map(|k| (k.label().to_string(), k.label().to_string()))
            .collect(),
        proposal: ProposalValues::default(),
        errors: Vec::new(),
        notice: None,
        today: format_date(today).replace('/', "-"),
    })
}

pub async fn list(State(state): State<AppState>, staff: Staff, Path(id): Path<String>) -> PageResult {
    let list = list_for(&state, &staff, &id).await?;
    Ok(page(
        StatusCode::OK,
        list_page(list_view(&state, &staff, &list).await?),
        None,
    ))
}

pub async fn configure(
    State(state): State<AppState>,
    Path(id): Path<String>,
    StaffForm { staff, form: post }: StaffForm<ListPost>,
) -> PageResult {
    if !staff.actor().can_administer() {
        return Err(staff.not_allowed());
    }
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let list = state.store.list(id).await?.ok_or(AppError::NotFound)?;
    let form = post.form(&list.name, &list.kind);
    let mut errors = validate_list_form(&form).err().unwrap_or_default();
    let authority_id = authority(&state, &post.authority_id, &mut errors).await?;
    if let (true, Ok(config)) = (errors.is_empty(), validate_list_form(&form)) {
        state
            .store
            .update_list(id, &config, authority_id, &staff.log_name(), state.clock.now())
            .await?;
        let list = state.store.list(id).await?.ok_or(AppError::NotFound)?;
        let mut v = list_view(&state, &staff, &list).await?;
        v.notice = Some("名单设置已保存".into());
        return Ok(page(StatusCode::OK, list_page(v), None));
    }
    let mut v = list_view(&state, &staff, &list).await?;
    v.config = post.values();
    v.errors = errors;
    Ok(page(StatusCode::UNPROCESSABLE_ENTITY, list_page(v), None))
}

#[derive(Deserialize, Default)]
pub struct ProposalPost {
    #[serde(default)]
    subject_name: String,
    #[serde(default)]
    subject_kind: String,
    #[serde(default)]
    uscc: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    basis: String,
    #[serde(default)]
    doc_no: String,
}

/// The form field a national column is typed in.
fn field_of(column: &str) -> &'static str {
    match column {
        col::SUBJECT_NAME => "subject_name",
        col::SUBJECT_KIND => "subject_kind",
        col::USCC => "uscc",
        col::LIST_REASON => "reason",
        col::LIST_BASIS => "basis",
        col::LIST_DOC_NO => "doc_no",
        _ => "subject_name",
    }
}

pub async fn propose(
    State(state): State<AppState>,
    Path(id): Path<String>,
    StaffForm { staff, form: post }: StaffForm<ProposalPost>,
) -> PageResult {
    let list = list_for(&state, &staff, &id).await?;
    if list.record_kind() != RecordKind::Blacklist {
        return Err(AppError::BadRequest("只有黑名单须经拟列入、告知程序".into()));
    }
    let Some(authority_id) = list.authority_id else {
        return Err(AppError::Store(StoreError::Refused(
            "请管理员先设置本名单的认定机关".into(),
        )));
    };
    let authority = state.store.department(authority_id).await?.ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let today = app::domain::clock::china_date(now);
    let cells: RowCells = [
        (col::SUBJECT_NAME, post.subject_name.clone()),
        (col::SUBJECT_KIND, post.subject_kind.clone()),
        (col::USCC, post.uscc.clone()),
        (col::LIST_NAME, list.name.clone()),
        (col::LIST_REASON, post.reason.clone()),
        (col::LIST_BASIS, post.basis.clone()),
        (col::LIST_DOC_NO, post.doc_no.clone()),
        (col::LIST_AUTHORITY, authority.name.clone()),
        (col::LIST_AUTHORITY_USCC, authority.uscc.clone()),
        // Placeholder dates: the term starts when the entry comes into force.
        (col::LIST_START, format_date(today)),
        (col::LIST_END, format_date(list.config().term_end(today))),
        (col::SOURCE, authority.name.clone()),
        (col::SOURCE_USCC, authority.uscc.clone()),
    ]
    .into_iter()
    .collect();
    let mut errors: Vec<FieldError> = Vec::new();
    match validate_row(RecordKind::Blacklist, &cells, &ValidationContext::new(today)) {
        Ok(valid) => match state.store.propose_entry(&valid.record, &staff.log_name(), now).await {
            Ok(_) => return Ok(Redirect::to(&format!("/admin/lists/{}", list.id)).into_response()),
            Err(StoreError::Refused(m)) => errors.push(FieldError {
                field: "doc_no",
                message: m,
            }),
            Err(e) => return Err(e.into()),
        },
        Err(problems) => {
            for p in problems {
                let field = field_of(p.column);
                if !errors.iter().any(|e| e.field == field) {
                    errors.push(FieldError {
                        field,
                        message: p.message,
                    });
                }
            }
        }
    }
    let mut v = list_view(&state, &staff, &list).await?;
    v.proposal = ProposalValues {
        subject_name: post.subject_name,
        subject_kind: post.subject_kind,
        uscc: post.uscc,
        reason: post.reason,
        basis: post.basis,
        doc_no: post.doc_no,
    };
    v.errors = errors;
    Ok(page(StatusCode::UNPROCESSABLE_ENTITY, list_page(v), None))
}

#[derive(Deserialize, Default)]
pub struct StepPost {
    #[serde(default)]
    action: String,
    #[serde(default)]
    notice_date: String,
    #[serde(default)]
    reason: String,
}

pub async fn step(
    State(state): State<AppState>,
    Path((id, record)): Path<(String, String)>,
    StaffForm { staff, form: post }: StaffForm<StepPost>,
) -> PageResult {
    let list = list_for(&state, &staff, &id).await?;
    let record_id: i64 = record.parse().map_err(|_| AppError::NotFound)?;
    let now = state.clock.now();
    let actor = staff.log_name();
    let notice = match post.action.as_str() {
        "renew" => {
            let end = state.store.renew_red_entry(&list, record_id, &actor, now).await?;
            format!("已续期至 {}", format_date(end))
        }
        other => {
            let step = match other {
                "notify" => Step::Notify {
                    notice_date: NaiveDate::parse_from_str(post.notice_date.trim(), "%Y-%m-%d")
                        .map_err(|_| AppError::BadRequest("告知日期格式应为 YYYY-MM-DD".into()))?,
                },
                "in_force" => Step::BringIntoForce,
                "drop" => Step::Drop {
                    reason: post.reason.clone(),
                },
                _ => return Err(AppError::BadRequest("未知的操作".into())),
            };
            let to = state
                .store
                .entry_step(&list, record_id, &step, &state.calendar, &actor, now)
                .await?;
            format!("已更新：{}", state_label(to))
        }
    };
    let mut v = list_view(&state, &staff, &list).await?;
    v.notice = Some(notice);
    Ok(page(StatusCode::OK, list_page(v), None))
}
