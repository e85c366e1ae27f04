//! Import of national-format files (CSV, XLSX): read → map headers → validate
//! each row → store good rows in batches. Bad rows are reported with their row
//! number, column and reason; good rows of the same file are kept.

pub mod headers;
pub mod reader;
mod scoped;

use std::collections::HashMap;

use app::domain::kinds::RecordKind;
use app::domain::record::NewRecord;
use app::domain::record_validation::{validate_row, RowCells, ValidationContext};
use chrono::{DateTime, Utc};
use indicatif::ProgressBar;

use crate::store::{IngestCache, IngestOutcome, Store, StoreError};
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

/// Who imports and when; `ctx` carries today's date for the date rules.
pub struct ImportJob<'a> {
    pub store: &'a Store,
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
        let mut report = ImportReport::default();
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
                            message: format!("与第 {first} 行的文书号 {} 重复", valid.record.doc_no),
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
                self.flush(&mut batch, &mut report, &mut cache).await?;
            }
        }
        self.flush(&mut batch, &mut report, &mut cache).await?;
        Ok(report)
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
