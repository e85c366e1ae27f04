//! Import of national-format files (CSV, XLSX): read → map headers → validate
//! each row → store good rows in batches. Bad rows are reported with their row
//! number, column and reason; good rows of the same file are kept.

pub mod headers;
pub mod reader;
mod scoped;

use std::collections::HashMap;
use std::time::Instant;

use app::domain::kinds::RecordKind;
use app::domain::record::NewRecord;
use app::domain::record_validation::{validate_row, RowCells, ValidationContext};
use chrono::{DateTime, Utc};
use indicatif::ProgressBar;

use crate::store::{ImportCounts, IngestCache, IngestOutcome, RunOutcome, Store, StoreError};
use headers::map_headers;
pub use reader::{read_bytes, read_path, ReadError, Sheet};

/// Rows stored per transaction: large enough to be fast, small enough that a
/// crash loses at most one uncommitted batch (which is then re-imported).
pub const BATCH_SIZE: usize = 500;

/// Pseudo-column carrying a row's kind when one source mixes kinds.
pub const KIND_CELL: &str = "__kind";

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("文件缺少必填列：{}", .0.join("、"))]
    MissingColumns(Vec<&'static str>),
    #[error("保存失败：{0}")]
    Store(#[from] StoreError),
}

/// One problem of one row. `row` counts as a spreadsheet does: the header is row 1.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RowProblem {
    pub row: usize,
    pub column: String,
    pub message: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "第 {} 行，{}：{}", self.row, self.column, self.message)
    }
}

#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct ImportReport {
    pub rows: usize,
    pub created: usize,
    pub corrected: usize,
    pub unchanged: usize,
    pub rejected: usize,
    pub errors: Vec<RowProblem>,
    pub warnings: Vec<RowProblem>,
    pub ignored_columns: Vec<String>,
}

impl ImportReport {
    pub fn summary(&self) -> String {
        format!(
            "共 {} 行：新增 {}，更正 {}，未变 {}，拒绝 {}",
            self.rows, self.created, self.corrected, self.unchanged, self.rejected
        )
    }

    /// The counts kept with the run in `import_runs`.
    pub fn counts(&self) -> ImportCounts {
        let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
        ImportCounts {
            rows: n(self.rows),
            created: n(self.created),
            corrected: n(self.corrected),
            unchanged: n(self.unchanged),
            rejected: n(self.rejected),
        }
    }

    fn count(&mut self, outcome: IngestOutcome, row: usize, doc_no: &str) {
        match outcome {
            IngestOutcome::Created(_) => self.created += 1,
            IngestOutcome::Corrected(_) => self.corrected += 1,
            IngestOutcome::Unchanged(_) => self.unchanged += 1,
            IngestOutcome::RefusedWithdrawn(_) => {
                self.rejected += 1;
                self.errors.push(RowProblem {
                    row,
                    column: "文书号".into(),
                    message: format!("记录 {doc_no} 已撤销，不能通过导入恢复或修改"),
                });
            }
        }
    }
}

/// Which way records came in; each run is recorded in `import_runs` under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportSource {
    /// `portal import`.
    Cli,
    /// A file uploaded in the back-office.
    Upload,
    /// The synthetic demo data.
    Demo,
}

impl ImportSource {
    pub const ALL: [ImportSource; 3] = [ImportSource::Cli, ImportSource::Upload, ImportSource::Demo];

    pub fn code(self) -> &'static str {
        match self {
            ImportSource::Cli => "cli",
            ImportSource::Upload => "upload",
            ImportSource::Demo => "demo",
        }
    }
}

/// Who imports, by which way and when; `ctx` carries today's date for the date rules.
pub struct ImportJob<'a> {
    pub store: &'a Store,
    pub source: ImportSource,
    pub kind: RecordKind,
    pub ctx: ValidationContext,
    pub actor: String,
    pub now: DateTime<Utc>,
}

impl ImportJob<'_> {
    /// Validates and stores every row of a sheet.
    pub async fn run(&self, sheet: &Sheet, progress: &ProgressBar) -> Result<ImportReport, ImportError> {
        let map = map_headers(self.kind, &sheet.headers);
        if !map.missing.is_empty() {
            return Err(ImportError::MissingColumns(map.missing));
        }
        progress.set_length(sheet.rows.len() as u64);
        let rows = sheet.rows.iter().enumerate().filter_map(|(i, cells)| {
            progress.inc(1);
            if cells.iter().all(|c| c.trim().is_empty()) {
                return None;
            }
            let mut by_column = RowCells::new();
            for (value, column) in cells.iter().zip(&map.columns) {
                if let Some(column) = column {
                    by_column.insert(column, value.trim().to_string());
                }
            }
            Some((i + 2, by_column))
        });
        let mut report = self.run_rows(rows).await?;
        report.ignored_columns = map.unknown;
        progress.finish_and_clear();
        Ok(report)
    }

    /// Validates and stores rows already keyed by column (file rows, demo rows).
    pub async fn run_rows(&self, rows: impl Iterator<Item = (usize, RowCells)>) -> Result<ImportReport, ImportError> {
        self.run_rows_after(ImportReport::default(), rows).await
    }

    /// [`ImportJob::run_rows`], adding to a report that already counts rows
    /// refused before validation. The run is recorded in `import_runs`:
    /// `running` before the first row is stored, then `done` with the report's
    /// counts, or `failed` (with the counts so far) when a store error ends it.
    /// Its end time is the job's `now` plus the time the run took.
    async fn run_rows_after(
        &self,
        mut report: ImportReport,
        rows: impl Iterator<Item = (usize, RowCells)>,
    ) -> Result<ImportReport, ImportError> {
        let started = Instant::now();
        let run = self
            .store
            .start_import_run(self.source.code(), self.kind.code(), &self.actor, self.now)
            .await?;
        let result = self.store_rows(&mut report, rows).await;
        let outcome = if result.is_ok() {
            RunOutcome::Done
        } else {
            RunOutcome::Failed
        };
        let finished_at = self.now + chrono::Duration::from_std(started.elapsed()).unwrap_or_default();
        let finished = self
            .store
            .finish_import_run(run, &report.counts(), outcome, finished_at)
            .await;
        if let Err(e) = finished {
            // The rows are stored (or the import's own error is the one to
            // report); the run stays `running`, which /metrics shows as unfinished.
            tracing::warn!(run, error = %e, "import run not marked {}", outcome.code());
        }
        result.map(|()| report)
    }

    async fn store_rows(
        &self,
        report: &mut ImportReport,
        rows: impl Iterator<Item = (usize, RowCells)>,
    ) -> Result<(), ImportError> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut batch: Vec<(usize, NewRecord)> = Vec::with_capacity(BATCH_SIZE);
        let mut cache = IngestCache::default();
        for (row, by_column) in rows {
            report.rows += 1;
            match validate_row(self.kind_of_row(&by_column), &by_column, &self.ctx) {
                Ok(valid) => {
                    report.warnings.extend(valid.warnings.into_iter().map(|w| RowProblem {
                        row,
                        column: w.column.to_string(),
                        message: w.message,
                    }));
                    let key = valid.record.record_key();
                    if let Some(first) = seen.get(&key) {
                        report.rejected += 1;
                        report.errors.push(RowProblem {
                            row,
                            column: "文书号".into(),
                            message: format!(
                                "与第 {first} 行重复：同一文书号 {}、同一行政相对人“{}”",
                                valid.record.doc_no, valid.record.subject.name
                            ),
                        });
                        continue;
                    }
                    seen.insert(key, row);
                    batch.push((row, valid.record));
                }
                Err(problems) => {
                    report.rejected += 1;
                    report.errors.extend(problems.into_iter().map(|p| RowProblem {
                        row,
                        column: p.column.to_string(),
                        message: p.message,
                    }));
                }
            }
            if batch.len() >= BATCH_SIZE {
                self.flush(&mut batch, report, &mut cache).await?;
            }
        }
        self.flush(&mut batch, report, &mut cache).await
    }

    /// Mixed-kind sources (the demo) name the kind in the row under `KIND_CELL`.
    fn kind_of_row(&self, cells: &RowCells) -> RecordKind {
        cells
            .get(KIND_CELL)
            .and_then(|k| RecordKind::from_code(k))
            .unwrap_or(self.kind)
    }

    async fn flush(
        &self,
        batch: &mut Vec<(usize, NewRecord)>,
        report: &mut ImportReport,
        cache: &mut IngestCache,
    ) -> Result<(), ImportError> {
        if batch.is_empty() {
            return Ok(());
        }
        let (rows, records): (Vec<usize>, Vec<NewRecord>) = std::mem::take(batch).into_iter().unzip();
        let outcomes = self.store.ingest(&records, &self.actor, self.now, cache).await?;
        for ((row, record), outcome) in rows.iter().zip(&records).zip(outcomes) {
            report.count(outcome, *row, &record.doc_no);
        }
        Ok(())
    }
}
