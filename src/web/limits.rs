//! Limits on the size of a request, checked before any handler runs: the URI, the number
//! and total size of the headers, and the number of query parameters. A request over
//! a limit gets a 4xx that says which limit and by how much (the JSON error object
//! under `/api/`), never a 5xx. hyper's own, larger limits stay in force underneath
//! (about 400 KB of request head and 100 headers, answered 414 or 431 without a body).
//!
//! It gives each request a deadline for its database work ([`QUERY_BUDGET`]), and
//! bounds how many requests run at once ([`MAX_IN_FLIGHT`]); the others wait
//! their turn in arrival order. Without it, under a flood every request starts at once
//! and a page that makes several queries queues for the database pool once per query,
//! so heavy pages fell behind by many times the average wait and hit the 30 s limit.

use super::error::{ErrorReport, error_page};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Longer than any address the site makes (a timeline with every filter set is
/// well under 1 KB) and the usual proxy default (nginx and Apache allow about 8 KB).
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// Query parameters per request: every filter several times over.
pub const MAX_QUERY_PARAMS: usize = 256;
/// Headers per request: browsers send about 15.
pub const MAX_HEADERS: usize = 64;
/// Names and values of all headers together.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Ordinary requests handled at once: twice the database pool, so the pool stays
/// busy while pages render.
pub const MAX_IN_FLIGHT: usize = 16;

/// Costly requests (see [`is_costly`]) handled at once, besides the ordinary ones:
/// a flood of long full-text searches or exports waits in its own line, and pages
/// that cost little keep their turns, the rest of the database pool and a core of a
/// small machine (with 2 costly turns, 16 costly requests on 100k events left an
/// ordinary page waiting over 5 s).
pub const MAX_COSTLY_IN_FLIGHT: usize = 1;

/// The turns of [`MAX_IN_FLIGHT`], and the narrower line of costly requests, each
/// handed out first come, first served (tokio's semaphore is fair).
#[derive(Clone, Debug)]
pub struct Turns {
    all: Arc<Semaphore>,
    costly: Arc<Semaphore>,
}

pub fn in_flight_permits() -> Turns {
    Turns {
        all: Arc::new(Semaphore::new(MAX_IN_FLIGHT)),
        costly: Arc::new(Semaphore::new(MAX_COSTLY_IN_FLIGHT)),
    }
}

impl Turns {
    /// Waits for one of the ordinary turns. The semaphores are never closed, so
    /// acquiring only fails if that changes; then the work simply runs without a
    /// turn.
    pub async fn ordinary(&self) -> Option<OwnedSemaphorePermit> {
        self.all.clone().acquire_owned().await.ok()
    }

    /// Waits for the costly turn (only: a costly request holding it while it also
    /// queued for an ordinary turn made the costly line crawl, see [`one_turn`]).
    pub async fn costly(&self) -> Option<OwnedSemaphorePermit> {
        self.costly.clone().acquire_owned().await.ok()
    }
}

/// Words a search may have and still count as an ordinary page: its summaries
/// read a bounded sample of the matches (`store::TEXT_SAMPLE`) and its list stops
/// at the page, so what is left grows with the index entries of each word (a word
/// of 33 228 matches at 100k events: a search page in 60–100 ms). Every further
/// word is another list to read (a 66-word query took 18.8 s before the sample).
const ORDINARY_SEARCH_WORDS: usize = 3;

/// A request whose cost grows with the database rather than with the page: a
/// full-text search of many words (`q`), several actors or several kinds at once.
/// (A CSV export takes its turn itself, see [`takes_own_turn`].)
fn is_costly(request: &Request) -> bool {
    let query = request.uri().query().unwrap_or_default();
    let (mut actors, mut kinds) = (0, 0);
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "q" => {
                // Decoded as the handler will read it, so that no encoding of the
                // spaces makes many words look like one.
                let value = value.replace('+', " ");
                let text = percent_encoding::percent_decode_str(&value).decode_utf8_lossy();
                if text.split_whitespace().count() > ORDINARY_SEARCH_WORDS {
                    return true;
                }
            }
            "actor" => actors += 1,
            "kind" => kinds += 1,
            _ => {}
        }
    }
    actors > 3 || kinds > 1
}

/// A CSV export, whose handler picks its line once it knows how many events the
/// export holds: an export of a few thousand events costs what a page costs and
/// waits for an ordinary turn, a large one (or one whose size only reading it
/// would tell) for the costly turn. Decided by the path alone, every export of
/// 256 connections once queued for the one costly turn, and 46 of them ended in 503.
fn takes_own_turn(request: &Request) -> bool {
    request.uri().path().ends_with(".csv")
}

/// Middleware: waits for a turn, then runs the request: an ordinary request for one
/// of the [`MAX_IN_FLIGHT`] ordinary turns, a costly one for one of the costly turns
/// only, a CSV export for the turn its handler picks. The wait counts toward the
/// request time limit and its database deadline.
///
/// A costly request used to hold its costly turn while it queued for an ordinary
/// one as well: under 256 connections it spent ~0.5 s in the ordinary line per
/// request, so the costly line served about 3 requests a second, and one-month CSV
/// exports (2 % of the mixed load) waited 20 s each; 83 of 91 ended in 503.
pub async fn one_turn(State(turns): State<Turns>, request: Request, next: Next) -> Response {
    let _turn = if takes_own_turn(&request) {
        None
    } else if is_costly(&request) {
        turns.costly().await
    } else {
        turns.ordinary().await
    };
    next.run(request).await
}

/// How long the database may work for one request, counted from its arrival
/// (waiting for a turn included): well under the 30 s request time limit, so that a
/// costly request ends with its own clear 503 and frees its connection, instead of
/// running on after the time limit has answered.
pub const QUERY_BUDGET: Duration = Duration::from_secs(10);

/// Middleware: runs the request under its database deadline (see
/// [`crate::store::with_deadline`]).
pub async fn deadline(State(budget): State<Duration>, request: Request, next: Next) -> Response {
    crate::store::with_deadline(Instant::now() + budget, next.run(request)).await
}

/// Middleware: refuses a request over one of the limits above.
pub async fn request_limits(request: Request, next: Next) -> Response {
    match check(&request) {
        Ok(()) => next.run(request).await,
        Err((status, message)) => {
            tracing::debug!(%status, %message, "request refused by a size limit");
            let mut response = error_page(status, &message);
            response.extensions_mut().insert(ErrorReport {
                ok: false,
                error: message,
                status: status.as_u16(),
            });
            response
        }
    }
}

fn check(request: &Request) -> Result<(), (StatusCode, String)> {
    let uri = request.uri();
    let uri_len = uri.path_and_query().map_or(0, |pq| pq.as_str().len());
    if uri_len > MAX_URI_BYTES {
        return Err((
            StatusCode::URI_TOO_LONG,
            format!("the address is {uri_len} bytes long; this site accepts up to {MAX_URI_BYTES}"),
        ));
    }
    let headers = request.headers();
    if headers.len() > MAX_HEADERS {
        return Err((
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!(
                "the request has {} headers; this site accepts up to {MAX_HEADERS}",
                headers.len()
            ),
        ));
    }
    let header_bytes: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if header_bytes > MAX_HEADER_BYTES {
        return Err((
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!(
                "the request headers are {header_bytes} bytes; this site accepts up to \
                 {MAX_HEADER_BYTES}"
            ),
        ));
    }
    let params = uri
        .query()
        .map_or(0, |q| q.split('&').filter(|p| !p.is_empty()).count());
    if params > MAX_QUERY_PARAMS {
        return Err((
            StatusCode::BAD_REQUEST,
            format!(
                "the address has {params} query parameters; this site accepts up to \
                 {MAX_QUERY_PARAMS}"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn costly(uri: &str) -> bool {
        is_costly(&Request::get(uri).body(axum::body::Body::empty()).unwrap())
    }

    #[test]
    fn long_searches_and_many_actors_wait_in_the_costly_line() {
        assert!(costly("/?q=a+b+c+d"));
        assert!(costly("/?q=a%09b%0Ac%20d"));
        assert!(!costly("/?q=ceasefire"));
        assert!(!costly("/?q=forces+border&kind=fighting"));
        assert!(costly("/api/events.csv?q=a+b+c+d"));
        assert!(!costly("/api/events.csv"));
        assert!(costly("/?actor=a&actor=b&actor=c&actor=d"));
        assert!(costly("/?kind=talks&kind=ceasefire"));
        assert!(!costly("/?kind=talks"));
        assert!(!costly("/?q=&kind=talks"));
        assert!(!costly("/events/0f3a?actor=a"));
        assert!(!costly("/actors"));
    }
}
