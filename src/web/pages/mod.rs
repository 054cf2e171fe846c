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
use crate::store::{EventFilter, NameMatch, Named};
use crate::store::{PlaceSummary, Store};
use std::str::FromStr;

/// The one variable segment of a page's path, percent-decoded. Unlike axum's
/// `Path`, whose rejection is a plain-text answer, a segment that does not decode
/// to UTF-8 (`/events/%FF`) gets the site's own 400 page (JSON under `/api/`).
pub struct Segment(pub String);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Segment {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<String>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(segment)) => Ok(Segment(segment)),
            Err(rejection) => Err(WebError::BadRequest(format!(
                "the address {:?} cannot be read: {}",
                parts.uri.path(),
                rejection.body_text()
            ))),
        }
    }
}

/// An id or slug from the URL path, parsed into its type. Text that breaks the
/// rule of its kind names nothing: a 404 whose message gives the value and the rule.
fn from_path<T: FromStr<Err = DomainError>>(raw: &str) -> Result<T, WebError> {
    raw.parse()
        .map_err(|e: DomainError| WebError::NotFound(e.to_string()))
}

/// What the filter's actor or place box was read as, for the page to say beside
/// the box.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxNote {
    /// The query parameter: `actor` or `place`.
    pub param: &'static str,
    pub text: String,
    /// The names it could mean, each with the filter it would give.
    pub choices: Vec<(Named, EventFilter)>,
    /// True when the value was left out of the filter (unknown or ambiguous).
    pub dropped: bool,
    /// The same for an answer that cannot leave it out (a 400 naming the parameter).
    pub problem: String,
}

/// Reads the actor and place boxes forgivingly: a slug, a name, an alias, a surname
/// or an abbreviation ("Pompeo", "US") becomes the one actor or place it names; a
/// value that names none, or several, is left out of the filter, with a note that
/// says so (and offers the choices), so that the other filters still apply.
async fn resolve_references(
    store: &Store,
    filter: &EventFilter,
) -> Result<(EventFilter, Vec<BoxNote>), WebError> {
    let mut resolved = filter.clone();
    let mut notes = Vec::new();
    resolved.actors.clear();
    for asked in &filter.actors {
        let others: Vec<Slug> = filter
            .actors
            .iter()
            .filter(|a| *a != asked)
            .cloned()
            .collect();
        let with_actor = |slug: &Slug| {
            let mut actors = others.clone();
            actors.insert(0, slug.clone());
            EventFilter {
                actors,
                after: None,
                ..filter.clone()
            }
        };
        let slug = read_box(
            store.match_actor(asked).await?,
            asked,
            "actor",
            &mut notes,
            with_actor,
        );
        if let Some(slug) = slug.filter(|s| !resolved.actors.contains(s)) {
            resolved.actors.push(slug);
        }
    }
    if let Some(asked) = &filter.place {
        let with_place = |slug: &Slug| EventFilter {
            place: Some(slug.clone()),
            after: None,
            ..filter.clone()
        };
        resolved.place = read_box(
            store.match_place(asked).await?,
            asked,
            "place",
            &mut notes,
            with_place,
        );
    }
    Ok((resolved, notes))
}

/// The slug a box's value stands for, noting how it was read.
fn read_box(
    found: NameMatch,
    asked: &Slug,
    param: &'static str,
    notes: &mut Vec<BoxNote>,
    with: impl Fn(&Slug) -> EventFilter,
) -> Option<Slug> {
    let what = param;
    match found {
        NameMatch::Exact(slug) => Some(slug),
        NameMatch::One(named) => {
            notes.push(BoxNote {
                param,
                text: format!("“{asked}” read as {}.", named.name),
                choices: Vec::new(),
                dropped: false,
                problem: String::new(),
            });
            Some(named.slug)
        }
        NameMatch::Several(names) => {
            notes.push(BoxNote {
                param,
                text: format!("“{asked}” could be more than one {what}; choose one:"),
                problem: format!(
                    "{asked:?} could be more than one {what}: {}",
                    names
                        .iter()
                        .map(|n| format!("{} ({})", n.name, n.slug))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                choices: names
                    .into_iter()
                    .map(|n| {
                        let filter = with(&n.slug);
                        (n, filter)
                    })
                    .collect(),
                dropped: true,
            });
            None
        }
        NameMatch::Unknown => {
            notes.push(BoxNote {
                param,
                text: format!(
                    "No {what} is called “{asked}”, so this filter is left out; the others apply."
                ),
                choices: Vec::new(),
                dropped: true,
                problem: format!("unknown {what} {asked:?} (see the list of {what}s)"),
            });
            None
        }
    }
}

/// The filter with its actor and place boxes read as in [`resolve_references`],
/// for the pages and answers that have no box to speak beside (the JSON and CSV
/// twins, the event, actor and place pages): a value that names no actor or place,
/// or several, is a 400 naming the parameter, since such a filter could only ever
/// give an empty or arbitrary list.
async fn check_references(store: &Store, filter: &EventFilter) -> Result<EventFilter, WebError> {
    let (resolved, notes) = resolve_references(store, filter).await?;
    if let Some(note) = notes.into_iter().find(|n| n.dropped) {
        return Err(WebError::BadRequest(format!(
            "{}: {}",
            note.param, note.problem
        )));
    }
    Ok(resolved)
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
