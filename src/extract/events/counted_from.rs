//! Dates counted from another date of the sentence ("collapsed a week after it was
//! signed on March 1", "launched an offensive today, three days after it began a new
//! thrust"): a duration right before "after" or "before" moves a date across it, as
//! the guidelines' simple arithmetic asks.

use crate::domain::{EventDate, Precision};
use crate::extract::TimexAnnotation;
use crate::extract::timex::TimexType;
use crate::extract::tokens::{Token, token_at};
use jiff::ToSpan;

/// A duration the sentence counts from a date: "three days after", "a week before".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct CountedSpan {
    /// The first token of the duration.
    first: usize,
    /// The token of "after" or "before".
    connective: usize,
    amount: i64,
    unit: Unit,
    /// "after" (what is told before it is later than what follows), or "before".
    after: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Month,
}

/// How a trigger's date is moved from the date it is bound to: by a signed number of
/// days or months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Shift {
    amount: i64,
    unit: Unit,
}

/// The durations of a sentence that stand right before "after" or "before".
pub(super) fn counted_spans(tokens: &[Token], timexes: &[TimexAnnotation]) -> Vec<CountedSpan> {
    timexes
        .iter()
        .filter(|t| t.timex.ttype == TimexType::Duration)
        .filter_map(|t| {
            let (amount, unit) = parse_duration(&t.resolved.value)?;
            let last = token_at(tokens, t.timex.end.saturating_sub(1));
            let connective = last + 1;
            let after = match tokens.get(connective)?.lower.as_str() {
                "after" => true,
                "before" => false,
                _ => return None,
            };
            Some(CountedSpan {
                first: token_at(tokens, t.timex.start),
                connective,
                amount,
                unit,
                after,
            })
        })
        .collect()
}

/// "P3D" → 3 days, "P2W" → 14 days, "P1M" → 1 month; years and vaguer spans are not
/// counted (an event known only to the year is dropped anyway).
fn parse_duration(value: &str) -> Option<(i64, Unit)> {
    let rest = value.strip_prefix('P')?;
    let (number, unit) = rest.split_at(rest.len().checked_sub(1)?);
    let n: i64 = number.parse().ok().filter(|n| (1..=366).contains(n))?;
    match unit {
        "D" => Some((n, Unit::Day)),
        "W" => Some((n * 7, Unit::Day)),
        "M" => Some((n, Unit::Month)),
        _ => None,
    }
}

/// The shift from a date at token `date` to a trigger at token `trigger`, when the
/// two stand on either side of a counted span: the trigger before "a week after" and
/// the date beyond it is a week later; the trigger beyond "three days after" and the
/// date before it is three days earlier.
pub(super) fn shift_between(spans: &[CountedSpan], trigger: usize, date: usize) -> Option<Shift> {
    spans.iter().find_map(|s| {
        let sign = if trigger < s.first && date > s.connective {
            1
        } else if date < s.first && trigger > s.connective {
            -1
        } else {
            return None;
        };
        let sign = if s.after { sign } else { -sign };
        Some(Shift {
            amount: sign * s.amount,
            unit: s.unit,
        })
    })
}

/// The date moved by a shift: a day by days, a day or a month by months (the month
/// it falls in, as "a month after" a dated event names that month). Other dates, and
/// dates that would leave the calendar, are not moved.
pub(super) fn shifted(date: EventDate, shift: Shift) -> Option<EventDate> {
    match (shift.unit, date.precision) {
        (Unit::Day, Precision::Day) => {
            let day = date.start.checked_add(shift.amount.days()).ok()?;
            Some(EventDate::day(day))
        }
        (Unit::Month, Precision::Day | Precision::Month) => {
            let day = date.start.checked_add(shift.amount.months()).ok()?;
            EventDate::month(day.year(), day.month())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn durations_are_read_in_days_or_months() {
        assert_eq!(parse_duration("P3D"), Some((3, Unit::Day)));
        assert_eq!(parse_duration("P2W"), Some((14, Unit::Day)));
        assert_eq!(parse_duration("P1M"), Some((1, Unit::Month)));
        assert_eq!(parse_duration("P1Y"), None);
        assert_eq!(parse_duration("PXD"), None);
        assert_eq!(parse_duration("P"), None);
    }

    #[test]
    fn a_day_moves_by_days_and_a_month_names_the_month() {
        let day = EventDate::day(date(1987, 3, 1));
        let week = Shift {
            amount: 7,
            unit: Unit::Day,
        };
        assert_eq!(shifted(day, week), Some(EventDate::day(date(1987, 3, 8))));
        let month_back = Shift {
            amount: -1,
            unit: Unit::Month,
        };
        assert_eq!(shifted(day, month_back), EventDate::month(1987, 2));
        let month = EventDate::month(1987, 3).unwrap();
        assert_eq!(shifted(month, week), None);
    }

    #[test]
    fn the_side_of_the_span_sets_the_sign() {
        // "collapsed(0) a(1) week(2) after(3) it was signed on March(8) 1"
        let spans = [CountedSpan {
            first: 1,
            connective: 3,
            amount: 7,
            unit: Unit::Day,
            after: true,
        }];
        assert_eq!(shift_between(&spans, 0, 8).map(|s| s.amount), Some(7));
        // "launched an offensive today(3), three(4) days after(6) it began a thrust(10)"
        let spans = [CountedSpan {
            first: 4,
            connective: 6,
            amount: 3,
            unit: Unit::Day,
            after: true,
        }];
        assert_eq!(shift_between(&spans, 10, 3).map(|s| s.amount), Some(-3));
        // A trigger and a date on one side: nothing is counted.
        assert_eq!(shift_between(&spans, 1, 3), None);
    }
}
