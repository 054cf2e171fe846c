//! The event page, `/events/{id}`: an id merged into another event redirects to the
//! survivor, so that every event URL ever published keeps working. The page takes
//! the timeline's query string: the list it was opened from, whose previous and
//! next events it links (the permanent address stays the bare `/events/{id}`).

use super::check_references;
use crate::store::{EventFilter, EventLookup};
use crate::web::error::WebError;
use crate::web::pages::{EventNav, EventPage};
use crate::web::params::EventQuery;
use crate::web::state::AppState;
use crate::web::urls;
use crate::web::views::{EventCard, EventView, JsonLd, Link, ShareMeta};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::http::header::HOST;
use axum::response::{IntoResponse, Redirect, Response};

pub async fn page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    EventQuery(filter): EventQuery,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let store = &state.store;
    let detail = match store.event(&id).await? {
        EventLookup::Found(detail) => detail,
        EventLookup::MergedInto(new_id) => {
            let along = urls::event_in(&new_id, &filter);
            return Ok(Redirect::permanent(&along).into_response());
        }
        EventLookup::Missing => {
            return Err(WebError::NotFound(format!("no event has the id {id:?}")));
        }
    };
    check_references(store, &filter).await?;
    let filter = filter.with_after(None);
    let (neighbours, related) = tokio::try_join!(
        store.neighbours(&detail.summary, &filter),
        store.related_events(&detail.summary),
    )?;
    let step = |n: Option<(String, String)>| {
        n.map(|(id, headline)| Link {
            href: urls::event_in(&id, &filter),
            text: headline,
        })
    };
    let event = EventView::new(&detail);
    let origin = origin(&headers);
    Ok(EventPage {
        meta: ShareMeta::for_event(&event, origin.as_deref()),
        json_ld: JsonLd::for_event(&detail, origin.as_deref()),
        nav: EventNav {
            prev: step(neighbours.prev),
            next: step(neighbours.next),
            back: urls::timeline(&filter),
            narrowed: !filter.is_unfiltered(),
        },
        related: related
            .iter()
            .map(|e| EventCard::new(e, &EventFilter::default()))
            .collect(),
        event,
    }
    .into_response())
}

/// `http://host` from the Host header (`https` behind a proxy that says so), for the
/// absolute URLs that link previews need; `None` when the request names no host.
fn origin(headers: &HeaderMap) -> Option<String> {
    let host = headers.get(HOST)?.to_str().ok()?;
    let valid = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !valid {
        return None;
    }
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|p| p.eq_ignore_ascii_case("https"));
    Some(format!("{}://{host}", if https { "https" } else { "http" }))
}
