//! Builders for counted time: how long something lasted ("44-day", "two and a half
//! years", "more than a decade", "years-long") and the stretches counted back or
//! ahead from the reference ("two years ago", "the past two weeks", "recent days",
//! "the coming months", "recently"), with the guards that keep ages ("30-year-old")
//! and frequencies ("once a day") out.

use super::guards::*;
use super::patterns::{Cand, cand, re};
use super::{Modifier, Reading, TimexType, Unit};
use regex::{Captures, Regex};
use std::sync::LazyLock;

/// "9 months old", "two years of age": an age, not a stretch of time.
static AGE_FOLLOWS: LazyLock<Regex> = LazyLock::new(|| re(r"^\s+(?:old\b|of\s+age\b)"));

fn count_ok(s: &str, c: &Captures) -> bool {
    c.name("n")
        .is_none_or(|n| number_stands_alone(s, n.start(), n.end()))
}

pub(super) fn build_ago(s: &str, c: &Captures) -> Option<Cand> {
    if !count_ok(s, c) {
        return None;
    }
    let amount = parse_count(group(c, "n")?)?;
    let amount = match amount {
        Some(n) => Some(u16::try_from(n).ok()?),
        None => None,
    };
    let unit = parse_unit(group(c, "u")?)?;
    cand(c, TimexType::Date, Reading::Ago { amount, unit })
}

pub(super) fn build_vague(s: &str, c: &Captures) -> Option<Cand> {
    if !count_ok(s, c) {
        return None;
    }
    let unit = parse_unit(group(c, "u")?)?;
    let amount = match group(c, "n") {
        None => None,
        Some(n) => parse_count(n)?.and_then(|n| u16::try_from(n).ok()),
    };
    // "the first nine months", "the following two years": how long, counted from
    // a start the text gives elsewhere.
    let stretch = Reading::Duration {
        amount: amount.map(u32::from),
        unit,
        modifier: None,
    };
    let dir = group(c, "dir")?.to_lowercase();
    let reading = match dir.as_str() {
        "recent" | "past" | "last" | "previous" | "preceding" | "prior" => Reading::Recent {
            unit: Some(unit),
            amount,
        },
        "following" | "ensuing" | "subsequent" | "succeeding" if amount.is_none() => {
            Reading::Following { unit }
        }
        "coming" | "next" | "upcoming" => Reading::Coming { unit, amount },
        _ => stretch,
    };
    // "the past two weeks", "the coming months": how long, not when. "Recent days"
    // and "the following days" stay dates: they date what happened in them.
    let ttype = match reading {
        Reading::Recent { amount: None, .. } | Reading::Following { .. } => TimexType::Date,
        _ => TimexType::Duration,
    };
    let mut found = cand(c, ttype, reading)?;
    // The words histories use ("the ensuing weeks", "the final months") have no
    // example in the news of the development set: kept in a narrative only.
    found.narrative_only = !matches!(
        dir.as_str(),
        "recent" | "past" | "last" | "coming" | "next" | "following" | "upcoming" | "first"
    );
    Some(found)
}

pub(super) fn build_recently(_s: &str, c: &Captures) -> Option<Cand> {
    cand(
        c,
        TimexType::Date,
        Reading::Recent {
            unit: None,
            amount: None,
        },
    )
}

pub(super) fn build_ahead(_s: &str, c: &Captures) -> Option<Cand> {
    let unit = parse_unit(group(c, "u")?)?;
    cand(
        c,
        TimexType::Duration,
        Reading::Coming { unit, amount: None },
    )
}

fn modifier_of(s: Option<&str>) -> Option<Modifier> {
    let s = s?.to_lowercase();
    Some(
        if s.starts_with("more") || s.starts_with("over") || s.starts_with("at least") {
            Modifier::MoreThan
        } else if s.starts_with("less")
            || s.starts_with("fewer")
            || s.starts_with("under")
            || s.starts_with("up to")
        {
            Modifier::LessThan
        } else {
            Modifier::Approx
        },
    )
}

pub(super) fn build_duration(s: &str, c: &Captures) -> Option<Cand> {
    let m = c.get(0)?;
    if !count_ok(s, c) {
        return None;
    }
    // "30-year-old" is an age; "once a day" is a frequency.
    let rest = s.get(m.end()..).unwrap_or("");
    if rest.starts_with("-old") || AGE_FOLLOWS.is_match(rest) {
        return None;
    }
    let n = group(c, "n")?;
    if matches!(n.to_lowercase().as_str(), "a" | "an")
        && matches!(
            prev_word(s, m.start()).as_str(),
            "once" | "twice" | "times" | "per" | "every"
        )
    {
        return None;
    }
    let amount = parse_count(n)?;
    let unit = parse_unit(group(c, "u")?)?;
    if unit == Unit::Second
        && matches!(n.to_lowercase().as_str(), "a" | "an")
        && ordinal_second(rest)
    {
        return None;
    }
    let modifier = modifier_of(group(c, "mod"));
    cand(
        c,
        TimexType::Duration,
        Reading::Duration {
            amount,
            unit,
            modifier,
        },
    )
}

/// Words after "a second" that keep it a stretch of time ("a second later", "a second
/// or two"); any other word makes it the ordinal ("a second term", "a second front").
const SECOND_STAYS_TIME: &[&str] = &[
    "later", "ago", "earlier", "before", "after", "or", "and", "longer", "more", "too", "late",
    "less", "to", "in", "of", "at", "the",
];

/// Whether "a second" is the ordinal, from the word after it.
fn ordinal_second(rest: &str) -> bool {
    let Some(word) = rest
        .strip_prefix(' ')
        .and_then(|r| r.split(|c: char| !c.is_alphabetic()).next())
    else {
        return false;
    };
    !word.is_empty()
        && word.chars().all(|c| c.is_ascii_lowercase())
        && !SECOND_STAYS_TIME.contains(&word)
}

/// "2 1/2 years" (`P2Y6M`), "a minute and a half" (`PT1M30S`): the half written
/// in the next smaller unit, as TimeBank writes it.
pub(super) fn build_duration_half(s: &str, c: &Captures) -> Option<Cand> {
    let (n, u) = match c.name("n") {
        Some(n) => (n, group(c, "u")?),
        None => (c.name("n2")?, group(c, "u2")?),
    };
    if !number_stands_alone(s, n.start(), n.end()) {
        return None;
    }
    let rest = s.get(c.get(0)?.end()..).unwrap_or("");
    if rest.starts_with("-old") || AGE_FOLLOWS.is_match(rest) {
        return None;
    }
    let n = parse_count(n.as_str())??;
    let value = match parse_unit(u)? {
        Unit::Minute => format!("PT{n}M30S"),
        Unit::Hour => format!("PT{n}H30M"),
        Unit::Day => format!("P{n}DT12H"),
        Unit::Week => format!("P{}DT12H", n * 7 + 3),
        Unit::Month => format!("P{n}M15D"),
        Unit::Year => format!("P{n}Y6M"),
        Unit::Decade => format!("P{}Y", n * 10 + 5),
        _ => return None,
    };
    cand(c, TimexType::Duration, Reading::Listed { value })
}

pub(super) fn build_duration_long(_s: &str, c: &Captures) -> Option<Cand> {
    let unit = parse_unit(group(c, "u")?)?;
    cand(
        c,
        TimexType::Duration,
        Reading::Duration {
            amount: None,
            unit,
            modifier: None,
        },
    )
}

pub(super) fn build_quarter_century(_s: &str, c: &Captures) -> Option<Cand> {
    let amount = if group(c, "q")?.eq_ignore_ascii_case("quarter") {
        25
    } else {
        50
    };
    let modifier = modifier_of(group(c, "mod"));
    cand(
        c,
        TimexType::Duration,
        Reading::Duration {
            amount: Some(amount),
            unit: Unit::Year,
            modifier,
        },
    )
}
