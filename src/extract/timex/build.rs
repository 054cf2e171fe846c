//! Builders for what names a point of the calendar (days, months, seasons, years and
//! their spans, weekdays, days counted from the reference, times of day): one per
//! pattern, each turning a match into a candidate [`Reading`] after checking the
//! guards that keep look-alikes out ("7,000", "May have"). Counted time ("44-day",
//! "two years ago") is built in `durations`.

use super::guards::*;
use super::patterns::{Cand, cand, re};
use super::{Anchor, DayPart, Reading, Side, TimexType, Unit};
use jiff::civil::Date;
use regex::{Captures, Regex};
use std::ops::Range;
use std::sync::LazyLock;

// Builders
// ---------------------------------------------------------------------------

pub(super) fn build_iso(s: &str, c: &Captures) -> Option<Cand> {
    let m = c.get(0)?;
    if !number_stands_alone(s, m.start(), m.end())
        || matches!(prev_char(s, m.start()), Some('-' | '/'))
    {
        return None;
    }
    let year: i16 = group(c, "y")?.parse().ok()?;
    let month: i8 = group(c, "mo")?.parse().ok()?;
    let day: i8 = group(c, "d")?.parse().ok()?;
    Date::new(year, month, day).ok()?;
    cand(
        c,
        TimexType::Date,
        Reading::Day {
            year: Some(year),
            month,
            day,
            weekday: None,
        },
    )
}

pub(super) fn build_day(s: &str, c: &Captures) -> Option<Cand> {
    let m = c.get(0)?;
    let d = c.name("d")?;
    if !number_stands_alone(s, d.start(), d.end()) {
        return None;
    }
    // "Oct. 10-17" and "10:30" belong to other patterns.
    if c.name("y").is_none()
        && matches!(next_char(s, m.end()), Some('-' | '–' | ':'))
        && is_digit(next_next_char(s, m.end()))
    {
        return None;
    }
    let year = written_year(c, s)?;
    let reading = day_reading(c, year)?;
    cand(c, TimexType::Date, reading)
}

/// "on March eight": a day spelt as a word only after a preposition of time, since
/// "in March nine soldiers died" counts soldiers.
pub(super) fn build_day_in_words(s: &str, c: &Captures) -> Option<Cand> {
    let m = c.get(0)?;
    if !matches!(
        prev_word(s, m.start()).as_str(),
        "on" | "since" | "until" | "till" | "by" | "from" | "before" | "after"
    ) {
        return None;
    }
    const DAYS: [&str; 9] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    let word = group(c, "dw")?;
    let day = DAYS.iter().position(|d| *d == word)? + 1;
    let reading = Reading::Day {
        year: None,
        month: month_num(group(c, "m")?)?,
        day: i8::try_from(day).ok()?,
        weekday: None,
    };
    cand(c, TimexType::Date, reading)
}

pub(super) fn build_day_span(s: &str, c: &Captures) -> Option<Cand> {
    let d = c.name("d")?;
    if !number_stands_alone(s, d.start(), d.start() + d.as_str().len()) {
        return None;
    }
    let year = written_year(c, s)?;
    let month = month_num(group(c, "m")?)?;
    let d1: i8 = group(c, "d")?.parse().ok()?;
    let d2: i8 = group(c, "d2")?.parse().ok()?;
    // "April 24 and 25" is two days (TimeML's "April 24" and "25"), but not "on June
    // 6 and 7 soldiers died", nor "between 6 and 7 June" read as more than the days.
    if c.name("and").is_some() {
        let n2 = c.name("d2")?;
        if c.name("y").is_none() && counts_something(s, n2.start(), n2.end()) {
            return None;
        }
    }
    if d1 >= d2 || !valid_month_day(month, d1) || !valid_month_day(month, d2) {
        return None;
    }
    let from = Reading::Day {
        year,
        month,
        day: d1,
        weekday: None,
    };
    let to = Reading::Day {
        year,
        month,
        day: d2,
        weekday: None,
    };
    let mut found = cand(
        c,
        TimexType::Date,
        Reading::Span {
            from: Box::new(from),
            to: Box::new(to),
        },
    )?;
    // "October 10-17": the first end carries the month ("October 10"), the second
    // the rest ("17", "17, 2020"); "10-17 October": "10" and "17 October".
    let (m, d2) = (c.name("m")?, c.name("d2")?);
    let whole = c.get(0)?;
    found.ends = Some(if m.start() < d.start() {
        [whole.start()..d.end(), d2.start()..whole.end()]
    } else {
        [d.start()..d.end(), d2.start()..whole.end()]
    });
    Some(found)
}

pub(super) fn build_year_span(s: &str, c: &Captures) -> Option<Cand> {
    let m = c.get(0)?;
    if !number_stands_alone(s, m.start(), m.end())
        || matches!(
            prev_char(s, m.start()),
            Some('$' | '€' | '£' | '#' | '+' | '/' | ':' | '-')
        )
        || matches!(next_char(s, m.end()), Some('-' | '/'))
    {
        return None;
    }
    let y1: i16 = group(c, "y")?.parse().ok()?;
    let y2: i16 = group(c, "y2")?.parse().ok()?;
    if y2 < 100 {
        // "1914–18": the second year in the first one's century.
        let to = y1 / 100 * 100 + y2;
        if !(1500..=2099).contains(&y1) || y1 >= to {
            return None;
        }
        let mut found = cand(c, TimexType::Date, Reading::ShortRange { from: y1, to })?;
        found.ends = Some([c.name("y")?.range(), c.name("y2")?.range()]);
        return Some(found);
    }
    if !(1500..=2099).contains(&y1) || !(1500..=2099).contains(&y2) || y1 >= y2 {
        return None;
    }
    year_span(c, y1, y2, [c.name("y")?.range(), c.name("y2")?.range()])
}

/// "490 BC", "499–449 BC": years before the era, as astronomical years (1 BC is 0).
pub(super) fn build_year_bc(s: &str, c: &Captures) -> Option<Cand> {
    let m = c.get(0)?;
    if !number_stands_alone(s, m.start(), c.name("y2")?.end())
        || matches!(
            prev_char(s, m.start()),
            Some('$' | '€' | '£' | '#' | '/' | ':')
        )
    {
        return None;
    }
    let astronomical = |y: &str| -> Option<i16> { Some(1 - y.parse::<i16>().ok()?) };
    let last = astronomical(group(c, "y2")?)?;
    let Some(y) = c.name("y") else {
        let year = Reading::Year {
            year: last,
            part: None,
        };
        return cand(c, TimexType::Date, year);
    };
    let first = astronomical(y.as_str())?;
    year_span(c, first, last, [y.range(), c.name("y2")?.start()..m.end()])
}

/// "AD 9", "1066 AD", "410 CE": a year of the era, named as such.
pub(super) fn build_year_ad(s: &str, c: &Captures) -> Option<Cand> {
    let y = c.name("y").or_else(|| c.name("y2"))?;
    if !number_stands_alone(s, y.start(), y.end()) {
        return None;
    }
    let year: i16 = y.as_str().parse().ok()?;
    cand(c, TimexType::Date, Reading::Year { year, part: None })
}

/// A span from one whole year to another, with the text ranges of its two ends.
fn year_span(c: &Captures, first: i16, last: i16, ends: [Range<usize>; 2]) -> Option<Cand> {
    let year = |year| Reading::Year { year, part: None };
    let mut found = cand(
        c,
        TimexType::Date,
        Reading::Span {
            from: Box::new(year(first)),
            to: Box::new(year(last)),
        },
    )?;
    found.ends = Some(ends);
    Some(found)
}

pub(super) static DAY_FOLLOWS: LazyLock<Regex> = LazyLock::new(|| re(r"^\s+\d{1,2}\b"));

pub(super) const MONTH_PREPS: &[&str] = &[
    "in",
    "since",
    "until",
    "till",
    "by",
    "during",
    "from",
    "through",
    "before",
    "after",
    "last",
    "next",
    "this",
    "early",
    "mid",
    "late",
    "of",
    "between",
    "and",
    "to",
    "throughout",
];

pub(super) fn build_month(s: &str, c: &Captures) -> Option<Cand> {
    let name = c.name("m")?;
    let year = written_year(c, s)?;
    let month = month_num(name.as_str())?;
    let part = part_of(group(c, "part"));
    if year.is_none() && part.is_none() {
        // A bare month name: "May" and "March" are also a verb and a noun, and
        // abbreviations alone are too often something else; those need a preposition.
        let word = prev_word(s, name.start());
        let n = name.as_str();
        let full = crate::domain::calendar::MONTHS.contains(&n);
        if !full && !n.ends_with('.') {
            // A bare abbreviation without its dot is a word ("Mar del Plata").
            return None;
        }
        let full_and_safe = full && !matches!(n, "March" | "May");
        let after_prep = MONTH_PREPS.contains(&word.as_str());
        if !(after_prep || full_and_safe) {
            return None;
        }
        // "February 30" is an impossible day, not the month of February.
        if let Some(d) = DAY_FOLLOWS.find(s.get(name.end()..).unwrap_or(""))
            && number_stands_alone(s, name.end() + d.start(), name.end() + d.end())
        {
            return None;
        }
    }
    if let Some(y) = c.name("y")
        && !number_stands_alone(s, y.start(), y.end())
    {
        return None;
    }
    cand(c, TimexType::Date, Reading::Month { year, month, part })
}

/// "last August", "next May", "August last year", "June of this year".
pub(super) fn build_month_rel(s: &str, c: &Captures) -> Option<Cand> {
    let name = c.name("m")?;
    let month = month_num(name.as_str())?;
    // "last May 5" is the day, found by its own pattern.
    if c.name("of_year").is_none()
        && let Some(d) = DAY_FOLLOWS.find(s.get(name.end()..).unwrap_or(""))
        && number_stands_alone(s, name.end() + d.start(), name.end() + d.end())
    {
        return None;
    }
    let offset = match group(c, "rel")?.to_lowercase().as_str() {
        "last" => -1,
        "next" => 1,
        _ => 0,
    };
    let of_year = c.name("of_year").is_some();
    cand(
        c,
        TimexType::Date,
        Reading::MonthRel {
            month,
            offset,
            of_year,
        },
    )
}

pub(super) fn build_year(s: &str, c: &Captures) -> Option<Cand> {
    let y = c.name("y")?;
    let year: i16 = y.as_str().parse().ok()?;
    let part = part_of(group(c, "part"));
    let word = prev_word(s, c.get(0)?.start());
    let introduced = part.is_some()
        || matches!(
            word.as_str(),
            "in" | "since"
                | "until"
                | "by"
                | "from"
                | "before"
                | "after"
                | "of"
                | "during"
                | "year"
                | "between"
                | "and"
                | "to"
                | "through"
                | "around"
                | "circa"
        );
    // A bare number before 1900 is a year only where a year ends a phrase ("the
    // Treaty of Paris, 1783.", "(1861)"); "1500 men" and "1776 votes" are counts.
    let closes_phrase = matches!(
        next_char(s, y.end()),
        None | Some(',' | '.' | ';' | ':' | ')' | '–' | '-')
    );
    // "and 1500 French troops", "of 1200 horses": after a word that also introduces
    // counts, a plural after the number makes it one.
    let counting_word = matches!(
        word.as_str(),
        "and" | "of" | "to" | "between" | "from" | "around" | "circa"
    );
    let counts = || counts_something(s, c.get(0)?.start(), y.end()).then_some(());
    let range = if introduced && !(counting_word && counts().is_some()) {
        1000..=2099
    } else if closes_phrase {
        1500..=2099
    } else {
        1900..=2099
    };
    // Histories name their years bare ("1863 saw …", "the 1775 campaign"), where a
    // number that counts something has a plural noun after it ("1200 horses"); news
    // seldom does, so such a year is kept in a narrative only.
    let bare_old = !range.contains(&year) && (1000..1900).contains(&year) && counts().is_none();
    if !(range.contains(&year) || bare_old) || !year_guard(s, y.start(), y.end()) {
        return None;
    }
    let mut found = cand(c, TimexType::Date, Reading::Year { year, part })?;
    found.narrative_only = bare_old;
    Some(found)
}

static SHORT_YEAR_FOLLOWS: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\s+(?:(?:the|a|an|his|her|its|their|he|she|they|it)\b|[A-Z][a-z])"));

/// "in 480," — a three-digit year, only where nothing else can follow "in" and the
/// number ends the phrase; a history of antiquity then reads it in its era (see
/// `discourse`).
pub(super) fn build_short_year(s: &str, c: &Captures) -> Option<Cand> {
    let y = c.name("y")?;
    let rest = s.get(y.end()..).unwrap_or("");
    // "in 480, …", "in 218 the Romans …", "in 216 Hannibal …"; not "in 300 cities".
    let ends_phrase = matches!(next_char(s, y.end()), Some(',' | '.' | ';' | ')'));
    let clause_follows =
        SHORT_YEAR_FOLLOWS.is_match(rest) && !counts_something(s, y.start(), y.end());
    if !ends_phrase && !clause_follows {
        return None;
    }
    let year: i16 = y.as_str().parse().ok()?;
    Some(Cand {
        start: y.start(),
        end: y.end(),
        ttype: TimexType::Date,
        reading: Reading::Year { year, part: None },
        ends: None,
        narrative_only: !ends_phrase,
    })
}

pub(super) fn day_part(s: Option<&str>) -> Option<DayPart> {
    Some(match s?.to_lowercase().as_str() {
        "morning" => DayPart::Morning,
        "afternoon" => DayPart::Afternoon,
        "evening" => DayPart::Evening,
        "night" => DayPart::Night,
        _ => return None,
    })
}

pub(super) fn build_weekday(s: &str, c: &Captures) -> Option<Cand> {
    let weekday = weekday_of(group(c, "wd")?)?;
    let shift = match group(c, "rel").map(str::to_lowercase).as_deref() {
        Some("last") => -1,
        Some("next") => 1,
        None if super::periods::points_ahead(&s[..c.get(0)?.start()])
            || super::tense::scheduled_ahead(s, c.get(0)?.start(), c.get(0)?.end()) =>
        {
            super::AHEAD
        }
        _ => 0,
    };
    let part = day_part(group(c, "dp"));
    let ttype = if part.is_some() {
        TimexType::Time
    } else {
        TimexType::Date
    };
    cand(
        c,
        ttype,
        Reading::Weekday {
            weekday,
            shift,
            part,
        },
    )
}

pub(super) static OBJECT_FOLLOWS: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\s+(?:the|a|an|his|her|its|their|this|that|these|those|[A-Z])"));

pub(super) fn build_relday(s: &str, c: &Captures) -> Option<Cand> {
    let m = c.get(0)?;
    let t = m
        .as_str()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // "the day before the vote" is anchored to the vote, not to the previous date.
    if (t.ends_with("before") || t.ends_with("after"))
        && OBJECT_FOLLOWS.is_match(s.get(m.end()..).unwrap_or(""))
    {
        return None;
    }
    let part = if t.ends_with("morning") {
        Some(DayPart::Morning)
    } else if t.ends_with("afternoon") {
        Some(DayPart::Afternoon)
    } else if t.ends_with("evening") {
        Some(DayPart::Evening)
    } else if t.ends_with("night") {
        Some(DayPart::Night)
    } else {
        None
    };
    let reading = match t.as_str() {
        "overnight" | "last night" => Reading::NightBefore {
            anchor: Anchor::Reference,
        },
        "the previous night" | "the night before" | "the previous evening" => {
            Reading::NightBefore {
                anchor: Anchor::Previous,
            }
        }
        "the previous day" | "the day before" => Reading::PrevDay {
            offset: -1,
            part: None,
        },
        "the day after" => Reading::PrevDay {
            offset: 1,
            part: None,
        },
        _ if t.starts_with("the next") || t.starts_with("the following") => {
            Reading::PrevDay { offset: 1, part }
        }
        _ if t.starts_with("today") || t.starts_with("tonight") || t.starts_with("this") => {
            Reading::RefDay { offset: 0, part }
        }
        _ if t.starts_with("yesterday") => Reading::RefDay { offset: -1, part },
        _ if t.starts_with("tomorrow") => Reading::RefDay { offset: 1, part },
        _ => Reading::PrevDay { offset: 0, part },
    };
    // "this morning", "tonight", "that night": a time of day (TIMEX3 TIME), not a
    // whole day.
    let ttype = match reading {
        Reading::RefDay { part: Some(_), .. } | Reading::PrevDay { part: Some(_), .. } => {
            TimexType::Time
        }
        _ => TimexType::Date,
    };
    cand(c, ttype, reading)
}

pub(super) fn build_relunit(_s: &str, c: &Captures) -> Option<Cand> {
    let unit = parse_unit(group(c, "u")?)?;
    // "The full year" of a report is the year it is in, as "the current year" is;
    // "the full week" is no date.
    if c.name("full").is_some() && unit != Unit::Year {
        return None;
    }
    // Without a `rel`: "the current year", "the full year".
    let reading = match group(c, "rel").unwrap_or("this").to_lowercase().as_str() {
        "this" => Reading::RelUnit { unit, offset: 0 },
        "last" | "previous" => Reading::RelUnit { unit, offset: -1 },
        "next" => Reading::RelUnit { unit, offset: 1 },
        // "the past week" is the seven days up to now, not the previous calendar week.
        "past" => Reading::Recent {
            unit: Some(unit),
            amount: Some(1),
        },
        _ => Reading::Coming {
            unit,
            amount: Some(1),
        },
    };
    cand(c, TimexType::Date, reading)
}

pub(super) fn build_part_of_this(_s: &str, c: &Captures) -> Option<Cand> {
    let unit = parse_unit(group(c, "u")?)?;
    let side = if group(c, "side")?.eq_ignore_ascii_case("earlier") {
        Side::Earlier
    } else {
        Side::Later
    };
    cand(c, TimexType::Date, Reading::PartOfThis { unit, side })
}

pub(super) static OF_FOLLOWS: LazyLock<Regex> = LazyLock::new(|| re(r"^\s+of\b"));

pub(super) fn build_season(s: &str, c: &Captures) -> Option<Cand> {
    let season = parse_season(group(c, "s")?)?;
    let year = match c.name("y") {
        Some(y) => {
            let v: i16 = y.as_str().parse().ok()?;
            if !(1000..=2999).contains(&v) || !number_stands_alone(s, y.start(), y.end()) {
                return None;
            }
            Some(v)
        }
        None => None,
    };
    let shift = match group(c, "rel").map(str::to_lowercase).as_deref() {
        Some("this") => Some(0),
        Some("last" | "past") => Some(-1),
        Some("next") => Some(1),
        _ => None,
    };
    let whole = c.get(0)?;
    // A season without "the" after a preposition: "in winter", "by late spring";
    // never "to fall", "of spring water", "in fall prices".
    if c.name("t").is_some() && c.name("the").is_none() {
        let prep = prev_word(s, c.name("t")?.start());
        let fall = group(c, "s")?.eq_ignore_ascii_case("fall");
        if (fall && c.name("part").is_none()) || matches!(prep.as_str(), "of" | "to") {
            return None;
        }
    }
    // "the fall of Shusha", "the winter of discontent": not seasons of a year.
    if year.is_none() && OF_FOLLOWS.is_match(s.get(whole.end()..).unwrap_or("")) {
        return None;
    }
    let (start, end) = match c.name("t") {
        Some(t) => (t.start(), t.end()),
        None => (whole.start(), whole.end()),
    };
    let shift = if year.is_some() { None } else { shift };
    // "in winter" without "the" reads as a season of the story's year in a history;
    // in news it is as often "in winter conditions".
    let narrative_only = c.name("t").is_some() && c.name("the").is_none() && year.is_none();
    Some(Cand {
        start,
        end,
        ttype: TimexType::Date,
        reading: Reading::Season {
            season,
            year,
            shift,
        },
        ends: None,
        narrative_only,
    })
}

/// "the following spring", "that winter": a season placed from the running date.
pub(super) fn build_season_prev(_s: &str, c: &Captures) -> Option<Cand> {
    let season = parse_season(group(c, "s")?)?;
    let offset = match group(c, "rel").map(str::to_lowercase).as_deref() {
        Some("following" | "next") => 1,
        Some("previous" | "preceding") => -1,
        _ => 0,
    };
    cand(c, TimexType::Date, Reading::SeasonPrev { season, offset })
}

/// A year said in words ("nineteen ninety-six"), alone or after a month or a
/// season. "Two thousand" is a count unless "the year", a month or a season comes
/// before it.
pub(super) fn build_spoken_year(_s: &str, c: &Captures) -> Option<Cand> {
    let small = |w: Option<&str>| -> Option<i16> {
        match w {
            None => Some(0),
            Some(w) => i16::try_from(parse_count(w)??).ok(),
        }
    };
    let year = match c.name("dec") {
        Some(dec) => {
            1900 + i16::try_from(parse_count(dec.as_str())??).ok()? + small(group(c, "one"))?
        }
        None => {
            c.name("k")?;
            if c.name("m").is_none() && c.name("s").is_none() && c.name("the_year").is_none() {
                return None;
            }
            2000 + small(group(c, "one2"))?
        }
    };
    let reading = if let Some(m) = group(c, "m") {
        Reading::Month {
            year: Some(year),
            month: month_num(m)?,
            part: None,
        }
    } else if let Some(season) = group(c, "s") {
        Reading::Season {
            season: parse_season(season)?,
            year: Some(year),
            shift: None,
        }
    } else {
        Reading::Year { year, part: None }
    };
    cand(c, TimexType::Date, reading)
}

pub(super) fn build_time_ampm(s: &str, c: &Captures) -> Option<Cand> {
    let h = c.name("h")?;
    let m = c.get(0)?;
    let digits_end = c.name("mi").unwrap_or(h).end();
    if !number_stands_alone(s, h.start(), digits_end)
        || matches!(prev_char(s, h.start()), Some(':' | '.' | ',' | '-'))
    {
        return None;
    }
    let mut hour: i8 = h.as_str().parse().ok()?;
    let minute: i8 = group(c, "mi").map_or(Some(0), |x| x.parse().ok())?;
    let pm = group(c, "ap")?.to_lowercase().starts_with('p');
    if pm && hour < 12 {
        hour += 12;
    } else if !pm && hour == 12 {
        hour = 0;
    }
    let end = m.end();
    Some(Cand {
        start: m.start(),
        end,
        ttype: TimexType::Time,
        reading: Reading::Time {
            hour,
            minute,
            date: None,
        },
        ends: None,
        narrative_only: false,
    })
}

pub(super) fn build_time_24(s: &str, c: &Captures) -> Option<Cand> {
    let m = c.get(0)?;
    if !number_stands_alone(s, m.start(), m.end())
        || matches!(prev_char(s, m.start()), Some(':' | '.' | ','))
    {
        return None;
    }
    if c.name("zone").is_none() && prev_word(s, m.start()) != "at" {
        return None;
    }
    let hour: i8 = group(c, "h")?.parse().ok()?;
    let minute: i8 = group(c, "mi")?.parse().ok()?;
    cand(
        c,
        TimexType::Time,
        Reading::Time {
            hour,
            minute,
            date: None,
        },
    )
}

pub(super) fn build_noon(_s: &str, c: &Captures) -> Option<Cand> {
    let hour = if group(c, "w")?.eq_ignore_ascii_case("midnight") {
        0
    } else {
        12
    };
    cand(
        c,
        TimexType::Time,
        Reading::Time {
            hour,
            minute: 0,
            date: None,
        },
    )
}

pub(super) fn build_present(s: &str, c: &Captures) -> Option<Cand> {
    // "now-defunct" is an adjective, not a reference to the present.
    if next_char(s, c.get(0)?.end()) == Some('-') {
        return None;
    }
    cand(c, TimexType::Date, Reading::PresentRef)
}
