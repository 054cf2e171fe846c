//! The one horizontal time scale of the site's drawings (the timeline overview and
//! the charts): days from a first to a last, mapped to percent of the width, with a
//! margin on each side so that marks at the ends stay inside; and the ticks of its
//! axis, whose step follows the zoom level (days, months or years).

use crate::domain::{day_text, month_text};
use jiff::Span;
use jiff::civil::Date;

/// At most this many ticks on the axis.
const MAX_TICKS: i64 = 9;

/// A day's position on a drawing, as CSS wants it ("12.500%").
pub fn pct(value: f64) -> String {
    format!("{value:.3}%")
}

/// Days `first..=last` across the width, `pad` percent kept free at each end.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeScale {
    first: Date,
    last: Date,
    days: i64,
    pad: f64,
}

impl TimeScale {
    pub fn new(first: Date, last: Date, pad: f64) -> Self {
        TimeScale {
            first,
            last,
            days: (i64::from((last - first).get_days()) + 1).max(1),
            pad,
        }
    }

    /// Number of days shown, at least 1.
    pub fn days(&self) -> i64 {
        self.days
    }

    fn at(&self, days_in: f64) -> f64 {
        let frac = days_in / self.days as f64;
        self.pad + frac.clamp(0.0, 1.0) * (100.0 - 2.0 * self.pad)
    }

    /// Horizontal position of the start of day `d`, in percent.
    pub fn x(&self, d: Date) -> f64 {
        self.at(i64::from((d - self.first).get_days()) as f64)
    }

    /// Horizontal position of the middle of day `d`, in percent.
    pub fn x_mid(&self, d: Date) -> f64 {
        self.at(i64::from((d - self.first).get_days()) as f64 + 0.5)
    }
}

/// A tick on the axis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tick {
    pub x: String,
    pub label: String,
    /// Every other label is hidden on narrow screens.
    pub minor: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Days(i64),
    Months(i8),
    Years(i16),
}

impl Step {
    fn approx_days(self) -> i64 {
        match self {
            Step::Days(n) => n,
            Step::Months(n) => i64::from(n) * 30,
            Step::Years(n) => i64::from(n) * 365,
        }
    }

    /// The first tick on or after `d`.
    fn first_on_or_after(self, d: Date) -> Date {
        match self {
            Step::Days(_) => d,
            Step::Months(n) => {
                let mut t = d.first_of_month();
                if t < d {
                    t = t.checked_add(Span::new().months(1)).unwrap_or(t);
                }
                while (t.month() - 1) % n != 0 {
                    t = t.checked_add(Span::new().months(1)).unwrap_or(t);
                }
                t
            }
            Step::Years(n) => {
                let mut year = d.year();
                if d.month() != 1 || d.day() != 1 {
                    year += 1;
                }
                while year % n != 0 {
                    year += 1;
                }
                Date::new(year, 1, 1).unwrap_or(d)
            }
        }
    }

    fn next(self, d: Date) -> Date {
        let span = match self {
            Step::Days(n) => Span::new().days(n),
            Step::Months(n) => Span::new().months(n),
            Step::Years(n) => Span::new().years(n),
        };
        d.checked_add(span).unwrap_or(Date::MAX)
    }

    fn label(self, d: Date, first: bool) -> String {
        match self {
            Step::Days(_) if first || (d.month() == 1 && i64::from(d.day()) <= 1) => day_text(d),
            // A new month, or steps so long that a bare day number is ambiguous.
            Step::Days(n) if n >= 7 || i64::from(d.day()) <= n => d.strftime("%-d %b").to_string(),
            Step::Days(_) => d.day().to_string(),
            Step::Months(_) if first || d.month() == 1 => month_text(d),
            Step::Months(_) => d.strftime("%b").to_string(),
            Step::Years(_) => d.year().to_string(),
        }
    }
}

const STEPS: [Step; 13] = [
    Step::Days(1),
    Step::Days(2),
    Step::Days(7),
    Step::Months(1),
    Step::Months(2),
    Step::Months(3),
    Step::Months(6),
    Step::Years(1),
    Step::Years(2),
    Step::Years(5),
    Step::Years(10),
    Step::Years(20),
    Step::Years(50),
];

/// Tick dates for `period`: the finest step (days, months or years) that gives at
/// most [`MAX_TICKS`] ticks.
fn tick_dates(scale: &TimeScale) -> (Step, Vec<Date>) {
    let step = STEPS
        .iter()
        .copied()
        .find(|s| scale.days() / s.approx_days() < MAX_TICKS)
        .unwrap_or(Step::Years(100));
    let mut dates = Vec::new();
    let mut t = step.first_on_or_after(scale.first);
    while t <= scale.last && dates.len() < 2 * MAX_TICKS as usize {
        dates.push(t);
        t = step.next(t);
    }
    (step, dates)
}

/// The days the ticks fall on.
pub fn tick_days(scale: &TimeScale) -> Vec<Date> {
    tick_dates(scale).1
}

pub fn ticks(scale: &TimeScale) -> Vec<Tick> {
    let (step, dates) = tick_dates(scale);
    dates
        .iter()
        .enumerate()
        .map(|(i, &d)| Tick {
            x: pct(scale.x(d)),
            label: step.label(d, i == 0),
            minor: i % 2 == 1,
        })
        .collect()
}
