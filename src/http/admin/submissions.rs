//! The queues of public submissions and the decisions on them.

use app::domain::attachment_rules::format_size;
use app::domain::clock::china_time;
use app::domain::complaint::{eligible_assignees, Candidate, ComplaintTarget};
use app::domain::dates::format_date;
use app::domain::staff::{submitter_hidden_note, ATTACHMENTS_WITHHELD_NOTE};
use app::domain::submission_workflow::{
    available_actions, linked_correction, urgency, Action, Outcome, Status, SubmissionKind, Urgency,
};
use app::pages::admin::{queue_page, submission_page, QueueItem, QueueView, SubmissionView};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;

use super::{Staff, StaffForm};
use crate::http::labels::{event_label, kind_label, status_label};
use crate::http::pages::parse_id;
use crate::http::respond::{page, PageResult};
use crate::http::submissions::current_deadline;
use crate::http::{AppError, AppState};
use crate::store::{attachment_path, QueueFilter, SubmissionRow};

#[derive(Deserialize, Default)]
pub struct QueueQuery {
    kind: Option<String>,
    /// "all" shows answered and closed ones too.
    show: Option<String>,
    /// "mine": those assigned to the provider's department.
    assigned: Option<String>,
}

/// The urgency of a row on the current day, if it waits for a step.
fn row_urgency(state: &AppState, row: &SubmissionRow) -> Option<(String, Urgency)> {
    let d = current_deadline(state, row)?;
    let u = urgency(&state.calendar, d.due, state.clock.today());
    let note = app::domain::working_days::estimated_deadline_note(&state.calendar, d.due)
        .map(|n| format!("（{n}）"))
        .unwrap_or_default();
    Some((format!("{} · {}{note}", d.step, format_date(d.due)), u))
}

/// Open submissions of a kind, each with its urgency, most urgent first.
pub(super) async fn open_with_urgency(
    state: &AppState,
    filter: &QueueFilter,
) -> Result<Vec<(SubmissionRow, Option<(String, Urgency)>)>, AppError> {
    let rows = state.store.queue(filter).await?;
    let mut rows: Vec<_> = rows
        .into_iter()
        .map(|r| {
            let u = row_urgency(state, &r);
            (r, u)
        })
        .collect();
    rows.sort_by_key(|(r, u)| (u.as_ref().map_or(i64::MAX, |(_, u)| u.sort_key()), r.received_at));
    Ok(rows)
}

pub async fn queue(State(state): State<AppState>, staff: Staff, Query(q): Query<QueueQuery>) -> PageResult {
    let actor = staff.actor();
    let mine = q.assigned.as_deref() == Some("mine");
    // Providers see only what was sent to their department for checking.
    let may_read = actor.can_handle_submissions() || (mine && staff.department_id.is_some());
    if !may_read {
        return Err(staff.not_allowed());
    }
    let kind = q.kind.as_deref().and_then(SubmissionKind::from_code);
    let show_all = q.show.as_deref() == Some("all");
    let filter = QueueFilter {
        kind,
        open_only: !show_all,
        assigned_to: if mine { staff.department_id } else { None },
    };
    let rows = open_with_urgency(&state, &filter).await?;
    let identity = actor.may_see_submitter_identity();
    let items = rows
        .into_iter()
        .map(|(r, u)| QueueItem {
            id: r.id,
            kind_label: kind_label(&r.kind).to_string(),
            status_label: status_label(&r.kind, &r.status).to_string(),
            subject: if identity || !names_submitter(&r) {
                r.target_name.clone()
            } else {
                submitter_hidden_note(&r.kind).to_string()
            },
            category: r.category.clone(),
            received: china_time(r.received_at),
            step: u.as_ref().map(|(s, _)| s.clone()),
            urgency: u.as_ref().map(|(_, u)| u.label()),
            overdue: matches!(u, Some((_, Urgency::Overdue(_)))),
            tracking_number: r.tracking_number,
        })
        .collect();
    let mut filters = vec![(
        "全部类别".to_string(),
        "/admin/submissions".to_string(),
        kind.is_none() && !show_all,
    )];
    for k in SubmissionKind::ALL {
        filters.push((
            k.label().to_string(),
            format!("/admin/submissions?kind={}", k.code()),
            kind == Some(k) && !show_all,
        ));
    }
    filters.push((
        "含已办结".to_string(),
        "/admin/submissions?show=all".to_string(),
        show_all,
    ));
    let title = match (kind, mine) {
        (_, true) => "转本部门核查".to_string(),
        (Some(k), _) => format!("待办：{}", k.label()),
        (None, _) => "待办".to_string(),
    };
    let v = QueueView {
        nav: staff.nav(),
        title,
        filters,
        items,
    };
    Ok(page(StatusCode::OK, queue_page(v), None))
}

/// Who a submission names, as the assignment rule reads it.
fn complaint_target(row: &SubmissionRow, record_authority_id: Option<i64>) -> ComplaintTarget<'_> {
    ComplaintTarget {
        submission_kind: &row.kind,
        target_kind: &row.target_kind,
        target_name: &row.target_name,
        target_uscc: row.target_uscc.as_deref(),
        record_authority_id,
    }
}

/// The submission, if this account may read it (404 when missing, 403 when not allowed).
async fn readable(state: &AppState, staff: &Staff, id: &str) -> Result<SubmissionRow, AppError> {
    let row = state.store.submission(parse_id(id)?).await?.ok_or(AppError::NotFound)?;
    if staff.actor().can_read_assigned(row.assigned_department_id) {
        Ok(row)
    } else {
        Err(staff.not_allowed())
    }
}

/// Whether the party a submission names is its submitter: the applicant of
/// an objection or a repair or removal application (a complaint names the
/// accused).
fn names_submitter(row: &SubmissionRow) -> bool {
    row.target_kind == "applicant"
}

/// What was submitted. Who submitted it (contact details; for an application
/// the applicant) only when `identity` allows (`Actor::may_see_submitter_identity`):
/// otherwise those fields are replaced by a note and never reach the page.
fn details(row: &SubmissionRow, identity: bool) -> Vec<(String, String)> {
    let mut d = Vec::new();
    if identity || !names_submitter(row) {
        d.push(("对象 / 申请人".to_string(), row.target_name.clone()));
        d.push((
            "统一社会信用代码".to_string(),
            row.target_uscc.clone().unwrap_or_else(|| "—".into()),
        ));
    }
    d.push((
        match row.kind.as_str() {
            "objection" => "异议理由",
            "pledge" => "承诺类型",
            "repair" => "类别",
            _ => "问题类别",
        }
        .to_string(),
        row.category.clone(),
    ));
    if let Some(m) = &row.matter {
        d.push(("承诺事项".into(), m.clone()));
    }
    if let Some(due) = row.pledge_due_date {
        d.push(("承诺履行期限".into(), app::domain::dates::format_date(due)));
    }
    d.push(("内容".into(), row.description.clone()));
    if !identity {
        d.push(("提交人".into(), submitter_hidden_note(&row.kind).into()));
    } else if row.anonymous {
        d.push(("联系方式".into(), "匿名（无法答复）".into()));
    } else {
        for (label, v) in [
            ("联系人", &row.contact_name),
            ("联系电话", &row.contact_phone),
            ("电子邮箱", &row.contact_email),
        ] {
            if let Some(v) = v {
                d.push((label.into(), v.clone()));
            }
        }
    }
    d
}

async fn detail_view(
    state: &AppState,
    staff: &Staff,
    row: SubmissionRow,
    notice: Option<String>,
    error: Option<String>,
    text: String,
) -> Result<SubmissionView, AppError> {
    let actor = staff.actor();
    let events = state.store.submission_events(row.id).await?;
    let may_download = actor.may_download_attachments(&row.kind, row.assigned_department_id);
    let stored = state.store.attachments_of(row.id).await?;
    let withheld = !may_download && !stored.is_empty();
    let attachments = if may_download { stored } else { Vec::new() };
    let kind = SubmissionKind::from_code(&row.kind);
    let status = Status::from_code(&row.status);
    let actions = match (kind, status) {
        (Some(k), Some(s)) => available_actions(k, s)
            .into_iter()
            .map(|code| (code.to_string(), Action::label_of(code).to_string()))
            .collect(),
        _ => vec![],
    };
    let record_row = match row.record_id {
        Some(id) => state.store.record(id).await?,
        None => None,
    };
    let record = record_row
        .as_ref()
        .map(|r| (format!("{}（{}）", r.title, r.doc_no), format!("/records/{}", r.id)));
    let deadline = row_urgency(state, &row).map(|(step, u)| format!("{step}（{}）", u.label()));
    let correction = correction_state(state, staff, &row).await?;
    // The assignment form offers only the departments the rule allows: never
    // the one a complaint accuses.
    let all = state.store.all_departments().await?;
    let candidates: Vec<Candidate<'_>> = all
        .iter()
        .map(|d| Candidate {
            id: d.id,
            name: &d.name,
            uscc: &d.uscc,
        })
        .collect();
    let target = complaint_target(&row, record_row.as_ref().map(|r| r.authority_id));
    let departments = eligible_assignees(&target, &candidates)
        .into_iter()
        .map(|d| (d.id, d.name.to_string()))
        .collect();
    Ok(SubmissionView {
        nav: staff.nav(),
        id: row.id,
        kind_label: kind_label(&row.kind).to_string(),
        status_label: status_label(&row.kind, &row.status).to_string(),
        details: details(&row, actor.may_see_submitter_identity()),
        attachments_note: withheld.then(|| ATTACHMENTS_WITHHELD_NOTE.to_string()),
        record,
        attachments: attachments
            .iter()
            .map(|a| {
                (
                    a.original_name.clone(),
                    format!("/admin/submissions/{}/attachments/{}", row.id, a.id),
                    format_size(a.size.max(0) as u64),
                )
            })
            .collect(),
        timeline: events
            .iter()
            .map(|e| {
                let what = match &e.note {
                    Some(n) => format!("{}：{n}", event_label(&e.event)),
                    None => event_label(&e.event).to_string(),
                };
                (what, china_time(e.at))
            })
            .collect(),
        deadline,
        correction,
        outcome: row
            .outcome
            .as_deref()
            .and_then(Outcome::from_code)
            .map(|o| o.text(row.record_version)),
        actions,
        departments,
        can_decide: actor.can_handle_submissions(),
        error,
        notice,
        text,
        tracking_number: row.tracking_number,
    })
}

/// For an objection being handled: whether its record was corrected since
/// acceptance (what "更正信息" needs), and the editor's address for an account
/// that may correct it.
async fn correction_state(
    state: &AppState,
    staff: &Staff,
    row: &SubmissionRow,
) -> Result<Option<(String, Option<String>)>, AppError> {
    let open = Status::from_code(&row.status).is_some_and(|s| matches!(s, Status::Accepted | Status::InReview));
    let (true, Some(record)) = (row.kind == SubmissionKind::Objection.code() && open, row.record_id) else {
        return Ok(None);
    };
    let Some((version, last)) = state.store.record_correction(record).await? else {
        return Ok(None);
    };
    let since = row.accepted_at.unwrap_or(row.received_at);
    let text = match linked_correction(since, last, version) {
        Ok(v) => format!("受理后该信息已更正，现为第 {v} 版：可选择“更正信息”答复。"),
        Err(_) => format!(
            "受理后该信息尚未更正（现为第 {version} 版）。如异议成立需更正，请数据来源单位先在“信息报送”中更正该信息，再选择“更正信息”。"
        ),
    };
    let source = state.store.staff_record(record).await?.map(|r| r.source_id);
    let edit = source
        .filter(|s| staff.actor().can_publish_for(*s))
        .map(|_| format!("/admin/records/{record}/edit"));
    Ok(Some((text, edit)))
}

#[derive(Deserialize, Default)]
pub struct DetailQuery {
    done: Option<String>,
}

pub async fn detail(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<DetailQuery>,
) -> PageResult {
    let row = readable(&state, &staff, &id).await?;
    let notice = q
        .done
        .as_deref()
        .map(|code| format!("已完成：{}", Action::label_of(code)));
    let v = detail_view(&state, &staff, row, notice, None, String::new()).await?;
    Ok(page(StatusCode::OK, submission_page(v), None))
}

#[derive(Deserialize)]
pub struct DecidePost {
    #[serde(default)]
    action: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    department_id: String,
}

pub async fn decide(
    State(state): State<AppState>,
    Path(id): Path<String>,
    StaffForm { staff, form: post }: StaffForm<DecidePost>,
) -> PageResult {
    let row = readable(&state, &staff, &id).await?;
    if !staff.actor().can_handle_submissions() {
        return Err(staff.not_allowed());
    }
    let department = post.department_id.trim().parse::<i64>().ok();
    let action = Action::from_form(post.action.trim(), &post.text, department);
    let result = match action {
        Ok(action) => state
            .store
            .decide_submission(row.id, &action, &staff.log_name(), state.clock.now())
            .await
            .map(|_| action.code()),
        Err(e) => Err(crate::store::StoreError::Refused(e.to_string())),
    };
    match result {
        Ok(code) => Ok(Redirect::to(&format!("/admin/submissions/{}?done={code}", row.id)).into_response()),
        // A refused decision comes back on the same page, the text kept.
        Err(crate::store::StoreError::Refused(message)) => {
            let v = detail_view(&state, &staff, row, None, Some(message), post.text.clone()).await?;
            Ok(page(StatusCode::UNPROCESSABLE_ENTITY, submission_page(v), None))
        }
        Err(e) => Err(e.into()),
    }
}

/// An attachment, to the back-office only: sent as a download with its
/// checked type, never rendered inline, never from a path the client names.
pub async fn attachment(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, attachment)): Path<(String, String)>,
) -> PageResult {
    let row = readable(&state, &staff, &id).await?;
    // A complaint's files may identify the complainant: not for the department.
    if !staff
        .actor()
        .may_download_attachments(&row.kind, row.assigned_department_id)
    {
        return Err(staff.not_allowed());
    }
    let wanted = parse_id(&attachment)?;
    let found = state
        .store
        .attachments_of(row.id)
        .await?
        .into_iter()
        .find(|a| a.id == wanted)
        .ok_or(AppError::NotFound)?;
    // The stored hash names the file; it was computed by the portal, but check its shape anyway.
    if found.sha256.len() != 64 || !found.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    let bytes = tokio::fs::read(attachment_path(&state.attachments_dir, &found.sha256))
        .await
        .map_err(|e| AppError::Internal(format!("attachment {}: {e}", found.id)))?;
    let filename = format!("attachment-{}.{}", found.id, extension_of(&found.content_type));
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&found.content_type).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")).expect("ascii name"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

fn extension_of(content_type: &str) -> &'static str {
    match content_type {
        "application/pdf" => "pdf",
        "image/png" => "png",
        "image/jpeg" => "jpg",
        _ => "bin",
    }
}
