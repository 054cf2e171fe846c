//! Extraction throughput on one core: the sample articles (repeated) and the
//! Reuters-21578 wire corpus, in MB/s and articles/s. Run with
//! `cargo bench --bench extract [-- CORPUS.jsonl]`; the corpus defaults to
//! `../shared/corpora/reuters21578.jsonl` when it is there.
//!
//! `--dump FILE` instead writes every extraction (`Debug` form, one line per article
//! and reading) of the seeds and the corpus to FILE: diffing two dumps shows whether
//! an optimisation changed any result. Each article is extracted as published, as if
//! undated, and — when undated gives no reference — with a reference inferred from
//! elsewhere, so that all three paths through `extract` are covered.

use conflict_timeline::extract::{self, ArticleText, Resources};
use conflict_timeline::ingest::read::{InputFile, read_file};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let res = Resources::embedded().expect("gazetteer loads");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let args: Vec<String> = std::env::args().collect();
    if let Some(k) = args.iter().position(|a| a == "--dump") {
        let Some(out) = args.get(k + 1) else {
            eprintln!("--dump needs an output file");
            std::process::exit(2);
        };
        dump(root, Path::new(out), &res);
        return;
    }
    let seeds: Vec<(String, Option<jiff::civil::Date>)> = std::fs::read_dir(root.join("seeds"))
        .expect("seeds folder")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| (std::fs::read_to_string(p).expect("seed text"), None))
        .collect();
    // `cargo test --all-targets` runs this binary without `--bench`: a smoke run only.
    let measuring = std::env::args().any(|a| a == "--bench");
    let rounds = if measuring { 200 } else { 1 };
    let repeated: Vec<(String, Option<jiff::civil::Date>)> = seeds
        .iter()
        .cycle()
        .take(seeds.len() * rounds)
        .cloned()
        .collect();
    run(&format!("seeds ×{rounds}"), &repeated, &res);

    let corpus = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpora/reuters21578.jsonl"));
    if measuring && corpus.exists() {
        let articles = read_file(&InputFile {
            path: corpus.clone(),
            key: String::new(),
        });
        let texts: Vec<(String, Option<jiff::civil::Date>)> = articles
            .filter_map(Result::ok)
            .map(|a| (a.text, a.published))
            .collect();
        run(&corpus.display().to_string(), &texts, &res);
    } else if measuring {
        println!("{}: not found, skipped", corpus.display());
    }
}

fn run(name: &str, texts: &[(String, Option<jiff::civil::Date>)], res: &Resources) {
    let bytes: usize = texts.iter().map(|(t, _)| t.len()).sum();
    let start = Instant::now();
    let cpu_start = cpu_seconds();
    let mut events = 0;
    for (text, published) in texts {
        let x = extract::extract(
            ArticleText {
                text,
                title: None,
                published: *published,
            },
            res,
            None,
        );
        events += x.events.len();
    }
    let secs = start.elapsed().as_secs_f64();
    // On a shared machine the thread waits for a core part of the wall time; the time
    // it actually ran says what one core achieves.
    let on_cpu = match (cpu_start, cpu_seconds()) {
        (Some(a), Some(b)) if b > a => format!(
            "; on CPU {:.2} s = {:.1} MB/s",
            b - a,
            bytes as f64 / 1e6 / (b - a)
        ),
        _ => String::new(),
    };
    println!(
        "{name}: {} articles, {:.1} MB in {secs:.2} s = {:.1} MB/s, {:.0} articles/s, {events} events (one core{on_cpu})",
        texts.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs,
        texts.len() as f64 / secs
    );
}

/// Time this thread has run on a CPU (Linux: the first field of
/// `/proc/thread-self/schedstat`, in nanoseconds); None elsewhere.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 / 1e9)
}

/// Writes the extractions of the seeds and the corpus to `out` (see the module docs).
fn dump(root: &Path, out: &Path, res: &Resources) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("seeds"))
        .expect("seeds folder")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files.push(root.join("../shared/corpora/reuters21578.jsonl"));
    let file = std::fs::File::create(out).expect("dump file can be created");
    let mut w = std::io::BufWriter::new(file);
    let elsewhere = conflict_timeline::domain::Reference {
        date: Some(jiff::civil::date(1987, 3, 1)),
        basis: conflict_timeline::domain::Basis::Inferred,
        how: "inferred for the dump".into(),
    };
    for path in files {
        let (mut articles, mut rejected) = (Vec::new(), Vec::new());
        for item in read_file(&InputFile {
            path: path.clone(),
            key: String::new(),
        }) {
            match item {
                Ok(a) => articles.push(a),
                Err(r) => rejected.push(r),
            }
        }
        writeln!(w, "# {} rejected {rejected:?}", path.display()).expect("dump write");
        for (i, a) in articles.iter().enumerate() {
            let run = |published, inferred| {
                extract::extract(
                    ArticleText {
                        text: &a.text,
                        title: a.title.as_deref(),
                        published,
                    },
                    res,
                    inferred,
                )
            };
            writeln!(w, "{i} published {:?}", run(a.published, None)).expect("dump write");
            let undated = run(None, None);
            writeln!(w, "{i} undated {undated:?}").expect("dump write");
            if undated.reference.date.is_none() {
                let inferred = run(None, Some(elsewhere.clone()));
                writeln!(w, "{i} inferred {inferred:?}").expect("dump write");
            }
        }
    }
    w.flush().expect("dump write");
}
