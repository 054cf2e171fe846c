//! Tense: the grammatical time of a clause, from its verbs, which decides whether
//! a bare "Friday" or "in March" points back or ahead.

use super::Tense;
use super::patterns::re;
use regex::Regex;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::LazyLock;

pub(super) const IRREGULAR_PAST: &[&str] = &[
    "was",
    "were",
    "had",
    "met",
    "said",
    "told",
    "began",
    "fought",
    "struck",
    "hit",
    "went",
    "came",
    "took",
    "gave",
    "made",
    "saw",
    "left",
    "held",
    "shot",
    "fell",
    "broke",
    "drove",
    "flew",
    "fled",
    "led",
    "sent",
    "spent",
    "lost",
    "won",
    "brought",
    "thought",
    "found",
    "kept",
    "stood",
    "became",
    "ran",
    "wrote",
    "spoke",
    "rose",
    "knew",
    "grew",
    "chose",
    "got",
    "withdrew",
    "overran",
    "sought",
    "felt",
    "heard",
    "meant",
    "paid",
    "sat",
    "laid",
    "bought",
    "caught",
    "taught",
    "did",
    "didn't",
    "wasn't",
    "weren't",
    "hadn't",
    "blew",
    "burnt",
    "dealt",
    "slid",
    "swept",
    "threw",
    "undertook",
    "underwent",
    "forbade",
    "froze",
    "hid",
    "shook",
    "stole",
    "tore",
    "woke",
    "wore",
    "beat",
    "bit",
];
pub(super) const PRESENT: &[&str] = &[
    "is",
    "are",
    "am",
    "isn't",
    "aren't",
    "says",
    "say",
    "continues",
    "continue",
    "remains",
    "remain",
    "has",
    "have",
    "hasn't",
    "haven't",
    "does",
    "do",
    "seems",
    "appears",
    "believes",
    "claims",
    "insists",
    "denies",
    "accuses",
    "reports",
    "warns",
    "urges",
    "calls",
    "wants",
    "needs",
    "holds",
    "controls",
    "means",
];
pub(super) const NOT_PAST_ED: &[&str] = &[
    "red", "bed", "shed", "hundred", "armed", "indeed", "need", "speed", "seed", "feed", "breed",
    "proceed", "exceed", "succeed", "embed", "wed", "fed", "led", "bred", "sled", "naked",
    "sacred", "wicked", "ragged", "rugged", "beloved",
];
pub(super) const FUTURE_LEADS: &[&str] = &[
    "agreed",
    "agree",
    "agrees",
    "plan",
    "plans",
    "planned",
    "planning",
    "intend",
    "intends",
    "intended",
    "promised",
    "promise",
    "promises",
    "vowed",
    "vow",
    "vows",
    "pledged",
    "pledge",
    "pledges",
    "decided",
    "due",
    "expected",
    "scheduled",
    "set",
    "going",
    "slated",
    "poised",
    "ready",
    "prepared",
    "preparing",
    "hope",
    "hopes",
    "hoped",
    "aim",
    "aims",
    "expects",
    "expect",
];
pub(super) const NOT_VERB: &[&str] = &[
    "a", "an", "the", "this", "that", "its", "their", "his", "her", "our", "some", "any", "all",
];

/// What a word can be to [`tense_of`] (bits of [`WORD_CLASSES`]).
const PAST_VERB: u8 = 1;
const PRESENT_VERB: u8 = 2;
const FUTURE_LEAD: u8 = 4;

/// The word lists above in one map: `tense_of` asks about every word of every clause,
/// one hash lookup per word instead of one per list.
static WORD_CLASSES: LazyLock<FxHashMap<&'static str, u8>> = LazyLock::new(|| {
    let mut classes = FxHashMap::default();
    for (list, class) in [
        (IRREGULAR_PAST, PAST_VERB),
        (PRESENT, PRESENT_VERB),
        (FUTURE_LEADS, FUTURE_LEAD),
    ] {
        for &word in list {
            *classes.entry(word).or_insert(0) |= class;
        }
    }
    classes
});

fn class_of(word: &str) -> u8 {
    WORD_CLASSES.get(word).copied().unwrap_or(0)
}

/// A clause's words as written (ranges into the clause) and lowercased (ranges into
/// the returned buffer, curly apostrophes straightened). Most clauses are ASCII: their
/// lowercase copy is made in one pass and keeps every offset, so the two ranges are
/// the same; one string per word was most of `tense_of`'s cost.
fn words_of(sentence: &str) -> (String, Vec<(&str, Range<usize>)>) {
    let mut spans = Vec::with_capacity(sentence.len() / 4);
    if sentence.is_ascii() {
        let word_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'\'' || b == b'-';
        let bytes = sentence.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !word_byte(bytes[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && word_byte(bytes[i]) {
                i += 1;
            }
            spans.push((&sentence[start..i], start..i));
        }
        return (sentence.to_ascii_lowercase(), spans);
    }
    let mut buf = String::with_capacity(sentence.len());
    let mut word_start = None;
    let ends = sentence.char_indices().chain([(sentence.len(), ' ')]);
    for (i, c) in ends {
        let in_word = c.is_alphanumeric() || c == '\'' || c == '’' || c == '-';
        match word_start {
            None if in_word => word_start = Some(i),
            Some(start) if !in_word => {
                let lower_at = buf.len();
                crate::extract::tokens::push_lowercase(&mut buf, &sentence[start..i]);
                spans.push((&sentence[start..i], lower_at..buf.len()));
                word_start = None;
            }
            _ => {}
        }
    }
    (buf, spans)
}

/// The tense of a sentence/clause, from its verbs; present-tense verbs and verbless
/// clauses both read as present ("nearest").
pub fn tense_of(sentence: &str) -> Tense {
    verb_tense(sentence).unwrap_or(Tense::Present)
}

/// The tense of a sentence/clause's verbs, or None when it has none this reading
/// knows ("president and chief executive in March"): the caller may then look at
/// the clause around it.
pub fn verb_tense(sentence: &str) -> Option<Tense> {
    let (buf, toks) = words_of(sentence);
    let lower: Vec<&str> = toks.iter().map(|(_, r)| &buf[r.clone()]).collect();
    let mut past = false;
    let mut present = false;
    let mut skip_participle = false;
    for (i, &w) in lower.iter().enumerate() {
        let next = lower.get(i + 1).copied().unwrap_or("");
        let after = lower.get(i + 2).copied().unwrap_or("");
        if matches!(w, "will" | "won't" | "shall" | "would" | "wouldn't") || w.ends_with("'ll") {
            return Some(Tense::Future);
        }
        if w == "to" && next == "be" && (after.ends_with("ed") || after == "held") {
            return Some(Tense::Future);
        }
        // "is to resume trading Tuesday": a plan, as "will".
        if matches!(w, "is" | "are")
            && next == "to"
            && toks
                .get(i + 2)
                .is_some_and(|t| t.0.chars().next().is_some_and(char::is_lowercase))
            && !NOT_VERB.contains(&after)
        {
            return Some(Tense::Future);
        }
        // "had been due to expire Friday", "had planned to leave Monday": a plan told in
        // the past perfect was for a time already past.
        let past_perfect = || {
            i >= 1
                && (lower[i - 1] == "had"
                    || (lower[i - 1] == "been" && i >= 2 && lower[i - 2] == "had"))
        };
        if next == "to"
            && class_of(w) & FUTURE_LEAD != 0
            && !past_perfect()
            && !after.is_empty()
            && !NOT_VERB.contains(&after)
        {
            // "agreed to meet" looks ahead; "agreed to a ceasefire" does not. A verb
            // after "to" is lowercase and not a determiner.
            let original = toks.get(i + 2).map_or("", |t| t.0);
            if original.chars().next().is_some_and(char::is_lowercase) && !after.ends_with("ing") {
                return Some(Tense::Future);
            }
        }
        let class = class_of(w);
        if skip_participle && (w.ends_with("ed") || class & PAST_VERB != 0 || w == "been") {
            // The participle of a present perfect ("has shelled") is not a past verb.
            skip_participle = w == "been";
            continue;
        }
        skip_participle = false;
        if matches!(w, "has" | "have" | "hasn't" | "haven't" | "'ve") {
            skip_participle = true;
            present = true;
            continue;
        }
        if class & PAST_VERB != 0 {
            past = true;
            continue;
        }
        if class & PRESENT_VERB != 0 {
            present = true;
            continue;
        }
        let original = toks.get(i).map_or("", |t| t.0);
        let is_lower = original.chars().next().is_some_and(char::is_lowercase) || i == 0;
        if is_lower
            && w.len() >= 4
            && w.ends_with("ed")
            && w.chars().all(|c| c.is_alphabetic())
            && !NOT_PAST_ED.contains(&w)
            && (!w.ends_with("eed") || matches!(w, "agreed" | "freed" | "decreed" | "guaranteed"))
        {
            past = true;
        }
    }
    if past {
        Some(Tense::Past)
    } else {
        present.then_some(Tense::Present)
    }
}

/// A plan written before a weekday: "has scheduled a news conference Thursday", "is
/// scheduled to spend five hours there, her first stop Tuesday morning", "plans to
/// hold a rally on Friday". The clause's tense alone reads these as the present, and
/// a present-tense weekday is the last one.
static PLAN_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:(?:is|are|has|have)\s+(?:been\s+)?scheduled|plans?\s+to)\b"));

/// A present-tense verb of a scheduled act just before a weekday, with at most three
/// words between: "Netanyahu and Arafat meet separately Monday", "the talks resume
/// on Tuesday" — news puts a coming event in the simple present.
static ACT_JUST_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:meet|hold|visit|travel|begin|open|start|resume|vote|return|leave|arrive)s?\s+(?P<between>(?:\S+\s+){0,3}?)(?:on\s+)?$",
    )
});

/// Words between the verb and the weekday that make the weekday a bound in the past
/// ("hold the town since Monday"), not the time of the act.
const NOT_BETWEEN: &[&str] = &[
    "since", "until", "till", "by", "after", "before", "from", "through",
];

/// A weekday opening its sentence, then a comma and a clause that looks ahead: "On
/// Tuesday, the league plans to hold a news conference"; the few words the resolver
/// reads after the weekday stop short of the verb.
static PLAN_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^\s*,[^,;]*?\b(?:plans?\s+to|(?:is|are)\s+(?:scheduled|set|due|expected)\s+to|will)\b")
});
static OPENS_SENTENCE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^\W*(?:(?:on|in|during)\s+)?$"));

/// Whether a weekday at `start..end` of sentence `s` is the time of something
/// scheduled, and so lies ahead of the publication date. A weekday in the possessive
/// ("Wednesday's ruling") dates a noun, not the plan, and a clause in the past ("the
/// rally planned for Saturday was cancelled") keeps its own reading.
pub(super) fn scheduled_ahead(s: &str, start: usize, end: usize) -> bool {
    let (Some(before), Some(after)) = (s.get(..start), s.get(end..)) else {
        return false;
    };
    if after.starts_with("'s") || after.starts_with("’s") {
        return false;
    }
    if OPENS_SENTENCE.is_match(before) {
        return PLAN_AFTER.is_match(after);
    }
    // Only the words near the weekday matter; a long sentence's start is not read again
    // for every weekday in it.
    let before = &before[before.floor_char_boundary(before.len().saturating_sub(160))..];
    // A past verb between the plan and the weekday ("has scheduled a hearing on what
    // happened Thursday") or in the clause of the act makes the weekday a past one.
    let plan = PLAN_BEFORE
        .find_iter(before)
        .last()
        .is_some_and(|m| tense_of(&before[m.start()..]) != Tense::Past);
    let near = &before[before.floor_char_boundary(before.len().saturating_sub(48))..];
    // `is_match` first: it runs on the fast automaton, the groups only where it matched.
    plan || (ACT_JUST_BEFORE.is_match(near)
        && ACT_JUST_BEFORE.captures(near).is_some_and(|c| {
            let clause = before
                .rfind([',', ';', ':'])
                .map_or(before, |i| &before[i + 1..]);
            tense_of(clause) != Tense::Past
                && c.name("between").is_none_or(|b| {
                    !b.as_str()
                        .split_whitespace()
                        .any(|w| NOT_BETWEEN.contains(&w.to_lowercase().as_str()))
                })
        }))
}

/// The past when the words around an expression say so whatever its clause's verbs
/// (see `Timex::local_tense`).
pub(super) fn local_tense(s: &str, start: usize, end: usize) -> Option<Tense> {
    opener_tense(s, start, end).or_else(|| since_before(s, start))
}

/// "since" with at most three words between it and an expression: what it leads to is past
/// ("have been searching since shortly after the Oct. 23 slaying").
fn since_before(s: &str, start: usize) -> Option<Tense> {
    let before = s.get(..start)?;
    before
        .split_whitespace()
        .rev()
        .take(4)
        .any(|w| w.eq_ignore_ascii_case("since"))
        .then_some(Tense::Past)
}

/// The tense of the sentence an expression opens when a comma sets it off ("In
/// January, the company brought in a new chief"), if that tense is the past. The
/// resolver reads the verbs of the expression's own clause, which here has none, and
/// would place the month or day by nearness alone.
fn opener_tense(s: &str, start: usize, end: usize) -> Option<Tense> {
    let before = s.get(..start)?;
    let rest = s.get(end..)?.trim_start().strip_prefix(',')?;
    // The main clause only: "In January, the company brought in a new chief, who will
    // remain chairman" is told in the past; the relative clause's "will" is its own.
    let main = RELATIVE_CLAUSE
        .find(rest)
        .map_or(rest, |m| &rest[..m.start()]);
    (OPENS_SENTENCE.is_match(before) && tense_of(main) == Tense::Past).then_some(Tense::Past)
}

/// Where a relative or other subordinate clause set off by a comma begins.
static RELATIVE_CLAUSE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:,\s+(?:who|whom|whose|which|where)\b|;)"));
