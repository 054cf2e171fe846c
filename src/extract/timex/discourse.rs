//! Discourse: a document's expressions resolved in text order, each against the
//! right anchor.
//!
//! News (the usual case) anchors what an expression leaves open to the publication
//! date: "on Friday", "in March", "last year". Histories and background passages do
//! not: after "In 1941 the army crossed the river…", "in May" and "the next month"
//! belong to 1941, not to the year the article was published. The best taggers call
//! this narrative mode; here the document chooses it itself: when most of the years
//! it names lie away from its publication year (or it has no publication date),
//! open expressions are anchored to the running date — the most recent expression
//! that names its year — instead. Expressions that count from the previous date ("the
//! next day", "ten days later", "that month") use the previous date in both modes.

use super::quarters::{in_report, named_quarter};
use super::resolve::{resolve_against, unresolved, with_year};
use super::values::duration_value;
use super::{AnchoredTo, Reading, Resolved, Tense, Timex, TimexType, calendar_facts};
use crate::domain::EventDate;
use jiff::civil::Date;

/// How many years from the publication date still read as "the news of the day".
const NEAR_YEARS: i16 = 1;

/// The state carried from one expression to the next.
#[derive(Debug, Clone)]
pub struct Discourse {
    reference: Option<Date>,
    narrative: bool,
    /// The last point in time (a day, a night) and its position: "the next day".
    previous: Option<(EventDate, usize)>,
    /// The last expression that named its year, at whatever precision: "that month".
    running: Option<(EventDate, usize)>,
    /// The last quarter of a year named (year, number, position): the one a
    /// financial report's "a year earlier" and "the quarter" refer to.
    quarter: Option<(i16, i8, usize)>,
    seen: usize,
}

impl Discourse {
    /// Decides the mode from every expression the document holds.
    pub fn new<'a>(
        reference: Option<Date>,
        readings: impl IntoIterator<Item = &'a Reading>,
    ) -> Self {
        let (mut near, mut far, mut deictic) = (0usize, 0usize, 0usize);
        for r in readings {
            if is_deictic(r) {
                deictic += 1;
            }
            if let Some(y) = calendar_facts(r).year {
                match reference {
                    Some(d) if (y - d.year()).abs() <= NEAR_YEARS => near += 1,
                    _ => far += 1,
                }
            }
        }
        // News names the current year seldom but counts from today often ("on
        // Friday", "last week"); a history names its years and hardly ever says
        // "yesterday". Only a document of the second kind is read as a narrative.
        let narrative = far >= 3 && far > 2 * near && deictic * 4 <= far;
        Discourse {
            reference,
            narrative,
            previous: None,
            running: None,
            quarter: None,
            seen: 0,
        }
    }

    /// Whether the document keeps this expression: one found by a rule for
    /// histories only when the document reads as one.
    pub fn admits(&self, t: &Timex) -> bool {
        (self.narrative || !t.narrative_only)
            && (self.quarter.is_some()
                || !matches!(t.reading, Reading::ReportedQuarter { bare: true, .. }))
    }

    /// Resolves the next expression of the document (they must come in text order).
    pub fn resolve(&mut self, t: &Timex, tense: Tense) -> Resolved {
        let tense = match (tense, t.local_tense) {
            (Tense::Present, Some(own)) => own,
            _ => tense,
        };
        let index = self.seen;
        self.seen += 1;
        let previous = self.previous.map(|(d, _)| d);
        let running = self.running.map(|(d, _)| d);
        let mut res = match (self.narrative, running) {
            (true, Some(run)) => narrative(&t.reading, run, tense, previous.as_ref()),
            _ => None,
        }
        .or_else(|| in_report(&t.reading, self.quarter))
        .unwrap_or_else(|| {
            resolve_against(
                &t.reading,
                self.reference,
                tense,
                previous.as_ref(),
                running.as_ref(),
            )
        });
        res.anchor = match res.anchor {
            AnchoredTo::Previous => self
                .previous
                .map_or(AnchoredTo::Reference, |(_, i)| AnchoredTo::Expression(i)),
            AnchoredTo::Running => self
                .running
                .map_or(AnchoredTo::Reference, |(_, i)| AnchoredTo::Expression(i)),
            other => other,
        };
        if let Some((year, n)) = named_quarter(&t.reading, &res, self.reference) {
            self.quarter = Some((year, n, index));
        }
        if let Some(d) = res.date
            && matches!(t.ttype, TimexType::Date | TimexType::Time)
        {
            // Only a point in time anchors "the next day" ("the following days" after
            // "November 7"), not a vague stretch such as "the coming weeks".
            if d.days() <= 2 {
                self.previous = Some((d, index));
            }
            if names_its_time(&t.reading) || (self.narrative && d.days() <= 366) {
                self.running = Some((d, index));
            }
        }
        res
    }
}

/// An expression that counts from the moment of writing: "Friday", "yesterday",
/// "last week", "two years ago", "this summer".
fn is_deictic(r: &Reading) -> bool {
    r.counts_from_writing()
        || matches!(
            r,
            Reading::PresentRef | Reading::Season { shift: Some(_), .. }
        )
}

/// An expression that places itself on the calendar without help: "May 25, 1941",
/// "1941", "March 1972".
fn names_its_time(r: &Reading) -> bool {
    match r {
        Reading::Day { year, .. } | Reading::Month { year, .. } | Reading::Season { year, .. } => {
            year.is_some()
        }
        Reading::Year { .. } => true,
        Reading::Time { date: Some(d), .. } => names_its_time(d),
        Reading::Span { from, to } => names_its_time(from) || names_its_time(to),
        _ => false,
    }
}

/// In a narrative, an expression that leaves its year open takes the running date's
/// year ("On May 25 the army crossed…" after "1941"); expressions counted from "now"
/// ("last year", "two years ago", "Friday") count from the running date instead.
fn narrative(
    reading: &Reading,
    running: EventDate,
    tense: Tense,
    previous: Option<&EventDate>,
) -> Option<Resolved> {
    let year = running.start.year();
    let anchored = |r: Reading| {
        let mut res = resolve_against(&r, Some(running.start), tense, previous, Some(&running));
        res.anchor = AnchoredTo::Running;
        res
    };
    match reading {
        Reading::Day { year: None, .. }
        | Reading::Month { year: None, .. }
        | Reading::Season {
            year: None,
            shift: None,
            ..
        } => Some(anchored(with_year(reading, year))),
        Reading::Span { from, to } if !names_its_time(from) && !names_its_time(to) => {
            Some(anchored(Reading::Span {
                from: Box::new(with_year(from, year)),
                to: Box::new(with_year(to, year)),
            }))
        }
        Reading::Time {
            hour,
            minute,
            date: Some(d),
        } if !names_its_time(d) => Some(anchored(Reading::Time {
            hour: *hour,
            minute: *minute,
            date: Some(Box::new(with_year(d, year))),
        })),
        // "In 480 BC … in 479,": a year written without its era keeps the era of
        // the running date.
        Reading::Year { year, part } if (1..1000).contains(year) && running.start.year() <= 0 => {
            Some(anchored(Reading::Year {
                year: 1 - year,
                part: *part,
            }))
        }
        // "In the following months …": in a history, how long (`PXM`), not a stretch
        // up to the day the article was written.
        Reading::Following { unit } => Some(unresolved(duration_value(&Reading::Duration {
            amount: None,
            unit: *unit,
            modifier: None,
        }))),
        // "Today the site is a museum": in a history, the present as such.
        Reading::RefDay {
            offset: 0,
            part: None,
        } => Some(unresolved("PRESENT_REF")),
        Reading::RelUnit { .. }
        | Reading::MonthRel { .. }
        | Reading::Ago { .. }
        | Reading::Weekday { .. } => Some(anchored(reading.clone())),
        _ => None,
    }
}
