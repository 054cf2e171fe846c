//! Building [`Resources`] from the gazetteer files: each file read row by row into
//! actors, office terms, places and the surface forms that name them; generated files
//! after the hand-curated ones, which always win.

use super::names::MAX_GENERATED_WORDS;
use super::*;
use crate::domain::{DomainError, slugify};
use std::collections::{BTreeMap, HashSet};

impl Resources {
    pub(super) fn from_sources(src: &Sources<'_>) -> Result<Resources, ResourceError> {
        let lexicon: Lexicon =
            toml::from_str(src.lexicon.1).map_err(|e| ResourceError::Lexicon {
                file: src.lexicon.0.to_string(),
                reason: e.to_string(),
            })?;
        let mut b = Builder::default();
        // First: the bare forms of "al-" names are checked against everyday words.
        b.common_words(src.common_words);
        b.states(src.states)?;
        b.organisations(src.orgs)?;
        b.office_holders(src.holders)?;
        b.hand_places(src.places)?;
        b.generated_orgs(src.orgs_petrarch)?;
        b.generated_places(src.places_geonames)?;
        b.finish(lexicon)
    }
}

#[derive(Default)]
struct Builder {
    actors: Vec<ActorEntry>,
    terms: Vec<OfficeTerm>,
    places: Vec<PlaceEntry>,
    surfaces: BTreeMap<String, Vec<Target>>,
    actor_by_name: FxHashMap<String, usize>,
    place_by_name: FxHashMap<String, usize>,
    /// Hashes of the place slugs in use: only collisions matter, and tens of
    /// thousands of short-lived strings freed after loading fragment the heap that
    /// extraction then allocates from (a third slower on Reuters).
    place_slugs: FxHashSet<u64>,
    ambiguous_places: FxHashMap<String, Vec<usize>>,
    generated: FxHashMap<String, Vec<Target>>,
    common_words: FxHashSet<String>,
}

impl Builder {
    /// `common_words.tsv`: one word a line after the header, `#` comments.
    fn common_words(&mut self, (_, text): (&str, &str)) {
        self.common_words = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .skip(1)
            .map(str::to_string)
            .collect();
    }

    /// `states.tsv`: states with aliases, adjectives, capital and its aliases.
    fn states(&mut self, (file, text): (&str, &str)) -> Result<(), ResourceError> {
        for row in tsv(file, text, 5)? {
            let (line, c) = row;
            let state = self.actor(&c[0], ActorKind::State, None, None, file, line)?;
            for alias in multi(&c[1]) {
                self.alias(state, alias);
            }
            for adjective in multi(&c[2]) {
                self.surface(adjective, Target::Adjective(state));
            }
            self.actors[state].adjective = multi(&c[2]).next().map(str::to_string);
            if !c[3].is_empty() {
                let place = self.place(&c[3], "capital", Some(c[0].clone()), None);
                self.surface(&c[3], Target::Capital { state, place });
                for alias in multi(&c[4]) {
                    self.surface(alias, Target::Capital { state, place });
                }
            }
        }
        Ok(())
    }

    /// `organisations.tsv`: organisations and armed groups with kind, aliases and affiliation.
    fn organisations(&mut self, (file, text): (&str, &str)) -> Result<(), ResourceError> {
        for (line, c) in tsv(file, text, 5)? {
            let kind = actor_kind(file, line, &c[1])?;
            let affiliation = non_empty(&c[4]);
            let org = self.actor(&c[0], kind, affiliation, None, file, line)?;
            self.names_of(org, &c[2], &c[3]);
        }
        Ok(())
    }

    /// `office_holders.tsv`: people and their dated terms of office.
    fn office_holders(&mut self, (file, text): (&str, &str)) -> Result<(), ResourceError> {
        for (line, c) in tsv(file, text, 6)? {
            let date = |s: &str| -> Result<Option<Date>, ResourceError> {
                if s.is_empty() {
                    return Ok(None);
                }
                s.parse().map(Some).map_err(|_| ResourceError::Row {
                    file: file.to_string(),
                    line,
                    reason: format!("{s:?} is not a date (expected YYYY-MM-DD)"),
                })
            };
            let (from, to) = (date(&c[4])?, date(&c[5])?);
            let person = match self.actor_by_name.get(&c[0]) {
                Some(&i) => i,
                None => self.actor(
                    &c[0],
                    ActorKind::Person,
                    non_empty(&c[3]),
                    non_empty(&c[2]),
                    file,
                    line,
                )?,
            };
            for alias in multi(&c[1]) {
                self.alias(person, alias);
            }
            self.terms.push(OfficeTerm {
                actor: person,
                role: c[2].clone(),
                affiliation: c[3].clone(),
                from,
                to,
            });
        }
        Ok(())
    }

    /// `places.tsv`: hand-curated places; a capital listed again adds aliases.
    fn hand_places(&mut self, (file, text): (&str, &str)) -> Result<(), ResourceError> {
        for (_, c) in tsv(file, text, 5)? {
            if self.place_by_name.contains_key(&c[0]) {
                // A capital listed again to add aliases.
                let place = self.place_by_name[&c[0]];
                for alias in multi(&c[3]) {
                    let targets: Vec<Target> =
                        self.surfaces.get(&c[0]).cloned().unwrap_or_default();
                    for t in targets {
                        self.surface(alias, t);
                    }
                    if !self.surfaces.contains_key(alias) {
                        self.surface(alias, Target::Place(place));
                    }
                }
                continue;
            }
            let place = self.place(&c[0], &c[1], non_empty(&c[2]), non_empty(&c[4]));
            self.surface(&c[0], Target::Place(place));
            for alias in multi(&c[3]) {
                self.surface(alias, Target::Place(place));
            }
        }
        Ok(())
    }

    fn actor(
        &mut self,
        name: &str,
        kind: ActorKind,
        affiliation: Option<String>,
        role: Option<String>,
        file: &str,
        line: usize,
    ) -> Result<usize, ResourceError> {
        if name.is_empty() {
            return Err(ResourceError::Row {
                file: file.to_string(),
                line,
                reason: "empty name".into(),
            });
        }
        if let Some(&i) = self.actor_by_name.get(name) {
            return Ok(i);
        }
        let i = self.actors.len();
        self.actors.push(ActorEntry {
            name: name.to_string(),
            slug: slugify(name),
            kind,
            affiliation,
            role,
            aliases: Vec::new(),
            category: None,
            country: None,
            adjective: None,
        });
        self.actor_by_name.insert(name.to_string(), i);
        self.surface(name, Target::Actor(i));
        Ok(i)
    }

    /// An organisation's aliases and adjectives, each cell `|`-separated.
    fn names_of(&mut self, org: usize, aliases: &str, adjectives: &str) {
        for alias in multi(aliases) {
            self.alias(org, alias);
        }
        for adjective in multi(adjectives) {
            self.surface(adjective, Target::Adjective(org));
        }
        // News drops the Arabic article as often as it keeps it ("Shabab fighters",
        // "Nusra militants"): a name with "al-" is also known without it, unless the
        // bare word is an everyday one or already names something else.
        let name = self.actors[org].name.clone();
        let bare: Vec<String> = std::iter::once(name.as_str())
            .chain(multi(aliases))
            .filter_map(without_arabic_article)
            .filter(|b| b.chars().count() >= 4 && !self.common_words.contains(&b.to_lowercase()))
            .map(str::to_string)
            .collect();
        for form in bare {
            if !self.surfaces.contains_key(&form) {
                self.surface(&form, Target::Actor(org));
            }
        }
    }

    fn alias(&mut self, actor: usize, alias: &str) {
        if !self.actors[actor].aliases.iter().any(|a| a == alias) {
            self.actors[actor].aliases.push(alias.to_string());
        }
        self.actor_by_name.entry(alias.to_string()).or_insert(actor);
        self.surface(alias, Target::Actor(actor));
    }

    fn place(
        &mut self,
        name: &str,
        kind: &str,
        country: Option<String>,
        located_in: Option<String>,
    ) -> usize {
        if let Some(&i) = self.place_by_name.get(name) {
            return i;
        }
        let i = self.places.len();
        let slug = slugify(name);
        self.place_slugs.insert(slug_hash(&slug));
        self.places.push(PlaceEntry {
            name: name.to_string(),
            slug,
            kind: kind.to_string(),
            country,
            located_in,
            population: None,
            coordinates: None,
            admin1: None,
            geonames_id: None,
            ambiguous: false,
        });
        self.place_by_name.insert(name.to_string(), i);
        i
    }

    /// `organisations_petrarch.tsv`: an entry any of whose spellings is already
    /// known (the hand-curated files load first) is the same body under the hand
    /// list's name, or a clash; either way the hand list's reading stands.
    fn generated_orgs(&mut self, (file, text): (&str, &str)) -> Result<(), ResourceError> {
        for (line, c) in tsv(file, text, 8)? {
            let kind = actor_kind(file, line, &c[1])?;
            let forms: Vec<&str> = std::iter::once(c[0].as_str()).chain(multi(&c[2])).collect();
            if forms.iter().any(|f| self.surfaces.contains_key(*f)) {
                continue;
            }
            let org = self.actor(&c[0], kind, non_empty(&c[4]), None, file, line)?;
            self.actors[org].category = non_empty(&c[5]);
            self.actors[org].country = non_empty(&c[6]);
            self.names_of(org, &c[2], &c[3]);
        }
        Ok(())
    }

    /// `places_geonames.tsv`, after every other file: a spelling already in use
    /// stays with its hand-curated reading; a place of the same name and country as
    /// a hand-curated one only adds its facts to it. Rows come most populous first,
    /// so the first place listed for a shared spelling is its default reading.
    fn generated_places(&mut self, (file, text): (&str, &str)) -> Result<(), ResourceError> {
        let hand_places = self.places.len();
        // Every word of a known person's name is taken too: the extractor reads a
        // bare surname or first name as the person ("Pompeo", "Vladimir"), so it
        // must not also be a town somewhere.
        let person_words: HashSet<String> = self
            .actors
            .iter()
            .filter(|a| a.kind == ActorKind::Person)
            .flat_map(|a| std::iter::once(&a.name).chain(a.aliases.iter()))
            .flat_map(|name| name.split(' ').map(str::to_string))
            .collect();
        // Tens of thousands of rows: cells are borrowed, not copied, until kept, and
        // the tables are sized once (see `place_slugs`).
        let rows = text.lines().filter(|l| !l.starts_with('#')).count();
        self.places.reserve(rows);
        self.place_by_name.reserve(rows);
        self.place_slugs.reserve(rows);
        self.generated.reserve(rows + rows / 2);
        let mut header_seen = false;
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if !header_seen {
                header_seen = true;
                continue;
            }
            let row = GeneratedPlace::parse(file, i + 1, line)?;
            self.generated_place(row, hand_places, &person_words);
        }
        Ok(())
    }

    /// One row of `places_geonames.tsv` (see `generated_places`).
    fn generated_place(
        &mut self,
        row: GeneratedPlace<'_>,
        hand_places: usize,
        person_words: &HashSet<String>,
    ) {
        let GeneratedPlace {
            name,
            kind,
            country,
            aliases,
            located_in,
            population,
            coordinates,
            admin1,
            geonames_id,
            ambiguous,
        } = row;
        if let Some(&hand) = self.place_by_name.get(name).filter(|&&p| p < hand_places) {
            let p = &mut self.places[hand];
            if p.population.is_none() && (p.country.is_none() || p.country == country) {
                p.population = population;
                p.coordinates = coordinates;
                p.admin1 = admin1;
                p.geonames_id = geonames_id;
            }
            return;
        }
        let free = |f: &&str| !self.surfaces.contains_key(*f) && !person_words.contains(*f);
        if !std::iter::once(name)
            .chain(multi(aliases))
            .any(|f| free(&f))
        {
            return;
        }
        let place = self.places.len();
        let slug = self.unique_slug(name, country.as_deref(), geonames_id);
        self.places.push(PlaceEntry {
            name: name.to_string(),
            slug,
            kind: kind.to_string(),
            country,
            located_in,
            population,
            coordinates,
            admin1,
            geonames_id,
            ambiguous,
        });
        self.place_by_name.entry(name.to_string()).or_insert(place);
        for form in std::iter::once(name).chain(multi(aliases)) {
            if self.surfaces.contains_key(form) || person_words.contains(form) {
                return;
            }
            if ambiguous && form == name {
                let places = self.ambiguous_places.entry(form.to_string()).or_default();
                if !places.contains(&place) {
                    places.push(place);
                }
            } else if form.split(' ').count() <= MAX_GENERATED_WORDS {
                let targets = self.generated.entry(form.to_string()).or_default();
                if !targets.contains(&Target::Place(place)) {
                    targets.push(Target::Place(place));
                }
            }
        }
    }

    /// Places share names ("Donetsk" in Ukraine and in Russia) but not slugs: the
    /// place pages are keyed by slug.
    fn unique_slug(&mut self, name: &str, country: Option<&str>, id: Option<u32>) -> String {
        let mut slug = slugify(name);
        if self.place_slugs.contains(&slug_hash(&slug))
            && let Some(country) = country
        {
            slug = format!("{slug}-{}", slugify(country));
        }
        if self.place_slugs.contains(&slug_hash(&slug))
            && let Some(id) = id
        {
            slug = format!("{slug}-{id}");
        }
        self.place_slugs.insert(slug_hash(&slug));
        slug
    }

    /// News text writes apostrophes both ways ("Tigray People’s Liberation Front",
    /// "Ma'arrat"); every name with one is also found with the other.
    fn apostrophe_variants(&mut self) {
        let variants: Vec<(String, Vec<Target>)> = self
            .surfaces
            .iter()
            .filter_map(|(form, targets)| {
                let other = if form.contains('\'') {
                    form.replace('\'', "’")
                } else if form.contains('’') {
                    form.replace('’', "'")
                } else {
                    return None;
                };
                Some((other, targets.clone()))
            })
            .collect();
        for (form, targets) in variants {
            for target in targets {
                self.surface(&form, target);
            }
        }
    }

    fn surface(&mut self, form: &str, target: Target) {
        if form.trim().is_empty() {
            return;
        }
        let targets = self.surfaces.entry(form.to_string()).or_default();
        if !targets.contains(&target) {
            targets.push(target);
        }
    }

    fn finish(mut self, lexicon: Lexicon) -> Result<Resources, ResourceError> {
        self.apostrophe_variants();
        let (forms, targets): (Vec<String>, Vec<Vec<Target>>) = self.surfaces.into_iter().unzip();
        let names = longest_first(&forms, "gazetteer")?;
        let title_strings = lexicon.roles.titles.clone();
        let titles = longest_first(&title_strings, "lexicon.toml")?;
        let mut people_by_surname: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, a) in self
            .actors
            .iter()
            .enumerate()
            .filter(|(_, a)| a.kind == ActorKind::Person)
        {
            for name in std::iter::once(&a.name).chain(a.aliases.iter()) {
                if let Some(surname) = name.rsplit(' ').next() {
                    let list = people_by_surname.entry(surname.to_string()).or_default();
                    if !list.contains(&i) {
                        list.push(i);
                    }
                }
            }
        }
        let mut terms_by_title_end: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, t) in self.terms.iter().enumerate() {
            if let Some(last) = t.role.rsplit(' ').next() {
                terms_by_title_end
                    .entry(last.to_ascii_lowercase())
                    .or_default()
                    .push(i);
            }
        }
        Ok(Resources {
            sets: Sets::compile(&lexicon),
            people_by_surname,
            terms_by_title_end,
            actors: self.actors,
            terms: self.terms,
            places: self.places,
            lexicon,
            names,
            name_targets: targets,
            titles,
            title_strings,
            actor_by_name: self.actor_by_name,
            place_by_name: self.place_by_name,
            generated_first: {
                let mut first: FxHashMap<String, u8> = FxHashMap::default();
                for key in self.generated.keys() {
                    let words = key.split(' ').count() as u8;
                    let head = key.split(' ').next().unwrap_or(key);
                    let max = first.entry(head.to_string()).or_default();
                    *max = (*max).max(words);
                }
                first
            },
            generated: self.generated,
            ambiguous_places: self.ambiguous_places,
            common_words: self.common_words,
        })
    }
}

/// An automaton finding the longest of `patterns` first; `file` names them in errors.
fn longest_first(patterns: &[String], file: &str) -> Result<AhoCorasick, ResourceError> {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(patterns)
        .map_err(|e| ResourceError::Lexicon {
            file: file.into(),
            reason: e.to_string(),
        })
}

/// The kind column of an organisations file.
fn actor_kind(file: &str, line: usize, cell: &str) -> Result<ActorKind, ResourceError> {
    cell.parse().map_err(|e: DomainError| ResourceError::Row {
        file: file.to_string(),
        line,
        reason: e.to_string(),
    })
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

fn multi(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('|').map(str::trim).filter(|s| !s.is_empty())
}

/// Rows of a tab-separated file: comments (`#`) and the header line skipped; each
/// row padded to `columns` cells. Returns (line number, cells).
fn tsv(file: &str, text: &str, columns: usize) -> Result<Vec<(usize, Vec<String>)>, ResourceError> {
    let mut rows = Vec::new();
    let mut header_seen = false;
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        let mut cells: Vec<String> = line.split('\t').map(|c| c.trim().to_string()).collect();
        if cells.len() > columns {
            return Err(ResourceError::Row {
                file: file.to_string(),
                line: line_no,
                reason: format!("{} columns, expected {columns}", cells.len()),
            });
        }
        cells.resize(columns, String::new());
        rows.push((line_no, cells));
    }
    Ok(rows)
}

/// A row of `places_geonames.tsv`, its cells borrowed from the file.
struct GeneratedPlace<'a> {
    name: &'a str,
    kind: &'a str,
    country: Option<String>,
    aliases: &'a str,
    located_in: Option<String>,
    population: Option<u64>,
    coordinates: Option<(f64, f64)>,
    admin1: Option<String>,
    geonames_id: Option<u32>,
    ambiguous: bool,
}

impl<'a> GeneratedPlace<'a> {
    fn parse(file: &str, line_no: usize, line: &'a str) -> Result<Self, ResourceError> {
        let mut c = [""; 11];
        for (n, cell) in line.split('\t').enumerate() {
            if n >= c.len() {
                return Err(ResourceError::Row {
                    file: file.to_string(),
                    line: line_no,
                    reason: format!("more than {} columns", c.len()),
                });
            }
            c[n] = cell.trim();
        }
        let bad = |what: &str, value: &str| ResourceError::Row {
            file: file.to_string(),
            line: line_no,
            reason: format!("{value:?} is not a {what}"),
        };
        let population = match c[5] {
            "" => None,
            v => Some(v.parse::<u64>().map_err(|_| bad("population", v))?),
        };
        let geonames_id = match c[9] {
            "" => None,
            v => Some(v.parse::<u32>().map_err(|_| bad("GeoNames id", v))?),
        };
        let coordinates = match (c[6], c[7]) {
            ("", _) | (_, "") => None,
            (lat, lon) => Some((
                lat.parse::<f64>().map_err(|_| bad("latitude", lat))?,
                lon.parse::<f64>().map_err(|_| bad("longitude", lon))?,
            )),
        };
        Ok(GeneratedPlace {
            name: c[0],
            kind: c[1],
            country: non_empty(c[2]),
            aliases: c[3],
            located_in: non_empty(c[4]),
            population,
            coordinates,
            admin1: non_empty(c[8]),
            geonames_id,
            ambiguous: c[10] == "1",
        })
    }
}

fn slug_hash(slug: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(slug)
}

/// "al-Shabab" → "Shabab", "Al Nusra" → "Nusra": a name after a leading Arabic
/// article, when what follows is one capitalised word.
pub(super) fn without_arabic_article(name: &str) -> Option<&str> {
    let rest = ["al-", "Al-", "al ", "Al ", "el-", "El-"]
        .iter()
        .find_map(|article| name.strip_prefix(article))?;
    let one_word = !rest.contains([' ', '-']);
    (one_word && rest.starts_with(|c: char| c.is_uppercase())).then_some(rest)
}
