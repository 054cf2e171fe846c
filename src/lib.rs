//! conflict-timeline: news articles in, a dated timeline of talks, ceasefires and fighting out.
//!
//! - [`domain`]: event kinds, statuses, dates with precision, casualty figures, the
//!   report of an event that every layer shares, and the merge rule (pure values).
//! - [`extract`]: the extraction pipeline, pure and synchronous (article text → events).
//! - [`ingest`]: reading files and driving extract → store, one transaction per article.
//! - [`store`]: SQLite (the only SQL): migrations, writes, read queries, the export.
//! - [`web`]: the website and its JSON/CSV twins (axum + askama), over `store` only.
//! - [`cli`], [`annotate`]: the command line and the `annotate` report.
pub mod annotate;
pub mod cli;
pub mod domain;
pub mod extract;
pub mod ingest;
pub mod store;
pub mod web;

#[cfg(test)]
mod layering;
