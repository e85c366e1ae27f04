//! `/admin/integrity` and `/admin/evaluations`: 书面说明 / 限期整改 on
//! government integrity records, and 政务诚信评价 results. Who may do what is
//! `app::domain::staff::Actor`; what an order, a completion or a result must
//! hold is `app::domain::integrity_remedy` / `integrity_evaluation`.

use app::domain::dates::format_date;
use app::domain::field_error::FieldError;
use app::domain::integrity_evaluation::{format_score, validate_evaluation, EvaluationForm, Evaluator};
use app::domain::integrity_remedy::{
    validate_completion, validate_remedy_order, CompletionForm, RemedyForm, RemedyState,
};
use app::domain::typical_case::withdraw_reason;
use app::pages::admin::{
    evaluations_admin_page, integrity_admin_page, integrity_record_admin_page, remedy_completion_page,
    EvaluationAdminItem, EvaluationFormValues, EvaluationsAdminView, IntegrityAdminView, IntegrityRecordAdminView,
    IntegrityRecordItem, RemedyAdminItem, RemedyCompletionView, RemedyOrderValues,
};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;

use super::{Staff, StaffForm};
use crate::http::pages::parse_id;
use crate::http::respond::{page, PageResult};
use crate::http::{AppError, AppState};
use crate::store::{IntegrityStaffRow, RemedyRow, StoreError};

/// Whether the staff member may open a record's integrity page: the credit
/// office, or a provider that may report its remedies.
fn may_open(staff: &Staff, r: &IntegrityStaffRow) -> bool {
    staff.actor().can_report_remedy(r.unit_id, r.source_id)
}

pub async fn records(State(state): State<AppState>, staff: Staff) -> PageResult {
    let today = state.clock.today();
    let actor = staff.actor();
    let own = (!actor.can_supervise_government_integrity()).then_some(staff.department_id);
    let rows = match own {
        // A provider without a department sees nothing to report.
        Some(None) => Vec::new(),
        Some(Some(d)) => state.store.integrity_records_for_staff(Some(d)).await?,
        None => state.store.integrity_records_for_staff(None).await?,
    };
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let remedies = state.store.remedies_of_records(&ids).await?;
    let records = rows
        .into_iter()
        .map(|r| {
            let states: Vec<RemedyState> = remedies
                .iter()
                .filter(|m| m.record_id == r.id)
                .map(|m| m.state(today))
                .collect();
            let count = |f: fn(&RemedyState) -> bool| states.iter().filter(|s| f(s)).count() as i64;
            IntegrityRecordItem {
                id: r.id,
                title: r.title,
                doc_no: r.doc_no,
                subject_name: r.subject_name,
                unit_name: r.unit_name,
                decided: format_date(r.decision_date),
                open: count(|s| !s.is_done()),
                overdue: count(|s| *s == RemedyState::Overdue),
                done: count(|s| s.is_done()),
            }
        })
        .collect();
    let v = IntegrityAdminView {
        nav: staff.nav(),
        records,
        own_only: own.is_some(),
    };
    Ok(page(StatusCode::OK, integrity_admin_page(v), None))
}

fn remedy_item(staff: &Staff, r: &IntegrityStaffRow, m: &RemedyRow, today: chrono::NaiveDate) -> RemedyAdminItem {
    let state = m.state(today);
    RemedyAdminItem {
        id: m.id,
        remedy: m.remedy().label().to_string(),
        requirement: m.requirement.clone(),
        ordered: format_date(m.ordered_on),
        due: format_date(m.due_date),
        state: state.label().to_string(),
        overdue: state == RemedyState::Overdue,
        done: m
            .done_on
            .map(|d| format!("{}：{}", format_date(d), m.report.clone().unwrap_or_default())),
        can_report: may_open(staff, r),
    }
}

async fn record_view(
    state: &AppState,
    staff: &Staff,
    r: &IntegrityStaffRow,
) -> Result<IntegrityRecordAdminView, AppError> {
    let today = state.clock.today();
    let remedies = state.store.remedies_of(r.id).await?;
    Ok(IntegrityRecordAdminView {
        nav: staff.nav(),
        record_id: r.id,
        title: r.title.clone(),
        doc_no: r.doc_no.clone(),
        subject_name: r.subject_name.clone(),
        unit_name: r.unit_name.clone(),
        decided: format_date(r.decision_date),
        remedies: remedies.iter().map(|m| remedy_item(staff, r, m, today)).collect(),
        can_order: staff.actor().can_supervise_government_integrity() && r.state == "published",
        ..IntegrityRecordAdminView::default()
    })
}

/// The record behind `raw_id` if the staff member may open it; otherwise
/// 404 (no such integrity record) or the 403 page.
async fn open_record(state: &AppState, staff: &Staff, raw_id: &str) -> Result<IntegrityStaffRow, AppError> {
    let id = parse_id(raw_id)?;
    let r = state
        .store
        .integrity_record_for_staff(id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_open(staff, &r) {
        return Err(staff.not_allowed());
    }
    Ok(r)
}

pub async fn record(State(state): State<AppState>, staff: Staff, Path(id): Path<String>) -> PageResult {
    let r = open_record(&state, &staff, &id).await?;
    let mut v = record_view(&state, &staff, &r).await?;
    v.notice = None;
    Ok(page(StatusCode::OK, integrity_record_admin_page(v), None))
}

#[derive(Deserialize, Default)]
pub struct OrderPost {
    #[serde(default)]
    remedy: String,
    #[serde(default)]
    requirement: String,
    #[serde(default)]
    due_date: String,
}

pub async fn order(
    State(state): State<AppState>,
    Path(id): Path<String>,
    StaffForm { staff, form: post }: StaffForm<OrderPost>,
) -> PageResult {
    if !staff.actor().can_supervise_government_integrity() {
        return Err(staff.not_allowed());
    }
    let r = open_record(&state, &staff, &id).await?;
    let form = RemedyForm {
        remedy: post.remedy.clone(),
        requirement: post.requirement.clone(),
        due_date: post.due_date.clone(),
    };
    let errors = match validate_remedy_order(&form, state.clock.today()) {
        Ok(order) => match state
            .store
            .order_remedy(r.id, &order, &staff.log_name(), state.clock.now())
            .await
        {
            Ok(_) => {
                let mut v = record_view(&state, &staff, &r).await?;
                v.notice = Some(format!(
                    "已责令{}，期限 {}；已随记录公开。",
                    order.remedy.label(),
                    format_date(order.due)
                ));
                return Ok(page(StatusCode::OK, integrity_record_admin_page(v), None));
            }
            Err(StoreError::Refused(message)) => vec![FieldError {
                field: "remedy",
                message,
            }],
            Err(e) => return Err(e.into()),
        },
        Err(errors) => errors,
    };
    let mut v = record_view(&state, &staff, &r).await?;
    v.form = RemedyOrderValues {
        remedy: post.remedy,
        requirement: post.requirement,
        due_date: post.due_date,
    };
    v.errors = errors;
    Ok(page(
        StatusCode::UNPROCESSABLE_ENTITY,
        integrity_record_admin_page(v),
        None,
    ))
}

/// The remedy behind `raw_id` and its record, if the staff member may report it.
async fn open_remedy(
    state: &AppState,
    staff: &Staff,
    raw_id: &str,
) -> Result<(RemedyRow, IntegrityStaffRow), AppError> {
    let id = parse_id(raw_id)?;
    let m = state.store.remedy(id).await?.ok_or(AppError::NotFound)?;
    let r = open_record(state, staff, &m.record_id.to_string()).await?;
    Ok((m, r))
}

fn completion_view(nav: app::pages::admin::AdminNav, m: &RemedyRow) -> RemedyCompletionView {
    RemedyCompletionView {
        nav,
        remedy_id: m.id,
        record_id: m.record_id,
        remedy: m.remedy().label().to_string(),
        requirement: m.requirement.clone(),
        due: format_date(m.due_date),
        ..RemedyCompletionView::default()
    }
}

pub async fn completion_form(State(state): State<AppState>, staff: Staff, Path(id): Path<String>) -> PageResult {
    let (m, r) = open_remedy(&state, &staff, &id).await?;
    if m.done_on.is_some() {
        return Ok(Redirect::to(&format!("/admin/integrity/{}", r.id)).into_response());
    }
    let mut v = completion_view(staff.nav(), &m);
    v.done_on = format_date(state.clock.today());
    Ok(page(StatusCode::OK, remedy_completion_page(v), None))
}

#[derive(Deserialize, Default)]
pub struct CompletionPost {
    #[serde(default)]
    done_on: String,
    #[serde(default)]
    report: String,
}

pub async fn complete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    StaffForm { staff, form: post }: StaffForm<CompletionPost>,
) -> PageResult {
    let (m, r) = open_remedy(&state, &staff, &id).await?;
    let form = CompletionForm {
        done_on: post.done_on.clone(),
        report: post.report.clone(),
    };
    let errors = match validate_completion(&form, m.ordered_on, state.clock.today()) {
        Ok(done) => match state
            .store
            .complete_remedy(&m, &done, &staff.log_name(), state.clock.now())
            .await
        {
            Ok(()) => {
                let mut v = record_view(&state, &staff, &r).await?;
                v.notice = Some(format!("已登记{}完成；完成情况已随记录公开。", m.remedy().label()));
                return Ok(page(StatusCode::OK, integrity_record_admin_page(v), None));
            }
            Err(StoreError::Refused(message)) => vec![FieldError {
                field: "done_on",
                message,
            }],
            Err(e) => return Err(e.into()),
        },
        Err(errors) => errors,
    };
    let mut v = completion_view(staff.nav(), &m);
    v.done_on = post.done_on;
    v.report = post.report;
    v.errors = errors;
    Ok(page(StatusCode::UNPROCESSABLE_ENTITY, remedy_completion_page(v), None))
}

async fn evaluations_view(state: &AppState, staff: &Staff) -> Result<EvaluationsAdminView, AppError> {
    let evaluations = state
        .store
        .all_evaluations()
        .await?
        .into_iter()
        .map(|e| {
            let kind = Evaluator::from_code(&e.evaluator_kind).map_or("", |k| k.label());
            EvaluationAdminItem {
                id: e.id,
                department: e.department_name,
                year: e.year,
                evaluator: format!("{}（{kind}）", e.evaluator),
                result: match e.score_tenths {
                    Some(t) => format!("{}，{} 分", e.result, format_score(t)),
                    None => e.result,
                },
                source_document: e.source_document,
                published: format_date(app::domain::clock::china_date(e.published_at)),
                status: match &e.withdrawn_at {
                    Some(_) => format!("已撤回（{}）", e.withdraw_reason.unwrap_or_default()),
                    None => "公开中".to_string(),
                },
                can_withdraw: e.withdrawn_at.is_none(),
            }
        })
        .collect();
    let departments = state
        .store
        .all_departments()
        .await?
        .into_iter()
        .map(|d| (d.id.to_string(), d.name))
        .collect();
    Ok(EvaluationsAdminView {
        nav: staff.nav(),
        evaluations,
        departments,
        ..EvaluationsAdminView::default()
    })
}

pub async fn evaluations(State(state): State<AppState>, staff: Staff) -> PageResult {
    if !staff.actor().can_supervise_government_integrity() {
        return Err(staff.not_allowed());
    }
    let v = evaluations_view(&state, &staff).await?;
    Ok(page(StatusCode::OK, evaluations_admin_page(v), None))
}

#[derive(Deserialize, Default)]
pub struct EvaluationPost {
    #[serde(default)]
    department_id: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    evaluator_kind: String,
    #[serde(default)]
    evaluator: String,
    #[serde(default)]
    result: String,
    #[serde(default)]
    score: String,
    #[serde(default)]
    source_document: String,
    #[serde(default)]
    source_url: String,
}

pub async fn publish_evaluation(
    State(state): State<AppState>,
    StaffForm { staff, form: post }: StaffForm<EvaluationPost>,
) -> PageResult {
    if !staff.actor().can_supervise_government_integrity() {
        return Err(staff.not_allowed());
    }
    let mut v = evaluations_view(&state, &staff).await?;
    let departments: Vec<i64> = v.departments.iter().filter_map(|(id, _)| id.parse().ok()).collect();
    let form = EvaluationForm {
        department_id: post.department_id.clone(),
        year: post.year.clone(),
        evaluator_kind: post.evaluator_kind.clone(),
        evaluator: post.evaluator.clone(),
        result: post.result.clone(),
        score: post.score.clone(),
        source_document: post.source_document.clone(),
        source_url: post.source_url.clone(),
    };
    let errors = match validate_evaluation(&form, &departments, state.clock.today()) {
        Ok(e) => match state
            .store
            .publish_evaluation(&e, &staff.log_name(), state.clock.now())
            .await
        {
            Ok(_) => {
                return Ok(
                    Redirect::to(&format!("/departments/{}/integrity#evaluations", e.department_id)).into_response(),
                )
            }
            Err(StoreError::Refused(message)) => vec![FieldError { field: "year", message }],
            Err(e) => return Err(e.into()),
        },
        Err(errors) => errors,
    };
    v.form = EvaluationFormValues {
        department_id: post.department_id,
        year: post.year,
        evaluator_kind: post.evaluator_kind,
        evaluator: post.evaluator,
        result: post.result,
        score: post.score,
        source_document: post.source_document,
        source_url: post.source_url,
    };
    v.errors = errors;
    Ok(page(StatusCode::UNPROCESSABLE_ENTITY, evaluations_admin_page(v), None))
}

#[derive(Deserialize, Default)]
pub struct WithdrawPost {
    #[serde(default)]
    reason: String,
}

pub async fn withdraw_evaluation(
    State(state): State<AppState>,
    Path(id): Path<String>,
    StaffForm { staff, form: post }: StaffForm<WithdrawPost>,
) -> PageResult {
    if !staff.actor().can_supervise_government_integrity() {
        return Err(staff.not_allowed());
    }
    let id = parse_id(&id)?;
    let refusal = match withdraw_reason(&post.reason) {
        Ok(reason) => match state
            .store
            .withdraw_evaluation(id, &reason, &staff.log_name(), state.clock.now())
            .await
        {
            Ok(()) => {
                let mut v = evaluations_view(&state, &staff).await?;
                v.notice = Some(format!("评价结果 {id} 已撤回"));
                return Ok(page(StatusCode::OK, evaluations_admin_page(v), None));
            }
            Err(StoreError::Refused(message)) => FieldError {
                field: "reason",
                message,
            },
            Err(e) => return Err(e.into()),
        },
        Err(e) => e,
    };
    let mut v = evaluations_view(&state, &staff).await?;
    v.errors = vec![FieldError {
        field: refusal.field,
        message: format!("评价结果 {id}：{}", refusal.message),
    }];
    Ok(page(StatusCode::UNPROCESSABLE_ENTITY, evaluations_admin_page(v), None))
}
