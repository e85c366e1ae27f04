//! An import on behalf of one department: rows whose 数据来源单位 is another
//! department are refused per row (with the reason), the others go through the
//! ordinary validation and ingest. Used by the back-office upload.

use app::domain::record_entry::{foreign_source, OwnDepartment};
use app::domain::record_validation::RowCells;

use super::headers::map_headers;
use super::{ImportError, ImportJob, ImportReport, RowProblem, Sheet};

impl ImportJob<'_> {
    /// [`ImportJob::run`], refusing rows of other departments when `own` is given.
    pub async fn run_for_department(
        &self,
        sheet: &Sheet,
        own: Option<&OwnDepartment>,
    ) -> Result<ImportReport, ImportError> {
        let map = map_headers(self.kind, &sheet.headers);
        if !map.missing.is_empty() {
            return Err(ImportError::MissingColumns(map.missing));
        }
        let mut refused = Vec::new();
        let mut rows = Vec::new();
        for (i, cells) in sheet.rows.iter().enumerate() {
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let mut by_column = RowCells::new();
            for (value, column) in cells.iter().zip(&map.columns) {
                if let Some(column) = column {
                    by_column.insert(column, value.trim().to_string());
                }
            }
            // Spreadsheet numbering: the header is row 1.
            let row = i + 2;
            match own.and_then(|own| foreign_source(&by_column, own)) {
                Some(p) => refused.push(RowProblem {
                    row,
                    column: p.column.to_string(),
                    message: p.message,
                }),
                None => rows.push((row, by_column)),
            }
        }
        // Refused rows count in the report, and so in the recorded run.
        let refused = ImportReport {
            rows: refused.len(),
            rejected: refused.len(),
            errors: refused,
            ..ImportReport::default()
        };
        let mut report = self.run_rows_after(refused, rows.into_iter()).await?;
        report.errors.sort_by_key(|p| p.row);
        report.ignored_columns = map.unknown;
        Ok(report)
    }
}
