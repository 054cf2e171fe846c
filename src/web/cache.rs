//! The response cache: the last layer of the read side. A successful GET of a page,
//! fragment or JSON answer is kept, keyed by its path and query, for as long as the
//! database holds the same data; any commit by any connection (an ingest in another
//! process included) changes the store's data version ([`crate::store::ChangeWatcher`]),
//! and the whole cache is dropped on the next request.
//!
//! Every page is a function of its URL and the data (see [`super::urls`]), so a hit
//! is byte-for-byte what the handler would render. The cache is bounded in bytes
//! (`CONFLICT_TIMELINE_CACHE_MB`, default [`DEFAULT_BUDGET_MB`]; `0` turns it off,
//! which is how the load test measures uncached figures); when full it starts over
//! rather than tracking recency, which keeps a hit to one hash lookup.

use crate::store::{ChangeWatcher, Store};
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Bytes of response bodies kept by default: a few thousand pages, well within the
/// server's memory budget.
pub const DEFAULT_BUDGET_MB: usize = 32;
/// The environment variable that sets the budget in MB.
const BUDGET_VAR: &str = "CONFLICT_TIMELINE_CACHE_MB";
/// A response larger than this is served but not kept (the CSV of everything).
const MAX_ENTRY_BYTES: usize = 2 << 20;

#[derive(Clone)]
pub struct ResponseCache {
    inner: Arc<Inner>,
}

struct Inner {
    budget: usize,
    /// The store's own connection for `data_version` (see `store::watch`).
    watcher: tokio::sync::Mutex<ChangeWatcher>,
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    /// The `data_version` the entries were rendered under.
    version: Option<i64>,
    bytes: usize,
    map: HashMap<String, Entry>,
}

struct Entry {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl ResponseCache {
    /// A cache for `store`'s responses, sized from the environment.
    pub fn new(store: Store) -> Self {
        let budget_mb = match std::env::var(BUDGET_VAR) {
            Ok(value) => value.trim().parse().unwrap_or_else(|_| {
                tracing::warn!(
                    "{BUDGET_VAR}={value:?} is not a number of megabytes; \
                     using {DEFAULT_BUDGET_MB}"
                );
                DEFAULT_BUDGET_MB
            }),
            Err(_) => DEFAULT_BUDGET_MB,
        };
        ResponseCache {
            inner: Arc::new(Inner {
                budget: budget_mb << 20,
                watcher: tokio::sync::Mutex::new(store.watch_changes()),
                entries: Mutex::new(Entries::default()),
            }),
        }
    }

    /// The database's current data version, or `None` when it cannot be read (the
    /// request is then served uncached).
    async fn data_version(&self) -> Option<i64> {
        match self.inner.watcher.lock().await.data_version().await {
            Ok(version) => Some(version),
            Err(error) => {
                tracing::warn!(%error, "response cache: cannot read the data version");
                None
            }
        }
    }

    fn lookup(&self, version: i64, key: &str) -> Option<Response> {
        let mut entries = self.inner.entries.lock().ok()?;
        if entries.version != Some(version) {
            entries.map.clear();
            entries.bytes = 0;
            entries.version = Some(version);
            return None;
        }
        let entry = entries.map.get(key)?;
        let mut response = Response::new(Body::from(entry.body.clone()));
        *response.status_mut() = entry.status;
        *response.headers_mut() = entry.headers.clone();
        Some(response)
    }

    fn store(&self, version: i64, key: String, entry: Entry) {
        let Ok(mut entries) = self.inner.entries.lock() else {
            return;
        };
        if entries.version != Some(version) {
            // The data changed while this response was rendered.
            return;
        }
        let size = entry.body.len() + key.len();
        if entries.bytes + size > self.inner.budget {
            entries.map.clear();
            entries.bytes = 0;
        }
        entries.bytes += size;
        if let Some(old) = entries.map.insert(key, entry) {
            entries.bytes -= old.body.len();
        }
    }
}

/// Whether a request may be answered from, and stored into, the cache: GETs of
/// pages and JSON, not static files (ServeDir answers those with their own
/// validators) nor the streamed CSV.
fn cacheable(request: &Request) -> bool {
    let path = request.uri().path();
    request.method() == Method::GET
        && !path.starts_with("/static/")
        && !path.ends_with(".csv")
        && !request.headers().contains_key(axum::http::header::RANGE)
}

/// The middleware: answers from the cache or renders and keeps the answer.
pub async fn respond(State(cache): State<ResponseCache>, request: Request, next: Next) -> Response {
    if cache.inner.budget == 0 || !cacheable(&request) {
        return next.run(request).await;
    }
    let Some(version) = cache.data_version().await else {
        return next.run(request).await;
    };
    let key = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_string(),
        |pq| pq.as_str().to_string(),
    );
    if let Some(hit) = cache.lookup(version, &key) {
        return hit;
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    // Only bodies whose whole size is known and small are kept; anything else
    // (a stream, the largest lists) goes out untouched.
    let fits = response
        .body()
        .size_hint()
        .exact()
        .is_some_and(|n| n <= MAX_ENTRY_BYTES as u64);
    if !fits {
        return response;
    }
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, MAX_ENTRY_BYTES).await {
        Ok(bytes) => {
            cache.store(
                version,
                key,
                Entry {
                    status: parts.status,
                    headers: parts.headers.clone(),
                    body: bytes.clone(),
                },
            );
            Response::from_parts(parts, Body::from(bytes))
        }
        // The size was exact, so only a failing body gets here.
        Err(error) => {
            tracing::warn!(%error, "response body could not be read");
            let mut response = Response::new(Body::from("response could not be read"));
            *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            response
        }
    }
}
