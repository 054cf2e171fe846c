//! Sentence and paragraph segmentation with byte offsets into the original text,
//! plus the spans that stand inside quotation marks.
//!
//! News text comes in two shapes: one paragraph per line (web articles) and hard-wrapped
//! wire copy where a paragraph continues over several lines and the next paragraph is
//! indented. A newline therefore ends a paragraph only when the line before it ends a
//! sentence, the next line is indented or blank, or the line is a heading/dateline
//! without lowercase letters. Sentences end at `.`, `!` or `?` (optionally followed by
//! a closing quote) before whitespace and an opening capital, digit or quote, except
//! after known abbreviations ("Sept.", "U.S.", "Gen.", "a.m.").

use std::ops::Range;

/// One sentence: its byte span (trimmed) and the paragraph it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub paragraph: usize,
}

impl Sentence {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// Abbreviations after which a period does not end a sentence (lowercased, no dot).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt",
    "sen", "rep", "gov", "pres", "amb", "rev", "st", "jr", "sr", "no", "vs", "etc", "inc", "corp",
    "ltd", "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "u.s", "u.k",
    "u.n", "e.u", "a.m", "p.m", "d.c", "approx", "est", "fig", "op", "mt", "ft",
];

/// Splits `text` into sentences.
pub fn split(text: &str) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    for (paragraph, para) in paragraphs(text).into_iter().enumerate() {
        split_paragraph(text, para, paragraph, &mut sentences);
    }
    sentences
}

/// Byte ranges of paragraphs (see the module docs for what ends one).
fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut para_start: Option<usize> = None;
    let mut offset = 0;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for (i, raw) in lines.iter().enumerate() {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            if let Some(s) = para_start.take() {
                out.push(s..line_start);
            }
            continue;
        }
        if para_start.is_none() {
            para_start = Some(line_start);
        }
        let next = lines.get(i + 1).map(|l| l.trim_end_matches(['\n', '\r']));
        let ends_sentence = line.trim_end().ends_with(['.', '!', '?', '"', '”', ':']);
        let next_indented_or_blank =
            next.is_none_or(|n| n.trim().is_empty() || n.starts_with([' ', '\t']));
        let heading = !line.chars().any(char::is_lowercase);
        if (ends_sentence || next_indented_or_blank || heading)
            && let Some(s) = para_start.take()
        {
            out.push(s..line_start + line.len());
        }
    }
    if let Some(s) = para_start {
        out.push(s..text.len());
    }
    out
}

fn split_paragraph(text: &str, para: Range<usize>, paragraph: usize, out: &mut Vec<Sentence>) {
    let bytes = text.as_bytes();
    let mut start = para.start;
    let mut i = para.start;
    while i < para.end {
        let b = bytes[i];
        if matches!(b, b'.' | b'!' | b'?') {
            // Swallow repeated terminators and closing quotes/brackets.
            let mut j = i + 1;
            while j < para.end {
                let rest = &text[j..para.end];
                if let Some(c) = rest.chars().next()
                    && matches!(c, '.' | '!' | '?' | '"' | '”' | '’' | '\'' | ')' | ']')
                {
                    j += c.len_utf8();
                    continue;
                }
                break;
            }
            if is_boundary(text, start, i, j, para.end) {
                push_trimmed(text, start..j, paragraph, out);
                start = j;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push_trimmed(text, start..para.end, paragraph, out);
}

/// Whether the terminator at `dot` (ending at `after`) closes a sentence.
fn is_boundary(text: &str, sent_start: usize, dot: usize, after: usize, end: usize) -> bool {
    let rest = &text[after..end];
    let trimmed = rest.trim_start();
    if trimmed.is_empty() {
        return true;
    }
    // Needs whitespace after the terminator ("U.S.-negotiated", "3.5" are not ends).
    if trimmed.len() == rest.len() {
        return false;
    }
    let next = trimmed.chars().next().unwrap_or(' ');
    if !(next.is_uppercase()
        || next.is_ascii_digit()
        || matches!(next, '"' | '“' | '‘' | '(' | '#' | '@'))
    {
        return false;
    }
    if text.as_bytes()[dot] != b'.' {
        return true;
    }
    // The word before the period.
    let before = &text[sent_start..dot];
    let word = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '—' | '-'))
        .next()
        .unwrap_or("");
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        // "in the U.S. The next day" is still a boundary when a capitalised function
        // word follows; a name ("U.S. Secretary", "Sept. 27") is not.
        let next_word: String = trimmed.chars().take_while(|c| c.is_alphabetic()).collect();
        return matches!(
            next_word.as_str(),
            "The" | "He" | "She" | "It" | "They" | "We" | "In" | "On" | "A"
        );
    }
    // Single capital initials ("John F. Kennedy").
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return false;
    }
    true
}

/// No news sentence is this long; longer runs (tables, lists, text without
/// punctuation) are cut at spaces so that every later stage stays linear.
pub const MAX_SENTENCE_BYTES: usize = 2_000;

fn push_trimmed(text: &str, range: Range<usize>, paragraph: usize, out: &mut Vec<Sentence>) {
    let mut range = range;
    while range.end - range.start > MAX_SENTENCE_BYTES {
        let mut cut = range.start + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let cut = text[range.start..cut]
            .rfind(char::is_whitespace)
            .map_or(cut, |i| range.start + i)
            .max(range.start + 1);
        let cut = (cut..=range.end)
            .find(|&c| text.is_char_boundary(c))
            .unwrap_or(range.end);
        push_one(text, range.start..cut, paragraph, out);
        range.start = cut;
    }
    push_one(text, range, paragraph, out);
}

fn push_one(text: &str, range: Range<usize>, paragraph: usize, out: &mut Vec<Sentence>) {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    let (start, end) = (range.start + lead, range.end - trail);
    if start < end {
        out.push(Sentence {
            start,
            end,
            paragraph,
        });
    }
}

/// Byte ranges inside quotation marks (“…”, "…"), including the marks. Text inside
/// quotes is what someone said, so event triggers there are statements, not reports.
pub fn quoted_spans(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text[range.clone()].char_indices() {
        let at = range.start + i;
        match c {
            '“' => open = Some(at),
            '”' => {
                if let Some(s) = open.take() {
                    spans.push(s..at + c.len_utf8());
                }
            }
            '"' => match open.take() {
                Some(s) => spans.push(s..at + 1),
                None => open = Some(at),
            },
            _ => {}
        }
    }
    spans
}

/// Whether `start..end` lies inside one of `spans` (sorted, non-overlapping): a
/// binary search, so that checking every word of a long article stays linear.
pub fn within(spans: &[Range<usize>], start: usize, end: usize) -> bool {
    let i = spans.partition_point(|s| s.start <= start);
    i > 0 && spans[i - 1].end >= end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        split(text).iter().map(|s| s.text(text)).collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let t = "Fighting began Sept. 27. Hundreds died. U.S. Secretary of State Mike Pompeo met them at 8 a.m. on Monday.";
        assert_eq!(
            texts(t),
            vec![
                "Fighting began Sept. 27.",
                "Hundreds died.",
                "U.S. Secretary of State Mike Pompeo met them at 8 a.m. on Monday."
            ]
        );
    }

    #[test]
    fn quotes_close_sentences() {
        let t = "He said: “We will see.” Then he left. “Both must stop,” he wrote.";
        assert_eq!(
            texts(t),
            vec![
                "He said: “We will see.”",
                "Then he left.",
                "“Both must stop,” he wrote."
            ]
        );
    }

    #[test]
    fn wrapped_wire_copy_joins_lines_and_indent_breaks_paragraphs() {
        let t = "Showers continued in\nthe zone, Smith said.\n    The dry period\nmeans delays.\n";
        let s = split(t);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].paragraph, 0);
        assert_eq!(s[1].paragraph, 1);
        assert_eq!(s[0].text(t), "Showers continued in\nthe zone, Smith said.");
    }

    #[test]
    fn datelines_are_their_own_paragraph() {
        let t = "WASHINGTON\nSecretary of State Mike Pompeo's talks failed.";
        let s = split(t);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].text(t), "WASHINGTON");
    }

    #[test]
    fn overlong_runs_are_cut_at_spaces_on_char_boundaries() {
        let t = "é".repeat(700) + " " + &"word ".repeat(2000) + "ünï".repeat(900).as_str();
        let s = split(&t);
        assert!(s.len() > 3);
        for x in &s {
            assert!(x.end - x.start <= MAX_SENTENCE_BYTES);
            assert!(t.is_char_boundary(x.start) && t.is_char_boundary(x.end));
        }
    }

    #[test]
    fn quoted_spans_cover_curly_and_straight_quotes() {
        let t = "Pompeo said “end the violence” and \"protect civilians\" today.";
        let q = quoted_spans(t, 0..t.len());
        assert_eq!(q.len(), 2);
        assert_eq!(&t[q[0].clone()], "“end the violence”");
        assert_eq!(&t[q[1].clone()], "\"protect civilians\"");
    }
}
