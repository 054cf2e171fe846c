//! Extraction: one article's text in, its dated events out. Pure and synchronous —
//! no I/O, no clock: the reference date is an input — so the same article always
//! gives the same events, and every stage can be tested and benchmarked alone.
//!
//! Stages, in order: [`reference`] (the article's own date) → [`sentences`] →
//! [`timex`] (temporal expressions, normalized against the reference date) →
//! [`actors`] (actors and places) → [`events`] (triggers, context, casualty figures,
//! merging of mentions within the article). Merging across articles is
//! [`crate::domain::merge`].

pub mod actors;
pub mod casualties;
pub mod events;
pub mod reference;
pub mod resources;
pub mod sentences;
pub mod timex;
pub mod tokens;

pub use resources::Resources;

use crate::domain::merge;
use crate::domain::{EventDraft, Reference};
use jiff::civil::Date;
use serde::Serialize;

/// An article as extraction sees it.
#[derive(Debug, Clone, Copy)]
pub struct ArticleText<'a> {
    pub text: &'a str,
    /// The headline given by metadata, if any: it counts towards whether the article
    /// is about armed conflict at all ("PAKISTAN COMPLAINS ABOUT AFGHAN AIR RAIDS").
    pub title: Option<&'a str>,
    /// The publication date given by metadata (front matter, JSONL), if any.
    pub published: Option<Date>,
}

/// A temporal expression with its sentence, tense and normalized value.
#[derive(Debug, Clone, Serialize)]
pub struct TimexAnnotation {
    pub sentence: usize,
    pub tense: timex::Tense,
    #[serde(flatten)]
    pub timex: timex::Timex,
    pub resolved: timex::Resolved,
}

/// Everything extraction found in one article (what `annotate` shows).
#[derive(Debug, Clone, Serialize)]
pub struct Extraction {
    pub reference: Reference,
    pub sentences: Vec<sentences::Sentence>,
    pub timexes: Vec<TimexAnnotation>,
    pub actors: Vec<actors::ActorMention>,
    pub places: Vec<actors::PlaceMention>,
    pub events: Vec<EventDraft>,
}

/// Runs every stage on one article. `inferred` is a reference date established
/// from other articles (see [`reference::from_other_articles`]), used only when
/// the article's metadata and text give none.
pub fn extract(
    article: ArticleText<'_>,
    res: &Resources,
    inferred: Option<Reference>,
) -> Extraction {
    let text = article.text;
    let sentences = sentences::split(text);
    let quotes = paragraph_quotes(text, &sentences);
    let found: Vec<(usize, timex::Tense, Vec<timex::Timex>)> = sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                i,
                timex::tense_of(s.text(text)),
                timex::find(text, s.range()),
            )
        })
        .collect();
    let mut reference = reference::determine(text, article.published, &found);
    if reference.date.is_none()
        && let Some(r) = inferred
    {
        reference = r;
    }
    // Every later stage reads the same words: tokenize each sentence once.
    let tokens: Vec<Vec<tokens::Token>> = sentences
        .iter()
        .map(|s| tokens::tokenize(text, s.range()))
        .collect();
    let timexes = resolve_all(text, &tokens, found, reference.date);
    let (actors, places) = actors::find(text, &sentences, &tokens, &quotes, res, reference.date);
    let title = article.title.unwrap_or_default();
    let view = events::ArticleView {
        text,
        title: tokens::tokenize(title, 0..title.len()),
        sentences: &sentences,
        tokens: &tokens,
        quotes: &quotes,
        timexes: &timexes,
        actors: &actors,
        places: &places,
        reference: reference.date,
    };
    let mut events = events::extract(&view, res);
    for e in &mut events {
        e.headline = merge::headline(e);
    }
    Extraction {
        reference,
        sentences,
        timexes,
        actors,
        places,
        events,
    }
}

/// The tense of a clause; "would" (the future seen from the past: "asked if the US
/// would broker a ceasefire during Friday's talks") reads as the present, so that a
/// weekday is the nearest one, not next week's.
pub fn clause_tense(clause: &str) -> timex::Tense {
    let tense = timex::tense_of(clause);
    // All words lowercased in one buffer, not one string each (this runs for every
    // date expression and every event).
    let mut buf = String::with_capacity(clause.len());
    let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
    for w in clause.split(|c: char| !c.is_alphanumeric() && c != '\'') {
        let at = buf.len();
        buf.push_str(&tokens::lowercase(w));
        spans.push(at..buf.len());
    }
    let words = || spans.iter().map(|r| &buf[r.clone()]);
    let has = |w: &str| words().any(|x| x == w);
    if tense == timex::Tense::Future
        && has("would")
        && !has("will")
        && !words().any(|w| w.ends_with("'ll"))
    {
        return timex::Tense::Present;
    }
    if tense == timex::Tense::Past && (has("has") || has("have")) && !has("had") {
        // "has said 63 civilians have been killed": a present perfect states how things stand now.
        return timex::Tense::Present;
    }
    tense
}

/// The tense of clause `clause` of a sentence's tokens. A verbless parenthesis
/// ("will leave at 4 in the morning (4 a.m. EDT Thursday)") restates part of the
/// clause before it and takes that one's tense. Not any verbless clause: "created an
/// office, effective Feb. 1" looks ahead of its past verb.
fn whole_clause_tense(text: &str, tokens: &[tokens::Token], clause: usize) -> timex::Tense {
    let span = |clause: usize| {
        let start = tokens.iter().find(|x| x.clause == clause)?.start;
        let end = tokens.iter().rev().find(|x| x.clause == clause)?.end;
        Some(start..end)
    };
    let Some(own) = span(clause) else {
        return timex::Tense::Present;
    };
    let in_parenthesis = text[..own.start].trim_end().ends_with('(');
    if in_parenthesis
        && timex::verb_tense(&text[own.clone()]).is_none()
        && let Some(before) = clause.checked_sub(1).and_then(span)
    {
        return clause_tense(&text[before]);
    }
    clause_tense(&text[own])
}

/// Quoted spans, paragraph by paragraph: a quotation often runs over several
/// sentences ("He tweeted: “… have failed. As a result of … today.”").
fn paragraph_quotes(text: &str, sentences: &[sentences::Sentence]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < sentences.len() {
        let para = sentences[i].paragraph;
        let mut j = i;
        while j + 1 < sentences.len() && sentences[j + 1].paragraph == para {
            j += 1;
        }
        out.extend(sentences::quoted_spans(
            text,
            sentences[i].start..sentences[j].end,
        ));
        i = j + 1;
    }
    out
}

/// Normalizes every expression in text order through [`timex::Discourse`], which
/// carries the previous and the running date ("the previous night", "that month").
fn resolve_all(
    text: &str,
    sentence_tokens: &[Vec<tokens::Token>],
    found: Vec<(usize, timex::Tense, Vec<timex::Timex>)>,
    reference: Option<Date>,
) -> Vec<TimexAnnotation> {
    let mut discourse = timex::Discourse::new(
        reference,
        found
            .iter()
            .flat_map(|(_, _, list)| list.iter().map(|t| &t.reading)),
    );
    let mut out = Vec::new();
    for (si, sentence_tense, list) in found {
        let tokens: &[tokens::Token] = if list.is_empty() {
            &[]
        } else {
            &sentence_tokens[si]
        };
        // The tense of each clause, computed once.
        let mut clause_tenses: std::collections::HashMap<usize, timex::Tense> =
            std::collections::HashMap::new();
        for t in list {
            let at = tokens::token_at(tokens, t.start).min(tokens.len().saturating_sub(1));
            let tense = tokens.get(at).map_or(sentence_tense, |tok| {
                let clause = tok.clause;
                // The verb that governs a date usually comes just before it ("Turkey
                // said Wednesday it will ..."); without one there, the clause decides.
                let window = tokens[..at]
                    .iter()
                    .rev()
                    .take_while(|x| x.clause == clause)
                    .take(8)
                    .last();
                let first = window.map_or(tok.start, |x| x.start);
                // Failing that, the verb just after it ("Clinton Thursday condemned …").
                let after = tokens[at..]
                    .iter()
                    .skip_while(|x| x.start < t.end)
                    .take_while(|x| x.clause == clause)
                    .take(3)
                    .last()
                    .map_or(t.end, |x| x.end.max(t.end));
                let near = match clause_tense(&text[first..t.end.max(first)]) {
                    timex::Tense::Present => clause_tense(&text[t.end..after]),
                    before => before,
                };
                match near {
                    timex::Tense::Present => *clause_tenses
                        .entry(clause)
                        .or_insert_with(|| whole_clause_tense(text, tokens, clause)),
                    before => before,
                }
            });
            if !discourse.admits(&t) {
                continue;
            }
            let resolved = discourse.resolve(&t, tense);
            out.push(TimexAnnotation {
                sentence: si,
                tense,
                timex: t,
                resolved,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, published: Date) -> Vec<(String, String)> {
        let res = Resources::embedded().expect("the embedded gazetteer loads");
        let article = ArticleText {
            title: None,
            text,
            published: Some(published),
        };
        extract(article, &res, None)
            .timexes
            .into_iter()
            .map(|t| (t.timex.text, t.resolved.value))
            .collect()
    }

    #[test]
    fn a_verbless_parenthesis_takes_the_tense_of_the_clause_before_it() {
        let published = Date::new(2000, 4, 5).expect("a date");
        let found = values(
            "The father will leave at dawn (4 a.m. EDT Thursday), the minister said.",
            published,
        );
        assert!(
            found.contains(&("4 a.m. EDT Thursday".into(), "2000-04-06T04:00".into())),
            "{found:?}"
        );
        // Other verbless clauses keep their own reading: an office "effective
        // Feb. 1" looks ahead of the past verb before it.
        let found = values(
            "The bank created a new office, effective Feb. 1.",
            Date::new(1989, 10, 27).expect("a date"),
        );
        assert_eq!(found, [("Feb. 1".into(), "1990-02-01".into())]);
    }
}
