//! Per-article caps on extraction, applied in ingest; each cut is reported naming
//! the file, so that nothing is cut silently.
//!
//! Extraction keeps a few hundred bytes per sentence (tokens, dates, actor and event
//! mentions, all held until the article is done): a 16 MiB article repeating one
//! event sentence took 1.2 GB. So extraction reads at most the first
//! [`READ_BYTES`] of an article (cut after a sentence); the whole text is still
//! stored and shown. And a repeated sentence yields one mention each, which would
//! cost the write, the regrouping and every page that reads them for no more
//! information than the first few thousand give: at most [`MAX_EVENTS`] events and
//! [`MAX_MENTIONS`] event sentences are kept, the first in text order.

use crate::domain::EventDraft;
use crate::extract::ArticleText;
use crate::extract::Extraction;
use crate::ingest::read::escaped;

/// Events kept per article: a long real report names a few dozen.
pub const MAX_EVENTS: usize = 1_000;

/// Event sentences (mentions) kept per article, over all its events.
pub const MAX_MENTIONS: usize = 5_000;

/// Bytes of an article's text that extraction reads: 1 MiB is ten times the
/// longest article in the corpus, and takes extraction ~65 MB at most.
pub const READ_BYTES: usize = 1024 * 1024;

/// An article whose extraction was cut to the caps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capped {
    pub origin: String,
    pub text_bytes: usize,
    pub read_bytes: usize,
    pub events_found: usize,
    pub mentions_found: usize,
}

impl std::fmt::Display for Capped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: ", escaped(&self.origin))?;
        if self.read_bytes < self.text_bytes {
            write!(
                f,
                "events read from the first {} of its {} bytes (cap {READ_BYTES} bytes); ",
                self.read_bytes, self.text_bytes
            )?;
        }
        write!(
            f,
            "{} events and {} event sentences found, {} and {} kept (caps {MAX_EVENTS} and \
             {MAX_MENTIONS} per article)",
            self.events_found,
            self.mentions_found,
            self.events_found.min(MAX_EVENTS),
            self.mentions_found.min(MAX_MENTIONS),
        )
    }
}

/// The article as extraction reads it: its first [`READ_BYTES`], ending after the
/// last line break or sentence end within them (else at a character).
pub fn readable<'a>(article: &ArticleText<'a>) -> ArticleText<'a> {
    let text = article.text;
    if text.len() <= READ_BYTES {
        return *article;
    }
    let mut end = READ_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let end = head
        .rfind('\n')
        .map(|i| i + 1)
        .or_else(|| head.rfind(". ").map(|i| i + 2))
        .unwrap_or(end);
    ArticleText {
        text: &text[..end],
        ..*article
    }
}

/// Cuts `extraction` of an article of `text_bytes` (of which extraction read
/// `read_bytes`) to [`MAX_EVENTS`] events and [`MAX_MENTIONS`] mentions, keeping the
/// earliest in the text; an event left with no sentence goes too (every stored event
/// has one). Returns what was found when anything was cut.
pub fn apply(
    origin: &str,
    text_bytes: usize,
    read_bytes: usize,
    extraction: &mut Extraction,
) -> Option<Capped> {
    let mentions_found: usize = extraction.events.iter().map(|e| e.mentions.len()).sum();
    let events_found = extraction.events.len();
    if events_found <= MAX_EVENTS && mentions_found <= MAX_MENTIONS && read_bytes >= text_bytes {
        return None;
    }
    cut(&mut extraction.events);
    Some(Capped {
        origin: origin.to_string(),
        text_bytes,
        read_bytes,
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
    use crate::extract::{self, Resources};

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
        let capped = apply("in/long.txt", text.len(), text.len(), &mut x).expect("over the cap");
        assert_eq!(capped.mentions_found, 6_000);
        let kept: usize = x.events.iter().map(|e| e.mentions.len()).sum();
        assert_eq!(kept, MAX_MENTIONS);
        assert!(x.events.len() <= MAX_EVENTS);
        let message = capped.to_string();
        assert!(message.starts_with("in/long.txt: "), "{message}");
        assert!(
            message.contains("6000 event sentences found, 1 and 5000 kept"),
            "{message}"
        );
        let mut small = extract::extract(
            ArticleText {
                text: "Azerbaijani forces shelled Stepanakert on 5 March 2021.",
                title: None,
                published: None,
            },
            &res,
            None,
        );
        assert_eq!(apply("short.txt", 55, 55, &mut small), None);
        let capped = apply("short.txt", 2_000_000, 1_000_000, &mut small).expect("cut");
        assert!(
            capped
                .to_string()
                .contains("first 1000000 of its 2000000 bytes")
        );
    }

    #[test]
    fn extraction_reads_a_long_article_up_to_a_sentence_end() {
        let text = "Troops shelled Tartar. ".repeat(READ_BYTES / 10);
        let article = ArticleText {
            text: &text,
            title: Some("T"),
            published: None,
        };
        let read = readable(&article);
        assert!(read.text.len() <= READ_BYTES && read.text.len() > READ_BYTES - 30);
        assert!(read.text.ends_with(". ") && read.title == Some("T"));
        let short = ArticleText {
            text: "Calm.",
            ..article
        };
        assert_eq!(readable(&short).text, "Calm.");
    }
}
