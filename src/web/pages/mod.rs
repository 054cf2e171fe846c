//! One module per page, each with everything the page is made of: the handler, the
//! page's own view models and the askama struct of its template (`templates/`).
//! Handlers translate between HTTP and the store: extract validated parameters,
//! ask the store, build view models, render. Views that several pages show (event
//! cards, badges, dates) are in [`super::views`]; `api` is the JSON/CSV twin.

pub mod actors;
pub mod api;
pub mod articles;
pub mod event;
pub mod places;
pub mod timeline;

use super::error::WebError;
use crate::domain::{DomainError, Slug};
use crate::store::EventFilter;
use crate::store::{PlaceSummary, Store};
use std::str::FromStr;

/// An id or slug from the URL path, parsed into its type. Text that breaks the
/// rule of its kind names nothing: a 404 whose message gives the value and the rule.
fn from_path<T: FromStr<Err = DomainError>>(raw: &str) -> Result<T, WebError> {
    raw.parse()
        .map_err(|e: DomainError| WebError::NotFound(e.to_string()))
}

/// Rejects a filter naming an actor or place the store does not know: such a
/// filter can only ever give an empty list, which is more likely a typo than a wish.
async fn check_references(store: &Store, filter: &EventFilter) -> Result<(), WebError> {
    let unknown = store.unknown_actors(&filter.actors).await?;
    if let Some(slug) = unknown.first() {
        return Err(WebError::BadRequest(format!(
            "actor: unknown actor {slug:?} (see the list of actors)"
        )));
    }
    if let Some(place) = &filter.place {
        if store.place(place).await?.is_none() {
            return Err(WebError::BadRequest(format!(
                "place: unknown place {place:?} (see the list of places)"
            )));
        }
    }
    Ok(())
}

/// The place `slug` (a 404 when unknown) and `filter` narrowed to its events: the
/// start of the place page and of its JSON twin.
async fn narrowed_to_place(
    store: &Store,
    slug: &str,
    filter: EventFilter,
) -> Result<(PlaceSummary, EventFilter), WebError> {
    let slug: Slug = from_path(slug)?;
    let Some(place) = store.place(&slug).await? else {
        return Err(WebError::NotFound(format!(
            "no place has the slug {slug:?}"
        )));
    };
    let filter = EventFilter {
        place: Some(slug),
        ..filter
    };
    Ok((place, filter))
}
