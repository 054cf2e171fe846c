//! Rule-based temporal tagger (TIMEX3-style) for news sentences.
//!
//! This module owns three steps and nothing else: finding temporal expressions in a
//! sentence (`find`), guessing the grammatical tense of a clause (`tense_of`), and
//! anchoring what an expression says (`Reading`) to an article's publication day
//! (`resolve`). It also reports the explicit calendar facts an expression gives
//! (`calendar_facts`) so that callers can infer the publication day of undated
//! articles. Carrying dates over between sentences is the caller's business: `resolve`
//! only sees the `previous` date it is handed.
//!
//! Everything is regular expressions plus small guards, because the texts are news
//! reports in a handful of house styles and the failure we fear most is a false date
//! ("7,000", "may have killed"), not a missed one.

use crate::domain::{EventDate, Precision};
use jiff::Span;
use jiff::civil::{Date, Weekday};
use regex::{Captures, Regex, RegexSet};
use rustc_hash::FxHashSet;
use serde::Serializer;
use std::ops::Range;
use std::sync::LazyLock;

/// Grammatical time of the clause an expression stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tense {
    Past,
    Present,
    Future,
}

/// TIMEX3 type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

/// Which part of a month or year an expression narrows to ("early", "mid", "late").
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Early,
    Mid,
    Late,
}

/// Part of a day ("Wednesday morning").
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DayPart {
    Morning,
    Afternoon,
    Evening,
    Night,
}

/// Calendar units used by relative expressions and durations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
    Decade,
    Century,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Season {
    Spring,
    Summer,
    Autumn,
    Winter,
}

/// Which date a night is counted back from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Anchor {
    /// The reference (publication) date: "overnight", "last night".
    Reference,
    /// The previous expression's date: "the previous night", "the night before".
    Previous,
}

/// Which side of "now" inside the current unit: "earlier this month", "later this year".
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Earlier,
    Later,
}

/// TIMEX3 `mod` of a duration ("about", "more than", "less than").
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Modifier {
    Approx,
    MoreThan,
    LessThan,
}

/// What an expression says before it is anchored to a reference date.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reading {
    /// A calendar day; `year` is None when the text leaves it out ("Oct. 27"), and
    /// `weekday` is kept when the text names it ("Tuesday, October 27").
    Day {
        year: Option<i16>,
        month: i8,
        day: i8,
        #[serde(serialize_with = "ser_opt_weekday")]
        weekday: Option<Weekday>,
    },
    /// "November", "November 2020", "mid-September".
    Month {
        year: Option<i16>,
        month: i8,
        part: Option<Part>,
    },
    /// "1991", "mid-2020".
    Year { year: i16, part: Option<Part> },
    /// "Friday" (shift 0, placed by tense), "last Friday" (-1), "next Friday" (+1).
    Weekday {
        #[serde(serialize_with = "ser_weekday")]
        weekday: Weekday,
        shift: i8,
        part: Option<DayPart>,
    },
    /// Days from the reference date: "today" 0, "yesterday" -1, "tomorrow" +1.
    RefDay { offset: i8, part: Option<DayPart> },
    /// Days from the previous expression's date: "the next day" +1, "that day" 0.
    PrevDay { offset: i8 },
    /// The night that ends on the anchor day: "overnight", "the previous night".
    NightBefore { anchor: Anchor },
    /// The unit containing the reference date, shifted: "this week" 0, "last month" -1.
    RelUnit { unit: Unit, offset: i8 },
    /// "earlier this month", "later this year".
    PartOfThis { unit: Unit, side: Side },
    /// "two years ago"; `amount` None for "a few days ago".
    Ago { amount: Option<u16>, unit: Unit },
    /// Up to the reference date: "in recent days", "the past two weeks"; `unit` None
    /// for "recently".
    Recent {
        unit: Option<Unit>,
        amount: Option<u16>,
    },
    /// After the reference date: "the coming weeks", "the next few days".
    Coming { unit: Unit, amount: Option<u16> },
    /// From the day after the previous date up to the reference: "the following days".
    Following { unit: Unit },
    /// "this summer" (shift 0), "last winter" (-1), "autumn 2019" (year), "in the
    /// spring" (neither: placed by tense).
    Season {
        season: Season,
        year: Option<i16>,
        shift: Option<i8>,
    },
    /// "from October 10 to October 17", "October 10-17".
    Span {
        from: Box<Reading>,
        to: Box<Reading>,
    },
    /// "44-day", "several days"; `amount` None when vague.
    Duration {
        amount: Option<u32>,
        unit: Unit,
        modifier: Option<Modifier>,
    },
    /// "8 a.m.", possibly attached to a date ("8 a.m. on Monday, October 26").
    Time {
        hour: i8,
        minute: i8,
        date: Option<Box<Reading>>,
    },
    /// "now", "currently", "at present".
    PresentRef,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Timex {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub ttype: TimexType,
    pub reading: Reading,
}

/// The normalized value of one expression.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Resolved {
    pub date: Option<EventDate>,
    pub value: String,
}

/// Explicit facts an expression gives about the calendar.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct CalendarFacts {
    pub year: Option<i16>,
    pub month_day: Option<(i8, i8)>,
    #[serde(serialize_with = "ser_opt_weekday")]
    pub weekday: Option<Weekday>,
    pub years_ago: Option<i16>,
}

fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

fn ser_weekday<S: Serializer>(w: &Weekday, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(weekday_name(*w))
}

fn ser_opt_weekday<S: Serializer>(w: &Option<Weekday>, s: S) -> Result<S::Ok, S::Error> {
    match w {
        Some(w) => s.serialize_some(weekday_name(*w)),
        None => s.serialize_none(),
    }
}

// ---------------------------------------------------------------------------
// Patterns
// ---------------------------------------------------------------------------

/// Full month names may not take a dot; abbreviations may ("Sept." but not "October.",
/// which would swallow the sentence's full stop).
const MONTH: &str = r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)";
const WEEKDAY: &str = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|(?:Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\b\.?)";
const DAYNUM: &str = r"(?:[12][0-9]|3[01]|0?[1-9])";
const ORD: &str = r"(?:st|nd|rd|th)?\b";
const PART: &str = r"(?:(?P<part>[Ee]arly|[Mm]id|[Ll]ate|(?:[Tt]he\s+)?(?:end|beginning|start|middle)\s+of)[-\s]+)?";
const NUM: &str = r"(?:\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)\b";
const VAGUE_NUM: &str = r"(?:a\s+few|a\s+couple\s+of|several|few|many)";
const SEASON: &str = r"(?:spring|summer|autumn|fall|winter)";

fn re(pattern: &str) -> Regex {
    // The patterns are constants of this module; a bad one is a programming error
    // caught by every test run, never a runtime input problem. Word boundaries are
    // ASCII: the fast lazy DFA cannot run Unicode ones and falls back to a backtracker
    // many times slower, and every word these patterns anchor on is ASCII.
    let ascii_boundaries = pattern.replace(r"\b", r"(?-u:\b)");
    Regex::new(&ascii_boundaries).expect("valid built-in pattern")
}

/// How a match of one pattern becomes a candidate (None when the guards reject it).
type Build = fn(&str, &Captures) -> Option<Cand>;

struct Cand {
    start: usize,
    end: usize,
    ttype: TimexType,
    reading: Reading,
}

fn cand(c: &Captures, ttype: TimexType, reading: Reading) -> Option<Cand> {
    let m = c.get(0)?;
    Some(Cand {
        start: m.start(),
        end: m.end(),
        ttype,
        reading,
    })
}

static PATTERNS: LazyLock<Vec<(Regex, Build)>> = LazyLock::new(|| {
    let date_y = format!(
        r"\b(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<m>{MONTH})\s+(?P<d>{DAYNUM}){ORD},?\s+(?P<y>\d{{4}})\b"
    );
    let date_dmy = format!(
        r"\b(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<d>{DAYNUM}){ORD}\s+(?:of\s+)?(?P<m>{MONTH}),?\s+(?P<y>\d{{4}})\b"
    );
    let md = format!(r"\b(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<m>{MONTH})\s+(?P<d>{DAYNUM}){ORD}");
    let dm =
        format!(r"\b(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<d>{DAYNUM}){ORD}\s+(?:of\s+)?(?P<m>{MONTH})");
    let md_span = format!(
        r"\b(?P<m>{MONTH})\s+(?P<d>{DAYNUM}){ORD}\s*[-–]\s*(?P<d2>{DAYNUM}){ORD}(?:,?\s+(?P<y>\d{{4}})\b)?"
    );
    let dm_span = format!(
        r"\b(?P<d>{DAYNUM}){ORD}\s*[-–]\s*(?P<d2>{DAYNUM}){ORD}\s+(?:of\s+)?(?P<m>{MONTH})(?:,?\s+(?P<y>\d{{4}})\b)?"
    );
    let month_year = format!(r"\b{PART}(?P<m>{MONTH}),?\s+(?:of\s+)?(?P<y>\d{{4}})\b");
    let month = format!(r"\b{PART}(?P<m>{MONTH})");
    let year = format!(r"\b{PART}(?P<y>\d{{4}})\b");
    let ago = format!(
        r"(?i)\b(?:(?:more\s+than|nearly|almost|about|around|some|over|less\s+than)\s+)?(?P<n>{NUM}|{VAGUE_NUM}|an|a)\s+(?P<u>seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\s+ago\b"
    );
    let vague = format!(
        r"(?i)\b(?:the\s+)?(?P<dir>recent|past|last|coming|next|following|upcoming)\s+(?:(?P<n>few|couple\s+of|several|{NUM})\s+)?(?P<u>days|weeks|months|years)\b"
    );
    let dur_hyph = format!(
        r"(?i)\b(?P<n>{NUM})-(?P<u>second|minute|hour|day|week|month|year|decade)s?(?:-long)?\b"
    );
    let dur = format!(
        r"(?i)\b(?:(?P<mod>about|around|nearly|almost|roughly|approximately|some|over|more\s+than|less\s+than|fewer\s+than|at\s+least|up\s+to|under)\s+)?(?P<n>{NUM}|{VAGUE_NUM}|an|a)\s+(?P<u>seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|century|centuries)\b"
    );
    let season_rel = format!(
        r"(?i)\b(?P<rel>this|last|next|past)\s+(?P<s>{SEASON})(?:\s+of\s+(?P<y>\d{{4}}))?\b"
    );
    let season_year = format!(r"(?i)\b(?:the\s+)?(?P<s>{SEASON})(?:\s+of)?,?\s+(?P<y>\d{{4}})\b");
    let season_prep = format!(
        r"(?i)\b(?:in|during|by|until|since|through|over|for)\s+(?P<t>the\s+(?P<s>{SEASON})(?:\s+of\s+(?P<y>\d{{4}}))?)\b"
    );
    let list: Vec<(String, Build)> = vec![
        (r"\b(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})\b".into(), build_iso),
        (date_y, build_day),
        (date_dmy, build_day),
        (md, build_day),
        (dm, build_day),
        (md_span, build_day_span),
        (dm_span, build_day_span),
        (r"\b(?P<y>\d{4})\s*[-–]\s*(?P<y2>\d{4})\b".into(), build_year_span),
        (month_year, build_month),
        (month, build_month),
        (year, build_year),
        (
            r"\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?:\s+(?P<dp>morning|afternoon|evening|night)\b)?".into(),
            build_weekday,
        ),
        (
            r"(?i)\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|yesterday(?:\s+(?:morning|afternoon|evening))?|tomorrow(?:\s+(?:morning|afternoon|evening|night))?|last\s+night|overnight|the\s+previous\s+(?:night|day|evening)|the\s+night\s+before|the\s+day\s+before|the\s+(?:next|following)\s+(?:day|morning)|the\s+day\s+after|(?:earlier|later)\s+that\s+day|that\s+(?:same\s+)?day|the\s+same\s+day)\b".into(),
            build_relday,
        ),
        (
            r"(?i)\b(?P<rel>this|last|next|past|previous|coming)\s+(?P<u>week|month|year)\b".into(),
            build_relunit,
        ),
        (
            r"(?i)\b(?P<side>earlier|later)\s+(?:this|in\s+the)\s+(?P<u>week|month|year)\b".into(),
            build_part_of_this,
        ),
        (ago, build_ago),
        (vague, build_vague),
        (r"(?i)\b(?:recently|lately)\b".into(), build_recently),
        (r"(?i)\b(?:the\s+)?(?P<u>days|weeks|months)\s+ahead\b".into(), build_ahead),
        (season_rel, build_season),
        (season_year, build_season),
        (season_prep, build_season),
        (dur_hyph, build_duration),
        (r"(?i)\b(?P<u>day|week|month|year|decade)s-long\b".into(), build_duration_long),
        (dur, build_duration),
        (
            r"(?i)\b(?:(?P<mod>more\s+than|nearly|almost|about|over)\s+)?(?:a\s+)?(?P<q>quarter|half)(?:-|\s+of\s+a\s+|\s+a\s+)century\b".into(),
            build_quarter_century,
        ),
        (
            r"(?i)\b(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.m\.|[ap]\.m\b|[ap]m\b)".into(),
            build_time_ampm,
        ),
        (
            r"\b(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)\b(?P<zone>\s+(?:local\s+time|GMT|UTC|Moscow\s+time|Baku\s+time|Yerevan\s+time))?".into(),
            build_time_24,
        ),
        (r"(?i)\b(?P<w>noon|midnight)\b".into(), build_noon),
        (
            r"(?i)\b(?:now|currently|presently|nowadays|at\s+present|at\s+the\s+moment)\b".into(),
            build_present,
        ),
    ];
    list.into_iter().map(|(p, b)| (re(&p), b)).collect()
});

/// All of [`PATTERNS`] in one set: one pass over a sentence tells which patterns
/// match at all, and only those are run for their captures. Most sentences hold no
/// temporal expression, so most of the 30-odd searches per sentence are skipped.
static ANY_PATTERN: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(PATTERNS.iter().map(|(regex, _)| regex.as_str()))
        .expect("the patterns compile one by one, so they compile as a set")
});

// ---------------------------------------------------------------------------
// Guards and small parsers
// ---------------------------------------------------------------------------

fn prev_char(s: &str, i: usize) -> Option<char> {
    s.get(..i)?.chars().next_back()
}

/// The char before the one ending at `i`.
fn prev_prev_char(s: &str, i: usize) -> Option<char> {
    let mut it = s.get(..i)?.chars();
    it.next_back()?;
    it.next_back()
}

fn next_char(s: &str, i: usize) -> Option<char> {
    s.get(i..)?.chars().next()
}

fn next_next_char(s: &str, i: usize) -> Option<char> {
    let mut it = s.get(i..)?.chars();
    it.next()?;
    it.next()
}

/// The lowercased word just before `i` (skipping spaces), e.g. "in" for "in May".
fn prev_word(s: &str, i: usize) -> String {
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

fn is_digit(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_digit())
}

/// A number must stand alone: not a piece of "7,000", "3.5", "1,27".
fn number_stands_alone(s: &str, start: usize, end: usize) -> bool {
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

static COUNTED_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s*(?:%|(?:percent|per\s+cent|people|persons|troops|soldiers|servicemen|civilians|casualties|deaths|dead|killed|wounded|injured|refugees|residents|homes|houses|buildings|km|kilometers|kilometres|miles|meters|metres|feet|tons|tonnes|hours|hrs|GMT|UTC|dollars|euros|rubles|roubles|drams|manats|votes|hectares|square|rockets|missiles|shells|drones|tanks|men|women|children|fighters|prisoners|hostages|families|times)\b)",
    )
});

static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s+(?:[A-Z][\w'-]*\s+){0,3}(?:Street|Avenue|Ave\.|Road|Boulevard|Blvd\.|Lane|Drive|Highway)\b",
    )
});

/// True when the 4 digits at `start..end` can be a year: not part of a number, an
/// amount, a phone number, an address or a time.
fn year_guard(s: &str, start: usize, end: usize) -> bool {
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

fn month_num(m: &str) -> Option<i8> {
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

fn weekday_of(w: &str) -> Option<Weekday> {
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

fn part_of(s: Option<&str>) -> Option<Part> {
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
fn valid_month_day(month: i8, day: i8) -> bool {
    Date::new(2000, month, day).is_ok()
}

/// Parses a count: Some(Some(n)) for an exact number, Some(None) for a vague one
/// ("several", "a few"), None when it is not a count at all.
fn parse_count(s: &str) -> Option<Option<u32>> {
    let s = s.to_lowercase();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Ok(n) = s.parse::<u32>() {
        return Some(Some(n));
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

fn parse_unit(s: &str) -> Option<Unit> {
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

fn parse_season(s: &str) -> Option<Season> {
    Some(match s.to_lowercase().as_str() {
        "spring" => Season::Spring,
        "summer" => Season::Summer,
        "autumn" | "fall" => Season::Autumn,
        "winter" => Season::Winter,
        _ => return None,
    })
}

fn group<'a>(c: &Captures<'a>, name: &str) -> Option<&'a str> {
    c.name(name).map(|m| m.as_str())
}

fn day_reading(c: &Captures, year: Option<i16>) -> Option<Reading> {
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
fn written_year(c: &Captures, s: &str) -> Option<Option<i16>> {
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
// Builders
// ---------------------------------------------------------------------------

fn build_iso(s: &str, c: &Captures) -> Option<Cand> {
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

fn build_day(s: &str, c: &Captures) -> Option<Cand> {
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

fn build_day_span(s: &str, c: &Captures) -> Option<Cand> {
    let d = c.name("d")?;
    if !number_stands_alone(s, d.start(), d.start() + d.as_str().len()) {
        return None;
    }
    let year = written_year(c, s)?;
    let month = month_num(group(c, "m")?)?;
    let d1: i8 = group(c, "d")?.parse().ok()?;
    let d2: i8 = group(c, "d2")?.parse().ok()?;
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
    cand(
        c,
        TimexType::Date,
        Reading::Span {
            from: Box::new(from),
            to: Box::new(to),
        },
    )
}

fn build_year_span(s: &str, c: &Captures) -> Option<Cand> {
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
    if !(1900..=2099).contains(&y1) || !(1900..=2099).contains(&y2) || y1 >= y2 {
        return None;
    }
    let from = Reading::Year {
        year: y1,
        part: None,
    };
    let to = Reading::Year {
        year: y2,
        part: None,
    };
    cand(
        c,
        TimexType::Date,
        Reading::Span {
            from: Box::new(from),
            to: Box::new(to),
        },
    )
}

const FULL_MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

static DAY_FOLLOWS: LazyLock<Regex> = LazyLock::new(|| re(r"^\s+\d{1,2}\b"));

const MONTH_PREPS: &[&str] = &[
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

fn build_month(s: &str, c: &Captures) -> Option<Cand> {
    let name = c.name("m")?;
    let year = written_year(c, s)?;
    let month = month_num(name.as_str())?;
    let part = part_of(group(c, "part"));
    if year.is_none() && part.is_none() {
        // A bare month name: "May" and "March" are also a verb and a noun, and
        // abbreviations alone are too often something else; those need a preposition.
        let word = prev_word(s, name.start());
        let n = name.as_str();
        let full = FULL_MONTHS.contains(&n);
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

fn build_year(s: &str, c: &Captures) -> Option<Cand> {
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
        );
    let range = if introduced { 1000..=2099 } else { 1900..=2099 };
    if !range.contains(&year) || !year_guard(s, y.start(), y.end()) {
        return None;
    }
    cand(c, TimexType::Date, Reading::Year { year, part })
}

fn day_part(s: Option<&str>) -> Option<DayPart> {
    Some(match s?.to_lowercase().as_str() {
        "morning" => DayPart::Morning,
        "afternoon" => DayPart::Afternoon,
        "evening" => DayPart::Evening,
        "night" => DayPart::Night,
        _ => return None,
    })
}

fn build_weekday(_s: &str, c: &Captures) -> Option<Cand> {
    let weekday = weekday_of(group(c, "wd")?)?;
    let shift = match group(c, "rel").map(str::to_lowercase).as_deref() {
        Some("last") => -1,
        Some("next") => 1,
        _ => 0,
    };
    let part = day_part(group(c, "dp"));
    cand(
        c,
        TimexType::Date,
        Reading::Weekday {
            weekday,
            shift,
            part,
        },
    )
}

static OBJECT_FOLLOWS: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\s+(?:the|a|an|his|her|its|their|this|that|these|those|[A-Z])"));

fn build_relday(s: &str, c: &Captures) -> Option<Cand> {
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
        "the previous day" | "the day before" => Reading::PrevDay { offset: -1 },
        "the next day"
        | "the following day"
        | "the next morning"
        | "the following morning"
        | "the day after" => Reading::PrevDay { offset: 1 },
        _ if t.starts_with("today") || t.starts_with("tonight") || t.starts_with("this") => {
            Reading::RefDay { offset: 0, part }
        }
        _ if t.starts_with("yesterday") => Reading::RefDay { offset: -1, part },
        _ if t.starts_with("tomorrow") => Reading::RefDay { offset: 1, part },
        _ => Reading::PrevDay { offset: 0 },
    };
    cand(c, TimexType::Date, reading)
}

fn build_relunit(_s: &str, c: &Captures) -> Option<Cand> {
    let unit = parse_unit(group(c, "u")?)?;
    let reading = match group(c, "rel")?.to_lowercase().as_str() {
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

fn build_part_of_this(_s: &str, c: &Captures) -> Option<Cand> {
    let unit = parse_unit(group(c, "u")?)?;
    let side = if group(c, "side")?.eq_ignore_ascii_case("earlier") {
        Side::Earlier
    } else {
        Side::Later
    };
    cand(c, TimexType::Date, Reading::PartOfThis { unit, side })
}

fn count_ok(s: &str, c: &Captures) -> bool {
    c.name("n")
        .is_none_or(|n| number_stands_alone(s, n.start(), n.end()))
}

fn build_ago(s: &str, c: &Captures) -> Option<Cand> {
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

fn build_vague(s: &str, c: &Captures) -> Option<Cand> {
    if !count_ok(s, c) {
        return None;
    }
    let unit = parse_unit(group(c, "u")?)?;
    let amount = match group(c, "n") {
        None => None,
        Some(n) => parse_count(n)?.and_then(|n| u16::try_from(n).ok()),
    };
    let reading = match group(c, "dir")?.to_lowercase().as_str() {
        "recent" | "past" | "last" => Reading::Recent {
            unit: Some(unit),
            amount,
        },
        "following" => Reading::Following { unit },
        _ => Reading::Coming { unit, amount },
    };
    cand(c, TimexType::Date, reading)
}

fn build_recently(_s: &str, c: &Captures) -> Option<Cand> {
    cand(
        c,
        TimexType::Date,
        Reading::Recent {
            unit: None,
            amount: None,
        },
    )
}

fn build_ahead(_s: &str, c: &Captures) -> Option<Cand> {
    let unit = parse_unit(group(c, "u")?)?;
    cand(c, TimexType::Date, Reading::Coming { unit, amount: None })
}

static OF_FOLLOWS: LazyLock<Regex> = LazyLock::new(|| re(r"^\s+of\b"));

fn build_season(s: &str, c: &Captures) -> Option<Cand> {
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
    // "the fall of Shusha", "the winter of discontent": not seasons of a year.
    if year.is_none() && OF_FOLLOWS.is_match(s.get(whole.end()..).unwrap_or("")) {
        return None;
    }
    let (start, end) = match c.name("t") {
        Some(t) => (t.start(), t.end()),
        None => (whole.start(), whole.end()),
    };
    let shift = if year.is_some() { None } else { shift };
    Some(Cand {
        start,
        end,
        ttype: TimexType::Date,
        reading: Reading::Season {
            season,
            year,
            shift,
        },
    })
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

fn build_duration(s: &str, c: &Captures) -> Option<Cand> {
    let m = c.get(0)?;
    if !count_ok(s, c) {
        return None;
    }
    // "30-year-old" is an age; "once a day" is a frequency.
    if s.get(m.end()..).unwrap_or("").starts_with("-old") {
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

fn build_duration_long(_s: &str, c: &Captures) -> Option<Cand> {
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

fn build_quarter_century(_s: &str, c: &Captures) -> Option<Cand> {
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

fn build_time_ampm(s: &str, c: &Captures) -> Option<Cand> {
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
    })
}

fn build_time_24(s: &str, c: &Captures) -> Option<Cand> {
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

fn build_noon(_s: &str, c: &Captures) -> Option<Cand> {
    let hour = if group(c, "w")?.eq_ignore_ascii_case("noon") {
        12
    } else {
        0
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

fn build_present(s: &str, c: &Captures) -> Option<Cand> {
    // "now-defunct" is an adjective, not a reference to the present.
    if next_char(s, c.get(0)?.end()) == Some('-') {
        return None;
    }
    cand(c, TimexType::Date, Reading::PresentRef)
}

// ---------------------------------------------------------------------------
// find
// ---------------------------------------------------------------------------

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
            })
        })
        .collect()
}

static TIME_THEN_DATE: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:\s+on|,)?\s+$"));
static DATE_THEN_TIME: LazyLock<Regex> = LazyLock::new(|| re(r"^,?\s+(?:at\s+|from\s+)?$"));
static SPAN_GAP: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:\s*[-–]\s*|\s+(?P<w>to|until|till|through|thru|and)\s+)$"));
static SPAN_OPENER: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b(?P<w>from|between)\s+$"));

fn is_day_like(r: &Reading) -> bool {
    matches!(
        r,
        Reading::Day { .. }
            | Reading::Weekday { .. }
            | Reading::RefDay { .. }
            | Reading::PrevDay { .. }
    )
}

/// Which span ends may be joined: like with like.
fn span_kind(r: &Reading) -> Option<u8> {
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
fn merge_neighbours(s: &str, chosen: Vec<Cand>) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::with_capacity(chosen.len());
    for cur in chosen {
        if let Some(last) = out.last_mut() {
            let gap = s.get(last.end..cur.start).unwrap_or("x");
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
                *last = Cand {
                    start,
                    end: cur.end,
                    ttype,
                    reading,
                };
                continue;
            }
        }
        out.push(cur);
    }
    out
}

fn span_merge(
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

// ---------------------------------------------------------------------------
// tense
// ---------------------------------------------------------------------------

const IRREGULAR_PAST: &[&str] = &[
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
const PRESENT: &[&str] = &[
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
const NOT_PAST_ED: &[&str] = &[
    "red", "bed", "shed", "hundred", "armed", "indeed", "need", "speed", "seed", "feed", "breed",
    "proceed", "exceed", "succeed", "embed", "wed", "fed", "led", "bred", "sled", "naked",
    "sacred", "wicked", "ragged", "rugged", "beloved",
];
const FUTURE_LEADS: &[&str] = &[
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
const NOT_VERB: &[&str] = &[
    "a", "an", "the", "this", "that", "its", "their", "his", "her", "our", "some", "any", "all",
];

/// A word list as a set: `tense_of` asks every word of every clause whether it is in
/// these lists, and scanning them was a tenth of extraction time.
fn word_set(words: &[&'static str]) -> FxHashSet<&'static str> {
    words.iter().copied().collect()
}

static IRREGULAR_PAST_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| word_set(IRREGULAR_PAST));
static PRESENT_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| word_set(PRESENT));
static FUTURE_LEADS_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| word_set(FUTURE_LEADS));

/// The tense of a sentence/clause, from its verbs.
pub fn tense_of(sentence: &str) -> Tense {
    // The words as written, and their lowercased forms (curly apostrophes
    // straightened) all in one buffer: this runs on every sentence and clause, and a
    // string per word was most of its cost.
    let mut buf = String::with_capacity(sentence.len());
    let mut toks: Vec<(&str, Range<usize>)> = Vec::with_capacity(sentence.len() / 4);
    for t in sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .filter(|t| !t.is_empty())
    {
        let at = buf.len();
        super::tokens::push_lowercase(&mut buf, t);
        toks.push((t, at..buf.len()));
    }
    let lower: Vec<&str> = toks.iter().map(|(_, r)| &buf[r.clone()]).collect();
    let mut past = false;
    let mut skip_participle = false;
    for (i, &w) in lower.iter().enumerate() {
        let next = lower.get(i + 1).copied().unwrap_or("");
        let after = lower.get(i + 2).copied().unwrap_or("");
        if matches!(w, "will" | "won't" | "shall" | "would" | "wouldn't") || w.ends_with("'ll") {
            return Tense::Future;
        }
        if w == "to" && next == "be" && (after.ends_with("ed") || after == "held") {
            return Tense::Future;
        }
        if FUTURE_LEADS_SET.contains(w)
            && next == "to"
            && !after.is_empty()
            && !NOT_VERB.contains(&after)
        {
            // "agreed to meet" looks ahead; "agreed to a ceasefire" does not. A verb
            // after "to" is lowercase and not a determiner.
            let original = toks.get(i + 2).map_or("", |t| t.0);
            if original.chars().next().is_some_and(char::is_lowercase) && !after.ends_with("ing") {
                return Tense::Future;
            }
        }
        if skip_participle && (w.ends_with("ed") || IRREGULAR_PAST_SET.contains(w) || w == "been") {
            // The participle of a present perfect ("has shelled") is not a past verb.
            skip_participle = w == "been";
            continue;
        }
        skip_participle = false;
        if matches!(w, "has" | "have" | "hasn't" | "haven't" | "'ve") {
            skip_participle = true;
            continue;
        }
        if IRREGULAR_PAST_SET.contains(w) {
            past = true;
            continue;
        }
        if PRESENT_SET.contains(w) {
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
    // Present-tense verbs and verbless clauses both read as present: "nearest".
    if past { Tense::Past } else { Tense::Present }
}

// ---------------------------------------------------------------------------
// resolve
// ---------------------------------------------------------------------------

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(Span::new().try_days(n).ok()?).ok()
}

fn add_months(d: Date, n: i64) -> Option<Date> {
    d.checked_add(Span::new().try_months(n).ok()?).ok()
}

fn days_between(a: Date, b: Date) -> i64 {
    a.until(b)
        .map(|s| i64::from(s.get_days()))
        .unwrap_or(i64::MAX / 4)
}

fn distance(c: &EventDate, r: Date) -> i64 {
    if r < c.start {
        days_between(r, c.start)
    } else if r > c.end {
        days_between(c.end, r)
    } else {
        0
    }
}

/// Picks the candidate (the same month-day, month or season in neighbouring years)
/// that the tense points to: past → the latest on or before R, future → the first on
/// or after R, present → the nearest. A tense choice half a year away loses to a
/// candidate within two months, because clause tense is only a heuristic.
fn choose(cands: &[EventDate], r: Date, tense: Tense) -> Option<EventDate> {
    let nearest = cands.iter().min_by_key(|c| distance(c, r)).copied();
    let by_tense = match tense {
        Tense::Past => cands
            .iter()
            .filter(|c| c.start <= r)
            .max_by_key(|c| c.start)
            .copied(),
        Tense::Future => cands
            .iter()
            .filter(|c| c.end >= r)
            .min_by_key(|c| c.start)
            .copied(),
        Tense::Present => nearest,
    };
    match (by_tense, nearest) {
        (Some(t), Some(n)) if distance(&t, r) > 183 && distance(&n, r) <= 62 => Some(n),
        (Some(t), _) => Some(t),
        (None, n) => n,
    }
}

fn month_date(year: i16, month: i8, part: Option<Part>) -> Option<EventDate> {
    let m = EventDate::month(year, month)?;
    let (start, end) = match part {
        None => return Some(m),
        Some(Part::Early) => (
            Date::new(year, month, 1).ok()?,
            Date::new(year, month, 10).ok()?,
        ),
        Some(Part::Mid) => (
            Date::new(year, month, 11).ok()?,
            Date::new(year, month, 20).ok()?,
        ),
        Some(Part::Late) => (Date::new(year, month, 21).ok()?, m.end),
    };
    Some(EventDate {
        start,
        end,
        precision: Precision::Month,
    })
}

fn year_date(year: i16, part: Option<Part>) -> Option<EventDate> {
    let y = EventDate::year(year)?;
    let (start, end) = match part {
        None => return Some(y),
        Some(Part::Early) => (y.start, Date::new(year, 4, 30).ok()?),
        Some(Part::Mid) => (Date::new(year, 5, 1).ok()?, Date::new(year, 8, 31).ok()?),
        Some(Part::Late) => (Date::new(year, 9, 1).ok()?, y.end),
    };
    Some(EventDate {
        start,
        end,
        precision: Precision::Year,
    })
}

fn season_code(s: Season) -> &'static str {
    match s {
        Season::Spring => "SP",
        Season::Summer => "SU",
        Season::Autumn => "FA",
        Season::Winter => "WI",
    }
}

/// The season of `year`; winter starts in December of that year.
fn season_date(s: Season, year: i16) -> Option<EventDate> {
    let (start, end) = match s {
        Season::Spring => (Date::new(year, 3, 1).ok()?, Date::new(year, 5, 31).ok()?),
        Season::Summer => (Date::new(year, 6, 1).ok()?, Date::new(year, 8, 31).ok()?),
        Season::Autumn => (Date::new(year, 9, 1).ok()?, Date::new(year, 11, 30).ok()?),
        Season::Winter => {
            let start = Date::new(year, 12, 1).ok()?;
            let end = Date::new(year.checked_add(1)?, 3, 1)
                .ok()?
                .yesterday()
                .ok()?;
            (start, end)
        }
    };
    Some(EventDate::season(start, end))
}

fn neighbour_years(r: Date) -> impl Iterator<Item = i16> {
    let y = r.year();
    [y.checked_sub(1), Some(y), y.checked_add(1)]
        .into_iter()
        .flatten()
}

fn unresolved(value: impl Into<String>) -> Resolved {
    Resolved {
        date: None,
        value: value.into(),
    }
}

fn resolved(date: EventDate, value: String) -> Resolved {
    Resolved {
        date: Some(date),
        value,
    }
}

fn day_resolved(d: Date) -> Resolved {
    resolved(EventDate::day(d), d.to_string())
}

fn week_value(d: Date) -> String {
    let iso = d.iso_week_date();
    format!("{:04}-W{:02}", iso.year(), iso.week())
}

fn month_value(d: Date) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

fn night_before(anchor: Date) -> Option<Resolved> {
    let eve = anchor.yesterday().ok()?;
    Some(resolved(EventDate::span(eve, anchor), format!("{eve}TNI")))
}

/// Normalize a reading against the reference date, in a clause of the given tense.
pub fn resolve(
    reading: &Reading,
    reference: Option<Date>,
    tense: Tense,
    previous: Option<&EventDate>,
) -> Resolved {
    resolve_inner(reading, reference, tense, previous)
        .unwrap_or_else(|| unresolved(unknown_value(reading)))
}

/// The TIMEX3 value when nothing anchors the expression.
fn unknown_value(reading: &Reading) -> String {
    match reading {
        Reading::Day {
            year: None,
            month,
            day,
            ..
        } => format!("XXXX-{month:02}-{day:02}"),
        Reading::Month {
            year: None, month, ..
        } => format!("XXXX-{month:02}"),
        Reading::Weekday { weekday, .. } => format!("XXXX-WXX-{}", weekday.to_monday_one_offset()),
        Reading::Season { season, year, .. } => match year {
            Some(y) => format!("{y:04}-{}", season_code(*season)),
            None => format!("XXXX-{}", season_code(*season)),
        },
        Reading::Ago { .. } | Reading::Recent { .. } => "PAST_REF".into(),
        Reading::Coming { .. } | Reading::Following { .. } => "FUTURE_REF".into(),
        Reading::PresentRef => "PRESENT_REF".into(),
        Reading::Duration { .. } => duration_value(reading),
        Reading::Time { hour, minute, date } => match date {
            Some(d) => format!("{}T{hour:02}:{minute:02}", unknown_value(d)),
            None => format!("T{hour:02}:{minute:02}"),
        },
        Reading::Span { from, to } => format!("{}/{}", unknown_value(from), unknown_value(to)),
        Reading::Year { year, .. } => format!("{year:04}"),
        Reading::Day {
            year: Some(y),
            month,
            day,
            ..
        } => format!("{y:04}-{month:02}-{day:02}"),
        Reading::Month {
            year: Some(y),
            month,
            ..
        } => format!("{y:04}-{month:02}"),
        Reading::RelUnit {
            unit: Unit::Week, ..
        }
        | Reading::PartOfThis {
            unit: Unit::Week, ..
        } => "XXXX-WXX".into(),
        Reading::RelUnit {
            unit: Unit::Month, ..
        }
        | Reading::PartOfThis {
            unit: Unit::Month, ..
        } => "XXXX-XX".into(),
        Reading::RelUnit { .. } | Reading::PartOfThis { .. } => "XXXX".into(),
        Reading::RefDay { .. } | Reading::PrevDay { .. } | Reading::NightBefore { .. } => {
            "XXXX-XX-XX".into()
        }
    }
}

fn duration_value(reading: &Reading) -> String {
    let Reading::Duration { amount, unit, .. } = reading else {
        return String::new();
    };
    let (n, letter, time) = match unit {
        Unit::Second => (*amount, "S", true),
        Unit::Minute => (*amount, "M", true),
        Unit::Hour => (*amount, "H", true),
        Unit::Day => (*amount, "D", false),
        Unit::Week => (*amount, "W", false),
        Unit::Month => (*amount, "M", false),
        Unit::Year => (*amount, "Y", false),
        Unit::Decade => (amount.map(|n| n.saturating_mul(10)), "Y", false),
        Unit::Century => (amount.map(|n| n.saturating_mul(100)), "Y", false),
    };
    let n = n.map_or_else(|| "X".to_string(), |n| n.to_string());
    if time {
        format!("PT{n}{letter}")
    } else {
        format!("P{n}{letter}")
    }
}

fn resolve_inner(
    reading: &Reading,
    r: Option<Date>,
    tense: Tense,
    previous: Option<&EventDate>,
) -> Option<Resolved> {
    match reading {
        Reading::Day {
            year: Some(y),
            month,
            day,
            ..
        } => Some(day_resolved(Date::new(*y, *month, *day).ok()?)),
        Reading::Day {
            year: None,
            month,
            day,
            weekday,
        } => {
            let r = r?;
            let mut cands: Vec<Date> = neighbour_years(r)
                .filter_map(|y| Date::new(y, *month, *day).ok())
                .collect();
            if let Some(w) = weekday
                && cands.iter().any(|d| d.weekday() == *w)
            {
                cands.retain(|d| d.weekday() == *w);
            }
            let cands: Vec<EventDate> = cands.into_iter().map(EventDate::day).collect();
            let d = choose(&cands, r, tense)?;
            Some(day_resolved(d.start))
        }
        Reading::Month {
            year: Some(y),
            month,
            part,
        } => {
            let d = month_date(*y, *month, *part)?;
            Some(resolved(d, format!("{y:04}-{month:02}")))
        }
        Reading::Month {
            year: None,
            month,
            part,
        } => {
            let r = r?;
            let cands: Vec<EventDate> = neighbour_years(r)
                .filter_map(|y| EventDate::month(y, *month))
                .collect();
            let whole = choose(&cands, r, tense)?;
            let d = month_date(whole.start.year(), *month, *part)?;
            Some(resolved(d, month_value(whole.start)))
        }
        Reading::Year { year, part } => {
            Some(resolved(year_date(*year, *part)?, format!("{year:04}")))
        }
        Reading::Weekday { weekday, shift, .. } => {
            let r = r?;
            let back = i64::from(weekday.until(r.weekday()));
            let fwd = i64::from(r.weekday().until(*weekday));
            let d = match (*shift, tense) {
                (s, _) if s < 0 => add_days(r, -(if back == 0 { 7 } else { back }))?,
                (s, _) if s > 0 => add_days(r, if fwd == 0 { 7 } else { fwd })?,
                (_, Tense::Future) => add_days(r, if fwd == 0 { 7 } else { fwd })?,
                _ => add_days(r, -back)?,
            };
            Some(day_resolved(d))
        }
        Reading::RefDay { offset, .. } => Some(day_resolved(add_days(r?, i64::from(*offset))?)),
        Reading::PrevDay { offset } => {
            let p = previous?;
            match offset {
                0 => Some(resolved(*p, p.timex_value())),
                o if *o < 0 => Some(day_resolved(add_days(p.start, i64::from(*o))?)),
                o => Some(day_resolved(add_days(p.end, i64::from(*o))?)),
            }
        }
        Reading::NightBefore { anchor } => {
            let a = match anchor {
                Anchor::Reference => r?,
                Anchor::Previous => previous.map(|p| p.start).or(r)?,
            };
            night_before(a)
        }
        Reading::RelUnit { unit, offset } => {
            let r = r?;
            let o = i64::from(*offset);
            match unit {
                Unit::Week => {
                    let d = add_days(r, o * 7)?;
                    Some(resolved(EventDate::week_of(d), week_value(d)))
                }
                Unit::Month => {
                    let d = add_months(r.first_of_month(), o)?;
                    Some(resolved(
                        EventDate::month(d.year(), d.month())?,
                        month_value(d),
                    ))
                }
                Unit::Year => {
                    let y = r.year().checked_add(i16::try_from(o).ok()?)?;
                    Some(resolved(EventDate::year(y)?, format!("{y:04}")))
                }
                _ => None,
            }
        }
        Reading::PartOfThis { unit, side } => {
            let r = r?;
            let (whole, value) = match unit {
                Unit::Week => (EventDate::week_of(r), week_value(r)),
                Unit::Month => (EventDate::month(r.year(), r.month())?, month_value(r)),
                Unit::Year => (EventDate::year(r.year())?, format!("{:04}", r.year())),
                _ => return None,
            };
            let d = match side {
                Side::Earlier => EventDate {
                    start: whole.start,
                    end: r,
                    precision: whole.precision,
                },
                Side::Later => EventDate {
                    start: r,
                    end: whole.end,
                    precision: whole.precision,
                },
            };
            Some(resolved(d, value))
        }
        Reading::Ago {
            amount: Some(n),
            unit,
        } => {
            let r = r?;
            let n = i64::from(*n);
            match unit {
                Unit::Second | Unit::Minute | Unit::Hour => Some(day_resolved(r)),
                Unit::Day => Some(day_resolved(add_days(r, -n)?)),
                Unit::Week => {
                    let d = add_days(r, -7 * n)?;
                    Some(resolved(EventDate::week_of(d), week_value(d)))
                }
                Unit::Month => {
                    let d = add_months(r.first_of_month(), -n)?;
                    Some(resolved(
                        EventDate::month(d.year(), d.month())?,
                        month_value(d),
                    ))
                }
                Unit::Year | Unit::Decade | Unit::Century => {
                    let years = match unit {
                        Unit::Decade => n * 10,
                        Unit::Century => n * 100,
                        _ => n,
                    };
                    let y = i16::try_from(i64::from(r.year()) - years).ok()?;
                    Some(resolved(EventDate::year(y)?, format!("{y:04}")))
                }
            }
        }
        Reading::Ago { amount: None, unit } => {
            let r = r?;
            let (from, to) = match unit {
                Unit::Day => (7, 2),
                Unit::Week => (42, 14),
                _ => return Some(unresolved("PAST_REF")),
            };
            Some(resolved(
                EventDate::span(add_days(r, -from)?, add_days(r, -to)?),
                "PAST_REF".into(),
            ))
        }
        Reading::Recent { unit, amount } => {
            let r = r?;
            let start = match (unit, amount) {
                (None, _) => add_days(r, -30)?,
                (Some(Unit::Day), n) => add_days(r, -i64::from(n.unwrap_or(7)))?,
                (Some(Unit::Week), n) => add_days(r, -7 * i64::from(n.unwrap_or(4)))?,
                (Some(Unit::Month), n) => add_months(r, -i64::from(n.unwrap_or(3)))?,
                (Some(Unit::Year), n) => add_months(r, -12 * i64::from(n.unwrap_or(3)))?,
                _ => return Some(unresolved("PAST_REF")),
            };
            Some(resolved(EventDate::span(start, r), "PAST_REF".into()))
        }
        Reading::Coming { unit, amount } => {
            let r = r?;
            let end = match unit {
                Unit::Day => add_days(r, i64::from(amount.unwrap_or(7)))?,
                Unit::Week => add_days(r, 7 * i64::from(amount.unwrap_or(4)))?,
                Unit::Month => add_months(r, i64::from(amount.unwrap_or(3)))?,
                Unit::Year => add_months(r, 12 * i64::from(amount.unwrap_or(3)))?,
                _ => return Some(unresolved("FUTURE_REF")),
            };
            Some(resolved(
                EventDate::span(r.tomorrow().ok()?, end),
                "FUTURE_REF".into(),
            ))
        }
        Reading::Following { .. } => {
            let (p, r) = (previous?, r?);
            let start = p.end.tomorrow().ok()?;
            if start > r {
                return None;
            }
            let d = EventDate::span(start, r);
            Some(resolved(d, d.timex_value()))
        }
        Reading::Season {
            season,
            year,
            shift,
        } => {
            let d = match (year, shift) {
                (Some(y), _) => season_date(*season, *y)?,
                (None, Some(shift)) => {
                    let r = r?;
                    let all: Vec<EventDate> = [-2i16, -1, 0, 1]
                        .iter()
                        .filter_map(|k| season_date(*season, r.year().checked_add(*k)?))
                        .collect();
                    match shift {
                        s if *s < 0 => all
                            .iter()
                            .filter(|c| c.end < r)
                            .max_by_key(|c| c.start)
                            .copied()?,
                        s if *s > 0 => all
                            .iter()
                            .filter(|c| c.start > r)
                            .min_by_key(|c| c.start)
                            .copied()?,
                        _ => {
                            let y = if *season == Season::Winter && r.month() <= 2 {
                                r.year().checked_sub(1)?
                            } else {
                                r.year()
                            };
                            season_date(*season, y)?
                        }
                    }
                }
                (None, None) => {
                    let r = r?;
                    let cands: Vec<EventDate> = neighbour_years(r)
                        .filter_map(|y| season_date(*season, y))
                        .collect();
                    choose(&cands, r, tense)?
                }
            };
            Some(resolved(
                d,
                format!("{:04}-{}", d.start.year(), season_code(*season)),
            ))
        }
        Reading::Span { from, to } => resolve_span(from, to, r, tense, previous),
        Reading::Duration { .. } => Some(unresolved(duration_value(reading))),
        Reading::Time { hour, minute, date } => {
            let time = format!("T{hour:02}:{minute:02}");
            match date {
                None => Some(unresolved(time)),
                Some(d) => {
                    let res = resolve(d, r, tense, previous);
                    Some(Resolved {
                        value: format!("{}{time}", res.value),
                        date: res.date,
                    })
                }
            }
        }
        Reading::PresentRef => Some(Resolved {
            date: r.map(EventDate::day),
            value: "PRESENT_REF".into(),
        }),
    }
}

fn has_year(r: &Reading) -> bool {
    matches!(
        r,
        Reading::Day { year: Some(_), .. }
            | Reading::Month { year: Some(_), .. }
            | Reading::Year { .. }
    )
}

fn with_year(r: &Reading, y: i16) -> Reading {
    match r {
        Reading::Day {
            month,
            day,
            weekday,
            ..
        } => Reading::Day {
            year: Some(y),
            month: *month,
            day: *day,
            weekday: *weekday,
        },
        Reading::Month { month, part, .. } => Reading::Month {
            year: Some(y),
            month: *month,
            part: *part,
        },
        other => other.clone(),
    }
}

/// A span's ends share what the text says once: "Sept. 27 and Nov. 10, 2020" puts
/// both in 2020; "Dec. 28 to Jan. 3" crosses the year.
fn resolve_span(
    from: &Reading,
    to: &Reading,
    r: Option<Date>,
    tense: Tense,
    previous: Option<&EventDate>,
) -> Option<Resolved> {
    let (a, b) = if !has_year(from) && has_year(to) {
        let b = resolve_inner(to, r, tense, previous)?.date?;
        let mut a = resolve_inner(&with_year(from, b.start.year()), r, tense, previous)?.date?;
        if a.start > b.end {
            a = resolve_inner(
                &with_year(from, b.start.year().checked_sub(1)?),
                r,
                tense,
                previous,
            )?
            .date?;
        }
        (a, b)
    } else {
        let a = resolve_inner(from, r, tense, previous)?.date?;
        let b = match to {
            Reading::Weekday { weekday, .. } => EventDate::day(add_days(
                a.start,
                i64::from(a.start.weekday().until(*weekday)),
            )?),
            _ if has_year(to) => resolve_inner(to, r, tense, previous)?.date?,
            _ => {
                let mut b =
                    resolve_inner(&with_year(to, a.start.year()), r, tense, previous)?.date?;
                if b.end < a.start {
                    b = resolve_inner(
                        &with_year(to, a.start.year().checked_add(1)?),
                        r,
                        tense,
                        previous,
                    )?
                    .date?;
                }
                b
            }
        };
        (a, b)
    };
    if b.end < a.start {
        return None;
    }
    let d = EventDate {
        start: a.start,
        end: b.end,
        precision: Precision::Span,
    };
    Some(resolved(d, format!("{}/{}", a.start, b.end)))
}

// ---------------------------------------------------------------------------
// calendar facts
// ---------------------------------------------------------------------------

/// Explicit facts an expression gives about the calendar, for inferring an undated
/// article's reference date.
pub fn calendar_facts(reading: &Reading) -> CalendarFacts {
    match reading {
        Reading::Day {
            year,
            month,
            day,
            weekday,
        } => CalendarFacts {
            year: *year,
            month_day: (year.is_some() || weekday.is_some()).then_some((*month, *day)),
            weekday: *weekday,
            years_ago: None,
        },
        Reading::Month { year, .. } => CalendarFacts {
            year: *year,
            ..Default::default()
        },
        Reading::Year { year, .. } => CalendarFacts {
            year: Some(*year),
            ..Default::default()
        },
        Reading::Season { year, .. } => CalendarFacts {
            year: *year,
            ..Default::default()
        },
        Reading::Ago {
            amount: Some(n),
            unit: Unit::Year,
        } => CalendarFacts {
            years_ago: i16::try_from(*n).ok(),
            ..Default::default()
        },
        Reading::Span { from, to } => {
            let (f, t) = (calendar_facts(from), calendar_facts(to));
            CalendarFacts {
                year: f.year.or(t.year),
                month_day: f.month_day.or(t.month_day),
                weekday: f.weekday.or(t.weekday),
                years_ago: None,
            }
        }
        Reading::Time { date: Some(d), .. } => calendar_facts(d),
        _ => CalendarFacts::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Tense::{Future as F, Past as P, Present as N};

    /// (sentence with the expected expression in [[ ]], reference date or "", tense,
    /// expected value, expected date "YYYY-MM-DD" / "A/B" / "" for none).
    /// Every expression in the sentence is resolved in order, each with the date of
    /// the one before it as `previous`, as the caller does.
    #[rustfmt::skip]
    const ROWS: &[(&str, &str, Tense, &str, &str)] = &[
        // Real news sentences from the spec.
        ("The hostilities continued unabated on [[Friday]], with both sides reporting heavy fighting", "2020-10-23", P, "2020-10-23", "2020-10-23"),
        ("Armenia's Defense Ministry on [[Wednesday morning]] again denied that Armenian forces fired at Azerbaijani positions the previous night.", "2022-11-16", P, "2022-11-16", "2022-11-16"),
        ("Armenia's Defense Ministry on Wednesday morning again denied that Armenian forces fired at Azerbaijani positions [[the previous night]].", "2022-11-16", P, "2022-11-15TNI", "2022-11-15/2022-11-16"),
        ("The foreign ministers agreed to meet once again in Geneva on [[Thursday, October 29]].", "2020-10-27", F, "2020-10-29", "2020-10-29"),
        ("There were [[several days]] of clashes along the border in mid-September.", "2022-11-16", P, "PXD", ""),
        ("There were several days of clashes along the border in [[mid-September]].", "2022-11-16", P, "2022-09", "2022-09-11/2022-09-20"),
        ("The deal brought a deadly [[44-day]] Armenian-Azerbaijani war over Nagorno-Karabakh to a close in November 2020.", "2022-11-16", P, "P44D", ""),
        ("The deal brought a deadly 44-day Armenian-Azerbaijani war over Nagorno-Karabakh to a close in [[November 2020]].", "2022-11-16", P, "2020-11", "2020-11-01/2020-11-30"),
        ("Russia deployed its peacekeepers in the region [[two years ago]].", "2022-11-16", P, "2020", "2020-01-01/2020-12-31"),
        ("The talks in Washington took place [[earlier this month]].", "2022-11-16", P, "2022-11", "2022-11-01/2022-11-16"),
        ("Fighting began [[Sept. 27]].", "2020-10-24", P, "2020-09-27", "2020-09-27"),
        ("Azerbaijani rockets hit the town of Martakert [[overnight]].", "2020-10-24", P, "2020-10-23TNI", "2020-10-23/2020-10-24"),
        // ISO and full dates.
        ("The order is dated [[2020-10-24]].", "", P, "2020-10-24", "2020-10-24"),
        ("The truce began on [[October 10, 2020]].", "", P, "2020-10-10", "2020-10-10"),
        ("The truce began on [[Oct. 10, 2020]], in Moscow.", "", P, "2020-10-10", "2020-10-10"),
        ("The truce began on [[10 October 2020]].", "2022-01-01", P, "2020-10-10", "2020-10-10"),
        ("He spoke at the conference on [[Feb. 15, 2020]].", "", P, "2020-02-15", "2020-02-15"),
        ("The vote was held on [[Sunday, Feb. 16, 2020]].", "", P, "2020-02-16", "2020-02-16"),
        ("It happened on the [[27th of October 2020]].", "", P, "2020-10-27", "2020-10-27"),
        // Month-days without a year.
        ("The sides met on [[Oct. 27]] in Moscow.", "2020-10-30", P, "2020-10-27", "2020-10-27"),
        ("The sides will meet on [[October 27]].", "2020-10-24", F, "2020-10-27", "2020-10-27"),
        ("The attack on [[27 October]] killed five.", "2020-10-30", P, "2020-10-27", "2020-10-27"),
        ("The offensive started on [[Sep 27]].", "2020-10-24", P, "2020-09-27", "2020-09-27"),
        ("The ceasefire took effect on [[October 10]].", "2020-10-24", P, "2020-10-10", "2020-10-10"),
        ("Talks are scheduled for [[Tuesday, October 27]].", "2020-10-24", F, "2020-10-27", "2020-10-27"),
        ("The summit will open on [[Jan. 3]].", "2020-12-28", F, "2021-01-03", "2021-01-03"),
        ("Shelling was reported on [[Dec. 30]].", "2021-01-02", P, "2020-12-30", "2020-12-30"),
        ("Shelling was reported on [[Oct. 27]].", "", P, "XXXX-10-27", ""),
        ("The elections on [[March 8]] were disputed.", "2020-10-24", P, "2020-03-08", "2020-03-08"),
        ("The leaders met on [[May 5]].", "2020-10-24", P, "2020-05-05", "2020-05-05"),
        // Months.
        ("Elections will be held in [[November]].", "2020-10-24", F, "2020-11", "2020-11-01/2020-11-30"),
        ("Elections were held in [[November]].", "2021-01-10", P, "2020-11", "2020-11-01/2020-11-30"),
        ("The troops must leave by [[March]].", "2020-10-24", F, "2021-03", "2021-03-01/2021-03-31"),
        ("The protests started in [[May]].", "2020-10-24", P, "2020-05", "2020-05-01/2020-05-31"),
        ("The talks resumed in [[November]].", "", P, "XXXX-11", ""),
        ("The war ended in [[November 2020]].", "2022-11-16", P, "2020-11", "2020-11-01/2020-11-30"),
        ("Clashes erupted in [[early October]].", "2020-10-24", P, "2020-10", "2020-10-01/2020-10-10"),
        ("A summit is planned for [[late November]].", "2020-10-24", F, "2020-11", "2020-11-21/2020-11-30"),
        ("The deal collapsed at [[the end of October 2019]].", "", P, "2019-10", "2019-10-21/2019-10-31"),
        // Years and year parts.
        ("The first war ended in [[1994]].", "2020-10-24", P, "1994", "1994-01-01/1994-12-31"),
        ("The region declared independence in [[1991]].", "", P, "1991", "1991-01-01/1991-12-31"),
        ("The talks have stalled since [[1991]].", "", N, "1991", "1991-01-01/1991-12-31"),
        ("He spoke at the [[2020]] Munich Security Conference.", "", P, "2020", "2020-01-01/2020-12-31"),
        ("Relations improved by [[mid-2020]].", "", P, "2020", "2020-05-01/2020-08-31"),
        ("A new round is expected in [[early 2021]].", "", F, "2021", "2021-01-01/2021-04-30"),
        ("Tension grew in [[late 2019]].", "", P, "2019", "2019-09-01/2019-12-31"),
        // Weekdays.
        ("Both sides traded fire on [[Friday]].", "2020-10-24", P, "2020-10-23", "2020-10-23"),
        ("Ahead of [[Friday]]'s talks, the mood was tense.", "2020-10-24", N, "2020-10-23", "2020-10-23"),
        ("The ministers will meet on [[Thursday]].", "2020-10-22", F, "2020-10-29", "2020-10-29"),
        ("The ministers will meet on [[Monday]].", "2020-10-24", F, "2020-10-26", "2020-10-26"),
        ("Shelling resumed on [[Saturday]].", "2020-10-24", P, "2020-10-24", "2020-10-24"),
        ("The ministers met [[last Friday]].", "2020-10-23", P, "2020-10-16", "2020-10-16"),
        ("Talks resume [[next Monday]].", "2020-10-24", N, "2020-10-26", "2020-10-26"),
        ("The ministers met on [[Friday]].", "", P, "XXXX-WXX-5", ""),
        ("Drones struck the town on [[Sunday night]].", "2020-10-27", P, "2020-10-25", "2020-10-25"),
        // Days around the reference.
        ("The ministry said [[today]] that the talks failed.", "2020-10-24", P, "2020-10-24", "2020-10-24"),
        ("The president will address the nation [[tonight]].", "2020-10-24", F, "2020-10-24", "2020-10-24"),
        ("Shelling resumed [[this morning]].", "2020-10-24", P, "2020-10-24", "2020-10-24"),
        ("[[Yesterday]], the ministry denied the reports.", "2020-10-24", P, "2020-10-23", "2020-10-23"),
        ("The foreign ministers will meet [[tomorrow]].", "2020-10-24", F, "2020-10-25", "2020-10-25"),
        ("Sirens sounded in Stepanakert [[last night]].", "2020-10-24", P, "2020-10-23TNI", "2020-10-23/2020-10-24"),
        ("Sirens sounded in Stepanakert [[yesterday morning]].", "2020-10-24", P, "2020-10-23", "2020-10-23"),
        ("Shelling was heard [[the previous night]].", "2020-10-24", P, "2020-10-23TNI", "2020-10-23/2020-10-24"),
        // Days around the previous expression.
        ("Fighting erupted on Oct. 10 and resumed [[the next day]].", "2020-10-24", P, "2020-10-11", "2020-10-11"),
        ("Talks opened on Oct. 10 and a truce followed [[the following day]].", "2020-10-24", P, "2020-10-11", "2020-10-11"),
        ("The attack of Oct. 12 came after a warning issued [[the day before]].", "2020-10-24", P, "2020-10-11", "2020-10-11"),
        ("Talks opened on Oct. 10; a drone was downed [[the previous day]].", "2020-10-24", P, "2020-10-09", "2020-10-09"),
        ("Talks opened on Oct. 10, and [[that day]] a drone was downed.", "2020-10-24", P, "2020-10-10", "2020-10-10"),
        ("Talks opened on Oct. 10, and [[the same day]] a drone was downed.", "2020-10-24", P, "2020-10-10", "2020-10-10"),
        ("Talks opened on Oct. 10 after heavy shelling [[the night before]].", "2020-10-24", P, "2020-10-09TNI", "2020-10-09/2020-10-10"),
        ("A drone was downed [[the next day]].", "2020-10-24", P, "XXXX-XX-XX", ""),
        // Calendar units.
        ("Talks are under way [[this week]].", "2020-10-24", N, "2020-W43", "2020-10-19/2020-10-25"),
        ("Talks were held [[last week]].", "2020-10-24", P, "2020-W42", "2020-10-12/2020-10-18"),
        ("Talks will be held [[next week]].", "2020-10-24", F, "2020-W44", "2020-10-26/2020-11-01"),
        ("Prices rose [[this month]].", "2020-10-24", P, "2020-10", "2020-10-01/2020-10-31"),
        ("Prices rose [[last month]].", "2020-10-24", P, "2020-09", "2020-09-01/2020-09-30"),
        ("Prices will rise [[next month]].", "2020-10-24", F, "2020-11", "2020-11-01/2020-11-30"),
        ("Elections were held [[last year]].", "2020-10-24", P, "2019", "2019-01-01/2019-12-31"),
        ("Elections will be held [[next year]].", "2020-10-24", F, "2021", "2021-01-01/2021-12-31"),
        ("[[This year]] the talks stalled.", "2020-10-24", P, "2020", "2020-01-01/2020-12-31"),
        ("A summit is planned [[later this month]].", "2020-10-24", F, "2020-10", "2020-10-24/2020-10-31"),
        ("The talks collapsed [[earlier this year]].", "2020-10-24", P, "2020", "2020-01-01/2020-10-24"),
        ("The talks collapsed [[earlier this week]].", "2020-10-24", P, "2020-W43", "2020-10-19/2020-10-24"),
        // N units ago.
        ("The village fell [[three days ago]].", "2020-10-24", P, "2020-10-21", "2020-10-21"),
        ("The village fell [[two weeks ago]].", "2020-10-24", P, "2020-W41", "2020-10-05/2020-10-11"),
        ("The village fell [[a month ago]].", "2020-10-24", P, "2020-09", "2020-09-01/2020-09-30"),
        ("The village fell [[2 years ago]].", "2022-11-16", P, "2020", "2020-01-01/2020-12-31"),
        ("The village fell [[a few days ago]].", "2020-10-24", P, "PAST_REF", "2020-10-17/2020-10-22"),
        // Vague spans.
        ("Fighting has intensified in [[recent days]].", "2020-10-24", N, "PAST_REF", "2020-10-17/2020-10-24"),
        ("Fighting has intensified in [[recent weeks]].", "2020-10-24", N, "PAST_REF", "2020-09-26/2020-10-24"),
        ("Clashes broke out on Oct. 10 and continued over [[the following days]].", "2020-10-24", P, "2020-10-11/2020-10-24", "2020-10-11/2020-10-24"),
        ("Talks are expected in [[the coming weeks]].", "2020-10-24", F, "FUTURE_REF", "2020-10-25/2020-11-21"),
        ("Shelling intensified over [[the past few days]].", "2020-10-24", N, "PAST_REF", "2020-10-17/2020-10-24"),
        ("The ministry [[recently]] denied the reports.", "2020-10-24", P, "PAST_REF", "2020-09-24/2020-10-24"),
        // Seasons.
        ("Fighting flared [[this summer]].", "2020-10-24", P, "2020-SU", "2020-06-01/2020-08-31"),
        ("A referendum is planned in [[the spring of 2021]].", "", F, "2021-SP", "2021-03-01/2021-05-31"),
        ("Gas supplies were cut [[last winter]].", "2020-10-24", P, "2019-WI", "2019-12-01/2020-02-29"),
        ("The talks began in [[autumn 2019]].", "", P, "2019-FA", "2019-09-01/2019-11-30"),
        ("The talks began in [[fall 2019]].", "", P, "2019-FA", "2019-09-01/2019-11-30"),
        ("A new round is planned [[next spring]].", "2020-10-24", F, "2021-SP", "2021-03-01/2021-05-31"),
        // Spans.
        ("Talks ran [[from October 10 to October 17]].", "2020-10-24", P, "2020-10-10/2020-10-17", "2020-10-10/2020-10-17"),
        ("Over 5,000 died [[between Sept. 27 and Nov. 10]].", "2020-11-20", P, "2020-09-27/2020-11-10", "2020-09-27/2020-11-10"),
        ("Talks were held [[October 10-17]].", "2020-10-24", P, "2020-10-10/2020-10-17", "2020-10-10/2020-10-17"),
        ("Talks were held [[10-17 October]].", "2020-10-24", P, "2020-10-10/2020-10-17", "2020-10-10/2020-10-17"),
        ("A truce held [[from Dec. 28 to Jan. 3]].", "2021-01-10", P, "2020-12-28/2021-01-03", "2020-12-28/2021-01-03"),
        ("The first war lasted [[from 1991 to 1994]].", "", P, "1991-01-01/1994-12-31", "1991-01-01/1994-12-31"),
        ("The first war lasted [[1991-1994]].", "", P, "1991-01-01/1994-12-31", "1991-01-01/1994-12-31"),
        // Durations.
        ("It was a [[six-week]] war.", "", P, "P6W", ""),
        ("The shelling went on for [[about 40 minutes]].", "", P, "PT40M", ""),
        ("After [[nearly a month]] of fighting, a truce.", "", P, "P1M", ""),
        ("The conflict has lasted [[more than a quarter-century]].", "", N, "P25Y", ""),
        ("After [[two years]] of talks, nothing changed.", "", P, "P2Y", ""),
        ("A [[24-hour]] humanitarian ceasefire was agreed.", "", P, "PT24H", ""),
        ("The [[decades-long]] conflict flared again.", "", P, "PXY", ""),
        // Times.
        ("The truce starts at [[8 a.m. on Monday, October 26]].", "2020-10-24", F, "2020-10-26T08:00", "2020-10-26"),
        ("The truce starts at [[8 a.m.]] local time.", "2020-10-24", F, "T08:00", ""),
        ("Sirens sounded at [[10:30 p.m.]] in Stepanakert.", "2020-10-24", P, "T22:30", ""),
        // Present.
        ("The town is [[now]] under Azerbaijani control.", "2020-10-24", N, "PRESENT_REF", "2020-10-24"),
        ("About 2,000 peacekeepers are [[currently]] deployed.", "2020-10-24", N, "PRESENT_REF", "2020-10-24"),
        ("[[At present]] the road is closed.", "", N, "PRESENT_REF", ""),
        // Nothing to tag.
        ("The 44 soldiers were buried.", "2020-10-24", P, "", ""),
        ("Some 7,000 people fled and 924 were killed.", "2020-10-24", P, "", ""),
        ("Another 27 more were wounded.", "2020-10-24", P, "", ""),
        ("The OSCE Minsk Group co-chairs met.", "2020-10-24", P, "", ""),
        ("The rockets may have killed civilians.", "2020-10-24", P, "", ""),
        ("May God protect the soldiers.", "2020-10-24", P, "", ""),
        ("They organised a march on the capital.", "2020-10-24", P, "", ""),
        ("March on the capital, the leaders said.", "2020-10-24", P, "", ""),
        ("Call +1 202 555 2020 for details.", "2020-10-24", P, "", ""),
        ("More than 1,000 troops were deployed.", "2020-10-24", P, "", ""),
        ("Within minutes, moments later, shortly after the blast, ambulances came.", "2020-10-24", P, "", ""),
        ("The letter dated February 30 is fake.", "2020-10-24", P, "", ""),
        ("Nobody met on Sept. 31 at all.", "2020-10-24", P, "", ""),
        ("In year 99999 nothing happens, nor in 12345.", "2020-10-24", P, "", ""),
        ("He lives at 1991 Main Street.", "2020-10-24", P, "", ""),
        ("There were 2000 people at the rally.", "2020-10-24", P, "", ""),
        ("The fall of Shusha shocked Armenia.", "2020-10-24", P, "", ""),
        ("The festival in Mar del Plata was a now-defunct tradition.", "2020-10-24", P, "", ""),
        ("Both sides lost 2,000 men in Sept and 1,500 in Oct, the May report said.", "2020-10-24", P, "", ""),
        ("The code 18 a.m.x was printed.", "2020-10-24", P, "", ""),
    ];

    fn date_str(d: &Option<EventDate>) -> String {
        match d {
            None => String::new(),
            Some(d) if d.start == d.end => d.start.to_string(),
            Some(d) => format!("{}/{}", d.start, d.end),
        }
    }

    #[test]
    fn table() {
        let mut failures = Vec::new();
        for (row, (marked, reference, tense, value, date)) in ROWS.iter().enumerate() {
            let sentence = marked.replace("[[", "").replace("]]", "");
            let expected_text = marked.split("[[").nth(1).and_then(|t| t.split("]]").next());
            let reference: Option<Date> =
                (!reference.is_empty()).then(|| reference.parse().unwrap());
            let found = find(&sentence, 0..sentence.len());
            let Some(expected_text) = expected_text else {
                if !found.is_empty() {
                    failures.push(format!(
                        "row {row}: {sentence:?} should have no timex, got {found:?}"
                    ));
                }
                continue;
            };
            let mut previous: Option<EventDate> = None;
            let mut hit = None;
            for t in &found {
                let res = resolve(&t.reading, reference, *tense, previous.as_ref());
                if t.text == expected_text {
                    hit = Some(res.clone());
                }
                if res.date.is_some() {
                    previous = res.date;
                }
            }
            match hit {
                None => failures.push(format!(
                    "row {row}: {expected_text:?} not found in {sentence:?}; found {:?}",
                    found.iter().map(|t| &t.text).collect::<Vec<_>>()
                )),
                Some(res) => {
                    if res.value != *value || date_str(&res.date) != *date {
                        failures.push(format!(
                            "row {row}: {expected_text:?}: got ({}, {}) want ({value}, {date})",
                            res.value,
                            date_str(&res.date)
                        ));
                    }
                }
            }
        }
        assert!(ROWS.len() >= 80);
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn precision_is_not_invented() {
        let r = Some(Date::new(2022, 11, 16).unwrap());
        let s = "clashes along the border in mid-September";
        let t = &find(s, 0..s.len())[0];
        let d = resolve(&t.reading, r, P, None).date.unwrap();
        assert_eq!(d.precision, Precision::Month);
        let s = "two years ago";
        let t = &find(s, 0..s.len())[0];
        assert_eq!(
            resolve(&t.reading, r, P, None).date.unwrap().precision,
            Precision::Year
        );
        let s = "overnight";
        let t = &find(s, 0..s.len())[0];
        assert_eq!(
            resolve(&t.reading, r, P, None).date.unwrap().precision,
            Precision::Span
        );
        let s = "this summer";
        let t = &find(s, 0..s.len())[0];
        assert_eq!(
            resolve(&t.reading, r, P, None).date.unwrap().precision,
            Precision::Season
        );
        assert_eq!(t.ttype, TimexType::Date);
        let s = "a 44-day war";
        assert_eq!(find(s, 0..s.len())[0].ttype, TimexType::Duration);
    }

    #[test]
    fn tenses() {
        #[rustfmt::skip]
        let rows: &[(&str, Tense)] = &[
            ("The ministers will meet on Thursday.", F),
            ("The talks are due to resume on Monday.", F),
            ("Baku plans to hold a vote in May.", F),
            ("They agreed to meet once again in Geneva on Thursday, October 29.", F),
            ("They agreed to a ceasefire on Saturday.", P),
            ("The situation has been tense since Friday.", N),
            ("Officials say the shelling continues.", N),
            ("The hostilities continued unabated on Friday.", P),
            ("The ministry denied the report.", P),
            ("The ministers met in Moscow.", P),
            ("Fighting began Sept. 27.", P),
            ("Armenian forces have shelled the town.", N),
        ];
        for (s, t) in rows {
            assert_eq!(tense_of(s), *t, "{s}");
        }
    }

    #[test]
    fn facts() {
        let get = |s: &str| calendar_facts(&find(s, 0..s.len())[0].reading);
        assert_eq!(get("in 1991").year, Some(1991));
        assert_eq!(get("on Feb. 15, 2020").month_day, Some((2, 15)));
        let f = get("on Tuesday, October 27");
        assert_eq!(
            (f.year, f.month_day, f.weekday),
            (None, Some((10, 27)), Some(Weekday::Tuesday))
        );
        assert_eq!(get("Oct. 27").month_day, None);
        assert_eq!(get("two years ago").years_ago, Some(2));
        let json = serde_json_like(&f);
        assert!(json.contains("Tuesday"), "{json}");
    }

    /// serde_json is not a dependency; check the weekday serializer through Debug of
    /// a tiny serializer instead.
    fn serde_json_like(f: &CalendarFacts) -> String {
        struct Probe(String);
        impl Serializer for &mut Probe {
            type Ok = ();
            type Error = std::fmt::Error;
            type SerializeSeq = serde::ser::Impossible<(), std::fmt::Error>;
            type SerializeTuple = Self;
            type SerializeTupleStruct = serde::ser::Impossible<(), std::fmt::Error>;
            type SerializeTupleVariant = serde::ser::Impossible<(), std::fmt::Error>;
            type SerializeMap = serde::ser::Impossible<(), std::fmt::Error>;
            type SerializeStruct = Self;
            type SerializeStructVariant = serde::ser::Impossible<(), std::fmt::Error>;
            fn serialize_bool(self, _: bool) -> Result<(), Self::Error> {
                Ok(())
            }
            fn serialize_i8(self, v: i8) -> Result<(), Self::Error> {
                self.0.push_str(&v.to_string());
                Ok(())
            }
            fn serialize_i16(self, v: i16) -> Result<(), Self::Error> {
                self.0.push_str(&v.to_string());
                Ok(())
            }
            fn serialize_i32(self, _: i32) -> Result<(), Self::Error> {
                Ok(())
            }
            fn serialize_i64(self, _: i64) -> Result<(), Self::Error> {
                Ok(())
            }
            fn serialize_u8(self, _: u8) -> Result<(), Self::Error> {
                Ok(())
            }
            fn serialize_u16(self, _: u16) -> Result<(), Self::Error> {
                Ok(())
            }
            fn serialize_u32(self, _: u32) -> Result<(), Self::Error> {
                Ok(())
            }
            fn serialize_u64(self, _: u64) -> Result<(), Self::Error> {
                Ok(())
            }
            fn serialize_f32(self, _: f32) -> Result<(), Self::Error> {
                Ok(())
            }
            fn serialize_f64(self, _: f64) -> Result<(), Self::Error> {
                Ok(())
            }
            fn serialize_char(self, _: char) -> Result<(), Self::Error> {
                Ok(())
            }
            fn serialize_str(self, v: &str) -> Result<(), Self::Error> {
                self.0.push_str(v);
                Ok(())
            }
            fn serialize_bytes(self, _: &[u8]) -> Result<(), Self::Error> {
                Ok(())
            }
            fn serialize_none(self) -> Result<(), Self::Error> {
                self.0.push_str("null");
                Ok(())
            }
            fn serialize_some<T: ?Sized + serde::Serialize>(
                self,
                v: &T,
            ) -> Result<(), Self::Error> {
                v.serialize(self)
            }
            fn serialize_unit(self) -> Result<(), Self::Error> {
                Ok(())
            }
            fn serialize_unit_struct(self, _: &'static str) -> Result<(), Self::Error> {
                Ok(())
            }
            fn serialize_unit_variant(
                self,
                _: &'static str,
                _: u32,
                v: &'static str,
            ) -> Result<(), Self::Error> {
                self.0.push_str(v);
                Ok(())
            }
            fn serialize_newtype_struct<T: ?Sized + serde::Serialize>(
                self,
                _: &'static str,
                v: &T,
            ) -> Result<(), Self::Error> {
                v.serialize(self)
            }
            fn serialize_newtype_variant<T: ?Sized + serde::Serialize>(
                self,
                _: &'static str,
                _: u32,
                _: &'static str,
                v: &T,
            ) -> Result<(), Self::Error> {
                v.serialize(self)
            }
            fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Self::Error> {
                Err(std::fmt::Error)
            }
            fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Self::Error> {
                Ok(self)
            }
            fn serialize_tuple_struct(
                self,
                _: &'static str,
                _: usize,
            ) -> Result<Self::SerializeTupleStruct, Self::Error> {
                Err(std::fmt::Error)
            }
            fn serialize_tuple_variant(
                self,
                _: &'static str,
                _: u32,
                _: &'static str,
                _: usize,
            ) -> Result<Self::SerializeTupleVariant, Self::Error> {
                Err(std::fmt::Error)
            }
            fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Self::Error> {
                Err(std::fmt::Error)
            }
            fn serialize_struct(
                self,
                _: &'static str,
                _: usize,
            ) -> Result<Self::SerializeStruct, Self::Error> {
                Ok(self)
            }
            fn serialize_struct_variant(
                self,
                _: &'static str,
                _: u32,
                _: &'static str,
                _: usize,
            ) -> Result<Self::SerializeStructVariant, Self::Error> {
                Err(std::fmt::Error)
            }
        }
        impl serde::ser::SerializeStruct for &mut Probe {
            type Ok = ();
            type Error = std::fmt::Error;
            fn serialize_field<T: ?Sized + serde::Serialize>(
                &mut self,
                k: &'static str,
                v: &T,
            ) -> Result<(), Self::Error> {
                self.0.push_str(k);
                self.0.push('=');
                v.serialize(&mut **self)?;
                self.0.push(' ');
                Ok(())
            }
            fn end(self) -> Result<(), Self::Error> {
                Ok(())
            }
        }
        impl serde::ser::SerializeTuple for &mut Probe {
            type Ok = ();
            type Error = std::fmt::Error;
            fn serialize_element<T: ?Sized + serde::Serialize>(
                &mut self,
                v: &T,
            ) -> Result<(), Self::Error> {
                v.serialize(&mut **self)?;
                self.0.push(',');
                Ok(())
            }
            fn end(self) -> Result<(), Self::Error> {
                Ok(())
            }
        }
        let mut p = Probe(String::new());
        serde::Serialize::serialize(f, &mut p).unwrap();
        p.0
    }

    #[test]
    fn offsets_slice_the_original_text() {
        let text = "«Вчера» “On Friday, élan — the ministers met on Oct. 27 — «в 2020» and at 8 a.m. on Monday, October 26.” Ещё.";
        let found = find(text, 0..text.len());
        assert!(found.len() >= 4, "{found:?}");
        for t in &found {
            assert_eq!(&text[t.start..t.end], t.text);
        }
        let texts: Vec<&str> = found.iter().map(|t| t.text.as_str()).collect();
        assert!(texts.contains(&"Friday"), "{texts:?}");
        assert!(texts.contains(&"Oct. 27"), "{texts:?}");
        assert!(texts.contains(&"2020"), "{texts:?}");
        assert!(texts.contains(&"8 a.m. on Monday, October 26"), "{texts:?}");
        // A sub-range: offsets stay absolute.
        let start = text.find("the ministers").unwrap();
        let sub = find(text, start..text.len());
        assert_eq!(sub[0].text, "Oct. 27");
        assert_eq!(&text[sub[0].start..sub[0].end], "Oct. 27");
        // Ranges off char boundaries or out of bounds are narrowed, not a panic.
        for a in 0..text.len() + 3 {
            for t in find(text, a..a + 17) {
                assert_eq!(&text[t.start..t.end], t.text);
            }
        }
        let (a, b) = (50, 10);
        assert!(find(text, a..b).is_empty());
    }

    #[test]
    fn garbage_does_not_panic() {
        let pieces = [
            "Oct.",
            " ",
            "27",
            "-",
            "2020",
            "May",
            "é",
            "Пятница",
            "“",
            "”",
            ",",
            "999999",
            "Feb",
            "30",
            "a.m.",
            "ago",
            "two",
            "years",
            "between",
            "and",
            "from",
            "to",
            "Friday",
            "the previous night",
            "mid-",
            "0",
            "\u{200d}",
            "🙂",
            "9999",
            "1",
            ":",
            "spring",
            "of",
            "last",
            "winter",
            "days",
            "overnight",
            "—",
            "week",
            "this",
            "next",
            "Monday",
            " at ",
            " on ",
            "Dec. 31",
            "Jan. 1",
            "the following days",
            "now",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let refs = [
            None,
            Date::new(2020, 1, 1).ok(),
            Date::new(9999, 12, 31).ok(),
            Date::new(-9999, 1, 1).ok(),
        ];
        let prev = [
            None,
            Some(EventDate::day(Date::new(9999, 12, 31).unwrap())),
            Some(EventDate::day(Date::new(-9999, 1, 1).unwrap())),
        ];
        for round in 0..300 {
            let mut s = String::new();
            for _ in 0..(round % 60) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            for t in find(&s, 0..s.len()) {
                assert_eq!(&s[t.start..t.end], t.text);
                for r in refs {
                    for p in &prev {
                        for tense in [P, N, F] {
                            let _ = resolve(&t.reading, r, tense, p.as_ref());
                        }
                    }
                }
                let _ = calendar_facts(&t.reading);
            }
            let _ = tense_of(&s);
        }
        let long = "Oct. 27 and 7,000 on Friday 2020 ".repeat(5_000);
        assert!(!find(&long, 0..long.len()).is_empty());
        let _ = tense_of(&long);
        let extreme = [
            Reading::Ago {
                amount: Some(u16::MAX),
                unit: Unit::Century,
            },
            Reading::Ago {
                amount: Some(9999),
                unit: Unit::Day,
            },
            Reading::Year {
                year: i16::MAX,
                part: Some(Part::Late),
            },
            Reading::Season {
                season: Season::Winter,
                year: Some(9999),
                shift: None,
            },
            Reading::Duration {
                amount: Some(u32::MAX),
                unit: Unit::Century,
                modifier: None,
            },
            Reading::RelUnit {
                unit: Unit::Week,
                offset: 1,
            },
            Reading::RelUnit {
                unit: Unit::Week,
                offset: -1,
            },
            Reading::PartOfThis {
                unit: Unit::Week,
                side: Side::Later,
            },
            Reading::Ago {
                amount: Some(1),
                unit: Unit::Week,
            },
            Reading::Coming {
                unit: Unit::Year,
                amount: Some(9999),
            },
            Reading::Recent {
                unit: Some(Unit::Year),
                amount: Some(9999),
            },
            Reading::Weekday {
                weekday: Weekday::Monday,
                shift: 1,
                part: None,
            },
            Reading::NightBefore {
                anchor: Anchor::Reference,
            },
            Reading::Day {
                year: Some(2021),
                month: 2,
                day: 29,
                weekday: None,
            },
        ];
        for x in &extreme {
            for r in refs {
                for p in &prev {
                    let _ = resolve(x, r, F, p.as_ref());
                    let _ = resolve(x, r, P, p.as_ref());
                }
            }
        }
    }
}
