//! Per-article caps on what extraction found, applied before anything is stored.
//! A 16 MiB article repeating one event sentence yields hundreds of thousands of
//! mentions; stored whole they cost the write, the regrouping and every page that
//! reads them, for no more information than the first few thousand give. The cap
//! keeps the first events and sentences in text order and is reported, naming the
//! file, so that nothing is cut silently.

use crate::domain::EventDraft;
use crate::extract::Extraction;
use crate::ingest::read::escaped;

/// Events kept per article: a long real report names a few dozen.
pub const MAX_EVENTS: usize = 1_000;

/// Event sentences (mentions) kept per article, over all its events.
pub const MAX_MENTIONS: usize = 5_000;

/// An article whose extraction was cut to the caps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capped {
    pub origin: String,
    pub events_found: usize,
    pub mentions_found: usize,
}

impl std::fmt::Display for Capped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} events and {} event sentences found; kept the first {} events and {} \
             event sentences (the per-article cap)",
            escaped(&self.origin),
            self.events_found,
            self.mentions_found,
            self.events_found.min(MAX_EVENTS),
            self.mentions_found.min(MAX_MENTIONS),
        )
    }
}

/// Cuts `extraction` to [`MAX_EVENTS`] events and [`MAX_MENTIONS`] mentions, keeping
/// the earliest in the text; an event left with no sentence goes too (every stored
/// event has one). Returns what was found when anything was cut.
pub fn apply(origin: &str, extraction: &mut Extraction) -> Option<Capped> {
    let mentions_found: usize = extraction.events.iter().map(|e| e.mentions.len()).sum();
    let events_found = extraction.events.len();
    if events_found <= MAX_EVENTS && mentions_found <= MAX_MENTIONS {
        return None;
    }
    cut(&mut extraction.events);
    Some(Capped {
        origin: origin.to_string(),
        events_found,
        mentions_found,
    })
}

fn cut(events: &mut Vec<EventDraft>) {
    events.sort_by_key(|e| e.mentions.iter().map(|m| m.start).min());
    events.truncate(MAX_EVENTS);
    let mut left = MAX_MENTIONS;
    for event in events.iter_mut() {
        event.mentions.truncate(left);
        left -= event.mentions.len();
    }
    events.retain(|e| !e.mentions.is_empty());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{self, ArticleText, Resources};

    #[test]
    fn a_repeated_sentence_is_cut_to_the_caps_and_named() {
        let text = "Azerbaijani forces shelled Stepanakert on 5 March 2021. ".repeat(6_000);
        let res = Resources::embedded().expect("the embedded gazetteer loads");
        let mut x = extract::extract(
            ArticleText {
                text: &text,
                title: None,
                published: None,
            },
            &res,
            None,
        );
        let capped = apply("in/long.txt", &mut x).expect("over the cap");
        assert_eq!(capped.mentions_found, 6_000);
        let kept: usize = x.events.iter().map(|e| e.mentions.len()).sum();
        assert_eq!(kept, MAX_MENTIONS);
        assert!(x.events.len() <= MAX_EVENTS);
        let message = capped.to_string();
        assert!(message.starts_with("in/long.txt: "), "{message}");
        assert!(message.contains("kept the first 1 events and 5000 event sentences"));
        let mut small = extract::extract(
            ArticleText {
                text: "Azerbaijani forces shelled Stepanakert on 5 March 2021.",
                title: None,
                published: None,
            },
            &res,
            None,
        );
        assert_eq!(apply("short.txt", &mut small), None);
    }
}
