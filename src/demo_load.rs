//! Loading synthetic demo records through the real import path, so demo data
//! is validated exactly like a department's file.

use app::domain::kinds::RecordKind;
use app::domain::record_validation::{RowCells, ValidationContext};
use chrono::{DateTime, Utc};
use indicatif::ProgressBar;

use crate::demo::DemoGenerator;
use crate::import::{ImportError, ImportJob, ImportReport, ImportSource, KIND_CELL};
use crate::store::Store;

/// Default number of records loaded when `serve` starts on an empty database.
pub const DEFAULT_DEMO_RECORDS: u64 = 3000;

/// Adds `count` generated records; deterministic for a given seed and date.
pub async fn load_demo(
    store: &Store,
    count: u64,
    seed: u64,
    now: DateTime<Utc>,
    progress: &ProgressBar,
) -> Result<ImportReport, ImportError> {
    let today = app::domain::clock::china_date(now);
    let mut generator = DemoGenerator::new(seed, today);
    progress.set_length(count);
    let rows = (0..count).map(|i| {
        progress.inc(1);
        let row = generator.next_row();
        let mut cells: RowCells = row.columns.into_iter().collect();
        cells.insert(KIND_CELL, row.kind.code().to_string());
        (i as usize + 1, cells)
    });
    let mut job = ImportJob::new(
        store,
        ImportSource::Demo,
        RecordKind::Penalty,
        ValidationContext::new(today),
        "demo",
        now,
    );
    // The demo shows a portal in use: its black lists stand for lists already
    // decided (告知 and 申辩 done), published and marked 由上级机关认定, rather
    // than a queue of proposals nobody will notify.
    job.arrival = app::domain::list_lifecycle::Arrival::DecidedElsewhere;
    let report = job.run_rows(rows).await?;
    progress.finish_and_clear();
    Ok(report)
}
