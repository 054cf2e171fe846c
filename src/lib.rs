//! conflict-timeline: news articles in, a dated timeline of talks, ceasefires and fighting out.
//!
//! - [`domain`]: event kinds, statuses, dates with precision, casualty figures (pure values).
//! - [`store`]: SQLite (the only SQL), migrations, writes and read queries.
//! - [`web`]: the website (askama pages, JSON/CSV twins, static assets) over the store.
pub mod domain;
pub mod store;
pub mod web;
