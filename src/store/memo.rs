//! Answers about the whole database that no request parameter changes, kept from one
//! commit to the next: the busiest actors and places that the timeline's filter form
//! suggests. Every timeline request asked for the same 600 rows, the largest part
//! of its SQL work; now one request per data version does ([`ChangeWatcher`] on a
//! connection of its own sees every commit, an ingest in another process included).

use super::actors::ActorSummary;
use super::places::PlaceSummary;
use super::watch::ChangeWatcher;
use super::{Result, Store};
use std::sync::Arc;

/// The busiest actors (most events first) and places (by name), as
/// [`Store::busiest_actors`] and [`Store::busiest_places`] give them.
pub type Busiest = (Arc<Vec<ActorSummary>>, Arc<Vec<PlaceSummary>>);

/// What is kept, and the data version it was read under.
#[derive(Debug)]
pub(super) struct Memo {
    watcher: ChangeWatcher,
    kept: Option<(i64, u32, Busiest)>,
}

impl Memo {
    pub(super) fn new(watcher: ChangeWatcher) -> Memo {
        Memo {
            watcher,
            kept: None,
        }
    }
}

impl Store {
    /// The `limit` busiest actors and places, read once per data version. When the
    /// version cannot be read they are read anew.
    pub async fn busiest(&self, limit: u32) -> Result<Busiest> {
        let mut memo = self.memo.lock().await;
        let version = memo.watcher.data_version().await.ok();
        if let (Some(version), Some((kept_version, kept_limit, busiest))) = (version, &memo.kept)
            && *kept_version == version
            && *kept_limit == limit
        {
            return Ok(busiest.clone());
        }
        let (actors, places) = tokio::try_join!(
            self.busiest_actors(limit, &[]),
            self.busiest_places(limit, None)
        )?;
        let busiest = (Arc::new(actors), Arc::new(places));
        memo.kept = version.map(|v| (v, limit, busiest.clone()));
        Ok(busiest)
    }
}
