//! Any bytes as an uploaded CSV, XLSX or XLS file: reading, finding the header
//! and reading every row through the mapping must return a result or a clear
//! error, never panic.
#![no_main]

use app::domain::file_rows::{read_file_row, DepartmentNames, FileValues};
use app::domain::header_mapping::locate_header;
use app::domain::kinds::RecordKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for ext in ["csv", "xlsx", "xls"] {
        if let Ok(sheet) = portal::import::reader::read_bytes(data, ext) {
            for kind in RecordKind::ALL {
                let mapping = locate_header(kind, &sheet.rows, &[]);
                for row in sheet.rows.iter().skip(mapping.header_row + 1) {
                    let _ = read_file_row(kind, &mapping, row, &FileValues::default(), &DepartmentNames::default());
                }
            }
        }
    }
});
