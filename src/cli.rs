//! The command line: `serve`, `ingest`, `export` and `annotate`, with clap. Every
//! option can also come from an environment variable (`CONFLICT_TIMELINE_DB`, ...).

use crate::web::BaseUrl;
use clap::{Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Turns a folder of news articles into a browsable timeline of a conflict.
#[derive(Debug, Parser)]
#[command(name = "conflict-timeline", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the timeline website from an existing database (or a new one, filled
    /// with the sample articles, with --create).
    Serve(ServeArgs),
    /// Ingest articles: .txt/.md files (optional front matter) and .jsonl, or folders of them.
    Ingest(IngestArgs),
    /// Export all events as JSON (the scorer's contract) or CSV.
    Export(ExportArgs),
    /// Show what extraction sees in one article, without a database.
    Annotate(AnnotateArgs),
}

/// The database file's default name, in the working directory.
pub const DEFAULT_DB: &str = "conflict-timeline.db";

#[derive(Debug, clap::Args)]
pub struct GazetteerArg {
    /// A folder with your own copy of the gazetteer files (see seeds/gazetteer/); missing files fall back to the built-in ones.
    #[arg(long, env = "CONFLICT_TIMELINE_GAZETTEER")]
    pub gazetteer: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The SQLite database file. It must exist, unless --create is given.
    #[arg(long, env = "CONFLICT_TIMELINE_DB", default_value = DEFAULT_DB)]
    pub db: PathBuf,
    /// When the database file does not exist, create it and ingest the articles of
    /// --seeds first (its folder must exist). Without it, a missing file is an error,
    /// so a mistyped path never serves a new, different database.
    #[arg(long, env = "CONFLICT_TIMELINE_CREATE")]
    pub create: bool,
    /// Address to listen on; loopback by default.
    #[arg(long, env = "CONFLICT_TIMELINE_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The site's public address, e.g. https://timeline.example.org (a path prefix is
    /// allowed). Canonical links, og:url and JSON-LD urls are built from it; without
    /// it they are root-relative. The request's Host and X-Forwarded-* headers are
    /// never used for this: anyone can forge them.
    #[arg(long, env = "CONFLICT_TIMELINE_BASE_URL")]
    pub base_url: Option<BaseUrl>,
    /// Open the database read-only: nothing is ever written to it, and an outdated
    /// schema is refused instead of migrated. Chosen automatically when the file or
    /// its folder is not writable.
    #[arg(long, env = "CONFLICT_TIMELINE_READ_ONLY")]
    pub read_only: bool,
    /// The articles --create ingests into a new database: a folder or file, relative
    /// to the working directory (the sample articles when run from the source tree).
    /// It must exist and hold at least one article.
    #[arg(long, env = "CONFLICT_TIMELINE_SEEDS", default_value = "seeds")]
    pub seeds: PathBuf,
    #[command(flatten)]
    pub gazetteer: GazetteerArg,
}

#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// Files or folders (walked recursively). Each must exist: a missing one stops
    /// the command before anything is written.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The SQLite database file; created when missing (its folder must exist).
    #[arg(long, env = "CONFLICT_TIMELINE_DB", default_value = DEFAULT_DB)]
    pub db: PathBuf,
    #[command(flatten)]
    pub gazetteer: GazetteerArg,
    /// No progress bar (the summary is still printed).
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "json")]
    pub format: ExportFormat,
    /// The SQLite database file, which must exist (it is never created here); read
    /// without writing when this user may not write it.
    #[arg(long, env = "CONFLICT_TIMELINE_DB", default_value = DEFAULT_DB)]
    pub db: PathBuf,
    /// Write to this file (created or overwritten) instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AnnotateFormat {
    Json,
    Text,
    /// TimeML with inline TIMEX3 tags (scored by tools/timeml/score.py).
    Timeml,
}

#[derive(Debug, clap::Args)]
pub struct AnnotateArgs {
    /// The article (.txt, or .md whose front matter gives the title and date), read
    /// as ingest reads it.
    pub file: PathBuf,
    /// The article's publication date (YYYY-MM-DD); overrides the date the file gives.
    #[arg(long)]
    pub published: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: AnnotateFormat,
    #[command(flatten)]
    pub gazetteer: GazetteerArg,
}
