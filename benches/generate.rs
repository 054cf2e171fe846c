//! A large synthetic database, written through the project's own store layer
//! (`Store::save_articles` with `domain::EventDraft`s, batches of 512 articles per
//! transaction, as `ingest` does), for load tests of the website at scale.
//!
//! `cargo bench --bench generate -- --events N --db PATH [--seed S]`
//!
//! N is the number of event reports written; merging makes the number of events a
//! little lower. Run again on the same file (with another seed) to add to it.
//!
//! Articles are made-up wire reports: a few sentences, each stating one event (a kind
//! and subtype from the lexicon, actors and people from the gazetteer, a place, a
//! date over ten years at day, month or year precision, sometimes casualties). The
//! sentences are in the article text and the mentions point at them, so event,
//! article and search pages show real text. Events that the merge rule matches are
//! merged, as in a real ingest, so the event count can be a little below N.
//!
//! Under `cargo test --all-targets` (no `--bench`) it writes 200 events to a
//! temporary file: a smoke test.

use conflict_timeline::domain::{
    ActorKind, ActorRef, Basis, Casualty, CasualtyGroup, DateSource, EventDate, EventDraft,
    EventKind, MentionSpan, PlaceRef, Reference, Status,
};
use conflict_timeline::extract::Resources;
use conflict_timeline::store::Store;
use conflict_timeline::store::{ArticleRecord, ArticleToSave};
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Instant;

const BATCH: usize = 512;

/// A seeded generator: the same seed gives the same data.
struct Rng(fastrand::Rng);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0.u64(..)
    }
    fn below(&mut self, n: usize) -> usize {
        self.0.usize(..n.max(1))
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.0.u64(..100) < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

struct Article {
    key: String,
    text: String,
    hash: String,
    reference: Reference,
    drafts: Vec<EventDraft>,
    aliases: BTreeMap<String, BTreeSet<String>>,
}

struct Pools {
    actors: Vec<ActorRef>,
    people: Vec<ActorRef>,
    places: Vec<PlaceRef>,
    subtypes: Vec<(EventKind, Vec<String>)>,
}

fn pools(res: &Resources) -> Pools {
    let as_ref = |a: &conflict_timeline::extract::resources::ActorEntry| ActorRef {
        name: a.name.clone(),
        slug: a.slug.clone(),
        kind: a.kind,
        role: a.role.clone(),
        affiliation: a.affiliation.clone(),
    };
    let actors = res
        .actors
        .iter()
        .filter(|a| a.kind != ActorKind::Person)
        .map(as_ref)
        .collect();
    let people = res
        .actors
        .iter()
        .filter(|a| a.kind == ActorKind::Person)
        .map(as_ref)
        .collect();
    let places = res
        .places
        .iter()
        .map(|p| PlaceRef {
            name: p.name.clone(),
            slug: p.slug.clone(),
            kind: p.kind.clone(),
            country: p.country.clone(),
        })
        .collect();
    let subtypes = vec![
        (
            EventKind::Talks,
            res.lexicon.talks.keys().cloned().collect(),
        ),
        (
            EventKind::Ceasefire,
            res.lexicon.ceasefire.predicates.keys().cloned().collect(),
        ),
        (
            EventKind::Fighting,
            res.lexicon.fighting.keys().cloned().collect(),
        ),
    ];
    Pools {
        actors,
        people,
        places,
        subtypes,
    }
}

fn article(n: usize, events: usize, rng: &mut Rng, p: &Pools) -> Article {
    let base = Date::new(2015, 1, 1).expect("date");
    let published = base
        .checked_add(jiff::Span::new().days(rng.below(3650) as i64))
        .expect("date in range");
    let mut text = format!(
        "Synthetic wire report {n}, published {published}. It is made up for load tests.\n\n"
    );
    let mut drafts = Vec::with_capacity(events);
    let mut aliases: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for i in 0..events {
        let (kind, subtypes) = rng.pick(&p.subtypes);
        let kind = *kind;
        let subtype = if subtypes.is_empty() {
            "other".to_string()
        } else {
            rng.pick(subtypes).clone()
        };
        // Dates spread over the ten years before publication's year end.
        let day = published
            .checked_sub(jiff::Span::new().days(rng.below(60) as i64))
            .unwrap_or(published);
        let date = match rng.below(10) {
            0 => EventDate::year(day.year()),
            1 | 2 => EventDate::month(day.year(), day.month()),
            _ => Some(EventDate::day(day)),
        }
        .expect("valid date");
        let mut actors = vec![rng.pick(&p.actors).clone()];
        if rng.chance(60) {
            let other = rng.pick(&p.actors).clone();
            if other.slug != actors[0].slug {
                actors.push(other);
            }
        }
        if !p.people.is_empty() && rng.chance(40) {
            actors.push(rng.pick(&p.people).clone());
        }
        let place = rng.pick(&p.places).clone();
        let (status, alleged_by, denied_by) = match rng.below(20) {
            0 => (Status::Alleged, vec![actors[0].name.clone()], vec![]),
            1 => (
                Status::Denied,
                vec![actors[0].name.clone()],
                vec![actors.last().map(|a| a.name.clone()).unwrap_or_default()],
            ),
            2 | 3 if kind != EventKind::Fighting => (Status::Planned, vec![], vec![]),
            _ => (Status::Reported, vec![], vec![]),
        };
        let names: Vec<&str> = actors.iter().map(|a| a.name.as_str()).collect();
        let casualties = kind == EventKind::Fighting && rng.chance(35);
        let killed = rng.below(40) as u32 + 1;
        let sentence = format!(
            "On {}, {} {} near {} ({kind:?}, {subtype}){}. ",
            date.start,
            names.join(" and "),
            match kind {
                EventKind::Talks => "held talks",
                EventKind::Ceasefire => "were reported about a ceasefire",
                EventKind::Fighting => "were reported in fighting",
            },
            place.name,
            if casualties {
                format!(", killing {killed} civilians")
            } else {
                String::new()
            }
        );
        let start = text.len();
        text.push_str(&sentence);
        let end = text.len() - 1;
        for a in &actors {
            aliases
                .entry(a.slug.clone())
                .or_default()
                .insert(a.name.clone());
        }
        drafts.push(EventDraft {
            kind,
            subtype: subtype.clone(),
            status,
            alleged_by,
            denied_by,
            date: Some(date),
            date_source: DateSource::Explicit,
            date_basis: "a date in the sentence".to_string(),
            headline: format!("{} {subtype} near {}", names.join(", "), place.name),
            found_by: String::new(),
            actors,
            place: Some(place.clone()),
            places_mentioned: vec![place],
            casualties: if casualties {
                vec![(
                    Casualty {
                        party: None,
                        group: Some(CasualtyGroup::Civilian),
                        killed: Some(killed),
                        wounded: rng.chance(50).then(|| rng.below(80) as u32),
                        cumulative: false,
                        reported_by: None,
                    },
                    start,
                    end,
                )]
            } else {
                vec![]
            },
            mentions: vec![MentionSpan {
                start,
                end,
                sentence: i + 1,
            }],
        });
    }
    Article {
        key: format!("synthetic/{n:08}.txt"),
        hash: format!("{:016x}{:016x}", rng.next(), rng.next()),
        text,
        reference: Reference {
            date: Some(published),
            basis: Basis::Stated,
            how: "the publication date in the metadata".to_string(),
        },
        drafts,
        aliases,
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let measuring = args.iter().any(|a| a == "--bench");
    let target: usize = value("--events")
        .map(|v| v.parse().expect("--events N"))
        .unwrap_or(if measuring { 10_000 } else { 200 });
    let seed: u64 = value("--seed").map_or(1, |v| v.parse().expect("--seed S"));
    let tmp = tempfile::tempdir().expect("temp dir");
    let db = value("--db").map_or_else(|| tmp.path().join("generated.db"), PathBuf::from);

    let res = Resources::embedded().expect("gazetteer loads");
    let pools = pools(&res);
    let store = Store::open(&db).await.expect("database opens");
    // Into an existing database, articles are numbered on from those it holds, so a
    // second run (with another --seed) adds to it instead of replacing its articles.
    let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM articles")
        .fetch_one(store.pool())
        .await
        .expect("articles can be counted");
    let first = usize::try_from(held).expect("a count is not negative");
    let mut rng = Rng(fastrand::Rng::with_seed(seed));
    let now = jiff::Timestamp::now().to_string();
    let start = Instant::now();
    let (mut drafts, mut new, mut articles, mut bytes) = (0usize, 0usize, 0usize, 0usize);
    let mut last_report = Instant::now();
    while drafts < target {
        let mut batch = Vec::with_capacity(BATCH);
        while batch.len() < BATCH && drafts < target {
            // 1 to 6 events per article, 3.5 on average.
            let n = (1 + rng.below(6)).min(target - drafts);
            drafts += n;
            batch.push(article(first + articles + batch.len(), n, &mut rng, &pools));
        }
        articles += batch.len();
        bytes += batch.iter().map(|a| a.text.len()).sum::<usize>();
        let to_save: Vec<ArticleToSave<'_>> = batch
            .iter()
            .map(|a| ArticleToSave {
                record: ArticleRecord {
                    key: &a.key,
                    source_path: &a.key,
                    title: Some(&a.key),
                    source: Some("Synthetic Wire"),
                    url: None,
                    reference: &a.reference,
                    content_hash: &a.hash,
                    text: &a.text,
                },
                drafts: &a.drafts,
                aliases: &a.aliases,
            })
            .collect();
        for saved in store.save_articles(&to_save, &now).await.expect("saved") {
            new += saved.events_new;
        }
        if last_report.elapsed().as_secs() >= 10 {
            last_report = Instant::now();
            let secs = start.elapsed().as_secs_f64();
            eprintln!(
                "{drafts} reports, {new} events, {articles} articles in {secs:.0} s ({:.0} reports/s)",
                drafts as f64 / secs
            );
        }
    }
    store.close().await;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{}: {drafts} reports → {new} events ({} merged), {articles} articles, {:.1} MB of text in {secs:.1} s = {:.0} reports/s, {:.0} articles/s",
        db.display(),
        drafts - new,
        bytes as f64 / 1e6,
        drafts as f64 / secs,
        articles as f64 / secs
    );
}
