//! The overview across the top of the timeline: the layout of a server-rendered SVG
//! (three lanes, a time axis, marks, density bubbles, ceasefire lifetimes), its
//! zoom and pan links, and the table that is its text alternative. Pure: dates and
//! events in, view models out; the template `_overview.html` only prints them.
//!
//! Horizontal positions are percentages of the SVG's width (the drawing stretches
//! to any screen while its text and symbols keep their size); vertical ones are
//! pixels. The plot spans [`PAD`]% to 100 − [`PAD`]%, a day covers
//! `[day, day + 1)`, and `timeline.js` reads `data-start`, `data-end` and `data-pad`
//! to turn a pointer position back into a date.

use super::density::{EDGE, bubble_gap, bubble_radius, merge_crowded, zoom_in_span};
use super::scale::{Tick, TimeScale, pct, tick_days, ticks};
use super::urls;
use super::views::KindBadge;
use crate::domain::{EventDate, EventId, EventKind, Precision, day_text, range_text};
use crate::store::{EventFilter, OverviewEvent};
use jiff::Span;
use jiff::civil::Date;

/// Left and right margin of the plot, in percent of the width.
pub const PAD: f64 = 2.0;
/// How many columns the period is cut into to find crowded places.
const BUCKETS: i64 = 60;
/// Day marks of one lane in one column drawn one above the other; more become a
/// count bubble.
pub const MAX_STACK: usize = 3;
/// Rows for coarse-date bars and for ceasefire lifetimes in a lane.
const BAR_ROWS: usize = 2;
const LIFETIME_ROWS: usize = 3;

fn add_days(d: Date, days: i64) -> Date {
    d.checked_add(Span::new().days(days)).unwrap_or(d)
}

fn days_between(a: Date, b: Date) -> i64 {
    i64::from((b - a).get_days())
}

/// The days the overview shows, first and last inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

impl Period {
    /// The period a filter shows: its own range, completed from the extent of the
    /// matching events where it leaves an end open; `None` when there is nothing to
    /// show (no range and no dated event).
    pub fn of(filter: &EventFilter, extent: Option<(Date, Date)>) -> Option<Period> {
        let (start, end) = match (filter.from, filter.to, extent) {
            (Some(from), Some(to), _) => (from, to),
            (Some(from), None, Some((_, last))) => (from, last.max(from)),
            (None, Some(to), Some((first, _))) => (first.min(to), to),
            (None, None, Some((first, last))) => (first, last),
            (Some(day), None, None) | (None, Some(day), None) => (day, day),
            (None, None, None) => return None,
        };
        Some(Period { start, end })
    }

    /// The scale that places this period's days across the overview.
    pub fn scale(&self) -> TimeScale {
        TimeScale::new(self.start, self.end, PAD)
    }

    /// Number of days, at least 1.
    pub fn days(&self) -> i64 {
        self.scale().days()
    }

    fn contains(&self, d: Date) -> bool {
        self.start <= d && d <= self.end
    }

    fn text(&self) -> String {
        range_text(self.start, self.end)
    }
}

/// An event dated to the day, drawn as its kind's symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointMark {
    pub id: EventId,
    pub href: String,
    pub x: String,
    pub y: u32,
    pub title: String,
}

/// Too many day marks for one column: their number, linking to that stretch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bubble {
    pub href: String,
    pub x: String,
    /// Pixels the bubble is moved inwards from `x`, near either end.
    pub dx: i32,
    pub y: u32,
    /// Radius in pixels, wide enough for the number.
    pub r: i32,
    pub count: usize,
    pub title: String,
}

/// An event dated more coarsely (span, week, month, season, year): a bar over
/// every day the date can mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarMark {
    pub id: EventId,
    pub href: String,
    pub x: String,
    pub width: String,
    pub y: u32,
    pub title: String,
}

/// A ceasefire from its agreement to its first reported breach (or, with none
/// reported, to the end of the period, drawn open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lifetime {
    pub id: EventId,
    pub href: String,
    pub x: String,
    pub width: String,
    /// Where the breach is drawn, when it falls in the period.
    pub end_x: Option<String>,
    pub y: u32,
    pub open: bool,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lane {
    pub badge: KindBadge,
    pub top: u32,
    pub height: u32,
    pub label_y: u32,
    pub points: Vec<PointMark>,
    pub bubbles: Vec<Bubble>,
    pub bars: Vec<BarMark>,
    pub lifetimes: Vec<Lifetime>,
}

/// A zoom or pan link; `None` where it would lead nowhere new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewNav {
    pub earlier: Option<String>,
    pub later: Option<String>,
    pub zoom_in: Option<String>,
    pub zoom_out: Option<String>,
    /// Back to every date, when a range is set.
    pub whole: Option<String>,
}

/// One row of the text alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountRow {
    pub period: String,
    pub talks: usize,
    pub ceasefire: usize,
    pub fighting: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewView {
    /// "27 Sep 2020 – 16 Nov 2022".
    pub period_text: String,
    pub start: String,
    pub end: String,
    pub pad: String,
    pub height: u32,
    pub axis_y: u32,
    pub bar_height: u32,
    pub lifetime_height: u32,
    pub ticks: Vec<Tick>,
    pub lanes: Vec<Lane>,
    pub nav: OverviewNav,
    pub rows: Vec<CountRow>,
    /// The lifetimes in words, for the text alternative.
    pub lifetimes_text: Vec<String>,
    /// How many events are drawn.
    pub drawn: usize,
    /// True when the filter matched more events than the overview draws.
    pub truncated: bool,
}

/// Vertical layout of a lane, in pixels from its top.
const LABEL_Y: u32 = 14;
const STACK_Y: [u32; MAX_STACK] = [50, 38, 26];
const BUBBLE_Y: u32 = 38;
const BAR_Y: u32 = 60;
const BAR_HEIGHT: u32 = 6;
const LIFETIME_HEIGHT: u32 = 4;
const ROW_GAP: u32 = 8;
const AXIS_HEIGHT: u32 = 26;

/// Places intervals (start, end in percent) in the first row where they do not
/// overlap an earlier one; the last row takes the overflow.
fn pack_rows(intervals: &[(f64, f64)], rows: usize) -> Vec<usize> {
    let mut row_ends: Vec<f64> = vec![f64::NEG_INFINITY; rows];
    intervals
        .iter()
        .map(|&(start, end)| {
            let row = row_ends
                .iter()
                .position(|&e| e <= start)
                .unwrap_or(rows - 1);
            row_ends[row] = row_ends[row].max(end + 0.3);
            row
        })
        .collect()
}

fn kind_word(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Talks => "talks",
        EventKind::Ceasefire => "ceasefire",
        EventKind::Fighting => "fighting",
    }
}

fn mark_title(e: &OverviewEvent) -> String {
    let mut title = format!("{} — {}", e.date.human(), e.headline);
    if e.date.precision != Precision::Day {
        title.push_str(&format!(" (dated {})", precision_words(e.date)));
    }
    title
}

fn precision_words(date: EventDate) -> &'static str {
    match date.precision {
        Precision::Day => "to the day",
        Precision::Span => "to a span of days",
        Precision::Week => "to the week",
        Precision::Month => "to the month",
        Precision::Season => "to the season",
        Precision::Year => "to the year",
    }
}

/// The filter showing `start..=end`, other filters kept, paging reset.
fn range_href(filter: &EventFilter, start: Date, end: Date) -> String {
    urls::timeline(&EventFilter {
        from: Some(start),
        to: Some(end),
        after: None,
        ..filter.clone()
    })
}

/// The zoom and pan links. "All dates" asks for every date (`dates=all`), since the
/// timeline without dates opens on where the events crowd (see `density`).
/// `starts` are the days of the drawn events (clamped into the period), in order:
/// zooming in goes where they are.
fn nav(
    filter: &EventFilter,
    period: &Period,
    extent: Option<(Date, Date)>,
    starts: &[Date],
) -> OverviewNav {
    let len = period.days();
    let half = (len / 2).max(1);
    let has_range = filter.from.is_some() || filter.to.is_some();
    let (first, last) = extent.unwrap_or((period.start, period.end));
    let whole_href = urls::timeline(&EventFilter {
        from: None,
        to: None,
        after: None,
        every_date: true,
        ..filter.clone()
    });
    let zoom_in = zoom_in_span((period.start, period.end), starts)
        .map(|(start, end)| range_href(filter, start, end));
    // Twice as long around the same middle; once that covers nearly as long as all
    // the filter's events take (9 in 10 days, allowing for halving's rounding),
    // simply all of them.
    let zoom_out = has_range.then(|| {
        let start = add_days(period.start, -(len / 2));
        let end = add_days(start, 2 * len - 1);
        if 2 * len * 10 >= (days_between(first, last) + 1) * 9 {
            whole_href.clone()
        } else {
            range_href(filter, start, end)
        }
    });
    OverviewNav {
        earlier: (period.start > first).then(|| {
            range_href(
                filter,
                add_days(period.start, -half),
                add_days(period.end, -half),
            )
        }),
        later: (period.end < last).then(|| {
            range_href(
                filter,
                add_days(period.start, half),
                add_days(period.end, half),
            )
        }),
        zoom_in,
        zoom_out,
        whole: has_range.then_some(whole_href),
    }
}

/// Counts per lane for each stretch between two ticks.
fn count_rows(period: &Period, events: &[&OverviewEvent]) -> Vec<CountRow> {
    let mut bounds = tick_days(&period.scale());
    if bounds.first() != Some(&period.start) {
        bounds.insert(0, period.start);
    }
    let mut rows: Vec<CountRow> = bounds
        .iter()
        .enumerate()
        .map(|(i, &start)| {
            let end = bounds
                .get(i + 1)
                .map_or(period.end, |&next| add_days(next, -1));
            CountRow {
                period: range_text(start, end),
                talks: 0,
                ceasefire: 0,
                fighting: 0,
            }
        })
        .collect();
    for e in events {
        // An event counts in the stretch where its date begins (or the first one,
        // when it began before the period).
        let start = e.date.start.max(period.start);
        let Some(i) = bounds.iter().rposition(|&b| b <= start) else {
            continue;
        };
        let row = &mut rows[i];
        match e.kind {
            EventKind::Talks => row.talks += 1,
            EventKind::Ceasefire => row.ceasefire += 1,
            EventKind::Fighting => row.fighting += 1,
        }
    }
    rows
}

/// What every lane is laid out against: the filter (for links), the period and its scale.
struct Frame<'a> {
    filter: &'a EventFilter,
    period: &'a Period,
    scale: TimeScale,
}

impl Frame<'_> {
    /// Day marks of one kind, stacked per column of the overview, or counted in a
    /// bubble where more than [`MAX_STACK`] share a column. Columns that would be
    /// drawn on top of a neighbouring bubble join it (see `density::bubble_gap`), so that
    /// two counts never run into one number.
    fn day_marks(
        &self,
        kind: EventKind,
        of_kind: &[&OverviewEvent],
        top: u32,
    ) -> (Vec<PointMark>, Vec<Bubble>) {
        let (period, scale) = (self.period, self.scale);
        let bucket_days = (period.days() as f64 / BUCKETS as f64).max(1.0 / 24.0);
        let days: Vec<&OverviewEvent> = of_kind
            .iter()
            .copied()
            .filter(|e| e.date.precision == Precision::Day)
            .collect();
        let bucket = |e: &OverviewEvent| {
            (days_between(period.start, e.date.start) as f64 / bucket_days).floor() as i64
        };
        let columns: Vec<&[&OverviewEvent]> =
            days.chunk_by(|a, b| bucket(a) == bucket(b)).collect();
        let column_x = |group: &[&OverviewEvent]| {
            let first = group[0].date.start;
            scale.x_mid(add_days(
                first,
                days_between(first, group[group.len() - 1].date.start) / 2,
            ))
        };
        let sized: Vec<(f64, usize)> = columns.iter().map(|g| (column_x(g), g.len())).collect();
        let mut points = Vec::new();
        let mut bubbles = Vec::new();
        for range in merge_crowded(&sized, bubble_gap) {
            let group: Vec<&OverviewEvent> = columns[range]
                .iter()
                .flat_map(|g| g.iter().copied())
                .collect();
            if group.len() <= MAX_STACK {
                for (row, e) in group.iter().enumerate() {
                    points.push(PointMark {
                        id: e.id.clone(),
                        href: urls::event(&e.id),
                        x: pct(scale.x_mid(e.date.start)),
                        y: top + STACK_Y[row],
                        title: mark_title(e),
                    });
                }
                continue;
            }
            let first = group[0].date.start;
            let last = group[group.len() - 1].date.start;
            let x = column_x(&group);
            let r = bubble_radius(group.len());
            bubbles.push(Bubble {
                href: range_href(self.filter, first, last),
                x: pct(x),
                // A bubble near an end is moved inwards by its radius, so that no
                // screen, however narrow, cuts it off.
                dx: if x < EDGE {
                    r
                } else if x > 100.0 - EDGE {
                    -r
                } else {
                    0
                },
                y: top + BUBBLE_Y,
                r,
                count: group.len(),
                title: format!(
                    "{} {} events, {}: show only these dates",
                    group.len(),
                    kind_word(kind),
                    range_text(first, last)
                ),
            });
        }
        (points, bubbles)
    }

    /// Events dated coarser than a day, as bars packed into [`BAR_ROWS`] rows.
    fn coarse_bars(&self, of_kind: &[&OverviewEvent], top: u32) -> Vec<BarMark> {
        let (period, scale) = (self.period, self.scale);
        let coarse: Vec<&OverviewEvent> = of_kind
            .iter()
            .copied()
            .filter(|e| e.date.precision != Precision::Day)
            .collect();
        let spans: Vec<(f64, f64)> = coarse
            .iter()
            .map(|e| {
                let x0 = scale.x(e.date.start.max(period.start));
                let x1 = scale.x(add_days(e.date.end.min(period.end), 1));
                (x0, x1.max(x0 + 0.4))
            })
            .collect();
        let rows = pack_rows(&spans, BAR_ROWS);
        coarse
            .iter()
            .zip(&spans)
            .zip(&rows)
            .map(|((e, &(x0, x1)), &row)| BarMark {
                id: e.id.clone(),
                href: urls::event(&e.id),
                x: pct(x0),
                width: pct(x1 - x0),
                y: top + BAR_Y + row as u32 * ROW_GAP,
                title: mark_title(e),
            })
            .collect()
    }

    /// Each ceasefire agreement's line from its date to its first reported breach
    /// (or to the end, when none is reported), packed into [`LIFETIME_ROWS`] rows
    /// from `y`. `events` are all the overview's events, in or out of the period.
    fn lifetimes(&self, events: &[OverviewEvent], y: u32) -> Vec<Lifetime> {
        let (period, scale) = (self.period, self.scale);
        let agreements: Vec<&OverviewEvent> = events
            .iter()
            .filter(|e| e.kind == EventKind::Ceasefire && is_agreement(&e.subtype))
            .filter(|e| {
                let end = e.breach.as_ref().map_or(period.end, |b| b.start);
                e.date.start <= period.end && end >= period.start
            })
            .collect();
        let spans: Vec<(f64, f64)> = agreements
            .iter()
            .map(|e| {
                let x0 = scale.x(e.date.start.max(period.start));
                let x1 = match &e.breach {
                    Some(b) => scale.x_mid(b.start.min(period.end)),
                    None => 100.0 - PAD,
                };
                (x0, x1.max(x0 + 0.4))
            })
            .collect();
        let rows = pack_rows(&spans, LIFETIME_ROWS);
        let mut lifetimes = Vec::new();
        for ((e, &(x0, x1)), &row) in agreements.iter().zip(&spans).zip(&rows) {
            let place = e
                .place
                .as_ref()
                .map(|p| format!(" ({p})"))
                .unwrap_or_default();
            let what = format!(
                "Ceasefire {} {}{place}",
                e.subtype.replace('_', " "),
                e.date.human()
            );
            let (title, end_x, open) = match &e.breach {
                Some(b) => (
                    format!(
                        "{what}: first reported breach {} later, {} — {}",
                        crate::web::views::plural(days_between(e.date.end, b.start), "day", "days"),
                        day_text(b.start),
                        b.headline
                    ),
                    period.contains(b.start).then(|| pct(x1)),
                    false,
                ),
                None => (
                    format!("{what}: no breach reported in these sources"),
                    None,
                    true,
                ),
            };
            lifetimes.push(Lifetime {
                id: e.id.clone(),
                href: urls::event(&e.id),
                x: pct(x0),
                width: pct(x1 - x0),
                end_x,
                y: y + row as u32 * ROW_GAP,
                open,
                title,
            });
        }
        lifetimes
    }
}

impl OverviewView {
    /// Lays out `events` (dated, in date order) over `period`. `extent` is the
    /// first and last day of the filter's events regardless of its date range, for
    /// the pan links; `truncated` says the store returned only the first events.
    pub fn new(
        filter: &EventFilter,
        period: Period,
        extent: Option<(Date, Date)>,
        events: &[OverviewEvent],
        truncated: bool,
    ) -> Self {
        let frame = Frame {
            filter,
            period: &period,
            scale: period.scale(),
        };
        let visible: Vec<&OverviewEvent> = events
            .iter()
            .filter(|e| e.date.end >= period.start && e.date.start <= period.end)
            .collect();
        let mut starts: Vec<Date> = visible
            .iter()
            .map(|e| e.date.start.clamp(period.start, period.end))
            .collect();
        starts.sort();
        let mut lanes = Vec::new();
        let mut lifetimes_text = Vec::new();
        let mut top = 0;
        for kind in EventKind::ALL {
            let of_kind: Vec<&OverviewEvent> =
                visible.iter().copied().filter(|e| e.kind == kind).collect();
            let (points, bubbles) = frame.day_marks(kind, &of_kind, top);
            let bars = frame.coarse_bars(&of_kind, top);
            let bars_bottom = BAR_Y + BAR_ROWS as u32 * ROW_GAP;
            let (lifetimes, height) = if kind == EventKind::Ceasefire {
                let lifetimes = frame.lifetimes(events, top + bars_bottom);
                lifetimes_text.extend(lifetimes.iter().map(|l| l.title.clone()));
                (lifetimes, bars_bottom + LIFETIME_ROWS as u32 * ROW_GAP + 2)
            } else {
                (Vec::new(), bars_bottom + 2)
            };
            lanes.push(Lane {
                badge: KindBadge::from(kind),
                top,
                height,
                label_y: top + LABEL_Y,
                points,
                bubbles,
                bars,
                lifetimes,
            });
            top += height;
        }
        OverviewView {
            period_text: period.text(),
            start: period.start.to_string(),
            end: period.end.to_string(),
            pad: PAD.to_string(),
            height: top + AXIS_HEIGHT,
            axis_y: top,
            ticks: ticks(&frame.scale),
            lanes,
            nav: nav(filter, &period, extent, &starts),
            rows: count_rows(&period, &visible),
            bar_height: BAR_HEIGHT,
            lifetime_height: LIFETIME_HEIGHT,
            lifetimes_text,
            drawn: visible.len(),
            truncated,
        }
    }
}

/// Subtypes that start a ceasefire's life.
fn is_agreement(subtype: &str) -> bool {
    matches!(subtype, "agreed" | "brokered" | "declared")
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn event(id: &str, kind: EventKind, subtype: &str, d: EventDate) -> OverviewEvent {
        OverviewEvent {
            // Readable names in the tests ("t1"), hex-encoded into valid ids.
            id: hex::encode(id).parse().unwrap(),
            kind,
            subtype: subtype.into(),
            date: d,
            headline: format!("headline {id}"),
            place: None,
            breach: None,
        }
    }

    #[test]
    fn ticks_follow_the_zoom_level() {
        let years = Period {
            start: date(1991, 1, 1),
            end: date(2022, 11, 16),
        };
        let labels: Vec<String> = ticks(&years.scale()).into_iter().map(|t| t.label).collect();
        assert_eq!(labels, ["1995", "2000", "2005", "2010", "2015", "2020"]);

        let months = Period {
            start: date(2020, 9, 27),
            end: date(2020, 12, 31),
        };
        let labels: Vec<String> = ticks(&months.scale())
            .into_iter()
            .map(|t| t.label)
            .collect();
        assert_eq!(labels, ["Oct 2020", "Nov", "Dec"]);

        let days = Period {
            start: date(2020, 10, 20),
            end: date(2020, 10, 26),
        };
        let labels: Vec<String> = ticks(&days.scale()).into_iter().map(|t| t.label).collect();
        assert_eq!(labels, ["20 Oct 2020", "21", "22", "23", "24", "25", "26"]);
    }

    #[test]
    fn crowded_days_become_a_count_and_coarse_dates_bars() {
        let period = Period {
            start: date(2020, 1, 1),
            end: date(2020, 12, 31),
        };
        let mut events: Vec<OverviewEvent> = (0..5)
            .map(|i| {
                event(
                    &format!("f{i}"),
                    EventKind::Fighting,
                    "shelling",
                    EventDate::day(date(2020, 10, 23)),
                )
            })
            .collect();
        events.push(event(
            "t1",
            EventKind::Talks,
            "meeting",
            EventDate::day(date(2020, 3, 1)),
        ));
        events.push(event(
            "m1",
            EventKind::Talks,
            "meeting",
            EventDate::month(2020, 11).unwrap(),
        ));
        let view = OverviewView::new(&EventFilter::default(), period, None, &events, false);
        let talks = &view.lanes[0];
        assert_eq!(talks.points.len(), 1);
        assert_eq!(talks.bars.len(), 1);
        let fighting = &view.lanes[2];
        assert!(fighting.points.is_empty());
        assert_eq!(fighting.bubbles.len(), 1);
        assert_eq!(fighting.bubbles[0].count, 5);
        assert_eq!(fighting.bubbles[0].href, "/?from=2020-10-23&to=2020-10-23");
        let total: usize = view
            .rows
            .iter()
            .map(|r| r.talks + r.ceasefire + r.fighting)
            .sum();
        assert_eq!(total, 7);
    }

    #[test]
    fn a_ceasefire_lives_until_its_breach() {
        let period = Period {
            start: date(2020, 10, 1),
            end: date(2020, 10, 31),
        };
        let mut agreed = event(
            "c1",
            EventKind::Ceasefire,
            "agreed",
            EventDate::day(date(2020, 10, 10)),
        );
        agreed.breach = Some(crate::store::Breach {
            start: date(2020, 10, 23),
            headline: "Shelling".into(),
        });
        let open = event(
            "c2",
            EventKind::Ceasefire,
            "declared",
            EventDate::day(date(2020, 10, 26)),
        );
        let view = OverviewView::new(
            &EventFilter::default(),
            period,
            None,
            &[agreed, open],
            false,
        );
        let lane = &view.lanes[1];
        assert_eq!(lane.lifetimes.len(), 2);
        assert!(!lane.lifetimes[0].open);
        assert!(lane.lifetimes[0].title.contains("13 days later"));
        assert!(lane.lifetimes[0].end_x.is_some());
        assert!(lane.lifetimes[1].open);
    }

    #[test]
    fn zoom_and_pan_links_keep_the_other_filters() {
        let filter = EventFilter {
            from: Some(date(2020, 10, 1)),
            to: Some(date(2020, 10, 31)),
            kinds: vec![EventKind::Fighting],
            ..EventFilter::default()
        };
        let period = Period::of(&filter, Some((date(2020, 1, 1), date(2021, 1, 1)))).unwrap();
        let nav = nav(
            &filter,
            &period,
            Some((date(2020, 1, 1), date(2021, 1, 1))),
            &[],
        );
        assert_eq!(
            nav.zoom_in.as_deref(),
            Some("/?from=2020-10-08&to=2020-10-22&kind=fighting")
        );
        // With events, zooming in goes where they are.
        let starts = [date(2020, 10, 2), date(2020, 10, 3), date(2020, 10, 29)];
        let busy = super::nav(&filter, &period, None, &starts);
        assert_eq!(
            busy.zoom_in.as_deref(),
            Some("/?from=2020-10-01&to=2020-10-15&kind=fighting")
        );
        assert_eq!(
            nav.earlier.as_deref(),
            Some("/?from=2020-09-16&to=2020-10-16&kind=fighting")
        );
        assert_eq!(nav.whole.as_deref(), Some("/?kind=fighting&dates=all"));
        assert!(nav.later.is_some() && nav.zoom_out.is_some());
    }
}
