//! Any bytes as an uploaded CSV or XLSX file: reading and header matching
//! must return a result or a clear error, never panic.
#![no_main]

use app::domain::kinds::RecordKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for ext in ["csv", "xlsx"] {
        if let Ok(sheet) = portal::import::reader::read_bytes(data, ext) {
            for kind in RecordKind::ALL {
                let _ = portal::import::headers::map_headers(kind, &sheet.headers);
            }
        }
    }
});
