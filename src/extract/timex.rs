//! Temporary stand-in for the temporal tagger (same interface).
use crate::domain::EventDate;
use jiff::civil::{Date, Weekday};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tense {
    Past,
    Present,
    Future,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Reading {
    Absolute(EventDate),
}
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Timex {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub ttype: TimexType,
    pub reading: Reading,
}
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Resolved {
    pub date: Option<EventDate>,
    pub value: String,
}
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct CalendarFacts {
    pub year: Option<i16>,
    pub month_day: Option<(i8, i8)>,
    #[serde(skip)]
    pub weekday: Option<Weekday>,
    pub years_ago: Option<i16>,
}
pub fn find(_text: &str, _range: Range<usize>) -> Vec<Timex> {
    Vec::new()
}
pub fn tense_of(_s: &str) -> Tense {
    Tense::Past
}
pub fn resolve(
    r: &Reading,
    _reference: Option<Date>,
    _t: Tense,
    _p: Option<&EventDate>,
) -> Resolved {
    match r {
        Reading::Absolute(d) => Resolved {
            date: Some(*d),
            value: d.timex_value(),
        },
    }
}
pub fn calendar_facts(_r: &Reading) -> CalendarFacts {
    CalendarFacts::default()
}
