//! What every integration test needs: the sample articles, and a database freshly
//! filled from them or from any input, in the test's own temporary folder.

use conflict_timeline::extract::Resources;
use conflict_timeline::ingest::{self, Summary};
use conflict_timeline::store::Store;
use std::path::{Path, PathBuf};

/// The five sample articles of `seeds/`.
pub fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// A new database at `db` with `paths` ingested, and the ingest's summary.
pub async fn ingest_into(db: &Path, paths: &[PathBuf]) -> (Store, Summary) {
    let store = Store::open(db).await.expect("database opens");
    let res = Resources::embedded().expect("gazetteer loads");
    let summary = ingest::ingest(&store, &res, paths, &|_, _| {})
        .await
        .expect("ingest runs");
    (store, summary)
}

/// A new database at `db` holding the sample articles: the app's state for a test.
pub async fn seeded_store(db: &Path) -> Store {
    ingest_into(db, &[seeds()]).await.0
}
