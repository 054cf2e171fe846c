//! Places and groups in a sentence: gazetteer names read as a place or as an actor by
//! their context ("in Moscow" against "Moscow said"), places the gazetteer lacks
//! introduced by a preposition ("near Khankala"), and armed groups named by
//! description ("Chechen rebels").

use super::{Found, Person, PlaceMention, SentenceFinder, one_line};
use crate::domain::{ActorKind, PlaceRef};
use crate::extract::resources::{NameHit, Target, listed};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

impl SentenceFinder<'_> {
    /// States, organisations, known people and places from the gazetteer.
    pub(super) fn gazetteer_names(&mut self, people: &mut Vec<Person>, range: Range<usize>) {
        let hits = self.res.find_names(self.text, range);
        for (n, hit) in hits.iter().enumerate() {
            if !self.free(hit.start, hit.end) {
                continue;
            }
            if let Some(next) = hits.get(n + 1)
                && self.nationality_compound(hit, next)
            {
                continue;
            }
            // "the Lusaka Protocol", "the Minsk Agreements": a place that names an
            // accord is neither where nor who.
            if self.next_word(hit.end).is_some_and(|k| {
                let word = self.word(k);
                word.starts_with(char::is_uppercase)
                    && listed(
                        &self.res.lexicon.ceasefire.named_accords,
                        &self.tokens[k].lower,
                    )
            }) {
                self.taken.push(hit.start..hit.end);
                continue;
            }
            // "Karbala-5", "Barbarossa-2": an operation's code name, not the place.
            let rest = &self.text.as_bytes()[hit.end..];
            if rest.first() == Some(&b'-') && rest.get(1).is_some_and(u8::is_ascii_digit) {
                self.taken.push(hit.start..hit.end);
                continue;
            }
            let cx = self.hit_context(hit.start, hit.end);
            if cx.bearing {
                // Kept as a place the sentence names, so that a site measured from
                // it ("Daynunay base, 18 km east of Baidoa") fits an account naming it.
                if let Some(p) = hit.targets.iter().find_map(|t| match *t {
                    Target::Place(p) | Target::Capital { place: p, .. } => Some(p),
                    _ => None,
                }) {
                    self.push_place(hit.start, hit.end, p, false);
                } else {
                    self.taken.push(hit.start..hit.end);
                }
                continue;
            }
            let (locative, possessive) = (cx.locative, cx.possessive);
            if locative && self.adjective_place(hit.start, hit.end, hit.targets) {
                continue;
            }
            // "Libyan rebels", "Palestinian guerrillas": a state's adjective before a
            // noun for an armed group names that group (see `described_groups`), not
            // the state. An organisation's ("Houthi militants") names the organisation.
            let state_adjective = |t: &Target| match *t {
                Target::Adjective(i) => self.res.actors[i].kind == ActorKind::State,
                _ => false,
            };
            if hit.targets.iter().all(state_adjective) && self.before_group_noun(hit.end) {
                continue;
            }
            let place = hit.targets.iter().find_map(|t| match *t {
                Target::Place(p) | Target::Capital { place: p, .. } => Some(p),
                _ => None,
            });
            let actor = hit.targets.iter().find_map(|t| match *t {
                Target::Actor(i) | Target::Adjective(i) => Some((i, *t)),
                Target::Capital { state, .. } => Some((state, *t)),
                Target::Place(_) => None,
            });
            if self.only_locates_a_place(hit.start, hit.end, hit.targets, &cx) {
                self.taken.push(hit.start..hit.end);
                continue;
            }
            match (actor, place) {
                (Some(_), Some(p)) if locative && !possessive => {
                    self.push_place(hit.start, hit.end, p, true)
                }
                // "Karabakh's capital Stepanakert": a possessive before a place noun is a place.
                (Some(_), Some(p))
                    if possessive
                        && listed(
                            &self.names().place_nouns,
                            &next_after_possessive(self.text, hit.end),
                        ) =>
                {
                    self.push_place(hit.start, hit.end, p, false)
                }
                (None, Some(p)) => match self.longer_unknown_name(hit.end) {
                    // "Bani Zela": a known name that begins a longer one the gazetteer
                    // lacks is that other place, named as written.
                    Some(end) => {
                        self.claim_place_as_written(hit.start, end, "place", None, locative)
                    }
                    None => self.push_place(hit.start, hit.end, p, locative),
                },
                (Some((i, t)), p) => {
                    self.gazetteer_actor(&(hit.start, hit.end), i, t, p, &cx, people)
                }
                (None, None) => {}
            }
        }
    }

    /// A gazetteer name that can be an actor: the country as a location ("in
    /// Armenia"), an entity that is also a region, a known person, or the actor.
    fn gazetteer_actor(
        &mut self,
        &(start, end): &(usize, usize),
        i: usize,
        t: Target,
        p: Option<usize>,
        cx: &HitContext,
        people: &mut Vec<Person>,
    ) {
        let kind = self.res.actors[i].kind;
        if kind == ActorKind::State
            && cx.locative
            && !cx.acting
            && matches!(t, Target::Actor(_))
            && (cx.of_place_noun || cx.inside)
        {
            // "in Armenia": the country as a location.
            self.push_country_place(start, end, i);
            return;
        }
        if let (Some(p), false) = (p, cx.acting) {
            // An entity that is also a region ("the Nagorno-Karabakh conflict")
            // reads as the place unless it acts.
            if kind == ActorKind::Entity {
                self.push_place(start, end, p, cx.locative);
                return;
            }
        }
        let found = match t {
            Target::Adjective(_) => Found::Adjective,
            Target::Capital { .. } => Found::Capital,
            _ => Found::Gazetteer,
        };
        if kind == ActorKind::Person {
            let a = &self.res.actors[i];
            let actor = self.person(
                &a.name.clone(),
                a.role.clone().as_deref(),
                a.affiliation.clone(),
                people,
            );
            self.push_actor(start, end, actor, found);
        } else {
            self.push_actor(start, end, self.res_actor(i), found);
            // "a Yemeni health official", "Ukrainian civilians": the state
            // qualifies a source or a victim; it is not a party.
            if (cx.before_non_party || self.counted_people(start, end))
                && matches!(t, Target::Adjective(_))
                && let Some(m) = self.actors.last_mut()
            {
                m.affiliation_only = true;
            }
        }
    }

    /// "eight Palestinians are killed", "dozens of Ukrainians": people of a nation
    /// counted, named by their plural, are victims or a crowd, not the state.
    fn counted_people(&self, start: usize, end: usize) -> bool {
        let plural = self.text[start..end].ends_with('s');
        let k = crate::extract::tokens::token_at(self.tokens, start);
        plural
            && k > 0
            && self.tokens.get(k).is_some_and(|t| t.start == start)
            && (crate::extract::casualties::number_at(self.tokens, k - 1).is_some()
                || matches!(self.tokens[k - 1].lower.as_str(), "of" | "many" | "several"))
    }

    /// "in Kuwaiti waters", "into Syrian territory": a state's adjective before a noun
    /// of its land, sea or air is a place, named as the text names it.
    fn adjective_place(&mut self, start: usize, end: usize, targets: &[Target]) -> bool {
        // "the Armenian-Azerbaijani border" lies between two parties; both stay actors.
        if self.text[..start].ends_with('-') {
            return false;
        }
        let Some(state) = targets.iter().find_map(|t| match *t {
            Target::Adjective(i) if self.res.actors[i].kind == ActorKind::State => Some(i),
            _ => None,
        }) else {
            return false;
        };
        let Some(k) = self.next_word_in(end, &self.names().adjective_place_nouns) else {
            return false;
        };
        let country = Some(self.res.actors[state].name.clone());
        self.claim_place_as_written(start, self.tokens[k].end, "region", country, true);
        true
    }

    /// Whether a state's name or adjective only says where or whose a place is, and
    /// takes no part: "in the Yemeni capital, Sana'a", "air strikes on the Yemeni
    /// village of Bani Zela" (`[names] settlement_nouns`),
    /// "in Iraq's northern Dohuk Governorate", "Yemen-based militants", "in Al
    /// Hudaydah, Yemen". "the Armenian-Azerbaijani border" lies between two parties:
    /// both stay actors.
    fn only_locates_a_place(
        &self,
        start: usize,
        end: usize,
        targets: &[Target],
        cx: &HitContext,
    ) -> bool {
        let describes_the_next_place = !self.text[..start].ends_with('-')
            && targets.iter().all(|t| matches!(t, Target::Adjective(_)))
            && self
                .next_word_in(end, &self.names().settlement_nouns)
                .is_some();
        describes_the_next_place
            || (cx.locative && cx.possessive && self.names_a_place_after_possessive(end))
            || self.text[end..].starts_with("-based")
            || self.after_a_place_and_comma(start)
    }

    /// "Bosnian Serb forces", "Greek Cypriot police": two nationality adjectives in a
    /// row name the people of the second living in the first's land, a side neither
    /// state is. With a noun for a force or group after them they are that group,
    /// labelled as written; either way the two adjectives make no state a party.
    fn nationality_compound(&mut self, hit: &NameHit<'_>, next: &NameHit<'_>) -> bool {
        let state_adjective = |h: &NameHit<'_>| {
            !h.targets.is_empty()
                && h.targets.iter().all(|t| match *t {
                    Target::Adjective(i) => self.res.actors[i].kind == ActorKind::State,
                    _ => false,
                })
        };
        let adjacent = self.text[hit.end..next.start] == *" ";
        if !(adjacent && state_adjective(hit) && state_adjective(next)) {
            return false;
        }
        let noun = self.next_word(next.end).filter(|&k| {
            let word = &self.tokens[k].lower;
            listed(&self.res.lexicon.groups.nouns, word)
                || listed(&self.res.lexicon.groups.force_nouns, word)
        });
        match noun {
            Some(k) => self.push_described_group(hit.start, self.tokens[k].end),
            None => self.taken.push(hit.start..next.end),
        }
        true
    }

    /// Whether "X's" at `end` is followed, past words such as "northern", by a
    /// capitalised name or a noun of a town or area.
    fn names_a_place_after_possessive(&self, end: usize) -> bool {
        let names = self.names();
        // The first word is the "'s" itself, as in `next_after_possessive`.
        self.text[end..]
            .split_whitespace()
            .skip(1)
            .find(|w| !listed(&names.place_modifiers, &w.to_lowercase()))
            .is_some_and(|w| {
                w.starts_with(|c: char| c.is_uppercase())
                    || listed(&names.settlement_nouns, &w.to_lowercase())
            })
    }

    /// Whether the name at `start` follows a place and a comma ("Al Hudaydah, Yemen").
    fn after_a_place_and_comma(&self, start: usize) -> bool {
        self.places.last().is_some_and(|p| {
            self.text
                .get(p.end..start)
                .is_some_and(|gap| gap.trim() == ",")
        })
    }

    /// The end of a capitalised word right after `end` (one space between) that the
    /// gazetteer does not know and that could be part of a place's name.
    fn longer_unknown_name(&self, end: usize) -> Option<usize> {
        let j = self.tokens.iter().position(|t| t.start > end)?;
        let t = &self.tokens[j];
        (self.text.get(end..t.start) == Some(" ")
            && self.is_place_word(j)
            && self.res.find_names(self.text, t.start..t.end).is_empty())
        .then_some(t.end)
    }

    fn before_group_noun(&self, end: usize) -> bool {
        self.next_word_in(end, &self.res.lexicon.groups.nouns)
            .is_some()
    }

    /// The token right after byte `end` (across white space only).
    fn next_word(&self, end: usize) -> Option<usize> {
        // Tokens are in text order: a binary search, as this runs for every name.
        let k = self.tokens.partition_point(|t| t.start < end);
        (k < self.tokens.len() && self.text[end..self.tokens[k].start].trim().is_empty())
            .then_some(k)
    }

    /// The token right after byte `end` (across white space only), when it is one of
    /// `words`.
    fn next_word_in(&self, end: usize, words: &[String]) -> Option<usize> {
        self.next_word(end)
            .filter(|&k| listed(words, &self.tokens[k].lower))
    }

    /// The last token of a site's name when token `k` ends it: a place suffix ("Saada
    /// province", "Kharg island"), or a qualifier and a suffix ("Abu al-Duhur military
    /// airport", "Khartoum International Airport").
    fn site_ending(&self, k: usize) -> Option<usize> {
        let names = self.names();
        let word_in = |k: usize, words: &[String]| {
            self.tokens.get(k).is_some_and(|t| listed(words, &t.lower))
        };
        if word_in(k, &names.place_suffixes) {
            Some(k)
        } else if word_in(k, &names.place_suffix_qualifiers)
            && word_in(k + 1, &names.place_suffixes)
        {
            Some(k + 1)
        } else {
            None
        }
    }

    /// How the words around a gazetteer name read it: as a location, as a party acting.
    fn hit_context(&self, start: usize, end: usize) -> HitContext {
        let ti = self.tokens.iter().position(|t| t.end > start).unwrap_or(0);
        // The word before, looking past articles and modifiers of places ("over the
        // Nagorno-Karabakh region", "in northwestern Yemen", "in rebel-held Idlib").
        let mut back = ti;
        while back > 0 && listed(&self.names().place_modifiers, &self.tokens[back - 1].lower) {
            back -= 1;
        }
        let prev = back
            .checked_sub(1)
            .map(|p| self.tokens[p].lower.as_str())
            .unwrap_or("");
        let ti = back;
        let prev2 = ti
            .checked_sub(2)
            .map(|p| self.tokens[p].lower.as_str())
            .unwrap_or("");
        let of_place_noun =
            matches!(prev, "of" | "with") && listed(&self.names().place_nouns, prev2);
        let bearing = prev == "of" && listed(&self.names().bearings, prev2);
        // "shelled Sidon", "captured Shire", "a drone attack on Moscow", "the
        // bombardment of Kyiv": the place an attack or a capture is aimed at.
        let target = listed(&self.names().target_verbs, prev)
            || (matches!(prev, "on" | "of") && listed(&self.names().target_nouns, prev2));
        let locative = listed(&self.names().locative, prev) || of_place_noun || target;
        let next_word = self.text[end..]
            .trim_start_matches(['-'])
            .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
            .find(|w| !w.is_empty())
            .unwrap_or("")
            .to_lowercase()
            .replace('’', "'");
        let possessive = self.text[end..].starts_with("'s") || self.text[end..].starts_with("’s");
        let acting = possessive || listed(&self.names().acting, &next_word);
        // The noun the name qualifies, past other modifiers ("Yemeni health official").
        let before_non_party = self.text[end..]
            .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
            .filter(|w| !w.is_empty())
            .take(3)
            .any(|w| listed(&self.names().non_party_nouns, &w.to_lowercase()));
        HitContext {
            bearing,
            inside: listed(&self.names().inside, prev),
            locative,
            of_place_noun,
            possessive,
            acting,
            before_non_party,
        }
    }

    fn push_place(&mut self, start: usize, end: usize, p: usize, locative: bool) {
        let e = &self.res.places[p];
        // A facility stands for the city it is in ("at the State Department" → Washington).
        if e.kind == "facility" && !locative {
            // "released by the U.S. State Department": the institution, not a location.
            self.taken.push(start..end);
            return;
        }
        let e = match (
            e.kind.as_str(),
            e.located_in
                .as_deref()
                .and_then(|c| self.res.place_named(c)),
        ) {
            ("facility", Some(c)) => &self.res.places[c],
            _ => e,
        };
        let place = PlaceRef {
            name: e.name.clone(),
            slug: e.slug.clone(),
            kind: e.kind.clone(),
            country: e.country.clone(),
        };
        // "Saada province", "Kakuma camp": the area or site named after the town, as
        // the text names it.
        let suffix = self.next_word(end).and_then(|k| self.site_ending(k));
        match suffix {
            Some(k) if matches!(e.kind.as_str(), "city" | "town" | "village" | "capital") => {
                let end = self.tokens[k].end;
                self.claim_place_as_written(start, end, "region", place.country, locative);
            }
            _ => self.claim_place(start, end, place, locative),
        }
    }

    /// Records a place the gazetteer does not hold, named as the text writes it.
    fn claim_place_as_written(
        &mut self,
        start: usize,
        end: usize,
        kind: &str,
        country: Option<String>,
        locative: bool,
    ) {
        let name = one_line(&self.text[start..end]);
        let place = PlaceRef {
            slug: crate::domain::slugify(&name),
            name,
            kind: kind.to_string(),
            country,
        };
        self.claim_place(start, end, place, locative);
    }

    /// Records a place mention and claims its words.
    fn claim_place(&mut self, start: usize, end: usize, place: PlaceRef, locative: bool) {
        self.taken.push(start..end);
        self.places.push(PlaceMention {
            start,
            end,
            sentence: self.sentence,
            place,
            locative,
        });
    }

    /// "clashes occur at the Lebanon–Syria border", "along the Saudi-Yemeni border":
    /// two names or adjectives joined by a dash before a border noun (`[names]
    /// border_nouns`) name the border as a place. The names keep their own mentions:
    /// the states on either side are most often the parties.
    pub(super) fn borders(&mut self) {
        static PAIR_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"[A-Z][\p{L}'’.]+(?:[-–][A-Z][\p{L}'’.]+)+\s+$").expect("valid pattern")
        });
        let Some(first) = self.tokens.first() else {
            return;
        };
        for k in 0..self.tokens.len() {
            if !listed(&self.names().border_nouns, &self.tokens[k].lower) {
                continue;
            }
            let before = &self.text[first.start..self.tokens[k].start];
            let Some(pair) = PAIR_BEFORE.find(before) else {
                continue;
            };
            let start = first.start + pair.start();
            let end = self.tokens[k].end;
            let lead = self.text[first.start..start].trim_end().to_lowercase();
            let locative = ["the", ""].iter().any(|article| {
                let lead = lead.strip_suffix(article).unwrap_or(&lead).trim_end();
                let word = lead.rsplit(' ').next().unwrap_or("");
                listed(&self.names().locative, word) || word == "on"
            });
            let name = one_line(&self.text[start..end]);
            self.places.push(PlaceMention {
                start,
                end,
                sentence: self.sentence,
                place: PlaceRef {
                    slug: crate::domain::slugify(&name),
                    name,
                    kind: "border".to_string(),
                    country: None,
                },
                locative,
            });
        }
    }

    /// "near Khankala", "in the central town of Bambari", "in the Haj Omran area",
    /// "in Saada province", "a remote village (Gaga)": capitalised words the gazetteer
    /// does not know, introduced as a location by a preposition, a place noun and "of",
    /// or a place noun and brackets. The place keeps the name as written, with the
    /// kind "place".
    pub(super) fn unknown_places(&mut self) {
        let n = self.tokens.len();
        let mut i = 0;
        while i < n {
            let Some((first, needs_suffix)) = self.unknown_place_start(i) else {
                i += 1;
                continue;
            };
            let clause = self.tokens[i].clause;
            let mut j = first;
            while j < n && j - first < 3 && self.tokens[j].clause == clause && self.is_place_word(j)
            {
                j += 1;
            }
            let ending = self.site_ending(j);
            // "in the Security Council": after an article, only a name that a place
            // noun closes ("the Haj Omran area") is a place.
            if j == first || (needs_suffix && ending.is_none()) {
                i += 1;
                continue;
            }
            let last = ending.unwrap_or(j - 1);
            let (start, end) = (self.tokens[first].start, self.tokens[last].end);
            if self.free(start, end) {
                self.claim_place_as_written(start, end, "place", None, true);
            }
            i = last + 1;
        }
    }

    /// "the towns of Axum and Adwa", "over the Kursk, Belgorod and Orlov regions", "in
    /// the Mardin and Hakkâri provinces": places listed with commas and a closing
    /// "and" are where it happened together, one place named as the text lists them
    /// (a plural place noun after the list belongs to it). Names after the first may
    /// be ones the gazetteer lacks; a name taken by an actor ends the list.
    pub(super) fn place_lists(&mut self) {
        self.places.sort_by_key(|p| p.start);
        let mut i = 0;
        while i < self.places.len() {
            let Some((end, next)) = self.list_from(i) else {
                i += 1;
                continue;
            };
            let members = &self.places[i..next];
            let first = &members[0];
            let country = first.place.country.clone().filter(|c| {
                members
                    .iter()
                    .all(|p| p.place.country.as_deref() == Some(c.as_str()))
            });
            let (start, locative) = (first.start, members.iter().any(|p| p.locative));
            self.places.drain(i..next);
            self.claim_place_as_written(start, end, "place", country, locative);
            let merged = self.places.pop().expect("the list was just claimed");
            self.places.insert(i, merged);
            i += 1;
        }
    }

    /// The end of the list of places that starts with place `i`, and the index of the
    /// first place after it, when the list closes with "and".
    fn list_from(&self, i: usize) -> Option<(usize, usize)> {
        let mut end = self.places[i].end;
        let mut next = i + 1;
        loop {
            let rest = &self.text[end..];
            let gap = [", and ", " and ", ", "]
                .into_iter()
                .find(|g| rest.starts_with(g))?;
            let at = end + gap.len();
            if let Some(p) = self.places.get(next).filter(|p| p.start == at) {
                end = p.end;
                next += 1;
            } else {
                end = self.place_words_from(at)?;
            }
            if gap.contains("and") {
                break;
            }
        }
        // "the Mardin and Hakkâri provinces"
        if let Some(k) = self.next_word(end)
            && let Some(singular) = self.tokens[k].lower.strip_suffix('s')
            && listed(&self.names().place_suffixes, singular)
        {
            end = self.tokens[k].end;
        }
        Some((end, next))
    }

    /// The end of up to three capitalised words the gazetteer lacks that start at
    /// byte `at` ("Kikla" of "Qawalish and Kikla").
    fn place_words_from(&self, at: usize) -> Option<usize> {
        let first = self.tokens.iter().position(|t| t.start == at)?;
        let clause = self.tokens[first].clause;
        let mut j = first;
        while j < self.tokens.len()
            && j - first < 3
            && self.tokens[j].clause == clause
            && self.is_place_word(j)
        {
            j += 1;
        }
        (j > first).then(|| self.tokens[j - 1].end)
    }

    /// Where a place name may start after token `i`, and whether it needs a place
    /// noun after it: after "the air base of", after a locative preposition or a verb
    /// of attack and capture (past "the", modifiers and "town of"), or inside the
    /// brackets after a place noun.
    fn unknown_place_start(&self, i: usize) -> Option<(usize, bool)> {
        let names = self.names();
        let n = self.tokens.len();
        let place_noun = |k: usize| {
            let w = self.tokens[k].lower.as_str();
            listed(&names.place_nouns, w)
                || w.strip_suffix('s')
                    .is_some_and(|w| listed(&names.place_nouns, w))
        };
        // The cheap test first in each: this runs for every word of every article.
        // "the air base of Ouadi Doum": a place noun and "of", wherever it stands.
        if i + 1 < n && self.tokens[i + 1].lower == "of" && place_noun(i) {
            return Some((i + 2, false));
        }
        // "a remote village (Gaga)"
        if i + 1 < n
            && self.text[self.tokens[i + 1].end..].starts_with(')')
            && self.text[self.tokens[i].end..self.tokens[i + 1].start].trim() == "("
            && place_noun(i)
        {
            return Some((i + 1, false));
        }
        let word = &self.tokens[i].lower;
        if !listed(&names.unknown_place_prepositions, word) && !listed(&names.target_verbs, word) {
            return None;
        }
        let mut k = i + 1;
        while k < n && k - i <= 3 && listed(&names.place_modifiers, &self.tokens[k].lower) {
            k += 1;
        }
        // "in the central town of Bambari", "the towns of Axum and Adwa"
        if k + 1 < n && k > i + 1 && place_noun(k) && self.tokens[k + 1].lower == "of" {
            return Some((k + 2, false));
        }
        Some((k, k > i + 1))
    }

    /// "Chechen rebels", "Islamist militants", "Sunni militia": capitalised words the
    /// gazetteer does not know before a noun for an armed group. The guidelines give
    /// such a group the label the text uses.
    pub(super) fn described_groups(&mut self) {
        let nouns = &self.res.lexicon.groups.nouns;
        for j in 1..self.tokens.len() {
            if !nouns.iter().any(|n| *n == self.tokens[j].lower) {
                continue;
            }
            let first = self.name_words_before(j, 2);
            let (start, end) = (self.tokens[first].start, self.tokens[j].end);
            if first == j || !self.free(start, end) {
                continue;
            }
            // "Tamil Tiger rebels": the words before the noun name a known group in
            // the singular ("Tamil Tigers").
            let words = one_line(&self.text[start..self.tokens[j - 1].end]);
            if let Some(i) = self
                .res
                .actor_named(&format!("{words}s"))
                .filter(|&i| self.res.actors[i].kind == ActorKind::ArmedGroup)
            {
                self.push_actor(start, end, self.res_actor(i), Found::Gazetteer);
                continue;
            }
            self.push_described_group(start, end);
        }
    }

    /// A capitalised word that could be (part of) a place name: not a function word, a
    /// month or a weekday, not an abbreviation, and not already claimed.
    pub(super) fn is_place_word(&self, j: usize) -> bool {
        let t = &self.tokens[j];
        let w = self.word(j);
        let bare = w.trim_end_matches("'s").trim_end_matches("’s");
        // "al-Duhur", "el-Hilweh": the Arabic article before a capitalised name.
        let name = [
            "al-", "el-", "ad-", "ash-", "as-", "ar-", "az-", "an-", "at-",
        ]
        .iter()
        .find_map(|p| w.strip_prefix(p))
        .unwrap_or(w);
        name.chars().next().is_some_and(char::is_uppercase)
            && w.chars().any(char::is_lowercase)
            && !self.never_a_name(j, bare)
            && self.free(t.start, t.end)
    }

    fn push_country_place(&mut self, start: usize, end: usize, state: usize) {
        let a = &self.res.actors[state];
        let place = PlaceRef {
            name: a.name.clone(),
            slug: a.slug.clone(),
            kind: "country".into(),
            country: Some(a.name.clone()),
        };
        self.claim_place(start, end, place, true);
    }
}

/// The word after "X's".
fn next_after_possessive(text: &str, end: usize) -> String {
    text[end..]
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .to_lowercase()
}

/// The words around a gazetteer name (see `hit_context`).
struct HitContext {
    /// After a point of the compass and "of" ("120 miles east of Bahrain"): the
    /// landmark a place is measured from, which is neither a party nor the place.
    bearing: bool,
    /// The word before, past articles, puts it around the event ("in", "across").
    inside: bool,
    /// Introduced as a location ("in", "the town of").
    locative: bool,
    /// Introduced by a place noun ("the nation of", "the border with").
    of_place_noun: bool,
    /// Followed by "'s".
    possessive: bool,
    /// Followed by a word that makes it a party ("forces", "said").
    acting: bool,
    /// Followed by a noun for sources or victims ("official", "civilians").
    before_non_party: bool,
}
