//! The timeline (`/`) and its event list alone (`/fragment/events`), both driven by
//! the same query string.

use super::check_references;
use crate::domain::EventKind;
use crate::store::read::{ActorSummary, DEFAULT_PAGE_SIZE, EventCounts, EventFilter, PlaceSummary};
use crate::web::error::WebError;
use crate::web::pages::{
    EventListFragment, FilterForm, Hidden, KindOption, SelectOption, TimelinePage,
};
use crate::web::params::EventQuery;
use crate::web::state::AppState;
use crate::web::urls;
use crate::web::views::{EventListView, KindBadge, Link, list_summary};
use axum::extract::State;

pub async fn page(
    State(state): State<AppState>,
    EventQuery(filter): EventQuery,
) -> Result<TimelinePage, WebError> {
    let store = &state.store;
    check_references(store, &filter).await?;
    let (page, counts, actors, places) = tokio::try_join!(
        store.list_events(&filter),
        store.count_events(&filter),
        store.actors(),
        store.places(),
    )?;
    Ok(TimelinePage {
        form: filter_form(&filter, &counts, &actors, &places),
        summary: list_summary(counts.total, !filter.is_unfiltered()),
        active: active_filters(&filter, &actors, &places),
        list: EventListView::new(&page, &filter, urls::timeline),
        api_href: urls::api_events(&filter),
        csv_href: urls::api_events_csv(&filter),
    })
}

pub async fn fragment(
    State(state): State<AppState>,
    EventQuery(filter): EventQuery,
) -> Result<EventListFragment, WebError> {
    check_references(&state.store, &filter).await?;
    let page = state.store.list_events(&filter).await?;
    Ok(EventListFragment {
        list: EventListView::new(&page, &filter, urls::timeline),
    })
}

fn filter_form(
    filter: &EventFilter,
    counts: &EventCounts,
    actors: &[ActorSummary],
    places: &[PlaceSummary],
) -> FilterForm {
    let kinds = counts
        .by_kind
        .iter()
        .map(|&(kind, count)| KindOption {
            badge: KindBadge::from(kind),
            checked: filter.kinds.contains(&kind),
            count,
        })
        .collect();
    // A select holds one actor; further actors of the filter ride along as hidden
    // fields so that submitting the form does not silently drop them.
    let selected_actor = filter.actors.first();
    let actor_options = actors
        .iter()
        .filter(|a| a.event_count > 0 || filter.actors.contains(&a.slug))
        .map(|a| SelectOption {
            value: a.slug.clone(),
            label: format!("{} ({})", a.name, a.event_count),
            selected: Some(&a.slug) == selected_actor,
        })
        .collect();
    let place_options = places
        .iter()
        .filter(|p| p.event_count > 0 || filter.place.as_ref() == Some(&p.slug))
        .map(|p| SelectOption {
            value: p.slug.clone(),
            label: format!("{} ({})", p.name, p.event_count),
            selected: filter.place.as_ref() == Some(&p.slug),
        })
        .collect();
    let mut hidden: Vec<Hidden> = filter
        .actors
        .iter()
        .skip(1)
        .map(|slug| Hidden {
            name: "actor",
            value: slug.clone(),
        })
        .collect();
    if filter.limit != DEFAULT_PAGE_SIZE {
        hidden.push(Hidden {
            name: "limit",
            value: filter.limit.to_string(),
        });
    }
    FilterForm {
        action: urls::home(),
        reset_href: urls::home(),
        from: filter.from.map(|d| d.to_string()).unwrap_or_default(),
        to: filter.to.map(|d| d.to_string()).unwrap_or_default(),
        q: filter.text.clone().unwrap_or_default(),
        kinds,
        actors: actor_options,
        places: place_options,
        hidden,
    }
}

/// One removable chip per active filter value; each links to the first page of the
/// list without that value.
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
