//! The timeline (`/`), its changing parts alone (`/fragment/timeline`: overview,
//! facets, results) and its event list alone (`/fragment/events`), all driven by the
//! same query string.

use super::{BoxNote, check_references, resolve_references};
use crate::domain::range_text;
use crate::domain::{EventKind, Slug};
use crate::store::Store;
use crate::store::{
    ActorSummary, ActorsMatch, DEFAULT_PAGE_SIZE, DateBand, EventCounts, EventFilter,
    OVERVIEW_LIMIT, OverviewEvent, PlaceSummary, TopActor,
};
use crate::web::charts::CasualtyChart;
use crate::web::density;
use crate::web::error::WebError;
use crate::web::overview::{OverviewView, Period};
use crate::web::params::EventQuery;
use crate::web::state::AppState;
use crate::web::urls;
use crate::web::views::{EventListView, KindBadge, Link, counts_summary, plural};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use jiff::civil::Date;

/// How many actors the facets list.
const TOP_ACTORS: u32 = 8;
/// How many actors and how many places the form suggests (the most active): a
/// typing aid, so a database with 30 000 places neither reads 30 000 rows (97 ms)
/// nor puts 30 000 options (1.8 MB) into every page; any name can still be typed
/// and is resolved on the server.
const SUGGESTED: u32 = 300;
/// How many coarsely dated events a date-filtered list shows in their own band.
const COARSE_SHOWN: u32 = 10;

pub async fn page(
    State(state): State<AppState>,
    EventQuery(filter): EventQuery,
) -> Result<TimelinePage, WebError> {
    let store = &state.store;
    let asked = filter;
    let (filter, notes) = resolve_references(store, &asked).await?;
    let (actors, places) = suggestions(store, &filter).await?;
    let view = timeline_view(store, &filter, &actors, &places, &notes).await?;
    let mut form = filter_form(&filter, &actors, &places, &notes);
    // A value left out of the filter stays in its box, beside the note about it.
    if form.actor.is_empty() {
        form.actor = asked
            .actors
            .first()
            .map(Slug::to_string)
            .unwrap_or_default();
    }
    if form.place.is_empty() {
        form.place = asked
            .place
            .as_ref()
            .map(Slug::to_string)
            .unwrap_or_default();
    }
    Ok(TimelinePage { form, view })
}

/// The event list alone, for "next page" in place.
pub async fn fragment(
    State(state): State<AppState>,
    EventQuery(filter): EventQuery,
) -> Result<EventListFragment, WebError> {
    let filter = check_references(&state.store, &filter).await?;
    let page = state.store.list_events(&filter).await?;
    Ok(EventListFragment {
        list: EventListView::new(&page, &filter, urls::timeline),
    })
}

/// Everything of the timeline that depends on the filter (overview, facets,
/// results), for in-page updates.
pub async fn view_fragment(
    State(state): State<AppState>,
    EventQuery(filter): EventQuery,
) -> Result<TimelineFragment, WebError> {
    let store = &state.store;
    let (filter, notes) = resolve_references(store, &filter).await?;
    let (actors, places) = suggestions(store, &filter).await?;
    Ok(TimelineFragment {
        view: timeline_view(store, &filter, &actors, &places, &notes).await?,
    })
}

/// The actors and places the form suggests, with the filter's own among them (the
/// chips name them): the busiest, kept per data version, and the filter's own
/// looked up when they are not among those.
async fn suggestions(
    store: &Store,
    filter: &EventFilter,
) -> crate::store::Result<(Vec<ActorSummary>, Vec<PlaceSummary>)> {
    let (busy_actors, busy_places) = store.busiest(SUGGESTED).await?;
    let mut actors = busy_actors.to_vec();
    let missing: Vec<Slug> = filter
        .actors
        .iter()
        .filter(|slug| !actors.iter().any(|a| &a.slug == *slug))
        .cloned()
        .collect();
    if !missing.is_empty() {
        actors.extend(store.busiest_actors(0, &missing).await?);
        actors.sort_by(|a, b| {
            b.event_count
                .cmp(&a.event_count)
                .then_with(|| a.name.cmp(&b.name))
        });
    }
    let mut places = busy_places.to_vec();
    if let Some(place) = &filter.place
        && !places.iter().any(|p| &p.slug == place)
    {
        places.extend(store.busiest_places(0, Some(place)).await?);
        places.sort_by(|a, b| a.name.cmp(&b.name));
    }
    Ok((actors, places))
}

async fn timeline_view(
    store: &Store,
    asked: &EventFilter,
    actors: &[ActorSummary],
    places: &[PlaceSummary],
    notes: &[BoxNote],
) -> Result<TimelineView, WebError> {
    let (shown, opening, read) = opening_view(store, asked).await?;
    let filter = &shown;
    let overview = async {
        match read {
            Some(marks) => Ok(marks),
            None => store.overview_events(filter).await,
        }
    };
    let day_band = EventFilter {
        band: Some(DateBand::Day),
        ..shown.clone()
    };
    let (page, coarse, counts, extent, marks, top, figures) = tokio::try_join!(
        store.list_events(if split_bands(filter) {
            &day_band
        } else {
            filter
        }),
        coarse_band(store, filter),
        store.count_events(filter),
        store.date_extent(filter),
        overview,
        store.top_actors(filter, TOP_ACTORS),
        store.casualty_points(filter),
    )?;
    // Without a day-dated event there is nothing for the coarse ones to crowd.
    let (page, coarse, listed) = match coarse {
        Some(_) if page.events.is_empty() && filter.after.is_none() => {
            (store.list_events(filter).await?, None, filter)
        }
        Some(band) => (page, Some(band), &day_band),
        None => (page, None, filter),
    };
    let period = Period::of(filter, extent);
    let overview = period.map(|period| {
        let truncated = marks.len() >= OVERVIEW_LIMIT as usize;
        OverviewView::new(filter, period, extent, &marks, truncated)
    });
    let (kind_facets, actor_facets) = facets(filter, &counts, &top);
    Ok(TimelineView {
        opening,
        overview,
        kind_facets,
        actor_facets,
        summary: counts_summary(&counts, !filter.is_unfiltered()),
        active: active_filters(asked, actors, places),
        actors_match: actors_match_line(asked),
        notes: field_notes(notes.iter()),
        list: EventListView::new(&page, listed, urls::timeline),
        coarse,
        casualties: CasualtyChart::new(
            &figures,
            period
                .filter(|_| filter.from.is_some() || filter.to.is_some())
                .map(|p| (p.start, p.end)),
        ),
        api_href: urls::api_events(filter),
        csv_href: urls::api_events_csv(filter),
    })
}

/// The facets beside the list: each kind and the most involved actors, with their
/// counts, each linking to the view narrowed to it.
fn facets(
    filter: &EventFilter,
    counts: &EventCounts,
    top: &[TopActor],
) -> (Vec<Facet>, Vec<Facet>) {
    let base = filter.with_after(None);
    let kinds = counts
        .by_kind
        .iter()
        .map(|&(kind, count)| Facet {
            href: urls::timeline(&EventFilter {
                kinds: vec![kind],
                ..base.clone()
            }),
            text: kind.label().to_string(),
            count,
            badge: Some(KindBadge::from(kind)),
        })
        .collect();
    let actors = top
        .iter()
        .map(|a| Facet {
            href: urls::timeline(&EventFilter {
                actors: vec![a.slug.clone()],
                ..base.clone()
            }),
            text: a.name.clone(),
            count: a.count,
            badge: None,
        })
        .collect();
    (kinds, actors)
}

/// Whether the list of `filter` shows its day-dated events first and the coarser
/// ones in a band of their own: when it names dates (where a month- or year-dated
/// event would otherwise sort ahead of the month's days) and no band.
fn split_bands(filter: &EventFilter) -> bool {
    (filter.from.is_some() || filter.to.is_some()) && filter.band.is_none()
}

/// The coarse band under a date-filtered list: its first events, how many there
/// are, and a link to all of them; `None` when the list is not split or the band
/// is empty. Later pages of the day-dated list leave it out.
async fn coarse_band(
    store: &Store,
    filter: &EventFilter,
) -> crate::store::Result<Option<CoarseBand>> {
    if !split_bands(filter) || filter.after.is_some() {
        return Ok(None);
    }
    let band = EventFilter {
        band: Some(DateBand::Coarse),
        after: None,
        ..filter.clone()
    };
    let shown = EventFilter {
        limit: COARSE_SHOWN,
        ..band.clone()
    };
    let (page, counts) = tokio::try_join!(store.list_events(&shown), store.count_events(&band))?;
    if page.events.is_empty() {
        return Ok(None);
    }
    let mut list = EventListView::new(&page, &band, urls::timeline);
    list.id = "coarse-list";
    list.next = None;
    Ok(Some(CoarseBand {
        heading: format!(
            "Dated only to the week, month or year, or over several days: {}",
            plural(counts.total, "event", "events")
        ),
        count: counts.total,
        all_href: (counts.total > i64::from(COARSE_SHOWN)).then(|| urls::timeline(&band)),
        list,
    }))
}

/// The filter the page shows for the filter `asked`, and what it says about it: a
/// request that names no dates opens on the shortest span holding most of its
/// events ([`density::opening_period`]) when a few outliers would otherwise stretch
/// the period; the page says so and links to every date. When the filter stays as
/// asked, the overview's events read to decide come back with it, so that the page
/// does not read them twice.
async fn opening_view(
    store: &Store,
    asked: &EventFilter,
) -> Result<(EventFilter, Option<OpeningNote>, Option<Vec<OverviewEvent>>), WebError> {
    if asked.from.is_some() || asked.to.is_some() || asked.every_date {
        return Ok((asked.clone(), None, None));
    }
    // The overview's own query (dated events in date order); when it holds only
    // the first OVERVIEW_LIMIT events, where the rest crowd is unknown, and the page
    // shows every date as before.
    let marks = store.overview_events(asked).await?;
    if marks.len() >= OVERVIEW_LIMIT as usize {
        return Ok((asked.clone(), None, Some(marks)));
    }
    let days: Vec<(Date, i64)> = marks
        .chunk_by(|a, b| a.date.start == b.date.start)
        .map(|same| (same[0].date.start, same.len() as i64))
        .collect();
    let (Some(&(first, _)), Some(&(last, _))) = (days.first(), days.last()) else {
        return Ok((asked.clone(), None, Some(marks)));
    };
    let Some((from, to)) = density::opening_period(&days, (first, last)) else {
        return Ok((asked.clone(), None, Some(marks)));
    };
    let outside: i64 = days
        .iter()
        .filter(|&&(day, _)| day < from || day > to)
        .map(|&(_, n)| n)
        .sum();
    let shown = EventFilter {
        from: Some(from),
        to: Some(to),
        ..asked.clone()
    };
    let note = OpeningNote {
        text: format!(
            "Opening on {}, where {} of the dated events are; {} outside it.",
            range_text(from, to),
            density::DENSE_SHARE_TEXT,
            plural(outside, "event lies", "events lie"),
        ),
        all_href: urls::timeline(&EventFilter {
            after: None,
            every_date: true,
            ..asked.clone()
        }),
    };
    Ok((shown, Some(note), None))
}

fn filter_form(
    filter: &EventFilter,
    actors: &[ActorSummary],
    places: &[PlaceSummary],
    notes: &[BoxNote],
) -> FilterForm {
    let notes_of = |param: &str| field_notes(notes.iter().filter(|n| n.param == param));
    let kinds = EventKind::ALL
        .iter()
        .map(|&kind| KindOption {
            badge: KindBadge::from(kind),
            checked: filter.kinds.contains(&kind),
        })
        .collect();
    let actor_suggestions = actors
        .iter()
        .map(|a| Suggestion {
            value: a.slug.to_string(),
            label: format!("{} ({})", a.name, a.event_count),
        })
        .collect();
    let place_suggestions = places
        .iter()
        .map(|p| Suggestion {
            value: p.slug.to_string(),
            label: format!("{} ({})", p.name, p.event_count),
        })
        .collect();
    // The field holds one actor; further actors of the filter ride along as hidden
    // fields so that submitting the form does not silently drop them.
    let mut hidden: Vec<Hidden> = filter
        .actors
        .iter()
        .skip(1)
        .map(|slug| Hidden {
            name: "actor",
            value: slug.to_string(),
        })
        .collect();
    if filter.limit != DEFAULT_PAGE_SIZE {
        hidden.push(Hidden {
            name: "limit",
            value: filter.limit.to_string(),
        });
    }
    if filter.every_date {
        hidden.push(Hidden {
            name: "dates",
            value: "all".to_string(),
        });
    }
    FilterForm {
        action: urls::home(),
        reset_href: urls::home(),
        from: filter.from.map(|d| d.to_string()).unwrap_or_default(),
        to: filter.to.map(|d| d.to_string()).unwrap_or_default(),
        q: filter.text.clone().unwrap_or_default(),
        kinds,
        actor: filter
            .actors
            .first()
            .map(Slug::to_string)
            .unwrap_or_default(),
        place: filter
            .place
            .as_ref()
            .map(Slug::to_string)
            .unwrap_or_default(),
        actors: actor_suggestions,
        places: place_suggestions,
        hidden,
        actor_notes: notes_of("actor"),
        place_notes: notes_of("place"),
        actors_match: (filter.actors.len() > 1).then(|| ActorsMatchChoice {
            all: filter.actors_match == ActorsMatch::All,
        }),
        active: filter.kinds.len()
            + filter.actors.len()
            + usize::from(filter.from.is_some())
            + usize::from(filter.to.is_some())
            + usize::from(filter.place.is_some())
            + usize::from(filter.text.is_some()),
    }
}

/// The notes about the boxes as the page prints them, with a link per choice.
fn field_notes<'a>(notes: impl Iterator<Item = &'a BoxNote>) -> Vec<FieldNote> {
    notes
        .map(|n| FieldNote {
            text: n.text.clone(),
            choices: n
                .choices
                .iter()
                .map(|(named, choice)| Link {
                    href: urls::timeline(choice),
                    text: named.name.clone(),
                })
                .collect(),
        })
        .collect()
}

/// With several actors, the sentence saying whether the list holds events with any
/// or all of them, and the link that switches.
fn actors_match_line(filter: &EventFilter) -> Option<(String, Link)> {
    if filter.actors.len() < 2 {
        return None;
    }
    let (now, other, switch) = match filter.actors_match {
        ActorsMatch::Any => (
            "any of these actors",
            ActorsMatch::All,
            "only events with all of them",
        ),
        ActorsMatch::All => (
            "all of these actors",
            ActorsMatch::Any,
            "events with any of them",
        ),
    };
    Some((
        format!("Events with {now}."),
        Link {
            href: urls::timeline(&EventFilter {
                actors_match: other,
                after: None,
                ..filter.clone()
            }),
            text: format!("Show {switch}"),
        },
    ))
}

/// One removable chip per active filter value; each links to the first page of the
/// list without that value. Long because each kind of filter value (dates, kinds,
/// actors, place, text) has its own label and its own way of being removed.
fn active_filters(
    filter: &EventFilter,
    actors: &[ActorSummary],
    places: &[PlaceSummary],
) -> Vec<Link> {
    let base = filter.with_after(None);
    let chip = |text: String, without: EventFilter| Link {
        href: urls::timeline(&without),
        text,
    };
    let mut chips = Vec::new();
    if let Some(from) = filter.from {
        chips.push(chip(
            format!("from {from}"),
            EventFilter {
                from: None,
                ..base.clone()
            },
        ));
    }
    if let Some(to) = filter.to {
        chips.push(chip(
            format!("to {to}"),
            EventFilter {
                to: None,
                ..base.clone()
            },
        ));
    }
    for kind in &filter.kinds {
        let rest: Vec<EventKind> = filter.kinds.iter().copied().filter(|k| k != kind).collect();
        chips.push(chip(
            kind.label().to_string(),
            EventFilter {
                kinds: rest,
                ..base.clone()
            },
        ));
    }
    for slug in &filter.actors {
        let name = actors
            .iter()
            .find(|a| &a.slug == slug)
            .map_or(slug.as_str(), |a| a.name.as_str());
        let rest = filter
            .actors
            .iter()
            .filter(|a| *a != slug)
            .cloned()
            .collect();
        chips.push(chip(
            format!("actor: {name}"),
            EventFilter {
                actors: rest,
                ..base.clone()
            },
        ));
    }
    if let Some(slug) = &filter.place {
        let name = places
            .iter()
            .find(|p| &p.slug == slug)
            .map_or(slug.as_str(), |p| p.name.as_str());
        chips.push(chip(
            format!("place: {name}"),
            EventFilter {
                place: None,
                ..base.clone()
            },
        ));
    }
    if let Some(text) = &filter.text {
        chips.push(chip(
            format!("words: “{text}”"),
            EventFilter {
                text: None,
                ..base.clone()
            },
        ));
    }
    chips
}

/// A kind checkbox of the filter form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindOption {
    pub badge: KindBadge,
    pub checked: bool,
}

/// A suggestion of a `<datalist>`: the value typed, and the name shown beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub value: String,
    pub label: String,
}

/// What the page says beside a box about how its value was read, with the names it
/// could mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldNote {
    pub text: String,
    pub choices: Vec<Link>,
}

/// The any/all choice of a filter with several actors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActorsMatchChoice {
    pub all: bool,
}

/// A filter value the visible fields cannot hold (a second actor, a page size).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hidden {
    pub name: &'static str,
    pub value: String,
}

/// The plain GET form of the timeline, pre-filled with the current filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterForm {
    pub action: String,
    pub reset_href: String,
    pub from: String,
    pub to: String,
    pub q: String,
    pub kinds: Vec<KindOption>,
    /// The actor in the actor field (a slug), or empty.
    pub actor: String,
    pub place: String,
    pub actors: Vec<Suggestion>,
    pub places: Vec<Suggestion>,
    pub hidden: Vec<Hidden>,
    /// How the actor and place boxes were read, said beside them.
    pub actor_notes: Vec<FieldNote>,
    pub place_notes: Vec<FieldNote>,
    /// With several actors: whether they mean any or all of them.
    pub actors_match: Option<ActorsMatchChoice>,
    /// How many filter values are set, for the folded panel's heading.
    pub active: usize,
}

/// A facet: a value of the current view with its count, linking to the view
/// narrowed to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    pub href: String,
    pub text: String,
    pub count: i64,
    pub badge: Option<KindBadge>,
}

/// The events of a date-filtered list that are dated more coarsely than a day.
#[derive(Debug, Clone, PartialEq)]
pub struct CoarseBand {
    pub heading: String,
    pub count: i64,
    /// The whole band, when more than are shown here.
    pub all_href: Option<String>,
    pub list: EventListView,
}

/// Why the timeline opened on a shorter period than all its events take, with the
/// link to every date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpeningNote {
    pub text: String,
    pub all_href: String,
}

/// What the timeline shows for one filter, and what in-page updates replace: the
/// overview, the facets beside the form, and the results.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineView {
    /// Set when the request named no dates and the page opened on where the events
    /// crowd rather than on all of them.
    pub opening: Option<OpeningNote>,
    /// `None` when no matching event is dated.
    pub overview: Option<OverviewView>,
    pub kind_facets: Vec<Facet>,
    pub actor_facets: Vec<Facet>,
    /// "12 events" / "12 events match".
    pub summary: String,
    /// The active filters, each linking to the list without it.
    pub active: Vec<Link>,
    /// With several actors: what they mean, and the link to the other meaning.
    pub actors_match: Option<(String, Link)>,
    /// How the actor and place boxes were read, repeated above the results (which
    /// in-page updates replace, unlike the form).
    pub notes: Vec<FieldNote>,
    pub list: EventListView,
    /// The coarsely dated events of a date-filtered list, apart from the list.
    pub coarse: Option<CoarseBand>,
    pub casualties: Option<CasualtyChart>,
    pub api_href: String,
    pub csv_href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "timeline.html")]
pub struct TimelinePage {
    pub form: FilterForm,
    pub view: TimelineView,
}

/// The parts of the timeline that change with the filter, for in-page updates:
/// elements whose ids match those on the page.
#[derive(Template, WebTemplate)]
#[template(path = "timeline_fragment.html")]
pub struct TimelineFragment {
    pub view: TimelineView,
}

/// The timeline's event list alone, for in-page updates.
#[derive(Template, WebTemplate)]
#[template(path = "_event_list.html")]
pub struct EventListFragment {
    pub list: EventListView,
}
