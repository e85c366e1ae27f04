//! `/statistics`, `/api/v1/statistics` and `/departments/{id}/integrity`: one
//! snapshot of the figures, recomputed at most every few minutes, kept and
//! refreshed as the other public figures are (`super::figures`).

use std::collections::HashMap;
use std::sync::Arc;

use app::domain::clock::china_date;
use app::domain::dates::format_date;
use app::domain::integrity_evaluation::{format_score, Evaluator};
use app::domain::integrity_remedy::RemedyState;
use app::domain::kinds::RecordKind;
use app::domain::pledge_fulfilment::fulfilment;
use app::domain::statistics::{
    answered_on_time, composite_score, percent, score_parts, share, timeliness_by_department, timeliness_since,
    ProfileFacts,
};
use app::domain::submission_workflow::SubmissionKind;
use app::pages::{
    department_profile_page, statistics_page, DepartmentFigures, ProfileEvaluation, ProfilePledge, ProfileRemedy,
    ProfileView, StatisticsView,
};
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::figures::{tally, Figure, Stamped};
use super::{AppError, AppState};

/// How long a snapshot is served before it is recomputed (seconds).
const FRESH_FOR_SECONDS: i64 = 300;

/// Publication timeliness per data source unit, (on time, published), over
/// the period ending today: of every department, or of one. `/statistics`,
/// the department profiles and a provider's dashboard all count through
/// here, so they give the same figure.
pub async fn publication_timeliness(
    state: &AppState,
    source_id: Option<i64>,
) -> Result<HashMap<i64, (i64, i64)>, AppError> {
    let since = timeliness_since(state.clock.today());
    let pairs = state.store.publication_pairs(since, source_id).await?;
    Ok(timeliness_by_department(&state.calendar, pairs))
}

/// Every figure of the statistics page, as of one day.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Snapshot {
    pub as_of: NaiveDate,
    pub since: NaiveDate,
    pub by_kind: Vec<(RecordKind, i64)>,
    pub by_month: Vec<(String, i64)>,
    /// Best timeliness first; with each department's profile facts and score.
    pub departments: Vec<(DepartmentFigures, ProfileFacts)>,
    pub answered: i64,
    pub answered_on_time: i64,
}

async fn compute(state: &AppState) -> Result<Snapshot, AppError> {
    let today = state.clock.today();
    let since = timeliness_since(today);
    let store = &state.store;
    // Counted once for every page (home, lists, departments) and reused.
    let tally = tally(state).await?;
    let by_kind = tally.value.by_kind();
    let by_month = store.public_by_month(today, since).await?;

    let timeliness = publication_timeliness(state, None).await?;
    let objections: HashMap<i64, (i64, i64)> = store
        .objections_by_department()
        .await?
        .into_iter()
        .map(|(d, n, u)| (d, (n, u)))
        .collect();
    let own = store.departments_own_records(today).await?;
    // Integrity records count against their unit (所在单位 or the body itself).
    let integrity = store.integrity_records_by_unit(today).await?;
    let mut departments = Vec::new();
    for d in store.all_departments().await? {
        let (id, name, uscc) = (d.id, d.name, d.uscc);
        let public_records = tally.value.of_department(id);
        let (on_time, published) = timeliness.get(&id).copied().unwrap_or_default();
        let (received, upheld) = objections.get(&id).copied().unwrap_or_default();
        let mine = own.get(&uscc).copied().unwrap_or_default();
        let facts = ProfileFacts {
            published,
            published_on_time: on_time,
            objections: received,
            objections_upheld: upheld,
            pledges: mine.pledges,
            integrity_records: integrity.get(&id).copied().unwrap_or_default(),
        };
        let figures = DepartmentFigures {
            id,
            name,
            public_records,
            published,
            on_time,
            timeliness: percent(share(on_time, published)),
            objections: received,
            objections_upheld: upheld,
            score: composite_score(&facts),
        };
        departments.push((figures, facts));
    }
    departments.sort_by(|(a, _), (b, _)| {
        let key = |d: &DepartmentFigures| share(d.on_time, d.published).unwrap_or(-1.0);
        key(b)
            .total_cmp(&key(a))
            .then(b.score.total_cmp(&a.score))
            .then(a.name.cmp(&b.name))
    });

    let (mut answered, mut answered_in_time) = (0, 0);
    for row in store.decided_submissions().await? {
        let Some(kind) = SubmissionKind::from_code(&row.kind) else {
            continue;
        };
        answered += 1;
        if answered_on_time(
            &state.calendar,
            kind,
            china_date(row.received_at),
            row.accepted_at.map(china_date),
            china_date(row.decided_at),
        ) {
            answered_in_time += 1;
        }
    }
    Ok(Snapshot {
        as_of: today,
        since,
        by_kind,
        by_month,
        departments,
        answered,
        answered_on_time: answered_in_time,
    })
}

impl Figure for Snapshot {
    const NAME: &'static str = "statistics";

    fn public_records(&self) -> i64 {
        self.by_kind.iter().map(|(_, n)| n).sum()
    }

    /// Of today and at most a few minutes old: submissions answered count
    /// too, and they are not in the change log.
    fn is_fresh(stamp: &Stamped<Self>, today: NaiveDate, _log_head: i64, now: DateTime<Utc>) -> bool {
        stamp.value.as_of == today && (now - stamp.computed_at).num_seconds() < FRESH_FOR_SECONDS
    }

    async fn compute(state: AppState) -> Result<Self, AppError> {
        compute(&state).await
    }
}

/// The current snapshot (see `super::figures` for when it is recomputed).
pub async fn snapshot(state: &AppState) -> Result<Arc<Stamped<Snapshot>>, AppError> {
    state.stats.get(state).await
}

fn period(s: &Snapshot) -> String {
    format!("{} 至 {}", format_date(s.since), format_date(s.as_of))
}

pub async fn page(State(state): State<AppState>) -> Result<Response, AppError> {
    let stamped = snapshot(&state).await?;
    let s = &stamped.value;
    let v = StatisticsView {
        as_of: format_date(s.as_of),
        period: period(s),
        by_kind: s.by_kind.iter().map(|(k, n)| (k.label().to_string(), *n)).collect(),
        by_month: s.by_month.clone(),
        departments: s.departments.iter().map(|(d, _)| d.clone()).collect(),
        answered: s.answered,
        answered_on_time: s.answered_on_time,
        answered_share: percent(share(s.answered_on_time, s.answered)),
    };
    Ok(Html(statistics_page(v)).into_response())
}

pub async fn api(State(state): State<AppState>) -> Result<Response, AppError> {
    let stamped = snapshot(&state).await?;
    let s = &stamped.value;
    let dept = |f: &dyn Fn(&DepartmentFigures) -> serde_json::Value| -> Vec<serde_json::Value> {
        s.departments.iter().map(|(d, _)| f(d)).collect()
    };
    Ok(Json(json!({
        "as_of": format_date(s.as_of),
        "period": { "from": format_date(s.since), "to": format_date(s.as_of) },
        "by_kind": s.by_kind.iter().map(|(k, n)| json!({ "kind": k.code(), "count": n })).collect::<Vec<_>>(),
        "by_department": dept(&|d| json!({ "id": d.id, "name": d.name, "count": d.public_records })),
        "by_month": s.by_month.iter().map(|(m, n)| json!({ "month": m, "count": n })).collect::<Vec<_>>(),
        "timeliness": dept(&|d| json!({
            "id": d.id, "name": d.name, "on_time": d.on_time, "total": d.published,
            "share": share(d.on_time, d.published),
        })),
        "objections": dept(&|d| json!({ "id": d.id, "name": d.name, "received": d.objections, "upheld": d.objections_upheld })),
        "scores": dept(&|d| json!({ "id": d.id, "name": d.name, "score": d.score })),
        "submissions_on_time": { "answered": s.answered, "on_time": s.answered_on_time },
    }))
    .into_response())
}

pub async fn profile(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let department = state.store.department(id).await?.ok_or(AppError::NotFound)?;
    let stamped = snapshot(&state).await?;
    let s = &stamped.value;
    let (figures, facts) = s
        .departments
        .iter()
        .find(|(d, _)| d.id == id)
        .cloned()
        .map_or((None, ProfileFacts::default()), |(d, f)| (Some(d), f));
    let records = state
        .store
        .department_integrity_records(id, s.as_of)
        .await?
        .into_iter()
        .map(|r| (r.id, r.title, r.doc_no, format_date(r.decision_date)))
        .collect();
    let today = state.clock.today();
    let remedies = state
        .store
        .department_remedies(id, today)
        .await?
        .into_iter()
        .map(|(m, title)| {
            let st = m.state(today);
            ProfileRemedy {
                record_id: m.record_id,
                record_title: title,
                remedy: m.remedy().label().to_string(),
                requirement: m.requirement.clone(),
                due: format_date(m.due_date),
                state: st.label().to_string(),
                overdue: st == RemedyState::Overdue,
            }
        })
        .collect();
    let evaluations = state
        .store
        .evaluations_of(id)
        .await?
        .into_iter()
        .map(|e| ProfileEvaluation {
            year: e.year,
            kind: Evaluator::from_code(&e.evaluator_kind)
                .map_or("", |k| k.label())
                .to_string(),
            evaluator: e.evaluator,
            result: e.result,
            score: e.score_tenths.map(format_score),
            source_document: e.source_document,
            source_url: e.source_url,
        })
        .collect();
    // Its own pledges, each judged by the one fulfilment rule as of the snapshot's day.
    let pledge_list = state
        .store
        .department_pledges(&department.uscc, s.as_of)
        .await?
        .into_iter()
        .map(|p| {
            let state = fulfilment(p.pledge_status.as_deref(), p.pledge_due_date, s.as_of);
            ProfilePledge {
                id: p.id,
                pledge_type: p.category.unwrap_or_default(),
                matter: p.title,
                doc_no: p.doc_no,
                due_date: p.pledge_due_date.map(format_date),
                fulfilment: state,
            }
        })
        .collect();
    let v = ProfileView {
        id,
        name: department.name,
        as_of: format_date(s.as_of),
        period: period(s),
        figures,
        parts: score_parts(&facts)
            .into_iter()
            .map(|(name, w, value)| (name.to_string(), w, percent(value)))
            .collect(),
        pledges: facts.pledges,
        pledge_rate: percent(facts.pledges.rate()),
        pledge_list,
        integrity_records: records,
        remedies,
        evaluations,
    };
    Ok(Html(department_profile_page(v)).into_response())
}
