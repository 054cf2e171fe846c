//! The whole extraction on arbitrary bytes, as ingest runs it: the reader (a text
//! file with front matter when the first byte is even, JSON Lines when odd), the
//! 1 MiB read cap, every extraction stage (sentences, dates, actors, places,
//! events, headlines), then the per-article caps. Must never panic, and every
//! event sentence it reports must be a span of the article text.
#![no_main]
use conflict_timeline::extract::{self, ArticleText, Resources};
use conflict_timeline::ingest::{caps, read::read_bytes};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static RESOURCES: LazyLock<Resources> =
    LazyLock::new(|| Resources::embedded().expect("the embedded gazetteer loads"));

fuzz_target!(|data: &[u8]| {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let (articles, _) = read_bytes("fuzz.md", "fuzz.md", mode % 2 == 1, bytes);
    for a in &articles {
        let whole = ArticleText {
            text: &a.text,
            title: a.title.as_deref(),
            published: a.published,
        };
        let input = caps::readable(&whole);
        let mut x = extract::extract(input, &RESOURCES, None);
        caps::apply(&a.origin, a.text.len(), input.text.len(), &mut x);
        for event in &x.events {
            for m in &event.mentions {
                assert!(a.text.get(m.start..m.end).is_some(), "mention {m:?} off the text");
            }
        }
    }
});
