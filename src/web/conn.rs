//! The connection layer under the website: accepting TCP connections, HTTP/1.1 on
//! each with hyper's own builder, and the limits that keep slow or idle clients from
//! holding the server (`axum::serve` installs no timer, so hyper's header timeout
//! never fires under it, and it caps nothing):
//!
//! - a request head must arrive whole within [`Limits::header_timeout`]; hyper starts
//!   that clock whenever it waits for a head, so it is also the keep-alive idle limit;
//! - at most [`Limits::max_connections`] are open, below the file-descriptor limit
//!   (raised at start-up by [`raise_descriptor_limit`]). When full, a new connection
//!   closes the oldest one that is not in the middle of a request: a crowd of slow
//!   clients then only pushes one another out, and a real visitor, who sends a whole
//!   request at once, gets in at the cost of the slowest of them;
//! - on shutdown, idle connections close at once and requests in flight finish.

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tower::ServiceExt;

/// How long a client may take to send a request head (and stay idle between
/// requests): a browser sends its head in one packet; 10 s allows a very slow link.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections open at once, at most; also bounded by the descriptor limit.
pub const MAX_CONNECTIONS: usize = 4096;
/// Descriptors kept for everything that is not a connection: the database and its
/// pool, static files, the log, the runtime.
const RESERVED_DESCRIPTORS: u64 = 128;
/// The soft descriptor limit asked for at start-up (granted up to the hard limit).
const WANTED_DESCRIPTORS: u64 = MAX_CONNECTIONS as u64 + RESERVED_DESCRIPTORS;

/// What a server run allows its clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub header_timeout: Duration,
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: HEADER_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
        }
    }
}

/// Raises the soft limit on open files toward [`WANTED_DESCRIPTORS`] (as far as the
/// hard limit allows) and returns the connection cap that fits under what was
/// granted, so that `accept` never fails with "Too many open files".
pub fn raise_descriptor_limit() -> usize {
    let granted = match rlimit::increase_nofile_limit(WANTED_DESCRIPTORS) {
        Ok(limit) => limit,
        Err(error) => {
            tracing::warn!(%error, "cannot read or raise the open-file limit; assuming 1024");
            1024
        }
    };
    let fits = granted.saturating_sub(RESERVED_DESCRIPTORS).max(16);
    let cap = usize::try_from(fits)
        .unwrap_or(MAX_CONNECTIONS)
        .min(MAX_CONNECTIONS);
    if cap < MAX_CONNECTIONS {
        tracing::warn!(
            "the open-file limit is {granted}: at most {cap} connections at once \
             (raise it with `ulimit -n` for more)"
        );
    }
    cap
}

/// One open connection, as the accept loop sees it.
struct Slot {
    /// True while a request is being answered (never evicted then).
    busy: Arc<AtomicBool>,
    /// Closes the connection when notified.
    close: Arc<Notify>,
}

/// The open connections, oldest first (keys are accept order).
#[derive(Default)]
struct Open {
    next: u64,
    slots: BTreeMap<u64, Slot>,
}

impl Open {
    /// Makes room for one more under `max`: closes the oldest connection not in a
    /// request. False when every open connection is answering a request.
    fn make_room(&mut self, max: usize) -> bool {
        if self.slots.len() < max {
            return true;
        }
        let idle = self
            .slots
            .iter()
            .find(|(_, slot)| !slot.busy.load(Ordering::Acquire))
            .map(|(&id, _)| id);
        match idle.and_then(|id| self.slots.remove(&id)) {
            Some(slot) => {
                slot.close.notify_one();
                true
            }
            None => false,
        }
    }
}

/// Serves `app` on `listener` under `limits` until `shutdown` resolves; then stops
/// accepting, closes idle connections and waits for the requests in flight (for at
/// most `grace`).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    grace: Duration,
) {
    let open = Arc::new(Mutex::new(Open::default()));
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // Out of descriptors or memory, or the peer already gone: wait a
                    // little rather than spin, and go on.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let (id, busy, close) = {
            let Ok(mut open) = open.lock() else { break };
            if !open.make_room(limits.max_connections) {
                tracing::debug!("every connection is answering a request; refusing one");
                continue;
            }
            let id = open.next;
            open.next += 1;
            let slot = Slot {
                busy: Arc::new(AtomicBool::new(false)),
                close: Arc::new(Notify::new()),
            };
            let handles = (id, slot.busy.clone(), slot.close.clone());
            open.slots.insert(id, slot);
            handles
        };
        let _ = stream.set_nodelay(true);
        let service = app
            .clone()
            .map_request(move |request: axum::extract::Request<_>| {
                request.map(axum::body::Body::new)
            });
        let service = TowerToHyperService::new(MarkBusy {
            inner: service,
            busy: busy.clone(),
        });
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        let open = open.clone();
        tokio::spawn(async move {
            tokio::select! {
                result = connection => if let Err(error) = result {
                    tracing::debug!(%error, "connection ended");
                },
                () = close.notified() => tracing::debug!("connection closed to make room"),
            }
            if let Ok(mut open) = open.lock() {
                open.slots.remove(&id);
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(grace) => tracing::warn!(
            "requests still running {} s after the shutdown signal; stopping anyway",
            grace.as_secs()
        ),
    }
}

/// The app, marking its connection busy from the moment a request head is read
/// until the handler has answered (the body may still be on its way).
#[derive(Clone)]
struct MarkBusy<S> {
    inner: S,
    busy: Arc<AtomicBool>,
}

/// Clears the busy mark when the answer is ready, or the request abandoned.
struct BusyGuard(Arc<AtomicBool>);

impl Drop for BusyGuard {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

impl<S, R> tower::Service<R> for MarkBusy<S>
where
    S: tower::Service<R> + Clone + Send + 'static,
    S::Future: Send + 'static,
    R: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future =
        std::pin::Pin<Box<dyn std::future::Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> Self::Future {
        self.busy.store(true, Ordering::Release);
        let guard = BusyGuard(self.busy.clone());
        let future = self.inner.call(request);
        Box::pin(async move {
            let response = future.await;
            drop(guard);
            response
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(busy: bool) -> Slot {
        Slot {
            busy: Arc::new(AtomicBool::new(busy)),
            close: Arc::new(Notify::new()),
        }
    }

    #[test]
    fn a_full_table_closes_its_oldest_idle_connection() {
        let mut open = Open::default();
        for (id, busy) in [(0, true), (1, false), (2, false)] {
            open.slots.insert(id, slot(busy));
        }
        assert!(open.make_room(4));
        assert_eq!(open.slots.len(), 3);
        assert!(open.make_room(3));
        assert_eq!(open.slots.keys().copied().collect::<Vec<_>>(), [0, 2]);
        open.slots
            .get(&2)
            .unwrap()
            .busy
            .store(true, Ordering::Release);
        assert!(!open.make_room(2), "every connection is busy");
    }
}
