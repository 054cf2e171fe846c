//! Rule-based temporal tagger (TIMEX3-style) for news and narrative texts.
//!
//! This module owns four steps and nothing else: finding temporal expressions in a
//! sentence (`find`), guessing the grammatical tense of a clause (`tense_of`),
//! anchoring what an expression says (`Reading`) to a reference day (`resolve`),
//! and carrying the previous and the running date through a document, in news or
//! narrative mode (`Discourse`). It also reports the explicit calendar facts an
//! expression gives (`calendar_facts`) so that callers can infer the publication
//! day of undated articles.
//!
//! The stages live in one file each: `patterns`, `build`, `durations` and `periods`
//! (what each shape of expression looks like and what it says; fixed words in
//! `words.tsv`), `quarters` (a financial report's quarters), `guards` (what only
//! looks like a date), `find` (longest match, neighbours joined), `tense`,
//! `resolve`, `counted` (what counts from another day), `ranges` and `values`
//! (calendar dates and TIMEX3 values), and `discourse`. How well it does is
//! measured in docs/TEMPORAL.md.
//!
//! Everything is regular expressions plus small guards, because the failure we fear
//! most is a false date ("7,000", "may have killed"), not a missed one.

mod build;
mod counted;
mod discourse;
#[cfg(test)]
mod discourse_tests;
mod durations;
mod find;
mod guards;
mod patterns;
mod periods;
mod quarters;
mod ranges;
mod resolve;
mod tense;
#[cfg(test)]
mod tests;
mod values;

pub use discourse::Discourse;
pub use find::find;
pub use resolve::resolve;
pub use tense::{tense_of, verb_tense};

use crate::domain::EventDate;
use jiff::civil::Weekday;
use serde::Serializer;

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

/// The `shift` of a [`Reading::Weekday`] that context puts ahead without "next".
pub const AHEAD: i8 = 2;

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
    /// A holiday on a moving day: the first `weekday` on or after `month`/`day`
    /// ("Thanksgiving": the first Thursday from November 22).
    MovingDay {
        year: Option<i16>,
        month: i8,
        day: i8,
        #[serde(serialize_with = "ser_weekday")]
        weekday: Weekday,
    },
    /// "November", "November 2020", "mid-September".
    Month {
        year: Option<i16>,
        month: i8,
        part: Option<Part>,
    },
    /// "1991", "mid-2020", "490 BC" (year -489: astronomical numbering).
    Year { year: i16, part: Option<Part> },
    /// A month counted from the reference: "last August" (offset -1: the latest
    /// August before the reference's month), "next August" (+1), "this August" (0);
    /// with `of_year`, "August last year" (the August of the year before).
    MonthRel {
        month: i8,
        offset: i8,
        of_year: bool,
    },
    /// "Friday" (shift 0, placed by tense), "last Friday" (-1), "next Friday" (+1: a
    /// week on when it names the reference's own weekday), and "Friday" that context
    /// puts ahead ([`AHEAD`]: "will meet Friday", "is scheduled Friday"; the reference
    /// day itself when it is a Friday).
    Weekday {
        #[serde(serialize_with = "ser_weekday")]
        weekday: Weekday,
        shift: i8,
        part: Option<DayPart>,
    },
    /// Days from the reference date: "today" 0, "yesterday" -1, "tomorrow" +1.
    RefDay { offset: i8, part: Option<DayPart> },
    /// Days from the previous expression's date: "the next day" +1, "that day" 0.
    /// With a part of the day: "that night", "the following morning".
    PrevDay { offset: i8, part: Option<DayPart> },
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
    /// A season counted from the running date: "the following spring" (+1), "the
    /// previous winter" (-1), "that summer" (0).
    SeasonPrev { season: Season, offset: i8 },
    /// "from October 10 to October 17", "October 10-17".
    Span {
        from: Box<Reading>,
        to: Box<Reading>,
    },
    /// A range whose end is written short ("1992-95"): in news it names a period in
    /// the background (a war, a term of office) far more often than when an event
    /// happened, so it dates nothing; TimeML still gets its two years.
    ShortRange { from: i16, to: i16 },
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
    /// A unit counted from the previous date: "the next month" (+1), "the previous
    /// year" (-1), "that month" and "the same year" (0).
    RelPrev { unit: Unit, offset: i8 },
    /// "ten days later" (sign +1), "three years earlier" (-1), from the previous date.
    Later { amount: u16, unit: Unit, sign: i8 },
    /// "the 1970s" (decade 197), "the mid-1980s".
    Decade { decade: i16, part: Option<Part> },
    /// "the 20th century" (century 19: the years that begin with 19); before the
    /// era, the ordinal negated ("the 5th century BC" is -5, TIMEX3 `BC04`).
    Century { century: i16 },
    /// "the third quarter" (n 3 of 4), "the first half of 2019" (n 1 of 2).
    /// `rel_year` counts the year from the reference's: "this year's third quarter"
    /// (0), "next year's first quarter" (+1).
    Part {
        n: i8,
        of: i8,
        year: Option<i16>,
        #[serde(skip_serializing_if = "Option::is_none")]
        rel_year: Option<i8>,
    },
    /// A financial report's quarter named without its number: "the latest quarter"
    /// (the one being reported), "the current quarter" (`current`: the one the
    /// reference date is in); `bare` for "the quarter" alone, which names a town's
    /// quarter as often and is kept only after a quarter of a year was named.
    /// With `year` ("the 1988 quarter") or `rel_year` ("last year's quarter", -1,
    /// counted from the reported quarter's year), the reported quarter's number in
    /// that year: the comparison's other term.
    ReportedQuarter {
        current: bool,
        bare: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        year: Option<i16>,
        #[serde(skip_serializing_if = "Option::is_none")]
        rel_year: Option<i8>,
    },
    /// "the weekend" (shift 0, placed by tense), "last weekend" (-1), "next weekend" (+1).
    Weekend { shift: i8 },
    /// A word with a fixed TIMEX3 value: "annually" (P1Y), "the past" (PAST_REF).
    Listed { value: String },
}

impl Reading {
    /// Whether the expression counts from the moment of writing wherever it stands:
    /// "Friday", "yesterday", "last week", "two years ago", "this month".
    pub(super) fn counts_from_writing(&self) -> bool {
        matches!(
            self,
            Reading::Weekday { .. }
                | Reading::Weekend { .. }
                | Reading::RefDay { .. }
                | Reading::NightBefore { .. }
                | Reading::RelUnit { .. }
                | Reading::MonthRel { .. }
                | Reading::PartOfThis { .. }
                | Reading::Ago { .. }
                | Reading::Recent { .. }
                | Reading::Coming { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Timex {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub ttype: TimexType,
    pub reading: Reading,
    /// A range's two ends in the text ("1961" and "1963" of "1961–1963"): TimeML
    /// marks a range as two expressions, while the extraction dates an event by the
    /// whole span.
    #[serde(skip)]
    pub ends: Option<[std::ops::Range<usize>; 2]>,
    /// Found by a rule written for histories ("1863 saw …", "days later"), which news
    /// uses too seldom to trust: [`Discourse::admits`] keeps it in a narrative only.
    #[serde(skip)]
    pub narrative_only: bool,
    /// The past, when the words around the expression say so whatever its clause's
    /// verbs: it opens its sentence before a comma and the rest of the sentence is
    /// told in the past ("In January, the company brought in …"), or "since" leads
    /// to it ("have been searching since the Oct. 23 slaying"). [`Discourse::resolve`]
    /// takes it over a present-tense or verbless clause.
    #[serde(skip)]
    pub local_tense: Option<Tense>,
}

/// The normalized value of one expression.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Resolved {
    pub date: Option<EventDate>,
    pub value: String,
    /// What the value was counted from (TimeML's `anchorTimeID`); not part of the
    /// JSON, where the dates say it.
    #[serde(skip)]
    pub anchor: AnchoredTo,
    /// The values of a range's two ends (`1961`, `1963`), when it was resolved as one.
    #[serde(skip)]
    pub ends: Option<[String; 2]>,
}

/// What a relative expression was counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AnchoredTo {
    /// Nothing: the expression names its own time ("May 25, 1941"), or has none.
    #[default]
    Nothing,
    /// The reference (publication) date: "yesterday", "last year".
    Reference,
    /// The previous point in time ("the next day"), until [`Discourse`] names it.
    Previous,
    /// The running date ("that month"), until [`Discourse`] names it.
    Running,
    /// The expression at this position in text order.
    Expression(usize),
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
        Reading::Part { year, .. } => CalendarFacts {
            year: *year,
            ..Default::default()
        },
        _ => CalendarFacts::default(),
    }
}
