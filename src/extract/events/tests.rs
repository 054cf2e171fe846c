//! Tests of whole sentences through the extraction: what counts as an event, its
//! date, its sides and its place (the within-article merge has its own in `merge`).

use crate::domain::{EventDraft, EventKind};
use crate::extract::{ArticleText, Resources, extract};
use jiff::civil::{Date, date};
use std::sync::LazyLock;

static RESOURCES: LazyLock<Resources> =
    LazyLock::new(|| Resources::embedded().expect("the embedded gazetteer loads"));

const PUBLISHED: Date = date(2023, 12, 6);

/// The events of `text`, published on 2023-12-06 (also for the merge tests).
pub(super) fn events(text: &str) -> Vec<EventDraft> {
    let article = ArticleText {
        title: None,
        text,
        published: Some(PUBLISHED),
    };
    extract(article, &RESOURCES, None).events
}

fn of_kind(events: &[EventDraft], kind: EventKind) -> Vec<&EventDraft> {
    events.iter().filter(|d| d.kind == kind).collect()
}

fn first_day(e: &EventDraft) -> Option<Date> {
    e.date.map(|d| d.start)
}

fn actor_names(e: &EventDraft) -> Vec<&str> {
    e.actors.iter().map(|a| a.name.as_str()).collect()
}

#[test]
fn a_truce_offered_or_a_war_s_toll_is_no_fight() {
    let e = events(
        "The proposals appeared to counter Iran's earlier offer of an undeclared cessation \
         of hostilities if an inquiry into responsibility for the war was begun.",
    );
    assert!(of_kind(&e, EventKind::Fighting).is_empty(), "{e:#?}");
    let e = events("The U.N. says violence in Yemen has killed more than 1,000 civilians.");
    assert!(e.is_empty(), "{e:#?}");
    let e = events(
        "The war, which has killed more than 100,000 people, entered its fifth year on Friday.",
    );
    assert!(e.is_empty(), "{e:#?}");
    let e = events("To support a durable end to the fighting, the United States will coordinate.");
    assert!(e.is_empty(), "{e:#?}");
}

#[test]
fn a_relative_clause_after_another_noun_is_not_the_truce_s_predicate() {
    let e = events(
        "Libya's U.N.-supported government said on Saturday it had accepted the proposed \
         cease-fire for the holiday, which begins Sunday.",
    );
    assert!(
        e.iter().all(|d| d.subtype != "took_effect"),
        "the holiday begins, not the truce: {e:#?}"
    );
}

#[test]
fn the_guns_falling_silent_is_a_truce_taking_effect() {
    let e = events(
        "After months of Palestinian rocket barrages and Israeli army raids, the guns in \
         and around the Gaza Strip have fallen silent.",
    );
    assert_eq!(e.len(), 1, "the months of raids are background: {e:#?}");
    assert_eq!(
        (e[0].kind, e[0].subtype.as_str()),
        (EventKind::Ceasefire, "took_effect")
    );
}

#[test]
fn a_date_counted_across_after_moves_the_event() {
    let e = events("The truce collapsed a week after it was signed on March 1.");
    let mut days: Vec<(&str, Option<Date>)> = e
        .iter()
        .map(|d| (d.subtype.as_str(), first_day(d)))
        .collect();
    days.sort();
    assert_eq!(
        days,
        [
            ("agreed", Some(date(2023, 3, 1))),
            ("collapsed", Some(date(2023, 3, 8)))
        ],
        "{e:#?}"
    );
    let e = events(
        "Iran said it launched a fresh offensive today north of Baghdad, three days after \
         it began a new thrust against Iraq on the southern front.",
    );
    let mut days: Vec<Option<Date>> = e.iter().map(first_day).collect();
    days.sort();
    assert_eq!(days, [Some(date(2023, 12, 3)), Some(PUBLISHED)], "{e:#?}");
}

#[test]
fn a_state_s_forces_named_by_no_name_are_the_state() {
    let e = events("Government troops shelled rebel positions near Idlib on Monday.");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(actor_names(&e[0]).contains(&"Syria"), "{e:#?}");
    // The leader they are loyal to says whose they are; such a side makes the event.
    let e = events("Troops loyal to President Bashar al-Assad recaptured the town of Maaloula.");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(actor_names(&e[0]), ["Syria"]);
}

#[test]
fn fighting_the_text_dates_is_an_event_though_no_side_is_named() {
    let e = events(
        "More than half a million people have been displaced in Tigray since the fighting \
         resumed on August 24.",
    );
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(first_day(&e[0]), Some(date(2023, 8, 24)));
}

#[test]
fn a_fight_placed_nowhere_is_in_the_story_s_theatre() {
    let e = events(
        "Rebels attacked a checkpoint in Chechnya on Monday. \
         Russian troops shelled villages in Chechnya on Tuesday. \
         On Wednesday, rebels fired on a convoy, killing four soldiers.",
    );
    let wednesday = e
        .iter()
        .find(|d| first_day(d) == Some(date(2023, 12, 6)))
        .expect("Wednesday's attack");
    let place = wednesday.place.as_ref().map(|p| p.name.as_str());
    assert_eq!(place, Some("Chechnya"), "{e:#?}");
}

#[test]
fn the_name_a_relative_clause_follows_takes_part_in_the_call() {
    let e = events(
        "Ukrainian President Volodymyr Zelenskyy, who also spoke by phone with U.S. \
         President Joe Biden on Tuesday, said the shelling of Kharkiv was terror.",
    );
    let talks = of_kind(&e, EventKind::Talks);
    assert_eq!(talks.len(), 1, "{e:#?}");
    let names = actor_names(talks[0]);
    assert!(
        names.contains(&"Volodymyr Zelensky") && names.contains(&"Joe Biden"),
        "{names:?}"
    );
}

#[test]
fn a_front_town_before_the_news_is_where_it_happened() {
    let e = events(
        "At Zalambesa, 250 kilometers to the east, Asmara says the front is now quiet after \
         intense shelling Friday.",
    );
    assert_eq!(e.len(), 1, "{e:#?}");
    let place = e[0].place.as_ref().map(|p| p.name.as_str());
    assert_eq!(place, Some("Zalambesa"));
}

#[test]
fn a_period_counted_back_does_not_date_the_fighting() {
    let e = events(
        "Eritrean officials say fierce battles are continuing along the Badame front. \
         The border war has flared up in the most intense fighting of the past year.",
    );
    assert!(
        e.iter().all(|d| d.date.is_none_or(|d| d.days() <= 31)),
        "a year-long span is no event's date: {e:#?}"
    );
}

#[test]
fn a_deed_told_after_following_is_an_earlier_incident() {
    let text = "Turkish jets strike PKK militant positions in northern Iraq following a deadly \
                PKK attack which left at least 16 Turkish soldiers dead.";
    let e = events(text);
    let fights = of_kind(&e, EventKind::Fighting);
    assert_eq!(fights.len(), 2, "{e:#?}");
    let told = |d: &EventDraft| &text[d.mentions[0].start..d.mentions[0].end];
    let attack = fights
        .iter()
        .find(|d| told(d).starts_with("a deadly PKK attack"))
        .expect("the attack told by its own words");
    assert_eq!(
        attack.casualties.len(),
        1,
        "its dead are its own: {attack:#?}"
    );
    // The fighting of the same fight is no earlier incident.
    let e =
        events("Somali troops repulsed the attackers near Baidoa on Tuesday after heavy gunfire.");
    assert_eq!(e.len(), 1, "{e:#?}");
}

#[test]
fn a_border_between_two_named_sides_is_the_place() {
    let e = events(
        "According to state media, clashes occur at the Lebanon–Syria border after the \
         government accused Hezbollah militants of kidnapping three soldiers.",
    );
    let fights = of_kind(&e, EventKind::Fighting);
    assert_eq!(fights.len(), 1, "{e:#?}");
    let place = fights[0].place.as_ref().map(|p| p.name.as_str());
    assert_eq!(place, Some("Lebanon–Syria border"));
}

#[test]
fn fighting_as_the_topic_of_a_meeting_is_no_event() {
    let e = events(
        "US Secretary of State Mike Pompeo met Azerbaijani Foreign Minister Jeyhun Bayramov \
         in Washington on Friday to discuss the fighting in Nagorno-Karabakh.",
    );
    assert!(of_kind(&e, EventKind::Fighting).is_empty(), "{e:#?}");
    assert_eq!(of_kind(&e, EventKind::Talks).len(), 1, "{e:#?}");
}

#[test]
fn a_digest_s_entries_are_stories_of_their_own() {
    let e = events(
        "Militants attack a military base in Tillabéri Region, Niger, killing at least 12 \
         soldiers. (Reuters)\n\nMyanmar's military launches airstrikes on Arakan Army \
         positions in Rakhine State, killing at least seven people. (AP)\n\nA car bomb \
         explodes near a police station in Mogadishu, killing at least five people. \
         Al-Shabaab claims responsibility. (Al Jazeera)",
    );
    let fights = of_kind(&e, EventKind::Fighting);
    assert_eq!(fights.len(), 3, "one fight per entry: {e:#?}");
    let mogadishu = fights
        .iter()
        .find(|d| d.place.as_ref().is_some_and(|p| p.name == "Mogadishu"))
        .expect("the car bomb");
    assert_eq!(
        actor_names(mogadishu),
        ["al-Shabaab"],
        "who claims it attacked"
    );
    let moscow = events(
        "Ukraine launches a massive drone attack on Moscow, the largest inside Russia since \
         the start of the war. (BBC)",
    );
    let place = moscow[0].place.as_ref().map(|p| p.name.as_str());
    assert_eq!(place, Some("Moscow"), "the place attacked: {moscow:#?}");
}

#[test]
fn an_accord_named_after_a_place_is_a_peace_agreement() {
    let e = events(
        "Four years after the Lusaka Protocol was signed in November 1994, Angola is again \
         at war between the government and UNITA rebels.",
    );
    let truces = of_kind(&e, EventKind::Ceasefire);
    assert_eq!(truces.len(), 1, "{e:#?}");
    assert_eq!(first_day(truces[0]), Some(date(1994, 11, 1)));
    assert!(
        !actor_names(truces[0]).contains(&"Zambia"),
        "Lusaka only names it"
    );
}

#[test]
fn talks_between_the_two_sides_are_between_the_story_s_sides() {
    let e = events(
        "Ethiopian troops attacked Eritrean positions near Barentu on Monday, and Eritrea \
         said its forces repulsed the assault.\n\nTalks in Algiers between the two sides \
         broke down on Wednesday.",
    );
    let talks = of_kind(&e, EventKind::Talks);
    assert_eq!(talks.len(), 1, "{e:#?}");
    let mut names = actor_names(talks[0]);
    names.sort();
    assert_eq!(names, ["Eritrea", "Ethiopia"]);
}

fn place_name(e: &EventDraft) -> Option<&str> {
    e.place.as_ref().map(|p| p.name.as_str())
}

#[test]
fn places_listed_together_are_one_place() {
    let e = events("Russian forces shelled Kherson and Mykolaiv on Monday, killing four people.");
    assert_eq!(place_name(&e[0]), Some("Kherson and Mykolaiv"), "{e:#?}");
    let e = events(
        "Ukrainian troops shelled the Kursk and Belgorod regions on Monday, killing two soldiers.",
    );
    assert_eq!(
        place_name(&e[0]),
        Some("Kursk and Belgorod regions"),
        "{e:#?}"
    );
    // A name the gazetteer lacks may close the list.
    let e = events("Rebels seized the villages of Qarat and Dumsa on Monday after heavy fighting.");
    assert_eq!(place_name(&e[0]), Some("Qarat and Dumsa"), "{e:#?}");
}

#[test]
fn the_place_taken_or_bombarded_is_named_after_of() {
    let e =
        events("Taliban fighters completed the capture of Kabul on Sunday after days of fighting.");
    let fight = &of_kind(&e, EventKind::Fighting)[0];
    assert_eq!(place_name(fight), Some("Kabul"), "{e:#?}");
}

#[test]
fn the_states_before_a_brokered_truce_are_its_parties() {
    let e =
        events("Israel and Hamas decided on Monday to give an Egyptian-mediated truce a chance.");
    let truce = &of_kind(&e, EventKind::Ceasefire)[0];
    let names = actor_names(truce);
    for party in ["Israel", "Hamas", "Egypt"] {
        assert!(names.contains(&party), "{party}: {names:?}");
    }
}

#[test]
fn the_place_after_including_says_where_in_the_place_before() {
    let e = events(
        "At least 20 people are killed by Israeli airstrikes in the Gaza Strip, including in Rafah.",
    );
    assert_eq!(place_name(&e[0]), Some("Rafah"), "{e:#?}");
}

#[test]
fn a_date_in_a_relative_clause_before_the_trigger_does_not_date_it() {
    let e = events(
        "Medics say at least 12 people died in an airstrike on a market in Saada province on \
         Wednesday. Houthi rebels, who seized the capital three years ago, blamed the \
         Saudi-led coalition for the airstrike.",
    );
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(
        actor_names(&e[0]).contains(&"Saudi-led coalition"),
        "{e:#?}"
    );
}

#[test]
fn a_place_the_talks_were_about_is_not_where_they_were_held() {
    let e = events(
        "The Ethiopian prime minister phoned the Sudanese president on Thursday to discuss \
         the fighting in Kassala.",
    );
    let talks = of_kind(&e, EventKind::Talks);
    assert_eq!(talks.len(), 1, "{e:#?}");
    assert_eq!(place_name(talks[0]), None, "{e:#?}");
    // Nor is a state the talks were about one of their parties.
    let e = events("Putin and Erdogan held talks by phone on Thursday about the Syrian war.");
    let talks = of_kind(&e, EventKind::Talks);
    assert_eq!(talks.len(), 1, "{e:#?}");
    assert!(!actor_names(talks[0]).contains(&"Syria"), "{e:#?}");
}

#[test]
fn a_site_noun_and_of_introduce_a_place_the_gazetteer_lacks() {
    for (text, place) in [
        (
            "Rebels attacked the border post of Kelawa on Friday, killing four guards.",
            "Kelawa",
        ),
        (
            "Soldiers fought militants in the market of Dogondaji on Thursday.",
            "Dogondaji",
        ),
    ] {
        let e = events(text);
        assert_eq!(e.len(), 1, "{e:#?}");
        assert_eq!(place_name(&e[0]), Some(place), "{e:#?}");
    }
}

#[test]
fn a_country_something_happened_over_is_the_place_not_a_party() {
    let e = events("Houthi rebels shot down a US drone over Yemen on Friday.");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(place_name(&e[0]), Some("Yemen"), "{e:#?}");
    assert!(!actor_names(&e[0]).contains(&"Yemen"), "{e:#?}");
}

#[test]
fn a_title_and_a_given_name_name_the_holder_of_the_office() {
    let e = events(
        "Prime Minister Abiy met President Isaias in Asmara on Sunday to discuss the fighting.",
    );
    let talks = of_kind(&e, EventKind::Talks);
    assert_eq!(talks.len(), 1, "{e:#?}");
    let names = actor_names(talks[0]);
    for person in ["Abiy Ahmed", "Isaias Afwerki"] {
        assert!(names.contains(&person), "{person}: {names:?}");
    }
}

#[test]
fn a_small_town_s_namesake_abroad_does_not_name_the_sides() {
    // "Banki" is also a town in India; the story never speaks of India.
    let e = events("Rebels drove government forces out of Banki on Saturday after heavy fighting.");
    assert_eq!(e.len(), 1, "{e:#?}");
    let names = actor_names(&e[0]);
    assert!(
        !names.contains(&"India") && !names.contains(&"Indian rebels"),
        "{names:?}"
    );
}

#[test]
fn a_group_named_by_its_noun_alone_is_a_side_and_the_subject_is_found_past_a_clause() {
    let e = events("Gunmen killed five villagers in a raid on Monday.");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(actor_names(&e[0]), ["gunmen"]);
    let e = events(
        "The Kamba Liberation Front, responding to an appeal by church leaders, \
         declared a ceasefire on Monday.",
    );
    let truce = of_kind(&e, EventKind::Ceasefire);
    assert_eq!(truce.len(), 1, "{e:#?}");
    assert_eq!(actor_names(truce[0]), ["Kamba Liberation Front"]);
}

#[test]
fn a_battle_the_text_places_is_an_event_even_when_nobody_is_named() {
    let e =
        events("Battles rage in Adre near the Sudanese border on Monday as the war spreads east.");
    let fights = of_kind(&e, EventKind::Fighting);
    assert_eq!(fights.len(), 1, "{e:#?}");
    assert!(fights[0].place.is_some(), "{e:#?}");
    // A raid or a seizure with nobody behind it still needs a side or a toll.
    let e = events("Customs officers seized the cargo in Adre on Monday as the war spreads east.");
    assert!(of_kind(&e, EventKind::Fighting).is_empty(), "{e:#?}");
}

#[test]
fn interceptions_sinkings_and_hits_are_fighting() {
    for sentence in [
        "Jordan's air force intercepts four missiles and one drone launched from Iran on Monday.",
        "American forces have sunk several Iranian warships on Monday, including minelaying vessels.",
        "A drone hits a Saudi refinery in Yanbu on Monday as Iranian missiles fly overhead.",
        "Two pilots are killed on Monday after militants shoot at a landing flight in Papua.",
    ] {
        let e = events(sentence);
        assert_eq!(
            of_kind(&e, EventKind::Fighting).len(),
            1,
            "{sentence}: {e:#?}"
        );
    }
}

#[test]
fn talks_a_preposition_hangs_from_a_clause_are_held_by_its_subject() {
    let e = events(
        "Sudan and South Sudan announced their intention to seek a truce on Monday \
         after talks in Addis Ababa on the war.",
    );
    let talks = of_kind(&e, EventKind::Talks);
    assert_eq!(talks.len(), 1, "{e:#?}");
    let names = actor_names(talks[0]);
    assert!(
        names.contains(&"Sudan") && names.contains(&"South Sudan"),
        "{names:?}"
    );
    // A meeting that is the verb's object in a relative clause is that clause's.
    let e = events(
        "The general, who presided over a meeting of his commanders in Khartoum on Monday, \
         visited the front where the war rages.",
    );
    assert!(of_kind(&e, EventKind::Talks).is_empty(), "{e:#?}");
}

#[test]
fn a_negative_word_that_says_it_goes_on_is_no_negation() {
    let e = events(
        "There was no let up in the Saudi-led airstrikes on rebel positions in Sanaa on Monday.",
    );
    assert_eq!(of_kind(&e, EventKind::Fighting).len(), 1, "{e:#?}");
    let e = events(
        "The government said on Monday that it will no longer attend United Nations brokered \
         talks with the rebels to end the war.",
    );
    assert!(of_kind(&e, EventKind::Talks).is_empty(), "{e:#?}");
}

#[test]
fn a_landmark_a_place_is_measured_from_is_no_party() {
    let e = events(
        "U.S. destroyers shelled an Iranian oil platform 120 miles east of Bahrain on Monday \
         in the tanker war.",
    );
    let fights = of_kind(&e, EventKind::Fighting);
    assert_eq!(fights.len(), 1, "{e:#?}");
    let names = actor_names(fights[0]);
    assert!(!names.contains(&"Bahrain"), "{names:?}");
    assert!(names.contains(&"United States"), "{names:?}");
}

#[test]
fn the_to_end_of_a_truce_s_name_appeals_for_nothing() {
    let e = events(
        "The government and the rebels reach an agreement to end their conflict on Monday \
         at talks mediated by Guinea-Bissau.",
    );
    assert_eq!(of_kind(&e, EventKind::Ceasefire).len(), 1, "{e:#?}");
    assert_eq!(of_kind(&e, EventKind::Talks).len(), 1, "{e:#?}");
}
