//! 典型案例 for the public: `/cases` and `/cases/{id}`. A case is shown only
//! while `app::domain::typical_case::case_is_public` says so (not taken down,
//! every cited record still public), decided here with today's date.

use app::domain::typical_case::{case_is_public, CaseKind};
use app::pages::{case_page, cases_page, excerpt, CaseItem, CaseListView, CaseView};
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;

use super::pages::parse_id;
use super::present::{summary, visible};
use super::{AppError, AppState};
use crate::store::{CaseRow, SummaryRow};

const PER_PAGE: usize = 20;
const EXCERPT_CHARS: usize = 120;

/// Whether `case` is public today, given the records it cites.
pub(super) fn is_public(case: &CaseRow, cited: &[&SummaryRow], today: NaiveDate) -> bool {
    case_is_public(case.withdrawn_at.is_some(), cited.iter().map(|r| visible(r, today)))
}

pub(super) fn cited_of(case_id: i64, all: &[(i64, SummaryRow)]) -> Vec<&SummaryRow> {
    all.iter().filter(|(c, _)| *c == case_id).map(|(_, r)| r).collect()
}

#[derive(Deserialize, Default)]
pub struct CasesQuery {
    kind: Option<String>,
    page: Option<String>,
}

pub async fn list(State(state): State<AppState>, Query(q): Query<CasesQuery>) -> Result<Response, AppError> {
    let today = state.clock.today();
    // An unknown filter is simply no filter, as on the other listing pages.
    let selected = q.kind.as_deref().and_then(CaseKind::from_code);
    let cases = state.store.current_cases().await?;
    let ids: Vec<i64> = cases.iter().map(|c| c.id).collect();
    let cited = state.store.cited_records(&ids).await?;
    let shown: Vec<CaseItem> = cases
        .iter()
        .filter_map(|c| {
            let kind = CaseKind::from_code(&c.kind)?;
            let records = cited_of(c.id, &cited);
            (selected.is_none_or(|s| s == kind) && is_public(c, &records, today)).then(|| CaseItem {
                id: c.id,
                kind,
                title: c.title.clone(),
                excerpt: excerpt(&c.summary, EXCERPT_CHARS),
                published_on: app::domain::clock::china_date(c.published_at),
                cited: records.len(),
            })
        })
        .collect();
    let total = shown.len();
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = q
        .page
        .as_deref()
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let cases = shown.into_iter().skip((page - 1) * PER_PAGE).take(PER_PAGE).collect();
    Ok(Html(cases_page(CaseListView {
        selected,
        cases,
        page,
        pages,
        total,
    }))
    .into_response())
}

pub async fn show(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let today = state.clock.today();
    let case = state.store.case(id).await?.ok_or(AppError::NotFound)?;
    let kind = CaseKind::from_code(&case.kind)
        .ok_or_else(|| AppError::Internal(format!("case {id} has kind {}", case.kind)))?;
    let cited = state.store.cited_records(&[id]).await?;
    let records = cited_of(id, &cited);
    if !is_public(&case, &records, today) {
        let explanation = match &case.withdraw_reason {
            Some(reason) if case.withdrawn_at.is_some() => format!("该案例已由信用管理部门撤下。理由：{reason}"),
            _ => "该案例引用的信息已不再公示（公示期满、信用修复或决定撤销），案例随之不再公开。".to_string(),
        };
        return Err(AppError::Gone {
            status: "案例已撤下",
            explanation,
        });
    }
    let records = records.into_iter().map(|r| summary(r.clone(), today)).collect();
    Ok(Html(case_page(CaseView {
        kind,
        title: case.title,
        summary: case.summary,
        source_document: case.source_document,
        published_on: app::domain::clock::china_date(case.published_at),
        records,
    }))
    .into_response())
}
