//! The timeline query-string parser (what every filtered page and API call reads)
//! on arbitrary strings: a filter or an error message, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(query) = std::str::from_utf8(data) {
        let _ = conflict_timeline::web::filter_from_query(query);
    }
});
