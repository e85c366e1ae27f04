//! `/admin/cases`: the credit office publishes 典型案例 and takes them down.
//! The form and citation rules are `app::domain::typical_case`; whether a
//! cited record is public today is `app::domain::visibility`, as everywhere.

use app::domain::dates::format_date;
use app::domain::field_error::FieldError;
use app::domain::typical_case::{
    check_citations, validate_case_form, withdraw_reason, CaseForm, CaseKind, CitedRecord,
};
use app::pages::admin::{cases_admin_page, CaseAdminItem, CaseFormValues, CasesAdminView};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;

use super::{Staff, StaffForm};
use crate::http::cases::{cited_of, is_public};
use crate::http::pages::parse_id;
use crate::http::present::{facts, visible};
use crate::http::respond::{page, PageResult};
use crate::http::{AppError, AppState};
use crate::store::StoreError;

async fn cases_view(state: &AppState, staff: &Staff) -> Result<CasesAdminView, AppError> {
    let today = state.clock.today();
    let cases = state.store.all_cases().await?;
    let ids: Vec<i64> = cases.iter().map(|c| c.id).collect();
    let cited = state.store.cited_records(&ids).await?;
    let items = cases
        .iter()
        .map(|c| {
            let records = cited_of(c.id, &cited);
            let status = match (&c.withdrawn_at, is_public(c, &records, today)) {
                (Some(_), _) => format!("已撤下（{}）", c.withdraw_reason.clone().unwrap_or_default()),
                (None, true) => "公开中".to_string(),
                (None, false) => "引用的信息已不公示，案例不再公开".to_string(),
            };
            CaseAdminItem {
                id: c.id,
                kind_label: CaseKind::from_code(&c.kind).map_or(c.kind.clone(), |k| k.label().to_string()),
                title: c.title.clone(),
                published: format_date(app::domain::clock::china_date(c.published_at)),
                status,
                can_withdraw: c.withdrawn_at.is_none(),
            }
        })
        .collect();
    Ok(CasesAdminView {
        nav: staff.nav(),
        cases: items,
        ..CasesAdminView::default()
    })
}

pub async fn cases(State(state): State<AppState>, staff: Staff) -> PageResult {
    if !staff.actor().can_publish_cases() {
        return Err(staff.not_allowed());
    }
    Ok(page(
        StatusCode::OK,
        cases_admin_page(cases_view(&state, &staff).await?),
        None,
    ))
}

#[derive(Deserialize, Default)]
pub struct CasePost {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    source_document: String,
    #[serde(default)]
    record_ids: String,
}

impl CasePost {
    fn form(&self) -> CaseForm {
        CaseForm {
            kind: self.kind.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            source_document: self.source_document.clone(),
            record_ids: self.record_ids.clone(),
        }
    }

    fn values(&self) -> CaseFormValues {
        CaseFormValues {
            kind: self.kind.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            source_document: self.source_document.clone(),
            record_ids: self.record_ids.clone(),
        }
    }
}

pub async fn publish(
    State(state): State<AppState>,
    StaffForm { staff, form: post }: StaffForm<CasePost>,
) -> PageResult {
    if !staff.actor().can_publish_cases() {
        return Err(staff.not_allowed());
    }
    let today = state.clock.today();
    let errors = match validate_case_form(&post.form()) {
        Ok(draft) => {
            let found: Vec<CitedRecord> = state
                .store
                .records_by_id(&draft.record_ids)
                .await?
                .iter()
                .map(|r| CitedRecord {
                    id: r.id,
                    kind: facts(r).kind,
                    publicly_visible: visible(r, today),
                })
                .collect();
            let problems = check_citations(&draft, &found);
            if problems.is_empty() {
                let id = state
                    .store
                    .publish_case(&draft, &staff.log_name(), state.clock.now())
                    .await?;
                return Ok(Redirect::to(&format!("/cases/{id}")).into_response());
            }
            problems
        }
        Err(errors) => errors,
    };
    let mut v = cases_view(&state, &staff).await?;
    v.form = post.values();
    v.errors = errors;
    Ok(page(StatusCode::UNPROCESSABLE_ENTITY, cases_admin_page(v), None))
}

#[derive(Deserialize, Default)]
pub struct WithdrawPost {
    #[serde(default)]
    reason: String,
}

pub async fn withdraw(
    State(state): State<AppState>,
    Path(id): Path<String>,
    StaffForm { staff, form: post }: StaffForm<WithdrawPost>,
) -> PageResult {
    if !staff.actor().can_publish_cases() {
        return Err(staff.not_allowed());
    }
    let id = parse_id(&id)?;
    let refusal = match withdraw_reason(&post.reason) {
        Ok(reason) => match state
            .store
            .withdraw_case(id, &reason, &staff.log_name(), state.clock.now())
            .await
        {
            Ok(()) => {
                let mut v = cases_view(&state, &staff).await?;
                v.notice = Some(format!("案例 {id} 已撤下"));
                return Ok(page(StatusCode::OK, cases_admin_page(v), None));
            }
            Err(StoreError::Refused(message)) => FieldError {
                field: "reason",
                message,
            },
            Err(e) => return Err(e.into()),
        },
        Err(e) => e,
    };
    let mut v = cases_view(&state, &staff).await?;
    v.errors = vec![FieldError {
        field: refusal.field,
        message: format!("案例 {id}：{}", refusal.message),
    }];
    Ok(page(StatusCode::UNPROCESSABLE_ENTITY, cases_admin_page(v), None))
}
