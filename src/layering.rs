//! The layering rules of the crate, checked on the source tree: `store` and `web`
//! work on `domain` records and never reach into `extract`, so that extraction can
//! change its internals without touching storage or pages; and no source file of
//! `domain`, `store` or `web` grows past [`MAX_LINES`].

use std::path::{Path, PathBuf};

/// Longest source file allowed in the checked layers.
const MAX_LINES: usize = 800;

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a readable directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn source_dir(layer: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(layer)
}

#[test]
fn store_and_web_never_import_extract() {
    let mut offenders = Vec::new();
    for layer in ["store", "web", "domain"] {
        for file in rust_files(&source_dir(layer)) {
            let text = std::fs::read_to_string(&file).expect("a readable source file");
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                if code.contains("crate::extract") || code.contains("super::extract") {
                    offenders.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "store, web and domain must import domain, not extract:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn source_files_stay_readable() {
    let mut long = Vec::new();
    for layer in ["domain", "store", "web"] {
        for file in rust_files(&source_dir(layer)) {
            let lines = std::fs::read_to_string(&file)
                .expect("a readable source file")
                .lines()
                .count();
            if lines > MAX_LINES {
                long.push(format!("{} has {lines} lines", file.display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "split these files (at most {MAX_LINES} lines):\n{}",
        long.join("\n")
    );
}
