//! The command line: `serve`, `ingest`, `export` and `annotate`, with clap. Every
//! option can also come from an environment variable (`CONFLICT_TIMELINE_DB`, ...).

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
    /// Serve the timeline website (ingesting the sample articles first when the database is new).
    Serve(ServeArgs),
    /// Ingest articles: .txt/.md files (optional front matter) and .jsonl, or folders of them.
    Ingest(IngestArgs),
    /// Export all events as JSON (the scorer's contract) or CSV.
    Export(ExportArgs),
    /// Show what extraction sees in one article, without a database.
    Annotate(AnnotateArgs),
}

#[derive(Debug, clap::Args)]
pub struct DbArg {
    /// The SQLite database file (created when missing).
    #[arg(
        long,
        env = "CONFLICT_TIMELINE_DB",
        default_value = "conflict-timeline.db"
    )]
    pub db: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct GazetteerArg {
    /// A folder with your own copy of the gazetteer files (see seeds/gazetteer/); missing files fall back to the built-in ones.
    #[arg(long, env = "CONFLICT_TIMELINE_GAZETTEER")]
    pub gazetteer: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Address to listen on; loopback by default.
    #[arg(long, env = "CONFLICT_TIMELINE_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Open the database read-only: nothing is ever written to it, and an outdated
    /// schema is refused instead of migrated. Chosen automatically when the file or
    /// its folder is not writable.
    #[arg(long, env = "CONFLICT_TIMELINE_READ_ONLY")]
    pub read_only: bool,
    /// Articles to ingest when the database does not exist yet.
    #[arg(long, env = "CONFLICT_TIMELINE_SEEDS", default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))]
    pub seeds: PathBuf,
    #[command(flatten)]
    pub gazetteer: GazetteerArg,
}

#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// Files or folders (walked recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub gazetteer: GazetteerArg,
    /// No progress bar.
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
    #[command(flatten)]
    pub db: DbArg,
    /// Write to this file instead of standard output.
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
    /// The article (.txt or .md).
    pub file: PathBuf,
    /// The article's publication date (YYYY-MM-DD), when the file does not give it.
    #[arg(long)]
    pub published: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: AnnotateFormat,
    #[command(flatten)]
    pub gazetteer: GazetteerArg,
}
