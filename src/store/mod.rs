//! The only module that speaks SQL. `Store` owns the SQLite pool (WAL mode, foreign
//! keys on) and the embedded migrations; `write` turns extraction results into rows,
//! `read` answers the questions the website and the export ask.

pub mod export;
pub mod read;
pub mod write;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How much of the database file SQLite may map into memory (bytes).
const MMAP_SIZE: u64 = 4 << 30;

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
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("stored record is corrupt: {0}")]
    Corrupt(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A handle on one SQLite database file.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    pub async fn open(path: &Path) -> Result<Store> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // WAL + NORMAL is durable across application crashes (only a power loss can
            // drop the last transactions), and much faster than FULL for bulk ingest.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // Reads through a memory map instead of a pread() per page into each
            // connection's own 2 MB cache: at 100k events those page copies were
            // the largest cost of every page (perf: _copy_to_iter, filemap_read),
            // and a 16 MB cache per connection was slower and cost 250 MB of heap.
            // Mapped pages are the OS's clean file cache, dropped under pressure;
            // they count in RSS once per connection that touched them.
            .pragma("mmap_size", MMAP_SIZE.to_string());
        let pool = SqlitePoolOptions::new()
            // SQLite has one writer at a time; readers beyond the 2 cores of a small
            // machine only queue, and each maps the file once more.
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
        Ok(Store { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Closes the pool, checkpointing the WAL.
    pub async fn close(self) {
        self.pool.close().await;
    }
}
