#!/usr/bin/env python3
"""Validates an evaluation split (a directory with articles/*.md, gold/*.gold.toml and
SOURCES.tsv, such as corpus/dev or corpus/test) against the gold format of
../shared/gold/README.md; writes nothing.

Checks, per split:
- every article has a gold file and the reverse; each gold file parses as TOML;
- article front matter has title, published, source and url; the gold `[article]`
  names the file and its `published` equals the front matter's date (or is a span
  holding it);
- every event has key, kind, date, actors and evidence; kind is talks, ceasefire or
  fighting (or a list of them); date and accept values are real days, months, years
  or FIRST/LAST spans; casualties name a party; no key twice in one file;
- every evidence string is an exact substring of the article text (after the front
  matter);
- SOURCES.tsv has the usual header and one row per article, with the article's
  publication date (or the gold file's date span) and an events column
  "N (+M optional)" that matches the gold file (older rows with one number are counted
  and pass when it is the required or the total number of events).

With several splits it also lists article names and event keys found in more than one
of them (the splits are by conflict, so there should be none).

    python3 tools/corpus/check_gold.py corpus/dev [corpus/test ...]

Prints one line per problem, then the counts of each split; exits 1 on any problem.
"""
import csv
import re
import sys
import tomllib
from collections import defaultdict
from datetime import date
from pathlib import Path

KINDS = {"talks", "ceasefire", "fighting"}
HEADER = ["file", "title", "published", "conflict", "decade", "style", "source", "url", "licence", "events"]
FRONT = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)
EVENTS = re.compile(r"(\d+) \(\+(\d+) optional\)")


def parse_one(value):
    """(first, last) day of a YYYY, YYYY-MM or YYYY-MM-DD value, or None."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            d = date.fromisoformat(value)
            return d, d
        if re.fullmatch(r"\d{4}-\d{2}", value):
            y, m = map(int, value.split("-"))
            first = date(y, m, 1)
            last = date(y + (m == 12), m % 12 + 1, 1)
            return first, date.fromordinal(last.toordinal() - 1)
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def parse_date(value):
    """(first, last) day of a date value or FIRST/LAST span, or None when malformed."""
    if not isinstance(value, str):
        return None
    parts = value.split("/")
    if len(parts) == 1:
        return parse_one(value)
    if len(parts) == 2:
        a, b = parse_one(parts[0]), parse_one(parts[1])
        if a and b and a[0] <= b[1]:
            return a[0], b[1]
    return None


def check_split(split, problems):
    counts = {"articles": 0, "required": 0, "optional": 0, "bare_events": 0}
    keys = defaultdict(list)
    say = lambda msg: problems.append(f"{split}: {msg}")  # noqa: E731
    arts = {p.stem: p for p in sorted((split / "articles").glob("*.md"))}
    golds = {p.name[: -len(".gold.toml")]: p for p in sorted((split / "gold").glob("*.gold.toml"))}
    for stem in sorted(arts.keys() - golds.keys()):
        say(f"articles/{stem}.md has no gold file")
    for stem in sorted(golds.keys() - arts.keys()):
        say(f"gold/{stem}.gold.toml has no article")
    counts["articles"] = len(arts)
    published, gold_published, per_file = {}, {}, {}
    for stem, ap in arts.items():
        m = FRONT.match(ap.read_text(encoding="utf-8"))
        if not m:
            say(f"{ap.name}: no front matter")
            continue
        fm = dict(re.findall(r"^(\w+): (.*)$", m.group(1), re.M))
        for field in ("title", "published", "source", "url"):
            if not fm.get(field):
                say(f"{ap.name}: front matter lacks {field}")
        published[ap.name] = fm.get("published", "")
        text = m.group(2)
        gp = golds.get(stem)
        if gp is None:
            continue
        try:
            doc = tomllib.loads(gp.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            say(f"{gp.name}: TOML: {e}")
            continue
        art = doc.get("article", {})
        gold_published[ap.name] = art.get("published")
        if art.get("file") != ap.name:
            say(f"{gp.name}: [article] file is {art.get('file')!r}")
        span = parse_date(art.get("published"))
        day = parse_one(fm.get("published", ""))
        if span is None:
            say(f"{gp.name}: [article] published {art.get('published')!r} is not a date")
        elif day is None or not (span[0] <= day[0] and day[1] <= span[1]):
            say(f"{gp.name}: [article] published {art.get('published')!r}, front matter {fm.get('published')!r}")
        req = opt = 0
        seen = set()
        for i, e in enumerate(doc.get("event", [])):
            k = e.get("key", f"#{i}")
            where = f"{gp.name} {k}"
            for field in ("key", "kind", "date", "actors", "evidence"):
                if field not in e:
                    say(f"{where}: no {field}")
            if k in seen:
                say(f"{where}: key twice in one file")
            seen.add(k)
            keys[k].append(gp.name)
            kinds = e.get("kind", [])
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if not kinds or not set(kinds) <= KINDS:
                say(f"{where}: kind {e.get('kind')!r}")
            for dv in [e.get("date")] + list(e.get("accept", [])):
                if "date" in e and parse_date(dv) is None:
                    say(f"{where}: date {dv!r}")
            if not isinstance(e.get("actors", []), list) or not isinstance(e.get("also", []), list):
                say(f"{where}: actors/also not a list")
            evidence = e.get("evidence", [])
            evidence = evidence if isinstance(evidence, list) else [evidence]
            if "evidence" in e and not evidence:
                say(f"{where}: empty evidence")
            for ev in evidence:
                if ev not in text:
                    squeezed = re.escape(" ".join(ev.split())).replace(r"\ ", r"\s+")
                    how = "only with whitespace squeezed" if re.search(squeezed, text) else "not in the text"
                    say(f"{where}: evidence {how}: {ev[:90]!r}")
            for c in e.get("casualties", []):
                if not isinstance(c, dict) or "party" not in c:
                    say(f"{where}: casualty without party")
            if e.get("optional", False) not in (True, False):
                say(f"{where}: optional {e.get('optional')!r}")
            if e.get("optional"):
                opt += 1
            else:
                req += 1
        per_file[ap.name] = (req, opt)
        counts["required"] += req
        counts["optional"] += opt
    # SOURCES.tsv
    sp = split / "SOURCES.tsv"
    if not sp.exists():
        say("no SOURCES.tsv")
    else:
        with open(sp, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
        if not rows or rows[0] != HEADER:
            say("SOURCES.tsv: header is not " + "\t".join(HEADER))
        listed = defaultdict(int)
        for n, row in enumerate(rows[1:], start=2):
            if len(row) != len(HEADER):
                say(f"SOURCES.tsv line {n}: {len(row)} columns")
                continue
            r = dict(zip(HEADER, row))
            f = r["file"]
            listed[f] += 1
            if f not in published:
                say(f"SOURCES.tsv line {n}: {f} is not an article")
                continue
            if r["published"] not in (published[f], gold_published.get(f)):
                say(f"SOURCES.tsv {f}: published {r['published']!r}, front matter {published[f]!r}")
            if f in per_file:
                req, opt = per_file[f]
                m = EVENTS.fullmatch(r["events"])
                if m is None and r["events"].isdigit() and int(r["events"]) in (req, req + opt):
                    counts["bare_events"] += 1  # older rows: one number, the required or all events
                elif m is None or (int(m.group(1)), int(m.group(2))) != (req, opt):
                    say(f"SOURCES.tsv {f}: events {r['events']!r}, gold has {req} (+{opt} optional)")
        for f in sorted(published):
            if listed[f] == 0:
                say(f"SOURCES.tsv: no row for {f}")
            elif listed[f] > 1:
                say(f"SOURCES.tsv: {listed[f]} rows for {f}")
    counts["shared_keys"] = sum(1 for files in keys.values() if len(set(files)) > 1)
    return counts, keys, set(published)


def main(argv):
    if not argv or any(a in ("-h", "--help") for a in argv):
        sys.exit(__doc__)
    problems, results = [], []
    for arg in argv:
        split = Path(arg)
        if not (split / "articles").is_dir() or not (split / "gold").is_dir():
            sys.exit(f"{arg}: no articles/ and gold/ directories")
        results.append((arg,) + check_split(split, problems))
    for i, (a, _, keys_a, files_a) in enumerate(results):
        for b, _, keys_b, files_b in results[i + 1:]:
            for f in sorted(files_a & files_b):
                problems.append(f"{a} and {b}: both have {f}")
            for k in sorted(keys_a.keys() & keys_b.keys()):
                problems.append(f"{a} and {b}: both have key {k} ({keys_a[k][0]}, {keys_b[k][0]})")
    for p in problems:
        print(p)
    for name, c, _, _ in results:
        print(f"{name}: {c['articles']} articles, {c['required']} required + {c['optional']} optional events, "
              f"{c['shared_keys']} keys shared by several articles"
              + (f"; {c['bare_events']} SOURCES.tsv rows give events as one number (older form)" if c["bare_events"] else ""))
    print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
