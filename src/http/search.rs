//! The search page and `GET /api/v1/search`. Every parameter is optional and
//! a value that does not parse is ignored (and said so), never an error.

use app::domain::kinds::{RecordKind, SubjectKind};
use app::views::{SearchHitView, SearchPage};
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::Semaphore;

use super::{AppError, AppState};
use crate::search::query_text::to_traditional;
use crate::search::{SearchRequest, SearchResults, Sort, StatusFilter};

const PER_PAGE: usize = 20;
const MAX_QUERY_CHARS: usize = 100;

#[derive(Debug, Deserialize, Default, Clone)]
pub struct SearchParams {
    q: Option<String>,
    kind: Option<String>,
    department: Option<String>,
    subject_kind: Option<String>,
    category: Option<String>,
    from: Option<String>,
    to: Option<String>,
    status: Option<String>,
    sort: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

fn clean(v: &Option<String>) -> String {
    v.as_deref()
        .unwrap_or("")
        .trim()
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect()
}

fn url_encode(s: &str) -> String {
    app::pages::url_encode(s)
}

struct Parsed {
    request: SearchRequest,
    page: usize,
    notes: Vec<String>,
}

fn parse(p: &SearchParams, per_page: usize) -> Parsed {
    let mut notes = Vec::new();
    let mut date = |field: &Option<String>, label: &str| {
        let raw = clean(field);
        if raw.is_empty() {
            return None;
        }
        let parsed = NaiveDate::parse_from_str(&raw, "%Y-%m-%d").ok();
        if parsed.is_none() {
            notes.push(format!("{label}“{raw}”不是有效日期（格式 2024-03-05），已忽略。"));
        }
        parsed
    };
    let from = date(&p.from, "起始日期");
    let to = date(&p.to, "截止日期");
    let page = clean(&p.page).parse::<usize>().unwrap_or(1).max(1);
    let request = SearchRequest {
        text: clean(&p.q),
        kind: RecordKind::from_code(&clean(&p.kind)),
        authority_id: clean(&p.department).parse().ok(),
        subject_kind: SubjectKind::from_code(&clean(&p.subject_kind)),
        category: Some(clean(&p.category)).filter(|c| !c.is_empty()),
        from,
        to,
        status: match clean(&p.status).as_str() {
            "in_force" => Some(StatusFilter::InForce),
            "listed" => Some(StatusFilter::Listed),
            _ => None,
        },
        sort: if clean(&p.sort) == "date" {
            Sort::Date
        } else {
            Sort::Relevance
        },
        offset: (page - 1).saturating_mul(per_page),
        limit: per_page,
    };
    Parsed { request, page, notes }
}

/// The query string of a search, without `page` (and without `kind` when asked).
fn query_string(p: &SearchParams, with_kind: bool) -> String {
    let mut out = String::new();
    let pairs = [
        ("q", &p.q),
        ("kind", &p.kind),
        ("department", &p.department),
        ("subject_kind", &p.subject_kind),
        ("category", &p.category),
        ("from", &p.from),
        ("to", &p.to),
        ("status", &p.status),
        ("sort", &p.sort),
    ];
    for (name, value) in pairs {
        if name == "kind" && !with_kind {
            continue;
        }
        let v = clean(value);
        if !v.is_empty() {
            out.push_str(&format!("{name}={}&", url_encode(&v)));
        }
    }
    out
}

/// Searches that may run at once: one per core. A search is CPU work on the
/// blocking pool; thirty-two at once on two cores each took sixteen times as
/// long and ran on after their requests had given up (the time budget answers
/// 503 but cannot stop a blocking thread). Beyond the slots a search waits,
/// and a request that gives up while waiting costs nothing.
pub struct SearchSlots {
    slots: Arc<Semaphore>,
    running: AtomicUsize,
    peak: AtomicUsize,
}

impl SearchSlots {
    pub fn new(slots: usize) -> SearchSlots {
        SearchSlots {
            slots: Arc::new(Semaphore::new(slots.max(1))),
            running: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        }
    }

    /// One slot per core.
    pub fn per_core() -> SearchSlots {
        SearchSlots::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    }

    /// The most searches that ran at once since start (for /metrics).
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::Relaxed)
    }

    /// Runs `work` on the blocking pool once a slot is free; the slot is
    /// held until `work` ends, even if the caller stopped waiting for it.
    pub async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let permit = Arc::clone(&self.slots)
            .acquire_owned()
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let slots = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let running = slots.running.fetch_add(1, Ordering::Relaxed) + 1;
            slots.peak.fetch_max(running, Ordering::Relaxed);
            let result = work();
            slots.running.fetch_sub(1, Ordering::Relaxed);
            drop(permit);
            result
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))
    }
}

async fn run(state: &AppState, request: &SearchRequest) -> Result<SearchResults, AppError> {
    let index = state.search.clone();
    let today = state.clock.today();
    let request = request.clone();
    state
        .search_slots
        .run(move || index.search(&request, today))
        .await?
        .map_err(|e| AppError::Internal(e.to_string()))
}

pub async fn search_page(
    State(state): State<AppState>,
    Query(params): Query<SearchParams>,
) -> Result<Response, AppError> {
    let Parsed {
        request,
        page,
        mut notes,
    } = parse(&params, PER_PAGE);
    let searched = !request.text.is_empty() || request.kind.is_some() || request.authority_id.is_some();
    let results = if searched {
        Some(run(&state, &request).await?)
    } else {
        None
    };
    let departments = state
        .store
        .issuing_departments()
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let (total, hits, facets) = match results {
        Some(r) => (r.total, r.hits, r.facets),
        None => (0, Vec::new(), Vec::new()),
    };
    if searched && total == 0 {
        let other = to_traditional(&request.text);
        if !request.text.is_empty() && other != request.text {
            notes.push(format!("已同时按简体和繁体（“{other}”）查询。"));
        }
        notes.push("没有找到相关信息。公示期已满、已信用修复或已撤销的信息不再公示；也可减少筛选条件或换用名称中的部分文字再试。".into());
    }
    let pages = total
        .min(crate::search::query::MAX_OFFSET + PER_PAGE)
        .div_ceil(PER_PAGE)
        .max(1) as i64;
    let view = SearchPage {
        query: request.text.clone(),
        kind: request.kind,
        department: request.authority_id,
        subject_kind: request.subject_kind,
        category: request.category.clone().unwrap_or_default(),
        from: clean(&params.from),
        to: clean(&params.to),
        status: clean(&params.status),
        sort: clean(&params.sort),
        page: page as i64,
        pages,
        total,
        hits: hits
            .into_iter()
            .map(|h| SearchHitView {
                id: h.id,
                kind: h.kind,
                subject_id: h.subject_id,
                subject_name_html: h.name_html,
                title: h.title,
                doc_no: h.doc_no,
                authority_name: h.authority_name,
                decision_date: h.decision_date,
                snippet_html: h.snippet_html,
            })
            .collect(),
        facets,
        departments,
        base_query: query_string(&params, true),
        facet_query: query_string(&params, false),
        notes,
        searched,
    };
    let mut response = Html(app::pages::search_page(view)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[derive(Serialize)]
pub struct ApiHit {
    id: i64,
    kind: &'static str,
    kind_label: &'static str,
    url: String,
    subject_id: i64,
    subject_name: String,
    subject_url: String,
    title: String,
    doc_no: String,
    authority: String,
    decision_date: NaiveDate,
    end_date: Option<NaiveDate>,
    snippet_html: String,
    score: f32,
}

#[derive(Serialize)]
pub struct ApiResponse {
    query: String,
    total: usize,
    page: usize,
    per_page: usize,
    facets: std::collections::BTreeMap<&'static str, u64>,
    hits: Vec<ApiHit>,
    notes: Vec<String>,
}

pub async fn search_api(
    State(state): State<AppState>,
    Query(params): Query<SearchParams>,
) -> Result<Response, AppError> {
    let per_page = clean(&params.per_page)
        .parse::<usize>()
        .unwrap_or(PER_PAGE)
        .clamp(1, crate::search::query::MAX_PER_PAGE);
    let Parsed { request, page, notes } = parse(&params, per_page);
    let results = run(&state, &request).await?;
    let body = ApiResponse {
        query: request.text.clone(),
        total: results.total,
        page,
        per_page,
        facets: results.facets.iter().map(|(k, n)| (k.code(), *n)).collect(),
        hits: results
            .hits
            .into_iter()
            .map(|h| ApiHit {
                id: h.id,
                kind: h.kind.code(),
                kind_label: h.kind.label(),
                url: format!("/records/{}", h.id),
                subject_id: h.subject_id,
                subject_name: h.subject_name,
                subject_url: format!("/subjects/{}", h.subject_id),
                title: h.title,
                doc_no: h.doc_no,
                authority: h.authority_name,
                decision_date: h.decision_date,
                end_date: h.end_date,
                snippet_html: h.snippet_html,
                score: h.score,
            })
            .collect(),
        notes,
    };
    Ok(Json(body).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn searches_beyond_the_slots_wait_for_one() {
        let slots = Arc::new(SearchSlots::new(2));
        let started = Instant::now();
        let searches: Vec<_> = (0..8)
            .map(|i| {
                let slots = Arc::clone(&slots);
                tokio::spawn(async move {
                    slots
                        .run(move || {
                            std::thread::sleep(Duration::from_millis(50));
                            i
                        })
                        .await
                })
            })
            .collect();
        let mut done = Vec::new();
        for s in searches {
            done.push(s.await.unwrap().unwrap());
        }
        done.sort();
        assert_eq!(done, (0..8).collect::<Vec<_>>());
        assert_eq!(slots.peak(), 2, "never more than the slots at once");
        assert!(started.elapsed() >= Duration::from_millis(200), "four rounds of two");
    }

    #[tokio::test]
    async fn a_search_given_up_while_waiting_never_runs() {
        let slots = Arc::new(SearchSlots::new(1));
        let ran = Arc::new(AtomicUsize::new(0));
        let busy = {
            let slots = Arc::clone(&slots);
            tokio::spawn(async move { slots.run(|| std::thread::sleep(Duration::from_millis(200))).await })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        let counted = Arc::clone(&ran);
        let waited = tokio::time::timeout(
            Duration::from_millis(50),
            slots.run(move || counted.fetch_add(1, Ordering::Relaxed)),
        )
        .await;
        assert!(waited.is_err(), "still waiting for the slot when the budget ran out");
        busy.await.unwrap().unwrap();
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(ran.load(Ordering::Relaxed), 0, "the abandoned search did no work");
    }
}
