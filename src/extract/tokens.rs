//! Words of a sentence with byte offsets, their lowercased forms, and clause
//! segments. Rules elsewhere look at "the few words before a trigger" or "the clause
//! a trigger stands in"; this module defines what those are.

use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::ops::Range;

/// A word (letters, digits, and the apostrophes, hyphens and inner dots of names
/// and numbers such as "O’Brien", "U.S.-negotiated", "7,000").
#[derive(Debug, Clone)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub lower: String,
    /// The clause this word belongs to (see [`clauses`]).
    pub clause: usize,
}

/// Words of `text[range]`, each tagged with its clause index.
pub fn tokenize(text: &str, range: Range<usize>) -> Vec<Token> {
    let hay = &text[range.clone()];
    // About one word per six bytes of news text.
    let mut tokens = Vec::with_capacity(hay.len() / 6 + 1);
    let mut start: Option<usize> = None;
    let mut clause = 0;
    let mut chars = hay.char_indices().peekable();
    let mut pending_break = false;
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        // A comma stays inside a word only between digits ("7,000").
        let inner = matches!(c, '\'' | '’' | '-' | '.' | ',')
            && start.is_some()
            && next.is_some_and(|n| n.is_alphanumeric())
            && (c != ',' || prev_is_digit(hay, i));
        let dot_abbrev = c == '.' && start.is_some() && is_abbrev_dot(hay, i);
        if c.is_alphanumeric() || inner || dot_abbrev {
            if start.is_none() {
                start = Some(i);
                if pending_break {
                    clause += 1;
                    pending_break = false;
                }
            }
            continue;
        }
        if let Some(s) = start.take() {
            push(&mut tokens, text, range.start + s, range.start + i, clause);
        }
        if matches!(c, ',' | ';' | ':' | '—' | '–' | '(' | ')') {
            pending_break = true;
        }
    }
    if let Some(s) = start {
        push(&mut tokens, text, range.start + s, range.end, clause);
    }
    split_clauses_at_connectives(&mut tokens);
    merge_list_commas(&mut tokens, text);
    tokens
}

fn prev_is_digit(hay: &str, i: usize) -> bool {
    hay[..i]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit())
}

/// "U.S." and "a.m.": a dot after a single letter that follows another dot or starts
/// the word belongs to the word.
fn is_abbrev_dot(hay: &str, i: usize) -> bool {
    let before: Vec<char> = hay[..i].chars().rev().take(2).collect();
    match before.as_slice() {
        [c, '.'] => c.is_alphabetic(),
        [c, p] => {
            c.is_alphabetic()
                && !p.is_alphanumeric()
                && hay[i + 1..].starts_with(|n: char| n.is_alphabetic())
        }
        [c] => c.is_alphabetic() && hay[i + 1..].starts_with(|n: char| n.is_alphabetic()),
        _ => false,
    }
}

fn push(tokens: &mut Vec<Token>, text: &str, start: usize, end: usize, clause: usize) {
    let word = &text[start..end];
    let lower = if word.contains('’') {
        word.to_lowercase().replace('’', "'")
    } else {
        lowercase(word).into_owned()
    };
    tokens.push(Token {
        start,
        end,
        lower,
        clause,
    });
}

/// `word.to_lowercase()`, borrowing `word` when it has nothing to lower (most words
/// of running text) and skipping the Unicode tables for plain ASCII.
pub fn lowercase(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(word.to_ascii_lowercase())
        } else {
            Cow::Borrowed(word)
        }
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

/// Appends `word` lowercased, with curly apostrophes straightened (the form
/// [`Token::lower`] has), to `buf`.
pub fn push_lowercase(buf: &mut String, word: &str) {
    if word.is_ascii() {
        let at = buf.len();
        buf.push_str(word);
        buf[at..].make_ascii_lowercase();
    } else {
        buf.push_str(&word.to_lowercase().replace('’', "'"));
    }
}

/// Words that open a new clause: relative pronouns and subordinating conjunctions.
const CONNECTIVES: &[&str] = &[
    "that", "which", "who", "when", "while", "as", "whereas", "because", "although", "after",
    "before", "since", "until",
];

fn split_clauses_at_connectives(tokens: &mut [Token]) {
    let mut shift = 0;
    let mut previous_clause = None;
    for token in tokens.iter_mut() {
        let original = token.clause;
        // A connective opens a new clause unless punctuation just did.
        if previous_clause == Some(original) && CONNECTIVES.contains(&token.lower.as_str()) {
            shift += 1;
        }
        previous_clause = Some(original);
        token.clause = original + shift;
    }
}

/// A comma inside a list ("U.S., Russian and French diplomats") does not end a
/// clause: when the words after it reach "and"/"or" (or another comma) within three
/// words without a verb-like ending, the two clauses are one.
fn merge_list_commas(tokens: &mut [Token], text: &str) {
    for i in 1..tokens.len() {
        if tokens[i].clause == tokens[i - 1].clause {
            continue;
        }
        let between = &text[tokens[i - 1].end..tokens[i].start];
        if between.trim() != "," {
            continue;
        }
        let list_like = tokens[i..]
            .iter()
            .take(4)
            .skip(1)
            .any(|t| t.lower == "and" || t.lower == "or")
            && tokens[i]
                .lower
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic())
            && text[tokens[i].start..].starts_with(|c: char| c.is_uppercase());
        if list_like {
            let old = tokens[i].clause;
            let new = tokens[i - 1].clause;
            for t in tokens[i..].iter_mut() {
                if t.clause == old {
                    t.clause = new;
                } else {
                    break;
                }
            }
        }
    }
}

/// Index of the token that contains or follows byte `at`.
pub fn token_at(tokens: &[Token], at: usize) -> usize {
    tokens
        .iter()
        .position(|t| t.end > at)
        .unwrap_or(tokens.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gap_stands_for_a_few_words_of_the_clause() {
        let set = PhraseSet::new([("fired … rockets".to_string(), ())]);
        let at = |t: &str| set.longest_at(&tokenize(t, 0..t.len()), 0).map(|(n, _)| n);
        assert_eq!(at("fired nearly 40 rockets at towns"), Some(4));
        assert_eq!(at("fired rockets"), None, "a gap holds at least one word");
        assert_eq!(at("fired one two three four five rockets"), None);
        assert_eq!(
            at("fired, and then, rockets"),
            None,
            "a gap stays in its clause"
        );
    }

    #[test]
    fn names_and_numbers_stay_whole() {
        let t = "U.S.-negotiated cease-fire: 7,000 killed, O’Brien said.";
        let words: Vec<&str> = tokenize(t, 0..t.len())
            .iter()
            .map(|w| &t[w.start..w.end])
            .collect();
        assert_eq!(
            words,
            vec![
                "U.S.-negotiated",
                "cease-fire",
                "7,000",
                "killed",
                "O’Brien",
                "said"
            ]
        );
    }

    #[test]
    fn clauses_split_at_commas_and_connectives_but_not_lists() {
        let t = "Shortly before the meetings began, Erdogan said he hoped that Russia would help.";
        let toks = tokenize(t, 0..t.len());
        let clause_of = |w: &str| toks.iter().find(|x| x.lower == w).unwrap().clause;
        assert_ne!(clause_of("meetings"), clause_of("erdogan"));
        assert_ne!(clause_of("erdogan"), clause_of("russia"));
        let t = "with U.S. Deputy Secretary Stephen Biegun and U.S., Russian and French diplomats.";
        let toks = tokenize(t, 0..t.len());
        assert_eq!(toks.first().unwrap().clause, toks.last().unwrap().clause);
    }
}

/// A set of lowercased phrases (one or more words) compiled for matching against
/// tokens: indexed by first and last word, so a look-up at a position costs one hash
/// probe instead of a scan of the whole lexicon.
#[derive(Debug, Default)]
pub struct PhraseSet<T> {
    // Looked up for every word of every sentence and never iterated: a fast hash
    // (FxHash) instead of the DoS-resistant default, which cost more than the look-up.
    by_first: FxHashMap<String, Vec<(Vec<String>, T)>>,
    by_last: FxHashMap<String, Vec<Vec<String>>>,
}

impl<T> PhraseSet<T> {
    pub fn new(phrases: impl IntoIterator<Item = (String, T)>) -> Self {
        let mut set = PhraseSet {
            by_first: Default::default(),
            by_last: Default::default(),
        };
        for (phrase, value) in phrases {
            let words: Vec<String> = phrase
                .split_whitespace()
                .map(|w| w.to_lowercase().replace('’', "'"))
                .collect();
            let (Some(first), Some(last)) = (words.first().cloned(), words.last().cloned()) else {
                continue;
            };
            set.by_last.entry(last).or_default().push(words.clone());
            let list = set.by_first.entry(first).or_default();
            list.push((words, value));
            // Longest first, so the first match is the longest.
            list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
        set
    }

    /// The longest phrase starting at token `i`: (number of tokens it spans, value).
    pub fn longest_at(&self, tokens: &[Token], i: usize) -> Option<(usize, &T)> {
        let candidates = self.by_first.get(tokens.get(i)?.lower.as_str())?;
        candidates
            .iter()
            .find_map(|(words, v)| span_of(words, tokens, i).map(|n| (n, v)))
    }

    pub fn starts_at(&self, tokens: &[Token], i: usize) -> bool {
        self.longest_at(tokens, i).is_some()
    }

    /// Whether a phrase of the set starts anywhere in `tokens`.
    pub fn occurs_in(&self, tokens: &[Token]) -> bool {
        (0..tokens.len()).any(|k| self.starts_at(tokens, k))
    }

    /// Whether a phrase ends exactly at token `end` (exclusive).
    pub fn ends_at(&self, tokens: &[Token], end: usize) -> bool {
        let Some(last) = end.checked_sub(1).and_then(|k| tokens.get(k)) else {
            return false;
        };
        self.by_last.get(last.lower.as_str()).is_some_and(|list| {
            list.iter().any(|words| {
                !words.iter().any(|w| w == GAP)
                    && words.len() <= end
                    && words
                        .iter()
                        .enumerate()
                        .all(|(k, w)| tokens[end - words.len() + k].lower == *w)
            })
        })
    }

    /// Marks every token covered by a phrase of the set.
    pub fn coverage(&self, tokens: &[Token]) -> Vec<bool> {
        let mut covered = vec![false; tokens.len()];
        for i in 0..tokens.len() {
            if let Some((n, _)) = self.longest_at(tokens, i) {
                for c in covered.iter_mut().skip(i).take(n) {
                    *c = true;
                }
            }
        }
        covered
    }
}

/// A phrase word that stands for one to [`MAX_GAP`] words of the same clause: "fired …
/// rockets" matches "fired nearly 40 rockets", "spoke … with" "spoke today with".
/// Phrases with a gap are looked for forwards only (`longest_at`, not `ends_at`).
pub const GAP: &str = "…";

/// The most words a [`GAP`] stands for.
const MAX_GAP: usize = 4;

/// How many tokens `words` spans from token `i`, if it matches there.
fn span_of(words: &[String], tokens: &[Token], i: usize) -> Option<usize> {
    let mut at = i;
    let mut rest = words;
    while let Some((w, tail)) = rest.split_first() {
        if w == GAP {
            let clause = tokens.get(at.checked_sub(1)?)?.clause;
            let (next, after) = tail.split_first()?;
            let skip = (1..=MAX_GAP)
                .take_while(|k| tokens.get(at + k - 1).is_some_and(|t| t.clause == clause))
                .find(|k| tokens.get(at + k).is_some_and(|t| t.lower == *next))?;
            at += skip + 1;
            rest = after;
        } else {
            if tokens.get(at)?.lower != *w {
                return None;
            }
            at += 1;
            rest = tail;
        }
    }
    Some(at - i)
}

/// A phrase set of plain word lists.
pub fn word_set(lists: &[&[String]]) -> PhraseSet<()> {
    PhraseSet::new(lists.iter().flat_map(|l| l.iter()).map(|w| (w.clone(), ())))
}
