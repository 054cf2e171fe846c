//! Change detection for the response cache: SQLite's `PRAGMA data_version`, read on
//! a connection of its own, changes whenever any other connection (an ingest in
//! another process included) commits. It only ignores the commits of the connection
//! asking, which is why the watcher never shares the pool's connections.

use super::{Result, Store};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, SqliteConnection};

/// A dedicated connection that reports the database's data version.
#[derive(Debug)]
pub struct ChangeWatcher {
    options: SqliteConnectOptions,
    conn: Option<SqliteConnection>,
}

impl Store {
    /// A watcher of this database's commits; it connects on first use.
    pub fn watch_changes(&self) -> ChangeWatcher {
        ChangeWatcher::new(self.pool().connect_options().as_ref().clone())
    }
}

impl ChangeWatcher {
    /// A watcher of the database `options` open; it connects on first use.
    pub(super) fn new(options: SqliteConnectOptions) -> ChangeWatcher {
        ChangeWatcher {
            options,
            conn: None,
        }
    }

    /// The current data version: a number that changes with every commit made by
    /// another connection. After an error the next call reconnects.
    pub async fn data_version(&mut self) -> Result<i64> {
        let conn = match &mut self.conn {
            Some(conn) => conn,
            slot => slot.insert(self.options.connect().await?),
        };
        let version = sqlx::query_scalar::<_, i64>("PRAGMA data_version")
            .fetch_one(&mut *conn)
            .await;
        if version.is_err() {
            self.conn = None;
        }
        Ok(version?)
    }
}
