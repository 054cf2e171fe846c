//! Event dates with their precision. A date is always a span of days (first, last)
//! plus how precisely the text gave it, so that an event known only to the month is
//! shown as that month and never invented down to a day.

use super::DomainError;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How precisely a date is known, from finest to coarsest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    /// A run of days that the text bounds ("overnight", "the following days").
    Span,
    Week,
    Month,
    Season,
    Year,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Span => "span",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Season => "season",
            Precision::Year => "year",
        }
    }
}

impl FromStr for Precision {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "day" => Precision::Day,
            "span" => Precision::Span,
            "week" => Precision::Week,
            "month" => Precision::Month,
            "season" => Precision::Season,
            "year" => Precision::Year,
            other => {
                return Err(DomainError::unknown(
                    "date precision",
                    other,
                    "day, span, week, month, season or year",
                ));
            }
        })
    }
}

/// A date as precise as the sources give it: the first and last day it can mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EventDate {
    pub start: Date,
    pub end: Date,
    pub precision: Precision,
}

// Dates for people, all through jiff's `strtime` (English names, no padding).

/// "23 Oct 2020".
pub fn day_text(d: Date) -> String {
    d.strftime("%-d %b %-Y").to_string()
}

/// "Oct 2020".
pub fn month_text(d: Date) -> String {
    d.strftime("%b %-Y").to_string()
}

/// "Friday 23 October 2020", for the heading of a day.
pub fn long_day_text(d: Date) -> String {
    d.strftime("%A %-d %B %-Y").to_string()
}

/// "October 2020", for the heading of a month.
pub fn long_month_text(d: Date) -> String {
    d.strftime("%B %-Y").to_string()
}

/// A run of days: "23 Oct – 4 Nov 2020", "Oct 2020" for a whole month, "2020" or
/// "2020–2021" for whole years, "23 Oct 2020" for a day.
pub fn range_text(a: Date, b: Date) -> String {
    if a == b {
        return day_text(a);
    }
    if a.day() == 1 && b == a.last_of_month() {
        return month_text(a);
    }
    if a.day() == 1 && a.month() == 1 && b.month() == 12 && b.day() == 31 {
        return if a.year() == b.year() {
            a.year().to_string()
        } else {
            format!("{}–{}", a.year(), b.year())
        };
    }
    if a.year() == b.year() {
        format!("{} – {}", a.strftime("%-d %b"), day_text(b))
    } else {
        format!("{} – {}", day_text(a), day_text(b))
    }
}

impl EventDate {
    pub fn day(d: Date) -> Self {
        EventDate {
            start: d,
            end: d,
            precision: Precision::Day,
        }
    }

    /// A span of days; collapses to a day when both ends agree.
    pub fn span(start: Date, end: Date) -> Self {
        let (start, end) = if start <= end {
            (start, end)
        } else {
            (end, start)
        };
        if start == end {
            return Self::day(start);
        }
        EventDate {
            start,
            end,
            precision: Precision::Span,
        }
    }

    pub fn month(year: i16, month: i8) -> Option<Self> {
        let start = Date::new(year, month, 1).ok()?;
        Some(EventDate {
            start,
            end: start.last_of_month(),
            precision: Precision::Month,
        })
    }

    pub fn year(year: i16) -> Option<Self> {
        let start = Date::new(year, 1, 1).ok()?;
        let end = Date::new(year, 12, 31).ok()?;
        Some(EventDate {
            start,
            end,
            precision: Precision::Year,
        })
    }

    /// The ISO week (Monday to Sunday) that contains `d`.
    pub fn week_of(d: Date) -> Self {
        let monday = d
            .checked_sub(jiff::Span::new().days(i64::from(d.weekday().to_monday_zero_offset())))
            .unwrap_or(d);
        let sunday = monday
            .checked_add(jiff::Span::new().days(6))
            .unwrap_or(monday);
        EventDate {
            start: monday,
            end: sunday,
            precision: Precision::Week,
        }
    }

    pub fn season(start: Date, end: Date) -> Self {
        EventDate {
            start,
            end,
            precision: Precision::Season,
        }
    }

    /// The TIMEX3-style value: `2020-10-23`, `2020-10`, `2020`, `2020-W43`, or
    /// `2020-10-23/2020-10-24` for spans and seasons.
    pub fn timex_value(&self) -> String {
        match self.precision {
            Precision::Day => self.start.to_string(),
            Precision::Month => format!("{:04}-{:02}", self.start.year(), self.start.month()),
            Precision::Year => format!("{:04}", self.start.year()),
            Precision::Week => {
                let iso = self.start.iso_week_date();
                format!("{:04}-W{:02}", iso.year(), iso.week())
            }
            Precision::Span | Precision::Season => format!("{}/{}", self.start, self.end),
        }
    }

    /// The value in the export contract: a day, a month, a year, or `first/last`.
    pub fn export_value(&self) -> String {
        match self.precision {
            Precision::Day | Precision::Month | Precision::Year => self.timex_value(),
            _ => format!("{}/{}", self.start, self.end),
        }
    }

    /// A date for people: "23 Oct 2020", "Oct 2020", "2020", "23–24 Oct 2020".
    pub fn human(&self) -> String {
        let (a, b) = (self.start, self.end);
        match self.precision {
            Precision::Day => day_text(a),
            Precision::Month => month_text(a),
            Precision::Year => a.year().to_string(),
            Precision::Week => format!("week of {}", day_text(a)),
            Precision::Season | Precision::Span => {
                if a.year() == b.year() && a.month() == b.month() {
                    format!("{}–{}", a.day(), day_text(b))
                } else if a.year() == b.year() {
                    format!("{} – {}", a.strftime("%-d %b"), day_text(b))
                } else {
                    format!("{} – {}", day_text(a), day_text(b))
                }
            }
        }
    }

    /// Number of days the date covers (1 for a day).
    pub fn days(&self) -> i64 {
        (self.end - self.start).get_days() as i64 + 1
    }

    pub fn overlaps(&self, other: &EventDate) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// True when `other` lies wholly inside this date.
    pub fn contains(&self, other: &EventDate) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Rebuilds a date from its stored columns.
    pub fn from_parts(start: &str, end: &str, precision: &str) -> Option<Self> {
        Some(EventDate {
            start: start.parse().ok()?,
            end: end.parse().ok()?,
            precision: precision.parse().ok()?,
        })
    }
}

impl fmt::Display for EventDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.human())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn values_keep_their_precision() {
        assert_eq!(
            EventDate::day(date(2020, 10, 23)).timex_value(),
            "2020-10-23"
        );
        assert_eq!(EventDate::month(2020, 11).unwrap().timex_value(), "2020-11");
        assert_eq!(EventDate::month(2020, 11).unwrap().end, date(2020, 11, 30));
        assert_eq!(EventDate::year(1991).unwrap().export_value(), "1991");
        let night = EventDate::span(date(2020, 10, 24), date(2020, 10, 23));
        assert_eq!(night.export_value(), "2020-10-23/2020-10-24");
        assert_eq!(night.human(), "23–24 Oct 2020");
        assert_eq!(
            EventDate::week_of(date(2020, 10, 23)).timex_value(),
            "2020-W43"
        );
    }

    #[test]
    fn dates_for_people_do_not_pad() {
        assert_eq!(day_text(date(2020, 10, 3)), "3 Oct 2020");
        assert_eq!(day_text(date(99, 1, 9)), "9 Jan 99");
        assert_eq!(month_text(date(2022, 9, 1)), "Sep 2022");
        assert_eq!(long_day_text(date(2020, 10, 23)), "Friday 23 October 2020");
        assert_eq!(long_month_text(date(2020, 11, 7)), "November 2020");
        assert_eq!(
            range_text(date(2020, 10, 23), date(2020, 11, 4)),
            "23 Oct – 4 Nov 2020"
        );
        assert_eq!(
            range_text(date(2020, 10, 1), date(2020, 10, 31)),
            "Oct 2020"
        );
        assert_eq!(
            range_text(date(2020, 1, 1), date(2021, 12, 31)),
            "2020–2021"
        );
        assert_eq!(
            EventDate::span(date(2020, 12, 30), date(2021, 1, 2)).human(),
            "30 Dec 2020 – 2 Jan 2021"
        );
        assert_eq!(
            EventDate::span(date(2020, 10, 30), date(2020, 11, 2)).human(),
            "30 Oct – 2 Nov 2020"
        );
    }

    #[test]
    fn human_dates_read_naturally() {
        assert_eq!(EventDate::day(date(2020, 10, 23)).human(), "23 Oct 2020");
        assert_eq!(EventDate::month(2022, 9).unwrap().human(), "Sep 2022");
    }
}
