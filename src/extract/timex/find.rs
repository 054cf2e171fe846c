//! Finding: every pattern over one sentence, longest match wins, then neighbours
//! joined (a time to its date, two dates into a span).

use super::patterns::{ANY_PATTERN, Cand, PATTERNS, re};
use super::resolve::with_year;
use super::{Reading, Timex, TimexType};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Recognise every temporal expression inside `text[range]` (one sentence); offsets
/// in the result are absolute (into `text`). Longest match wins; no overlaps; sorted.
pub fn find(text: &str, range: Range<usize>) -> Vec<Timex> {
    // Out-of-bounds or mid-character ranges are narrowed, never a panic.
    let mut end = range.end.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut start = range.start.min(end);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let Some(s) = text.get(start..end) else {
        return Vec::new();
    };

    let mut cands: Vec<(usize, Cand)> = Vec::new();
    for prio in ANY_PATTERN.matches(s).iter() {
        let (regex, build) = &PATTERNS[prio];
        for c in regex.captures_iter(s) {
            if let Some(cd) = build(s, &c)
                && cd.start < cd.end
            {
                cands.push((prio, cd));
            }
        }
    }
    cands.sort_by(|(pa, a), (pb, b)| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
            .then(pa.cmp(pb))
    });
    let mut chosen: Vec<Cand> = Vec::new();
    for (_, cd) in cands {
        if chosen
            .iter()
            .all(|o| cd.end <= o.start || o.end <= cd.start)
        {
            chosen.push(cd);
        }
    }
    chosen.sort_by_key(|c| c.start);
    let merged = merge_neighbours(s, chosen);

    merged
        .into_iter()
        .filter_map(|c| {
            let text = s.get(c.start..c.end)?.to_string();
            Some(Timex {
                start: start + c.start,
                end: start + c.end,
                text,
                ttype: c.ttype,
                reading: c.reading,
                narrative_only: c.narrative_only,
                local_tense: super::tense::local_tense(s, c.start, c.end),
                ends: c.ends.map(|[a, b]| {
                    [
                        start + a.start..start + a.end,
                        start + b.start..start + b.end,
                    ]
                }),
            })
        })
        .collect()
}

/// What may stand between a clock time and its date: "on", a comma, and the time
/// zone a wire story names ("5 p.m. EST Nov. 9", "4 a.m. EDT Thursday").
pub(super) static TIME_THEN_DATE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:\s+(?:[ECMP][SD]T|GMT|UTC|local\s+time)\b)?(?:\s+on|,)?\s+$"));
pub(super) static DATE_THEN_TIME: LazyLock<Regex> =
    LazyLock::new(|| re(r"^,?\s+(?:at\s+|from\s+)?$"));
pub(super) static SPAN_GAP: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:\s*[-–]\s*|\s+(?P<w>to|until|till|through|thru|and)\s+)$"));
pub(super) static SPAN_OPENER: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?P<w>from|between)\s+$"));

static YEAR_SHARED_GAP: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:,?\s+(?:and|or)|,)\s+$"));

/// "May and June 1940", "the spring and summer of 1941": the first of two like
/// expressions takes the year written once after the second.
fn shared_year(first: &Reading, second: &Reading) -> Option<Reading> {
    let year = match (first, second) {
        (Reading::Day { year: None, .. }, Reading::Day { year: Some(y), .. })
        | (Reading::Month { year: None, .. }, Reading::Month { year: Some(y), .. })
        | (
            Reading::Season {
                year: None,
                shift: None,
                ..
            },
            Reading::Season { year: Some(y), .. },
        ) => *y,
        _ => return None,
    };
    Some(with_year(first, year))
}

pub(super) fn is_day_like(r: &Reading) -> bool {
    matches!(
        r,
        Reading::Day { .. }
            | Reading::Weekday { .. }
            | Reading::RefDay { .. }
            | Reading::PrevDay { .. }
    )
}

/// Which span ends may be joined: like with like.
pub(super) fn span_kind(r: &Reading) -> Option<u8> {
    match r {
        Reading::Day { .. } => Some(0),
        Reading::Month { part: None, .. } => Some(1),
        Reading::Year { part: None, .. } => Some(2),
        Reading::Weekday {
            shift: 0,
            part: None,
            ..
        } => Some(3),
        _ => None,
    }
}

/// Joins a time to its adjacent date ("8 a.m. on Monday, October 26") and two dates
/// into a span ("from October 10 to October 17", "between Sept. 27 and Nov. 10").
pub(super) fn merge_neighbours(s: &str, chosen: Vec<Cand>) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::with_capacity(chosen.len());
    for cur in chosen {
        if let Some(last) = out.last_mut() {
            let gap = s.get(last.end..cur.start).unwrap_or("x");
            if let Some(r) = shared_year(&last.reading, &cur.reading)
                && YEAR_SHARED_GAP.is_match(gap)
            {
                last.reading = r;
            }
            let merged = match (&last.reading, &cur.reading) {
                (
                    Reading::Time {
                        hour,
                        minute,
                        date: None,
                    },
                    d,
                ) if is_day_like(d) && TIME_THEN_DATE.is_match(gap) => Some((
                    last.start,
                    Reading::Time {
                        hour: *hour,
                        minute: *minute,
                        date: Some(Box::new(d.clone())),
                    },
                )),
                (
                    d,
                    Reading::Time {
                        hour,
                        minute,
                        date: None,
                    },
                ) if is_day_like(d) && DATE_THEN_TIME.is_match(gap) => Some((
                    last.start,
                    Reading::Time {
                        hour: *hour,
                        minute: *minute,
                        date: Some(Box::new(d.clone())),
                    },
                )),
                (a, b) if span_kind(a).is_some() && span_kind(a) == span_kind(b) => {
                    span_merge(s, last.start, gap, a, b)
                }
                _ => None,
            };
            if let Some((start, reading)) = merged {
                let ttype = if matches!(reading, Reading::Time { .. }) {
                    TimexType::Time
                } else {
                    TimexType::Date
                };
                let ends = matches!(reading, Reading::Span { .. })
                    .then(|| [last.start..last.end, cur.start..cur.end]);
                *last = Cand {
                    start,
                    end: cur.end,
                    ttype,
                    reading,
                    ends,
                    narrative_only: last.narrative_only || cur.narrative_only,
                };
                continue;
            }
        }
        out.push(cur);
    }
    out
}

pub(super) fn span_merge(
    s: &str,
    start: usize,
    gap: &str,
    a: &Reading,
    b: &Reading,
) -> Option<(usize, Reading)> {
    let g = SPAN_GAP.captures(gap)?;
    if let (Reading::Year { year: y1, .. }, Reading::Year { year: y2, .. }) = (a, b)
        && y1 >= y2
    {
        return None;
    }
    let opener = SPAN_OPENER.captures(s.get(..start).unwrap_or(""));
    let opener_word = opener
        .as_ref()
        .and_then(|o| o.name("w"))
        .map(|w| w.as_str().to_lowercase());
    let joiner = g.name("w").map(|w| w.as_str().to_lowercase());
    // "and" joins only after "between" ("on Friday and Saturday" is two days).
    if joiner.as_deref() == Some("and") && opener_word.as_deref() != Some("between") {
        return None;
    }
    let new_start = match opener.as_ref().and_then(|o| o.get(0)) {
        Some(o) if opener_word.is_some() => o.start(),
        _ => start,
    };
    Some((
        new_start,
        Reading::Span {
            from: Box::new(a.clone()),
            to: Box::new(b.clone()),
        },
    ))
}
