//! The article reader on arbitrary bytes: as a text/Markdown file (front matter)
//! when the first byte is even, as JSON Lines when odd. Must never panic.
#![no_main]
use conflict_timeline::ingest::read::read_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let (articles, rejected) = read_bytes("fuzz.md", "fuzz.md", mode % 2 == 1, bytes);
    for a in &articles {
        assert!(!a.text.contains('\r'));
    }
    for r in &rejected {
        assert!(!r.reason.is_empty());
    }
});
