//! `annotate`: what extraction sees in one article, as JSON (the `Extraction`
//! structure, with sentence texts added), as readable text, or as TimeML (the text
//! with its temporal expressions tagged, for the community's scorers).

use crate::domain::EventDraft;
use crate::extract::Extraction;
use crate::extract::actors::ActorMention;
use crate::extract::timex::AnchoredTo;
use serde::Serialize;
use std::fmt::Write;

#[derive(Serialize)]
struct SentenceOut<'a> {
    index: usize,
    start: usize,
    end: usize,
    paragraph: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct AnnotationOut<'a> {
    reference: &'a crate::domain::Reference,
    sentences: Vec<SentenceOut<'a>>,
    timexes: &'a [crate::extract::TimexAnnotation],
    actors: &'a [crate::extract::actors::ActorMention],
    places: &'a [crate::extract::actors::PlaceMention],
    events: &'a [crate::domain::EventDraft],
}

/// The JSON document `annotate --format json` prints.
pub fn to_json(text: &str, x: &Extraction) -> serde_json::Result<String> {
    let out = AnnotationOut {
        reference: &x.reference,
        sentences: x
            .sentences
            .iter()
            .enumerate()
            .map(|(index, s)| SentenceOut {
                index,
                start: s.start,
                end: s.end,
                paragraph: s.paragraph,
                text: s.text(text),
            })
            .collect(),
        timexes: &x.timexes,
        actors: &x.actors,
        places: &x.places,
        events: &x.events,
    };
    serde_json::to_string_pretty(&out)
}

/// The readable listing `annotate --format text` prints. Long because it is the
/// listing itself, one block per section in the order printed.
pub fn to_text(text: &str, x: &Extraction) -> String {
    let mut out = String::new();
    let date = x
        .reference
        .date
        .map_or_else(|| "unknown".to_string(), |d| d.to_string());
    let _ = writeln!(
        out,
        "reference date: {date} ({}: {})",
        x.reference.basis.as_str(),
        x.reference.how
    );
    // Each list is in text order: walk them alongside the sentences.
    let slice = |i: usize, key: &dyn Fn(usize) -> usize, len: usize| {
        let a = partition(len, |k| key(k) < i);
        let b = partition(len, |k| key(k) <= i);
        a..b
    };
    for (i, s) in x.sentences.iter().enumerate() {
        let _ = writeln!(out, "\n[{i}] {}", s.text(text).replace('\n', " "));
        for t in &x.timexes[slice(i, &|k| x.timexes[k].sentence, x.timexes.len())] {
            let _ = writeln!(
                out,
                "    time   {:?} {}..{} {:?} = {} ({:?} tense)",
                t.timex.text, t.timex.start, t.timex.end, t.timex.ttype, t.resolved.value, t.tense
            );
        }
        for a in &x.actors[slice(i, &|k| x.actors[k].sentence, x.actors.len())] {
            write_actor(&mut out, text, a);
        }
        for p in &x.places[slice(i, &|k| x.places[k].sentence, x.places.len())] {
            let _ = writeln!(
                out,
                "    place  {:?} → {}{}",
                &text[p.start..p.end],
                p.place.name,
                if p.locative { " (location)" } else { "" }
            );
        }
    }
    let _ = writeln!(out, "\nevents:");
    for e in &x.events {
        write_event(&mut out, text, e);
    }
    out
}

fn write_actor(out: &mut String, text: &str, a: &ActorMention) {
    let mut notes = vec![format!("{:?}", a.found).to_lowercase()];
    if a.speaker {
        notes.push("speaker".into());
    }
    if a.quoted {
        notes.push("quoted".into());
    }
    if a.affiliation_only {
        notes.push("affiliation".into());
    }
    let _ = writeln!(
        out,
        "    actor  {:?} → {} [{}; {}]",
        &text[a.start..a.end],
        a.actor.name,
        a.actor.kind.as_str(),
        notes.join(", ")
    );
}

/// One event: its headline, how it was found and dated, its fields and sentences.
fn write_event(out: &mut String, text: &str, e: &EventDraft) {
    let date = e
        .date
        .map_or_else(|| "undated".to_string(), |d| d.export_value());
    let _ = writeln!(
        out,
        "  - {} [{} / {} / {}] {}",
        e.headline,
        e.kind.as_str(),
        e.subtype,
        e.status.as_str(),
        date
    );
    let _ = writeln!(out, "      found by: {}", e.found_by);
    let _ = writeln!(out, "      date: {}", e.date_basis);
    if !e.actors.is_empty() {
        let names: Vec<&str> = e.actors.iter().map(|a| a.name.as_str()).collect();
        let _ = writeln!(out, "      actors: {}", names.join(", "));
    }
    if let Some(p) = &e.place {
        let _ = writeln!(out, "      place: {}", p.name);
    }
    for (c, _, _) in &e.casualties {
        let _ = writeln!(
            out,
            "      casualties: killed {:?}, wounded {:?}, {:?}, cumulative {}",
            c.killed, c.wounded, c.group, c.cumulative
        );
    }
    for m in &e.mentions {
        let _ = writeln!(out, "      “{}”", text[m.start..m.end].replace('\n', " "));
    }
}

/// The TimeML document `annotate --format timeml` prints: the text with a TIMEX3 tag
/// around every temporal expression (a range's two ends tagged apart, as TimeML
/// wants), the reference date as the creation time `t0`, and `anchorTimeID` naming
/// the expression (or `t0`) a relative one was counted from. Scored by
/// `tools/timeml/score.py`.
pub fn to_timeml(text: &str, x: &Extraction) -> String {
    let mut out = String::with_capacity(text.len() + 64 * x.timexes.len() + 256);
    out.push_str("<?xml version=\"1.0\" ?>\n<TimeML>\n");
    if let Some(d) = x.reference.date {
        let _ = writeln!(
            out,
            "<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"{d}\" temporalFunction=\"false\" functionInDocument=\"CREATION_TIME\">{d}</TIMEX3></DCT>"
        );
    }
    out.push_str("<TEXT>");
    let mut at = 0;
    // The tid of each expression's (first) tag, for the anchors that name it.
    let mut tids: Vec<usize> = Vec::with_capacity(x.timexes.len());
    let mut next_tid = 1;
    for (i, t) in x.timexes.iter().enumerate() {
        tids.push(next_tid);
        let ttype = serde_json::to_value(t.timex.ttype)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let whole = [(t.timex.start..t.timex.end, t.resolved.value.as_str())];
        let tags: Vec<(std::ops::Range<usize>, &str)> = match (&t.timex.ends, &t.resolved.ends) {
            (Some([a, b]), Some([va, vb])) => {
                vec![(a.clone(), va.as_str()), (b.clone(), vb.as_str())]
            }
            _ => whole.to_vec(),
        };
        for (span, value) in tags {
            let (Some(before), Some(inner)) = (text.get(at..span.start), text.get(span.clone()))
            else {
                // Overlapping or off-boundary spans cannot be tagged inline; skip them.
                continue;
            };
            escape_into(&mut out, before);
            let _ = write!(out, "<TIMEX3 tid=\"t{next_tid}\" type=\"{ttype}\" value=\"");
            next_tid += 1;
            escape_into(&mut out, value);
            out.push('"');
            match t.resolved.anchor {
                AnchoredTo::Nothing => {}
                AnchoredTo::Expression(k) if k < i => {
                    let _ = write!(
                        out,
                        " temporalFunction=\"true\" anchorTimeID=\"t{}\"",
                        tids[k]
                    );
                }
                _ if x.reference.date.is_some() => {
                    out.push_str(" temporalFunction=\"true\" anchorTimeID=\"t0\"");
                }
                _ => out.push_str(" temporalFunction=\"true\""),
            }
            out.push('>');
            escape_into(&mut out, inner);
            out.push_str("</TIMEX3>");
            at = span.end;
        }
    }
    escape_into(&mut out, text.get(at..).unwrap_or(""));
    out.push_str("</TEXT>\n</TimeML>\n");
    out
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// The first index in `0..len` for which `before` is false (`before` must be
/// true for a prefix and false after it).
fn partition(len: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if before(mid) { lo = mid + 1 } else { hi = mid }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{self, ArticleText, Resources};
    use jiff::civil::Date;

    /// The TimeML of `text` published on 10 May 2019.
    fn timeml_of(text: &str) -> String {
        let res = Resources::embedded().expect("gazetteer loads");
        let article = ArticleText {
            title: None,
            text,
            published: Date::new(2019, 5, 10).ok(),
        };
        to_timeml(text, &extract::extract(article, &res, None))
    }

    #[test]
    fn timeml_tags_every_expression_and_escapes_the_text() {
        let text = "On May 3, 2019 the A&B talks <began>. The next day they broke up.";
        let tml = timeml_of(text);
        assert!(
            tml.contains("<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2019-05-10\""),
            "{tml}"
        );
        assert!(
            tml.contains(
                "<TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2019-05-03\">May 3, 2019</TIMEX3>"
            ),
            "{tml}"
        );
        // "The next day" counts from "May 3, 2019", and says so.
        assert!(
            tml.contains("value=\"2019-05-04\" temporalFunction=\"true\" anchorTimeID=\"t1\">The next day</TIMEX3>"),
            "{tml}"
        );
        assert!(tml.contains("A&amp;B talks &lt;began&gt;"), "{tml}");
    }

    #[test]
    fn timeml_tags_a_range_as_its_two_ends() {
        let text = "Talks ran between March 1972 and June 1974. Then the next day came.";
        let tml = timeml_of(text);
        assert!(
            tml.contains("between <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"1972-03\">March 1972</TIMEX3> and <TIMEX3 tid=\"t2\" type=\"DATE\" value=\"1974-06\">June 1974</TIMEX3>."),
            "{tml}"
        );
        // The expression after the range is numbered after both of its tags.
        assert!(tml.contains("<TIMEX3 tid=\"t3\""), "{tml}");
    }
}
