//! 信息报送: the list of a department's records, one record's back-office
//! page, publishing a draft and withdrawing a record. Who may touch a record is
//! decided here, on the server, for every route: a provider only its own
//! department's (by 数据来源单位), an admin any, a reviewer none.

use app::domain::dates::format_date;
use app::domain::kinds::{RecordKind, RecordState};
use app::domain::national_columns as col;
use app::domain::national_columns::columns_for;
use app::domain::pledge_fulfilment::{fulfilment, validate_fulfilment_entry, Fulfilment, FulfilmentEntry};
use app::domain::publication_deadline::working_days_left;
use app::domain::record_entry::{cells_from_stored, deadline_note, file_columns, OwnDepartment};
use app::domain::record_validation::{validate_row, ValidationContext};
use app::pages::admin::{
    overdue_pledges_page, record_admin_page, records_page, OverduePledgesView, PledgeAdmin, RecordAdminView,
    RecordListItem, RecordsView,
};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chrono::NaiveDate;
use serde::Deserialize;

use app::domain::clock::china_time;

use super::{Staff, StaffForm};
use crate::http::csrf::NoFields;
use crate::http::pages::parse_id;
use crate::http::respond::{page, PageResult};
use crate::http::{AppError, AppState};
use crate::store::{StaffRecord, StaffRecordFilter};

const PER_PAGE: i64 = 50;

/// 403 unless this account publishes records at all.
pub(super) fn must_publish(staff: &Staff) -> Result<(), AppError> {
    if staff.actor().can_publish() {
        Ok(())
    } else {
        Err(staff.not_allowed())
    }
}

/// A provider's own department, as its forms fill it in; None for an admin.
pub(super) async fn own_department(state: &AppState, staff: &Staff) -> Result<Option<OwnDepartment>, AppError> {
    if staff.actor().can_administer() {
        return Ok(None);
    }
    let id = staff
        .department_id
        .ok_or_else(|| AppError::Forbidden("此账号未绑定部门，不能报送信息。请联系管理员。".into()))?;
    let d = state
        .store
        .department(id)
        .await?
        .ok_or_else(|| AppError::Internal(format!("department {id} of a provider is missing")))?;
    Ok(Some(OwnDepartment {
        name: d.name,
        uscc: d.uscc,
    }))
}

/// The record, if this account may act on it: 404 when there is none, the
/// 403 page when it belongs to another department (an id typed into the URL).
pub(super) async fn owned_record(state: &AppState, staff: &Staff, raw_id: &str) -> Result<StaffRecord, AppError> {
    must_publish(staff)?;
    let id = parse_id(raw_id)?;
    let record = state.store.staff_record(id).await?.ok_or(AppError::NotFound)?;
    if staff.actor().can_publish_for(record.source_id) {
        Ok(record)
    } else {
        Err(staff.not_allowed())
    }
}

pub(super) fn kind_of(code: &str) -> Result<RecordKind, AppError> {
    RecordKind::from_code(code).ok_or_else(|| AppError::Internal(format!("stored record of unknown kind {code}")))
}

pub(super) fn state_label(code: &str) -> &'static str {
    match RecordState::from_code(code) {
        Some(RecordState::Published) => "已公示",
        // The list procedure and expiry have their own words.
        Some(s) => app::domain::list_lifecycle::state_label(s),
        None => "未知",
    }
}

/// The deadline words of a record not online yet (drafts), else None.
fn deadline(state: &AppState, record_state: &str, decision_date: NaiveDate) -> Option<(String, bool)> {
    (record_state == RecordState::Draft.code()).then(|| {
        let (mut words, late) = deadline_note(working_days_left(&state.calendar, decision_date, state.clock.today()));
        let due = app::domain::publication_deadline::publication_deadline(&state.calendar, decision_date);
        if let Some(note) = app::domain::working_days::estimated_deadline_note(&state.calendar, due) {
            words = format!("{words}（{note}）");
        }
        (words, late)
    })
}

fn op_label(op: &str) -> &str {
    match op {
        "draft" => "保存为待上线",
        "publish" => "发布",
        "correct" => "更正",
        "withdraw" => "撤销",
        "fulfil" => "登记践诺情况",
        "repair" => "信用修复",
        "remove" => "提前移出",
        other => app::domain::change_feed::op_label("record", other),
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    department: Option<String>,
    page: Option<String>,
}

pub async fn list(State(state): State<AppState>, staff: Staff, Query(q): Query<ListQuery>) -> PageResult {
    must_publish(&staff)?;
    let is_admin = staff.actor().can_administer();
    let chosen = q.department.as_deref().and_then(|d| d.trim().parse::<i64>().ok());
    let source_id = if is_admin {
        chosen
    } else {
        Some(
            staff
                .department_id
                .ok_or_else(|| AppError::Forbidden("此账号未绑定部门，不能报送信息。".into()))?,
        )
    };
    let page_no = q
        .page
        .as_deref()
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, 100_000);
    let filter = StaffRecordFilter {
        source_id,
        offset: (page_no - 1) * PER_PAGE,
        limit: PER_PAGE,
    };
    let (rows, total) = state.store.staff_records(&filter).await?;
    let items = rows
        .into_iter()
        .map(|r| RecordListItem {
            id: r.id,
            kind_label: RecordKind::from_code(&r.kind).map_or("", |k| k.label()).to_string(),
            deadline: deadline(&state, &r.state, r.decision_date),
            state_label: state_label(&r.state).to_string(),
            decision_date: format_date(r.decision_date),
            doc_no: r.doc_no,
            title: r.title,
            subject: r.subject_name,
            department: r.source_name,
        })
        .collect();
    let departments = if is_admin {
        state
            .store
            .all_departments()
            .await?
            .into_iter()
            .map(|d| (d.id.to_string(), d.name))
            .collect()
    } else {
        vec![]
    };
    let v = RecordsView {
        nav: staff.nav(),
        items,
        departments,
        department: if is_admin {
            chosen.map(|d| d.to_string()).unwrap_or_default()
        } else {
            String::new()
        },
        page: page_no,
        pages: ((total + PER_PAGE - 1) / PER_PAGE).max(1),
        total,
    };
    Ok(page(StatusCode::OK, records_page(v), None))
}

fn columns_in_order(kind: RecordKind, public: &str, private: &str) -> Vec<(String, String)> {
    let public: Vec<(String, String)> = serde_json::from_str(public).unwrap_or_default();
    let private: Vec<(String, String)> = serde_json::from_str(private).unwrap_or_default();
    let cells = cells_from_stored(kind, &public, &private);
    let national = columns_for(kind)
        .iter()
        .filter_map(|c| cells.get(c.name).map(|v| (c.name.to_string(), v.clone())));
    // The file's own columns, kept with the record, are for the back-office only.
    let kept = file_columns(kind, &private)
        .into_iter()
        .map(|(name, value)| (format!("{name}（原文件列）"), value));
    national.chain(kept).collect()
}

async fn detail_view(
    state: &AppState,
    staff: &Staff,
    r: StaffRecord,
    notice: Option<String>,
) -> Result<RecordAdminView, AppError> {
    let kind = kind_of(&r.kind)?;
    let versions = state
        .store
        .record_versions(r.id)
        .await?
        .into_iter()
        .map(|v| {
            (
                v.version,
                china_time(v.replaced_at),
                columns_in_order(kind, &v.public_columns, "[]"),
            )
        })
        .collect();
    let history = state
        .store
        .record_history(r.id)
        .await?
        .into_iter()
        .map(|e| {
            let what = match e.reason {
                Some(reason) => format!("{}（{}）：{reason}", op_label(&e.op), e.actor),
                None => format!("{}（{}）", op_label(&e.op), e.actor),
            };
            (china_time(e.at), what)
        })
        .collect();
    // Warnings are not stored: the stored content is checked again to show them.
    let cells = cells_from_stored(
        kind,
        &serde_json::from_str::<Vec<(String, String)>>(&r.public_columns).unwrap_or_default(),
        &serde_json::from_str::<Vec<(String, String)>>(&r.private_columns).unwrap_or_default(),
    );
    let warnings = validate_row(kind, &cells, &ValidationContext::new(state.clock.today()))
        .map(|valid| {
            valid
                .warnings
                .into_iter()
                .map(|w| format!("{}：{}", w.column, w.message))
                .collect()
        })
        .unwrap_or_default();
    let record_state = RecordState::from_code(&r.state);
    let live = matches!(record_state, Some(RecordState::Published | RecordState::Draft));
    let today = state.clock.today();
    let pledge = (kind == RecordKind::Pledge).then(|| fulfilment(r.pledge_status.as_deref(), r.pledge_due_date, today));
    Ok(RecordAdminView {
        nav: staff.nav(),
        id: r.id,
        kind_label: kind.label().to_string(),
        title: r.title.clone(),
        department: r.source_name.clone(),
        state_label: state_label(&r.state).to_string(),
        state_reason: r.state_reason.clone(),
        deadline: deadline(state, &r.state, r.decision_date),
        version: r.version,
        columns: columns_in_order(kind, &r.public_columns, &r.private_columns),
        versions,
        history,
        can_publish_draft: record_state == Some(RecordState::Draft),
        can_correct: live,
        can_withdraw: record_state == Some(RecordState::Published),
        public_link: (record_state == Some(RecordState::Published)).then(|| format!("/records/{}", r.id)),
        notice,
        warnings,
        withdraw_error: None,
        withdraw_reason: String::new(),
        pledge: pledge.map(|f| PledgeAdmin {
            fulfilment: f.label().to_string(),
            overdue: f == Fulfilment::Overdue,
            due_date: r.pledge_due_date.map(format_date),
            can_fulfil: record_state == Some(RecordState::Published) && f.awaits_outcome(),
            ..Default::default()
        }),
        doc_no: r.doc_no,
    })
}

#[derive(Deserialize, Default)]
pub struct DetailQuery {
    done: Option<String>,
}

fn done_notice(code: &str) -> Option<String> {
    Some(
        match code {
            "draft" => "已保存为待上线：尚未公示，可在本页发布。",
            "publish" => "已发布：信息已上线公示。",
            "propose" => "已登记为拟列入（不公开）：黑名单信息须经书面告知、申辩期届满，在名单管理中列入后方可公示。",
            "correct" => "已保存更正：原版本保留在历史版本中。",
            "unchanged" => "内容没有变化，未保存新版本。",
            "withdraw" => "已撤销：信息已停止公示。",
            "fulfil" => "已登记践诺情况：原版本保留在历史版本中，公开页面和变更订阅同步更新。",
            _ => return None,
        }
        .to_string(),
    )
}

pub async fn detail(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<DetailQuery>,
) -> PageResult {
    let record = owned_record(&state, &staff, &id).await?;
    let notice = q.done.as_deref().and_then(done_notice);
    let v = detail_view(&state, &staff, record, notice).await?;
    Ok(page(StatusCode::OK, record_admin_page(v), None))
}

pub async fn publish(
    State(state): State<AppState>,
    Path(id): Path<String>,
    StaffForm { staff, .. }: StaffForm<NoFields>,
) -> PageResult {
    let record = owned_record(&state, &staff, &id).await?;
    let to = state
        .store
        .publish_draft(record.id, &staff.log_name(), state.clock.now())
        .await?;
    let done = if to == RecordState::Proposed {
        "propose"
    } else {
        "publish"
    };
    Ok(Redirect::to(&format!("/admin/records/{}?done={done}", record.id)).into_response())
}

#[derive(Deserialize)]
pub struct WithdrawPost {
    #[serde(default)]
    reason: String,
}

pub async fn withdraw(
    State(state): State<AppState>,
    Path(id): Path<String>,
    StaffForm { staff, form: post }: StaffForm<WithdrawPost>,
) -> PageResult {
    let record = owned_record(&state, &staff, &id).await?;
    let reason = post.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        let mut v = detail_view(&state, &staff, record, None).await?;
        v.withdraw_error = Some(if reason.is_empty() {
            "请填写撤销理由".to_string()
        } else {
            "撤销理由最多 500 字".to_string()
        });
        v.withdraw_reason = post.reason.clone();
        return Ok(page(StatusCode::UNPROCESSABLE_ENTITY, record_admin_page(v), None));
    }
    state
        .store
        .withdraw_record(record.id, reason, &staff.log_name(), state.clock.now())
        .await?;
    Ok(Redirect::to(&format!("/admin/records/{}?done=withdraw", record.id)).into_response())
}

#[derive(Deserialize)]
pub struct FulfilPost {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    fulfilled_on: String,
    #[serde(default)]
    breach_reason: String,
}

/// 践诺登记: the staff who may edit the pledge (its data source department's
/// provider, or an admin) record that a running pledge was kept (with the
/// day) or not (with the reason). The pledge's columns get the new 履约状态
/// and 践诺日期 or 未履约说明, are validated as any row, and stored as a new
/// version logged `fulfil` (`Store::fulfil_pledge`).
pub async fn fulfil(
    State(state): State<AppState>,
    Path(id): Path<String>,
    StaffForm { staff, form: post }: StaffForm<FulfilPost>,
) -> PageResult {
    let record = owned_record(&state, &staff, &id).await?;
    let kind = kind_of(&record.kind)?;
    let today = state.clock.today();
    let now_state = fulfilment(record.pledge_status.as_deref(), record.pledge_due_date, today);
    if kind != RecordKind::Pledge
        || RecordState::from_code(&record.state) != Some(RecordState::Published)
        || !now_state.awaits_outcome()
    {
        return Err(
            crate::store::StoreError::Refused("只能为公示中、尚未登记履约情况的承诺登记践诺情况。".into()).into(),
        );
    }
    let entry = match validate_fulfilment_entry(
        &post.outcome,
        &post.fulfilled_on,
        &post.breach_reason,
        record.decision_date,
        today,
    ) {
        Ok(entry) => entry,
        Err(errors) => {
            let mut v = detail_view(&state, &staff, record, None).await?;
            if let Some(p) = v.pledge.as_mut() {
                p.errors = errors.into_iter().map(|e| (e.field.to_string(), e.message)).collect();
                p.outcome = post.outcome.clone();
                p.fulfilled_on = post.fulfilled_on.clone();
                p.reason = post.breach_reason.clone();
            }
            return Ok(page(StatusCode::UNPROCESSABLE_ENTITY, record_admin_page(v), None));
        }
    };
    let public: Vec<(String, String)> = serde_json::from_str(&record.public_columns).unwrap_or_default();
    let private: Vec<(String, String)> = serde_json::from_str(&record.private_columns).unwrap_or_default();
    let mut cells = cells_from_stored(kind, &public, &private);
    cells.insert(col::PLEDGE_STATUS, entry.status().word().to_string());
    match &entry {
        FulfilmentEntry::Kept { on } => {
            cells.insert(col::PLEDGE_FULFILLED_ON, format_date(*on));
            cells.remove(col::PLEDGE_BREACH_REASON);
        }
        FulfilmentEntry::Broken { reason } => {
            cells.insert(col::PLEDGE_BREACH_REASON, reason.clone());
            cells.remove(col::PLEDGE_FULFILLED_ON);
        }
    }
    let ctx = state.store.validation_context(today).await?;
    let mut valid = validate_row(kind, &cells, &ctx)
        .map_err(|problems| {
            let words: Vec<String> = problems
                .iter()
                .map(|p| format!("{}：{}", p.column, p.message))
                .collect();
            crate::store::StoreError::Refused(format!("该承诺的内容不完整，请先更正：{}", words.join("；")))
        })?
        .record;
    valid.keep_file_columns(file_columns(kind, &private));
    state
        .store
        .fulfil_pledge(
            record.id,
            &valid,
            &entry.log_reason(),
            &staff.log_name(),
            state.clock.now(),
        )
        .await?;
    Ok(Redirect::to(&format!("/admin/records/{}?done=fulfil", record.id)).into_response())
}

/// Pledges overdue today (逾期未践诺) of the provider's department, or of every
/// department for an admin: the back-office's list to act on.
pub async fn overdue_pledges(State(state): State<AppState>, staff: Staff) -> PageResult {
    must_publish(&staff)?;
    let source_id = if staff.actor().can_administer() {
        None
    } else {
        Some(
            staff
                .department_id
                .ok_or_else(|| AppError::Forbidden("此账号未绑定部门，不能报送信息。".into()))?,
        )
    };
    let today = state.clock.today();
    let items = state
        .store
        .overdue_pledges(source_id, today)
        .await?
        .into_iter()
        .map(|p| {
            let due = p.pledge_due_date.unwrap_or(today);
            (
                p.id,
                p.category.unwrap_or_default(),
                p.title,
                p.subject_name,
                format_date(due),
                (today - due).num_days(),
            )
        })
        .collect();
    let v = OverduePledgesView {
        nav: staff.nav(),
        today: format_date(today),
        items,
    };
    Ok(page(StatusCode::OK, overdue_pledges_page(v), None))
}
