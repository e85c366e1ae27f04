//! An import on behalf of one department: rows whose 数据来源单位 is another
//! department are refused per row (with the reason), the others go through the
//! ordinary validation and ingest. Used by the back-office upload; the CLI
//! passes no department.

use app::domain::record_entry::{foreign_source, OwnDepartment};

use super::{ImportError, ImportJob, ImportReport, RowProblem, Sheet};

impl ImportJob<'_> {
    /// [`ImportJob::run`], refusing rows of other departments when `own` is given.
    pub async fn run_for_department(
        &self,
        sheet: &Sheet,
        own: Option<&OwnDepartment>,
    ) -> Result<ImportReport, ImportError> {
        let (mapping, sheet_rows) = self.map(sheet)?;
        let mut refused = Vec::new();
        let mut rows = Vec::new();
        for (row, file_row) in self.file_rows(sheet_rows, &mapping).await? {
            match own.and_then(|own| foreign_source(&file_row.cells, own)) {
                Some(p) => refused.push(RowProblem {
                    row,
                    column: p.column.to_string(),
                    message: p.message,
                }),
                None => rows.push((row, file_row)),
            }
        }
        // Refused rows count in the report, and so in the recorded run.
        let mut before = ImportReport::for_mapping(&mapping);
        before.rows = refused.len();
        before.rejected = refused.len();
        before.errors = refused;
        let mut report = self.run_rows_after(before, rows.into_iter()).await?;
        report.errors.sort_by_key(|p| p.row);
        Ok(report)
    }
}
