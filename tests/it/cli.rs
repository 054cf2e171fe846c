//! The command line as a user meets it, by running the binary: commands given a
//! path that does not exist fail with one message naming it and leave no database
//! behind; the help texts say what happens; `annotate` reads a file as ingest does.

use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_conflict-timeline"))
        .args(args)
        .current_dir(dir)
        // The variables would override the flags' defaults under test.
        .env_remove("CONFLICT_TIMELINE_DB")
        .env_remove("CONFLICT_TIMELINE_SEEDS")
        .env_remove("CONFLICT_TIMELINE_CREATE")
        .env_remove("CONFLICT_TIMELINE_READ_ONLY")
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs")
}

/// Fails, with exactly one `error:` line on stderr that holds every one of `words`.
fn assert_fails_saying(out: &Output, words: &[&str]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "succeeded: {stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    for w in words {
        assert!(errors[0].contains(w), "{w:?} not in {stderr}");
    }
}

#[test]
fn ingest_of_a_missing_path_fails_and_creates_no_database() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["ingest", "/nonexistent", "--db", "t.db"]);
    assert_fails_saying(&out, &["/nonexistent", "nothing was ingested"]);
    assert!(!dir.path().join("t.db").exists());
}

#[test]
fn a_database_in_a_missing_folder_is_one_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let out = run(
        dir.path(),
        &[
            "ingest",
            seeds.to_str().unwrap(),
            "--db",
            "no/such/t.db",
            "--quiet",
        ],
    );
    assert_fails_saying(&out, &["no/such/t.db", "folder no/such does not exist"]);
    let out = run(dir.path(), &["serve", "--create", "--db", "no/such/t.db"]);
    assert_fails_saying(&out, &["folder no/such does not exist"]);
}

#[test]
fn serve_never_creates_a_database_it_was_not_asked_to() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &["serve", "--db", "typo.db", "--addr", "127.0.0.1:0"],
    );
    assert_fails_saying(&out, &["typo.db", "does not exist", "--create"]);
    assert!(!dir.path().join("typo.db").exists());

    let out = run(
        dir.path(),
        &[
            "serve",
            "--create",
            "--db",
            "new.db",
            "--seeds",
            "/nonexistent",
            "--addr",
            "127.0.0.1:0",
        ],
    );
    assert_fails_saying(&out, &["--seeds /nonexistent", "no such file or folder"]);
    assert!(!dir.path().join("new.db").exists());

    // Seeds with no article in them: nothing to serve, so no database either.
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let out = run(
        dir.path(),
        &[
            "serve",
            "--create",
            "--db",
            "new.db",
            "--seeds",
            "empty",
            "--addr",
            "127.0.0.1:0",
        ],
    );
    assert_fails_saying(&out, &["--seeds empty", "no article"]);
    assert!(!dir.path().join("new.db").exists());
}

#[test]
fn help_texts_say_what_happens_and_name_no_build_folder() {
    let dir = tempfile::tempdir().unwrap();
    let help = |command: &str| {
        let out = run(dir.path(), &[command, "--help"]);
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let export = help("export");
    assert!(
        export.contains("which must exist (it is never created here)"),
        "{export}"
    );
    let serve = help("serve");
    assert!(
        serve.contains("It must exist, unless --create is given"),
        "{serve}"
    );
    assert!(serve.contains("[default: seeds]"), "{serve}");
    assert!(!serve.contains(env!("CARGO_MANIFEST_DIR")), "{serve}");
    let ingest = help("ingest");
    assert!(
        ingest.contains("created when missing (its folder must exist)"),
        "{ingest}"
    );
    assert!(ingest.contains("a missing one stops"), "{ingest}");
}

#[test]
fn export_of_a_missing_database_fails_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["export", "--db", "none.db"]);
    assert_fails_saying(&out, &["none.db", "does not exist"]);
    assert!(!dir.path().join("none.db").exists());
}

#[test]
fn annotate_reads_markdown_front_matter_as_metadata_not_sentences() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "---\ntitle: Shelling in Martakert\npublished: 2020-10-24\nsource: Example Wire\n---\nArmenia said Azerbaijani forces shelled Martakert on Friday, killing two civilians.\n",
    )
    .unwrap();
    let out = run(dir.path(), &["annotate", "a.md", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sentences = json["sentences"].as_array().unwrap();
    assert!(
        sentences.iter().all(|s| {
            let text = s["text"].as_str().unwrap();
            !text.contains("title:") && !text.contains("---")
        }),
        "{sentences:?}"
    );
    assert_eq!(json["reference"]["date"], "2020-10-24");
    let events = json["events"].as_array().unwrap();
    assert_eq!(events[0]["date"]["start"], "2020-10-23", "{events:?}");
}
