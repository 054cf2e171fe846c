//! Where events crowd, in time and on the overview: the period the timeline opens on
//! (the shortest span holding most events, so that a few outliers decades away do
//! not squeeze the war into a sliver), the span "+ Zoom in" goes to (the busiest
//! half of the period, never an empty one), and the merging of count bubbles that
//! would otherwise be drawn on top of one another. Pure: dates in, dates out.

use super::overview::MAX_STACK;
use jiff::Span;
use jiff::civil::Date;
use std::ops::Range;

/// The share of dated events the opening period holds at least, and the same in
/// words. Three in four: a war with a later round of talks opens on the war, and a
/// year-long archive with scattered older dates opens on that year.
pub const DENSE_SHARE: f64 = 0.75;
pub const DENSE_SHARE_TEXT: &str = "three in four";
/// The opening period is narrowed only when the dense span is at most this share of
/// the whole extent (outliers squeeze the events into a fifth of the width or less);
/// otherwise the extent is shown as it is.
const NARROW_BELOW: f64 = 0.2;

fn days_between(a: Date, b: Date) -> i64 {
    i64::from((b - a).get_days())
}

fn add_days(d: Date, days: i64) -> Date {
    d.checked_add(Span::new().days(days)).unwrap_or(d)
}

/// The shortest span of days holding at least `share` of the events, given as
/// (day, number of events starting that day) in day order. Ties go to the earliest.
pub fn shortest_span(days: &[(Date, i64)], share: f64) -> Option<(Date, Date)> {
    let total: i64 = days.iter().map(|&(_, n)| n).sum();
    if total == 0 {
        return None;
    }
    let need = ((total as f64) * share).ceil().max(1.0) as i64;
    let mut best: Option<(Date, Date)> = None;
    let mut held = 0;
    let mut lo = 0;
    for hi in 0..days.len() {
        held += days[hi].1;
        // Drop days from the left while what remains still holds enough.
        while lo < hi && held - days[lo].1 >= need {
            held -= days[lo].1;
            lo += 1;
        }
        if held >= need {
            let span = (days[lo].0, days[hi].0);
            let shorter =
                best.is_none_or(|(a, b)| days_between(span.0, span.1) < days_between(a, b));
            if shorter {
                best = Some(span);
            }
        }
    }
    best
}

/// The period the timeline opens on when the request names no dates: the shortest
/// span holding [`DENSE_SHARE`] of the dated events, widened by a twentieth on each
/// side, when that is much shorter than the whole extent; `None` when the extent
/// itself is the right view (no outliers stretch it).
pub fn opening_period(days: &[(Date, i64)], extent: (Date, Date)) -> Option<(Date, Date)> {
    let (start, end) = shortest_span(days, DENSE_SHARE)?;
    let whole = days_between(extent.0, extent.1).max(1);
    let dense = days_between(start, end);
    if dense as f64 > whole as f64 * NARROW_BELOW {
        return None;
    }
    let margin = (dense / 20).max(1);
    let start = add_days(start, -margin).max(extent.0);
    let end = add_days(end, margin).min(extent.1);
    Some((start, end))
}

/// The span "+ Zoom in" shows: half as long as `period`, placed where it holds the
/// most of `starts` (event days, in order, clamped into the period); the middle
/// half when no event is drawn. `None` for a one-day period.
pub fn zoom_in_span(period: (Date, Date), starts: &[Date]) -> Option<(Date, Date)> {
    let len = days_between(period.0, period.1) + 1;
    if len <= 1 {
        return None;
    }
    let half = (len / 2).max(1);
    let middle = add_days(period.0, len / 4);
    let mut best = (middle, 0usize);
    // Slide a window of `half` days whose first day is an event's day, or whose last
    // day is: the busiest window begins or ends on an event.
    let mut hi = 0;
    for (lo, &first) in starts.iter().enumerate() {
        while hi < starts.len() && days_between(first, starts[hi]) < half {
            hi += 1;
        }
        if hi - lo > best.1 {
            best = (first, hi - lo);
        }
    }
    let (mut start, held) = best;
    if held > 0 {
        // Centre the window on the events it holds, rather than starting at the first.
        let last = starts[starts.partition_point(|&d| days_between(start, d) < half) - 1];
        let slack = half - 1 - days_between(start, last);
        start = add_days(start, -(slack / 2));
    }
    let latest_start = add_days(period.1, -(half - 1));
    let start = start.min(latest_start).max(period.0);
    Some((start, add_days(start, half - 1)))
}

/// Merges neighbouring groups of one lane's marks that would be drawn too close:
/// `groups` are (x in percent, number of events), in order, and `gap(a, b)` is how
/// far apart groups of `a` and `b` events must be (0 when they may touch). Merged
/// counts add up and sit at their count-weighted middle. Returns the merged groups
/// as index ranges into the input.
pub fn merge_crowded(
    groups: &[(f64, usize)],
    gap: impl Fn(usize, usize) -> f64 + Copy,
) -> Vec<Range<usize>> {
    let mut merged: Vec<(Range<usize>, f64, usize)> = Vec::new();
    for (i, &(x, n)) in groups.iter().enumerate() {
        if let Some((range, last_x, count)) = merged.last_mut()
            && x - *last_x < gap(*count, n)
        {
            range.end = i + 1;
            *last_x = (*last_x * *count as f64 + x * n as f64) / (*count + n) as f64;
            *count += n;
            continue;
        }
        merged.push((i..i + 1, x, n));
    }
    // A merge moves a group and grows it; it may now crowd the one before it.
    if merged.len() < groups.len() {
        let again: Vec<(f64, usize)> = merged.iter().map(|(_, x, n)| (*x, *n)).collect();
        let ranges: Vec<Range<usize>> = merged.into_iter().map(|(r, _, _)| r).collect();
        return merge_crowded(&again, gap)
            .into_iter()
            .map(|r| ranges[r.start].start..ranges[r.end - 1].end)
            .collect();
    }
    merged.into_iter().map(|(r, _, _)| r).collect()
}

/// The narrowest overview drawn (a 360-px phone, less the page's margins), in
/// pixels: count bubbles are kept apart for it, in percent of the width.
const NARROWEST: f64 = 320.0;
/// Bubbles closer than this to an end (percent) are moved inwards.
pub const EDGE: f64 = 8.0;

/// A count bubble's radius in pixels: the 12-px bold number must fit inside.
pub fn bubble_radius(count: usize) -> i32 {
    match count {
        0..=99 => 11,
        100..=999 => 14,
        _ => 17,
    }
}

/// How far apart (percent of the width) two neighbouring columns of `a` and `b`
/// day marks must be drawn so that they do not touch on the narrowest screen; 0
/// when neither is a count bubble (stacked marks of two columns never collide).
pub fn bubble_gap(a: usize, b: usize) -> f64 {
    let half = |n: usize| {
        if n > MAX_STACK {
            f64::from(bubble_radius(n))
        } else {
            7.0
        }
    };
    if a <= MAX_STACK && b <= MAX_STACK {
        return 0.0;
    }
    (half(a) + half(b) + 4.0) / NARROWEST * 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_opening_period_leaves_outliers_out() {
        // Reuters' shape: most events in one year, a few scattered over decades.
        let mut days = vec![(date(1917, 1, 1), 1), (date(1950, 6, 1), 2)];
        for month in 2..=10 {
            days.push((date(1987, month, 15), 40));
        }
        days.push((date(1999, 1, 1), 1));
        let period = opening_period(&days, (date(1917, 1, 1), date(1999, 12, 31))).unwrap();
        assert!(period.0 >= date(1987, 1, 1), "{period:?}");
        assert!(period.1 <= date(1987, 12, 31), "{period:?}");
    }

    #[test]
    fn an_even_spread_keeps_the_whole_extent() {
        let days: Vec<(Date, i64)> = (1..=12).map(|m| (date(2020, m, 1), 3)).collect();
        assert_eq!(
            opening_period(&days, (date(2020, 1, 1), date(2020, 12, 1))),
            None
        );
    }

    #[test]
    fn zoom_in_lands_on_events() {
        // The samples' shape: a war in the last tenth of a long period.
        let starts = [
            date(1991, 5, 1),
            date(2020, 9, 27),
            date(2020, 10, 10),
            date(2020, 10, 23),
            date(2020, 11, 9),
            date(2022, 11, 16),
        ];
        let (start, end) = zoom_in_span((date(1991, 1, 1), date(2022, 11, 16)), &starts).unwrap();
        assert!(
            start <= date(2020, 9, 27) && end >= date(2020, 11, 9),
            "{start} {end}"
        );
        // No events: the middle half.
        let middle = zoom_in_span((date(2020, 1, 1), date(2020, 1, 8)), &[]).unwrap();
        assert_eq!(middle, (date(2020, 1, 3), date(2020, 1, 6)));
    }

    #[test]
    fn crowded_bubbles_merge_and_stay_apart() {
        let groups = [
            (10.0, 2050),
            (12.0, 145),
            (13.0, 2),
            (40.0, 7),
            (41.0, 1),
            (80.0, 2),
        ];
        let gap = |a: usize, b: usize| if a > 3 || b > 3 { 7.0 } else { 0.0 };
        let ranges = merge_crowded(&groups, gap);
        assert_eq!(ranges, vec![0..3, 3..5, 5..6]);
    }
}
