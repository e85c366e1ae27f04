//! The import runs (`/admin/imports`): the latest runs of every way records
//! came in, and one run with the report kept with it (how the headers were
//! read, the values given once, each refused row). Providers and admins, as
//! the upload page; a provider sees the runs of its own department's accounts
//! only, since a report quotes the rows of the file.

use std::collections::HashSet;

use app::domain::kinds::RecordKind;
use app::pages::admin::{
    import_run_page, import_runs_page, ImportRunItem, ImportRunView, ImportRunsView, KeptColumn, ReadingView,
    RowCounts, RowIssue, RunReportView,
};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;

use app::domain::clock::china_time;

use super::records::must_publish;
use super::Staff;
use crate::http::respond::{page, PageResult};
use crate::http::{AppError, AppState};
use crate::import::{ImportReport, RowProblem};
use crate::store::ImportRunSummary;

/// Runs listed on `/admin/imports`.
const RUNS_LISTED: usize = 50;
/// Runs looked through for a provider's own (older ones are not listed).
const RUNS_SCANNED: i64 = 2000;

pub(super) fn issues(problems: Vec<RowProblem>) -> Vec<RowIssue> {
    problems.into_iter().map(|p| (p.row, p.column, p.message)).collect()
}

/// The kept columns: the unknown headers with their personal-ID flag, or the
/// bare names when a report has only those.
fn kept_columns(unknown: impl Iterator<Item = (String, bool)>, names: &[String]) -> Vec<KeptColumn> {
    let kept: Vec<KeptColumn> = unknown
        .map(|(header, personal_id)| KeptColumn { header, personal_id })
        .collect();
    if kept.is_empty() {
        names
            .iter()
            .map(|header| KeptColumn {
                header: header.clone(),
                personal_id: false,
            })
            .collect()
    } else {
        kept
    }
}

/// How a report says the file was read.
pub(super) fn reading_of_report(report: &ImportReport) -> ReadingView {
    ReadingView {
        header_row: report.header_row,
        mapping: report.mapping.clone(),
        kept_columns: kept_columns(
            report.unknown_headers.iter().map(|u| (u.header.clone(), u.personal_id)),
            &report.ignored_columns,
        ),
        file_values: report.file_values.clone(),
    }
}

/// The report as kept with a run (JSON of [`ImportReport`]); missing fields
/// (a report written by an older version) are empty.
#[derive(Deserialize, Default)]
#[serde(default)]
struct StoredReport {
    rows: usize,
    created: usize,
    corrected: usize,
    unchanged: usize,
    rejected: usize,
    errors: Vec<RowProblem>,
    warnings: Vec<RowProblem>,
    ignored_columns: Vec<String>,
    unknown_headers: Vec<StoredUnknownHeader>,
    header_row: usize,
    mapping: Vec<(String, String)>,
    file_values: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StoredUnknownHeader {
    header: String,
    personal_id: bool,
}

fn stored_report(id: i64, json: &str) -> Option<RunReportView> {
    let r: StoredReport = match serde_json::from_str(json) {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(run = id, error = %e, "import report unreadable");
            return None;
        }
    };
    let summary = ImportReport {
        rows: r.rows,
        created: r.created,
        corrected: r.corrected,
        unchanged: r.unchanged,
        rejected: r.rejected,
        ..ImportReport::default()
    }
    .summary();
    Some(RunReportView {
        summary,
        reading: ReadingView {
            header_row: r.header_row,
            mapping: r.mapping,
            kept_columns: kept_columns(
                r.unknown_headers.into_iter().map(|u| (u.header, u.personal_id)),
                &r.ignored_columns,
            ),
            file_values: r.file_values,
        },
        errors: issues(r.errors),
        warnings: issues(r.warnings),
    })
}

fn source_label(code: &str) -> String {
    match code {
        "cli" => "命令行导入".into(),
        "upload" => "后台上传".into(),
        "demo" => "演示数据".into(),
        other => other.to_string(),
    }
}

fn outcome_label(outcome: &str) -> String {
    match outcome {
        "done" => "完成".into(),
        "failed" => "失败（失败前保存的行已保留）".into(),
        "running" => "未结束（仍在导入，或进程已中断）".into(),
        other => other.to_string(),
    }
}

fn count(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

fn run_item(r: &ImportRunSummary) -> ImportRunItem {
    ImportRunItem {
        id: r.id,
        started_at: china_time(r.started_at),
        finished_at: r.finished_at.map(china_time),
        source_label: source_label(&r.source),
        kind_label: RecordKind::from_code(&r.kind)
            .map(|k| k.label().to_string())
            .unwrap_or_else(|| r.kind.clone()),
        actor: r.actor.clone(),
        file_name: r.file_name.clone(),
        counts: RowCounts {
            rows: count(r.rows),
            created: count(r.created),
            corrected: count(r.corrected),
            unchanged: count(r.unchanged),
            rejected: count(r.rejected),
        },
        outcome_label: outcome_label(&r.outcome),
    }
}

/// The actors whose runs this account may read: None = every run (an admin);
/// a provider: the accounts of its department.
async fn visible_actors(state: &AppState, staff: &Staff) -> Result<Option<HashSet<String>>, AppError> {
    if staff.actor().can_administer() {
        return Ok(None);
    }
    let mut actors = HashSet::from([staff.log_name()]);
    if let Some(department) = staff.department_id {
        for account in state.store.all_staff().await? {
            if account.department_id == Some(department) {
                actors.insert(format!("staff:{}", account.username));
            }
        }
    }
    Ok(Some(actors))
}

pub async fn runs(State(state): State<AppState>, staff: Staff) -> PageResult {
    must_publish(&staff)?;
    let actors = visible_actors(&state, &staff).await?;
    let runs: Vec<ImportRunItem> = match &actors {
        None => state
            .store
            .recent_import_runs(RUNS_LISTED as i64)
            .await?
            .iter()
            .map(run_item)
            .collect(),
        Some(actors) => state
            .store
            .recent_import_runs(RUNS_SCANNED)
            .await?
            .iter()
            .filter(|r| actors.contains(&r.actor))
            .take(RUNS_LISTED)
            .map(run_item)
            .collect(),
    };
    let v = ImportRunsView {
        nav: staff.nav(),
        runs,
        own_department_only: actors.is_some(),
    };
    Ok(page(StatusCode::OK, import_runs_page(v), None))
}

pub async fn run(State(state): State<AppState>, staff: Staff, Path(raw_id): Path<String>) -> PageResult {
    must_publish(&staff)?;
    let id: i64 = raw_id.parse().map_err(|_| AppError::NotFound)?;
    let (summary, report) = state.store.import_run(id).await?.ok_or(AppError::NotFound)?;
    if let Some(actors) = visible_actors(&state, &staff).await? {
        if !actors.contains(&summary.actor) {
            return Err(staff.not_allowed());
        }
    }
    let v = ImportRunView {
        nav: staff.nav(),
        run: run_item(&summary),
        report: report.as_deref().and_then(|json| stored_report(id, json)),
    };
    Ok(page(StatusCode::OK, import_run_page(v), None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_or_partial_report_still_reads() {
        let r = stored_report(
            1,
            r#"{"rows":3,"created":2,"rejected":1,"errors":[{"row":4,"column":"文书号","message":"必填"}]}"#,
        )
        .unwrap();
        assert_eq!(r.errors, vec![(4, "文书号".to_string(), "必填".to_string())]);
        assert!(r.summary.contains("共 3 行：新增 2"));
        let r = stored_report(
            2,
            r#"{"ignored_columns":["备注2"],"unknown_headers":[{"header":"身份证号码","nearest":null,"personal_id":true}]}"#,
        )
        .unwrap();
        assert_eq!(
            r.reading.kept_columns,
            vec![KeptColumn {
                header: "身份证号码".into(),
                personal_id: true
            }]
        );
        assert!(stored_report(3, "not json").is_none());
    }
}
