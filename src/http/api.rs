//! The open-data JSON API under `/api/v1` (search lives in `search.rs`).
//! Field names are English and stable; `docs/OPEN_DATA.md` names the national
//! column behind each. Only publicly visible records are served. Every
//! response is rate-limited per client (429 with `Retry-After`).

use std::time::Instant;

use app::domain::kinds::{PublicStatus, RecordKind};
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::client_ip::ClientIp;
use super::present::{
    detail, parse_id, public_subject, subject_kind_of, summary, visible, with_integrity_follow_up, PublicSubject,
    ShownRecord,
};
use super::{AppError, AppState};
use crate::store::{ApiRecordFilter, SummaryRow};

/// Largest page of `GET /api/v1/records`.
pub const MAX_LIMIT: i64 = 500;
const DEFAULT_LIMIT: i64 = 100;

/// A JSON error body: `{"error": {"code": …, "message": …}}`.
pub fn api_error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({ "error": { "code": code, "message": message } }))).into_response()
}

/// Errors that reach an API route as a page for people (the shared
/// `AppError` answers: 500, 503, …) or as an extractor's plain text go out as
/// the API's JSON error instead, with the same status and Retry-After.
pub async fn json_errors(r: Response) -> Response {
    use super::error::{keep_retry_headers, INTERNAL, NOT_FOUND, UNAVAILABLE};
    let status = r.status();
    // A handler's or extractor's `AppError` says what it was itself.
    if let Some(words) = r.extensions().get::<super::error::ApiWords>().cloned() {
        let mut out = api_error(status, words.code, &words.message);
        keep_retry_headers(r.headers(), &mut out);
        return out;
    }
    let content_type = r
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !(status.is_client_error() || status.is_server_error()) || content_type.starts_with("application/json") {
        return r;
    }
    let plain = content_type.starts_with("text/plain");
    let (parts, body) = r.into_parts();
    let (code, message) = match status {
        StatusCode::SERVICE_UNAVAILABLE => ("unavailable", UNAVAILABLE.to_string()),
        s if s.is_server_error() => ("internal", INTERNAL.to_string()),
        StatusCode::NOT_FOUND => ("not_found", NOT_FOUND.to_string()),
        // An extractor's words say what was wrong with the request; a page's do not fit here.
        _ if plain => match axum::body::to_bytes(body, 2048).await {
            Ok(text) => ("bad_request", String::from_utf8_lossy(&text).trim().to_string()),
            Err(_) => ("bad_request", "请求有误".to_string()),
        },
        _ => ("bad_request", "请求有误".to_string()),
    };
    let mut out = api_error(status, code, &message);
    keep_retry_headers(&parts.headers, &mut out);
    out
}

/// Per-client limit on the API (see `AppState::with_api_rate`).
pub async fn rate_limit(State(state): State<AppState>, ClientIp(ip): ClientIp, req: Request, next: Next) -> Response {
    let now = Instant::now();
    if let Err(wait) = state.api_limiter.check(ip, now) {
        let secs = wait.as_secs().max(1);
        let mut r = api_error(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            &format!(
                "请求过于频繁，请在 {secs} 秒后重试（每个客户端每分钟最多 {} 次）。",
                state.api_rate
            ),
        );
        r.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from_str(&secs.to_string()).expect("digits"),
        );
        return r;
    }
    state.api_limiter.record(ip, now);
    // `Access-Control-Allow-Origin` is added to every API answer by `error::portal_errors`.
    next.run(req).await
}

#[derive(Serialize)]
pub struct Named {
    pub id: i64,
    pub name: String,
}

#[derive(Serialize)]
pub struct SubjectRef {
    pub id: i64,
    pub name: String,
    pub kind: &'static str,
}

#[derive(Serialize)]
pub struct RecordJson {
    pub id: i64,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub status: PublicStatus,
    pub status_label: &'static str,
    pub title: String,
    pub doc_no: String,
    pub category: Option<String>,
    pub subject: SubjectRef,
    pub authority: Named,
    pub decision_date: String,
    pub start_date: String,
    pub end_date: Option<String>,
    pub list_name: Option<String>,
    pub url: String,
}

fn date(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn record_json(row: SummaryRow, today: chrono::NaiveDate) -> RecordJson {
    let subject_kind = subject_kind_of(&row.subject_kind).code();
    let start = date(row.start_date);
    let s = summary(row, today);
    RecordJson {
        id: s.id,
        kind: s.kind.code(),
        kind_label: s.kind.label(),
        status: s.status,
        status_label: s.status.label(),
        url: format!("/records/{}", s.id),
        title: s.title,
        doc_no: s.doc_no,
        category: s.category,
        subject: SubjectRef {
            id: s.subject_id,
            name: s.subject_name,
            kind: subject_kind,
        },
        authority: Named {
            id: s.authority_id,
            name: s.authority_name,
        },
        decision_date: date(s.decision_date),
        start_date: start,
        end_date: s.end_date.map(date),
        list_name: s.list_name,
    }
}

#[derive(Deserialize, Default)]
pub struct RecordsQuery {
    kind: Option<String>,
    department: Option<String>,
    subject: Option<String>,
    from: Option<String>,
    to: Option<String>,
    status: Option<String>,
    list: Option<String>,
    cursor: Option<String>,
    limit: Option<String>,
}

/// A query parameter that cannot be used, with the message naming it.
pub struct BadParam(String);

impl IntoResponse for BadParam {
    fn into_response(self) -> Response {
        api_error(StatusCode::BAD_REQUEST, "bad_parameter", &self.0)
    }
}

fn bad(param: &str, why: &str) -> BadParam {
    BadParam(format!("{param}: {why}"))
}

// Query parameters are parsed by the types docs/api/openapi.json declares, so
// the description and the behaviour agree (issue 15): a parameter given empty
// is refused (omit it instead), ids are 64-bit integers from 1, dates are
// ISO `YYYY-MM-DD`.

/// The value of an optional parameter: None when absent, refused when empty.
fn given<'a>(v: &'a Option<String>, name: &str) -> Result<Option<&'a str>, BadParam> {
    match v.as_deref().map(str::trim) {
        None => Ok(None),
        Some("") => Err(bad(name, "不能为空（不需要此条件时请省略该参数）")),
        Some(s) => Ok(Some(s)),
    }
}

/// An integer parameter within `range`.
pub fn int_param(
    v: &Option<String>,
    name: &str,
    range: std::ops::RangeInclusive<i64>,
) -> Result<Option<i64>, BadParam> {
    let Some(s) = given(v, name)? else { return Ok(None) };
    match s.parse::<i64>() {
        Ok(n) if range.contains(&n) => Ok(Some(n)),
        _ if *range.end() == i64::MAX => Err(bad(name, &format!("应为不小于 {} 的 64 位整数", range.start()))),
        _ => Err(bad(
            name,
            &format!("应为 {} 到 {} 之间的整数", range.start(), range.end()),
        )),
    }
}

/// An id parameter: a 64-bit integer from 1.
fn id_param(v: &Option<String>, name: &str) -> Result<Option<i64>, BadParam> {
    int_param(v, name, 1..=i64::MAX)
}

/// A date parameter, `YYYY-MM-DD` (the schema's `format: date`).
fn date_param(v: &Option<String>, name: &str) -> Result<Option<chrono::NaiveDate>, BadParam> {
    let Some(s) = given(v, name)? else { return Ok(None) };
    let iso = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
    match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) if iso => Ok(Some(d)),
        _ => Err(bad(name, "应为 YYYY-MM-DD 格式的日期，如 2026-01-31")),
    }
}

/// `GET /api/v1/records`: newest first; `next_cursor` fetches the next page.
pub async fn records(State(state): State<AppState>, Query(q): Query<RecordsQuery>) -> Result<Response, AppError> {
    let mut filter = match records_filter(&q) {
        Ok(f) => f,
        Err(bad) => return Ok(bad.into_response()),
    };
    let today = state.clock.today();
    let tally = super::figures::tally(&state).await?;
    filter.visible_matches = Some(tally.value.count(
        filter.kind.as_deref(),
        filter.department_id,
        filter.list_name.as_deref(),
    ));
    let rows = state.store.api_records(&filter, today).await?;
    let next_cursor = (rows.len() as i64 == filter.limit)
        .then(|| rows.last().map(|r| r.id.to_string()))
        .flatten();
    let items: Vec<RecordJson> = rows.into_iter().map(|r| record_json(r, today)).collect();
    Ok(
        Json(json!({ "as_of": date(today), "count": items.len(), "next_cursor": next_cursor, "records": items }))
            .into_response(),
    )
}

fn records_filter(q: &RecordsQuery) -> Result<ApiRecordFilter, BadParam> {
    let kind = match given(&q.kind, "kind")? {
        None => None,
        Some(k) => Some(
            RecordKind::from_code(k)
                .ok_or_else(|| bad("kind", "应为 permit、penalty、pledge、redlist、blacklist 或 integrity"))?
                .code()
                .to_string(),
        ),
    };
    let under_objection = match given(&q.status, "status")? {
        None | Some("public") => false,
        Some("under_objection") => true,
        Some(_) => return Err(bad("status", "应为 public 或 under_objection（只提供公开中的信息）")),
    };
    let limit = int_param(&q.limit, "limit", 1..=MAX_LIMIT)?.unwrap_or(DEFAULT_LIMIT);
    Ok(ApiRecordFilter {
        kind,
        department_id: id_param(&q.department, "department")?,
        subject_id: id_param(&q.subject, "subject")?,
        decided_from: date_param(&q.from, "from")?,
        decided_to: date_param(&q.to, "to")?,
        under_objection,
        list_name: q.list.clone().filter(|s| !s.trim().is_empty()),
        before_id: id_param(&q.cursor, "cursor")?,
        limit,
        visible_matches: None,
    })
}

fn not_found() -> Response {
    api_error(StatusCode::NOT_FOUND, "not_found", super::error::NOT_FOUND)
}

/// `GET /api/v1/records/{id}`: one public record with its national columns.
/// The record page's extractor and decision (`present::ShownRecord`): what
/// never was public answers exactly as an id that does not exist (404), what
/// left public view 410, both as this API's JSON error.
pub async fn record(State(state): State<AppState>, ShownRecord(row): ShownRecord) -> Result<Response, AppError> {
    let (id, today) = (row.id, state.clock.today());
    let under_objection = state.store.record_has_open_objection(id).await?;
    let source = row.source_name.clone();
    let published_at = row.published_at.to_rfc3339();
    let updated_at = row.updated_at.to_rfc3339();
    let subject_kind = subject_kind_of(&row.subject_kind).code();
    let d = with_integrity_follow_up(&state.store, detail(row, today), today).await?;
    let s = d.summary;
    let remedies: Vec<_> = d
        .remedies
        .iter()
        .map(|m| {
            json!({
                "remedy": m.remedy, "requirement": m.requirement, "ordered_on": date(m.ordered_on),
                "due_date": date(m.due), "state": m.state, "overdue": m.overdue,
                "done_on": m.done_on.map(date), "report": m.report,
            })
        })
        .collect();
    let columns: Vec<_> = d
        .columns
        .into_iter()
        .map(|(name, value)| json!({ "name": name, "value": value }))
        .collect();
    Ok(Json(json!({
        "id": s.id,
        "kind": s.kind.code(),
        "kind_label": s.kind.label(),
        "status": s.status,
        "status_label": s.status.label(),
        "under_objection": under_objection,
        "title": s.title,
        "doc_no": s.doc_no,
        "category": s.category,
        "subject": { "id": s.subject_id, "name": s.subject_name, "kind": subject_kind },
        "authority": { "id": s.authority_id, "name": s.authority_name },
        "source": source,
        "decision_date": date(s.decision_date),
        "end_date": s.end_date.map(date),
        "list_name": s.list_name,
        "fine_fen": d.fine_fen,
        "confiscated_fen": d.confiscated_fen,
        "pledge_status": d.pledge.as_ref().and_then(|p| p.recorded.clone()),
        "pledge_fulfilment": d.pledge.as_ref().map(|p| p.fulfilment.code()),
        "pledge_fulfilment_label": d.pledge.as_ref().map(|p| p.fulfilment.label()),
        "pledge_due_date": d.pledge.as_ref().and_then(|p| p.due_date).map(date),
        "pledge_fulfilled_on": d.pledge.as_ref().and_then(|p| p.fulfilled_on).map(date),
        "version": d.version,
        "published_at": published_at,
        "updated_at": updated_at,
        "columns": columns,
        "unit": d.unit.map(|(id, name)| json!({ "id": id, "name": name })),
        "remedies": remedies,
        "url": format!("/records/{}", s.id),
    }))
    .into_response())
}

/// `GET /api/v1/subjects/{id}`: a subject and its public records.
pub async fn subject(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let (subject, rows) = match public_subject(&state.store, id, 1000).await? {
        None => return Ok(not_found()),
        Some(PublicSubject::Merged(into)) => {
            return Ok(api_error(
                StatusCode::PERMANENT_REDIRECT,
                "merged",
                &format!("该主体已并入 /api/v1/subjects/{into}"),
            ))
        }
        Some(PublicSubject::Known { subject, records }) => (subject, records),
    };
    let today = state.clock.today();
    let records: Vec<RecordJson> = rows
        .into_iter()
        .filter(|r| visible(r, today))
        .map(|r| record_json(r, today))
        .collect();
    let on = |kind: &str| records.iter().any(|r| r.kind == kind);
    Ok(Json(json!({
        "id": subject.id,
        "name": subject.name,
        "kind": subject_kind_of(&subject.kind).code(),
        "uscc": subject.uscc,
        "id_masked": subject.id_masked,
        "identity_verified": app::domain::record::is_verified_identity_key(&subject.identity_key),
        "on_blacklist": on("blacklist"),
        "on_redlist": on("redlist"),
        "url": format!("/subjects/{}", subject.id),
        "feed": format!("/subjects/{}/feed.atom", subject.id),
        "records": records,
    }))
    .into_response())
}

/// `GET /api/v1/departments`: issuing departments with their public record counts.
pub async fn departments(State(state): State<AppState>) -> Result<Response, AppError> {
    let tally = super::figures::tally(&state).await?;
    let items: Vec<_> = state
        .store
        .all_departments()
        .await?
        .into_iter()
        .map(|d| {
            let (id, name, uscc, n) = (d.id, d.name, d.uscc, tally.value.of_department(d.id));
            json!({
                "id": id, "name": name, "uscc": uscc, "public_records": n,
                "url": format!("/departments/{id}"),
                "feed": format!("/departments/{id}/feed.atom"),
            })
        })
        .collect();
    Ok(Json(json!({ "departments": items })).into_response())
}

/// `GET /api/v1/lists`: red and black lists with their entries in force.
pub async fn lists(State(state): State<AppState>) -> Result<Response, AppError> {
    let rows = super::figures::tally(&state).await?.value.lists();
    let items: Vec<_> = rows
        .into_iter()
        .map(|(kind, name, n)| {
            let page = if kind == "redlist" {
                "/lists/red"
            } else {
                "/lists/black"
            };
            json!({
                "kind": kind, "name": name, "entries": n,
                "url": format!("{page}?list={}", app::pages::url_encode(&name)),
                "records": format!("/api/v1/records?kind={kind}&list={}", app::pages::url_encode(&name)),
            })
        })
        .collect();
    Ok(Json(json!({ "lists": items })).into_response())
}

const OPENAPI: &str = include_str!("../../docs/api/openapi.json");

/// `GET /api/v1/openapi.json`: the machine-readable description of this API.
pub async fn openapi() -> Response {
    let mut r = OPENAPI.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

/// `GET /api`: the endpoints with examples, for people.
pub async fn docs_page() -> Response {
    axum::response::Html(app::pages::api_docs_page()).into_response()
}
