//! The website: askama pages, their JSON/CSV twins and the static assets, over the
//! read side of the store. This module only translates between HTTP and domain
//! types; it holds no SQL and no extraction logic.
//!
//! - [`router`] builds the whole application (routes and layers) for a store;
//! - [`serve`] runs it on an address until Ctrl-C or SIGTERM, over the connection
//!   layer of `conn` (header and idle timeouts, a cap on open connections);
//! - `limits` refuses oversized requests (URI, headers, query parameters) with a 4xx
//!   and bounds how many requests run at once.
//!
//! Every page's state is in its URL (see [`urls`]), and query strings become
//! validated filters in [`params`] before any handler sees them.

mod cache;
mod charts;
mod conn;
mod density;
mod error;
mod limits;
mod overview;
mod pages;
mod params;

mod scale;
mod state;
mod urls;
pub use conn::Limits;
pub use urls::BaseUrl;
/// An event's link on the site, for the CLI's CSV export (the same column as `/api/events.csv`).
pub use urls::event as event_url;
mod views;

use crate::store::Store;
use anyhow::Context;
use axum::Router;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::routing::get;
use pages::{actors, api, articles, event, places, timeline};
pub use params::filter_from_query;
use state::AppState;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// A request taking longer than this is answered 503; SQLite answers the heaviest
/// page (the CSV of everything) well within it.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Nothing but our own files: no inline script or style, no framing, no foreign hosts.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; \
     form-action 'self'";

/// Assets are not fingerprinted, so caches keep them for an hour and then revalidate
/// (ServeDir answers `If-Modified-Since`).
const STATIC_CACHE_CONTROL: &str = "public, max-age=3600";

/// The crate's `static/` folder, found from the manifest so the server works from
/// any working directory.
fn static_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("static")
}

/// How the site is served, beyond its data: `serve`'s options.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// `--base-url`: the origin of absolute URLs (root-relative without it).
    pub base_url: Option<BaseUrl>,
    /// How long the database may work for one request ([`limits::QUERY_BUDGET`]).
    pub query_budget: Duration,
}

impl Default for SiteOptions {
    fn default() -> Self {
        SiteOptions {
            base_url: None,
            query_budget: limits::QUERY_BUDGET,
        }
    }
}

/// The whole website for `store` with the default [`SiteOptions`].
pub fn router(store: Store) -> Router {
    site_router(store, SiteOptions::default())
}

/// The whole website for `store`: pages, API, static files and the layers every
/// response goes through (tracing, timeout, compression, security headers, the
/// database deadline, and the response cache of the `cache` module).
pub fn site_router(store: Store, options: SiteOptions) -> Router {
    // ServeDir refuses `..` and absolute paths, so requests cannot leave static/.
    let static_files = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static(STATIC_CACHE_CONTROL),
        ))
        .service(ServeDir::new(static_dir()).fallback(error::not_found.into_service()));

    let security_headers = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ));

    let turns = limits::in_flight_permits();
    Router::new()
        .route("/", get(timeline::page))
        .route("/fragment/events", get(timeline::fragment))
        .route("/fragment/timeline", get(timeline::view_fragment))
        .route("/events/{id}", get(event::page))
        .route("/actors", get(actors::list))
        .route("/actors/{slug}", get(actors::page))
        .route("/places", get(places::list))
        .route("/places/{slug}", get(places::page))
        .route("/articles", get(articles::list))
        .route("/articles/{key}", get(articles::page))
        .route("/article", get(articles::page_by_key))
        .route("/api/events", get(api::events))
        .route("/api/events.csv", get(api::events_csv))
        .route("/api/events/{id}", get(api::event))
        .route("/api/actors", get(api::actors))
        .route("/api/places/{slug}", get(api::place))
        .nest_service("/static", static_files)
        .fallback(error::not_found)
        .with_state(AppState::new(
            store.clone(),
            options.base_url,
            turns.clone(),
        ))
        // Inner to outer: a bounded number of requests reach the handlers; cached
        // answers skip that queue; over-large requests are refused before anything.
        .layer(axum::middleware::from_fn_with_state(
            turns,
            limits::one_turn,
        ))
        .layer(axum::middleware::from_fn_with_state(
            cache::ResponseCache::new(store),
            cache::respond,
        ))
        // The deadline starts before the queue: waiting counts against it.
        .layer(axum::middleware::from_fn_with_state(
            options.query_budget,
            limits::deadline,
        ))
        .layer(axum::middleware::from_fn(limits::request_limits))
        .layer(axum::middleware::from_fn(error::json_errors_for_api))
        .layer(
            ServiceBuilder::new()
                .layer(TraceLayer::new_for_http())
                .layer(security_headers)
                .layer(CompressionLayer::new())
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::SERVICE_UNAVAILABLE,
                    REQUEST_TIMEOUT,
                )),
        )
}

/// How long requests in flight may go on after a shutdown signal: as long as one
/// request may take at all.
const SHUTDOWN_GRACE: Duration = REQUEST_TIMEOUT;

/// Serves the website for `store` on `addr` until Ctrl-C or SIGTERM, then lets
/// requests in flight finish and closes the database.
pub async fn serve(store: Store, addr: SocketAddr, options: SiteOptions) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    tracing::info!("serving the timeline on http://{local}/");
    if !local.ip().is_loopback() {
        tracing::warn!(
            "listening on {local}, which is not a loopback address: the timeline is \
             reachable from other machines, with no authentication and no TLS; put a \
             reverse proxy in front of it or use --addr 127.0.0.1:PORT"
        );
    }
    let limits = Limits {
        max_connections: conn::raise_descriptor_limit(),
        ..Limits::default()
    };
    serve_with(
        listener,
        site_router(store.clone(), options),
        limits,
        shutdown_signal(),
    )
    .await?;
    store.close().await;
    tracing::info!("server stopped");
    Ok(())
}

/// Serves `app` on `listener` until `shutdown` resolves, under the default
/// connection [`Limits`]; then stops accepting, lets the requests in flight finish
/// (for at most [`SHUTDOWN_GRACE`], so that a client that stops reading cannot hold
/// the process), and returns.
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    serve_with(listener, app, Limits::default(), shutdown).await
}

/// [`serve_until`] with the given connection limits.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    conn::serve(listener, app, limits, shutdown, SHUTDOWN_GRACE).await;
    Ok(())
}

/// Resolves on Ctrl-C, or on SIGTERM where there is one (service managers, docker stop).
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("Ctrl-C received, shutting down"),
        () = terminate => tracing::info!("SIGTERM received, shutting down"),
    }
}
