//! Import of departments' files (CSV, XLSX, XLS): read → find and map the
//! header row (app::domain::header_mapping) → read each row into the national
//! columns (app::domain::file_rows) → validate (the same rules as every other
//! path) → store good rows in batches. Bad rows are reported with their row
//! number, column and reason; good rows of the same file are kept. A dry run
//! does all of it except the writing.

pub mod reader;
mod report;
mod scoped;

use std::collections::HashMap;
use std::time::Instant;

use app::domain::file_rows::{is_blank_row, merge_problems, read_file_row, DepartmentNames, FileRow, FileValues};
use app::domain::header_mapping::{locate_header, HeaderMapping};
use app::domain::kinds::RecordKind;
use app::domain::list_lifecycle::{decided_elsewhere_problems, Arrival};
use app::domain::record_entry::{foreign_source, OwnDepartment};
use app::domain::record_validation::{validate_row, FieldProblem, RowCells, ValidationContext};
use chrono::{DateTime, Utc};
use indicatif::ProgressBar;

use crate::store::{IngestCache, IngestOutcome, PreparedRecord, Store, StoreError};
pub use reader::{read_bytes, read_path, ReadError, Sheet};
pub use report::{ImportReport, RowProblem};

/// Rows stored per transaction: large enough to be fast, small enough that a
/// crash loses at most one uncommitted batch (which is then re-imported).
pub const BATCH_SIZE: usize = 5000;

/// Pseudo-column carrying a row's kind when one source mixes kinds.
pub const KIND_CELL: &str = "__kind";

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The header row cannot be read as it stands (unknown, contradictory or
    /// missing columns); nothing was imported.
    #[error("无法导入：{}", .0.refusal())]
    Header(Box<HeaderMapping>),
    #[error("保存失败：{0}")]
    Store(#[from] StoreError),
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
    /// Values given once for the whole file (`--set`).
    pub values: FileValues,
    /// The file's name, kept with the run.
    pub file_name: String,
    /// Read, map and validate, compare with what is stored, write nothing.
    pub dry_run: bool,
    /// How the rows arrive: [`Arrival::Publish`] (a new black-list entry is a
    /// proposal, 拟列入), or [`Arrival::DecidedElsewhere`] when the importer
    /// declares the black list decided by a higher authority.
    pub arrival: Arrival,
}

impl<'a> ImportJob<'a> {
    pub fn new(
        store: &'a Store,
        source: ImportSource,
        kind: RecordKind,
        ctx: ValidationContext,
        actor: impl Into<String>,
        now: DateTime<Utc>,
    ) -> Self {
        ImportJob {
            store,
            source,
            kind,
            ctx,
            actor: actor.into(),
            now,
            values: FileValues::default(),
            file_name: String::new(),
            dry_run: false,
            arrival: Arrival::Publish,
        }
    }
}

impl ImportJob<'_> {
    /// Finds the header row and maps it, on the first worksheet whose header
    /// can be read; refuses a file none of whose sheets can, with the first
    /// sheet's refusal. Returns the mapping and the rows of that sheet.
    pub fn map<'s>(&self, sheet: &'s Sheet) -> Result<(HeaderMapping, &'s [Vec<String>]), ImportError> {
        let supplied = self.values.columns();
        let first = locate_header(self.kind, &sheet.rows, &supplied);
        if first.is_usable() {
            return Ok((first, &sheet.rows));
        }
        for rows in &sheet.other_sheets {
            let mapping = locate_header(self.kind, rows, &supplied);
            if mapping.is_usable() {
                return Ok((mapping, rows));
            }
        }
        Err(ImportError::Header(Box::new(first)))
    }

    /// Validates and stores every row of a sheet.
    pub async fn run(&self, sheet: &Sheet, progress: &ProgressBar) -> Result<ImportReport, ImportError> {
        let report = self.run_scoped(sheet, None, progress).await;
        progress.finish_and_clear();
        report
    }

    /// The data rows of a sheet below its header, read into the national columns,
    /// with their spreadsheet row numbers (the first row of the file is row 1).
    /// The departments the portal knows, to resolve authorities and sources named only by name.
    async fn departments(&self) -> Result<DepartmentNames, ImportError> {
        let known = self.store.all_departments().await?;
        Ok(DepartmentNames::new(known.into_iter().map(|d| (d.name, d.uscc))))
    }

    /// The data rows of a sheet below its header, read one at a time into the
    /// national columns (a large file is not copied whole), with their
    /// spreadsheet row numbers (the first row of the file is row 1).
    fn file_rows<'r>(
        &'r self,
        rows: &'r [Vec<String>],
        mapping: &'r HeaderMapping,
        departments: &'r DepartmentNames,
    ) -> impl Iterator<Item = (usize, FileRow)> + Send + 'r {
        rows.iter()
            .enumerate()
            .skip(mapping.header_row + 1)
            .filter(|(_, raw)| !is_blank_row(raw))
            .map(move |(i, raw)| (i + 1, read_file_row(self.kind, mapping, raw, &self.values, departments)))
    }

    /// Validates and stores rows already keyed by column (demo rows).
    pub async fn run_rows(&self, rows: impl Iterator<Item = (usize, RowCells)>) -> Result<ImportReport, ImportError> {
        let rows = rows.map(|(row, cells)| {
            (
                row,
                FileRow {
                    cells,
                    ..FileRow::default()
                },
            )
        });
        self.run_rows_after(ImportReport::default(), rows, None).await
    }

    /// Validates and stores `rows` into `report`; with `own`, rows of another
    /// department are refused (the back-office upload). Unless it is a dry run, the run is recorded in
    /// `import_runs`: `running` before the first row is stored, then `done`
    /// with the report, or `failed` (with the counts so far) when a store error
    /// ends it. Its end time is the job's `now` plus the time the run took.
    async fn run_rows_after(
        &self,
        mut report: ImportReport,
        rows: impl Iterator<Item = (usize, FileRow)>,
        own: Option<&OwnDepartment>,
    ) -> Result<ImportReport, ImportError> {
        report.dry_run = self.dry_run;
        report.file_values = self
            .values
            .pairs()
            .iter()
            .map(|(c, v)| (c.to_string(), v.clone()))
            .collect();
        if self.dry_run {
            self.store_rows(&mut report, rows, own).await?;
            return Ok(report);
        }
        let started = Instant::now();
        let run = self
            .store
            .start_import_run(self.source.code(), self.kind.code(), &self.actor, self.now)
            .await?;
        let result = self.store_rows(&mut report, rows, own).await;
        let finished_at = self.now + chrono::Duration::from_std(started.elapsed()).unwrap_or_default();
        let finished = self
            .store
            .finish_import_run(run, &report.run_record(&self.file_name, result.is_ok()), finished_at)
            .await;
        if let Err(e) = finished {
            // The rows are stored (or the import's own error is the one to
            // report); the run stays `running`, which /metrics shows as unfinished.
            tracing::warn!(run, error = %e, "import run not marked finished");
        }
        result.map(|()| {
            report.run_id = Some(run);
            report
        })
    }

    async fn store_rows(
        &self,
        report: &mut ImportReport,
        rows: impl Iterator<Item = (usize, FileRow)>,
        own: Option<&OwnDepartment>,
    ) -> Result<(), ImportError> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut batch: Vec<(usize, PreparedRecord)> = Vec::with_capacity(BATCH_SIZE);
        let mut cache = IngestCache::default();
        let mut writing: Option<Writing> = None;
        // Whoever built the context, an entry without 移出日期 gets its configured list's term.
        let mut ctx = self.ctx.clone();
        ctx.configured_terms.extend(self.store.configured_list_terms().await?);
        let given_once = self.values.columns();
        for (row, file_row) in rows {
            report.rows += 1;
            if let Some(problem) = own.and_then(|own| foreign_source(&file_row.cells, own)) {
                report.refuse(row, vec![problem]);
                continue;
            }
            let kind = self.kind_of_row(&file_row.cells);
            if self.arrival == Arrival::DecidedElsewhere && kind == RecordKind::Blacklist {
                let problems = decided_elsewhere_problems(&file_row.cells, &given_once);
                if !problems.is_empty() {
                    report.refuse(row, problems);
                    continue;
                }
            }
            let validated = validate_row(kind, &file_row.cells, &ctx);
            match validated {
                Ok(valid) if file_row.problems.is_empty() => {
                    report.warn(row, valid.warnings);
                    let mut record = valid.record;
                    record.keep_file_columns(file_row.extras);
                    let record = PreparedRecord::from(record);
                    if let Some(first) = seen.get(record.key()) {
                        report.refuse(
                            row,
                            vec![FieldProblem {
                                column: app::domain::national_columns::key_columns(record.record.kind).doc_no,
                                message: format!(
                                    "与第 {first} 行重复：同一文书号 {}、同一行政相对人“{}”",
                                    record.record.doc_no, record.record.subject.name
                                ),
                            }],
                        );
                        continue;
                    }
                    seen.insert(record.key().to_string(), row);
                    batch.push((row, record));
                }
                Ok(_) => report.refuse(row, file_row.problems),
                Err(problems) => report.refuse(row, merge_problems(&file_row.problems, problems)),
            }
            if batch.len() >= BATCH_SIZE {
                // The batch before this one has been writing while this one was
                // validated: wait for it, then hand this one to the writer.
                if let Some(previous) = writing.take() {
                    cache = previous.finish(report).await?;
                }
                writing = Some(self.start_writing(std::mem::take(&mut batch), cache));
                cache = IngestCache::default();
            }
        }
        if let Some(previous) = writing.take() {
            cache = previous.finish(report).await?;
        }
        if !batch.is_empty() {
            self.start_writing(batch, cache).finish(report).await?;
        }
        // Store refusals are counted a batch after validation refusals of later rows.
        report.errors.sort_by_key(|p| p.row);
        Ok(())
    }

    /// Mixed-kind sources (the demo) name the kind in the row under `KIND_CELL`.
    fn kind_of_row(&self, cells: &RowCells) -> RecordKind {
        cells
            .get(KIND_CELL)
            .and_then(|k| RecordKind::from_code(k))
            .unwrap_or(self.kind)
    }

    /// Stores `batch` on a task of its own, so the next batch is read and
    /// validated while this one is written (the two took 35 % and 65 % of a
    /// load's time one after the other; docs/PERFORMANCE.md, "Import pipeline").
    /// Batches are still written one at a time and in file order: the caller
    /// finishes one before starting the next.
    fn start_writing(&self, batch: Vec<(usize, PreparedRecord)>, mut cache: IngestCache) -> Writing {
        let (rows, records): (Vec<usize>, Vec<PreparedRecord>) = batch.into_iter().unzip();
        let store = self.store.clone();
        let (dry_run, arrival, now, actor) = (self.dry_run, self.arrival, self.now, self.actor.clone());
        let task = tokio::spawn(async move {
            let outcomes = if dry_run {
                store.preview_ingest(&records, arrival, now).await
            } else {
                store.ingest_prepared(&records, arrival, &actor, now, &mut cache).await
            };
            outcomes.map(|outcomes| (rows, records, outcomes, cache))
        });
        Writing(Some(task))
    }
}

/// A batch being stored by [`ImportJob::start_writing`]. Dropped unfinished
/// (an upload whose request went away), its task is aborted and the
/// transaction rolls back, as it did when the batch was written in place.
struct Writing(Option<tokio::task::JoinHandle<WrittenBatch>>);

impl Drop for Writing {
    fn drop(&mut self) {
        if let Some(task) = &self.0 {
            task.abort();
        }
    }
}

type WrittenBatch = Result<(Vec<usize>, Vec<PreparedRecord>, Vec<IngestOutcome>, IngestCache), StoreError>;

impl Writing {
    /// Waits for the batch, counts its outcomes into `report` and gives back
    /// the lookup cache for the next batch.
    async fn finish(mut self, report: &mut ImportReport) -> Result<IngestCache, ImportError> {
        let Some(task) = self.0.take() else {
            return Err(StoreError::Inconsistent("a batch was counted twice".into()).into());
        };
        let written = task
            .await
            .map_err(|e| StoreError::Inconsistent(format!("the batch writer stopped: {e}")))?;
        let (rows, records, outcomes, cache) = written?;
        for ((row, record), outcome) in rows.iter().zip(&records).zip(outcomes) {
            report.count(outcome, *row, &record.record.doc_no);
        }
        Ok(cache)
    }
}
