//! Extraction throughput on one core: the sample articles (repeated) and the
//! Reuters-21578 wire corpus, in MB/s and articles/s. Run with
//! `cargo bench --bench extract [-- CORPUS.jsonl]`; the corpus defaults to
//! `../shared/corpora/reuters21578.jsonl` when it is there.

use conflict_timeline::extract::{self, ArticleText, Resources};
use conflict_timeline::ingest::read::{InputFile, read_file};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let res = Resources::embedded().expect("gazetteer loads");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
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
    let mut events = 0;
    for (text, published) in texts {
        let x = extract::extract(
            ArticleText {
                text,
                published: *published,
            },
            res,
            None,
        );
        events += x.events.len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{name}: {} articles, {:.1} MB in {secs:.2} s = {:.1} MB/s, {:.0} articles/s, {events} events (one core)",
        texts.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs,
        texts.len() as f64 / secs
    );
}
