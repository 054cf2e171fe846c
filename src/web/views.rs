//! View models: store results turned into exactly what the templates print (labels,
//! date text, links from [`urls`]), so templates hold no logic beyond loops and
//! conditions. Also cuts an article into paragraphs with its event sentences marked.
//! Nothing here is HTML: escaping stays with askama.

use super::urls;
use crate::domain::{
    ActorKind, EventDate, EventKind, Precision, Status, long_day_text, long_month_text,
};
use crate::store::{
    ActorRole, ActorSummary, ArticleDetail, ArticleMention, ArticleSummary, CasualtyReport,
    EventDetail, EventFilter, EventPage, EventSummary, Figure, Mention, PlaceSummary,
};
use std::sync::LazyLock;

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

fn plural(count: i64, one: &str, many: &str) -> String {
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

/// "63 killed, 292 wounded — Azerbaijan, civilians (running total; per the ministry)".
pub fn figure_text(figure: &Figure) -> String {
    let mut counts = Vec::new();
    if let Some(killed) = figure.killed {
        counts.push(format!("{killed} killed"));
    }
    if let Some(wounded) = figure.wounded {
        counts.push(format!("{wounded} wounded"));
    }
    let mut text = counts.join(", ");
    let whose = match (&figure.party, figure.group.as_deref()) {
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
    pub id: String,
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

/// Consecutive cards under one date heading: a day, or the month, year or span
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
        let mut groups: Vec<DayGroup> = Vec::new();
        for event in &page.events {
            let card = EventCard::new(event, filter);
            let (heading, machine) = group_heading(event.date);
            match groups.last_mut() {
                Some(group) if group.heading == heading => group.cards.push(card),
                _ => groups.push(DayGroup {
                    heading,
                    machine,
                    cards: vec![card],
                }),
            }
        }
        EventListView {
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

/// Where a quoted sentence comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub href: String,
    /// The article title, or its key when it has none.
    pub title: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
}

impl Citation {
    fn new(key: &str, title: Option<&str>, outlet: Option<&str>, published: Option<&str>) -> Self {
        Citation {
            href: urls::article(key),
            title: title.unwrap_or(key).to_string(),
            outlet: outlet.map(str::to_string),
            published: published.map(str::to_string),
        }
    }
}

/// One source sentence, linking to its highlight in the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub text: String,
    pub href: String,
}

/// The sentences of one article about one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceGroup {
    pub citation: Citation,
    pub quotes: Vec<Quote>,
}

/// Groups mentions (already ordered by article) under their article.
fn source_groups(mentions: &[Mention]) -> Vec<SourceGroup> {
    let mut groups: Vec<(String, SourceGroup)> = Vec::new();
    for m in mentions {
        let quote = Quote {
            text: m.text.trim().to_string(),
            href: urls::mention(&m.article_key, m.id),
        };
        match groups.last_mut() {
            Some((key, group)) if *key == m.article_key => group.quotes.push(quote),
            _ => groups.push((
                m.article_key.clone(),
                SourceGroup {
                    citation: Citation::new(
                        &m.article_key,
                        m.article_title.as_deref(),
                        m.article_source.as_deref(),
                        m.article_published.as_deref(),
                    ),
                    quotes: vec![quote],
                },
            )),
        }
    }
    groups.into_iter().map(|(_, group)| group).collect()
}

/// One casualty figure, as a table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CasualtyView {
    pub citation: Citation,
    pub reported_by: String,
    pub party: String,
    pub group: String,
    pub killed: String,
    pub wounded: String,
    pub cumulative: bool,
    pub sentence: Quote,
}

impl CasualtyView {
    fn new(c: &CasualtyReport) -> Self {
        let figure = |n: Option<i64>| n.map_or_else(|| "—".to_string(), |n| n.to_string());
        let or_dash = |s: &Option<String>| s.clone().unwrap_or_else(|| "—".to_string());
        CasualtyView {
            citation: Citation::new(
                &c.article_key,
                c.article_title.as_deref(),
                c.article_source.as_deref(),
                c.article_published.as_deref(),
            ),
            reported_by: or_dash(&c.reported_by),
            party: or_dash(&c.party),
            group: or_dash(&c.group),
            killed: figure(c.killed),
            wounded: figure(c.wounded),
            cumulative: c.cumulative,
            sentence: Quote {
                text: c.sentence.clone(),
                href: c.mention_id.map_or_else(
                    || urls::article(&c.article_key),
                    |id| urls::mention(&c.article_key, id),
                ),
            },
        }
    }
}

/// Everything the event page prints.
#[derive(Debug, Clone, PartialEq)]
pub struct EventView {
    pub card: EventCard,
    /// "Reported", "Planned", "Alleged", "Denied".
    pub status: &'static str,
    pub date_basis: String,
    pub date_value: Option<String>,
    pub participants: Vec<Link>,
    pub alleged_by: Vec<Name>,
    pub denied_by: Vec<Name>,
    /// "82%".
    pub confidence: String,
    pub casualties: Vec<CasualtyView>,
    pub sources: Vec<SourceGroup>,
    pub mention_count: usize,
    pub api_href: String,
    /// Each source's own reading, field by field, and the rule that merged them.
    pub reports: Vec<ReportView>,
    pub merge_rule: &'static str,
}

/// One article's account of the event: where each field of the event came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportView {
    pub citation: Link,
    /// The article's own date and how it was obtained.
    pub article_date: String,
    /// "Talks (call)", "Ceasefire (agreed)".
    pub kind: String,
    pub date: String,
    pub date_basis: String,
    pub actors: String,
    pub place: String,
    pub status: String,
}

impl ReportView {
    fn new(r: &crate::store::Report) -> Self {
        let d = &r.draft;
        let list = |names: Vec<&str>| {
            if names.is_empty() {
                "—".to_string()
            } else {
                names.join(", ")
            }
        };
        let mut status = d.status.as_str().to_string();
        if !d.alleged_by.is_empty() {
            status.push_str(&format!(" (claimed by {})", d.alleged_by.join(", ")));
        }
        if !d.denied_by.is_empty() {
            status.push_str(&format!(" (denied by {})", d.denied_by.join(", ")));
        }
        ReportView {
            citation: Link {
                href: urls::article(&r.article_key),
                text: r
                    .article_title
                    .clone()
                    .unwrap_or_else(|| r.article_key.clone()),
            },
            article_date: format!(
                "{} — {}",
                r.article_published.as_deref().unwrap_or("date unknown"),
                r.article_dated
            ),
            kind: format!("{} ({})", d.kind.label(), d.subtype.replace('_', " ")),
            date: d
                .date
                .map_or_else(|| "undated".to_string(), |date| date.human()),
            date_basis: d.date_basis.clone(),
            actors: list(d.actors.iter().map(|a| a.name.as_str()).collect()),
            place: d
                .place
                .as_ref()
                .map_or_else(|| "—".to_string(), |p| p.name.clone()),
            status,
        }
    }
}

impl EventView {
    pub fn new(detail: &EventDetail) -> Self {
        let event = &detail.summary;
        // Claimants and deniers link to their actor page when the store resolved
        // them; otherwise the names as the sources give them are shown unlinked.
        let named = |role: ActorRole, names: &[String]| -> Vec<Name> {
            let linked: Vec<Name> = event
                .actors
                .iter()
                .filter(|a| a.role == role)
                .map(|a| Name {
                    href: Some(urls::actor(&a.slug)),
                    text: a.name.clone(),
                })
                .collect();
            if linked.is_empty() {
                names
                    .iter()
                    .map(|n| Name {
                        href: None,
                        text: n.clone(),
                    })
                    .collect()
            } else {
                linked
            }
        };
        let card = EventCard::new(event, &EventFilter::default());
        let participants = event
            .actors
            .iter()
            .filter(|a| a.role == ActorRole::Participant)
            .map(|a| Link {
                href: urls::actor(&a.slug),
                text: a.name.clone(),
            })
            .collect();
        EventView {
            status: match event.status {
                Status::Reported => "Reported",
                Status::Planned => "Planned",
                Status::Alleged => "Alleged",
                Status::Denied => "Denied",
            },
            participants,
            alleged_by: named(ActorRole::Alleger, &event.alleged_by),
            denied_by: named(ActorRole::Denier, &event.denied_by),
            card,
            date_basis: detail.date_basis.clone(),
            date_value: detail.date_value.clone(),
            confidence: format!("{:.0}%", (event.confidence * 100.0).clamp(0.0, 100.0)),
            casualties: detail.casualties.iter().map(CasualtyView::new).collect(),
            sources: source_groups(&detail.mentions),
            mention_count: detail.mentions.len(),
            api_href: urls::api_event(&event.id),
            reports: detail.reports.iter().map(ReportView::new).collect(),
            merge_rule: crate::domain::merge::RULE,
        }
    }
}

/// What a shared link's preview shows (Open Graph and Twitter card tags).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareMeta {
    pub title: String,
    pub description: String,
    /// The absolute permanent address, when the request named its host.
    pub url: Option<String>,
}

/// Longest preview description; link previews cut around here anyway.
const SHARE_DESCRIPTION_CHARS: usize = 280;

fn truncate_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

impl ShareMeta {
    /// "27 Sep 2020 · Fighting (armed clash) at Nagorno-Karabakh · Armenia, Azerbaijan ·
    /// 1 source: “…first quoted sentence…”".
    pub fn for_event(event: &EventView, origin: Option<&str>) -> Self {
        let card = &event.card;
        let mut parts = vec![format!(
            "{} · {} ({})",
            card.date.text, card.kind.label, card.subtype
        )];
        if let Some(place) = &card.place {
            parts[0].push_str(&format!(" at {}", place.text));
        }
        if !event.participants.is_empty() {
            let names: Vec<&str> = event.participants.iter().map(|p| p.text.as_str()).collect();
            parts.push(names.join(", "));
        }
        let mut sources = card.sources.clone();
        if let Some(quote) = event.sources.first().and_then(|g| g.quotes.first()) {
            sources.push_str(&format!(": “{}”", quote.text));
        }
        parts.push(sources);
        ShareMeta {
            title: card.headline.clone(),
            description: truncate_chars(&parts.join(" · "), SHARE_DESCRIPTION_CHARS),
            url: origin.map(|o| format!("{o}{}", card.href)),
        }
    }
}

/// A schema.org JSON-LD block, ready to sit inside `<script type="application/ld+json">`:
/// serialized by serde_json, with `<`, `>` and `&` written as `\u003c` … so that no
/// text from an article can close the script element. The only value a template
/// may print unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonLd(String);

impl JsonLd {
    pub fn new(value: &serde_json::Value) -> Self {
        let json = value.to_string();
        JsonLd(
            json.replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026"),
        )
    }

    /// A schema.org `Event` for one event.
    pub fn for_event(detail: &EventDetail, origin: Option<&str>) -> Self {
        let event = &detail.summary;
        let mut value = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "Event",
            "name": event.headline,
            "description": format!("{} ({}), {}", event.kind.label(), event.subtype.replace('_', " "),
                plural(event.source_count, "source", "sources")),
        });
        if let Some(date) = event.date {
            value["startDate"] = date.start.to_string().into();
            value["endDate"] = date.end.to_string().into();
        }
        if let Some(place) = &event.place {
            value["location"] = serde_json::json!({ "@type": "Place", "name": place.name });
        }
        let parties: Vec<serde_json::Value> = event
            .actors
            .iter()
            .filter(|a| a.role == ActorRole::Participant)
            .map(|a| {
                let kind = if a.kind == ActorKind::Person {
                    "Person"
                } else {
                    "Organization"
                };
                serde_json::json!({ "@type": kind, "name": a.name })
            })
            .collect();
        if !parties.is_empty() {
            value["performer"] = parties.into();
        }
        if let Some(origin) = origin {
            value["url"] = format!("{origin}{}", urls::event(&event.id)).into();
        }
        JsonLd::new(&value)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An actor in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorRowView {
    pub href: String,
    pub name: String,
    pub kind: &'static str,
    pub role: Option<String>,
    pub affiliation: Option<Link>,
    pub events: String,
    pub timeline_href: String,
}

impl ActorRowView {
    pub fn new(actor: &ActorSummary) -> Self {
        ActorRowView {
            href: urls::actor(&actor.slug),
            name: actor.name.clone(),
            kind: actor_kind_label(actor.kind),
            role: actor.role.clone(),
            affiliation: actor.affiliation.as_ref().map(|a| Link {
                href: urls::actor(&a.slug),
                text: a.name.clone(),
            }),
            events: plural(actor.event_count, "event", "events"),
            timeline_href: urls::timeline(&EventFilter {
                actors: vec![actor.slug.clone()],
                ..EventFilter::default()
            }),
        }
    }
}

/// A place in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceRowView {
    pub href: String,
    pub name: String,
    pub kind: String,
    pub country: Option<String>,
    pub events: String,
    pub timeline_href: String,
}

impl PlaceRowView {
    pub fn new(place: &PlaceSummary) -> Self {
        PlaceRowView {
            href: urls::place(&place.slug),
            name: place.name.clone(),
            kind: place.kind.clone(),
            country: place.country.clone(),
            events: plural(place.event_count, "event", "events"),
            timeline_href: urls::timeline(&EventFilter {
                place: Some(place.slug.clone()),
                ..EventFilter::default()
            }),
        }
    }
}

/// A highlighted event sentence in an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkView {
    /// `m-{id}` on the first piece of a mark (a mark split by a paragraph break
    /// carries it once, so ids stay unique).
    pub anchor: Option<String>,
    /// Anchors of further mentions that overlap this one and share its highlight.
    pub extra_anchors: Vec<String>,
    pub href: String,
    pub title: String,
    pub kind_class: &'static str,
}

/// A run of article text, highlighted or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPiece {
    pub text: String,
    pub mark: Option<MarkView>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub pieces: Vec<TextPiece>,
}

/// A blank line (possibly holding spaces) separates paragraphs in texts that use
/// blank lines; single line breaks inside them are kept as line breaks.
static BLANK_LINE: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"\n[ \t\r]*\n\s*").expect("valid regex"));
/// In texts without a blank line (news copy with one paragraph per line), every
/// line break starts a paragraph.
static LINE_BREAK: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"\r?\n\s*").expect("valid regex"));

/// Overlapping mentions share one highlight.
struct MarkSpan<'a> {
    start: usize,
    end: usize,
    mentions: Vec<&'a ArticleMention>,
}

/// Cuts `text` into paragraphs (see [`BLANK_LINE`] and [`LINE_BREAK`]), marking the byte ranges of `mentions`. Mentions whose
/// offsets fall outside the text or inside a character are left unmarked (and
/// logged): a bad offset must not hide the article.
pub fn article_paragraphs(text: &str, mentions: &[ArticleMention]) -> Vec<Paragraph> {
    let mut usable: Vec<&ArticleMention> = mentions
        .iter()
        .filter(|m| {
            let ok = usize::try_from(m.start).is_ok_and(|s| text.is_char_boundary(s))
                && usize::try_from(m.end).is_ok_and(|e| text.is_char_boundary(e))
                && m.start < m.end;
            if !ok {
                tracing::warn!(
                    mention = m.id,
                    m.start,
                    m.end,
                    "mention offsets do not fit the article text"
                );
            }
            ok
        })
        .collect();
    usable.sort_by_key(|m| (m.start, m.id));

    let mut spans: Vec<MarkSpan> = Vec::new();
    for m in usable {
        let (start, end) = (m.start as usize, m.end as usize);
        match spans.last_mut() {
            Some(span) if start < span.end => {
                span.end = span.end.max(end);
                span.mentions.push(m);
            }
            _ => spans.push(MarkSpan {
                start,
                end,
                mentions: vec![m],
            }),
        }
    }

    // Runs of (text, mark) in order, covering the whole text.
    let mut runs: Vec<(&str, Option<MarkView>)> = Vec::new();
    let mut at = 0;
    for span in &spans {
        if span.start > at {
            runs.push((&text[at..span.start], None));
        }
        let first = span.mentions[0];
        let headline = first
            .headline
            .clone()
            .unwrap_or_else(|| format!("event {}", first.event_id));
        let title = match first.kind {
            Some(kind) => format!("{}: {headline}", kind.label()),
            None => headline,
        };
        runs.push((
            &text[span.start..span.end],
            Some(MarkView {
                anchor: Some(urls::mention_anchor(first.id)),
                extra_anchors: span.mentions[1..]
                    .iter()
                    .map(|m| urls::mention_anchor(m.id))
                    .collect(),
                href: urls::event(&first.event_id),
                title,
                kind_class: first
                    .kind
                    .map_or("kind-unknown", |k| KindBadge::from(k).class),
            }),
        ));
        at = span.end;
    }
    if at < text.len() {
        runs.push((&text[at..], None));
    }

    let paragraph_break: &regex::Regex = if BLANK_LINE.is_match(text) {
        &BLANK_LINE
    } else {
        &LINE_BREAK
    };
    let mut paragraphs = vec![Paragraph { pieces: Vec::new() }];
    for (run, mark) in runs {
        for (i, part) in paragraph_break.split(run).enumerate() {
            if i > 0 {
                paragraphs.push(Paragraph { pieces: Vec::new() });
            }
            if part.is_empty() {
                continue;
            }
            let current = paragraphs.last_mut().expect("at least one paragraph");
            let mark = mark.clone().map(|m| MarkView {
                // Only the first piece of a split mark carries the anchors.
                anchor: if i == 0 { m.anchor } else { None },
                extra_anchors: if i == 0 { m.extra_anchors } else { Vec::new() },
                ..m
            });
            current.pieces.push(TextPiece {
                text: part.to_string(),
                mark,
            });
        }
    }
    // Leading and trailing blank space of a paragraph carries no meaning.
    for paragraph in &mut paragraphs {
        if let Some(first) = paragraph.pieces.first_mut() {
            first.text = first.text.trim_start().to_string();
        }
        if let Some(last) = paragraph.pieces.last_mut() {
            last.text = last.text.trim_end().to_string();
        }
        paragraph
            .pieces
            .retain(|p| !p.text.is_empty() || p.mark.is_some());
    }
    paragraphs.retain(|p| !p.pieces.is_empty());
    paragraphs
}

/// An event sentence in the article's list of events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleMentionView {
    /// `#m-{id}`: the highlight in the text above.
    pub anchor_href: String,
    pub text: String,
    pub event: Link,
    pub kind: Option<KindBadge>,
}

/// An article in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRowView {
    pub href: String,
    pub title: String,
    pub outlet: Option<String>,
    pub published: String,
    pub sentences: String,
}

impl ArticleRowView {
    pub fn new(article: &ArticleSummary) -> Self {
        ArticleRowView {
            href: urls::article(&article.key),
            title: article.title.clone().unwrap_or_else(|| article.key.clone()),
            outlet: article.source.clone(),
            published: article
                .published
                .clone()
                .unwrap_or_else(|| "date unknown".to_string()),
            sentences: plural(article.mention_count, "event sentence", "event sentences"),
        }
    }
}

/// Everything the article page prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleView {
    pub key: String,
    pub title: String,
    pub outlet: Option<String>,
    /// The reference date, or "unknown".
    pub published: String,
    /// "stated in the article", "inferred", "unknown".
    pub published_basis: &'static str,
    pub published_how: String,
    /// The original address, only when it is a web link (never `javascript:` and the like).
    pub original_url: Option<String>,
    pub source_path: String,
    pub paragraphs: Vec<Paragraph>,
    pub mentions: Vec<ArticleMentionView>,
}

impl ArticleView {
    pub fn new(article: &ArticleDetail) -> Self {
        let original_url = article
            .url
            .as_deref()
            .map(str::trim)
            .filter(|u| {
                let lower = u.to_ascii_lowercase();
                lower.starts_with("https://") || lower.starts_with("http://")
            })
            .map(str::to_string);
        ArticleView {
            key: article.key.clone(),
            title: article.title.clone().unwrap_or_else(|| article.key.clone()),
            outlet: article.source.clone(),
            published: article
                .published
                .clone()
                .unwrap_or_else(|| "unknown".to_string()),
            published_basis: match article.published_basis.as_str() {
                "stated" => "stated in the article",
                "inferred" => "inferred",
                _ => "unknown",
            },
            published_how: article.published_how.clone(),
            original_url,
            source_path: article.source_path.clone(),
            paragraphs: article_paragraphs(&article.text, &article.mentions),
            mentions: article
                .mentions
                .iter()
                .map(|m| ArticleMentionView {
                    anchor_href: format!("#{}", urls::mention_anchor(m.id)),
                    text: m.text.trim().to_string(),
                    event: Link {
                        href: urls::event(&m.event_id),
                        text: m
                            .headline
                            .clone()
                            .unwrap_or_else(|| format!("event {}", m.event_id)),
                    },
                    kind: m.kind.map(KindBadge::from),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(id: i64, start: i64, end: i64) -> ArticleMention {
        ArticleMention {
            id,
            event_id: format!("e{id}"),
            kind: Some(EventKind::Fighting),
            headline: Some("Shelling".into()),
            start,
            end,
            text: String::new(),
        }
    }

    fn render(paragraphs: &[Paragraph]) -> Vec<String> {
        paragraphs
            .iter()
            .map(|p| {
                p.pieces
                    .iter()
                    .map(|piece| match &piece.mark {
                        Some(m) => format!(
                            "[{}{}|{}]",
                            m.anchor.as_deref().unwrap_or("-"),
                            m.extra_anchors.join(""),
                            piece.text
                        ),
                        None => piece.text.clone(),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        let ld =
            JsonLd::new(&serde_json::json!({ "name": "</script><script>alert(1)</script> & co" }));
        assert!(!ld.as_str().contains('<') && !ld.as_str().contains('&'));
        let back: serde_json::Value = serde_json::from_str(ld.as_str()).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script> & co");
    }

    #[test]
    fn marks_sentences_and_keeps_paragraphs() {
        let text = "Intro line.\n\nShelling hit Tartar. Then calm.\n \nEnd.";
        let start = text.find("Shelling").unwrap() as i64;
        let end = start + "Shelling hit Tartar.".len() as i64;
        let paragraphs = article_paragraphs(text, &[mention(7, start, end)]);
        assert_eq!(
            render(&paragraphs),
            vec![
                "Intro line.",
                "[m-7|Shelling hit Tartar.] Then calm.",
                "End."
            ]
        );
    }

    #[test]
    fn one_paragraph_per_line_when_the_text_has_no_blank_line() {
        let text = "First line.\nShelling hit Tartar.\r\nLast.";
        let start = text.find("Shelling").unwrap() as i64;
        let paragraphs = article_paragraphs(text, &[mention(3, start, start + 20)]);
        assert_eq!(
            render(&paragraphs),
            vec!["First line.", "[m-3|Shelling hit Tartar.]", "Last."]
        );
        let blank = article_paragraphs("Dateline\nBAKU\n\nBody.", &[]);
        assert_eq!(render(&blank), vec!["Dateline\nBAKU", "Body."]);
    }

    #[test]
    fn overlapping_and_broken_mentions_keep_every_anchor_once() {
        let text = "Aé b.\n\nC d.";
        let paragraphs = article_paragraphs(
            text,
            &[
                mention(1, 0, 9),
                mention(2, 3, 5),
                mention(3, 2, 3),  // inside "é"
                mention(4, 5, 99), // past the end
            ],
        );
        assert_eq!(render(&paragraphs), vec!["[m-1m-2|Aé b.]", "[-|C] d."]);
    }
}
