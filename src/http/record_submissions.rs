//! Handlers of the submissions bound to a record — objection (异议申诉) and
//! credit repair (信用修复) — and of credit pledges (信用承诺). They reuse the
//! complaint machinery of [`super::submissions`]: the same guard (CSRF,
//! honeypot, form id, rate limit), the same idempotent store and receipt.

use app::domain::applicant::ApplicantForm;
use app::domain::integrity_remedy::integrity_repair_refusal;
use app::domain::kinds::{RecordKind, SubjectKind};
use app::domain::objection::{validate_objection, ObjectionForm};
use app::domain::pledge::{validate_pledge, PledgeForm};
use app::domain::repair::RepairPurpose;
use app::domain::repair::{repair_refusal, validate_repair, RepairForm};
use app::views::{ObjectionFormView, PledgeFormView, RecordDetail, RecordRef, RepairFormView};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Form;
use serde::Deserialize;

use super::client_ip::ClientIp;
use super::csrf::csrf_token;
use super::present::{detail, integrity_follow_up, parse_id, public_record, PublicRecord};
use super::respond::{page, PageResult};
use super::submissions::{guard, receive};
use super::tokens::random_token;
use super::uploads::{with_files, Submitted};
use super::{AppError, AppState};
use crate::store::NewSubmission;

/// A publicly visible record, or 404 (unknown, withdrawn, expired, never public).
async fn visible_record(state: &AppState, raw_id: &str) -> Result<RecordDetail, AppError> {
    let id = parse_id(raw_id)?;
    let today = state.clock.today();
    match public_record(&state.store, id, today).await? {
        Some(PublicRecord::Shown(row)) => Ok(detail(*row, today)),
        _ => Err(AppError::NotFound),
    }
}

fn record_ref(d: &RecordDetail) -> RecordRef {
    RecordRef {
        id: d.summary.id,
        kind_label: d.summary.kind.label().to_string(),
        doc_no: d.summary.doc_no.clone(),
        subject_name: d.summary.subject_name.clone(),
        natural_person: d.subject_kind == SubjectKind::NaturalPerson,
    }
}

/// The applicant part every record form posts.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ApplicantPost {
    csrf: String,
    form_id: String,
    website: String,
    applicant_name: String,
    applicant_uscc: String,
    contact_name: String,
    phone: String,
}

impl ApplicantPost {
    fn applicant(&self) -> ApplicantForm {
        ApplicantForm {
            applicant_name: self.applicant_name.clone(),
            applicant_uscc: self.applicant_uscc.clone(),
            contact_name: self.contact_name.clone(),
            phone: self.phone.clone(),
        }
    }
}

pub async fn objection_form(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> PageResult {
    let record = visible_record(&state, &id).await?;
    let (csrf, cookie) = csrf_token(&headers);
    let view = ObjectionFormView {
        record: record_ref(&record),
        csrf,
        form_id: random_token(),
        ..Default::default()
    };
    Ok(page(StatusCode::OK, app::pages::objection_page(view), cookie))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ObjectionPost {
    #[serde(flatten)]
    applicant: ApplicantPost,
    ground: String,
    explanation: String,
}

pub async fn objection_submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    headers: HeaderMap,
    submitted: Submitted,
) -> PageResult {
    let post: ObjectionPost = submitted.parse();
    let record = visible_record(&state, &id).await?;
    let a = &post.applicant;
    if let Some(refused) = guard(&state, ip, &headers, &a.csrf, &a.website, &a.form_id) {
        return Ok(refused);
    }
    let r = record_ref(&record);
    let form = ObjectionForm {
        applicant: a.applicant(),
        ground: post.ground.clone(),
        explanation: post.explanation.clone(),
    };
    let files = submitted.check(false);
    match with_files(validate_objection(&form, r.natural_person), files) {
        Ok(objection) => {
            let attachments = submitted.store(&state).await?;
            let new = NewSubmission::objection(r.id, &objection).with_attachments(attachments);
            receive(&state, ip, &a.form_id, new).await
        }
        Err(errors) => {
            let view = ObjectionFormView {
                record: r,
                form,
                errors,
                csrf: a.csrf.clone(),
                form_id: a.form_id.clone(),
            };
            Ok(page(
                StatusCode::UNPROCESSABLE_ENTITY,
                app::pages::objection_page(view),
                None,
            ))
        }
    }
}

/// A penalty or a government integrity record open to repair applications,
/// with the refusal when it is too early (or, for an integrity record, while
/// a 书面说明 / 限期整改 ordered on it is not done).
async fn repairable(state: &AppState, raw_id: &str) -> Result<(RecordRef, Option<String>), AppError> {
    let today = state.clock.today();
    let record = visible_record(state, raw_id).await?;
    match record.summary.kind {
        RecordKind::Penalty => {
            let from = record.repair_from.ok_or(AppError::NotFound)?;
            Ok((record_ref(&record), repair_refusal(today, from)))
        }
        RecordKind::Integrity => {
            let (_, repair) =
                integrity_follow_up(&state.store, record.summary.id, record.summary.decision_date).await?;
            Ok((record_ref(&record), integrity_repair_refusal(today, repair)))
        }
        _ => Err(AppError::NotFound),
    }
}

/// A black-list entry in force, and why a removal application is not possible
/// today (before the last working days of its term), if it is not.
async fn removable(state: &AppState, raw_id: &str) -> Result<(RecordRef, Option<String>), AppError> {
    let record = visible_record(state, raw_id).await?;
    if record.summary.kind != RecordKind::Blacklist {
        return Err(AppError::NotFound);
    }
    let Some(end) = record.summary.end_date else {
        return Ok((
            record_ref(&record),
            Some("该名单信息未设管理期限，不适用期满前移出申请。".into()),
        ));
    };
    let list_name = record.summary.list_name.clone().unwrap_or_default();
    let window = match state
        .store
        .list_of_record(RecordKind::Blacklist.code(), &list_name)
        .await?
    {
        Some(list) => u32::try_from(list.removal_window_working_days).unwrap_or(0),
        None => app::domain::list_terms::ListTerms::default().removal_window_working_days,
    };
    let refusal = app::domain::list_lifecycle::removal_allowed(&state.calendar, end, window, state.clock.today()).err();
    Ok((record_ref(&record), refusal))
}

async fn application_target(
    state: &AppState,
    purpose: RepairPurpose,
    raw_id: &str,
) -> Result<(RecordRef, Option<String>), AppError> {
    match purpose {
        RepairPurpose::CreditRepair => repairable(state, raw_id).await,
        RepairPurpose::ListRemoval => removable(state, raw_id).await,
    }
}

pub async fn repair_form(state: State<AppState>, id: Path<String>, headers: HeaderMap) -> PageResult {
    application_form(state, id, headers, RepairPurpose::CreditRepair).await
}

pub async fn removal_form(state: State<AppState>, id: Path<String>, headers: HeaderMap) -> PageResult {
    application_form(state, id, headers, RepairPurpose::ListRemoval).await
}

async fn application_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    purpose: RepairPurpose,
) -> PageResult {
    let (record, refusal) = application_target(&state, purpose, &id).await?;
    let (csrf, cookie) = csrf_token(&headers);
    let view = RepairFormView {
        purpose,
        record,
        csrf,
        form_id: random_token(),
        refusal,
        ..Default::default()
    };
    Ok(page(StatusCode::OK, app::pages::repair_page(view), cookie))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RepairPost {
    #[serde(flatten)]
    applicant: ApplicantPost,
    description: String,
    pledge: Option<String>,
}

pub async fn repair_submit(
    state: State<AppState>,
    ip: ClientIp,
    id: Path<String>,
    headers: HeaderMap,
    submitted: Submitted,
) -> PageResult {
    application_submit(state, ip, id, headers, submitted, RepairPurpose::CreditRepair).await
}

pub async fn removal_submit(
    state: State<AppState>,
    ip: ClientIp,
    id: Path<String>,
    headers: HeaderMap,
    submitted: Submitted,
) -> PageResult {
    application_submit(state, ip, id, headers, submitted, RepairPurpose::ListRemoval).await
}

async fn application_submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    headers: HeaderMap,
    submitted: Submitted,
    purpose: RepairPurpose,
) -> PageResult {
    let post: RepairPost = submitted.parse();
    let (record, refusal) = application_target(&state, purpose, &id).await?;
    let a = &post.applicant;
    if let Some(refusal) = refusal {
        let view = RepairFormView {
            purpose,
            record,
            refusal: Some(refusal),
            ..Default::default()
        };
        return Ok(page(
            StatusCode::UNPROCESSABLE_ENTITY,
            app::pages::repair_page(view),
            None,
        ));
    }
    if let Some(refused) = guard(&state, ip, &headers, &a.csrf, &a.website, &a.form_id) {
        return Ok(refused);
    }
    let form = RepairForm {
        applicant: a.applicant(),
        description: post.description.clone(),
        pledge: post.pledge.as_deref().is_some_and(|v| !v.is_empty()),
    };
    // Proof of correction is required: at least one file.
    let files = submitted.check(true);
    match with_files(validate_repair(&form, record.natural_person), files) {
        Ok(application) => {
            let attachments = submitted.store(&state).await?;
            let new = NewSubmission::repair_for(purpose, record.id, &application).with_attachments(attachments);
            receive(&state, ip, &a.form_id, new).await
        }
        Err(errors) => {
            let view = RepairFormView {
                purpose,
                record,
                form,
                errors,
                csrf: a.csrf.clone(),
                form_id: a.form_id.clone(),
                refusal: None,
            };
            Ok(page(
                StatusCode::UNPROCESSABLE_ENTITY,
                app::pages::repair_page(view),
                None,
            ))
        }
    }
}

/// Every department in the database, by name.
async fn authorities(state: &AppState) -> Result<Vec<(i64, String)>, AppError> {
    Ok(state
        .store
        .all_departments()
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect())
}

pub async fn pledge_form(State(state): State<AppState>, headers: HeaderMap) -> PageResult {
    let (csrf, cookie) = csrf_token(&headers);
    let view = PledgeFormView {
        csrf,
        form_id: random_token(),
        authorities: authorities(&state).await?,
        ..Default::default()
    };
    Ok(page(StatusCode::OK, app::pages::pledge_page(view), cookie))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PledgePost {
    csrf: String,
    form_id: String,
    website: String,
    pledger_name: String,
    pledger_kind: String,
    pledger_uscc: String,
    pledge_type: String,
    matter: String,
    content: String,
    due_date: String,
    authority_id: String,
    contact_name: String,
    phone: String,
}

pub async fn pledge_submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(post): Form<PledgePost>,
) -> PageResult {
    if let Some(refused) = guard(&state, ip, &headers, &post.csrf, &post.website, &post.form_id) {
        return Ok(refused);
    }
    let authorities = authorities(&state).await?;
    let ids: Vec<i64> = authorities.iter().map(|(id, _)| *id).collect();
    let form = PledgeForm {
        pledger_name: post.pledger_name.clone(),
        pledger_kind: post.pledger_kind.clone(),
        pledger_uscc: post.pledger_uscc.clone(),
        pledge_type: post.pledge_type.clone(),
        matter: post.matter.clone(),
        content: post.content.clone(),
        due_date: post.due_date.clone(),
        authority_id: post.authority_id.clone(),
        contact_name: post.contact_name.clone(),
        phone: post.phone.clone(),
    };
    match validate_pledge(&form, &ids, state.clock.today()) {
        Ok(pledge) => receive(&state, ip, &post.form_id, NewSubmission::pledge(&pledge)).await,
        Err(errors) => {
            let view = PledgeFormView {
                form,
                errors,
                csrf: post.csrf.clone(),
                form_id: post.form_id.clone(),
                authorities,
            };
            Ok(page(
                StatusCode::UNPROCESSABLE_ENTITY,
                app::pages::pledge_page(view),
                None,
            ))
        }
    }
}
