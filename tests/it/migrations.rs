//! Opening databases of other schema versions: every migration step keeps a fixture
//! database in `tests/fixtures/schema/NNNN.sqlite` (made by `make-fixture.sh` with the
//! build that introduced it) and its export; every build must migrate each of them
//! forward without losing anything, refuse a database from a newer build without
//! touching it, and open databases read-only without writing to them.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use conflict_timeline::store::{EventLookup, MIGRATOR, Store, StoreError};
use sha2::{Digest, Sha256};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;
use tower::ServiceExt;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema")
}

fn fixture(version: i64) -> PathBuf {
    fixtures().join(format!("{version:04}.sqlite"))
}

fn newest_version() -> i64 {
    MIGRATOR
        .iter()
        .map(|m| m.version)
        .max()
        .expect("migrations")
}

/// A copy of fixture `version` in a fresh temporary folder.
fn copy_of(version: i64) -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("copy.db");
    std::fs::copy(fixture(version), &db).unwrap();
    (dir, db)
}

fn sha256(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    format!("{:x}", Sha256::digest(&bytes))
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs SQL on a database outside the `Store` (to forge other schema versions).
async fn execute(db: &Path, sql: &str) {
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            SqliteConnectOptions::new()
                .filename(db)
                .create_if_missing(true),
        )
        .await
        .unwrap();
    // Test-only SQL written in this file, never user input.
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
}

async fn export_json(store: &Store) -> serde_json::Value {
    serde_json::to_value(store.export().await.unwrap()).unwrap()
}

/// An export with each event's actors and casualty figures in one order: the
/// export lists them by slug and by article (an order that does not depend on ingest
/// order), the fixtures' exports as they were first written.
fn in_fixed_order(mut export: serde_json::Value) -> serde_json::Value {
    for event in export["events"].as_array_mut().into_iter().flatten() {
        for (list, key) in [("actors", "slug"), ("casualties", "")] {
            if let Some(items) = event[list].as_array_mut() {
                items.sort_by_key(|item| match key {
                    "" => item.to_string(),
                    key => item[key].to_string(),
                });
            }
        }
    }
    export
}

/// Whether everything in `old` is in `new`: same arrays, same values, and every key of
/// an old object present with a contained value (a later build may add fields).
fn contained(old: &serde_json::Value, new: &serde_json::Value, at: &str) -> Result<(), String> {
    use serde_json::Value;
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => o.iter().try_for_each(|(k, v)| match n.get(k) {
            Some(nv) => contained(v, nv, &format!("{at}.{k}")),
            None => Err(format!("{at}.{k} is gone")),
        }),
        (Value::Array(o), Value::Array(n)) if o.len() == n.len() => o
            .iter()
            .zip(n)
            .enumerate()
            .try_for_each(|(i, (ov, nv))| contained(ov, nv, &format!("{at}[{i}]"))),
        (Value::Array(o), Value::Array(n)) => {
            Err(format!("{at} had {} items, now {}", o.len(), n.len()))
        }
        _ if old == new => Ok(()),
        _ => Err(format!("{at} was {old}, now {new}")),
    }
}

#[test]
fn every_migration_has_a_fixture_database() {
    for m in MIGRATOR.iter() {
        let db = fixture(m.version);
        let export = db.with_extension("export.json");
        assert!(
            db.exists() && export.exists(),
            "migration {} ({}) has no fixture database: run \
             tests/fixtures/schema/make-fixture.sh in the commit that adds the migration \
             and commit the two files it makes ({} and {})",
            m.version,
            m.description,
            db.display(),
            export.display()
        );
    }
}

/// The fixtures hold reports of the first stored format (no `format` key): every
/// event of every fixture still shows each article's report after migrating.
#[tokio::test]
async fn reports_of_the_first_format_still_read() {
    for version in 1..=newest_version() {
        let (_dir, db) = copy_of(version);
        let store = Store::open(&db).await.expect("fixture opens");
        let export = store.export().await.expect("export");
        assert!(!export.events.is_empty(), "fixture {version} has events");
        for event in &export.events {
            let EventLookup::Found(detail) = store
                .event(&event.id.parse().expect("stored ids are valid"))
                .await
                .expect("event reads")
            else {
                panic!("fixture {version}: event {} is missing", event.id);
            };
            let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE event_id = ?")
                .bind(&event.id)
                .fetch_one(store.pool())
                .await
                .expect("count");
            assert!(stored > 0, "fixture {version}: {} has reports", event.id);
            assert_eq!(
                detail.reports.len() as i64,
                stored,
                "fixture {version}: every report of {} reads",
                event.id
            );
        }
    }
}

#[tokio::test]
async fn every_fixture_migrates_forward_without_loss() {
    let mut seen = 0;
    for m in MIGRATOR.iter() {
        if !fixture(m.version).exists() {
            continue; // reported by every_migration_has_a_fixture_database
        }
        seen += 1;
        let (_dir, db) = copy_of(m.version);
        let store = Store::open(&db)
            .await
            .unwrap_or_else(|e| panic!("fixture {}: {e}", m.version));
        let check: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(check, "ok", "fixture {}", m.version);
        let applied: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY 1")
                .fetch_all(store.pool())
                .await
                .unwrap();
        let known: Vec<i64> = MIGRATOR.iter().map(|m| m.version).collect();
        assert_eq!(
            applied, known,
            "fixture {} not migrated to the end",
            m.version
        );

        let expected: serde_json::Value = in_fixed_order(
            serde_json::from_slice(
                &std::fs::read(fixture(m.version).with_extension("export.json")).unwrap(),
            )
            .unwrap(),
        );
        let now = in_fixed_order(export_json(&store).await);
        assert!(
            expected["events"].as_array().is_some_and(|e| !e.is_empty()),
            "fixture {} has no events to lose",
            m.version
        );
        if let Err(loss) = contained(&expected, &now, "export") {
            panic!("fixture {} lost data when migrated: {loss}", m.version);
        }
        store.close().await;
    }
    assert!(seen > 0, "no fixture database found");
}

/// A copy of the newest fixture that claims a schema version 9999 this build lacks.
async fn newer_copy() -> (TempDir, PathBuf) {
    let (dir, db) = copy_of(newest_version());
    execute(
        &db,
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (9999, 'from the future', TRUE, X'00', 0)",
    )
    .await;
    assert_eq!(files_in(dir.path()), ["copy.db"]);
    (dir, db)
}

#[tokio::test]
async fn a_database_from_a_newer_build_is_refused_untouched() {
    let (dir, db) = newer_copy().await;
    let before = sha256(&db);
    for read_only in [false, true] {
        let result = if read_only {
            Store::open_read_only(&db).await
        } else {
            Store::open(&db).await
        };
        let error = result.expect_err("a newer database must be refused");
        assert!(
            matches!(error, StoreError::Newer { found: 9999, .. }),
            "{error:?}"
        );
        let message = error.to_string();
        for part in [
            db.display().to_string(),
            "newer conflict-timeline".into(),
            "9999".into(),
            format!("up to {}", newest_version()),
        ] {
            assert!(message.contains(&part), "{message:?} lacks {part:?}");
        }
        assert_eq!(sha256(&db), before, "the file was modified");
    }

    // Through the binary: a clear message and a failure exit, never a raw sqlx error.
    let out = Command::new(env!("CARGO_BIN_EXE_conflict-timeline"))
        .args(["export", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("was written by a newer conflict-timeline"),
        "{stderr}"
    );
    assert!(!stderr.contains("previously applied"), "{stderr}");
    assert_eq!(sha256(&db), before, "the file was modified");
    assert_eq!(files_in(dir.path()), ["copy.db"]);
}

#[tokio::test]
async fn a_read_only_database_is_served_without_being_written() {
    // Bring a copy to the current schema first, as a user with write access would.
    let (dir, db) = copy_of(newest_version());
    Store::open(&db).await.unwrap().close().await;
    let before = sha256(&db);
    let expected = {
        let store = Store::open(&db).await.unwrap();
        let v = export_json(&store).await;
        store.close().await;
        v
    };
    assert_eq!(sha256(&db), before);

    let store = Store::open_read_only(&db).await.unwrap();
    assert_eq!(export_json(&store).await, expected);
    let app = conflict_timeline::web::router(store.clone());
    for uri in ["/", "/api/events", "/actors", "/places", "/articles"] {
        let response = app
            .clone()
            .oneshot(Request::get(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
    }
    let refused = sqlx::query("DELETE FROM events")
        .execute(store.pool())
        .await
        .expect_err("a read-only store must refuse writes");
    assert!(refused.to_string().contains("readonly"), "{refused}");
    store.close().await;
    assert_eq!(sha256(&db), before, "the file was modified");
    assert_eq!(files_in(dir.path()), ["copy.db"]);
}

#[tokio::test]
async fn an_outdated_or_foreign_database_opened_read_only_is_refused() {
    // Outdated: the newest migration is recorded as not applied yet.
    let (_dir, db) = copy_of(newest_version());
    execute(
        &db,
        &format!(
            "DELETE FROM _sqlx_migrations WHERE version = {}",
            newest_version()
        ),
    )
    .await;
    let before = sha256(&db);
    let error = Store::open_read_only(&db).await.expect_err("outdated");
    assert!(matches!(error, StoreError::Outdated { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains(&db.display().to_string()), "{message}");
    assert!(message.contains("cannot be migrated"), "{message}");
    assert!(
        message.contains(&format!("needs version {}", newest_version())),
        "{message}"
    );
    assert_eq!(sha256(&db), before);

    // Not ours: an SQLite file without a migration table.
    let foreign = db.with_file_name("foreign.db");
    execute(&foreign, "CREATE TABLE t (x)").await;
    let error = Store::open_read_only(&foreign).await.expect_err("foreign");
    assert!(matches!(error, StoreError::NotOurs { .. }), "{error:?}");

    // Missing: never created by a read-only open.
    let missing = db.with_file_name("missing.db");
    let error = Store::open_read_only(&missing).await.expect_err("missing");
    assert!(matches!(error, StoreError::Missing { .. }), "{error:?}");
    assert!(!missing.exists());
}

/// The permission variant: a database in a folder its user may not write is
/// exported (and would be served) read-only, automatically. The binary runs as a
/// user the folder's mode binds (`nobody` when the tests run as root, who writes
/// anywhere), so the read-only path really runs in CI.
#[tokio::test]
async fn a_database_in_a_read_only_folder_is_opened_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, db) = copy_of(newest_version());
    Store::open(&db).await.unwrap().close().await;
    let expected = Command::new(env!("CARGO_BIN_EXE_conflict-timeline"))
        .args(["export", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(expected.status.success());
    let before = sha256(&db);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let restore =
        || std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let user = crate::helpers::Unprivileged::new();
    // The user really cannot write there: otherwise this test would prove nothing.
    let probe = user
        .command("touch")
        .arg(dir.path().join("probe"))
        .output()
        .unwrap();
    assert!(
        !probe.status.success(),
        "the folder is writable for the test's user"
    );
    let out = user
        .binary()
        .args(["export", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let store = Store::open_read_only(&db).await;
    let names = files_in(dir.path());
    restore();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, expected.stdout);
    assert!(store.is_ok(), "{:?}", store.err());
    assert_eq!(names, ["copy.db"]);
    assert_eq!(sha256(&db), before);
}
