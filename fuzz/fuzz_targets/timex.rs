//! The temporal normalizer: every expression `timex::find` recognizes in arbitrary
//! text (and an arbitrary range) is resolved against several anchors and tenses.
#![no_main]
use conflict_timeline::extract::timex::{self, Tense};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let (cut, rest) = (data[0] as usize, &data[1..]);
    let text = String::from_utf8_lossy(rest);
    let start = cut.min(text.len());
    let anchors = [
        None,
        Some(jiff::civil::date(2020, 10, 12)),
        Some(jiff::civil::date(-9999, 1, 1)),
        Some(jiff::civil::date(9999, 12, 31)),
    ];
    for t in timex::find(&text, start..text.len() + 3) {
        assert!(t.start <= t.end && t.end <= text.len());
        for anchor in anchors {
            for tense in [Tense::Past, Tense::Present, Tense::Future] {
                let _ = timex::resolve(&t.reading, anchor, tense, None);
            }
        }
    }
});
