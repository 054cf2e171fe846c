#!/usr/bin/env python3
"""Writes the answer keys and SOURCES.tsv rows of the development split's 50 `n_*`
digest items (Wikipedia "Current events" items, 2006-2008 and 2025-2026).

Input: the hand annotations in tools/corpus/digest_items_annotations.py and the
articles corpus/dev/articles/n_*.md. The 2025-2026 articles were cut from the day pages
archived in the public repository fordred/wikinews (`docs/_posts/YYYY-MM-DD-index.md`)
by tools/corpus/wikinews_digests.py (one "Armed conflicts and attacks" story of one
day, all its entries); the 2006-2008 articles are single items of day pages archived
in the public repository nixworks/public (`news/YYYY/MM/D/index.md`, source links
omitted), formatted like the `v_*` items of those years. The portal's text is
CC BY-SA 4.0 (Wikipedia contributors).

Output: corpus/dev/gold/n_*.gold.toml (one per article) and the `n_*` rows of
corpus/dev/SOURCES.tsv (replaced where they are, appended when there are none).

    python3 tools/corpus/digest_items.py            # gold files and SOURCES.tsv rows
    python3 tools/corpus/digest_items.py gold       # gold files only
    python3 tools/corpus/digest_items.py sources    # SOURCES.tsv rows only

Run tools/corpus/check_gold.py corpus/dev afterwards.
"""
import json
import re
import sys
import tomllib
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from digest_items_annotations import ARTICLES  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
DEV = REPO / "corpus" / "dev"
DIG = "digest entry with no day word: the page day or the day before"

CONFLICT = {
    "cameroon": "Cameroon (Anglophone Crisis)", "casamance": "Casamance conflict (Senegal)", "chad": "Chad (insurgency)",
    "dagestan": "North Caucasus insurgency (Islamic State in Dagestan)",
    "ecuador": "Ecuador (armed conflict with drug gangs and guerrillas)",
    "ethiopia-tigray": "Ethiopia (federal army–TPLF clashes, 2026)", "haiti": "Haiti (gang war)",
    "iran-war": "2026 Iran war (US, Israel and Gulf states–Iran)", "mali": "Mali War (JNIM, FLA)",
    "naxalite": "India (Naxalite–Maoist insurgency)", "nigeria-bandits": "Nigeria (bandit conflict)",
    "nigeria-communal": "Nigeria (communal and bandit violence)", "nigeria-herders": "Nigeria (herder–farmer conflicts)",
    "papua": "Indonesia (Papua conflict)", "sistan-baluchestan": "Iran (Sistan and Baluchestan insurgency)",
    "somalia": "Somalia (al-Shabaab insurgency)", "sudan": "Sudanese civil war (SAF–RSF)",
    "syria": "Syria (government–SDF clashes, 2026)", "turkey-pkk": "Turkey–PKK (2025 ceasefire)",
    "ukraine": "Russia–Ukraine war",
    "venezuela": "United States strikes in Venezuela (Operation Southern Spear, 2026)",
    "yemen": "Yemeni civil war (STC–Saudi-led coalition)", "nepal": "Nepal civil war (Maoist insurgency)",
    "uganda-lra": "Uganda (Lord's Resistance Army insurgency)", "balochistan": "Pakistan (insurgency in Balochistan)",
    "srilanka": "Sri Lankan civil war (LTTE)", "sudan-jem": "Sudan (Darfur; JEM attack on Omdurman 2008)",
    "lebanon": "Lebanon (2008 political crisis)", "east-timor": "East Timor (2006–2008 crisis; Battle of Same)",
    "palestinian-factions": "Fatah–Hamas conflict (Gaza 2007)",
}
OVERRIDE = {
    "n_chad_2008-02-02": "War in Chad (2005–2010; Battle of N'Djamena)", "n_chad_2008-02-03": "War in Chad (2005–2010)",
    "n_somalia_2007-01-01": "Somalia (Ethiopian intervention, 2006–2007)",
    "n_naxalite_2007-03-04": "India (Naxalite–Maoist insurgency)",
    "n_east-timor_2007-03-04": "East Timor (2006–2008 crisis; Battle of Same)",
}
LIC_F = ("CC BY-SA 4.0 (Wikipedia, Portal:Current events; section of the day page as archived in "
         "github.com/fordred/wikinews docs/_posts, source links rendered as their labels)")
LIC_N = ("CC BY-SA 4.0 (Wikipedia, Portal:Current events; item of the day page as archived in "
         "github.com/nixworks/public news/{y}/{m}/{d}/index.md, source links omitted; the archive may not "
         "hold every item of the day)")


def q(s):
    return json.dumps(s, ensure_ascii=False)


def ql(items):
    return "[" + ", ".join(q(x) for x in items) + "]"


def cas(c):
    parts = []
    for k in ("party", "group", "killed", "wounded", "cumulative"):
        if k in c:
            v = c[k]
            parts.append(f"{k} = " + (q(v) if isinstance(v, str) else ("true" if v is True else str(v))))
    return "{ " + ", ".join(parts) + " }"


def write_gold():
    for a in ARTICLES:
        stem, day, head = a["stem"], a["day"], a["comment"]
        prev = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
        out = [f"# {line}" for line in head.split("\n")]
        out += ["[article]", f'file = "{stem}.md"', f'published = "{day}"', "published_stated = true"]
        for e in a["events"]:
            out += ["", "[[event]]", f"key = {q(e['key'])}"]
            k = e["kind"]
            out.append("kind = " + (ql(k) if isinstance(k, list) else q(k)))
            if "date" in e:
                out.append(f"date = {q(e['date'])}")
                if e.get("accept"):
                    out.append(f"accept = {ql(e['accept'])}")
                note = e.get("note")
            else:
                out.append(f'date = "{prev}/{day}"')
                out.append(f'accept = ["{day}", "{prev}"]')
                note = DIG + ("; " + e["note"] if e.get("note") else "")
            out.append(f"actors = {ql(e.get('actors', []))}")
            if e.get("also"):
                out.append(f"also = {ql(e['also'])}")
            if e.get("location"):
                out.append(f"location = {q(e['location'])}")
            out.append(f"evidence = {ql(e['evidence'])}")
            if e.get("casualties"):
                out.append("casualties = [" + ", ".join(cas(c) for c in e["casualties"]) + "]")
            if e.get("optional"):
                out.append("optional = true")
            if note:
                out.append(f"note = {q(note)}")
        (DEV / "gold" / f"{stem}.gold.toml").write_text("\n".join(out) + "\n", encoding="utf-8")
    print(len(ARTICLES), "gold files written to", (DEV / "gold").relative_to(REPO))


def source_rows():
    rows = []
    for art in sorted((DEV / "articles").glob("n_*.md")):
        stem = art.stem
        raw = art.read_text(encoding="utf-8")
        fm = dict(re.findall(r"^(\w+): (.*)$", raw.split("---")[1], re.M))
        g = tomllib.loads((DEV / "gold" / f"{stem}.gold.toml").read_text(encoding="utf-8"))
        evs = g.get("event", [])
        req = sum(1 for e in evs if not e.get("optional"))
        opt = len(evs) - req
        conflict = OVERRIDE.get(stem, CONFLICT[stem[2:].rsplit("_", 1)[0]])
        y, m, d = fm["published"].split("-")
        body = raw.split("---", 2)[2].strip()
        style = "news digest" if (body.count("\n\n") >= 2 and len(body.split()) >= 55) else "news digest (short)"
        lic = LIC_F if int(y) >= 2020 else LIC_N.format(y=y, m=m, d=int(d))
        rows.append("\t".join([art.name, fm["title"], fm["published"], conflict, y[:3] + "0s", style,
                               fm["source"], fm["url"], lic, f"{req} (+{opt} optional)"]))
    return rows


def write_sources():
    path = DEV / "SOURCES.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    new = source_rows()
    at = [i for i, line in enumerate(lines) if line.startswith("n_")]
    if at:
        lines = lines[:at[0]] + new + [line for line in lines[at[0]:] if not line.startswith("n_")]
    else:
        lines += new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(len(new), "n_* rows written to", path.relative_to(REPO))


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    if what not in ("all", "gold", "sources"):
        sys.exit(__doc__)
    if what in ("all", "gold"):
        write_gold()
    if what in ("all", "sources"):
        write_sources()
