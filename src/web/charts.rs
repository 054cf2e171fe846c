//! Server-rendered charts besides the overview: reported casualty figures over time
//! (the timeline and actor pages) and an actor's events per month. Pure layout, as
//! in [`super::overview`]: horizontal positions in percent of the width, vertical
//! ones in pixels; every chart comes with the rows of its text-alternative table.
//!
//! Casualty figures are never merged: each (party, group, who reports it, running
//! total or not) is its own series, so competing claims stay side by side.

use super::scale::{TimeScale, pct};
use super::urls;
use super::views::{KindBadge, count_or_dash};
use crate::domain::{CasualtyGroup, EventKind, month_text, range_text};
use crate::store::{ActivityMonth, CasualtyPoint};
use jiff::Span;
use jiff::civil::Date;

/// Left and right margin of a plot, in percent.
const PAD: f64 = 3.0;
/// Distinct series colours (CSS classes `series-0` …); later series reuse them but
/// keep their own label, and group is also told by shape.
const PALETTE: usize = 8;
const PLOT_TOP: u32 = 14;
const PLOT_HEIGHT: u32 = 180;
const AXIS_HEIGHT: u32 = 24;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AxisLabel {
    pub x: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridLine {
    pub y: u32,
    pub label: String,
}

/// A casualty figure on the chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartPoint {
    pub href: String,
    pub x: String,
    pub y: u32,
    pub title: String,
}

/// A segment joining two running totals of one series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub x1: String,
    pub y1: u32,
    pub x2: String,
    pub y2: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub label: String,
    /// `series-0` …
    pub class: String,
    /// `#pt-military`, `#pt-civilian` or `#pt-unspecified`.
    pub shape: &'static str,
    pub points: Vec<ChartPoint>,
    pub segments: Vec<Segment>,
}

/// A row of the casualty chart's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureRow {
    pub date: String,
    pub event: String,
    pub href: String,
    pub series: String,
    pub killed: String,
    pub wounded: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CasualtyChart {
    pub height: u32,
    pub axis_y: u32,
    pub grid: Vec<GridLine>,
    pub ticks: Vec<AxisLabel>,
    pub series: Vec<Series>,
    pub rows: Vec<FigureRow>,
    pub period_text: String,
}

/// The vertical position of `killed` on a log scale whose top is `10^decades`.
fn log_y(killed: i64, decades: u32) -> u32 {
    let value = (killed.max(1) as f64).log10();
    let frac = (value / f64::from(decades)).clamp(0.0, 1.0);
    PLOT_TOP + PLOT_HEIGHT - (frac * f64::from(PLOT_HEIGHT)).round() as u32
}

fn group_shape(group: Option<CasualtyGroup>) -> &'static str {
    match group {
        Some(CasualtyGroup::Military) => "#pt-military",
        Some(CasualtyGroup::Civilian) => "#pt-civilian",
        None => "#pt-unspecified",
    }
}

/// Month or year labels for a time axis over `first..=last`.
fn time_ticks(scale: &TimeScale, first: Date, last: Date) -> Vec<AxisLabel> {
    let years = i64::from(last.year() - first.year());
    let mut ticks = Vec::new();
    if years >= 2 {
        let step = (years / 6).max(1) as i16;
        let mut year = first.year() + 1;
        while year <= last.year() {
            if year % step == 0
                && let Ok(d) = Date::new(year, 1, 1)
            {
                ticks.push(AxisLabel {
                    x: pct(scale.x(d)),
                    label: year.to_string(),
                });
            }
            year += 1;
        }
    } else {
        let months = i64::from(last.year() - first.year()) * 12
            + i64::from(last.month() - first.month())
            + 1;
        let step = (months / 6).max(1);
        let mut d = first.first_of_month();
        let mut i = 0;
        while d <= last {
            if d >= first && i % step == 0 {
                ticks.push(AxisLabel {
                    x: pct(scale.x(d)),
                    label: month_text(d),
                });
            }
            i += 1;
            d = d.checked_add(Span::new().months(1)).unwrap_or(Date::MAX);
        }
        if ticks.is_empty() {
            ticks.push(AxisLabel {
                x: pct(scale.x_mid(first)),
                label: range_text(first, first),
            });
        }
    }
    ticks
}

impl CasualtyChart {
    /// The chart of `points` (in date order) over `range` (the timeline's period
    /// when it has one, so that zooming the overview zooms the chart), or else over
    /// the points' own dates; `None` when no point has a killed figure. Long because
    /// the scale, the series, the grid and the table are built in one pass.
    pub fn new(points: &[CasualtyPoint], range: Option<(Date, Date)>) -> Option<Self> {
        let plotted: Vec<&CasualtyPoint> = points
            .iter()
            .filter(|p| p.figure.killed.is_some())
            .collect();
        let own_first = plotted.iter().map(|p| p.date.start).min()?;
        let own_last = plotted.iter().map(|p| p.date.start).max()?;
        let (first, last) = range.unwrap_or((own_first, own_last));
        let scale = TimeScale::new(first, last, PAD);
        let max = plotted
            .iter()
            .filter_map(|p| p.figure.killed)
            .max()
            .unwrap_or(1)
            .max(1);
        let decades = ((max as f64).log10().ceil() as u32).max(1);

        let mut series: Vec<(String, Series)> = Vec::new();
        for p in &plotted {
            let killed = p.figure.killed.unwrap_or(0);
            let label = series_label(p);
            let index = match series.iter().position(|(key, _)| *key == label) {
                Some(i) => i,
                None => {
                    series.push((
                        label.clone(),
                        Series {
                            label: label.clone(),
                            class: format!("series-{}", series.len() % PALETTE),
                            shape: group_shape(p.figure.group),
                            points: Vec::new(),
                            segments: Vec::new(),
                        },
                    ));
                    series.len() - 1
                }
            };
            let s = &mut series[index].1;
            let point = ChartPoint {
                href: urls::event(&p.event_id),
                x: pct(scale.x_mid(p.date.start)),
                y: log_y(i64::from(killed), decades),
                title: format!(
                    "{}: {} killed — {} ({})",
                    p.date.human(),
                    killed,
                    label,
                    p.event_headline
                ),
            };
            if p.figure.cumulative
                && let Some(previous) = s.points.last()
            {
                s.segments.push(Segment {
                    x1: previous.x.clone(),
                    y1: previous.y,
                    x2: point.x.clone(),
                    y2: point.y,
                });
            }
            s.points.push(point);
        }
        let grid = (0..=decades)
            .map(|d| GridLine {
                y: log_y(10_i64.pow(d), decades),
                label: 10_i64.pow(d).to_string(),
            })
            .collect();
        let rows = points
            .iter()
            .map(|p| FigureRow {
                date: p.date.human(),
                event: p.event_headline.clone(),
                href: urls::event(&p.event_id),
                series: series_label(p),
                killed: count_or_dash(p.figure.killed),
                wounded: count_or_dash(p.figure.wounded),
            })
            .collect();
        Some(CasualtyChart {
            height: PLOT_TOP + PLOT_HEIGHT + AXIS_HEIGHT,
            axis_y: PLOT_TOP + PLOT_HEIGHT,
            grid,
            ticks: time_ticks(&scale, first, last),
            series: series.into_iter().map(|(_, s)| s).collect(),
            rows,
            period_text: range_text(first, last),
        })
    }
}

/// "Azerbaijan, civilian — running total, per the ministry": one series per party,
/// group, reporter and kind of figure.
fn series_label(p: &CasualtyPoint) -> String {
    let figure = &p.figure;
    let mut label = figure
        .party
        .clone()
        .unwrap_or_else(|| "party not stated".into());
    label.push_str(", ");
    label.push_str(
        figure
            .group
            .map_or("group not stated", CasualtyGroup::as_str),
    );
    if figure.cumulative {
        label.push_str(" — running total");
    }
    if let Some(by) = figure.reported_by.as_ref().or(p.outlet.as_ref()) {
        label.push_str(&format!(" (per {by})"));
    }
    label
}

/// One kind's share of a month bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarSegment {
    pub class: &'static str,
    pub y: u32,
    pub height: u32,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthBar {
    pub x: String,
    pub width: String,
    pub segments: Vec<BarSegment>,
}

/// A row of the activity chart's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRow {
    pub month: String,
    pub talks: i64,
    pub ceasefire: i64,
    pub fighting: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityChart {
    pub height: u32,
    pub axis_y: u32,
    pub bars: Vec<MonthBar>,
    pub ticks: Vec<AxisLabel>,
    pub grid: Vec<GridLine>,
    pub legend: Vec<KindBadge>,
    /// Months with at least one event, for the table.
    pub rows: Vec<ActivityRow>,
    /// "3 events dated only to the year or not at all are not shown."
    pub left_out: Option<String>,
}

const ACTIVITY_HEIGHT: u32 = 120;

impl ActivityChart {
    /// Events per month, stacked by kind, from the first to the last active month.
    /// Long because the bars, their segments and the axis are built in one pass.
    pub fn new(months: &[ActivityMonth], coarse: i64) -> Option<Self> {
        let first = months.iter().map(|m| m.month).min()?;
        let last = months.iter().map(|m| m.month).max()?;
        let mut all = Vec::new();
        let mut d = first;
        while d <= last && all.len() < 600 {
            all.push(d);
            d = d.checked_add(Span::new().months(1)).unwrap_or(Date::MAX);
        }
        let count = |month: Date, kind: EventKind| {
            months
                .iter()
                .filter(|m| m.month == month && m.kind == kind)
                .map(|m| m.count)
                .sum::<i64>()
        };
        let max = all
            .iter()
            .map(|&m| EventKind::ALL.iter().map(|&k| count(m, k)).sum::<i64>())
            .max()
            .unwrap_or(1)
            .max(1);
        let width = (100.0 - 2.0 * PAD) / all.len() as f64;
        let unit = f64::from(ACTIVITY_HEIGHT) / max as f64;
        let mut bars = Vec::new();
        let mut rows = Vec::new();
        for (i, &month) in all.iter().enumerate() {
            let counts: Vec<i64> = EventKind::ALL.iter().map(|&k| count(month, k)).collect();
            if counts.iter().any(|&n| n > 0) {
                rows.push(ActivityRow {
                    month: month_text(month),
                    talks: counts[0],
                    ceasefire: counts[1],
                    fighting: counts[2],
                });
            }
            bars.push(MonthBar {
                x: pct(PAD + i as f64 * width + width * 0.1),
                width: pct(width * 0.8),
                segments: month_segments(month, &counts, unit),
            });
        }
        let step = (all.len() / 6).max(1);
        let ticks = all
            .iter()
            .enumerate()
            .filter(|(i, _)| i % step == 0)
            .map(|(i, &m)| AxisLabel {
                x: pct(PAD + (i as f64 + 0.5) * width),
                label: if i == 0 || m.month() == 1 {
                    month_text(m)
                } else {
                    m.strftime("%b").to_string()
                },
            })
            .collect();
        let grid = vec![
            GridLine {
                y: PLOT_TOP + ACTIVITY_HEIGHT,
                label: "0".into(),
            },
            GridLine {
                y: PLOT_TOP,
                label: max.to_string(),
            },
        ];
        Some(ActivityChart {
            height: PLOT_TOP + ACTIVITY_HEIGHT + AXIS_HEIGHT,
            axis_y: PLOT_TOP + ACTIVITY_HEIGHT,
            bars,
            ticks,
            grid,
            legend: EventKind::ALL.iter().map(|&k| KindBadge::from(k)).collect(),
            rows,
            left_out: (coarse > 0).then(|| {
                if coarse == 1 {
                    "1 event dated only to the season or year, or not at all, is not shown."
                        .to_string()
                } else {
                    format!(
                        "{coarse} events dated only to the season or year, or not at all, \
                         are not shown."
                    )
                }
            }),
        })
    }
}

/// One month's bar: a segment per kind with events (`counts` in
/// `EventKind::ALL` order), stacked from the bottom, `unit` pixels per event.
fn month_segments(month: Date, counts: &[i64], unit: f64) -> Vec<BarSegment> {
    let mut bottom = PLOT_TOP + ACTIVITY_HEIGHT;
    let mut segments = Vec::new();
    for (&kind, &n) in EventKind::ALL.iter().zip(counts) {
        if n == 0 {
            continue;
        }
        let height = ((n as f64) * unit).round().max(2.0) as u32;
        bottom = bottom.saturating_sub(height);
        segments.push(BarSegment {
            class: KindBadge::from(kind).class,
            y: bottom,
            height,
            title: format!(
                "{}: {} {}",
                month_text(month),
                n,
                kind.label().to_lowercase()
            ),
        });
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Casualty, EventDate};
    use jiff::civil::date;

    fn point(id: &str, day: Date, party: &str, killed: u32, cumulative: bool) -> CasualtyPoint {
        CasualtyPoint {
            event_id: id.parse().unwrap(),
            event_headline: format!("event {id}"),
            date: EventDate::day(day),
            figure: Casualty {
                party: Some(party.into()),
                group: Some(CasualtyGroup::Military),
                killed: Some(killed),
                wounded: None,
                cumulative,
                reported_by: None,
            },
            outlet: None,
        }
    }

    #[test]
    fn competing_claims_stay_separate_series() {
        let chart = CasualtyChart::new(
            &[
                point("a", date(2020, 10, 1), "Armenia", 900, true),
                point("b", date(2020, 10, 5), "Armenia", 950, true),
                point("c", date(2020, 10, 5), "Azerbaijan", 12, false),
            ],
            None,
        )
        .unwrap();
        assert_eq!(chart.series.len(), 2);
        assert_eq!(
            chart.series[0].segments.len(),
            1,
            "running totals are joined"
        );
        assert!(chart.series[1].segments.is_empty(), "single tolls are not");
        assert_eq!(chart.rows.len(), 3);
        assert_eq!(chart.grid.last().unwrap().label, "1000");
        assert!(CasualtyChart::new(&[], None).is_none());
    }

    #[test]
    fn activity_has_a_bar_per_month() {
        let chart = ActivityChart::new(
            &[
                ActivityMonth {
                    month: date(2020, 10, 1),
                    kind: EventKind::Fighting,
                    count: 4,
                },
                ActivityMonth {
                    month: date(2021, 1, 1),
                    kind: EventKind::Talks,
                    count: 1,
                },
            ],
            2,
        )
        .unwrap();
        assert_eq!(chart.bars.len(), 4);
        assert_eq!(chart.rows.len(), 2);
        assert!(chart.left_out.unwrap().starts_with("2 events"));
    }
}
