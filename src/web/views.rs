//! The view models every page shares: store results turned into exactly what the
//! templates print (kind badges, links, date text, status badges, casualty figures,
//! event cards grouped by day), so templates hold no logic beyond loops and
//! conditions. A page's own views live with its handler in [`super::pages`].
//! Nothing here is HTML: escaping stays with askama.

use super::urls;
use crate::domain::{
    ActorKind, EventDate, EventKind, Precision, Status, long_day_text, long_month_text,
};
use crate::domain::{ActorRole, Casualty, CasualtyGroup, EventId};
use crate::store::{EventCounts, EventFilter, EventPage, EventSummary, TEXT_SAMPLE};

/// How a kind is shown: a colour (via `class`) and, so that colour is never the only
/// cue, a shape and a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindBadge {
    /// The query value (`talks`).
    pub value: &'static str,
    /// The CSS class carrying the colour (`kind-talks`).
    pub class: &'static str,
    pub symbol: &'static str,
    pub label: &'static str,
}

impl From<EventKind> for KindBadge {
    fn from(kind: EventKind) -> Self {
        let (class, symbol) = match kind {
            EventKind::Talks => ("kind-talks", "◆"),
            EventKind::Ceasefire => ("kind-ceasefire", "■"),
            EventKind::Fighting => ("kind-fighting", "▲"),
        };
        KindBadge {
            value: kind.as_str(),
            class,
            symbol,
            label: kind.label(),
        }
    }
}

/// A link with its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub href: String,
    pub text: String,
}

/// A name that links somewhere when the store knows the actor behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub href: Option<String>,
    pub text: String,
}

/// A date as printed: human text, plus a machine value for `<time datetime>` when
/// HTML can express the precision (a day, week, month or year; not a span).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateView {
    pub text: String,
    pub machine: Option<String>,
    /// `day`, `month`, … or `undated` (a CSS hook).
    pub precision: &'static str,
    /// How precise the date is, in words: "to the day", "to the month".
    pub precision_note: &'static str,
}

impl DateView {
    pub fn new(date: Option<EventDate>) -> Self {
        match date {
            None => DateView {
                text: "undated".to_string(),
                machine: None,
                precision: "undated",
                precision_note: "no source dates it",
            },
            Some(date) => DateView {
                text: date.human(),
                machine: match date.precision {
                    Precision::Day | Precision::Week | Precision::Month | Precision::Year => {
                        Some(date.timex_value())
                    }
                    Precision::Span | Precision::Season => None,
                },
                precision: date.precision.as_str(),
                precision_note: match date.precision {
                    Precision::Day => "to the day",
                    Precision::Span => "a span of days",
                    Precision::Week => "to the week",
                    Precision::Month => "to the month only",
                    Precision::Season => "to the season only",
                    Precision::Year => "to the year only",
                },
            },
        }
    }
}

pub fn actor_kind_label(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::State => "state",
        ActorKind::Organisation => "organisation",
        ActorKind::ArmedGroup => "armed group",
        ActorKind::Entity => "de-facto entity",
        ActorKind::Person => "person",
    }
}

/// "12 events", or "3 events match" when filters narrow the list.
pub fn list_summary(total: i64, narrowed: bool) -> String {
    let events = plural(total, "event", "events");
    if narrowed {
        format!("{events} match")
    } else {
        events
    }
}

/// What a page says above its list about how many events match: as
/// [`list_summary`], or, when the counts are of a free-text filter's sample, that
/// they are a lower bound and of which events.
pub fn counts_summary(counts: &EventCounts, narrowed: bool) -> String {
    if counts.sampled {
        format!(
            "{} among the {TEXT_SAMPLE} most recently added events with these words; \
             more have them (the counts, overview and charts are of those {TEXT_SAMPLE}, \
             the list below holds every match)",
            list_summary(counts.total, true)
        )
    } else {
        list_summary(counts.total, narrowed)
    }
}

pub fn plural(count: i64, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// A small label beside an event: who claims it, who denies it, or that it is only
/// planned. `class` is a CSS hook (`badge-alleged` …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusBadge {
    pub class: &'static str,
    pub text: String,
}

/// The badges of an event: none for plain reports.
fn status_badges(event: &EventSummary) -> Vec<StatusBadge> {
    let by = |names: &[String]| names.join(", ");
    let badge = |class, text: String| StatusBadge { class, text };
    let alleged = || {
        if event.alleged_by.is_empty() {
            badge("badge-alleged", "alleged".to_string())
        } else {
            badge(
                "badge-alleged",
                format!("alleged by {}", by(&event.alleged_by)),
            )
        }
    };
    match event.status {
        Status::Reported => Vec::new(),
        Status::Planned => vec![badge("badge-planned", "planned".to_string())],
        Status::Alleged => vec![alleged()],
        Status::Denied => {
            let mut badges = Vec::new();
            if !event.alleged_by.is_empty() {
                badges.push(alleged());
            }
            badges.push(if event.denied_by.is_empty() {
                badge("badge-denied", "denied".to_string())
            } else {
                badge(
                    "badge-denied",
                    format!("denied by {}", by(&event.denied_by)),
                )
            });
            badges
        }
    }
}

/// Longest article title shown: lists and headings stay readable whatever a file's
/// front matter says (a 100 KB title once filled the whole article list).
pub const MAX_TITLE_CHARS: usize = 300;

/// What an article is called on a page: its title, or its key when it has none,
/// cut to [`MAX_TITLE_CHARS`].
pub fn title_or_key(title: Option<&str>, key: &str) -> String {
    truncate_chars(title.unwrap_or(key), MAX_TITLE_CHARS)
}

/// `text` cut to at most `max` characters, ending in `…` when cut.
pub fn truncate_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// A count for a table cell: the number, or a dash when the source gives none.
pub fn count_or_dash(count: Option<u32>) -> String {
    count.map_or_else(|| "—".to_string(), |n| n.to_string())
}

/// "63 killed, 292 wounded — Azerbaijan, civilians (running total; per the ministry)".
pub fn figure_text(figure: &Casualty) -> String {
    let mut counts = Vec::new();
    if let Some(killed) = figure.killed {
        counts.push(format!("{killed} killed"));
    }
    if let Some(wounded) = figure.wounded {
        counts.push(format!("{wounded} wounded"));
    }
    let mut text = counts.join(", ");
    let whose = match (&figure.party, figure.group.map(CasualtyGroup::as_str)) {
        (Some(party), Some(group)) => Some(format!("{party}, {group}")),
        (Some(party), None) => Some(party.clone()),
        (None, Some(group)) => Some(group.to_string()),
        (None, None) => None,
    };
    if let Some(whose) = whose {
        text.push_str(&format!(" — {whose}"));
    }
    let mut notes = Vec::new();
    if figure.cumulative {
        notes.push("running total".to_string());
    }
    if let Some(by) = &figure.reported_by {
        notes.push(format!("per {by}"));
    }
    if !notes.is_empty() {
        text.push_str(&format!(" ({})", notes.join("; ")));
    }
    text
}

/// One event in a list.
#[derive(Debug, Clone, PartialEq)]
pub struct EventCard {
    pub id: EventId,
    pub href: String,
    pub kind: KindBadge,
    pub subtype: String,
    pub badges: Vec<StatusBadge>,
    pub date: DateView,
    pub headline: String,
    /// The parties taking part (claimants and deniers are in `badges`), each
    /// linking to the timeline filtered to it, other filters kept.
    pub actors: Vec<Link>,
    pub place: Option<Link>,
    /// Casualty figures as the sources state them.
    pub figures: Vec<String>,
    /// "3 sources".
    pub sources: String,
}

impl EventCard {
    /// `filter` is the list's filter, which the actor chips keep.
    pub fn new(event: &EventSummary, filter: &EventFilter) -> Self {
        let participants: Vec<Link> = event
            .actors
            .iter()
            .filter(|a| a.role == ActorRole::Participant)
            .map(|a| Link {
                href: urls::timeline(&EventFilter {
                    actors: vec![a.slug.clone()],
                    after: None,
                    ..filter.clone()
                }),
                text: a.name.clone(),
            })
            .collect();
        EventCard {
            id: event.id.clone(),
            href: urls::event_in(&event.id, filter),
            kind: event.kind.into(),
            subtype: event.subtype.replace('_', " "),
            badges: status_badges(event),
            date: DateView::new(event.date),
            headline: event.headline.clone(),
            actors: participants,
            place: event.place.as_ref().map(|p| Link {
                href: urls::place(&p.slug),
                text: p.name.clone(),
            }),
            figures: event.figures.iter().map(figure_text).collect(),
            sources: plural(event.source_count, "source", "sources"),
        }
    }
}

/// The cards of a page under one date heading: a day, or the month, year or span
/// that coarser dates name.
#[derive(Debug, Clone, PartialEq)]
pub struct DayGroup {
    pub heading: String,
    pub machine: Option<String>,
    pub cards: Vec<EventCard>,
}

/// The heading an event is listed under: "Friday 23 October 2020" for a day,
/// otherwise the date as precisely as it is known.
fn group_heading(date: Option<EventDate>) -> (String, Option<String>) {
    match date {
        None => ("Undated".to_string(), None),
        Some(d) => match d.precision {
            Precision::Day => (long_day_text(d.start), Some(d.start.to_string())),
            Precision::Month => (
                format!("{} (dated to the month)", long_month_text(d.start)),
                Some(d.timex_value()),
            ),
            Precision::Year => (
                format!("{} (dated to the year)", d.start.year()),
                Some(d.timex_value()),
            ),
            Precision::Week => (d.human(), Some(d.timex_value())),
            Precision::Span | Precision::Season => (d.human(), None),
        },
    }
}

/// The "next page" link of a list: a full page for browsers without JavaScript, and
/// the fragment that the interactive timeline can swap in instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextLink {
    pub href: String,
    pub fragment_href: String,
}

/// A page of events as the `_event_list.html` partial prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventListView {
    /// The element id of the list (a page may hold two lists).
    pub id: &'static str,
    pub groups: Vec<DayGroup>,
    pub next: Option<NextLink>,
    /// Back to the first page, shown on later pages (keyset paging has no "previous").
    pub first_href: Option<String>,
}

impl EventListView {
    /// `page_url` gives the address of the page listing `filter` (the timeline, an
    /// actor page, …), so that paging stays on the same page.
    pub fn new(
        page: &EventPage,
        filter: &EventFilter,
        page_url: impl Fn(&EventFilter) -> String,
    ) -> Self {
        let next = page.next.as_ref().map(|cursor| {
            let next_filter = filter.with_after(Some(cursor.clone()));
            NextLink {
                href: page_url(&next_filter),
                fragment_href: urls::timeline_fragment(&next_filter),
            }
        });
        // One group per heading: a span that starts on a day sorts among that day's
        // events, and must not split the day's heading in two.
        let mut groups: Vec<DayGroup> = Vec::new();
        for event in &page.events {
            let card = EventCard::new(event, filter);
            let (heading, machine) = group_heading(event.date);
            match groups.iter_mut().rev().find(|g| g.heading == heading) {
                Some(group) => group.cards.push(card),
                None => groups.push(DayGroup {
                    heading,
                    machine,
                    cards: vec![card],
                }),
            }
        }
        EventListView {
            id: "event-list",
            groups,
            next,
            first_href: filter
                .after
                .as_ref()
                .map(|_| page_url(&filter.with_after(None))),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}
