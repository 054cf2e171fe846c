//! The only module that speaks SQL. `Store` owns the SQLite pool (WAL mode, foreign
//! keys on) and the embedded migrations. One module per table family answers the
//! questions the website asks — [`events`] (with the timeline's overview and charts),
//! [`actors`], [`places`], [`articles`] — over the filters and cursors of [`query`];
//! [`write`] turns an article and its reports into rows in one transaction (the
//! only writer), [`export`] dumps every event, and [`watch`] tells the response
//! cache when any connection has committed.
//!
//! Stored strings are parsed back into domain types on the way out, so a corrupt row
//! surfaces as [`StoreError::Corrupt`] instead of reaching a page. Dynamic SQL is
//! built with `QueryBuilder` and bound parameters only; `AssertSqlSafe` wraps
//! nothing but SQL glued together from the store's own constants.
//!
//! Opening checks the schema version first: a database written by a newer build is
//! refused untouched; an older one is migrated forward ([`Store::open`]), or refused
//! when it is opened read-only ([`Store::open_read_only`]), which never writes.

mod actors;
mod articles;
mod budget;
mod events;
pub mod export;
mod ids;
mod memo;
mod places;
mod query;
mod regroup;
mod rows;
mod watch;
mod write;

pub use actors::{ActorDetail, ActorSummary, NameMatch};
pub use articles::{
    ArticleCursor, ArticleDetail, ArticleFilter, ArticleListPage, ArticleMention, ArticlePart,
    ArticleSummary, MARKS_PER_PART, StoredArticle, part_of,
};
pub use budget::with_deadline;
pub use events::{
    ActivityMonth, Breach, CasualtyPoint, CasualtyReport, EventActor, EventCounts, EventDetail,
    EventLookup, EventNeighbours, EventPage, EventSummary, Mention, OVERVIEW_LIMIT, OverviewEvent,
    Report, TopActor,
};
pub use memo::Busiest;
pub use places::PlaceSummary;
pub use query::{
    ActorsMatch, BadCursor, Cursor, DEFAULT_PAGE_SIZE, DateBand, EventFilter, MAX_PAGE_SIZE,
    TEXT_SAMPLE, fts_query,
};
pub use regroup::{ArticleToDate, Orphan, Regrouped};
pub use rows::ArticleRef;
pub use watch::ChangeWatcher;
pub use write::{ArticleRecord, ArticleToSave, Saved};

use crate::domain::Slug;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// Migrations compiled into the binary, so a fresh machine needs no setup step.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open database {path}: {source}")]
    Open { path: PathBuf, source: sqlx::Error },
    #[error("cannot migrate database {path}: {source}")]
    Migrate {
        path: PathBuf,
        source: sqlx::migrate::MigrateError,
    },
    #[error(
        "database {path} was written by a newer conflict-timeline (its schema version is \
         {found}; this build knows versions up to {known}); it was left untouched: open it \
         with a newer conflict-timeline, or pass another --db"
    )]
    Newer {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "database {path} has schema version {found} but this build needs version {needed}, \
         and a read-only database cannot be migrated: open it once with write access \
         (for example `conflict-timeline export --db {path} --output /dev/null`)"
    )]
    Outdated {
        path: PathBuf,
        found: i64,
        needed: i64,
    },
    #[error("{path} is not a conflict-timeline database (it has no schema version table)")]
    NotOurs { path: PathBuf },
    #[error("database {path} does not exist")]
    Missing { path: PathBuf },
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("stored record is corrupt: {0}")]
    Corrupt(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// SQLite's result code for a statement stopped by its progress handler.
const SQLITE_INTERRUPT: &str = "9";

impl StoreError {
    /// True when a statement was stopped because its request's deadline passed (see
    /// [`with_deadline`]): the request asked for more work than one request may do.
    pub fn is_over_budget(&self) -> bool {
        matches!(self, StoreError::Sql(sqlx::Error::Database(e)) if e.code().as_deref() == Some(SQLITE_INTERRUPT))
    }
}

fn corrupt(what: impl fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

/// Parses a stored column back into its domain type; a value that does not parse
/// is a corrupt row, named by column and record.
fn parse_column<T: FromStr>(value: &str, column: &str, id: &str) -> Result<T>
where
    T::Err: fmt::Display,
{
    value
        .parse()
        .map_err(|e| corrupt(format_args!("{column} of {id}: {e}")))
}

/// A link target for an actor or place: its slug and display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub slug: Slug,
    pub name: String,
}

/// A handle on one SQLite database file.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
    memo: Arc<tokio::sync::Mutex<memo::Memo>>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    /// A database from a newer build is refused before anything is written to it.
    pub async fn open(path: &Path) -> Result<Store> {
        if path.exists() {
            refuse_newer(path).await?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // WAL + NORMAL is durable across application crashes (only a power loss can
            // drop the last transactions), and much faster than FULL for bulk ingest.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            // No memory map: each connection maps the file separately, so a mapped
            // database counts in the server's RSS once per connection (8 GB at a
            // million events, BENCHMARKS.md §4). Pages read through pread() stay in
            // the OS's file cache without counting against the server.
            .busy_timeout(Duration::from_secs(10));
        let pool = budget::armed(SqlitePoolOptions::new())
            // SQLite has one writer at a time; readers beyond the 2 cores of a small
            // machine only queue.
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Open {
                path: path.to_path_buf(),
                source,
            })?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|source| StoreError::Migrate {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(Store::new(pool))
    }

    /// Opens the existing database at `path` without ever writing to it: no migration
    /// (an outdated schema is refused), no journal-mode change, no side files. When no
    /// `-wal` file is next to it (nobody has it open for writing, and every change is
    /// in the main file) it is opened `immutable`: no locks, no `-wal`/`-shm` files, so
    /// it works from read-only folders and mounts. A `-wal` file means a writer may be
    /// at work or changes wait in the log: then it is opened with SQLite's `mode=ro`,
    /// which reads the log and may create the `-shm` file. An ingest started *after*
    /// an immutable open is not seen (serve read-write to watch an ingest).
    pub async fn open_read_only(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        let open_error = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let pool = read_only_pool(path).await.map_err(open_error)?;
        let applied = applied_versions(&pool).await.map_err(open_error)?;
        if let Err(e) = check_versions(path, applied, true) {
            pool.close().await;
            return Err(e);
        }
        Ok(Store::new(pool))
    }

    fn new(pool: SqlitePool) -> Store {
        let watcher = watch::ChangeWatcher::new(pool.connect_options().as_ref().clone());
        Store {
            pool,
            memo: Arc::new(tokio::sync::Mutex::new(memo::Memo::new(watcher))),
        }
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Closes the pool, checkpointing the WAL.
    pub async fn close(self) {
        self.pool.close().await;
    }
}

/// The schema versions this build knows (one per file in `migrations/`).
fn known_versions() -> Vec<i64> {
    MIGRATOR.iter().map(|m| m.version).collect()
}

/// The migrations recorded as applied in the database, or `None` when it has no
/// migration table (a new, empty file, or not one of ours).
async fn applied_versions(db: &SqlitePool) -> Result<Option<Vec<i64>>, sqlx::Error> {
    let has_table: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master \
         WHERE type = 'table' AND name = '_sqlx_migrations')",
    )
    .fetch_one(db)
    .await?;
    if !has_table {
        return Ok(None);
    }
    let versions = sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
        .fetch_all(db)
        .await?;
    Ok(Some(versions))
}

/// Refuses a schema this build does not know; with `need_current`, also a schema
/// that is behind (it could not be migrated) or missing.
fn check_versions(path: &Path, applied: Option<Vec<i64>>, need_current: bool) -> Result<()> {
    let known = known_versions();
    let newest_known = known.iter().copied().max().unwrap_or(0);
    let Some(applied) = applied else {
        return if need_current {
            Err(StoreError::NotOurs {
                path: path.to_path_buf(),
            })
        } else {
            Ok(())
        };
    };
    let found = applied.iter().copied().max().unwrap_or(0);
    if applied.iter().any(|v| !known.contains(v)) {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            found,
            known: newest_known,
        });
    }
    if need_current && known.iter().any(|v| !applied.contains(v)) {
        return Err(StoreError::Outdated {
            path: path.to_path_buf(),
            found,
            needed: newest_known,
        });
    }
    Ok(())
}

/// Looks at an existing file's schema over a read-only connection, so that a newer
/// database is refused before the read-write open could change anything in it
/// (even its journal mode).
async fn refuse_newer(path: &Path) -> Result<()> {
    let open_error = |source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    };
    let pool = read_only_pool(path).await.map_err(open_error)?;
    let applied = applied_versions(&pool).await;
    pool.close().await;
    check_versions(path, applied.map_err(open_error)?, false)
}

/// Read-only connections; `immutable` (no locks, no side files) when no `-wal` file
/// exists, see [`Store::open_read_only`].
async fn read_only_pool(path: &Path) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .immutable(!wal_path(path).exists())
        .busy_timeout(Duration::from_secs(10));
    budget::armed(SqlitePoolOptions::new())
        .max_connections(8)
        .connect_with(options)
        .await
}

/// SQLite's write-ahead log next to `path`: where committed changes wait to be copied
/// into the main file.
fn wal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}
