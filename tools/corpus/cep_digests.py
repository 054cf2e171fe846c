#!/usr/bin/env python3
"""Writes Wikipedia "Current events" digest articles for the development split.

Input: `wikitimes_CEP.json` (the Wikipedia Current Events Portal for September 2015
as collected by the WikiTimes project, Tran & Alrifai, WWW 2014; mirrored in the
public repository igorbrigadir/newsir16-data, `wikipedia/wikitimes_CEP.json`). The
portal's text is CC BY-SA 4.0 (Wikipedia contributors).

One article per story and day: the entries of that day's page that belong to one
conflict, one paragraph each, as the test split's digests are. Only conflicts of
the development split, or of no split, are taken (the split is by conflict): the
stories are listed in DEV_STORIES.

    python3 tools/corpus/cep_digests.py wikitimes_CEP.json corpus/dev
"""
import collections
import json
import re
import sys
from pathlib import Path

# Story name on the portal -> short conflict name. Conflicts of the test split
# (Afghanistan, Iraq and the war against ISIS in Iraq, the Philippines, India and
# Pakistan, South Sudan, ...) and of the sample articles (Nagorno-Karabakh) are left out.
DEV_STORIES = {
    "Syrian civil war": "syria",
    "Russia's role in the Syrian Civil War": "syria",
    "Saudi Arabian-led intervention in Yemen": "yemen",
    "Yemeni Civil War (2015)": "yemen",
    "Yemeni Crisis (2011–present)": "yemen",
    "Turkey–PKK conflict": "turkey-pkk",
    "Operation Martyr Yalçın": "turkey-pkk",
    "War in Somalia (2009–present)": "somalia",
    "Boko Haram insurgency": "boko-haram",
    "Sinai insurgency": "sinai",
    "Libyan Civil War (2014–present)": "libya",
    "Gaza–Israel conflict": "gaza",
    "Central African Republic Civil War (2012-present)": "car",
}

LICENCE = "CC BY-SA 4.0 (Wikipedia contributors; via the WikiTimes CEP collection)"


def clean(description: str) -> str:
    """One entry as a paragraph: white space folded, and the empty citation lists the
    collection left behind (" , , ") removed."""
    text = re.sub(r"\s+", " ", description)
    text = re.sub(r"(\s*,)+\s*(?=[A-Z]|$)", " ", text) if re.search(r"\s,\s*,", text) else text
    return text.strip()


def main(src: str, split: str) -> None:
    entries = json.load(open(src, encoding="utf-8"))
    days = collections.defaultdict(list)
    for e in entries:
        story = (e.get("belongsToStory") or {}).get("name")
        if story in DEV_STORIES:
            days[(DEV_STORIES[story], e["date"])].append(e)
    out = Path(split) / "articles"
    rows = []
    for (conflict, day), group in sorted(days.items()):
        name = f"w_{conflict}_{day}.md"
        text = "\n\n".join(clean(e["description"]) for e in group)
        stories = sorted({e["belongsToStory"]["name"] for e in group})
        title = f"Current events, {day}: {stories[0]}"
        url = f"https://en.wikipedia.org/wiki/Portal:Current_events/{day}"
        (out / name).write_text(
            f"---\ntitle: {title}\npublished: {day}\nsource: Wikipedia, Portal:Current events\n"
            f"url: {url}\n---\n{text}\n",
            encoding="utf-8",
        )
        rows.append((name, title, day, stories[0], "2010s", "news digest (short)",
                     "Wikipedia, Portal:Current events", url, LICENCE))
    for r in rows:
        print("\t".join(r))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
