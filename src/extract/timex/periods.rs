//! Builders for the longer stretches and the words news and histories use for time
//! beyond the calendar day: decades and centuries, quarters and halves, dates
//! counted from the previous one ("the next month", "ten days later"), frequencies
//! ("annually") and reference words ("the past", "to date").
//!
//! The words themselves are data (`words.tsv`: phrase, TIMEX3 type, value), so that a
//! missing one is a line to add, not a rule to write.

use super::guards::{group, number_stands_alone, parse_count, parse_unit, part_of};
use super::patterns::{Cand, cand, re};
use super::{Reading, TimexType, Unit};
use jiff::civil::Weekday;
use regex::{Captures, Regex};
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// `words.tsv`: one phrase per line with its TIMEX3 type and value.
static WORDS_TSV: &str = include_str!("words.tsv");

/// What `words.tsv` says of a phrase.
#[derive(Clone)]
pub(super) struct Word {
    ttype: TimexType,
    value: String,
    /// The fourth column says `narrative`: a word histories' annotations mark
    /// ("former") and news annotations do not.
    narrative_only: bool,
}

/// Phrase (lowercase, single-spaced) → what it is.
pub(super) static WORDS: LazyLock<FxHashMap<String, Word>> = LazyLock::new(|| {
    WORDS_TSV
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (phrase, ttype, value) = (f.next()?, f.next()?, f.next()?);
            let narrative_only = f.next().is_some_and(|x| x.trim() == "narrative");
            let ttype = match ttype.trim() {
                "DATE" => TimexType::Date,
                "TIME" => TimexType::Time,
                "DURATION" => TimexType::Duration,
                "SET" => TimexType::Set,
                _ => return None,
            };
            let value = value.trim().to_string();
            Some((
                normalize(phrase),
                Word {
                    ttype,
                    value,
                    narrative_only,
                },
            ))
        })
        .collect()
});

/// The `CUE` lines of `words.tsv` (lowercase, single-spaced): words after which a
/// weekday lies ahead ("as early as Tuesday").
static AHEAD_CUES: LazyLock<Vec<String>> = LazyLock::new(|| {
    WORDS_TSV
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('\t');
            let phrase = f.next()?;
            (f.next()?.trim() == "CUE" && f.next()?.trim() == "AHEAD").then(|| normalize(phrase))
        })
        .collect()
});

/// Whether the text just before an expression ends with a cue that points ahead,
/// with or without "on" ("as early as on Tuesday").
pub(super) fn points_ahead(before: &str) -> bool {
    let tail = &before[before.floor_char_boundary(before.len().saturating_sub(40))..];
    let words = normalize(tail);
    let words = words.strip_suffix(" on").unwrap_or(&words);
    AHEAD_CUES.iter().any(|c| {
        words
            .strip_suffix(c.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.ends_with(' '))
    })
}

/// The alternation of every phrase of `words.tsv`, longest first.
pub(super) fn words_pattern() -> String {
    let mut phrases: Vec<&String> = WORDS.keys().collect();
    phrases.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let alts: Vec<String> = phrases
        .iter()
        .map(|p| {
            p.split(' ')
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect();
    format!(r"(?i)\b(?:{})\b", alts.join("|"))
}

fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

pub(super) fn build_word(s: &str, c: &Captures) -> Option<Cand> {
    let m = c.get(0)?;
    // "now-defunct", "daily-newspaper": a word glued to the next one is a modifier.
    if s.get(m.end()..).is_some_and(|r| r.starts_with('-')) {
        return None;
    }
    let Word {
        ttype,
        value,
        narrative_only,
    } = WORDS.get(&normalize(m.as_str()))?.clone();
    let mut found = match (open_year_day(&value), moving_day(&value)) {
        (Some((month, day)), _) => holiday(s, c, |year| Reading::Day {
            year,
            month,
            day,
            weekday: None,
        })?,
        (_, Some((month, day, weekday))) => holiday(s, c, |year| Reading::MovingDay {
            year,
            month,
            day,
            weekday,
        })?,
        _ => cand(c, ttype, Reading::Listed { value })?,
    };
    found.narrative_only = narrative_only;
    Some(found)
}

/// `XXXX-11-22+4` → (11, 22, Thursday): the first Thursday from November 22 of
/// every year (the weekday numbered from Monday, as in TIMEX3's `WXX-4`).
fn moving_day(value: &str) -> Option<(i8, i8, Weekday)> {
    let (day, w) = value.split_once('+')?;
    let (month, day) = open_year_day(day)?;
    let w: i8 = w.parse().ok()?;
    Some((month, day, Weekday::from_monday_one_offset(w).ok()?))
}

/// `XXXX-12-25` → (12, 25): a day of every year.
fn open_year_day(value: &str) -> Option<(i8, i8)> {
    let rest = value.strip_prefix("XXXX-")?;
    let (m, d) = rest.split_once('-')?;
    Some((m.parse().ok()?, d.parse().ok()?))
}

static YEAR_FOLLOWS: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:,?\s+|\s+(?:in|of)\s+)(?P<y>\d{4})\b"));

/// "Christmas" is Dec. 25 of the year the tense points to; "Christmas 1914" and
/// "New Year's Eve in 1994" name it.
fn holiday(s: &str, c: &Captures, day: impl Fn(Option<i16>) -> Reading) -> Option<Cand> {
    let mut found = cand(c, TimexType::Date, day(None))?;
    let rest = s.get(found.end..).unwrap_or("");
    if let Some(y) = YEAR_FOLLOWS.captures(rest).and_then(|m| m.name("y"))
        && number_stands_alone(s, found.end + y.start(), found.end + y.end())
        && let Ok(year) = y.as_str().parse::<i16>()
    {
        found.reading = day(Some(year));
        found.end += y.end();
    }
    Some(found)
}

/// "the 1970s", "the mid-1980s", "'90s" (in the reference century).
pub(super) fn build_decade(_s: &str, c: &Captures) -> Option<Cand> {
    let decade: i16 = format!("{}{}", group(c, "c")?, group(c, "d")?)
        .parse()
        .ok()?;
    let part = part_of(group(c, "part"));
    cand(c, TimexType::Date, Reading::Decade { decade, part })
}

/// "the nineties", "the early sixties": decades of the 1900s, the ones news and
/// histories name in words (TIMEX3 `199`).
pub(super) fn build_decade_word(_s: &str, c: &Captures) -> Option<Cand> {
    // "nineties" → "ninety".
    let word = group(c, "w")?.to_lowercase();
    let tens = parse_count(&format!("{}y", word.strip_suffix("ies")?))??;
    let decade = 190 + i16::try_from(tens / 10).ok()?;
    let part = part_of(group(c, "part"));
    cand(c, TimexType::Date, Reading::Decade { decade, part })
}

const ORDINALS: &[&str] = &[
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

/// An ordinal as a number: "3rd", "third", "twenty-first".
pub(super) fn ordinal(s: &str) -> Option<i16> {
    let s = s.to_lowercase();
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        return digits.parse().ok();
    }
    if let Some(rest) = s
        .strip_prefix("twenty-")
        .or_else(|| s.strip_prefix("twenty "))
    {
        return ORDINALS
            .iter()
            .position(|o| *o == rest)
            .map(|i| 21 + i as i16);
    }
    ORDINALS.iter().position(|o| *o == s).map(|i| 1 + i as i16)
}

/// "the 20th century", "the nineteenth century", "the 5th century BC".
pub(super) fn build_century(_s: &str, c: &Captures) -> Option<Cand> {
    let n = ordinal(group(c, "n")?)?;
    if !(1..=30).contains(&n) {
        return None;
    }
    let century = if c.name("bc").is_some() { -n } else { n - 1 };
    cand(c, TimexType::Date, Reading::Century { century })
}

/// "the third quarter", "third-quarter", "the first half of 2019".
/// "this year's" (0), "last year's" (-1), "next year's" (+1).
pub(super) fn rel_year_of(rel: Option<&str>) -> Option<i8> {
    Some(match rel?.to_lowercase().as_str() {
        "last" => -1,
        "next" => 1,
        _ => 0,
    })
}

pub(super) fn build_quarter(s: &str, c: &Captures) -> Option<Cand> {
    let of = if group(c, "u")?.eq_ignore_ascii_case("half") {
        2
    } else {
        4
    };
    let q = group(c, "q")?;
    // "the last half of 1989" is its second half; "the last quarter" alone is the
    // latest one, not the fourth.
    let n = if q.eq_ignore_ascii_case("last") {
        c.name("y")?;
        of
    } else {
        i8::try_from(ordinal(q)?).ok()?
    };
    if !(1..=of).contains(&n) {
        return None;
    }
    let year = match c.name("y").or(c.name("y0")) {
        Some(y) if number_stands_alone(s, y.start(), y.end()) => Some(y.as_str().parse().ok()?),
        Some(_) => return None,
        None => None,
    };
    let rel_year = rel_year_of(group(c, "rel"));
    let reading = Reading::Part {
        n,
        of,
        year: year.filter(|_| rel_year.is_none()),
        rel_year,
    };
    cand(c, TimexType::Date, reading)
}

/// "the next month", "the previous year", "that month", "the same year".
pub(super) fn build_rel_prev(_s: &str, c: &Captures) -> Option<Cand> {
    let unit = parse_unit(group(c, "u")?)?;
    let rel = group(c, "rel").map(str::to_lowercase);
    let offset = match rel.as_deref() {
        Some("next" | "following" | "subsequent" | "ensuing") => 1,
        Some("previous" | "preceding" | "prior") => -1,
        _ => 0,
    };
    let mut found = cand(c, TimexType::Date, Reading::RelPrev { unit, offset })?;
    // "the ensuing year", "that same month", "the following decade": histories'
    // words, with no example in the news of the development set.
    let whole = c.get(0)?.as_str().to_lowercase();
    found.narrative_only = matches!(rel.as_deref(), Some("subsequent" | "ensuing"))
        || unit == Unit::Decade
        || whole.contains("that same");
    Some(found)
}

/// "ten days later", "three years earlier", "a week afterwards".
pub(super) fn build_later(s: &str, c: &Captures) -> Option<Cand> {
    let n = c.name("n")?;
    if !number_stands_alone(s, n.start(), n.end()) {
        return None;
    }
    let amount = u16::try_from(parse_count(n.as_str())??).ok()?;
    let unit = parse_unit(group(c, "u")?)?;
    if !matches!(
        unit,
        Unit::Day | Unit::Week | Unit::Month | Unit::Year | Unit::Decade
    ) {
        return None;
    }
    let sign = if group(c, "dir")?.eq_ignore_ascii_case("earlier") {
        -1
    } else {
        1
    };
    cand(c, TimexType::Date, Reading::Later { amount, unit, sign })
}

/// "days later", "several years earlier": after or before the previous date by an
/// amount the text leaves open, so only the direction is known.
pub(super) fn build_later_vague(_s: &str, c: &Captures) -> Option<Cand> {
    let value = if group(c, "dir")?.eq_ignore_ascii_case("earlier") {
        "PAST_REF"
    } else {
        "FUTURE_REF"
    };
    let mut found = cand(
        c,
        TimexType::Date,
        Reading::Listed {
            value: value.into(),
        },
    )?;
    found.narrative_only = true;
    Some(found)
}

/// "the weekend", "last weekend", "next weekend".
pub(super) fn build_weekend(_s: &str, c: &Captures) -> Option<Cand> {
    let shift = match group(c, "rel").map(str::to_lowercase).as_deref() {
        Some("last" | "past") => -1,
        Some("next" | "coming") => 1,
        _ => 0,
    };
    cand(c, TimexType::Date, Reading::Weekend { shift })
}

/// "for years", "over months", "within weeks": a duration without a count.
/// ("Within minutes" is left alone: TimeBank marks the longer units only.)
pub(super) fn build_bare_duration(_s: &str, c: &Captures) -> Option<Cand> {
    let unit = parse_unit(group(c, "u")?)?;
    let t = c.name("t")?;
    Some(Cand {
        start: t.start(),
        end: t.end(),
        ttype: TimexType::Duration,
        reading: Reading::Duration {
            amount: None,
            unit,
            modifier: None,
        },
        ends: None,
        narrative_only: false,
    })
}

/// "the end of the year", "the beginning of next month", "late in the year": the
/// unit itself (TIMEX3 keeps the part in `mod`, not in the value).
pub(super) fn build_part_of_unit(_s: &str, c: &Captures) -> Option<Cand> {
    let unit = parse_unit(group(c, "u")?)?;
    let offset = match group(c, "rel").map(str::to_lowercase).as_deref() {
        Some("last") => -1,
        Some("next") => 1,
        _ => 0,
    };
    cand(c, TimexType::Date, Reading::RelUnit { unit, offset })
}
