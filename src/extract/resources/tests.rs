//! The gazetteer and lexicon load, and names are found where they should be.

use super::*;

#[test]
fn embedded_resources_load() {
    let r = Resources::embedded().expect("embedded gazetteer loads");
    assert!(r.actors.len() > 190, "all states are there");
    let armenia = r.actor_named("Armenia").unwrap();
    assert_eq!(r.actors[armenia].kind, ActorKind::State);
    let hits = r.find_names("Baku said Armenian forces fired.", 0..32);
    assert!(
        hits.iter()
            .any(|h| matches!(h.targets[0], Target::Capital { .. }))
    );
    assert!(
        hits.iter()
            .any(|h| h.targets.contains(&Target::Adjective(armenia)))
    );
}

#[test]
fn names_match_on_word_boundaries_only() {
    let r = Resources::embedded().unwrap();
    let text = "Russians and the U.S. met; Iranian-backed groups.";
    let names: Vec<&str> = r
        .find_names(text, 0..text.len())
        .iter()
        .map(|h| &text[h.start..h.end])
        .collect();
    assert!(names.contains(&"U.S."));
    assert!(names.contains(&"Iranian"));
}

#[test]
fn generated_places_load_with_their_facts() {
    let r = Resources::embedded().unwrap();
    let text = "Shelling was reported in Kramatorsk and Kiev.";
    let hits = r.find_names(text, 0..text.len());
    let place = |name: &str| {
        hits.iter()
            .find(|h| &text[h.start..h.end] == name)
            .and_then(|h| match h.targets[0] {
                Target::Place(p) | Target::Capital { place: p, .. } => Some(&r.places[p]),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{name} is found as a place"))
    };
    let kramatorsk = place("Kramatorsk");
    assert_eq!(kramatorsk.country.as_deref(), Some("Ukraine"));
    assert!(kramatorsk.population.is_some_and(|p| p > 100_000));
    assert!(kramatorsk.coordinates.is_some());
    assert!(
        kramatorsk
            .admin1
            .as_deref()
            .is_some_and(|a| a.starts_with("UA."))
    );
    // The hand-curated capital wins, and gains the GeoNames facts.
    let kyiv = place("Kiev");
    assert_eq!(kyiv.name, "Kyiv");
    assert!(kyiv.coordinates.is_some());
}

#[test]
fn ambiguous_place_names_are_not_found_in_text() {
    let r = Resources::embedded().unwrap();
    let text = "Nice words split the Reading group.";
    let hits = r.find_names(text, 0..text.len());
    assert!(
        hits.iter()
            .all(|h| !h.targets.iter().any(|t| matches!(t, Target::Place(_)))),
        "no place in {text:?}"
    );
    let nice = r.ambiguous_places("Nice");
    assert!(!nice.is_empty());
    assert!(r.places[nice[0]].ambiguous);
    assert_eq!(r.places[nice[0]].country.as_deref(), Some("France"));
}

#[test]
fn a_known_person_name_is_never_a_generated_place() {
    let r = Resources::embedded().unwrap();
    let text = "Pompeo met Vladimir in Geneva.";
    let places: Vec<&str> = r
        .find_names(text, 0..text.len())
        .iter()
        .filter(|h| {
            h.targets
                .iter()
                .any(|t| matches!(t, Target::Place(_) | Target::Capital { .. }))
        })
        .map(|h| &text[h.start..h.end])
        .collect();
    assert_eq!(places, ["Geneva"]);
}

#[test]
fn generated_armed_groups_load_and_hand_entries_win() {
    let r = Resources::embedded().unwrap();
    let ltte = r.actor_named("Liberation Tigers of Tamil Eelam").unwrap();
    assert_eq!(r.actors[ltte].kind, ActorKind::ArmedGroup);
    assert_eq!(
        r.actors[ltte].category.as_deref(),
        Some("non_state_armed_group")
    );
    assert_eq!(r.actors[ltte].country.as_deref(), Some("Sri Lanka"));
    // Hezbollah is hand-curated: the generated entry does not replace it.
    let hezbollah = r.actor_named("Hezbollah").unwrap();
    assert_eq!(r.actors[hezbollah].category, None);
}

#[test]
fn places_sharing_a_name_get_distinct_slugs() {
    let r = Resources::embedded().unwrap();
    let mut slugs: Vec<&str> = r.places.iter().map(|p| p.slug.as_str()).collect();
    slugs.sort_unstable();
    let before = slugs.len();
    slugs.dedup();
    assert_eq!(before, slugs.len());
}

#[test]
fn names_with_the_arabic_article_are_known_without_it() {
    let r = Resources::embedded().unwrap();
    let shabaab = r.actor_named("al-Shabaab").unwrap();
    let text = "Shabab fighters attacked the base.";
    let hits = r.find_names(text, 0..text.len());
    let shabab = hits.iter().find(|h| &text[h.start..h.end] == "Shabab");
    assert!(shabab.is_some_and(|h| h.targets.contains(&Target::Actor(shabaab))));
    assert_eq!(build::without_arabic_article("al-Shabab"), Some("Shabab"));
    assert_eq!(build::without_arabic_article("Hayat Tahrir al-Sham"), None);
    assert_eq!(
        build::without_arabic_article("al-Aqsa Martyrs' Brigades"),
        None
    );
}
