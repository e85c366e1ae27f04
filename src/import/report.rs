//! What an import did: counts, each refused row with its column and reason,
//! warnings, and how the file's headers were read. The same report is printed
//! by `portal import` (also `--dry-run`), shown by the upload page and kept
//! with the run in `import_runs` for the back-office.

use app::domain::header_mapping::{HeaderMapping, UnknownHeader};
use app::domain::record_validation::FieldProblem;

use crate::store::{FinishedRun, ImportCounts, IngestOutcome, RunOutcome};

/// One problem of one row. `row` counts as a spreadsheet does: the first row of the file is row 1.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// Of `created`: new black-list entries stored as proposals (拟列入), not
    /// public until notified and brought into force in `/admin/lists`.
    pub proposed: usize,
    pub corrected: usize,
    pub unchanged: usize,
    pub rejected: usize,
    pub errors: Vec<RowProblem>,
    pub warnings: Vec<RowProblem>,
    /// The file's headers the portal does not use: kept with each record
    /// (back-office only), not refused.
    pub ignored_columns: Vec<String>,
    /// The same, with the nearest national column.
    pub unknown_headers: Vec<UnknownHeader>,
    /// The spreadsheet row read as the header (1 = the first row).
    pub header_row: usize,
    /// `(file header, what it was read as)` for every column.
    pub mapping: Vec<(String, String)>,
    /// Values given once for the whole file.
    pub file_values: Vec<(String, String)>,
    /// Nothing was written: the counts say what an import would do.
    pub dry_run: bool,
    /// The run in `import_runs` (none for a dry run).
    pub run_id: Option<i64>,
}

/// Row problems kept with a run: enough to act on, bounded for a file of a million bad rows.
pub const PROBLEMS_KEPT: usize = 1000;

impl ImportReport {
    /// An empty report that says how the headers were read.
    pub fn for_mapping(mapping: &HeaderMapping) -> Self {
        ImportReport {
            ignored_columns: mapping.unknown.iter().map(|u| u.header.clone()).collect(),
            unknown_headers: mapping.unknown.clone(),
            header_row: mapping.header_row + 1,
            mapping: mapping.readings(),
            ..ImportReport::default()
        }
    }

    pub fn summary(&self) -> String {
        let verb = if self.dry_run {
            "试运行（未写入）"
        } else {
            "共"
        };
        let proposed = if self.proposed > 0 {
            format!(
                "（其中 {} 条黑名单为拟列入，不公开，须在名单管理中告知、申辩期满后列入）",
                self.proposed
            )
        } else {
            String::new()
        };
        format!(
            "{verb} {} 行：新增 {}{proposed}，更正 {}，未变 {}，拒绝 {}",
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

    /// What is kept with the run: its counts and this report as JSON, the row
    /// problems cut to [`PROBLEMS_KEPT`] each.
    pub fn run_record(&self, file_name: &str, ok: bool) -> FinishedRun {
        let mut kept = self.clone();
        kept.errors.truncate(PROBLEMS_KEPT);
        kept.warnings.truncate(PROBLEMS_KEPT);
        FinishedRun {
            counts: self.counts(),
            outcome: if ok { RunOutcome::Done } else { RunOutcome::Failed },
            file_name: file_name.to_string(),
            report: serde_json::to_string(&kept).unwrap_or_default(),
        }
    }

    pub(super) fn warn(&mut self, row: usize, warnings: Vec<FieldProblem>) {
        self.warnings.extend(warnings.into_iter().map(|w| RowProblem {
            row,
            column: w.column.to_string(),
            message: w.message,
        }));
    }

    pub(super) fn refuse(&mut self, row: usize, problems: Vec<FieldProblem>) {
        self.rejected += 1;
        self.errors.extend(problems.into_iter().map(|p| RowProblem {
            row,
            column: p.column.to_string(),
            message: p.message,
        }));
    }

    pub(super) fn count(&mut self, outcome: IngestOutcome, row: usize, doc_no: &str) {
        match outcome {
            IngestOutcome::Created(_) => self.created += 1,
            IngestOutcome::Proposed(_) => {
                self.created += 1;
                self.proposed += 1;
            }
            IngestOutcome::Refused { column, message } => {
                self.rejected += 1;
                self.errors.push(RowProblem {
                    row,
                    column: column.to_string(),
                    message,
                });
            }
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
