//! Handlers of the public pages.

use app::domain::kinds::RecordKind;
use app::views::{DepartmentPage, Home, ListPage, Listing, SubjectDetail};
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect};
use serde::Deserialize;

pub(super) use super::present::parse_id;
use super::present::{
    detail, public_subject, subject_kind_of, summary, visible, with_integrity_follow_up, PublicSubject, ShownRecord,
};
use super::respond::PageResult;
use super::{AppError, AppState};
use crate::store::PageFilter;

const PER_PAGE: i64 = 20;
/// Pages beyond this are refused: deep OFFSET scans are slow and no reader needs them.
const MAX_PAGE: i64 = 5000;

fn html(body: String) -> PageResult {
    Ok(Html(body).into_response())
}

pub async fn home(State(state): State<AppState>) -> PageResult {
    let today = state.clock.today();
    let counts = super::figures::tally(&state).await?.value.by_kind();
    let latest = state
        .store
        .latest_public(today, 20)
        .await?
        .into_iter()
        .map(|r| summary(r, today))
        .collect();
    let calendar_note = app::domain::working_days::estimated_deadline_note(&state.calendar, today);
    html(app::pages::home_page(Home {
        counts,
        latest,
        calendar_note,
    }))
}

/// `/records/{id}`; the same extractor and decision as `GET /api/v1/records/{id}`:
/// what never was public (sensitive, 简易, draft, black-list proposal) is 404,
/// what left public view is 410.
pub async fn record(State(state): State<AppState>, ShownRecord(row): ShownRecord) -> PageResult {
    let (id, today) = (row.id, state.clock.today());
    let list = (row.kind == RecordKind::Blacklist.code())
        .then(|| (row.end_date, row.list_name.clone()))
        .and_then(|(end, name)| Some((end?, name.unwrap_or_default())));
    let mut d = with_integrity_follow_up(&state.store, detail(row, today), today).await?;
    d.objection_open = state.store.record_has_open_objection(id).await?;
    if let Some((end, name)) = list {
        let window = match state.store.list_of_record(RecordKind::Blacklist.code(), &name).await? {
            Some(l) => u32::try_from(l.removal_window_working_days).unwrap_or(0),
            None => app::domain::list_terms::ListTerms::default().removal_window_working_days,
        };
        let opens = app::domain::list_lifecycle::removal_opens(&state.calendar, end, window);
        d.removal_from = Some(opens);
        d.removal_open = today >= opens;
    }
    html(app::pages::record_page(d))
}

pub async fn subject(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let id = parse_id(&id)?;
    let today = state.clock.today();
    let (subject, rows) = match public_subject(&state.store, id, 2000).await? {
        None => return Err(AppError::NotFound),
        // A merged subject's URL stays valid: it points to the surviving subject for good.
        Some(PublicSubject::Merged(survivor)) => {
            return Ok(Redirect::permanent(&format!("/subjects/{survivor}")).into_response())
        }
        Some(PublicSubject::Known { subject, records }) => (subject, records),
    };
    let mut groups: Vec<(RecordKind, Vec<_>)> = RecordKind::ALL.into_iter().map(|k| (k, Vec::new())).collect();
    for row in rows.into_iter().filter(|r| visible(r, today)) {
        let s = summary(row, today);
        if let Some((_, list)) = groups.iter_mut().find(|(k, _)| *k == s.kind) {
            list.push(s);
        }
    }
    let on_blacklist = groups
        .iter()
        .find(|(k, _)| *k == RecordKind::Blacklist)
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let on_redlist = groups
        .iter()
        .find(|(k, _)| *k == RecordKind::Redlist)
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    html(app::pages::subject_page(SubjectDetail {
        id: subject.id,
        name: subject.name,
        kind: subject_kind_of(&subject.kind),
        uscc: subject.uscc,
        id_masked: subject.id_masked,
        identity_verified: app::domain::record::is_verified_identity_key(&subject.identity_key),
        groups,
        on_blacklist,
        on_redlist,
    }))
}

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    list: Option<String>,
    department: Option<String>,
    kind: Option<String>,
    page: Option<String>,
}

impl ListQuery {
    fn page(&self) -> i64 {
        self.page
            .as_deref()
            .and_then(|p| p.parse::<i64>().ok())
            .unwrap_or(1)
            .clamp(1, MAX_PAGE)
    }
    fn department(&self) -> Option<i64> {
        self.department.as_deref().and_then(|d| d.parse().ok())
    }
    fn list(&self) -> Option<String> {
        self.list.clone().filter(|l| !l.trim().is_empty())
    }
}

/// The records a listing pages through, from the tally (never counted per request).
async fn page_total(state: &AppState, filter: &PageFilter) -> Result<i64, AppError> {
    let tally = super::figures::tally(state).await?;
    Ok(tally.value.count(
        filter.kind.as_deref(),
        filter.department_id,
        filter.list_name.as_deref(),
    ))
}

pub async fn red_list(state: State<AppState>, query: Query<ListQuery>) -> PageResult {
    list(state, query, RecordKind::Redlist).await
}

pub async fn black_list(state: State<AppState>, query: Query<ListQuery>) -> PageResult {
    list(state, query, RecordKind::Blacklist).await
}

async fn list(State(state): State<AppState>, Query(q): Query<ListQuery>, kind: RecordKind) -> PageResult {
    let today = state.clock.today();
    let page = q.page();
    let filter = PageFilter {
        kind: Some(kind.code().to_string()),
        department_id: q.department(),
        list_name: q.list(),
        offset: (page - 1) * PER_PAGE,
        limit: PER_PAGE,
    };
    let rows = state.store.public_page(&filter, today).await?;
    // The total and the filter menus (what has public entries) come from the tally.
    let tally = super::figures::tally(&state).await?;
    let total = tally.value.count(
        filter.kind.as_deref(),
        filter.department_id,
        filter.list_name.as_deref(),
    );
    let list_names = tally.value.list_names(kind.code());
    let issuing = tally.value.departments_of(kind.code());
    let departments = state
        .store
        .all_departments()
        .await?
        .into_iter()
        .filter(|d| issuing.contains(&d.id))
        .map(|d| (d.id, d.name))
        .collect();
    html(app::pages::list_page(ListPage {
        kind,
        listing: Listing {
            rows: rows.into_iter().map(|r| summary(r, today)).collect(),
            total,
            page,
            per_page: PER_PAGE,
        },
        list_names,
        departments,
        selected_list: filter.list_name,
        selected_department: filter.department_id,
    }))
}

pub async fn departments(State(state): State<AppState>) -> PageResult {
    let list = state
        .store
        .issuing_departments()
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    html(app::pages::departments_page(list))
}

pub async fn department(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let id = parse_id(&id)?;
    let today = state.clock.today();
    let dept = state.store.department(id).await?.ok_or(AppError::NotFound)?;
    let kind = q.kind.as_deref().and_then(RecordKind::from_code);
    let page = q.page();
    let filter = PageFilter {
        kind: kind.map(|k| k.code().to_string()),
        department_id: Some(id),
        list_name: None,
        offset: (page - 1) * PER_PAGE,
        limit: PER_PAGE,
    };
    let rows = state.store.public_page(&filter, today).await?;
    let total = page_total(&state, &filter).await?;
    html(app::pages::department_page(DepartmentPage {
        id: dept.id,
        name: dept.name,
        uscc: dept.uscc,
        kind,
        listing: Listing {
            rows: rows.into_iter().map(|r| summary(r, today)).collect(),
            total,
            page,
            per_page: PER_PAGE,
        },
    }))
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}
