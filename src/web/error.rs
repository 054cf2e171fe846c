//! The one error type of the website. A handler returns `Err(WebError)`; the reader
//! gets an HTML page with a plain explanation (or, under `/api/`, the JSON
//! `{"ok": false, "error": "...", "status": 400}`), and internal details go to the log
//! only. Bad input is always a 4xx answer that names what was wrong, never a 500.

use super::params::ParamError;
use crate::store::StoreError;
use askama::Template;
use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// The request is malformed; the message says which parameter and why.
    #[error("{0}")]
    BadRequest(String),
    /// Nothing exists at this address; the message says what was looked for.
    #[error("{0}")]
    NotFound(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot render page: {0}")]
    Render(#[from] askama::Error),
    #[error("cannot write CSV: {0}")]
    Csv(String),
}

/// What a request that ran out of its time budget is told (a 503).
const OVER_BUDGET: &str = "this request needs more work than one request may take, so it \
     was stopped; ask for less: fewer search words (and no very short ones ending in *), \
     fewer filter values, or a shorter period";

impl From<ParamError> for WebError {
    fn from(error: ParamError) -> Self {
        WebError::BadRequest(error.to_string())
    }
}

/// What an error response says, attached to it so that the `/api` middleware can
/// re-render it as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorReport {
    pub ok: bool,
    pub error: String,
    pub status: u16,
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::Store(e) if e.is_over_budget() => StatusCode::SERVICE_UNAVAILABLE,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::Store(_) | WebError::Render(_) | WebError::Csv(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    /// The explanation shown to readers: the message itself for their mistakes, a
    /// generic sentence for ours (the details are logged, not published).
    pub fn public_message(&self) -> String {
        match self {
            WebError::Store(e) if e.is_over_budget() => OVER_BUDGET.to_string(),
            WebError::BadRequest(message) | WebError::NotFound(message) => message.clone(),
            WebError::Store(_) | WebError::Render(_) | WebError::Csv(_) => {
                "something went wrong on our side while answering this request; \
                 the details are in the server log"
                    .to_string()
            }
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            tracing::warn!(error = %self, "request stopped at its deadline");
        } else if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        } else {
            tracing::debug!(error = %self, %status, "request rejected");
        }
        let report = ErrorReport {
            ok: false,
            error: self.public_message(),
            status: status.as_u16(),
        };
        let mut response = error_page(status, &report.error);
        response.extensions_mut().insert(report);
        response
    }
}

/// The HTML error page for `status`, falling back to plain text should the template
/// itself fail.
pub(super) fn error_page(status: StatusCode, message: &str) -> Response {
    let page = ErrorPage {
        status: status.as_u16(),
        title: status.canonical_reason().unwrap_or("Error").to_string(),
        message: message.to_string(),
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(error) => {
            tracing::error!(%error, "cannot render the error page");
            (status, message.to_string()).into_response()
        }
    }
}

/// The answer for addresses that match no route.
pub async fn not_found(request: Request) -> WebError {
    WebError::NotFound(format!("there is no page at {}", request.uri().path()))
}

/// Middleware: under `/api/`, every error answer becomes the JSON error object, also
/// those produced outside the handlers (unknown routes, wrong methods, timeouts).
pub async fn json_errors_for_api(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let report = response
        .extensions()
        .get::<ErrorReport>()
        .cloned()
        .unwrap_or_else(|| ErrorReport {
            ok: false,
            error: status.canonical_reason().unwrap_or("error").to_lowercase(),
            status: status.as_u16(),
        });
    let (mut parts, _html) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let body = Json(report).into_response().into_body();
    Response::from_parts(parts, body)
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub status: u16,
    pub title: String,
    pub message: String,
}
