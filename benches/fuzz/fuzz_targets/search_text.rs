//! Any text typed into the search box: normalising, tokenising and
//! recognising codes and document numbers must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portal::search::{analysis, query_text};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = analysis::normalise(text);
    let _ = analysis::tokens(text);
    let _ = query_text::normalise_doc_no(text);
    let _ = query_text::looks_like_uscc(text);
    let _ = query_text::looks_like_doc_no(text);
    let _ = query_text::is_private_fragment(text);
    let _ = query_text::to_traditional(text);
});
