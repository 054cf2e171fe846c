//! The layering rules of the crate, checked on the source tree: `store` and `web`
//! work on `domain` records and never reach into `extract`, so that extraction can
//! change its internals without touching storage or pages; no source file grows past
//! [`MAX_LINES`] and no function past [`MAX_FN_LINES`].

use std::path::{Path, PathBuf};

/// Longest source file allowed.
const MAX_LINES: usize = 800;

/// Longest function allowed, from its `fn` line to its closing brace.
const MAX_FN_LINES: usize = 100;

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
    for file in rust_files(&source_dir("")) {
        let text = std::fs::read_to_string(&file).expect("a readable source file");
        let lines = text.lines().count();
        if lines > MAX_LINES {
            long.push(format!("{} has {lines} lines", file.display()));
        }
        for (name, start, length) in long_functions(&text) {
            long.push(format!(
                "{}:{start}: `{name}` has {length} lines (at most {MAX_FN_LINES})",
                file.display()
            ));
        }
    }
    assert!(
        long.is_empty(),
        "split these files or functions (files at most {MAX_LINES} lines):\n{}",
        long.join("\n")
    );
}

/// Functions longer than [`MAX_FN_LINES`]: (name, first line, length). rustfmt's
/// layout makes this exact enough: a function's closing brace is the first line at its
/// `fn` line's indentation that is only `}`.
fn long_functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let code = line.trim_start();
        let indent = line.len() - code.len();
        let is_fn = [
            "fn ",
            "pub fn ",
            "pub(crate) fn ",
            "pub(super) fn ",
            "async fn ",
            "pub async fn ",
        ]
        .iter()
        .any(|p| code.starts_with(p));
        if !is_fn || code.ends_with(';') {
            continue;
        }
        let closing = lines[i + 1..]
            .iter()
            .position(|l| l.len() - l.trim_start().len() == indent && l.trim() == "}");
        if let Some(k) = closing.filter(|&k| k + 1 > MAX_FN_LINES) {
            // "pub(super) fn name": the signature up to the name's end.
            let name_start = code.find("fn ").map_or(0, |k| k + 3);
            let name_end = code[name_start..]
                .find(['(', '<'])
                .map_or(code.len(), |k| name_start + k);
            let name = code[..name_end].to_string();
            out.push((name, i + 1, k + 1));
        }
    }
    out
}

#[test]
fn a_long_function_is_found() {
    let body = "    let x = 1;\n".repeat(MAX_FN_LINES);
    let text = format!("fn short() {{\n}}\n\npub(super) fn long(a: u8) {{\n{body}}}\n");
    assert_eq!(
        long_functions(&text),
        vec![("pub(super) fn long".to_string(), 4, MAX_FN_LINES + 1)]
    );
}
