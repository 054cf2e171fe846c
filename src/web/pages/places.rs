//! The list of places (`/places`) and one place's page (`/places/{slug}`) with the
//! events located there; that list takes the timeline's query parameters.

use super::{Segment, check_references, narrowed_to_place};
use crate::store::EventFilter;
use crate::web::error::WebError;

use crate::store::PlaceSummary;
use crate::web::params::EventQuery;
use crate::web::state::AppState;
use crate::web::urls;
use crate::web::views::{EventListView, counts_summary, plural};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;

pub async fn list(State(state): State<AppState>) -> Result<PlacesPage, WebError> {
    let places = state.store.places().await?;
    Ok(PlacesPage {
        places: places.iter().map(PlaceRowView::new).collect(),
    })
}

pub async fn page(
    State(state): State<AppState>,
    Segment(slug): Segment,
    EventQuery(filter): EventQuery,
) -> Result<PlacePage, WebError> {
    let (place, filter) = narrowed_to_place(&state.store, &slug, filter).await?;
    let filter = check_references(&state.store, &filter).await?;
    let (page, counts) = tokio::try_join!(
        state.store.list_events(&filter),
        state.store.count_events(&filter),
    )?;
    // Narrowed when filters other than the place itself apply.
    let narrowed = !EventFilter {
        place: None,
        ..filter.clone()
    }
    .is_unfiltered();
    Ok(PlacePage {
        place: PlaceRowView::new(&place),
        summary: counts_summary(&counts, narrowed),
        list: EventListView::new(&page, &filter, |f| urls::place_filtered(&slug, f)),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "places.html")]
pub struct PlacesPage {
    pub places: Vec<PlaceRowView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "place.html")]
pub struct PlacePage {
    pub place: PlaceRowView,
    pub summary: String,
    pub list: EventListView,
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
