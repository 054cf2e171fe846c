//! Hostile and broken input through the real `ingest::ingest` into a temporary
//! database: the committed corpus in tests/hostile/ plus files too big (or too odd)
//! to commit, generated here. Every file either goes in or is rejected with a
//! message naming it and the reason (tests/hostile/expected.toml), the rest of the
//! run goes on, and nothing panics.

use conflict_timeline::extract::Resources;
use conflict_timeline::ingest;
use conflict_timeline::store::Store;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Ingested(String),
    Rejected(String),
    Skipped,
}

fn manifest() -> BTreeMap<String, Outcome> {
    let text = std::fs::read_to_string(corpus().join("expected.toml")).unwrap();
    let doc: toml::Table = toml::from_str(&text).expect("expected.toml parses");
    let outcomes = doc["outcomes"].as_table().expect("[outcomes] table");
    outcomes
        .iter()
        .map(|(origin, value)| {
            let value = value.as_str().expect("outcome is a string");
            let outcome = if value == "ingested" {
                Outcome::Ingested(origin.clone())
            } else if let Some(key) = value.strip_prefix("ingested as ") {
                Outcome::Ingested(key.to_string())
            } else if let Some(reason) = value.strip_prefix("rejected: ") {
                Outcome::Rejected(reason.to_string())
            } else if value == "skipped" {
                Outcome::Skipped
            } else {
                panic!("{origin}: unknown outcome {value:?}");
            };
            (origin.clone(), outcome)
        })
        .collect()
}

/// Copies the committed corpus and adds the generated files; returns the input folder.
fn build_input(root: &Path) -> PathBuf {
    let input = root.join("in");
    std::fs::create_dir(&input).unwrap();
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() != "expected.toml" {
            std::fs::copy(entry.path(), input.join(entry.file_name())).unwrap();
        }
    }
    let generated = input.join("generated");
    std::fs::create_dir(&generated).unwrap();

    // 50 MB: over the 16 MiB article limit, refused before it is read.
    let line = "Troops clashed near the border on Monday. ".repeat(1000) + "\n";
    let mut big = String::with_capacity(50 * 1024 * 1024 + line.len());
    while big.len() < 50 * 1024 * 1024 {
        big.push_str(&line);
    }
    std::fs::write(generated.join("big-50mb.txt"), &big).unwrap();
    drop(big);

    // One 4 MB line with no sentence end: extraction caps sentences at 2,000 bytes.
    let mut one_line = String::from("date 2020-10-12\n");
    while one_line.len() < 4 * 1024 * 1024 {
        one_line.push_str("shelling hit Stepanakert on Sunday and talks in Moscow followed, ");
    }
    std::fs::write(generated.join("one-line-4mb.txt"), &one_line).unwrap();

    // A JSON record over the limit, then a good one that must still go in.
    let huge = format!(
        "{{\"id\": \"huge\", \"text\": \"{}\"}}\n{{\"id\": \"after-huge\", \"text\": \"The ministers met in Doha on Monday.\"}}\n",
        "a".repeat(17 * 1024 * 1024)
    );
    std::fs::write(generated.join("huge-record.jsonl"), huge).unwrap();

    #[cfg(unix)]
    {
        let looped = generated.join("loop");
        std::fs::create_dir(&looped).unwrap();
        std::os::unix::fs::symlink("..", looped.join("back")).unwrap();
        std::os::unix::fs::symlink("/nonexistent/article.txt", generated.join("dangling.txt"))
            .unwrap();
        // Links out of the folder are refused (a file and a folder); one that stays
        // inside is followed.
        let outside = root.join("outside");
        std::fs::create_dir(&outside).unwrap();
        let secret = outside.join("secret.txt");
        std::fs::write(&secret, "Secret talks were held in Oslo on Monday.\n").unwrap();
        std::os::unix::fs::symlink(&secret, generated.join("outside.txt")).unwrap();
        std::os::unix::fs::symlink(&outside, generated.join("outside-dir")).unwrap();
        std::os::unix::fs::symlink("../only-dates.txt", generated.join("inside-link.txt")).unwrap();
        // A name holding a terminal escape (the file is refused: not UTF-8).
        std::fs::write(
            generated.join("esc-\u{1b}[2J-name.txt"),
            b"\xc3\x28 not UTF-8",
        )
        .unwrap();
    }
    // UTF-32 with a BOM, both byte orders (the little-endian BOM starts like UTF-16's).
    let text = "Talks were held in Geneva on 3 March 2021.\n";
    let mut le = vec![0xFF, 0xFE, 0, 0];
    let mut be = vec![0, 0, 0xFE, 0xFF];
    for c in text.chars() {
        le.extend_from_slice(&u32::from(c).to_le_bytes());
        be.extend_from_slice(&u32::from(c).to_be_bytes());
    }
    std::fs::write(generated.join("utf32le-bom.txt"), le).unwrap();
    std::fs::write(generated.join("utf32be-bom.txt"), be).unwrap();
    input
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_hostile_file_is_ingested_or_rejected_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let input = build_input(dir.path());
    let expected = manifest();

    let store = Store::open(&dir.path().join("t.db")).await.unwrap();
    let res = Resources::embedded().unwrap();
    // How fast it goes is the benchmarks' business (benches/extract.rs); here it
    // only has to finish.
    let summary = ingest::ingest(&store, &res, std::slice::from_ref(&input), &|_, _| {})
        .await
        .expect("ingest runs to the end");

    let prefix = format!("{}/", input.display());
    let rejected: BTreeMap<String, String> = summary
        .rejected
        .iter()
        .map(|r| {
            let origin = r.origin.strip_prefix(&prefix).unwrap_or(&r.origin);
            (origin.to_string(), r.reason.clone())
        })
        .collect();
    let export = serde_json::to_value(store.export().await.unwrap()).unwrap();
    let stored: Vec<String> = export["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["file"].as_str().unwrap().to_string())
        .collect();

    let mut problems = Vec::new();
    for (origin, outcome) in &expected {
        match outcome {
            Outcome::Rejected(reason) => match rejected.get(origin) {
                Some(got) if got.contains(reason.as_str()) => {}
                Some(got) => problems.push(format!(
                    "{origin}: rejected for {got:?}, expected {reason:?}"
                )),
                None => problems.push(format!("{origin}: not rejected, expected {reason:?}")),
            },
            Outcome::Ingested(key) => {
                if let Some(got) = rejected.get(origin) {
                    problems.push(format!("{origin}: rejected ({got}), expected ingested"));
                }
                if !stored.contains(key) {
                    problems.push(format!("{origin}: {key:?} not stored"));
                }
            }
            Outcome::Skipped => {
                if rejected.contains_key(origin) || stored.contains(origin) {
                    problems.push(format!("{origin}: expected to be passed over"));
                }
            }
        }
    }
    for (origin, reason) in &rejected {
        if !expected.contains_key(origin) {
            problems.push(format!("{origin}: unexpected rejection {reason:?}"));
        }
    }
    let wanted: Vec<&String> = expected
        .values()
        .filter_map(|o| match o {
            Outcome::Ingested(k) => Some(k),
            _ => None,
        })
        .collect();
    for key in &stored {
        if !wanted.contains(&key) {
            problems.push(format!("{key}: stored but not expected"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // Every rejection names its file (the message is `origin: reason`), with control
    // characters escaped: a file name cannot drive the terminal.
    for r in &summary.rejected {
        let shown = r.to_string();
        assert!(shown.starts_with(&*ingest::read::escaped(&r.origin)) && !r.reason.is_empty());
        assert!(!shown.contains('\u{1b}'), "{shown:?} printed raw");
    }
    assert!(
        summary
            .rejected
            .iter()
            .any(|r| r.to_string().contains("esc-\\u{1b}[2J-name.txt")),
        "the escaped name is shown"
    );
    // The UTF-32 files are read as text, not as UTF-16 with NULs.
    let utf32: Vec<(String,)> =
        sqlx::query_as("SELECT text FROM articles WHERE key LIKE 'generated/utf32%'")
            .fetch_all(store.pool())
            .await
            .unwrap();
    assert_eq!(utf32.len(), 2);
    for (text,) in &utf32 {
        assert!(text.starts_with("Talks were held in Geneva"), "{text:?}");
    }

    // SQL metacharacters are stored as text, verbatim.
    let (count,): (i64,) = sqlx::query_as("SELECT count(*) FROM articles WHERE text LIKE ?")
        .bind("%DROP TABLE articles;--%")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(count, 1, "the SQL in sql-metachars.txt is stored as text");
    let (ok,): (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(ok, "ok");
}

/// A file its reader may not read is rejected by name and the rest goes in. The
/// binary runs as a user the mode binds (`nobody` when the tests run as root, who
/// reads everything), so the rejection path really runs in CI.
#[cfg(unix)]
#[test]
fn an_unreadable_file_is_rejected_and_the_run_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let locked = input.join("locked.txt");
    std::fs::write(&locked, "The foreign ministers met in Doha on Monday.\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::write(input.join("open.txt"), "Talks in Geneva on Friday.\n").unwrap();
    std::fs::set_permissions(&input, std::fs::Permissions::from_mode(0o755)).unwrap();
    // The database goes where the user may write.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let user = crate::helpers::Unprivileged::new();
    let cat = user.command("cat").arg(&locked).output().unwrap();
    assert!(
        !cat.status.success(),
        "the test's user can read a file of mode 000"
    );

    let out = user
        .binary()
        .arg("ingest")
        .arg(&input)
        .arg("--db")
        .arg(dir.path().join("t.db"))
        .arg("--quiet")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stderr}");
    let skipped: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("skipped "))
        .collect();
    assert_eq!(skipped.len(), 1, "{stderr}");
    assert!(
        skipped[0].contains("locked.txt") && skipped[0].contains("cannot read"),
        "{stderr}"
    );
    assert!(
        stdout.contains("articles: 1 new, 0 unchanged, 0 replaced, 1 rejected"),
        "{stdout}"
    );
}
