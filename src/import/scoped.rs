//! An import on behalf of one department: rows whose 数据来源单位 is another
//! department are refused per row (with the reason), the others go through the
//! ordinary validation and ingest. Used by the back-office upload; the CLI
//! passes no department.

use app::domain::record_entry::OwnDepartment;
use indicatif::ProgressBar;

use super::{ImportError, ImportJob, ImportReport, Sheet};

impl ImportJob<'_> {
    /// [`ImportJob::run`], refusing rows of other departments when `own` is given.
    pub async fn run_for_department(
        &self,
        sheet: &Sheet,
        own: Option<&OwnDepartment>,
    ) -> Result<ImportReport, ImportError> {
        self.run_scoped(sheet, own, &ProgressBar::hidden()).await
    }

    /// The body of both: `progress` counts the sheet's rows as they are read.
    pub(super) async fn run_scoped(
        &self,
        sheet: &Sheet,
        own: Option<&OwnDepartment>,
        progress: &ProgressBar,
    ) -> Result<ImportReport, ImportError> {
        let (mapping, sheet_rows) = self.map(sheet)?;
        let departments = self.departments().await?;
        progress.set_length(sheet_rows.len().saturating_sub(mapping.header_row + 1) as u64);
        let rows = self
            .file_rows(sheet_rows, &mapping, &departments)
            .inspect(|_| progress.inc(1));
        let mut report = self
            .run_rows_after(ImportReport::for_mapping(&mapping), rows, own)
            .await?;
        report.errors.sort_by_key(|p| p.row);
        Ok(report)
    }
}
