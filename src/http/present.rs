//! Turning stored rows into the views the pages render, applying the domain's
//! visibility rule with today's date.

use app::domain::clock::china_date;
use app::domain::integrity_remedy::{integrity_repair, integrity_repair_refusal, IntegrityRepair, RemedyState};
use app::domain::kinds::{PublicStatus, RecordKind, RecordState, SubjectKind};
use app::domain::publicity::{stored_penalty_repair_from, PublicityRules};
use app::domain::visibility::{
    disclosure, is_publicly_visible, public_status, subject_existence_is_public, Disclosure, VisibilityFacts,
};
use app::views::{RecordDetail, RecordSummary, RemedyLine};
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use chrono::NaiveDate;

use super::{AppError, AppState};
use crate::store::{RecordRow, RemedyRow, Store, StoreError, SubjectRow, SummaryRow};

fn kind_of(code: &str) -> RecordKind {
    RecordKind::from_code(code).unwrap_or(RecordKind::Permit)
}

fn state_of(code: &str) -> RecordState {
    RecordState::from_code(code).unwrap_or(RecordState::Withdrawn)
}

pub fn subject_kind_of(code: &str) -> SubjectKind {
    SubjectKind::from_code(code).unwrap_or(SubjectKind::Organisation)
}

pub fn facts(row: &SummaryRow) -> VisibilityFacts {
    VisibilityFacts {
        kind: kind_of(&row.kind),
        state: state_of(&row.state),
        sensitive: row.sensitive,
        simple_procedure: row.simple_procedure,
        start: row.start_date,
        end: row.end_date,
    }
}

pub fn summary(row: SummaryRow, today: NaiveDate) -> RecordSummary {
    let status = public_status(&facts(&row), today);
    RecordSummary {
        id: row.id,
        kind: kind_of(&row.kind),
        title: row.title,
        doc_no: row.doc_no,
        category: row.category,
        subject_id: row.subject_id,
        subject_name: row.subject_name,
        authority_id: row.authority_id,
        authority_name: row.authority_name,
        decision_date: row.decision_date,
        end_date: row.end_date,
        status,
        list_name: row.list_name,
    }
}

pub fn visible(row: &SummaryRow, today: NaiveDate) -> bool {
    is_publicly_visible(&facts(row), today)
}

/// A record as a public path may answer it.
pub enum PublicRecord {
    /// Shown in full.
    Shown(Box<RecordRow>),
    /// It was public and is no longer (410): the status word and why, for people.
    Gone { status: PublicStatus, explanation: String },
}

/// The one loader behind `/records/{id}` and `GET /api/v1/records/{id}`:
/// `None` when the record does not exist *or* its existence was never public
/// (sensitive, 简易, draft, black-list proposal), so both answer 404 alike
/// (`app::domain::visibility::disclosure`).
pub async fn public_record(store: &Store, id: i64, today: NaiveDate) -> Result<Option<PublicRecord>, StoreError> {
    let Some(row) = store.record(id).await? else {
        return Ok(None);
    };
    Ok(match disclosure(&record_facts(&row), today) {
        Disclosure::Unknown => None,
        Disclosure::Gone(status) => Some(PublicRecord::Gone {
            explanation: gone_explanation(&row, status),
            status,
        }),
        Disclosure::Shown => Some(PublicRecord::Shown(Box::new(row))),
    })
}

/// The id in a public path: a positive integer, or 404 (the one parser of
/// every `{id}` segment).
pub(super) fn parse_id(raw: &str) -> Result<i64, AppError> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or(AppError::NotFound)
}

/// The record a `/…/{id}` path names, as the public may see it: loaded and
/// decided once ([`public_record`]) before the handler runs. What never was
/// public answers 404 and what left public view 410 (as JSON under `/api`).
pub(super) struct ShownRecord(pub RecordRow);

impl FromRequestParts<AppState> for ShownRecord {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        match public_record(&state.store, parse_id(&raw)?, state.clock.today()).await? {
            None => Err(AppError::NotFound),
            Some(PublicRecord::Gone { status, explanation }) => Err(AppError::Gone {
                status: status.label(),
                explanation,
            }),
            Some(PublicRecord::Shown(row)) => Ok(ShownRecord(*row)),
        }
    }
}

/// A subject as a public path may answer it.
pub enum PublicSubject {
    /// Merged into this surviving subject (its URL points there for good).
    Merged(i64),
    /// The subject with every record of it (newest first, at most the limit
    /// asked); callers show only the [`visible`] ones.
    Known {
        subject: SubjectRow,
        records: Vec<SummaryRow>,
    },
}

/// The one loader behind the subject page, `GET /api/v1/subjects/{id}`, the
/// subject's feed and its credit report: `None` when the subject does not exist
/// or has no record whose existence is public
/// (`app::domain::visibility::subject_existence_is_public`).
pub async fn public_subject(store: &Store, id: i64, limit: i64) -> Result<Option<PublicSubject>, StoreError> {
    let Some(subject) = store.subject(id).await? else {
        return Ok(None);
    };
    if let Some(survivor) = subject.merged_into {
        return Ok(Some(PublicSubject::Merged(survivor)));
    }
    let records = store.subject_records(id, limit).await?;
    let known = |rows: &[SummaryRow]| subject_existence_is_public(&rows.iter().map(facts).collect::<Vec<_>>());
    // The newest `limit` may all be hidden while an older one was public: then look at all of them.
    let is_known =
        known(&records) || (records.len() as i64 == limit && known(&store.subject_records(id, i64::MAX).await?));
    if !is_known {
        return Ok(None);
    }
    Ok(Some(PublicSubject::Known { subject, records }))
}

pub fn record_facts(r: &RecordRow) -> VisibilityFacts {
    VisibilityFacts {
        kind: kind_of(&r.kind),
        state: state_of(&r.state),
        sensitive: r.sensitive,
        simple_procedure: r.simple_procedure,
        start: r.start_date,
        end: r.end_date,
    }
}

pub fn detail(r: RecordRow, today: NaiveDate) -> RecordDetail {
    let status = public_status(&record_facts(&r), today);
    let kind = kind_of(&r.kind);
    let columns: Vec<(String, String)> = serde_json::from_str(&r.public_columns).unwrap_or_default();
    let repair_from = (kind == RecordKind::Penalty)
        .then(|| stored_penalty_repair_from(&PublicityRules::default(), r.decision_date, r.strict_domain, &columns))
        .flatten();
    RecordDetail {
        summary: RecordSummary {
            id: r.id,
            kind,
            title: r.title,
            doc_no: r.doc_no,
            category: r.category,
            subject_id: r.subject_id,
            subject_name: r.subject_name,
            authority_id: r.authority_id,
            authority_name: r.authority_name.clone(),
            decision_date: r.decision_date,
            end_date: r.end_date,
            status,
            list_name: r.list_name,
        },
        subject_kind: subject_kind_of(&r.subject_kind),
        source_name: r.source_name,
        columns,
        fine_fen: r.fine_fen,
        confiscated_fen: r.confiscated_fen,
        pledge: (kind == RecordKind::Pledge).then(|| app::views::PledgeFulfilmentView {
            fulfilment: app::domain::pledge_fulfilment::fulfilment(
                r.pledge_status.as_deref(),
                r.pledge_due_date,
                today,
            ),
            recorded: r.pledge_status.clone(),
            due_date: r.pledge_due_date,
            fulfilled_on: r.pledge_fulfilled_on,
        }),
        version: r.version,
        published_on: china_date(r.published_at),
        updated_on: china_date(r.updated_at),
        repair_from,
        repair_open: repair_from.is_some_and(|d| today >= d),
        removal_from: None,
        removal_open: false,
        objection_open: false,
        decided_elsewhere: r.decided_elsewhere,
        unit: r.unit_id.zip(r.unit_name),
        remedies: Vec::new(),
        repair_blocked: None,
    }
}

/// A government integrity record's remedies and when its repair opens
/// (`integrity_remedy::integrity_repair`), as the record page, the repair
/// form and the API read them.
pub async fn integrity_follow_up(
    store: &Store,
    record_id: i64,
    decision_date: NaiveDate,
) -> Result<(Vec<RemedyRow>, IntegrityRepair), StoreError> {
    let remedies = store.remedies_of(record_id).await?;
    let dates: Vec<(NaiveDate, Option<NaiveDate>)> = remedies.iter().map(|m| (m.due_date, m.done_on)).collect();
    let repair = integrity_repair(&PublicityRules::default(), decision_date, &dates);
    Ok((remedies, repair))
}

/// Fills in a government integrity record's remedies and repair dates.
pub async fn with_integrity_follow_up(
    store: &Store,
    mut d: RecordDetail,
    today: NaiveDate,
) -> Result<RecordDetail, StoreError> {
    if d.summary.kind != RecordKind::Integrity {
        return Ok(d);
    }
    let (remedies, repair) = integrity_follow_up(store, d.summary.id, d.summary.decision_date).await?;
    d.remedies = remedies
        .iter()
        .map(|m| {
            let state = m.state(today);
            RemedyLine {
                remedy: m.remedy().label().to_string(),
                requirement: m.requirement.clone(),
                ordered_on: m.ordered_on,
                due: m.due_date,
                state: state.label().to_string(),
                overdue: state == RemedyState::Overdue,
                done_on: m.done_on,
                report: m.report.clone(),
            }
        })
        .collect();
    match repair {
        IntegrityRepair::From(from) => {
            d.repair_from = Some(from);
            d.repair_open = today >= from;
        }
        IntegrityRepair::AwaitingRemedies(_) => {
            d.repair_blocked = integrity_repair_refusal(today, repair);
        }
    }
    Ok(d)
}

/// Why a record that exists is not shown, in words for the public.
pub fn gone_explanation(r: &RecordRow, status: PublicStatus) -> String {
    match status {
        PublicStatus::Withdrawn => match &r.state_reason {
            Some(reason) => format!("该决定已被撤销或更正（{reason}），依法不再公示。撤销记录保留在变更记录中。"),
            None => "该决定已被撤销，依法不再公示。".to_string(),
        },
        PublicStatus::Repaired => "该信息已完成信用修复，依法停止公示。".to_string(),
        PublicStatus::Expired => match r.end_date {
            Some(d) => format!("该信息的公示期已于 {d} 届满，依法不再公示。"),
            None => "该信息的公示期已届满，依法不再公示。".to_string(),
        },
        PublicStatus::Delisted => match r.end_date {
            Some(d) => format!("该主体已于 {d} 移出名单，相关信息不再公示。"),
            None => "该主体已移出名单，相关信息不再公示。".to_string(),
        },
        PublicStatus::InPublicity | PublicStatus::Listed | PublicStatus::Pending => "该信息暂不公示。".to_string(),
    }
}
