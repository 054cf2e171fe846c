//! Guards that keep numbers, amounts and words that only look like dates out, and
//! the small parsers (month names, counts, units) the builders share.

use super::patterns::re;
use super::{Part, Reading, Season, Unit};
use jiff::civil::{Date, Weekday};
use regex::{Captures, Regex};
use std::sync::LazyLock;

pub(super) fn prev_char(s: &str, i: usize) -> Option<char> {
    s.get(..i)?.chars().next_back()
}

/// The char before the one ending at `i`.
pub(super) fn prev_prev_char(s: &str, i: usize) -> Option<char> {
    let mut it = s.get(..i)?.chars();
    it.next_back()?;
    it.next_back()
}

pub(super) fn next_char(s: &str, i: usize) -> Option<char> {
    s.get(i..)?.chars().next()
}

pub(super) fn next_next_char(s: &str, i: usize) -> Option<char> {
    let mut it = s.get(i..)?.chars();
    it.next()?;
    it.next()
}

/// The lowercased word just before `i` (skipping spaces), e.g. "in" for "in May".
pub(super) fn prev_word(s: &str, i: usize) -> String {
    let before = s.get(..i).unwrap_or("").trim_end();
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic() || *c == '.')
        .collect();
    word.chars()
        .rev()
        .filter(|c| *c != '.')
        .collect::<String>()
        .to_lowercase()
}

pub(super) fn is_digit(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_digit())
}

/// A number must stand alone: not a piece of "7,000", "3.5", "1,27".
pub(super) fn number_stands_alone(s: &str, start: usize, end: usize) -> bool {
    let p = prev_char(s, start);
    if is_digit(p) {
        return false;
    }
    if matches!(p, Some(',' | '.')) && is_digit(prev_prev_char(s, start)) {
        return false;
    }
    let n = next_char(s, end);
    if is_digit(n) {
        return false;
    }
    if matches!(n, Some(',' | '.' | ':')) && is_digit(next_next_char(s, end)) {
        return false;
    }
    true
}

pub(super) static COUNTED_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s*(?:%|(?:percent|per\s+cent|people|persons|troops|soldiers|servicemen|civilians|casualties|deaths|dead|killed|wounded|injured|refugees|residents|homes|houses|buildings|km|kilometers|kilometres|miles|meters|metres|feet|tons|tonnes|hours|hrs|GMT|UTC|dollars|euros|rubles|roubles|drams|manats|votes|hectares|square|rockets|missiles|shells|drones|tanks|men|women|children|fighters|prisoners|hostages|families|times)\b)",
    )
});

pub(super) static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s+(?:[A-Z][\w'-]*\s+){0,3}(?:Street|Avenue|Ave\.|Road|Boulevard|Blvd\.|Lane|Drive|Highway)\b",
    )
});

/// True when the 4 digits at `start..end` can be a year: not part of a number, an
/// amount, a phone number, an address or a time.
pub(super) fn year_guard(s: &str, start: usize, end: usize) -> bool {
    if !number_stands_alone(s, start, end) {
        return false;
    }
    let p = prev_char(s, start);
    if matches!(p, Some('$' | '€' | '£' | '#' | '+' | '/' | ':' | '№')) {
        return false;
    }
    if matches!(p, Some('-' | '–' | ' ')) && is_digit(prev_prev_char(s, start)) {
        return false;
    }
    let n = next_char(s, end);
    if matches!(n, Some('-' | '/' | ' ')) && is_digit(next_next_char(s, end)) {
        return false;
    }
    let rest = s.get(end..).unwrap_or("");
    if COUNTED_NOUN.is_match(rest) || ADDRESS.is_match(rest) {
        return false;
    }
    !matches!(
        prev_word(s, start).as_str(),
        "no" | "number"
            | "flight"
            | "route"
            | "room"
            | "apartment"
            | "code"
            | "tel"
            | "phone"
            | "page"
            | "resolution"
    )
}

/// Words ending in "s" that are not plural nouns.
const NOT_PLURAL: &[&str] = &[
    "was",
    "has",
    "is",
    "as",
    "its",
    "his",
    "this",
    "thus",
    "does",
    "across",
    "always",
    "perhaps",
    "unless",
    "whereas",
    "towards",
    "afterwards",
    "besides",
    "less",
    "plus",
    "versus",
    "whose",
    "hers",
    "ours",
    "yours",
    "theirs",
    "us",
];

/// A lowercase word that reads as a plural noun: "horses", "votes" (not "was").
fn is_plural(word: &str) -> bool {
    word.len() > 2
        && word.ends_with('s')
        && !word.ends_with("ss")
        && word.chars().all(|c| c.is_ascii_lowercase())
        && !NOT_PLURAL.contains(&word)
}

/// Whether the number at `start..end` counts something: a counted noun, or a plural
/// within the next two words ("1200 horses", "1500 French troops"), unless "the"
/// makes it a modifier ("the 1863 elections").
pub(super) fn counts_something(s: &str, start: usize, end: usize) -> bool {
    let rest = s.get(end..).unwrap_or("");
    if COUNTED_NOUN.is_match(rest) {
        return true;
    }
    if prev_word(s, start) == "the" {
        return false;
    }
    let mut words = rest.split_whitespace().take(2);
    let first = words.next().unwrap_or("");
    if first.starts_with(|c: char| !c.is_alphabetic()) {
        return false;
    }
    let clean = |w: &str| {
        w.trim_end_matches(|c: char| !c.is_alphanumeric())
            .to_string()
    };
    let first_word = clean(first);
    if is_plural(&first_word) {
        return true;
    }
    // An adjective between the number and its noun, but not across punctuation.
    first_word.len() == first.len() && words.next().is_some_and(|w| is_plural(&clean(w)))
}

pub(super) fn month_num(m: &str) -> Option<i8> {
    let key: String = m.chars().take(3).collect();
    Some(match key.as_str() {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    })
}

pub(super) fn weekday_of(w: &str) -> Option<Weekday> {
    let key: String = w.chars().take(3).collect();
    Some(match key.as_str() {
        "Mon" => Weekday::Monday,
        "Tue" => Weekday::Tuesday,
        "Wed" => Weekday::Wednesday,
        "Thu" => Weekday::Thursday,
        "Fri" => Weekday::Friday,
        "Sat" => Weekday::Saturday,
        "Sun" => Weekday::Sunday,
        _ => return None,
    })
}

pub(super) fn part_of(s: Option<&str>) -> Option<Part> {
    let s = s?.to_lowercase();
    if s.starts_with("early") || s.contains("beginning") || s.contains("start") {
        Some(Part::Early)
    } else if s.starts_with("mid") || s.contains("middle") {
        Some(Part::Mid)
    } else {
        Some(Part::Late)
    }
}

/// A month-day that exists in some year (leap years included): rejects "February 30",
/// "Sept. 31".
pub(super) fn valid_month_day(month: i8, day: i8) -> bool {
    Date::new(2000, month, day).is_ok()
}

/// Parses a count: Some(Some(n)) for an exact number, Some(None) for a vague one
/// ("several", "a few"), None when it is not a count at all.
pub(super) fn parse_count(s: &str) -> Option<Option<u32>> {
    let s = s.to_lowercase();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Ok(n) = s.parse::<u32>() {
        return Some(Some(n));
    }
    // "twenty-four", "thirty five": tens and ones.
    if let Some((tens, ones)) = s.split_once(['-', ' '])
        && let (Some(Some(t)), Some(Some(o))) = (parse_count(tens), parse_count(ones))
        && t >= 20
        && t % 10 == 0
        && (1..10).contains(&o)
    {
        return Some(Some(t + o));
    }
    let n = match s.as_str() {
        "a" | "an" | "one" => 1,
        "a couple of" | "couple of" | "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        "a few" | "few" | "several" | "many" | "some" => return Some(None),
        _ => return None,
    };
    Some(Some(n))
}

pub(super) fn parse_unit(s: &str) -> Option<Unit> {
    let s = s.to_lowercase();
    Some(match s.trim_end_matches('s') {
        "second" => Unit::Second,
        "minute" => Unit::Minute,
        "hour" => Unit::Hour,
        "day" => Unit::Day,
        "week" => Unit::Week,
        "month" => Unit::Month,
        "year" => Unit::Year,
        "decade" => Unit::Decade,
        "century" | "centurie" => Unit::Century,
        _ => return None,
    })
}

pub(super) fn parse_season(s: &str) -> Option<Season> {
    Some(match s.to_lowercase().as_str() {
        "spring" => Season::Spring,
        "summer" => Season::Summer,
        "autumn" | "fall" => Season::Autumn,
        "winter" => Season::Winter,
        _ => return None,
    })
}

pub(super) fn group<'a>(c: &Captures<'a>, name: &str) -> Option<&'a str> {
    c.name(name).map(|m| m.as_str())
}

pub(super) fn day_reading(c: &Captures, year: Option<i16>) -> Option<Reading> {
    let month = month_num(group(c, "m")?)?;
    let day: i8 = group(c, "d")?.parse().ok()?;
    if !valid_month_day(month, day) {
        return None;
    }
    if let Some(y) = year
        && Date::new(y, month, day).is_err()
    {
        return None;
    }
    let weekday = group(c, "wd").and_then(weekday_of);
    Some(Reading::Day {
        year,
        month,
        day,
        weekday,
    })
}

/// A year written next to a month or day; plausible range only, so that "Oct. 10,
/// 1500 people" is not a year.
pub(super) fn written_year(c: &Captures, s: &str) -> Option<Option<i16>> {
    match c.name("y") {
        None => Some(None),
        Some(m) => {
            let y: i16 = m.as_str().parse().ok()?;
            if !(1000..=2999).contains(&y) || COUNTED_NOUN.is_match(s.get(m.end()..).unwrap_or(""))
            {
                return None;
            }
            Some(Some(y))
        }
    }
}

// ---------------------------------------------------------------------------
