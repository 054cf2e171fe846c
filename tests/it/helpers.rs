//! What every integration test needs: the sample articles, a database freshly
//! filled from them or from any input, in the test's own temporary folder, and one
//! way of asking the app for a page ([`get`], answering an [`Answer`]).

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use conflict_timeline::extract::Resources;
use conflict_timeline::ingest::{self, Summary};
use conflict_timeline::store::Store;
use http_body_util::BodyExt;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tower::ServiceExt;

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

/// What the app answered to one request.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body as text (invalid UTF-8 replaced, so that hostile input still reads).
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(&name)
            .unwrap_or_else(|| panic!("no {name} header"))
            .to_str()
            .expect("ASCII header")
    }
}

/// Sends `GET uri` through the router, as a server would. A URI that the HTTP
/// layer refuses before routing is answered 400, as hyper would.
pub async fn get(app: &Router, uri: &str) -> Answer {
    let Ok(request) = Request::get(uri).body(Body::empty()) else {
        return Answer {
            status: StatusCode::BAD_REQUEST,
            headers: HeaderMap::new(),
            body: String::new(),
        };
    };
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// A program run as a user whom file permissions bind. Root reads and writes
/// everything whatever the mode, so when the tests run as root (as CI does) the
/// program runs as `nobody` through `setpriv`; otherwise as the current user.
/// Whatever it must reach has to be open to others then.
pub struct Unprivileged {
    /// Holds the binary's copy, reachable by `nobody` wherever the build is.
    _bin_dir: tempfile::TempDir,
    pub bin: PathBuf,
    pub root: bool,
}

impl Unprivileged {
    pub fn new() -> Self {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
        let bin_dir = tempfile::tempdir().unwrap();
        let bin = bin_dir.path().join("conflict-timeline");
        std::fs::copy(env!("CARGO_BIN_EXE_conflict-timeline"), &bin).unwrap();
        std::fs::set_permissions(bin_dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
        Unprivileged {
            _bin_dir: bin_dir,
            bin,
            root,
        }
    }

    /// `program` (a path, or a name looked up in PATH) under that user.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> std::process::Command {
        if !self.root {
            return std::process::Command::new(program);
        }
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(program);
        c
    }

    /// The conflict-timeline binary under that user.
    pub fn binary(&self) -> std::process::Command {
        self.command(&self.bin)
    }
}
