//! The integration tests, one binary with a module per area (one link instead of
//! eight). Shared helpers are in [`helpers`]. `tests/query_plans.rs` stays a binary
//! of its own: it installs a process-wide tracing subscriber that records every SQL
//! statement, which would also catch the statements of the tests here (it includes
//! `helpers.rs` by path).

mod helpers;

mod annotate;
mod browser;
mod cli;
mod details;
mod first_view;
mod hostile;
mod hostile_pages;
mod hostile_web;
mod migrations;
mod permalinks;
mod pipeline;
mod robustness;
mod web;
