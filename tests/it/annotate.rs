//! Snapshots of what extraction sees in each sample article (`annotate --format
//! text`): any change in sentences, dates, actors, places or events shows up in
//! review as a snapshot diff (`cargo insta review`).

use conflict_timeline::annotate;
use conflict_timeline::extract::{self, ArticleText, Resources};
use std::path::Path;

fn annotate_seed(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("sample article");
    let res = Resources::embedded().expect("gazetteer loads");
    let x = extract::extract(
        ArticleText {
            title: None,
            text: &text,
            published: None,
        },
        &res,
        None,
    );
    annotate::to_text(&text, &x)
}

macro_rules! seed_snapshot {
    ($test:ident, $file:literal) => {
        #[test]
        fn $test() {
            insta::assert_snapshot!(annotate_seed($file));
        }
    };
}

seed_snapshot!(seed_000_pompeo_meetings_reuters, "000_0f573e205182e577.txt");
seed_snapshot!(
    seed_001_pompeo_meetings_washington,
    "001_26e76fc965c3c4df.txt"
);
seed_snapshot!(seed_002_us_ceasefire, "002_fe7addc9d42ff059.txt");
seed_snapshot!(seed_003_blinken_calls_2022, "003_b54ffcd58baa508a.txt");
seed_snapshot!(seed_004_voa_fighting_and_talks, "004_a90a240d41388cce.txt");

#[test]
fn annotate_json_has_every_part() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/004_a90a240d41388cce.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let res = Resources::embedded().unwrap();
    let x = extract::extract(
        ArticleText {
            title: None,
            text: &text,
            published: None,
        },
        &res,
        None,
    );
    let json: serde_json::Value =
        serde_json::from_str(&annotate::to_json(&text, &x).unwrap()).unwrap();
    assert_eq!(json["reference"]["date"], "2020-10-24");
    assert_eq!(json["reference"]["basis"], "stated");
    let overnight = json["timexes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["text"] == "overnight")
        .expect("overnight is tagged");
    assert_eq!(overnight["resolved"]["value"], "2020-10-23TNI");
    assert_eq!(overnight["ttype"], "DATE");
    let (s, e) = (
        overnight["start"].as_u64().unwrap() as usize,
        overnight["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "overnight");
    assert!(
        json["actors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["actor"]["name"] == "Jeyhun Bayramov")
    );
    assert!(
        json["places"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["place"]["name"] == "Martakert")
    );
    assert!(json["events"].as_array().unwrap().len() >= 4);
}
